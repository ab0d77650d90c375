//! Procedural models of the big machines no model pack has: a submarine, a hot-air
//! balloon, a farm tractor, a tower crane and an airliner. Each is built from the same
//! primitive parts as every other kind (so what is drawn is what collides) but with the
//! features people recognise them by: a submarine's sail and cross of fins, a balloon's
//! striped envelope over a wicker basket, a tractor's big rear wheels and open cab, a
//! crane's lattice mast and long jib, an airliner's swept wings, engines and tall fin.
//! Like every body plan, each faces +x with its base at y = 0 and fills its `[l, h, w]`.

use crate::archetype::{axis_angle, part};
use crate::catalog::{along_x, cuboid, cylinder, darker, wheel};
use crate::{Color, Material, Part, Shape};

/// A thin rod from `a` to `b` that is drawn but does not collide: ropes and cables.
fn cable(a: [f32; 3], b: [f32; 3], radius: f32, color: Color) -> Part {
    let d = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
    let length = (d[0] * d[0] + d[1] * d[1] + d[2] * d[2]).sqrt().max(1e-4);
    let u = d.map(|v| v / length);
    // The turn from +y onto u: about y × u, by the angle between them.
    let axis = [u[2], 0.0, -u[0]];
    let sin = (axis[0] * axis[0] + axis[2] * axis[2]).sqrt();
    let rotation = if sin < 1e-6 {
        axis_angle(
            [1.0, 0.0, 0.0],
            if u[1] < 0.0 {
                std::f32::consts::PI
            } else {
                0.0
            },
        )
    } else {
        axis_angle(axis.map(|v| v / sin), sin.atan2(u[1]))
    };
    Part {
        rotation,
        collides: false,
        ..part(
            cylinder(length, radius),
            [
                (a[0] + b[0]) / 2.0,
                (a[1] + b[1]) / 2.0,
                (a[2] + b[2]) / 2.0,
            ],
            Material::Metal,
            color,
        )
    }
}

/// A part turned by `angle` about the axis `axis`.
fn turned(mut p: Part, axis: [f32; 3], angle: f32) -> Part {
    p.rotation = axis_angle(axis, angle);
    p
}

/// `c` mixed `f` of the way towards white: the balloon's stripes.
fn paler(c: Color, f: f32) -> Color {
    let mix = |v: u8| (v as f32 + (255.0 - v as f32) * f) as u8;
    Color::rgb(mix(c.r), mix(c.g), mix(c.b))
}

const DARK_METAL: Color = Color::rgb(44, 46, 52);
const TINTED_GLASS: Color = Color::rgb(70, 96, 116);

/// A submarine: a long round hull, a sail with its planes and a periscope, a cross of
/// fins and a propeller at the stern.
pub(crate) fn submarine([l, h, w]: [f32; 3], m: Material, c: Color) -> Vec<Part> {
    let p = |shape, at: [f32; 3]| part(shape, at, m, c);
    let r = w / 2.0;
    let sail_bottom = 1.7 * r;
    let sail_top = h * 0.9;
    let sail_x = l * 0.18;
    let sail_height = sail_top - sail_bottom;
    vec![
        along_x(p(
            Shape::Capsule {
                half_height: (l - 2.0 * r) / 2.0,
                radius: r,
            },
            [0.0, r, 0.0],
        )),
        p(
            cuboid([l * 0.13, sail_height, w * 0.28]),
            [sail_x, sail_bottom + sail_height / 2.0, 0.0],
        ),
        p(
            cylinder(sail_height, w * 0.14),
            [sail_x + l * 0.065, sail_bottom + sail_height / 2.0, 0.0],
        ),
        p(
            cuboid([l * 0.05, r * 0.07, w]),
            [sail_x, sail_bottom + sail_height * 0.6, 0.0],
        ),
        part(
            cylinder(h - sail_top, r * 0.05),
            [sail_x - l * 0.02, (sail_top + h) / 2.0, 0.0],
            Material::Metal,
            DARK_METAL,
        ),
        p(cuboid([l * 0.07, 2.0 * r, r * 0.08]), [-l * 0.43, r, 0.0]),
        p(cuboid([l * 0.07, r * 0.08, 2.0 * r]), [-l * 0.43, r, 0.0]),
        along_x(part(
            cylinder(l * 0.012, r * 0.55),
            [-l / 2.0 + l * 0.006, r, 0.0],
            Material::Metal,
            Color::rgb(176, 128, 64),
        )),
    ]
}

