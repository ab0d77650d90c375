//! A figure: the dressed body in its rest pose with the pieces to draw, and its surface
//! in any pose, with the face units for speech, blinks and feelings applied.

use crate::body::{Body, Skeleton};
use crate::dress::{Landmarks, Paint, body_paint};
use crate::format::Region;
use crate::loaded;
use crate::look::Dice;
use crate::mouth::Mouth;
use crate::parts::Builder;
use glam::{Affine3A, Quat, Vec3};
use scene::{Bottom, ClothPattern, Color, Expression, FacialHair, Hair, Limb, PersonLook, Top};

/// Triangles of one paint and their colour.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    /// What this surface is.
    pub paint: Paint,
    /// Its colour.
    pub color: Color,
    /// The pattern woven or printed on it (clothes only; plain elsewhere).
    pub pattern: ClothPattern,
    /// A number printed on it, front and back (a jersey's).
    pub number: Option<u32>,
    /// What the renderer draws on it from the rest pose: a top's open front, skin's brows.
    pub drawn: Option<Drawn>,
    /// Three vertex indices per triangle, counter-clockwise seen from outside.
    pub indices: Vec<u32>,
    /// The same surface with fewer triangles, one per [`COARSER`] share, on the same
    /// vertices; its border with the other pieces is kept, so no cracks open between them.
    pub coarser: Vec<Vec<u32>>,
}

/// Shares of a piece's triangles kept by its coarser versions, finest first.
pub const COARSER: [f32; 3] = [0.45, 0.2, 0.08];

/// The face at one moment: the mouth's shape for speech and how closed the eyes are.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Face {
    /// The mouth (see [`crate::mouth_at`]).
    pub mouth: Mouth,
    /// 0 open to 1 shut.
    pub blink: f32,
    /// A feeling shown for a while over the look's own expression, and how strongly.
    pub feeling: Option<(Expression, f32)>,
}

/// Details the renderer draws on a piece from where each point is in the rest pose, so
/// that their edges are smooth whatever the mesh's faces.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Drawn {
    /// A jacket, open down the front over a t-shirt of this colour.
    Jacket {
        /// The t-shirt's colour.
        shirt: Color,
    },
    /// A suit's V, from the collar to the button, over a white shirt and a tie.
    Suit {
        /// The tie's colour.
        tie: Color,
    },
    /// Eyebrows on the skin, arched above the eyes.
    Brows {
        /// Their colour.
        color: Color,
    },
    /// The lips' outline on the piece round the mouth, skin outside it.
    Lips {
        /// The skin's colour.
        skin: Color,
    },
}

/// Heights in the rest pose that surface patterns are placed by.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Marks {
    /// Height of the eyes.
    pub eyes: f32,
    /// How far each eye is from the middle of the face.
    pub eye_side: f32,
    /// Height of the middle of a number on the chest.
    pub chest: f32,
    /// Height of the base of the neck, where a suit's V starts.
    pub neck: f32,
    /// Height of the middle of the mouth.
    pub mouth: f32,
    /// Size of the head against an adult's (1).
    pub scale: f32,
}

/// How far behind its head hanging hair is carried: it follows the head as the head was
/// this many seconds before, at its tips.
pub const HAIR_LAG: f32 = 0.15;

/// A dressed person, ready to pose.
#[derive(Debug, Clone)]
pub struct Figure {
    /// Joint positions in the rest pose.
    pub skeleton: Skeleton,
    /// What to draw.
    pub pieces: Vec<Piece>,
    /// Where patterns sit on the body.
    pub marks: Marks,
    rest: Vec<Vec3>,
    normals: Vec<Vec3>,
    weights: Vec<([u8; 4], [u8; 4])>,
    /// How freely each vertex swings behind the head (0 not at all, 1 a hair tip).
    sway: Vec<f32>,
    /// Face units at rest (the expression) and the ones speech and blinks drive.
    expression: Vec<(usize, f32)>,
    /// Target indices of the mouth's face units, in the order `mouth_units` lists them.
    mouth: Vec<Vec<usize>>,
    blinks: [Option<usize>; 2],
}

/// The face units each of the mouth's controls drives.
const MOUTH_UNITS: [&[&str]; 7] = [
    &["jawOpen"],
    &["mouthFunnel"],
    &["mouthPucker"],
    &["mouthStretchLeft", "mouthStretchRight"],
    &["mouthPressLeft", "mouthPressRight", "mouthClose"],
    &["mouthRollLower"],
    &["tongueOut"],
];

