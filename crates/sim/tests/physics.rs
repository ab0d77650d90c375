//! Physics measured on the recorded Timeline.

use scene::{Action, Archetype, Camera, Entity, Outcome, Scene, Setting, Shot, Verb};
use sim::{STEP_HZ, SimOptions, materials, simulate};

fn ball_drop(height: f32, seconds: f32) -> Scene {
    let mut scene = Scene::new(seconds);
    scene
        .entities
        .push(Entity::new("ball", Archetype::Ball, [0.0, height, 0.0]));
    scene
}

#[test]
fn dropped_ball_first_touches_the_floor_at_free_fall_time() {
    let scene = ball_drop(2.0, 2.0);
    let timeline = simulate(
        &scene,
        &SimOptions {
            fps: 24,
            aspect: 16.0 / 9.0,
        },
    )
    .unwrap();
    let first = &timeline.contacts[0];
    assert_eq!((first.a.as_str(), first.b.as_str()), ("ground", "ball"));
    let expected = (2.0 * 2.0 / 9.81f64).sqrt();
    let step = 1.0 / STEP_HZ as f64;
    assert!(
        (first.time - expected).abs() <= step,
        "first touch at {:.4} s, free fall says {expected:.4} s (step {step:.4})",
        first.time
    );
}

#[test]
fn bounce_heights_fall_by_the_restitution_squared() {
    let scene = ball_drop(2.0, 5.0);
    let timeline = simulate(
        &scene,
        &SimOptions {
            fps: 60,
            aspect: 1.0,
        },
    )
    .unwrap();
    let e = materials::pair_restitution(
        scene.entities[0].material(),
        Setting::Studio.ground_material(),
    );
    // Heights of the ball's base at each apex between bounces.
    let heights: Vec<f32> = timeline
        .frames
        .iter()
        .map(|f| f.poses[0].position[1])
        .collect();
    let apexes: Vec<f32> = heights
        .windows(3)
        .filter(|w| w[1] > w[0] && w[1] >= w[2] && w[1] > 0.05)
        .map(|w| w[1])
        .collect();
    assert!(
        apexes.len() >= 3,
        "expected at least three bounces, got apexes {apexes:?}"
    );
    let mut previous = 2.0;
    for apex in apexes.iter().take(3) {
        let ratio = apex / previous;
        assert!(
            (ratio - e * e).abs() < 0.03,
            "bounce ratio {ratio:.3}, restitution² = {:.3} (apexes {apexes:?})",
            e * e
        );
        previous = *apex;
    }
    // Every bounce is a recorded contact, and they come closer together.
    let times: Vec<f64> = timeline
        .contacts
        .iter()
        .filter(|c| c.b == "ball" || c.a == "ball")
        .map(|c| c.time)
        .collect();
    assert!(times.len() >= 4, "{times:?}");
    assert!(times.windows(3).all(|w| w[2] - w[1] < w[1] - w[0]));
}

#[test]
fn harder_impacts_carry_larger_impulses() {
    let timeline = simulate(
        &ball_drop(2.0, 3.0),
        &SimOptions {
            fps: 24,
            aspect: 1.0,
        },
    )
    .unwrap();
    let impulses: Vec<f32> = timeline.contacts.iter().map(|c| c.impulse).collect();
    assert!(
        impulses.windows(2).take(3).all(|w| w[1] < w[0]),
        "{impulses:?}"
    );
    // Momentum change of the first bounce: m (1 + e) v.
    let v = (2.0f32 * 9.81 * 2.0).sqrt();
    let e = materials::pair_restitution(scene::Material::Rubber, scene::Material::Plastic);
    let expected = 0.3 * (1.0 + e) * v;
    assert!(
        (impulses[0] - expected).abs() / expected < 0.1,
        "impulse {} vs {expected}",
        impulses[0]
    );
}

fn basketball(outcome: Outcome) -> Scene {
    let mut scene = Scene::new(6.0);
    scene.environment.setting = Setting::BasketballCourt;
    let mut hoop = Entity::new("hoop", Archetype::Hoop, [0.0, 0.0, 0.0]);
    hoop.fixed = true;
    let mut player = Entity::new("player", Archetype::Person, [4.6, 0.0, 0.0]);
    player.rotation = [0.0, 180.0, 0.0];
    let ball = Entity::new("ball", Archetype::Basketball, [4.6, 1.0, 0.0]);
    scene.entities = vec![hoop, player, ball];
    scene.actions.push(Action {
        at: 1.2,
        verb: Verb::Shoot,
        actor: Some("player".into()),
        object: "ball".into(),
        target: Some("hoop".into()),
        outcome,
        strength: 1.0,
    });
    scene.shots = vec![Shot {
        start: 0.0,
        speed: 1.0,
        camera: Camera {
            subjects: vec!["player".into(), "ball".into(), "hoop".into()],
            ..Camera::default()
        },
    }];
    scene
}

