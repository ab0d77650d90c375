//! Media files: H.264 video and Opus audio muxed into a fast-start MP4, and PNG stills.
//!
//! Frames stream in one at a time: each is converted to YUV 4:2:0, encoded with openh264
//! and handed to the muxer, so raw frames never accumulate. The muxer (muxide) keeps the
//! compressed samples until `finish`, then writes `ftyp`, `moov` and `mdat` in that order
//! so players can start before the whole file arrives.

mod audio_files;
pub use audio_files::{write_spectrogram, write_wav};
mod opus;

use muxide::api::{AudioCodec, Muxer, MuxerBuilder, VideoCodec};
use openh264::OpenH264API;
use openh264::encoder::{
    BitRate, ColorPrimaries, Encoder, EncoderConfig, FrameRate, FrameType, IntraFramePeriod,
    MatrixCoefficients, RateControlMode, TransferCharacteristics, UsageType, VuiConfig,
};
use openh264::formats::{RgbaSliceU8, YUVBuffer};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

pub use opus::{OPUS_PRE_SKIP, SAMPLE_RATE};

/// A sound track encoded as Opus, ready to mux.
pub struct EncodedAudio(Vec<opus::Packet>);

/// Encodes interleaved stereo at 48 kHz, starting at time 0, as Opus.
pub fn encode_audio(stereo: &[f32]) -> Result<EncodedAudio, MediaError> {
    opus::encode(stereo).map(EncodedAudio)
}

/// Why a media file could not be written.
#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    /// A file could not be created or written.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// What went wrong.
        source: std::io::Error,
    },
    /// The video encoder failed.
    #[error("H.264 encoder: {0}")]
    Video(String),
    /// The audio encoder failed.
    #[error("Opus encoder: {0}")]
    Audio(String),
    /// The muxer refused the stream.
    #[error("MP4 muxer: {0}")]
    Mux(String),
    /// The input does not fit the stream's settings.
    #[error("{0}")]
    Input(String),
}

/// Video stream settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VideoSettings {
    /// Width in pixels (even).
    pub width: u32,
    /// Height in pixels (even).
    pub height: u32,
    /// Frames per second.
    pub fps: u32,
    /// Target bitrate in bits per second.
    pub bitrate: u32,
}

/// Writes an MP4 with one H.264 video track and one Opus stereo audio track.
pub struct Mp4Writer {
    muxer: Muxer<BufWriter<File>>,
    encoder: Encoder,
    yuv: YUVBuffer,
    settings: VideoSettings,
    frames: u64,
    bitstream: Vec<u8>,
    path: String,
}

fn io_error(path: &Path) -> impl Fn(std::io::Error) -> MediaError + '_ {
    move |source| MediaError::Io {
        path: path.display().to_string(),
        source,
    }
}

impl Mp4Writer {
    /// Creates the file and the encoders.
    pub fn create(path: &Path, settings: VideoSettings) -> Result<Mp4Writer, MediaError> {
        let VideoSettings {
            width,
            height,
            fps,
            bitrate,
        } = settings;
        if width % 2 != 0 || height % 2 != 0 || width == 0 || height == 0 {
            return Err(MediaError::Input(format!(
                "{width}x{height}: H.264 4:2:0 needs even, non-zero sizes"
            )));
        }
        let file = File::create(path).map_err(io_error(path))?;
        let muxer = MuxerBuilder::new(BufWriter::new(file))
            .video(VideoCodec::H264, width, height, fps as f64)
            .audio(AudioCodec::Opus, SAMPLE_RATE, 2)
            .with_fast_start(true)
            .build()
            .map_err(|e| MediaError::Mux(e.to_string()))?;
        // openh264 converts RGB with BT.601 coefficients into limited range; say so.
        let vui = VuiConfig::new()
            .color_primaries(ColorPrimaries::Bt709)
            .transfer_characteristics(TransferCharacteristics::Srgb)
            .matrix_coefficients(MatrixCoefficients::Smpte170M)
            .full_range(false);
        let config = EncoderConfig::new()
            .bitrate(BitRate::from_bps(bitrate))
            .max_frame_rate(FrameRate::from_hz(fps as f32))
            .usage_type(UsageType::CameraVideoRealTime)
            .rate_control_mode(RateControlMode::Bitrate)
            .skip_frames(false)
            .intra_frame_period(IntraFramePeriod::from_num_frames(fps * 2))
            .vui(vui);
        let encoder = Encoder::with_api_config(OpenH264API::from_source(), config)
            .map_err(|e| MediaError::Video(e.to_string()))?;
        Ok(Mp4Writer {
            muxer,
            encoder,
            yuv: YUVBuffer::new(width as usize, height as usize),
            settings,
            frames: 0,
            bitstream: Vec::new(),
            path: path.display().to_string(),
        })
    }

