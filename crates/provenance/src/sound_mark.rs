//! The invisible sound mark: the same codeword in the balance of pairs of neighbouring
//! frequency bands (400 Hz to 11 kHz) over slots of about 43 ms. Each chip says whether
//! the first band of its pair is louder than usual for that pair, relative to the
//! median of the surrounding slots, so steady timbres do not bias it. The embedder
//! adjusts the pair's gains (at most ±2 dB each) until each chip has its sign with a
//! margin, a few passes through an STFT with perfect reconstruction. The layout repeats
//! every `PERIOD` slots and the detector searches the start, so trimming does not lose it.

use crate::payload::{CODE_BITS, Decoded, Spread, decode};
use realfft::RealFftPlanner;
use realfft::num_complex::Complex;

/// Sample rate the mark works at.
pub const RATE: u32 = 48_000;
const WINDOW: usize = 2048;
const HOP: usize = WINDOW / 2;
/// STFT hops per slot.
const SLOT_HOPS: usize = 2;
const SLOT: usize = SLOT_HOPS * HOP;
const BANDS: usize = 48;
const PAIRS: usize = BANDS / 2;
const LOW_HZ: f32 = 400.0;
const HIGH_HZ: f32 = 11_000.0;
const BAND_HZ: f32 = (HIGH_HZ - LOW_HZ) / BANDS as f32;
/// Slots before the layout repeats.
const PERIOD: usize = 20;
/// Slots either side in the median a chip is measured against.
const BASELINE: usize = 4;
/// The balance change each chip is pushed to, in dB.
const MARGIN_DB: f32 = 1.0;
/// The largest gain change of one band, in dB.
const MAX_GAIN_DB: f32 = 2.0;
const PASSES: usize = 4;
/// Start offsets the detector tries within a slot.
const SEARCH_STEP: usize = 256;
/// A slot quieter than this (mean square per sample of the mono mix) carries no chips.
const QUIET: f32 = 1e-9;
const SEED: u64 = 0x4469_6f72_616d_6153;

fn band_bins() -> [(usize, usize); BANDS] {
    let bin = |hz: f32| (hz / RATE as f32 * WINDOW as f32).round() as usize;
    std::array::from_fn(|b| {
        let edge = |k: usize| LOW_HZ + BAND_HZ * k as f32;
        (bin(edge(b)), bin(edge(b + 1)))
    })
}

/// Short-time Fourier analysis and synthesis with a √Hann window at 50% overlap (which
/// reconstructs exactly away from the ends).
struct Stft {
    forward: std::sync::Arc<dyn realfft::RealToComplex<f32>>,
    inverse: std::sync::Arc<dyn realfft::ComplexToReal<f32>>,
    window: Vec<f32>,
}

impl Stft {
    fn new() -> Stft {
        let mut planner = RealFftPlanner::<f32>::new();
        Stft {
            forward: planner.plan_fft_forward(WINDOW),
            inverse: planner.plan_fft_inverse(WINDOW),
            window: (0..WINDOW)
                .map(|n| (std::f32::consts::PI * n as f32 / WINDOW as f32).sin())
                .collect(),
        }
    }

    fn frames(len: usize) -> usize {
        if len < WINDOW {
            0
        } else {
            (len - WINDOW) / HOP + 1
        }
    }

    fn analyse(&self, signal: &[f32]) -> Vec<Vec<Complex<f32>>> {
        let mut input = vec![0.0; WINDOW];
        (0..Self::frames(signal.len()))
            .map(|f| {
                for (x, (s, w)) in input
                    .iter_mut()
                    .zip(signal[f * HOP..].iter().zip(&self.window))
                {
                    *x = s * w;
                }
                let mut spectrum = self.forward.make_output_vec();
                self.forward
                    .process(&mut input, &mut spectrum)
                    .expect("buffers have the planned lengths");
                spectrum
            })
            .collect()
    }

    /// Writes the frames back over `signal` where they overlap fully.
    fn synthesise(&self, frames: &mut [Vec<Complex<f32>>], signal: &mut [f32]) {
        if frames.len() < 2 {
            return;
        }
        let mut out = vec![0.0f32; (frames.len() - 1) * HOP + WINDOW];
        let mut buffer = vec![0.0; WINDOW];
        let scale = 1.0 / WINDOW as f32;
        for (f, spectrum) in frames.iter_mut().enumerate() {
            spectrum[0].im = 0.0;
            spectrum[WINDOW / 2].im = 0.0;
            self.inverse
                .process(spectrum, &mut buffer)
                .expect("buffers have the planned lengths");
            for (o, (x, w)) in out[f * HOP..]
                .iter_mut()
                .zip(buffer.iter().zip(&self.window))
            {
                *o += x * w * scale;
            }
        }
        let end = out.len() - HOP;
        signal[HOP..end].copy_from_slice(&out[HOP..end]);
    }
}

