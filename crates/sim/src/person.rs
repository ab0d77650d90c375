//! Procedural animation of people: a pose for every moment from the actions they perform.
//!
//! A pose is a set of joint angles in the person's sagittal plane (turning about their
//! side-to-side axis) plus how far the hips drop or rise. Each action a person performs
//! has keyframes around its moment; between actions the person stands at ease and
//! breathes. The skeleton is the one `scene::Limb` describes.

use glam::{Quat, Vec3};
use people::Skeleton;
use scene::{Limb, Verb};

/// Joint angles in radians (positive swings the limb forwards/up) and hip height change.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Pose {
    /// Forward lean of the torso at the waist.
    pub lean: f32,
    /// Shoulder swing, left and right.
    pub shoulder: [f32; 2],
    /// Elbow bend, left and right (positive folds the forearm up).
    pub elbow: [f32; 2],
    /// Hip swing, left and right.
    pub hip: [f32; 2],
    /// Knee bend, left and right (positive folds the shin back).
    pub knee: [f32; 2],
    /// Vertical offset of the whole body in metres (crouch below 0, jump above).
    pub lift: f32,
    /// Turn of the head about the vertical, radians (positive to the person's left).
    pub look: f32,
    /// How closed the eyes are, 0 open to 1 shut.
    pub blink: f32,
}

impl Pose {
    fn lerp(self, other: Pose, t: f32) -> Pose {
        let l = |a: f32, b: f32| a + (b - a) * t;
        let l2 = |a: [f32; 2], b: [f32; 2]| [l(a[0], b[0]), l(a[1], b[1])];
        Pose {
            lean: l(self.lean, other.lean),
            shoulder: l2(self.shoulder, other.shoulder),
            elbow: l2(self.elbow, other.elbow),
            hip: l2(self.hip, other.hip),
            knee: l2(self.knee, other.knee),
            lift: l(self.lift, other.lift),
            look: l(self.look, other.look),
            blink: l(self.blink, other.blink),
        }
    }

    /// The rotation of a limb relative to its parent.
    fn local_rotation(&self, limb: Limb) -> Quat {
        let side = |pair: [f32; 2], left: bool| if left { pair[0] } else { pair[1] };
        let angle = match limb {
            Limb::Pelvis
            | Limb::Head
            | Limb::Jaw
            | Limb::HandLeft
            | Limb::HandRight
            | Limb::FootLeft
            | Limb::FootRight => 0.0,
            // The neck turns the head about the vertical to look; the eyes close edge-on.
            Limb::Neck => return Quat::from_rotation_y(self.look),
            Limb::Eyes => return Quat::from_rotation_z(self.blink * std::f32::consts::FRAC_PI_2),
            Limb::Torso => -self.lean,
            Limb::UpperArmLeft => side(self.shoulder, true),
            Limb::UpperArmRight => side(self.shoulder, false),
            Limb::ForearmLeft => side(self.elbow, true),
            Limb::ForearmRight => side(self.elbow, false),
            Limb::ThighLeft => side(self.hip, true),
            Limb::ThighRight => side(self.hip, false),
            Limb::ShinLeft => -side(self.knee, true),
            Limb::ShinRight => -side(self.knee, false),
        };
        // Facing +x with y up, swinging forwards is a turn about +z.
        Quat::from_rotation_z(angle)
    }
}

/// One action a person performs, for animation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Performance {
    /// The moment of the action (release, contact).
    pub at: f32,
    /// What they do.
    pub verb: Verb,
    /// How far to turn the head to face the action's target, radians (positive to the
    /// person's left), when it has one.
    pub look: Option<f32>,
}

/// The turn of the head (radians, positive to the person's left, at most 70°) that faces
/// `person` towards `target`.
pub fn yaw_towards(person: &scene::Entity, target: &scene::Entity) -> f32 {
    let a = person.rotation[1].to_radians();
    let facing = Vec3::new(a.cos(), 0.0, -a.sin());
    let right = Vec3::new(a.sin(), 0.0, a.cos());
    let d = Vec3::from(target.position) - Vec3::from(person.position);
    (-d.dot(right)).atan2(d.dot(facing)).clamp(-1.2, 1.2)
}

