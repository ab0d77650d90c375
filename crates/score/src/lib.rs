//! Scoring: the sound track of a Timeline, made from the simulation's own events.
//!
//! Every contact becomes an impact sound placed at its exact sample, its timbre from the
//! two materials, its loudness from the impulse; hard ones that break or crash add
//! debris. Rolling and sliding sound while the contact lasts, footfalls by the ground they
//! land on, and a crowd cheers a score and groans at a miss. Dialogue (synthesized by the
//! speech stage) is placed where its speaker stands. Everything is panned by where it is
//! on screen and quieter with distance from the camera. Under it lie the ambience of the
//! place and its weather and, on request, a procedural score, both ducked under speech.
//! The mix is mastered to −16 LUFS integrated with true peaks under −1 dBTP.

mod ambience;
mod crowd;
mod dsp;
pub mod master;
mod modal;
pub mod music;
mod reverb;
mod texture;

use dsp::add_panned;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use scene::{Limb, Material, Setting, SoundDirection, SoundKind};
use timeline::Timeline;

/// Output sample rate.
pub const SAMPLE_RATE: u32 = 48_000;

/// Integrated loudness the mix is mastered to.
pub const TARGET_LUFS: f64 = -16.0;

/// Highest true peak allowed, in dBTP (with room for the codec's overshoot).
pub const CEILING_DBTP: f64 = -1.5;

/// Level of the ambience bed (roughly its RMS): quiet under the events, about −45 dBFS.
const BED_LEVEL: f32 = 0.006;

/// Level of music (roughly its RMS) against speech peaking near 0.7.
const MUSIC_LEVEL: f32 = 0.06;

/// How far music and the bed dip while someone speaks (linear gain at full speech).
const DUCK_MUSIC: f32 = 0.35;
const DUCK_BED: f32 = 0.5;

/// Closing speed above which brittle things break and heavy ones crash, in m/s.
const BREAK_SPEED: f32 = 4.0;

/// What to score besides the timeline's events.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ScoreOptions {
    /// Seed for the ambience, music and textures.
    pub seed: u64,
    /// Picture width / height, to place sounds on screen.
    pub aspect: f32,
    /// The scene's sound directions (quiet, ambience, music, crowd).
    pub directions: Vec<SoundDirection>,
}

impl ScoreOptions {
    fn wants(&self, kind: SoundKind) -> bool {
        self.directions.iter().any(|d| d.kind == kind)
    }

    fn mentions(&self, words: &[&str]) -> bool {
        self.directions.iter().any(|d| {
            let lower = d.description.to_lowercase();
            words.iter().any(|w| lower.contains(w))
        })
    }
}

/// The finished sound track.
#[derive(Debug, Clone, PartialEq)]
pub struct Soundtrack {
    /// Interleaved stereo samples at `SAMPLE_RATE`, exactly the timeline's length.
    pub samples: Vec<f32>,
    /// Loudness and peak after mastering.
    pub measure: master::Measure,
    /// The key and tempo of the music, when there is music.
    pub music: Option<music::Plan>,
}

/// Reverb room size and wet level of a setting.
fn room(setting: Setting) -> (f32, f32) {
    match setting {
        Setting::BasketballCourt | Setting::BowlingAlley => (0.6, 0.1),
        Setting::Room => (0.35, 0.05),
        Setting::Studio => (0.4, 0.04),
        Setting::Moon => (0.0, 0.0),
        _ => (0.2, 0.02),
    }
}

/// Where a point sounds from the camera at `time`: pan (-1 left to 1 right) and a gain
/// that falls with distance.
fn place(timeline: &Timeline, time: f64, point: [f32; 3], aspect: f32) -> (f32, f32) {
    let camera = timeline.frame_at(time).camera;
    let (pan, depth) = camera
        .project(point, aspect)
        .map_or((0.0, 6.0), |([x, _], d)| (x.clamp(-1.0, 1.0), d));
    (pan, 1.0 / (1.0 + depth / 10.0))
}

/// The gain of a ducked layer: 1 in silence, `floor` while speech is at full strength
/// (`speech` from 0 to 1).
fn ducked(floor: f32, speech: f32) -> f32 {
    1.0 - (1.0 - floor) * speech
}

fn sample_of(time: f64) -> usize {
    (time * SAMPLE_RATE as f64).round().max(0.0) as usize
}