/// Per slot: the balance of each band pair in dB, and the slot's mean square.
fn balances(
    frames: &[Vec<Complex<f32>>],
    bins: &[(usize, usize); BANDS],
) -> Vec<([f32; PAIRS], f32)> {
    frames
        .chunks_exact(SLOT_HOPS)
        .map(|slot| {
            let mut energy = [1e-12f32; BANDS];
            let mut total = 0.0f32;
            for spectrum in slot {
                for (e, &(a, b)) in energy.iter_mut().zip(bins) {
                    *e += spectrum[a..b].iter().map(|c| c.norm_sqr()).sum::<f32>();
                }
                total += spectrum.iter().map(|c| c.norm_sqr()).sum::<f32>();
            }
            let balance =
                std::array::from_fn(|p| 10.0 * (energy[2 * p] / energy[2 * p + 1]).log10());
            // Parseval with the window's mean square of 1/2: back to a per-sample power.
            (balance, total * 4.0 / (WINDOW * WINDOW * SLOT_HOPS) as f32)
        })
        .collect()
}

/// For each slot, the median balance of each pair over the slots around it: what a chip
/// is measured against.
fn baseline(balances: &[([f32; PAIRS], f32)]) -> Vec<[f32; PAIRS]> {
    let n = balances.len();
    let mut column = Vec::with_capacity(2 * BASELINE + 1);
    (0..n)
        .map(|s| {
            let (a, b) = (s.saturating_sub(BASELINE), (s + BASELINE + 1).min(n));
            std::array::from_fn(|p| {
                column.clear();
                column.extend(balances[a..b].iter().map(|(d, _)| d[p]));
                column.sort_by(f32::total_cmp);
                column[column.len() / 2]
            })
        })
        .collect()
}

fn layout() -> Spread {
    Spread::new(PERIOD * PAIRS, SEED)
}

fn mono(stereo: &[f32]) -> Vec<f32> {
    stereo
        .chunks_exact(2)
        .map(|f| 0.5 * (f[0] + f[1]))
        .collect()
}

/// Embeds the mark in interleaved stereo at `RATE`.
pub fn embed_in_sound(stereo: &mut [f32], payload: u64) {
    let stft = Stft::new();
    let bins = band_bins();
    let chips = layout().chips(payload);
    let channels: Vec<Vec<f32>> = (0..2)
        .map(|c| stereo.iter().skip(c).step_by(2).copied().collect())
        .collect();
    let spectra: Vec<Vec<Vec<Complex<f32>>>> = channels.iter().map(|c| stft.analyse(c)).collect();
    let host = balances(&stft.analyse(&mono(stereo)), &bins);
    let base = baseline(&host);
    let mut applied = vec![[0.0f32; PAIRS]; host.len()];
    let mut current = host;
    for pass in 0..PASSES {
        for (s, slot) in current.iter().enumerate() {
            for p in 0..PAIRS {
                let chip = chips[(s % PERIOD) * PAIRS + p];
                let off = slot.0[p] - base[s][p];
                if chip * off < MARGIN_DB {
                    applied[s][p] = (applied[s][p] + chip * MARGIN_DB - off)
                        .clamp(-2.0 * MAX_GAIN_DB, 2.0 * MAX_GAIN_DB);
                }
            }
        }
        let curves: Vec<Vec<f32>> = applied.iter().map(bin_gains).collect();
        for (c, channel) in channels.iter().enumerate() {
            let mut frames = spectra[c].clone();
            for (f, spectrum) in frames.iter_mut().enumerate() {
                let Some(gains) = curves.get(f / SLOT_HOPS) else {
                    break;
                };
                for (x, g) in spectrum.iter_mut().zip(gains) {
                    *x *= g;
                }
            }
            let mut out = channel.clone();
            stft.synthesise(&mut frames, &mut out);
            for (i, v) in out.into_iter().enumerate() {
                stereo[2 * i + c] = v;
            }
        }
        if pass + 1 < PASSES {
            current = balances(&stft.analyse(&mono(stereo)), &bins);
        }
    }
}

