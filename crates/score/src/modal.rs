//! Impact sounds by modal synthesis.
//!
//! A struck object rings in its modes: decaying sines whose frequencies and Rayleigh
//! damping (ξ = (α + β ω²) / 2ω) come from its material. The strike is a half-sine force
//! pulse whose length grows with the softer body's compliance and shrinks with speed; its
//! spectrum decides how much each mode is excited, so soft contacts sound dull and hard
//! ones bright. A short noise burst adds the crack of hard surfaces meeting.

use crate::dsp::Partial;
use scene::Material;
use std::f32::consts::PI;

/// How a material rings.
pub struct Modes {
    /// (frequency in Hz, relative amplitude) of each mode.
    pub modes: &'static [(f32, f32)],
    /// Rayleigh mass-proportional damping.
    pub alpha: f32,
    /// Rayleigh stiffness-proportional damping.
    pub beta: f32,
    /// Contact time in seconds at 1 m/s.
    pub contact: f32,
    /// Strength of the noise crack (0 for soft materials).
    pub crack: f32,
}

/// The modes of a material.
pub fn modes(material: Material) -> Modes {
    let m = |modes, alpha, beta, contact, crack| Modes {
        modes,
        alpha,
        beta,
        contact,
        crack,
    };
    match material {
        Material::Wood => m(
            &[
                (190.0, 1.0),
                (440.0, 0.7),
                (880.0, 0.45),
                (1420.0, 0.3),
                (2350.0, 0.18),
            ],
            60.0,
            2e-6,
            3e-4,
            0.5,
        ),
        Material::Metal => m(
            &[
                (520.0, 1.0),
                (1350.0, 0.75),
                (2480.0, 0.55),
                (3900.0, 0.4),
                (5600.0, 0.25),
            ],
            5.0,
            3e-8,
            8e-5,
            0.6,
        ),
        // A lamp, a screen or a spark sounds like the glass and plastic it is made of.
        Material::Glass | Material::Light => m(
            &[(900.0, 1.0), (2300.0, 0.6), (4100.0, 0.45), (6400.0, 0.3)],
            12.0,
            6e-8,
            8e-5,
            0.7,
        ),
        Material::Ceramic => m(
            &[(1100.0, 1.0), (2600.0, 0.6), (4500.0, 0.4)],
            40.0,
            1e-7,
            8e-5,
            0.6,
        ),
        Material::Plastic => m(
            &[(350.0, 1.0), (900.0, 0.6), (1800.0, 0.4), (3100.0, 0.2)],
            30.0,
            1e-6,
            6e-4,
            0.4,
        ),
        Material::Rubber => m(
            &[(150.0, 1.0), (620.0, 0.55), (1040.0, 0.5), (1700.0, 0.2)],
            45.0,
            4e-6,
            2.5e-3,
            0.15,
        ),
        Material::Leather => m(
            &[(120.0, 1.0), (450.0, 0.5), (900.0, 0.3)],
            80.0,
            8e-6,
            3.5e-3,
            0.1,
        ),
        Material::Resin => m(
            &[(2700.0, 1.0), (5100.0, 0.6), (7300.0, 0.35)],
            300.0,
            2e-8,
            6e-5,
            0.8,
        ),
        Material::Stone | Material::Asphalt => m(
            &[(260.0, 1.0), (720.0, 0.5), (1500.0, 0.3), (3000.0, 0.2)],
            90.0,
            3e-6,
            1.5e-4,
            0.6,
        ),
        Material::Ice => m(
            &[(1300.0, 1.0), (3100.0, 0.55), (5200.0, 0.35)],
            70.0,
            1.5e-7,
            9e-5,
            0.7,
        ),
        Material::Paper => m(
            &[(300.0, 1.0), (1100.0, 0.7), (2900.0, 0.5)],
            220.0,
            1e-5,
            1.2e-3,
            0.9,
        ),
        Material::Flesh => m(
            &[(70.0, 1.0), (160.0, 0.5), (330.0, 0.2)],
            170.0,
            3e-5,
            6e-3,
            0.03,
        ),
        Material::Water => m(
            &[(420.0, 1.0), (900.0, 0.6), (1700.0, 0.3)],
            40.0,
            2e-5,
            4e-3,
            1.0,
        ),
        Material::Felt | Material::Cloth | Material::Grass | Material::Snow | Material::Sand => m(
            &[(85.0, 1.0), (210.0, 0.45), (420.0, 0.2)],
            150.0,
            2e-5,
            7e-3,
            0.05,
        ),
    }
}