/// Scores the timeline. `voices[i]` holds the mono audio (at `SAMPLE_RATE`) of
/// `timeline.speech[i]`.
pub fn score(timeline: &Timeline, voices: &[Vec<f32>], options: &ScoreOptions) -> Soundtrack {
    let rate = SAMPLE_RATE as f32;
    let frames = sample_of(timeline.duration);
    let quiet = options.wants(SoundKind::Quiet);
    let aspect = options.aspect;
    let mut rng = ChaCha8Rng::seed_from_u64(options.seed);
    let setting = timeline.environment.setting;

    let mut events = vec![0.0f32; frames * 2];
    for contact in &timeline.contacts {
        let start = sample_of(contact.time);
        let (pan, distance) = place(timeline, contact.time, contact.point, aspect);
        let gain = (contact.impulse.max(1e-4).powf(0.6) * 0.35).min(1.5) * distance;
        let sound = modal::strike(
            rate,
            modal::Strike {
                bodies: [
                    (contact.material_a, modal::detune(&contact.a)),
                    (contact.material_b, modal::detune(&contact.b)),
                ],
                speed: contact.speed,
                gain,
                noise: &mut || dsp::noise(&mut rng),
            },
        );
        add_panned(&mut events, start, &sound, pan);
        // Brittle things break when struck hard by something hard (a rubber ball does not
        // shatter a glass backboard); hard things crash at twice that speed. A soft body
        // (a ball, a person) only thuds, however fast.
        let pair = [contact.material_a, contact.material_b];
        let soft = pair.iter().any(|m| {
            matches!(
                m,
                Material::Rubber | Material::Leather | Material::Cloth | Material::Flesh
            )
        });
        let breaks = pair.iter().any(|m| texture::brittle(*m));
        if !soft && (contact.speed > 2.0 * BREAK_SPEED || breaks && contact.speed > BREAK_SPEED) {
            let material = pair
                .into_iter()
                .find(|m| texture::brittle(*m))
                .unwrap_or(contact.material_a);
            let loud = ((contact.speed - BREAK_SPEED) / 4.0).min(1.0) * gain;
            add_panned(
                &mut events,
                start,
                &texture::debris(rate, material, loud, &mut rng),
                pan,
            );
        }
    }
    for slide in &timeline.slides {
        let first = &slide.samples[0];
        let middle = &slide.samples[slide.samples.len() / 2];
        let (pan, distance) = place(timeline, middle.time, middle.point, aspect);
        let sound = texture::slide(rate, slide, distance, &mut rng);
        add_panned(&mut events, sample_of(first.time), &sound, pan);
    }
    for step in &timeline.footsteps {
        let (pan, distance) = place(timeline, step.time, step.point, aspect);
        let sound = texture::footstep(rate, step, 0.5 * distance, &mut rng);
        add_panned(&mut events, sample_of(step.time), &sound, pan);
    }
    // A crowd reacts when the scene has one (a court alone has only a distant murmur).
    if !quiet && options.wants(SoundKind::Crowd) {
        let loud = 0.9;
        for moment in &timeline.moments {
            let cheer = crowd::reaction(rate, moment.kind, loud, &mut rng);
            let start = sample_of(moment.time) * 2;
            for (o, s) in events.iter_mut().skip(start).zip(&cheer) {
                *o += s;
            }
        }
    }

    let mut voice = vec![0.0f32; frames * 2];
    for (utterance, samples) in timeline.speech.iter().zip(voices) {
        let head = head_point(timeline, utterance.start, &utterance.speaker);
        let (pan, distance) =
            head.map_or((0.0, 0.8), |p| place(timeline, utterance.start, p, aspect));
        let gain = 0.7 + 0.3 * distance;
        let scaled: Vec<f32> = samples.iter().map(|s| s * gain).collect();
        add_panned(&mut voice, sample_of(utterance.start), &scaled, pan * 0.6);
    }

    let (size, wet) = room(setting);
    for (e, v) in events.iter_mut().zip(&voice) {
        *e += v;
    }
    reverb::reverberate(&mut events, rate, size, wet);

    let duck = ducking(&voice, rate);
    let mut plan = None;
    if !quiet && options.wants(SoundKind::Music) {
        let mood = options
            .directions
            .iter()
            .find(|d| d.kind == SoundKind::Music)
            .map(|d| {
                d.mood
                    .unwrap_or_else(|| music::mood_from_words(&d.description))
            })
            .unwrap_or(scene::Mood::Upbeat);
        let mut tune = vec![0.0f32; frames * 2];
        plan = Some(music::add_music(
            &mut tune,
            rate,
            mood,
            MUSIC_LEVEL,
            &mut rng,
        ));
        for (i, (e, m)) in events.iter_mut().zip(&tune).enumerate() {
            *e += m * ducked(DUCK_MUSIC, duck[i / 2]);
        }
    }
    let mut bed = vec![0.0f32; frames * 2];
    if !quiet {
        let level = if options.wants(SoundKind::Ambience) {
            BED_LEVEL * 3.0
        } else {
            BED_LEVEL
        };
        let environment = &timeline.environment;
        ambience::add_bed(
            &mut bed,
            rate,
            &ambience::Bed {
                setting,
                time: environment.time_of_day,
                weather: environment.weather,
                crowd: options.wants(SoundKind::Crowd),
                fire: options.mentions(&["fire", "campfire", "fireplace", "bonfire"]),
                engine: options.mentions(&[
                    "engine", "motor", "car", "truck", "bus", "roar", "rumble", "rocket",
                ]),
            },
            level,
            &mut rng,
        );
        for (i, b) in bed.iter_mut().enumerate() {
            *b *= ducked(DUCK_BED, duck[i / 2]);
        }
    }
    let (samples, measure) = master::master(&events, &bed, SAMPLE_RATE, TARGET_LUFS, CEILING_DBTP);
    Soundtrack {
        samples,
        measure,
        music: plan,
    }
}

/// Where the speaker's head is at `time`, if they have one.
fn head_point(timeline: &Timeline, time: f64, speaker: &str) -> Option<[f32; 3]> {
    let track = timeline
        .tracks
        .iter()
        .position(|t| t.entity == speaker && t.parts.iter().any(|p| p.limb == Some(Limb::Head)))
        .or_else(|| timeline.tracks.iter().position(|t| t.entity == speaker))?;
    Some(timeline.frame_at(time).poses.get(track)?.position)
}

/// How much speech is sounding at each frame, from 0 to 1: a fast-attack, slow-release
/// envelope of the voices, for ducking music and ambience under dialogue.
fn ducking(voice: &[f32], rate: f32) -> Vec<f32> {
    let attack = 1.0 - (-1.0 / (0.01 * rate)).exp();
    let release = 1.0 - (-1.0 / (0.4 * rate)).exp();
    let mut env = 0.0f32;
    voice
        .chunks_exact(2)
        .map(|f| {
            let x = if f[0].abs().max(f[1].abs()) > 0.01 {
                1.0
            } else {
                0.0
            };
            env += (x - env) * if x > env { attack } else { release };
            env
        })
        .collect()
}
