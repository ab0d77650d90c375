//! Simulation: builds the Scene's world in rapier3d, runs it at a fixed step, performs the
//! actions, animates the people, and records a `Timeline`: every rigid piece's pose on
//! every video frame, every impact with its time and impulse, and the camera.

mod breakage;
mod camera;
mod clock;
mod events;
mod gait;
mod hulls;
mod launch;
pub mod materials;
mod motion;
mod person;
mod run;
mod stage;

use camera::Bounds;
use glam::{Quat, Vec3};
use scene::{Archetype, Entity, Limb, Scene, ValidationError};

use timeline::{Frame, TIMELINE_VERSION, Timeline, Track};

/// Physics steps per second.
pub const STEP_HZ: u32 = 240;

/// Closing speeds below this (m/s) are resting or rolling contact, not impacts.
pub const IMPACT_SPEED: f32 = 0.2;

/// How to run the simulation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SimOptions {
    /// Video frames per second (24, 30 or 60: a divisor of the step rate).
    pub fps: u32,
    /// Width / height of the picture, so the camera frames for it.
    pub aspect: f32,
}

/// Why a scene could not be simulated.
#[derive(Debug, thiserror::Error)]
pub enum SimError {
    /// The scene is not valid.
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    /// The frame rate does not divide the physics step rate.
    #[error("fps {0} is not supported; use 24, 30 or 60")]
    UnsupportedFps(u32),
}

/// The entity's orientation from its Euler angles (x, then y, then z, in degrees).
fn orientation(e: &Entity) -> Quat {
    let [x, y, z] = e.rotation.map(f32::to_radians);
    Quat::from_rotation_z(z) * Quat::from_rotation_y(y) * Quat::from_rotation_x(x)
}

/// Simulates the scene into a timeline.
pub fn simulate(scene: &Scene, options: &SimOptions) -> Result<Timeline, SimError> {
    scene.validate()?;
    if options.fps == 0 || !STEP_HZ.is_multiple_of(options.fps) {
        return Err(SimError::UnsupportedFps(options.fps));
    }
    let steps_per_frame = (STEP_HZ / options.fps) as usize;
    let dt = 1.0 / STEP_HZ as f32;
    let frame_count = ((scene.duration * options.fps as f32).round() as usize).max(1);
    // The physics runs in world time: in slow motion, actions come later on its clock.
    let clock = clock::Clock::of(scene);
    let in_world_time = clock.in_world_time(scene);
    let frame_steps: Vec<usize> = (0..frame_count)
        .map(|k| (clock.world(k as f32 / options.fps as f32) / dt).round() as usize)
        .collect();
    let total_steps = frame_steps[frame_count - 1] + steps_per_frame;

    let mut stage = stage::Stage::build(&in_world_time, dt);
    let run::Recording {
        mut frames,
        contacts,
        slides,
    } = run::run(&mut stage, &frame_steps, total_steps, options.fps);
    let footsteps = events::footsteps(
        &in_world_time,
        &stage.people.iter().map(|p| p.entity).collect::<Vec<_>>(),
        |p, t| {
            let person = &stage.people[p];
            let e = &scene.entities[person.entity];
            events::soles(
                &stage.person_limbs(person, t),
                &person.skeleton,
                e.size,
                e.position[1],
            )
        },
        total_steps,
        dt,
    );
    let (contacts, slides, footsteps) = clock.to_video_time(contacts, slides, footsteps);
    let stage::Stage {
        tracks, figures, ..
    } = stage;
    let moments = events::moments(scene, &tracks, &frames, &contacts);
    film(scene, options, &tracks, &figures, &mut frames);
    Ok(Timeline {
        version: TIMELINE_VERSION,
        fps: options.fps,
        duration: frames.len() as f64 / options.fps as f64,
        environment: scene.environment.clone(),
        tracks,
        frames,
        contacts,
        slides,
        footsteps,
        moments,
        speech: Vec::new(),
        figures,
    })
}

/// Sets each frame's camera: each shot framed on its subjects, kept inside the set's
/// walls, or looking out of a person's eyes for a point-of-view shot.
fn film(
    scene: &Scene,
    options: &SimOptions,
    tracks: &[Track],
    figures: &[timeline::Figure],
    frames: &mut [Frame],
) {
    // What a shot opens on decides how far from it a subject may go and still be framed:
    // a ball kicked off into the distance does not pull the camera back.
    let reach: Vec<(Vec3, f32)> = (0..scene.shots.len())
        .map(|shot| {
            let start = ((scene.shots[shot].start * options.fps as f32).round() as usize)
                .min(frames.len() - 1);
            let (centre, radius) =
                subject_bounds(scene, shot, tracks, &frames[start], None).enclosing_sphere();
            (centre, (3.0 * radius).max(radius + 6.0))
        })
        .collect();
    let cameras = camera::film(
        scene,
        options.fps,
        frames.len(),
        options.aspect,
        |shot, frame| {
            // A following camera goes where its subjects go, however far.
            let follow = scene.shots[shot].camera.movement == scene::Movement::Follow;
            let within = (!follow).then_some(reach[shot]);
            (
                subject_bounds(scene, shot, tracks, &frames[frame], within),
                subject_bounds(scene, shot, tracks, &frames[frame], None),
            )
        },
    );
    let walls = scene.environment.setting.walls();
    for (frame, mut camera) in frames.iter_mut().zip(cameras) {
        camera.eye = inside_walls(camera.eye, &walls);
        // A point-of-view shot looks out of its person's eyes.
        let shot = &scene.shots[camera.shot as usize].camera;
        if shot.angle == scene::Angle::Pov
            && let Some(id) = shot.subjects.first()
            && let Some(figure) = figures.iter().find(|f| &f.entity == id)
        {
            let eyes = figure.first_track + Limb::Eyes as usize;
            camera = camera::point_of_view(&frame.poses[eyes], figure.scale, camera.shot);
        }
        frame.camera = camera;
    }
}

