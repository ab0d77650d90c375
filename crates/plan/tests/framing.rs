//! The camera keeps what each shot is about in view: for every development and everyday
//! prompt, each shot's named subjects are inside the frame in at least 95% of its frames.

use plan::{PlanOptions, plan};
use sim::SimOptions;

/// Share of a shot's frames in which every subject's centre is in the picture.
fn in_view(prompt: &str) -> Vec<(usize, f64)> {
    let scene = plan(
        prompt,
        &PlanOptions {
            seconds: 6.0,
            seed: 2,
        },
    )
    .unwrap()
    .scene;
    let aspect = 16.0 / 9.0;
    let timeline = sim::simulate(&scene, &SimOptions { fps: 24, aspect }).unwrap();
    let mut tally = vec![(0usize, 0usize); scene.shots.len()];
    for frame in &timeline.frames {
        let shot = frame.camera.shot as usize;
        let subjects = &scene.shots[shot].camera.subjects;
        // A close-up of a person is of their face.
        let close = matches!(
            scene.shots[shot].camera.framing,
            scene::Framing::CloseUp | scene::Framing::ExtremeCloseUp
        );
        let shown = |p: &scene::Part| {
            !close
                || p.limb.is_none()
                || matches!(p.limb, Some(scene::Limb::Head | scene::Limb::Jaw))
        };
        let visible = subjects.iter().all(|id| {
            // The subject's centre: the mean of its parts that are in the world (pieces
            // waiting below the ground to break out are not).
            let points: Vec<[f32; 3]> = timeline
                .tracks
                .iter()
                .zip(&frame.poses)
                .filter(|(t, _)| &t.entity == id)
                .flat_map(|(t, pose)| {
                    t.parts
                        .iter()
                        .filter(|p| shown(p))
                        .map(|p| pose.apply(p.offset))
                })
                .filter(|p| p[1] > -10.0)
                .collect();
            if points.is_empty() {
                return true;
            }
            let n = points.len() as f32;
            let centre = [0, 1, 2].map(|k| points.iter().map(|p| p[k]).sum::<f32>() / n);
            frame
                .camera
                .project(centre, aspect)
                .is_some_and(|([x, y], _)| x.abs() <= 1.0 && y.abs() <= 1.0)
        });
        tally[shot].0 += visible as usize;
        tally[shot].1 += 1;
    }
    tally
        .into_iter()
        .enumerate()
        .filter(|(_, (_, n))| *n > 0)
        .map(|(shot, (seen, n))| (shot, seen as f64 / n as f64))
        .collect()
}

