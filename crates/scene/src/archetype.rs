//! Archetypes: the kinds of things a scene can hold, with their natural size, material,
//! colour and shape. The shape is a list of rigid parts that both the simulation (as
//! colliders) and the renderer (as meshes) read, so what is drawn is what collides.

use crate::catalog::{Body, Class, Kind};
use crate::{Color, Entity, Material};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::f32::consts::{FRAC_PI_2, PI};

/// A kind of thing. In scene files it is written as its name (`"soccer_ball"`, `"dog"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Archetype {
    /// A rubber ball, 22 cm across.
    Ball,
    /// A basketball, 24 cm across.
    Basketball,
    /// A soccer ball, 22 cm across.
    SoccerBall,
    /// A tennis ball.
    TennisBall,
    /// A bowling ball.
    BowlingBall,
    /// A billiard ball.
    BilliardBall,
    /// A glass marble.
    Marble,
    /// A golf ball.
    GolfBall,
    /// A 30 cm cube.
    Cube,
    /// A 50 cm wooden crate.
    Crate,
    /// A toy building block.
    Block,
    /// A domino standing on its end.
    Domino,
    /// A bowling pin.
    Pin,
    /// A sloped ramp with side rails, falling towards +x.
    Ramp,
    /// A round metal bowl.
    Bowl,
    /// A table.
    Table,
    /// A pool table with cushions.
    PoolTable,
    /// A basketball hoop: pole, glass backboard and rim, facing +x.
    Hoop,
    /// A person.
    Person,
    /// An everyday thing from the catalogue (a dog, a car, a chair).
    Thing(Kind),
    /// A thing no kind describes, drawn by a model from the furniture catalogue (a
    /// printer, a grand piano): the entity's `model` names it, and it collides as a box of
    /// the model's size.
    Model,
    /// A stand-in for something the planner could not model; the entity's label says what.
    Placeholder,
}

/// A solid shape, in metres, centred on its part's origin.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum Shape {
    /// A sphere.
    Sphere {
        /// Radius.
        radius: f32,
    },
    /// A box.
    Cuboid {
        /// Half the size along x, y and z.
        half_extents: [f32; 3],
    },
    /// A cylinder along y.
    Cylinder {
        /// Half the height.
        half_height: f32,
        /// Radius.
        radius: f32,
    },
    /// A capsule along y (a cylinder with hemispherical ends).
    Capsule {
        /// Half the height of the straight section.
        half_height: f32,
        /// Radius.
        radius: f32,
    },
}

impl Shape {
    /// The shape with every length multiplied by `s`.
    pub fn scaled(self, s: f32) -> Shape {
        match self {
            Shape::Sphere { radius } => Shape::Sphere { radius: radius * s },
            Shape::Cuboid {
                half_extents: [x, y, z],
            } => Shape::Cuboid {
                half_extents: [x * s, y * s, z * s],
            },
            Shape::Cylinder {
                half_height,
                radius,
            } => Shape::Cylinder {
                half_height: half_height * s,
                radius: radius * s,
            },
            Shape::Capsule {
                half_height,
                radius,
            } => Shape::Capsule {
                half_height: half_height * s,
                radius: radius * s,
            },
        }
    }

    /// Distance from the centre to the farthest point.
    pub fn bounding_radius(self) -> f32 {
        match self {
            Shape::Sphere { radius } => radius,
            Shape::Cuboid {
                half_extents: [x, y, z],
            } => (x * x + y * y + z * z).sqrt(),
            Shape::Cylinder {
                half_height,
                radius,
            } => (half_height * half_height + radius * radius).sqrt(),
            Shape::Capsule {
                half_height,
                radius,
            } => half_height + radius,
        }
    }

    /// Half its extent along its own x, y and z.
    pub fn half_extents(self) -> [f32; 3] {
        match self {
            Shape::Sphere { radius } => [radius; 3],
            Shape::Cuboid { half_extents } => half_extents,
            Shape::Cylinder {
                half_height,
                radius,
            } => [radius, half_height, radius],
            Shape::Capsule {
                half_height,
                radius,
            } => [radius, half_height + radius, radius],
        }
    }
}

/// A limb of a person's skeleton; the animator turns each about its joint. The order of
/// the variants is `Limb::ALL`'s: every limb after the one it hangs from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Limb {
    /// Hips; the root of the skeleton.
    Pelvis,
    /// Chest and belly, turning at the waist.
    Torso,
    /// The neck, turning the head to look about.
    Neck,
    /// The head, nodding at the top of the neck.
    Head,
    /// Left upper arm, turning at the shoulder.
    UpperArmLeft,
    /// Right upper arm.
    UpperArmRight,
    /// Left forearm, turning at the elbow.
    ForearmLeft,
    /// Right forearm.
    ForearmRight,
    /// Left hand, turning at the wrist.
    HandLeft,
    /// Right hand.
    HandRight,
    /// Left thigh, turning at the hip.
    ThighLeft,
    /// Right thigh.
    ThighRight,
    /// Left shin, turning at the knee.
    ShinLeft,
    /// Right shin.
    ShinRight,
    /// Left foot, turning at the ankle.
    FootLeft,
    /// Right foot.
    FootRight,
    /// The mouth, which opens by moving forward out of the face as the speaker talks.
    Jaw,
    /// The eyes, which close by turning edge-on when they blink.
    Eyes,
}

