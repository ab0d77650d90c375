//! Planning: turns a prompt into a Scene, and says what it understood and what it did not.
//!
//! The rule-based planner reads the prompt against a lexicon of what the generator can
//! honour (objects, places, times, colours, sizes, materials, counts, events, filming and
//! sound words), gathers adjectives onto the nouns they qualify, then stages the scene
//! from a layout that fits the objects named: a basketball shot, a row of dominoes, a
//! bowling lane, a stack of crates, a marble run, a pool table, a tower of blocks, or
//! objects falling. Every content word it cannot honour is reported in `unmapped`.

mod layout;
mod lexicon;

use lexicon::{Meaning, PHRASES};
use scene::{Archetype, Color, Material, Scene};
use serde::Serialize;

/// The longest prompt accepted, in characters (the Videos API's limit).
pub const MAX_PROMPT_CHARS: usize = 32_000;

/// A planned scene and an account of the prompt.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    /// The scene program.
    pub scene: Scene,
    /// Each recognized word or phrase and what it became.
    pub understood: Vec<String>,
    /// Each content word or phrase the planner could not honour.
    pub unmapped: Vec<String>,
}

/// How to plan.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlanOptions {
    /// Length of the film in seconds.
    pub seconds: f32,
    /// Seed for the small variations in placement.
    pub seed: u64,
}

/// Why a prompt could not be planned.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PlanError {
    /// The prompt has no words.
    #[error(
        "the prompt is empty; describe what should happen, for example \"a red ball bounces on a wooden floor\""
    )]
    Empty,
    /// The prompt is longer than allowed.
    #[error("the prompt has {0} characters; shorten it to at most {MAX_PROMPT_CHARS}")]
    TooLong(usize),
    /// The duration is out of range.
    #[error("{0} seconds is not a usable length; give 1 to 20 seconds")]
    Seconds(f32),
}

/// An object the prompt asks for, with its qualities.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Wanted {
    pub archetype: Archetype,
    pub count: Option<u32>,
    pub color: Option<Color>,
    pub size: Option<f32>,
    pub material: Option<Material>,
}

/// A person the prompt asks for: how it described them, and a colour for their clothes.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct WantedPerson {
    pub description: String,
    pub color: Option<Color>,
}

/// What the prompt says, gathered.
#[derive(Debug, Default)]
pub(crate) struct Reading {
    pub objects: Vec<Wanted>,
    pub people: Vec<WantedPerson>,
    pub setting: Option<scene::Setting>,
    pub time: Option<scene::TimeOfDay>,
    pub events: Vec<lexicon::Event>,
    pub film: Vec<lexicon::Film>,
    pub weather: Option<scene::Weather>,
    pub sounds: Vec<scene::SoundDirection>,
    pub strength: Option<f32>,
    pub dialogue: Vec<String>,
}

impl Reading {
    pub fn has(&self, archetype: Archetype) -> bool {
        self.objects.iter().any(|o| o.archetype == archetype)
    }
    pub fn wanted(&self, archetype: Archetype) -> Option<&Wanted> {
        self.objects.iter().find(|o| o.archetype == archetype)
    }
    pub fn event(&self, e: lexicon::Event) -> bool {
        self.events.contains(&e)
    }
}

/// Qualities waiting for their noun, each with the words it came from.
#[derive(Default)]
struct Pending {
    count: Option<(u32, String)>,
    color: Option<(Color, String)>,
    size: Option<(f32, String)>,
    material: Option<(Material, String)>,
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

impl Pending {
    /// Hands the qualities to a noun, recording them as understood.
    fn take(
        &mut self,
        understood: &mut Vec<String>,
    ) -> (Option<u32>, Option<Color>, Option<f32>, Option<Material>) {
        let mut keep = |t: &String| understood.push(t.clone());
        let count = self.count.take().map(|(v, t)| {
            keep(&t);
            v
        });
        let color = self.color.take().map(|(v, t)| {
            keep(&t);
            v
        });
        let size = self.size.take().map(|(v, t)| {
            keep(&t);
            v
        });
        let material = self.material.take().map(|(v, t)| {
            keep(&t);
            v
        });
        (count, color, size, material)
    }

