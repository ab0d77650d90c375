//! What the planner understands: sentences, relations, direction, vocabulary and the
//! coverage of real prompt sets.

use plan::{PlanOptions, plan};
use scene::{Angle, Archetype, Color, Framing, Movement, Scene, Verb};

const OPTIONS: PlanOptions = PlanOptions {
    seconds: 8.0,
    seed: 3,
};

fn scene(prompt: &str) -> Scene {
    let p = plan(prompt, &OPTIONS).unwrap();
    assert_eq!(p.scene.validate(), Ok(()), "{prompt}");
    p.scene
}

fn kind(name: &str) -> Archetype {
    Archetype::from_name(name).unwrap()
}

fn find(s: &Scene, a: Archetype) -> &scene::Entity {
    s.entities
        .iter()
        .find(|e| e.archetype == a)
        .unwrap_or_else(|| panic!("no {} in {:?}", a.name(), s.entities))
}

fn action(s: &Scene, verb: Verb) -> &scene::Action {
    s.actions
        .iter()
        .find(|a| a.verb == verb)
        .unwrap_or_else(|| panic!("no {verb:?} in {:?}", s.actions))
}

#[test]
fn agents_objects_and_targets() {
    let s = scene("The player kicks the ball into the goal.");
    let kick = action(&s, Verb::Kick);
    let player = &s.cast[0].entity;
    assert_eq!(kick.actor.as_ref(), Some(player));
    assert_eq!(
        s.entity(&kick.object).unwrap().archetype,
        Archetype::Ball,
        "{kick:?}"
    );
    assert_eq!(
        s.entity(kick.target.as_ref().unwrap()).unwrap().archetype,
        kind("goal")
    );
    // A thing that is struck goes where the sentence says; a failed attempt misses.
    let s = scene("A woman throws a ball at the door and misses.");
    let throw = action(&s, Verb::Throw);
    assert_eq!(throw.outcome, scene::Outcome::Miss);
    assert_eq!(
        s.entity(throw.target.as_ref().unwrap()).unwrap().archetype,
        kind("door")
    );
}

#[test]
fn playing_catch_is_a_rally_of_throws_and_catches() {
    let s = scene("Two people play catch with a red ball in a park.");
    let throws: Vec<&scene::Action> = s.actions.iter().filter(|a| a.verb == Verb::Throw).collect();
    assert!(throws.len() >= 3, "{:?}", s.actions);
    for pair in throws.windows(2) {
        // Each throw goes to the other, who throws it back.
        assert_eq!(pair[0].target, pair[1].actor, "{:?}", s.actions);
        assert_eq!(pair[1].target, pair[0].actor, "{:?}", s.actions);
        let catch = s
            .actions
            .iter()
            .find(|a| a.verb == Verb::Catch && a.actor == pair[0].target && a.at > pair[0].at)
            .unwrap_or_else(|| panic!("nobody catches {:?}", pair[0]));
        assert!(catch.at < pair[1].at);
    }
    // They stand apart, facing each other.
    let (a, b) = (
        s.entity(throws[0].actor.as_deref().unwrap()).unwrap(),
        s.entity(throws[0].target.as_deref().unwrap()).unwrap(),
    );
    let apart = (a.position[0] - b.position[0]).hypot(a.position[2] - b.position[2]);
    assert!(apart > 4.0, "{apart} m apart");
    assert_eq!((a.rotation[1] - b.rotation[1]).abs(), 180.0);

    let s = scene("A man throws a ball to a woman, she catches it and throws it back.");
    let throws: Vec<&scene::Action> = s.actions.iter().filter(|a| a.verb == Verb::Throw).collect();
    assert_eq!(throws.len(), 2, "{:?}", s.actions);
    assert_eq!(throws[1].target, throws[0].actor, "thrown back to the man");
    let catch = action(&s, Verb::Catch);
    assert!(catch.at > throws[0].at && catch.at < throws[0].at + 1.0);
}

