//! The look of a setting: sun, sky, fog and the static set (ground, walls, backdrop),
//! and which procedural surface pattern each part gets.

use scene::{Color, Material, Part, Setting, Shape, TimeOfDay, Weather};

/// Lighting and atmosphere for a setting at a time of day, in linear light.
#[derive(Debug, Clone, Copy)]
pub struct Look {
    /// Unit vector towards the sun (or the key light indoors).
    pub sun_direction: [f32; 3],
    /// Sun colour times intensity.
    pub sun_color: [f32; 3],
    /// Sky colour straight up.
    pub sky_zenith: [f32; 3],
    /// Sky colour at the horizon.
    pub sky_horizon: [f32; 3],
    /// Light bounced up from the ground.
    pub ground_bounce: [f32; 3],
    /// Fog colour.
    pub fog_color: [f32; 3],
    /// Fog density per metre.
    pub fog_density: f32,
    /// Exposure multiplier before tone mapping.
    pub exposure: f32,
}

fn normalize(v: [f32; 3]) -> [f32; 3] {
    let l = (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]).sqrt();
    v.map(|x| x / l)
}

/// The look of a setting at a time of day.
pub fn look(setting: Setting, time: TimeOfDay) -> Look {
    if setting.indoors() {
        let (key, zenith, horizon) = match setting {
            Setting::Studio => ([3.2, 3.1, 3.0], [0.55, 0.56, 0.6], [0.75, 0.76, 0.8]),
            Setting::BasketballCourt => ([3.0, 2.9, 2.7], [0.12, 0.12, 0.14], [0.25, 0.24, 0.24]),
            Setting::BowlingAlley => ([2.6, 2.5, 2.6], [0.05, 0.05, 0.1], [0.12, 0.1, 0.2]),
            _ => ([2.8, 2.6, 2.3], [0.35, 0.32, 0.3], [0.45, 0.42, 0.38]),
        };
        return Look {
            sun_direction: normalize([0.35, 1.0, 0.55]),
            sun_color: key,
            sky_zenith: zenith,
            sky_horizon: horizon,
            ground_bounce: [0.18, 0.15, 0.12],
            fog_color: horizon,
            fog_density: 0.004,
            exposure: 1.0,
        };
    }
    let (sun_direction, sun_color, zenith, horizon, exposure) = match time {
        TimeOfDay::Dawn => (
            normalize([-0.8, 0.25, -0.4]),
            [2.6, 1.7, 1.2],
            [0.18, 0.25, 0.45],
            [0.9, 0.6, 0.45],
            1.1,
        ),
        TimeOfDay::Day => (
            normalize([0.45, 1.0, 0.6]),
            [3.6, 3.4, 3.1],
            [0.18, 0.38, 0.85],
            [0.65, 0.78, 0.95],
            0.85,
        ),
        TimeOfDay::Sunset => (
            normalize([0.9, 0.18, -0.35]),
            [3.2, 1.6, 0.7],
            [0.2, 0.22, 0.45],
            [1.0, 0.5, 0.25],
            1.05,
        ),
        TimeOfDay::Night => (
            normalize([-0.3, 0.8, 0.4]),
            [0.35, 0.42, 0.65],
            [0.005, 0.008, 0.02],
            [0.03, 0.035, 0.06],
            2.2,
        ),
    };
    let (sun_direction, sun_color, zenith, horizon) = if setting == Setting::Moon {
        (
            normalize([0.6, 0.5, 0.5]),
            [4.0, 4.0, 4.0],
            [0.0, 0.0, 0.0],
            [0.01, 0.01, 0.012],
        )
    } else {
        (sun_direction, sun_color, zenith, horizon)
    };
    let ground = scene::Color::linear(ground_color(setting));
    Look {
        sun_direction,
        sun_color,
        sky_zenith: zenith,
        sky_horizon: horizon,
        ground_bounce: ground.map(|c| c * 0.3),
        fog_color: horizon,
        fog_density: if setting == Setting::Moon { 0.0 } else { 0.006 },
        exposure,
    }
}

