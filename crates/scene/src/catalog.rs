//! The catalogue of everyday things: animals, vehicles, furniture, food, sports gear,
//! tools, plants and buildings. Each kind has a name, the words people use for it, a body
//! plan, a natural size and mass, a material and a colour. A body plan turns the size into
//! rigid parts, so one plan ("quadruped", "car", "chair") serves many kinds.

use crate::archetype::{axis_angle, part, quat_mul};
use crate::machines;
use crate::{Color, Limb, Material, Part, Shape};
use std::f32::consts::{FRAC_PI_2, PI};

/// A kind of everyday thing in the catalogue (an index into [`KINDS`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Kind(pub(crate) u16);

/// What a kind is, for grouping and defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Class {
    /// Four-legged animals, reptiles and other walkers.
    Animal,
    /// Birds and flying insects.
    Flyer,
    /// Fish and sea creatures.
    Swimmer,
    /// Cars, boats, aircraft and other vehicles.
    Vehicle,
    /// Chairs, beds, shelves and other furniture.
    Furniture,
    /// Cups, pots and other things of the kitchen and home.
    Household,
    /// Food and drink.
    Food,
    /// Balls, bats, goals and other sports gear.
    Sports,
    /// Toys and games.
    Toy,
    /// Tools and gadgets.
    Tool,
    /// Trees, flowers, rocks and other natural things.
    Nature,
    /// Buildings, signs, posts and other things fixed to the ground.
    Structure,
}

/// How a kind's rigid parts are laid out; every plan faces +x with its base at y = 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Body {
    /// A sphere as tall as the kind.
    Ball,
    /// A box.
    Box,
    /// An upright cylinder.
    Cylinder,
    /// A flat disc.
    Disc,
    /// A cylinder lying along x.
    Rod,
    /// A bottle: a body and a neck.
    Bottle,
    /// A mug: a cylinder and a handle.
    Mug,
    /// A cone narrowing upwards, in steps.
    Cone,
    /// A table: a top on four legs.
    Table,
    /// A chair: a seat on four legs with a back.
    Chair,
    /// A sofa or bed: a base with a back.
    Sofa,
    /// A lamp: a base, a pole and a shade.
    Lamp,
    /// A tall post with something on top (sign, flag, mailbox).
    Post,
    /// A pole with an arm and a glowing head (street lamp, traffic light).
    Streetlight,
    /// A tree: a trunk and a round crown.
    Tree,
    /// A conifer: a trunk and stacked cones.
    Pine,
    /// A bush: clustered spheres.
    Bush,
    /// A flower: a stem and a bloom.
    Flower,
    /// A house: walls and a roof.
    House,
    /// Four legs, a body, a neck, a head and a tail.
    Quadruped,
    /// A bird: a body, a head, wings and a beak.
    Bird,
    /// A fish: a body and a tail.
    Fish,
    /// A long low body (snake, crocodile).
    Snake,
    /// A car: a body, a cabin and four wheels.
    Car,
    /// A bus or train carriage: a long box on wheels.
    Bus,
    /// A truck: a cab and a cargo box on wheels.
    Truck,
    /// Two wheels and a frame.
    Bike,
    /// A hull with a cabin.
    Boat,
    /// A fuselage, wings and a tail.
    Airplane,
    /// A body, a rotor and a tail boom.
    Helicopter,
    /// A cylinder with a nose cone and fins.
    Rocket,
    /// Three stacked spheres.
    Snowman,
    /// A thin upright panel (door, whiteboard, painting, screen).
    Panel,
    /// A pole with a canopy.
    Umbrella,
    /// A ring lying flat (tyre, doughnut).
    Ring,
    /// A goal: two posts and a crossbar.
    Goal,
    /// An open box (bathtub, sandbox).
    Tub,
    /// A handle with a head (bat, hammer, racket, club).
    Stick,
    /// A flat sheet lying down (rug, mat, paper).
    Flat,
    /// A balloon on a string.
    Balloon,
    /// A hat: a crown and a brim.
    Hat,
    /// A submarine: a hull, a sail, fins and a propeller.
    Submarine,
    /// A hot-air balloon: a basket, ropes and a striped envelope.
    HotAirBalloon,
    /// A farm tractor: big rear wheels, a hood and an open cab.
    Tractor,
    /// A tower crane: a lattice mast, a jib with a hook and a counterweight.
    TowerCrane,
    /// An airliner: a fuselage, swept wings with engines, a fin and tailplanes.
    Airliner,
}

/// One kind of thing in the catalogue.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KindInfo {
    /// Name in scene files (`fire_truck`).
    pub name: &'static str,
    /// Other words and phrases for it, including irregular plurals ("puppy", "mice").
    pub words: &'static [&'static str],
    /// Its body plan.
    pub body: Body,
    /// Natural length (x), height (y) and width (z) in metres.
    pub dims: [f32; 3],
    /// Natural mass in kilograms.
    pub mass: f32,
    /// What it is made of.
    pub material: Material,
    /// Its colour as 0xRRGGBB.
    pub color: u32,
    /// What it is.
    pub class: Class,
}

impl Kind {
    /// The kind's catalogue entry.
    pub fn info(self) -> &'static KindInfo {
        &KINDS[self.0 as usize]
    }

    /// Every kind in the catalogue.
    pub fn all() -> impl Iterator<Item = Kind> {
        (0..KINDS.len() as u16).map(Kind)
    }

    /// The kind with this scene-file name.
    pub fn named(name: &str) -> Option<Kind> {
        KINDS
            .iter()
            .position(|k| k.name == name)
            .map(|i| Kind(i as u16))
    }

    /// Whether it stays where it is put (buildings, trees, big furniture).
    pub fn is_fixture(self) -> bool {
        let info = self.info();
        info.class == Class::Structure
            || matches!(
                info.body,
                Body::Tree | Body::Pine | Body::Bush | Body::House | Body::Goal | Body::Tub
            )
            || (info.class == Class::Furniture && info.mass > 40.0)
    }

    /// The kind's rigid parts at natural size, in its material and colour.
    pub fn parts(self, material: Material, color: Color) -> Vec<Part> {
        build(self.info().body, self.info().dims, material, color)
    }
}

pub(crate) fn cuboid(size: [f32; 3]) -> Shape {
    Shape::Cuboid {
        half_extents: size.map(|v| (v / 2.0).max(0.002)),
    }
}

pub(crate) fn cylinder(height: f32, radius: f32) -> Shape {
    Shape::Cylinder {
        half_height: (height / 2.0).max(0.002),
        radius: radius.max(0.002),
    }
}

pub(crate) fn darker(c: Color, f: f32) -> Color {
    let scale = |v: u8| (v as f32 * f).min(255.0) as u8;
    Color::rgb(scale(c.r), scale(c.g), scale(c.b))
}

/// A wheel of radius `r` and width `w` centred at `at`, its axle along z.
pub(crate) fn wheel(r: f32, w: f32, at: [f32; 3]) -> Part {
    Part {
        rotation: axis_angle([1.0, 0.0, 0.0], FRAC_PI_2),
        ..part(cylinder(w, r), at, Material::Rubber, Color::rgb(28, 28, 30))
    }
}

/// Turns a part's shape to lie along x (for shapes built along y).
pub(crate) fn along_x(mut p: Part) -> Part {
    p.rotation = axis_angle([0.0, 0.0, 1.0], FRAC_PI_2);
    p
}

