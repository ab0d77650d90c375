//! A procedural score: a chord progression in a key and tempo chosen by mood, played by
//! a few synthesized instruments (piano, pad, bass, drums and a melody).

use crate::dsp::{LowPass, Partial, noise};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use scene::Mood;
use std::f32::consts::PI;

/// How a mood is played.
struct Style {
    bpm: f32,
    minor: bool,
    piano: bool,
    pad: bool,
    drums: bool,
    melody: bool,
}

fn style(mood: Mood) -> Style {
    let s = |bpm, minor, piano, pad, drums, melody| Style {
        bpm,
        minor,
        piano,
        pad,
        drums,
        melody,
    };
    match mood {
        Mood::Upbeat => s(124.0, false, true, false, true, true),
        Mood::Sad => s(66.0, true, true, false, false, true),
        Mood::Calm => s(76.0, false, true, true, false, false),
        Mood::Tense => s(96.0, true, false, true, false, false),
        Mood::Epic => s(100.0, true, false, true, true, true),
    }
}

/// The key, tempo and chords the score used.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// MIDI note of the key's root.
    pub root: u8,
    /// Minor key.
    pub minor: bool,
    /// Beats per minute.
    pub bpm: f32,
}

fn hz(midi: f32) -> f32 {
    440.0 * 2f32.powf((midi - 69.0) / 12.0)
}

/// Adds `seconds` of music in `mood` to interleaved stereo, at roughly `level` RMS.
pub fn add_music(
    stereo: &mut [f32],
    rate: f32,
    mood: Mood,
    level: f32,
    rng: &mut ChaCha8Rng,
) -> Plan {
    let style = style(mood);
    let root = 57 + rng.random_range(0..7u8); // A3 to D#4
    let plan = Plan {
        root,
        minor: style.minor,
        bpm: style.bpm,
    };
    // Scale degrees (semitones) and a four-chord progression on them.
    let scale: [i32; 7] = if style.minor {
        [0, 2, 3, 5, 7, 8, 10]
    } else {
        [0, 2, 4, 5, 7, 9, 11]
    };
    let progression: [usize; 4] = if style.minor {
        [0, 5, 2, 6]
    } else {
        [0, 4, 5, 3]
    };
    let beat = 60.0 / style.bpm;
    let bar = beat * 4.0;
    let frames = stereo.len() / 2;
    let seconds = frames as f32 / rate;
    let note = |degree: usize, octave: i32| -> f32 {
        let d = degree % 7;
        let up = (degree / 7) as i32;
        root as f32 + scale[d] as f32 + 12.0 * (octave + up) as f32
    };
    let mut note_buffer = Vec::new();
    let mut voice = |stereo: &mut [f32],
                     start: f32,
                     length: f32,
                     pitch: f32,
                     amp: f32,
                     kind: Instrument,
                     pan: f32| {
        let at = (start * rate) as usize;
        kind.render(hz(pitch), length, rate, &mut note_buffer);
        for (k, s) in note_buffer.iter().enumerate() {
            let Some(frame) = stereo.get_mut((at + k) * 2..(at + k) * 2 + 2) else {
                break;
            };
            frame[0] += s * amp * (1.0 - pan);
            frame[1] += s * amp * pan;
        }
    };
    let mut bar_start = 0.0f32;
    let mut bar_index = 0usize;
    let mut melody_degree = 4usize;
    while bar_start < seconds {
        let chord = progression[bar_index % 4];
        let triad = [chord, chord + 2, chord + 4];
        if style.pad {
            for (i, &d) in triad.iter().enumerate() {
                voice(
                    stereo,
                    bar_start,
                    bar * 1.05,
                    note(d, 0),
                    level * 0.5,
                    Instrument::Pad,
                    0.3 + 0.2 * i as f32,
                );
            }
        }
        if style.piano {
            // Broken chord: one note per beat (two per beat when upbeat).
            let per_beat = if style.drums { 2 } else { 1 };
            for k in 0..4 * per_beat {
                let d = triad[k % 3] + if k % 4 == 3 { 7 } else { 0 };
                let t = bar_start + k as f32 * beat / per_beat as f32;
                voice(
                    stereo,
                    t,
                    beat * 2.5,
                    note(d, 0),
                    level * 0.9,
                    Instrument::Piano,
                    0.45,
                );
            }
        }
        // Bass on the root, on beats 1 and 3.
        for b in [0.0, 2.0] {
            voice(
                stereo,
                bar_start + b * beat,
                beat * 1.8,
                note(chord, -2),
                level * 1.1,
                Instrument::Bass,
                0.5,
            );
        }
        if style.melody {
            let per_bar = if style.bpm > 90.0 { 4 } else { 2 };
            for k in 0..per_bar {
                let step: i32 = rng.random_range(-2..=2);
                melody_degree = (melody_degree as i32 + step).clamp(2, 11) as usize;
                if k == 0 {
                    // Land on a chord tone at the bar line.
                    melody_degree = triad[rng.random_range(0..3)] + 7;
                }
                let length = bar / per_bar as f32;
                voice(
                    stereo,
                    bar_start + k as f32 * length,
                    length * 0.9,
                    note(melody_degree, 1),
                    level * 0.6,
                    Instrument::Lead,
                    0.55,
                );
            }
        }
        if style.drums {
            for b in 0..8 {
                let t = bar_start + b as f32 * beat / 2.0;
                if b % 4 == 0 || (mood == Mood::Upbeat && b % 2 == 0) {
                    voice(stereo, t, 0.3, 0.0, level * 2.0, Instrument::Kick, 0.5);
                }
                if b % 4 == 2 {
                    snare(stereo, rate, t, level * 1.2, rng);
                }
                hat(stereo, rate, t, level * 0.35, rng);
            }
        }
        bar_start += bar;
        bar_index += 1;
    }
    plan
}