/// Seconds a person looks at what they act on.
const LOOK_HOLD: f32 = 2.5;

/// How closed the eyes are at `t`: a blink of 0.15 s every three to four seconds, at a
/// rhythm of the person's own (`phase`).
fn blink(t: f32, phase: f32) -> f32 {
    let period = 3.4 + 0.6 * (phase * 1.7).sin();
    let u = (t + phase * 2.3).rem_euclid(period);
    (1.0 - (u - 0.075).abs() / 0.075).max(0.0)
}

/// Keyframes (time relative to the action's moment, pose) for a verb.
fn keyframes(verb: Verb) -> Vec<(f32, Pose)> {
    let rest = Pose::default();
    match verb {
        Verb::Shoot => vec![
            (-0.9, rest),
            (
                -0.45,
                Pose {
                    lean: 0.15,
                    shoulder: [0.7; 2],
                    elbow: [1.7; 2],
                    hip: [0.55; 2],
                    knee: [1.0; 2],
                    lift: -0.12,
                    ..Pose::default()
                },
            ),
            (
                0.0,
                Pose {
                    lean: 0.0,
                    shoulder: [2.75; 2],
                    elbow: [0.25; 2],
                    hip: [0.0; 2],
                    knee: [0.0; 2],
                    lift: 0.12,
                    ..Pose::default()
                },
            ),
            (
                0.3,
                Pose {
                    lean: 0.0,
                    shoulder: [2.5; 2],
                    elbow: [0.35; 2],
                    hip: [0.05; 2],
                    knee: [0.1; 2],
                    lift: 0.05,
                    ..Pose::default()
                },
            ),
            (
                0.5,
                Pose {
                    lean: 0.05,
                    shoulder: [2.3; 2],
                    elbow: [0.3; 2],
                    hip: [0.2; 2],
                    knee: [0.35; 2],
                    lift: -0.04,
                    ..Pose::default()
                },
            ),
            (1.3, rest),
        ],
        Verb::Throw => vec![
            (-0.8, rest),
            (
                -0.3,
                Pose {
                    lean: -0.15,
                    shoulder: [0.3, 3.4],
                    elbow: [0.0, 1.4],
                    hip: [0.3, -0.1],
                    knee: [0.3, 0.1],
                    lift: -0.03,
                    ..Pose::default()
                },
            ),
            (
                0.0,
                Pose {
                    lean: 0.2,
                    shoulder: [-0.3, 1.6],
                    elbow: [0.0, 0.1],
                    hip: [-0.2, 0.3],
                    knee: [0.1, 0.3],
                    lift: 0.0,
                    ..Pose::default()
                },
            ),
            (
                0.4,
                Pose {
                    lean: 0.25,
                    shoulder: [-0.2, 0.6],
                    elbow: [0.1, 0.2],
                    hip: [-0.1, 0.2],
                    knee: [0.1, 0.2],
                    lift: 0.0,
                    ..Pose::default()
                },
            ),
            (1.1, rest),
        ],
        Verb::Kick => vec![
            (-0.7, rest),
            (
                -0.2,
                Pose {
                    lean: -0.1,
                    shoulder: [0.5, -0.5],
                    elbow: [0.4; 2],
                    hip: [0.0, -0.6],
                    knee: [0.3, 1.3],
                    lift: -0.04,
                    ..Pose::default()
                },
            ),
            (
                0.0,
                Pose {
                    lean: -0.2,
                    shoulder: [0.6, -0.6],
                    elbow: [0.4; 2],
                    hip: [0.0, 0.6],
                    knee: [0.3, 0.2],
                    lift: -0.02,
                    ..Pose::default()
                },
            ),
            (
                0.25,
                Pose {
                    lean: -0.25,
                    shoulder: [0.4, -0.4],
                    elbow: [0.4; 2],
                    hip: [0.0, 1.1],
                    knee: [0.2, 0.1],
                    lift: 0.0,
                    ..Pose::default()
                },
            ),
            (0.9, rest),
        ],
        Verb::Push | Verb::Roll | Verb::Drop => vec![
            (-0.6, rest),
            (
                -0.2,
                Pose {
                    lean: 0.35,
                    shoulder: [0.9; 2],
                    elbow: [1.2; 2],
                    hip: [0.4, 0.1],
                    knee: [0.5, 0.2],
                    lift: -0.06,
                    ..Pose::default()
                },
            ),
            (
                0.0,
                Pose {
                    lean: 0.45,
                    shoulder: [1.3; 2],
                    elbow: [0.2; 2],
                    hip: [0.5, 0.1],
                    knee: [0.6, 0.2],
                    lift: -0.08,
                    ..Pose::default()
                },
            ),
            (
                0.3,
                Pose {
                    lean: 0.4,
                    shoulder: [1.2; 2],
                    elbow: [0.2; 2],
                    hip: [0.4, 0.1],
                    knee: [0.5, 0.2],
                    lift: -0.07,
                    ..Pose::default()
                },
            ),
            (1.0, rest),
        ],
        Verb::Walk
        | Verb::Run
        | Verb::Drive
        | Verb::Fly
        | Verb::Swim
        | Verb::Spin
        | Verb::Launch
        | Verb::Break => Vec::new(),
        gesture => gesture_keyframes(gesture),
    }
}

