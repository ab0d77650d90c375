//! What the planner understands: each word or phrase it can honour, and what it means.

use self::{Event as E, Film as F};
use scene::{Archetype, Color, Material, Setting, TimeOfDay};

/// The meaning of a recognized word or phrase.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Meaning {
    /// A thing to put in the world.
    Object(Archetype),
    /// A person.
    Person,
    /// Where it happens.
    Place(Setting),
    /// When it happens.
    Time(TimeOfDay),
    /// A colour.
    Colour(Color),
    /// What something is made of.
    Made(Material),
    /// A size relative to natural.
    Size(f32),
    /// How many.
    Count(u32),
    /// Something happening that the planner stages.
    Event(Event),
    /// A word about how it is filmed.
    Film(Film),
    /// A direction for the sound.
    Sound(scene::SoundKind),
    /// The mood of the music asked for ("upbeat", "sad").
    Mood(scene::Mood),
    /// The weather.
    Weather(scene::Weather),
    /// A physical word the simulation honours by itself (bounce, roll, rest).
    Physics,
    /// How hard or gently the main action is done (1 is normal).
    Strength(f32),
}

/// Events the planner stages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// Shooting at a hoop.
    Shoot,
    /// Failing: a missed shot.
    Miss,
    /// Scoring: a made shot.
    Make,
    /// A push or knock.
    Push,
    /// Rolling something along.
    Roll,
    /// Dropping or falling from a height.
    Drop,
    /// Kicking or striking with a ball.
    Kick,
    /// Throwing.
    Throw,
    /// Collapsing or toppling a stack.
    Collapse,
    /// Colliding with each other.
    Collide,
}

/// Filming words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Film {
    /// Close on the subject.
    CloseUp,
    /// Wide framing.
    Wide,
    /// From above.
    Aerial,
    /// From below.
    Low,
    /// The camera follows.
    Follow,
    /// The camera circles.
    Orbit,
}

/// Multi-word phrases, longest first within each entry's first word.
pub const PHRASES: &[(&str, Meaning)] = &[
    ("basketball player", Meaning::Person),
    ("soccer player", Meaning::Person),
    ("soccer ball", Meaning::Object(Archetype::SoccerBall)),
    ("bowling ball", Meaning::Object(Archetype::BowlingBall)),
    ("bowling pins", Meaning::Object(Archetype::Pin)),
    ("bowling pin", Meaning::Object(Archetype::Pin)),
    ("bowling alley", Meaning::Place(Setting::BowlingAlley)),
    ("bowling lane", Meaning::Place(Setting::BowlingAlley)),
    ("billiard balls", Meaning::Object(Archetype::BilliardBall)),
    ("billiard ball", Meaning::Object(Archetype::BilliardBall)),
    ("pool balls", Meaning::Object(Archetype::BilliardBall)),
    ("pool ball", Meaning::Object(Archetype::BilliardBall)),
    ("cue ball", Meaning::Object(Archetype::BilliardBall)),
    ("pool table", Meaning::Object(Archetype::PoolTable)),
    ("billiard table", Meaning::Object(Archetype::PoolTable)),
    ("golf ball", Meaning::Object(Archetype::GolfBall)),
    ("tennis ball", Meaning::Object(Archetype::TennisBall)),
    ("basketball court", Meaning::Place(Setting::BasketballCourt)),
    ("free-throw line", Meaning::Object(Archetype::Hoop)),
    ("free throw line", Meaning::Object(Archetype::Hoop)),
    ("three-point line", Meaning::Object(Archetype::Hoop)),
    ("living room", Meaning::Place(Setting::Room)),
    ("city street", Meaning::Place(Setting::Street)),
    ("snowy field", Meaning::Place(Setting::Snowfield)),
    ("close-up", Meaning::Film(F::CloseUp)),
    ("close up", Meaning::Film(F::CloseUp)),
    ("wide shot", Meaning::Film(F::Wide)),
    ("aerial shot", Meaning::Film(F::Aerial)),
    ("bird's-eye view", Meaning::Film(F::Aerial)),
    ("low angle", Meaning::Film(F::Low)),
    ("tracking shot", Meaning::Film(F::Follow)),
    ("knocks over", Meaning::Event(E::Push)),
    ("knock over", Meaning::Event(E::Push)),
    ("knocked over", Meaning::Event(E::Push)),
    ("falls over", Meaning::Event(E::Collapse)),
    ("fall over", Meaning::Event(E::Collapse)),
    ("from the sky", Meaning::Event(E::Drop)),
    ("one after another", Meaning::Physics),
    ("one after the other", Meaning::Physics),
    ("in a row", Meaning::Physics),
    ("come to rest", Meaning::Physics),
    ("comes to rest", Meaning::Physics),
    ("coming to rest", Meaning::Physics),
    ("back and forth", Meaning::Physics),
    ("side by side", Meaning::Physics),
    ("a dozen", Meaning::Count(12)),
    ("old man", Meaning::Person),
    ("old woman", Meaning::Person),
    ("old lady", Meaning::Person),
    ("little girl", Meaning::Person),
    ("little boy", Meaning::Person),
    ("young woman", Meaning::Person),
    ("young man", Meaning::Person),
];