/// Amplitude gain per STFT bin for one slot's balance changes (dB per pair): half the
/// change up on the pair's first band and half down on its second, interpolated between
/// band centres and faded out past the outer bands. A gain with sharp edges in frequency
/// would ring in time and smear a click into a second one tens of milliseconds away.
fn bin_gains(pairs: &[f32; PAIRS]) -> Vec<f32> {
    let level = |band: usize| {
        let half = pairs[band / 2] / 2.0;
        if band.is_multiple_of(2) { half } else { -half }
    };
    let last = (BANDS - 1) as f32;
    (0..=WINDOW / 2)
        .map(|k| {
            let hz = k as f32 * RATE as f32 / WINDOW as f32;
            // In bands, with the centres at whole numbers.
            let u = (hz - LOW_HZ) / BAND_HZ - 0.5;
            let db = if u <= -0.5 || u >= last + 0.5 {
                0.0
            } else if u < 0.0 {
                level(0) * (u + 0.5) * 2.0
            } else if u > last {
                level(BANDS - 1) * (last + 0.5 - u) * 2.0
            } else {
                let i = u.floor() as usize;
                let t = u - i as f32;
                level(i) * (1.0 - t) + level((i + 1).min(BANDS - 1)) * t
            };
            10f32.powf(db / 20.0)
        })
        .collect()
}

/// What the sound search found.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SoundFinding {
    /// The payload, when the codeword's CRC holds.
    pub payload: Option<u64>,
    /// How well the best codeword agrees with what the chips say: 1 when all agree, about
    /// 0.8 for sound without the mark (the best of many codewords fits noise that well), 0
    /// for silence.
    pub strength: f32,
    /// Seconds of sound looked at.
    pub seconds: f32,
}

/// Looks for the mark in mono sound at `RATE`, at every start offset and layout phase;
/// the one whose chips best agree with some codeword is read.
pub fn find_in_sound(mono: &[f32]) -> SoundFinding {
    let stft = Stft::new();
    let bins = band_bins();
    let spread = layout();
    let mut best = Decoded {
        payload: None,
        agreement: 0.0,
    };
    for offset in (0..SLOT).step_by(SEARCH_STEP) {
        let Some(signal) = mono.get(offset..) else {
            break;
        };
        let slots = balances(&stft.analyse(signal), &bins);
        let base = baseline(&slots);
        for phase in 0..PERIOD {
            let mut soft = [0.0f32; CODE_BITS];
            for (s, ((balance, power), median)) in slots.iter().zip(&base).enumerate() {
                if *power < QUIET {
                    continue;
                }
                let row = ((s + phase) % PERIOD) * PAIRS;
                for (p, (d, m)) in balance.iter().zip(median).enumerate() {
                    let c = row + p;
                    soft[spread.bit[c] as usize] +=
                        spread.sign[c] * ((d - m) / MARGIN_DB).clamp(-1.0, 1.0);
                }
            }
            let decoded = decode(&soft);
            if decoded.agreement > best.agreement {
                best = decoded;
            }
        }
    }
    SoundFinding {
        payload: best.payload,
        strength: best.agreement,
        seconds: mono.len() as f32 / RATE as f32,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::payload::Sequence;

    /// Four seconds of stereo: filtered noise under tone bursts, with a silent gap.
    fn sound() -> Vec<f32> {
        let mut noise = Sequence::new(5);
        let mut low = 0.0f32;
        let mut out = Vec::new();
        for n in 0..4 * RATE as usize {
            let t = n as f32 / RATE as f32;
            let white = (noise.next() % 2000) as f32 / 1000.0 - 1.0;
            low = 0.9 * low + 0.1 * white;
            let burst = if (t * 2.0).fract() < 0.3 {
                0.2 * (std::f32::consts::TAU * 660.0 * t).sin()
            } else {
                0.0
            };
            let v = if (2.5..2.8).contains(&t) {
                0.0
            } else {
                0.1 * low + 0.02 * white + burst
            };
            out.extend([v, 0.8 * v]);
        }
        out
    }

    #[test]
    fn the_mark_reads_back_whole_and_trimmed_and_leaves_silence_silent() {
        let payload = 0xfeed_0000_1234_5678;
        let plain = sound();
        let mut marked = plain.clone();
        embed_in_sound(&mut marked, payload);
        let found = find_in_sound(&mono(&marked));
        assert_eq!(found.payload, Some(payload), "{found:?}");
        // Trimmed by 1.3 s, off the slot grid.
        let cut = (1.3 * RATE as f32) as usize * 2;
        assert_eq!(find_in_sound(&mono(&marked[cut..])).payload, Some(payload));
        // The silent gap stays silent; the level moves by less than a decibel.
        let gap = (2.55 * RATE as f32) as usize * 2..(2.75 * RATE as f32) as usize * 2;
        assert!(marked[gap].iter().all(|&s| s.abs() < 1e-3));
        let energy = |s: &[f32]| s.iter().map(|x| x * x).sum::<f32>();
        let change = 10.0 * (energy(&marked) / energy(&plain)).log10();
        assert!(change.abs() < 1.0, "{change} dB");
        assert_eq!(find_in_sound(&mono(&plain)).payload, None);
        assert_eq!(find_in_sound(&[]).payload, None);
    }
}