/// A pose with the given joint angles (left, right) and the rest at ease.
fn arms(shoulder: [f32; 2], elbow: [f32; 2]) -> Pose {
    Pose {
        shoulder,
        elbow,
        ..Pose::default()
    }
}

/// Keyframes that go from rest into `poses` in turn (one every `beat` seconds from the
/// moment), hold the last for `hold` seconds and return to rest.
fn sequence(poses: &[Pose], beat: f32, hold: f32) -> Vec<(f32, Pose)> {
    let rest = Pose::default();
    let mut keys = vec![(-0.4, rest)];
    keys.extend(poses.iter().enumerate().map(|(i, p)| (i as f32 * beat, *p)));
    let last = (poses.len() - 1) as f32 * beat;
    keys.push((last + hold, poses[poses.len() - 1]));
    keys.push((last + hold + 0.4, rest));
    keys
}

/// Keyframes for the gestures: each is the body's own motion around the action's moment.
fn gesture_keyframes(verb: Verb) -> Vec<(f32, Pose)> {
    let sit = Pose {
        lean: -0.1,
        hip: [1.5; 2],
        knee: [1.5; 2],
        lift: SIT_LIFT,
        ..Pose::default()
    };
    let bend = Pose {
        lean: 0.9,
        shoulder: [1.3; 2],
        elbow: [0.2; 2],
        knee: [0.5; 2],
        hip: [0.3; 2],
        lift: -0.1,
        ..Pose::default()
    };
    let alternate = |a: Pose, b: Pose, times: usize| -> Vec<Pose> {
        (0..times).map(|i| if i % 2 == 0 { a } else { b }).collect()
    };
    let forever = 30.0;
    match verb {
        Verb::Wave => sequence(
            &alternate(
                arms([0.05, 2.7], [0.1, 0.4]),
                arms([0.05, 2.7], [0.1, 1.1]),
                6,
            ),
            0.25,
            0.2,
        ),
        Verb::Point => sequence(&[arms([0.05, 1.5], [0.1, 0.05])], 0.0, 1.5),
        Verb::Clap => sequence(
            &alternate(arms([1.1; 2], [0.4; 2]), arms([1.1; 2], [0.9; 2]), 8),
            0.2,
            0.1,
        ),
        Verb::Sit | Verb::Sleep => sequence(&[sit], 0.0, forever),
        Verb::Stand => vec![(-0.8, sit), (0.0, Pose::default())],
        Verb::Dance => sequence(
            &alternate(
                Pose {
                    shoulder: [2.6, 0.4],
                    elbow: [0.6, 1.2],
                    hip: [0.3, 0.0],
                    knee: [0.5, 0.1],
                    lift: -0.05,
                    ..Pose::default()
                },
                Pose {
                    shoulder: [0.4, 2.6],
                    elbow: [1.2, 0.6],
                    hip: [0.0, 0.3],
                    knee: [0.1, 0.5],
                    lift: -0.05,
                    ..Pose::default()
                },
                8,
            ),
            0.4,
            0.2,
        ),
        Verb::Drink | Verb::Eat => sequence(&[arms([0.05, 0.9], [0.1, 2.2])], 0.0, 1.5),
        Verb::PickUp | Verb::PutDown | Verb::Cook | Verb::Pour => {
            sequence(&[bend, arms([0.8; 2], [0.6; 2])], 0.5, 0.3)
        }
        Verb::Catch | Verb::Hug => sequence(&[arms([1.4; 2], [0.3; 2])], 0.0, 0.8),
        Verb::Punch | Verb::Swing => sequence(
            &alternate(
                arms([0.6, 1.5], [2.0, 0.05]),
                arms([1.5, 0.6], [0.05, 2.0]),
                4,
            ),
            0.3,
            0.1,
        ),
        Verb::Fall | Verb::Dive => sequence(
            &[Pose {
                lean: 1.2,
                shoulder: [2.4; 2],
                knee: [1.0; 2],
                hip: [0.8; 2],
                lift: -0.55,
                ..Pose::default()
            }],
            0.0,
            forever,
        ),
        Verb::Bow | Verb::Nod => sequence(
            &[Pose {
                lean: if verb == Verb::Bow { 0.8 } else { 0.15 },
                ..Pose::default()
            }],
            0.0,
            0.6,
        ),
        Verb::Jump => vec![
            (-0.5, Pose::default()),
            (
                -0.15,
                Pose {
                    knee: [0.9; 2],
                    hip: [0.6; 2],
                    lean: 0.3,
                    lift: -0.18,
                    ..Pose::default()
                },
            ),
            (0.1, arms([2.6; 2], [0.2; 2])),
            (0.7, Pose::default()),
        ],
        Verb::Knock | Verb::Open => sequence(
            &alternate(
                arms([0.05, 1.3], [0.1, 1.5]),
                arms([0.05, 1.3], [0.1, 0.9]),
                4,
            ),
            0.25,
            0.1,
        ),
        Verb::Juggle | Verb::Play | Verb::Write | Verb::Read => sequence(
            &alternate(arms([0.6; 2], [1.2, 1.6]), arms([0.6; 2], [1.6, 1.2]), 10),
            0.3,
            0.1,
        ),
        Verb::Climb => sequence(
            &alternate(
                Pose {
                    shoulder: [2.8, 2.0],
                    hip: [1.2, 0.3],
                    knee: [1.2, 0.2],
                    ..Pose::default()
                },
                Pose {
                    shoulder: [2.0, 2.8],
                    hip: [0.3, 1.2],
                    knee: [0.2, 1.2],
                    ..Pose::default()
                },
                6,
            ),
            0.4,
            0.1,
        ),
        Verb::Laugh => sequence(
            &alternate(
                Pose {
                    lean: -0.12,
                    ..arms([0.3; 2], [0.5; 2])
                },
                Pose {
                    lean: 0.05,
                    ..arms([0.3; 2], [0.5; 2])
                },
                6,
            ),
            0.18,
            0.1,
        ),
        Verb::Cry => sequence(
            &[Pose {
                lean: 0.3,
                ..arms([0.9; 2], [2.3; 2])
            }],
            0.0,
            1.5,
        ),
        Verb::Frown => sequence(
            &[Pose {
                lean: 0.12,
                ..arms([0.6; 2], [2.0; 2])
            }],
            0.0,
            1.5,
        ),
        // Looking, turning and smiling move the head and the face; the body stays at ease
        // with a small lift of the chin.
        _ => sequence(
            &[Pose {
                lean: -0.05,
                ..Pose::default()
            }],
            0.0,
            1.0,
        ),
    }
}

