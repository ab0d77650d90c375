//! A stereo room reverb in the Freeverb design: eight damped feedback combs in parallel
//! and four allpasses in series per channel, the right channel's delays spread a little.

const COMBS: [usize; 8] = [1116, 1188, 1277, 1356, 1422, 1491, 1557, 1617];
const ALLPASSES: [usize; 4] = [556, 441, 341, 225];
const SPREAD: usize = 23;

struct Comb {
    buffer: Vec<f32>,
    index: usize,
    store: f32,
}

struct Allpass {
    buffer: Vec<f32>,
    index: usize,
}

/// Adds reverb of a room of `size` (0–1) to interleaved stereo, `wet` of it mixed in.
pub fn reverberate(stereo: &mut [f32], rate: f32, size: f32, wet: f32) {
    if wet <= 0.0 {
        return;
    }
    let scale = rate / 44_100.0;
    let feedback = 0.7 + 0.28 * size.clamp(0.0, 1.0);
    let damp = 0.3;
    for channel in 0..2 {
        let spread = channel * SPREAD;
        let mut combs: Vec<Comb> = COMBS
            .iter()
            .map(|&d| Comb {
                buffer: vec![0.0; ((d + spread) as f32 * scale) as usize],
                index: 0,
                store: 0.0,
            })
            .collect();
        let mut allpasses: Vec<Allpass> = ALLPASSES
            .iter()
            .map(|&d| Allpass {
                buffer: vec![0.0; ((d + spread) as f32 * scale) as usize],
                index: 0,
            })
            .collect();
        for frame in stereo.chunks_exact_mut(2) {
            let input = (frame[0] + frame[1]) * 0.015;
            let mut out = 0.0;
            for c in &mut combs {
                let y = c.buffer[c.index];
                c.store = y * (1.0 - damp) + c.store * damp;
                c.buffer[c.index] = input + c.store * feedback;
                c.index = (c.index + 1) % c.buffer.len();
                out += y;
            }
            for a in &mut allpasses {
                let b = a.buffer[a.index];
                a.buffer[a.index] = out + b * 0.5;
                a.index = (a.index + 1) % a.buffer.len();
                out = b - out;
            }
            frame[channel] += out * wet;
        }
    }
}
