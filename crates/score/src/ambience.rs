//! Ambience beds: the sound of a place and its weather, from filtered noise and a few
//! synthesized details: wind, rain, thunder, surf, birds, night insects, traffic, room
//! tone, crowd murmur, fire crackle and engine hum.

use crate::dsp::{BandPass, LowPass, noise};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use scene::{Setting, TimeOfDay, Weather};
use std::f32::consts::PI;

/// What the bed is made of.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bed {
    /// The place.
    pub setting: Setting,
    /// Its time of day.
    pub time: TimeOfDay,
    /// Its weather.
    pub weather: Weather,
    /// A crowd is present.
    pub crowd: bool,
    /// A fire burns nearby.
    pub fire: bool,
    /// An engine runs nearby.
    pub engine: bool,
}

/// Adds the bed to interleaved stereo at roughly `level` RMS for the base layer.
pub fn add_bed(stereo: &mut [f32], rate: f32, bed: &Bed, level: f32, rng: &mut ChaCha8Rng) {
    let setting = bed.setting;
    if setting == Setting::Moon {
        return;
    }
    let outdoors = !setting.indoors();
    if outdoors {
        let gusts = match (bed.weather, setting) {
            (Weather::Wind | Weather::Storm, _) => 3.0,
            (_, Setting::Beach | Setting::Lake | Setting::Snowfield) => 1.2,
            _ => 0.7,
        };
        wind(
            stereo,
            rate,
            level * gusts,
            bed.weather == Weather::Wind,
            rng,
        );
    } else {
        room_tone(stereo, rate, level, rng);
    }
    if matches!(bed.weather, Weather::Rain | Weather::Storm) {
        let heavy = bed.weather == Weather::Storm;
        let (muffle, strength) = if outdoors { (1.0, 1.0) } else { (0.25, 0.4) };
        rain(
            stereo,
            rate,
            level * 4.0 * strength * if heavy { 1.6 } else { 1.0 },
            muffle,
            rng,
        );
        if heavy {
            thunder(stereo, rate, level * 10.0, rng);
        }
    }
    match setting {
        Setting::Beach => surf(stereo, rate, level * 3.0, rng),
        // Open water laps more quietly than surf breaks.
        Setting::Lake => surf(stereo, rate, level * 1.5, rng),
        Setting::Street => traffic(stereo, rate, level * 2.0, rng),
        _ => {}
    }
    if outdoors && !matches!(bed.weather, Weather::Rain | Weather::Storm) {
        if bed.time == TimeOfDay::Night {
            insects(stereo, rate, level * 0.8, rng);
        } else if matches!(setting, Setting::Park | Setting::Field | Setting::Beach) {
            birds(stereo, rate, level, rng);
        }
    }
    if bed.crowd || setting == Setting::BasketballCourt {
        murmur(stereo, rate, level * if bed.crowd { 3.0 } else { 1.0 }, rng);
    }
    if bed.fire {
        crackle(stereo, rate, level * 3.0, rng);
    }
    if bed.engine {
        engine_hum(stereo, rate, level * 2.0, rng);
    }
}

/// Low-passed noise per channel with a slow swell; gusting when `gusty`.
fn wind(stereo: &mut [f32], rate: f32, level: f32, gusty: bool, rng: &mut ChaCha8Rng) {
    let mut low = [LowPass::new(500.0, rate), LowPass::new(500.0, rate)];
    let mut second = [LowPass::new(500.0, rate), LowPass::new(500.0, rate)];
    let mut swell = LowPass::new(0.3, rate);
    let makeup = (rate / 1000.0).sqrt() * 1.3;
    for frame in stereo.chunks_exact_mut(2) {
        let g = (0.6 + swell.run(noise(rng)) * 60.0).clamp(0.15, 1.6);
        let corner = if gusty { 250.0 + 500.0 * g } else { 500.0 };
        for c in 0..2 {
            low[c].set(corner, rate);
            frame[c] += second[c].run(low[c].run(noise(rng))) * makeup * level * g;
        }
    }
}

