//! Animals in motion: a four-legged animal trots (diagonal legs together), a bird flaps its
//! wings, while its body travels; standing or perched, legs and wings are still.

use glam::{Quat, Vec3};
use scene::{Limb, Part, Shape};
use std::f32::consts::{PI, TAU};

/// How a leg or wing swings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Swing {
    /// A leg swinging fore and aft; `phase` 0 or π pairs the diagonals; `fore` for a foreleg.
    Leg { phase: f32, fore: bool },
    /// A wing flapping up and down; `side` -1 for the left wing, +1 for the right.
    Wing { side: f32 },
}

impl Swing {
    /// The swing of a tagged part: cylinders are legs, flat boxes wings.
    pub fn of(part: &Part) -> Swing {
        let left = matches!(
            part.limb,
            Some(Limb::ThighLeft | Limb::UpperArmLeft | Limb::ForearmLeft)
        );
        match part.shape {
            Shape::Cuboid { .. } => Swing::Wing {
                side: if left { -1.0 } else { 1.0 },
            },
            _ => {
                // Trot: left fore with right hind, right fore with left hind.
                let fore = matches!(part.limb, Some(Limb::UpperArmLeft | Limb::UpperArmRight));
                Swing::Leg {
                    phase: if fore == left { 0.0 } else { PI },
                    fore,
                }
            }
        }
    }

    /// The turn of the part about its hinge at time `t`, given the body's speed when it is
    /// travelling.
    pub fn at(self, t: f32, travelling: Option<f32>, settled: f32) -> Quat {
        // Lying down, legs fold under the body: forelegs forward, hind legs back.
        if let (Swing::Leg { .. }, true) = (self, settled > 0.0) {
            return Quat::from_rotation_z(self.fold() * 1.35 * settled);
        }
        let Some(speed) = travelling else {
            return Quat::IDENTITY;
        };
        match self {
            Swing::Leg { phase, .. } => {
                let (reach, rate) = if speed > 2.5 { (0.6, 2.6) } else { (0.35, 1.6) };
                Quat::from_rotation_z(reach * (TAU * rate * t + phase).sin())
            }
            Swing::Wing { side } => {
                let up = 0.9 * (0.35 + 0.65 * (TAU * 3.5 * t).sin());
                Quat::from_rotation_x(-side * up)
            }
        }
    }
}

impl Swing {
    /// Which way a leg folds when the animal lies down: forward (+1) or back (-1).
    fn fold(self) -> f32 {
        match self {
            Swing::Leg { fore: true, .. } => 1.0,
            _ => -1.0,
        }
    }
}

/// Where a leg or wing turns, in its body's frame: the top of a leg, the root of a wing.
pub fn hinge(part: &Part) -> Vec3 {
    let offset = Vec3::from(part.offset);
    match part.shape {
        Shape::Cylinder { half_height, .. } | Shape::Capsule { half_height, .. } => {
            offset + Vec3::Y * half_height
        }
        _ => Vec3::new(offset.x, offset.y, 0.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use scene::{Archetype, Entity};

    fn tagged(name: &str) -> Vec<Part> {
        Entity::new("x", Archetype::from_name(name).unwrap(), [0.0; 3])
            .parts()
            .into_iter()
            .filter(|p| p.limb.is_some())
            .collect()
    }

    #[test]
    fn a_trotting_dog_moves_diagonal_legs_together_and_stands_still_at_rest() {
        let legs = tagged("dog");
        assert_eq!(legs.len(), 4);
        let angle = |p: &Part, t: f32, speed: Option<f32>| {
            let q = Swing::of(p).at(t, speed, 0.0);
            (q * Vec3::NEG_Y).x
        };
        let t = 0.1;
        let fl = legs
            .iter()
            .find(|p| p.limb == Some(Limb::UpperArmLeft))
            .unwrap();
        let fr = legs
            .iter()
            .find(|p| p.limb == Some(Limb::UpperArmRight))
            .unwrap();
        let hr = legs
            .iter()
            .find(|p| p.limb == Some(Limb::ThighRight))
            .unwrap();
        assert!((angle(fl, t, Some(4.0)) - angle(hr, t, Some(4.0))).abs() < 1e-5);
        assert!(angle(fl, t, Some(4.0)) * angle(fr, t, Some(4.0)) < 0.0);
        assert_eq!(angle(fl, t, None), 0.0);
        // The hinge is the top of the leg.
        assert!(hinge(fl).y > fl.offset[1]);
    }

    #[test]
    fn a_flying_bird_flaps_both_wings_up_together() {
        let wings = tagged("seagull");
        assert_eq!(wings.len(), 2);
        let tip = |p: &Part, t: f32| {
            let h = hinge(p);
            let tip = Vec3::from(p.offset) + Vec3::Z * p.offset[2].signum() * 0.2;
            (Swing::of(p).at(t, Some(6.0), 0.0) * (tip - h)).y
        };
        // A quarter of a beat in, both tips are up; resting, they are level.
        let t = 0.25 / 3.5;
        assert!(tip(&wings[0], t) > 0.1 && tip(&wings[1], t) > 0.1);
        assert_eq!(Swing::of(&wings[0]).at(t, None, 0.0), Quat::IDENTITY);
    }
}
