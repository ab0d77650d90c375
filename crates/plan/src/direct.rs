//! Directing: the shots and their timing, what the characters and things do and when,
//! who says each line, and who looks at the camera.

use crate::layout::apply_film;
use crate::lexicon::{Event, Film};
use crate::read::{Act, Deed, Reading, Ref};
use scene::{Action, Archetype, Camera, Class, DialogueLine, Outcome, Scene, Shot, Verb};
use std::collections::HashMap;

/// The entity ids each thing or person the prompt names became.
pub type Ids = HashMap<Ref, Vec<String>>;

/// Playback speed of a slow-motion shot.
const SLOW_MOTION: f32 = 0.25;

/// Finds what each named thing became in a scene a purpose-built layout staged.
pub fn ids_by_kind(s: &Scene, reading: &Reading) -> Ids {
    let mut ids = Ids::new();
    for (i, w) in reading.objects.iter().enumerate() {
        let mut found: Vec<String> = s
            .entities
            .iter()
            .filter(|e| e.archetype == w.archetype)
            .map(|e| e.id.clone())
            .collect();
        // "the ball" is whatever ball the layout used.
        if found.is_empty() && w.archetype == Archetype::Ball {
            found = s
                .entities
                .iter()
                .filter(|e| e.archetype.ball_radius().is_some())
                .map(|e| e.id.clone())
                .collect();
        }
        if !found.is_empty() {
            ids.insert(Ref::Object(i), found);
        }
    }
    let people = people_ids(s);
    for p in 0..reading.people.len() {
        if let Some(id) = people.get(p).or(people.last()) {
            ids.insert(Ref::Person(p), vec![id.clone()]);
        }
    }
    ids
}

/// Start and end of each shot: lengths the prompt gives are kept (scaled down if they
/// add up to more than the film), the rest share what is left.
fn windows(reading: &Reading, duration: f32) -> Vec<(f32, f32)> {
    let given: f32 = reading.shots.iter().filter_map(|s| s.seconds).sum();
    let open = reading.shots.iter().filter(|s| s.seconds.is_none()).count();
    let scale = if given > duration * 0.9 || (open == 0 && given > 0.0) {
        duration / given.max(1e-3) * if open == 0 { 1.0 } else { 0.8 }
    } else {
        1.0
    };
    let rest = (duration - given * scale).max(0.0) / open.max(1) as f32;
    let mut start = 0.0;
    reading
        .shots
        .iter()
        .map(|s| {
            let length = s.seconds.map_or(rest, |g| g * scale);
            let w = (start, (start + length).min(duration));
            start += length;
            w
        })
        .collect()
}

/// When each deed happens: a time the prompt gives, or evenly through its shot by order.
fn deed_times(reading: &Reading, windows: &[(f32, f32)], duration: f32) -> Vec<f32> {
    let latest = (duration - 0.3).max(0.0);
    reading
        .deeds
        .iter()
        .map(|deed| {
            let (a, b) = windows[deed.shot.min(windows.len() - 1)];
            let span = (b - a).max(0.1);
            let steps = reading
                .deeds
                .iter()
                .filter(|d| d.shot == deed.shot)
                .map(|d| d.step)
                .max()
                .unwrap_or(0);
            let t = match (deed.at, deed.share) {
                (Some(at), _) => a + at,
                (None, Some(share)) => a + share * span,
                (None, None) => {
                    let lead = (0.12 * span).min(0.6);
                    let gap = (span - lead) / (steps + 1) as f32;
                    a + lead + gap * deed.step as f32
                }
            };
            t.clamp(0.0, latest)
        })
        .collect()
}