/// Single words.
pub fn word(w: &str) -> Option<Meaning> {
    use Meaning::*;
    if let Some(c) = Color::named(w) {
        return Some(Colour(c));
    }
    if let Some(n) = number(w) {
        return Some(Count(n));
    }
    Some(match w {
        "ball" | "balls" => Object(Archetype::Ball),
        "basketball" | "basketballs" => Object(Archetype::Basketball),
        "football" | "footballs" => Object(Archetype::SoccerBall),
        "marble" | "marbles" => Object(Archetype::Marble),
        "cube" | "cubes" | "box" | "boxes" => Object(Archetype::Cube),
        "crate" | "crates" => Object(Archetype::Crate),
        "block" | "blocks" | "brick" | "bricks" => Object(Archetype::Block),
        "domino" | "dominoes" | "dominos" => Object(Archetype::Domino),
        "pin" | "pins" | "skittles" => Object(Archetype::Pin),
        "ramp" | "slope" | "incline" => Object(Archetype::Ramp),
        "bowl" | "bowls" => Object(Archetype::Bowl),
        "table" | "desk" => Object(Archetype::Table),
        "hoop" | "basket" | "backboard" | "rim" => Object(Archetype::Hoop),
        "player" | "man" | "woman" | "person" | "girl" | "boy" | "kid" | "child" | "athlete"
        | "someone" | "he" | "she" | "lady" | "guy" | "mother" | "father" | "mom" | "dad"
        | "grandma" | "grandpa" | "grandmother" | "grandfather" | "teenager" | "toddler" => Person,
        "court" | "gym" | "gymnasium" => Place(Setting::BasketballCourt),
        "lane" | "alley" => Place(Setting::BowlingAlley),
        "room" | "floor" | "kitchen" | "indoors" => Place(Setting::Room),
        "field" | "pitch" | "grass" | "lawn" | "meadow" => Place(Setting::Field),
        "park" => Place(Setting::Park),
        "street" | "road" | "asphalt" => Place(Setting::Street),
        "snow" | "snowy" | "snowfield" => Place(Setting::Snowfield),
        "moon" | "lunar" => Place(Setting::Moon),
        "beach" | "sand" | "sandy" => Place(Setting::Beach),
        "studio" | "pedestal" => Place(Setting::Studio),
        "dawn" | "sunrise" | "morning" => Time(TimeOfDay::Dawn),
        "day" | "noon" | "daytime" | "afternoon" | "sunny" => Time(TimeOfDay::Day),
        "sunset" | "dusk" | "evening" => Time(TimeOfDay::Sunset),
        "night" | "midnight" | "dark" => Time(TimeOfDay::Night),
        "wooden" | "wood" => Made(Material::Wood),
        "metal" | "steel" | "iron" | "metallic" => Made(Material::Metal),
        "glass" => Made(Material::Glass),
        "rubber" => Made(Material::Rubber),
        "plastic" => Made(Material::Plastic),
        "stone" | "rock" | "concrete" => Made(Material::Stone),
        "ceramic" | "porcelain" => Made(Material::Ceramic),
        "leather" => Made(Material::Leather),
        "tiny" => Size(0.4),
        "small" | "little" => Size(0.6),
        "big" | "large" => Size(1.6),
        "huge" | "giant" | "enormous" => Size(2.5),
        "shoot" | "shoots" | "shot" | "shooting" => Event(E::Shoot),
        "miss" | "misses" | "missed" | "missing" => Event(E::Miss),
        "score" | "scores" | "makes" | "sinks" | "swish" => Event(E::Make),
        "push" | "pushes" | "pushed" | "knock" | "knocks" | "tap" | "taps" | "tapped" | "nudge"
        | "nudged" | "flick" => Event(E::Push),
        "roll" | "rolls" | "rolled" | "rolling" => Event(E::Roll),
        "drop" | "drops" | "dropped" | "falls" | "fall" | "falling" | "fell" | "released" => {
            Event(E::Drop)
        }
        "kick" | "kicks" | "kicked" | "hits" | "hit" | "strikes" | "slams" | "smashes" => {
            Event(E::Kick)
        }
        "throw" | "throws" | "threw" | "tosses" | "toss" => Event(E::Throw),
        "collapse" | "collapses" | "topple" | "topples" | "wobbles" | "tumbles" => {
            Event(E::Collapse)
        }
        "collide" | "collides" | "crash" | "crashes" | "clack" => Event(E::Collide),
        "bounce" | "bounces" | "bouncing" | "bounced" | "rebounds" | "land" | "lands"
        | "landing" | "rest" | "rests" | "stops" | "slides" | "slide" | "stand" | "stands"
        | "standing" | "sit" | "sits" | "lies" | "away" | "off" | "end" | "corners" | "corner"
        | "opposite" | "bottom" | "top" | "first" | "last" | "row" | "line" | "another"
        | "down" | "across" | "times" | "once" | "twice" | "each" | "every" | "edge"
        | "floor's" | "ground" | "air" | "sky" | "still" | "side" | "pocket" | "pockets"
        | "tower" | "stack" | "pile" | "tall" => Physics,
        "slowly" | "gently" | "softly" | "lightly" => Strength(0.6),
        "hard" | "quickly" | "fast" | "powerful" | "forcefully" => Strength(1.5),
        "closeup" => Film(F::CloseUp),
        "wide" => Film(F::Wide),
        "aerial" | "overhead" | "above" => Film(F::Aerial),
        "follow" | "follows" | "tracking" | "tracks" => Film(F::Follow),
        "orbit" | "orbits" | "circling" => Film(F::Orbit),
        "quiet" | "silent" | "silence" => Sound(scene::SoundKind::Quiet),
        "music" | "soundtrack" | "song" | "tune" | "melody" | "piano" | "guitar" | "orchestra"
        | "orchestral" | "drums" => Sound(scene::SoundKind::Music),
        "crowd" | "audience" | "fans" | "spectators" | "cheer" | "cheers" | "cheering"
        | "applause" | "applauds" | "applaud" | "boo" | "boos" | "groans" => {
            Sound(scene::SoundKind::Crowd)
        }
        "ambience" | "ambient" | "fire" | "campfire" | "fireplace" | "bonfire" | "crackling"
        | "engine" | "motor" | "idling" => Sound(scene::SoundKind::Ambience),
        "upbeat" | "happy" | "cheerful" | "joyful" | "lively" | "energetic" => {
            Mood(scene::Mood::Upbeat)
        }
        "sad" | "melancholy" | "melancholic" | "somber" | "sombre" | "mournful" => {
            Mood(scene::Mood::Sad)
        }
        "calm" | "peaceful" | "relaxing" | "soothing" | "gentle" => Mood(scene::Mood::Calm),
        "tense" | "suspenseful" | "ominous" | "eerie" | "creepy" | "scary" => {
            Mood(scene::Mood::Tense)
        }
        "epic" | "heroic" | "triumphant" | "dramatic" => Mood(scene::Mood::Epic),
        "rain" | "rains" | "raining" | "rainy" | "drizzle" | "downpour" => {
            Weather(scene::Weather::Rain)
        }
        "snowing" | "snowfall" | "snows" | "snowflakes" => Weather(scene::Weather::Snow),
        "fog" | "foggy" | "mist" | "misty" | "haze" | "hazy" => Weather(scene::Weather::Fog),
        "wind" | "windy" | "breeze" | "breezy" | "gusty" | "gusts" => Weather(scene::Weather::Wind),
        "storm" | "stormy" | "thunder" | "thunderstorm" | "lightning" => {
            Weather(scene::Weather::Storm)
        }
        _ => return None,
    })
}