/// Magnitude of a half-sine pulse of length `tau` at frequency `f`, 1 at 0 Hz.
fn pulse_spectrum(f: f32, tau: f32) -> f32 {
    let x = 2.0 * f * tau;
    if (1.0 - x * x).abs() < 1e-3 {
        return PI / 4.0;
    }
    ((PI * f * tau).cos() / (1.0 - x * x)).abs()
}

/// Small deterministic variation (±8 %) so that two objects of one material differ.
pub fn detune(name: &str) -> f32 {
    let h = name
        .bytes()
        .fold(2166136261u32, |h, b| (h ^ b as u32).wrapping_mul(16777619));
    0.92 + 0.16 * (h % 1000) as f32 / 1000.0
}

/// One impact of two bodies.
pub struct Strike<'a> {
    /// Materials of the two bodies and their detuning.
    pub bodies: [(Material, f32); 2],
    /// Closing speed in m/s.
    pub speed: f32,
    /// Peak amplitude.
    pub gain: f32,
    /// Deterministic noise for the crack.
    pub noise: &'a mut dyn FnMut() -> f32,
}

/// Synthesizes a strike as mono samples from the moment of contact.
pub fn strike(rate: f32, s: Strike<'_>) -> Vec<f32> {
    let [(ma, _), (mb, _)] = s.bodies;
    let (a, b) = (modes(ma), modes(mb));
    let tau = a.contact.max(b.contact) / s.speed.max(0.05).powf(0.2);
    let mut out = Vec::new();
    for (material, detune) in s.bodies {
        let m = modes(material);
        for &(f0, amp) in m.modes {
            let f = f0 * detune;
            let w = 2.0 * PI * f;
            let decay = (m.alpha + m.beta * w * w) / 2.0;
            let level = s.gain * amp * pulse_spectrum(f, tau) * 0.5;
            if level < 1e-6 || f > rate * 0.45 {
                continue;
            }
            let length = ((9.2 / decay) * rate).min(2.5 * rate) as usize;
            if out.len() < length {
                out.resize(length, 0.0);
            }
            let mut mode = Partial::new(f, level, decay, rate);
            for o in out.iter_mut().take(length) {
                *o += mode.next();
            }
        }
    }
    // The crack: a burst of noise lasting about the contact time, shaped by the harder body.
    let crack = a.crack.min(b.crack) * s.gain;
    if crack > 0.0 {
        let length = ((tau + 0.0015) * rate) as usize;
        if out.len() < length {
            out.resize(length, 0.0);
        }
        let fall = (-1.0 / (0.0008 * rate)).exp();
        let mut env = crack;
        let mut low = 0.0;
        for o in out.iter_mut().take(length) {
            let n = (s.noise)();
            low += 0.35 * (n - low);
            *o += env * (n - low);
            env *= fall;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn energy_above(buf: &[f32], rate: f32, hz: f32) -> f32 {
        // Energy of a simple first-difference high-pass, scaled for the cut-off.
        let k = (2.0 * PI * hz / rate).min(1.0);
        buf.windows(2).map(|w| ((w[1] - w[0]) / k).powi(2)).sum()
    }

    fn render(m: Material, speed: f32) -> Vec<f32> {
        let mut out = vec![0.0; 48_000];
        let mut seed = 1u32;
        let mut noise = move || {
            seed = seed.wrapping_mul(1664525).wrapping_add(1013904223);
            (seed >> 8) as f32 / (1u32 << 24) as f32 * 2.0 - 1.0
        };
        let sound = strike(
            48_000.0,
            Strike {
                bodies: [(m, 1.0), (Material::Wood, 1.0)],
                speed,
                gain: 1.0,
                noise: &mut noise,
            },
        );
        for (o, s) in out[100..].iter_mut().zip(sound) {
            *o = s;
        }
        out
    }

    #[test]
    fn nothing_sounds_before_the_contact() {
        let out = render(Material::Metal, 3.0);
        assert!(out[..100].iter().all(|&s| s == 0.0));
        assert!(out[100..200].iter().any(|&s| s.abs() > 0.01));
    }

    #[test]
    fn metal_rings_longer_than_wood_and_rubber_is_duller() {
        let tail = |v: &[f32]| v[12_000..].iter().map(|s| s * s).sum::<f32>();
        assert!(tail(&render(Material::Metal, 3.0)) > 100.0 * tail(&render(Material::Wood, 3.0)));
        let bright =
            |v: &Vec<f32>| energy_above(v, 48_000.0, 3000.0) / v.iter().map(|s| s * s).sum::<f32>();
        assert!(
            bright(&render(Material::Glass, 3.0)) > 2.0 * bright(&render(Material::Rubber, 3.0))
        );
    }
}
