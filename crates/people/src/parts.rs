//! Geometry the base mesh lacks, made here: eyeballs with iris and pupil, glasses, hair
//! that falls below the scalp (a bob, long hair), a hoodie's hood and drawstrings and a
//! tie's knot, shaped around the body.

use crate::body::Body;
use crate::dress::{Landmarks, Paint};
use glam::Vec3;
use scene::{Hair, Headwear, Limb};
use std::f32::consts::{FRAC_PI_2, PI, TAU};

/// Triangles and vertices being added to a figure, with skin weights.
#[derive(Default)]
pub(crate) struct Builder {
    pub vertices: Vec<Vec3>,
    pub weights: Vec<([u8; 4], [u8; 4])>,
    pub triangles: Vec<(Paint, [u32; 3])>,
    /// How freely each vertex swings behind the head; vertices past its end do not.
    pub sway: Vec<f32>,
}

/// Moves wholly with one limb.
pub(crate) fn rigid(limb: Limb) -> ([u8; 4], [u8; 4]) {
    ([limb as u8, 0, 0, 0], [255, 0, 0, 0])
}

impl Builder {
    pub fn vertex(&mut self, at: Vec3, weights: ([u8; 4], [u8; 4])) -> u32 {
        self.vertices.push(at);
        self.weights.push(weights);
        (self.vertices.len() - 1) as u32
    }

    /// Lets vertex `i` swing behind the head by `amount` (0 to 1).
    fn swaying(&mut self, i: u32, amount: f32) {
        if self.sway.len() <= i as usize {
            self.sway.resize(i as usize + 1, 0.0);
        }
        self.sway[i as usize] = amount;
    }

    /// A grid of `rows` × `cols` vertices (row-major, from `first`) as quads, wound so that
    /// the face normal is (row direction) × (column direction), or the reverse.
    fn grid(&mut self, paint: Paint, first: u32, rows: u32, cols: u32, wrap: bool, flip: bool) {
        let across = if wrap { cols } else { cols - 1 };
        for r in 0..rows - 1 {
            for c in 0..across {
                let c1 = (c + 1) % cols;
                let a = first + r * cols + c;
                let b = first + r * cols + c1;
                let d = first + (r + 1) * cols + c;
                let e = first + (r + 1) * cols + c1;
                if flip {
                    self.triangles.push((paint, [a, b, e]));
                    self.triangles.push((paint, [a, e, d]));
                } else {
                    self.triangles.push((paint, [a, e, b]));
                    self.triangles.push((paint, [a, d, e]));
                }
            }
        }
    }

    /// An eyeball looking along +x: pupil, iris and white by the angle from its front.
    pub fn eyeball(&mut self, centre: Vec3, radius: f32) {
        let (rings, segments) = (12u32, 16u32);
        let w = rigid(Limb::Head);
        let front = self.vertex(centre + Vec3::X * radius, w);
        let first = self.vertices.len() as u32;
        for r in 1..rings {
            let phi = PI * r as f32 / rings as f32;
            for s in 0..segments {
                let theta = TAU * s as f32 / segments as f32;
                let d = Vec3::new(phi.cos(), phi.sin() * theta.cos(), phi.sin() * theta.sin());
                self.vertex(centre + d * radius, w);
            }
        }
        let back = self.vertex(centre - Vec3::X * radius, w);
        let from = self.triangles.len();
        let last = first + (rings - 2) * segments;
        for s in 0..segments {
            let s1 = (s + 1) % segments;
            self.triangles
                .push((Paint::Pupil, [front, first + s, first + s1]));
            self.triangles
                .push((Paint::EyeWhite, [back, last + s1, last + s]));
        }
        for r in 0..rings - 2 {
            let paint = if r == 0 { Paint::Iris } else { Paint::EyeWhite };
            self.grid(paint, first + r * segments, 2, segments, true, false);
        }
        self.face_away_from(from, centre);
    }

