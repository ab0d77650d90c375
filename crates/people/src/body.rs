//! A body from parameters: MakeHuman's macro targets (gender × age × muscle × weight,
//! height, proportions, ethnic blends) and face shape targets, weighted as MakeHuman
//! weighs them, then the arms lowered from the A-pose to hang at the sides.

use crate::look::Dice;
use crate::{Loaded, loaded};
use glam::{Quat, Vec3};
use scene::{Limb, PersonLook};

/// Where each limb's joint sits in the rest pose, in `Limb::ALL` order, metres from the
/// point between the feet, facing +x; and a sphere round each limb's surface.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Skeleton {
    /// Joint positions.
    pub joints: [[f32; 3]; 18],
    /// For each limb, the centre (in the rest pose) and radius of a sphere holding the
    /// surface it carries most of; radius 0 for a limb carrying none (the jaw, the eyes).
    pub bounds: [([f32; 3], f32); 18],
    /// How far the backs of the thighs are behind the hip joints: when sitting, how far
    /// the seat is below them.
    pub seat_depth: f32,
}

impl Skeleton {
    /// The joint of `limb`.
    pub fn pivot(&self, limb: Limb) -> Vec3 {
        Vec3::from(self.joints[limb as usize])
    }
}

/// A body in its rest pose.
pub(crate) struct Body {
    pub vertices: Vec<Vec3>,
    pub skeleton: Skeleton,
    /// Centres of the left and right eyeballs and their radius.
    pub eyes: ([Vec3; 2], f32),
    /// Centre of the mouth.
    pub mouth: Vec3,
}

/// Average standing height (m) by age in years, from growth charts: the shapes between
/// MakeHuman's baby (1), child (11) and young (25) are blended by growth, not by years,
/// since children grow fastest when youngest.
const GROWTH: [(f32, f32); 14] = [
    (1.0, 0.76),
    (2.0, 0.87),
    (3.0, 0.95),
    (4.0, 1.02),
    (5.0, 1.09),
    (6.0, 1.15),
    (8.0, 1.27),
    (10.0, 1.38),
    (11.0, 1.44),
    (13.0, 1.56),
    (15.0, 1.65),
    (17.0, 1.69),
    (20.0, 1.71),
    (25.0, 1.71),
];

fn growth(years: f32) -> f32 {
    let i = GROWTH
        .iter()
        .position(|(y, _)| *y >= years)
        .unwrap_or(GROWTH.len() - 1)
        .max(1);
    let ((y0, h0), (y1, h1)) = (GROWTH[i - 1], GROWTH[i]);
    h0 + (h1 - h0) * ((years - y0) / (y1 - y0)).clamp(0.0, 1.0)
}

/// What seeds a face: the look's face number, or the person's key.
pub(crate) fn face_key(look: &PersonLook, key: &str) -> String {
    match look.face {
        Some(n) => format!("face {n}"),
        None => format!("{key}/face"),
    }
}

/// MakeHuman's age value (0 one year, 0.1875 eleven, 0.5 twenty-five, 1 ninety).
fn age_value(years: f32) -> f32 {
    let y = years.clamp(1.0, 90.0);
    if y < 11.0 {
        (growth(y) - growth(1.0)) / (growth(11.0) - growth(1.0)) * 0.1875
    } else if y < 25.0 {
        0.1875 + (growth(y) - growth(11.0)) / (growth(25.0) - growth(11.0)) * 0.3125
    } else {
        0.5 + (y - 25.0) / 65.0 * 0.5
    }
}

