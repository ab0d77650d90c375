//! The general layout: everything the prompt names, placed where the prompt says
//! ("on the table", "next to the door") or in a sensible arrangement, with people beside
//! the action and travellers starting where their journey crosses the frame.

use crate::direct::Ids;
use crate::layout::{Jitter, camera, entity};
use crate::lexicon::{Event, Relation};
use crate::read::{Act, Reading, Ref};
use scene::{Angle, Archetype, Body, CastMember, Class, Entity, Framing, Movement, Setting, Verb};

/// Half-sizes of a part's box along x, y and z (turned parts: their bounding sphere).
fn half_box(p: &scene::Part) -> [f32; 3] {
    if p.rotation == [0.0, 0.0, 0.0, 1.0] {
        p.shape.half_extents()
    } else {
        [p.shape.bounding_radius(); 3]
    }
}

/// Half-length (x), height and half-width (z) of an entity, from its parts.
pub fn extent(e: &Entity) -> (f32, f32, f32) {
    e.parts()
        .iter()
        .fold((0.05f32, 0.05f32, 0.05f32), |(x, y, z), p| {
            let h = half_box(p);
            (
                x.max(p.offset[0].abs() + h[0]),
                y.max(p.offset[1] + h[1]),
                z.max(p.offset[2].abs() + h[2]),
            )
        })
}

/// The height of a container's floor: the top of its lowest part.
fn floor(e: &Entity) -> f32 {
    e.parts()
        .iter()
        .map(|p| (p.offset[1] - half_box(p)[1], p.offset[1] + half_box(p)[1]))
        .fold((f32::MAX, 0.0), |best, (bottom, top)| {
            if bottom < best.0 { (bottom, top) } else { best }
        })
        .1
}

/// The setting that suits what is named, when the prompt names none.
fn setting_for(reading: &Reading) -> Setting {
    let afloat = reading.objects.iter().any(|o| {
        matches!(
            o.archetype.body(),
            Some(Body::Boat | Body::Fish | Body::Submarine)
        )
    });
    if afloat {
        return Setting::Lake;
    }
    // A tower crane stands on a building site in town.
    if reading
        .objects
        .iter()
        .any(|o| o.archetype.body() == Some(Body::TowerCrane))
    {
        return Setting::Street;
    }
    let classes: Vec<Class> = reading
        .objects
        .iter()
        .filter_map(|o| o.archetype.class())
        .collect();
    if classes.contains(&Class::Vehicle) {
        Setting::Street
    } else if classes.contains(&Class::Swimmer) {
        Setting::Lake
    } else if classes
        .iter()
        .any(|c| matches!(c, Class::Animal | Class::Flyer | Class::Nature))
        || (!reading.people.is_empty() && reading.objects.is_empty())
    {
        Setting::Park
    } else {
        Setting::Studio
    }
}

