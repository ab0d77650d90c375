//! What the planner understands: each word or phrase it can honour, and what it means.
//!
//! The vocabulary has four sources: the hand-written words and phrases below (places,
//! times, colours, sizes, materials, filming, sound and weather words, people), the verb
//! table (each verb with its inflections), the scene catalogue (every kind of thing with
//! its synonyms and plurals) and a table of nouns the generator has no model for, each
//! with the closest kind it does have.

use self::{Event as E, Film as F};
use scene::{Angle, Archetype, Color, Framing, Kind, Material, Movement, Setting, TimeOfDay, Verb};
use std::collections::HashMap;
use std::sync::LazyLock;

/// The meaning of a recognized word or phrase.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Meaning {
    /// A thing to put in the world.
    Object(Archetype),
    /// A thing the generator has no model for, shown as the closest kind it has.
    Near(Archetype),
    /// A person.
    Person,
    /// Someone already in the story: "he", "she", "they".
    Pronoun,
    /// The thing last mentioned: "it".
    It,
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
    /// A physical event the planner stages.
    Event(Event),
    /// Something a character or thing does.
    Act(Verb),
    /// Where one thing is relative to another.
    Relation(Relation),
    /// Introduces where an action is aimed ("into", "at", "towards").
    Towards,
    /// Someone speaks the next quoted line.
    Say,
    /// How a line is said: the feeling it is said with ("angrily", "sadly").
    Manner(scene::Expression),
    /// A pattern on the clothes named next ("striped", "checked").
    Pattern(scene::ClothPattern),
    /// "Number": the number after it is printed on a top.
    Number,
    /// A word about how it is filmed.
    Film(Film),
    /// How the events follow each other.
    Order(Order),
    /// A duration unit after a number ("seconds").
    Seconds,
    /// A direction for the sound.
    Sound(scene::SoundKind),
    /// The mood of the music asked for ("upbeat", "sad").
    Mood(scene::Mood),
    /// The weather.
    Weather(scene::Weather),
    /// A physical word the simulation honours by itself (bounce, roll, rest).
    Physics,
    /// How hard or gently, quickly or slowly the action is done (1 is normal).
    Strength(f32),
    /// Facing the viewer ("at the camera").
    FacingCamera,
    /// Wearing: the next colour and piece of clothing describe the person.
    Wearing,
    /// The picture's style.
    Style(scene::Style),
    /// How a person looks or feels.
    Trait(Trait),
}

/// A trait of a person's look.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Trait {
    /// Age in years ("old", "teenage").
    Age(f32),
    /// Height for their age, 0 short to 1 tall.
    Height(f32),
    /// Body weight, 0 thin to 1 heavy.
    Weight(f32),
    /// Muscle, 0 slight to 1 muscular.
    Muscle(f32),
    /// "short" or "long": of the hair when "hair" follows, else of the body ("short").
    Length(bool),
    /// A hair style ("bald", "a bob").
    Hair(scene::Hair),
    /// The word "hair", which takes the colour and length before it.
    HairWord,
    /// A hair colour in one word ("blonde", "redhead").
    HairColour(Color),
    /// Hair on the face; takes the colour before it.
    Facial(scene::FacialHair),
    /// Glasses.
    Glasses,
    /// A top or dress; takes the colour before it.
    Top(scene::Top),
    /// Trousers, shorts or a skirt; takes the colour before it.
    Bottom(scene::Bottom),
    /// A feeling on the face.
    Feeling(scene::Expression),
    /// Something worn on the head; takes the colour before it.
    Headwear(scene::Headwear),
    /// A skin tone, 0 lightest to 1 darkest.
    Skin(f32),
}

/// Words for how a person looks or feels.
fn trait_word(w: &str) -> Option<Trait> {
    use Trait::*;
    use scene::{Bottom as B, Expression as X, FacialHair as F, Hair as H, Top as T};
    Some(match w {
        "old" | "elderly" | "aged" | "senior" | "grey-haired" | "gray-haired" => Age(72.0),
        "middle-aged" => Age(48.0),
        "teenage" | "teen" | "teenaged" | "adolescent" => Age(15.0),
        "tall" => Height(0.95),
        "short" => Length(false),
        "long" | "long-haired" => Length(true),
        "fat" | "heavy" | "chubby" | "overweight" | "plump" | "stout" | "heavyset" => Weight(0.95),
        "thin" | "skinny" | "slim" | "slender" | "lanky" | "skinny-legged" => Weight(0.08),
        "muscular" | "buff" | "brawny" | "burly" | "athletic" | "bodybuilder" => Muscle(0.95),
        "bald" | "bald-headed" | "hairless" => Hair(H::Bald),
        "buzzcut" | "buzz-cut" | "crew-cut" => Hair(H::Buzz),
        "bob" => Hair(H::Bob),
        "wavy" => Hair(H::Wavy),
        "curly" | "afro" | "curly-haired" | "frizzy" => Hair(H::Curly),
        "ponytail" | "pony-tail" => Hair(H::Ponytail),
        "bun" | "topknot" => Hair(H::Bun),
        "braids" | "braid" | "plaits" | "pigtails" | "braided" => Hair(H::Braids),
        "hair" | "haired" => HairWord,
        "blonde" | "blond" => HairColour(Color::rgb(215, 185, 120)),
        "brunette" => HairColour(Color::rgb(70, 45, 28)),
        "redhead" | "redheaded" | "ginger" => HairColour(Color::rgb(165, 62, 28)),
        "beard" | "bearded" => Facial(F::Beard),
        "moustache" | "mustache" | "moustached" | "mustached" => Facial(F::Moustache),
        "stubble" | "unshaven" => Facial(F::Stubble),
        "clean-shaven" => Facial(F::None),
        "glasses" | "spectacles" | "eyeglasses" | "bespectacled" => Glasses,
        "t-shirt" | "tshirt" | "tee" | "t-shirts" => Top(T::TShirt),
        "shirt" | "shirts" | "blouse" | "sweater" | "jumper" | "cardigan" => Top(T::Shirt),
        "hoodie" | "hoodies" | "sweatshirt" | "hooded" => Top(T::Hoodie),
        "jersey" | "jerseys" | "vest" | "tank-top" => Top(T::Jersey),
        "jacket" | "jackets" | "blazer" | "bomber" => Top(T::Jacket),
        "suit" | "suits" | "tuxedo" | "business-suit" => Top(T::Suit),
        "coat" | "raincoat" | "overcoat" | "parka" | "trench" | "lab-coat" => Top(T::Coat),
        "dress" | "gown" | "sundress" => Top(T::Dress),
        "skirt" | "miniskirt" => Bottom(B::Skirt),
        "shorts" => Bottom(B::Shorts),
        "trousers" | "pants" | "jeans" | "slacks" => Bottom(B::Trousers),
        "cap" | "caps" | "baseball-cap" => Headwear(scene::Headwear::Cap),
        "hat" | "hats" | "fedora" | "sunhat" | "cowboy-hat" => Headwear(scene::Headwear::Hat),
        "helmet" | "helmets" | "hardhat" => Headwear(scene::Headwear::Helmet),
        "smiling" | "grinning" | "beaming" => Feeling(X::Smile),
        "laughing" => Feeling(X::Laugh),
        "angry" | "furious" | "mad" | "annoyed" | "frowning" | "scowling" => Feeling(X::Angry),
        "crying" | "tearful" | "sobbing" | "weeping" | "upset" | "unhappy" => Feeling(X::Sad),
        "surprised" | "shocked" | "astonished" | "amazed" => Feeling(X::Surprised),
        "scared" | "frightened" | "afraid" | "terrified" | "fearful" => Feeling(X::Afraid),
        "pale" | "pale-skinned" | "fair-skinned" => Skin(0.03),
        "tanned" | "olive-skinned" => Skin(0.45),
        "dark-skinned" | "black-skinned" => Skin(0.85),
        _ => return None,
    })
}