impl Limb {
    /// Every limb, parents before children.
    pub const ALL: [Limb; 18] = [
        Limb::Pelvis,
        Limb::Torso,
        Limb::Neck,
        Limb::Head,
        Limb::UpperArmLeft,
        Limb::UpperArmRight,
        Limb::ForearmLeft,
        Limb::ForearmRight,
        Limb::HandLeft,
        Limb::HandRight,
        Limb::ThighLeft,
        Limb::ThighRight,
        Limb::ShinLeft,
        Limb::ShinRight,
        Limb::FootLeft,
        Limb::FootRight,
        Limb::Jaw,
        Limb::Eyes,
    ];

    /// The limb this one hangs from.
    pub fn parent(self) -> Option<Limb> {
        match self {
            Limb::Pelvis => None,
            Limb::Torso | Limb::ThighLeft | Limb::ThighRight => Some(Limb::Pelvis),
            Limb::Neck | Limb::UpperArmLeft | Limb::UpperArmRight => Some(Limb::Torso),
            Limb::Head => Some(Limb::Neck),
            Limb::Jaw | Limb::Eyes => Some(Limb::Head),
            Limb::ForearmLeft => Some(Limb::UpperArmLeft),
            Limb::ForearmRight => Some(Limb::UpperArmRight),
            Limb::HandLeft => Some(Limb::ForearmLeft),
            Limb::HandRight => Some(Limb::ForearmRight),
            Limb::ShinLeft => Some(Limb::ThighLeft),
            Limb::ShinRight => Some(Limb::ThighRight),
            Limb::FootLeft => Some(Limb::ShinLeft),
            Limb::FootRight => Some(Limb::ShinRight),
        }
    }

    /// Where the limb's joint sits in the rest pose, relative to the feet, for a 1.8 m person
    /// facing +x (their right hand towards +z).
    pub fn pivot(self) -> [f32; 3] {
        let side = self.side();
        match self {
            Limb::Pelvis => [0.0, 0.95, 0.0],
            Limb::Torso => [0.0, 1.02, 0.0],
            Limb::Neck => [0.0, 1.46, 0.0],
            Limb::Head => [0.0, 1.56, 0.0],
            Limb::UpperArmLeft | Limb::UpperArmRight => [0.0, 1.44, 0.21 * side],
            Limb::ForearmLeft | Limb::ForearmRight => [0.0, 1.14, 0.23 * side],
            Limb::HandLeft | Limb::HandRight => [0.0, 0.87, 0.23 * side],
            Limb::ThighLeft | Limb::ThighRight => [0.0, 0.93, 0.1 * side],
            Limb::ShinLeft | Limb::ShinRight => [0.0, 0.5, 0.1 * side],
            Limb::FootLeft | Limb::FootRight => [0.0, 0.09, 0.1 * side],
            Limb::Jaw => [0.07, 1.6, 0.0],
            Limb::Eyes => [0.1, 1.685, 0.0],
        }
    }

    /// -1 for the person's left (towards -z when facing +x), +1 for the right, 0 on the centre line.
    pub fn side(self) -> f32 {
        match self {
            Limb::UpperArmLeft
            | Limb::ForearmLeft
            | Limb::HandLeft
            | Limb::ThighLeft
            | Limb::ShinLeft
            | Limb::FootLeft => -1.0,
            Limb::UpperArmRight
            | Limb::ForearmRight
            | Limb::HandRight
            | Limb::ThighRight
            | Limb::ShinRight
            | Limb::FootRight => 1.0,
            _ => 0.0,
        }
    }
}

/// One rigid piece of an entity, placed in the entity's local frame (origin at its base).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Part {
    /// The solid shape.
    pub shape: Shape,
    /// Centre of the shape in the entity's frame.
    pub offset: [f32; 3],
    /// Orientation of the shape in the entity's frame, as a unit quaternion (x, y, z, w).
    pub rotation: [f32; 4],
    /// What it is made of.
    pub material: Material,
    /// Its colour.
    pub color: Color,
    /// Whether it takes part in collisions (a basketball net does not).
    pub collides: bool,
    /// For people: the limb it moves with.
    pub limb: Option<Limb>,
}

/// A quaternion (x, y, z, w) turning `angle` radians about a unit `axis`.
pub fn axis_angle(axis: [f32; 3], angle: f32) -> [f32; 4] {
    let (s, c) = (angle * 0.5).sin_cos();
    [axis[0] * s, axis[1] * s, axis[2] * s, c]
}

pub(crate) const IDENTITY: [f32; 4] = [0.0, 0.0, 0.0, 1.0];

