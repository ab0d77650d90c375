//! Layouts: where things go and what happens, for each kind of scene the planner stages.

use crate::PlanOptions;
use crate::lexicon::{Event, Film};
use crate::read::{Reading, Wanted};
use scene::{
    Action, Angle, Archetype, Camera, CastMember, Entity, Framing, Movement, Outcome, Scene,
    Setting, Shot, Verb,
};

/// Builds the scene for what the prompt says.
pub fn stage(reading: &Reading, options: &PlanOptions, unmapped: &mut Vec<String>) -> Scene {
    let mut s = Scene::new(options.seconds);
    let d = options.seconds;
    let strength = reading.strength.unwrap_or(1.0);
    let mut rng = Jitter(options.seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let staged = if reading.has(Archetype::Hoop)
        || (reading.event(Event::Shoot)
            && (reading.has(Archetype::Basketball) || reading.has(Archetype::Ball)))
    {
        Some(basketball(&mut s, reading, d))
    } else if reading.has(Archetype::Domino) {
        Some(dominoes(&mut s, reading, d, strength))
    } else if reading.has(Archetype::Pin) || reading.has(Archetype::BowlingBall) {
        Some(bowling(&mut s, reading, d, strength))
    } else if reading.has(Archetype::Crate) {
        Some(crates(&mut s, reading, d, strength))
    } else if reading.has(Archetype::Marble) {
        Some(marble_run(&mut s, reading, d))
    } else if reading.has(Archetype::PoolTable) || reading.has(Archetype::BilliardBall) {
        Some(billiards(&mut s, reading, strength))
    } else if reading.has(Archetype::Block) {
        Some(tower(&mut s, reading, d, strength, &mut rng))
    } else {
        None
    };
    let is_staged = staged.is_some();
    let (setting, camera, ids) = match staged {
        Some((setting, camera)) => {
            let ids = crate::direct::ids_by_kind(&s, reading);
            (setting, camera, ids)
        }
        None => crate::arrange::arrange(&mut s, reading, &mut rng),
    };
    s.environment.setting = reading.setting.unwrap_or(setting);
    if let Some(t) = reading.time {
        s.environment.time_of_day = t;
    }
    if let Some(w) = reading.weather {
        s.environment.weather = w;
    }
    if let Some(style) = reading.style {
        s.environment.style = style;
    }
    s.sounds = reading.sounds.clone();
    crate::direct::direct(&mut s, reading, camera, &ids, is_staged, unmapped);
    // However many huge things a prompt asks for, the world stays within its bounds.
    for e in &mut s.entities {
        e.position = e.position.map(|v| v.clamp(-450.0, 450.0));
    }
    s
}

/// Changes a finished scene where the prompt says so and keeps the rest (see
/// `crate::revise`).
pub fn revise(s: &mut Scene, reading: &Reading, unmapped: &mut Vec<String>) {
    if let Some(setting) = reading.setting {
        s.environment.setting = setting;
    }
    if let Some(t) = reading.time {
        s.environment.time_of_day = t;
    }
    if let Some(w) = reading.weather {
        s.environment.weather = w;
    }
    if let Some(style) = reading.style {
        s.environment.style = style;
    }
    if !reading.sounds.is_empty() {
        s.sounds = reading.sounds.clone();
    }
    for wanted in &reading.objects {
        // "the ball" is whatever ball the scene has (a basketball, a marble).
        let exact = s.entities.iter().any(|e| e.archetype == wanted.archetype);
        let mut matching = s
            .entities
            .iter_mut()
            .filter(|e| {
                e.archetype == wanted.archetype
                    || (!exact
                        && wanted.archetype == Archetype::Ball
                        && e.archetype.ball_radius().is_some())
            })
            .peekable();
        if matching.peek().is_none() {
            unmapped.push(format!(
                "{} (a remix keeps the original's things; ask for a new video to add one)",
                wanted.archetype.name()
            ));
        }
        for e in matching {
            e.color = wanted.color.or(e.color);
            e.material = wanted.material.or(e.material);
            if let Some(size) = wanted.size {
                e.size = size;
            }
        }
    }
    if let Some(person) = reading.people.first() {
        for e in s
            .entities
            .iter_mut()
            .filter(|e| e.archetype == Archetype::Person)
        {
            e.color = person.color.or(e.color);
        }
    }
    let outcome = if reading.event(Event::Make) {
        Some(Outcome::Hit)
    } else if reading.event(Event::Miss) {
        Some(Outcome::Miss)
    } else {
        None
    };
    for action in &mut s.actions {
        if let (Some(o), Verb::Shoot) = (outcome, action.verb) {
            action.outcome = o;
        }
        if let Some(strength) = reading.strength {
            action.strength = strength;
        }
    }
    for shot in &mut s.shots {
        apply_film(&mut shot.camera, &reading.film());
    }
}

/// Deterministic small variations.
pub struct Jitter(u64);

impl Jitter {
    /// A value in [-1, 1).
    pub fn next(&mut self) -> f32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 40) as f32 / (1u64 << 23) as f32 - 1.0
    }
}

