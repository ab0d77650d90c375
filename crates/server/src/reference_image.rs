//! Reference images (`input_reference`): checked from their header first, then decoded
//! on the blocking pool, a few at a time, within limits on pixels and memory, and shrunk
//! to the small copy the generator reads its colours from.

use image::{ImageFormat, ImageReader, Limits, RgbImage};
use std::io::Cursor;
use std::sync::OnceLock;
use tokio::sync::Semaphore;

/// The widest and tallest reference image accepted, in pixels.
pub const MAX_SIDE: u32 = 4096;
/// The most pixels a reference image may have (16.8 megapixels).
pub const MAX_PIXELS: u64 = MAX_SIDE as u64 * MAX_SIDE as u64;
/// The most memory one decode may take.
const MAX_DECODE_BYTES: u64 = 4 * MAX_PIXELS + 16 * 1024 * 1024;
/// The longest side of the copy the generator reads (its colours and brightness).
const GUIDE_SIDE: u32 = 256;
/// Decodes at once in the whole process, so that memory stays bounded however many
/// uploads arrive together.
const DECODES_AT_ONCE: usize = 2;

/// Why an image was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ImageRefusal {
    /// Not a PNG, JPEG or WebP file, or a broken one.
    #[error("input_reference is not a PNG, JPEG or WebP image ({0})")]
    NotAnImage(String),
    /// Larger than the limits.
    #[error(
        "input_reference is {width}x{height} pixels; images may be at most {MAX_SIDE}x{MAX_SIDE}: scale it down (the video's own size is plenty)"
    )]
    TooLarge {
        /// Its width.
        width: u32,
        /// Its height.
        height: u32,
    },
    /// Its decoding needs more memory than allowed (an image that claims a small size
    /// but expands to more).
    #[error(
        "input_reference needs more than {} MiB to decode; send a smaller or simpler image",
        MAX_DECODE_BYTES >> 20
    )]
    TooMuchMemory,
}

fn decodes() -> &'static Semaphore {
    static DECODES: OnceLock<Semaphore> = OnceLock::new();
    DECODES.get_or_init(|| Semaphore::new(DECODES_AT_ONCE))
}

/// A reader for the image with the limits set, after checking its format and size from
/// its header alone.
fn reader(bytes: &[u8]) -> Result<ImageReader<Cursor<&[u8]>>, ImageRefusal> {
    let not_an_image = |e: &dyn std::fmt::Display| ImageRefusal::NotAnImage(e.to_string());
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| not_an_image(&e))?;
    match reader.format() {
        Some(ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::WebP) => {}
        Some(other) => return Err(ImageRefusal::NotAnImage(format!("it is {other:?}"))),
        None => return Err(ImageRefusal::NotAnImage("unknown format".into())),
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    Ok(reader)
}

/// Checks an image from its header alone: quick, and enough to refuse an image bomb.
pub fn check_header(bytes: &[u8]) -> Result<(), ImageRefusal> {
    let (width, height) = reader(bytes)?
        .into_dimensions()
        .map_err(|e| refusal(e, bytes))?;
    if width > MAX_SIDE || height > MAX_SIDE || width as u64 * height as u64 > MAX_PIXELS {
        return Err(ImageRefusal::TooLarge { width, height });
    }
    Ok(())
}

fn refusal(e: image::ImageError, bytes: &[u8]) -> ImageRefusal {
    match e {
        image::ImageError::Limits(_) => match dimensions(bytes) {
            Some((width, height)) if width > MAX_SIDE || height > MAX_SIDE => {
                ImageRefusal::TooLarge { width, height }
            }
            _ => ImageRefusal::TooMuchMemory,
        },
        other => ImageRefusal::NotAnImage(other.to_string()),
    }
}

/// The size the header claims, read without limits (a header is small).
fn dimensions(bytes: &[u8]) -> Option<(u32, u32)> {
    ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .ok()?
        .into_dimensions()
        .ok()
}

/// Decodes an image on the blocking pool (a few at a time) and returns the small copy
/// the generator reads.
pub async fn decode(bytes: bytes::Bytes) -> Result<RgbImage, ImageRefusal> {
    check_header(&bytes)?;
    let _permit = decodes()
        .acquire()
        .await
        .map_err(|_| ImageRefusal::NotAnImage("the server is stopping".into()))?;
    tokio::task::spawn_blocking(move || decode_now(&bytes))
        .await
        .map_err(|e| ImageRefusal::NotAnImage(format!("decoding failed: {e}")))?
}

/// Decodes within the limits, here and now, and shrinks the picture.
fn decode_now(bytes: &[u8]) -> Result<RgbImage, ImageRefusal> {
    let image = reader(bytes)?.decode().map_err(|e| refusal(e, bytes))?;
    let small = if image.width() > GUIDE_SIDE || image.height() > GUIDE_SIDE {
        image.thumbnail(GUIDE_SIDE, GUIDE_SIDE)
    } else {
        image
    };
    Ok(small.to_rgb8())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let mut out = Vec::new();
        {
            let mut encoder = png::Encoder::new(&mut out, width, height);
            encoder.set_color(png::ColorType::Grayscale);
            let mut writer = encoder.write_header().unwrap();
            let mut stream = writer.stream_writer().unwrap();
            let row = vec![0u8; width as usize];
            for _ in 0..height {
                std::io::Write::write_all(&mut stream, &row).unwrap();
            }
            stream.finish().unwrap();
        }
        out
    }

    #[test]
    fn a_bomb_is_refused_from_its_header_and_a_fair_image_is_shrunk() {
        let bomb = png(11_000, 11_000);
        assert!(bomb.len() < 1_000_000, "{}", bomb.len());
        let start = std::time::Instant::now();
        assert_eq!(
            check_header(&bomb),
            Err(ImageRefusal::TooLarge {
                width: 11_000,
                height: 11_000
            })
        );
        assert!(start.elapsed() < std::time::Duration::from_millis(100));
        let fair = decode_now(&png(1280, 720)).unwrap();
        assert_eq!((fair.width(), fair.height()), (256, 144));
        assert!(matches!(
            check_header(b"GIF89a...."),
            Err(ImageRefusal::NotAnImage(_))
        ));
    }
}