/// The parts of a body plan of size `[l, h, w]`.
fn build(body: Body, [l, h, w]: [f32; 3], m: Material, c: Color) -> Vec<Part> {
    let dark = darker(c, 0.55);
    let p = |shape, at: [f32; 3]| part(shape, at, m, c);
    match body {
        Body::Ball => vec![p(Shape::Sphere { radius: h / 2.0 }, [0.0, h / 2.0, 0.0])],
        Body::Box => vec![p(cuboid([l, h, w]), [0.0, h / 2.0, 0.0])],
        Body::Cylinder => vec![p(cylinder(h, l.max(w) / 2.0), [0.0, h / 2.0, 0.0])],
        Body::Disc => vec![p(cylinder(h, l.max(w) / 2.0), [0.0, h / 2.0, 0.0])],
        Body::Rod => vec![along_x(p(cylinder(l, h.max(w) / 2.0), [0.0, h / 2.0, 0.0]))],
        Body::Bottle => vec![
            p(cylinder(h * 0.65, w / 2.0), [0.0, h * 0.325, 0.0]),
            p(cylinder(h * 0.35, w / 5.0), [0.0, h * 0.825, 0.0]),
        ],
        Body::Mug => vec![
            p(cylinder(h, w / 2.0), [0.0, h / 2.0, 0.0]),
            p(
                cuboid([l - w, h * 0.6, w * 0.15]),
                [w / 2.0 + (l - w) / 2.0, h / 2.0, 0.0],
            ),
        ],
        Body::Cone => (0..4)
            .map(|i| {
                let f = 1.0 - i as f32 / 4.0;
                p(
                    cylinder(h / 4.0, l.max(w) / 2.0 * f),
                    [0.0, h / 8.0 + h / 4.0 * i as f32, 0.0],
                )
            })
            .collect(),
        Body::Table => {
            let mut v = vec![p(cuboid([l, h * 0.06, w]), [0.0, h * 0.97, 0.0])];
            for (sx, sz) in [(-1.0, -1.0), (1.0, -1.0), (-1.0, 1.0), (1.0, 1.0)] {
                let leg = (l.min(w) * 0.06).max(0.01);
                v.push(p(
                    cuboid([leg, h * 0.94, leg]),
                    [sx * (l / 2.0 - leg), h * 0.47, sz * (w / 2.0 - leg)],
                ));
            }
            v
        }
        Body::Chair => {
            let seat = h * 0.48;
            let leg = (l * 0.08).max(0.015);
            let mut v = vec![
                p(cuboid([l, 0.04, w]), [0.0, seat, 0.0]),
                p(
                    cuboid([0.04, h - seat, w]),
                    [-l / 2.0, seat + (h - seat) / 2.0, 0.0],
                ),
            ];
            for (sx, sz) in [(-1.0, -1.0), (1.0, -1.0), (-1.0, 1.0), (1.0, 1.0)] {
                v.push(p(
                    cuboid([leg, seat, leg]),
                    [sx * (l / 2.0 - leg), seat / 2.0, sz * (w / 2.0 - leg)],
                ));
            }
            v
        }
        Body::Sofa => vec![
            p(cuboid([l, h * 0.5, w]), [0.0, h * 0.25, 0.0]),
            p(cuboid([l * 0.2, h, w]), [-l * 0.4, h * 0.5, 0.0]),
        ],
        Body::Lamp => vec![
            p(cylinder(h * 0.04, l * 0.4), [0.0, h * 0.02, 0.0]),
            p(cylinder(h * 0.75, l * 0.04), [0.0, h * 0.4, 0.0]),
            part(
                cylinder(h * 0.22, l / 2.0),
                [0.0, h * 0.87, 0.0],
                Material::Light,
                Color::rgb(255, 226, 170),
            ),
        ],
        Body::Post => vec![
            p(cylinder(h, (w * 0.1).max(0.02)), [0.0, h / 2.0, 0.0]),
            p(cuboid([l * 0.2, h * 0.15, w]), [0.0, h * 0.92, 0.0]),
        ],
        Body::Streetlight => vec![
            p(cylinder(h, (w * 0.12).max(0.03)), [0.0, h / 2.0, 0.0]),
            p(cuboid([l, 0.06, 0.06]), [l / 2.0, h * 0.97, 0.0]),
            part(
                cuboid([l * 0.35, 0.08, w * 0.8]),
                [l * 0.85, h * 0.94, 0.0],
                Material::Light,
                Color::rgb(255, 214, 150),
            ),
        ],
        Body::Tree => vec![
            part(
                cylinder(h * 0.55, l * 0.07),
                [0.0, h * 0.275, 0.0],
                Material::Wood,
                Color::rgb(92, 64, 40),
            ),
            p(Shape::Sphere { radius: l * 0.45 }, [0.0, h - l * 0.45, 0.0]),
        ],
        Body::Pine => {
            let mut v = vec![part(
                cylinder(h * 0.25, l * 0.07),
                [0.0, h * 0.125, 0.0],
                Material::Wood,
                Color::rgb(92, 64, 40),
            )];
            v.extend((0..4).map(|i| {
                let f = 1.0 - i as f32 / 4.5;
                p(
                    cylinder(h * 0.2, l / 2.0 * f),
                    [0.0, h * (0.3 + 0.18 * i as f32), 0.0],
                )
            }));
            v
        }
        Body::Bush => [(-0.25, 0.45, 0.0), (0.22, 0.4, 0.1), (0.0, 0.55, -0.15)]
            .iter()
            // Raised so the lowest ball sits on the ground.
            .map(|&(x, y, z)| {
                p(
                    Shape::Sphere { radius: h * 0.45 },
                    [x * l, (y + 0.05) * h, z * w],
                )
            })
            .collect(),
        Body::Flower => vec![
            part(
                cylinder(h * 0.85, 0.006),
                [0.0, h * 0.425, 0.0],
                Material::Grass,
                Color::rgb(60, 130, 50),
            ),
            p(Shape::Sphere { radius: l / 2.0 }, [0.0, h - l / 2.0, 0.0]),
        ],
        Body::House => vec![
            p(cuboid([l, h * 0.65, w]), [0.0, h * 0.325, 0.0]),
            Part {
                rotation: axis_angle([1.0, 0.0, 0.0], PI / 4.0),
                ..part(
                    cuboid([l * 1.05, w * 0.5, w * 0.5]),
                    [0.0, h * 0.65, 0.0],
                    Material::Stone,
                    Color::rgb(120, 50, 40),
                )
            },
            part(
                cuboid([0.03, h * 0.3, w * 0.18]),
                [l / 2.0, h * 0.15, 0.0],
                Material::Wood,
                dark,
            ),
        ],
        Body::Quadruped => {
            let (body_h, leg_h) = (h * 0.35, h * 0.5);
            let body_y = leg_h + body_h / 2.0;
            let mut v = vec![along_x(p(
                Shape::Capsule {
                    half_height: (l * 0.55 - body_h) / 2.0,
                    radius: body_h / 2.0,
                },
                [0.0, body_y, 0.0],
            ))];
            let head = h * 0.16;
            v.push(p(
                cylinder(h * 0.3, head * 0.45),
                [l * 0.32, body_y + h * 0.12, 0.0],
            ));
            v.push(p(Shape::Sphere { radius: head }, [l * 0.38, h - head, 0.0]));
            v.push(part(
                Shape::Sphere {
                    radius: head * 0.45,
                },
                [l * 0.38 + head * 0.8, h - head * 1.2, 0.0],
                m,
                dark,
            ));
            v.push(Part {
                rotation: axis_angle([0.0, 0.0, 1.0], 1.0),
                ..p(
                    cylinder(l * 0.22, body_h * 0.1),
                    [-l * 0.35, body_y + body_h * 0.2, 0.0],
                )
            });
            // Hind legs are thighs and forelegs arms, so the animator can swing them.
            for (sx, sz, limb) in [
                (-1.0, -1.0, Limb::ThighLeft),
                (1.0, -1.0, Limb::UpperArmLeft),
                (-1.0, 1.0, Limb::ThighRight),
                (1.0, 1.0, Limb::UpperArmRight),
            ] {
                v.push(Part {
                    limb: Some(limb),
                    ..p(
                        cylinder(leg_h + body_h * 0.3, (body_h * 0.16).max(0.01)),
                        [sx * l * 0.2, (leg_h + body_h * 0.3) / 2.0, sz * w * 0.28],
                    )
                });
            }
            v
        }
        Body::Bird => {
            let r = h * 0.3;
            vec![
                p(Shape::Sphere { radius: r }, [0.0, h * 0.4, 0.0]),
                p(Shape::Sphere { radius: r * 0.6 }, [r * 0.9, h * 0.75, 0.0]),
                part(
                    Shape::Sphere { radius: r * 0.22 },
                    [r * 1.5, h * 0.72, 0.0],
                    Material::Stone,
                    Color::rgb(230, 170, 40),
                ),
                // Wings are arms, so they can flap.
                Part {
                    limb: Some(Limb::UpperArmLeft),
                    ..p(
                        cuboid([l * 0.35, h * 0.05, w / 2.0]),
                        [-r * 0.2, h * 0.5, -w / 4.0],
                    )
                },
                Part {
                    limb: Some(Limb::UpperArmRight),
                    ..p(
                        cuboid([l * 0.35, h * 0.05, w / 2.0]),
                        [-r * 0.2, h * 0.5, w / 4.0],
                    )
                },
                p(cuboid([l * 0.3, h * 0.04, r]), [-l * 0.4, h * 0.45, 0.0]),
                part(
                    cylinder(h * 0.1, r * 0.08),
                    [0.0, h * 0.05, 0.0],
                    Material::Stone,
                    Color::rgb(230, 170, 40),
                ),
            ]
        }
        Body::Fish => vec![
            along_x(p(
                Shape::Capsule {
                    half_height: (l * 0.75 - h) / 2.0,
                    radius: h / 2.0,
                },
                [l * 0.1, h / 2.0, 0.0],
            )),
            p(
                cuboid([l * 0.15, h * 0.8, w * 0.15]),
                [-l * 0.42, h / 2.0, 0.0],
            ),
        ],
        Body::Snake => vec![along_x(p(
            Shape::Capsule {
                half_height: ((l - h) / 2.0).max(0.01),
                radius: h / 2.0,
            },
            [0.0, h / 2.0, 0.0],
        ))],
        Body::Car => {
            let r = h * 0.22;
            let mut v = vec![
                p(cuboid([l, h * 0.42, w]), [0.0, r + h * 0.2, 0.0]),
                part(
                    cuboid([l * 0.5, h * 0.36, w * 0.9]),
                    [-l * 0.05, r + h * 0.58, 0.0],
                    Material::Glass,
                    Color::rgb(60, 80, 100),
                ),
            ];
            for (sx, sz) in [(-1.0, -1.0), (1.0, -1.0), (-1.0, 1.0), (1.0, 1.0)] {
                v.push(wheel(r, w * 0.12, [sx * l * 0.32, r, sz * w * 0.45]));
            }
            v
        }
        Body::Bus => {
            let r = (h * 0.14).min(0.55);
            let mut v = vec![
                p(cuboid([l, h - r, w]), [0.0, r + (h - r) / 2.0, 0.0]),
                part(
                    cuboid([l * 0.9, h * 0.2, w * 1.01]),
                    [0.0, h * 0.7, 0.0],
                    Material::Glass,
                    Color::rgb(50, 70, 90),
                ),
            ];
            for (sx, sz) in [(-1.0, -1.0), (1.0, -1.0), (-1.0, 1.0), (1.0, 1.0)] {
                v.push(wheel(r, w * 0.1, [sx * l * 0.36, r, sz * w * 0.46]));
            }
            v
        }
        Body::Truck => {
            let r = h * 0.15;
            let mut v = vec![
                p(cuboid([l * 0.25, h * 0.6, w]), [l * 0.37, r + h * 0.3, 0.0]),
                part(
                    cuboid([l * 0.72, h * 0.8, w]),
                    [-l * 0.13, r + h * 0.4, 0.0],
                    m,
                    darker(c, 0.8),
                ),
            ];
            for (sx, sz) in [(-1.0, -1.0), (1.0, -1.0), (-1.0, 1.0), (1.0, 1.0)] {
                v.push(wheel(r, w * 0.12, [sx * l * 0.34, r, sz * w * 0.45]));
            }
            v
        }
        Body::Bike => {
            let r = h * 0.3;
            vec![
                wheel(r, 0.05, [l * 0.33, r, 0.0]),
                wheel(r, 0.05, [-l * 0.33, r, 0.0]),
                p(cuboid([l * 0.66, h * 0.08, 0.05]), [0.0, r * 1.4, 0.0]),
                p(
                    cuboid([l * 0.2, h * 0.06, w.min(0.3)]),
                    [-l * 0.1, h * 0.75, 0.0],
                ),
                p(cuboid([0.04, h * 0.4, w]), [l * 0.3, h * 0.8, 0.0]),
            ]
        }
        Body::Boat => vec![
            p(cuboid([l, h * 0.35, w]), [0.0, h * 0.175, 0.0]),
            p(
                cuboid([l * 0.25, h * 0.35, w * 0.9]),
                [l * 0.5, h * 0.175, 0.0],
            ),
            part(
                cuboid([l * 0.3, h * 0.3, w * 0.7]),
                [-l * 0.1, h * 0.5, 0.0],
                Material::Plastic,
                Color::rgb(240, 240, 240),
            ),
            p(cylinder(h * 0.4, 0.03), [l * 0.1, h * 0.8, 0.0]),
        ],
        Body::Airplane => vec![
            along_x(p(
                Shape::Capsule {
                    half_height: (l - h * 0.4) / 2.0,
                    radius: h * 0.2,
                },
                [0.0, h * 0.45, 0.0],
            )),
            p(cuboid([l * 0.18, h * 0.04, w]), [0.0, h * 0.4, 0.0]),
            p(
                cuboid([l * 0.1, h * 0.04, w * 0.35]),
                [-l * 0.42, h * 0.55, 0.0],
            ),
            p(
                cuboid([l * 0.1, h * 0.45, 0.04]),
                [-l * 0.42, h * 0.75, 0.0],
            ),
        ],
        Body::Helicopter => vec![
            p(Shape::Sphere { radius: h * 0.3 }, [l * 0.15, h * 0.4, 0.0]),
            along_x(p(cylinder(l * 0.55, h * 0.06), [-l * 0.25, h * 0.5, 0.0])),
            part(
                cuboid([l, 0.03, 0.15]),
                [l * 0.15, h * 0.85, 0.0],
                Material::Metal,
                Color::rgb(50, 50, 55),
            ),
            p(cuboid([l * 0.6, 0.04, 0.04]), [l * 0.15, 0.02, w * 0.3]),
            p(cuboid([l * 0.6, 0.04, 0.04]), [l * 0.15, 0.02, -w * 0.3]),
        ],
        Body::Rocket => {
            let r = l.max(w) / 2.0;
            let mut v = vec![p(cylinder(h * 0.75, r), [0.0, h * 0.375, 0.0])];
            v.extend((0..3).map(|i| {
                let f = 1.0 - (i as f32 + 1.0) / 4.0;
                part(
                    cylinder(h * 0.083, r * f),
                    [0.0, h * (0.79 + 0.083 * i as f32), 0.0],
                    m,
                    Color::rgb(200, 40, 40),
                )
            }));
            for k in 0..3 {
                let a = k as f32 * 2.0 * PI / 3.0;
                v.push(Part {
                    rotation: axis_angle([0.0, 1.0, 0.0], -a),
                    ..part(
                        cuboid([r * 1.2, h * 0.18, 0.02 + r * 0.05]),
                        [r * 1.1 * a.cos(), h * 0.09, r * 1.1 * a.sin()],
                        m,
                        Color::rgb(200, 40, 40),
                    )
                });
            }
            v
        }
        Body::Snowman => {
            let r = [h * 0.2, h * 0.15, h * 0.11];
            vec![
                p(Shape::Sphere { radius: r[0] }, [0.0, r[0], 0.0]),
                // Packed flat underneath, so it stands rather than rolls.
                p(
                    Shape::Cylinder {
                        half_height: r[0] * 0.2,
                        radius: r[0] * 0.75,
                    },
                    [0.0, r[0] * 0.2, 0.0],
                ),
                p(
                    Shape::Sphere { radius: r[1] },
                    [0.0, 2.0 * r[0] + r[1] * 0.8, 0.0],
                ),
                p(
                    Shape::Sphere { radius: r[2] },
                    [0.0, 2.0 * r[0] + 1.6 * r[1] + r[2] * 0.8, 0.0],
                ),
                part(
                    Shape::Sphere { radius: r[2] * 0.2 },
                    [r[2], 2.0 * r[0] + 1.6 * r[1] + r[2] * 0.8, 0.0],
                    Material::Plastic,
                    Color::rgb(240, 120, 20),
                ),
            ]
        }
        Body::Panel => vec![p(cuboid([l.min(0.08), h, w]), [0.0, h / 2.0, 0.0])],
        Body::Umbrella => vec![
            part(
                cylinder(h, 0.012),
                [0.0, h / 2.0, 0.0],
                Material::Metal,
                Color::rgb(40, 40, 40),
            ),
            p(cylinder(h * 0.08, l / 2.0), [0.0, h * 0.9, 0.0]),
        ],
        Body::Ring => {
            let (outer, thick) = (l / 2.0, h / 2.0);
            let centre = outer - thick;
            let n = 12;
            let chord = 2.0 * centre * (PI / n as f32).sin();
            (0..n)
                .map(|i| {
                    let a = (i as f32 + 0.5) / n as f32 * 2.0 * PI;
                    Part {
                        rotation: quat_mul(
                            axis_angle([0.0, 1.0, 0.0], -a),
                            axis_angle([1.0, 0.0, 0.0], FRAC_PI_2),
                        ),
                        ..p(
                            Shape::Capsule {
                                half_height: chord / 2.0,
                                radius: thick,
                            },
                            [centre * a.cos(), thick, centre * a.sin()],
                        )
                    }
                })
                .collect()
        }
        Body::Goal => {
            let bar = 0.06;
            vec![
                p(cylinder(h, bar), [0.0, h / 2.0, -w / 2.0]),
                p(cylinder(h, bar), [0.0, h / 2.0, w / 2.0]),
                Part {
                    rotation: axis_angle([1.0, 0.0, 0.0], FRAC_PI_2),
                    ..p(cylinder(w, bar), [0.0, h, 0.0])
                },
                Part {
                    collides: false,
                    ..part(
                        cuboid([0.01, h, w]),
                        [-l, h / 2.0, 0.0],
                        Material::Cloth,
                        Color::rgb(235, 235, 235),
                    )
                },
            ]
        }
        Body::Tub => {
            let t = (l.min(w) * 0.06).max(0.01);
            vec![
                p(cuboid([l, t, w]), [0.0, t / 2.0, 0.0]),
                p(cuboid([l, h, t]), [0.0, h / 2.0, w / 2.0 - t / 2.0]),
                p(cuboid([l, h, t]), [0.0, h / 2.0, -w / 2.0 + t / 2.0]),
                p(cuboid([t, h, w]), [l / 2.0 - t / 2.0, h / 2.0, 0.0]),
                p(cuboid([t, h, w]), [-l / 2.0 + t / 2.0, h / 2.0, 0.0]),
            ]
        }
        Body::Stick => vec![
            along_x(part(
                cylinder(l * 0.7, h * 0.15),
                [-l * 0.15, h / 2.0, 0.0],
                Material::Wood,
                Color::rgb(120, 80, 50),
            )),
            p(cuboid([l * 0.3, h, w]), [l * 0.35, h / 2.0, 0.0]),
        ],
        Body::Flat => vec![p(cuboid([l, h, w]), [0.0, h / 2.0, 0.0])],
        Body::Balloon => vec![
            Part {
                collides: false,
                ..part(
                    cylinder(h * 0.6, 0.002),
                    [0.0, h * 0.3, 0.0],
                    Material::Cloth,
                    Color::rgb(240, 240, 240),
                )
            },
            p(Shape::Sphere { radius: l / 2.0 }, [0.0, h - l / 2.0, 0.0]),
        ],
        Body::Submarine => machines::submarine([l, h, w], m, c),
        Body::HotAirBalloon => machines::hot_air_balloon([l, h, w], m, c),
        Body::Tractor => machines::tractor([l, h, w], m, c),
        Body::TowerCrane => machines::tower_crane([l, h, w], m, c),
        Body::Airliner => machines::airliner([l, h, w], m, c),
        Body::Hat => vec![
            p(cylinder(h * 0.1, l / 2.0), [0.0, h * 0.05, 0.0]),
            p(cylinder(h * 0.9, l * 0.3), [0.0, h * 0.55, 0.0]),
        ],
    }
}

