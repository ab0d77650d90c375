//! Small signal-processing pieces shared by the synthesizers.

use rand::Rng;
use rand_chacha::ChaCha8Rng;
use std::f32::consts::PI;

/// One-pole low-pass filter.
pub struct LowPass {
    a: f32,
    y: f32,
}

impl LowPass {
    /// A filter with its corner at `hz`.
    pub fn new(hz: f32, rate: f32) -> Self {
        LowPass {
            a: 1.0 - (-2.0 * PI * hz / rate).exp(),
            y: 0.0,
        }
    }

    /// Moves the corner to `hz`.
    pub fn set(&mut self, hz: f32, rate: f32) {
        self.a = 1.0 - (-2.0 * PI * hz.min(rate * 0.45) / rate).exp();
    }

    /// Filters one sample.
    pub fn run(&mut self, x: f32) -> f32 {
        self.y += self.a * (x - self.y);
        self.y
    }
}

/// Two-pole resonant band-pass filter (constant peak gain).
pub struct BandPass {
    b0: f32,
    a1: f32,
    a2: f32,
    x: [f32; 2],
    y: [f32; 2],
}

impl BandPass {
    /// A band-pass centred on `hz` with quality `q`.
    pub fn new(hz: f32, q: f32, rate: f32) -> Self {
        let w = 2.0 * PI * hz.min(rate * 0.45) / rate;
        let alpha = w.sin() / (2.0 * q);
        let a0 = 1.0 + alpha;
        BandPass {
            b0: alpha / a0,
            a1: -2.0 * w.cos() / a0,
            a2: (1.0 - alpha) / a0,
            x: [0.0; 2],
            y: [0.0; 2],
        }
    }

    /// Filters one sample.
    pub fn run(&mut self, x: f32) -> f32 {
        let y = self.b0 * (x - self.x[1]) - self.a1 * self.y[0] - self.a2 * self.y[1];
        self.x = [x, self.x[0]];
        self.y = [y, self.y[0]];
        y
    }
}

/// White noise in [-1, 1).
pub fn noise(rng: &mut ChaCha8Rng) -> f32 {
    rng.random::<f32>() * 2.0 - 1.0
}

/// Equal-power gains (left, right) for a pan position from -1 (left) to 1 (right).
pub fn pan_gains(pan: f32) -> (f32, f32) {
    let angle = (pan.clamp(-1.0, 1.0) + 1.0) * std::f32::consts::FRAC_PI_4;
    (angle.cos(), angle.sin())
}

/// Adds mono `sound` into interleaved stereo starting at frame `start`, panned.
pub fn add_panned(stereo: &mut [f32], start: usize, sound: &[f32], pan: f32) {
    let (left, right) = pan_gains(pan);
    if start * 2 >= stereo.len() {
        return;
    }
    for (frame, s) in stereo[start * 2..].chunks_exact_mut(2).zip(sound) {
        frame[0] += s * left;
        frame[1] += s * right;
    }
}

/// A sine oscillator and exponential envelope advanced by rotation, not `sin`/`exp` calls.
pub struct Partial {
    re: f32,
    im: f32,
    cos: f32,
    sin: f32,
    env: f32,
    decay: f32,
}

impl Partial {
    /// A partial at `f` Hz with amplitude `amp`, decaying at `per_second` (1/s).
    pub fn new(f: f32, amp: f32, per_second: f32, rate: f32) -> Self {
        let w = 2.0 * PI * f.min(rate * 0.45) / rate;
        Partial {
            re: 1.0,
            im: 0.0,
            cos: w.cos(),
            sin: w.sin(),
            env: amp,
            decay: (-per_second / rate).exp(),
        }
    }

    /// The next sample.
    pub fn next(&mut self) -> f32 {
        let out = self.im * self.env;
        let re = self.re * self.cos - self.im * self.sin;
        self.im = self.re * self.sin + self.im * self.cos;
        self.re = re;
        self.env *= self.decay;
        out
    }
}
