//! Nouns the lexicon has no word for, read through WordNet 3.0: the table the build
//! script writes (see `build/wordnet.rs` and `senses.rs`) gives each noun the kind,
//! person, place or weather it is or is nearest to. WordNet 3.0 Copyright 2006 by
//! Princeton University; its licence (free to use, copy and redistribute with this
//! notice) is kept with the data in `.assets/wordnet-3.0/copyright`.

use crate::lexicon::Meaning;
use scene::{Archetype, Setting, Weather};
use std::collections::HashMap;
use std::sync::LazyLock;

/// What WordNet says a noun is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sense {
    pub meaning: Meaning,
    /// The WordNet sense the meaning was reached through ("rodent" for a hamster).
    pub via: &'static str,
}

static TABLE: LazyLock<HashMap<&'static str, Sense>> = LazyLock::new(|| {
    let text = include_str!(concat!(env!("OUT_DIR"), "/wordnet.tsv"));
    text.lines()
        .filter_map(|line| {
            let mut fields = line.split('\t');
            let (word, meaning, via) = (fields.next()?, fields.next()?, fields.next()?);
            Some((
                word,
                Sense {
                    meaning: meaning_of(meaning)?,
                    via,
                },
            ))
        })
        .collect()
});

/// A table meaning (`kind:dog`, `near:mouse`, `person`, `place:room`, `weather:snow`).
fn meaning_of(text: &str) -> Option<Meaning> {
    let (class, name) = text.split_once(':').unwrap_or((text, ""));
    let named = |name: &str| serde_json::Value::String(name.to_string());
    match class {
        "kind" => Archetype::from_name(name).map(Meaning::Object),
        "near" => Archetype::from_name(name).map(Meaning::Near),
        "person" => Some(Meaning::Person),
        "place" => serde_json::from_value::<Setting>(named(name))
            .ok()
            .map(Meaning::Place),
        "weather" => serde_json::from_value::<Weather>(named(name))
            .ok()
            .map(Meaning::Weather),
        _ => None,
    }
}

/// The noun's lemmas WordNet's morphy would try: the word itself, then the word with
/// a plural ending taken off (irregular plurals are in the table).
fn lemmas(word: &str) -> impl Iterator<Item = String> + '_ {
    const ENDINGS: [(&str, &str); 8] = [
        ("s", ""),
        ("ses", "s"),
        ("xes", "x"),
        ("zes", "z"),
        ("ches", "ch"),
        ("shes", "sh"),
        ("men", "man"),
        ("ies", "y"),
    ];
    std::iter::once(word.to_string()).chain(
        ENDINGS.iter().filter_map(move |(end, base)| {
            word.strip_suffix(end).map(|stem| format!("{stem}{base}"))
        }),
    )
}

/// What WordNet makes of a noun (or a two-word compound, "operating room"), if anything
/// the planner can show.
pub fn noun(words: &str) -> Option<Sense> {
    let (head, last) = match words.rsplit_once(' ') {
        Some((head, last)) => (format!("{head} "), last),
        None => (String::new(), words),
    };
    lemmas(last).find_map(|l| TABLE.get(format!("{head}{l}").as_str()).copied())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(word: &str) -> Option<&'static str> {
        match noun(word)?.meaning {
            Meaning::Object(a) | Meaning::Near(a) => Some(a.name()),
            _ => None,
        }
    }

    #[test]
    fn nouns_reach_the_nearest_kind_by_their_sense() {
        assert_eq!(kind("scalpel"), Some("knife"));
        assert_eq!(kind("hamster"), Some("mouse"));
        assert_eq!(kind("limousine"), Some("car"));
        assert_eq!(kind("orca"), Some("dolphin"));
        assert_eq!(kind("vase"), Some("jar"));
        // A synonym of a kind's own sense is that kind, not merely near it.
        assert_eq!(
            noun("automobile").map(|s| s.meaning),
            Some(Meaning::Object(Archetype::from_name("car").unwrap()))
        );
        // Tied to senses, not words: a cello is no rope, a jungle gym no frisbee.
        assert_eq!(kind("cello"), None);
        assert_eq!(kind("jungle gym"), None);
    }

    #[test]
    fn people_places_and_weather() {
        assert_eq!(noun("surgeon").map(|s| s.meaning), Some(Meaning::Person));
        assert_eq!(
            noun("ballroom").map(|s| s.meaning),
            Some(Meaning::Place(Setting::Room))
        );
        assert_eq!(
            noun("operating room").map(|s| s.meaning),
            Some(Meaning::Place(Setting::Room))
        );
        assert_eq!(
            noun("pasture").map(|s| s.meaning),
            Some(Meaning::Place(Setting::Field))
        );
        assert_eq!(
            noun("blizzard").map(|s| s.meaning),
            Some(Meaning::Weather(Weather::Snow))
        );
        // Abstract nouns reach nothing.
        assert_eq!(noun("wedding"), None);
        assert_eq!(noun("height"), None);
    }

    #[test]
    fn inflections_find_their_lemma() {
        assert_eq!(kind("hamsters"), Some("mouse"));
        assert_eq!(kind("scalpels"), Some("knife"));
        assert_eq!(kind("geese"), Some("goose"));
        assert_eq!(noun("surgeons").map(|s| s.meaning), Some(Meaning::Person));
        assert_eq!(
            noun("ballrooms").map(|s| s.meaning),
            Some(Meaning::Place(Setting::Room))
        );
    }
}