#[test]
fn every_shot_keeps_its_subjects_in_frame() {
    let mut failures = Vec::new();
    for text in [
        include_str!("dev_prompts.txt"),
        include_str!("everyday_prompts.txt"),
    ] {
        for prompt in plan::prompts(text) {
            for (shot, share) in in_view(prompt) {
                if share < 0.95 {
                    failures.push(format!("{share:.2} shot {shot}: {prompt}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The two-friends bench conversation, planned and simulated.
fn conversation() -> (scene::Scene, timeline::Timeline) {
    let prompt = "Two friends sit on a bench in the park; one says \"Did you hear that?\" and the other laughs.";
    let scene = plan(
        prompt,
        &PlanOptions {
            seconds: 8.0,
            seed: 0,
        },
    )
    .unwrap()
    .scene;
    let timeline = sim::simulate(
        &scene,
        &SimOptions {
            fps: 24,
            aspect: 16.0 / 9.0,
        },
    )
    .unwrap();
    (scene, timeline)
}

#[test]
fn close_shots_in_a_conversation_see_the_face_of_whoever_holds_the_screen() {
    let (scene, timeline) = conversation();
    let mut close_frames = 0;
    for frame in &timeline.frames {
        let camera = &scene.shots[frame.camera.shot as usize].camera;
        if camera.framing != scene::Framing::CloseUp {
            continue;
        }
        close_frames += 1;
        let figure = timeline
            .figures
            .iter()
            .find(|f| f.entity == camera.subjects[0])
            .unwrap();
        let head = frame.poses[figure.first_track + scene::Limb::Head as usize];
        // The face looks along the head's +x.
        let r = head.rotation;
        let (x, y, z, w) = (r[0], r[1], r[2], r[3]);
        let forward = [
            1.0 - 2.0 * (y * y + z * z),
            2.0 * (x * y + w * z),
            2.0 * (x * z - w * y),
        ];
        let to_camera: Vec<f32> = (0..3)
            .map(|i| frame.camera.eye[i] - head.position[i])
            .collect();
        let length = to_camera.iter().map(|v| v * v).sum::<f32>().sqrt();
        let facing: f32 = (0..3).map(|i| forward[i] * to_camera[i]).sum::<f32>() / length;
        // Within about 60 degrees of facing the camera: the face, not an ear.
        assert!(
            facing > 0.5,
            "at {:.2} s {} faces the camera by {facing:.2}",
            frame.time,
            camera.subjects[0]
        );
    }
    assert!(close_frames > 24, "the conversation has close shots");
}

#[test]
fn whoever_laughs_shows_it_on_their_face_while_they_laugh() {
    let (scene, timeline) = conversation();
    let laugh = scene
        .actions
        .iter()
        .find(|a| a.verb == scene::Verb::Laugh)
        .expect("the planner reads the laugh");
    for figure in &timeline.figures {
        let during = figure.feeling_at(&[], laugh.at + 0.3);
        if Some(&figure.entity) == laugh.actor.as_ref() {
            let (feeling, strength) = during.expect("the laugher's face shows it");
            assert_eq!(feeling, scene::Expression::Laugh);
            assert!(strength > 0.5, "{strength}");
            assert!(
                figure.feeling_at(&[], laugh.at - 2.0).is_none(),
                "not before"
            );
        } else {
            assert!(during.is_none(), "the listener does not laugh");
        }
    }
}

/// Single things, each with a colour or a material, as people ask for one.
const SINGLE_THINGS: &[&str] = &[
    "a brass lamp",
    "an orange kayak",
    "a red apple",
    "a blue mug",
    "a green armchair",
    "a white horse",
    "a black cat",
    "a yellow bus",
    "a wooden chair",
    "a silver laptop",
    "a pink teddy bear",
    "a brown dog",
    "a yellow submarine",
    "a red hot air balloon",
    "a green tractor",
    "a construction crane",
    "a white airliner",
];

/// How much of the picture a thing fills in the middle of its film: the share of the
/// frame's height and of its width that the box round its parts covers on screen.
fn screen_share(prompt: &str) -> (f32, f32) {
    let scene = plan(
        prompt,
        &PlanOptions {
            seconds: 4.0,
            seed: 1,
        },
    )
    .unwrap()
    .scene;
    let aspect = 16.0 / 9.0;
    let timeline = sim::simulate(&scene, &SimOptions { fps: 24, aspect }).unwrap();
    let subject = &scene.shots[0].camera.subjects[0];
    let frame = &timeline.frames[timeline.frames.len() / 2];
    let (mut lo, mut hi) = ([f32::MAX; 2], [f32::MIN; 2]);
    for (track, pose) in timeline.tracks.iter().zip(&frame.poses) {
        if &track.entity != subject {
            continue;
        }
        for part in &track.parts {
            let h = part.shape.half_extents();
            let placed = timeline::Pose {
                position: part.offset,
                rotation: part.rotation,
            };
            for corner in 0..8 {
                let sign = |bit: usize| if corner & bit == 0 { -1.0 } else { 1.0 };
                let local = placed.apply([sign(1) * h[0], sign(2) * h[1], sign(4) * h[2]]);
                if let Some(([x, y], _)) = frame.camera.project(pose.apply(local), aspect) {
                    lo = [lo[0].min(x), lo[1].min(y)];
                    hi = [hi[0].max(x), hi[1].max(y)];
                }
            }
        }
    }
    (
        ((hi[1].min(1.0) - lo[1].max(-1.0)) / 2.0).max(0.0),
        ((hi[0].min(1.0) - lo[0].max(-1.0)) / 2.0).max(0.0),
    )
}

#[test]
fn a_single_thing_is_framed_large() {
    let mut failures = Vec::new();
    for prompt in SINGLE_THINGS {
        let (height, width) = screen_share(prompt);
        eprintln!("{prompt}: {height:.2} of the height, {width:.2} of the width");
        // Large, never a speck: a tall thing by its height, a long low one by its width.
        let share = height.max(width);
        if !(0.3..=0.62).contains(&share) || height < 0.12 {
            failures.push(format!("{prompt}: {height:.2} high, {width:.2} wide"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