/// Whether the ball's centre passes down through the rim's circle.
fn goes_through_rim(scene: &Scene, outcome: Outcome) -> (bool, Vec<String>) {
    let timeline = simulate(
        scene,
        &SimOptions {
            fps: 60,
            aspect: 16.0 / 9.0,
        },
    )
    .unwrap();
    let ball = timeline
        .tracks
        .iter()
        .position(|t| t.entity == "ball")
        .unwrap();
    let rim = [scene::RIM_OFFSET, scene::RIM_HEIGHT + 0.12];
    let centre = |f: &timeline::Frame| {
        let p = f.poses[ball].position;
        [p[0], p[1] + 0.12, p[2]]
    };
    let through = timeline.frames.windows(2).any(|w| {
        let (a, b) = (centre(&w[0]), centre(&w[1]));
        let crossing = a[1] >= scene::RIM_HEIGHT && b[1] < scene::RIM_HEIGHT;
        crossing && ((b[0] - rim[0]).powi(2) + b[2].powi(2)).sqrt() < scene::RIM_RADIUS
    });
    let hit: Vec<String> = timeline
        .contacts
        .iter()
        .filter(|c| c.a == "ball" || c.b == "ball")
        .map(|c| format!("{}-{}@{:.2}", c.a, c.b, c.time))
        .collect();
    let _ = outcome;
    (through, hit)
}

#[test]
fn a_missed_shot_misses_and_rebounds_off_the_backboard() {
    let (through, hits) = goes_through_rim(&basketball(Outcome::Miss), Outcome::Miss);
    assert!(!through, "the ball went in: {hits:?}");
    assert!(
        hits.iter()
            .any(|h| h.starts_with("hoop-ball") || h.starts_with("ball-hoop")),
        "the ball never touched the hoop: {hits:?}"
    );
    assert!(
        hits.iter().filter(|h| h.contains("ground")).count() >= 2,
        "the ball should bounce on the floor afterwards: {hits:?}"
    );
}

#[test]
fn a_made_shot_goes_through_the_rim() {
    let (through, hits) = goes_through_rim(&basketball(Outcome::Hit), Outcome::Hit);
    assert!(through, "the ball did not go in: {hits:?}");
}

#[test]
fn same_scene_gives_the_same_timeline() {
    let scene = basketball(Outcome::Miss);
    let options = SimOptions {
        fps: 24,
        aspect: 16.0 / 9.0,
    };
    assert_eq!(
        simulate(&scene, &options).unwrap(),
        simulate(&scene, &options).unwrap()
    );
}

#[test]
fn a_pushed_domino_topples_the_row() {
    let mut scene = Scene::new(4.0);
    for i in 0..10 {
        scene.entities.push(Entity::new(
            format!("domino{i}"),
            Archetype::Domino,
            [i as f32 * 0.06, 0.0, 0.0],
        ));
    }
    scene.actions.push(Action {
        at: 0.3,
        verb: Verb::Push,
        actor: None,
        object: "domino0".into(),
        target: Some("domino9".into()),
        outcome: Outcome::Hit,
        strength: 1.0,
    });
    let timeline = simulate(
        &scene,
        &SimOptions {
            fps: 24,
            aspect: 1.0,
        },
    )
    .unwrap();
    let last = timeline.frames.last().unwrap();
    for (i, pose) in last.poses.iter().enumerate() {
        // Upright means the local y axis still points up.
        let up = timeline::rotate(pose.rotation, [0.0, 1.0, 0.0]);
        assert!(up[1] < 0.8, "domino {i} is still standing (up = {up:?})");
    }
}

#[test]
fn a_continuation_starts_where_and_how_the_world_ended() {
    // A ball thrown sideways, cut while it is still in the air and moving.
    let mut scene = ball_drop(8.0, 1.0);
    scene.entities[0].velocity = [2.0, 0.0, 0.0];
    scene.entities[0].spin = [0.0, 0.0, -5.0];
    let options = SimOptions {
        fps: 24,
        aspect: 16.0 / 9.0,
    };
    let first = simulate(&scene, &options).unwrap();
    let next = sim::continuation(&scene, &first, 1.0);
    assert_eq!(next.duration, 1.0);
    assert!(next.actions.is_empty() && next.dialogue.is_empty());
    let second = simulate(&next, &options).unwrap();
    let track = first
        .tracks
        .iter()
        .position(|t| t.entity == "ball")
        .unwrap();
    let end = first.frames.last().unwrap().poses[track].position;
    let start = second.frames[0].poses[track].position;
    let after = second.frames[1].poses[track].position;
    // The first frame of the continuation is the last of the parent ...
    for k in 0..3 {
        assert!((end[k] - start[k]).abs() < 1e-3, "{end:?} vs {start:?}");
    }
    // ... and it keeps moving the way it moved: sideways at 2 m/s and falling faster.
    let dt = 1.0 / 24.0;
    let vx = (after[0] - start[0]) / dt;
    assert!((vx - 2.0).abs() < 0.1, "sideways speed {vx}");
    let vy = (after[1] - start[1]) / dt;
    assert!(vy < -9.0, "the ball was falling at about 9.8 m/s: {vy}");
    // The camera holds where it was.
    let (a, b) = (
        &first.frames.last().unwrap().camera,
        &second.frames[0].camera,
    );
    assert_eq!((a.eye, a.target, a.fov), (b.eye, b.target, b.fov));
    let spin = next.entities[0].spin;
    assert!((spin[2] + 5.0).abs() < 0.5, "spin carried over: {spin:?}");
}