impl Archetype {
    /// The archetypes with their own purpose-built shapes.
    pub const BUILT_IN: [Archetype; 19] = [
        Archetype::Ball,
        Archetype::Basketball,
        Archetype::SoccerBall,
        Archetype::TennisBall,
        Archetype::BowlingBall,
        Archetype::BilliardBall,
        Archetype::Marble,
        Archetype::GolfBall,
        Archetype::Cube,
        Archetype::Crate,
        Archetype::Block,
        Archetype::Domino,
        Archetype::Pin,
        Archetype::Ramp,
        Archetype::Bowl,
        Archetype::Table,
        Archetype::PoolTable,
        Archetype::Hoop,
        Archetype::Person,
    ];

    /// Every archetype: the built-in ones, the catalogue and the placeholder.
    pub fn all() -> impl Iterator<Item = Archetype> {
        Archetype::BUILT_IN
            .into_iter()
            .chain(Kind::all().map(Archetype::Thing))
            .chain([Archetype::Model, Archetype::Placeholder])
    }

    /// The archetype with this scene-file name.
    pub fn from_name(name: &str) -> Option<Archetype> {
        Archetype::BUILT_IN
            .into_iter()
            .find(|a| a.name() == name)
            .or_else(|| Kind::named(name).map(Archetype::Thing))
            .or((name == "model").then_some(Archetype::Model))
            .or((name == "placeholder").then_some(Archetype::Placeholder))
    }

    /// The body plan of a catalogue kind; None for the purpose-built archetypes.
    pub fn body(self) -> Option<Body> {
        match self {
            Archetype::Thing(kind) => Some(kind.info().body),
            _ => None,
        }
    }

    /// What a catalogue kind is (animal, vehicle…); None for the purpose-built archetypes.
    pub fn class(self) -> Option<Class> {
        match self {
            Archetype::Thing(kind) => Some(kind.info().class),
            _ => None,
        }
    }

    /// Whether it acts by itself: a person, an animal, a bird or a fish.
    pub fn is_alive(self) -> bool {
        self == Archetype::Person
            || matches!(
                self.class(),
                Some(Class::Animal | Class::Flyer | Class::Swimmer)
            )
    }

    /// The name used in scene files (`soccer_ball`).
    pub fn name(self) -> &'static str {
        match self {
            Archetype::Thing(kind) => kind.info().name,
            Archetype::Model => "model",
            Archetype::Placeholder => "placeholder",
            Archetype::Ball => "ball",
            Archetype::Basketball => "basketball",
            Archetype::SoccerBall => "soccer_ball",
            Archetype::TennisBall => "tennis_ball",
            Archetype::BowlingBall => "bowling_ball",
            Archetype::BilliardBall => "billiard_ball",
            Archetype::Marble => "marble",
            Archetype::GolfBall => "golf_ball",
            Archetype::Cube => "cube",
            Archetype::Crate => "crate",
            Archetype::Block => "block",
            Archetype::Domino => "domino",
            Archetype::Pin => "pin",
            Archetype::Ramp => "ramp",
            Archetype::Bowl => "bowl",
            Archetype::Table => "table",
            Archetype::PoolTable => "pool_table",
            Archetype::Hoop => "hoop",
            Archetype::Person => "person",
        }
    }

    /// The radius in metres of a ball archetype at natural size, or None for other shapes.
    pub fn ball_radius(self) -> Option<f32> {
        Some(match self {
            Archetype::Ball => 0.11,
            Archetype::Basketball => 0.12,
            Archetype::SoccerBall => 0.11,
            Archetype::TennisBall => 0.033,
            Archetype::BowlingBall => 0.108,
            Archetype::BilliardBall => 0.0286,
            Archetype::Marble => 0.0125,
            Archetype::GolfBall => 0.0214,
            _ => return None,
        })
    }

    /// Whether it is fixed in place by default (furniture and fixtures).
    pub fn is_fixture(self) -> bool {
        if let Archetype::Thing(kind) = self {
            return kind.is_fixture();
        }
        matches!(
            self,
            Archetype::Ramp | Archetype::Table | Archetype::PoolTable | Archetype::Hoop
        )
    }

    /// The material it is made of unless told otherwise.
    pub fn default_material(self) -> Material {
        match self {
            Archetype::Ball | Archetype::Basketball | Archetype::TennisBall => Material::Rubber,
            Archetype::SoccerBall => Material::Leather,
            Archetype::BowlingBall | Archetype::BilliardBall => Material::Resin,
            Archetype::Marble => Material::Glass,
            Archetype::GolfBall | Archetype::Cube => Material::Plastic,
            Archetype::Crate | Archetype::Block | Archetype::Domino | Archetype::Pin => {
                Material::Wood
            }
            Archetype::Ramp | Archetype::Table => Material::Wood,
            Archetype::Bowl | Archetype::Hoop => Material::Metal,
            Archetype::PoolTable => Material::Felt,
            Archetype::Person => Material::Cloth,
            Archetype::Thing(kind) => kind.info().material,
            Archetype::Model => Material::Wood,
            Archetype::Placeholder => Material::Plastic,
        }
    }

    /// Its colour unless told otherwise.
    pub fn default_color(self) -> Color {
        match self {
            Archetype::Ball => Color::rgb(200, 32, 32),
            Archetype::Basketball => Color::rgb(214, 92, 30),
            Archetype::SoccerBall | Archetype::GolfBall | Archetype::Pin => {
                Color::rgb(238, 238, 232)
            }
            Archetype::TennisBall => Color::rgb(205, 225, 60),
            Archetype::BowlingBall => Color::rgb(30, 40, 110),
            Archetype::BilliardBall => Color::rgb(240, 236, 220),
            Archetype::Marble => Color::rgb(60, 140, 210),
            Archetype::Cube => Color::rgb(240, 120, 20),
            Archetype::Crate => Color::rgb(168, 118, 62),
            Archetype::Block => Color::rgb(196, 150, 90),
            Archetype::Domino => Color::rgb(245, 242, 230),
            Archetype::Ramp | Archetype::Table => Color::rgb(150, 100, 60),
            Archetype::Bowl => Color::rgb(190, 192, 196),
            Archetype::PoolTable => Color::rgb(20, 110, 50),
            Archetype::Hoop => Color::rgb(220, 80, 30),
            Archetype::Person => Color::rgb(40, 80, 170),
            Archetype::Thing(kind) => {
                let [_, r, g, b] = kind.info().color.to_be_bytes();
                Color::rgb(r, g, b)
            }
            Archetype::Model => Color::rgb(200, 200, 200),
            Archetype::Placeholder => Color::rgb(150, 150, 158),
        }
    }
}