    /// Drops qualities that found no noun, reporting them.
    fn discard(&mut self, unmapped: &mut Vec<String>) {
        let texts = [
            self.count.take().map(|(_, t)| t),
            self.color.take().map(|(_, t)| t),
            self.size.take().map(|(_, t)| t),
            self.material.take().map(|(_, t)| t),
        ];
        unmapped.extend(texts.into_iter().flatten().map(|t| words_of(&t)));
    }
}

/// Splits quoted speech out of the prompt.
fn split_quotes(prompt: &str) -> (String, Vec<String>) {
    let mut text = String::new();
    let mut quotes = Vec::new();
    let mut current: Option<String> = None;
    for c in prompt.chars() {
        let is_quote = matches!(c, '"' | '“' | '”');
        match (&mut current, is_quote) {
            (None, true) => current = Some(String::new()),
            (Some(q), true) => {
                quotes.push(q.trim().to_string());
                current = None;
                text.push(' ');
            }
            (Some(q), false) => q.push(c),
            (None, false) => text.push(c),
        }
    }
    if let Some(q) = current {
        text.push_str(&q);
    }
    (text, quotes)
}

/// Lower-case words, keeping hyphens and apostrophes inside words.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\''))
        .map(|w| w.trim_matches(|c| c == '-' || c == '\'').to_lowercase())
        .filter(|w| !w.is_empty())
        .collect()
}