/// The look under the weather (outdoors), for a film whose camera stands `distance`
/// metres from what it watches. Haze is scaled to the view, so a wide aerial shot is not lost in it; fog
/// closes in, rain and storms grey the sky, snow whitens the air.
pub fn weathered(mut look: Look, weather: Weather, indoors: bool, distance: f32) -> Look {
    look.fog_density *= (25.0 / distance.max(1.0)).clamp(0.2, 1.0);
    if indoors {
        return look;
    }
    let grey = |c: [f32; 3], to: f32, by: f32| {
        let l = (c[0] + c[1] + c[2]) / 3.0;
        c.map(|v| (v + (l * to - v) * by).max(0.0))
    };
    match weather {
        Weather::Clear | Weather::Wind => {}
        Weather::Fog => {
            look.fog_density = look.fog_density.max(0.05);
            look.fog_color = grey(look.sky_horizon, 1.1, 0.8);
            look.sky_zenith = look.fog_color;
            look.sky_horizon = look.fog_color;
            look.sun_color = look.sun_color.map(|v| v * 0.45);
        }
        Weather::Rain | Weather::Storm => {
            let dark = if weather == Weather::Storm { 0.4 } else { 0.65 };
            look.sky_zenith = grey(look.sky_zenith, dark, 0.85);
            look.sky_horizon = grey(look.sky_horizon, dark, 0.8);
            look.fog_color = look.sky_horizon;
            look.fog_density = look.fog_density.max(0.015);
            look.sun_color = look.sun_color.map(|v| v * 0.3);
        }
        Weather::Snow => {
            look.sky_zenith = grey(look.sky_zenith, 1.15, 0.7);
            look.sky_horizon = grey(look.sky_horizon, 1.2, 0.7);
            look.fog_color = look.sky_horizon;
            look.fog_density = look.fog_density.max(0.02);
            look.sun_color = look.sun_color.map(|v| v * 0.6);
        }
    }
    look
}

/// Base colour of the ground in a setting.
pub fn ground_color(setting: Setting) -> Color {
    match setting {
        Setting::Studio => Color::rgb(205, 205, 208),
        Setting::BasketballCourt => Color::rgb(196, 140, 82),
        Setting::BowlingAlley => Color::rgb(205, 160, 105),
        Setting::Room => Color::rgb(150, 100, 62),
        Setting::Field | Setting::Park => Color::rgb(70, 130, 50),
        Setting::Street => Color::rgb(62, 62, 66),
        Setting::Snowfield => Color::rgb(240, 244, 250),
        Setting::Moon => Color::rgb(130, 128, 124),
        Setting::Beach => Color::rgb(222, 200, 150),
        Setting::IceRink => Color::rgb(156, 192, 222),
        Setting::Lake => Color::rgb(38, 86, 104),
    }
}

/// Procedural surface patterns the shader knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[repr(u32)]
pub enum Pattern {
    /// Flat colour.
    Plain = 0,
    /// Wooden planks in world space.
    Planks = 1,
    /// Hardwood with basketball court lines.
    Court = 2,
    /// Grass.
    Grass = 3,
    /// Asphalt with a centre line.
    Asphalt = 4,
    /// Snow.
    Snow = 5,
    /// Sand.
    Sand = 6,
    /// Felt cloth.
    Felt = 7,
    /// Basketball seams.
    Basketball = 8,
    /// Soccer ball panels.
    SoccerBall = 9,
    /// A white spot on a ball (billiard, bowling).
    Spot = 10,
    /// Crate slats.
    Crate = 11,
    /// Bowling lane boards and arrows.
    Lane = 12,
    /// Moon dust and craters.
    Regolith = 13,
    /// Domino face dots.
    Dots = 14,
    /// Brickwork in world space.
    Brick = 15,
    /// A water surface with swells and ripples.
    Water = 16,
    /// A person's skin: light wraps past the terminator, reddened, as scattering under
    /// the skin does; oilier (less rough) down the forehead and nose.
    Skin = 17,
    /// Any other part of a person in one colour (hair, eyes, plain clothes).
    Figure = 18,
    /// Clothes in horizontal stripes.
    Stripes = 19,
    /// Clothes in checks.
    Checks = 20,
    /// Clothes in polka dots.
    PolkaDots = 21,
    /// A top with a number on the chest and back.
    Numbered = 22,
    /// A jacket or suit open at the front over a shirt (and a tie).
    OpenFront = 23,
    /// Lips outlined on the skin round the mouth.
    Lips = 24,
    /// A model's picture, from its texture layer, times its colour.
    Textured = 25,
    /// A model's picture with clear parts (leaves), which are not drawn.
    Cutout = 26,
}