/// The rigid parts of an entity in its local frame, scaled by its size.
pub(crate) fn parts(entity: &Entity) -> Vec<Part> {
    let material = entity.material();
    let color = entity.color();
    let s = entity.size;
    let solid = |shape: Shape, offset: [f32; 3], rotation: [f32; 4]| Part {
        shape,
        offset,
        rotation,
        material,
        color,
        collides: true,
        limb: None,
    };
    let mut parts = match entity.archetype {
        a if a.ball_radius().is_some() => {
            let radius = a.ball_radius().unwrap_or(0.1);
            vec![solid(
                Shape::Sphere { radius },
                [0.0, radius, 0.0],
                IDENTITY,
            )]
        }
        Archetype::Cube => vec![solid(
            Shape::Cuboid {
                half_extents: [0.15; 3],
            },
            [0.0, 0.15, 0.0],
            IDENTITY,
        )],
        Archetype::Crate => vec![solid(
            Shape::Cuboid {
                half_extents: [0.25; 3],
            },
            [0.0, 0.25, 0.0],
            IDENTITY,
        )],
        Archetype::Block => vec![solid(
            Shape::Cuboid {
                half_extents: [0.06, 0.03, 0.03],
            },
            [0.0, 0.03, 0.0],
            IDENTITY,
        )],
        Archetype::Domino => vec![solid(
            Shape::Cuboid {
                half_extents: [0.0075, 0.05, 0.025],
            },
            [0.0, 0.05, 0.0],
            IDENTITY,
        )],
        Archetype::Pin => pin(material, color),
        Archetype::Ramp => ramp(material, color),
        Archetype::Bowl => bowl(material, color),
        Archetype::Table => table(material, color),
        Archetype::PoolTable => pool_table(material, color),
        Archetype::Hoop => hoop(color),
        Archetype::Person => person(color),
        Archetype::Thing(kind) => kind.parts(material, color),
        Archetype::Model => match &entity.model {
            Some(model) => vec![solid(
                Shape::Cuboid {
                    half_extents: model.size.map(|v| (v / 2.0).max(0.005)),
                },
                [0.0, model.size[1] / 2.0, 0.0],
                IDENTITY,
            )],
            None => placeholder(material, color),
        },
        Archetype::Placeholder => placeholder(material, color),
        _ => unreachable!("every archetype is handled above"),
    };
    for part in &mut parts {
        part.shape = part.shape.scaled(s);
        part.offset = part.offset.map(|v| v * s);
    }
    parts
}

/// A colliding part with no turn and no limb.
pub(crate) fn part(shape: Shape, offset: [f32; 3], material: Material, color: Color) -> Part {
    Part {
        shape,
        offset,
        rotation: IDENTITY,
        material,
        color,
        collides: true,
        limb: None,
    }
}

/// A plain 40 cm cube in the stand-in's neutral grey: clean, and claiming to be nothing.
fn placeholder(material: Material, color: Color) -> Vec<Part> {
    vec![part(
        Shape::Cuboid {
            half_extents: [0.2; 3],
        },
        [0.0, 0.2, 0.0],
        material,
        color,
    )]
}

impl Serialize for Archetype {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for Archetype {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = Cow::<str>::deserialize(d)?;
        Archetype::from_name(&name).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "unknown archetype `{name}`; use one of the names `diorama schema` lists (for example `ball`, `dog`, `car`, `chair`), or `placeholder`"
            ))
        })
    }
}