/// Physical events the planner stages.
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

/// Where one thing is relative to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// Resting on top of.
    On,
    /// Underneath.
    Under,
    /// Beside, touching distance.
    NextTo,
    /// Nearer the camera.
    InFrontOf,
    /// Further from the camera.
    Behind,
    /// To the left, as the camera sees it.
    LeftOf,
    /// To the right, as the camera sees it.
    RightOf,
    /// Midway between two things.
    Between,
    /// Hanging above.
    Above,
    /// Inside a container.
    Inside,
    /// Tilted against the side of.
    LeaningAgainst,
}

/// Filming words.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Film {
    /// A shot size.
    Size(Framing),
    /// A camera height.
    Angle(Angle),
    /// A camera move.
    Move(Movement),
    /// The shot plays in slow motion.
    SlowMotion,
    /// A new shot begins ("Shot 2:", "cut to").
    Cut,
}

/// How events follow each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// The next event comes after the last ("then").
    Then,
    /// The next event happens at the same time as the last ("while").
    While,
    /// What follows happened before what came just before ("… after …").
    After,
    /// At the end of the shot.
    AtEnd,
    /// At the start of the shot.
    AtStart,
    /// In another place at the same time: a new shot.
    Meanwhile,
}

/// Multi-word phrases with fixed meanings.
const PHRASES: &[(&str, Meaning)] = &[
    ("basketball player", Meaning::Person),
    ("soccer player", Meaning::Person),
    ("tennis player", Meaning::Person),
    ("chess player", Meaning::Person),
    ("hockey player", Meaning::Person),
    ("football player", Meaning::Person),
    ("baseball player", Meaning::Person),
    ("golf player", Meaning::Person),
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
    ("basketball hoop", Meaning::Object(Archetype::Hoop)),
    ("free-throw line", Meaning::Object(Archetype::Hoop)),
    ("free throw line", Meaning::Object(Archetype::Hoop)),
    ("three-point line", Meaning::Object(Archetype::Hoop)),
    ("living room", Meaning::Place(Setting::Room)),
    ("city street", Meaning::Place(Setting::Street)),
    ("snowy field", Meaning::Place(Setting::Snowfield)),
    ("race track", Meaning::Place(Setting::Street)),
    ("ice rink", Meaning::Place(Setting::IceRink)),
    ("penalty kick", Meaning::Event(E::Kick)),
    ("snow falls", Meaning::Weather(scene::Weather::Snow)),
    ("snow falling", Meaning::Weather(scene::Weather::Snow)),
    ("snow is falling", Meaning::Weather(scene::Weather::Snow)),
    ("falling snow", Meaning::Weather(scene::Weather::Snow)),
    ("snow fell", Meaning::Weather(scene::Weather::Snow)),
    ("pixel art", Meaning::Style(scene::Style::PixelArt)),
    ("pixel-art", Meaning::Style(scene::Style::PixelArt)),
    ("8-bit", Meaning::Style(scene::Style::PixelArt)),
    ("black and white", Meaning::Style(scene::Style::Noir)),
    ("black-and-white", Meaning::Style(scene::Style::Noir)),
    ("film noir", Meaning::Style(scene::Style::Noir)),
    ("stop motion", Meaning::Style(scene::Style::Clay)),
    ("stop-motion", Meaning::Style(scene::Style::Clay)),
    ("penalty shot", Meaning::Event(E::Kick)),
    ("free kick", Meaning::Event(E::Kick)),
    ("corner kick", Meaning::Event(E::Kick)),
    ("soccer field", Meaning::Place(Setting::Field)),
    ("football field", Meaning::Place(Setting::Field)),
    ("football pitch", Meaning::Place(Setting::Field)),
    ("golf course", Meaning::Place(Setting::Field)),
    ("putting green", Meaning::Place(Setting::Field)),
    ("the green", Meaning::Place(Setting::Field)),
    ("tennis court", Meaning::Place(Setting::Field)),
    ("studio lights", Meaning::Place(Setting::Studio)),
    ("under studio lights", Meaning::Place(Setting::Studio)),
    ("city skyline", Meaning::Place(Setting::Street)),
    ("outer space", Meaning::Place(Setting::Moon)),
    ("in space", Meaning::Place(Setting::Moon)),
    ("close-up", Meaning::Film(F::Size(Framing::CloseUp))),
    ("close up", Meaning::Film(F::Size(Framing::CloseUp))),
    (
        "extreme close-up",
        Meaning::Film(F::Size(Framing::ExtremeCloseUp)),
    ),
    (
        "extreme close up",
        Meaning::Film(F::Size(Framing::ExtremeCloseUp)),
    ),
    ("medium shot", Meaning::Film(F::Size(Framing::Medium))),
    ("mid shot", Meaning::Film(F::Size(Framing::Medium))),
    ("medium close-up", Meaning::Film(F::Size(Framing::CloseUp))),
    ("full shot", Meaning::Film(F::Size(Framing::Wide))),
    ("wide shot", Meaning::Film(F::Size(Framing::Wide))),
    ("long shot", Meaning::Film(F::Size(Framing::Wide))),
    (
        "establishing shot",
        Meaning::Film(F::Size(Framing::ExtremeWide)),
    ),
    (
        "extreme wide shot",
        Meaning::Film(F::Size(Framing::ExtremeWide)),
    ),
    ("extreme wide", Meaning::Film(F::Size(Framing::ExtremeWide))),
    ("product shot", Meaning::Film(F::Size(Framing::Medium))),
    ("aerial shot", Meaning::Film(F::Angle(Angle::Aerial))),
    ("aerial view", Meaning::Film(F::Angle(Angle::Aerial))),
    ("drone shot", Meaning::Film(F::Angle(Angle::Aerial))),
    ("bird's-eye view", Meaning::Film(F::Angle(Angle::Aerial))),
    ("bird's eye view", Meaning::Film(F::Angle(Angle::Aerial))),
    ("top-down", Meaning::Film(F::Angle(Angle::Aerial))),
    ("low angle", Meaning::Film(F::Angle(Angle::Low))),
    ("low-angle", Meaning::Film(F::Angle(Angle::Low))),
    ("high angle", Meaning::Film(F::Angle(Angle::High))),
    ("high-angle", Meaning::Film(F::Angle(Angle::High))),
    ("eye level", Meaning::Film(F::Angle(Angle::EyeLevel))),
    ("eye-level", Meaning::Film(F::Angle(Angle::EyeLevel))),
    (
        "over-the-shoulder",
        Meaning::Film(F::Angle(Angle::OverTheShoulder)),
    ),
    (
        "over the shoulder",
        Meaning::Film(F::Angle(Angle::OverTheShoulder)),
    ),
    ("tracking shot", Meaning::Film(F::Move(Movement::Follow))),
    ("dolly in", Meaning::Film(F::Move(Movement::DollyIn))),
    ("dollies in", Meaning::Film(F::Move(Movement::DollyIn))),
    ("push in", Meaning::Film(F::Move(Movement::DollyIn))),
    ("pushes in", Meaning::Film(F::Move(Movement::DollyIn))),
    ("zoom in", Meaning::Film(F::Move(Movement::DollyIn))),
    ("zooms in", Meaning::Film(F::Move(Movement::DollyIn))),
    ("moves in", Meaning::Film(F::Move(Movement::DollyIn))),
    ("flies forward", Meaning::Film(F::Move(Movement::DollyIn))),
    ("moves forward", Meaning::Film(F::Move(Movement::DollyIn))),
    ("dolly out", Meaning::Film(F::Move(Movement::DollyOut))),
    ("dollies out", Meaning::Film(F::Move(Movement::DollyOut))),
    ("pull back", Meaning::Film(F::Move(Movement::DollyOut))),
    ("pulls back", Meaning::Film(F::Move(Movement::DollyOut))),
    ("pull out", Meaning::Film(F::Move(Movement::DollyOut))),
    ("pulls out", Meaning::Film(F::Move(Movement::DollyOut))),
    ("zoom out", Meaning::Film(F::Move(Movement::DollyOut))),
    ("zooms out", Meaning::Film(F::Move(Movement::DollyOut))),
    ("hand-held", Meaning::Film(F::Move(Movement::Handheld))),
    ("slow motion", Meaning::Film(F::SlowMotion)),
    ("slow-motion", Meaning::Film(F::SlowMotion)),
    ("slow mo", Meaning::Film(F::SlowMotion)),
    ("slow-mo", Meaning::Film(F::SlowMotion)),
    ("cut to", Meaning::Film(F::Cut)),
    ("cuts to", Meaning::Film(F::Cut)),
    ("left to right", Meaning::Physics),
    ("from left to right", Meaning::Physics),
    ("right to left", Meaning::Physics),
    ("from right to left", Meaning::Physics),
    ("knocks over", Meaning::Event(E::Push)),
    ("knock over", Meaning::Event(E::Push)),
    ("knocked over", Meaning::Event(E::Push)),
    ("falls over", Meaning::Event(E::Collapse)),
    ("fall over", Meaning::Event(E::Collapse)),
    ("from the sky", Meaning::Event(E::Drop)),
    ("knock on", Meaning::Act(Verb::Knock)),
    ("knocks on", Meaning::Act(Verb::Knock)),
    ("knocked on", Meaning::Act(Verb::Knock)),
    ("knocking on", Meaning::Act(Verb::Knock)),
    ("pick up", Meaning::Act(Verb::PickUp)),
    ("picks up", Meaning::Act(Verb::PickUp)),
    ("picked up", Meaning::Act(Verb::PickUp)),
    ("picking up", Meaning::Act(Verb::PickUp)),
    ("put down", Meaning::Act(Verb::PutDown)),
    ("puts down", Meaning::Act(Verb::PutDown)),
    ("putting down", Meaning::Act(Verb::PutDown)),
    ("sets down", Meaning::Act(Verb::PutDown)),
    ("stand up", Meaning::Act(Verb::Stand)),
    ("stands up", Meaning::Act(Verb::Stand)),
    ("stood up", Meaning::Act(Verb::Stand)),
    ("gets up", Meaning::Act(Verb::Stand)),
    ("sit down", Meaning::Act(Verb::Sit)),
    ("sits down", Meaning::Act(Verb::Sit)),
    ("turns around", Meaning::Act(Verb::Turn)),
    ("turn around", Meaning::Act(Verb::Turn)),
    ("lifts off", Meaning::Act(Verb::Launch)),
    ("lift off", Meaning::Act(Verb::Launch)),
    ("takes off", Meaning::Act(Verb::Launch)),
    ("take off", Meaning::Act(Verb::Launch)),
    ("blasts off", Meaning::Act(Verb::Launch)),
    ("blast off", Meaning::Act(Verb::Launch)),
    ("blows up", Meaning::Act(Verb::Break)),
    ("blow up", Meaning::Act(Verb::Break)),
    ("trade punches", Meaning::Act(Verb::Punch)),
    ("trade blows", Meaning::Act(Verb::Punch)),
    ("exchange punches", Meaning::Act(Verb::Punch)),
    ("next to", Meaning::Relation(Relation::NextTo)),
    ("in front of", Meaning::Relation(Relation::InFrontOf)),
    ("on top of", Meaning::Relation(Relation::On)),
    ("to the left of", Meaning::Relation(Relation::LeftOf)),
    ("to the right of", Meaning::Relation(Relation::RightOf)),
    ("left of", Meaning::Relation(Relation::LeftOf)),
    ("right of", Meaning::Relation(Relation::RightOf)),
    (
        "leaning against",
        Meaning::Relation(Relation::LeaningAgainst),
    ),
    ("leans against", Meaning::Relation(Relation::LeaningAgainst)),
    ("leaning on", Meaning::Relation(Relation::LeaningAgainst)),
    ("at the camera", Meaning::FacingCamera),
    ("to the camera", Meaning::FacingCamera),
    ("into the camera", Meaning::FacingCamera),
    ("towards the camera", Meaning::FacingCamera),
    ("toward the camera", Meaning::FacingCamera),
    ("to camera", Meaning::FacingCamera),
    ("at the viewer", Meaning::FacingCamera),
    ("and then", Meaning::Order(self::Order::Then)),
    ("after that", Meaning::Order(self::Order::Then)),
    ("at the same time", Meaning::Order(self::Order::While)),
    ("at the end", Meaning::Order(self::Order::AtEnd)),
    ("in the end", Meaning::Order(self::Order::AtEnd)),
    ("at the start", Meaning::Order(self::Order::AtStart)),
    ("at the beginning", Meaning::Order(self::Order::AtStart)),
    ("at first", Meaning::Order(self::Order::AtStart)),
    ("one after another", Meaning::Physics),
    ("one after the other", Meaning::Physics),
    ("in a row", Meaning::Physics),
    ("come to rest", Meaning::Physics),
    ("comes to rest", Meaning::Physics),
    ("coming to rest", Meaning::Physics),
    ("back and forth", Meaning::Physics),
    ("side by side", Meaning::Physics),
    ("a dozen", Meaning::Count(12)),
    ("a stack of", Meaning::Count(6)),
    ("a pile of", Meaning::Count(6)),
    ("a row of", Meaning::Count(5)),
    ("a line of", Meaning::Count(5)),
    ("a group of", Meaning::Count(4)),
    ("a pack of", Meaning::Count(4)),
    ("a flock of", Meaning::Count(6)),
    ("a herd of", Meaning::Count(5)),
    ("a crowd of", Meaning::Count(8)),
    ("a bunch of", Meaning::Count(5)),
    ("a pair of", Meaning::Count(2)),
    ("a couple of", Meaning::Count(2)),
    ("a few", Meaning::Count(3)),
    ("several", Meaning::Count(4)),
    ("a lot of", Meaning::Count(8)),
    ("lots of", Meaning::Count(8)),
    ("many", Meaning::Count(8)),
    ("old man", Meaning::Person),
    ("old woman", Meaning::Person),
    ("old lady", Meaning::Person),
    ("little girl", Meaning::Person),
    ("little boy", Meaning::Person),
    ("young woman", Meaning::Person),
    ("young man", Meaning::Person),
    ("police officer", Meaning::Person),
    ("the other", Meaning::Pronoun),
    ("each other", Meaning::Pronoun),
];