/// Sets the shots, the timed deeds, the dialogue and the gaze.
pub fn direct(
    s: &mut Scene,
    reading: &Reading,
    camera: Camera,
    ids: &Ids,
    staged: bool,
    unmapped: &mut Vec<String>,
) {
    let d = s.duration;
    let windows = windows(reading, d);
    let speed = |film: &[Film]| {
        if film.contains(&Film::SlowMotion) {
            SLOW_MOTION
        } else {
            1.0
        }
    };
    if reading.shots.len() == 1 {
        if !(staged && s.shots.len() > 1) {
            s.shots[0].camera = camera;
            apply_film(&mut s.shots[0].camera, &reading.shots[0].film);
            let first = reading.shots[0].subjects.first().and_then(|r| ids.get(r));
            let mut camera = s.shots[0].camera.clone();
            close_on_first(&mut camera, first, s);
            s.shots[0].camera = camera;
        }
        s.shots[0].speed = speed(&reading.shots[0].film);
    } else {
        s.shots = reading
            .shots
            .iter()
            .zip(&windows)
            .map(|(plan, &(start, _))| {
                let mut camera = camera.clone();
                let mut subjects: Vec<String> = plan
                    .subjects
                    .iter()
                    .filter_map(|r| ids.get(r))
                    .flatten()
                    .cloned()
                    .collect();
                subjects.dedup();
                if !subjects.is_empty() {
                    camera.subjects = subjects;
                }
                apply_film(&mut camera, &plan.film);
                close_on_first(
                    &mut camera,
                    plan.subjects.first().and_then(|r| ids.get(r)),
                    s,
                );
                Shot {
                    start,
                    camera,
                    speed: speed(&plan.film),
                }
            })
            .collect();
    }
    let times = deed_times(reading, &windows, d);
    for (deed, &at) in reading.deeds.iter().zip(&times) {
        match deed.act {
            Act::Say(k) => say(s, deed, at, ids, &reading.quotes[k], unmapped),
            // A purpose-built layout stages the physics itself; people's gestures are added.
            Act::Verb(v) if staged && !v.is_gesture() => {}
            Act::Event(_) if staged => {}
            _ => {
                let mover = deed.agent.or(deed.object);
                let inside = reading.placements.iter().any(|p| {
                    Some(p.subject) == mover && p.relation == crate::lexicon::Relation::Inside
                });
                // Everyone who does it: "a feather and a hammer fall".
                let mut actions = perform(s, deed, at, ids, inside);
                for &other in &deed.also {
                    let mut theirs = deed.clone();
                    theirs.agent = Some(other);
                    if deed.object == deed.agent {
                        theirs.object = Some(other);
                    }
                    actions.extend(perform(s, &theirs, at, ids, inside));
                }
                if actions.is_empty() {
                    unmapped.push(format!("{} (nothing here can do that)", act_name(deed.act)));
                }
                for action in actions {
                    let fixed = s.entity(&action.object).is_some_and(|e| e.fixed);
                    if fixed && !action.verb.is_gesture() {
                        unmapped.push(format!(
                            "{:?} {} (it is fixed in place)",
                            action.verb, action.object
                        ));
                    } else {
                        s.actions.push(action);
                    }
                }
            }
        }
    }
    // A thing sent flying and then said to break breaks when it strikes something.
    let launched: Vec<(String, f32)> = s
        .actions
        .iter()
        .filter(|a| {
            matches!(
                a.verb,
                Verb::Drop | Verb::Push | Verb::Kick | Verb::Throw | Verb::Roll | Verb::Shoot
            )
        })
        .map(|a| (a.object.clone(), a.at))
        .collect();
    for a in s.actions.iter_mut().filter(|a| a.verb == Verb::Break) {
        if let Some((_, at)) = launched
            .iter()
            .filter(|(o, at)| *o == a.object && *at < a.at)
            .min_by(|x, y| x.1.total_cmp(&y.1))
        {
            a.at = (at + 0.25).min(d - 0.1);
        }
    }
    s.actions.sort_by(|a, b| a.at.total_cmp(&b.at));
    exchange(s);
    if reading.shots.len() == 1 && reading.shots[0].film.is_empty() && !staged {
        frame_dialogue(s);
    }
    // Facing the viewer: turned towards the first shot's camera.
    let azimuth = s.shots[0].camera.azimuth;
    for r in &reading.facing_camera {
        for id in ids.get(r).into_iter().flatten() {
            if let Some(e) = s.entities.iter_mut().find(|e| &e.id == id) {
                e.rotation[1] = azimuth - 90.0;
            }
        }
    }
}

/// A shot lasts at least this long when the camera follows a conversation.
const SHORTEST_BEAT: f32 = 1.2;