impl JsonSchema for Archetype {
    fn schema_name() -> Cow<'static, str> {
        "Archetype".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let names: Vec<&str> = Archetype::all().map(Archetype::name).collect();
        json_schema!({
            "description": "What kind of thing it is; decides its shape, size, material and colour.",
            "type": "string",
            "enum": names,
        })
    }
}

fn pin(material: Material, color: Color) -> Vec<Part> {
    let red = Color::rgb(190, 30, 30);
    vec![
        part(
            Shape::Cylinder {
                half_height: 0.02,
                radius: 0.035,
            },
            [0.0, 0.02, 0.0],
            material,
            color,
        ),
        part(
            Shape::Capsule {
                half_height: 0.05,
                radius: 0.058,
            },
            [0.0, 0.13, 0.0],
            material,
            color,
        ),
        part(
            Shape::Cylinder {
                half_height: 0.05,
                radius: 0.028,
            },
            [0.0, 0.26, 0.0],
            material,
            red,
        ),
        part(
            Shape::Sphere { radius: 0.036 },
            [0.0, 0.335, 0.0],
            material,
            color,
        ),
    ]
}

/// A plank 1.2 m long sloping down towards +x at 20°, with side rails and a support.
fn ramp(material: Material, color: Color) -> Vec<Part> {
    let slope = 20f32.to_radians();
    let tilt = axis_angle([0.0, 0.0, 1.0], -slope);
    let (half_len, half_width) = (0.6, 0.08);
    let rise = half_len * slope.sin();
    let centre_y = rise + 0.02;
    let mut parts = vec![part(
        Shape::Cuboid {
            half_extents: [half_len, 0.015, half_width],
        },
        [0.0, centre_y, 0.0],
        material,
        color,
    )];
    for side in [-1.0f32, 1.0] {
        let mut rail = part(
            Shape::Cuboid {
                half_extents: [half_len, 0.025, 0.008],
            },
            [0.0, centre_y + 0.03, side * (half_width + 0.008)],
            material,
            color,
        );
        rail.rotation = tilt;
        parts.push(rail);
    }
    parts[0].rotation = tilt;
    parts.push(part(
        Shape::Cuboid {
            half_extents: [0.03, rise, 0.07],
        },
        [-half_len + 0.05, rise, 0.0],
        material,
        color,
    ));
    parts
}

/// A bowl 24 cm across the top: a flat base and a ring of outward-sloping wall segments.
fn bowl(material: Material, color: Color) -> Vec<Part> {
    let mut parts = vec![part(
        Shape::Cylinder {
            half_height: 0.006,
            radius: 0.08,
        },
        [0.0, 0.006, 0.0],
        material,
        color,
    )];
    let segments = 20;
    let wall_tilt = 25f32.to_radians();
    for i in 0..segments {
        let a = i as f32 / segments as f32 * 2.0 * PI;
        // Each wall leans outwards from the rim of the base.
        let r = 0.08 + 0.09 * wall_tilt.sin();
        let yaw = axis_angle([0.0, 1.0, 0.0], -a);
        let tilt = axis_angle([0.0, 0.0, 1.0], -wall_tilt);
        parts.push(Part {
            rotation: quat_mul(yaw, tilt),
            ..part(
                Shape::Cuboid {
                    half_extents: [0.004, 0.09, 0.022],
                },
                [r * a.cos(), 0.09 * wall_tilt.cos(), r * a.sin()],
                material,
                color,
            )
        });
    }
    parts
}

fn table(material: Material, color: Color) -> Vec<Part> {
    let mut parts = vec![part(
        Shape::Cuboid {
            half_extents: [0.8, 0.025, 0.45],
        },
        [0.0, 0.75, 0.0],
        material,
        color,
    )];
    for (x, z) in [(-0.72, -0.38), (0.72, -0.38), (-0.72, 0.38), (0.72, 0.38)] {
        parts.push(part(
            Shape::Cuboid {
                half_extents: [0.03, 0.365, 0.03],
            },
            [x, 0.365, z],
            material,
            color,
        ));
    }
    parts
}