/// Gait: legs and arms swinging in opposition at a cadence that rises with speed.
fn gait(t: f32, speed: f32) -> Pose {
    let running = speed > 2.5;
    let phase = t * std::f32::consts::TAU * if running { 1.5 } else { 0.9 };
    let swing = if running { 0.75 } else { 0.4 };
    let (a, b) = (phase.sin(), -phase.sin());
    Pose {
        lean: if running { 0.2 } else { 0.04 },
        shoulder: [-0.8 * swing * a, -0.8 * swing * b],
        elbow: if running { [1.4; 2] } else { [0.3; 2] },
        hip: [swing * a, swing * b],
        knee: [
            (swing * 1.2 * phase.cos()).max(0.0) + 0.1,
            (-swing * 1.2 * phase.cos()).max(0.0) + 0.1,
        ],
        lift: if running {
            0.03 * (2.0 * phase).cos()
        } else {
            0.0
        },
        ..Pose::default()
    }
}

fn smoothstep(t: f32) -> f32 {
    let t = t.clamp(0.0, 1.0);
    t * t * (3.0 - 2.0 * t)
}

/// The person's pose at time `t`, from what they perform;
/// `travelling` is the speed when the person is walking or running at that moment.
/// `phase` sets the rhythm of their blinking.
pub fn pose_at(t: f32, performances: &[Performance], travelling: Option<f32>, phase: f32) -> Pose {
    // Standing at ease: a slow breath, a slight sway of the arms, the weight shifting from
    // one leg to the other now and then, and the head drifting a little, each person at a
    // rhythm of their own.
    let breath = (t * 1.6).sin();
    let shift = (t * 0.45 + phase * 2.1).sin();
    let mut pose = Pose {
        lean: 0.01 * breath,
        shoulder: [0.05 + 0.02 * breath, 0.05 - 0.02 * breath],
        elbow: [0.12; 2],
        knee: [0.05 + 0.05 * shift, 0.05 - 0.05 * shift],
        lift: -0.004 * shift.abs(),
        look: 0.07 * (t * 0.37 + phase * 1.3).sin(),
        ..Pose::default()
    };
    if let Some(speed) = travelling {
        pose = gait(t, speed);
    }
    // Sitting, lying and standing up set the posture; other gestures play on it, with
    // only the upper body while seated.
    let (mut postures, gestures): (Vec<&Performance>, Vec<&Performance>) = performances
        .iter()
        .partition(|p| matches!(p.verb, Verb::Sit | Verb::Sleep | Verb::Stand));
    postures.sort_by(|a, b| a.at.total_cmp(&b.at));
    let standing = pose;
    for p in postures {
        match keyed_pose(p, t) {
            Some(keyed) => pose = keyed,
            // Once up, they stay up (until they sit again).
            None if p.verb == Verb::Stand && t >= p.at => pose = standing,
            None => {}
        }
    }
    let seated = pose.hip[0] + pose.hip[1] > 1.2;
    for p in gestures {
        if let Some(g) = keyed_pose(p, t) {
            pose = if seated {
                Pose {
                    lean: pose.lean + g.lean,
                    shoulder: g.shoulder,
                    elbow: g.elbow,
                    look: g.look,
                    ..pose
                }
            } else {
                g
            };
        }
    }
    // The head turns to what they act on, holds, and turns back.
    for p in performances {
        if let Some(yaw) = p.look {
            let rel = t - p.at + 0.4;
            let weight = smoothstep(rel / 0.4).min(smoothstep((LOOK_HOLD + 0.4 - rel) / 0.4));
            if weight > 0.0 {
                pose.look = yaw * weight;
            }
        }
    }
    pose.blink = blink(t, phase);
    pose
}