/// Indoor room tone: a soft air-handling hiss and a faint mains hum.
fn room_tone(stereo: &mut [f32], rate: f32, level: f32, rng: &mut ChaCha8Rng) {
    let mut low = [LowPass::new(250.0, rate), LowPass::new(250.0, rate)];
    let makeup = (rate / 500.0).sqrt();
    for (i, frame) in stereo.chunks_exact_mut(2).enumerate() {
        let t = i as f32 / rate;
        let hum = (2.0 * PI * 60.0 * t).sin() * 0.3 + (2.0 * PI * 120.0 * t).sin() * 0.15;
        for (c, f) in frame.iter_mut().enumerate() {
            *f += (low[c].run(noise(rng)) * makeup + hum) * level * 0.8;
        }
    }
}

/// Rain: a bright hiss of many drops plus distinct nearby drops.
fn rain(stereo: &mut [f32], rate: f32, level: f32, muffle: f32, rng: &mut ChaCha8Rng) {
    let mut hiss = [
        BandPass::new(3000.0 * muffle + 500.0, 0.6, rate),
        BandPass::new(3000.0 * muffle + 500.0, 0.6, rate),
    ];
    for frame in stereo.chunks_exact_mut(2) {
        for c in 0..2 {
            frame[c] += hiss[c].run(noise(rng)) * level * 1.5;
        }
    }
    // Individual drops: tiny decaying chirps.
    let frames = stereo.len() / 2;
    let count = (frames as f32 / rate * 40.0) as usize;
    for _ in 0..count {
        let at = rng.random_range(0..frames);
        let f = (1500.0 + rng.random::<f32>() * 3000.0) * muffle.max(0.4);
        let pan: f32 = rng.random();
        let amp = level * (0.5 + rng.random::<f32>());
        let len = (0.012 * rate) as usize;
        for k in 0..len.min(frames - at) {
            let t = k as f32 / rate;
            let s = (2.0 * PI * f * t * (1.0 + 8.0 * t)).sin() * (-t * 400.0).exp() * amp;
            stereo[(at + k) * 2] += s * (1.0 - pan);
            stereo[(at + k) * 2 + 1] += s * pan;
        }
    }
}

/// Distant thunder: a few long, low rumbles.
fn thunder(stereo: &mut [f32], rate: f32, level: f32, rng: &mut ChaCha8Rng) {
    let frames = stereo.len() / 2;
    let mut at = (rng.random::<f32>() * 2.0 * rate) as usize;
    while at < frames {
        let len = ((2.5 + rng.random::<f32>() * 2.0) * rate) as usize;
        let mut low = LowPass::new(90.0, rate);
        let mut low2 = LowPass::new(120.0, rate);
        let mut flicker = LowPass::new(6.0, rate);
        for k in 0..len.min(frames - at) {
            let t = k as f32 / rate;
            let env = (1.0 - (-t * 30.0).exp()) * (-t * 1.2).exp();
            let grain = (0.5 + flicker.run(noise(rng)) * 15.0).clamp(0.1, 1.5);
            let s = low2.run(low.run(noise(rng))) * 12.0 * env * grain * level;
            stereo[(at + k) * 2] += s;
            stereo[(at + k) * 2 + 1] += s;
        }
        at += ((5.0 + rng.random::<f32>() * 6.0) * rate) as usize;
    }
}

/// Waves breaking on a shore: swells of low-passed noise every 6–9 seconds.
fn surf(stereo: &mut [f32], rate: f32, level: f32, rng: &mut ChaCha8Rng) {
    let mut low = [LowPass::new(900.0, rate), LowPass::new(900.0, rate)];
    let period = 6.0 + rng.random::<f32>() * 3.0;
    let phase = rng.random::<f32>();
    for (i, frame) in stereo.chunks_exact_mut(2).enumerate() {
        let x = (i as f32 / rate / period + phase).fract();
        // A quick rise as the wave breaks, then a long wash.
        let env = if x < 0.15 {
            (x / 0.15).powi(2)
        } else {
            (-(x - 0.15) * 4.0).exp()
        };
        for c in 0..2 {
            frame[c] += low[c].run(noise(rng)) * level * 2.5 * (0.15 + env);
        }
    }
}