/// A hot-air balloon: a wicker basket with its burner, ropes up to the skirt, and a
/// striped envelope, narrow at the mouth and round above.
pub(crate) fn hot_air_balloon([l, h, _]: [f32; 3], m: Material, c: Color) -> Vec<Part> {
    let stripe = paler(c, 0.6);
    let r = l / 2.0;
    let centre = h - r;
    let basket = (l * 0.09).max(0.05);
    let basket_top = basket * 0.8;
    let mouth_y = basket_top + basket * 1.8;
    let mouth = basket * 0.75;
    let wicker = Color::rgb(128, 88, 52);
    let mut v = vec![
        part(
            cuboid([basket, basket_top, basket]),
            [0.0, basket_top / 2.0, 0.0],
            Material::Wood,
            wicker,
        ),
        part(
            cuboid([basket * 1.06, basket * 0.08, basket * 1.06]),
            [0.0, basket_top, 0.0],
            Material::Cloth,
            darker(wicker, 0.6),
        ),
        part(
            cylinder(basket * 0.35, basket * 0.18),
            [0.0, (basket_top + mouth_y) / 2.0, 0.0],
            Material::Metal,
            Color::rgb(150, 150, 156),
        ),
    ];
    for (sx, sz) in [(-1.0, -1.0), (1.0, -1.0), (-1.0, 1.0), (1.0, 1.0)] {
        v.push(cable(
            [sx * basket / 2.0, basket_top, sz * basket / 2.0],
            [sx * mouth * 0.7, mouth_y, sz * mouth * 0.7],
            (basket * 0.012).max(0.002),
            Color::rgb(60, 50, 40),
        ));
    }
    // The envelope: a teardrop of spheres shrinking down to the mouth, in bands of the
    // colour and its paler stripe, over a round crown.
    let steps = 5;
    for i in 0..steps {
        let t = (i as f32 + 1.0) / (steps + 1) as f32;
        let radius = mouth + (r * 0.9 - mouth) * t.powf(0.7);
        let y = mouth_y + radius * 0.6 + (centre - mouth_y - r * 0.3) * t;
        let color = if i % 2 == 0 { stripe } else { c };
        v.push(part(Shape::Sphere { radius }, [0.0, y, 0.0], m, color));
    }
    v.push(part(Shape::Sphere { radius: r }, [0.0, centre, 0.0], m, c));
    v.push(Part {
        collides: false,
        ..part(cylinder(r * 0.3, r * 1.004), [0.0, centre, 0.0], m, stripe)
    });
    v
}

/// A farm tractor: big rear wheels and small front ones with bright rims, a long engine
/// hood with its grille and exhaust, fenders and an open cab with a roof.
pub(crate) fn tractor([l, h, w]: [f32; 3], m: Material, c: Color) -> Vec<Part> {
    let p = |shape, at: [f32; 3]| part(shape, at, m, c);
    let (rear, front) = (h * 0.3, h * 0.17);
    let (rear_x, front_x) = (-l * 0.25, l * 0.32);
    let rim = Color::rgb(236, 190, 40);
    let cab_x = -l * 0.22;
    let mut v = Vec::new();
    for side in [-1.0, 1.0] {
        let rear_z = side * (w / 2.0 - w * 0.11);
        let front_z = side * w * 0.34;
        v.push(wheel(rear, w * 0.22, [rear_x, rear, rear_z]));
        v.push(wheel(front, w * 0.14, [front_x, front, front_z]));
        for (radius, width, at) in [
            (rear * 0.55, w * 0.23, [rear_x, rear, rear_z]),
            (front * 0.55, w * 0.15, [front_x, front, front_z]),
        ] {
            v.push(turned(
                part(cylinder(width, radius), at, Material::Metal, rim),
                [1.0, 0.0, 0.0],
                std::f32::consts::FRAC_PI_2,
            ));
        }
        v.push(p(
            cuboid([rear * 1.6, h * 0.04, w * 0.24]),
            [rear_x, rear * 2.0 + h * 0.03, rear_z],
        ));
    }
    v.extend([
        p(
            cuboid([l * 0.8, h * 0.1, w * 0.34]),
            [l * 0.02, h * 0.3, 0.0],
        ),
        p(
            cuboid([l * 0.44, h * 0.24, w * 0.38]),
            [l * 0.2, h * 0.46, 0.0],
        ),
        part(
            cuboid([l * 0.02, h * 0.2, w * 0.3]),
            [l * 0.42, h * 0.46, 0.0],
            Material::Metal,
            DARK_METAL,
        ),
        part(
            cylinder(h * 0.32, w * 0.025),
            [l * 0.3, h * 0.74, w * 0.12],
            Material::Metal,
            DARK_METAL,
        ),
        p(cuboid([l * 0.32, h * 0.05, w * 0.6]), [cab_x, h * 0.5, 0.0]),
        part(
            cuboid([l * 0.27, h * 0.38, w * 0.54]),
            [cab_x, h * 0.73, 0.0],
            Material::Glass,
            TINTED_GLASS,
        ),
        p(
            cuboid([l * 0.36, h * 0.05, w * 0.66]),
            [cab_x, h * 0.975, 0.0],
        ),
    ]);
    for (sx, sz) in [(-1.0, -1.0), (1.0, -1.0), (-1.0, 1.0), (1.0, 1.0)] {
        v.push(part(
            cuboid([w * 0.04, h * 0.42, w * 0.04]),
            [cab_x + sx * l * 0.14, h * 0.74, sz * w * 0.28],
            Material::Metal,
            DARK_METAL,
        ));
    }
    v
}

