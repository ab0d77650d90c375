//! Speech: dialogue lines spoken with espeak-ng, and the phoneme timings that move the
//! speakers' mouths.
//!
//! espeak-ng is compiled from source by `espeak-rs-sys` and its English data is embedded
//! in the binary, so nothing needs installing at run time. Each speaker gets one voice for
//! the whole film, chosen from their cast description (man, woman, child, old man, old
//! woman, robot) and varied a little per speaker so two men do not sound the same.

mod espeak;
mod viseme;

pub use viseme::viseme;

use rubato::audioadapter_buffers::direct::InterleavedSlice;
use rubato::{Fft, FixedSync, Resampler};
use scene::Scene;
use timeline::{Phoneme, Timeline, Utterance};

/// Each phoneme's onset in seconds and its espeak-ng name.
pub type PhonemeTimes = Vec<(f64, String)>;

/// Each phoneme's onset as a sample position and its espeak-ng name.
pub type PhonemeSamples = Vec<(usize, String)>;

/// Sample rate of the audio this crate returns.
pub const SAMPLE_RATE: u32 = 48_000;

/// Silence kept between one line's end and the next line's start when they would overlap.
pub const TURN_GAP: f64 = 0.2;

/// Speech failed.
#[derive(Debug, thiserror::Error)]
pub enum SpeechError {
    /// The synthesizer could not start or refused a line.
    #[error("speech synthesis failed: {0}")]
    Synthesis(String),
}

/// Broad kinds of voice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VoiceKind {
    /// An adult man.
    Man,
    /// An adult woman.
    Woman,
    /// A child.
    Child,
    /// An old man.
    OldMan,
    /// An old woman.
    OldWoman,
    /// A robot.
    Robot,
}

/// How old a person noun says someone is.
#[derive(Clone, Copy, PartialEq)]
enum Age {
    Child,
    Adult,
    Old,
}

/// Person nouns: the age and sex they say (`None` when they do not).
const PEOPLE: &[(&str, Age, Option<bool>)] = {
    use Age::*;
    &[
        ("woman", Adult, Some(true)),
        ("women", Adult, Some(true)),
        ("lady", Adult, Some(true)),
        ("mother", Adult, Some(true)),
        ("mom", Adult, Some(true)),
        ("mum", Adult, Some(true)),
        ("female", Adult, Some(true)),
        ("queen", Adult, Some(true)),
        ("actress", Adult, Some(true)),
        ("aunt", Adult, Some(true)),
        ("sister", Adult, Some(true)),
        ("wife", Adult, Some(true)),
        ("princess", Adult, Some(true)),
        ("waitress", Adult, Some(true)),
        ("nun", Adult, Some(true)),
        ("man", Adult, Some(false)),
        ("men", Adult, Some(false)),
        ("guy", Adult, Some(false)),
        ("gentleman", Adult, Some(false)),
        ("male", Adult, Some(false)),
        ("father", Adult, Some(false)),
        ("dad", Adult, Some(false)),
        ("uncle", Adult, Some(false)),
        ("brother", Adult, Some(false)),
        ("husband", Adult, Some(false)),
        ("king", Adult, Some(false)),
        ("prince", Adult, Some(false)),
        ("waiter", Adult, Some(false)),
        ("monk", Adult, Some(false)),
        ("girl", Child, Some(true)),
        ("daughter", Child, Some(true)),
        ("schoolgirl", Child, Some(true)),
        ("boy", Child, Some(false)),
        ("son", Child, Some(false)),
        ("schoolboy", Child, Some(false)),
        ("child", Child, None),
        ("children", Child, None),
        ("kid", Child, None),
        ("kids", Child, None),
        ("baby", Child, None),
        ("toddler", Child, None),
        ("grandma", Old, Some(true)),
        ("grandmother", Old, Some(true)),
        ("granny", Old, Some(true)),
        ("grandpa", Old, Some(false)),
        ("grandfather", Old, Some(false)),
        ("wizard", Old, Some(false)),
    ]
};

impl VoiceKind {
    /// The kind of voice for a person's look (age and gender), unless the description
    /// says they are a machine.
    pub fn from_look(look: &scene::PersonLook, description: &str) -> VoiceKind {
        let by_words = VoiceKind::from_description(description);
        let (Some(age), Some(gender)) = (look.age, look.gender) else {
            return by_words;
        };
        let female = gender < 0.5;
        match by_words {
            VoiceKind::Robot => VoiceKind::Robot,
            _ if age < 13.0 => VoiceKind::Child,
            _ if age >= 60.0 && female => VoiceKind::OldWoman,
            _ if age >= 60.0 => VoiceKind::OldMan,
            _ if female => VoiceKind::Woman,
            _ => VoiceKind::Man,
        }
    }

