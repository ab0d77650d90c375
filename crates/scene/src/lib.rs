//! The Scene program: a plain, versioned, serde description of a short film.
//!
//! A `Scene` says what world to build (environment and entities), who is in it (cast),
//! what happens when (actions, dialogue, sound directions) and how it is filmed (shots).
//! Every later stage reads it; none writes it. [`Scene::validate`] checks a scene that a
//! user wrote or edited and names the field and the fix for every problem.

mod archetype;
mod catalog;
mod color;
pub mod limits;
mod machines;
mod person;
mod validate;

pub use archetype::{
    Archetype, Limb, MOUTH_RADIUS, Part, RIM_HEIGHT, RIM_OFFSET, RIM_RADIUS, Shape, axis_angle,
    quat_mul,
};
pub use catalog::{Body, Class, Kind, KindInfo};
pub use color::Color;
pub use person::{Bottom, ClothPattern, Expression, FacialHair, Hair, Headwear, PersonLook, Top};
pub use validate::ValidationError;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The Scene format version this build reads and writes.
pub const SCENE_VERSION: u32 = 1;

/// Shortest and longest clip, in seconds.
pub const DURATION_RANGE: (f32, f32) = (1.0, 20.0);

/// A complete scene program.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scene {
    /// Format version; must equal the version this build understands (1).
    pub version: u32,
    /// Length of the film in seconds (1 to 20).
    pub duration: f32,
    /// Where and when the scene takes place.
    #[serde(default)]
    pub environment: Environment,
    /// Every object and character in the world.
    #[serde(default)]
    pub entities: Vec<Entity>,
    /// The characters, each backed by an entity.
    #[serde(default)]
    pub cast: Vec<CastMember>,
    /// Camera shots in time order; the first starts at 0. Omitted: one wide shot.
    #[serde(default = "one_shot")]
    pub shots: Vec<Shot>,
    /// Timed things that happen: shots at a hoop, pushes, drops, kicks.
    #[serde(default)]
    pub actions: Vec<Action>,
    /// Lines of dialogue with their speaker.
    #[serde(default)]
    pub dialogue: Vec<DialogueLine>,
    /// Directions for the sound track.
    #[serde(default)]
    pub sounds: Vec<SoundDirection>,
}

/// The setting and its light.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct Environment {
    /// The place: decides the ground, the surroundings and the ambience.
    #[serde(default)]
    pub setting: Setting,
    /// Time of day: decides the sun and the sky.
    #[serde(default)]
    pub time_of_day: TimeOfDay,
    /// Gravity in m/s² (9.81 on Earth, 1.62 on the Moon). Omit for the setting's own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gravity: Option<f32>,
    /// The weather: heard in the ambience (and, outdoors, seen).
    #[serde(default)]
    pub weather: Weather,
    /// The picture's style.
    #[serde(default, skip_serializing_if = "Style::is_cinematic")]
    pub style: Style,
}

/// How the picture looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum Style {
    /// Natural colour and light.
    #[default]
    Cinematic,
    /// Flat bands of colour with dark outlines.
    Cartoon,
    /// Soft, warm, matte, like modelling clay.
    Clay,
    /// Black and white, high contrast.
    Noir,
    /// Soft washes of colour on paper.
    Watercolor,
    /// Big square pixels and a small palette.
    PixelArt,
}

impl Style {
    /// Whether this is the default style.
    pub fn is_cinematic(&self) -> bool {
        *self == Style::Cinematic
    }
}

/// Weather.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum Weather {
    /// Fair weather.
    #[default]
    Clear,
    /// Steady rain.
    Rain,
    /// Falling snow.
    Snow,
    /// Fog or mist.
    Fog,
    /// A strong, gusting wind.
    Wind,
    /// Heavy rain, wind and thunder.
    Storm,
}