use Body as B;
use Class as C;
use Material as M;

/// One catalogue row; positional so that each kind fits on one line of the table.
#[allow(clippy::too_many_arguments)]
const fn k(
    name: &'static str,
    words: &'static [&'static str],
    body: Body,
    dims: [f32; 3],
    mass: f32,
    material: Material,
    color: u32,
    class: Class,
) -> KindInfo {
    KindInfo {
        name,
        words,
        body,
        dims,
        mass,
        material,
        color,
        class,
    }
}

/// The catalogue.
#[rustfmt::skip]
pub static KINDS: &[KindInfo] = &[
    // Animals that walk.
    k("dog", &["puppy", "puppies", "hound", "doggy", "pup", "labrador", "retriever", "poodle", "terrier", "bulldog", "beagle", "corgi"], B::Quadruped, [0.9, 0.65, 0.3], 25.0, M::Flesh, 0xa0703c, C::Animal),
    k("cat", &["kitten", "kitty", "kittens", "tabby"], B::Quadruped, [0.5, 0.3, 0.16], 4.0, M::Flesh, 0x8a7a6a, C::Animal),
    k("horse", &["pony", "ponies", "stallion", "mare", "foal"], B::Quadruped, [2.2, 1.7, 0.6], 500.0, M::Flesh, 0x6b4226, C::Animal),
    k("cow", &["cows", "cattle", "bull", "calf", "calves", "ox", "oxen"], B::Quadruped, [2.2, 1.4, 0.7], 600.0, M::Flesh, 0x2a2420, C::Animal),
    k("sheep", &["lamb", "ram"], B::Quadruped, [1.2, 0.8, 0.45], 70.0, M::Cloth, 0xeeeae0, C::Animal),
    k("pig", &["piglet", "hog", "boar"], B::Quadruped, [1.2, 0.7, 0.45], 90.0, M::Flesh, 0xe8a0a0, C::Animal),
    k("goat", &["billy goat"], B::Quadruped, [1.1, 0.8, 0.35], 50.0, M::Flesh, 0xd8d0c0, C::Animal),
    k("deer", &["fawn", "reindeer", "stag", "elk"], B::Quadruped, [1.7, 1.4, 0.45], 90.0, M::Flesh, 0x9a6a40, C::Animal),
    k("moose", &[], B::Quadruped, [2.6, 2.0, 0.7], 500.0, M::Flesh, 0x4a3426, C::Animal),
    k("fox", &["foxes"], B::Quadruped, [0.9, 0.45, 0.2], 6.0, M::Flesh, 0xc8601e, C::Animal),
    k("wolf", &["wolves"], B::Quadruped, [1.4, 0.85, 0.35], 40.0, M::Flesh, 0x7a7470, C::Animal),
    k("bear", &["grizzly", "bears"], B::Quadruped, [2.0, 1.2, 0.8], 300.0, M::Flesh, 0x4a3020, C::Animal),
    k("polar_bear", &["polar bear", "polar bears"], B::Quadruped, [2.2, 1.3, 0.8], 450.0, M::Flesh, 0xf2f0e8, C::Animal),
    k("panda", &["pandas"], B::Quadruped, [1.5, 0.9, 0.7], 100.0, M::Flesh, 0xf0f0f0, C::Animal),
    k("lion", &["lioness"], B::Quadruped, [2.0, 1.2, 0.5], 190.0, M::Flesh, 0xc8963c, C::Animal),
    k("tiger", &[], B::Quadruped, [2.3, 1.1, 0.5], 220.0, M::Flesh, 0xd87820, C::Animal),
    k("cheetah", &["leopard", "jaguar", "panther"], B::Quadruped, [1.6, 0.9, 0.35], 60.0, M::Flesh, 0xd8aa50, C::Animal),
    k("elephant", &[], B::Quadruped, [4.5, 3.2, 1.6], 5000.0, M::Flesh, 0x8a8a8e, C::Animal),
    k("giraffe", &[], B::Quadruped, [2.5, 5.0, 0.7], 1000.0, M::Flesh, 0xd8a850, C::Animal),
    k("zebra", &[], B::Quadruped, [2.3, 1.5, 0.6], 350.0, M::Flesh, 0xf0f0f0, C::Animal),
    k("camel", &[], B::Quadruped, [2.8, 2.1, 0.7], 500.0, M::Flesh, 0xc8a070, C::Animal),
    k("donkey", &["mule"], B::Quadruped, [1.8, 1.3, 0.5], 250.0, M::Flesh, 0x8a8078, C::Animal),
    k("llama", &["alpaca"], B::Quadruped, [1.6, 1.8, 0.5], 150.0, M::Cloth, 0xe8dcc8, C::Animal),
    k("rabbit", &["bunny", "bunnies", "hare"], B::Quadruped, [0.4, 0.3, 0.18], 2.0, M::Flesh, 0xd8ccc0, C::Animal),
    k("mouse", &["mice"], B::Quadruped, [0.1, 0.05, 0.04], 0.03, M::Flesh, 0x9a9090, C::Animal),
    k("rat", &[], B::Quadruped, [0.25, 0.1, 0.07], 0.3, M::Flesh, 0x6a6060, C::Animal),
    k("squirrel", &["chipmunk"], B::Quadruped, [0.3, 0.2, 0.1], 0.5, M::Flesh, 0xa0603a, C::Animal),
    k("hedgehog", &["porcupine"], B::Quadruped, [0.25, 0.15, 0.15], 1.0, M::Flesh, 0x6a5a48, C::Animal),
    k("raccoon", &[], B::Quadruped, [0.7, 0.35, 0.25], 8.0, M::Flesh, 0x707070, C::Animal),
    k("monkey", &["ape", "chimp", "chimpanzee", "gorilla", "orangutan"], B::Quadruped, [0.7, 0.8, 0.35], 30.0, M::Flesh, 0x5a4030, C::Animal),
    k("kangaroo", &["kangaroos", "wallaby"], B::Quadruped, [1.2, 1.5, 0.45], 60.0, M::Flesh, 0xb07850, C::Animal),
    k("koala", &[], B::Quadruped, [0.6, 0.5, 0.3], 10.0, M::Flesh, 0x9a9a9a, C::Animal),
    k("hippo", &["hippopotamus"], B::Quadruped, [3.5, 1.5, 1.4], 1500.0, M::Flesh, 0x7a6a70, C::Animal),
    k("rhino", &["rhinoceros"], B::Quadruped, [3.5, 1.7, 1.2], 2000.0, M::Flesh, 0x8a8680, C::Animal),
    k("dinosaur", &["t-rex", "trex", "dino", "tyrannosaurus"], B::Quadruped, [6.0, 4.0, 1.5], 6000.0, M::Flesh, 0x4a7a3a, C::Animal),
    k("dragon", &[], B::Quadruped, [5.0, 3.0, 1.5], 2000.0, M::Flesh, 0x3a7a3a, C::Animal),
    k("unicorn", &[], B::Quadruped, [2.2, 1.7, 0.6], 450.0, M::Flesh, 0xf4f0f8, C::Animal),
    k("turtle", &["tortoise"], B::Quadruped, [0.5, 0.25, 0.35], 10.0, M::Stone, 0x4a6a3a, C::Animal),
    k("frog", &["toad"], B::Quadruped, [0.12, 0.07, 0.08], 0.1, M::Flesh, 0x4aa040, C::Animal),
    k("lizard", &["gecko", "iguana", "chameleon"], B::Quadruped, [0.4, 0.1, 0.1], 0.5, M::Flesh, 0x6aa050, C::Animal),
    k("crocodile", &["alligator", "croc"], B::Snake, [4.0, 0.5, 0.8], 400.0, M::Flesh, 0x4a5a30, C::Animal),
    k("snake", &["serpent", "python", "cobra"], B::Snake, [1.5, 0.06, 0.06], 3.0, M::Flesh, 0x5a7a30, C::Animal),
    k("spider", &[], B::Quadruped, [0.06, 0.03, 0.06], 0.01, M::Flesh, 0x202020, C::Animal),
    k("ant", &["ants"], B::Quadruped, [0.01, 0.005, 0.004], 0.001, M::Flesh, 0x301a10, C::Animal),
    k("snail", &["slug"], B::Snake, [0.06, 0.04, 0.03], 0.02, M::Flesh, 0x9a7a50, C::Animal),
    // Birds and other flyers.
    k("bird", &["birdie", "sparrow", "robin", "finch", "songbird"], B::Bird, [0.18, 0.14, 0.25], 0.03, M::Flesh, 0x8a5a3a, C::Flyer),
    k("seagull", &["gull", "seagulls", "gulls"], B::Bird, [0.45, 0.3, 1.0], 1.0, M::Flesh, 0xf0f0f0, C::Flyer),
    k("pigeon", &["dove"], B::Bird, [0.3, 0.25, 0.6], 0.35, M::Flesh, 0x8a8a9a, C::Flyer),
    k("eagle", &["hawk", "falcon", "vulture"], B::Bird, [0.8, 0.6, 2.0], 5.0, M::Flesh, 0x5a4030, C::Flyer),
    k("owl", &[], B::Bird, [0.4, 0.45, 1.0], 1.5, M::Flesh, 0x8a6a4a, C::Flyer),
    k("parrot", &["macaw", "parakeet"], B::Bird, [0.4, 0.35, 0.7], 1.0, M::Flesh, 0x20a040, C::Flyer),
    k("duck", &["ducks", "duckling", "ducklings", "mallard"], B::Bird, [0.5, 0.4, 0.8], 1.2, M::Flesh, 0x6a5a3a, C::Flyer),
    k("goose", &["geese"], B::Bird, [0.8, 0.7, 1.5], 4.0, M::Flesh, 0xf0f0ea, C::Flyer),
    k("swan", &[], B::Bird, [1.2, 1.0, 2.0], 10.0, M::Flesh, 0xfafafa, C::Flyer),
    k("chicken", &["hen", "rooster", "chick", "chicks"], B::Bird, [0.4, 0.45, 0.5], 2.5, M::Flesh, 0xc87a3a, C::Flyer),
    k("penguin", &[], B::Bird, [0.4, 0.7, 0.5], 20.0, M::Flesh, 0x202428, C::Flyer),
    k("flamingo", &[], B::Bird, [0.6, 1.2, 1.0], 3.0, M::Flesh, 0xf08aa0, C::Flyer),
    k("crow", &["raven", "blackbird", "magpie"], B::Bird, [0.45, 0.35, 0.9], 0.5, M::Flesh, 0x1a1a20, C::Flyer),
    k("peacock", &[], B::Bird, [1.0, 1.0, 1.2], 5.0, M::Flesh, 0x1a6a8a, C::Flyer),
    k("butterfly", &["butterflies", "moth"], B::Bird, [0.05, 0.03, 0.1], 0.001, M::Paper, 0xf0a020, C::Flyer),
    k("bee", &["bees", "wasp", "bumblebee", "hornet"], B::Bird, [0.015, 0.01, 0.02], 0.001, M::Flesh, 0xe8c020, C::Flyer),
    k("fly", &["flies", "mosquito", "dragonfly", "ladybug"], B::Bird, [0.01, 0.006, 0.015], 0.001, M::Flesh, 0x303030, C::Flyer),
    k("fruit_bat", &["fruit bat", "vampire bat", "flying fox"], B::Bird, [0.15, 0.1, 0.35], 0.03, M::Flesh, 0x2a2020, C::Flyer),
    // Fish and sea creatures.
    k("fish", &["fishes", "goldfish", "salmon", "trout", "tuna", "carp"], B::Fish, [0.3, 0.1, 0.05], 0.5, M::Flesh, 0xf08a30, C::Swimmer),
    k("shark", &[], B::Fish, [3.5, 0.8, 0.7], 500.0, M::Flesh, 0x6a7a8a, C::Swimmer),
    k("dolphin", &["porpoise"], B::Fish, [2.5, 0.6, 0.5], 150.0, M::Flesh, 0x7a8a9a, C::Swimmer),
    k("whale", &["orca"], B::Fish, [12.0, 3.0, 3.0], 30000.0, M::Flesh, 0x3a4a5a, C::Swimmer),
    k("octopus", &["squid"], B::Ball, [0.5, 0.5, 0.5], 10.0, M::Flesh, 0xc05a5a, C::Swimmer),
    k("jellyfish", &[], B::Ball, [0.3, 0.3, 0.3], 0.5, M::Water, 0xd0a0f0, C::Swimmer),
    k("crab", &["lobster", "crabs"], B::Quadruped, [0.25, 0.1, 0.25], 1.0, M::Flesh, 0xd04020, C::Swimmer),
    k("starfish", &["sea star"], B::Disc, [0.2, 0.03, 0.2], 0.2, M::Flesh, 0xe87a40, C::Swimmer),
    k("seal", &["sea lion", "walrus"], B::Snake, [1.8, 0.5, 0.5], 100.0, M::Flesh, 0x5a5a5a, C::Swimmer),
    // Vehicles.
    k("car", &["automobile", "sedan", "hatchback", "suv", "jeep", "coupe", "convertible"], B::Car, [4.3, 1.45, 1.8], 1300.0, M::Metal, 0x2c5aa0, C::Vehicle),
    k("taxi", &["cab", "taxicab"], B::Car, [4.6, 1.5, 1.8], 1400.0, M::Metal, 0xf0c020, C::Vehicle),
    k("police_car", &["police car", "cop car", "patrol car"], B::Car, [4.8, 1.5, 1.9], 1600.0, M::Metal, 0xf0f0f0, C::Vehicle),
    k("race_car", &["race car", "racecar", "sports car", "racing car", "formula one car", "go-kart", "kart"], B::Car, [4.5, 1.1, 1.9], 800.0, M::Metal, 0xd02020, C::Vehicle),
    k("toy_car", &["toy car", "toy cars", "model car", "matchbox car"], B::Car, [0.1, 0.035, 0.045], 0.05, M::Metal, 0xd02020, C::Toy),
    k("bus", &["buses", "coach", "minibus"], B::Bus, [11.0, 3.0, 2.5], 11000.0, M::Metal, 0xd03030, C::Vehicle),
    k("school_bus", &["school bus"], B::Bus, [11.0, 3.0, 2.4], 11000.0, M::Metal, 0xf0b000, C::Vehicle),
    k("train", &["locomotive", "tram", "trolley", "subway", "railcar", "carriage"], B::Bus, [18.0, 3.8, 3.0], 40000.0, M::Metal, 0x3a5a8a, C::Vehicle),
    k("truck", &["lorry", "trucks", "semi", "dump truck", "delivery truck"], B::Truck, [7.0, 3.0, 2.4], 8000.0, M::Metal, 0xe0e0e0, C::Vehicle),
    k("pickup_truck", &["pickup truck", "pickup", "pick-up"], B::Truck, [5.5, 1.9, 2.0], 2200.0, M::Metal, 0x8a2020, C::Vehicle),
    k("fire_truck", &["fire truck", "fire engine", "firetruck"], B::Truck, [9.0, 3.2, 2.5], 15000.0, M::Metal, 0xd01818, C::Vehicle),
    k("ambulance", &[], B::Truck, [6.0, 2.6, 2.2], 4000.0, M::Metal, 0xf4f4f4, C::Vehicle),
    k("van", &["minivan", "camper", "campervan"], B::Truck, [5.0, 2.2, 2.0], 2500.0, M::Metal, 0xe8e8e8, C::Vehicle),
    k("tractor", &["tractors", "farm tractor", "bulldozer", "excavator", "digger"], B::Tractor, [4.0, 2.8, 2.2], 4000.0, M::Metal, 0x2a8a2a, C::Vehicle),
    k("tank", &[], B::Truck, [7.5, 2.4, 3.5], 50000.0, M::Metal, 0x5a6a3a, C::Vehicle),
    k("bicycle", &["bike", "bikes", "bicycles", "cycle", "mountain bike"], B::Bike, [1.75, 1.05, 0.55], 12.0, M::Metal, 0x2a7ac0, C::Vehicle),
    k("motorcycle", &["motorbike", "motorcycles", "moped", "dirt bike"], B::Bike, [2.1, 1.15, 0.8], 200.0, M::Metal, 0x202020, C::Vehicle),
    k("scooter", &["kick scooter", "e-scooter"], B::Bike, [1.0, 1.0, 0.4], 8.0, M::Metal, 0x40a0e0, C::Vehicle),
    k("tricycle", &["trike"], B::Bike, [1.0, 0.7, 0.6], 8.0, M::Metal, 0xd02020, C::Vehicle),
    k("skateboard", &["skateboards", "longboard"], B::Car, [0.8, 0.1, 0.22], 2.5, M::Wood, 0x3a3a3a, C::Sports),
    k("surfboard", &["surfboards", "paddleboard"], B::Flat, [2.1, 0.07, 0.55], 6.0, M::Plastic, 0xf4f0e0, C::Sports),
    k("snowboard", &["skis", "ski"], B::Flat, [1.5, 0.03, 0.28], 4.0, M::Plastic, 0x2a2a80, C::Sports),
    k("sled", &["sledge", "sleigh", "toboggan"], B::Flat, [1.1, 0.15, 0.45], 5.0, M::Wood, 0xb03020, C::Vehicle),
    k("wheelchair", &[], B::Chair, [0.9, 0.95, 0.65], 15.0, M::Metal, 0x505050, C::Vehicle),
    k("stroller", &["pram", "pushchair", "buggy"], B::Chair, [0.9, 1.0, 0.55], 9.0, M::Cloth, 0x304060, C::Vehicle),
    k("shopping_cart", &["shopping cart", "trolley cart", "cart", "wagon", "wheelbarrow"], B::Tub, [0.9, 1.0, 0.55], 15.0, M::Metal, 0xa0a0a8, C::Vehicle),
    k("boat", &["boats", "motorboat", "speedboat", "rowboat", "yacht", "ferry", "dinghy"], B::Boat, [5.0, 2.0, 2.0], 1200.0, M::Plastic, 0xf0f0f0, C::Vehicle),
    k("sailboat", &["sailing boat", "sailboat", "sailboats"], B::Boat, [6.0, 7.0, 2.2], 1500.0, M::Wood, 0xf4f0e8, C::Vehicle),
    k("ship", &["ships", "cruise ship", "ocean liner", "freighter", "pirate ship"], B::Boat, [80.0, 25.0, 14.0], 5.0e6, M::Metal, 0x303848, C::Vehicle),
    k("canoe", &["kayak", "kayaks", "canoes", "raft"], B::Flat, [4.5, 0.35, 0.8], 30.0, M::Plastic, 0xe05a20, C::Vehicle),
    k("submarine", &["submarines"], B::Submarine, [20.0, 5.0, 3.0], 200000.0, M::Metal, 0xe0c020, C::Vehicle),
    k("airplane", &["plane", "airplanes", "aeroplane", "jet", "airliner", "aircraft", "jumbo jet", "jetliner"], B::Airliner, [35.0, 10.0, 34.0], 60000.0, M::Metal, 0xf0f0f4, C::Vehicle),
    k("paper_airplane", &["paper airplane", "paper plane", "paper aeroplane"], B::Airplane, [0.28, 0.06, 0.16], 0.005, M::Paper, 0xfafaf8, C::Toy),
    k("crane", &["cranes", "tower crane", "construction crane", "building crane"], B::TowerCrane, [30.0, 32.0, 3.0], 20000.0, M::Metal, 0xf0b820, C::Structure),
    k("helicopter", &["chopper", "helicopters"], B::Helicopter, [12.0, 4.0, 3.0], 3000.0, M::Metal, 0x2a3a5a, C::Vehicle),
    k("drone", &["quadcopter"], B::Helicopter, [0.4, 0.15, 0.4], 1.0, M::Plastic, 0x303030, C::Vehicle),
    k("rocket", &["rockets", "spacecraft", "missile", "space shuttle"], B::Rocket, [3.0, 40.0, 3.0], 500000.0, M::Metal, 0xf4f4f4, C::Vehicle),
    k("firework", &["fireworks", "firecracker", "sparkler"], B::Rocket, [0.05, 0.4, 0.05], 0.1, M::Light, 0xffa040, C::Toy),
    k("spaceship", &["ufo", "flying saucer", "starship", "spaceships"], B::Disc, [8.0, 2.0, 8.0], 20000.0, M::Metal, 0xb0b8c0, C::Vehicle),
    k("hot_air_balloon", &["hot air balloon", "hot-air balloon", "blimp", "zeppelin"], B::HotAirBalloon, [15.0, 25.0, 15.0], 500.0, M::Cloth, 0xe04040, C::Vehicle),
    // Furniture.
    k("chair", &["chairs", "seat", "armchair", "office chair", "rocking chair"], B::Chair, [0.5, 0.95, 0.5], 6.0, M::Wood, 0x8a5a3a, C::Furniture),
    k("stool", &["stools", "barstool", "bar stool"], B::Table, [0.4, 0.7, 0.4], 3.0, M::Wood, 0x9a6a40, C::Furniture),
    k("bench", &["benches", "park bench"], B::Chair, [0.6, 0.85, 1.8], 40.0, M::Wood, 0x8a5a34, C::Furniture),
    k("sofa", &["couch", "sofas", "couches", "settee", "loveseat"], B::Sofa, [0.9, 0.85, 2.0], 60.0, M::Cloth, 0x5a6a8a, C::Furniture),
    k("bed", &["beds", "mattress", "bunk bed", "cot", "crib"], B::Sofa, [2.0, 0.9, 1.5], 80.0, M::Cloth, 0xe8e0d0, C::Furniture),
    k("bookshelf", &["bookcase", "shelf", "shelves", "bookshelves", "shelving"], B::Box, [0.35, 1.8, 1.0], 50.0, M::Wood, 0x7a4a2a, C::Furniture),
    k("cabinet", &["cupboard", "wardrobe", "dresser", "closet", "drawer", "drawers", "chest of drawers", "locker"], B::Box, [0.5, 1.6, 1.0], 60.0, M::Wood, 0x9a7050, C::Furniture),
    k("nightstand", &["bedside table", "side table", "end table"], B::Box, [0.45, 0.55, 0.45], 10.0, M::Wood, 0x8a6040, C::Furniture),
    k("coffee_table", &["coffee table"], B::Table, [1.1, 0.45, 0.6], 20.0, M::Wood, 0x6a4028, C::Furniture),
    k("counter", &["countertop", "kitchen counter", "bar", "island", "workbench"], B::Box, [0.65, 0.92, 2.0], 100.0, M::Stone, 0xd8d4cc, C::Furniture),
    k("lamp", &["lamps", "floor lamp", "desk lamp", "table lamp", "lampshade", "spotlight", "spotlights", "light", "lights"], B::Lamp, [0.4, 1.5, 0.4], 5.0, M::Metal, 0x303030, C::Furniture),
    k("rug", &["carpet", "rugs", "doormat", "mat", "yoga mat"], B::Flat, [2.0, 0.01, 1.4], 5.0, M::Cloth, 0xa03a3a, C::Furniture),
    k("mirror", &["mirrors"], B::Panel, [0.03, 1.2, 0.6], 8.0, M::Glass, 0xd0dce8, C::Furniture),
    k("clock", &["clocks", "wall clock", "alarm clock"], B::Disc, [0.3, 0.05, 0.3], 1.0, M::Plastic, 0xf4f4f0, C::Household),
    k("painting", &["picture", "pictures", "paintings", "poster", "portrait", "photo", "photograph", "canvas", "frame"], B::Panel, [0.03, 0.8, 1.0], 3.0, M::Wood, 0xc89a50, C::Furniture),
    k("curtain", &["curtains", "drapes", "blinds"], B::Panel, [0.03, 2.2, 1.5], 3.0, M::Cloth, 0x8a3040, C::Furniture),
    k("pillow", &["cushion", "pillows", "cushions"], B::Box, [0.5, 0.15, 0.35], 0.5, M::Cloth, 0xf0ece4, C::Furniture),
    k("blanket", &["towel", "towels", "blankets", "quilt", "sheet", "sheets", "tablecloth", "napkin"], B::Flat, [1.5, 0.02, 1.0], 1.5, M::Cloth, 0x6a8ab0, C::Household),
    k("door", &["doors", "doorway", "front door", "gate", "gates"], B::Panel, [0.05, 2.05, 0.9], 30.0, M::Wood, 0x7a4a2a, C::Structure),
    k("window", &["windows", "windowsill"], B::Panel, [0.04, 1.2, 1.0], 20.0, M::Glass, 0xb0d0e8, C::Structure),
    k("bathtub", &["tub", "bath", "bathtubs", "hot tub", "jacuzzi"], B::Tub, [1.7, 0.55, 0.75], 60.0, M::Ceramic, 0xf6f6f4, C::Furniture),
    k("sink", &["washbasin", "basin", "tap", "faucet"], B::Tub, [0.6, 0.25, 0.45], 20.0, M::Ceramic, 0xf4f4f4, C::Furniture),
    k("toilet", &["toilets"], B::Chair, [0.65, 0.8, 0.4], 25.0, M::Ceramic, 0xf8f8f8, C::Furniture),
    k("fridge", &["refrigerator", "freezer", "fridges"], B::Box, [0.7, 1.8, 0.7], 80.0, M::Metal, 0xe8e8ea, C::Furniture),
    k("oven", &["stove", "cooker", "grill", "barbecue", "bbq"], B::Box, [0.6, 0.9, 0.6], 60.0, M::Metal, 0x3a3a3c, C::Furniture),
    k("microwave", &["toaster", "blender", "coffee machine", "coffee maker"], B::Box, [0.5, 0.3, 0.35], 12.0, M::Metal, 0xd8d8d8, C::Household),
    k("washing_machine", &["washing machine", "washer", "dryer", "dishwasher"], B::Box, [0.6, 0.85, 0.6], 70.0, M::Metal, 0xf4f4f4, C::Furniture),
    k("fireplace_mantel", &["mantel", "mantelpiece", "hearth"], B::Box, [0.4, 1.2, 1.6], 200.0, M::Stone, 0x9a8a7a, C::Structure),
    k("whiteboard", &["blackboard", "chalkboard", "whiteboards", "board", "easel"], B::Panel, [0.04, 1.2, 2.0], 15.0, M::Plastic, 0xf8f8f8, C::Furniture),
    k("television", &["tv", "televisions", "tvs", "screen", "monitor", "display", "projector screen"], B::Panel, [0.06, 0.7, 1.2], 15.0, M::Light, 0x4a78c0, C::Household),
    k("podium", &["lectern", "pulpit"], B::Box, [0.5, 1.1, 0.6], 30.0, M::Wood, 0x6a4a30, C::Furniture),
    k("stage", &["platform", "podium stage"], B::Box, [4.0, 0.6, 3.0], 1000.0, M::Wood, 0x4a3020, C::Structure),
    // Household things.
    k("mug", &["mugs", "coffee mug", "cup of coffee", "cup of tea", "coffee", "tea"], B::Mug, [0.12, 0.1, 0.085], 0.35, M::Ceramic, 0xf4f2ee, C::Household),
    k("cup", &["cups", "teacup", "teacups", "paper cup", "tumbler", "goblet"], B::Mug, [0.1, 0.08, 0.08], 0.2, M::Ceramic, 0xf0f0f0, C::Household),
    k("wine_glass", &["wine glass", "wine glasses", "glass of wine", "glass of water", "champagne glass", "drinking glass"], B::Bottle, [0.08, 0.2, 0.08], 0.2, M::Glass, 0xe0f0f8, C::Household),
    k("plate", &["plates", "dish", "dishes", "saucer", "platter", "tray"], B::Disc, [0.26, 0.02, 0.26], 0.5, M::Ceramic, 0xf8f8f6, C::Household),
    k("pot", &["pots", "saucepan", "cauldron", "kettle pot", "stockpot"], B::Cylinder, [0.25, 0.2, 0.25], 1.5, M::Metal, 0x8a8a90, C::Household),
    k("pan", &["frying pan", "skillet", "wok", "pans"], B::Stick, [0.5, 0.05, 0.28], 1.2, M::Metal, 0x2a2a2c, C::Household),
    k("kettle", &["teapot", "kettles", "coffee pot"], B::Mug, [0.22, 0.2, 0.16], 1.0, M::Metal, 0xc0c0c8, C::Household),
    k("bottle", &["bottles", "water bottle", "soda bottle", "wine bottle", "flask"], B::Bottle, [0.07, 0.28, 0.07], 0.8, M::Glass, 0x2a7a3a, C::Household),
    k("jar", &["jars", "jug", "pitcher", "vase", "vases", "urn"], B::Cylinder, [0.12, 0.22, 0.12], 0.8, M::Ceramic, 0x5a8ab0, C::Household),
    k("can", &["cans", "soda can", "tin", "tin can", "can of soda"], B::Cylinder, [0.066, 0.122, 0.066], 0.37, M::Metal, 0xc02020, C::Household),
    k("spoon", &["spoons", "fork", "forks", "ladle", "spatula", "chopsticks", "cutlery"], B::Stick, [0.18, 0.015, 0.035], 0.04, M::Metal, 0xc8c8d0, C::Household),
    k("knife", &["knives", "dagger", "blade"], B::Stick, [0.22, 0.02, 0.02], 0.08, M::Metal, 0xc8c8d0, C::Household),
    k("cutting_board", &["cutting board", "chopping board"], B::Flat, [0.4, 0.02, 0.28], 1.0, M::Wood, 0xc89a60, C::Household),
    k("candle", &["candles", "candlestick"], B::Cylinder, [0.05, 0.18, 0.05], 0.2, M::Light, 0xf4ecd8, C::Household),
    k("lantern", &["lanterns", "oil lamp"], B::Bottle, [0.18, 0.35, 0.18], 1.0, M::Metal, 0x303030, C::Household),
    k("flashlight", &["torch", "flashlights"], B::Rod, [0.2, 0.04, 0.04], 0.3, M::Metal, 0x202020, C::Tool),
    k("light_bulb", &["light bulb", "lightbulb", "bulb"], B::Balloon, [0.06, 0.11, 0.06], 0.03, M::Light, 0xfff4c0, C::Household),
    k("book", &["books", "novel", "notebook", "notebooks", "diary", "magazine", "textbook"], B::Box, [0.16, 0.03, 0.23], 0.6, M::Paper, 0x2a4a8a, C::Household),
    k("paper", &["sheet of paper", "piece of paper", "papers", "letter", "envelope", "newspaper", "card", "cards", "playing cards"], B::Flat, [0.21, 0.002, 0.297], 0.005, M::Paper, 0xfafaf6, C::Household),
    k("pen", &["pens", "pencil", "pencils", "marker", "crayon", "chalk", "brush", "paintbrush"], B::Rod, [0.15, 0.01, 0.01], 0.01, M::Plastic, 0x2040a0, C::Household),
    k("bag", &["bags", "backpack", "rucksack", "handbag", "purse", "shopping bag", "sack", "schoolbag"], B::Box, [0.3, 0.4, 0.15], 1.0, M::Cloth, 0x8a4a2a, C::Household),
    k("suitcase", &["luggage", "briefcase", "suitcases"], B::Box, [0.45, 0.65, 0.25], 4.0, M::Plastic, 0x2a2a30, C::Household),
    k("basket", &["baskets", "hamper", "picnic basket"], B::Tub, [0.4, 0.25, 0.3], 0.8, M::Wood, 0xc09a60, C::Household),
    k("bucket", &["buckets", "pail"], B::Cylinder, [0.3, 0.3, 0.3], 1.0, M::Plastic, 0xd03020, C::Household),
    k("trash_can", &["trash can", "garbage can", "bin", "bins", "trash bin", "wastebasket", "dumpster"], B::Cylinder, [0.45, 0.8, 0.45], 8.0, M::Metal, 0x6a6a6a, C::Household),
    k("watering_can", &["watering can"], B::Mug, [0.4, 0.3, 0.2], 1.0, M::Metal, 0x3a8a3a, C::Tool),
    k("flower_pot", &["flower pot", "plant pot", "planter", "potted plant", "houseplant", "plant", "plants"], B::Bush, [0.3, 0.4, 0.3], 3.0, M::Grass, 0x3a8a3a, C::Nature),
    k("phone", &["smartphone", "cellphone", "mobile phone", "phones", "iphone", "telephone"], B::Box, [0.075, 0.008, 0.15], 0.18, M::Glass, 0x15151a, C::Tool),
    k("laptop", &["computer", "laptops", "computers", "pc", "tablet", "ipad"], B::Box, [0.33, 0.02, 0.23], 1.5, M::Metal, 0xb0b0b8, C::Tool),
    k("keyboard", &["keyboards", "typewriter"], B::Box, [0.45, 0.03, 0.15], 0.8, M::Plastic, 0x2a2a2e, C::Tool),
    k("headphones", &["earphones", "headset", "earbuds"], B::Ring, [0.2, 0.04, 0.2], 0.3, M::Plastic, 0x1a1a1e, C::Tool),
    k("radio", &["speaker", "loudspeaker", "boombox", "stereo", "jukebox"], B::Box, [0.3, 0.2, 0.12], 2.0, M::Plastic, 0x3a3a3a, C::Tool),
    k("microphone", &["mic", "microphones"], B::Post, [0.1, 1.6, 0.1], 3.0, M::Metal, 0x202020, C::Tool),
    k("camera_prop", &["film camera", "video camera", "camcorder", "polaroid"], B::Box, [0.14, 0.1, 0.08], 0.7, M::Plastic, 0x1a1a1a, C::Tool),
    k("watch", &["wristwatch", "stopwatch", "pocket watch"], B::Disc, [0.04, 0.012, 0.04], 0.05, M::Metal, 0xc8b060, C::Tool),
    k("glasses", &["sunglasses", "spectacles", "goggles"], B::Box, [0.14, 0.04, 0.05], 0.03, M::Plastic, 0x101010, C::Tool),
    k("hat", &["hats", "cap", "top hat", "cowboy hat", "beanie", "helmet", "crown", "sombrero"], B::Hat, [0.32, 0.18, 0.32], 0.2, M::Cloth, 0x202020, C::Household),
    k("shoe", &["shoes", "sneaker", "sneakers", "boot", "boots", "trainer", "trainers", "sandal", "high heels", "slipper"], B::Box, [0.3, 0.11, 0.11], 0.4, M::Leather, 0xf4f4f4, C::Household),
    k("shirt", &["t-shirt", "jacket", "coat", "dress", "sweater", "hoodie", "scarf", "jeans", "trousers", "pants", "skirt", "clothes", "clothing", "uniform", "costume"], B::Flat, [0.6, 0.03, 0.7], 0.3, M::Cloth, 0x3a6ab0, C::Household),
    k("umbrella", &["umbrellas", "parasol"], B::Umbrella, [1.0, 0.9, 1.0], 0.5, M::Cloth, 0x202838, C::Household),
    k("key", &["keys", "lock", "padlock"], B::Stick, [0.06, 0.008, 0.025], 0.01, M::Metal, 0xc8a030, C::Tool),
    k("coin", &["coins", "penny", "quarter", "token"], B::Disc, [0.024, 0.002, 0.024], 0.006, M::Metal, 0xd8b040, C::Household),
    k("gift", &["present", "presents", "gifts", "parcel", "package", "gift box"], B::Box, [0.3, 0.2, 0.3], 1.0, M::Paper, 0xd02040, C::Household),
    k("cardboard_box", &["cardboard box", "carton", "box of", "moving box"], B::Box, [0.45, 0.35, 0.35], 1.5, M::Paper, 0xb08850, C::Household),
    k("barrel", &["barrels", "keg", "drum barrel", "oil drum"], B::Cylinder, [0.6, 0.9, 0.6], 40.0, M::Wood, 0x7a5030, C::Household),
    k("tire", &["tyre", "tires", "tyres", "wheel", "wheels", "inner tube"], B::Ring, [0.65, 0.22, 0.65], 9.0, M::Rubber, 0x1e1e20, C::Household),
    // Food and drink.
    k("apple", &["apples"], B::Ball, [0.08, 0.08, 0.08], 0.18, M::Flesh, 0xc0201a, C::Food),
    k("banana", &["bananas"], B::Snake, [0.2, 0.035, 0.035], 0.12, M::Flesh, 0xf0d030, C::Food),
    k("lemon", &["lemons", "lime", "limes", "tangerine", "mandarin", "peach", "plum", "kiwi"], B::Ball, [0.07, 0.07, 0.07], 0.1, M::Flesh, 0xf0e040, C::Food),
    k("pear", &["pears", "mango", "avocado"], B::Ball, [0.08, 0.1, 0.08], 0.18, M::Flesh, 0xb0c040, C::Food),
    k("strawberry", &["strawberries", "raspberry", "blueberry", "blueberries", "cherry", "cherries", "grape", "grapes", "berry", "berries"], B::Ball, [0.03, 0.03, 0.03], 0.015, M::Flesh, 0xd01828, C::Food),
    k("watermelon", &["watermelons", "melon", "melons", "pumpkin", "pumpkins", "squash"], B::Ball, [0.3, 0.28, 0.3], 6.0, M::Flesh, 0x2a7a30, C::Food),
    k("pineapple", &["pineapples", "coconut", "coconuts"], B::Bottle, [0.13, 0.3, 0.13], 1.5, M::Flesh, 0xd0a030, C::Food),
    k("tomato", &["tomatoes", "onion", "onions", "potato", "potatoes", "pepper", "peppers", "egg", "eggs"], B::Ball, [0.065, 0.06, 0.065], 0.1, M::Flesh, 0xd03020, C::Food),
    k("carrot", &["carrots", "cucumber", "corn", "sausage", "sausages", "zucchini"], B::Snake, [0.18, 0.03, 0.03], 0.08, M::Flesh, 0xe87020, C::Food),
    k("bread", &["loaf", "loaves", "baguette", "croissant", "bun", "bagel", "toast"], B::Snake, [0.3, 0.1, 0.12], 0.4, M::Flesh, 0xc89050, C::Food),
    k("sandwich", &["sandwiches", "burger", "burgers", "hamburger", "cheeseburger", "taco", "burrito", "hot dog", "hotdog"], B::Box, [0.12, 0.07, 0.1], 0.25, M::Flesh, 0xc89040, C::Food),
    k("pizza", &["pizzas", "pie", "pies", "pancake", "pancakes", "tortilla", "quiche", "tart"], B::Disc, [0.32, 0.025, 0.32], 0.6, M::Flesh, 0xe0a040, C::Food),
    k("cake", &["cakes", "birthday cake", "cheesecake", "wedding cake"], B::Cylinder, [0.24, 0.12, 0.24], 1.2, M::Flesh, 0xf4e0e8, C::Food),
    k("cupcake", &["cupcakes", "muffin", "muffins", "ice cream", "ice-cream", "ice cream cone", "popsicle", "dessert"], B::Cone, [0.07, 0.09, 0.07], 0.08, M::Flesh, 0xf0a0c0, C::Food),
    k("donut", &["doughnut", "donuts", "doughnuts", "bagels"], B::Ring, [0.1, 0.035, 0.1], 0.06, M::Flesh, 0xd09060, C::Food),
    k("cookie", &["cookies", "biscuit", "biscuits", "cracker", "chocolate", "candy", "sweets", "lollipop", "cheese"], B::Disc, [0.07, 0.012, 0.07], 0.02, M::Flesh, 0xc08a50, C::Food),
    k("popcorn", &["bowl of popcorn", "fries", "chips", "cereal", "noodles", "pasta", "spaghetti", "rice", "salad", "soup", "sushi", "meal", "food", "dinner", "lunch", "breakfast"], B::Cylinder, [0.16, 0.08, 0.16], 0.3, M::Flesh, 0xf4e0a0, C::Food),
    k("milk_carton", &["milk", "juice", "carton of milk", "juice box", "soda", "lemonade", "water jug"], B::Box, [0.07, 0.2, 0.07], 1.0, M::Paper, 0xf4f4f4, C::Food),
    // Sports gear and games.
    k("frisbee", &["frisbees", "flying disc"], B::Disc, [0.27, 0.03, 0.27], 0.175, M::Plastic, 0xf04030, C::Sports),
    k("baseball", &["baseballs", "softball", "cricket ball"], B::Ball, [0.074, 0.074, 0.074], 0.145, M::Leather, 0xf4f0e8, C::Sports),
    k("volleyball", &["volleyballs", "netball", "dodgeball", "kickball"], B::Ball, [0.21, 0.21, 0.21], 0.27, M::Leather, 0xf4f0e0, C::Sports),
    k("rugby_ball", &["rugby ball", "american football", "football helmet"], B::Snake, [0.28, 0.18, 0.18], 0.42, M::Leather, 0x8a4a2a, C::Sports),
    k("beach_ball", &["beach ball", "beach balls", "exercise ball", "yoga ball", "gym ball"], B::Ball, [0.5, 0.5, 0.5], 0.2, M::Plastic, 0xf04060, C::Sports),
    k("ping_pong_ball", &["ping pong ball", "table tennis ball", "ping-pong ball"], B::Ball, [0.04, 0.04, 0.04], 0.0027, M::Plastic, 0xfafafa, C::Sports),
    k("puck", &["hockey puck", "pucks"], B::Disc, [0.076, 0.025, 0.076], 0.17, M::Rubber, 0x141414, C::Sports),
    k("shuttlecock", &["birdie shuttle", "shuttlecocks"], B::Cone, [0.065, 0.085, 0.065], 0.005, M::Plastic, 0xfafafa, C::Sports),
    k("baseball_bat", &["baseball bat", "bat", "cricket bat", "club", "stick", "staff", "cane", "walking stick", "pole"], B::Stick, [0.85, 0.06, 0.06], 0.9, M::Wood, 0xc8a070, C::Sports),
    k("racket", &["racquet", "tennis racket", "tennis racquet", "paddle", "badminton racket", "rackets"], B::Stick, [0.68, 0.03, 0.26], 0.3, M::Plastic, 0x2a2a2a, C::Sports),
    k("golf_club", &["golf club", "putter", "iron club", "golf clubs"], B::Stick, [1.0, 0.04, 0.1], 0.35, M::Metal, 0xa0a0a8, C::Sports),
    k("hockey_stick", &["hockey stick", "hockey sticks"], B::Stick, [1.5, 0.04, 0.08], 0.5, M::Wood, 0x8a6a4a, C::Sports),
    k("goal", &["goals", "soccer goal", "goalpost", "goalposts", "goal post", "post", "posts"], B::Goal, [1.5, 2.44, 7.32], 150.0, M::Metal, 0xfafafa, C::Sports),
    k("tennis_net", &["tennis net", "volleyball net", "badminton net", "net", "nets"], B::Panel, [0.02, 1.07, 10.0], 15.0, M::Cloth, 0xe8e8e8, C::Sports),
    k("traffic_cone", &["traffic cone", "traffic cones", "cone", "cones", "pylon"], B::Cone, [0.35, 0.7, 0.35], 2.5, M::Plastic, 0xf06010, C::Sports),
    k("trampoline", &["trampolines"], B::Table, [3.0, 0.8, 3.0], 80.0, M::Cloth, 0x1a1a1a, C::Sports),
    k("dumbbell", &["dumbbells", "weights", "barbell", "kettlebell"], B::Rod, [0.35, 0.12, 0.12], 10.0, M::Metal, 0x2a2a2e, C::Sports),
    k("boxing_glove", &["boxing glove", "boxing gloves", "gloves", "glove", "mitt"], B::Ball, [0.25, 0.15, 0.15], 0.4, M::Leather, 0xc01818, C::Sports),
    k("boxing_ring", &["boxing ring", "ring", "wrestling ring", "octagon"], B::Table, [6.0, 1.0, 6.0], 1000.0, M::Cloth, 0x2040a0, C::Sports),
    k("bell", &["bells", "gong", "doorbell"], B::Cone, [0.2, 0.2, 0.2], 2.0, M::Metal, 0xd0a030, C::Sports),
    k("trophy", &["trophies", "medal", "medals", "cup trophy"], B::Bottle, [0.15, 0.4, 0.15], 2.0, M::Metal, 0xe0b030, C::Sports),
    k("scoreboard", &["scoreboards", "billboard", "banner"], B::Panel, [0.1, 2.0, 4.0], 200.0, M::Metal, 0x101014, C::Structure),
    k("chessboard", &["chessboard", "chess board", "chess", "checkerboard", "board game", "game board"], B::Flat, [0.45, 0.02, 0.45], 1.0, M::Wood, 0x8a6a40, C::Toy),
    k("chess_piece", &["chess piece", "chess pieces", "knight", "pawn", "rook", "bishop piece", "king piece", "queen piece", "checker", "checkers"], B::Bottle, [0.035, 0.08, 0.035], 0.03, M::Wood, 0xf0e8d8, C::Toy),
    k("dice", &["die", "dices"], B::Box, [0.016, 0.016, 0.016], 0.005, M::Plastic, 0xfafafa, C::Toy),
    k("snowball", &["snowballs"], B::Ball, [0.08, 0.08, 0.08], 0.2, M::Snow, 0xf8f8ff, C::Toy),
    k("water_drop", &["water drop", "drop of water", "raindrop", "droplet", "drops of water", "water droplet"], B::Ball, [0.005, 0.005, 0.005], 0.0001, M::Water, 0x8ac8f0, C::Nature),
    k("water_balloon", &["water balloon", "water balloons"], B::Ball, [0.12, 0.12, 0.12], 0.6, M::Water, 0x3a8ae0, C::Toy),
    k("balloon", &["balloons", "party balloon"], B::Balloon, [0.3, 1.0, 0.3], 0.01, M::Rubber, 0xe02030, C::Toy),
    k("kite", &["kites"], B::Panel, [0.02, 0.9, 0.7], 0.2, M::Paper, 0xe04020, C::Toy),
    k("teddy_bear", &["teddy bear", "teddy", "stuffed animal", "plush toy", "plushie", "teddy bears"], B::Snowman, [0.3, 0.4, 0.3], 0.4, M::Cloth, 0xa07040, C::Toy),
    k("doll", &["dolls", "action figure", "figurine", "puppet", "mannequin"], B::Snowman, [0.1, 0.3, 0.1], 0.2, M::Plastic, 0xf0c0a0, C::Toy),
    k("rubber_duck", &["rubber duck", "rubber ducky", "rubber duckie", "bath toy"], B::Bird, [0.1, 0.09, 0.08], 0.05, M::Rubber, 0xf8d820, C::Toy),
    k("yo_yo", &["yo-yo", "yoyo", "spinning top", "top toy"], B::Disc, [0.06, 0.035, 0.06], 0.05, M::Plastic, 0x2060d0, C::Toy),
    k("toy_train", &["toy train", "model train", "train set"], B::Bus, [0.3, 0.1, 0.08], 0.3, M::Wood, 0xd03030, C::Toy),
    k("robot_toy", &["toy robot", "wind-up toy"], B::Box, [0.1, 0.2, 0.08], 0.3, M::Metal, 0xa0a8b0, C::Toy),
    k("rocking_horse", &["rocking horse", "hobby horse"], B::Quadruped, [0.9, 0.8, 0.3], 8.0, M::Wood, 0xc08040, C::Toy),
    k("sandcastle", &["sand castle", "sandcastles"], B::House, [0.5, 0.4, 0.5], 20.0, M::Sand, 0xe0c890, C::Toy),
    k("pendulum", &["pendulums", "metronome", "newton's cradle"], B::Balloon, [0.15, 1.0, 0.15], 2.0, M::Metal, 0xb0a070, C::Toy),
    // Tools.
    k("hammer", &["hammers", "mallet", "gavel"], B::Stick, [0.33, 0.035, 0.12], 0.6, M::Metal, 0x505058, C::Tool),
    k("wrench", &["spanner", "pliers", "screwdriver", "wrenches"], B::Stick, [0.25, 0.02, 0.04], 0.3, M::Metal, 0x8a8a90, C::Tool),
    k("saw", &["saws", "handsaw", "chainsaw"], B::Stick, [0.6, 0.12, 0.02], 0.8, M::Metal, 0xb0b0b8, C::Tool),
    k("axe", &["axes", "hatchet", "pickaxe"], B::Stick, [0.8, 0.04, 0.18], 1.5, M::Metal, 0x7a7a80, C::Tool),
    k("shovel", &["spade", "shovels", "rake", "hoe", "pitchfork", "broom", "mop", "brooms"], B::Stick, [1.4, 0.04, 0.25], 1.8, M::Wood, 0x9a7050, C::Tool),
    k("sword", &["swords", "sabre", "saber", "lightsaber", "spear"], B::Stick, [1.0, 0.03, 0.05], 1.2, M::Metal, 0xd0d0d8, C::Tool),
    k("magic_wand", &["wand", "magic wand", "baton"], B::Rod, [0.35, 0.012, 0.012], 0.03, M::Wood, 0x2a1a10, C::Tool),
    k("ladder", &["ladders", "stepladder"], B::Panel, [0.05, 2.5, 0.45], 7.0, M::Metal, 0xb0b0b4, C::Tool),
    k("rope", &["ropes", "cable", "chain", "string", "wire", "hose", "jump rope", "punching bag"], B::Snake, [2.0, 0.02, 0.02], 0.3, M::Cloth, 0xc0a070, C::Tool),
    k("scissors", &["shears"], B::Stick, [0.2, 0.01, 0.08], 0.1, M::Metal, 0xb0b0b8, C::Tool),
    k("toolbox", &["toolbox", "tool box", "toolkit", "lunchbox", "lunch box", "first aid kit"], B::Box, [0.45, 0.2, 0.2], 4.0, M::Metal, 0xc02020, C::Tool),
    k("telescope", &["binoculars", "microscope", "magnifying glass"], B::Rod, [0.8, 0.1, 0.1], 3.0, M::Metal, 0xf0f0f0, C::Tool),
    k("globe", &["globes", "crystal ball", "orb", "sphere", "spheres"], B::Ball, [0.3, 0.3, 0.3], 1.0, M::Glass, 0x3a7ad0, C::Tool),
    k("cylinder", &["cylinders", "tube", "tubes", "pipe", "pipes", "column", "pillar", "pillars"], B::Cylinder, [0.3, 0.6, 0.3], 5.0, M::Plastic, 0x8aa0c0, C::Tool),
    k("pyramid", &["pyramids", "cone shape", "tetrahedron"], B::Cone, [0.4, 0.4, 0.4], 5.0, M::Stone, 0xd0b070, C::Tool),
    k("plank", &["planks", "board plank", "beam", "beams", "log", "logs", "lumber", "stick of wood", "branch", "branches", "twig"], B::Rod, [2.0, 0.15, 0.15], 15.0, M::Wood, 0x8a6a40, C::Nature),
    k("robot_arm", &["robot arm", "robotic arm", "crane arm"], B::Post, [0.3, 1.2, 0.3], 30.0, M::Metal, 0xe0a020, C::Tool),
    // Nature.
    k("tree", &["trees", "oak", "oak tree", "maple", "birch", "willow", "apple tree", "cherry tree", "cherry blossom"], B::Tree, [3.0, 6.0, 3.0], 1000.0, M::Grass, 0x3a7a30, C::Nature),
    k("pine_tree", &["pine tree", "pine", "pines", "fir", "spruce", "christmas tree", "evergreen", "conifer"], B::Pine, [2.5, 7.0, 2.5], 800.0, M::Grass, 0x1e5a2a, C::Nature),
    k("palm_tree", &["palm tree", "palm trees", "palm", "palms", "coconut tree"], B::Tree, [2.5, 7.0, 2.5], 600.0, M::Grass, 0x4a8a30, C::Nature),
    k("bush", &["bushes", "shrub", "shrubs", "hedge", "hedges", "foliage"], B::Bush, [1.4, 1.0, 1.0], 50.0, M::Grass, 0x3a7030, C::Nature),
    k("flower", &["flowers", "rose", "roses", "tulip", "tulips", "sunflower", "sunflowers", "daisy", "daisies", "lily", "bouquet", "blossom", "blossoms"], B::Flower, [0.08, 0.45, 0.08], 0.05, M::Cloth, 0xe03050, C::Nature),
    k("cactus", &["cacti", "cactuses", "succulent"], B::Cylinder, [0.3, 1.2, 0.3], 20.0, M::Grass, 0x4a8a40, C::Nature),
    k("mushroom", &["mushrooms", "toadstool"], B::Umbrella, [0.1, 0.1, 0.1], 0.05, M::Flesh, 0xd03020, C::Nature),
    k("leaf", &["leaves", "petal", "petals", "feather", "feathers"], B::Flat, [0.1, 0.003, 0.06], 0.002, M::Paper, 0xd08020, C::Nature),
    k("boulder", &["boulders", "pebble", "pebbles", "stones", "rocks", "a rock", "meteor", "asteroid", "meteorite"], B::Ball, [0.8, 0.7, 0.8], 500.0, M::Stone, 0x8a8680, C::Nature),
    k("seashell", &["shell", "shells", "seashells", "conch"], B::Ball, [0.08, 0.05, 0.08], 0.05, M::Ceramic, 0xf0e0d0, C::Nature),
    k("hay_bale", &["hay bale", "hay", "haystack", "straw bale"], B::Cylinder, [1.5, 1.2, 1.5], 300.0, M::Grass, 0xd8c060, C::Nature),
    k("iceberg", &["ice block", "ice cube", "ice cubes", "glacier", "ice sculpture"], B::Box, [0.5, 0.5, 0.5], 100.0, M::Ice, 0xd8f0ff, C::Nature),
    k("cloud", &["clouds", "smoke", "steam", "puff of smoke", "dust cloud"], B::Bush, [3.0, 1.5, 2.0], 1.0, M::Cloth, 0xf4f4f8, C::Nature),
    k("puddle", &["puddles", "pool of water", "water", "splash"], B::Disc, [2.0, 0.01, 2.0], 10.0, M::Water, 0x4a7aa0, C::Nature),
    k("campfire_logs", &["fire pit", "firepit", "pile of logs"], B::Ring, [1.0, 0.3, 1.0], 40.0, M::Wood, 0x6a4028, C::Nature),
    k("snowman", &["snowmen", "snow man"], B::Snowman, [0.8, 1.7, 0.8], 120.0, M::Snow, 0xf8f8ff, C::Structure),
    k("statue", &["statues", "sculpture", "monument", "bust"], B::Snowman, [0.8, 2.5, 0.8], 2000.0, M::Stone, 0xc8c4b8, C::Structure),
    // Structures.
    k("house", &["houses", "cottage", "cabin", "hut", "home", "villa", "bungalow", "shed"], B::House, [10.0, 7.0, 8.0], 1.0e5, M::Stone, 0xe8dcc8, C::Structure),
    k("building", &["buildings", "office building", "apartment", "apartments", "block of flats", "shop", "store", "restaurant", "cafe", "hotel", "school", "hospital", "church", "library", "museum", "bakery"], B::Box, [20.0, 15.0, 15.0], 1.0e6, M::Stone, 0xb8b0a8, C::Structure),
    k("skyscraper", &["skyscrapers", "tower block", "high-rise", "tall building"], B::Box, [30.0, 150.0, 30.0], 1.0e7, M::Glass, 0x7a9ab8, C::Structure),
    k("barn", &["barns", "farmhouse", "stable", "garage", "warehouse"], B::House, [15.0, 9.0, 10.0], 1.0e5, M::Wood, 0xa03020, C::Structure),
    k("castle", &["castles", "palace", "fortress", "fort"], B::House, [40.0, 30.0, 40.0], 1.0e7, M::Stone, 0xa8a090, C::Structure),
    k("lighthouse", &["lighthouses", "watchtower"], B::Rocket, [5.0, 25.0, 5.0], 1.0e5, M::Stone, 0xf4f4f4, C::Structure),
    k("windmill", &["windmills", "wind turbine"], B::Post, [3.0, 20.0, 3.0], 1.0e5, M::Stone, 0xe8e0d0, C::Structure),
    k("bridge", &["bridges", "footbridge", "overpass"], B::Table, [30.0, 6.0, 6.0], 1.0e6, M::Stone, 0x8a8680, C::Structure),
    k("tent", &["tents", "teepee", "tipi", "gazebo", "pavilion"], B::Cone, [2.5, 1.8, 2.5], 10.0, M::Cloth, 0x3a8a3a, C::Structure),
    k("igloo", &["igloos", "dome"], B::Ball, [3.0, 2.0, 3.0], 5000.0, M::Snow, 0xf0f4ff, C::Structure),
    k("fountain", &["fountains", "birdbath", "well", "wishing well"], B::Tub, [2.5, 0.7, 2.5], 3000.0, M::Stone, 0xb8b4a8, C::Structure),
    k("fence", &["fences", "railing", "railings", "barrier", "picket fence"], B::Panel, [0.06, 1.1, 4.0], 50.0, M::Wood, 0xeae6da, C::Structure),
    k("wall", &["walls", "brick wall", "stone wall", "wall of bricks"], B::Panel, [0.3, 2.5, 6.0], 5000.0, M::Stone, 0xa05a40, C::Structure),
    k("lamp_post", &["lamp post", "lamppost", "street lamp", "streetlight", "street light", "lamp posts", "streetlights"], B::Streetlight, [0.6, 4.5, 0.3], 150.0, M::Metal, 0x2a2a2e, C::Structure),
    k("traffic_light", &["traffic light", "traffic lights", "stoplight", "traffic signal"], B::Streetlight, [0.35, 3.5, 0.35], 100.0, M::Metal, 0x202020, C::Structure),
    k("sign", &["signs", "stop sign", "road sign", "signpost", "street sign"], B::Post, [0.7, 2.2, 0.7], 20.0, M::Metal, 0xc01818, C::Structure),
    k("flag", &["flags", "flagpole", "flag pole", "banner flag"], B::Post, [1.5, 5.0, 0.9], 30.0, M::Cloth, 0xd02030, C::Structure),
    k("mailbox", &["mailboxes", "postbox", "letterbox"], B::Post, [0.5, 1.2, 0.3], 15.0, M::Metal, 0x2040a0, C::Structure),
    k("fire_hydrant", &["fire hydrant", "hydrant"], B::Bottle, [0.3, 0.75, 0.3], 70.0, M::Metal, 0xd02020, C::Structure),
    k("bus_stop", &["bus stop", "bus shelter", "phone booth", "kiosk"], B::Box, [1.5, 2.5, 3.0], 300.0, M::Glass, 0x8ab0c8, C::Structure),
    k("launch_pad", &["launch pad", "launchpad", "launch tower"], B::Box, [10.0, 1.0, 10.0], 1.0e6, M::Stone, 0x7a7a7a, C::Structure),
    k("pedestal", &["pedestals", "plinth", "display stand", "turntable", "stand"], B::Cylinder, [0.6, 0.9, 0.6], 50.0, M::Stone, 0xf2f2f2, C::Structure),
    k("golf_hole", &["hole", "golf hole", "flagstick", "pin flag", "hole in one"], B::Post, [0.3, 2.1, 0.108], 5.0, M::Metal, 0xf0f0f0, C::Structure),
    k("half_pipe", &["half-pipe", "half pipe", "skate ramp", "quarter pipe"], B::Tub, [4.0, 1.5, 3.0], 500.0, M::Wood, 0x9a7a5a, C::Structure),
    k("swing", &["swings", "swing set", "seesaw", "slide set", "playground", "jungle gym"], B::Goal, [1.5, 2.4, 3.0], 100.0, M::Metal, 0x3a8ad0, C::Structure),
    k("tombstone", &["gravestone", "headstone", "grave"], B::Panel, [0.15, 0.9, 0.6], 200.0, M::Stone, 0x8a8a8a, C::Structure),
    k("mountain", &["mountains", "hill", "hills", "volcano", "cliff", "cliffs", "peak"], B::Cone, [200.0, 120.0, 200.0], 1.0e9, M::Stone, 0x7a7060, C::Structure),
    k("dune", &["dunes", "sand dune", "sandbank", "mound", "heap"], B::Ball, [10.0, 3.0, 10.0], 1.0e5, M::Sand, 0xe0c890, C::Structure),
    k("car_wreck", &["wreck", "wreckage", "debris", "rubble"], B::Box, [2.0, 0.6, 1.5], 500.0, M::Metal, 0x5a5048, C::Structure),
    k("arch", &["archway", "arches", "gateway", "torii"], B::Goal, [1.0, 4.0, 4.0], 5000.0, M::Stone, 0xc0b8a8, C::Structure),
    k("stairs", &["staircase", "steps", "stairway"], B::Box, [3.0, 1.5, 1.5], 2000.0, M::Stone, 0xa8a49c, C::Structure),
    k("pier", &["dock", "jetty", "boardwalk", "wharf"], B::Table, [10.0, 1.5, 3.0], 5000.0, M::Wood, 0x8a6a4a, C::Structure),
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_kind_has_one_name_and_sensible_parts() {
        let mut names = HashSet::new();
        for kind in Kind::all() {
            let info = kind.info();
            assert!(names.insert(info.name), "{} twice", info.name);
            assert!(info.mass > 0.0 && info.dims.iter().all(|d| *d > 0.0));
            let parts = kind.parts(info.material, Color::rgb(1, 2, 3));
            // A lattice crane has the most parts.
            assert!(!parts.is_empty() && parts.len() < 64, "{}", info.name);
            for p in parts {
                let r = p.shape.bounding_radius();
                assert!(r.is_finite() && r > 0.0, "{}: {:?}", info.name, p.shape);
                assert!(p.offset.iter().all(|v| v.is_finite()), "{}", info.name);
            }
        }
        assert!(KINDS.len() >= 280, "{} kinds", KINDS.len());
    }
}