/// How far the keyframes' sitting pose lowers the hips (see `lowering`).
const SIT_LIFT: f32 = -0.45;

/// Height of the top of a seat (a chair's, a bench's: 0.43 m), with room for the bent knees, metres.
const SEAT_HEIGHT: f32 = 0.455;

/// Metres the hips drop for a pose's lift below 0, for this body: keyframes are written
/// so that `SIT_LIFT` sits, and a body sits with the backs of its thighs on a seat, so a
/// long-legged adult drops further than a child, whose feet may dangle.
fn lowering(lift: f32, skeleton: &Skeleton, scale: f32) -> f32 {
    if lift >= 0.0 {
        return lift;
    }
    let hip = skeleton.pivot(Limb::ThighLeft).y * scale;
    let sit = SEAT_HEIGHT + skeleton.seat_depth * scale - hip;
    lift * (sit / SIT_LIFT).clamp(0.0, 1.5)
}

/// The feeling a gesture shows on the face, and from when to when around its moment
/// (seconds relative to it), if it shows one.
pub fn feeling_of(verb: Verb) -> Option<(scene::Expression, f32, f32)> {
    let expression = match verb {
        Verb::Laugh => scene::Expression::Laugh,
        Verb::Cry => scene::Expression::Sad,
        Verb::Frown => scene::Expression::Angry,
        _ => return None,
    };
    let keys = keyframes(verb);
    Some((expression, keys.first()?.0, keys.last()?.0))
}

