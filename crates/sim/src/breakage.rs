//! Breaking apart: a thing that shatters, bursts or explodes is swapped for pieces of
//! itself at its moment. The pieces exist from the start, out of sight below the ground,
//! so every frame has the same tracks; at the break the whole hides there and the pieces
//! fly apart from where it was, colliding and sounding like what it was made of.

use glam::{Quat, Vec3};
use rapier3d::prelude::*;
use scene::{Color, Entity, Material, Part, Shape};

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

/// Sparks a glowing thing (a firework) bursts into.
const SPARKS: usize = 24;

/// Whether an entity bursts into sparks rather than breaking into pieces.
pub fn sparkles(entity: &Entity) -> bool {
    entity.parts()[0].material == Material::Light
}

/// The pieces of an entity: small blocks of its material and colour, a third of its size;
/// or, for a firework, sparks of many colours big enough to see across a sky.
pub fn pieces(entity: &Entity) -> Vec<Part> {
    let reach = reach(entity);
    let first = entity.parts()[0];
    let palette = [
        Color::rgb(255, 80, 60),
        Color::rgb(255, 210, 80),
        Color::rgb(120, 255, 140),
        Color::rgb(110, 170, 255),
        Color::rgb(255, 120, 230),
    ];
    let (count, spark) = if sparkles(entity) {
        (SPARKS, true)
    } else {
        (PIECES, false)
    };
    (0..count)
        .map(|k| {
            let s = if spark {
                0.16
            } else {
                reach * (0.22 + 0.06 * (k % 3) as f32)
            };
            Part {
                shape: Shape::Cuboid {
                    half_extents: [s * 0.5, s * 0.3, s * 0.4],
                },
                offset: [0.0; 3],
                rotation: [0.0, 0.0, 0.0, 1.0],
                material: first.material,
                color: if spark {
                    palette[k % palette.len()]
                } else {
                    first.color
                },
                collides: true,
                limb: None,
            }
        })
        .collect()
}

/// Outward direction of piece `k` of `n`: spread over a sphere, biased upwards for pieces
/// of something struck, all round for sparks.
pub fn direction(k: usize, n: usize) -> Vec3 {
    let golden = 2.399_963;
    let y = 1.0 - (k as f32 + 0.5) / n as f32 * 2.0;
    let r = (1.0 - y * y).max(0.0).sqrt();
    let a = k as f32 * golden;
    let up = if n == PIECES { y.abs() * 0.8 + 0.2 } else { y };
    Vec3::new(r * a.cos(), up, r * a.sin()).normalize()
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
        let n = self.pieces.len();
        for (k, &piece) in self.pieces.iter().enumerate() {
            let d = direction(k, n);
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
    fn a_firework_bursts_into_sparks_of_many_colours_all_round() {
        let firework = Entity::new(
            "f",
            scene::Archetype::from_name("firework").unwrap(),
            [0.0; 3],
        );
        assert!(sparkles(&firework));
        let sparks = pieces(&firework);
        assert_eq!(sparks.len(), SPARKS);
        let mut colours: Vec<Color> = sparks.iter().map(|p| p.color).collect();
        colours.dedup();
        assert!(colours.len() >= 4);
        let down = (0..SPARKS)
            .filter(|&k| direction(k, SPARKS).y < -0.3)
            .count();
        assert!(down >= SPARKS / 4, "{down}");
        let cup = Entity::new("c", scene::Archetype::from_name("cup").unwrap(), [0.0; 3]);
        assert!(!sparkles(&cup));
        assert_eq!(pieces(&cup).len(), PIECES);
    }

    #[test]
    fn pieces_fly_apart_in_different_directions() {
        let dirs: Vec<Vec3> = (0..PIECES).map(|k| direction(k, PIECES)).collect();
        for (i, a) in dirs.iter().enumerate() {
            assert!((a.length() - 1.0).abs() < 1e-4);
            assert!(a.y > 0.0);
            for b in &dirs[i + 1..] {
                assert!(a.dot(*b) < 0.99, "{a} {b}");
            }
        }
    }
}