/// A 2.54 × 1.27 m bed of felt 0.8 m up, wooden rails and rubber cushions.
fn pool_table(felt: Material, cloth: Color) -> Vec<Part> {
    let wood = Color::rgb(96, 56, 30);
    let (hx, hz, top) = (1.27, 0.635, 0.8);
    let mut parts = vec![part(
        Shape::Cuboid {
            half_extents: [hx, 0.05, hz],
        },
        [0.0, top - 0.05, 0.0],
        felt,
        cloth,
    )];
    let cushion = |half: [f32; 3], at: [f32; 3]| Part {
        ..part(
            Shape::Cuboid { half_extents: half },
            at,
            Material::Rubber,
            cloth,
        )
    };
    parts.push(cushion([hx, 0.02, 0.025], [0.0, top + 0.02, hz + 0.025]));
    parts.push(cushion([hx, 0.02, 0.025], [0.0, top + 0.02, -hz - 0.025]));
    parts.push(cushion([0.025, 0.02, hz], [hx + 0.025, top + 0.02, 0.0]));
    parts.push(cushion([0.025, 0.02, hz], [-hx - 0.025, top + 0.02, 0.0]));
    parts.push(part(
        Shape::Cuboid {
            half_extents: [hx + 0.12, 0.03, 0.07],
        },
        [0.0, top + 0.0, hz + 0.12],
        Material::Wood,
        wood,
    ));
    parts.push(part(
        Shape::Cuboid {
            half_extents: [hx + 0.12, 0.03, 0.07],
        },
        [0.0, top + 0.0, -hz - 0.12],
        Material::Wood,
        wood,
    ));
    parts.push(part(
        Shape::Cuboid {
            half_extents: [0.07, 0.03, hz + 0.05],
        },
        [hx + 0.12, top + 0.0, 0.0],
        Material::Wood,
        wood,
    ));
    parts.push(part(
        Shape::Cuboid {
            half_extents: [0.07, 0.03, hz + 0.05],
        },
        [-hx - 0.12, top + 0.0, 0.0],
        Material::Wood,
        wood,
    ));
    for (x, z) in [(-1.1, -0.5), (1.1, -0.5), (-1.1, 0.5), (1.1, 0.5)] {
        parts.push(part(
            Shape::Cuboid {
                half_extents: [0.08, (top - 0.1) / 2.0, 0.08],
            },
            [x, (top - 0.1) / 2.0, z],
            Material::Wood,
            wood,
        ));
    }
    parts
}

/// Rim height 3.05 m, 45 cm rim 15 cm in front of a 1.8 × 1.05 m glass board; faces +x.
pub const RIM_HEIGHT: f32 = 3.05;
/// Rim radius of a regulation hoop.
pub const RIM_RADIUS: f32 = 0.2286;
/// Distance from the backboard to the rim's centre.
pub const RIM_OFFSET: f32 = 0.15 + RIM_RADIUS;

fn hoop(rim_color: Color) -> Vec<Part> {
    let steel = Color::rgb(70, 74, 82);
    let glass = Color::rgb(200, 225, 235);
    let mut parts = vec![
        part(
            Shape::Cylinder {
                half_height: 1.6,
                radius: 0.07,
            },
            [-1.0, 1.6, 0.0],
            Material::Metal,
            steel,
        ),
        part(
            Shape::Cuboid {
                half_extents: [0.5, 0.05, 0.05],
            },
            [-0.5, 3.3, 0.0],
            Material::Metal,
            steel,
        ),
        part(
            Shape::Cuboid {
                half_extents: [0.015, 0.525, 0.9],
            },
            [0.0, 3.3, 0.0],
            Material::Glass,
            glass,
        ),
        part(
            Shape::Cuboid {
                half_extents: [0.06, 0.02, 0.02],
            },
            [0.075, RIM_HEIGHT, 0.0],
            Material::Metal,
            rim_color,
        ),
    ];
    let segments = 16;
    let centre = [RIM_OFFSET, RIM_HEIGHT, 0.0];
    let chord = 2.0 * RIM_RADIUS * (PI / segments as f32).sin();
    for i in 0..segments {
        let a = (i as f32 + 0.5) / segments as f32 * 2.0 * PI;
        let (x, z) = (
            centre[0] + RIM_RADIUS * a.cos(),
            centre[2] + RIM_RADIUS * a.sin(),
        );
        // Capsule along y, laid tangent to the ring.
        let lay = axis_angle([1.0, 0.0, 0.0], FRAC_PI_2);
        let yaw = axis_angle([0.0, 1.0, 0.0], -a);
        parts.push(Part {
            rotation: quat_mul(yaw, lay),
            ..part(
                Shape::Capsule {
                    half_height: chord / 2.0,
                    radius: 0.009,
                },
                [x, centre[1], z],
                Material::Metal,
                rim_color,
            )
        });
    }
    // The net: thin white strands hanging from the rim, drawn but not colliding.
    let white = Color::rgb(245, 245, 245);
    for i in 0..12 {
        let a = i as f32 / 12.0 * 2.0 * PI;
        let top = [
            centre[0] + RIM_RADIUS * a.cos(),
            RIM_HEIGHT,
            RIM_RADIUS * a.sin(),
        ];
        let bottom = [
            centre[0] + 0.6 * RIM_RADIUS * a.cos(),
            RIM_HEIGHT - 0.4,
            0.6 * RIM_RADIUS * a.sin(),
        ];
        let d = [bottom[0] - top[0], bottom[1] - top[1], bottom[2] - top[2]];
        let len = (d[0] * d[0] + d[1] * d[1] + d[2] * d[2]).sqrt();
        parts.push(Part {
            collides: false,
            rotation: rotation_from_y(d.map(|v| v / len)),
            ..part(
                Shape::Cylinder {
                    half_height: len / 2.0,
                    radius: 0.004,
                },
                [
                    (top[0] + bottom[0]) / 2.0,
                    (top[1] + bottom[1]) / 2.0,
                    (top[2] + bottom[2]) / 2.0,
                ],
                Material::Cloth,
                white,
            )
        });
    }
    parts
}

