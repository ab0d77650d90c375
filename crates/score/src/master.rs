//! Mastering: integrated loudness to a target (EBU R128 / ITU BS.1770, measured with the
//! ebur128 crate) and a look-ahead peak limiter that keeps true peaks under a ceiling.

use ebur128::{EbuR128, Mode};
use std::collections::VecDeque;

/// Loudness and true peak of interleaved stereo.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measure {
    /// Integrated loudness in LUFS (−∞ for silence).
    pub lufs: f64,
    /// True peak in dBTP.
    pub true_peak_db: f64,
}

/// Measures integrated loudness and true peak of interleaved stereo.
pub fn measure(stereo: &[f32], rate: u32) -> Measure {
    let mut meter = EbuR128::new(2, rate, Mode::I | Mode::TRUE_PEAK)
        .expect("stereo at a standard rate is supported");
    meter.add_frames_f32(stereo).expect("whole stereo frames");
    let lufs = meter.loudness_global().unwrap_or(f64::NEG_INFINITY);
    let peak = (0..2)
        .map(|c| meter.true_peak(c).unwrap_or(0.0))
        .fold(0.0, f64::max);
    Measure {
        lufs,
        true_peak_db: 20.0 * peak.max(1e-12).log10(),
    }
}

/// Integrated loudness alone (cheaper than `measure`: no 4x oversampling for true peak).
fn loudness(stereo: &[f32], rate: u32) -> f64 {
    let mut meter = EbuR128::new(2, rate, Mode::I).expect("stereo at a standard rate is supported");
    meter.add_frames_f32(stereo).expect("whole stereo frames");
    meter.loudness_global().unwrap_or(f64::NEG_INFINITY)
}

/// Limits sample peaks to `ceiling` (linear) with a 1.5 ms look-ahead and 80 ms release,
/// never letting a sample through above the ceiling.
pub fn limit(stereo: &mut [f32], rate: f32, ceiling: f32) {
    let frames = stereo.len() / 2;
    let look = ((0.0015 * rate) as usize).max(1);
    // Gain each frame needs on its own, with `look` frames of no need either side.
    let mut need = vec![1.0f32; frames + 2 * look];
    for (i, f) in stereo.chunks_exact(2).enumerate() {
        let peak = f[0].abs().max(f[1].abs());
        if peak > ceiling {
            need[i + look] = ceiling / peak;
        }
    }
    // Minimum over ±look, then mean over ±look: smooth, and below every frame's need,
    // because each minimum in the mean's window covers the frame at its centre.
    let minimum = sliding_min(&need, look);
    let mut prefix = vec![0.0f64; minimum.len() + 1];
    for (i, m) in minimum.iter().enumerate() {
        prefix[i + 1] = prefix[i] + *m as f64;
    }
    let window = 2 * look + 1;
    let release = 1.0 - (-1.0 / (0.08 * rate)).exp();
    let mut g = 1.0f32;
    for (n, frame) in stereo.chunks_exact_mut(2).enumerate() {
        let smooth = ((prefix[n + window] - prefix[n]) / window as f64) as f32;
        g = smooth.min(g + (1.0 - g) * release);
        frame[0] *= g;
        frame[1] *= g;
    }
}

/// Minimum of `v` over the window [i − r, i + r] for every i.
fn sliding_min(v: &[f32], r: usize) -> Vec<f32> {
    let mut out = vec![1.0; v.len()];
    let mut q: VecDeque<usize> = VecDeque::new();
    for i in 0..v.len() + r {
        if i < v.len() {
            while q.back().is_some_and(|&b| v[b] >= v[i]) {
                q.pop_back();
            }
            q.push_back(i);
        }
        if i >= r {
            let centre = i - r;
            while q.front().is_some_and(|&f| f + r < centre) {
                q.pop_front();
            }
            out[centre] = q.front().map_or(1.0, |&f| v[f]);
        }
    }
    out
}