/// Films talk as films do, when the prompt said nothing of the camera and nothing but
/// people talking and reacting happens: one person speaking gets a close shot facing them;
/// two people get a shot of both, then a shot of whoever speaks or reacts, from in front
/// of them and a little to the side (shot and reverse shot).
fn frame_dialogue(s: &mut Scene) {
    if s.dialogue.is_empty() || s.actions.iter().any(|a| !a.verb.is_gesture()) {
        return;
    }
    let people = people_ids(s);
    let facing = |id: &str, side: f32| {
        let yaw = s.entity(id).map_or(0.0, |e| e.rotation[1]);
        yaw + 90.0 + side
    };
    let close = |id: &str, side: f32| Camera {
        subjects: vec![id.to_string()],
        framing: scene::Framing::CloseUp,
        azimuth: facing(id, side),
        ..s.shots[0].camera.clone()
    };
    let speakers: Vec<&str> = s.dialogue.iter().map(|l| l.speaker.as_str()).collect();
    if people.len() == 1 {
        s.shots[0].camera = close(&people[0], 0.0);
        return;
    }
    if people.len() != 2 || !speakers.iter().all(|sp| people.iter().any(|p| p == sp)) {
        return;
    }
    // Who holds the screen when: each line's speaker, and whoever reacts after the first
    // line (laughs, nods, waves).
    let first_line = s.dialogue.iter().map(|l| l.at).fold(f32::MAX, f32::min);
    let mut beats: Vec<(f32, String)> = s
        .dialogue
        .iter()
        .map(|l| (l.at, l.speaker.clone()))
        .chain(
            s.actions
                .iter()
                .filter(|a| a.at > first_line && people.contains(&a.object))
                .map(|a| (a.at - 0.3, a.object.clone())),
        )
        .collect();
    beats.sort_by(|a, b| a.0.total_cmp(&b.0));
    let two_shot = Camera {
        subjects: people.clone(),
        framing: scene::Framing::Medium,
        ..s.shots[0].camera.clone()
    };
    let mut shots = vec![Shot {
        start: 0.0,
        camera: two_shot,
        speed: 1.0,
    }];
    for (at, who) in beats {
        let last = shots.last().expect("the two-shot comes first");
        let same = last.camera.subjects == [who.clone()];
        // A beat too soon after the last cut waits for the shot to have lasted.
        let at = at.max(last.start + SHORTEST_BEAT);
        if same || at > s.duration - SHORTEST_BEAT {
            continue;
        }
        // Each from the side they turn to, towards the other: their face, not their ear.
        let other = people
            .iter()
            .find(|p| **p != who)
            .map_or("", |p| p.as_str());
        let side = towards(s, &who, other) * CLOSE_SIDE;
        shots.push(Shot {
            start: at.max(0.0),
            camera: close(&who, side),
            speed: 1.0,
        });
    }
    s.shots = shots;
}

/// Degrees to the side of a speaker's front a close shot of them is filmed from.
const CLOSE_SIDE: f32 = 35.0;

/// 1 when `other` is to the left of `who`'s front as a camera's azimuth turns (towards
/// +x for someone facing +z), -1 when to the right.
fn towards(s: &Scene, who: &str, other: &str) -> f32 {
    let (Some(a), Some(b)) = (s.entity(who), s.entity(other)) else {
        return 1.0;
    };
    let front = (a.rotation[1] + 90.0).to_radians();
    let d = [b.position[0] - a.position[0], b.position[2] - a.position[2]];
    // The front's direction is (sin, cos) of its azimuth; the other is on the side the
    // cross product's sign says.
    let cross = front.cos() * d[0] - front.sin() * d[1];
    if cross >= 0.0 { 1.0 } else { -1.0 }
}

/// Seconds from a throw between people to the catch: the flight of a ball over the five
/// metres the layout puts between them, less the catcher's reach.
const CATCH_AFTER: f32 = 0.5;
/// Seconds between throws in a game of catch.
const RALLY_EVERY: f32 = 2.0;

/// The ids of the people in the scene, in order.
fn people_ids(s: &Scene) -> Vec<String> {
    s.entities
        .iter()
        .filter(|e| e.archetype == Archetype::Person)
        .map(|e| e.id.clone())
        .collect()
}