#[test]
fn things_that_fall_around_people_start_in_the_air() {
    let s = scene("Two friends talk while ten boxes fall from the sky around them.");
    let boxes: Vec<&scene::Entity> = s
        .entities
        .iter()
        .filter(|e| e.archetype == kind("cube"))
        .collect();
    assert_eq!(boxes.len(), 10);
    for b in boxes {
        assert!(b.position[1] >= 3.0 && !b.fixed, "{b:?}");
        assert!(
            s.actions
                .iter()
                .any(|a| a.verb == Verb::Drop && a.object == b.id)
        );
    }
}

#[test]
fn order_simultaneity_and_timing_words() {
    let s = scene("A dog runs to a ball, then a cat jumps.");
    assert!(action(&s, Verb::Run).at < action(&s, Verb::Jump).at);
    // "after" puts what follows it first.
    let s = scene("A cat jumps after a dog runs to a ball.");
    assert!(
        action(&s, Verb::Run).at < action(&s, Verb::Jump).at,
        "{:?}",
        s.actions
    );
    // "while" makes two things happen together.
    let s = scene("A man waves while a woman claps.");
    assert_eq!(action(&s, Verb::Wave).at, action(&s, Verb::Clap).at);
    // Times in seconds and "at the end".
    let s = scene("After two seconds a red ball drops.");
    assert!((action(&s, Verb::Drop).at - 2.0).abs() < 1e-4);
    let s = scene("A man waves at the end.");
    assert!(action(&s, Verb::Wave).at > 0.75 * s.duration);
}

#[test]
fn causes_manners_dialogue_and_cameos() {
    // Causation: what a thing knocks over is pushed, off what it stands on.
    let s = scene("A cat knocks a cup off the table and it shatters on the floor.");
    let push = action(&s, Verb::Push);
    assert_eq!(s.entity(&push.object).unwrap().archetype, kind("cup"));
    assert_eq!(action(&s, Verb::Break).object, push.object);
    assert!(action(&s, Verb::Break).at > push.at);
    // Manner: slowly is gentler than quickly.
    let slow = scene("A woman slowly pushes a box.");
    let fast = scene("A woman quickly pushes a box.");
    assert!(action(&slow, Verb::Push).strength < action(&fast, Verb::Push).strength);
    // Quoted lines with their speakers, and a cameo handle kept for the platform.
    let s = scene(
        "Two friends sit on a bench; one says \"Did you hear that?\" and the other says \"No.\"",
    );
    assert_eq!(s.dialogue.len(), 2);
    assert_ne!(s.dialogue[0].speaker, s.dialogue[1].speaker);
    assert!(s.dialogue[0].at < s.dialogue[1].at);
    let s = scene("@alice waves at the camera and says \"Hi everyone!\"");
    assert_eq!(s.cast[0].cameo.as_deref(), Some("@alice"));
    assert_eq!(s.dialogue[0].speaker, s.cast[0].entity);
    assert_eq!(
        action(&s, Verb::Wave).actor.as_ref(),
        Some(&s.cast[0].entity)
    );
}

#[test]
fn relations_place_things() {
    let s = scene("A cup on a table.");
    let (table, cup) = (find(&s, Archetype::Table), find(&s, kind("cup")));
    assert!((cup.position[1] - 0.775).abs() < 0.05, "{cup:?}");
    assert!((cup.position[0] - table.position[0]).abs() < 0.8);
    let s = scene("A ball under a table.");
    let (table, ball) = (find(&s, Archetype::Table), find(&s, Archetype::Ball));
    assert_eq!(ball.position[1], 0.0);
    assert!((ball.position[0] - table.position[0]).abs() < 0.01);
    let s = scene("A red ball next to a blue box.");
    let (ball, cube) = (find(&s, Archetype::Ball), find(&s, Archetype::Cube));
    assert!(ball.position[0] > cube.position[0]);
    assert_eq!(ball.color, Color::named("red"));
    assert_eq!(cube.color, Color::named("blue"));
    let s = scene("A ball in front of a chair and a cube behind the chair.");
    let chair = find(&s, kind("chair")).position[2];
    assert!(find(&s, Archetype::Ball).position[2] > chair);
    assert!(find(&s, Archetype::Cube).position[2] < chair);
    let s = scene("A ball to the left of a box.");
    assert!(find(&s, Archetype::Ball).position[0] < find(&s, Archetype::Cube).position[0]);
    let s = scene("A lamp above a table.");
    let lamp = find(&s, kind("lamp"));
    assert!(lamp.position[1] > 0.8 && lamp.fixed, "{lamp:?}");
    let s = scene("A ball inside a basket.");
    let basket = find(&s, kind("basket"));
    let ball = find(&s, Archetype::Ball);
    assert!((ball.position[0] - basket.position[0]).abs() < 0.05);
    assert!(
        ball.position[1] > 0.0 && ball.position[1] < 0.05,
        "{ball:?}"
    );
    let s = scene("A ladder leaning against a wall.");
    let ladder = find(&s, kind("ladder"));
    assert!(ladder.rotation[2].abs() > 5.0);
    assert!(ladder.position[0] < find(&s, kind("wall")).position[0]);
    let s = scene("A ball between a chair and a lamp.");
    let (c, l, b) = (
        find(&s, kind("chair")).position[0],
        find(&s, kind("lamp")).position[0],
        find(&s, Archetype::Ball).position[0],
    );
    assert!((b - (c + l) / 2.0).abs() < 0.3, "{c} {l} {b}");
}