/// "three", "10", "twelve".
pub fn number(w: &str) -> Option<u32> {
    if let Ok(n) = w.parse::<u32>() {
        return (1..=50).contains(&n).then_some(n);
    }
    const WORDS: [&str; 20] = [
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    WORDS.iter().position(|x| *x == w).map(|i| i as u32 + 1)
}

/// Words that carry no content of their own.
pub fn is_function_word(w: &str) -> bool {
    const STOP: &[&str] = &[
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "of",
        "on",
        "onto",
        "in",
        "into",
        "inside",
        "from",
        "to",
        "toward",
        "towards",
        "with",
        "at",
        "by",
        "its",
        "it",
        "it's",
        "they",
        "them",
        "their",
        "his",
        "her",
        "this",
        "that",
        "these",
        "those",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "then",
        "before",
        "after",
        "while",
        "as",
        "so",
        "very",
        "up",
        "out",
        "over",
        "under",
        "all",
        "both",
        "other",
        "there",
        "here",
        "just",
        "again",
        "some",
        "for",
        "when",
        "where",
        "which",
        "who",
        "has",
        "have",
        "had",
        "does",
        "do",
        "did",
        "not",
        "no",
        "one",
        "ones",
        "itself",
        "themselves",
        "between",
        "against",
    ];
    STOP.contains(&w)
}
