//! Scripted motion: where a thing that walks, runs, drives, flies, swims, hops, spins or
//! lifts off is at every moment. Such a thing is moved along its path (kinematically), and
//! whatever it meets still collides with it.

use crate::launch;
use glam::Vec3;
use scene::{Entity, Scene, Verb};

/// Distance kept from a travel's target, in metres, so the mover stops beside it.
const CLEARANCE: f32 = 0.9;

/// One stretch of scripted motion.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Leg {
    /// Moving at a steady velocity; `carry`: the thing keeps its speed when the journey
    /// ends (a car driving into tyres) rather than stopping (a dog at its ball).
    Travel { velocity: Vec3, carry: bool },
    /// A hop up and back down, this high.
    Hop { height: f32 },
    /// Climbing straight up with this acceleration.
    Climb { accel: f32 },
    /// Turning about the vertical at this rate (radians per second).
    Spin { rate: f32 },
    /// An animal lying down: its body sinks this far over the first half second, and stays.
    Settle { depth: f32 },
}

/// An entity's scripted motion: legs, each with its start and end time.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Path {
    legs: Vec<(f32, f32, Leg)>,
}

impl Path {
    /// The scripted motion the scene's actions give this entity (empty when none does).
    pub fn of(scene: &Scene, entity: &Entity) -> Path {
        let mut actions: Vec<&scene::Action> = scene
            .actions
            .iter()
            .filter(|a| a.object == entity.id)
            .collect();
        actions.sort_by(|a, b| a.at.total_cmp(&b.at));
        let mut path = Path::default();
        for (k, action) in actions.iter().enumerate() {
            let next = actions
                .get(k + 1)
                .map_or(scene.duration, |a| a.at)
                .max(action.at);
            let s = action.strength;
            let leg = match action.verb {
                Verb::Jump => (action.at, action.at + 0.64, Leg::Hop { height: 0.5 * s }),
                // An animal sits or sleeps by folding its legs: the body sinks by most of
                // the legs' length and stays down.
                Verb::Sit | Verb::Sleep if entity.archetype != scene::Archetype::Person => {
                    let legs = entity
                        .parts()
                        .iter()
                        .filter(|p| {
                            p.limb.is_some() && matches!(p.shape, scene::Shape::Cylinder { .. })
                        })
                        .map(|p| p.offset[1] * 2.0)
                        .fold(0.0, f32::max);
                    if legs == 0.0 {
                        continue;
                    }
                    (action.at, next, Leg::Settle { depth: 0.7 * legs })
                }
                Verb::Spin => (action.at, next, Leg::Spin { rate: 0.9 * s }),
                Verb::Turn => (
                    action.at,
                    action.at + 1.0,
                    Leg::Spin {
                        rate: std::f32::consts::PI,
                    },
                ),
                Verb::Launch => (action.at, scene.duration, Leg::Climb { accel: 4.0 * s }),
                verb => {
                    let Some(speed) = verb.travel_speed() else {
                        continue;
                    };
                    let speed = speed * s;
                    let here = Vec3::from(entity.position) + path.at(action.at).0;
                    let target = action.target.as_deref().and_then(|t| scene.entity(t));
                    let (direction, distance) = match target {
                        // A flight ends just above the top of its target.
                        Some(t) if verb == Verb::Fly => {
                            let top = t
                                .parts()
                                .iter()
                                .map(|p| p.offset[1] + p.shape.bounding_radius() * 0.5)
                                .fold(0.0, f32::max);
                            let to = Vec3::from(t.position) + Vec3::Y * (top + 0.05) - here;
                            (to.normalize_or(launch::yaw(entity)), to.length())
                        }
                        Some(t) => {
                            let to = Vec3::from(t.position) - here;
                            let flat = Vec3::new(to.x, 0.0, to.z);
                            (
                                flat.normalize_or(launch::yaw(entity)),
                                (flat.length() - CLEARANCE).max(0.0),
                            )
                        }
                        None => (launch::yaw(entity), f32::INFINITY),
                    };
                    let end = (action.at + distance / speed).min(next);
                    (
                        action.at,
                        end,
                        Leg::Travel {
                            velocity: direction * speed,
                            carry: matches!(verb, Verb::Drive | Verb::Fly | Verb::Swim),
                        },
                    )
                }
            };
            path.legs.push(leg);
        }
        path
    }

    /// Whether nothing scripts this entity's motion.
    pub fn is_empty(&self) -> bool {
        self.legs.is_empty()
    }