    /// Winds the triangles from `from` on to face away from `centre` (for convex shapes).
    fn face_away_from(&mut self, from: usize, centre: Vec3) {
        for (_, t) in &mut self.triangles[from..] {
            let [a, b, c] = t.map(|i| self.vertices[i as usize]);
            if (b - a).cross(c - a).dot((a + b + c) / 3.0 - centre) < 0.0 {
                t.swap(1, 2);
            }
        }
    }

    /// A round bar from `a` to `b`, moving with `limb`.
    fn bar(&mut self, paint: Paint, a: Vec3, b: Vec3, radius: f32, limb: Limb) {
        let axis = (b - a).normalize_or_zero();
        let side = axis.any_orthonormal_vector();
        let up = axis.cross(side);
        let first = self.vertices.len() as u32;
        let sides = 6;
        for end in [a, b] {
            for k in 0..sides {
                let t = TAU * k as f32 / sides as f32;
                self.vertex(end + (side * t.cos() + up * t.sin()) * radius, rigid(limb));
            }
        }
        self.grid(paint, first, 2, sides, true, true);
    }

    /// Round glasses in front of the eyes, with a bridge and arms back to the ears.
    pub fn glasses(&mut self, m: &Landmarks, eye_radius: f32) {
        let s = m.scale;
        let rim = 0.021 * s;
        let thick = 0.0016 * s;
        let mut ends = Vec::new();
        for eye in m.eyes {
            let centre = eye + Vec3::X * (eye_radius + 0.011 * s);
            let n = 20;
            let at = |k: u32| {
                let t = TAU * k as f32 / n as f32;
                centre + Vec3::new(0.0, t.sin() * rim * 0.85, t.cos() * rim)
            };
            for k in 0..n {
                self.bar(Paint::Glasses, at(k), at(k + 1), thick, Limb::Head);
            }
            let outer = centre + Vec3::Z * rim * eye.z.signum();
            let ear = Vec3::new(
                m.head_centre.x,
                eye.y + 0.004 * s,
                (m.head_half[1] + 0.004) * eye.z.signum(),
            );
            self.bar(Paint::Glasses, outer, ear, thick, Limb::Head);
            ends.push(centre - Vec3::Z * rim * eye.z.signum());
        }
        self.bar(Paint::Glasses, ends[0], ends[1], thick, Limb::Head);
    }

    /// Hair below the scalp for a bob or long hair: a double-sided sheet round the back
    /// and sides of the head, hanging clear of the head, neck and shoulders.
    pub fn hanging_hair(&mut self, hair: Hair, body: &Body, m: &Landmarks) {
        let s = m.scale;
        let k = &m.skeleton;
        let neck = k.pivot(Limb::Neck).y;
        let (side_end, back_end) = match hair {
            Hair::Bob => (m.mouth.y - 0.015 * s, m.mouth.y - 0.025 * s),
            Hair::Long | Hair::Wavy => (neck + 0.01 * s, k.pivot(Limb::UpperArmLeft).y - 0.17 * s),
            _ => return,
        };
        let wave = if hair == Hair::Wavy { 0.007 * s } else { 0.0 };
        let swing = if hair == Hair::Bob { 0.5 } else { 1.0 };
        let top = m.eye_y + 0.035 * s;
        let (cols, rows) = (25u32, 24u32);
        let reach = reach_map(body, m, cols, rows, top, back_end);
        let angle = |c: u32| (HAIR_FROM + HAIR_SPAN * c as f32 / (cols - 1) as f32).to_radians();
        for (layer, inset) in [(0, 0.0), (1, 0.004 * s)] {
            let first = self.vertices.len() as u32;
            for r in 0..rows {
                let mut radius_above: Vec<f32> = vec![0.0; cols as usize];
                for c in 0..cols {
                    let theta = angle(c);
                    // Only the back falls long; the sides stop above the shoulders.
                    let back = ((-theta.cos() - 0.45) / 0.55).clamp(0.0, 1.0);
                    let end = side_end + (back_end - side_end) * back * back * (3.0 - 2.0 * back);
                    let y = top + (end - top) * r as f32 / (rows - 1) as f32;
                    // As far out as anything of the body at this height and above.
                    let row = ((top - y) / (top - back_end) * (rows - 1) as f32).round() as usize;
                    let out = (0..=row.min(rows as usize - 1))
                        .map(|rr| reach[rr * cols as usize + c as usize])
                        .fold(0.0f32, f32::max);
                    let ripple = wave * (theta * 9.0 + y * 45.0).sin();
                    radius_above[c as usize] = out + 0.009 * s - inset + ripple;
                    let dir = Vec3::new(theta.cos(), 0.0, theta.sin());
                    let at = Vec3::new(m.head_centre.x, y, 0.0) + dir * radius_above[c as usize];
                    let on_head = ((y - neck) / (0.08 * s)).clamp(0.0, 1.0);
                    let h = (on_head * 255.0).round() as u8;
                    let weights = (
                        [Limb::Head as u8, Limb::Torso as u8, 0, 0],
                        [h, 255 - h, 0, 0],
                    );
                    let i = self.vertex(at, weights);
                    let down = ((top - y) / (top - back_end)).clamp(0.0, 1.0);
                    self.swaying(i, swing * down * down.sqrt());
                }
            }
            self.grid(Paint::Hair, first, rows, cols, false, layer == 0);
        }
    }
}

