//! Velocities that send an object where an action says.

use glam::Vec3;
use scene::{Archetype, Entity, Outcome, Verb};

/// Where an action aims on its target, in world coordinates.
pub fn aim_point(target: &Entity, verb: Verb, outcome: Outcome) -> Vec3 {
    let base = Vec3::from(target.position);
    let s = target.size;
    let facing = yaw(target);
    match (target.archetype, verb, outcome) {
        (Archetype::Hoop, _, Outcome::Hit) => {
            base + facing * (scene::RIM_OFFSET * s) + Vec3::Y * (scene::RIM_HEIGHT * s + 0.02)
        }
        (Archetype::Hoop, _, Outcome::Miss) => {
            // High on the glass and off to the side: the ball caroms off the board and out.
            let side = facing.cross(Vec3::Y).normalize();
            base + facing * (0.16 * s)
                + Vec3::Y * ((scene::RIM_HEIGHT + 0.42) * s)
                + side * (0.42 * s)
        }
        // A throw to someone goes to their hands, held out in front of the chest.
        (Archetype::Person, Verb::Throw, Outcome::Hit) => {
            base + facing * (0.4 * s) + Vec3::Y * (1.2 * s)
        }
        _ => {
            let centre = target
                .parts()
                .iter()
                .map(|p| Vec3::from(p.offset))
                .fold(Vec3::ZERO, |a, b| a + b)
                / target.parts().len().max(1) as f32;
            let point =
                base + centre * Vec3::new(0.0, 1.0, 0.0) + Vec3::new(centre.x, 0.0, centre.z);
            match outcome {
                Outcome::Hit => point,
                // Wide of the target by a metre and a half.
                Outcome::Miss => point + Vec3::new(0.0, 0.0, 1.5),
            }
        }
    }
}

/// The direction the entity faces (its local +x) in the horizontal plane.
pub fn yaw(entity: &Entity) -> Vec3 {
    let a = entity.rotation[1].to_radians();
    Vec3::new(a.cos(), 0.0, -a.sin())
}

/// Launch angle above horizontal for each throwing verb, in degrees.
fn launch_angle(verb: Verb) -> f32 {
    match verb {
        Verb::Shoot => 52.0,
        Verb::Throw => 25.0,
        Verb::Kick => 14.0,
        _ => 0.0,
    }
}

/// Initial velocity for a projectile from `from` to land on `to` under gravity `g`,
/// launched at the verb's angle; a harder throw or kick (`strength` above 1) flies
/// flatter and faster, still onto the target. Falls back to a flat, fast throw when the
/// angle cannot reach (target too high).
pub fn ballistic(from: Vec3, to: Vec3, verb: Verb, strength: f32, g: f32) -> Vec3 {
    let delta = to - from;
    let horizontal = Vec3::new(delta.x, 0.0, delta.z);
    let d = horizontal.length();
    let dir = if d > 1e-4 { horizontal / d } else { Vec3::X };
    let flatten = if verb == Verb::Shoot {
        1.0
    } else {
        strength.max(0.5)
    };
    let theta = (launch_angle(verb) / flatten).to_radians();
    let (sin, cos) = theta.sin_cos();
    let denom = 2.0 * cos * cos * (d * theta.tan() - delta.y);
    if g <= 0.0 {
        return delta.normalize_or_zero() * 8.0;
    }
    if denom <= 1e-4 {
        // The angle cannot reach: aim straight at it, fast enough to get there in 0.5 s.
        let t = 0.5;
        return delta / t + Vec3::Y * (0.5 * g * t);
    }
    let speed = (g * d * d / denom).sqrt().min(40.0);
    dir * (speed * cos) + Vec3::Y * (speed * sin)
}

/// Ground speed for rolling an object of this archetype, before strength.
pub fn roll_speed(archetype: Archetype) -> f32 {
    match archetype {
        Archetype::BowlingBall => 7.5,
        Archetype::BilliardBall => 2.2,
        Archetype::GolfBall => 1.6,
        Archetype::Marble => 0.8,
        _ => 3.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ballistic_arc_lands_on_target() {
        let from = Vec3::new(0.0, 2.3, 0.0);
        let to = Vec3::new(-4.2, 3.07, 0.5);
        let g = 9.81;
        let v = ballistic(from, to, Verb::Shoot, 1.0, g);
        // Time to cover the horizontal distance, then height at that time.
        let h = Vec3::new(v.x, 0.0, v.z);
        let t = Vec3::new(to.x - from.x, 0.0, to.z - from.z).length() / h.length();
        let p = from + v * t - Vec3::Y * (0.5 * g * t * t);
        assert!((p - to).length() < 1e-3, "{p:?}");
        let angle = (v.y / h.length()).atan().to_degrees();
        assert!((angle - 52.0).abs() < 0.01);
    }
}