/// Keeps a camera on the near side of every wall, so it never films the back of one.
fn inside_walls(eye: [f32; 3], walls: &[scene::Part]) -> [f32; 3] {
    let mut eye = eye;
    for wall in walls {
        let scene::Shape::Cuboid { half_extents } = wall.shape else {
            continue;
        };
        // A wall is thin along one axis; the scene lies on the side of it facing the origin.
        let axis = (0..3)
            .min_by(|&a, &b| half_extents[a].total_cmp(&half_extents[b]))
            .unwrap_or(0);
        let centre = wall.offset[axis];
        let inner = centre - centre.signum() * (half_extents[axis] + 0.3);
        if centre > 0.0 {
            eye[axis] = eye[axis].min(inner);
        } else {
            eye[axis] = eye[axis].max(inner);
        }
    }
    eye
}

/// The box around a shot's subjects at one frame.
/// Parts farther than `within` (a centre and a reach) are left out.
fn subject_bounds(
    scene: &Scene,
    shot: usize,
    tracks: &[Track],
    frame: &Frame,
    within: Option<(Vec3, f32)>,
) -> Bounds {
    let camera = &scene.shots[shot].camera;
    let wanted = |id: &str| {
        if !camera.subjects.is_empty() {
            camera.subjects.iter().any(|s| s == id)
        } else if scene.entities.iter().all(|e| e.fixed) {
            // Nothing moves: frame everything.
            true
        } else {
            // Everything that can move, and the people.
            scene.entity(id).is_some_and(|e| !e.fixed)
        }
    };
    // A close-up of a person is a close-up of their face.
    let close = matches!(
        camera.framing,
        scene::Framing::CloseUp | scene::Framing::ExtremeCloseUp
    );
    let face =
        |limb: Option<Limb>| matches!(limb, Some(Limb::Neck | Limb::Head | Limb::Jaw | Limb::Eyes));
    let mut bounds: Option<Bounds> = None;
    for (track, pose) in tracks.iter().zip(&frame.poses) {
        if !wanted(&track.entity) {
            continue;
        }
        for part in &track.parts {
            if close && part.limb.is_some() && !face(part.limb) {
                continue;
            }
            let centre = Vec3::from(pose.apply(part.offset));
            // Pieces waiting to break out, and a whole that broke, are out of sight.
            if centre.y < breakage::HIDDEN_DEPTH / 2.0 {
                continue;
            }
            if within.is_some_and(|(c, reach)| centre.distance(c) > reach) {
                continue;
            }
            let b = Bounds::of_part(part, pose);
            bounds = Some(bounds.map_or(b, |a| a.union(b)));
        }
    }
    bounds.unwrap_or(Bounds::sphere(Vec3::new(0.0, 0.5, 0.0), 1.0))
}

/// The scene that starts where `timeline` (simulated from `scene`) ends, lasting
/// `seconds`: every loose thing where it came to be, moving as it was moving, and nothing
/// left to do or say. The camera keeps its last shot.
pub fn continuation(scene: &Scene, timeline: &Timeline, seconds: f32) -> Scene {
    let mut next = scene.clone();
    next.duration = seconds;
    next.actions.clear();
    next.dialogue.clear();
    if let Some(last) = next.shots.pop() {
        next.shots = vec![scene::Shot { start: 0.0, ..last }];
    }
    let (Some(last), Some(before)) = (timeline.frames.last(), timeline.frames.iter().rev().nth(1))
    else {
        return next;
    };
    // The camera holds where it ended, so the cut to the continuation is seamless.
    if let Some(shot) = next.shots.first_mut() {
        shot.camera.placement = Some(scene::Placement {
            eye: last.camera.eye,
            target: last.camera.target,
        });
        shot.camera.fov = last.camera.fov;
    }
    let dt = (last.time - before.time).max(1e-6) as f32;
    for entity in next
        .entities
        .iter_mut()
        .filter(|e| !e.fixed && e.archetype != Archetype::Person)
    {
        let Some(track) = timeline.tracks.iter().position(|t| t.entity == entity.id) else {
            continue;
        };
        let (now, then) = (&last.poses[track], &before.poses[track]);
        let rotation = Quat::from_array(now.rotation).normalize();
        let (z, y, x) = rotation.to_euler(glam::EulerRot::ZYX);
        entity.position = now.position;
        entity.rotation = [x, y, z].map(f32::to_degrees);
        entity.velocity = ((Vec3::from(now.position) - Vec3::from(then.position)) / dt).to_array();
        // The rotation over the last frame, as an angular velocity.
        let turn = rotation * Quat::from_array(then.rotation).normalize().inverse();
        let (axis, angle) = turn.to_axis_angle();
        let angle = if angle > std::f32::consts::PI {
            angle - std::f32::consts::TAU
        } else {
            angle
        };
        entity.spin = (axis * angle / dt).to_array();
    }
    next
}