/// The verb table: base form, then what it means. Inflections are made by rule, and the
/// irregular ones are listed in [`IRREGULAR`].
const VERBS: &[(&str, Meaning)] = {
    use Meaning::{Act, Event as Ev};
    &[
        ("walk", Act(Verb::Walk)),
        ("stroll", Act(Verb::Walk)),
        ("march", Act(Verb::Walk)),
        ("wander", Act(Verb::Walk)),
        ("stride", Act(Verb::Walk)),
        ("tiptoe", Act(Verb::Walk)),
        ("limp", Act(Verb::Walk)),
        ("approach", Act(Verb::Walk)),
        ("enter", Act(Verb::Walk)),
        ("leave", Act(Verb::Walk)),
        ("exit", Act(Verb::Walk)),
        ("come", Act(Verb::Walk)),
        ("go", Act(Verb::Walk)),
        ("cross", Act(Verb::Walk)),
        ("hike", Act(Verb::Walk)),
        ("trot", Act(Verb::Walk)),
        ("waddle", Act(Verb::Walk)),
        ("arrive", Act(Verb::Walk)),
        ("sneak", Act(Verb::Walk)),
        ("move", Ev(E::Push)),
        ("ring", Ev(E::Push)),
        ("chime", Ev(E::Push)),
        ("pace", Act(Verb::Walk)),
        ("run", Act(Verb::Run)),
        ("sprint", Act(Verb::Run)),
        ("jog", Act(Verb::Run)),
        ("dash", Act(Verb::Run)),
        ("race", Act(Verb::Run)),
        ("chase", Act(Verb::Run)),
        ("rush", Act(Verb::Run)),
        ("hurry", Act(Verb::Run)),
        ("gallop", Act(Verb::Run)),
        ("flee", Act(Verb::Run)),
        ("charge", Act(Verb::Run)),
        ("fetch", Act(Verb::Run)),
        ("scurry", Act(Verb::Run)),
        ("jump", Act(Verb::Jump)),
        ("leap", Act(Verb::Jump)),
        ("hop", Act(Verb::Jump)),
        ("skip", Act(Verb::Jump)),
        ("vault", Act(Verb::Jump)),
        ("dodge", Act(Verb::Jump)),
        ("drive", Act(Verb::Drive)),
        ("ride", Act(Verb::Drive)),
        ("cycle", Act(Verb::Drive)),
        ("pedal", Act(Verb::Drive)),
        ("steer", Act(Verb::Drive)),
        ("skate", Act(Verb::Drive)),
        ("ski", Act(Verb::Drive)),
        ("surf", Act(Verb::Drive)),
        ("sail", Act(Verb::Drive)),
        ("row", Act(Verb::Swim)),
        ("paddle", Act(Verb::Swim)),
        ("speed", Act(Verb::Drive)),
        ("zoom", Act(Verb::Drive)),
        ("fly", Act(Verb::Fly)),
        ("glide", Act(Verb::Fly)),
        ("soar", Act(Verb::Fly)),
        ("hover", Act(Verb::Fly)),
        ("flutter", Act(Verb::Fly)),
        ("swoop", Act(Verb::Fly)),
        ("swim", Act(Verb::Swim)),
        ("float", Act(Verb::Swim)),
        ("drift", Act(Verb::Swim)),
        ("wade", Act(Verb::Swim)),
        ("spin", Act(Verb::Spin)),
        ("rotate", Act(Verb::Spin)),
        ("twirl", Act(Verb::Spin)),
        ("revolve", Act(Verb::Spin)),
        ("whirl", Act(Verb::Spin)),
        ("pirouette", Act(Verb::Spin)),
        ("launch", Act(Verb::Launch)),
        ("ascend", Act(Verb::Launch)),
        ("shatter", Act(Verb::Break)),
        ("burst", Act(Verb::Break)),
        ("explode", Act(Verb::Break)),
        ("pop", Act(Verb::Break)),
        ("break", Act(Verb::Break)),
        ("crack", Act(Verb::Break)),
        ("crumble", Act(Verb::Break)),
        ("splinter", Act(Verb::Break)),
        ("wave", Act(Verb::Wave)),
        ("greet", Act(Verb::Wave)),
        ("salute", Act(Verb::Wave)),
        ("point", Act(Verb::Point)),
        ("gesture", Act(Verb::Point)),
        ("present", Act(Verb::Point)),
        ("clap", Act(Verb::Clap)),
        ("sit", Act(Verb::Sit)),
        ("kneel", Act(Verb::Sit)),
        ("crouch", Act(Verb::Sit)),
        ("squat", Act(Verb::Sit)),
        ("dance", Act(Verb::Dance)),
        ("drink", Act(Verb::Drink)),
        ("sip", Act(Verb::Drink)),
        ("gulp", Act(Verb::Drink)),
        ("eat", Act(Verb::Eat)),
        ("bite", Act(Verb::Eat)),
        ("chew", Act(Verb::Eat)),
        ("taste", Act(Verb::Eat)),
        ("munch", Act(Verb::Eat)),
        ("grab", Act(Verb::PickUp)),
        ("lift", Act(Verb::PickUp)),
        ("take", Act(Verb::PickUp)),
        ("hold", Act(Verb::PickUp)),
        ("carry", Act(Verb::PickUp)),
        ("raise", Act(Verb::PickUp)),
        ("collect", Act(Verb::PickUp)),
        ("putt", Ev(E::Roll)),
        ("put", Act(Verb::PutDown)),
        ("place", Act(Verb::PutDown)),
        ("set", Act(Verb::PutDown)),
        ("lay", Act(Verb::PutDown)),
        ("catch", Act(Verb::Catch)),
        ("receive", Act(Verb::Catch)),
        ("save", Act(Verb::Catch)),
        ("block", Act(Verb::Catch)),
        ("punch", Act(Verb::Punch)),
        ("box", Act(Verb::Punch)),
        ("spar", Act(Verb::Punch)),
        ("fight", Act(Verb::Punch)),
        ("jab", Act(Verb::Punch)),
        ("trip", Act(Verb::Fall)),
        ("stumble", Act(Verb::Fall)),
        ("slip", Act(Verb::Fall)),
        ("bow", Act(Verb::Bow)),
        ("curtsy", Act(Verb::Bow)),
        ("nod", Act(Verb::Nod)),
        ("agree", Act(Verb::Nod)),
        ("look", Act(Verb::Look)),
        ("watch", Act(Verb::Look)),
        ("stare", Act(Verb::Look)),
        ("gaze", Act(Verb::Look)),
        ("glance", Act(Verb::Look)),
        ("peek", Act(Verb::Look)),
        ("observe", Act(Verb::Look)),
        ("listen", Act(Verb::Look)),
        ("wait", Act(Verb::Look)),
        ("pause", Act(Verb::Look)),
        ("think", Act(Verb::Look)),
        ("wonder", Act(Verb::Look)),
        ("notice", Act(Verb::Look)),
        ("turn", Act(Verb::Turn)),
        ("face", Act(Verb::Turn)),
        ("open", Act(Verb::Open)),
        ("close", Act(Verb::Open)),
        ("shut", Act(Verb::Open)),
        ("unlock", Act(Verb::Open)),
        ("unwrap", Act(Verb::Open)),
        ("hug", Act(Verb::Hug)),
        ("embrace", Act(Verb::Hug)),
        ("kiss", Act(Verb::Hug)),
        ("cuddle", Act(Verb::Hug)),
        ("pet", Act(Verb::Hug)),
        ("juggle", Act(Verb::Juggle)),
        ("swing", Act(Verb::Swing)),
        ("wield", Act(Verb::Swing)),
        ("brandish", Act(Verb::Swing)),
        ("climb", Act(Verb::Climb)),
        ("crawl", Act(Verb::Climb)),
        ("scale", Act(Verb::Climb)),
        ("dive", Act(Verb::Dive)),
        ("plunge", Act(Verb::Dive)),
        ("laugh", Act(Verb::Laugh)),
        ("giggle", Act(Verb::Laugh)),
        ("chuckle", Act(Verb::Laugh)),
        ("cry", Act(Verb::Cry)),
        ("weep", Act(Verb::Cry)),
        ("sob", Act(Verb::Cry)),
        ("frown", Act(Verb::Frown)),
        ("scowl", Act(Verb::Frown)),
        ("sigh", Act(Verb::Frown)),
        ("pout", Act(Verb::Frown)),
        ("glare", Act(Verb::Frown)),
        ("smile", Act(Verb::Smile)),
        ("grin", Act(Verb::Smile)),
        ("beam", Act(Verb::Smile)),
        ("play", Act(Verb::Play)),
        ("practice", Act(Verb::Play)),
        ("practise", Act(Verb::Play)),
        ("perform", Act(Verb::Play)),
        ("rehearse", Act(Verb::Play)),
        ("strum", Act(Verb::Play)),
        ("sing", Act(Verb::Play)),
        ("work", Act(Verb::Play)),
        ("type", Act(Verb::Play)),
        ("study", Act(Verb::Play)),
        ("exercise", Act(Verb::Play)),
        ("sleep", Act(Verb::Sleep)),
        ("nap", Act(Verb::Sleep)),
        ("doze", Act(Verb::Sleep)),
        ("snore", Act(Verb::Sleep)),
        ("relax", Act(Verb::Sleep)),
        ("write", Act(Verb::Write)),
        ("draw", Act(Verb::Write)),
        ("paint", Act(Verb::Write)),
        ("sketch", Act(Verb::Write)),
        ("scribble", Act(Verb::Write)),
        ("read", Act(Verb::Read)),
        ("browse", Act(Verb::Read)),
        ("scroll", Act(Verb::Read)),
        ("cook", Act(Verb::Cook)),
        ("bake", Act(Verb::Cook)),
        ("fry", Act(Verb::Cook)),
        ("stir", Act(Verb::Cook)),
        ("chop", Act(Verb::Cook)),
        ("slice", Act(Verb::Cook)),
        ("mix", Act(Verb::Cook)),
        ("prepare", Act(Verb::Cook)),
        ("pour", Act(Verb::Pour)),
        ("spill", Act(Verb::Pour)),
        ("fill", Act(Verb::Pour)),
        ("sprinkle", Act(Verb::Pour)),
        ("serve", Ev(E::Throw)),
        ("pitch", Ev(E::Throw)),
        ("pass", Ev(E::Throw)),
        ("lob", Ev(E::Throw)),
        ("hurl", Ev(E::Throw)),
        ("fling", Ev(E::Throw)),
        ("dribble", Ev(E::Roll)),
        ("bowl", Ev(E::Roll)),
        ("shove", Ev(E::Push)),
        ("blow", Ev(E::Push)),
        ("dunk", Ev(E::Shoot)),
        ("feed", Act(Verb::PutDown)),
        ("give", Act(Verb::PutDown)),
        ("hand", Act(Verb::PutDown)),
        ("offer", Act(Verb::PutDown)),
        ("spray", Act(Verb::Pour)),
        ("water", Act(Verb::Pour)),
        ("wag", Act(Verb::Wave)),
        ("build", Act(Verb::Cook)),
        ("make", Act(Verb::Cook)),
        ("create", Act(Verb::Cook)),
        ("assemble", Act(Verb::Cook)),
        ("fix", Act(Verb::Cook)),
        ("repair", Act(Verb::Cook)),
        ("clean", Act(Verb::Cook)),
        ("wash", Act(Verb::Cook)),
        ("bump", Ev(E::Push)),
        ("nudge", Ev(E::Push)),
        ("tip", Ev(E::Push)),
        ("smack", Ev(E::Kick)),
        ("whack", Ev(E::Kick)),
        ("volley", Ev(E::Kick)),
        ("head", Ev(E::Kick)),
    ]
};

