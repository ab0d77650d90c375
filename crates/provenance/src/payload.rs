//! The 64-bit payload both invisible marks carry: the payload's bits and a CRC-16 of them,
//! protected by a convolutional code (constraint length 7, rate 1/2, decoded by soft
//! Viterbi) and spread by a fixed pseudo-random layout over picture cells and sound
//! bands. The code lets the marks lose many chips (a cropped border, a compressed flat
//! sky) and still read; the CRC rejects what is not a payload.

use crc::{CRC_16_IBM_3740, Crc};
use sha2::{Digest, Sha256};

/// Bits in a message: the 64-bit payload followed by its CRC-16.
const MESSAGE_BITS: usize = 80;
/// The convolutional code's memory (constraint length less one) and generators.
const MEMORY: usize = 6;
const GENERATORS: [u32; 2] = [0o133, 0o171];
/// Bits in a codeword: two per message bit and per flushing zero.
pub const CODE_BITS: usize = (MESSAGE_BITS + MEMORY) * 2;
const STATES: usize = 1 << MEMORY;

const CRC: Crc<u16> = Crc::<u16>::new(&CRC_16_IBM_3740);

/// The message bits of a payload, most significant first, then the flushing zeros.
fn message(payload: u64) -> [u8; MESSAGE_BITS + MEMORY] {
    let crc = CRC.checksum(&payload.to_be_bytes());
    let word = ((payload as u128) << 16) | crc as u128;
    std::array::from_fn(|i| {
        if i < MESSAGE_BITS {
            ((word >> (MESSAGE_BITS - 1 - i)) & 1) as u8
        } else {
            0
        }
    })
}

/// The two code bits (0 or 1) leaving the encoder in `state` when `bit` comes in.
fn outputs(state: usize, bit: u8) -> [u8; 2] {
    let register = ((state as u32) << 1) | bit as u32;
    GENERATORS.map(|g| ((register & g).count_ones() & 1) as u8)
}

/// The codeword of a payload as ±1 per code bit.
pub fn codeword(payload: u64) -> [f32; CODE_BITS] {
    let mut word = [0.0; CODE_BITS];
    let mut state = 0usize;
    for (i, bit) in message(payload).into_iter().enumerate() {
        for (k, out) in outputs(state, bit).into_iter().enumerate() {
            word[2 * i + k] = if out == 1 { 1.0 } else { -1.0 };
        }
        state = ((state << 1) | bit as usize) & (STATES - 1);
    }
    word
}

/// What decoding soft code bits gave.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Decoded {
    /// The payload, when the best codeword's CRC holds.
    pub payload: Option<u64>,
    /// How well the best codeword agrees with the soft bits: its correlation over the sum
    /// of their magnitudes, 1 when every bit agrees, about 0.8 for noise (or a picture seen
    /// through the wrong geometry): the best of 2⁸⁰ codewords fits noise that well.
    pub agreement: f32,
}

/// The payload whose codeword best matches the soft code bits (positive for 1), by
/// Viterbi decoding.
pub fn decode(soft: &[f32; CODE_BITS]) -> Decoded {
    let steps = MESSAGE_BITS + MEMORY;
    let mut metric = [f32::NEG_INFINITY; STATES];
    metric[0] = 0.0;
    // For each step and state: the bit that led there and the state it came from.
    let mut from = vec![[(0u8, 0u8); STATES]; steps];
    for (t, choices) in from.iter_mut().enumerate() {
        let mut next = [f32::NEG_INFINITY; STATES];
        let bits: &[u8] = if t < MESSAGE_BITS { &[0, 1] } else { &[0] };
        for (state, &m) in metric.iter().enumerate() {
            if m == f32::NEG_INFINITY {
                continue;
            }
            for &bit in bits {
                let [a, b] = outputs(state, bit);
                let sign = |o: u8| if o == 1 { 1.0 } else { -1.0 };
                let score = m + sign(a) * soft[2 * t] + sign(b) * soft[2 * t + 1];
                let to = ((state << 1) | bit as usize) & (STATES - 1);
                if score > next[to] {
                    next[to] = score;
                    choices[to] = (bit, state as u8);
                }
            }
        }
        metric = next;
    }
    let magnitude: f32 = soft.iter().map(|s| s.abs()).sum();
    let agreement = if magnitude > 0.0 {
        metric[0] / magnitude
    } else {
        0.0
    };
    // The flushing zeros end the path in state 0; trace it back.
    let mut state = 0usize;
    let mut word = 0u128;
    for (t, choices) in from.iter().enumerate().rev() {
        let (bit, previous) = choices[state];
        if t < MESSAGE_BITS {
            word |= (bit as u128) << (MESSAGE_BITS - 1 - t);
        }
        state = previous as usize;
    }
    let payload = (word >> 16) as u64;
    Decoded {
        payload: (CRC.checksum(&payload.to_be_bytes()) == word as u16).then_some(payload),
        agreement,
    }
}