#[test]
fn directions_for_the_camera() {
    let s = scene("Low angle close-up, dolly in: a red ball rolls across a table.");
    let camera = &s.shots[0].camera;
    assert_eq!(camera.framing, Framing::CloseUp);
    assert_eq!(camera.angle, Angle::Low);
    assert_eq!(camera.movement, Movement::DollyIn);
    let s = scene("Aerial shot of a forest; slow pan from left to right.");
    assert_eq!(s.shots[0].camera.angle, Angle::Aerial);
    assert_eq!(s.shots[0].camera.movement, Movement::Pan);
    assert!(s.entities.iter().filter(|e| e.fixed).count() > 10);
    let s = scene("Slow motion: a water balloon hits the ground and bursts.");
    assert!(s.shots[0].speed < 0.5);
    // Shots with lengths, sizes and cuts.
    let s = scene(
        "Shot 1 (2 seconds): wide shot of a man on a beach. Shot 2 (4 seconds): extreme close-up of a shell. Cut to a crane shot of the sea.",
    );
    let starts: Vec<f32> = s.shots.iter().map(|x| x.start).collect();
    assert_eq!(starts.len(), 3, "{starts:?}");
    assert!((starts[1] - 2.0).abs() < 1e-4 && (starts[2] - 6.0).abs() < 1e-4);
    assert_eq!(s.shots[1].camera.framing, Framing::ExtremeCloseUp);
    assert_eq!(s.shots[2].camera.movement, Movement::Crane);
    let shell = &find(&s, kind("seashell")).id;
    assert_eq!(s.shots[1].camera.subjects, std::slice::from_ref(shell));
    // A camera move named for a machine: the move before "shot", the machine after "a".
    let s = scene("A crane shot of a dog.");
    assert_eq!(s.shots[0].camera.movement, Movement::Crane);
    assert!(s.entities.iter().all(|e| e.archetype != kind("crane")));
    let s = scene("A yellow tower crane.");
    find(&s, kind("crane"));
    assert_eq!(s.environment.setting, scene::Setting::Street);
    // "Meanwhile" cuts to another part of the same world.
    let s = scene("A dog runs to a ball. Meanwhile a man waves.");
    assert_eq!(s.shots.len(), 2);
    let man = &s.cast[0].entity;
    assert_eq!(s.shots[1].camera.subjects, std::slice::from_ref(man));
    assert!(action(&s, Verb::Wave).at >= s.shots[1].start);
}