impl Builder {
    /// A round tube along `path`, its radius at each point from `radius`, moving with the
    /// head at its start and with the torso further down, below `neck`; its far end swings
    /// behind the head by `swing`.
    fn tube(
        &mut self,
        paint: Paint,
        path: &[Vec3],
        radius: impl Fn(usize) -> f32,
        (neck, s): (f32, f32),
        swing: f32,
    ) {
        let sides = 8u32;
        let first = self.vertices.len() as u32;
        for (i, &p) in path.iter().enumerate() {
            let next = path
                .get(i + 1)
                .copied()
                .unwrap_or(p + (p - path[i.saturating_sub(1)]));
            let axis = (next - p).normalize_or_zero();
            let side = axis.cross(Vec3::Z).normalize_or(Vec3::Y);
            let up = axis.cross(side);
            let on_head = ((p.y - neck) / (0.08 * s)).clamp(0.0, 1.0);
            let h = (on_head * 255.0).round() as u8;
            let weights = (
                [Limb::Head as u8, Limb::Torso as u8, 0, 0],
                [h, 255 - h, 0, 0],
            );
            let along = i as f32 / (path.len() - 1).max(1) as f32;
            for k in 0..sides {
                let t = TAU * k as f32 / sides as f32;
                let v = self.vertex(p + (side * t.cos() + up * t.sin()) * radius(i), weights);
                self.swaying(v, swing * along);
            }
        }
        self.grid(paint, first, path.len() as u32, sides, true, true);
    }

    /// Hair drawn together: a ponytail, a bun or two braids, set just outside the head and
    /// hanging clear of the back.
    pub fn gathered_hair(&mut self, hair: Hair, body: &Body, m: &Landmarks) {
        let s = m.scale;
        let neck = m.skeleton.pivot(Limb::Neck).y;
        let back = m.head_centre.x - m.head_half[0];
        match hair {
            Hair::Bun => {
                let centre = Vec3::new(back + 0.01 * s, m.eye_y + 0.05 * s, 0.0);
                self.dome(centre, Vec3::splat(0.04 * s), PI, |_| Paint::Hair);
            }
            Hair::Ponytail => {
                let top = m.eye_y + 0.03 * s;
                let low = m.skeleton.pivot(Limb::UpperArmLeft).y - 0.12 * s;
                let path: Vec<Vec3> = (0..10)
                    .map(|i| {
                        let y = top + (low - top) * i as f32 / 9.0;
                        let out = reach_behind(body, m.head_centre.x, 0.0, y) + 0.02 * s;
                        Vec3::new(
                            m.head_centre.x - out.max(m.head_half[0] + 0.015 * s),
                            y,
                            0.0,
                        )
                    })
                    .collect();
                self.tube(
                    Paint::Hair,
                    &path,
                    |i| (0.026 - 0.0016 * i as f32) * s,
                    (neck, s),
                    1.0,
                );
            }
            Hair::Braids => {
                for side in [-1.0f32, 1.0] {
                    let top = m.eye_y - 0.01 * s;
                    let low = m.skeleton.pivot(Limb::UpperArmLeft).y - 0.2 * s;
                    let z = side * (m.head_half[1] * 0.7);
                    let path: Vec<Vec3> = (0..14)
                        .map(|i| {
                            let y = top + (low - top) * i as f32 / 13.0;
                            let out = reach_behind(body, m.head_centre.x, z, y) + 0.018 * s;
                            Vec3::new(m.head_centre.x - out.max(m.head_half[0] * 0.7), y, z)
                        })
                        .collect();
                    // Plaited: the radius swells and narrows along it.
                    self.tube(
                        Paint::Hair,
                        &path,
                        |i| (0.013 + 0.004 * (i as f32 * 2.2).sin().abs()) * s,
                        (neck, s),
                        0.8,
                    );
                }
            }
            _ => {}
        }
    }
}