/// Irregular forms of verbs, with their meaning.
const IRREGULAR: &[(&str, &str)] = &[
    ("blew", "blow"),
    ("built", "build"),
    ("made", "make"),
    ("gave", "give"),
    ("fed", "feed"),
    ("ran", "run"),
    ("sat", "sit"),
    ("flew", "fly"),
    ("flies", "fly"),
    ("swam", "swim"),
    ("drove", "drive"),
    ("rode", "ride"),
    ("ate", "eat"),
    ("drank", "drink"),
    ("caught", "catch"),
    ("spun", "spin"),
    ("dove", "dive"),
    ("took", "take"),
    ("held", "hold"),
    ("went", "go"),
    ("goes", "go"),
    ("came", "come"),
    ("broke", "break"),
    ("broken", "break"),
    ("swung", "swing"),
    ("wrote", "write"),
    ("written", "write"),
    ("drew", "draw"),
    ("left", "leave"),
    ("leapt", "leap"),
    ("lit", "light"),
    ("knelt", "kneel"),
    ("fought", "fight"),
    ("slept", "sleep"),
    ("laid", "lay"),
    ("lying", "lie"),
    ("bit", "bite"),
    ("sang", "sing"),
    ("sung", "sing"),
    ("wept", "weep"),
];

/// The forms of a regular verb: base, third person, past and present participle. Both
/// the doubled and the plain consonant are made ("stopped", "opened").
fn inflect(base: &str) -> Vec<String> {
    let mut forms = vec![base.to_string()];
    let last = base.chars().last().unwrap_or('a');
    let vowel = |c: char| "aeiou".contains(c);
    let consonant_y =
        base.ends_with('y') && !base[..base.len() - 1].ends_with(['a', 'e', 'i', 'o', 'u']);
    // "goes", else like a noun's plural: "watches", "carries", "walks".
    forms.push(if base.ends_with('o') {
        format!("{base}es")
    } else {
        plural(base)
    });
    if let Some(stem) = base.strip_suffix('e') {
        forms.push(format!("{base}d"));
        forms.push(if base.ends_with("ee") {
            format!("{base}ing")
        } else {
            format!("{stem}ing")
        });
    } else if let Some(stem) = base.strip_suffix('y').filter(|_| consonant_y) {
        forms.push(format!("{stem}ied"));
        forms.push(format!("{base}ing"));
    } else {
        forms.push(format!("{base}ed"));
        forms.push(format!("{base}ing"));
        let chars: Vec<char> = base.chars().collect();
        let n = chars.len();
        if n >= 3
            && !vowel(last)
            && !"wxy".contains(last)
            && vowel(chars[n - 2])
            && !vowel(chars[n - 3])
        {
            forms.push(format!("{base}{last}ed"));
            forms.push(format!("{base}{last}ing"));
        }
    }
    forms
}