/// The mouth's controls in `MOUTH_UNITS` order; the jaw opens a little over half way at
/// its widest, as it does in speech.
fn mouth_weights(m: &Mouth) -> [f32; 7] {
    [
        0.55 * m.jaw,
        m.funnel,
        m.pucker,
        m.stretch,
        m.press,
        m.roll_lower,
        m.tongue,
    ]
}

/// ARKit face units (weights) that show a feeling.
fn expression_units(e: Expression) -> &'static [(&'static str, f32)] {
    match e {
        Expression::Neutral => &[],
        Expression::Smile => &[
            ("mouthSmileLeft", 0.75),
            ("mouthSmileRight", 0.75),
            ("cheekSquintLeft", 0.3),
            ("cheekSquintRight", 0.3),
        ],
        Expression::Laugh => &[
            ("mouthSmileLeft", 1.0),
            ("mouthSmileRight", 1.0),
            ("cheekSquintLeft", 0.6),
            ("cheekSquintRight", 0.6),
            ("jawOpen", 0.3),
            ("eyeSquintLeft", 0.4),
            ("eyeSquintRight", 0.4),
        ],
        Expression::Sad => &[
            ("mouthFrownLeft", 0.7),
            ("mouthFrownRight", 0.7),
            ("browInnerUp", 0.8),
            ("mouthShrugLower", 0.3),
        ],
        Expression::Angry => &[
            ("browDownLeft", 0.9),
            ("browDownRight", 0.9),
            ("mouthPressLeft", 0.5),
            ("mouthPressRight", 0.5),
            ("noseSneerLeft", 0.4),
            ("noseSneerRight", 0.4),
            ("eyeSquintLeft", 0.3),
            ("eyeSquintRight", 0.3),
        ],
        Expression::Surprised => &[
            ("browInnerUp", 0.8),
            ("browOuterUpLeft", 0.8),
            ("browOuterUpRight", 0.8),
            ("eyeWideLeft", 0.7),
            ("eyeWideRight", 0.7),
            ("jawOpen", 0.3),
        ],
        Expression::Afraid => &[
            ("browInnerUp", 0.9),
            ("eyeWideLeft", 0.6),
            ("eyeWideRight", 0.6),
            ("mouthStretchLeft", 0.6),
            ("mouthStretchRight", 0.6),
        ],
    }
}

fn mix(a: Color, b: Color, t: f32) -> Color {
    let m = |x: u8, y: u8| (x as f32 * (1.0 - t) + y as f32 * t).round() as u8;
    Color::rgb(m(a.r, b.r), m(a.g, b.g), m(a.b, b.b))
}

/// Iris colours: dark brown, brown, hazel, green, blue, grey.
const IRIS: [[u8; 3]; 6] = [
    [45, 28, 18],
    [80, 50, 28],
    [110, 85, 45],
    [70, 100, 60],
    [60, 100, 150],
    [105, 115, 120],
];

/// T-shirts under a jacket: white, grey, black, navy.
const UNDERSHIRTS: [[u8; 3]; 4] = [[236, 236, 232], [150, 152, 156], [30, 30, 34], [30, 40, 75]];

/// Ties: dark red, navy, black, bottle green, burgundy, silver.
const TIES: [[u8; 3]; 6] = [
    [140, 25, 30],
    [25, 35, 80],
    [20, 20, 24],
    [20, 70, 45],
    [95, 20, 45],
    [160, 165, 170],
];

/// A colour from `from`, the same for the same person and purpose.
fn pick(key: &str, purpose: &str, from: &[[u8; 3]]) -> Color {
    let mut d = Dice::new(&format!("{key}/{purpose}"));
    let c = from[(d.next() * from.len() as f32) as usize % from.len()];
    Color::rgb(c[0], c[1], c[2])
}

/// The brows' colour: the hair's, a little darker.
fn brow_color(look: &PersonLook) -> Color {
    let hair = look.hair_color.unwrap_or(Color::rgb(50, 35, 25));
    mix(hair, Color::rgb(30, 25, 22), 0.3)
}