impl Builder {
    /// Part of an ellipsoid round `centre` with radii `r`, from its top down to `lowest`
    /// radians from the top, moving with the head; `paint` picks each triangle's paint
    /// from its direction from the centre.
    fn dome(&mut self, centre: Vec3, r: Vec3, lowest: f32, paint: impl Fn(Vec3) -> Paint) {
        self.ellipsoid(centre, r, lowest, Limb::Head, paint);
    }

    /// Part of an ellipsoid as [`Builder::dome`] makes it, moving with `limb`.
    fn ellipsoid(
        &mut self,
        centre: Vec3,
        r: Vec3,
        lowest: f32,
        limb: Limb,
        paint: impl Fn(Vec3) -> Paint,
    ) {
        let (rings, segments) = (12u32, 28u32);
        let closed = lowest > PI - 1e-3;
        let from = self.triangles.len();
        // One vertex at the top, and at the bottom when closed; rings between.
        let top = self.vertex(centre + Vec3::Y * r.y, rigid(limb));
        let first = self.vertices.len() as u32;
        let last_ring = if closed { rings - 1 } else { rings };
        for i in 1..=last_ring {
            let phi = lowest * i as f32 / rings as f32;
            for k in 0..segments {
                let theta = TAU * k as f32 / segments as f32;
                let d = Vec3::new(phi.sin() * theta.cos(), phi.cos(), phi.sin() * theta.sin());
                self.vertex(centre + d * r, rigid(limb));
            }
        }
        for k in 0..segments {
            let k1 = (k + 1) % segments;
            self.triangles
                .push((Paint::Headwear, [top, first + k, first + k1]));
        }
        self.grid(Paint::Headwear, first, last_ring, segments, true, true);
        if closed {
            let bottom = self.vertex(centre - Vec3::Y * r.y, rigid(limb));
            let ring = first + (last_ring - 1) * segments;
            for k in 0..segments {
                let k1 = (k + 1) % segments;
                self.triangles
                    .push((Paint::Headwear, [bottom, ring + k1, ring + k]));
            }
        }
        for (p, t) in &mut self.triangles[from..] {
            let [a, b, c] = t.map(|i| self.vertices[i as usize]);
            *p = paint(((a + b + c) / 3.0 - centre).normalize_or_zero());
        }
        self.face_away_from(from, centre);
    }

    /// A flat ring round the head at height `y`, from radius `inner` to `outer` (scaled by
    /// `stretch` along x), both faces, moving with the head; `front` keeps only the part
    /// ahead of the centre (a cap's peak).
    fn brim(&mut self, centre: Vec3, inner: f32, outer: f32, stretch: f32, front: bool) {
        let segments = 24u32;
        let (from, to) = if front { (-1.3f32, 1.3f32) } else { (0.0, TAU) };
        for (flip, lift) in [(false, 0.0), (true, -0.003)] {
            let first = self.vertices.len() as u32;
            for radius in [inner, outer] {
                for k in 0..segments {
                    let t = from + (to - from) * k as f32 / (segments - 1) as f32;
                    let p = Vec3::new(t.cos() * radius * stretch, lift, t.sin() * radius);
                    self.vertex(centre + p, rigid(Limb::Head));
                }
            }
            self.grid(Paint::Headwear, first, 2, segments, false, !flip);
        }
    }