impl Environment {
    /// Gravity in m/s², taking the setting's default when none is given.
    pub fn gravity(&self) -> f32 {
        self.gravity.unwrap_or(match self.setting {
            Setting::Moon => 1.62,
            _ => 9.81,
        })
    }
}

/// A place the scene can be set in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum Setting {
    /// A seamless studio backdrop.
    #[default]
    Studio,
    /// An indoor basketball court with a hardwood floor.
    BasketballCourt,
    /// A bowling alley lane.
    BowlingAlley,
    /// A room with a wooden floor.
    Room,
    /// A grass field.
    Field,
    /// A park lawn.
    Park,
    /// An asphalt city street.
    Street,
    /// A snowy field.
    Snowfield,
    /// The surface of the Moon.
    Moon,
    /// A sandy beach.
    Beach,
    /// An outdoor ice rink.
    IceRink,
    /// Open water: a lake or the sea, its surface still enough to float on.
    Lake,
}

impl Setting {
    /// Every setting, for listings and vocabulary.
    pub const ALL: [Setting; 12] = [
        Setting::Studio,
        Setting::BasketballCourt,
        Setting::BowlingAlley,
        Setting::Room,
        Setting::Field,
        Setting::Park,
        Setting::Street,
        Setting::Snowfield,
        Setting::Moon,
        Setting::Beach,
        Setting::IceRink,
        Setting::Lake,
    ];

    /// The material of the ground in this setting.
    pub fn ground_material(self) -> Material {
        match self {
            Setting::Studio => Material::Plastic,
            Setting::BasketballCourt | Setting::BowlingAlley | Setting::Room => Material::Wood,
            Setting::Field | Setting::Park => Material::Grass,
            Setting::Street => Material::Asphalt,
            Setting::Snowfield => Material::Snow,
            Setting::Moon => Material::Stone,
            Setting::Beach => Material::Sand,
            Setting::IceRink => Material::Ice,
            Setting::Lake => Material::Water,
        }
    }

    /// The walls around the setting (in world coordinates): drawn by the renderer, and
    /// solid in the simulation, so what flies off bounces back as it would.
    pub fn walls(self) -> Vec<Part> {
        let wall = |half: [f32; 3], at: [f32; 3], color: Color| {
            archetype::part(
                Shape::Cuboid { half_extents: half },
                at,
                Material::Stone,
                color,
            )
        };
        match self {
            Setting::Studio => vec![wall(
                [40.0, 20.0, 0.5],
                [0.0, 20.0, -14.0],
                Color::rgb(200, 200, 204),
            )],
            Setting::BasketballCourt => {
                let c = Color::rgb(120, 118, 125);
                vec![
                    wall([45.0, 9.0, 0.5], [10.0, 9.0, -22.0], c),
                    wall([45.0, 9.0, 0.5], [10.0, 9.0, 40.0], c),
                    wall(
                        [0.5, 9.0, 45.0],
                        [-12.0, 9.0, 10.0],
                        Color::rgb(60, 70, 110),
                    ),
                    wall([0.5, 9.0, 45.0], [45.0, 9.0, 10.0], c),
                ]
            }
            Setting::BowlingAlley => vec![
                wall([40.0, 4.0, 0.5], [0.0, 4.0, -5.0], Color::rgb(40, 30, 70)),
                wall([0.5, 4.0, 20.0], [22.0, 4.0, 0.0], Color::rgb(20, 20, 30)),
            ],
            Setting::Room => {
                let c = Color::rgb(214, 206, 190);
                vec![
                    wall([16.0, 3.0, 0.2], [0.0, 3.0, -9.0], c),
                    wall([0.2, 3.0, 16.0], [-11.0, 3.0, 0.0], c),
                    wall([0.2, 3.0, 16.0], [11.0, 3.0, 0.0], c),
                ]
            }
            // The rink's boards, white with a red rail line.
            Setting::IceRink => {
                let c = Color::rgb(236, 238, 240);
                vec![
                    wall([30.0, 0.55, 0.1], [0.0, 0.55, -15.0], c),
                    wall([30.0, 0.55, 0.1], [0.0, 0.55, 15.0], c),
                    wall([0.1, 0.55, 15.0], [-30.0, 0.55, 0.0], c),
                    wall([0.1, 0.55, 15.0], [30.0, 0.55, 0.0], c),
                    wall(
                        [30.0, 0.04, 0.12],
                        [0.0, 1.12, -15.0],
                        Color::rgb(190, 30, 40),
                    ),
                ]
            }
            _ => Vec::new(),
        }
    }