/// The colour of each paint for a resolved look.
fn color_of(paint: Paint, look: &PersonLook, key: &str) -> Color {
    let skin = look.skin.unwrap_or(Color::rgb(210, 160, 120));
    let hair = look.hair_color.unwrap_or(Color::rgb(50, 35, 25));
    match paint {
        Paint::Skin => skin,
        Paint::Lips => mix(skin, Color::rgb(150, 60, 65), 0.35),
        Paint::Mouth => Color::rgb(70, 22, 26),
        Paint::Hair if look.hair == Some(Hair::Buzz) => mix(skin, hair, 0.6),
        Paint::Hair => hair,
        Paint::Beard if look.facial_hair == Some(FacialHair::Stubble) => mix(skin, hair, 0.45),
        Paint::Beard => hair,
        Paint::Top => look.top_color.unwrap_or(Color::rgb(35, 80, 200)),
        Paint::Tie => pick(key, "tie", &TIES),
        Paint::Trim => mix(
            look.top_color.unwrap_or(Color::rgb(35, 80, 200)),
            Color::rgb(240, 240, 236),
            0.8,
        ),
        Paint::Bottom => look.bottom_color.unwrap_or(Color::rgb(50, 70, 110)),
        Paint::Shoes => look.shoes_color.unwrap_or(Color::rgb(30, 30, 32)),
        Paint::Sole => mix(
            look.shoes_color.unwrap_or(Color::rgb(30, 30, 32)),
            Color::rgb(235, 232, 225),
            0.75,
        ),
        Paint::EyeWhite => Color::rgb(236, 232, 226),
        Paint::Iris => pick(&crate::body::face_key(look, key), "iris", &IRIS),
        Paint::Pupil => Color::rgb(8, 8, 10),
        Paint::Lashes => Color::rgb(22, 18, 16),
        Paint::Teeth => Color::rgb(236, 230, 214),
        Paint::Tongue => Color::rgb(180, 80, 88),
        Paint::Glasses => Color::rgb(28, 26, 26),
        Paint::Headwear => look.headwear_color.unwrap_or(Color::rgb(30, 32, 40)),
        Paint::Visor => Color::rgb(40, 34, 20),
    }
}

/// The limb carrying most of a vertex.
fn dominant(w: &([u8; 4], [u8; 4])) -> u8 {
    let mut best = (0u8, 0u8);
    for (l, x) in w.0.iter().zip(w.1) {
        if x > best.1 {
            best = (*l, x);
        }
    }
    best.0
}

fn limb_of(index: u8) -> Limb {
    Limb::ALL[index as usize % Limb::ALL.len()]
}

impl Figure {
    /// The figure for a look (resolve it first); `key` (the entity's id) seeds the face.
    pub fn build(look: &PersonLook, key: &str) -> Figure {
        let l = loaded();
        let body = Body::build(look, key);
        let dominants: Vec<u8> = l.model.weights.iter().map(dominant).collect();
        let marks = Landmarks::of(&body, &dominants);
        let skirted = look.top == Some(Top::Dress) || look.bottom == Some(Bottom::Skirt);
        let mut b = Builder {
            vertices: body.vertices.clone(),
            weights: l.model.weights.clone(),
            ..Builder::default()
        };
        for (q, region) in &l.model.quads {
            let paint = match region {
                Region::Body => {
                    let c = q.iter().map(|&i| body.vertices[i as usize]).sum::<Vec3>() / 4.0;
                    let votes = q.map(|i| dominants[i as usize]);
                    let limb = votes
                        .iter()
                        .max_by_key(|v| votes.iter().filter(|w| w == v).count())
                        .copied()
                        .unwrap_or(0);
                    body_paint(look, &marks, c, limb_of(limb))
                }
                Region::Skirt if skirted => Paint::Bottom,
                Region::Skirt | Region::EyeLeft | Region::EyeRight => continue,
                Region::Lashes => Paint::Lashes,
                Region::Teeth => Paint::Teeth,
                Region::Tongue => Paint::Tongue,
            };
            let paint = if *region == Region::Skirt && look.top == Some(Top::Dress) {
                Paint::Top
            } else {
                paint
            };
            b.triangles.push((paint, [q[0], q[1], q[2]]));
            b.triangles.push((paint, [q[0], q[2], q[3]]));
        }
        let hair = look.hair.unwrap_or(Hair::Short);
        let thickness = match hair {
            Hair::Bald => 0.0,
            Hair::Buzz => 0.0015,
            Hair::Short => 0.009,
            Hair::Ponytail | Hair::Bun | Hair::Braids => 0.006,
            Hair::Bob | Hair::Long | Hair::Wavy => 0.012,
            Hair::Curly => 0.04,
        } * marks.scale;
        thicken(&mut b, thickness, hair == Hair::Curly);
        shape_shoes(&mut b, marks.scale);
        match look.top {
            Some(Top::Hoodie) => b.hood(&body, &marks),
            Some(Top::Suit) => b.tie_knot(&body, &marks),
            _ => {}
        }
        for eye in body.eyes.0 {
            b.eyeball(eye, body.eyes.1);
        }
        if look.glasses == Some(true) {
            b.glasses(&marks, body.eyes.1);
        }
        b.hanging_hair(hair, &body, &marks);
        b.gathered_hair(hair, &body, &marks);
        b.headwear(look.headwear.unwrap_or(scene::Headwear::None), &marks);
        let k = &body.skeleton;
        let marks = Marks {
            eyes: marks.eye_y,
            eye_side: (marks.eyes[0].z.abs() + marks.eyes[1].z.abs()) / 2.0,
            chest: (k.pivot(Limb::UpperArmLeft).y * 2.0 + k.pivot(Limb::Pelvis).y) / 3.0,
            neck: k.pivot(Limb::Neck).y,
            mouth: body.mouth.y,
            scale: marks.scale,
        };
        Figure::finish(b, body.skeleton, marks, look, key)
    }