#[test]
fn vocabulary_is_broad() {
    // Colours by name and by hex; counts in words and figures.
    let s = scene("A dozen #ff8800 balls and 3 teal cubes.");
    let balls: Vec<_> = s
        .entities
        .iter()
        .filter(|e| e.archetype == Archetype::Ball)
        .collect();
    assert_eq!(balls.len(), 12);
    assert_eq!(balls[0].color, Some(Color::rgb(255, 136, 0)));
    let cubes = s.entities.iter().filter(|e| e.archetype == Archetype::Cube);
    assert_eq!(cubes.count(), 3);
    // Synonyms and plurals of catalogue kinds, and irregular verbs.
    for (prompt, name) in [
        ("A puppy.", "dog"),
        ("Two kittens.", "cat"),
        ("Some geese.", "goose"),
        ("A lorry.", "truck"),
        ("A couch.", "sofa"),
        ("Three knives.", "knife"),
    ] {
        let p = plan(prompt, &OPTIONS).unwrap();
        assert!(p.unmapped.is_empty(), "{prompt}: {:?}", p.unmapped);
        find(&p.scene, kind(name));
    }
    let s = scene("A horse ran across a field.");
    action(&s, Verb::Run);
    // Weather, time of day, styles and sound directions.
    let s = scene("A cartoon fox in the snow at sunset while upbeat music plays.");
    assert_eq!(s.environment.style, scene::Style::Cartoon);
    assert_eq!(s.environment.time_of_day, scene::TimeOfDay::Sunset);
    assert_eq!(s.sounds[0].mood, Some(scene::Mood::Upbeat));
    let s = scene("A quiet street in a storm.");
    assert_eq!(s.environment.weather, scene::Weather::Storm);
    assert!(s.sounds.iter().any(|d| d.kind == scene::SoundKind::Quiet));
}

#[test]
fn prompt_sets_are_mostly_understood() {
    for (name, text) in [
        ("dev", include_str!("dev_prompts.txt")),
        ("everyday", include_str!("everyday_prompts.txt")),
    ] {
        let c = plan::coverage(&plan::prompts(text), &OPTIONS).unwrap();
        assert!(
            c.words_mapped >= 0.9,
            "{name}: {:.3} of words",
            c.words_mapped
        );
        assert!(
            c.prompts_understood >= 0.75,
            "{name}: {:.3} of prompts",
            c.prompts_understood
        );
        for p in &c.prompts {
            let scene = plan(&p.prompt, &OPTIONS).unwrap().scene;
            assert_eq!(scene.validate(), Ok(()), "{}", p.prompt);
        }
    }
}

#[test]
fn no_prompt_of_the_development_or_everyday_sets_needs_a_placeholder() {
    for text in [
        include_str!("dev_prompts.txt"),
        include_str!("everyday_prompts.txt"),
    ] {
        for prompt in plan::prompts(text) {
            let s = scene(prompt);
            let stand_ins: Vec<_> = s
                .entities
                .iter()
                .filter(|e| e.archetype == Archetype::Placeholder)
                .map(|e| e.label.clone().unwrap_or_default())
                .collect();
            assert!(stand_ins.is_empty(), "{prompt}: {stand_ins:?}");
        }
    }
}

#[test]
fn nouns_nobody_wrote_a_word_for_are_read_through_wordnet() {
    let read = plan(
        "A surgeon holding a scalpel in an operating room.",
        &OPTIONS,
    )
    .unwrap();
    let s = &read.scene;
    assert_eq!(s.cast.len(), 1, "{:?}", s.cast);
    find(s, kind("knife"));
    assert_eq!(s.environment.setting, scene::Setting::Room);
    assert!(read.unmapped.is_empty(), "{:?}", read.unmapped);
    // The closest kind is said to be only that.
    assert!(
        read.warnings.iter().any(|w| w.contains("scalpel")),
        "{:?}",
        read.warnings
    );
    let s = scene("Three hamsters in a blizzard.");
    let hamsters = s
        .entities
        .iter()
        .filter(|e| e.archetype == kind("mouse"))
        .count();
    assert_eq!(hamsters, 3, "{:?}", s.entities);
    assert_eq!(s.environment.weather, scene::Weather::Snow);
    // A noun WordNet knows as something unshowable is still not understood.
    let read = plan("A wedding in a garden.", &OPTIONS).unwrap();
    assert!(
        read.unmapped.contains(&"wedding".to_string()),
        "{:?}",
        read.unmapped
    );
}

#[test]
fn the_benchmark_style_prompts_do_not_lose_ground() {
    // Written before tuning (issue 16); 62.2% understood then, the goal is 90%.
    let text = include_str!("benchmark_style_prompts.txt");
    let c = plan::coverage(&plan::prompts(text), &OPTIONS).unwrap();
    assert!(c.prompts_understood >= 0.646, "{:.3}", c.prompts_understood);
}