/// Where the parts of `entity` tagged with one of `limbs` are, on average, in `frame`.
fn limbs_at(
    t: &timeline::Timeline,
    frame: usize,
    entity: &str,
    limbs: &[scene::Limb],
) -> glam::Vec3 {
    let points: Vec<glam::Vec3> = t
        .tracks
        .iter()
        .zip(&t.frames[frame].poses)
        .filter(|(track, _)| track.entity == entity)
        .flat_map(|(track, pose)| {
            track
                .parts
                .iter()
                .filter(|p| p.limb.is_some_and(|l| limbs.contains(&l)))
                .map(move |p| glam::Vec3::from(pose.apply(p.offset)))
        })
        .collect();
    points.iter().sum::<glam::Vec3>() / points.len().max(1) as f32
}

/// The centre of a one-track object in `frame`.
fn centre_at(t: &timeline::Timeline, frame: usize, entity: &str) -> glam::Vec3 {
    let k = t.tracks.iter().position(|tr| tr.entity == entity).unwrap();
    glam::Vec3::from(t.frames[frame].poses[k].apply(t.tracks[k].parts[0].offset))
}

#[test]
fn a_thrown_ball_is_caught_held_and_thrown_back() {
    let mut scene = Scene::new(4.5);
    let mut a = Entity::new("a", Archetype::Person, [-2.5, 0.0, 0.0]);
    a.rotation = [0.0, 0.0, 0.0];
    let mut b = Entity::new("b", Archetype::Person, [2.5, 0.0, 0.0]);
    b.rotation = [0.0, 180.0, 0.0];
    let ball = Entity::new("ball", Archetype::Ball, [-2.0, 0.0, 0.0]);
    scene.entities = vec![a, b, ball];
    let act = |at: f32, verb: Verb, actor: &str, target: Option<&str>| Action {
        at,
        verb,
        actor: Some(actor.into()),
        object: "ball".into(),
        target: target.map(Into::into),
        outcome: Outcome::Hit,
        strength: 1.0,
    };
    scene.actions = vec![
        act(0.6, Verb::Throw, "a", Some("b")),
        act(1.1, Verb::Catch, "b", None),
        act(2.6, Verb::Throw, "b", Some("a")),
        act(3.1, Verb::Catch, "a", None),
    ];
    let fps = 24;
    let t = simulate(
        &scene,
        &SimOptions {
            fps,
            aspect: 16.0 / 9.0,
        },
    )
    .unwrap();
    let hands = [scene::Limb::HandLeft, scene::Limb::HandRight];
    let frame = |s: f32| (s * fps as f32).round() as usize;
    let gap = |f: usize, who: &str| centre_at(&t, f, "ball").distance(limbs_at(&t, f, who, &hands));
    // In the thrower's hands from the first frame, away in flight, then in the catcher's.
    assert!(
        gap(0, "a") < 0.35,
        "the ball starts {:.2} m from a's hands",
        gap(0, "a")
    );
    assert!(
        gap(frame(0.85), "a") > 1.0 && gap(frame(0.85), "b") > 1.0,
        "in flight"
    );
    for f in frame(1.6)..frame(2.0) {
        assert!(
            gap(f, "b") < 0.35,
            "b holds it: {:.2} m at frame {f}",
            gap(f, "b")
        );
    }
    for f in frame(3.8)..frame(4.4) {
        assert!(
            gap(f, "a") < 0.35,
            "a holds it: {:.2} m at frame {f}",
            gap(f, "a")
        );
    }
    // Caught both times: it never comes down to the grass.
    let lowest = (0..t.frames.len())
        .map(|f| centre_at(&t, f, "ball").y)
        .fold(f32::MAX, f32::min);
    assert!(lowest > 0.5, "the ball came down to {lowest:.2} m");
}