/// Places everything the prompt names and returns the setting, a camera on the action
/// and the ids each named thing became.
pub fn arrange(
    s: &mut scene::Scene,
    reading: &Reading,
    rng: &mut Jitter,
) -> (Setting, scene::Camera, Ids) {
    let mut ids = Ids::new();
    let duration = s.duration;
    // What moves and who acts: they are the camera's subjects.
    let involved = |r: Ref| {
        reading
            .deeds
            .iter()
            .any(|d| d.agent == Some(r) || d.object == Some(r) || d.target == Some(r))
    };
    // A journey that is the first thing its traveller does: where they start depends on it.
    let travel = |r: Ref| {
        let first = reading
            .deeds
            .iter()
            .filter(|d| {
                !matches!(d.act, Act::Say(_))
                    && (d.agent == Some(r) || (d.agent.is_none() && d.object == Some(r)))
            })
            .min_by_key(|d| (d.shot, d.step))?;
        match first.act {
            Act::Verb(v) => v
                .travel_speed()
                .map(|speed| (v, speed * first.strength, first.target)),
            _ => None,
        }
    };
    let dropped = |r: Ref| {
        reading.deeds.iter().any(|d| {
            // "a vase falls", "boxes fall around them": what falls is the agent unless a
            // thing is named as the object.
            d.act == Act::Event(Event::Drop)
                && (d.object == Some(r)
                    || (!matches!(d.object, Some(Ref::Object(_)))
                        && (d.agent == Some(r) || d.also.contains(&r))))
        })
    };
    let inside = |r: Ref| {
        reading
            .placements
            .iter()
            .any(|p| p.subject == r && p.relation == Relation::Inside)
    };
    let from_sky = reading.event(Event::Drop);
    let placed_on = |r: Ref| reading.placements.iter().find(|p| p.subject == r);

    // Things first, in an order where what others are placed on comes first.
    let mut order: Vec<usize> = (0..reading.objects.len()).collect();
    order.sort_by_key(|&i| placed_on(Ref::Object(i)).is_some());
    let mut cursor = 0.0f32;
    let mut moving = Vec::new();
    let mut crossing = false;
    for i in order {
        let w = &reading.objects[i];
        let r = Ref::Object(i);
        let n = w.count.unwrap_or(1).clamp(1, 30) as usize;
        let mut made = Vec::new();
        for k in 0..n {
            let id = format!(
                "{}{}",
                w.label
                    .as_deref()
                    .unwrap_or(w.archetype.name())
                    .replace(|c: char| !(c.is_ascii_alphanumeric() || c == '_'), "_"),
                s.entities.len() + 1
            );
            let mut e = entity(id.clone(), w.archetype, [0.0; 3], Some(w));
            e.label = w.label.clone();
            // Seats face the camera.
            if let Archetype::Thing(kind) = w.archetype
                && matches!(kind.info().body, Body::Chair | Body::Sofa)
            {
                e.rotation = [0.0, -90.0, 0.0];
            }
            let (hx, height, hz) = extent(&e);
            let anchor = placed_on(r).and_then(|p| {
                let base = ids.get(&p.object)?.first()?;
                let base = s.entity(base)?;
                let other = p
                    .other
                    .and_then(|o| ids.get(&o))
                    .and_then(|v| v.first())
                    .and_then(|id| s.entity(id));
                Some((p.relation, base.clone(), other.cloned()))
            });
            let spread = (k as f32 - (n - 1) as f32 / 2.0) * (2.0 * hx + 0.08);
            match anchor {
                Some((relation, base, other)) => {
                    let (bx, bh, bz) = extent(&base);
                    let [x, y, z] = base.position;
                    e.position = match relation {
                        Relation::On => [x + spread.clamp(-bx, bx), y + bh, z],
                        Relation::Inside => [x + spread * 0.3, y + floor(&base) + 0.01, z],
                        Relation::Under => [x + spread, 0.0, z],
                        Relation::Above => {
                            e.fixed = true;
                            [x + spread, y + bh + 0.6 + height, z]
                        }
                        Relation::NextTo | Relation::RightOf => {
                            [x + bx + hx + 0.3 + spread, 0.0, z]
                        }
                        Relation::LeftOf => [x - bx - hx - 0.3 - spread, 0.0, z],
                        Relation::InFrontOf => [x + spread, 0.0, z + bz + hz + 0.4],
                        Relation::Behind => [x + spread, 0.0, z - bz - hz - 0.4],
                        Relation::LeaningAgainst => {
                            e.rotation = [0.0, 0.0, 12.0];
                            [x - bx - hx * 0.6 - 0.05, 0.0, z + spread]
                        }
                        Relation::Between => match other {
                            Some(o) => [
                                (x + o.position[0]) / 2.0 + spread,
                                0.0,
                                (z + o.position[2]) / 2.0,
                            ],
                            None => [x + bx + hx + 0.3 + spread, 0.0, z],
                        },
                    };
                }
                None => {
                    let fixture = e.fixed;
                    let x = cursor + hx;
                    cursor += 2.0 * hx + 0.5;
                    // Buildings and trees stand back; the rest in a row at the front.
                    let backdrop =
                        matches!(w.archetype.class(), Some(Class::Structure | Class::Nature));
                    let z = if fixture && backdrop && height > 2.5 {
                        -hz - 3.0
                    } else {
                        rng.next() * 0.2
                    };
                    e.position = [x, 0.0, z];
                }
            }
            if dropped(r) {
                let lift = if from_sky { 3.0 + 1.2 * k as f32 } else { 1.5 };
                e.position[1] += lift;
                e.fixed = false;
            }
            if let Some((verb, speed, None)) = travel(r).filter(|_| !inside(r)) {
                // A journey with nowhere to go crosses the frame.
                let distance = speed * duration * 0.5;
                e.position[0] -= distance.min(40.0);
                e.position[2] += k as f32 * (2.0 * hz + 0.3);
                crossing = true;
                e.fixed = false;
                let boat = w.archetype.body() == Some(Body::Boat);
                if verb == Verb::Fly && w.archetype.class() != Some(Class::Vehicle) {
                    e.position[1] += 2.0;
                } else if verb == Verb::Fly && !boat {
                    e.position[1] += 6.0;
                }
            }
            // Birds that are only mentioned ("a beach with seagulls") are flying.
            let idle = !involved(r) && placed_on(r).is_none();
            if idle && w.archetype.class() == Some(Class::Flyer) && n <= 12 {
                let speed = Verb::Fly.travel_speed().unwrap_or(6.0);
                e.position[0] -= speed * duration * 0.5;
                e.position[1] += 2.5 + 0.7 * k as f32;
                e.position[2] += 1.5 * k as f32;
                s.actions.push(scene::Action {
                    at: 0.1 * k as f32,
                    verb: Verb::Fly,
                    actor: None,
                    object: id.clone(),
                    target: None,
                    outcome: scene::Outcome::Hit,
                    strength: 1.0,
                });
                crossing = true;
                moving.push(id.clone());
            }
            if involved(r) || dropped(r) || travel(r).is_some() {
                moving.push(id.clone());
            }
            made.push(id);
            s.entities.push(e);
        }
        ids.insert(r, made);
    }
    // Centre the row on the origin.
    let shift = cursor / 2.0;
    for e in s.entities.iter_mut() {
        e.position[0] -= shift;
    }
    // People beside the action, facing it; two people alone face each other.
    let lead = s
        .entities
        .iter()
        .find(|e| !e.fixed)
        .map(|e| e.position)
        .unwrap_or([0.0; 3]);
    let alone = reading.objects.is_empty();
    let pair = reading.people.len() == 2;
    // Two people throwing something to each other, or playing catch, stand five metres
    // apart facing each other, with it between them.
    let passing = pair
        && !alone
        && reading.deeds.iter().any(|d| {
            matches!(d.agent, Some(Ref::Person(_)))
                && (d.act == Act::Verb(Verb::Catch)
                    || (d.act == Act::Verb(Verb::Throw)
                        && matches!(d.target, Some(Ref::Person(_)))))
        });
    for (p, person) in reading.people.iter().enumerate() {
        let r = Ref::Person(p);
        let id = format!("person{}", p + 1);
        let mut e = Entity::new(id.clone(), Archetype::Person, [0.0; 3]);
        e.color = person.color;
        e.look = (person.look != scene::PersonLook::default()).then(|| person.look.clone());
        let row = p as f32;
        e.position = [lead[0] - 1.2 - 0.2 * row, 0.0, lead[2] + 0.4 + 0.9 * row];
        if passing {
            e.position = [lead[0] + 5.0 * (row - 0.5), 0.0, lead[2]];
            e.rotation = [0.0, 180.0 * row, 0.0];
        }
        if alone {
            e.position = [
                (row - (reading.people.len() - 1) as f32 / 2.0) * 1.2,
                0.0,
                0.0,
            ];
            e.rotation = [0.0, if pair { 180.0 * row } else { -75.0 }, 0.0];
        }
        // "sit on a bench", "stands next to a whiteboard", "in a ring".
        let anchor = reading
            .placements
            .iter()
            .find(|x| x.subject == r)
            .and_then(|x| Some((x.relation, s.entity(ids.get(&x.object)?.first()?)?.clone())));
        if let Some((relation, base)) = anchor {
            let (bx, _, bz) = extent(&base);
            let [x, _, z] = base.position;
            let side = (row - (reading.people.len() - 1) as f32 / 2.0) * 0.7;
            e.position = match relation {
                // Sitting on a bench: the hips over the seat.
                Relation::On => [x + side.clamp(-bx, bx), 0.0, z],
                Relation::Inside => [x + side * 1.4, floor(&base), z],
                Relation::InFrontOf => [x + side, 0.0, z + bz + 0.6],
                Relation::Behind => [x + side, 0.0, z - bz - 0.6],
                Relation::LeftOf => [x - bx - 0.6, 0.0, z + side],
                _ => [x + bx + 0.6 + side.abs(), 0.0, z + 0.3],
            };
            e.rotation = match relation {
                Relation::On => [0.0, -90.0, 0.0],
                _ if pair => [0.0, 180.0 * row, 0.0],
                _ => [0.0, -60.0, 0.0],
            };
        }
        if let Some((_, speed, None)) = travel(r) {
            e.position[0] -= (speed * duration * 0.5).min(30.0);
            e.rotation = [0.0, 0.0, 0.0];
            crossing = true;
        }
        s.entities.push(e);
        s.cast.push(CastMember {
            entity: id.clone(),
            description: person.description.clone(),
            cameo: person.cameo.clone(),
        });
        moving.push(id.clone());
        ids.insert(r, vec![id]);
    }
    // A journey to a named place starts a few metres back from it.
    for (i, _) in reading.objects.iter().enumerate() {
        start_back(s, &ids, Ref::Object(i), travel(Ref::Object(i)));
    }
    for p in 0..reading.people.len() {
        start_back(s, &ids, Ref::Person(p), travel(Ref::Person(p)));
    }
    dress(s, reading, rng);
    if s.entities.is_empty() {
        // Nothing named: a plain ball on a pedestal-like studio floor, so there is a film.
        s.entities
            .push(Entity::new("ball1", Archetype::Ball, [0.0; 3]));
        moving.push("ball1".into());
    }
    let subjects: Vec<&str> = if moving.is_empty() {
        // What the prompt named, not the set dressing round it (unless that is all).
        let (dressing, named): (Vec<&Entity>, Vec<&Entity>) =
            s.entities.iter().partition(|e| e.id.starts_with("set_"));
        if named.is_empty() {
            dressing.iter().map(|e| e.id.as_str()).collect()
        } else {
            let mut subjects: Vec<&str> = named.iter().map(|e| e.id.as_str()).collect();
            // Small things in a place the prompt names: the nearest two pieces of its
            // dressing come into the shot too, so the place is seen.
            let small = named.iter().all(|e| extent(e).1 < 1.0);
            if reading.setting.is_some() && small {
                let at = named[0].position;
                let distance = |e: &&Entity| (e.position[0] - at[0]).hypot(e.position[2] - at[2]);
                let mut near = dressing.clone();
                near.sort_by(|a, b| distance(a).total_cmp(&distance(b)));
                subjects.extend(near.iter().take(2).map(|e| e.id.as_str()));
            }
            subjects
        }
    } else {
        moving.iter().map(String::as_str).collect()
    };
    // A place with nothing named in it: the camera looks at the heart of it.
    let heart: Vec<&str>;
    let subjects = if moving.is_empty() && s.entities.len() > 8 {
        heart = s.entities.iter().take(8).map(|e| e.id.as_str()).collect();
        heart
    } else {
        subjects
    };
    // Journeys and lift-offs (a firework bursts after one) are followed.
    let rocket = |r: Option<Ref>| match r {
        Some(Ref::Object(o)) => reading.objects[o].archetype.body() == Some(Body::Rocket),
        _ => false,
    };
    let travelling = reading.deeds.iter().any(|d| match d.act {
        Act::Verb(v) => {
            v.travel_speed().is_some()
                || v == Verb::Launch
                || (v == Verb::Break && rocket(d.object.or(d.agent)))
        }
        _ => false,
    });
    // Furniture, appliances and catalogue models are seen from their front (they face
    // +x), three-quarters on; everything else side-on, as it moves.
    let fronted = subjects.iter().all(|id| {
        s.entities.iter().find(|e| e.id == *id).is_some_and(|e| {
            e.archetype == Archetype::Model
                || e.archetype
                    .class()
                    .is_some_and(|c| matches!(c, Class::Furniture | Class::Household))
        })
    });
    let azimuth = if fronted { 55.0 } else { 15.0 };
    let mut camera = camera(&subjects, Framing::Wide, Angle::EyeLevel, azimuth);
    if crossing || travelling {
        camera.movement = Movement::Follow;
    }
    (setting_for(reading), camera, ids)
}

