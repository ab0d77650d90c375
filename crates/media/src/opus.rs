//! Opus encoding of the sound track with unsafe-libopus (libopus translated to Rust).
//!
//! The encoder's look-ahead (312 samples at 48 kHz) is what the MP4's Opus pre-skip
//! removes on decoding, so decoded audio lines up with the video sample for sample. The
//! end is covered with short packets of equal length so the track ends within 2.5 ms of
//! the last sample and its last packet's duration is exact.

use crate::MediaError;
use unsafe_libopus::{
    OPUS_APPLICATION_AUDIO, OPUS_GET_LOOKAHEAD_REQUEST, OPUS_SET_BITRATE_REQUEST,
    opus_encode_float, opus_encoder_create, opus_encoder_ctl, opus_encoder_destroy,
};

/// Audio sample rate.
pub const SAMPLE_RATE: u32 = 48_000;
/// Samples the decoder drops at the start: the encoder's look-ahead.
pub const OPUS_PRE_SKIP: usize = 312;
const FRAME: usize = 960;
const SHORT_FRAME: usize = 120;
const BITRATE: i32 = 128_000;

/// One encoded packet and the sample it starts at (counting the pre-skip).
pub struct Packet {
    /// Start, in samples from the beginning of the encoded stream.
    pub start: u64,
    /// Opus packet bytes.
    pub data: Vec<u8>,
}

/// Owns an encoder and frees it.
struct Encoder(*mut unsafe_libopus::OpusEncoder);

impl Drop for Encoder {
    fn drop(&mut self) {
        // SAFETY: the pointer came from opus_encoder_create and is freed once.
        unsafe { opus_encoder_destroy(self.0) }
    }
}

/// Encodes interleaved stereo at 48 kHz into packets.
pub fn encode(stereo: &[f32]) -> Result<Vec<Packet>, MediaError> {
    if !stereo.len().is_multiple_of(2) {
        return Err(MediaError::Input(
            "stereo audio must have an even number of samples".into(),
        ));
    }
    let mut error = 0;
    // SAFETY: valid arguments; the result is checked before use.
    let encoder = Encoder(unsafe {
        opus_encoder_create(SAMPLE_RATE as i32, 2, OPUS_APPLICATION_AUDIO, &mut error)
    });
    if encoder.0.is_null() || error != 0 {
        return Err(MediaError::Audio(format!(
            "cannot create the encoder (error {error})"
        )));
    }
    let mut lookahead = 0i32;
    // SAFETY: the encoder is live; the requests take the documented argument types.
    unsafe {
        opus_encoder_ctl!(encoder.0, OPUS_SET_BITRATE_REQUEST, BITRATE);
        opus_encoder_ctl!(encoder.0, OPUS_GET_LOOKAHEAD_REQUEST, &mut lookahead);
    }
    if lookahead as usize != OPUS_PRE_SKIP {
        return Err(MediaError::Audio(format!(
            "encoder look-ahead is {lookahead}, the MP4 says {OPUS_PRE_SKIP}"
        )));
    }
    // Pad so that the decoder, after dropping the pre-skip, still gets every sample.
    let frames = stereo.len() / 2 + OPUS_PRE_SKIP;
    let whole = frames / FRAME * FRAME;
    let mut sizes = vec![FRAME; frames / FRAME];
    let mut shorts = (frames - whole).div_ceil(SHORT_FRAME);
    // The muxer gives the last packet the previous packet's duration, so never end on a
    // lone short packet after a long one.
    if shorts == 1 && sizes.pop().is_some() {
        shorts += FRAME / SHORT_FRAME;
    }
    sizes.extend(std::iter::repeat_n(SHORT_FRAME, shorts));
    let total: usize = sizes.iter().sum();
    let mut padded = stereo.to_vec();
    padded.resize(total * 2, 0.0);
    let mut packets = Vec::with_capacity(sizes.len());
    let mut buffer = [0u8; 4000];
    let mut start = 0usize;
    for size in sizes {
        let pcm = &padded[start * 2..(start + size) * 2];
        // SAFETY: pcm holds `size` stereo frames; buffer holds its stated length.
        let n = unsafe {
            opus_encode_float(
                encoder.0,
                pcm.as_ptr(),
                size as i32,
                buffer.as_mut_ptr(),
                buffer.len() as i32,
            )
        };
        if n < 0 {
            return Err(MediaError::Audio(format!("encoding failed (error {n})")));
        }
        packets.push(Packet {
            start: start as u64,
            data: buffer[..n as usize].to_vec(),
        });
        start += size;
    }
    Ok(packets)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packets_cover_the_audio_and_the_pre_skip() {
        let audio = vec![0.1f32; 2 * 48_000 + 2 * 777];
        let packets = encode(&audio).unwrap();
        let last = packets.last().unwrap();
        let covered = last.start as usize + SHORT_FRAME;
        let needed = audio.len() / 2 + OPUS_PRE_SKIP;
        assert!(
            covered >= needed && covered < needed + SHORT_FRAME,
            "{covered} vs {needed}"
        );
        assert!(packets.iter().all(|p| !p.data.is_empty()));
        let n = packets.len();
        assert_eq!(
            packets[n - 1].start - packets[n - 2].start,
            SHORT_FRAME as u64,
            "the last two packets are the same length"
        );
    }
}