    /// Groups the triangles into pieces and finds the normals and face units.
    fn finish(
        mut b: Builder,
        skeleton: Skeleton,
        marks: Marks,
        look: &PersonLook,
        key: &str,
    ) -> Figure {
        let normals = normals(&b.vertices, &b.triangles);
        let mut pieces: Vec<Piece> = Vec::new();
        for (paint, t) in &b.triangles {
            match pieces.iter_mut().find(|p| p.paint == *paint) {
                Some(p) => p.indices.extend_from_slice(t),
                None => pieces.push(Piece {
                    paint: *paint,
                    color: color_of(*paint, look, key),
                    pattern: match paint {
                        Paint::Top => look.top_pattern,
                        Paint::Bottom => look.bottom_pattern,
                        _ => None,
                    }
                    .unwrap_or(ClothPattern::Plain),
                    number: look.number.filter(|_| *paint == Paint::Top),
                    drawn: match (paint, look.top) {
                        (Paint::Top, Some(Top::Jacket)) => Some(Drawn::Jacket {
                            shirt: pick(key, "undershirt", &UNDERSHIRTS),
                        }),
                        (Paint::Top, Some(Top::Suit)) => Some(Drawn::Suit {
                            tie: color_of(Paint::Tie, look, key),
                        }),
                        (Paint::Skin, _) => Some(Drawn::Brows {
                            color: brow_color(look),
                        }),
                        (Paint::Lips, _) => Some(Drawn::Lips {
                            skin: color_of(Paint::Skin, look, key),
                        }),
                        _ => None,
                    },
                    indices: t.to_vec(),
                    coarser: Vec::new(),
                }),
            }
        }
        b.sway.resize(b.vertices.len(), 0.0);
        for piece in &mut pieces {
            piece.coarser = coarser(&piece.indices, &b.vertices);
        }
        let l = loaded();
        let unit = |name: &str| l.by_name.get(name).copied();
        let expression = expression_units(look.expression.unwrap_or(Expression::Neutral))
            .iter()
            .filter_map(|(n, w)| unit(n).map(|i| (i, *w)))
            .collect();
        Figure {
            skeleton,
            pieces,
            marks,
            rest: b.vertices,
            normals,
            weights: b.weights,
            sway: b.sway,
            expression,
            mouth: MOUTH_UNITS
                .iter()
                .map(|names| names.iter().filter_map(|n| unit(n)).collect())
                .collect(),
            blinks: [unit("eyeBlinkLeft"), unit("eyeBlinkRight")],
        }
    }

    /// How many vertices the figure has.
    pub fn vertex_count(&self) -> usize {
        self.rest.len()
    }

    /// Height of the top of the head above the soles in the rest pose.
    pub fn height(&self) -> f32 {
        self.rest.iter().map(|v| v.y).fold(0.0, f32::max)
    }

    /// The rest-pose positions.
    pub fn rest(&self) -> &[Vec3] {
        &self.rest
    }

    /// The rest-pose unit normals.
    pub fn rest_normals(&self) -> &[Vec3] {
        &self.normals
    }

    /// How closed the eyes are (0 open, 1 shut), read from the eyes' limb pose against the
    /// head's: the simulation turns the eyes limb a quarter turn for a full blink.
    pub fn blink_from_limbs(limbs: &[(Vec3, Quat)]) -> f32 {
        let (_, head) = limbs[Limb::Head as usize];
        let (_, eyes) = limbs[Limb::Eyes as usize];
        let turn = (head.inverse() * eyes).normalize();
        let angle = 2.0 * turn.w.abs().min(1.0).acos();
        (angle / std::f32::consts::FRAC_PI_2).clamp(0.0, 1.0)
    }

