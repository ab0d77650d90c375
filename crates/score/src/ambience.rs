//! Ambience beds: the quiet sound of a place, from filtered noise and a few synthesized
//! details (birds, traffic rumble, surf).

use rand::Rng;
use rand_chacha::ChaCha8Rng;
use scene::Setting;
use std::f32::consts::PI;

/// One-pole low-pass filter.
struct LowPass {
    a: f32,
    y: f32,
}

impl LowPass {
    fn new(hz: f32, rate: f32) -> Self {
        LowPass {
            a: 1.0 - (-2.0 * PI * hz / rate).exp(),
            y: 0.0,
        }
    }
    fn run(&mut self, x: f32) -> f32 {
        self.y += self.a * (x - self.y);
        self.y
    }
}

/// Adds the setting's ambience to interleaved stereo at `level` (RMS, roughly).
pub fn add_bed(stereo: &mut [f32], rate: f32, setting: Setting, level: f32, rng: &mut ChaCha8Rng) {
    let frames = stereo.len() / 2;
    // Low-passed noise per channel: room tone indoors, wind outdoors.
    let (cutoff, swell_hz, swell_depth) = match setting {
        Setting::Studio | Setting::Room => (250.0, 0.0, 0.0),
        Setting::BasketballCourt | Setting::BowlingAlley => (400.0, 0.05, 0.3),
        Setting::Beach => (700.0, 0.12, 0.85),
        Setting::Moon => return,
        _ => (500.0, 0.08, 0.5),
    };
    let mut filters = [LowPass::new(cutoff, rate), LowPass::new(cutoff, rate)];
    let mut second = [LowPass::new(cutoff, rate), LowPass::new(cutoff, rate)];
    // Two cascaded one-pole filters lose about this much level on white noise.
    let makeup = (rate / (cutoff * 2.0)).sqrt() * 1.3;
    let phase: f32 = rng.random::<f32>() * 2.0 * PI;
    for (i, frame) in stereo.chunks_exact_mut(2).enumerate() {
        let t = i as f32 / rate;
        let swell = 1.0 - swell_depth * 0.5 * (1.0 + (2.0 * PI * swell_hz * t + phase).sin());
        for c in 0..2 {
            let n: f32 = rng.random::<f32>() * 2.0 - 1.0;
            frame[c] += second[c].run(filters[c].run(n)) * makeup * level * swell;
        }
    }
    match setting {
        Setting::Park | Setting::Field => birds(stereo, rate, frames, level, rng),
        Setting::BasketballCourt => murmur(stereo, rate, level, rng),
        _ => {}
    }
}

/// Occasional bird chirps: quick upward sweeps between 2.5 and 5 kHz.
fn birds(stereo: &mut [f32], rate: f32, frames: usize, level: f32, rng: &mut ChaCha8Rng) {
    let mut t = rng.random::<f32>() * 1.5;
    while ((t * rate) as usize) < frames {
        let start = (t * rate) as usize;
        let (f0, f1) = (
            2500.0 + rng.random::<f32>() * 1500.0,
            3800.0 + rng.random::<f32>() * 1200.0,
        );
        let pan: f32 = rng.random();
        let notes = 2 + rng.random_range(0..3);
        for note in 0..notes {
            let len = (0.06 * rate) as usize;
            let at = start + note * (0.09 * rate) as usize;
            let mut phase = 0.0f32;
            for k in 0..len {
                let Some(frame) = stereo.get_mut((at + k) * 2..(at + k) * 2 + 2) else {
                    break;
                };
                let x = k as f32 / len as f32;
                phase += 2.0 * PI * (f0 + (f1 - f0) * x) / rate;
                let s = phase.sin() * (PI * x).sin() * level * 0.8;
                frame[0] += s * (1.0 - pan);
                frame[1] += s * pan;
            }
        }
        t += 0.8 + rng.random::<f32>() * 2.5;
    }
}

/// Distant crowd murmur: band-limited noise with a slow, irregular swell.
fn murmur(stereo: &mut [f32], rate: f32, level: f32, rng: &mut ChaCha8Rng) {
    let mut low = [LowPass::new(1200.0, rate), LowPass::new(1200.0, rate)];
    let mut high = [LowPass::new(250.0, rate), LowPass::new(250.0, rate)];
    let mut swell = LowPass::new(0.7, rate);
    for frame in stereo.chunks_exact_mut(2) {
        let s = 0.5 + swell.run(rng.random::<f32>() * 2.0 - 1.0) * 20.0;
        for c in 0..2 {
            let n: f32 = rng.random::<f32>() * 2.0 - 1.0;
            let band = low[c].run(n) - high[c].run(n);
            frame[c] += band * level * 2.0 * s.clamp(0.2, 1.0);
        }
    }
}