/// A tower crane: a concrete base, a lattice mast, a long jib with a trolley and hook,
/// a counter-jib with its weights, the operator's cab and the ties from the peak.
pub(crate) fn tower_crane([l, h, w]: [f32; 3], m: Material, c: Color) -> Vec<Part> {
    let p = |shape, at: [f32; 3]| part(shape, at, m, c);
    let lattice = |shape, at: [f32; 3]| Part {
        collides: false,
        ..p(shape, at)
    };
    let s = w * 0.6;
    let mast_x = -l * 0.2;
    let base = s * 0.5;
    let top = h * 0.8;
    let concrete = Color::rgb(150, 150, 146);
    let bar = s * 0.08;
    let mut v = vec![part(
        cuboid([s * 1.6, base, s * 1.6]),
        [mast_x, base / 2.0, 0.0],
        Material::Stone,
        concrete,
    )];
    for (sx, sz) in [(-1.0, -1.0), (1.0, -1.0), (-1.0, 1.0), (1.0, 1.0)] {
        v.push(p(
            cuboid([bar * 1.5, top - base, bar * 1.5]),
            [mast_x + sx * s / 2.0, (top + base) / 2.0, sz * s / 2.0],
        ));
    }
    // The mast's faces: a zig-zag of braces, a bay half again the mast's width high.
    let bays = ((top - base) / (s * 1.5)).floor().max(1.0) as usize;
    let bay = (top - base) / bays as f32;
    let brace = (bay * bay + s * s).sqrt();
    let lean = s.atan2(bay);
    for i in 0..bays {
        let y = base + bay * (i as f32 + 0.5);
        let zig = if i % 2 == 0 { 1.0 } else { -1.0 };
        for sz in [-1.0, 1.0] {
            v.push(turned(
                lattice(cuboid([bar, brace, bar]), [mast_x, y, sz * s / 2.0]),
                [0.0, 0.0, 1.0],
                zig * lean,
            ));
        }
        for sx in [-1.0, 1.0] {
            v.push(turned(
                lattice(cuboid([bar, brace, bar]), [mast_x + sx * s / 2.0, y, 0.0]),
                [1.0, 0.0, 0.0],
                zig * lean,
            ));
        }
    }
    // The jib: two bottom chords and a top chord out to the tip, braced.
    let jib = l / 2.0 - mast_x;
    let jib_x = mast_x + jib / 2.0;
    let chord_height = s * 0.8;
    for sz in [-1.0, 1.0] {
        v.push(p(cuboid([jib, bar, bar]), [jib_x, top, sz * s / 2.0]));
    }
    v.push(p(cuboid([jib, bar, bar]), [jib_x, top + chord_height, 0.0]));
    let struts = (jib / (s * 2.0)).floor().max(1.0) as usize;
    for i in 1..struts {
        let x = mast_x + jib * i as f32 / struts as f32;
        v.push(lattice(
            cuboid([bar, chord_height, bar]),
            [x, top + chord_height / 2.0, 0.0],
        ));
    }
    // The counter-jib and its concrete weights.
    let counter = l / 2.0 + mast_x;
    v.push(p(
        cuboid([counter, bar * 2.0, s]),
        [-l / 2.0 + counter / 2.0, top, 0.0],
    ));
    v.push(part(
        cuboid([s * 1.2, s * 1.6, s * 1.1]),
        [-l / 2.0 + s * 0.7, top - s * 0.7, 0.0],
        Material::Stone,
        concrete,
    ));
    // The peak, its ties, the cab, and the trolley with its hook.
    v.push(p(
        cuboid([s * 0.35, h - top, s * 0.35]),
        [mast_x, (top + h) / 2.0, 0.0],
    ));
    let tie = darker(c, 0.5);
    v.push(cable(
        [mast_x, h, 0.0],
        [mast_x + jib * 0.7, top + chord_height, 0.0],
        bar * 0.3,
        tie,
    ));
    v.push(cable(
        [mast_x, h, 0.0],
        [-l / 2.0 + s * 0.4, top, 0.0],
        bar * 0.3,
        tie,
    ));
    v.push(part(
        cuboid([s * 0.9, s * 0.9, s * 0.8]),
        [mast_x + s * 0.75, top - s * 0.5, s * 0.55],
        Material::Glass,
        TINTED_GLASS,
    ));
    let trolley_x = mast_x + jib * 0.62;
    let hook_y = h * 0.3;
    v.push(part(
        cuboid([s * 0.5, s * 0.2, s * 0.9]),
        [trolley_x, top - s * 0.15, 0.0],
        Material::Metal,
        DARK_METAL,
    ));
    v.push(cable(
        [trolley_x, top - s * 0.25, 0.0],
        [trolley_x, hook_y, 0.0],
        bar * 0.2,
        DARK_METAL,
    ));
    v.push(p(
        cuboid([s * 0.3, s * 0.4, s * 0.25]),
        [trolley_x, hook_y, 0.0],
    ));
    v
}