/// Brings the events in interleaved stereo to `target_lufs` over a `bed` kept at its own
/// level, with true peaks at most `ceiling_db` dBTP. Returns the mix and its measurement.
/// A film with no events keeps its quiet bed rather than having it raised to the target.
pub fn master(
    events: &[f32],
    bed: &[f32],
    rate: u32,
    target_lufs: f64,
    ceiling_db: f64,
) -> (Vec<f32>, Measure) {
    let mix =
        |gain: f32| -> Vec<f32> { events.iter().zip(bed).map(|(e, b)| e * gain + b).collect() };
    let events_alone = loudness(events, rate);
    if !events_alone.is_finite() {
        let out = mix(0.0);
        let m = measure(&out, rate);
        return (out, m);
    }
    // Gain to the target, limit, and correct: limiting lowers loudness a little.
    let mut gain_db = target_lufs - events_alone;
    let mut ceiling = 10f64.powf((ceiling_db - 0.7) / 20.0) as f32;
    let mut best = (
        mix(0.0),
        Measure {
            lufs: events_alone,
            true_peak_db: f64::NAN,
        },
    );
    // Loudness gained per dB of gain: 1 until the limiter starts eating the gain.
    let mut previous: Option<(f64, f64)> = None;
    for _ in 0..12 {
        let mut out = mix(10f64.powf(gain_db / 20.0) as f32);
        limit(&mut out, rate as f32, ceiling);
        let lufs = loudness(&out, rate);
        // True peak (the costly part) only once the loudness has arrived.
        let arrived = (lufs - target_lufs).abs() < 0.1;
        let m = if arrived {
            measure(&out, rate)
        } else {
            Measure {
                lufs,
                true_peak_db: f64::NAN,
            }
        };
        best = (out, m);
        if arrived && m.true_peak_db > ceiling_db {
            ceiling *= 10f64.powf((ceiling_db - m.true_peak_db - 0.2) / 20.0) as f32;
            previous = None;
            continue;
        }
        if arrived {
            break;
        }
        let slope = previous.map_or(1.0, |(g, l)| {
            ((m.lufs - l) / (gain_db - g)).clamp(0.05, 1.0)
        });
        previous = Some((gain_db, m.lufs));
        gain_db += ((target_lufs - m.lufs) / slope).clamp(-12.0, 12.0);
    }
    if best.1.true_peak_db.is_nan() {
        best.1 = measure(&best.0, rate);
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limiter_keeps_every_sample_under_the_ceiling() {
        let mut s: Vec<f32> = (0..48_000)
            .flat_map(|i| {
                let x = (i as f32 * 0.05).sin() * if i < 200 { 3.0 } else { 0.3 };
                [x, -x]
            })
            .collect();
        limit(&mut s, 48_000.0, 0.8);
        assert!(s.iter().all(|x| x.abs() <= 0.8 + 1e-6));
        // Quiet parts far from peaks keep their level.
        assert!((s[2 * 40_000].abs() - ((40_000.0f32 * 0.05).sin() * 0.3).abs()).abs() < 1e-3);
    }

    #[test]
    fn mastering_hits_the_loudness_target_and_the_peak_ceiling() {
        // Sparse clicks over quiet noise: the hard case for loudness with a peak ceiling.
        let mut seed = 7u32;
        let s: Vec<f32> = (0..48_000 * 6)
            .flat_map(|i| {
                seed = seed.wrapping_mul(1664525).wrapping_add(1013904223);
                let noise = ((seed >> 8) as f32 / (1u32 << 24) as f32 - 0.5) * 0.01;
                let t = (i % 24_000) as f32 / 48_000.0;
                let hit = (-t * 30.0).exp() * (t * 2.0 * std::f32::consts::PI * 700.0).sin();
                [hit + noise, hit * 0.8 + noise]
            })
            .collect();
        let bed = vec![0.0; s.len()];
        let (_, m) = master(&s, &bed, 48_000, -16.0, -1.0);
        assert!((m.lufs + 16.0).abs() < 0.5, "{m:?}");
        assert!(m.true_peak_db <= -1.0, "{m:?}");
    }
}

#[cfg(test)]
mod bed_tests {
    use super::*;

    #[test]
    fn a_bed_without_events_stays_quiet() {
        let bed: Vec<f32> = (0..96_000)
            .map(|i| ((i as f32) * 0.37).sin() * 0.003)
            .collect();
        let events = vec![0.0; bed.len()];
        let (out, m) = master(&events, &bed, 48_000, -16.0, -1.0);
        assert_eq!(out, bed);
        assert!(m.lufs < -40.0, "{m:?}");
    }
}
