//! A crowd reacting: a cheer for a score, a groan for a miss, from many voices.

use crate::dsp::{BandPass, LowPass, noise};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use std::f32::consts::PI;
use timeline::MomentKind;

/// A crowd's reaction as interleaved stereo, about three seconds long.
pub fn reaction(rate: f32, kind: MomentKind, gain: f32, rng: &mut ChaCha8Rng) -> Vec<f32> {
    let seconds = match kind {
        MomentKind::Score => 3.2,
        MomentKind::Miss => 2.0,
    };
    let frames = (seconds * rate) as usize;
    let mut out = vec![0.0f32; frames * 2];
    // Each voice: a glottal buzz through a vowel formant, its own pitch contour and place.
    let voices = 40;
    for _ in 0..voices {
        let female: bool = rng.random();
        let base = if female { 210.0 } else { 120.0 } * (0.85 + 0.3 * rng.random::<f32>());
        let onset = rng.random::<f32>() * 0.35;
        let pan: f32 = rng.random();
        let formant = match kind {
            MomentKind::Score => 750.0 + 250.0 * rng.random::<f32>(), // "yeah!"
            MomentKind::Miss => 500.0 + 150.0 * rng.random::<f32>(),  // "aww"
        };
        let mut vowel = BandPass::new(formant, 3.0, rate);
        let mut second = BandPass::new(formant * 1.9, 4.0, rate);
        let mut phase = 0.0f32;
        let vibrato = 4.0 + 2.0 * rng.random::<f32>();
        for k in (onset * rate) as usize..frames {
            let t = k as f32 / rate - onset;
            let (contour, env) = match kind {
                MomentKind::Score => (
                    1.0 + 0.5 * (1.0 - (-t * 6.0).exp()) - 0.15 * t,
                    (1.0 - (-t * 25.0).exp()) * (-t * 0.9).exp(),
                ),
                MomentKind::Miss => (
                    1.2 - 0.35 * (t / seconds),
                    (1.0 - (-t * 8.0).exp()) * (-t * 1.6).exp(),
                ),
            };
            let f = base * contour * (1.0 + 0.02 * (2.0 * PI * vibrato * t).sin());
            phase = (phase + f / rate).fract();
            let buzz = 2.0 * phase - 1.0;
            let s = (vowel.run(buzz) + 0.5 * second.run(buzz)) * env * gain / voices as f32 * 6.0;
            out[k * 2] += s * (1.0 - pan);
            out[k * 2 + 1] += s * pan;
        }
    }
    // Breath and applause under the voices for a cheer.
    let mut low = [LowPass::new(4000.0, rate), LowPass::new(4000.0, rate)];
    let claps = matches!(kind, MomentKind::Score);
    for k in 0..frames {
        let t = k as f32 / rate;
        let env = (1.0 - (-t * 10.0).exp()) * (-t * 1.1).exp();
        for c in 0..2 {
            let n = noise(rng);
            let clap = if claps && rng.random::<f32>() < 0.02 {
                3.0
            } else {
                1.0
            };
            out[k * 2 + c] += low[c].run(n) * env * gain * 0.25 * clap;
        }
    }
    out
}
