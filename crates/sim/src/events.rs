//! Sound-making events besides impacts: stretches of rolling and sliding contact, the
//! footfalls of characters, and the moments an audience reacts to.

use crate::stage::{ColliderInfo, MaterialHooks};
use glam::{Quat, Vec3};
use rapier3d::prelude::*;
use scene::{Archetype, Limb, Outcome, RIM_HEIGHT, RIM_OFFSET, RIM_RADIUS, Scene, Verb};
use std::collections::HashMap;
use timeline::{Contact, Footstep, Frame, GROUND, Moment, MomentKind, Slide, SlideSample, Track};

/// Physics steps between two samples of a continuing contact (60 Hz at 240 steps/s).
pub const SLIDE_SAMPLE_STEPS: usize = 4;

/// Slowest movement over a surface that is heard, in m/s.
const SLIDE_MIN_SPEED: f32 = 0.05;

/// A contact followed while it lasts.
struct OpenSlide {
    slide: Slide,
    last_step: usize,
}

/// Follows continuing contacts and cuts them into rolling or sliding stretches.
#[derive(Default)]
pub struct SlideTracker {
    open: HashMap<(ColliderHandle, ColliderHandle), OpenSlide>,
    done: Vec<Slide>,
}

impl SlideTracker {
    /// Samples one touching pair at `step`.
    #[allow(clippy::too_many_arguments)]
    pub fn observe(
        &mut self,
        world_bodies: &RigidBodySet,
        colliders: &ColliderSet,
        hooks: &MaterialHooks,
        scene: &Scene,
        pair: &ContactPair,
        step: usize,
        t: f32,
        dt: f32,
        impulse: f32,
    ) {
        let Some(manifold) = pair.manifolds().iter().find(|m| !m.points.is_empty()) else {
            return;
        };
        let normal = manifold.data.normal;
        let point = colliders[pair.collider1].position() * manifold.points[0].local_p1;
        let motion = |h: ColliderHandle| {
            colliders[h]
                .parent()
                .and_then(|b| world_bodies.get(b))
                .map_or((Vec3::ZERO, Vec3::ZERO), |b| {
                    let centre = b.mass_properties().world_com;
                    let at_point = b.linvel() + b.angvel().cross(point - centre);
                    (b.linvel(), at_point)
                })
        };
        let ((v1, p1), (v2, p2)) = (motion(pair.collider1), motion(pair.collider2));
        let tangential = |v: Vec3| v - normal * v.dot(normal);
        let centre_speed = tangential(v1 - v2).length();
        let point_speed = tangential(p1 - p2).length();
        let rolling = point_speed < 0.25 * centre_speed + 0.02;
        let speed = if rolling { centre_speed } else { point_speed };
        let key = (pair.collider1, pair.collider2);
        let sample = SlideSample {
            time: t as f64,
            speed: if speed >= SLIDE_MIN_SPEED { speed } else { 0.0 },
            load: impulse / dt,
            point: point.to_array(),
        };
        if let Some(open) = self.open.get_mut(&key)
            && open.slide.rolling == rolling
        {
            open.slide.samples.push(sample);
            open.last_step = step;
            return;
        }
        // A new stretch, or the contact changed from rolling to sliding.
        if let Some(old) = self.open.remove(&key) {
            self.done.push(old.slide);
        }
        let info = |h: ColliderHandle| hooks.colliders[colliders[h].user_data as usize];
        let (mut a, mut b) = (info(pair.collider1), info(pair.collider2));
        if v2.length() > v1.length() {
            std::mem::swap(&mut a, &mut b);
        }
        let name = |i: ColliderInfo| {
            i.entity
                .map_or(GROUND.to_string(), |e| scene.entities[e].id.clone())
        };
        self.open.insert(
            key,
            OpenSlide {
                slide: Slide {
                    a: name(a),
                    b: name(b),
                    material_a: a.material,
                    material_b: b.material,
                    rolling,
                    samples: vec![sample],
                },
                last_step: step,
            },
        );
    }

    /// Ends the stretches whose contact was not seen at the last sample.
    pub fn close_stale(&mut self, step: usize) {
        let stale: Vec<_> = self
            .open
            .iter()
            .filter(|(_, o)| o.last_step + SLIDE_SAMPLE_STEPS < step)
            .map(|(k, _)| *k)
            .collect();
        for key in stale {
            if let Some(open) = self.open.remove(&key) {
                self.done.push(open.slide);
            }
        }
    }

    /// Every stretch that moved enough to be heard, in order of its start, then of the
    /// two things' names and the first load (the open stretches come out of a hash map
    /// in any order, and the order decides how their sounds add up).
    pub fn finish(mut self) -> Vec<Slide> {
        self.done.extend(self.open.into_values().map(|o| o.slide));
        let mut slides: Vec<Slide> = self
            .done
            .into_iter()
            .filter(|s| s.samples.iter().filter(|x| x.speed > 0.0).count() >= 3)
            .collect();
        slides.sort_by(|a, b| {
            a.samples[0]
                .time
                .total_cmp(&b.samples[0].time)
                .then_with(|| (&a.a, &a.b).cmp(&(&b.a, &b.b)))
                .then_with(|| a.samples[0].load.total_cmp(&b.samples[0].load))
        });
        slides
    }
}