    /// Whether the setting is indoors (lit by ceiling lights, no open sky).
    pub fn indoors(self) -> bool {
        matches!(
            self,
            Setting::Studio | Setting::BasketballCourt | Setting::BowlingAlley | Setting::Room
        )
    }
}

/// Time of day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum TimeOfDay {
    /// Early morning light.
    Dawn,
    /// Bright daylight.
    #[default]
    Day,
    /// Low, warm sun.
    Sunset,
    /// Dark sky, lamps on.
    Night,
}

/// What something is made of: decides its look, how it bounces and slides, and its sound.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Material {
    /// Bouncy rubber (balls, tyres).
    Rubber,
    /// Wood (floors, crates, dominoes, pins).
    Wood,
    /// Glass (marbles, backboards).
    Glass,
    /// Metal (rims, bowls, poles).
    Metal,
    /// Hard plastic.
    Plastic,
    /// Stone or rock.
    Stone,
    /// Glazed ceramic (cups, plates).
    Ceramic,
    /// Leather (soccer balls).
    Leather,
    /// Felt cloth (pool tables).
    Felt,
    /// Polished resin (billiard and bowling balls).
    Resin,
    /// Fabric and skin: characters.
    Cloth,
    /// Grass turf.
    Grass,
    /// Asphalt road.
    Asphalt,
    /// Packed snow.
    Snow,
    /// Sand.
    Sand,
    /// Paper and cardboard.
    Paper,
    /// Bare skin and flesh.
    Flesh,
    /// Water (a splash, not a bounce).
    Water,
    /// Ice.
    Ice,
    /// A glowing surface that gives off light of its colour: lamps, screens, sparks.
    Light,
}

/// One object or character in the world.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Entity {
    /// Unique name that actions, shots and the cast refer to (letters, digits, `_`, `-`).
    pub id: String,
    /// What kind of thing it is; decides its shape and defaults.
    pub archetype: Archetype,
    /// Surface colour as `#rrggbb`; omit for the archetype's own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<Color>,
    /// Scale relative to the archetype's natural size (1.0 = natural; 0.05 to 20).
    #[serde(default = "one")]
    pub size: f32,
    /// Material; omit for the archetype's own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub material: Option<Material>,
    /// What a placeholder stands for ("giraffe"); omitted for other archetypes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The model from the furniture catalogue that draws it, when not its kind's own (a
    /// teapot drawn for a kettle) or when no kind describes it (archetype `model`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<CatalogModel>,
    /// Position in metres of the entity's base (x right, y up, z towards the default camera).
    pub position: [f32; 3],
    /// Rotation in degrees about x, y and z, applied in that order.
    #[serde(default)]
    pub rotation: [f32; 3],
    /// Velocity in m/s at the start.
    #[serde(default)]
    pub velocity: [f32; 3],
    /// Angular velocity in radians per second at the start.
    #[serde(default)]
    pub spin: [f32; 3],
    /// True for things that never move (a hoop, a ramp); characters are always animated.
    #[serde(default)]
    pub fixed: bool,
    /// For a person: how they look. Omitted traits are chosen from the id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub look: Option<PersonLook>,
}

fn one() -> f32 {
    1.0
}

fn one_shot() -> Vec<Shot> {
    vec![Shot {
        start: 0.0,
        camera: Camera::default(),
        speed: 1.0,
    }]
}