    /// The kind of voice a description suggests ("a little girl", "an old sailor", ...).
    /// The person is the first person noun that is not a possessive ("a girl's
    /// grandfather" is an old man, "a woman walking her son" a woman); adjectives ("old",
    /// "elderly") and, when no noun says, pronouns ("she", "her") fill in.
    pub fn from_description(description: &str) -> VoiceKind {
        let lower = description.to_lowercase();
        let words: Vec<&str> = lower
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let any = |list: &[&str]| words.iter().any(|w| list.contains(w));
        if any(&[
            "robot", "android", "droid", "cyborg", "ai", "machine", "computer",
        ]) {
            return VoiceKind::Robot;
        }
        let possessive = |i: usize| words.get(i + 1) == Some(&"s");
        let person = words.iter().enumerate().find_map(|(i, w)| {
            let entry = PEOPLE.iter().find(|(noun, ..)| noun == w)?;
            (!possessive(i)).then_some((entry.1, entry.2))
        });
        let (age, sex) = person.unwrap_or((Age::Adult, None));
        let female = sex.unwrap_or_else(|| any(&["she", "her", "hers"]));
        let old = age == Age::Old || any(&["old", "elderly", "aged", "senior"]);
        match (age, old, female) {
            (Age::Child, ..) => VoiceKind::Child,
            (_, true, true) => VoiceKind::OldWoman,
            (_, true, false) => VoiceKind::OldMan,
            (_, false, true) => VoiceKind::Woman,
            (_, false, false) => VoiceKind::Man,
        }
    }
}

/// A speaker's voice: the espeak-ng voice and how it is set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Voice {
    /// The broad kind.
    pub kind: VoiceKind,
    /// espeak-ng voice name (language and variant).
    pub name: String,
    /// Base pitch, 0–100.
    pub pitch: i32,
    /// Pitch range, 0–100.
    pub range: i32,
    /// Speaking rate in words per minute.
    pub rate: i32,
}

impl Voice {
    /// The voice for a speaker: its kind from their look (or else their description),
    /// varied by the speaker's id so that each speaker keeps one voice and two speakers of
    /// a kind still differ. A teenager's voice sits between a child's and an adult's.
    pub fn for_speaker(id: &str, description: &str, look: Option<&scene::PersonLook>) -> Voice {
        let kind = look.map_or_else(
            || VoiceKind::from_description(description),
            |l| VoiceKind::from_look(l, description),
        );
        let hash = id.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
        });
        let pick = (hash % 2) as usize;
        let nudge = (hash >> 8) as i32 % 11 - 5;
        let (variants, pitch, range, rate): (&[&str], i32, i32, i32) = match kind {
            VoiceKind::Man => (&["m3", "m7"], 42, 50, 165),
            VoiceKind::Woman => (&["f3", "f2"], 58, 60, 170),
            VoiceKind::Child => (&["f5", "f5"], 85, 70, 180),
            VoiceKind::OldMan => (&["grandpa", "m3"], 35, 35, 140),
            VoiceKind::OldWoman => (&["grandma", "f2"], 50, 40, 140),
            VoiceKind::Robot => (&["robosoft", "robosoft"], 40, 5, 155),
        };
        // Between 13 and 17 the voice falls from a child's towards an adult's.
        let teen = look
            .and_then(|l| l.age)
            .filter(|a| (13.0..18.0).contains(a))
            .map_or(0, |a| ((18.0 - a) * 5.0) as i32);
        Voice {
            kind,
            name: format!("en-us+{}", variants[pick]),
            pitch: (pitch + nudge + teen).clamp(0, 100),
            range,
            rate: rate + nudge * 2,
        }
    }
}

impl Voice {
    /// The voice as it says a line with `feeling`: anger is quicker with a wider range,
    /// sadness slower, lower and flatter, fear and surprise higher, joy a little brighter.
    pub fn with_feeling(&self, feeling: Option<scene::Expression>) -> Voice {
        use scene::Expression::*;
        let (pitch, range, rate) = match feeling {
            None | Some(Neutral) => (0, 0, 0),
            Some(Smile) => (4, 10, 5),
            Some(Laugh) => (6, 15, 10),
            Some(Angry) => (-2, 20, 20),
            Some(Sad) => (-6, -20, -30),
            Some(Afraid) => (8, 10, 20),
            Some(Surprised) => (10, 25, 5),
        };
        Voice {
            pitch: (self.pitch + pitch).clamp(0, 100),
            range: (self.range + range).clamp(0, 100),
            rate: (self.rate + rate).max(80),
            ..self.clone()
        }
    }

    fn settings(&self) -> espeak::VoiceSettings<'_> {
        espeak::VoiceSettings {
            name: &self.name,
            pitch: self.pitch,
            range: self.range,
            rate: self.rate,
        }
    }
}