/// Radius of a person's mouth (a capsule lying across the face) at natural size.
pub const MOUTH_RADIUS: f32 = 0.026;

/// Colours of the simple person.
const SKIN: Color = Color::rgb(198, 140, 105);
const TROUSERS: Color = Color::rgb(35, 38, 48);
const SHOES: Color = Color::rgb(240, 240, 240);
const HAIR: Color = Color::rgb(40, 28, 20);

/// A part of a person, moving with `limb`.
fn limb_part(limb: Limb, shape: Shape, offset: [f32; 3], color: Color) -> Part {
    Part {
        shape,
        offset,
        rotation: IDENTITY,
        material: Material::Cloth,
        color,
        collides: false,
        limb: Some(limb),
    }
}

/// A person 1.8 m tall facing +x, in the rest pose, in simple shapes (the figure the
/// planner sizes and places; the renderer draws the `people` crate's); each part names its
/// limb.
fn person(shirt: Color) -> Vec<Part> {
    let mut parts = trunk(shirt);
    parts.extend(face());
    parts.extend(arms_and_legs(shirt));
    parts
}

/// Hips, chest, neck, head, hair and mouth.
fn trunk(shirt: Color) -> Vec<Part> {
    let (skin, trousers, hair) = (SKIN, TROUSERS, HAIR);
    vec![
        limb_part(
            Limb::Pelvis,
            Shape::Cuboid {
                half_extents: [0.1, 0.08, 0.16],
            },
            [0.0, 0.94, 0.0],
            trousers,
        ),
        limb_part(
            Limb::Torso,
            Shape::Capsule {
                half_height: 0.16,
                radius: 0.15,
            },
            [0.0, 1.24, 0.0],
            shirt,
        ),
        limb_part(
            Limb::Neck,
            Shape::Capsule {
                half_height: 0.03,
                radius: 0.06,
            },
            [0.0, 1.53, 0.0],
            skin,
        ),
        limb_part(
            Limb::Head,
            Shape::Sphere { radius: 0.11 },
            [0.0, 1.66, 0.0],
            skin,
        ),
        limb_part(
            Limb::Head,
            Shape::Sphere { radius: 0.105 },
            [-0.02, 1.7, 0.0],
            hair,
        ),
        // Closed, the mouth shows as a thin line on the face; speech moves it forward.
        Part {
            rotation: [
                std::f32::consts::FRAC_1_SQRT_2,
                0.0,
                0.0,
                std::f32::consts::FRAC_1_SQRT_2,
            ],
            ..limb_part(
                Limb::Jaw,
                Shape::Capsule {
                    half_height: 0.02,
                    radius: MOUTH_RADIUS,
                },
                [0.0962 - MOUTH_RADIUS + 0.0008, 1.607, 0.0],
                Color::rgb(92, 30, 34),
            )
        },
    ]
}

/// Eyes, brows and nose.
fn face() -> Vec<Part> {
    let (skin, hair) = (SKIN, HAIR);
    let mut parts = Vec::new();
    // Eyes: round whites with dark irises, discs facing forward on the face; they blink by
    // turning edge-on. Brows above them and a nose between.
    let facing_forward = [
        0.0,
        0.0,
        std::f32::consts::FRAC_1_SQRT_2,
        std::f32::consts::FRAC_1_SQRT_2,
    ];
    for z in [-0.04f32, 0.04] {
        parts.push(Part {
            rotation: facing_forward,
            ..limb_part(
                Limb::Eyes,
                Shape::Cylinder {
                    half_height: 0.004,
                    radius: 0.015,
                },
                [0.1, 1.685, z],
                Color::rgb(240, 240, 236),
            )
        });
        parts.push(Part {
            rotation: facing_forward,
            ..limb_part(
                Limb::Eyes,
                Shape::Cylinder {
                    half_height: 0.003,
                    radius: 0.0085,
                },
                [0.1035, 1.684, z * 0.97],
                Color::rgb(52, 36, 26),
            )
        });
        parts.push(limb_part(
            Limb::Head,
            Shape::Cuboid {
                half_extents: [0.004, 0.0035, 0.017],
            },
            [0.097, 1.712, z * 1.05],
            hair,
        ));
    }
    parts.push(limb_part(
        Limb::Head,
        Shape::Sphere { radius: 0.017 },
        [0.104, 1.652, 0.0],
        skin,
    ));
    parts
}