/// Nouns the generator has no model for, each with the closest kind it does have.
const NEAR: &[(&str, &str)] = &[
    ("hamster", "mouse"),
    ("gerbil", "mouse"),
    ("guinea pig", "rabbit"),
    ("puma", "cheetah"),
    ("cougar", "cheetah"),
    ("lynx", "cat"),
    ("buffalo", "cow"),
    ("bison", "cow"),
    ("yak", "cow"),
    ("antelope", "deer"),
    ("gazelle", "deer"),
    ("hyena", "wolf"),
    ("coyote", "wolf"),
    ("jackal", "wolf"),
    ("otter", "raccoon"),
    ("beaver", "raccoon"),
    ("ferret", "raccoon"),
    ("badger", "raccoon"),
    ("skunk", "raccoon"),
    ("sloth", "koala"),
    ("lemur", "monkey"),
    ("baboon", "monkey"),
    ("ostrich", "chicken"),
    ("emu", "chicken"),
    ("turkey", "chicken"),
    ("hummingbird", "bird"),
    ("canary", "bird"),
    ("bluebird", "bird"),
    ("heron", "flamingo"),
    ("stork", "flamingo"),
    ("pelican", "seagull"),
    ("albatross", "seagull"),
    ("eel", "snake"),
    ("worm", "snake"),
    ("caterpillar", "snake"),
    ("beetle", "fly"),
    ("cockroach", "fly"),
    ("grasshopper", "fly"),
    ("limousine", "car"),
    ("limo", "car"),
    ("hovercraft", "boat"),
    ("jet ski", "boat"),
    ("glider", "airplane"),
    ("biplane", "airplane"),
    ("satellite", "spaceship"),
    ("segway", "scooter"),
    ("unicycle", "bicycle"),
    ("ottoman", "pillow"),
    ("beanbag", "pillow"),
    ("hammock", "bed"),
    ("throne", "chair"),
    ("steak", "sandwich"),
    ("fruit", "apple"),
    ("vegetable", "carrot"),
    ("omelette", "pizza"),
    ("waffle", "pizza"),
    ("pretzel", "donut"),
    ("remote", "phone"),
    ("controller", "phone"),
    ("gamepad", "phone"),
    ("calculator", "phone"),
    ("wallet", "phone"),
    ("mask", "hat"),
    ("wig", "hat"),
    ("necklace", "coin"),
    ("bracelet", "coin"),
    ("jewel", "dice"),
    ("gem", "dice"),
    ("diamond", "dice"),
    ("crystal", "dice"),
    ("treasure chest", "cardboard_box"),
    ("chest", "cardboard_box"),
    ("crate of", "cardboard_box"),
    ("anchor", "dumbbell"),
    ("buoy", "beach_ball"),
    ("sandbox", "bathtub"),
    ("aquarium", "bathtub"),
    ("fish tank", "bathtub"),
    ("cannon", "barrel"),
    ("totem", "statue"),
    ("scarecrow", "statue"),
    ("tripod", "microphone"),
    ("easel stand", "whiteboard"),
    ("pinata", "gift"),
    ("lantern festival", "lantern"),
];