/// Applies filming words to a camera.
pub fn apply_film(camera: &mut Camera, film: &[Film]) {
    for f in film {
        match *f {
            Film::Size(framing) => camera.framing = framing,
            Film::Angle(angle) => camera.angle = angle,
            Film::Move(movement) => camera.movement = movement,
            Film::SlowMotion | Film::Cut => {}
        }
    }
}

/// An entity with the prompt's qualities for its archetype.
pub fn entity(
    id: impl Into<String>,
    archetype: Archetype,
    at: [f32; 3],
    wanted: Option<&Wanted>,
) -> Entity {
    let mut e = Entity::new(id, archetype, at);
    if let Some(w) = wanted {
        e.color = w.color;
        e.size = w.size.unwrap_or(1.0);
        e.material = w.material;
        e.model = w.model.clone();
        if let Some(model) = w.model.as_ref().filter(|_| archetype == Archetype::Model) {
            e.fixed = model.is_fixture();
        }
    }
    e
}

/// A camera on these subjects.
pub fn camera(subjects: &[&str], framing: Framing, angle: Angle, azimuth: f32) -> Camera {
    Camera {
        subjects: subjects.iter().map(|s| s.to_string()).collect(),
        framing,
        angle,
        azimuth,
        ..Camera::default()
    }
}

/// A person facing `yaw_deg` (0 faces +x), cast with the prompt's description.
fn person(
    s: &mut Scene,
    reading: &Reading,
    id: &str,
    at: [f32; 3],
    yaw_deg: f32,
    description: &str,
) {
    let mut p = Entity::new(id, Archetype::Person, at);
    p.rotation = [0.0, yaw_deg, 0.0];
    let wanted = reading.people.first();
    p.color = wanted.and_then(|w| w.color);
    p.look = wanted
        .filter(|w| w.look != scene::PersonLook::default())
        .map(|w| w.look.clone());
    s.entities.push(p);
    // The prompt's own words ("a little girl") say more than the role ("a player").
    let description = wanted.map_or(description, |w| w.description.as_str());
    s.cast.push(CastMember {
        entity: id.into(),
        description: description.into(),
        cameo: wanted.and_then(|w| w.cameo.clone()),
    });
}

fn basketball(s: &mut Scene, reading: &Reading, d: f32) -> (Setting, Camera) {
    s.entities
        .push(Entity::new("hoop", Archetype::Hoop, [0.0, 0.0, 0.0]));
    person(
        s,
        reading,
        "player",
        [4.6, 0.0, 0.0],
        180.0,
        "a basketball player",
    );
    let ball = reading
        .wanted(Archetype::Basketball)
        .or(reading.wanted(Archetype::Ball));
    s.entities
        .push(entity("ball", Archetype::Basketball, [4.6, 1.0, 0.0], ball));
    let outcome = if reading.event(Event::Miss) {
        Outcome::Miss
    } else {
        Outcome::Hit
    };
    let at = (d * 0.2).clamp(0.3, 1.2);
    s.actions.push(Action {
        at,
        verb: Verb::Shoot,
        actor: Some("player".into()),
        object: "ball".into(),
        target: Some("hoop".into()),
        outcome,
        strength: 1.0,
    });
    (
        Setting::BasketballCourt,
        camera(
            &["player", "ball", "hoop"],
            Framing::Wide,
            Angle::EyeLevel,
            8.0,
        ),
    )
}

fn dominoes(s: &mut Scene, reading: &Reading, d: f32, strength: f32) -> (Setting, Camera) {
    let wanted = reading.wanted(Archetype::Domino);
    let n = wanted.and_then(|w| w.count).unwrap_or(10).clamp(2, 40) as usize;
    let size = wanted.and_then(|w| w.size).unwrap_or(1.0);
    let spacing = 0.07 * size;
    let on_table = reading.has(Archetype::Table);
    let height = if on_table { 0.775 } else { 0.0 };
    if on_table {
        let mut table = entity(
            "table",
            Archetype::Table,
            [0.0; 3],
            reading.wanted(Archetype::Table),
        );
        table.size = table.size.max(spacing * n as f32 / 1.4);
        s.entities.push(table);
    }
    let start = -(n as f32 - 1.0) * spacing / 2.0;
    let ids: Vec<String> = (0..n).map(|i| format!("domino{}", i + 1)).collect();
    for (i, id) in ids.iter().enumerate() {
        s.entities.push(entity(
            id.clone(),
            Archetype::Domino,
            [start + i as f32 * spacing, height, 0.0],
            wanted,
        ));
    }
    s.actions.push(Action {
        at: (d * 0.15).min(0.8),
        verb: Verb::Push,
        actor: None,
        object: ids[0].clone(),
        target: Some(ids[n - 1].clone()),
        outcome: Outcome::Hit,
        strength,
    });
    let subjects: Vec<&str> = ids.iter().map(String::as_str).collect();
    (
        Setting::Room,
        camera(&subjects, Framing::Medium, Angle::High, 28.0),
    )
}

