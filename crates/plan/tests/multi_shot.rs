//! One world across shots: what falls in the first shot is still down in the third, and a
//! character keeps one body and one look in every shot.

use plan::{PlanOptions, plan};
use scene::{Archetype, Verb};
use sim::SimOptions;

#[test]
fn three_shots_share_one_persistent_world() {
    let prompt = "Shot 1: a man in a red shirt watches a cat knock a vase off the table. \
                  Shot 2: close-up of the cat. \
                  Shot 3: wide shot of the room as the man picks up the vase.";
    let p = plan(
        prompt,
        &PlanOptions {
            seconds: 9.0,
            seed: 1,
        },
    )
    .unwrap();
    let s = &p.scene;
    assert_eq!(s.shots.len(), 3, "{:?}", s.shots);
    // One man, one cat, one vase: every shot films the same entities.
    let people: Vec<_> = s
        .entities
        .iter()
        .filter(|e| e.archetype == Archetype::Person)
        .collect();
    assert_eq!(people.len(), 1);
    assert_eq!(people[0].color, scene::Color::named("red"));
    let vase = s
        .entities
        .iter()
        .find(|e| e.archetype == Archetype::from_name("jar").unwrap())
        .expect("a vase");
    let cat = s
        .entities
        .iter()
        .find(|e| e.archetype == Archetype::from_name("cat").unwrap())
        .expect("a cat");
    assert_eq!(s.shots[1].camera.subjects, vec![cat.id.clone()]);
    let push = s
        .actions
        .iter()
        .find(|a| a.verb == Verb::Push)
        .expect("the knock");
    assert_eq!(push.object, vase.id);
    assert!(push.at < s.shots[1].start);
    let pick = s.actions.iter().find(|a| a.verb == Verb::PickUp).unwrap();
    assert!(pick.at >= s.shots[2].start);
    assert_eq!(pick.actor.as_ref(), Some(&people[0].id));

    // Simulate: the vase falls in shot 1 and is still on the floor in shot 3.
    let timeline = sim::simulate(
        s,
        &SimOptions {
            fps: 24,
            aspect: 16.0 / 9.0,
        },
    )
    .unwrap();
    let track = timeline
        .tracks
        .iter()
        .position(|t| t.entity == vase.id)
        .unwrap();
    let height = |frame: &timeline::Frame| frame.poses[track].position[1];
    let start_height = height(&timeline.frames[0]);
    assert!(start_height > 0.7, "on the table: {start_height}");
    let shot_of = |f: &timeline::Frame| f.camera.shot as usize;
    let third: Vec<f32> = timeline
        .frames
        .iter()
        .filter(|f| shot_of(f) == 2)
        .map(height)
        .collect();
    assert!(!third.is_empty());
    assert!(
        third.iter().all(|h| *h < 0.3),
        "the vase is back up in shot 3: {third:?}"
    );
    // The cuts happen where the scene says, and each shot is filmed by its own camera.
    let shots: Vec<usize> = timeline.frames.iter().map(shot_of).collect();
    assert!(shots.windows(2).all(|w| w[0] <= w[1]));
    assert_eq!(*shots.last().unwrap(), 2);
}

#[test]
fn a_point_of_view_shot_looks_out_of_its_persons_eyes() {
    let p = plan(
        "POV shot: a man walks to a door.",
        &PlanOptions {
            seconds: 4.0,
            seed: 1,
        },
    )
    .unwrap();
    let s = &p.scene;
    assert!(p.unmapped.is_empty(), "{:?}", p.unmapped);
    assert_eq!(s.shots[0].camera.angle, scene::Angle::Pov);
    let man = s
        .entities
        .iter()
        .find(|e| e.archetype == Archetype::Person)
        .unwrap();
    let door = s
        .entities
        .iter()
        .find(|e| e.archetype == Archetype::from_name("door").unwrap())
        .unwrap();
    let timeline = sim::simulate(
        s,
        &SimOptions {
            fps: 24,
            aspect: 16.0 / 9.0,
        },
    )
    .unwrap();
    let pelvis = timeline
        .tracks
        .iter()
        .position(|t| t.entity == man.id)
        .unwrap();
    let figure = &timeline.figures[0];
    let eyes = figure.first_track + scene::Limb::Eyes as usize;
    let height = people::Figure::build(&figure.look, &figure.entity).height();
    for frame in timeline.frames.iter().step_by(12) {
        let eye = frame.camera.eye;
        let body = frame.poses[pelvis].position;
        // At the man's eyes (a little below the top of his head), looking towards the door.
        let at = frame.poses[eyes].position;
        let off = (0..3).map(|k| (eye[k] - at[k]).powi(2)).sum::<f32>().sqrt();
        assert!(off < 0.05, "{eye:?} is {off} m from his eyes at {at:?}");
        assert!(
            (height - 0.2..height - 0.05).contains(&eye[1]),
            "{eye:?}, {height} m tall"
        );
        assert!(((eye[0] - body[0]).powi(2) + (eye[2] - body[2]).powi(2)).sqrt() < 0.3);
        let ahead = [
            frame.camera.target[0] - eye[0],
            frame.camera.target[2] - eye[2],
        ];
        let to_door = [door.position[0] - eye[0], door.position[2] - eye[2]];
        assert!(ahead[0] * to_door[0] + ahead[1] * to_door[1] > 0.0);
    }
}
