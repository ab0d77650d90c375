//! The WordNet table: for each noun lemma, the meaning the planner gives it and the
//! sense it reached that meaning through.
//!
//! A lemma's sense (its most frequent one, or a later one nearly as frequent when the
//! first is abstract) walks up its hypernyms. It is a person, a place or weather when
//! one of those senses is above it. It is a catalogue kind when the kind's sense is
//! above it ("a scalpel is a knife"), or when both sit close together under a narrow
//! sense: "hamster" and "mouse" are both rodents, "yacht" and "boat" both vessels. The
//! nearest wins, and a word whose sense reaches nothing is left out.

use crate::senses;
use std::collections::{HashMap, HashSet, VecDeque};
use std::path::Path;
use wordnet_db::WordNet;
use wordnet_types::{Pos, SynsetId};

/// Lexicographer files of concrete things: tops, animals, artifacts, food, places,
/// natural objects, people, phenomena and plants.
const CONCRETE: [u8; 9] = [3, 5, 6, 13, 15, 17, 18, 19, 20];
/// Lexicographer files of natural kinds (animals, food, natural objects and plants),
/// whose taxonomy is fine enough that close cousins look alike.
const NATURAL: [u8; 4] = [5, 13, 17, 20];
/// How far up from a word's sense a kind's sense may be.
const MOST_UP: u32 = 4;

/// The noun synsets: their hypernyms, lexicographer files, first words and how many
/// synsets lie below each.
struct Graph {
    hypernyms: HashMap<u32, Vec<u32>>,
    lexfile: HashMap<u32, u8>,
    first_word: HashMap<u32, String>,
    below: HashMap<u32, u32>,
}

impl Graph {
    fn of(wn: &WordNet) -> Graph {
        let mut hypernyms = HashMap::new();
        let mut lexfile = HashMap::new();
        let mut first_word = HashMap::new();
        for s in wn.iter_synsets().filter(|s| s.id.pos == Pos::Noun) {
            let up: Vec<u32> = s
                .pointers
                .iter()
                .filter(|p| p.symbol == "@" && p.target.pos == Pos::Noun)
                .map(|p| p.target.offset)
                .collect();
            hypernyms.insert(s.id.offset, up);
            lexfile.insert(s.id.offset, s.lex_filenum);
            let word = s.words.first().map(|w| w.text).unwrap_or_default();
            first_word.insert(s.id.offset, word.to_lowercase().replace('_', " "));
        }
        let mut below: HashMap<u32, u32> = HashMap::new();
        for &s in hypernyms.keys() {
            let mut seen = HashSet::new();
            let mut queue = vec![s];
            while let Some(x) = queue.pop() {
                for &h in &hypernyms[&x] {
                    if seen.insert(h) {
                        *below.entry(h).or_default() += 1;
                        queue.push(h);
                    }
                }
            }
        }
        Graph {
            hypernyms,
            lexfile,
            first_word,
            below,
        }
    }

    fn up(&self, s: u32) -> &[u32] {
        self.hypernyms.get(&s).map(Vec::as_slice).unwrap_or(&[])
    }
}

/// A meaning reached: what the table says, how far it was and through which sense.
#[derive(Clone)]
struct Reached {
    meaning: String,
    cost: u32,
    via: u32,
}

/// The senses each meaning is tied to, as offsets.
struct Ties {
    /// Person, place and weather senses: a word below one is that.
    categories: HashMap<u32, String>,
    /// Kinds' senses.
    kinds: HashMap<u32, String>,
    /// For a sense, the nearest kind's sense at or below it: how far down, and the kind.
    nearest_below: HashMap<u32, (u32, String)>,
    no_cousins: HashSet<u32>,
}

/// The offset of a sense named `lemma.n.NN`.
fn sense(wn: &WordNet, name: &str) -> Result<u32, String> {
    let mut parts = name.rsplitn(3, '.');
    let (Some(number), Some("n"), Some(lemma)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(format!("{name}: senses are named lemma.n.NN"));
    };
    let number: usize = number.parse().map_err(|_| format!("{name}: bad number"))?;
    wn.synsets_for_lemma(Pos::Noun, lemma)
        .get(number.wrapping_sub(1))
        .map(|id: &SynsetId| id.offset)
        .ok_or_else(|| format!("{name}: WordNet has no such sense"))
}

impl Ties {
    fn of(wn: &WordNet, graph: &Graph) -> Result<Ties, String> {
        let mut categories = HashMap::new();
        categories.insert(sense(wn, senses::PERSON)?, "person".to_string());
        for (kind, list) in [("place", senses::PLACES), ("weather", senses::WEATHER)] {
            for (name, names) in list {
                for s in names.iter() {
                    categories.insert(sense(wn, s)?, format!("{kind}:{name}"));
                }
            }
        }
        let mut kinds = HashMap::new();
        for (kind, names) in senses::KINDS {
            for s in names.iter() {
                kinds.insert(sense(wn, s)?, kind.to_string());
            }
        }
        // Each kind's sense marks itself and up to three senses above it.
        let mut nearest_below: HashMap<u32, (u32, String)> = HashMap::new();
        let mut sorted: Vec<(&u32, &String)> = kinds.iter().collect();
        sorted.sort();
        for (&s, kind) in sorted {
            let mut queue = VecDeque::from([(s, 0)]);
            let mut seen = HashSet::from([s]);
            while let Some((x, down)) = queue.pop_front() {
                let closer = nearest_below.get(&x).is_none_or(|(d, _)| down < *d);
                if closer {
                    nearest_below.insert(x, (down, kind.clone()));
                }
                if down < 3 {
                    for &h in graph.up(x) {
                        if seen.insert(h) {
                            queue.push_back((h, down + 1));
                        }
                    }
                }
            }
        }
        let no_cousins = senses::NO_COUSINS
            .iter()
            .map(|s| sense(wn, s))
            .collect::<Result<_, _>>()?;
        Ok(Ties {
            categories,
            kinds,
            nearest_below,
            no_cousins,
        })
    }

