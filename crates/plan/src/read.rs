//! Reading a prompt: words and phrases against the lexicon, then the sentence around
//! them: who does what to what and where it is aimed, in which order and shot, where
//! things stand relative to each other, and who says each quoted line.

use crate::lexicon::{self, Event, Film, Meaning, Order, Relation, Trait};
use crate::models;
use crate::wordnet;
use crate::{MAX_PROMPT_CHARS, PlanError, PlanOptions};
use scene::{Archetype, CatalogModel, Color, Material, PersonLook, Verb};

/// Something the prompt names: an object (an index into `Reading::objects`) or a person
/// (an index into `Reading::people`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ref {
    /// A thing.
    Object(usize),
    /// A person.
    Person(usize),
}

/// An object the prompt asks for, with its qualities.
#[derive(Debug, Clone, PartialEq)]
pub struct Wanted {
    pub archetype: Archetype,
    pub count: Option<u32>,
    pub color: Option<Color>,
    pub size: Option<f32>,
    pub material: Option<Material>,
    /// For a placeholder or a catalogue model: what it stands for.
    pub label: Option<String>,
    /// The catalogue model that draws it, when not its kind's own.
    pub model: Option<CatalogModel>,
}

/// A person the prompt asks for.
#[derive(Debug, Clone, PartialEq)]
pub struct WantedPerson {
    /// How the prompt describes them ("a little girl").
    pub description: String,
    /// The colour of their clothes.
    pub color: Option<Color>,
    /// Their cameo handle, when the prompt names one (`@alice`).
    pub cameo: Option<String>,
    /// How they look, as far as the prompt says.
    pub look: PersonLook,
}

/// What happens in a deed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Act {
    /// A physical event (a shot, a push, a fall).
    Event(Event),
    /// Something a character or thing does.
    Verb(Verb),
    /// Someone says the quoted line with this index.
    Say(usize),
}

/// Something that happens: who does it, to what, aimed where, and when.
#[derive(Debug, Clone, PartialEq)]
pub struct Deed {
    pub act: Act,
    pub agent: Option<Ref>,
    /// Others who do it too ("a feather and a hammer fall", "two friends sit").
    pub also: Vec<Ref>,
    pub object: Option<Ref>,
    pub target: Option<Ref>,
    /// Order within its shot: deeds with the same step happen together.
    pub step: u32,
    /// The shot it happens in.
    pub shot: usize,
    /// A time the prompt gives, in seconds from the start of its shot.
    pub at: Option<f32>,
    /// Where in the shot, as a share of it, when the prompt says "at the end".
    pub share: Option<f32>,
    /// How hard or fast (1 is normal).
    pub strength: f32,
    /// It fails ("shoots and misses").
    pub miss: bool,
    /// For a spoken line, the feeling it is said with ("says angrily").
    pub emotion: Option<scene::Expression>,
}

/// Where one thing stands relative to another.
#[derive(Debug, Clone, PartialEq)]
pub struct Placement {
    pub subject: Ref,
    pub relation: Relation,
    pub object: Ref,
    /// The second thing of "between".
    pub other: Option<Ref>,
}

/// One shot as the prompt directs it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ShotPlan {
    /// Filming words, in order.
    pub film: Vec<Film>,
    /// Its length, when given.
    pub seconds: Option<f32>,
    /// What it shows: everything named in it.
    pub subjects: Vec<Ref>,
}

/// What the prompt says, gathered.
#[derive(Debug, Default)]
pub struct Reading {
    pub objects: Vec<Wanted>,
    pub people: Vec<WantedPerson>,
    pub setting: Option<scene::Setting>,
    pub time: Option<scene::TimeOfDay>,
    pub events: Vec<Event>,
    pub weather: Option<scene::Weather>,
    pub sounds: Vec<scene::SoundDirection>,
    pub strength: Option<f32>,
    pub deeds: Vec<Deed>,
    pub placements: Vec<Placement>,
    pub shots: Vec<ShotPlan>,
    /// The quoted lines, in order.
    pub quotes: Vec<String>,
    /// Those who face the camera.
    pub facing_camera: Vec<Ref>,
    /// The place words used ("forest", "kitchen"), for set dressing.
    pub places: Vec<String>,
    /// The picture's style.
    pub style: Option<scene::Style>,
}

impl Reading {
    pub fn has(&self, archetype: Archetype) -> bool {
        self.objects.iter().any(|o| o.archetype == archetype)
    }
    pub fn wanted(&self, archetype: Archetype) -> Option<&Wanted> {
        self.objects.iter().find(|o| o.archetype == archetype)
    }
    pub fn event(&self, e: Event) -> bool {
        self.events.contains(&e)
    }
    /// The filming words of every shot.
    pub fn film(&self) -> Vec<Film> {
        self.shots.iter().flat_map(|s| s.film.clone()).collect()
    }
}

/// What a prompt says, with an account of each word.
pub struct Read {
    pub reading: Reading,
    pub understood: Vec<String>,
    pub unmapped: Vec<String>,
    pub warnings: Vec<String>,
}