fn bowling(s: &mut Scene, reading: &Reading, d: f32, strength: f32) -> (Setting, Camera) {
    let head = 8.0;
    let mut pins = Vec::new();
    for row in 0..4 {
        for k in 0..=row {
            let id = format!("pin{}", pins.len() + 1);
            let at = [
                head + row as f32 * 0.264,
                0.0,
                (k as f32 - row as f32 / 2.0) * 0.305,
            ];
            s.entities.push(entity(
                id.clone(),
                Archetype::Pin,
                at,
                reading.wanted(Archetype::Pin),
            ));
            pins.push(id);
        }
    }
    // Into the pocket, just right of the head pin.
    s.entities.push(entity(
        "ball",
        Archetype::BowlingBall,
        [0.0, 0.0, 0.07],
        reading.wanted(Archetype::BowlingBall),
    ));
    let at = (d * 0.08).min(0.4);
    let actor = (!reading.people.is_empty()).then(|| {
        person(s, reading, "bowler", [-0.7, 0.0, -0.25], 0.0, "a bowler");
        "bowler".to_string()
    });
    s.actions.push(Action {
        at,
        verb: Verb::Roll,
        actor,
        object: "ball".into(),
        target: Some("pin1".into()),
        outcome: Outcome::Hit,
        strength,
    });
    let arrival = at + (head - 0.4) / (7.5 * strength);
    let mut follow = camera(&["ball"], Framing::Medium, Angle::High, 70.0);
    follow.movement = Movement::Follow;
    let pin_ids: Vec<&str> = pins.iter().map(String::as_str).collect();
    let mut cut = (arrival - 0.35).max(0.5);
    if cut >= d - 0.5 {
        cut = d * 0.5;
    }
    s.shots = vec![
        Shot {
            start: 0.0,
            speed: 1.0,
            camera: follow,
        },
        Shot {
            start: cut,
            speed: 1.0,
            camera: camera(&pin_ids, Framing::Wide, Angle::High, 45.0),
        },
    ];
    apply_film(&mut s.shots[1].camera, &reading.shots[0].film);
    (Setting::BowlingAlley, s.shots[0].camera.clone())
}

fn crates(s: &mut Scene, reading: &Reading, d: f32, strength: f32) -> (Setting, Camera) {
    let wanted = reading.wanted(Archetype::Crate);
    let n = wanted.and_then(|w| w.count).unwrap_or(6).clamp(1, 21) as usize;
    let size = wanted.and_then(|w| w.size).unwrap_or(1.0);
    let side = 0.5 * size;
    // Columns up to three crates high, side by side, the middle one nearest the ball.
    let columns = n.div_ceil(3);
    let mut ids = Vec::new();
    let mut bottoms = Vec::new();
    for k in 0..n {
        let (column, level) = (k % columns, k / columns);
        let z = (column as f32 - (columns - 1) as f32 / 2.0) * side * 1.02;
        let id = format!("crate{}", k + 1);
        s.entities.push(entity(
            id.clone(),
            Archetype::Crate,
            [0.0, level as f32 * side, z],
            wanted,
        ));
        if level == 0 {
            bottoms.push(id.clone());
        }
        ids.push(id);
    }
    let hitter = [
        Archetype::SoccerBall,
        Archetype::Ball,
        Archetype::Basketball,
        Archetype::BowlingBall,
    ]
    .into_iter()
    .find(|a| reading.has(*a))
    .unwrap_or(Archetype::SoccerBall);
    s.entities.push(entity(
        "ball",
        hitter,
        [3.5, 0.0, 0.0],
        reading.wanted(hitter),
    ));
    let bottom_middle = bottoms[(bottoms.len() - 1) / 2].clone();
    s.actions.push(Action {
        at: (d * 0.12).min(0.6),
        verb: Verb::Kick,
        actor: None,
        object: "ball".into(),
        target: Some(bottom_middle),
        outcome: Outcome::Hit,
        strength: (4.0 * strength).min(5.0),
    });
    let mut subjects: Vec<&str> = ids.iter().map(String::as_str).collect();
    subjects.push("ball");
    (
        Setting::Room,
        camera(&subjects, Framing::Wide, Angle::EyeLevel, 35.0),
    )
}