/// City traffic: a low rumble and cars passing every few seconds.
fn traffic(stereo: &mut [f32], rate: f32, level: f32, rng: &mut ChaCha8Rng) {
    let mut rumble = [LowPass::new(120.0, rate), LowPass::new(120.0, rate)];
    for frame in stereo.chunks_exact_mut(2) {
        for c in 0..2 {
            frame[c] += rumble[c].run(noise(rng)) * level * 6.0;
        }
    }
    let frames = stereo.len() / 2;
    let mut at = (rng.random::<f32>() * 2.0 * rate) as usize;
    while at < frames {
        let len = (3.0 * rate) as usize;
        let direction = if rng.random::<bool>() { 1.0 } else { -1.0 };
        let mut band = BandPass::new(500.0, 0.7, rate);
        for k in 0..len.min(frames - at) {
            let x = k as f32 / len as f32 * 2.0 - 1.0;
            let env = 1.0 / (1.0 + 12.0 * x * x);
            let s = band.run(noise(rng)) * env * level * 5.0;
            let pan = 0.5 + 0.5 * direction * x;
            stereo[(at + k) * 2] += s * (1.0 - pan);
            stereo[(at + k) * 2 + 1] += s * pan;
        }
        at += ((2.0 + rng.random::<f32>() * 4.0) * rate) as usize;
    }
}

/// Occasional bird chirps: quick upward sweeps between 2.5 and 5 kHz.
fn birds(stereo: &mut [f32], rate: f32, level: f32, rng: &mut ChaCha8Rng) {
    let frames = stereo.len() / 2;
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

/// Night insects: a pulsing high chirp from a few crickets.
fn insects(stereo: &mut [f32], rate: f32, level: f32, rng: &mut ChaCha8Rng) {
    let crickets: Vec<(f32, f32, f32, f32)> = (0..3)
        .map(|_| {
            (
                4000.0 + rng.random::<f32>() * 1500.0,
                2.0 + rng.random::<f32>() * 1.5,
                rng.random::<f32>(),
                rng.random::<f32>(),
            )
        })
        .collect();
    for (i, frame) in stereo.chunks_exact_mut(2).enumerate() {
        let t = i as f32 / rate;
        for &(f, chirps, phase, pan) in &crickets {
            // Bursts of three pulses, `chirps` times a second.
            let x = (t * chirps + phase).fract();
            let pulse = if x < 0.3 {
                ((x / 0.1).fract() * PI).sin().max(0.0)
            } else {
                0.0
            };
            let s = (2.0 * PI * f * t).sin() * pulse * level * 0.5;
            frame[0] += s * (1.0 - pan);
            frame[1] += s * pan;
        }
    }
}

/// Distant crowd murmur: band-limited noise with a slow, irregular swell.
fn murmur(stereo: &mut [f32], rate: f32, level: f32, rng: &mut ChaCha8Rng) {
    let mut band = [
        BandPass::new(550.0, 0.5, rate),
        BandPass::new(550.0, 0.5, rate),
    ];
    let mut swell = LowPass::new(0.7, rate);
    for frame in stereo.chunks_exact_mut(2) {
        let s = 0.5 + swell.run(noise(rng)) * 20.0;
        for c in 0..2 {
            frame[c] += band[c].run(noise(rng)) * level * 2.0 * s.clamp(0.2, 1.0);
        }
    }
}

/// A wood fire: a soft roar and random sharp pops.
fn crackle(stereo: &mut [f32], rate: f32, level: f32, rng: &mut ChaCha8Rng) {
    let mut roar = LowPass::new(300.0, rate);
    let mut pop_env = 0.0f32;
    let mut pop_band = BandPass::new(2500.0, 1.5, rate);
    let decay = (-1.0 / (0.004 * rate)).exp();
    for frame in stereo.chunks_exact_mut(2) {
        if rng.random::<f32>() < 12.0 / rate {
            pop_env = 0.5 + rng.random::<f32>();
        }
        pop_env *= decay;
        let s =
            roar.run(noise(rng)) * level * 3.0 + pop_band.run(noise(rng)) * pop_env * level * 6.0;
        frame[0] += s;
        frame[1] += s;
    }
}

/// An idling engine: a low, slightly unsteady firing tone with harmonics.
fn engine_hum(stereo: &mut [f32], rate: f32, level: f32, rng: &mut ChaCha8Rng) {
    let mut wobble = LowPass::new(2.0, rate);
    let mut phase = 0.0f32;
    for frame in stereo.chunks_exact_mut(2) {
        let f = 38.0 * (1.0 + wobble.run(noise(rng)) * 0.5);
        phase = (phase + f / rate).fract();
        let x = 2.0 * PI * phase;
        let s = (x.sin() + 0.5 * (2.0 * x).sin() + 0.3 * (3.0 * x).sin()) * level * 2.0;
        frame[0] += s;
        frame[1] += s;
    }
}