/// A spoken line: where it sits in the film and its audio.
#[derive(Debug, Clone, PartialEq)]
pub struct Speech {
    /// The line with its phoneme timings.
    pub utterance: Utterance,
    /// Mono samples at `SAMPLE_RATE`, starting at `utterance.start`.
    pub samples: Vec<f32>,
}

/// Speaks `text` in `voice`: mono samples at `SAMPLE_RATE` and every phoneme's onset in
/// seconds from the start of the audio, with its espeak-ng name.
pub fn speak(text: &str, voice: &Voice) -> Result<(Vec<f32>, PhonemeTimes), SpeechError> {
    let synthesis = espeak::synthesize(text, &voice.settings()).map_err(SpeechError::Synthesis)?;
    let rate = synthesis.rate as f64;
    let phonemes = synthesis
        .phonemes
        .into_iter()
        .map(|(sample, name)| (sample as f64 / rate, name))
        .collect();
    let samples: Vec<f32> = synthesis
        .samples
        .iter()
        // 2 dB of headroom: espeak-ng's loud voices reach full scale and resampling
        // overshoots a little.
        .map(|&s| s as f32 / 32768.0 * 0.8)
        .collect();
    Ok((resample(&samples, synthesis.rate)?, phonemes))
}

/// espeak-ng's own output for `text` in `voice`, untouched: its sample count, its sample
/// rate and each phoneme's sample position and name (to check the timings against).
pub fn espeak_timings(
    text: &str,
    voice: &Voice,
) -> Result<(usize, u32, PhonemeSamples), SpeechError> {
    let s = espeak::synthesize(text, &voice.settings()).map_err(SpeechError::Synthesis)?;
    Ok((s.samples.len(), s.rate, s.phonemes))
}

/// Converts mono audio to `SAMPLE_RATE`, keeping its timing (the resampler's delay is
/// removed).
fn resample(samples: &[f32], rate: u32) -> Result<Vec<f32>, SpeechError> {
    if rate == SAMPLE_RATE || samples.is_empty() {
        return Ok(samples.to_vec());
    }
    let fail = |e: &dyn std::fmt::Display| SpeechError::Synthesis(format!("resampling: {e}"));
    let mut resampler = Fft::<f32>::new(
        rate as usize,
        SAMPLE_RATE as usize,
        1024,
        1,
        FixedSync::Input,
    )
    .map_err(|e| fail(&e))?;
    let input = InterleavedSlice::new(samples, 1, samples.len()).map_err(|e| fail(&e))?;
    let output = resampler
        .process_all(&input, samples.len(), None)
        .map_err(|e| fail(&e))?;
    // The resampler can stop a few samples short of the exact length; pad to it.
    let exact = (samples.len() as f64 * SAMPLE_RATE as f64 / rate as f64).round() as usize;
    let mut out = output.take_data();
    out.resize(exact, 0.0);
    Ok(out)
}

/// Speaks every dialogue line of the scene, each speaker in their own voice. Lines start
/// at their time, or just after the previous line ends if that is later.
pub fn speak_dialogue(scene: &Scene) -> Result<Vec<Speech>, SpeechError> {
    let mut lines: Vec<_> = scene.dialogue.iter().collect();
    lines.sort_by(|a, b| a.at.total_cmp(&b.at));
    let mut free_from = 0.0f64;
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        let description = scene
            .cast
            .iter()
            .find(|c| c.entity == line.speaker)
            .map_or(line.speaker.as_str(), |c| c.description.as_str());
        let look = scene.entity(&line.speaker).and_then(|e| e.look.as_ref());
        let voice = Voice::for_speaker(&line.speaker, description, look).with_feeling(line.emotion);
        let (samples, phonemes) = speak(&line.text, &voice)?;
        let start = (line.at as f64).max(free_from);
        let duration = samples.len() as f64 / SAMPLE_RATE as f64;
        free_from = start + duration + TURN_GAP;
        out.push(Speech {
            utterance: Utterance {
                speaker: line.speaker.clone(),
                text: line.text.clone(),
                emotion: line.emotion,
                start,
                duration,
                phonemes: phonemes
                    .into_iter()
                    .map(|(time, name)| Phoneme {
                        time: start + time,
                        viseme: viseme(&name),
                        name,
                    })
                    .collect(),
            },
            samples,
        });
    }
    Ok(out)
}

/// Records the spoken lines, with their phoneme timings, in the timeline; the renderer
/// shapes each speaker's mouth from them (`people::mouth_at`).
pub fn record_speech(timeline: &mut Timeline, speech: &[Speech]) {
    timeline.speech = speech.iter().map(|s| s.utterance.clone()).collect();
}