/// Weights of the named levels of a three-level parameter (min, average, max) at `v` in 0..1.
fn levels(v: f32, names: [&'static str; 3]) -> Vec<(&'static str, f32)> {
    let v = v.clamp(0.0, 1.0);
    if v < 0.5 {
        vec![(names[0], 1.0 - 2.0 * v), (names[1], 2.0 * v)]
    } else {
        vec![(names[1], 2.0 - 2.0 * v), (names[2], 2.0 * v - 1.0)]
    }
}

/// The weight of every macro target for these parameters.
fn macro_weights(look: &PersonLook, race: [f32; 3]) -> Vec<(String, f32)> {
    let g = look.gender.unwrap_or(0.5);
    let genders = [("female", 1.0 - g), ("male", g)];
    let a = age_value(look.age.unwrap_or(25.0));
    let ages: Vec<(&str, f32)> = if a < 0.1875 {
        vec![("baby", 1.0 - a / 0.1875), ("child", a / 0.1875)]
    } else if a < 0.5 {
        let f = (a - 0.1875) / 0.3125;
        vec![("child", 1.0 - f), ("young", f)]
    } else {
        let f = (a - 0.5) / 0.5;
        vec![("young", 1.0 - f), ("old", f)]
    };
    let muscles = levels(
        look.muscle.unwrap_or(0.5),
        ["minmuscle", "averagemuscle", "maxmuscle"],
    );
    let weights = levels(
        look.weight.unwrap_or(0.5),
        ["minweight", "averageweight", "maxweight"],
    );
    let h = look.height.unwrap_or(0.5);
    let mut out = Vec::new();
    for (gn, gw) in genders {
        for &(an, aw) in &ages {
            for &(mn, mw) in &muscles {
                for &(wn, ww) in &weights {
                    let w = gw * aw * mw * ww;
                    out.push((format!("universal-{gn}-{an}-{mn}-{wn}"), w));
                }
            }
            // Height and proportions, kept at average muscle and weight (see build/convert.rs).
            let base = format!("{gn}-{an}-averagemuscle-averageweight");
            if h < 0.5 {
                out.push((format!("{base}-minheight"), gw * aw * (1.0 - 2.0 * h)));
            } else {
                out.push((format!("{base}-maxheight"), gw * aw * (2.0 * h - 1.0)));
            }
            out.push((format!("{base}-idealproportions"), gw * aw * 0.5));
            for (r, rw) in ["african", "asian", "caucasian"].iter().zip(race) {
                out.push((format!("{r}-{gn}-{an}"), gw * aw * rw));
            }
        }
    }
    out
}

/// Face shape: pairs of targets (decrease, increase) or single shapes, each given a small
/// seeded amount so that faces differ.
const FACE_PAIRS: &[(&str, &str)] = &[
    ("head-fat-decr", "head-fat-incr"),
    ("head-scale-vert-decr", "head-scale-vert-incr"),
    ("nose-scale-horiz-decr", "nose-scale-horiz-incr"),
    ("nose-scale-vert-decr", "nose-scale-vert-incr"),
    ("nose-scale-depth-decr", "nose-scale-depth-incr"),
    ("nose-hump-decr", "nose-hump-incr"),
    ("nose-point-width-decr", "nose-point-width-incr"),
    ("nose-flaring-decr", "nose-flaring-incr"),
    (
        "l-eye-scale-decr|r-eye-scale-decr",
        "l-eye-scale-incr|r-eye-scale-incr",
    ),
    (
        "l-eye-height2-decr|r-eye-height2-decr",
        "l-eye-height2-incr|r-eye-height2-incr",
    ),
    (
        "l-eye-bag-decr|r-eye-bag-decr",
        "l-eye-bag-incr|r-eye-bag-incr",
    ),
    ("eyebrows-angle-down", "eyebrows-angle-up"),
    ("eyebrows-trans-down", "eyebrows-trans-up"),
    ("mouth-scale-horiz-decr", "mouth-scale-horiz-incr"),
    ("mouth-lowerlip-volume-decr", "mouth-lowerlip-volume-incr"),
    ("mouth-upperlip-volume-decr", "mouth-upperlip-volume-incr"),
    ("mouth-cupidsbow-decr", "mouth-cupidsbow-incr"),
    ("chin-width-decr", "chin-width-incr"),
    ("chin-prominent-decr", "chin-prominent-incr"),
    ("chin-height-decr", "chin-height-incr"),
    ("chin-jaw-drop-decr", "chin-jaw-drop-incr"),
    (
        "l-ear-scale-decr|r-ear-scale-decr",
        "l-ear-scale-incr|r-ear-scale-incr",
    ),
    (
        "l-ear-flap-decr|r-ear-flap-decr",
        "l-ear-flap-incr|r-ear-flap-incr",
    ),
    (
        "l-cheek-bones-decr|r-cheek-bones-decr",
        "l-cheek-bones-incr|r-cheek-bones-incr",
    ),
    (
        "l-cheek-volume-decr|r-cheek-volume-decr",
        "l-cheek-volume-incr|r-cheek-volume-incr",
    ),
];

const HEAD_SHAPES: [&str; 4] = ["head-oval", "head-round", "head-square", "head-triangular"];

/// Seeded face-shape target weights.
fn face_weights(dice: &mut Dice) -> Vec<(&'static str, f32)> {
    let mut out = Vec::new();
    for (decr, incr) in FACE_PAIRS {
        let v = (dice.next() - 0.5) * 1.2;
        let names = if v < 0.0 { decr } else { incr };
        for name in names.split('|') {
            out.push((name, v.abs()));
        }
    }
    let shape = HEAD_SHAPES[(dice.next() * 4.0) as usize % 4];
    out.push((shape, 0.3 + 0.4 * dice.next()));
    out
}

fn add_target(l: &Loaded, vertices: &mut [Vec3], name: &str, weight: f32) {
    if weight.abs() < 1e-4 {
        return;
    }
    if let Some(t) = l.target(name) {
        for &(i, d) in &t.offsets {
            vertices[i as usize] += Vec3::from(d) * weight;
        }
    }
}

fn mean(vertices: &[Vec3], group: &[u32]) -> Vec3 {
    group.iter().map(|&i| vertices[i as usize]).sum::<Vec3>() / group.len().max(1) as f32
}

impl Body {
    /// The body for a resolved look; its face number (or else `key`) seeds the face's
    /// shape and ethnic blend.
    pub fn build(look: &PersonLook, key: &str) -> Body {
        let l = loaded();
        let mut dice = Dice::new(&face_key(look, key));
        let race = {
            let r = [dice.next(), dice.next(), dice.next()].map(|x| x * x + 0.05);
            let s: f32 = r.iter().sum();
            r.map(|x| x / s)
        };
        let mut vertices: Vec<Vec3> = l.model.vertices.iter().map(|&v| Vec3::from(v)).collect();
        for (name, w) in macro_weights(look, race) {
            add_target(l, &mut vertices, &name, w);
        }
        for (name, w) in face_weights(&mut dice) {
            add_target(l, &mut vertices, name, w);
        }
        // Stand on the ground, centred over the pelvis.
        let ground = vertices.iter().map(|v| v.y).fold(f32::INFINITY, f32::min);
        let pelvis = mean(&vertices, l.joint("joint-pelvis"));
        for v in &mut vertices {
            *v -= Vec3::new(pelvis.x, ground, pelvis.z);
        }
        let joint = |name: &str| mean(&vertices, l.joint(name));
        let eye_l = joint("joint-l-eye");
        let eye_r = joint("joint-r-eye");
        let mut pivots = [[0.0f32; 3]; 18];
        for limb in Limb::ALL {
            let at = match limb {
                Limb::Pelvis => joint("joint-pelvis"),
                Limb::Torso => joint("joint-spine-4"),
                Limb::Neck => joint("joint-neck"),
                Limb::Head => joint("joint-head"),
                Limb::UpperArmLeft => joint("joint-l-shoulder"),
                Limb::UpperArmRight => joint("joint-r-shoulder"),
                Limb::ForearmLeft => joint("joint-l-elbow"),
                Limb::ForearmRight => joint("joint-r-elbow"),
                Limb::HandLeft => joint("joint-l-hand"),
                Limb::HandRight => joint("joint-r-hand"),
                Limb::ThighLeft => joint("joint-l-upper-leg"),
                Limb::ThighRight => joint("joint-r-upper-leg"),
                Limb::ShinLeft => joint("joint-l-knee"),
                Limb::ShinRight => joint("joint-r-knee"),
                Limb::FootLeft => joint("joint-l-ankle"),
                Limb::FootRight => joint("joint-r-ankle"),
                Limb::Jaw => joint("joint-jaw"),
                Limb::Eyes => (eye_l + eye_r) / 2.0,
            };
            pivots[limb as usize] = at.to_array();
        }
        let eye_radius = eyeball_radius(l, &vertices, [eye_l, eye_r]);
        let mouth = mouth_of(l, &vertices);
        let mut body = Body {
            vertices,
            skeleton: Skeleton {
                joints: pivots,
                bounds: [([0.0; 3], 0.0); 18],
                seat_depth: 0.0,
            },
            eyes: ([eye_l, eye_r], eye_radius),
            mouth,
        };
        body.lower_arms();
        body.skeleton.bounds = limb_bounds(&body.vertices, &l.model.weights);
        body.skeleton.seat_depth = seat_depth(&body.vertices, &l.model.weights, &body.skeleton);
        body
    }

    /// Turns each arm about its shoulder, in the body's side-to-side plane, from
    /// MakeHuman's A-pose to hang nearly straight down, as Diorama's skeleton rests.
    fn lower_arms(&mut self) {
        let weights = &loaded().model.weights;
        for (upper, fore, hand) in [
            (Limb::UpperArmLeft, Limb::ForearmLeft, Limb::HandLeft),
            (Limb::UpperArmRight, Limb::ForearmRight, Limb::HandRight),
        ] {
            let shoulder = self.skeleton.pivot(upper);
            let elbow = self.skeleton.pivot(fore);
            let side = upper.side();
            let d = elbow - shoulder;
            // Hang 7° out from vertical.
            let now = d.z.atan2(-d.y);
            let want = side * 7f32.to_radians();
            let turn = Quat::from_rotation_x(-(want - now));
            let arm = [upper as u8, fore as u8, hand as u8];
            for (v, (limbs, w)) in self.vertices.iter_mut().zip(weights) {
                let share: f32 = limbs
                    .iter()
                    .zip(w)
                    .filter(|(l, _)| arm.contains(l))
                    .map(|(_, &w)| w as f32 / 255.0)
                    .sum();
                if share > 0.0 {
                    let moved = shoulder + turn * (*v - shoulder);
                    *v += (moved - *v) * share;
                }
            }
            for limb in [fore, hand] {
                let p = self.skeleton.pivot(limb);
                self.skeleton.joints[limb as usize] = (shoulder + turn * (p - shoulder)).to_array();
            }
        }
    }
}

/// The limb carrying most of a vertex, from its four limbs and their weights.
fn carrier(limbs: &[u8; 4], weights: &[u8; 4]) -> u8 {
    (0..4).max_by_key(|&k| weights[k]).map_or(0, |k| limbs[k])
}

/// A sphere round the body vertices each limb carries most of.
fn limb_bounds(vertices: &[Vec3], weights: &[([u8; 4], [u8; 4])]) -> [([f32; 3], f32); 18] {
    let mut boxes = [(Vec3::splat(f32::MAX), Vec3::splat(f32::MIN)); 18];
    let body = &vertices[..crate::format::BODY_VERTICES.min(vertices.len())];
    for (v, (limbs, w)) in body.iter().zip(weights) {
        let b = &mut boxes[carrier(limbs, w) as usize % 18];
        *b = (b.0.min(*v), b.1.max(*v));
    }
    let mut out = [([0.0; 3], 0.0); 18];
    for (o, (lo, hi)) in out.iter_mut().zip(boxes) {
        if lo.x <= hi.x {
            let c = (lo + hi) / 2.0;
            *o = (c.to_array(), (hi - lo).length() / 2.0);
        }
    }
    out
}

/// How far the backs of the thighs reach behind the hip joints, over the upper third of
/// the thighs (where they rest on a seat).
fn seat_depth(vertices: &[Vec3], weights: &[([u8; 4], [u8; 4])], skeleton: &Skeleton) -> f32 {
    let hip = skeleton.pivot(Limb::ThighLeft);
    let knee = skeleton.pivot(Limb::ShinLeft);
    let upper = hip.y - (hip.y - knee.y) / 3.0;
    let thighs = [Limb::ThighLeft as u8, Limb::ThighRight as u8];
    let body = &vertices[..crate::format::BODY_VERTICES.min(vertices.len())];
    body.iter()
        .zip(weights)
        .filter(|(v, (limbs, w))| thighs.contains(&carrier(limbs, w)) && v.y > upper && v.y < hip.y)
        .map(|(v, _)| hip.x - v.x)
        .fold(0.0, f32::max)
}

/// The middle of the mouth: at the height of the teeth, in front of the foremost tooth.
fn mouth_of(l: &Loaded, vertices: &[Vec3]) -> Vec3 {
    let teeth: Vec<Vec3> = l
        .model
        .quads
        .iter()
        .filter(|(_, r)| *r == crate::format::Region::Teeth)
        .flat_map(|(q, _)| q.iter().map(|&i| vertices[i as usize]))
        .collect();
    let y = teeth.iter().map(|v| v.y).sum::<f32>() / teeth.len().max(1) as f32;
    let x = teeth.iter().map(|v| v.x).fold(f32::MIN, f32::max);
    Vec3::new(x, y, 0.0)
}

/// The radius of the eyeballs: the mean distance of the eye helper's vertices from its joint.
fn eyeball_radius(l: &Loaded, vertices: &[Vec3], centres: [Vec3; 2]) -> f32 {
    let mut total = 0.0;
    let mut count = 0;
    for (q, region) in &l.model.quads {
        let centre = match region {
            crate::format::Region::EyeLeft => centres[0],
            crate::format::Region::EyeRight => centres[1],
            _ => continue,
        };
        for &i in q {
            total += vertices[i as usize].distance(centre);
            count += 1;
        }
    }
    if count == 0 {
        0.012
    } else {
        total / count as f32
    }
}