/// Arms, hands, legs and shoes.
fn arms_and_legs(shirt: Color) -> Vec<Part> {
    let (skin, trousers, shoes) = (SKIN, TROUSERS, SHOES);
    let mut parts = Vec::new();
    for (upper, fore, hand, thigh, shin, foot) in [
        (
            Limb::UpperArmLeft,
            Limb::ForearmLeft,
            Limb::HandLeft,
            Limb::ThighLeft,
            Limb::ShinLeft,
            Limb::FootLeft,
        ),
        (
            Limb::UpperArmRight,
            Limb::ForearmRight,
            Limb::HandRight,
            Limb::ThighRight,
            Limb::ShinRight,
            Limb::FootRight,
        ),
    ] {
        let z = upper.side();
        parts.push(limb_part(
            upper,
            Shape::Capsule {
                half_height: 0.11,
                radius: 0.05,
            },
            [0.0, 1.29, 0.22 * z],
            shirt,
        ));
        parts.push(limb_part(
            fore,
            Shape::Capsule {
                half_height: 0.1,
                radius: 0.04,
            },
            [0.0, 1.0, 0.23 * z],
            skin,
        ));
        parts.push(limb_part(
            hand,
            Shape::Sphere { radius: 0.048 },
            [0.0, 0.83, 0.23 * z],
            skin,
        ));
        parts.push(limb_part(
            thigh,
            Shape::Capsule {
                half_height: 0.15,
                radius: 0.075,
            },
            [0.0, 0.72, 0.1 * z],
            trousers,
        ));
        parts.push(limb_part(
            shin,
            Shape::Capsule {
                half_height: 0.16,
                radius: 0.06,
            },
            [0.0, 0.3, 0.1 * z],
            trousers,
        ));
        parts.push(limb_part(
            foot,
            Shape::Cuboid {
                half_extents: [0.13, 0.04, 0.05],
            },
            [0.05, 0.04, 0.1 * z],
            shoes,
        ));
    }
    parts
}

/// The product of two quaternions (x, y, z, w): `a` applied after `b`.
pub fn quat_mul(a: [f32; 4], b: [f32; 4]) -> [f32; 4] {
    let [ax, ay, az, aw] = a;
    let [bx, by, bz, bw] = b;
    [
        aw * bx + ax * bw + ay * bz - az * by,
        aw * by - ax * bz + ay * bw + az * bx,
        aw * bz + ax * by - ay * bx + az * bw,
        aw * bw - ax * bx - ay * by - az * bz,
    ]
}

/// The shortest rotation taking +y onto the unit vector `d`.
fn rotation_from_y(d: [f32; 3]) -> [f32; 4] {
    // Axis = y × d, angle = acos(y · d).
    let axis = [d[2], 0.0, -d[0]];
    let len = (axis[0] * axis[0] + axis[2] * axis[2]).sqrt();
    if len < 1e-6 {
        return if d[1] > 0.0 {
            IDENTITY
        } else {
            axis_angle([1.0, 0.0, 0.0], PI)
        };
    }
    axis_angle(axis.map(|v| v / len), d[1].clamp(-1.0, 1.0).acos())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_archetype_has_parts_scaled_by_size() {
        for a in Archetype::all() {
            let mut e = Entity::new("x", a, [0.0; 3]);
            let one = e.parts();
            assert!(!one.is_empty(), "{a:?} has no parts");
            e.size = 2.0;
            let two = e.parts();
            assert_eq!(one.len(), two.len());
            let r1 = one[0].shape.bounding_radius();
            assert!((two[0].shape.bounding_radius() - 2.0 * r1).abs() < 1e-5);
        }
    }

    #[test]
    fn every_archetype_is_written_by_its_own_unique_name() {
        let mut names = std::collections::HashSet::new();
        for a in Archetype::all() {
            assert!(names.insert(a.name()), "{} twice", a.name());
            let json = serde_json::to_string(&a).unwrap();
            assert_eq!(json, format!("\"{}\"", a.name()));
            assert_eq!(serde_json::from_str::<Archetype>(&json).unwrap(), a);
        }
        assert!(names.len() >= 300, "only {} archetypes", names.len());
        let err = serde_json::from_str::<Archetype>("\"griffin\"").unwrap_err();
        assert!(
            err.to_string().contains("unknown archetype `griffin`"),
            "{err}"
        );
    }

    #[test]
    fn ball_rests_on_its_base() {
        let parts = Entity::new("b", Archetype::Basketball, [0.0; 3]).parts();
        assert_eq!(parts[0].offset[1], 0.12);
    }

    #[test]
    fn rotation_from_y_maps_y_onto_target() {
        let d = [0.6, -0.8, 0.0];
        let q = rotation_from_y(d);
        // Rotate +y by q: v' = v + 2w(q×v) + 2q×(q×v).
        let [x, y, z, w] = q;
        let v = [0.0, 1.0, 0.0];
        let t = [
            2.0 * (y * v[2] - z * v[1]),
            2.0 * (z * v[0] - x * v[2]),
            2.0 * (x * v[1] - y * v[0]),
        ];
        let r = [
            v[0] + w * t[0] + (y * t[2] - z * t[1]),
            v[1] + w * t[1] + (z * t[0] - x * t[2]),
            v[2] + w * t[2] + (x * t[1] - y * t[0]),
        ];
        for i in 0..3 {
            assert!((r[i] - d[i]).abs() < 1e-5, "{r:?}");
        }
    }
}
