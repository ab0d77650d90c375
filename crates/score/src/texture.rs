//! Continuous and granular contact sounds: rolling and sliding while a contact lasts,
//! footfalls on the ground, and the debris of breaking and crashing.

use crate::dsp::{BandPass, LowPass, noise};
use crate::modal;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use scene::Material;
use timeline::{Footstep, Slide};

/// How much a surface sounds when something rolls or slides on it (soft ones absorb it).
fn hardness(material: Material) -> f32 {
    match material {
        Material::Grass | Material::Snow | Material::Sand | Material::Felt | Material::Cloth => 0.3,
        Material::Flesh | Material::Paper | Material::Leather | Material::Rubber => 0.55,
        Material::Water => 0.8,
        _ => 1.0,
    }
}

/// Whether a material shatters when struck hard.
pub fn brittle(material: Material) -> bool {
    matches!(
        material,
        Material::Glass | Material::Ceramic | Material::Ice
    )
}

/// A rolling or sliding stretch as mono samples from its first sample's time: a rumble
/// for rolling, a brighter rubbing for sliding, both coloured by the two materials' modes
/// and driven by speed and load.
pub fn slide(rate: f32, slide: &Slide, gain: f32, rng: &mut ChaCha8Rng) -> Vec<f32> {
    let (Some(first), Some(last)) = (slide.samples.first(), slide.samples.last()) else {
        return Vec::new();
    };
    let length = ((last.time - first.time) as f32 * rate) as usize + 1;
    let mut out = vec![0.0f32; length];
    let surface = modal::modes(slide.material_b);
    let body = modal::modes(slide.material_a);
    // The surface's and the body's lowest modes colour the rumble.
    let mut resonators: Vec<BandPass> = surface
        .modes
        .iter()
        .take(2)
        .chain(body.modes.iter().take(1))
        .map(|&(f, _)| BandPass::new(f, 6.0, rate))
        .collect();
    let mut low = LowPass::new(200.0, rate);
    let mut bright = BandPass::new(1500.0, 0.8, rate);
    let loudness = gain * hardness(slide.material_b).min(hardness(slide.material_a) + 0.3);
    let mut k = 0usize;
    for pair in slide.samples.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let end = (((b.time - first.time) as f32) * rate) as usize;
        while k < end.min(length) {
            let x = (((k as f32 / rate) - (a.time - first.time) as f32)
                / (b.time - a.time).max(1e-6) as f32)
                .clamp(0.0, 1.0);
            let speed = a.speed + (b.speed - a.speed) * x;
            let load = (a.load + (b.load - a.load) * x).max(0.0);
            let drive = speed.min(8.0) * (load.sqrt() * 0.15).min(2.0) * loudness;
            let n = noise(rng);
            let sample = if slide.rolling {
                low.set(80.0 + 120.0 * speed, rate);
                let rumble = low.run(n) * 4.0;
                let ring: f32 = resonators.iter_mut().map(|r| r.run(n)).sum();
                (rumble + ring * 0.6) * drive * 0.12
            } else {
                let ring: f32 = resonators.iter_mut().map(|r| r.run(n)).sum();
                (bright.run(n) + ring * 0.3) * drive * 0.15
            };
            out[k] = sample;
            k += 1;
        }
    }
    out
}

/// One footfall: a heel strike whose sound depends on the ground, as mono samples.
pub fn footstep(rate: f32, step: &Footstep, gain: f32, rng: &mut ChaCha8Rng) -> Vec<f32> {
    let ground = step.ground;
    let speed = step.speed.clamp(0.2, 4.0);
    let mut out = modal::strike(
        rate,
        modal::Strike {
            bodies: [(Material::Rubber, 1.0), (ground, 1.0)],
            speed,
            gain: gain * 0.6 * speed.sqrt(),
            noise: &mut || noise(rng),
        },
    );
    // Soft grounds crunch or swish: a short granular noise burst.
    let (crunch, centre, length) = match ground {
        Material::Snow => (1.0, 1800.0, 0.14),
        Material::Sand => (0.7, 2500.0, 0.1),
        Material::Grass => (0.6, 3500.0, 0.09),
        Material::Water => (1.0, 900.0, 0.2),
        _ => (0.15, 3000.0, 0.03),
    };
    let n = (length * rate) as usize;
    if out.len() < n {
        out.resize(n, 0.0);
    }
    let mut band = BandPass::new(centre, 1.2, rate);
    for (k, o) in out.iter_mut().take(n).enumerate() {
        let x = k as f32 / n as f32;
        let grain = if rng.random::<f32>() < 0.15 { 1.0 } else { 0.3 };
        *o += band.run(noise(rng)) * grain * (1.0 - x).powi(2) * crunch * gain * 1.5;
    }
    out
}

/// The debris after something breaks or crashes: a burst of noise and a scatter of small
/// pieces ringing, over about half a second.
pub fn debris(rate: f32, material: Material, gain: f32, rng: &mut ChaCha8Rng) -> Vec<f32> {
    let length = (0.6 * rate) as usize;
    let mut out = vec![0.0f32; length];
    let mut band = BandPass::new(if brittle(material) { 4000.0 } else { 700.0 }, 0.7, rate);
    for (k, o) in out.iter_mut().enumerate() {
        let t = k as f32 / rate;
        *o += band.run(noise(rng)) * (-t * 12.0).exp() * gain * 1.2;
    }
    let pieces = if brittle(material) { 14 } else { 5 };
    let modes = modal::modes(material);
    for _ in 0..pieces {
        let at = (rng.random::<f32>().powi(2) * 0.45 * rate) as usize;
        let scale = 1.5 + rng.random::<f32>() * 3.0;
        let f = modes.modes[0].0 * scale;
        let decay = 20.0 + rng.random::<f32>() * 40.0;
        let amp = gain * 0.25 * rng.random::<f32>();
        for k in 0..(0.15 * rate) as usize {
            let Some(o) = out.get_mut(at + k) else { break };
            let t = k as f32 / rate;
            *o += (2.0 * std::f32::consts::PI * f * t).sin() * (-decay * t).exp() * amp;
        }
    }
    out
}
