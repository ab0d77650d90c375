//! Sound files for looking and listening: 16-bit WAV, and a spectrogram as a PNG.

use crate::{MediaError, write_png};
use rustfft::FftPlanner;
use rustfft::num_complex::Complex;
use std::path::Path;

fn wav_error(path: &Path) -> impl Fn(hound::Error) -> MediaError + '_ {
    move |e| MediaError::Io {
        path: path.display().to_string(),
        source: match e {
            hound::Error::IoError(io) => io,
            other => std::io::Error::other(other),
        },
    }
}

/// Writes interleaved stereo float samples as a 16-bit PCM WAV.
pub fn write_wav(path: &Path, stereo: &[f32], rate: u32) -> Result<(), MediaError> {
    let spec = hound::WavSpec {
        channels: 2,
        sample_rate: rate,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut writer = hound::WavWriter::create(path, spec).map_err(wav_error(path))?;
    for s in stereo {
        let v = (s.clamp(-1.0, 1.0) * 32767.0).round() as i16;
        writer.write_sample(v).map_err(wav_error(path))?;
    }
    writer.finalize().map_err(wav_error(path))
}

/// Window length of the spectrogram's FFT (about 43 ms at 48 kHz).
const WINDOW: usize = 2048;

/// Writes a spectrogram of interleaved stereo (mixed to mono) as a PNG: time runs left to
/// right, frequency bottom to top on a log scale from 40 Hz to 20 kHz, level as colour
/// over 90 dB. A waveform strip runs along the bottom.
pub fn write_spectrogram(path: &Path, stereo: &[f32], rate: u32) -> Result<(), MediaError> {
    let mono: Vec<f32> = stereo
        .chunks_exact(2)
        .map(|f| 0.5 * (f[0] + f[1]))
        .collect();
    let (width, spectrum_height, wave_height) = (1200usize, 500usize, 100usize);
    let height = spectrum_height + wave_height;
    let mut rgba = vec![0u8; width * height * 4];
    let fft = FftPlanner::new().plan_fft_forward(WINDOW);
    let hann: Vec<f32> = (0..WINDOW)
        .map(|i| 0.5 - 0.5 * (2.0 * std::f32::consts::PI * i as f32 / WINDOW as f32).cos())
        .collect();
    let (low, high) = (40f32.ln(), (20_000f32.min(rate as f32 / 2.0)).ln());
    let mut buffer = vec![Complex::new(0.0f32, 0.0); WINDOW];
    for x in 0..width {
        let centre = x * mono.len() / width;
        for (i, b) in buffer.iter_mut().enumerate() {
            let at = (centre + i).checked_sub(WINDOW / 2);
            let s = at.and_then(|a| mono.get(a)).copied().unwrap_or(0.0);
            *b = Complex::new(s * hann[i], 0.0);
        }
        fft.process(&mut buffer);
        for y in 0..spectrum_height {
            let f = (low
                + (high - low) * (spectrum_height - 1 - y) as f32 / spectrum_height as f32)
                .exp();
            let bin = ((f * WINDOW as f32 / rate as f32).round() as usize).min(WINDOW / 2);
            // Amplitude relative to a full-scale sine (whose peak bin is WINDOW / 4).
            let db = 20.0
                * (buffer[bin].norm() / (WINDOW as f32 / 4.0))
                    .max(1e-9)
                    .log10();
            let v = ((db + 90.0) / 90.0).clamp(0.0, 1.0);
            rgba[(y * width + x) * 4..][..4].copy_from_slice(&heat(v));
        }
    }
    // Waveform: the peak of each column, symmetric about the middle of the strip.
    for x in 0..width {
        let (a, b) = (
            x * mono.len() / width,
            ((x + 1) * mono.len() / width).max(x * mono.len() / width + 1),
        );
        let peak = mono[a.min(mono.len())..b.min(mono.len())]
            .iter()
            .fold(0.0f32, |m, s| m.max(s.abs()));
        let half = (peak.min(1.0) * (wave_height / 2) as f32) as usize;
        let mid = spectrum_height + wave_height / 2;
        for y in mid - half..=mid + half.min(wave_height / 2 - 1) {
            rgba[(y * width + x) * 4..][..4].copy_from_slice(&[120, 200, 255, 255]);
        }
    }
    for px in rgba.chunks_exact_mut(4) {
        px[3] = 255;
    }
    write_png(path, width as u32, height as u32, &rgba)
}

/// A black → purple → orange → yellow colour map for 0..1.
fn heat(v: f32) -> [u8; 4] {
    let stops = [
        (0.0, [0.0, 0.0, 0.0]),
        (0.35, [0.35, 0.05, 0.45]),
        (0.7, [0.95, 0.4, 0.1]),
        (1.0, [1.0, 0.95, 0.6]),
    ];
    let i = stops
        .iter()
        .rposition(|s| s.0 <= v)
        .unwrap_or(0)
        .min(stops.len() - 2);
    let (a, b) = (stops[i], stops[i + 1]);
    let t = (v - a.0) / (b.0 - a.0);
    let c = |k: usize| ((a.1[k] + (b.1[k] - a.1[k]) * t) * 255.0) as u8;
    [c(0), c(1), c(2), 255]
}