/// The payload for a video id: its first 16 hex digits after the prefix ("video_…"), so
/// the platform finds the video again from the mark; a hash of other ids.
pub fn payload_of_id(id: &str) -> u64 {
    let digits = id.rsplit('_').next().unwrap_or(id);
    match digits.get(..16).map(|d| u64::from_str_radix(d, 16)) {
        Some(Ok(p)) => p,
        _ => {
            let hash = Sha256::digest(id.as_bytes());
            u64::from_be_bytes(hash[..8].try_into().expect("a SHA-256 has 32 bytes"))
        }
    }
}

/// A fixed pseudo-random sequence (SplitMix64): the marks' layouts are part of their
/// format, so they come from this generator rather than a crate whose output may change.
pub(crate) struct Sequence(u64);

impl Sequence {
    pub(crate) fn new(seed: u64) -> Sequence {
        Sequence(seed)
    }

    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// +1 or −1.
    pub(crate) fn sign(&mut self) -> f32 {
        if self.next() & 1 == 1 { 1.0 } else { -1.0 }
    }
}

/// A spreading layout: for each of `chips` positions, the codeword bit it carries and
/// the sign it is multiplied by. Every bit gets the same number of chips (±1).
pub(crate) struct Spread {
    pub(crate) bit: Vec<u16>,
    pub(crate) sign: Vec<f32>,
}

impl Spread {
    pub(crate) fn new(chips: usize, seed: u64) -> Spread {
        let mut sequence = Sequence::new(seed);
        let mut bit: Vec<u16> = (0..chips).map(|i| (i % CODE_BITS) as u16).collect();
        // Fisher–Yates.
        for i in (1..chips).rev() {
            let j = (sequence.next() % (i as u64 + 1)) as usize;
            bit.swap(i, j);
        }
        let sign = (0..chips).map(|_| sequence.sign()).collect();
        Spread { bit, sign }
    }

    /// The chips of a payload: ±1 at each position.
    pub(crate) fn chips(&self, payload: u64) -> Vec<f32> {
        let word = codeword(payload);
        self.bit
            .iter()
            .zip(&self.sign)
            .map(|(&b, &s)| word[b as usize] * s)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_codeword_decodes_to_its_payload_through_many_errors() {
        let mut sequence = Sequence::new(3);
        for payload in [0, 1, 0x0123_4567_89ab_cdef, u64::MAX] {
            let word = codeword(payload);
            assert_eq!(decode(&word).payload, Some(payload));
            assert!((decode(&word).agreement - 1.0).abs() < 1e-6);
            // One code bit in ten flipped and the rest weakened: the code corrects it.
            let noisy: [f32; CODE_BITS] = std::array::from_fn(|i| {
                let flip = sequence.next().is_multiple_of(10);
                word[i] * if flip { -0.3 } else { 0.5 }
            });
            assert_eq!(decode(&noisy).payload, Some(payload), "{payload:x}");
        }
    }

    #[test]
    fn noise_is_not_read_as_a_payload() {
        let mut sequence = Sequence::new(4);
        let found = (0..2000)
            .filter(|_| {
                let soft: [f32; CODE_BITS] =
                    std::array::from_fn(|_| (sequence.next() % 1000) as f32 / 500.0 - 1.0);
                let decoded = decode(&soft);
                assert!(decoded.agreement < 0.9, "{decoded:?}");
                decoded.payload.is_some()
            })
            .count();
        // The CRC-16 lets about one in 65,536 through.
        assert!(found <= 1, "{found} of 2000 noise vectors decoded");
    }

    #[test]
    fn video_ids_give_their_leading_digits() {
        assert_eq!(
            payload_of_id("video_0123456789abcdef0011223344556677"),
            0x0123_4567_89ab_cdef
        );
        assert_ne!(payload_of_id("not hex"), payload_of_id("not hex either"));
    }

    #[test]
    fn every_bit_is_spread_evenly() {
        let spread = Spread::new(1296, 1);
        let mut count = [0usize; CODE_BITS];
        for &b in &spread.bit {
            count[b as usize] += 1;
        }
        assert!(count.iter().all(|&c| c == 7 || c == 8), "{count:?}");
    }
}
