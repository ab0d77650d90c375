//! Real models: every animal and vehicle kind that has a model is drawn with it (and
//! credited), things drawn with models rest on the ground, the HDR panorama's light
//! shows on a white sphere at sunset, and a thing darkens the ground round its base.

use render::{Antialias, RenderOptions, Renderer};
use scene::{Archetype, Class, Scene};
use sim::{SimOptions, simulate};
use timeline::Timeline;

const OPTIONS: RenderOptions = RenderOptions {
    width: 320,
    height: 180,
    antialias: Antialias::Edges,
    shadow_size: 1024,
};

fn timeline(scene: &str) -> Timeline {
    let scene = Scene::from_json(scene).unwrap();
    simulate(
        &scene,
        &SimOptions {
            fps: 24,
            aspect: 16.0 / 9.0,
        },
    )
    .unwrap()
}

/// A thing of `kind` alone in a field, filmed for `seconds`; fixed where the planner
/// fixes it (trees, posts, buildings).
fn alone(kind: &str, seconds: f32) -> Timeline {
    let fixed = Archetype::from_name(kind).is_some_and(Archetype::is_fixture);
    timeline(&format!(
        r#"{{"version": 1, "duration": {seconds}, "environment": {{"setting": "field"}},
            "entities": [{{"id": "it", "archetype": "{kind}", "position": [0, 0, 0], "fixed": {fixed}}}],
            "shots": [{{"start": 0, "camera": {{"subjects": ["it"]}}}}]}}"#
    ))
}

/// The kinds with a model, with their model's id.
fn modelled(classes: &[Class]) -> Vec<(&'static str, &'static str)> {
    assets::kinds_with_models()
        .filter(|(kind, _)| {
            Archetype::from_name(kind)
                .and_then(Archetype::class)
                .is_some_and(|c| classes.contains(&c))
        })
        .collect()
}

#[test]
fn every_animal_and_vehicle_with_a_model_is_drawn_and_credited_with_it() {
    let kinds = modelled(&[Class::Animal, Class::Flyer, Class::Swimmer, Class::Vehicle]);
    assert!(kinds.len() >= 15, "{kinds:?}");
    let catalog = assets::Catalog::open(&assets::default_dir()).unwrap();
    let empty = timeline(
        r#"{"version": 1, "duration": 1, "environment": {"setting": "field"},
            "shots": [{"start": 0, "camera": {"placement": {"eye": [0, 1, 5], "target": [0, 0.4, 0]}}}]}"#,
    );
    let mut bare = Vec::new();
    Renderer::new(&empty, &OPTIONS)
        .unwrap()
        .render(&empty, 0, &mut bare)
        .unwrap();
    for (kind, id) in kinds {
        let t = alone(kind, 1.0);
        let mut renderer = Renderer::new(&t, &OPTIONS).unwrap();
        let drawn: Vec<&str> = renderer.assets().iter().map(|a| a.id.as_str()).collect();
        assert_eq!(drawn, [id], "{kind} is drawn with its model");
        let asset = catalog.by_id(id).unwrap();
        assert!(
            renderer
                .credits()
                .iter()
                .any(|c| c.creator == asset.creator && c.licence == asset.licence.spdx()),
            "{kind}: {:?}",
            renderer.credits()
        );
        // The model fills the middle of the picture: much of the middle third differs
        // from the sky and ground a film of nothing shows there.
        let mut rgba = Vec::new();
        renderer.render(&t, 0, &mut rgba).unwrap();
        let (w, h) = (OPTIONS.width as usize, OPTIONS.height as usize);
        let changed = (h / 3..2 * h / 3)
            .flat_map(|y| (w / 3..2 * w / 3).map(move |x| (y * w + x) * 4))
            .filter(|&i| {
                (0..3)
                    .map(|c| rgba[i + c].abs_diff(bare[i + c]) as u32)
                    .sum::<u32>()
                    > 40
            })
            .count();
        let share = changed as f32 / ((h / 3) * (w / 3)) as f32;
        assert!(
            share > 0.2,
            "{kind}: only {share:.2} of the middle shows it"
        );
    }
}

#[test]
fn things_drawn_with_models_rest_on_the_ground() {
    for (kind, _) in modelled(&[
        Class::Animal,
        Class::Vehicle,
        Class::Furniture,
        Class::Household,
        Class::Toy,
        Class::Nature,
        Class::Structure,
    ]) {
        let t = alone(kind, 2.0);
        let track = t
            .tracks
            .iter()
            .position(|tr| tr.model.as_ref().is_some_and(|m| m.hinge.is_none()))
            .unwrap_or_else(|| panic!("{kind} has a model slot"));
        let [lo, hi] = t.tracks[track].model.as_ref().unwrap().fit;
        let pose = t.frames.last().unwrap().poses[track];
        // The lowest corner of the box the model fills, where the thing came to rest.
        let lowest = (0..8)
            .map(|k| {
                let pick = |axis: usize, bit: usize| if k & bit == 0 { lo[axis] } else { hi[axis] };
                pose.apply([pick(0, 1), pick(1, 2), pick(2, 4)])[1]
            })
            .fold(f32::MAX, f32::min);
        assert!(
            lowest.abs() < 0.03,
            "{kind}: the model's lowest point rests {lowest:.3} m from the ground"
        );
    }
}