/// The pose of a performance's keyframes at `t`, while they play.
fn keyed_pose(p: &Performance, t: f32) -> Option<Pose> {
    let keys = keyframes(p.verb);
    let rel = t - p.at;
    let (first, last) = (keys.first()?.0, keys.last()?.0);
    if rel <= first || rel >= last {
        return None;
    }
    keys.windows(2).rev().find_map(|pair| {
        let ((t0, a), (t1, b)) = (pair[0], pair[1]);
        (rel >= t0 && rel <= t1).then(|| a.lerp(b, smoothstep((rel - t0) / (t1 - t0))))
    })
}

/// World transform (position of the joint, rotation) of every limb, in `Limb::ALL` order,
/// for a person with this rest-pose skeleton.
pub fn limb_transforms(
    base: Vec3,
    facing: Quat,
    scale: f32,
    pose: &Pose,
    skeleton: &Skeleton,
) -> Vec<(Vec3, Quat)> {
    let mut out: Vec<(Vec3, Quat)> = Vec::with_capacity(Limb::ALL.len());
    for limb in Limb::ALL {
        let pivot = skeleton.pivot(limb) * scale;
        let local = pose.local_rotation(limb);
        let (position, rotation) = match limb.parent() {
            None => (
                base + facing * (pivot + Vec3::Y * lowering(pose.lift, skeleton, scale)),
                facing * local,
            ),
            Some(parent) => {
                let (pp, pr) = out[parent as usize];
                let parent_pivot = skeleton.pivot(parent) * scale;
                (pp + pr * (pivot - parent_pivot), pr * local)
            }
        };
        out.push((position, rotation));
    }
    out
}