    /// What the look wears on its head, sized to the head.
    pub fn headwear(&mut self, kind: Headwear, m: &Landmarks) {
        let s = m.scale;
        let [hx, hz] = m.head_half;
        let crown = Vec3::new(m.head_centre.x, m.eye_y + 0.03 * s, 0.0);
        let top = m.eye_y + 0.115 * s;
        let all = |_: Vec3| Paint::Headwear;
        match kind {
            Headwear::None => {}
            Headwear::Cap => {
                let r = Vec3::new(hx + 0.012 * s, top - crown.y + 0.012 * s, hz + 0.012 * s);
                self.dome(crown, r, FRAC_PI_2, all);
                self.brim(crown, hx * 0.8, hx + 0.08 * s, 1.0, true);
            }
            Headwear::Hat => {
                let r = Vec3::new(hx + 0.015 * s, top - crown.y + 0.04 * s, hz + 0.015 * s);
                self.dome(crown, r, FRAC_PI_2, all);
                self.brim(crown, hz, hz + 0.07 * s, hx / hz, false);
            }
            Headwear::Helmet => {
                let r = Vec3::new(hx + 0.025 * s, top - crown.y + 0.025 * s, hz + 0.025 * s);
                self.dome(crown, r, 1.75, all);
            }
            Headwear::ChefHat => {
                // A tall toque, fuller at the top than at the band.
                let r = Vec3::new(hx + 0.02 * s, top - crown.y + 0.14 * s, hz + 0.02 * s);
                self.dome(crown, r, FRAC_PI_2, all);
            }
            Headwear::SpaceHelmet => {
                let centre = Vec3::new(m.head_centre.x, m.eye_y - 0.02 * s, 0.0);
                let visor = |d: Vec3| {
                    if d.x > 0.45 && d.y > -0.45 {
                        Paint::Visor
                    } else {
                        Paint::Headwear
                    }
                };
                self.dome(centre, Vec3::splat(0.19 * s), PI * 0.8, visor);
            }
        }
    }
}

impl Builder {
    /// A hoodie's hood, lowered: a thick roll round the back of the neck, lying on the
    /// shoulders, over the bag of the hood resting on the upper back; and two drawstrings
    /// hanging from the collar.
    pub fn hood(&mut self, body: &Body, m: &Landmarks) {
        let s = m.scale;
        let neck = m.skeleton.pivot(Limb::Neck);
        let n = 15;
        let path: Vec<Vec3> = (0..n)
            .map(|i| {
                let theta = (65.0 + 230.0 * i as f32 / (n - 1) as f32).to_radians();
                let back = (-theta.cos()).max(0.0);
                let ring = (0.085 + 0.02 * back) * s;
                let (x, z) = (neck.x + theta.cos() * ring, theta.sin() * ring);
                let rest = surface_top(body, x, z, neck.y + 0.01 * s).unwrap_or(neck.y - 0.04 * s);
                Vec3::new(x, rest + (0.012 + 0.012 * back) * s, z)
            })
            .collect();
        let thick = |i: usize| {
            let theta = (65.0 + 230.0 * i as f32 / (n - 1) as f32).to_radians();
            (0.014 + 0.02 * (-theta.cos()).max(0.0)) * s
        };
        self.tube(Paint::Top, &path, thick, (neck.y, s), 0.0);
        let bag = Vec3::new(neck.x - 0.095 * s, neck.y - 0.1 * s, 0.0);
        let out = reach_behind(body, neck.x, 0.0, bag.y) + 0.012 * s;
        self.ellipsoid(
            Vec3::new(neck.x - out + 0.02 * s, bag.y, 0.0),
            Vec3::new(0.035, 0.085, 0.1) * s,
            PI,
            Limb::Torso,
            |_| Paint::Top,
        );
        for side in [-1.0f32, 1.0] {
            let z = side * 0.032 * s;
            let points: Vec<Vec3> = (0..6)
                .filter_map(|i| {
                    let y = neck.y - (0.02 + 0.028 * i as f32) * s;
                    front_at(body, z, y).map(|x| Vec3::new(x + 0.005 * s, y, z))
                })
                .collect();
            for pair in points.windows(2) {
                self.bar(Paint::Trim, pair[0], pair[1], 0.0035 * s, Limb::Torso);
            }
        }
    }