/// Throws between people become exchanges the simulation can catch. "Play catch" is a
/// rally of throws back and forth; a throw to someone who then catches it is caught as it
/// arrives; a throw with no target by someone who caught it ("throws it back") goes back
/// to who threw it to them. `s.actions` is in time order and stays so.
fn exchange(s: &mut Scene) {
    let people = people_ids(s);
    let is_person = |id: &Option<String>| id.as_ref().is_some_and(|id| people.contains(id));
    // "play catch": people who both play and catch the same thing, which nobody throws.
    let players: Vec<(String, String, f32)> = s
        .actions
        .iter()
        .filter(|a| a.verb == Verb::Catch && is_person(&a.actor))
        .filter_map(|catch| {
            let actor = catch.actor.clone()?;
            let play = s
                .actions
                .iter()
                .find(|a| a.verb == Verb::Play && a.actor.as_deref() == Some(&actor))?;
            Some((actor, catch.object.clone(), play.at))
        })
        .collect();
    if let [(first, ball, start), (second, other_ball, _), ..] = &players[..]
        && ball == other_ball
        && first != second
        && !s
            .actions
            .iter()
            .any(|a| a.verb == Verb::Throw && &a.object == ball)
    {
        let pair = [first.clone(), second.clone()];
        s.actions.retain(|a| {
            !(matches!(a.verb, Verb::Play | Verb::Catch)
                && a.actor.as_ref().is_some_and(|p| pair.contains(p)))
        });
        let mut at = *start;
        let mut k = 0;
        while at + CATCH_AFTER + 0.5 < s.duration {
            let (thrower, catcher) = (&pair[k % 2], &pair[(k + 1) % 2]);
            s.actions.push(exchange_action(
                Verb::Throw,
                thrower,
                ball,
                Some(catcher),
                at,
            ));
            s.actions.push(exchange_action(
                Verb::Catch,
                catcher,
                ball,
                None,
                at + CATCH_AFTER,
            ));
            at += RALLY_EVERY;
            k += 1;
        }
        s.actions.sort_by(|a, b| a.at.total_cmp(&b.at));
        return;
    }
    // A throw to someone, then their catch: caught as it arrives, and thrown back.
    let last = s.duration - 0.2;
    for i in 0..s.actions.len() {
        let throw = s.actions[i].clone();
        if throw.verb != Verb::Throw || !is_person(&throw.actor) {
            continue;
        }
        let Some(catch) = s.actions[i + 1..]
            .iter()
            .position(|a| a.verb == Verb::Catch && a.object == throw.object && is_person(&a.actor))
        else {
            continue;
        };
        let catch = i + 1 + catch;
        let catcher = s.actions[catch].actor.clone();
        if throw.target.is_some() && throw.target != catcher {
            continue;
        }
        s.actions[i].target = catcher.clone();
        s.actions[catch].at = throw.at + CATCH_AFTER;
        if let Some(back) = s.actions[catch + 1..]
            .iter_mut()
            .find(|a| a.verb == Verb::Throw && a.object == throw.object)
            && back.actor == catcher
        {
            back.target = back.target.take().or(throw.actor.clone());
            back.at = back.at.max(throw.at + RALLY_EVERY).min(last);
        }
    }
    s.actions.sort_by(|a, b| a.at.total_cmp(&b.at));
}

fn exchange_action(
    verb: Verb,
    actor: &str,
    object: &str,
    target: Option<&String>,
    at: f32,
) -> Action {
    Action {
        at,
        verb,
        actor: Some(actor.to_string()),
        object: object.to_string(),
        target: target.cloned(),
        outcome: Outcome::Hit,
        strength: 1.0,
    }
}

/// A close-up is of one thing: the first the shot names. A point-of-view shot looks out of
/// the eyes of the first person among its subjects.
fn close_on_first(camera: &mut Camera, first: Option<&Vec<String>>, s: &Scene) {
    if camera.angle == scene::Angle::Pov
        && let Some(k) = camera.subjects.iter().position(|id| {
            s.entity(id)
                .is_some_and(|e| e.archetype == Archetype::Person)
        })
    {
        let person = camera.subjects.remove(k);
        camera.subjects.insert(0, person);
        return;
    }
    let close = matches!(
        camera.framing,
        scene::Framing::CloseUp | scene::Framing::ExtremeCloseUp
    );
    if let (true, Some(ids)) = (close, first) {
        camera.subjects = ids.iter().take(1).cloned().collect();
    }
}