impl Entity {
    /// A new entity of the given archetype at a position, with natural size and defaults.
    pub fn new(id: impl Into<String>, archetype: Archetype, position: [f32; 3]) -> Self {
        Entity {
            id: id.into(),
            archetype,
            color: None,
            size: 1.0,
            material: None,
            label: None,
            model: None,
            position,
            rotation: [0.0; 3],
            velocity: [0.0; 3],
            spin: [0.0; 3],
            fixed: archetype.is_fixture(),
            look: None,
        }
    }

    /// The material in effect: the entity's own or the archetype's default.
    pub fn material(&self) -> Material {
        self.material.unwrap_or(self.archetype.default_material())
    }

    /// The colour in effect: the entity's own or the archetype's default.
    pub fn color(&self) -> Color {
        self.color.unwrap_or(self.archetype.default_color())
    }

    /// The rigid parts that make up this entity, in its local frame.
    pub fn parts(&self) -> Vec<Part> {
        archetype::parts(self)
    }
}

/// A model from the furniture catalogue (see `diorama assets`) that draws an entity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CatalogModel {
    /// Its catalogue id (`Scopia#teapot`).
    pub id: String,
    /// Its natural length (x, front to back), height (y) and width (z) in metres: the
    /// box an entity of archetype `model` fills and collides as.
    pub size: [f32; 3],
}

impl CatalogModel {
    /// Whether it is big furniture that stays where it is put (a wardrobe, a piano).
    pub fn is_fixture(&self) -> bool {
        self.size.iter().product::<f32>() > 0.4
    }
}

/// A character: an entity with a role in the story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CastMember {
    /// The entity that is this character (a `person`).
    pub entity: String,
    /// How the prompt described them ("a basketball player").
    pub description: String,
    /// A cameo handle (`@alice`) the platform resolves to a verified likeness.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cameo: Option<String>,
}

/// One camera shot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Shot {
    /// Start time in seconds; the shot lasts until the next shot or the end.
    pub start: f32,
    /// How the camera films this shot.
    #[serde(default)]
    pub camera: Camera,
    /// Playback speed: 1 is real time, 0.25 is four times slower (slow motion); 0.1 to 1.
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub speed: f32,
}

fn is_one(v: &f32) -> bool {
    *v == 1.0
}

/// How a shot is filmed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Camera {
    /// Entity ids the camera keeps in frame; empty frames everything that moves.
    #[serde(default)]
    pub subjects: Vec<String>,
    /// How much of the world the frame shows.
    #[serde(default)]
    pub framing: Framing,
    /// Height of the camera relative to the subject.
    #[serde(default)]
    pub angle: Angle,
    /// How the camera moves during the shot.
    #[serde(default)]
    pub movement: Movement,
    /// Direction the camera looks from, in degrees around the vertical axis (0 = from +z).
    #[serde(default)]
    pub azimuth: f32,
    /// Vertical field of view in degrees (10 to 100).
    #[serde(default = "default_fov")]
    pub fov: f32,
    /// A locked-off camera at an exact place; omit to place the camera by the framing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placement: Option<Placement>,
}

/// Where a locked-off camera stands and what it looks at, in metres.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Placement {
    /// Position of the lens.
    pub eye: [f32; 3],
    /// The point looked at.
    pub target: [f32; 3],
}

fn default_fov() -> f32 {
    40.0
}

impl Default for Camera {
    fn default() -> Self {
        Camera {
            subjects: Vec::new(),
            framing: Framing::default(),
            angle: Angle::default(),
            movement: Movement::default(),
            azimuth: 0.0,
            fov: default_fov(),
            placement: None,
        }
    }
}