    /// Encodes one frame of tightly packed RGBA (sRGB) pixels.
    pub fn push_frame(&mut self, rgba: &[u8]) -> Result<(), MediaError> {
        let (w, h) = (self.settings.width as usize, self.settings.height as usize);
        if rgba.len() != w * h * 4 {
            return Err(MediaError::Input(format!(
                "frame has {} bytes, expected {w}x{h} RGBA = {}",
                rgba.len(),
                w * h * 4
            )));
        }
        self.yuv.read_rgb8(RgbaSliceU8::new(rgba, (w, h)));
        let encoded = self
            .encoder
            .encode(&self.yuv)
            .map_err(|e| MediaError::Video(e.to_string()))?;
        let keyframe = matches!(encoded.frame_type(), FrameType::IDR | FrameType::I);
        self.bitstream.clear();
        encoded.write_vec(&mut self.bitstream);
        let pts = self.frames as f64 / self.settings.fps as f64;
        self.muxer
            .write_video(pts, &self.bitstream, keyframe)
            .map_err(|e| MediaError::Mux(e.to_string()))?;
        self.frames += 1;
        Ok(())
    }

    /// Encodes the whole sound track: interleaved stereo at 48 kHz, starting at time 0.
    /// Call after the first frame.
    pub fn push_audio(&mut self, stereo: &[f32]) -> Result<(), MediaError> {
        self.push_encoded_audio(&encode_audio(stereo)?)
    }

    /// Adds a sound track `encode_audio` made (perhaps on another thread while the frames
    /// were rendered). Call after the first frame.
    pub fn push_encoded_audio(&mut self, audio: &EncodedAudio) -> Result<(), MediaError> {
        for packet in &audio.0 {
            self.muxer
                .write_audio(packet.start as f64 / SAMPLE_RATE as f64, &packet.data)
                .map_err(|e| MediaError::Mux(e.to_string()))?;
        }
        Ok(())
    }

    /// Number of frames written so far.
    pub fn frames(&self) -> u64 {
        self.frames
    }

    /// Writes the index and closes the file.
    pub fn finish(self) -> Result<(), MediaError> {
        let path = self.path;
        let mut writer = {
            let mut muxer = self.muxer;
            muxer
                .finish_in_place()
                .map_err(|e| MediaError::Mux(e.to_string()))?;
            muxer.into_writer()
        };
        writer.flush().map_err(|source| MediaError::Io {
            path: path.clone(),
            source,
        })?;
        writer
            .into_inner()
            .map_err(|e| MediaError::Io {
                path: path.clone(),
                source: e.into_error(),
            })?
            .sync_all()
            .map_err(|source| MediaError::Io { path, source })
    }
}

/// Writes tightly packed RGBA pixels as a PNG.
pub fn write_png(path: &Path, width: u32, height: u32, rgba: &[u8]) -> Result<(), MediaError> {
    let file = File::create(path).map_err(io_error(path))?;
    let mut encoder = png::Encoder::new(BufWriter::new(file), width, height);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_source_srgb(png::SrgbRenderingIntent::Perceptual);
    let mut writer = encoder.write_header().map_err(|e| MediaError::Io {
        path: path.display().to_string(),
        source: std::io::Error::other(e),
    })?;
    writer.write_image_data(rgba).map_err(|e| MediaError::Io {
        path: path.display().to_string(),
        source: std::io::Error::other(e),
    })
}