/// An airliner: a long fuselage with a row of windows and a tapering tail, swept wings
/// with an engine under each, a tall swept fin, tailplanes and landing gear.
pub(crate) fn airliner([l, h, w]: [f32; 3], m: Material, c: Color) -> Vec<Part> {
    let p = |shape, at: [f32; 3]| part(shape, at, m, c);
    let r = h * 0.19;
    let y = h * 0.3;
    let luma = 0.3 * c.r as f32 + 0.59 * c.g as f32 + 0.11 * c.b as f32;
    let accent = if luma > 200.0 {
        Color::rgb(30, 70, 150)
    } else {
        darker(c, 0.7)
    };
    let window = Color::rgb(34, 40, 52);
    let mut v = vec![
        along_x(p(
            Shape::Capsule {
                half_height: l * 0.36,
                radius: r,
            },
            [l * 0.04, y, 0.0],
        )),
        part(
            cuboid([l * 0.62, r * 0.14, 2.0 * r * 1.004]),
            [l * 0.04, y + r * 0.25, 0.0],
            Material::Glass,
            window,
        ),
        part(
            cuboid([r * 0.5, r * 0.22, r * 1.5]),
            [l * 0.4 + r * 0.55, y + r * 0.42, 0.0],
            Material::Glass,
            window,
        ),
    ];
    // The tail cone, narrowing and rising.
    for (i, f) in [0.85, 0.65, 0.42].into_iter().enumerate() {
        v.push(along_x(p(
            cylinder(l * 0.065, r * f),
            [
                -l * (0.34 + 0.06 * i as f32),
                y + r * 0.15 * (i + 1) as f32,
                0.0,
            ],
        )));
    }
    let sweep = 0.5_f32;
    let wing_root = [l * 0.06, y - r * 0.55];
    let reach = (w / 2.0) / sweep.cos();
    for side in [-1.0, 1.0] {
        // Along the wing from its root: back by the sweep, out to the side.
        let along = |d: f32| {
            [
                wing_root[0] - sweep.sin() * d,
                wing_root[1],
                side * sweep.cos() * d,
            ]
        };
        v.push(turned(
            p(cuboid([l * 0.15, r * 0.14, reach]), along(reach / 2.0)),
            [0.0, 1.0, 0.0],
            -side * sweep,
        ));
        let [ex, _, ez] = along(reach * 0.34);
        v.push(along_x(p(
            cylinder(l * 0.11, r * 0.42),
            [ex + l * 0.05, y - r * 1.05, ez],
        )));
        v.push(along_x(part(
            cylinder(l * 0.004, r * 0.36),
            [ex + l * 0.106, y - r * 1.05, ez],
            Material::Metal,
            DARK_METAL,
        )));
        let tail = l * 0.17;
        v.push(turned(
            p(
                cuboid([l * 0.07, r * 0.1, tail]),
                [
                    -l * 0.43 - sweep.sin() * tail / 2.0,
                    y + r * 0.35,
                    side * sweep.cos() * tail / 2.0,
                ],
            ),
            [0.0, 1.0, 0.0],
            -side * sweep,
        ));
        // The main gear under the wing roots.
        v.push(wheel(r * 0.3, r * 0.3, [0.0, r * 0.3, side * r * 1.1]));
        v.push(part(
            cylinder(y - r, r * 0.06),
            [0.0, r * 0.3 + (y - r) / 2.0, side * r * 0.9],
            Material::Metal,
            DARK_METAL,
        ));
    }
    let fin = h * 0.5;
    let lean = 0.6_f32;
    v.push(turned(
        part(
            cuboid([l * 0.12, fin, r * 0.12]),
            [
                -l * 0.4 - lean.sin() * fin / 2.0,
                y + r * 0.6 + lean.cos() * fin / 2.0,
                0.0,
            ],
            m,
            accent,
        ),
        [0.0, 0.0, 1.0],
        lean,
    ));
    v.push(wheel(r * 0.25, r * 0.25, [l * 0.34, r * 0.25, 0.0]));
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Archetype, Entity};

    /// A part with the lowest and highest corner of the box it reaches.
    type Reach = (Part, [f32; 3], [f32; 3]);

    /// Each part of a kind at natural size, with the box it reaches in the kind's frame,
    /// and the kind's size.
    fn boxes(name: &str) -> (Vec<Reach>, [f32; 3]) {
        let e = Entity::new("x", Archetype::from_name(name).unwrap(), [0.0; 3]);
        let dims = match e.archetype {
            Archetype::Thing(kind) => kind.info().dims,
            _ => unreachable!("{name} is a catalogue kind"),
        };
        let boxes = e
            .parts()
            .into_iter()
            .map(|p| {
                let [hx, hy, hz] = p.shape.half_extents();
                let (mut lo, mut hi) = ([f32::MAX; 3], [f32::MIN; 3]);
                for corner in [-1.0, 1.0].into_iter().flat_map(|sx| {
                    [-1.0, 1.0]
                        .into_iter()
                        .flat_map(move |sy| [-1.0, 1.0].map(|sz| [sx * hx, sy * hy, sz * hz]))
                }) {
                    let at = rotate(p.rotation, corner);
                    for i in 0..3 {
                        lo[i] = lo[i].min(p.offset[i] + at[i]);
                        hi[i] = hi[i].max(p.offset[i] + at[i]);
                    }
                }
                (p, lo, hi)
            })
            .collect();
        (boxes, dims)
    }

    fn rotate([x, y, z, w]: [f32; 4], v: [f32; 3]) -> [f32; 3] {
        // v + 2w(q × v) + 2 q × (q × v)
        let cross = |a: [f32; 3], b: [f32; 3]| {
            [
                a[1] * b[2] - a[2] * b[1],
                a[2] * b[0] - a[0] * b[2],
                a[0] * b[1] - a[1] * b[0],
            ]
        };
        let q = [x, y, z];
        let t = cross(q, v).map(|c| 2.0 * c);
        let u = cross(q, t);
        [0, 1, 2].map(|i| v[i] + w * t[i] + u[i])
    }

    fn radius(p: &Part) -> f32 {
        p.shape.half_extents()[0]
    }

    #[test]
    fn every_machine_fills_its_size_standing_on_the_ground() {
        for name in [
            "submarine",
            "hot_air_balloon",
            "tractor",
            "crane",
            "airplane",
        ] {
            let (boxes, [l, h, w]) = boxes(name);
            let lo = boxes.iter().fold([f32::MAX; 3], |a, (_, lo, _)| {
                [0, 1, 2].map(|i| a[i].min(lo[i]))
            });
            let hi = boxes.iter().fold([f32::MIN; 3], |a, (_, _, hi)| {
                [0, 1, 2].map(|i| a[i].max(hi[i]))
            });
            assert!(
                lo[1].abs() < 0.02 * h,
                "{name} stands on the ground: {lo:?}"
            );
            for (axis, size) in [(0, l), (1, h), (2, w)] {
                let extent = hi[axis] - lo[axis];
                assert!(
                    (0.85..=1.12).contains(&(extent / size)),
                    "{name} along axis {axis}: {extent} of {size}"
                );
            }
        }
    }

    #[test]
    fn a_submarine_has_a_sail_above_its_hull_and_fins_at_its_stern() {
        let (boxes, [l, h, w]) = boxes("submarine");
        assert!(
            boxes
                .iter()
                .any(|(_, lo, hi)| lo[1] > w * 0.8 && hi[1] > h * 0.8 && hi[0] > 0.0)
        );
        assert!(
            boxes
                .iter()
                .any(|(_, lo, hi)| lo[0] < -0.45 * l && hi[2] - lo[2] > 0.99 * w)
        );
    }

    #[test]
    fn a_hot_air_balloon_hangs_a_wicker_basket_under_a_wide_envelope() {
        let (boxes, [l, h, _]) = boxes("hot_air_balloon");
        let lowest = boxes
            .iter()
            .filter(|(p, _, _)| p.collides)
            .min_by(|a, b| a.1[1].total_cmp(&b.1[1]))
            .unwrap();
        assert_eq!(lowest.0.material, Material::Wood, "the basket is lowest");
        assert!(lowest.2[0] - lowest.1[0] < 0.15 * l, "the basket is small");
        assert!(
            boxes
                .iter()
                .any(|(p, lo, hi)| matches!(p.shape, Shape::Sphere { .. })
                    && hi[0] - lo[0] > 0.95 * l
                    && lo[1] > 0.3 * h)
        );
        let colours: std::collections::HashSet<_> = boxes
            .iter()
            .filter(|(p, _, _)| matches!(p.shape, Shape::Sphere { .. }))
            .map(|(p, _, _)| (p.color.r, p.color.g, p.color.b))
            .collect();
        assert!(colours.len() >= 2, "the envelope is striped");
    }

    #[test]
    fn a_tractor_has_big_rear_wheels_and_small_front_ones() {
        let (boxes, _) = boxes("tractor");
        let wheels: Vec<_> = boxes
            .iter()
            .filter(|(p, _, _)| p.material == Material::Rubber)
            .collect();
        assert_eq!(wheels.len(), 4);
        let rear = wheels.iter().filter(|(p, _, _)| p.offset[0] < 0.0);
        let front = wheels.iter().filter(|(p, _, _)| p.offset[0] > 0.0);
        let smallest_rear = rear.map(|(p, _, _)| radius(p)).fold(f32::MAX, f32::min);
        let largest_front = front.map(|(p, _, _)| radius(p)).fold(0.0, f32::max);
        assert!(smallest_rear > 1.5 * largest_front);
        assert!(
            boxes.iter().any(|(p, _, _)| p.material == Material::Glass),
            "a cab"
        );
    }

    #[test]
    fn a_tower_crane_has_a_tall_mast_a_long_jib_and_a_counterweight() {
        let (boxes, [l, h, _]) = boxes("crane");
        let jib = boxes
            .iter()
            .filter(|(p, lo, _)| p.collides && lo[1] > 0.7 * h)
            .map(|(_, _, hi)| hi[0])
            .fold(f32::MIN, f32::max);
        assert!(jib > 0.45 * l, "the jib reaches out: {jib}");
        let mast = boxes
            .iter()
            .filter(|(p, lo, hi)| p.collides && lo[1] < 0.1 * h && hi[1] > 0.75 * h)
            .count();
        assert_eq!(mast, 4, "four corner posts");
        let weight = boxes
            .iter()
            .find(|(p, lo, _)| p.material == Material::Stone && lo[1] > 0.5 * h)
            .expect("a counterweight up on the counter-jib");
        assert!(weight.2[0] < 0.0);
        let braces = boxes.iter().filter(|(p, _, _)| !p.collides).count();
        assert!(braces >= 20, "a lattice, not a pole: {braces} braces");
    }

    #[test]
    fn an_airliner_has_swept_wings_with_engines_and_a_fin_at_the_back() {
        let (boxes, [l, h, w]) = boxes("airplane");
        let wing = boxes
            .iter()
            .find(|(p, _, hi)| hi[2] > 0.45 * w && p.offset[2] > 0.2 * w)
            .expect("a wing out to the side");
        assert!(wing.1[0] < -0.1 * l, "swept back: {:?}", wing.1);
        let engines = boxes
            .iter()
            .filter(|(p, lo, _)| {
                matches!(p.shape, Shape::Cylinder { .. })
                    && lo[1] < 0.2 * h
                    && p.offset[2].abs() > 0.1 * w
            })
            .count();
        assert!(engines >= 2, "{engines} engines under the wings");
        assert!(
            boxes
                .iter()
                .any(|(_, lo, hi)| hi[1] > 0.75 * h && lo[0] < -0.4 * l)
        );
    }
}