/// Every word and phrase the lexicon knows, built once.
struct Vocabulary {
    /// Phrases of two or more words, longest first.
    phrases: Vec<(Vec<String>, Meaning)>,
    /// Single words.
    words: HashMap<String, Meaning>,
    /// Verb forms only, for words that are also nouns ("waves", "rings").
    verbs: HashMap<String, Meaning>,
}

/// The English plural of a noun.
fn plural(noun: &str) -> String {
    let consonant_y = |stem: &&str| !stem.ends_with(['a', 'e', 'i', 'o', 'u']);
    match noun.strip_suffix('y').filter(consonant_y) {
        Some(stem) => format!("{stem}ies"),
        None if noun.ends_with(['s', 'x', 'z']) || noun.ends_with("ch") || noun.ends_with("sh") => {
            format!("{noun}es")
        }
        None => format!("{noun}s"),
    }
}

static VOCABULARY: LazyLock<Vocabulary> = LazyLock::new(|| {
    let mut phrases: Vec<(Vec<String>, Meaning)> = Vec::new();
    let mut words: HashMap<String, Meaning> = HashMap::new();
    let mut verbs: HashMap<String, Meaning> = HashMap::new();
    for (base, meaning) in VERBS {
        for form in inflect(base) {
            verbs.entry(form).or_insert(*meaning);
        }
    }
    for (form, base) in IRREGULAR {
        if let Some((_, m)) = VERBS.iter().find(|(b, _)| b == base) {
            verbs.entry(form.to_string()).or_insert(*m);
        }
    }
    let mut add = |text: &str, meaning: Meaning| {
        let split = crate::read::plain_words(text);
        if split.len() > 1 {
            if !phrases.iter().any(|(p, _)| *p == split) {
                phrases.push((split, meaning));
            }
        } else if let Some(w) = split.into_iter().next() {
            words.entry(w).or_insert(meaning);
        }
    };
    for (p, m) in PHRASES {
        add(p, *m);
    }
    for kind in Kind::all() {
        let info = kind.info();
        let object = Meaning::Object(Archetype::Thing(kind));
        let name = info.name.replace('_', " ");
        for noun in std::iter::once(name.as_str()).chain(info.words.iter().copied()) {
            add(noun, object);
            add(&plural(noun), object);
        }
    }
    for (noun, kind) in NEAR {
        let archetype = Archetype::from_name(kind).expect("NEAR names catalogue kinds");
        add(noun, Meaning::Near(archetype));
        add(&plural(noun), Meaning::Near(archetype));
    }
    // Verbs last: a word that is also a noun reads as the noun unless the sentence makes
    // it a verb ("the waves" against "she waves").
    for (form, meaning) in &verbs {
        add(form, *meaning);
    }
    phrases.sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
    Vocabulary {
        phrases,
        words,
        verbs,
    }
});

/// The longest phrase of two or more words starting at `tokens[0]`, with its length.
pub fn phrase(tokens: &[String]) -> Option<(usize, Meaning)> {
    VOCABULARY
        .phrases
        .iter()
        .find(|(p, _)| tokens.starts_with(p))
        .map(|(p, m)| (p.len(), *m))
}

/// The meaning of a word read as a verb, for words that are also nouns.
pub fn verb(w: &str) -> Option<Meaning> {
    VOCABULARY.verbs.get(w).copied()
}

/// The meaning of a single word.
pub fn word(w: &str) -> Option<Meaning> {
    if let Some(m) = core_word(w) {
        return Some(m);
    }
    VOCABULARY.words.get(w).copied()
}