fn describe(m: &Meaning) -> String {
    match m {
        Meaning::Object(a) => format!("object: {}", a.name()),
        Meaning::Person => "character: person".into(),
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
        Meaning::Film(f) => format!("camera: {f:?}").to_lowercase(),
        Meaning::Sound(k) => format!("sound: {k:?}").to_lowercase(),
        Meaning::Mood(m) => format!("music mood: {m:?}").to_lowercase(),
        Meaning::Weather(w) => format!("weather: {w:?}").to_lowercase(),
        Meaning::Physics => "simulated by physics".into(),
        Meaning::Strength(s) => format!("strength ×{s}"),
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

/// What a prompt says, with an account of each word.
pub(crate) struct Read {
    reading: Reading,
    understood: Vec<String>,
    unmapped: Vec<String>,
}

/// Plans a scene from a prompt.
pub fn plan(prompt: &str, options: &PlanOptions) -> Result<Plan, PlanError> {
    let Read {
        reading,
        mut understood,
        mut unmapped,
    } = read(prompt, options)?;
    let mut scene = layout::stage(&reading, options);
    give_lines(
        &mut scene,
        &reading.dialogue,
        &mut understood,
        &mut unmapped,
    );
    debug_assert!(scene.validate().is_ok(), "{:?}", scene.validate());
    Ok(Plan {
        scene,
        understood,
        unmapped,
    })
}

/// Changes a scene by what a new prompt asks and keeps the rest: a remix or an edit.
///
/// The place, time of day, weather, colours, sizes and materials of things already there,
/// the sound directions, the dialogue, the camera words and the outcome of a shot follow
/// the prompt where it names them. A thing the scene does not have cannot be added this
/// way; it is reported in `unmapped`.
pub fn revise(parent: &Scene, prompt: &str, seed: u64) -> Result<Plan, PlanError> {
    let options = PlanOptions {
        seconds: parent.duration,
        seed,
    };
    let Read {
        reading,
        mut understood,
        mut unmapped,
    } = read(prompt, &options)?;
    let mut scene = parent.clone();
    layout::revise(&mut scene, &reading, &mut unmapped);
    if !reading.dialogue.is_empty() {
        scene.dialogue.clear();
        give_lines(
            &mut scene,
            &reading.dialogue,
            &mut understood,
            &mut unmapped,
        );
    }
    debug_assert!(scene.validate().is_ok(), "{:?}", scene.validate());
    Ok(Plan {
        scene,
        understood,
        unmapped,
    })
}

/// Gives quoted lines to the first cast member, two seconds apart.
fn give_lines(
    scene: &mut Scene,
    lines: &[String],
    understood: &mut Vec<String>,
    unmapped: &mut Vec<String>,
) {
    let Some(speaker) = scene.cast.first().map(|c| c.entity.clone()) else {
        unmapped.extend(lines.iter().map(|q| format!("\"{q}\" (no one to say it)")));
        return;
    };
    for (k, line) in lines.iter().enumerate() {
        let at = (0.5 + k as f32 * 2.0).min(scene.duration * 0.8);
        scene.dialogue.push(scene::DialogueLine {
            at,
            speaker: speaker.clone(),
            text: line.clone(),
        });
        understood.push(format!("\"{line}\" → dialogue"));
    }
}

/// Reads a prompt against the lexicon.
fn read(prompt: &str, options: &PlanOptions) -> Result<Read, PlanError> {
    let chars = prompt.chars().count();
    if chars > MAX_PROMPT_CHARS {
        return Err(PlanError::TooLong(chars));
    }
    if !(scene::DURATION_RANGE.0..=scene::DURATION_RANGE.1).contains(&options.seconds) {
        return Err(PlanError::Seconds(options.seconds));
    }
    let (text, quotes) = split_quotes(prompt);
    let tokens = words(&text);
    if tokens.is_empty() && quotes.is_empty() {
        return Err(PlanError::Empty);
    }
    let phrases: Vec<(Vec<String>, Meaning)> =
        PHRASES.iter().map(|(p, m)| (words(p), *m)).collect();
    let mut reading = Reading {
        dialogue: quotes,
        ..Reading::default()
    };
    let mut understood: Vec<String> = Vec::new();
    let mut unmapped = Vec::new();
    // Adjectives wait for the noun they qualify; one that never finds it is not honoured.
    let mut pending = Pending::default();
    let mut moods = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let matched = phrases.iter().find(|(p, _)| tokens[i..].starts_with(p));
        let (len, meaning) = match matched {
            Some((p, m)) => (p.len(), Some(*m)),
            None => (1, lexicon::word(&tokens[i])),
        };
        let text = tokens[i..i + len].join(" ");
        i += len;
        let Some(meaning) = meaning else {
            if !lexicon::is_function_word(&text) {
                unmapped.push(text);
            }
            continue;
        };
        let line = format!("{text} → {}", describe(&meaning));
        match meaning {
            Meaning::Object(archetype) => {
                understood.push(line);
                let (count, color, size, material) = pending.take(&mut understood);
                // "the first one", "the bottom crate": a noun seen before is the same thing.
                if let Some(existing) = reading
                    .objects
                    .iter_mut()
                    .find(|o| o.archetype == archetype)
                {
                    existing.count = count.or(existing.count);
                    existing.color = color.or(existing.color);
                    existing.size = size.or(existing.size);
                    existing.material = material.or(existing.material);
                } else {
                    reading.objects.push(Wanted {
                        archetype,
                        count,
                        color,
                        size,
                        material,
                    });
                }
            }
            Meaning::Person => {
                understood.push(line);
                let little = pending.size.as_ref().is_some_and(|(s, _)| *s < 1.0);
                let (count, color, _, _) = pending.take(&mut understood);
                if reading.people.is_empty() || count.is_some() {
                    let pronoun = matches!(text.as_str(), "he" | "she" | "someone");
                    let description = match (pronoun, little) {
                        (true, _) => text.clone(),
                        (false, true) => format!("a little {text}"),
                        (false, false) => format!("a {text}"),
                    };
                    reading.people.push(WantedPerson { description, color });
                }
            }
            Meaning::Place(s) => {
                understood.push(line);
                reading.setting.get_or_insert(s);
                // "a wooden floor": honoured when it is what the place is made of.
                let ground = reading.setting.map(|s| s.ground_material());
                if let Some((m, line)) = pending.material.take() {
                    if Some(m) == ground {
                        understood.push(line)
                    } else {
                        unmapped.push(words_of(&line))
                    }
                }
                pending.discard(&mut unmapped);
            }
            Meaning::Colour(c) => hold(&mut pending.color, c, line, &mut unmapped),
            Meaning::Made(m) => hold(&mut pending.material, m, line, &mut unmapped),
            Meaning::Size(s) => hold(&mut pending.size, s, line, &mut unmapped),
            Meaning::Count(n) => hold(&mut pending.count, n, line, &mut unmapped),
            Meaning::Time(t) => {
                understood.push(line);
                reading.time = Some(t);
            }
            Meaning::Event(e) => {
                understood.push(line);
                reading.events.push(e);
            }
            Meaning::Film(f) => {
                understood.push(line);
                reading.film.push(f);
            }
            Meaning::Sound(kind) => {
                understood.push(line);
                match reading.sounds.iter_mut().find(|d| d.kind == kind) {
                    Some(d) => {
                        d.description.push(' ');
                        d.description.push_str(&text);
                    }
                    None => reading.sounds.push(scene::SoundDirection {
                        kind,
                        description: text,
                        mood: None,
                    }),
                }
            }
            Meaning::Mood(mood) => moods.push((mood, line)),
            Meaning::Weather(w) => {
                understood.push(line);
                reading.weather = Some(reading.weather.map_or(w, |old| combine(old, w)));
            }
            Meaning::Physics => understood.push(line),
            Meaning::Strength(s) => {
                understood.push(line);
                reading.strength = Some(s);
            }
        }
    }
    // "the ball is blue", "make the cubes bigger": qualities after the last noun are its.
    if let Some(last) = reading.objects.last_mut()
        && (pending.color.is_some() || pending.size.is_some() || pending.material.is_some())
    {
        let (_, color, size, material) = pending.take(&mut understood);
        last.color = color.or(last.color);
        last.size = size.or(last.size);
        last.material = material.or(last.material);
    }
    pending.discard(&mut unmapped);
    // A mood word sets the music's mood; without music it is not honoured ("a sad man").
    match reading
        .sounds
        .iter_mut()
        .find(|d| d.kind == scene::SoundKind::Music)
    {
        Some(music) => {
            music.mood = moods.first().map(|(m, _)| *m);
            understood.extend(moods.into_iter().map(|(_, line)| line));
        }
        None => unmapped.extend(moods.iter().map(|(_, line)| words_of(line))),
    }
    Ok(Read {
        reading,
        understood,
        unmapped,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts() -> PlanOptions {
        PlanOptions {
            seconds: 8.0,
            seed: 1,
        }
    }

    #[test]
    fn the_basketball_prompt_is_fully_understood() {
        let p = plan("A basketball player shoots from the free-throw line and misses; the ball bounces off the backboard and rolls away.", &opts()).unwrap();
        assert!(p.unmapped.is_empty(), "{:?}", p.unmapped);
        let s = &p.scene;
        assert_eq!(s.environment.setting, scene::Setting::BasketballCourt);
        assert!(s.entities.iter().any(|e| e.archetype == Archetype::Hoop));
        assert!(s.entities.iter().any(|e| e.archetype == Archetype::Person));
        let shot = s
            .actions
            .iter()
            .find(|a| a.verb == scene::Verb::Shoot)
            .expect("a shot");
        assert_eq!(shot.outcome, scene::Outcome::Miss);
        assert_eq!(s.validate(), Ok(()));
    }

    #[test]
    fn counts_colours_and_places_are_honoured() {
        let p = plan(
            "Three orange cubes fall from the sky onto a snowy field.",
            &opts(),
        )
        .unwrap();
        assert!(p.unmapped.is_empty(), "{:?}", p.unmapped);
        let cubes: Vec<_> = p
            .scene
            .entities
            .iter()
            .filter(|e| e.archetype == Archetype::Cube)
            .collect();
        assert_eq!(cubes.len(), 3);
        assert!(cubes.iter().all(|c| c.color == Color::named("orange")));
        assert_eq!(p.scene.environment.setting, scene::Setting::Snowfield);
    }

    #[test]
    fn sound_directions_weather_and_speakers_are_honoured() {
        let p = plan(
            "A little girl bounces a ball in the rain and says \"Look at me!\" while sad piano music plays and the crowd cheers.",
            &opts(),
        )
        .unwrap();
        let s = &p.scene;
        assert_eq!(s.environment.weather, scene::Weather::Rain);
        let music = s
            .sounds
            .iter()
            .find(|d| d.kind == scene::SoundKind::Music)
            .expect("music");
        assert_eq!(music.mood, Some(scene::Mood::Sad));
        assert!(s.sounds.iter().any(|d| d.kind == scene::SoundKind::Crowd));
        assert_eq!(s.cast[0].description, "a little girl");
        assert_eq!(s.dialogue[0].text, "Look at me!");
        assert_eq!(s.dialogue[0].speaker, s.cast[0].entity);
        assert_eq!(s.validate(), Ok(()));

        let storm = plan(
            "Rain and wind lash a wooden crate by the campfire.",
            &opts(),
        )
        .unwrap();
        assert_eq!(storm.scene.environment.weather, scene::Weather::Storm);
        assert!(storm.scene.sounds.iter().any(|d| d.kind
            == scene::SoundKind::Ambience
            && d.description.contains("campfire")));

        // A mood with no music to carry it is not honoured, and says so.
        let sad = plan("A sad man drops a ball.", &opts()).unwrap();
        assert!(
            sad.unmapped.contains(&"sad".to_string()),
            "{:?}",
            sad.unmapped
        );
        assert!(sad.scene.sounds.is_empty());
    }

    #[test]
    fn a_remix_changes_what_it_names_and_keeps_the_rest() {
        let parent = plan(
            "A basketball player shoots from the free-throw line and misses.",
            &opts(),
        )
        .unwrap()
        .scene;
        let remix = revise(
            &parent,
            "Make the ball green and let him score, at night.",
            9,
        )
        .unwrap();
        let s = &remix.scene;
        let ball = s
            .entities
            .iter()
            .find(|e| e.archetype == Archetype::Basketball)
            .unwrap();
        assert_eq!(ball.color, Color::named("green"));
        assert_eq!(s.environment.time_of_day, scene::TimeOfDay::Night);
        let shot = s
            .actions
            .iter()
            .find(|a| a.verb == scene::Verb::Shoot)
            .unwrap();
        assert_eq!(shot.outcome, scene::Outcome::Hit);
        // Everything else is the parent's: the same things in the same places.
        assert_eq!(s.entities.len(), parent.entities.len());
        for (a, b) in s.entities.iter().zip(&parent.entities) {
            assert_eq!(
                (&a.id, a.position, a.archetype),
                (&b.id, b.position, b.archetype)
            );
        }
        assert_eq!(s.environment.setting, parent.environment.setting);
        assert_eq!(s.validate(), Ok(()));
        // A thing the parent does not have is reported, not silently dropped.
        let added = revise(&parent, "Add a bowling pin.", 9).unwrap();
        assert!(
            added.unmapped.iter().any(|u| u.starts_with("pin")),
            "{:?}",
            added.unmapped
        );
    }

    #[test]
    fn unknown_words_are_reported_not_hidden() {
        let p = plan("A purple giraffe juggles flaming torches.", &opts()).unwrap();
        for w in ["giraffe", "juggles", "flaming", "torches"] {
            assert!(
                p.unmapped.iter().any(|u| u == w),
                "{w} missing from {:?}",
                p.unmapped
            );
        }
        assert_eq!(p.scene.validate(), Ok(()));
    }

    #[test]
    fn bad_prompts_are_refused_with_the_fix() {
        assert_eq!(plan("   ", &opts()), Err(PlanError::Empty));
        assert_eq!(
            plan(&"a".repeat(32_001), &opts()),
            Err(PlanError::TooLong(32_001))
        );
        assert!(
            plan(
                "a ball",
                &PlanOptions {
                    seconds: 0.0,
                    seed: 1
                }
            )
            .unwrap_err()
            .to_string()
            .contains("1 to 20")
        );
    }

    #[test]
    fn every_development_prompt_plans_to_a_valid_scene() {
        let prompts = include_str!("../tests/physical_prompts.txt");
        for line in prompts
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        {
            let p = plan(line, &opts()).unwrap();
            assert_eq!(p.scene.validate(), Ok(()), "{line}");
            assert!(!p.scene.entities.is_empty(), "{line}");
        }
    }
}
