//! How a person looks: body, face, hair and clothes as plain parameters. Every field is
//! optional; the `people` crate chooses what is left out from the entity's id, so two
//! undescribed people differ and each keeps one look across shots, remixes and extensions.

use crate::Color;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A person's look. What the prompt names is set; the rest is left for the `people`
/// crate to choose.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonLook {
    /// Age in years (1 to 90).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age: Option<f32>,
    /// 0 is female, 1 male; between blends the two.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<f32>,
    /// Height for their age and gender: 0 short, 0.5 average, 1 tall.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<f32>,
    /// Body weight: 0 thin, 0.5 average, 1 heavy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<f32>,
    /// Muscle: 0 slight, 0.5 average, 1 muscular.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub muscle: Option<f32>,
    /// Skin colour.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skin: Option<Color>,
    /// Hair style.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hair: Option<Hair>,
    /// Hair colour (also of the beard and brows).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hair_color: Option<Color>,
    /// Hair on the face.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub facial_hair: Option<FacialHair>,
    /// What they wear on top (a dress covers the legs too).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub top: Option<Top>,
    /// Colour of the top.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub top_color: Option<Color>,
    /// The top's pattern.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub top_pattern: Option<ClothPattern>,
    /// A number printed on the front and back of the top (0 to 99), as on a sports jersey.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<u32>,
    /// What they wear on their legs (unseen under a dress).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bottom: Option<Bottom>,
    /// Colour of the trousers, shorts or skirt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bottom_color: Option<Color>,
    /// The pattern of the trousers, shorts or skirt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bottom_pattern: Option<ClothPattern>,
    /// Colour of the shoes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shoes_color: Option<Color>,
    /// What they wear on their head.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headwear: Option<Headwear>,
    /// Colour of the headwear.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headwear_color: Option<Color>,
    /// Whether they wear glasses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub glasses: Option<bool>,
    /// A number that picks the shape of the face, the ethnic blend of its features and the
    /// colour of the eyes (the same number, the same face).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub face: Option<u32>,
    /// The feeling on their face when they are not speaking a line with its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expression: Option<Expression>,
}

/// Hair styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Hair {
    /// No hair.
    Bald,
    /// Clipped to a few millimetres.
    Buzz,
    /// Short all over.
    Short,
    /// Chin length, all round.
    Bob,
    /// Straight, past the shoulders.
    Long,
    /// Wavy, past the shoulders.
    Wavy,
    /// Curly and full all round (an afro).
    Curly,
    /// Drawn back into a tail.
    Ponytail,
    /// Drawn up into a bun at the back.
    Bun,
    /// Two braids hanging behind the shoulders.
    Braids,
}

impl Hair {
    /// Every style.
    pub const ALL: [Hair; 10] = [
        Hair::Bald,
        Hair::Buzz,
        Hair::Short,
        Hair::Bob,
        Hair::Long,
        Hair::Wavy,
        Hair::Curly,
        Hair::Ponytail,
        Hair::Bun,
        Hair::Braids,
    ];
}

/// Hair on the face.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FacialHair {
    /// Clean-shaven.
    None,
    /// A few days' growth over cheeks, chin and lip.
    Stubble,
    /// Over the upper lip.
    Moustache,
    /// Over the jaw, chin and upper lip.
    Beard,
}

/// Clothes on the upper body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Top {
    /// Short sleeves.
    TShirt,
    /// Long sleeves.
    Shirt,
    /// A long-sleeved sweatshirt with a hood lying behind the neck, a front pocket and
    /// drawstrings.
    Hoodie,
    /// A sleeveless jersey, as worn for basketball.
    Jersey,
    /// A jacket to the hips, open over a t-shirt.
    Jacket,
    /// A suit: a jacket open over a white shirt and a tie, trousers of the same cloth.
    Suit,
    /// A long-sleeved coat to the thighs (a raincoat, an overcoat, a lab coat).
    Coat,
    /// A dress: top and skirt in one.
    Dress,
}

/// Patterns printed or woven into clothes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ClothPattern {
    /// One colour.
    Plain,
    /// Horizontal stripes.
    Stripes,
    /// Checks (gingham, plaid).
    Checks,
    /// Polka dots.
    Dots,
}

/// Things worn on the head.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Headwear {
    /// Nothing.
    None,
    /// A peaked cap (baseball, police).
    Cap,
    /// A hat with a brim all round.
    Hat,
    /// A tall white chef's toque.
    ChefHat,
    /// A round helmet (a bicycle or construction helmet).
    Helmet,
    /// An astronaut's helmet: a bubble with a dark visor.
    SpaceHelmet,
}

/// Clothes on the legs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Bottom {
    /// Full length.
    Trousers,
    /// Above the knee.
    Shorts,
    /// A skirt to the knee.
    Skirt,
}

/// Feelings a face shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Expression {
    /// At rest.
    Neutral,
    /// A smile.
    Smile,
    /// Laughing: a wide smile, mouth open.
    Laugh,
    /// Sad: corners down, inner brows up.
    Sad,
    /// Angry: brows down, lips pressed.
    Angry,
    /// Surprised: brows up, eyes wide, jaw dropped.
    Surprised,
    /// Afraid: brows up and together, mouth stretched.
    Afraid,
}