impl Pattern {
    /// Whether the pattern is drawn on people, whose vertices carry their rest-pose
    /// position and normal for it.
    pub fn on_figure(self) -> bool {
        (Pattern::Skin..=Pattern::Lips).contains(&self)
    }

    /// Whether the pattern is a model's picture, read through its texture coordinates.
    pub fn pictured(self) -> bool {
        matches!(self, Pattern::Textured | Pattern::Cutout)
    }
}

/// The pattern for a part, from its shape and material.
pub fn pattern(part: &Part) -> Pattern {
    let sphere = matches!(part.shape, Shape::Sphere { .. });
    match (part.material, sphere) {
        (Material::Rubber, true) => Pattern::Basketball,
        (Material::Leather, true) => Pattern::SoccerBall,
        (Material::Resin, true) => Pattern::Spot,
        (Material::Felt, false) => Pattern::Felt,
        (Material::Water, false) => Pattern::Water,
        // Walls and buildings of stone: tall boxes are brickwork.
        (Material::Stone, false) => match part.shape {
            Shape::Cuboid { half_extents }
                // Wall-sized: on a whole building, bricks would shimmer below a pixel.
                if (0.4..3.0).contains(&half_extents[1])
                    && part.rotation == [0.0, 0.0, 0.0, 1.0] =>
            {
                Pattern::Brick
            }
            _ => Pattern::Plain,
        },
        (Material::Wood, false) => match part.shape {
            Shape::Cuboid { half_extents } if half_extents[0] < 0.01 => Pattern::Dots,
            Shape::Cuboid { half_extents }
                if half_extents
                    .iter()
                    .all(|h| (h - half_extents[0]).abs() < 1e-4)
                    && half_extents[0] > 0.1 =>
            {
                Pattern::Crate
            }
            _ => Pattern::Plain,
        },
        _ => Pattern::Plain,
    }
}

/// Roughness and metalness of a material in a colour. Metal in a clear colour, or in
/// white, is painted (a crane, a hoop's rim, an airliner): a glossy coat, not bare metal.
pub fn surface(material: Material, color: Color) -> (f32, f32) {
    match material {
        Material::Metal if is_paint(color) => (0.35, 0.0),
        Material::Metal => (0.3, 1.0),
        Material::Glass => (0.05, 0.0),
        Material::Light => (0.4, 0.0),
        Material::Resin => (0.12, 0.0),
        Material::Ceramic => (0.2, 0.0),
        Material::Plastic => (0.45, 0.0),
        Material::Rubber | Material::Leather => (0.65, 0.0),
        Material::Wood => (0.55, 0.0),
        Material::Ice | Material::Water => (0.08, 0.0),
        _ => (0.9, 0.0),
    }
}

/// Whether a colour is a paint's rather than bare metal's: clearly coloured, or white.
fn is_paint(color: Color) -> bool {
    let [r, g, b] = [color.r, color.g, color.b].map(f32::from);
    let (max, min) = (r.max(g).max(b), r.min(g).min(b));
    (max > 0.0 && (max - min) / max > 0.3) || min > 225.0
}

/// A static part of the set, with its pattern.
pub struct SetPiece {
    /// The part, in world coordinates.
    pub part: Part,
    /// Its pattern.
    pub pattern: Pattern,
}

fn piece(
    shape: Shape,
    offset: [f32; 3],
    material: Material,
    color: Color,
    pattern: Pattern,
) -> SetPiece {
    SetPiece {
        part: Part {
            shape,
            offset,
            rotation: [0.0, 0.0, 0.0, 1.0],
            material,
            color,
            collides: true,
            limb: None,
        },
        pattern,
    }
}