    /// The surface posed: each limb's world joint position and rotation (in `Limb::ALL`
    /// order, as the simulation gives them, for a figure scaled by `scale`) and the face.
    /// Hanging hair swings after the head as it was [`HAIR_LAG`] seconds before
    /// (`head_before`), when given. Writes positions and unit normals, one per vertex.
    pub fn pose(
        &self,
        limbs: &[(Vec3, Quat)],
        head_before: Option<(Vec3, Quat)>,
        scale: f32,
        face: Face,
        positions: &mut Vec<Vec3>,
        normals: &mut Vec<Vec3>,
    ) {
        // The face units move the rest shape, in `positions`, which skinning then poses
        // in place.
        positions.clear();
        positions.extend_from_slice(&self.rest);
        self.apply_face(face, positions);
        // Each limb as a matrix taking a rest point (at the figure's scale) to the world.
        let joints: Vec<Affine3A> = Limb::ALL
            .iter()
            .map(|&limb| {
                let (at, turn) = limbs[limb as usize];
                Affine3A::from_translation(at)
                    * Affine3A::from_quat(turn)
                    * Affine3A::from_scale(Vec3::splat(scale))
                    * Affine3A::from_translation(-self.skeleton.pivot(limb))
            })
            .collect();
        normals.clear();
        for ((v, n), (ls, ws)) in positions.iter_mut().zip(&self.normals).zip(&self.weights) {
            // Linear blend skinning: the weighted sum of the limbs' matrices, applied once.
            let mut m = Affine3A::ZERO;
            for (&limb, &w) in ls.iter().zip(ws) {
                if w != 0 {
                    let j = &joints[limb as usize];
                    let w = w as f32 / 255.0;
                    m.matrix3 += j.matrix3 * w;
                    m.translation += j.translation * w;
                }
            }
            *v = m.transform_point3(*v);
            normals.push(m.transform_vector3(*n).normalize_or_zero());
        }
        if let Some(before) = head_before {
            self.swing_hair(limbs[Limb::Head as usize], before, positions, normals);
        }
    }

    /// Moves `shape` (the rest pose's vertices) by the face units: the look's expression,
    /// the mouth's shape for speech, the blinks and a passing feeling.
    fn apply_face(&self, face: Face, shape: &mut [Vec3]) {
        let l = loaded();
        let mut units: Vec<(usize, f32)> = self.expression.clone();
        for (targets, w) in self.mouth.iter().zip(mouth_weights(&face.mouth)) {
            units.extend(targets.iter().map(|&t| (t, w)));
        }
        for b in self.blinks.iter().flatten() {
            units.push((*b, face.blink));
        }
        if let Some((feeling, strength)) = face.feeling {
            units.extend(
                expression_units(feeling)
                    .iter()
                    .filter_map(|(name, w)| l.by_name.get(*name).map(|&unit| (unit, w * strength))),
            );
        }
        for (t, w) in units {
            if w.abs() < 1e-4 {
                continue;
            }
            for &(i, d) in &l.model.targets[t].offsets {
                if let Some(v) = shape.get_mut(i as usize) {
                    *v += Vec3::from(d) * w;
                }
            }
        }
    }

    /// Carries each swaying vertex part of the way toward where the head's motion since
    /// `before` has not yet taken it: turned back by a share of the head's turn, and
    /// lifted or dropped by a share of its rise or fall.
    fn swing_hair(
        &self,
        (head_at, head_turn): (Vec3, Quat),
        (was_at, was_turn): (Vec3, Quat),
        positions: &mut [Vec3],
        normals: &mut [Vec3],
    ) {
        let back = (was_turn * head_turn.inverse()).normalize();
        let drop = Vec3::Y * (was_at.y - head_at.y);
        if back.w.abs() > 1.0 - 1e-7 && drop.length() < 1e-6 {
            return;
        }
        for ((p, n), &sway) in positions.iter_mut().zip(normals.iter_mut()).zip(&self.sway) {
            if sway <= 0.0 {
                continue;
            }
            let turn = Quat::IDENTITY.slerp(back, 0.8 * sway);
            *p = head_at + turn * (*p - head_at) + drop * 0.7 * sway;
            *n = turn * *n;
        }
    }
}