    /// When the scripted motion is over and the thing is left to the physics, with the
    /// velocity it had: after a journey or a hop, not during a spin or a climb.
    pub fn release(&self) -> Option<(f32, Vec3)> {
        let &(_, to, leg) = self.legs.iter().max_by(|a, b| a.1.total_cmp(&b.1))?;
        match leg {
            Leg::Travel { velocity, carry } => {
                Some((to, if carry { velocity } else { Vec3::ZERO }))
            }
            Leg::Hop { .. } => Some((to, Vec3::ZERO)),
            Leg::Climb { .. } | Leg::Spin { .. } | Leg::Settle { .. } => None,
        }
    }

    /// How far down (0 standing, 1 lying) a settling animal is at time `t`.
    pub fn settled(&self, t: f32) -> f32 {
        self.legs
            .iter()
            .filter_map(|&(from, _, leg)| match leg {
                Leg::Settle { .. } if t > from => Some(((t - from) / 0.5).min(1.0)),
                _ => None,
            })
            .fold(0.0, f32::max)
    }

    /// Whether the entity is travelling (walking, running, driving) at time `t`.
    pub fn travelling(&self, t: f32) -> Option<f32> {
        self.legs.iter().find_map(|&(from, to, leg)| match leg {
            Leg::Travel { velocity, .. } if t >= from && t < to => Some(velocity.length()),
            _ => None,
        })
    }

    /// Offset from the start position and turn about the vertical (radians) at time `t`.
    pub fn at(&self, t: f32) -> (Vec3, f32) {
        let mut offset = Vec3::ZERO;
        let mut yaw = 0.0;
        for &(from, to, leg) in &self.legs {
            if t <= from {
                continue;
            }
            let dt = t.min(to) - from;
            match leg {
                Leg::Travel { velocity, .. } => offset += velocity * dt,
                Leg::Hop { height } => {
                    let u = dt / (to - from);
                    if t < to {
                        offset.y += 4.0 * height * u * (1.0 - u);
                    }
                }
                Leg::Climb { accel } => offset.y += 0.5 * accel * dt * dt,
                Leg::Settle { depth } => offset.y -= depth * (dt / 0.5).min(1.0),
                Leg::Spin { rate } => yaw += rate * dt,
            }
        }
        (offset, yaw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use scene::{Action, Archetype, Outcome};

    fn scene_with(verb: Verb, target: bool) -> Scene {
        let mut s = Scene::new(6.0);
        s.entities.push(Entity::new(
            "dog",
            Archetype::from_name("dog").unwrap(),
            [0.0; 3],
        ));
        s.entities
            .push(Entity::new("ball", Archetype::Ball, [5.0, 0.0, 0.0]));
        s.actions.push(Action {
            at: 1.0,
            verb,
            actor: None,
            object: "dog".into(),
            target: target.then(|| "ball".into()),
            outcome: Outcome::Hit,
            strength: 1.0,
        });
        s
    }

    #[test]
    fn a_runner_goes_to_its_target_and_stops_beside_it() {
        let s = scene_with(Verb::Run, true);
        let path = Path::of(&s, &s.entities[0]);
        assert_eq!(path.at(0.9).0, Vec3::ZERO);
        let end = path.at(5.9).0;
        assert!((end.x - (5.0 - CLEARANCE)).abs() < 1e-3, "{end}");
        assert!(path.travelling(1.5).is_some() && path.travelling(5.0).is_none());
    }

    #[test]
    fn a_walker_without_a_target_keeps_going_ahead() {
        let s = scene_with(Verb::Walk, false);
        let path = Path::of(&s, &s.entities[0]);
        let end = path.at(6.0).0;
        assert!((end.x - 1.4 * 5.0).abs() < 1e-3, "{end}");
    }

    #[test]
    fn a_sleeping_dog_lies_down_and_stays_down() {
        let s = scene_with(Verb::Sleep, false);
        let path = Path::of(&s, &s.entities[0]);
        assert_eq!(path.settled(0.9), 0.0);
        assert_eq!(path.settled(2.0), 1.0);
        let low = path.at(3.0).0.y;
        assert!(low < -0.2 && low > -0.65, "{low}");
        assert_eq!(path.release(), None);
    }

    #[test]
    fn spins_turn_and_launches_climb_ever_faster() {
        let s = scene_with(Verb::Spin, false);
        assert!((Path::of(&s, &s.entities[0]).at(3.0).1 - 1.8).abs() < 1e-4);
        let s = scene_with(Verb::Launch, false);
        let p = Path::of(&s, &s.entities[0]);
        let (a, b) = (p.at(2.0).0.y, p.at(3.0).0.y);
        assert!(a > 0.0 && b - a > a, "{a} {b}");
    }
}