/// Where a held object sits: between the hands, in front of the palms.
pub fn hands_point(limbs: &[(Vec3, Quat)], scale: f32, object_radius: f32) -> Vec3 {
    let hand = |limb: Limb| {
        let (p, r) = limbs[limb as usize];
        p + r * (Vec3::new(0.0, -0.04, 0.0) * scale)
    };
    let (left, right) = (hand(Limb::HandLeft), hand(Limb::HandRight));
    let mid = (left + right) * 0.5;
    // Along the forearm, past the hands, by the object's radius.
    let (_, r) = limbs[Limb::ForearmRight as usize];
    mid + r * Vec3::new(0.0, -1.0, 0.0) * (object_radius + 0.02 * scale)
        + r * Vec3::X * (0.04 * scale)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skeleton() -> Skeleton {
        let look = people::resolve(&scene::PersonLook::default(), "test");
        people::skeleton(&look, "test")
    }

    #[test]
    fn rest_pose_keeps_limbs_where_the_skeleton_puts_them() {
        let skeleton = skeleton();
        let limbs = limb_transforms(Vec3::ZERO, Quat::IDENTITY, 1.0, &Pose::default(), &skeleton);
        for (i, limb) in Limb::ALL.iter().enumerate() {
            assert!(
                (limbs[i].0 - skeleton.pivot(*limb)).length() < 1e-5,
                "{limb:?}"
            );
        }
    }

    #[test]
    fn the_skeleton_has_seventeen_joints_each_after_its_parent() {
        // Seventeen joints: every limb but the root hangs from one.
        assert!(Limb::ALL.len() > 15);
        for (i, limb) in Limb::ALL.iter().enumerate() {
            assert_eq!(*limb as usize, i);
            if let Some(parent) = limb.parent() {
                assert!((parent as usize) < i, "{limb:?}");
            }
        }
    }

    #[test]
    fn eyes_blink_now_and_then_and_the_head_turns_to_look() {
        let closed: Vec<f32> = (0..2400)
            .map(|k| pose_at(k as f32 / 240.0, &[], None, 1.0).blink)
            .collect();
        let shut = closed.iter().filter(|b| **b > 0.5).count() as f32 / closed.len() as f32;
        // A blink every three to four seconds, the eyes shut about 2% of the time.
        assert!(shut > 0.005 && shut < 0.05, "{shut}");
        // Looking at something on the person's left turns the head left, then back.
        let person = scene::Entity::new("p", scene::Archetype::Person, [0.0; 3]);
        let thing = scene::Entity::new("t", scene::Archetype::Ball, [1.0, 0.0, -1.0]);
        let yaw = yaw_towards(&person, &thing);
        assert!((yaw - std::f32::consts::FRAC_PI_4).abs() < 1e-4, "{yaw}");
        let look = [Performance {
            at: 1.0,
            verb: Verb::Look,
            look: Some(yaw),
        }];
        let head = |t: f32| {
            let limbs = limb_transforms(
                Vec3::ZERO,
                Quat::IDENTITY,
                1.0,
                &pose_at(t, &look, None, 0.0),
                &skeleton(),
            );
            limbs[Limb::Head as usize].1 * Vec3::X
        };
        assert!(head(0.0).z.abs() < 1e-3);
        let turned = head(2.0);
        assert!(turned.z < -0.6 && turned.x > 0.6, "{turned}");
        // Back at ease, where the head only drifts a few degrees.
        assert!(head(5.0).z.abs() < 0.08, "{}", head(5.0));
    }

    #[test]
    fn shooting_raises_the_hands_above_the_head() {
        let shoot = [Performance {
            at: 1.0,
            verb: Verb::Shoot,
            look: None,
        }];
        let at_rest = limb_transforms(
            Vec3::ZERO,
            Quat::IDENTITY,
            1.0,
            &pose_at(0.0, &shoot, None, 0.0),
            &skeleton(),
        );
        let release = limb_transforms(
            Vec3::ZERO,
            Quat::IDENTITY,
            1.0,
            &pose_at(1.0, &shoot, None, 0.0),
            &skeleton(),
        );
        let rest_hands = hands_point(&at_rest, 1.0, 0.12);
        let up_hands = hands_point(&release, 1.0, 0.12);
        let head = skeleton().pivot(Limb::Head).y;
        assert!(rest_hands.y < 0.6 * head, "{rest_hands}");
        assert!(up_hands.y > head + 0.25, "{up_hands}");
    }

    /// Height of the hip joints at `t` for someone who sits at 0.5 s and does `then` at 2 s.
    fn hip_height(skeleton: &Skeleton, then: Option<Verb>, t: f32) -> f32 {
        let mut acts = vec![Performance {
            at: 0.5,
            verb: Verb::Sit,
            look: None,
        }];
        acts.extend(then.map(|verb| Performance {
            at: 2.0,
            verb,
            look: None,
        }));
        let limbs = limb_transforms(
            Vec3::ZERO,
            Quat::IDENTITY,
            1.0,
            &pose_at(t, &acts, None, 0.0),
            skeleton,
        );
        limbs[Limb::ThighLeft as usize].0.y
    }

    #[test]
    fn a_seated_person_rests_the_backs_of_their_thighs_on_the_seat() {
        for (age, gender) in [(35.0, 1.0), (35.0, 0.0), (70.0, 1.0), (14.0, 0.0)] {
            let look = people::resolve(
                &scene::PersonLook {
                    age: Some(age),
                    gender: Some(gender),
                    ..Default::default()
                },
                "seated",
            );
            let skeleton = people::skeleton(&look, "seated");
            assert!(
                (0.05..0.16).contains(&skeleton.seat_depth),
                "thighs {} m deep",
                skeleton.seat_depth
            );
            let thighs_under = hip_height(&skeleton, None, 1.5) - skeleton.seat_depth;
            // On a seat 0.43 m high, a little clear of it: neither sunk in nor hovering.
            assert!(
                (0.43..0.48).contains(&thighs_under),
                "age {age}: thighs under at {thighs_under} m"
            );
        }
    }

    #[test]
    fn gestures_made_while_seated_keep_the_person_seated() {
        let skeleton = skeleton();
        let seated = hip_height(&skeleton, None, 1.5);
        for verb in [Verb::Laugh, Verb::Wave, Verb::Clap, Verb::Point, Verb::Nod] {
            for k in 0..10 {
                let t = 2.0 + k as f32 * 0.15;
                let hip = hip_height(&skeleton, Some(verb), t);
                assert!(
                    (hip - seated).abs() < 0.01,
                    "{verb:?} at {t}: hips at {hip} m, seated at {seated} m"
                );
            }
        }
        // Standing up is a change of posture, not a gesture: it does lift them.
        assert!(hip_height(&skeleton, Some(Verb::Stand), 3.0) > seated + 0.2);
    }

    #[test]
    fn the_skinned_surface_stays_whole_in_every_gesture() {
        use Verb::*;
        let look = people::resolve(&scene::PersonLook::default(), "test");
        let figure = people::Figure::build(&look, "test");
        let rest = figure.rest().to_vec();
        let skin = figure
            .pieces
            .iter()
            .find(|p| p.paint == people::Paint::Skin)
            .unwrap();
        let edges: Vec<(usize, usize)> = figure
            .pieces
            .iter()
            .flat_map(|p| p.indices.chunks(3))
            .flat_map(|t| [(t[0], t[1]), (t[1], t[2]), (t[2], t[0])])
            .map(|(a, b)| (a as usize, b as usize))
            .collect();
        let (mut positions, mut normals) = (Vec::new(), Vec::new());
        let mut worst = 1.0f32;
        for verb in [
            Bow, Break, Catch, Clap, Climb, Cook, Cry, Dance, Dive, Drink, Drive, Drop, Eat, Fall,
            Fly, Frown, Hug, Juggle, Jump, Kick, Knock, Laugh, Launch, Look, Nod, Open, PickUp,
            Play, Point, Pour, Punch, Push, PutDown, Read, Roll, Run, Shoot, Sit, Sleep, Spin,
            Stand, Swim, Swing, Throw, Walk, Wave, Write,
        ] {
            let act = [Performance {
                at: 1.0,
                verb,
                look: None,
            }];
            for k in 0..12 {
                let t = k as f32 * 0.2;
                let pose = pose_at(t, &act, Some(1.2), 0.0);
                let limbs =
                    limb_transforms(Vec3::ZERO, Quat::IDENTITY, 1.0, &pose, &figure.skeleton);
                figure.pose(
                    &limbs,
                    None,
                    1.0,
                    people::Face::default(),
                    &mut positions,
                    &mut normals,
                );
                for &(a, b) in &edges {
                    // Edges under a centimetre sit in the creases, where a ratio says little.
                    let before = rest[a].distance(rest[b]);
                    if before < 0.01 {
                        continue;
                    }
                    let r = positions[a].distance(positions[b]) / before;
                    worst = worst.max(r);
                }
                // No skin triangle turns inside out: its face normal agrees with its
                // vertices' skinned normals.
                let flipped = skin
                    .indices
                    .chunks(3)
                    .filter(|t| {
                        let [a, b, c] = [t[0], t[1], t[2]].map(|i| positions[i as usize]);
                        let n = normals[t[0] as usize]
                            + normals[t[1] as usize]
                            + normals[t[2] as usize];
                        (b - a).cross(c - a).dot(n) < 0.0
                    })
                    .count();
                assert!(
                    flipped * 500 < skin.indices.len() / 3,
                    "{verb:?} at {t} s: {flipped} skin triangles flipped"
                );
            }
        }
        // Linear blending folds the groin shut in a deep bow (edges there shrink to almost
        // nothing, as skin in a fold does) and stretches the armpit under an arm raised
        // overhead, but never more than a few times: the surface does not tear.
        assert!(
            worst < 6.0,
            "edges stretch to {worst:.2} times their rest length"
        );
    }
}
