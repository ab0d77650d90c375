//! Scoring: the sound track of a Timeline, made from the simulation's own events.
//!
//! Every contact becomes an impact sound placed at its exact sample, its timbre from the
//! two materials, its loudness from the impulse, panned by where it is on screen and
//! quieter with distance from the camera. Under it lies a quiet ambience bed for the
//! setting, and the room's reverb. The mix is mastered to −16 LUFS integrated with true
//! peaks at most −1 dBTP.

mod ambience;
pub mod master;
mod modal;
mod reverb;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use scene::Setting;
use timeline::Timeline;

/// Output sample rate.
pub const SAMPLE_RATE: u32 = 48_000;

/// Integrated loudness the mix is mastered to.
pub const TARGET_LUFS: f64 = -16.0;

/// Highest true peak allowed, in dBTP (with room for the codec's overshoot).
pub const CEILING_DBTP: f64 = -1.5;

/// Level of the ambience bed (roughly its RMS): quiet under the events, about −45 dBFS.
const BED_LEVEL: f32 = 0.006;

/// What to score besides the contacts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScoreOptions {
    /// Seed for the ambience and textures.
    pub seed: u64,
    /// Leave out the ambience bed (the scene asks for quiet).
    pub quiet: bool,
    /// Picture width / height, to place sounds on screen.
    pub aspect: f32,
}

/// The finished sound track.
#[derive(Debug, Clone, PartialEq)]
pub struct Soundtrack {
    /// Interleaved stereo samples at `SAMPLE_RATE`, exactly the timeline's length.
    pub samples: Vec<f32>,
    /// Loudness and peak after mastering.
    pub measure: master::Measure,
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

/// Scores the timeline.
pub fn score(timeline: &Timeline, options: &ScoreOptions) -> Soundtrack {
    let rate = SAMPLE_RATE as f32;
    let frames = (timeline.duration * SAMPLE_RATE as f64).round() as usize;
    let mut stereo = vec![0.0f32; frames * 2];
    let mut rng = ChaCha8Rng::seed_from_u64(options.seed);
    let setting = timeline.environment.setting;

    for contact in &timeline.contacts {
        let start = (contact.time * SAMPLE_RATE as f64).round() as usize;
        if start >= frames {
            continue;
        }
        let camera = timeline.frame_at(contact.time).camera;
        let (pan, depth) = camera
            .project(contact.point, options.aspect)
            .map_or((0.0, 6.0), |([x, _], d)| (x.clamp(-1.0, 1.0), d));
        let distance = 1.0 / (1.0 + depth / 10.0);
        let gain = (contact.impulse.max(1e-4).powf(0.6) * 0.35).min(1.5) * distance;
        let mut noise = || rng.random::<f32>() * 2.0 - 1.0;
        let sound = modal::strike(
            rate,
            modal::Strike {
                bodies: [
                    (contact.material_a, modal::detune(&contact.a)),
                    (contact.material_b, modal::detune(&contact.b)),
                ],
                speed: contact.speed,
                gain,
                noise: &mut noise,
            },
        );
        // Equal-power pan.
        let angle = (pan + 1.0) * std::f32::consts::FRAC_PI_4;
        let (left, right) = (angle.cos(), angle.sin());
        for (frame, s) in stereo[start * 2..].chunks_exact_mut(2).zip(&sound) {
            frame[0] += s * left;
            frame[1] += s * right;
        }
    }
    let (size, wet) = room(setting);
    reverb::reverberate(&mut stereo, rate, size, wet);
    let mut bed = vec![0.0f32; stereo.len()];
    if !options.quiet {
        ambience::add_bed(&mut bed, rate, setting, BED_LEVEL, &mut rng);
    }
    let (samples, measure) = master::master(&stereo, &bed, SAMPLE_RATE, TARGET_LUFS, CEILING_DBTP);
    Soundtrack { samples, measure }
}