/// The set for a setting: ground and surroundings.
pub fn set_pieces(setting: Setting) -> Vec<SetPiece> {
    let ground_pattern = match setting {
        Setting::BasketballCourt => Pattern::Court,
        Setting::BowlingAlley => Pattern::Lane,
        Setting::Room => Pattern::Planks,
        Setting::Field | Setting::Park => Pattern::Grass,
        Setting::Street => Pattern::Asphalt,
        Setting::Snowfield => Pattern::Snow,
        Setting::IceRink => Pattern::Plain,
        Setting::Lake => Pattern::Water,
        Setting::Beach => Pattern::Sand,
        Setting::Moon => Pattern::Regolith,
        Setting::Studio => Pattern::Plain,
    };
    let mut pieces = vec![piece(
        Shape::Cuboid {
            half_extents: [150.0, 0.5, 150.0],
        },
        [0.0, -0.5, 0.0],
        setting.ground_material(),
        ground_color(setting),
        ground_pattern,
    )];
    pieces.extend(setting.walls().into_iter().map(|part| SetPiece {
        part,
        pattern: Pattern::Plain,
    }));
    if setting == Setting::BowlingAlley {
        // Gutters either side of the lane.
        for z in [0.65, -0.65] {
            pieces.push(piece(
                Shape::Cuboid {
                    half_extents: [20.0, 0.02, 0.12],
                },
                [0.0, -0.01, z],
                Material::Plastic,
                Color::rgb(40, 40, 46),
                Pattern::Plain,
            ));
        }
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;
    use scene::{Archetype, Entity};

    fn patterns(name: &str) -> Vec<Pattern> {
        Entity::new("x", Archetype::from_name(name).unwrap(), [0.0; 3])
            .parts()
            .iter()
            .map(pattern)
            .collect()
    }

    #[test]
    fn coloured_or_white_metal_is_painted_and_grey_metal_is_bare() {
        let metalness = |name: &str| {
            let e = Entity::new("x", Archetype::from_name(name).unwrap(), [0.0; 3]);
            let parts = e.parts();
            let part = parts
                .iter()
                .find(|p| p.material == Material::Metal)
                .unwrap();
            surface(part.material, part.color).1
        };
        assert_eq!(metalness("crane"), 0.0, "a yellow crane is painted");
        assert_eq!(metalness("airplane"), 0.0, "a white airliner is painted");
        assert_eq!(metalness("bowl"), 1.0, "a steel bowl is bare metal");
    }

    #[test]
    fn surfaces_get_the_patterns_of_what_they_are() {
        assert!(patterns("wall").contains(&Pattern::Brick));
        assert!(patterns("house").contains(&Pattern::Brick));
        assert!(!patterns("building").contains(&Pattern::Brick));
        assert!(patterns("puddle").contains(&Pattern::Water));
        assert!(!patterns("boulder").contains(&Pattern::Brick));
        let ground = |s: Setting| set_pieces(s)[0].pattern;
        assert_eq!(ground(Setting::Lake), Pattern::Water);
        assert_eq!(ground(Setting::Park), Pattern::Grass);
        assert_eq!(ground(Setting::Street), Pattern::Asphalt);
    }

    #[test]
    fn weather_greys_the_sky_and_haze_thins_for_distant_views() {
        let clear = look(Setting::Park, TimeOfDay::Day);
        let near = weathered(clear, Weather::Clear, false, 10.0);
        let far = weathered(clear, Weather::Clear, false, 100.0);
        assert!(far.fog_density < near.fog_density);
        let fog = weathered(clear, Weather::Fog, false, 10.0);
        assert!(fog.fog_density > 5.0 * near.fog_density);
        let storm = weathered(clear, Weather::Storm, false, 10.0);
        assert!(storm.sky_zenith.iter().sum::<f32>() < clear.sky_zenith.iter().sum::<f32>());
        // Indoors the weather stays outside.
        let room = look(Setting::Room, TimeOfDay::Day);
        assert_eq!(
            weathered(room, Weather::Storm, true, 10.0).sky_zenith,
            room.sky_zenith
        );
    }
}
