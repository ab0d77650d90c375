//! Breaking apart: a thing that shatters, bursts or explodes is swapped for pieces of
//! itself at its moment. The pieces exist from the start, out of sight below the ground,
//! so every frame has the same tracks; at the break the whole hides there and the pieces
//! fly apart from where it was, colliding and sounding like what it was made of.

use glam::{Quat, Vec3};
use rapier3d::prelude::*;
use scene::{Entity, Part, Shape};

/// Where hidden pieces wait, far below the ground.
pub const HIDDEN_DEPTH: f32 = -50.0;

/// Pieces a thing breaks into.
const PIECES: usize = 8;

/// A thing that breaks, and its pieces.
pub struct Breakage {
    /// The whole thing's body.
    pub body: RigidBodyHandle,
    /// The earliest step it may break.
    pub from_step: usize,
    /// Its pieces' bodies.
    pub pieces: Vec<RigidBodyHandle>,
    /// How fast the pieces fly apart, m/s.
    pub burst: f32,
    /// Whether it has broken.
    pub done: bool,
}

/// How far a thing's pieces scatter, relative to a half-metre thing's.
pub fn scale(entity: &Entity) -> f32 {
    (reach(entity) * 4.0).clamp(0.3, 1.5)
}

/// Distance from the entity's origin to its farthest point.
fn reach(entity: &Entity) -> f32 {
    entity
        .parts()
        .iter()
        .map(|p| Vec3::from(p.offset).length() + p.shape.bounding_radius())
        .fold(0.02, f32::max)
}

/// The pieces of an entity: small blocks of its material and colour, a third of its size.
pub fn pieces(entity: &Entity) -> Vec<Part> {
    let reach = reach(entity);
    let first = entity.parts()[0];
    (0..PIECES)
        .map(|k| {
            let s = reach * (0.22 + 0.06 * (k % 3) as f32);
            Part {
                shape: Shape::Cuboid {
                    half_extents: [s * 0.5, s * 0.3, s * 0.4],
                },
                offset: [0.0; 3],
                rotation: [0.0, 0.0, 0.0, 1.0],
                material: first.material,
                color: first.color,
                collides: true,
                limb: None,
            }
        })
        .collect()
}

/// Outward direction of piece `k`: spread over a sphere, biased upwards.
pub fn direction(k: usize) -> Vec3 {
    let golden = 2.399_963;
    let y = 1.0 - (k as f32 + 0.5) / PIECES as f32 * 1.4;
    let r = (1.0 - y * y).max(0.0).sqrt();
    let a = k as f32 * golden;
    Vec3::new(r * a.cos(), y.abs() * 0.8 + 0.2, r * a.sin()).normalize()
}

impl Breakage {
    /// Breaks it now: hides the whole and sends the pieces out from where it is.
    pub fn shatter(&mut self, bodies: &mut RigidBodySet) {
        self.done = true;
        let (centre, velocity) = {
            let whole = &bodies[self.body];
            (whole.translation() + Vec3::Y * 0.05, whole.linvel() * 0.3)
        };
        let whole = &mut bodies[self.body];
        whole.set_body_type(RigidBodyType::KinematicPositionBased, true);
        whole.set_translation(Vec3::new(centre.x, HIDDEN_DEPTH, centre.z), true);
        whole.set_linvel(Vec3::ZERO, true);
        for (k, &piece) in self.pieces.iter().enumerate() {
            let d = direction(k);
            let body = &mut bodies[piece];
            body.set_body_type(RigidBodyType::Dynamic, true);
            body.set_position(
                Pose3::from_parts(centre + d * 0.03, Quat::from_rotation_y(k as f32)),
                true,
            );
            body.set_linvel(velocity + d * self.burst, true);
            body.set_angvel(Vec3::new(d.z, d.x, d.y) * 8.0, true);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_fly_apart_in_different_directions() {
        let dirs: Vec<Vec3> = (0..PIECES).map(direction).collect();
        for (i, a) in dirs.iter().enumerate() {
            assert!((a.length() - 1.0).abs() < 1e-4);
            assert!(a.y > 0.0);
            for b in &dirs[i + 1..] {
                assert!(a.dot(*b) < 0.99, "{a} {b}");
            }
        }
    }
}