/// Shot size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum Framing {
    /// The whole place, subjects small.
    ExtremeWide,
    /// The subjects with room around them.
    #[default]
    Wide,
    /// The subjects fill most of the frame.
    Medium,
    /// Tight on the subject.
    CloseUp,
    /// A detail: closer than a close-up.
    ExtremeCloseUp,
}

/// Camera height.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum Angle {
    /// Level with the subject, slightly above.
    #[default]
    EyeLevel,
    /// Below the subject, looking up.
    Low,
    /// Above the subject, looking down.
    High,
    /// Far above, looking almost straight down.
    Aerial,
    /// From behind the subject, just above shoulder height, looking past them.
    OverTheShoulder,
    /// Point of view: through the eyes of the first subject, a person.
    Pov,
}

/// Camera motion within a shot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum Movement {
    /// Fixed camera framing the subjects' whole path.
    #[default]
    Static,
    /// The camera follows the subjects smoothly.
    Follow,
    /// The camera circles the subjects.
    Orbit,
    /// The camera moves in towards the subjects.
    DollyIn,
    /// The camera moves back away from the subjects.
    DollyOut,
    /// The camera stays put and turns from left to right across the scene.
    Pan,
    /// The camera stays put and tilts from low to high.
    Tilt,
    /// The camera slides sideways, left to right, keeping its direction.
    Truck,
    /// The camera rises as on a crane, looking down more as it goes.
    Crane,
    /// A hand-held camera: small, natural shake.
    Handheld,
}

/// Something that happens at a moment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Action {
    /// Time in seconds.
    pub at: f32,
    /// What happens.
    pub verb: Verb,
    /// Who does it (an entity id), if anyone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    /// The entity acted on (the ball, the first domino).
    pub object: String,
    /// Where it is sent (an entity id: the hoop, the pins), if anywhere.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// Whether it reaches the target.
    #[serde(default)]
    pub outcome: Outcome,
    /// How hard, relative to normal (0.1 to 5).
    #[serde(default = "one")]
    pub strength: f32,
}

/// What an action does to its object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Verb {
    /// The object is held still until the moment, then falls.
    Drop,
    /// The object is pushed at its top towards the target (or along +x).
    Push,
    /// The object is sent along the ground towards the target.
    Roll,
    /// The object is thrown in an arc at the target (a basketball shot).
    Shoot,
    /// The object is thrown in a flat arc at the target.
    Throw,
    /// The object is kicked towards the target.
    Kick,
    /// The object (a person, animal or toy) walks to the target, or ahead.
    Walk,
    /// The object runs to the target, or ahead.
    Run,
    /// The object jumps up where it stands.
    Jump,
    /// The object (a vehicle) drives to the target, or ahead.
    Drive,
    /// The object flies to the target, or ahead, through the air.
    Fly,
    /// The object swims or floats along to the target, or ahead.
    Swim,
    /// The object turns about its vertical axis (a product on a turntable).
    Spin,
    /// The object lifts off and climbs straight up (a rocket).
    Launch,
    /// The object breaks apart: shatters, bursts or explodes at the moment.
    Break,
    /// The actor waves.
    Wave,
    /// The actor points at the target.
    Point,
    /// The actor claps.
    Clap,
    /// The actor sits down.
    Sit,
    /// The actor stands up.
    Stand,
    /// The actor dances.
    Dance,
    /// The actor drinks from the object.
    Drink,
    /// The actor eats.
    Eat,
    /// The actor picks the object up.
    PickUp,
    /// The actor puts the object down.
    PutDown,
    /// The actor catches the object.
    Catch,
    /// The actor punches.
    Punch,
    /// The actor falls down.
    Fall,
    /// The actor bows.
    Bow,
    /// The actor nods.
    Nod,
    /// The actor looks at the target.
    Look,
    /// The actor turns around.
    Turn,
    /// The actor opens the object (a door, an umbrella).
    Open,
    /// The actor knocks on the object.
    Knock,
    /// The actor hugs the target.
    Hug,
    /// The actor juggles.
    Juggle,
    /// The actor swings the object (a bat, a racket).
    Swing,
    /// The actor climbs.
    Climb,
    /// The actor dives.
    Dive,
    /// The actor laughs.
    Laugh,
    /// The actor cries.
    Cry,
    /// The actor frowns.
    Frown,
    /// The actor smiles.
    Smile,
    /// The actor plays (an instrument, a game).
    Play,
    /// The actor sleeps.
    Sleep,
    /// The actor writes or draws.
    Write,
    /// The actor reads.
    Read,
    /// The actor cooks.
    Cook,
    /// The actor pours from the object.
    Pour,
}