/// The mean colour of a square of pixels round (x, y).
fn mean(rgba: &[u8], width: usize, (x, y): (usize, usize)) -> [f32; 3] {
    let mut sum = [0.0f32; 3];
    for j in y - 2..=y + 2 {
        for i in x - 2..=x + 2 {
            for (c, s) in sum.iter_mut().enumerate() {
                *s += rgba[(j * width + i) * 4 + c] as f32 / 25.0;
            }
        }
    }
    sum
}

#[test]
fn a_white_sphere_at_sunset_is_warmer_on_the_sun_side() {
    // The sunset sun is low towards +x and a little behind; the camera looks across its
    // light, so the sun side is on the right of the picture.
    let t = timeline(
        r##"{"version": 1, "duration": 1,
            "environment": {"setting": "field", "time_of_day": "sunset"},
            "entities": [{"id": "ball", "archetype": "ball", "size": 8, "color": "#f0f0f0",
                          "position": [0, 0, 0], "fixed": true}],
            "shots": [{"start": 0, "camera": {"placement": {"eye": [1.8, 0.88, 4.66], "target": [0, 0.88, 0]}, "fov": 30}}]}"##,
    );
    let mut renderer = Renderer::new(&t, &OPTIONS).unwrap();
    assert_eq!(renderer.environment(), Some("sunset"));
    let mut rgba = Vec::new();
    renderer.render(&t, 0, &mut rgba).unwrap();
    let (w, h) = (OPTIONS.width as usize, OPTIONS.height as usize);
    // The sphere (0.88 m across) fills about a third of the frame's height: sample its
    // left and right halves.
    let sun_side = mean(&rgba, w, (w / 2 + 20, h / 2));
    let away = mean(&rgba, w, (w / 2 - 20, h / 2));
    let warmth = |c: [f32; 3]| c[0] / c[2].max(1.0);
    assert!(
        warmth(sun_side) > warmth(away) * 1.2,
        "sun side {sun_side:?}, away {away:?}"
    );
    // The side away from the sun is lit by the sky, not left black.
    assert!(away.iter().all(|&c| c > 30.0), "away {away:?}");
}

#[test]
fn a_thing_darkens_the_floor_round_its_base() {
    // A 60 cm cube on a room's floor, and the same room empty, filmed alike; the floor
    // is sampled 12 cm from the two faces the camera sees, and far off.
    let film = |entities: &str| {
        timeline(&format!(
            r#"{{"version": 1, "duration": 1, "environment": {{"setting": "room"}},
                "entities": [{entities}],
                "shots": [{{"start": 0, "camera": {{"placement": {{"eye": [2.2, 1.6, 3.2], "target": [0, 0.2, 0]}}, "fov": 40}}}}]}}"#
        ))
    };
    let cube = film(
        r##"{"id": "cube", "archetype": "cube", "size": 2, "color": "#d0d0d0", "position": [0, 0, 0], "fixed": true}"##,
    );
    let empty = film("");
    let picture = |t: &Timeline| {
        let mut rgba = Vec::new();
        Renderer::new(t, &OPTIONS)
            .unwrap()
            .render(t, 0, &mut rgba)
            .unwrap();
        rgba
    };
    let (with, without) = (picture(&cube), picture(&empty));
    let (w, h) = (OPTIONS.width as usize, OPTIONS.height as usize);
    let camera = cube.frames[0].camera;
    let brightness = |rgba: &[u8], at: [f32; 3]| {
        let ([x, y], _) = camera.project(at, w as f32 / h as f32).unwrap();
        let px = ((x + 1.0) / 2.0 * w as f32) as usize;
        let py = ((1.0 - y) / 2.0 * h as f32) as usize;
        mean(rgba, w, (px, py)).iter().sum::<f32>()
    };
    let ratio = |at: [f32; 3]| brightness(&with, at) / brightness(&without, at);
    for at in [[0.42, 0.0, 0.0], [0.0, 0.0, 0.42]] {
        let r = ratio(at);
        assert!(
            r < 0.95,
            "the floor at {at:?} is {r:.3} of its brightness alone"
        );
    }
    let far = ratio([-1.5, 0.0, 0.5]);
    assert!((0.98..1.02).contains(&far), "far off: {far:.3}");
}