/// Moves a traveller whose first deed is a journey to a named target a few metres back.
fn start_back(s: &mut scene::Scene, ids: &Ids, r: Ref, travel: Option<(Verb, f32, Option<Ref>)>) {
    let Some((verb, speed, Some(target))) = travel else {
        return;
    };
    let Some(goal) = ids
        .get(&target)
        .and_then(|v| v.first())
        .and_then(|id| s.entity(id))
        .cloned()
    else {
        return;
    };
    let (gx, gh, _) = extent(&goal);
    let run_up = (speed * 2.5).clamp(3.0, 25.0);
    for id in ids.get(&r).into_iter().flatten() {
        if let Some(e) = s.entities.iter_mut().find(|e| &e.id == id) {
            e.position[0] = goal.position[0] - gx - run_up;
            e.position[2] = goal.position[2];
            e.rotation[1] = 0.0;
            if verb == Verb::Fly {
                e.position[1] = goal.position[1] + gh + 1.2;
            }
        }
    }
}

/// Set dressing: the things a named place has (trees in a forest, a skyline's towers),
/// fixed in the background.
fn dress(s: &mut scene::Scene, reading: &Reading, rng: &mut Jitter) {
    let mut props: Vec<(&str, usize)> = Vec::new();
    let woods = reading
        .places
        .iter()
        .any(|p| matches!(p.as_str(), "forest" | "woods" | "jungle"));
    for place in &reading.places {
        props.extend(match place.as_str() {
            "forest" | "woods" | "jungle" => &[("pine_tree", 16), ("tree", 8), ("bush", 6)][..],
            "park" | "garden" | "backyard" | "playground's" => &[("tree", 4), ("bush", 3)][..],
            "city skyline" | "skyline" => &[("building", 7)][..],
            "city" | "city street" | "downtown" | "town" | "street" => {
                &[("building", 4), ("lamp_post", 3)][..]
            }
            "kitchen" => &[("counter", 1), ("fridge", 1), ("oven", 1)][..],
            "classroom" => &[("whiteboard", 1), ("table", 2)][..],
            "office" => &[("table", 1), ("chair", 1), ("bookshelf", 1)][..],
            "bathroom" => &[("bathtub", 1), ("sink", 1)][..],
            "living room" => &[("sofa", 1), ("rug", 1), ("lamp", 1)][..],
            "bedroom" => &[("bed", 1), ("lamp", 1)][..],
            "beach" | "shore" | "island" => &[("palm_tree", 2)][..],
            "race track" | "racetrack" | "track" => &[("tire", 6)][..],
            "farm" => &[("barn", 1), ("hay_bale", 3)][..],
            "desert" => &[("cactus", 4)][..],
            _ => &[][..],
        });
    }
    let already: Vec<Archetype> = s.entities.iter().map(|e| e.archetype).collect();
    let centre = s
        .entities
        .iter()
        .map(|e| e.position)
        .fold([0.0f32; 3], |a, p| [a[0] + p[0], 0.0, a[2] + p[2]]);
    let n = s.entities.len().max(1) as f32;
    let (cx, cz) = (centre[0] / n, centre[2] / n);
    let mut slot = 0;
    for (name, count) in props {
        let Some(archetype) = Archetype::from_name(name) else {
            continue;
        };
        if already.contains(&archetype) {
            continue;
        }
        for _ in 0..count {
            let mut e = Entity::new(
                format!("set_{name}{}", s.entities.len() + 1),
                archetype,
                [0.0; 3],
            );
            let (hx, height, hz) = extent(&e);
            if woods {
                // A wood all around: trees scattered over a wide disc, none on the action.
                let a = slot as f32 * 2.399_963;
                let r = 5.0 + 2.2 * (slot as f32).sqrt() * 1.6 + rng.next();
                e.position = [cx + r * a.cos(), 0.0, cz + r * a.sin() - 2.0];
            } else {
                // Big things far back and spread wide; furniture along the back wall.
                let depth = if height > 3.0 {
                    8.0 + 2.0 * hz + 0.3 * height
                } else {
                    2.5 + hz
                };
                let x = cx + (slot as f32 - 3.0) * (2.0 * hx + 1.0) + rng.next() * 0.5;
                e.position = [x, 0.0, cz - depth - (slot % 2) as f32 * 3.0];
            }
            e.rotation[1] = if height > 3.0 { rng.next() * 30.0 } else { 0.0 };
            e.fixed = true;
            s.entities.push(e);
            slot += 1;
        }
    }
}