/// The name of what a deed does, for reports.
fn act_name(act: Act) -> String {
    let name = match act {
        Act::Verb(v) => serde_json::to_value(v).ok(),
        Act::Event(e) => Some(serde_json::Value::String(format!("{e:?}").to_lowercase())),
        Act::Say(_) => None,
    };
    name.and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// A quoted line, said by its speaker (or the first character) at its moment.
fn say(s: &mut Scene, deed: &Deed, at: f32, ids: &Ids, text: &str, unmapped: &mut Vec<String>) {
    let speaker = deed
        .agent
        .filter(|r| matches!(r, Ref::Person(_)))
        .and_then(|r| ids.get(&r))
        .and_then(|v| v.first().cloned())
        .or_else(|| s.cast.first().map(|c| c.entity.clone()));
    let Some(speaker) = speaker else {
        unmapped.push(format!("\"{text}\" (no one to say it)"));
        return;
    };
    // A line starts after the one before it ends (about three words a second).
    let after = s.dialogue.last().map_or(0.0, |l| {
        l.at + 0.3 * l.text.split_whitespace().count() as f32 + 0.2
    });
    s.dialogue.push(DialogueLine {
        at: at.max(after).min(s.duration - 0.5).max(0.0),
        speaker,
        text: text.to_string(),
        emotion: deed.emotion,
    });
}

/// The actions a deed becomes.
fn perform(s: &Scene, deed: &Deed, at: f32, ids: &Ids, placed_inside: bool) -> Vec<Action> {
    let first = |r: Option<Ref>| r.and_then(|r| ids.get(&r)).and_then(|v| v.first().cloned());
    let all = |r: Option<Ref>| r.and_then(|r| ids.get(&r)).cloned().unwrap_or_default();
    let is_person = |r: Option<Ref>| matches!(r, Some(Ref::Person(_)));
    let class = |id: &str| s.entity(id).and_then(|e| e.archetype.class());
    let body = |id: &str| s.entity(id).and_then(|e| e.archetype.body());
    let actor = deed
        .agent
        .filter(|_| is_person(deed.agent))
        .and_then(|a| first(Some(a)));
    // The thing acted on: the object, or the agent when it is a lifeless thing ("the ball
    // rolls", "it hits the net": then what it meets is the target).
    let lifeless = |id: &str| s.entity(id).is_some_and(|e| !e.archetype.is_alive());
    let agent_is_thing = first(deed.agent).is_some_and(|id| lifeless(&id));
    let (thing, target) = match (agent_is_thing, deed.act) {
        (true, Act::Event(_)) => (deed.agent, first(deed.object.or(deed.target))),
        (true, _) if deed.object.is_none() => (deed.agent, first(deed.target)),
        _ => (deed.object, first(deed.target)),
    };
    let action =
        |verb: Verb, object: String, actor: Option<String>, target: Option<String>| Action {
            at,
            verb,
            actor,
            object,
            target,
            outcome: if deed.miss {
                Outcome::Miss
            } else {
                Outcome::Hit
            },
            strength: deed.strength.clamp(0.1, 5.0),
        };
    let each = |verb: Verb, r: Option<Ref>, actor: Option<String>| -> Vec<Action> {
        all(r)
            .into_iter()
            .enumerate()
            .map(|(k, id)| Action {
                at: (at + 0.25 * k as f32).min(s.duration - 0.1),
                ..action(verb, id, actor.clone(), target.clone())
            })
            .collect()
    };
    match deed.act {
        Act::Say(_) => Vec::new(),
        Act::Event(e) => {
            let verb = match e {
                Event::Shoot => Verb::Shoot,
                Event::Throw => Verb::Throw,
                Event::Kick => Verb::Kick,
                Event::Roll => Verb::Roll,
                Event::Push | Event::Collapse => Verb::Push,
                Event::Drop => Verb::Drop,
                Event::Collide => Verb::Roll,
                Event::Miss | Event::Make => return Vec::new(),
            };
            // Something falling with nothing named: the person themself falls.
            if e == Event::Drop && thing.is_none() {
                return actor
                    .map(|a| vec![action(Verb::Fall, a.clone(), Some(a), None)])
                    .unwrap_or_default();
            }
            // "hits the ground": a lifeless thing striking nothing named falls.
            if matches!(e, Event::Kick | Event::Collide) && agent_is_thing && target.is_none() {
                return each(Verb::Drop, thing, None);
            }
            let thing = thing.or(deed.target);
            // Knocking on a door is a gesture, not a push; "knocks twice" knocks on what
            // the knocker just went to.
            let knocked = first(thing).or_else(|| {
                s.actions
                    .iter()
                    .rev()
                    .find(|a| a.object == actor.clone().unwrap_or_default())
                    .and_then(|a| a.target.clone())
            });
            if let Some(id) = knocked
                && e == Event::Push
                && actor.is_some()
                && (thing.is_none() || s.entity(&id).is_some_and(|x| x.fixed))
            {
                return vec![action(Verb::Knock, id, actor, None)];
            }
            let flat = |id: &str| body(id) == Some(scene::Body::Disc);
            let verb = match (verb, thing.and_then(|t| first(Some(t)))) {
                (Verb::Roll, Some(id)) if class(&id) == Some(Class::Vehicle) => Verb::Drive,
                // A struck puck slides along the ice rather than flying.
                (Verb::Kick, Some(id)) if flat(&id) => Verb::Roll,
                (v, _) => v,
            };
            let actor = actor.filter(|_| verb != Verb::Drop);
            // "knocks a cup off the table": pushed off what it stands on, hard enough to go.
            let support = first(thing)
                .and_then(|id| s.entity(&id).map(|e| e.position[1]))
                .is_some_and(|y| y > 0.05)
                && target
                    .as_deref()
                    .and_then(|t| s.entity(t))
                    .is_some_and(|t| t.position[1] < 0.05);
            let mut out: Vec<Action> = each(verb, thing, actor)
                .into_iter()
                .map(|mut a| {
                    if verb == Verb::Push && support {
                        a.target = None;
                        a.strength = (a.strength * 2.0).min(5.0);
                    }
                    a
                })
                .collect();
            // An animal goes to what it knocks.
            if let (Some(animal), Some(goal)) = (first(deed.agent), first(thing))
                && !agent_is_thing
                && !is_person(deed.agent)
            {
                let walk = (at - 1.5).max(0.0);
                for a in &mut out {
                    a.at = a.at.max(walk + 1.5).min(s.duration - 0.1);
                }
                out.insert(
                    0,
                    Action {
                        at: walk,
                        ..action(Verb::Walk, animal, None, Some(goal))
                    },
                );
            }
            out
        }
        Act::Verb(v) if v.travel_speed().is_some() => {
            let mover = deed.agent.or(deed.object);
            // A boat that glides sails on the water.
            let boat = first(mover).is_some_and(|id| body(&id) == Some(scene::Body::Boat));
            let v = if boat && v == Verb::Fly {
                Verb::Drive
            } else {
                v
            };
            // A thing floating in a tub stays in it.
            if v == Verb::Swim && target.is_none() && placed_inside {
                return Vec::new();
            }
            let mut out = each(v, mover, None);
            // "rides a bicycle": the ride goes too.
            if is_person(deed.agent)
                && let Some(id) = first(deed.object)
                && class(&id) == Some(Class::Vehicle)
            {
                out.extend(each(v, deed.object, None));
            }
            out
        }
        Act::Verb(v @ (Verb::Spin | Verb::Launch | Verb::Break | Verb::Jump)) => {
            let subject = if v == Verb::Jump || agent_is_thing {
                deed.agent.or(deed.object)
            } else {
                thing.or(deed.agent)
            };
            // Fireworks go up before they burst.
            let rocket = first(subject).is_some_and(|id| body(&id) == Some(scene::Body::Rocket));
            if v == Verb::Break && rocket {
                let mut out: Vec<Action> = each(Verb::Launch, subject, None)
                    .into_iter()
                    .map(|a| Action { strength: 5.0, ..a })
                    .collect();
                out.extend(
                    each(Verb::Break, subject, None)
                        .into_iter()
                        .map(|a| Action {
                            at: (a.at + 1.5).min(s.duration - 0.1),
                            strength: 5.0,
                            ..a
                        }),
                );
                return out;
            }
            each(v, subject, None)
        }
        // Only people swing, wave or knock; a swinging pendulum is not simulated.
        Act::Verb(_) if !is_person(deed.agent) && deed.agent.is_some() && agent_is_thing => {
            Vec::new()
        }
        Act::Verb(v) => match actor {
            Some(a) => {
                let object = first(deed.object).unwrap_or_else(|| a.clone());
                vec![action(v, object, Some(a), target)]
            }
            // An animal catching leaps for it; one sitting or sleeping lies down.
            None if v == Verb::Catch => each(Verb::Jump, deed.agent, None),
            None if matches!(v, Verb::Sit | Verb::Sleep) && !agent_is_thing => {
                each(v, deed.agent, None)
            }
            None => Vec::new(),
        },
    }
}