/// The words that must win over the catalogue and the verb table.
fn core_word(w: &str) -> Option<Meaning> {
    use Meaning::*;
    if let Some(t) = trait_word(w) {
        return Some(Trait(t));
    }
    if let Some(c) = Color::named(w).or_else(|| Color::from_hex(w)) {
        return Some(Colour(c));
    }
    if let Some(n) = number(w) {
        return Some(Count(n));
    }
    Some(match w {
        "ball" | "balls" | "sphere" => Object(Archetype::Ball),
        "basketball" | "basketballs" => Object(Archetype::Basketball),
        "football" | "footballs" => Object(Archetype::SoccerBall),
        "marble" | "marbles" => Object(Archetype::Marble),
        "cube" | "cubes" | "box" | "boxes" => Object(Archetype::Cube),
        "crate" | "crates" => Object(Archetype::Crate),
        "block" | "blocks" | "brick" | "bricks" | "lego" => Object(Archetype::Block),
        "domino" | "dominoes" | "dominos" => Object(Archetype::Domino),
        "pin" | "pins" | "skittles" => Object(Archetype::Pin),
        "ramp" | "slope" | "incline" => Object(Archetype::Ramp),
        "bowl" | "bowls" => Object(Archetype::Bowl),
        "table" | "tables" | "desk" | "desks" => Object(Archetype::Table),
        "hoop" | "backboard" | "rim" => Object(Archetype::Hoop),
        "he" | "she" | "they" | "him" | "them" | "someone" => Pronoun,
        "it" | "it's" => It,
        "court" | "gym" | "gymnasium" | "arena" => Place(Setting::BasketballCourt),
        "lane" | "alley" => Place(Setting::BowlingAlley),
        "room" | "floor" | "kitchen" | "indoors" | "bathroom" | "bedroom" | "classroom"
        | "office" | "hallway" | "corridor" | "attic" | "basement" | "lab" | "laboratory"
        | "apartment's" | "cafeteria" | "diner" => Place(Setting::Room),
        "field" | "pitch" | "grass" | "lawn" | "meadow" | "farm" | "garden" | "backyard"
        | "yard" | "countryside" | "stadium" | "hillside" | "prairie" => Place(Setting::Field),
        "park" | "forest" | "woods" | "jungle" | "campsite" | "playground's" | "trail" => {
            Place(Setting::Park)
        }
        "street" | "road" | "asphalt" | "highway" | "city" | "town" | "downtown" | "sidewalk"
        | "alleyway" | "intersection" | "parking" | "racetrack" | "track" | "village"
        | "runway" | "airport" | "tarmac" | "bridge's" | "station" | "subway's" => {
            Place(Setting::Street)
        }
        "snow" | "snowy" | "snowfield" | "tundra" | "arctic" | "antarctica" => {
            Place(Setting::Snowfield)
        }
        "ice" | "rink" | "hockey" | "skating" => Place(Setting::IceRink),
        "soccer" | "tennis" | "golf" | "baseball" | "rugby" | "cricket" => Place(Setting::Field),
        "moon" | "lunar" | "mars" | "planet" | "space" | "crater" => Place(Setting::Moon),
        "beach" | "sand" | "sandy" | "shore" | "seaside" | "coast" | "desert" | "waves"
        | "wave" | "island" | "riverbank" => Place(Setting::Beach),
        "ocean" | "sea" | "lake" | "river" | "stream" | "creek" | "pond" | "canal"
        | "waterfall" | "harbor" | "harbour" | "bay" | "lagoon" => Place(Setting::Lake),
        "studio" => Place(Setting::Studio),
        "dawn" | "sunrise" | "morning" => Time(TimeOfDay::Dawn),
        "day" | "noon" | "daytime" | "afternoon" | "sunny" | "midday" => Time(TimeOfDay::Day),
        "sunset" | "dusk" | "evening" | "twilight" | "golden-hour" => Time(TimeOfDay::Sunset),
        "hello" | "hi" | "goodbye" | "bye" => Act(Verb::Wave),
        "hand" | "hands" | "arm" | "arms" | "leg" | "legs" | "head" | "tail" | "paw" | "paws"
        | "wing" | "wings" | "feet" | "foot" | "face" | "eyes" | "eye" | "mouth" | "fingers"
        | "finger" | "teeth" | "nose" | "ears" => Physics,
        "night" | "midnight" | "dark" | "nighttime" | "night-time" | "moonlight" | "moonlit" => {
            Time(TimeOfDay::Night)
        }
        "wooden" | "wood" => Made(Material::Wood),
        "metal" | "steel" | "iron" | "metallic" | "chrome" | "aluminium" | "aluminum" => {
            Made(Material::Metal)
        }
        "glass" => Made(Material::Glass),
        "rubber" => Made(Material::Rubber),
        "plastic" => Made(Material::Plastic),
        "stone" | "rock" | "concrete" | "marble-like" => Made(Material::Stone),
        "ceramic" | "porcelain" => Made(Material::Ceramic),
        "leather" => Made(Material::Leather),
        "paper" | "cardboard" => Made(Material::Paper),
        "icy" | "frozen" => Made(Material::Ice),
        "tiny" | "miniature" => Size(0.4),
        "single" | "lone" | "solitary" => Count(1),
        "small" | "little" | "mini" => Size(0.6),
        "big" | "large" => Size(1.6),
        "huge" | "giant" | "enormous" | "massive" => Size(2.5),
        "shoot" | "shoots" | "shot" | "shooting" => Event(E::Shoot),
        "miss" | "misses" | "missed" | "missing" => Event(E::Miss),
        "score" | "scores" | "makes" | "sinks" | "swish" => Event(E::Make),
        "push" | "pushes" | "pushed" | "pushing" | "knock" | "knocks" | "knocked" | "tap"
        | "taps" | "tapped" | "flick" | "flicks" => Event(E::Push),
        "roll" | "rolls" | "rolled" | "rolling" => Event(E::Roll),
        "drop" | "drops" | "dropped" | "falls" | "fall" | "falling" | "fell" | "released" => {
            Event(E::Drop)
        }
        "kick" | "kicks" | "kicked" | "kicking" | "hits" | "hit" | "hitting" | "strikes"
        | "strike" | "struck" | "slams" | "smashes" | "bats" => Event(E::Kick),
        "throw" | "throws" | "threw" | "throwing" | "tosses" | "toss" | "tossed" => Event(E::Throw),
        "collapse" | "collapses" | "topple" | "topples" | "wobbles" | "tumbles" => {
            Event(E::Collapse)
        }
        "collide" | "collides" | "crash" | "crashes" | "crashed" | "clack" => Event(E::Collide),
        "striped" | "stripy" | "stripey" | "pinstriped" | "pinstripe" => {
            Pattern(scene::ClothPattern::Stripes)
        }
        "checked" | "checkered" | "chequered" | "plaid" | "tartan" | "gingham" | "flannel" => {
            Pattern(scene::ClothPattern::Checks)
        }
        "polka-dot" | "polka-dotted" | "spotted" | "spotty" | "dotted" => {
            Pattern(scene::ClothPattern::Dots)
        }
        "number" | "no." | "#" => Number,
        "denim" => Colour(Color::rgb(62, 88, 132)),
        "happily" | "cheerfully" | "excitedly" | "joyfully" | "warmly" | "brightly"
        | "gleefully" | "proudly" => Manner(scene::Expression::Smile),
        "laughingly" => Manner(scene::Expression::Laugh),
        "angrily" | "crossly" | "irritably" | "bitterly" | "sternly" => {
            Manner(scene::Expression::Angry)
        }
        "sadly" | "tearfully" | "sorrowfully" | "miserably" | "glumly" | "wistfully" => {
            Manner(scene::Expression::Sad)
        }
        "nervously" | "fearfully" | "anxiously" | "timidly" | "shakily" => {
            Manner(scene::Expression::Afraid)
        }
        "incredulously" | "breathlessly" | "astonishingly" => Manner(scene::Expression::Surprised),
        "say" | "says" | "said" | "saying" | "ask" | "asks" | "asked" | "reply" | "replies"
        | "shout" | "shouts" | "shouted" | "yell" | "yells" | "whisper" | "whispers"
        | "announce" | "announces" | "tell" | "tells" | "exclaim" | "exclaims" | "call"
        | "calls" | "speak" | "speaks" | "talk" | "talks" => Say,
        "bounce" | "bounces" | "bouncing" | "bounced" | "rebounds" | "land" | "lands"
        | "landing" | "landed" | "rest" | "rests" | "stops" | "slides" | "slide" | "sliding"
        | "stand" | "stands" | "standing" | "lies" | "lie" | "away" | "end" | "corners"
        | "corner" | "opposite" | "bottom" | "top" | "first" | "last" | "row" | "line"
        | "another" | "down" | "across" | "times" | "once" | "twice" | "each" | "every"
        | "edge" | "ground" | "air" | "sky" | "still" | "side" | "pocket" | "pockets" | "tower"
        | "stack" | "pile" | "flat" | "along" | "forward" | "forwards" | "backwards" | "around"
        | "round" | "upward" | "upwards" | "downward" | "back" | "together" | "apart"
        | "overhead's" | "sways" | "sway" | "swaying" | "wobble" | "tips" | "splashes"
        | "splash" | "ripples" | "pours" | "pouring" => Physics,
        "slow" | "slowly" | "gently" | "softly" | "lightly" | "gracefully" | "carefully"
        | "calmly" | "lazily" | "leisurely" | "casually" => Strength(0.6),
        "hard" | "quick" | "quickly" | "fast" | "powerful" | "forcefully" | "rapidly"
        | "swiftly" | "furiously" | "wildly" | "energetically" | "suddenly" | "fiercely"
        | "violently" => Strength(1.5),
        "closeup" => Film(F::Size(Framing::CloseUp)),
        "wide" | "widescreen" => Film(F::Size(Framing::Wide)),
        "aerial" | "overhead" | "above-view" => Film(F::Angle(Angle::Aerial)),
        "pov" => Film(F::Angle(Angle::Pov)),
        "follow" | "follows" | "following" | "tracking" | "tracks" => {
            Film(F::Move(Movement::Follow))
        }
        "orbit" | "orbits" | "orbiting" | "circling" | "circles" | "360" => {
            Film(F::Move(Movement::Orbit))
        }
        "pan" | "pans" | "panning" => Film(F::Move(Movement::Pan)),
        "tilt" | "tilts" | "tilting" => Film(F::Move(Movement::Tilt)),
        "truck" | "trucks" | "trucking" => Film(F::Move(Movement::Truck)),
        "crane" | "cranes" => Film(F::Move(Movement::Crane)),
        "handheld" | "shaky" => Film(F::Move(Movement::Handheld)),
        "static" | "locked-off" | "stationary" => Film(F::Move(Movement::Static)),
        "slowmo" => Film(F::SlowMotion),
        "quiet" | "silent" | "silence" | "silently" | "quietly" => Sound(scene::SoundKind::Quiet),
        "music" | "soundtrack" | "song" | "tune" | "melody" | "piano" | "guitar" | "orchestra"
        | "orchestral" | "drums" | "violin" | "drum" | "trumpet" | "saxophone" | "flute"
        | "cello" | "harp" | "jazz" | "beat" | "beats" => Sound(scene::SoundKind::Music),
        "crowd" | "audience" | "fans" | "spectators" | "cheer" | "cheers" | "cheering"
        | "applause" | "applauds" | "applaud" | "boo" | "boos" | "groans" => {
            Sound(scene::SoundKind::Crowd)
        }
        "ambience" | "ambient" | "fire" | "campfire" | "fireplace" | "bonfire" | "crackling"
        | "engine" | "motor" | "idling" | "siren" | "sirens" | "horn" | "horns" | "alarm"
        | "roar" | "roars" | "roaring" | "rumble" | "rumbles" | "loud" | "noisy" | "noise"
        | "sounds" | "sound" | "birdsong" | "chirping" | "traffic" | "wind-chimes" => {
            Sound(scene::SoundKind::Ambience)
        }
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
        "camera" | "shots" | "scene" | "frame" | "view" | "angle" | "style" | "footage"
        | "clip" | "video" | "film" => Physics,
        "then" | "next" | "afterwards" | "later" | "finally" | "eventually" => {
            Order(self::Order::Then)
        }
        "while" | "as" | "whilst" | "simultaneously" => Order(self::Order::While),
        "after" => Order(self::Order::After),
        "meanwhile" => Order(self::Order::Meanwhile),
        "second" | "seconds" | "sec" | "secs" => Seconds,
        "on" | "onto" | "upon" | "from" | "off" => Relation(self::Relation::On),
        "under" | "underneath" | "beneath" | "below" => Relation(self::Relation::Under),
        "beside" | "near" | "by" | "alongside" | "nearby" => Relation(self::Relation::NextTo),
        "behind" => Relation(self::Relation::Behind),
        "between" => Relation(self::Relation::Between),
        "above" | "over" => Relation(self::Relation::Above),
        "in" | "within" | "inside" => Relation(self::Relation::Inside),
        "against" => Relation(self::Relation::LeaningAgainst),
        "into" | "at" | "toward" | "towards" | "to" | "through" | "past" | "up" => Towards,
        "wearing" | "wears" | "dressed" => Wearing,
        "cinematic" | "realistic" | "photorealistic" | "filmic" => Style(scene::Style::Cinematic),
        "cartoon" | "cartoonish" | "cartoony" | "animated" | "anime" | "comic" | "toon" => {
            Style(scene::Style::Cartoon)
        }
        "clay" | "claymation" | "plasticine" => Style(scene::Style::Clay),
        "noir" | "monochrome" | "grayscale" | "greyscale" => Style(scene::Style::Noir),
        "watercolor" | "watercolour" | "painted" | "painterly" => Style(scene::Style::Watercolor),
        "pixelated" | "retro" | "pixel" => Style(scene::Style::PixelArt),
        "player" | "man" | "woman" | "person" | "girl" | "boy" | "kid" | "child" | "athlete"
        | "lady" | "guy" | "mother" | "father" | "mom" | "dad" | "grandma" | "grandpa"
        | "grandmother" | "grandfather" | "teenager" | "toddler" | "baby" | "men" | "women"
        | "people" | "children" | "kids" | "girls" | "boys" | "friends" | "friend" | "players"
        | "teacher" | "student" | "students" | "goalkeeper" | "goalie" | "boxer" | "boxers"
        | "juggler" | "skateboarder" | "skater" | "surfer" | "runner" | "runners" | "dancer"
        | "dancers" | "singer" | "musician" | "chef" | "cook's" | "doctor" | "nurse"
        | "scientist" | "astronaut" | "astronauts" | "pilot" | "driver" | "cyclist" | "rider"
        | "swimmer" | "diver" | "climber" | "hiker" | "farmer" | "soldier" | "knight's"
        | "king" | "queen" | "prince" | "princess" | "wizard" | "witch" | "pirate" | "ninja"
        | "clown" | "magician" | "robot" | "robots" | "android" | "cowboy" | "detective"
        | "officer" | "policeman" | "policewoman" | "firefighter" | "fireman" | "waiter"
        | "waitress" | "customer" | "tourist" | "couple" | "family" | "crowd's" | "opponent"
        | "opponents" | "referee" | "coach" | "fan" | "host" | "presenter" | "reporter"
        | "youtuber" | "vlogger" | "influencer" | "gamer" | "artist" | "painter" | "worker"
        | "builder" | "businessman" | "businesswoman" | "alien" | "zombie" | "vampire"
        | "ghost" | "superhero" | "monk" | "priest" | "sailor" | "fisherman" | "bowler"
        | "golfer" | "pitcher's" | "batter" | "skier" | "snowboarder" | "gymnast" | "wrestler"
        | "boy's" | "girl's" | "me" | "myself" | "i" | "you" | "we" | "us" | "daughter" | "son"
        | "sister" | "brother" | "wife" | "husband" | "owner" | "boss" | "neighbor"
        | "neighbour" | "stranger" | "grandson" | "granddaughter" | "uncle" | "aunt"
        | "parents" | "parent" | "twins" | "bride" | "groom" | "partner" | "team" | "teammate"
        | "teammates" | "shopper" | "passenger" | "passengers" | "audience's" | "skateboarders"
        | "surfers" | "cyclists" | "dancers'" | "chefs" | "teachers" | "soldiers" | "knights"
        | "pirates" | "clowns" => Person,
        "one" => Count(1),
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
        "outside",
        "during",
        "my",
        "your",
        "our",
        "any",
        "way",
        "there's",
        "let",
        "lets",
        "out",
        "about",
        "like",
    ];
    STOP.contains(&w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_verb_table_covers_eighty_actions_in_every_form() {
        let lemmas: std::collections::HashSet<&str> = VERBS.iter().map(|(b, _)| *b).collect();
        assert!(lemmas.len() >= 80, "{} verbs", lemmas.len());
        for (base, meaning) in VERBS {
            for form in inflect(base) {
                assert!(word(&form).is_some() || verb(&form).is_some(), "{form}");
            }
            assert!(verb(base).is_some(), "{base} {meaning:?}");
        }
        for (form, base) in IRREGULAR {
            assert!(
                verb(form).is_some() || !VERBS.iter().any(|(b, _)| b == base),
                "{form}"
            );
        }
        assert_eq!(
            inflect("stop"),
            ["stop", "stops", "stoped", "stoping", "stopped", "stopping"]
        );
        assert_eq!(&inflect("carry")[1..], ["carries", "carried", "carrying"]);
        assert_eq!(&inflect("dance")[1..], ["dances", "danced", "dancing"]);
        assert_eq!(&inflect("play")[1..3], ["plays", "played"]);
        assert_eq!(plural("toy"), "toys");
        assert_eq!(plural("puppy"), "puppies");
        assert_eq!(plural("box"), "boxes");
    }

    #[test]
    fn nouns_that_are_verbs_read_as_nouns_by_default() {
        assert!(matches!(word("waves"), Some(Meaning::Place(_))));
        assert!(matches!(verb("waves"), Some(Meaning::Act(Verb::Wave))));
        assert!(matches!(word("flies"), Some(Meaning::Object(_))));
        assert!(matches!(verb("flies"), Some(Meaning::Act(Verb::Fly))));
    }
}