#[derive(Clone, Copy)]
enum Instrument {
    Piano,
    Pad,
    Bass,
    Lead,
    Kick,
}

impl Instrument {
    /// Renders one note of frequency `f`, `length` seconds long, into `out` (mono).
    fn render(self, f: f32, length: f32, rate: f32, out: &mut Vec<f32>) {
        let n = (length * rate) as usize;
        out.clear();
        let mut partials: Vec<Partial> = match self {
            // Struck string: slightly sharp harmonics decaying faster the higher they are.
            Instrument::Piano => (1..=5)
                .map(|k| {
                    let k = k as f32;
                    Partial::new(f * k * (1.0 + 0.0004 * k * k), 1.0 / k, 1.5 + 1.2 * k, rate)
                })
                .collect(),
            Instrument::Pad => vec![
                Partial::new(f, 0.35, 0.0, rate),
                Partial::new(f * 1.004, 0.28, 0.0, rate),
                Partial::new(f * 2.0, 0.07, 0.0, rate),
            ],
            Instrument::Bass => vec![
                Partial::new(f, 1.0, 1.5, rate),
                Partial::new(2.0 * f, 0.3, 1.5, rate),
            ],
            Instrument::Lead => vec![
                Partial::new(f, 0.6, 1.2, rate),
                Partial::new(3.0 * f, 0.15, 1.2, rate),
            ],
            Instrument::Kick => Vec::new(),
        };
        // Attack and release ramps in seconds.
        let (attack, fade) = match self {
            Instrument::Piano => (0.0025, 0.05),
            Instrument::Pad => (0.4, 0.05),
            Instrument::Bass => (0.005, 0.05),
            Instrument::Lead => (0.02, 0.05),
            Instrument::Kick => (0.0, 0.0),
        };
        for k in 0..n {
            let t = k as f32 / rate;
            let s = if let Instrument::Kick = self {
                // A sine swept down from 140 Hz to 50 Hz.
                let sweep = 2.0 * PI * (50.0 * t + 90.0 * (1.0 - (-t * 30.0).exp()) / 30.0);
                sweep.sin() * (-t * 12.0).exp()
            } else {
                let shape = (t / attack).min(1.0) * ((length - t) / fade).clamp(0.0, 1.0);
                partials.iter_mut().map(Partial::next).sum::<f32>() * shape
            };
            out.push(s);
        }
    }
}

fn snare(stereo: &mut [f32], rate: f32, at: f32, amp: f32, rng: &mut ChaCha8Rng) {
    let start = (at * rate) as usize;
    for k in 0..(0.18 * rate) as usize {
        let Some(frame) = stereo.get_mut((start + k) * 2..(start + k) * 2 + 2) else {
            break;
        };
        let t = k as f32 / rate;
        let s = (noise(rng) * 0.8 + (2.0 * PI * 190.0 * t).sin() * 0.4) * (-t * 22.0).exp() * amp;
        frame[0] += s;
        frame[1] += s;
    }
}

fn hat(stereo: &mut [f32], rate: f32, at: f32, amp: f32, rng: &mut ChaCha8Rng) {
    let start = (at * rate) as usize;
    let mut low = LowPass::new(7000.0, rate);
    for k in 0..(0.05 * rate) as usize {
        let Some(frame) = stereo.get_mut((start + k) * 2..(start + k) * 2 + 2) else {
            break;
        };
        let t = k as f32 / rate;
        let n = noise(rng);
        let s = (n - low.run(n)) * (-t * 90.0).exp() * amp;
        frame[0] += s * 0.8;
        frame[1] += s;
    }
}

/// The mood a music direction's words suggest, when the scene gives none.
pub fn mood_from_words(words: &str) -> Mood {
    let w = words.to_lowercase();
    let has = |list: &[&str]| list.iter().any(|k| w.contains(k));
    if has(&[
        "sad",
        "melanchol",
        "somber",
        "sombre",
        "mournful",
        "piano ballad",
        "tragic",
    ]) {
        Mood::Sad
    } else if has(&[
        "tense", "suspense", "scary", "creepy", "dark", "ominous", "horror",
    ]) {
        Mood::Tense
    } else if has(&[
        "epic",
        "heroic",
        "triumphant",
        "orchestral",
        "dramatic",
        "cinematic",
    ]) {
        Mood::Epic
    } else if has(&[
        "calm", "peaceful", "gentle", "soft", "relaxing", "ambient", "lullaby", "dreamy",
    ]) {
        Mood::Calm
    } else {
        Mood::Upbeat
    }
}