    /// Whether a kind `down` below sense `a`, itself `up` above the word's sense, may
    /// stand for the word.
    fn close_enough(&self, graph: &Graph, a: u32, up: u32, down: u32) -> bool {
        if down == 0 {
            return true;
        }
        if self.no_cousins.contains(&a) {
            return false;
        }
        let below = graph.below.get(&a).copied().unwrap_or(0);
        if NATURAL.contains(&graph.lexfile[&a]) {
            below <= 150 && down <= 2 && up + down <= 4
        } else {
            below <= 60 && down <= 1 && up + down <= 3
        }
    }

    /// The nearest meaning above (or beside) sense `s`.
    fn reach(&self, graph: &Graph, s: u32) -> Option<Reached> {
        let mut best: Option<Reached> = None;
        let mut queue = VecDeque::from([(s, 0u32)]);
        let mut seen = HashSet::from([s]);
        while let Some((a, up)) = queue.pop_front() {
            if best.as_ref().is_some_and(|b| b.cost <= up) {
                break;
            }
            if let Some(c) = self.categories.get(&a) {
                return Some(Reached {
                    meaning: c.clone(),
                    cost: up,
                    via: a,
                });
            }
            if up <= MOST_UP
                && let Some((down, kind)) = self.nearest_below.get(&a)
                && self.close_enough(graph, a, up, *down)
                && best.as_ref().is_none_or(|b| up + down < b.cost)
            {
                let same = up == 0 && *down == 0 && self.kinds.contains_key(&a);
                let meaning = format!("{}:{kind}", if same { "kind" } else { "near" });
                best = Some(Reached {
                    meaning,
                    cost: up + down,
                    via: a,
                });
            }
            for &h in graph.up(a) {
                if seen.insert(h) {
                    queue.push_back((h, up + 1));
                }
            }
        }
        best
    }
}

/// How often each noun sense was seen in the tagged corpus (`cntlist.rev`), by lemma and
/// sense number.
fn sense_counts(dict: &Path) -> Result<HashMap<(String, usize), u32>, String> {
    let text = std::fs::read_to_string(dict.join("cntlist.rev")).map_err(|e| e.to_string())?;
    let mut counts = HashMap::new();
    for line in text.lines() {
        let mut fields = line.split_whitespace();
        let (Some(key), Some(number), Some(count)) = (fields.next(), fields.next(), fields.next())
        else {
            continue;
        };
        let Some((lemma, rest)) = key.split_once('%') else {
            continue;
        };
        if !rest.starts_with('1') {
            continue;
        }
        if let (Ok(n), Ok(c)) = (number.parse(), count.parse()) {
            counts.insert((lemma.to_string(), n), c);
        }
    }
    Ok(counts)
}

/// The table's text: one `word<TAB>meaning<TAB>via` line per noun, sorted by word, then
/// one per irregular plural (`geese`) of a noun in it.
pub fn table(dict: &Path) -> Result<String, String> {
    let wn = WordNet::load(dict).map_err(|e| e.to_string())?;
    let graph = Graph::of(&wn);
    let ties = Ties::of(&wn, &graph)?;
    let counts = sense_counts(dict)?;
    let count = |lemma: &str, n: usize| counts.get(&(lemma.to_string(), n)).copied().unwrap_or(0);
    let mut lemmas: Vec<String> = wn
        .iter_synsets()
        .filter(|s| s.id.pos == Pos::Noun)
        .flat_map(|s| s.words.into_iter().map(|w| w.text.to_lowercase()))
        .filter(|w| w.matches('_').count() <= 1)
        .collect();
    lemmas.sort();
    lemmas.dedup();
    let mut rows: HashMap<String, (String, String)> = HashMap::new();
    for lemma in &lemmas {
        let first = count(lemma, 1);
        for (i, id) in wn.synsets_for_lemma(Pos::Noun, lemma).iter().enumerate() {
            // A later sense only when it is nearly as common as the first.
            if i > 0 && (first == 0 || count(lemma, i + 1) * 3 < first) {
                break;
            }
            if !CONCRETE.contains(&graph.lexfile[&id.offset]) {
                continue;
            }
            if let Some(r) = ties.reach(&graph, id.offset) {
                let via = graph.first_word[&r.via].clone();
                rows.insert(lemma.replace('_', " "), (r.meaning, via));
            }
            break;
        }
    }
    let exceptions = std::fs::read_to_string(dict.join("noun.exc")).map_err(|e| e.to_string())?;
    let mut extra = Vec::new();
    for line in exceptions.lines() {
        let mut words = line.split_whitespace().map(|w| w.replace('_', " "));
        if let (Some(surface), Some(lemma)) = (words.next(), words.next())
            && !rows.contains_key(&surface)
            && let Some(row) = rows.get(&lemma)
        {
            extra.push((surface, row.clone()));
        }
    }
    rows.extend(extra);
    let mut sorted: Vec<_> = rows.into_iter().collect();
    sorted.sort();
    let mut out = String::new();
    for (word, (meaning, via)) in sorted {
        out.push_str(&format!("{word}\t{meaning}\t{via}\n"));
    }
    Ok(out)
}
