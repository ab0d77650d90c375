//! The cached background of a still camera gives the same picture as rendering every
//! part afresh, moving shadows included.

mod common;

use common::psnr;
use render::{Antialias, RenderOptions, Renderer};
use scene::{Action, Archetype, Camera, Entity, Outcome, Scene, Setting, Shot, Verb};
use sim::{SimOptions, simulate};

fn basketball() -> Scene {
    let mut scene = Scene::new(3.0);
    scene.environment.setting = Setting::BasketballCourt;
    let mut player = Entity::new("player", Archetype::Person, [4.6, 0.0, 0.0]);
    player.rotation = [0.0, 180.0, 0.0];
    scene.entities = vec![
        Entity::new("hoop", Archetype::Hoop, [0.0; 3]),
        player,
        Entity::new("ball", Archetype::Basketball, [4.6, 1.0, 0.0]),
    ];
    scene.actions.push(Action {
        at: 0.5,
        verb: Verb::Shoot,
        actor: Some("player".into()),
        object: "ball".into(),
        target: Some("hoop".into()),
        outcome: Outcome::Miss,
        strength: 1.0,
    });
    scene.shots = vec![Shot {
        start: 0.0,
        speed: 1.0,
        // Locked off: a still camera however far the ball rolls.
        camera: Camera {
            subjects: vec!["player".into(), "ball".into(), "hoop".into()],
            placement: Some(scene::Placement {
                eye: [7.0, 2.4, 9.5],
                target: [2.3, 1.8, 0.0],
            }),
            ..Camera::default()
        },
    }];
    scene
}

#[test]
fn still_camera_frames_match_full_renders() {
    let timeline = simulate(
        &basketball(),
        &SimOptions {
            fps: 24,
            aspect: 16.0 / 9.0,
        },
    )
    .unwrap();
    assert!(
        timeline
            .frames
            .windows(2)
            .all(|w| w[0].camera == w[1].camera),
        "the test needs a still camera"
    );
    // The same film with the camera nudged a hair every frame: nothing can be cached.
    let mut moving = timeline.clone();
    for (i, frame) in moving.frames.iter_mut().enumerate() {
        frame.camera.fov += i as f32 * 1e-5;
    }
    let options = RenderOptions {
        width: 320,
        height: 180,
        antialias: Antialias::Multisample,
        shadow_size: 1024,
    };
    let mut cached = Renderer::new(&timeline, &options).unwrap();
    let mut fresh = Renderer::new(&moving, &options).unwrap();
    let (mut a, mut b) = (Vec::new(), Vec::new());
    // Frames before, during and after the shot: the ball's shadow crosses the floor.
    for index in [0, 12, 20, 30, 40, 55, 70] {
        cached.render(&timeline, index, &mut a).unwrap();
        fresh.render(&moving, index, &mut b).unwrap();
        let quality = psnr(&a, &b);
        assert!(
            quality > 45.0,
            "frame {index}: cached background differs from a full render (PSNR {quality:.1} dB)"
        );
    }
}

#[test]
fn a_moving_shadow_leaves_nothing_behind_where_it_was() {
    let timeline = simulate(
        &basketball(),
        &SimOptions {
            fps: 24,
            aspect: 16.0 / 9.0,
        },
    )
    .unwrap();
    let options = RenderOptions {
        width: 320,
        height: 180,
        antialias: Antialias::Off,
        shadow_size: 1024,
    };
    // One renderer follows the ball's shadow across the floor; a new one films only the
    // last frame. Each frame's shadow map is restored where the last frame's moving
    // casters were, so the two must agree.
    let mut following = Renderer::new(&timeline, &options).unwrap();
    let mut frame = Vec::new();
    for index in [0, 12, 20, 30, 40, 55] {
        following.render(&timeline, index, &mut frame).unwrap();
    }
    let (mut last, mut alone) = (Vec::new(), Vec::new());
    following.render(&timeline, 70, &mut last).unwrap();
    Renderer::new(&timeline, &options)
        .unwrap()
        .render(&timeline, 70, &mut alone)
        .unwrap();
    // A trace of the ball's earlier shadows costs over 30 dB. The history alone leaves
    // a few hundred bytes slightly apart (about 72 dB; so did the full copy of the still
    // set's map this restoring replaced).
    let quality = psnr(&last, &alone);
    assert!(
        quality > 60.0,
        "frame 70 keeps a trace of earlier frames' shadows (PSNR {quality:.1} dB)"
    );
}