fn marble_run(s: &mut Scene, reading: &Reading, d: f32) -> (Setting, Camera) {
    let top = 0.775;
    s.entities.push(entity(
        "table",
        Archetype::Table,
        [0.0; 3],
        reading.wanted(Archetype::Table),
    ));
    s.entities.push(entity(
        "ramp",
        Archetype::Ramp,
        [-0.15, top, 0.0],
        reading.wanted(Archetype::Ramp),
    ));
    // On the plank near its high end: the plank's top at local x is rise + 0.036 − x tan 20°.
    let x = -0.48f32;
    let y = top + 0.6 * 20f32.to_radians().sin() + 0.036 - x * 20f32.to_radians().tan();
    s.entities.push(entity(
        "marble",
        Archetype::Marble,
        [x - 0.15, y + 0.002, 0.0],
        reading.wanted(Archetype::Marble),
    ));
    // Where the marble comes down, found by simulating this layout.
    let mut bowl = entity(
        "bowl",
        Archetype::Bowl,
        [1.36, 0.0, 0.0],
        reading.wanted(Archetype::Bowl),
    );
    bowl.size = bowl.size.max(2.2);
    s.entities.push(bowl);
    s.actions.push(Action {
        at: (d * 0.1).min(0.5),
        verb: Verb::Drop,
        actor: None,
        object: "marble".into(),
        target: None,
        outcome: Outcome::Hit,
        strength: 1.0,
    });
    (
        Setting::Room,
        camera(
            &["ramp", "marble", "bowl"],
            Framing::Medium,
            Angle::EyeLevel,
            15.0,
        ),
    )
}

fn billiards(s: &mut Scene, reading: &Reading, strength: f32) -> (Setting, Camera) {
    s.entities.push(entity(
        "table",
        Archetype::PoolTable,
        [0.0; 3],
        reading.wanted(Archetype::PoolTable),
    ));
    let top = 0.8;
    let wanted = reading.wanted(Archetype::BilliardBall);
    // Two balls rolling at each other meet with a glancing blow (their paths 0.05 m
    // apart, 87 % of a ball's diameter): each turns aside, towards opposite corners.
    let speed = 1.6 * strength;
    let mut cue = entity(
        "cue_ball",
        Archetype::BilliardBall,
        [-0.35, top, 0.025],
        None,
    );
    cue.velocity = [speed, 0.0, 0.0];
    let mut object = entity(
        "object_ball",
        Archetype::BilliardBall,
        [0.35, top, -0.025],
        wanted,
    );
    object.velocity = [-speed, 0.0, 0.0];
    if object.color.is_none() {
        object.color = scene::Color::named("red");
    }
    s.entities.push(cue);
    s.entities.push(object);
    (
        Setting::Room,
        camera(
            &["table", "cue_ball", "object_ball"],
            Framing::Medium,
            Angle::High,
            10.0,
        ),
    )
}

fn tower(
    s: &mut Scene,
    reading: &Reading,
    d: f32,
    strength: f32,
    rng: &mut Jitter,
) -> (Setting, Camera) {
    let wanted = reading.wanted(Archetype::Block);
    let n = wanted.and_then(|w| w.count).unwrap_or(12).clamp(2, 40) as usize;
    let size = wanted.and_then(|w| w.size).unwrap_or(2.0);
    let mut ids = Vec::new();
    for i in 0..n {
        let id = format!("block{}", i + 1);
        let mut b = entity(
            id.clone(),
            Archetype::Block,
            [rng.next() * 0.006 * size, i as f32 * 0.06 * size, 0.0],
            wanted,
        );
        b.size = size;
        // Alternate the blocks' direction, as people build towers.
        b.rotation = [0.0, if i % 2 == 0 { 0.0 } else { 90.0 }, 0.0];
        s.entities.push(b);
        ids.push(id);
    }
    s.actions.push(Action {
        at: (d * 0.2).min(1.0),
        verb: Verb::Push,
        actor: None,
        object: ids[n - 1].clone(),
        target: None,
        outcome: Outcome::Hit,
        strength: 0.5 * strength,
    });
    let subjects: Vec<&str> = ids.iter().map(String::as_str).collect();
    (
        Setting::Room,
        camera(&subjects, Framing::Wide, Angle::EyeLevel, 20.0),
    )
}