    /// The knot of a suit's tie, at the collar.
    pub fn tie_knot(&mut self, body: &Body, m: &Landmarks) {
        let s = m.scale;
        let neck = m.skeleton.pivot(Limb::Neck);
        let (high, low) = (neck.y + 0.012 * s, neck.y - 0.02 * s);
        let (Some(a), Some(b)) = (front_at(body, 0.0, high), front_at(body, 0.0, low)) else {
            return;
        };
        let (a, b) = (
            Vec3::new(a + 0.006 * s, high, 0.0),
            Vec3::new(b + 0.006 * s, low, 0.0),
        );
        self.bar(Paint::Tie, a, b, 0.011 * s, Limb::Torso);
    }
}

/// The height of the body's surface seen from above at (`x`, `z`), below `under`.
fn surface_top(body: &Body, x: f32, z: f32, under: f32) -> Option<f32> {
    body.vertices[..crate::format::BODY_VERTICES]
        .iter()
        .filter(|v| v.y < under && (v.x - x).abs() < 0.015 && (v.z - z).abs() < 0.015)
        .map(|v| v.y)
        .reduce(f32::max)
}

/// How far forward the body reaches at height `y`, within a centimetre and a half of `z`.
fn front_at(body: &Body, z: f32, y: f32) -> Option<f32> {
    body.vertices[..crate::format::BODY_VERTICES]
        .iter()
        .filter(|v| (v.y - y).abs() < 0.012 && (v.z - z).abs() < 0.015)
        .map(|v| v.x)
        .reduce(f32::max)
}

/// How far behind `axis_x` the body reaches at height `y`, within 3 cm of `z`.
fn reach_behind(body: &Body, axis_x: f32, z: f32, y: f32) -> f32 {
    body.vertices[..crate::format::BODY_VERTICES]
        .iter()
        .filter(|v| (v.y - y).abs() < 0.015 && (v.z - z).abs() < 0.03)
        .map(|v| axis_x - v.x)
        .fold(0.0, f32::max)
}

/// Hanging hair runs round the head from this angle (degrees from straight ahead, behind
/// the ear) through this many degrees to behind the other ear.
const HAIR_FROM: f32 = 92.0;
const HAIR_SPAN: f32 = 176.0;

/// For each angle round the head's axis (columns, as `hanging_hair` spaces them) and each
/// height band from `top` down to `bottom` (rows), how far out the body reaches.
fn reach_map(body: &Body, m: &Landmarks, cols: u32, rows: u32, top: f32, bottom: f32) -> Vec<f32> {
    let mut reach = vec![0.0f32; (cols * rows) as usize];
    let axis = Vec3::new(m.head_centre.x, 0.0, 0.0);
    for v in &body.vertices {
        if v.y > top || v.y < bottom - 0.05 {
            continue;
        }
        let d = Vec3::new(v.x - axis.x, 0.0, v.z);
        // Hair falls over the shoulders, not out round them.
        if d.length() > 0.15 * m.scale {
            continue;
        }
        let theta = d.z.atan2(d.x).rem_euclid(TAU).to_degrees();
        if !(70.0..=290.0).contains(&theta) {
            continue;
        }
        let c =
            (((theta - 75.0) / 210.0 * (cols - 1) as f32).round() as i64).clamp(0, cols as i64 - 1);
        let r = (((top - v.y) / (top - bottom) * (rows - 1) as f32).round() as i64)
            .clamp(0, rows as i64 - 1);
        let cell = &mut reach[(r as u32 * cols + c as u32) as usize];
        *cell = cell.max(d.length());
    }
    reach
}
