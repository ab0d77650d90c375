//! Nouns no kind describes are drawn by the furniture catalogue's model named for them,
//! and a kind's other name with a model of its own is drawn by that model: planned,
//! simulated and rendered, credited, resting on the floor. A noun nothing describes is
//! still a placeholder, listed in `unmapped`.

use plan::{PlanOptions, plan};
use render::{Antialias, RenderOptions, Renderer};
use scene::{Archetype, Scene, SoundKind};
use sim::SimOptions;

const OPTIONS: PlanOptions = PlanOptions {
    seconds: 2.0,
    seed: 5,
};

fn planned(prompt: &str) -> Scene {
    let p = plan(prompt, &OPTIONS).unwrap();
    assert_eq!(p.scene.validate(), Ok(()), "{prompt}");
    assert!(
        p.scene
            .entities
            .iter()
            .all(|e| e.archetype != Archetype::Placeholder),
        "{prompt}: {:?}",
        p.scene.entities
    );
    p.scene
}

/// The catalogue id of the model that draws the first thing of `kind` (`model` for a
/// thing no kind describes).
fn model_of<'a>(scene: &'a Scene, kind: &str) -> &'a str {
    let e = scene
        .entities
        .iter()
        .find(|e| e.archetype.name() == kind)
        .unwrap_or_else(|| panic!("no {kind} in {:?}", scene.entities));
    &e.model.as_ref().expect("drawn by a catalogue model").id
}

#[test]
fn nouns_without_a_kind_are_drawn_by_the_model_named_for_them() {
    let catalog = assets::Catalog::open(&assets::default_dir()).unwrap();
    let name = |id: &str| catalog.by_id(id).unwrap().name.to_lowercase();
    for (prompt, named) in [
        ("a grand piano", "grand piano"),
        ("a printer on a desk", "printer"),
        ("a cuckoo clock", "cuckoo clock"),
        ("a fireplace", "fireplace"),
    ] {
        let s = planned(prompt);
        let id = model_of(&s, "model");
        assert!(name(id).contains(named), "{prompt}: drawn by {id}");
    }
    // An instrument is a thing to see and music to hear.
    let s = planned("A woman plays the piano.");
    assert!(name(model_of(&s, "model")).contains("piano"));
    assert!(s.sounds.iter().any(|d| d.kind == SoundKind::Music));
    // A quality before a known noun is not a thing of its own.
    let s = planned("a modern chair");
    assert_eq!(s.entities.len(), 1, "{:?}", s.entities);
}

#[test]
fn a_kinds_other_name_is_drawn_by_its_own_model() {
    for (prompt, kind, model) in [
        ("a teapot", "kettle", "Scopia#teapot"),
        ("a toaster", "microwave", "Scopia#toaster"),
    ] {
        assert_eq!(model_of(&planned(prompt), kind), model, "{prompt}");
    }
    // The kind's own name keeps the kind's own model.
    let s = planned("a kettle");
    assert!(s.entities.iter().all(|e| e.model.is_none()));
}

#[test]
fn a_noun_nothing_describes_is_still_a_placeholder_listed_as_unmapped() {
    let p = plan("a zorblat", &OPTIONS).unwrap();
    assert_eq!(p.scene.entities[0].archetype, Archetype::Placeholder);
    assert!(
        p.unmapped.iter().any(|u| u == "zorblat"),
        "{:?}",
        p.unmapped
    );
}

#[test]
fn catalogue_models_are_drawn_credited_and_rest_on_the_floor() {
    let scene = planned("a grand piano and a printer");
    let timeline = sim::simulate(
        &scene,
        &SimOptions {
            fps: 24,
            aspect: 16.0 / 9.0,
        },
    )
    .unwrap();
    let renderer = Renderer::new(
        &timeline,
        &RenderOptions {
            width: 320,
            height: 180,
            antialias: Antialias::Edges,
            shadow_size: 1024,
        },
    )
    .unwrap();
    let drawn: Vec<&str> = renderer.assets().iter().map(|a| a.id.as_str()).collect();
    for e in &scene.entities {
        let id = &e.model.as_ref().unwrap().id;
        assert!(drawn.contains(&id.as_str()), "{id} drawn: {drawn:?}");
        let asset = renderer.assets().iter().find(|a| &a.id == id).unwrap();
        assert!(
            renderer
                .credits()
                .iter()
                .any(|c| c.creator == asset.creator && c.title == asset.name),
            "{id} credited"
        );
    }
    // Each rests on the floor: the lowest corner of the box its model fills.
    let last = timeline.frames.last().unwrap();
    for (track, pose) in timeline.tracks.iter().zip(&last.poses) {
        let Some(slot) = &track.model else { continue };
        let [lo, hi] = slot.fit;
        let lowest = (0..8)
            .map(|k| {
                let pick = |axis: usize, bit: usize| if k & bit == 0 { lo[axis] } else { hi[axis] };
                pose.apply([pick(0, 1), pick(1, 2), pick(2, 4)])[1]
            })
            .fold(f32::MAX, f32::min);
        assert!(
            lowest.abs() < 0.03,
            "{}: rests {lowest:.3} m from the floor",
            track.entity
        );
    }
}