/// Lower-case words, keeping hyphens and apostrophes inside words.
pub fn plain_words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\'' || c == '#'))
        .map(|w| {
            w.trim_matches(|c| c == '-' || c == '\'')
                .trim_end_matches('#')
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// A token: a lower-case word, a punctuation mark, a quoted line or a cameo handle.
#[derive(Debug, Clone, PartialEq)]
enum Token {
    Word(String),
    Stop(char),
    Quote(usize),
    Cameo(String),
}

/// Splits the prompt into tokens, taking quoted speech and `@handles` out whole.
fn tokens(prompt: &str, quotes: &mut Vec<String>) -> Vec<Token> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quote: Option<String> = None;
    let flush = |word: &mut String, out: &mut Vec<Token>| {
        if word.is_empty() {
            return;
        }
        if let Some(handle) = word.strip_prefix('@') {
            if !handle.is_empty() {
                out.push(Token::Cameo(format!("@{}", handle.to_lowercase())));
            }
        } else {
            // "3-second" is a number and a unit.
            let split: Vec<String> = plain_words(word);
            for w in split {
                match w.split_once('-') {
                    Some((n, unit))
                        if lexicon::number(n).is_some()
                            && matches!(unit, "second" | "seconds" | "sec") =>
                    {
                        out.push(Token::Word(n.into()));
                        out.push(Token::Word(unit.into()));
                    }
                    _ => out.push(Token::Word(w)),
                }
            }
        }
        word.clear();
    };
    for c in prompt.chars() {
        let is_quote = matches!(c, '"' | '“' | '”');
        if let Some(q) = &mut quote {
            if is_quote {
                let text = q.trim().to_string();
                if !text.is_empty() {
                    out.push(Token::Quote(quotes.len()));
                    quotes.push(text);
                }
                quote = None;
            } else {
                q.push(c);
            }
            continue;
        }
        if is_quote {
            flush(&mut word, &mut out);
            quote = Some(String::new());
        } else if c.is_alphanumeric() || matches!(c, '-' | '\'' | '@' | '#' | '_') {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            if matches!(c, ',' | ';' | '.' | ':' | '!' | '?' | '(' | ')') {
                out.push(Token::Stop(c));
            }
        }
    }
    flush(&mut word, &mut out);
    if let Some(q) = quote {
        // An unclosed quote: its words are read as words.
        out.extend(plain_words(&q).into_iter().map(Token::Word));
    }
    out
}

/// The catalogue model named by `word`, or by `word` and the word after it ("grand
/// piano", "piano bench"): the model, the words that name it, and how many words it takes
/// after `word`. A word before a noun the planner knows is that noun's quality, not a
/// thing ("a modern chair"). An `unknown` word may be found anywhere in a model's name.
fn catalogue_noun(
    word: &str,
    next: Option<&str>,
    unknown: bool,
) -> Option<(CatalogModel, String, usize)> {
    if let Some(next) = next.filter(|w| w.chars().all(char::is_alphabetic)) {
        let pair = format!("{word} {next}");
        if let Some(model) = models::called(&pair) {
            return Some((model, pair, 1));
        }
    }
    if before_noun(next) || !word.chars().all(char::is_alphabetic) {
        return None;
    }
    let model = if unknown {
        models::mentioning(word)
    } else {
        models::called(word)
    };
    model.map(|model| (model, word.to_string(), 0))
}

/// Whether `next` is a noun for a thing or a person, so a word before it is its quality.
fn before_noun(next: Option<&str>) -> bool {
    next.is_some_and(|w| {
        matches!(
            lexicon::word(w),
            Some(Meaning::Object(_) | Meaning::Near(_) | Meaning::Person)
        )
    })
}

/// Words that make the next unknown word a noun ("a", "the", "my").
fn is_determiner(w: &str) -> bool {
    matches!(
        w,
        "a" | "an"
            | "the"
            | "some"
            | "this"
            | "that"
            | "these"
            | "those"
            | "my"
            | "his"
            | "her"
            | "their"
            | "its"
            | "your"
            | "our"
            | "every"
            | "each"
            | "another"
    )
}

/// Qualities waiting for their noun, each with the words it came from.
#[derive(Default)]
struct Pending {
    count: Option<(u32, String)>,
    color: Option<(Color, String)>,
    size: Option<(f32, String)>,
    material: Option<(Material, String)>,
    /// A pattern for the clothes named next.
    pattern: Option<(scene::ClothPattern, String)>,
}

/// The words an understood line came from (`"red → colour #c82020"` gives `red`).
fn words_of(line: &str) -> String {
    line.split(" → ").next().unwrap_or_default().to_string()
}

/// Holds a quality for the next noun; one it replaces was never used.
fn hold<T>(slot: &mut Option<(T, String)>, value: T, line: String, unmapped: &mut Vec<String>) {
    if let Some((_, old)) = slot.replace((value, line)) {
        unmapped.push(words_of(&old));
    }
}

/// The qualities a noun takes from `Pending`.
struct Qualities {
    count: Option<u32>,
    color: Option<Color>,
    size: Option<f32>,
    material: Option<Material>,
}

impl Pending {
    /// Hands the qualities to a noun, recording them as understood.
    fn take(&mut self, understood: &mut Vec<String>) -> Qualities {
        fn keep<T>(slot: &mut Option<(T, String)>, understood: &mut Vec<String>) -> Option<T> {
            slot.take().map(|(v, t)| {
                understood.push(t);
                v
            })
        }
        Qualities {
            count: keep(&mut self.count, understood),
            color: keep(&mut self.color, understood),
            size: keep(&mut self.size, understood),
            material: keep(&mut self.material, understood),
        }
    }

    fn is_empty(&self) -> bool {
        self.count.is_none()
            && self.color.is_none()
            && self.size.is_none()
            && self.material.is_none()
    }

    /// Drops qualities that found no noun, reporting them.
    fn discard(&mut self, unmapped: &mut Vec<String>) {
        let texts = [
            self.count.take().map(|(_, t)| t),
            self.color.take().map(|(_, t)| t),
            self.size.take().map(|(_, t)| t),
            self.material.take().map(|(_, t)| t),
            self.pattern.take().map(|(_, t)| t),
        ];
        unmapped.extend(texts.into_iter().flatten().map(|t| words_of(&t)));
    }
}

fn describe(m: &Meaning) -> String {
    match m {
        Meaning::Object(a) => format!("object: {}", a.name()),
        Meaning::Near(a) => format!("object: {} (closest known)", a.name()),
        Meaning::Person => "character: person".into(),
        Meaning::Pronoun => "character already named".into(),
        Meaning::It => "the thing just named".into(),
        Meaning::Place(s) => format!(
            "setting: {}",
            serde_json::to_value(s)
                .map(|v| v.as_str().unwrap_or("").to_string())
                .unwrap_or_default()
        ),
        Meaning::Time(t) => format!("time of day: {t:?}").to_lowercase(),
        Meaning::Colour(c) => format!("colour {c}"),
        Meaning::Made(m) => format!("material: {m:?}").to_lowercase(),
        Meaning::Size(s) => format!("size ×{s}"),
        Meaning::Count(n) => format!("count {n}"),
        Meaning::Event(e) => format!("event: {e:?}").to_lowercase(),
        Meaning::Act(v) => format!("action: {v:?}").to_lowercase(),
        Meaning::Relation(r) => format!("placed: {r:?}").to_lowercase(),
        Meaning::Towards => "aimed at what follows".into(),
        Meaning::Say => "speaks the quoted line".into(),
        Meaning::Manner(x) => format!("said with feeling: {x:?}").to_lowercase(),
        Meaning::Pattern(p) => format!("pattern: {p:?}").to_lowercase(),
        Meaning::Number => "a number on the top".into(),
        Meaning::Film(f) => format!("camera: {f:?}").to_lowercase(),
        Meaning::Order(o) => format!("timing: {o:?}").to_lowercase(),
        Meaning::Seconds => "seconds".into(),
        Meaning::Sound(k) => format!("sound: {k:?}").to_lowercase(),
        Meaning::Mood(m) => format!("music mood: {m:?}").to_lowercase(),
        Meaning::Weather(w) => format!("weather: {w:?}").to_lowercase(),
        Meaning::Physics => "simulated by physics".into(),
        Meaning::Strength(s) => format!("strength ×{s}"),
        Meaning::FacingCamera => "faces the camera".into(),
        Meaning::Wearing => "wearing".into(),
        Meaning::Style(s) => format!("style: {s:?}").to_lowercase(),
        Meaning::Trait(t) => format!("look: {t:?}").to_lowercase(),
    }
}

/// Two weather words together: thunder or rain with wind make a storm; rain or snow
/// outweigh fog and wind.
fn combine(a: scene::Weather, b: scene::Weather) -> scene::Weather {
    use scene::Weather::*;
    match (a, b) {
        (Storm, _) | (_, Storm) | (Rain, Wind) | (Wind, Rain) => Storm,
        (Rain | Snow, _) => a,
        (_, Rain | Snow) => b,
        _ => a,
    }
}

/// Whether a trait is something that can also be a thing on its own (clothes, glasses).
fn is_worn_thing(t: Trait) -> bool {
    matches!(
        t,
        Trait::Glasses | Trait::Top(_) | Trait::Bottom(_) | Trait::Headwear(_)
    )
}

/// Sets the trait on a look; `color` and `pattern` are the colour and (for clothes) the
/// pattern named before it.
fn apply_trait(
    look: &mut PersonLook,
    t: Trait,
    color: Option<Color>,
    pattern: Option<scene::ClothPattern>,
) {
    match t {
        Trait::Age(a) => look.age = Some(a),
        Trait::Height(h) => look.height = Some(h),
        Trait::Weight(w) => look.weight = Some(w),
        Trait::Muscle(m) => look.muscle = Some(m),
        Trait::Length(_) => {}
        Trait::Hair(h) => look.hair = Some(h),
        Trait::HairWord => look.hair_color = color.or(look.hair_color),
        Trait::HairColour(c) => look.hair_color = Some(c),
        Trait::Facial(f) => {
            look.facial_hair = Some(f);
            look.hair_color = color.or(look.hair_color);
        }
        Trait::Glasses => look.glasses = Some(true),
        Trait::Top(top) => {
            look.top = Some(top);
            look.top_color = color.or(look.top_color);
            look.top_pattern = pattern.or(look.top_pattern);
        }
        Trait::Bottom(b) => {
            look.bottom = Some(b);
            look.bottom_color = color.or(look.bottom_color);
            look.bottom_pattern = pattern.or(look.bottom_pattern);
        }
        Trait::Feeling(x) => look.expression = Some(x),
        Trait::Headwear(h) => {
            look.headwear = Some(h);
            look.headwear_color = color.or(look.headwear_color);
        }
        Trait::Skin(tone) => {
            let mix = |a: f32, b: f32| (a + (b - a) * tone).round() as u8;
            look.skin = Some(Color::rgb(
                mix(246.0, 78.0),
                mix(218.0, 48.0),
                mix(196.0, 32.0),
            ));
        }
    }
}

/// Sets on `look` every trait `more` names.
fn merge_look(look: &mut PersonLook, more: &PersonLook) {
    macro_rules! take {
        ($($f:ident),*) => { $( if more.$f.is_some() { look.$f = more.$f.clone(); } )* };
    }
    take!(
        age,
        gender,
        height,
        weight,
        muscle,
        skin,
        hair,
        hair_color,
        facial_hair,
        top,
        top_color,
        top_pattern,
        number,
        bottom,
        bottom_color,
        bottom_pattern,
        shoes_color,
        glasses,
        expression
    );
}

/// What the noun for a person says of their look: "girl" is young and female, "old man"
/// old and male, "basketball player" wears a jersey.
fn noun_look(text: &str, little: bool) -> PersonLook {
    let last = text.rsplit(' ').next().unwrap_or(text);
    let singular = last
        .strip_suffix('s')
        .filter(|_| last != "boss")
        .unwrap_or(last);
    let (gender, age) = match singular {
        "girl" | "daughter" | "granddaughter" => (Some(0.0), Some(if little { 6.0 } else { 9.0 })),
        "boy" | "son" | "grandson" => (Some(1.0), Some(if little { 6.0 } else { 9.0 })),
        "kid" | "child" | "children" | "twin" => (None, Some(if little { 5.0 } else { 8.0 })),
        "toddler" | "baby" => (None, Some(2.0)),
        "teenager" => (None, Some(15.0)),
        "grandma" | "grandmother" => (Some(0.0), Some(75.0)),
        "grandpa" | "grandfather" => (Some(1.0), Some(75.0)),
        "woman" | "women" | "lady" | "mother" | "mom" | "wife" | "bride" | "queen" | "princess"
        | "witch" | "policewoman" | "businesswoman" | "waitress" | "aunt" | "sister" => {
            (Some(0.0), None)
        }
        "man" | "men" | "guy" | "father" | "dad" | "husband" | "groom" | "king" | "prince"
        | "policeman" | "fireman" | "businessman" | "fisherman" | "uncle" | "brother" | "monk"
        | "cowboy" | "waiter" => (Some(1.0), None),
        _ => (None, None),
    };
    let mut look = PersonLook {
        gender,
        age,
        ..PersonLook::default()
    };
    if text.starts_with("old ") {
        look.age = Some(72.0);
    } else if text.starts_with("young ") {
        look.age = Some(24.0);
    }
    if text.contains("basketball") {
        look.top = Some(scene::Top::Jersey);
        look.bottom = Some(scene::Bottom::Shorts);
    }
    uniform(singular, &mut look);
    look
}

/// The working clothes a role wears: a chef's whites, checked trousers and toque, a
/// doctor's white coat, a police officer's navy and cap, an astronaut's suit and helmet,
/// a builder's hard hat.
fn uniform(role: &str, look: &mut PersonLook) {
    use scene::{Bottom, Headwear, Top};
    let white = Color::rgb(240, 240, 236);
    let navy = Color::rgb(24, 32, 64);
    let (top, top_color, bottom_color, headwear, headwear_color) = match role {
        "chef" | "cook" => (
            Top::Shirt,
            white,
            Color::rgb(40, 40, 44),
            Headwear::ChefHat,
            white,
        ),
        "doctor" | "nurse" | "scientist" => (
            Top::Coat,
            white,
            Color::rgb(70, 90, 120),
            Headwear::None,
            white,
        ),
        "policeman" | "policewoman" | "officer" | "cop" => {
            (Top::Shirt, navy, navy, Headwear::Cap, navy)
        }
        "astronaut" => (Top::Coat, white, white, Headwear::SpaceHelmet, white),
        "builder" | "worker" | "firefighter" | "fireman" => (
            Top::Shirt,
            Color::rgb(240, 130, 30),
            Color::rgb(50, 70, 110),
            Headwear::Helmet,
            Color::rgb(245, 205, 40),
        ),
        _ => return,
    };
    look.top = Some(top);
    look.top_color = Some(top_color);
    look.bottom = Some(Bottom::Trousers);
    look.bottom_color = Some(bottom_color);
    look.headwear = Some(headwear);
    look.headwear_color = Some(headwear_color);
    match role {
        "astronaut" => look.shoes_color = Some(white),
        // Chef's trousers are checked, dark on white.
        "chef" | "cook" => look.bottom_pattern = Some(scene::ClothPattern::Checks),
        _ => {}
    }
}

/// Whether a kind is something worn, so "a man in a red shirt" colours the man.
fn is_clothing(a: Archetype) -> bool {
    matches!(a.name(), "shirt" | "hat" | "shoe" | "glasses")
}

/// The state of the clause being read.
#[derive(Default)]
struct Clause {
    /// Who or what the clause is about.
    subject: Option<Ref>,
    /// Others named with the subject ("a feather and a hammer").
    also: Vec<Ref>,
    /// The subject of the clause before, for a clause that names none ("…, then jumps").
    inherited: Option<Ref>,
    /// The deed the clause's verb made.
    deed: Option<usize>,
    /// The last thing named.
    last: Option<Ref>,
    /// The next thing named is where the deed is aimed.
    towards: bool,
    /// The next thing named is where the last thing stands.
    relation: Option<(Relation, Ref)>,
    /// Gathers the two ends of "between".
    between: Vec<Ref>,
    /// The next colour and clothing describe the person.
    wearing: Option<usize>,
}

/// The reader: the reading so far and where it is in the prompt.
struct Reader {
    reading: Reading,
    /// Traits read before the person they describe ("a tall old man"), with their words.
    pending_look: (PersonLook, Vec<String>),
    /// The people the last person noun named ("two boys": both).
    last_group: std::ops::Range<usize>,
    understood: Vec<String>,
    unmapped: Vec<String>,
    warnings: Vec<String>,
    pending: Pending,
    clause: Clause,
    /// The current shot.
    shot: usize,
    /// The order step the next deed takes.
    step: u32,
    /// The next deed waits for the last one.
    then: bool,
    /// The next deed happens with the last one.
    with: bool,
    /// The next deed happened before this sentence's earlier ones.
    before: Option<u32>,
    /// The first step of the current sentence.
    sentence_step: Option<u32>,
    /// A time for the next deed, seconds into its shot.
    time: Option<f32>,
    /// A share of the shot for the next deed.
    share: Option<f32>,
    /// A manner for the next deed.
    strength: Option<f32>,
    /// The last person and thing named, for pronouns.
    last_person: Option<usize>,
    last_object: Option<usize>,
    /// Who speaks the next quoted line.
    speaker: Option<Ref>,
    /// The feeling the next quoted line is said with.
    manner: Option<scene::Expression>,
    /// The line quoted in the sentence being read.
    quoted_in_sentence: Option<usize>,
    /// Mood words, waiting for music.
    moods: Vec<(scene::Mood, String)>,
    /// The co-subjects of the clause before.
    inherited_also: Vec<Ref>,
}

impl Reader {
    fn new() -> Reader {
        Reader {
            reading: Reading {
                shots: vec![ShotPlan::default()],
                ..Reading::default()
            },
            pending_look: Default::default(),
            last_group: 0..0,
            understood: Vec::new(),
            unmapped: Vec::new(),
            warnings: Vec::new(),
            pending: Pending::default(),
            clause: Clause::default(),
            shot: 0,
            step: 0,
            then: false,
            with: false,
            before: None,
            sentence_step: None,
            time: None,
            share: None,
            strength: None,
            last_person: None,
            last_object: None,
            speaker: None,
            manner: None,
            quoted_in_sentence: None,
            moods: Vec::new(),
            inherited_also: Vec::new(),
        }
    }

    /// Qualities after the last thing named are its: "the ball is blue", "make it bigger".
    fn settle(&mut self) {
        if let Some(o) = self.last_object
            && !self.pending.is_empty()
            && self.pending.count.is_none()
        {
            let q = self.pending.take(&mut self.understood);
            let last = &mut self.reading.objects[o];
            last.color = q.color.or(last.color);
            last.size = q.size.or(last.size);
            last.material = q.material.or(last.material);
        }
        self.pending.discard(&mut self.unmapped);
    }

    /// Ends a clause (at a comma, a semicolon or a conjunction of order).
    fn end_clause(&mut self) {
        let inherited = self
            .clause
            .subject
            .or(self.clause.inherited)
            .or(self.clause.last);
        if self.clause.subject.is_some() {
            self.inherited_also = std::mem::take(&mut self.clause.also);
        }
        self.settle();
        self.clause = Clause {
            inherited,
            ..Clause::default()
        };
    }

    /// Ends a sentence: the next one starts afresh but pronouns still reach back.
    fn end_sentence(&mut self) {
        self.end_clause();
        self.settle_manner();
        self.clause.inherited = None;
        self.sentence_step = None;
        self.before = None;
    }

    /// Starts a new shot ("Shot 2:", "cut to"), unless the current one is still empty.
    fn cut(&mut self) {
        let current = &self.reading.shots[self.shot];
        let empty = current.subjects.is_empty()
            && current.film.is_empty()
            && !self.reading.deeds.iter().any(|d| d.shot == self.shot);
        if !empty {
            self.reading.shots.push(ShotPlan::default());
            self.shot += 1;
            self.step = 0;
            self.then = false;
        }
        self.end_sentence();
    }

    /// Records a deed, ordered by the words around it.
    fn deed(&mut self, act: Act) -> usize {
        // "fall from the sky": two words for one deed.
        if let Some(d) = self.clause.deed
            && self.reading.deeds[d].act == act
        {
            return d;
        }
        let agent = self
            .clause
            .subject
            .or(self.clause.inherited)
            .or(match self.last_person {
                Some(p) if matches!(act, Act::Verb(_) | Act::Say(_)) => Some(Ref::Person(p)),
                _ => None,
            });
        let previous = self
            .reading
            .deeds
            .iter()
            .rev()
            .find(|d| d.shot == self.shot)
            .map(|d| d.step);
        let mut step = match previous {
            None => 0,
            Some(p) if self.with => p,
            Some(_) => self.step + 1,
        };
        if let Some(first) = self.before.take() {
            // "… after X": X happened before this sentence's earlier deeds.
            for d in self.reading.deeds.iter_mut() {
                if d.shot == self.shot && d.step >= first {
                    d.step += 1;
                }
            }
            step = first;
        }
        self.then = false;
        self.with = false;
        self.step = self.step.max(step);
        self.sentence_step.get_or_insert(step);
        let also = if self.clause.subject.is_some() {
            self.clause.also.clone()
        } else {
            self.inherited_also.clone()
        };
        self.reading.deeds.push(Deed {
            act,
            agent,
            also,
            object: None,
            target: None,
            step,
            shot: self.shot,
            at: self.time.take(),
            share: self.share.take(),
            strength: self.strength.take().unwrap_or(1.0),
            miss: false,
            emotion: None,
        });
        let index = self.reading.deeds.len() - 1;
        self.clause.deed = Some(index);
        index
    }

    /// Something is named: it fills the clause's open role.
    fn named(&mut self, r: Ref) {
        self.reading.shots[self.shot].subjects.push(r);
        if let Some((relation, subject)) = self.clause.relation {
            if relation == Relation::Between {
                self.clause.between.push(r);
                if self.clause.between.len() == 2 {
                    self.reading.placements.push(Placement {
                        subject,
                        relation,
                        object: self.clause.between[0],
                        other: Some(self.clause.between[1]),
                    });
                    self.clause.relation = None;
                }
            } else if subject != r {
                let with: Vec<Ref> = if Some(subject) == self.clause.subject {
                    self.clause.also.clone()
                } else {
                    Vec::new()
                };
                for s in std::iter::once(subject).chain(with) {
                    self.reading.placements.push(Placement {
                        subject: s,
                        relation,
                        object: r,
                        other: None,
                    });
                }
                self.clause.relation = None;
                // "puts a mug on the table": where it is put is also where the deed aims.
                if let Some(d) = self.clause.deed
                    && self.reading.deeds[d].target.is_none()
                    && self.reading.deeds[d].object == Some(subject)
                {
                    self.reading.deeds[d].target = Some(r);
                }
            }
        } else if let Some(d) = self.clause.deed {
            let deed = &mut self.reading.deeds[d];
            if self.clause.towards && deed.agent != Some(r) {
                deed.target = Some(r);
                self.clause.towards = false;
            } else if deed.object.is_none() && deed.agent != Some(r) {
                deed.object = Some(r);
            } else if deed.target.is_none() && deed.agent != Some(r) && deed.object != Some(r) {
                deed.target = Some(r);
            }
        } else if self.clause.subject.is_none() {
            self.clause.subject = Some(r);
        } else if self.clause.subject != Some(r) && !self.clause.also.contains(&r) {
            self.clause.also.push(r);
        }
        self.clause.last = Some(r);
        match r {
            Ref::Person(p) => self.last_person = Some(p),
            Ref::Object(o) => self.last_object = Some(o),
        }
    }

    /// "saves a penalty kick": a ball is kicked at the deed's doer, a moment before.
    fn implied_kick(&mut self) {
        let Some(d) = self.clause.deed else {
            return;
        };
        let keeper = self.reading.deeds[d].agent;
        let ball = self.ball();
        self.reading.deeds[d].object = Some(ball);
        let step = self.sentence_step.unwrap_or(self.reading.deeds[d].step);
        for deed in self.reading.deeds.iter_mut() {
            if deed.shot == self.shot && deed.step >= step {
                deed.step += 1;
            }
        }
        self.reading.deeds.push(Deed {
            act: Act::Event(Event::Kick),
            agent: None,
            also: Vec::new(),
            object: Some(ball),
            target: keeper,
            step,
            shot: self.shot,
            at: None,
            share: None,
            strength: 1.0,
            miss: false,
            emotion: None,
        });
    }

    /// The ball the prompt names, or one it implies (a kick needs a ball).
    fn ball(&mut self) -> Ref {
        let known = self
            .reading
            .objects
            .iter()
            .position(|o| o.archetype.ball_radius().is_some());
        let index = known.unwrap_or_else(|| {
            let archetype = match self.reading.setting {
                Some(scene::Setting::BasketballCourt) => Archetype::Basketball,
                Some(scene::Setting::Field) | None => Archetype::SoccerBall,
                _ => Archetype::Ball,
            };
            self.reading.objects.push(Wanted {
                archetype,
                count: None,
                color: None,
                size: None,
                material: None,
                label: None,
                model: None,
            });
            self.reading.objects.len() - 1
        });
        Ref::Object(index)
    }

    /// A sound the prompt asks for, added to the direction for its kind of sound.
    fn hear(&mut self, kind: scene::SoundKind, text: String) {
        match self.reading.sounds.iter_mut().find(|d| d.kind == kind) {
            Some(d) => {
                d.description.push(' ');
                d.description.push_str(&text);
            }
            None => self.reading.sounds.push(scene::SoundDirection {
                kind,
                description: text,
                mood: None,
            }),
        }
    }

    /// A noun for a thing: merges with the same thing named before.
    fn object(&mut self, archetype: Archetype, label: Option<String>, model: Option<CatalogModel>) {
        let q = self.pending.take(&mut self.understood);
        // "a man in a red shirt": the shirt describes the man.
        if is_clothing(archetype) {
            let person = self.clause.wearing.take().or(match self.clause.relation {
                Some((Relation::Inside, Ref::Person(p))) => Some(p),
                _ => None,
            });
            if let Some(p) = person {
                self.clause.relation = None;
                let person = &mut self.reading.people[p];
                person.color = q.color.or(person.color);
                return;
            }
        }
        let existing = self
            .reading
            .objects
            .iter()
            .position(|o| o.archetype == archetype && o.label == label && o.model == model);
        let index = match existing {
            Some(i) => {
                let o = &mut self.reading.objects[i];
                o.count = q.count.or(o.count);
                o.color = q.color.or(o.color);
                o.size = q.size.or(o.size);
                o.material = q.material.or(o.material);
                i
            }
            None => {
                self.reading.objects.push(Wanted {
                    archetype,
                    count: q.count,
                    color: q.color,
                    size: q.size,
                    material: q.material,
                    label,
                    model,
                });
                self.reading.objects.len() - 1
            }
        };
        self.named(Ref::Object(index));
    }

    /// A noun for a person (or several: "two friends").
    fn person(&mut self, text: &str, cameo: Option<String>) {
        let little = self.pending.size.as_ref().is_some_and(|(s, _)| *s < 1.0);
        let q = self.pending.take(&mut self.understood);
        let count = q.count.unwrap_or(1).clamp(1, 12) as usize;
        // "the player" after "a basketball player" is the same person.
        let same = cameo.is_none()
            && q.count.is_none()
            && self
                .last_person
                .is_some_and(|p| self.reading.people[p].description.ends_with(text));
        if same
            || (q.count.is_none() && cameo.is_none() && self.reading.people.len() == 1 && {
                let d = &self.reading.people[0].description;
                d.ends_with(text) || text == "player"
            })
        {
            let p = self.last_person.unwrap_or(0);
            let (look, words) = std::mem::take(&mut self.pending_look);
            self.understood.extend(words);
            let person = &mut self.reading.people[p];
            person.color = q.color.or(person.color);
            merge_look(&mut person.look, &look);
            self.named(Ref::Person(p));
            return;
        }
        let description = match (&cameo, count, little) {
            (Some(handle), _, _) => handle.clone(),
            (None, 1, true) => format!("a little {text}"),
            (None, 1, false) => format!("a {text}"),
            (None, n, _) => format!("one of {n} {text}"),
        };
        let first = self.reading.people.len();
        let (pending, words) = std::mem::take(&mut self.pending_look);
        self.understood.extend(words);
        let mut look = noun_look(text, little || text.starts_with("little "));
        merge_look(&mut look, &pending);
        for _ in 0..count {
            self.reading.people.push(WantedPerson {
                description: description.clone(),
                color: q.color,
                cameo: cameo.clone(),
                look: look.clone(),
            });
        }
        self.last_group = first..first + count;
        self.named(Ref::Person(first));
        // "two friends sit": both do it.
        for p in first + 1..first + count {
            self.reading.shots[self.shot].subjects.push(Ref::Person(p));
            if self.clause.subject == Some(Ref::Person(first)) {
                self.clause.also.push(Ref::Person(p));
            }
        }
    }

    /// A trait of a person's look: of the person named next when one follows closely
    /// ("a tall man"), else of the person named last ("a woman with red hair"). Clothes
    /// and glasses with no one to wear them are things.
    fn person_trait(&mut self, t: Trait, line: String, person_ahead: bool, hair_follows: bool) {
        let t = match t {
            Trait::Length(long) if hair_follows => Trait::Hair(if long {
                scene::Hair::Long
            } else {
                scene::Hair::Short
            }),
            Trait::Length(false) => Trait::Height(0.05),
            Trait::Length(true) => {
                self.unmapped.push(words_of(&line));
                return;
            }
            t => t,
        };
        let color = match t {
            Trait::HairWord
            | Trait::Facial(_)
            | Trait::Top(_)
            | Trait::Bottom(_)
            | Trait::Headwear(_) => self.pending.color.take().map(|(c, words)| {
                self.understood.push(words);
                c
            }),
            _ => None,
        };
        let pattern = match t {
            Trait::Top(_) | Trait::Bottom(_) => self.pending.pattern.take().map(|(p, words)| {
                self.understood.push(words);
                p
            }),
            _ => None,
        };
        // "a redhead", "a blonde": someone with that hair.
        if matches!(t, Trait::HairColour(_)) && !person_ahead && self.last_person.is_none() {
            self.person("person", None);
        }
        if person_ahead || (self.last_person.is_none() && !is_worn_thing(t)) {
            apply_trait(&mut self.pending_look.0, t, color, pattern);
            self.pending_look.1.push(line);
            return;
        }
        let Some(p) = self.last_person else {
            // "glasses on the table", "a dress on a hanger": the things themselves.
            let name = if t == Trait::Glasses {
                "glasses"
            } else {
                "shirt"
            };
            self.understood.push(line);
            if let Some(c) = color {
                self.pending.color = Some((c, String::new()));
            }
            if let Some(a) = Archetype::from_name(name) {
                self.object(a, None, None);
            }
            return;
        };
        self.understood.push(line);
        // "a boy in shorts": the clothes end the "in", which placed nothing.
        if matches!(
            self.clause.relation,
            Some((Relation::Inside, Ref::Person(_)))
        ) {
            self.clause.relation = None;
        }
        self.clause.wearing = None;
        let group = self.group_of(p);
        for person in &mut self.reading.people[group] {
            apply_trait(&mut person.look, t, color, pattern);
            if let (Trait::Top(_), Some(c)) = (t, color) {
                person.color = Some(c);
            }
        }
    }

    /// Person `p` and those named together with them ("two boys"): what a trait said of
    /// one of them says of all.
    fn group_of(&self, p: usize) -> std::ops::Range<usize> {
        if self.last_group.contains(&p) {
            self.last_group.clone()
        } else {
            p..p + 1
        }
    }

    /// A number on a top: of the person named last, or the next one named.
    fn jersey_number(&mut self, n: u32, line: String) {
        match self.last_person {
            Some(p) => {
                let group = self.group_of(p);
                for person in &mut self.reading.people[group] {
                    person.look.number = Some(n);
                }
                self.understood.push(line);
            }
            None => {
                self.pending_look.0.number = Some(n);
                self.pending_look.1.push(line);
            }
        }
    }

    /// Hands a feeling still held at the end of a sentence to the line quoted in it.
    fn settle_manner(&mut self) {
        if let (Some(feeling), Some(d)) = (self.manner.take(), self.quoted_in_sentence.take()) {
            self.reading.deeds[d].emotion.get_or_insert(feeling);
        }
        self.quoted_in_sentence = None;
    }

    /// Someone already in the story ("he", "she", "the other").
    fn pronoun(&mut self, text: &str) {
        let people = self.reading.people.len();
        if people == 0 {
            // Qualities before a pronoun were the last thing's ("make the ball green and him …").
            self.settle();
            self.person(text, None);
            return;
        }
        // "he" and "she" mean the last person of that gender, when the story has one.
        let gender = match text {
            "he" | "him" | "his" => Some(1.0),
            "she" | "her" | "hers" => Some(0.0),
            _ => None,
        };
        let of_gender = gender.and_then(|g| {
            let matches = |i: &usize| self.reading.people[*i].look.gender == Some(g);
            self.last_person
                .filter(matches)
                .or_else(|| (0..people).rev().find(matches))
        });
        let p = match (text, self.last_person) {
            _ if of_gender.is_some() => of_gender.unwrap_or(0),
            ("the other" | "other", Some(last)) if people > 1 => (last + 1) % people,
            (_, Some(last)) => last,
            _ => 0,
        };
        if text == "each other" {
            if let Some(d) = self.clause.deed {
                let other = self.reading.deeds[d]
                    .agent
                    .and_then(|a| match a {
                        Ref::Person(a) => Some((a + 1) % people),
                        Ref::Object(_) => None,
                    })
                    .unwrap_or(p);
                self.reading.deeds[d].target = Some(Ref::Person(other));
            }
            return;
        }
        self.named(Ref::Person(p));
    }
}

/// Whether a named thing acts by itself: a person or an animal.
fn animate(reading: &Reading, r: Ref) -> bool {
    match r {
        Ref::Person(_) => true,
        Ref::Object(o) => reading.objects[o].archetype.is_alive(),
    }
}

/// The thing a deed moves: its object, or its doer when that is a lifeless thing.
fn moved(reading: &Reading, d: &Deed) -> Option<Ref> {
    match d.agent {
        Some(a @ Ref::Object(_)) if !animate(reading, a) => Some(a),
        _ => d.object,
    }
}

/// Later clauses that tell what an earlier deed led to: "shoots …; it hits the net",
/// "is putted … and drops into the hole", "throws a snowball … and knocks its hat off".
/// The physics makes those happen, so they aim the earlier deed instead of being staged
/// again. A journey with nowhere named goes to what its traveller acts on next.
fn consequences(reading: &mut Reading) {
    let mut order: Vec<usize> = (0..reading.deeds.len()).collect();
    order.sort_by_key(|&i| (reading.deeds[i].shot, reading.deeds[i].step, i));
    let launches = |act: Act| {
        matches!(
            act,
            Act::Event(
                Event::Throw
                    | Event::Kick
                    | Event::Shoot
                    | Event::Roll
                    | Event::Push
                    | Event::Collapse
            ) | Act::Verb(Verb::Spin | Verb::Fly | Verb::Drive | Verb::Swim)
        )
    };
    let mut gone = Vec::new();
    for (k, &i) in order.iter().enumerate() {
        let d = reading.deeds[i].clone();
        let Some(thing) = moved(reading, &d) else {
            continue;
        };
        let earlier = order[..k].iter().rev().copied().find(|&e| {
            !gone.contains(&e)
                && launches(reading.deeds[e].act)
                && moved(reading, &reading.deeds[e]) == Some(thing)
        });
        let inanimate_doer = d.agent.is_some_and(|a| !animate(reading, a));
        match (d.act, earlier) {
            (Act::Event(Event::Drop), Some(e)) => {
                let t = &mut reading.deeds[e];
                t.target = t.target.or(d.target);
                gone.push(i);
            }
            (Act::Event(Event::Kick | Event::Collide | Event::Push), Some(e)) if inanimate_doer => {
                let t = &mut reading.deeds[e];
                t.target = t.target.or(d.object).or(d.target);
                gone.push(i);
            }
            _ => {}
        }
    }
    // "throws a snowball at a snowman and knocks its hat off": the snowball knocks it.
    for (k, &i) in order.iter().enumerate() {
        let d = reading.deeds[i].clone();
        if d.act != Act::Event(Event::Push) || gone.contains(&i) || d.object.is_none() {
            continue;
        }
        let thrown = order[..k].iter().rev().copied().find(|&e| {
            let t = &reading.deeds[e];
            t.agent.is_some()
                && t.agent == d.agent
                && t.shot == d.shot
                && matches!(t.act, Act::Event(Event::Throw | Event::Kick | Event::Shoot))
        });
        if let Some(e) = thrown {
            reading.deeds[e].target = d.object;
            gone.push(i);
        }
    }
    // A journey with nowhere named ends where its traveller is placed, or at what they
    // act on next ("walks into the kitchen and puts a mug on the table").
    for (k, &i) in order.iter().enumerate() {
        let d = &reading.deeds[i];
        let Act::Verb(v) = d.act else { continue };
        if v.travel_speed().is_none() || d.target.is_some() {
            continue;
        }
        let Some(mover) = d.agent.or(d.object) else {
            continue;
        };
        let placed = reading.placements.iter().position(|p| {
            p.subject == mover && !matches!(p.relation, Relation::Inside | Relation::NextTo)
        });
        let next = order[k + 1..].iter().find_map(|&n| {
            let x = &reading.deeds[n];
            (x.agent == Some(mover) && x.shot == d.shot)
                .then(|| x.target.or(x.object))
                .flatten()
                .filter(|t| *t != mover)
        });
        if let Some(p) = placed {
            let p = reading.placements.remove(p);
            reading.deeds[i].target = Some(p.object);
        } else if let Some(t) = next {
            reading.deeds[i].target = Some(t);
        }
    }
    gone.sort_unstable();
    for i in gone.into_iter().rev() {
        reading.deeds.remove(i);
    }
}

/// Reads a prompt against the lexicon.
pub fn read(prompt: &str, options: &PlanOptions) -> Result<Read, PlanError> {
    let chars = prompt.chars().count();
    if chars > MAX_PROMPT_CHARS {
        return Err(PlanError::TooLong(chars));
    }
    if !(scene::DURATION_RANGE.0..=scene::DURATION_RANGE.1).contains(&options.seconds) {
        return Err(PlanError::Seconds(options.seconds));
    }
    let mut quotes = Vec::new();
    let tokens = tokens(prompt, &mut quotes);
    if !tokens
        .iter()
        .any(|t| matches!(t, Token::Word(_) | Token::Quote(_) | Token::Cameo(_)))
    {
        return Err(PlanError::Empty);
    }
    let mut r = Reader::new();
    r.reading.quotes = quotes;
    let mut i = 0;
    let mut previous: Option<Meaning> = None;
    let mut previous_word = String::new();
    while i < tokens.len() {
        let token = &tokens[i];
        let word = match token {
            Token::Stop(c) => {
                match c {
                    '.' | '!' | '?' => r.end_sentence(),
                    // "Shot 1:" and "(3 seconds)" are headings, not clause breaks.
                    ':' | '(' | ')' => {}
                    _ => r.end_clause(),
                }
                previous = None;
                previous_word.clear();
                i += 1;
                continue;
            }
            Token::Quote(k) => {
                let speaker = r
                    .speaker
                    .take()
                    .or(r
                        .clause
                        .subject
                        .or(r.clause.inherited)
                        .filter(|s| matches!(s, Ref::Person(_))))
                    .or(r.last_person.map(Ref::Person));
                let d = r.deed(Act::Say(*k));
                r.reading.deeds[d].agent = speaker;
                r.reading.deeds[d].emotion = r.manner.take();
                r.quoted_in_sentence = Some(d);
                i += 1;
                continue;
            }
            Token::Cameo(handle) => {
                r.understood.push(format!("{handle} → cameo"));
                r.person("person", Some(handle.clone()));
                i += 1;
                continue;
            }
            Token::Word(w) => w.clone(),
        };
        // The longest phrase has six words.
        let run: Vec<String> = tokens[i..]
            .iter()
            .take(6)
            .map_while(|t| match t {
                Token::Word(w) => Some(w.clone()),
                _ => None,
            })
            .collect();
        let (len, meaning) = match lexicon::phrase(&run) {
            Some((n, m)) => (n, Some(m)),
            None => (1, lexicon::word(&word)),
        };
        let text = run[..len].join(" ");
        i += len;
        let next_word = match tokens.get(i) {
            Some(Token::Word(w)) => Some(w.as_str()),
            _ => None,
        };
        // "Shot 2", "scene 3": a heading for a new shot.
        if matches!(word.as_str(), "shot" | "scene")
            && next_word.is_some_and(|w| lexicon::number(w).is_some())
        {
            i += 1;
            r.cut();
            r.understood.push(format!("{text} → a new shot"));
            previous = Some(Meaning::Film(Film::Cut));
            continue;
        }
        // "shot" after a filming word is the shot itself, not a basketball shot.
        let meaning = match (meaning, previous) {
            (Some(Meaning::Event(Event::Shoot)), Some(Meaning::Film(_))) if text == "shot" => {
                Some(Meaning::Physics)
            }
            // "one says …, the other laughs": one of the people named.
            (Some(Meaning::Count(1)), _)
                if text == "one"
                    && r.reading.people.len() > 1
                    && next_word.is_some_and(|w| {
                        matches!(
                            lexicon::word(w),
                            Some(Meaning::Act(_) | Meaning::Say | Meaning::Event(_))
                        )
                    }) =>
            {
                Some(Meaning::Pronoun)
            }
            // "the first one", "the last one": the thing just named.
            (Some(Meaning::Count(1)), _)
                if text == "one"
                    && matches!(
                        previous_word.as_str(),
                        "first" | "last" | "the" | "this" | "that" | "other" | "second" | "next"
                    ) =>
            {
                Some(Meaning::It)
            }
            (m, _) => m,
        };
        // Nouns that are also verbs ("waves", "rings"): a verb after its subject.
        let after_quality = matches!(
            previous,
            Some(Meaning::Colour(_) | Meaning::Size(_) | Meaning::Made(_) | Meaning::Count(_))
        );
        let meaning = match meaning {
            Some(Meaning::Object(_) | Meaning::Near(_) | Meaning::Place(_))
                if len == 1
                    && (r.clause.subject.is_some() || r.clause.inherited.is_some())
                    && r.clause.deed.is_none()
                    && !is_determiner(&previous_word)
                    && !after_quality =>
            {
                lexicon::verb(&word).or(meaning)
            }
            // "saves a penalty kick": after "a", an event is a thing (the ball) being kicked.
            Some(Meaning::Event(Event::Kick | Event::Shoot | Event::Throw))
                if is_determiner(&previous_word) && r.clause.deed.is_some() =>
            {
                r.understood.push(format!("{text} → a ball kicked at them"));
                r.implied_kick();
                previous = None;
                previous_word = word;
                continue;
            }
            // "a blue truck": after a determiner or a quality, a camera move's name is
            // the thing it is named after.
            // "a crane shot" is still the camera move.
            Some(Meaning::Film(_))
                if (is_determiner(&previous_word) || after_quality)
                    && next_word != Some("shot") =>
            {
                Archetype::from_name(&word)
                    .or_else(|| word.strip_suffix('s').and_then(Archetype::from_name))
                    .map(Meaning::Object)
                    .or(meaning)
            }
            m => m,
        };
        // "… says "…" and the other laughs": a noun followed by its verb starts a clause.
        let starts_clause = r.clause.deed.is_some()
            && matches!(
                meaning,
                Some(Meaning::Person | Meaning::Pronoun | Meaning::Object(_) | Meaning::It)
            )
            && next_word.is_some_and(|w| {
                lexicon::verb(w).is_some()
                    || matches!(
                        lexicon::word(w),
                        Some(Meaning::Act(_) | Meaning::Say | Meaning::Event(_))
                    )
            })
            && !matches!(
                previous,
                Some(
                    Meaning::Relation(_) | Meaning::Towards | Meaning::Colour(_) | Meaning::Size(_)
                )
            );
        if starts_clause && r.clause.relation.is_none() && !r.clause.towards {
            r.end_clause();
            r.clause.inherited = None;
        }
        // "its hat": the hat is on the thing just named.
        let owner = match (previous_word.as_str(), meaning) {
            ("its", Some(Meaning::Object(_))) => r
                .clause
                .last
                .filter(|l| matches!(l, Ref::Object(_)))
                .or(r.last_object.map(Ref::Object)),
            _ => None,
        };
        // A noun the catalogue has a model for, where a noun goes: a thing no kind
        // describes ("a printer", "a grand piano"), or an instrument that is also music
        // ("plays the piano": the piano, and its music).
        let unknown_or_sound = match meaning {
            None => true,
            Some(Meaning::Sound(_)) => len == 1,
            _ => false,
        };
        if unknown_or_sound
            && (is_determiner(&previous_word) || after_quality)
            && !word.ends_with("ly")
            && !lexicon::is_function_word(&word)
            && word.chars().count() > 2
            && let Some((model, name, extra)) = catalogue_noun(&word, next_word, meaning.is_none())
        {
            i += extra;
            // The instrument itself is heard; a piano bench is not.
            if let (Some(Meaning::Sound(kind)), 0) = (meaning, extra) {
                r.hear(kind, text);
            }
            r.understood.push(format!("{name} → a model: {}", model.id));
            r.object(Archetype::Model, Some(name), Some(model));
            previous = Some(Meaning::Object(Archetype::Model));
            previous_word = word;
            continue;
        }
        // An unknown word where a noun goes.
        let noun_position = (is_determiner(&previous_word) || after_quality)
            && !word.ends_with("ly")
            && !before_noun(next_word)
            && next_word.is_none_or(|w| lexicon::word(w).is_some() || lexicon::is_function_word(w));
        // WordNet knows what it is: a kind, a person, a place or weather ("a scalpel" is a
        // knife, "a surgeon" a person, "an operating room" a room).
        let mut via = None;
        let (meaning, text) = match meaning {
            None if (is_determiner(&previous_word) || after_quality) && len == 1 => {
                let pair = next_word.map(|n| format!("{word} {n}"));
                match pair.as_deref().and_then(wordnet::noun) {
                    Some(sense) => {
                        i += 1;
                        via = Some(sense.via);
                        (Some(sense.meaning), pair.unwrap_or_default())
                    }
                    None => match wordnet::noun(&word).filter(|_| noun_position) {
                        Some(sense) => {
                            via = Some(sense.via);
                            (Some(sense.meaning), text)
                        }
                        None => (None, text),
                    },
                }
            }
            m => (m, text),
        };
        let Some(meaning) = meaning else {
            // An unknown word where a noun goes becomes a labelled placeholder.
            if !lexicon::is_function_word(&text) {
                r.unmapped.push(text.clone());
                if noun_position && word.chars().all(|c| c.is_alphabetic() || c == '-') {
                    r.warnings.push(format!(
                        "\"{text}\" is not something Diorama can show yet; a labelled placeholder stands in for it"
                    ));
                    r.object(Archetype::Placeholder, Some(text.clone()), None);
                }
            }
            previous = None;
            previous_word = word;
            continue;
        };
        previous_word = word.clone();
        let line = match via {
            Some(via) if via != text => {
                format!("{text} → {} (WordNet: a kind of {via})", describe(&meaning))
            }
            Some(_) => format!("{text} → {} (WordNet)", describe(&meaning)),
            None => format!("{text} → {}", describe(&meaning)),
        };
        match meaning {
            Meaning::Object(archetype) => {
                r.understood.push(line);
                r.object(archetype, None, models::drawn_as(archetype, &text));
                if let (Some(owner), Some(thing)) = (owner, r.clause.last)
                    && owner != thing
                {
                    r.reading.placements.push(Placement {
                        subject: thing,
                        relation: Relation::On,
                        object: owner,
                        other: None,
                    });
                }
            }
            Meaning::Near(archetype) => {
                r.understood.push(line);
                // Drawn by a model of its own, it looks like what was asked for.
                let model = models::drawn_as(archetype, &text);
                if model.is_none() {
                    r.warnings.push(format!(
                        "\"{text}\" is shown as the closest thing Diorama has: {}",
                        archetype.name().replace('_', " ")
                    ));
                }
                r.object(archetype, None, model);
            }
            Meaning::Person => {
                r.understood.push(line);
                r.person(&text, None);
            }
            Meaning::Trait(t) => {
                let ahead: Vec<&str> = tokens[i..]
                    .iter()
                    .take(3)
                    .map_while(|t| match t {
                        Token::Word(w) => Some(w.as_str()),
                        _ => None,
                    })
                    .collect();
                let person_ahead = ahead
                    .iter()
                    .enumerate()
                    .find(|(_, w)| {
                        !matches!(
                            lexicon::word(w),
                            Some(
                                Meaning::Trait(_)
                                    | Meaning::Colour(_)
                                    | Meaning::Size(_)
                                    | Meaning::Count(_)
                            )
                        )
                    })
                    .is_some_and(|(k, w)| {
                        lexicon::word(w) == Some(Meaning::Person)
                            || lexicon::phrase(
                                &ahead[k..].iter().map(|s| s.to_string()).collect::<Vec<_>>(),
                            )
                            .is_some_and(|(_, m)| m == Meaning::Person)
                    });
                let hair_follows = ahead
                    .iter()
                    .take(2)
                    .any(|w| lexicon::word(w) == Some(Meaning::Trait(Trait::HairWord)));
                r.person_trait(t, line, person_ahead, hair_follows);
            }
            Meaning::Pronoun => {
                r.understood.push(line);
                r.pronoun(&text);
            }
            Meaning::It => {
                r.understood.push(line);
                // "knocks a cup off the table and it shatters": the thing acted on.
                let acted = r
                    .reading
                    .deeds
                    .iter()
                    .rev()
                    .find_map(|d| d.object.filter(|o| matches!(o, Ref::Object(_))));
                if let Some(o) = acted.or(r.last_object.map(Ref::Object)) {
                    r.named(o);
                }
            }
            Meaning::Place(s) => {
                r.understood.push(line);
                r.reading.places.push(text.clone());
                r.reading.setting.get_or_insert(s);
                // "a wooden floor": honoured when it is what the place is made of.
                let ground = r.reading.setting.map(|s| s.ground_material());
                if let Some((m, line)) = r.pending.material.take() {
                    if Some(m) == ground {
                        r.understood.push(line)
                    } else {
                        r.unmapped.push(words_of(&line))
                    }
                }
                r.pending.discard(&mut r.unmapped);
                // "on the grass", "into a kitchen": the ground, not a thing.
                r.clause.relation = None;
                r.clause.towards = false;
            }
            Meaning::Time(t) => {
                r.understood.push(line);
                r.reading.time = Some(t);
            }
            Meaning::Style(style) => {
                r.understood.push(line);
                r.reading.style = Some(style);
            }
            Meaning::Colour(c) => {
                hold(&mut r.pending.color, c, line, &mut r.unmapped);
            }
            Meaning::Pattern(p) => hold(&mut r.pending.pattern, p, line, &mut r.unmapped),
            Meaning::Number => match next_word
                .and_then(|w| w.parse::<u32>().ok().or_else(|| lexicon::number(w)))
                .filter(|&n| n <= 99)
            {
                Some(n) => {
                    i += 1;
                    r.jersey_number(n, format!("{text} {n} → printed on the top"));
                }
                None => r.unmapped.push(text),
            },
            // "says angrily": held for the next quoted line, or else (at the end of the
            // sentence) given to the one quoted before it.
            Meaning::Manner(feeling) => {
                r.understood.push(line);
                r.manner = Some(feeling);
            }
            Meaning::Made(m) => hold(&mut r.pending.material, m, line, &mut r.unmapped),
            Meaning::Size(s) => hold(&mut r.pending.size, s, line, &mut r.unmapped),
            Meaning::Count(n) => hold(&mut r.pending.count, n, line, &mut r.unmapped),
            Meaning::Seconds => {
                let Some((n, count_line)) = r.pending.count.take() else {
                    r.unmapped.push(text);
                    continue;
                };
                r.understood
                    .push(format!("{} {text} → time", words_of(&count_line)));
                let seconds = n as f32;
                let point = matches!(
                    tokens.get(i.saturating_sub(len + 2)),
                    Some(Token::Word(w)) if matches!(w.as_str(), "after" | "at" | "in" | "within")
                );
                if point {
                    match r.clause.deed {
                        Some(d) if r.reading.deeds[d].at.is_none() => {
                            r.reading.deeds[d].at = Some(seconds)
                        }
                        _ => r.time = Some(seconds),
                    }
                    r.before = None;
                } else {
                    r.reading.shots[r.shot].seconds = Some(seconds);
                }
            }
            Meaning::Event(e) => {
                r.understood.push(line);
                r.reading.events.push(e);
                match e {
                    // An outcome belongs to the shot, kick or throw before it.
                    Event::Miss | Event::Make => {
                        if let Some(d) = r.reading.deeds.iter_mut().rev().find(|d| {
                            matches!(d.act, Act::Event(Event::Shoot | Event::Kick | Event::Throw))
                        }) {
                            d.miss = e == Event::Miss;
                        }
                    }
                    // "rain falls", "lightning strikes": the weather does that by itself.
                    _ if matches!(previous, Some(Meaning::Weather(_))) => {}
                    _ => {
                        r.deed(Act::Event(e));
                    }
                }
            }
            Meaning::Act(v) => {
                r.understood.push(line);
                if !matches!(previous, Some(Meaning::Weather(_))) {
                    r.deed(Act::Verb(v));
                }
            }
            Meaning::Say => {
                r.understood.push(line);
                r.speaker = r
                    .clause
                    .subject
                    .or(r.clause.inherited)
                    .filter(|s| matches!(s, Ref::Person(_)))
                    .or(r.last_person.map(Ref::Person));
            }
            Meaning::Relation(rel) => {
                // Right after a verb of motion it says where to: "jumps over a box".
                let deed_act = r.clause.deed.map(|d| r.reading.deeds[d].act);
                let after_verb = matches!(previous, Some(Meaning::Act(_) | Meaning::Event(_)));
                if after_verb
                    && matches!(deed_act, Some(Act::Verb(v)) if v.travel_speed().is_some() || v == Verb::Jump)
                {
                    r.clause.towards = true;
                    previous = Some(meaning);
                    continue;
                }
                // "hits the ball over the net": where the struck thing goes.
                let struck = matches!(deed_act, Some(Act::Event(_)))
                    && r.clause.deed.and_then(|d| r.reading.deeds[d].object) == r.clause.last
                    && matches!(rel, Relation::Above | Relation::Inside);
                if struck && r.clause.last.is_some() {
                    r.clause.towards = true;
                    previous = Some(meaning);
                    continue;
                }
                // After other verbs it places the doer: "sits on a bench".
                let subject = if after_verb {
                    r.clause.deed.and_then(|d| r.reading.deeds[d].agent)
                } else {
                    r.clause.last
                };
                // Only between two things; "in the rain", "on the grass" say nothing more.
                match subject {
                    Some(Ref::Person(p)) if rel == Relation::Inside => {
                        r.clause.wearing = Some(p);
                        r.clause.relation = Some((rel, Ref::Person(p)));
                    }
                    Some(last) => r.clause.relation = Some((rel, last)),
                    None => {}
                }
            }
            Meaning::Towards => {
                r.clause.towards = true;
                r.clause.relation = None;
            }
            Meaning::Wearing => {
                r.understood.push(line);
                r.clause.wearing = r.last_person;
            }
            Meaning::FacingCamera => {
                r.understood.push(line);
                if let Some(p) = r.last_person {
                    r.reading.facing_camera.push(Ref::Person(p));
                }
                r.clause.towards = false;
            }
            Meaning::Film(f) => {
                r.understood.push(line);
                match f {
                    Film::Cut => r.cut(),
                    // A close look at one thing, then action: the action gets its own shot.
                    _ => r.reading.shots[r.shot].film.push(f),
                }
            }
            Meaning::Order(o) => {
                r.understood.push(line);
                match o {
                    Order::Then => {
                        let close = r.reading.shots[r.shot].film.iter().any(|f| {
                            matches!(
                                f,
                                Film::Size(
                                    scene::Framing::CloseUp | scene::Framing::ExtremeCloseUp
                                )
                            )
                        });
                        if close && r.reading.deeds.iter().all(|d| d.shot != r.shot) {
                            r.cut();
                        } else {
                            r.end_clause();
                            r.then = true;
                            r.with = false;
                        }
                    }
                    Order::While => {
                        r.end_clause();
                        r.with = true;
                    }
                    Order::After => {
                        // "after two seconds" is a time; "Y after X" puts X first.
                        if r.clause.deed.is_some() || r.sentence_step.is_some() {
                            r.before = r.sentence_step;
                        }
                        r.end_clause();
                    }
                    Order::AtEnd => match r.clause.deed {
                        Some(d) => r.reading.deeds[d].share = Some(0.8),
                        None => r.share = Some(0.8),
                    },
                    Order::AtStart => match r.clause.deed {
                        Some(d) => r.reading.deeds[d].share = Some(0.1),
                        None => r.share = Some(0.1),
                    },
                    Order::Meanwhile => r.cut(),
                }
            }
            Meaning::Sound(kind) => {
                r.understood.push(line);
                r.hear(kind, text);
            }
            Meaning::Mood(mood) => r.moods.push((mood, line)),
            Meaning::Weather(w) => {
                r.understood.push(line);
                r.reading.weather = Some(r.reading.weather.map_or(w, |old| combine(old, w)));
            }
            Meaning::Physics => {
                // "a ball bounces on the floor": it must fall to bounce.
                let subject = r.clause.subject.or(r.clause.inherited);
                let moved_already = r
                    .reading
                    .deeds
                    .iter()
                    .any(|d| d.object == subject || (d.object.is_none() && d.agent == subject));
                if text.starts_with("bounc")
                    && matches!(subject, Some(Ref::Object(_)))
                    && !moved_already
                {
                    r.deed(Act::Event(Event::Drop));
                }
                // "bounces three times": the count belongs to the word "times".
                if text == "times"
                    && let Some((_, count)) = r.pending.count.take()
                {
                    r.understood.push(count);
                }
                r.understood.push(line)
            }
            Meaning::Strength(s) => {
                r.understood.push(line);
                r.reading.strength = Some(s);
                match r.clause.deed {
                    Some(d) => r.reading.deeds[d].strength = s,
                    None => r.strength = Some(s),
                }
            }
        }
        previous = Some(meaning);
    }
    r.settle();
    r.settle_manner();
    // A mood word sets the music's mood; without music it is not honoured ("a sad man").
    let moods = std::mem::take(&mut r.moods);
    match r
        .reading
        .sounds
        .iter_mut()
        .find(|d| d.kind == scene::SoundKind::Music)
    {
        Some(music) => {
            music.mood = moods.first().map(|(m, _)| *m);
            r.understood.extend(moods.into_iter().map(|(_, line)| line));
        }
        // Without music a calm mood is the scene's own ("a calm lake"); others are not honoured.
        None => {
            for (mood, line) in moods {
                if mood == scene::Mood::Calm {
                    r.understood.push(line);
                } else {
                    r.unmapped.push(words_of(&line));
                }
            }
        }
    }
    // A shot left empty by a trailing heading is dropped.
    while r.reading.shots.len() > 1
        && r.reading
            .shots
            .last()
            .is_some_and(|s| s.subjects.is_empty() && s.film.is_empty())
        && !r
            .reading
            .deeds
            .iter()
            .any(|d| d.shot == r.reading.shots.len() - 1)
    {
        r.reading.shots.pop();
    }
    // Traits waiting for a person no one named described no one.
    let (_, unused) = std::mem::take(&mut r.pending_look);
    r.unmapped.extend(unused.iter().map(|l| words_of(l)));
    consequences(&mut r.reading);
    Ok(Read {
        reading: r.reading,
        understood: r.understood,
        unmapped: r.unmapped,
        warnings: r.warnings,
    })
}