impl Verb {
    /// Walking speed in m/s for verbs that carry their object along; None for others.
    pub fn travel_speed(self) -> Option<f32> {
        Some(match self {
            Verb::Walk => 1.4,
            Verb::Run => 4.5,
            Verb::Drive => 9.0,
            Verb::Fly => 6.0,
            Verb::Swim => 1.2,
            _ => return None,
        })
    }

    /// Whether the verb is something a body does with its limbs (a gesture).
    pub fn is_gesture(self) -> bool {
        !matches!(
            self,
            Verb::Drop
                | Verb::Push
                | Verb::Roll
                | Verb::Shoot
                | Verb::Throw
                | Verb::Kick
                | Verb::Spin
                | Verb::Launch
                | Verb::Break
        ) && self.travel_speed().is_none()
    }
}

/// Whether an action reaches its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// It reaches the target.
    #[default]
    Hit,
    /// It misses: for a shot, it hits the backboard or rim and bounces out.
    Miss,
}

/// A spoken line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DialogueLine {
    /// Time in seconds the line starts.
    pub at: f32,
    /// The entity id of the speaker.
    pub speaker: String,
    /// What they say.
    pub text: String,
    /// The feeling it is said with, shown on the speaker's face while they say it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emotion: Option<Expression>,
}

/// A direction for the sound track.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SoundDirection {
    /// What kind of direction.
    pub kind: SoundKind,
    /// The words it came from ("the crowd cheers").
    #[serde(default)]
    pub description: String,
    /// For music: its mood. Omit for a mood that suits the scene.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mood: Option<Mood>,
}

/// The mood of a piece of music.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Mood {
    /// Bright, quick and rhythmic, in a major key.
    Upbeat,
    /// Slow, in a minor key, on a piano.
    Sad,
    /// Slow and gentle, in a major key.
    Calm,
    /// Low, pulsing, in a minor key.
    Tense,
    /// Broad and driving, with drums.
    Epic,
}

/// Kinds of sound direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SoundKind {
    /// No ambience bed: only the sounds of events.
    Quiet,
    /// A louder ambience bed for the setting.
    Ambience,
    /// Background music.
    Music,
    /// A crowd reacting.
    Crowd,
}

impl Scene {
    /// An empty scene of the given duration with one wide shot.
    pub fn new(duration: f32) -> Self {
        Scene {
            version: SCENE_VERSION,
            duration,
            environment: Environment::default(),
            entities: Vec::new(),
            cast: Vec::new(),
            shots: one_shot(),
            actions: Vec::new(),
            dialogue: Vec::new(),
            sounds: Vec::new(),
        }
    }

    /// Parses and validates a scene from JSON text.
    pub fn from_json(text: &str) -> Result<Scene, ValidationError> {
        let scene: Scene = serde_json::from_str(text).map_err(ValidationError::from_json)?;
        scene.validate()?;
        Ok(scene)
    }

    /// The entity with this id.
    pub fn entity(&self, id: &str) -> Option<&Entity> {
        self.entities.iter().find(|e| e.id == id)
    }

    /// The JSON Schema of the Scene format.
    pub fn json_schema() -> serde_json::Value {
        serde_json::to_value(schemars::schema_for!(Scene)).expect("a schema is plain JSON")
    }
}