/// Which vertices only faces of `paint` touch (and so can move without tearing the
/// surface from its neighbours).
fn only_on(b: &Builder, paint: Paint) -> Vec<bool> {
    let mut only = vec![false; b.vertices.len()];
    for (p, t) in &b.triangles {
        if *p == paint {
            for &i in t {
                only[i as usize] = true;
            }
        }
    }
    for (p, t) in &b.triangles {
        if *p != paint {
            for &i in t {
                only[i as usize] = false;
            }
        }
    }
    only
}

/// Pushes the vertices that only hair faces touch outwards by `thickness`, so hair stands
/// off the scalp; `curly` makes it bumpy, in curls a few centimetres across.
fn thicken(b: &mut Builder, thickness: f32, curly: bool) {
    if thickness <= 0.0 {
        return;
    }
    let only_hair = only_on(b, Paint::Hair);
    let n = normals(&b.vertices, &b.triangles);
    for (i, v) in b.vertices.iter_mut().enumerate() {
        if only_hair[i] {
            let curl = if curly {
                let p = *v * 90.0;
                0.8 + 0.2 * (p.x.sin() * p.y.sin() * p.z.cos())
            } else {
                1.0
            };
            *v += n[i] * thickness * curl;
        }
    }
}

/// Turns feet into shoes: the vertices only shoe faces touch are smoothed (toes merge
/// into a toe cap; the sole stays on the ground) and pushed out a few millimetres, and
/// the faces along the ground become the sole.
fn shape_shoes(b: &mut Builder, scale: f32) {
    let only_shoe = only_on(b, Paint::Shoes);
    let mut next: Vec<Vec<u32>> = vec![Vec::new(); b.vertices.len()];
    for (_, t) in b.triangles.iter().filter(|(p, _)| *p == Paint::Shoes) {
        for k in 0..3 {
            let (a, c) = (t[k], t[(k + 1) % 3]);
            next[a as usize].push(c);
            next[c as usize].push(a);
        }
    }
    let sole = (0..b.vertices.len())
        .filter(|&i| only_shoe[i])
        .map(|i| b.vertices[i].y)
        .fold(f32::MAX, f32::min);
    let ground = sole + 0.012 * scale;
    for _ in 0..6 {
        let before = b.vertices.clone();
        for (i, v) in b.vertices.iter_mut().enumerate() {
            if !only_shoe[i] || next[i].is_empty() {
                continue;
            }
            let mean =
                next[i].iter().map(|&j| before[j as usize]).sum::<Vec3>() / next[i].len() as f32;
            let moved = *v + (mean - *v) * 0.6;
            // The sole keeps its height: the shoe stands where the foot did.
            *v = if v.y < ground {
                Vec3::new(moved.x, v.y, moved.z)
            } else {
                moved
            };
        }
    }
    let n = normals(&b.vertices, &b.triangles);
    for (i, v) in b.vertices.iter_mut().enumerate() {
        if only_shoe[i] {
            *v += Vec3::new(n[i].x, n[i].y.max(0.0), n[i].z) * 0.006 * scale;
        }
    }
    for (p, t) in &mut b.triangles {
        if *p == Paint::Shoes && t.iter().all(|&i| b.vertices[i as usize].y < ground) {
            *p = Paint::Sole;
        }
    }
}

/// A piece's triangles simplified to each of the [`COARSER`] shares, its border locked.
fn coarser(indices: &[u32], vertices: &[Vec3]) -> Vec<Vec<u32>> {
    let positions: Vec<[f32; 3]> = vertices.iter().map(|v| v.to_array()).collect();
    COARSER
        .iter()
        .map(|share| {
            let target = ((indices.len() / 3) as f32 * share) as usize * 3;
            meshopt::simplify_decoder(
                indices,
                &positions,
                target.max(3),
                // Relative to the whole figure's size: as coarse as the share asks.
                1.0,
                meshopt::SimplifyOptions::LockBorder | meshopt::SimplifyOptions::Sparse,
                None,
            )
        })
        .collect()
}

/// Smooth vertex normals, weighted by triangle area.
fn normals(vertices: &[Vec3], triangles: &[(Paint, [u32; 3])]) -> Vec<Vec3> {
    let mut n = vec![Vec3::ZERO; vertices.len()];
    for (_, t) in triangles {
        let [a, b, c] = t.map(|i| vertices[i as usize]);
        let face = (b - a).cross(c - a);
        for &i in t {
            n[i as usize] += face;
        }
    }
    n.into_iter().map(|v| v.normalize_or_zero()).collect()
}