/// Height above the ground under which a foot counts as planted, in metres.
const PLANTED: f32 = 0.012;

/// Footfalls from the feet of every person: a foot that comes down onto the ground.
/// `feet(person, t)` gives the sole of each foot at time `t`.
pub fn footsteps(
    scene: &Scene,
    people: &[usize],
    feet: impl Fn(usize, f32) -> [Vec3; 2],
    steps: usize,
    dt: f32,
) -> Vec<Footstep> {
    let ground = scene.environment.setting.ground_material();
    let mut out = Vec::new();
    for (p, &entity) in people.iter().enumerate() {
        let mut last = feet(p, 0.0);
        for step in 1..steps {
            let t = step as f32 * dt;
            let now = feet(p, t);
            for foot in 0..2 {
                let (before, after) = (last[foot].y, now[foot].y);
                let falling = (before - after) / dt;
                if before > PLANTED && after <= PLANTED && falling > 0.1 {
                    // Time the sole reaches the plant height, within the step.
                    let frac = ((before - PLANTED) / (before - after)).clamp(0.0, 1.0);
                    out.push(Footstep {
                        time: ((step - 1) as f32 * dt + frac * dt) as f64,
                        entity: scene.entities[entity].id.clone(),
                        point: now[foot].to_array(),
                        ground,
                        speed: falling,
                    });
                }
            }
            last = now;
        }
    }
    out.sort_by(|a, b| a.time.total_cmp(&b.time));
    out
}

/// The soles of a person's feet from their limb transforms (in `Limb::ALL` order): the
/// bottom of each shoe, relative to the ground under the person's base.
pub fn soles(
    limbs: &[(Vec3, Quat)],
    skeleton: &people::Skeleton,
    scale: f32,
    base_y: f32,
) -> [Vec3; 2] {
    [Limb::ShinLeft, Limb::ShinRight].map(|shin| {
        let (joint, rotation) = limbs[shin as usize];
        // The shoe's sole, toe end, relative to the knee joint at natural size.
        let local = Vec3::new(0.05, -skeleton.pivot(shin).y, 0.0) * scale;
        let sole = joint + rotation * local;
        Vec3::new(sole.x, sole.y - base_y, sole.z)
    })
}

/// Moments an audience reacts to: a shot that goes in (a score) or one that misses.
pub fn moments(
    scene: &Scene,
    tracks: &[Track],
    frames: &[Frame],
    contacts: &[Contact],
) -> Vec<Moment> {
    let mut out = Vec::new();
    for action in &scene.actions {
        let (Some(target), true) = (
            action.target.as_deref(),
            matches!(
                action.verb,
                Verb::Shoot | Verb::Throw | Verb::Kick | Verb::Roll
            ),
        ) else {
            continue;
        };
        let after = action.at as f64;
        let first_contact = |with: &str| {
            contacts
                .iter()
                .find(|c| {
                    c.time > after
                        && ((c.a == action.object && c.b == with)
                            || (c.b == action.object && c.a == with))
                })
                .map(|c| c.time)
        };
        let time = match action.outcome {
            Outcome::Hit => through_hoop(scene, target, &action.object, tracks, frames, after)
                .or_else(|| first_contact(target)),
            Outcome::Miss => first_contact(target)
                .or_else(|| first_contact(GROUND))
                .map(|t| t + 0.25),
        };
        if let Some(time) = time {
            out.push(Moment {
                time,
                kind: match action.outcome {
                    Outcome::Hit => MomentKind::Score,
                    Outcome::Miss => MomentKind::Miss,
                },
            });
        }
    }
    out.sort_by(|a, b| a.time.total_cmp(&b.time));
    out
}

/// When the ball drops down through the target hoop's rim, if the target is a hoop.
fn through_hoop(
    scene: &Scene,
    target: &str,
    ball: &str,
    tracks: &[Track],
    frames: &[Frame],
    after: f64,
) -> Option<f64> {
    let hoop = scene.entity(target)?;
    if hoop.archetype != Archetype::Hoop {
        return None;
    }
    let facing = crate::orientation(hoop);
    let rim =
        Vec3::from(hoop.position) + facing * (Vec3::new(RIM_OFFSET, RIM_HEIGHT, 0.0) * hoop.size);
    let track = tracks.iter().position(|t| t.entity == ball)?;
    frames.windows(2).find_map(|pair| {
        let (a, b) = (pair[0].poses[track].position, pair[1].poses[track].position);
        let inside = Vec3::new(b[0] - rim.x, 0.0, b[2] - rim.z).length() < RIM_RADIUS * hoop.size;
        (pair[1].time > after && a[1] >= rim.y && b[1] < rim.y && inside).then_some(pair[1].time)
    })
}
