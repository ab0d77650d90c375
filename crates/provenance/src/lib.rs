//! Provenance: every video Diorama makes says so, and anyone can check.
//!
//! - A C2PA manifest signed into the MP4 (`manifest`): the `c2pa.created` action with the
//!   IPTC digital source type, the generator and its version, SHA-256 hashes of the prompt
//!   and the scene, and the parent video as an ingredient for a remix. The operator's
//!   certificate signs it, or a local CA made on first run (`signing`).
//! - A visible mark painted into the frames before they are encoded (`mark`): "Diorama" and
//!   the creator's handle, moving every few seconds and kept off faces.
//! - Two invisible marks carrying the same 64-bit payload (the video's id) with a CRC:
//!   one in the pictures' luma (`picture_mark`), one in the sound's spectrum
//!   (`sound_mark`). Each survives re-encoding, scaling, cropping, frame-rate changes and
//!   trimming on its own.

mod manifest;
mod mark;
mod payload;
mod picture_mark;
mod signing;
mod sound_mark;

pub use mark::{MARK_SECONDS, Rect, SLOTS, Slot, Stamp, VisibleMark, detect, schedule};

pub use manifest::{
    CREDITS_ASSERTION, Facts, GENERATION_ASSERTION, GENERATOR, ManifestReport, SourceType, read,
    sha256_hex, sign, sign_file,
};
pub use payload::payload_of_id;
pub use picture_mark::{PictureFinding, PictureMarker, find_in_pictures};
pub use signing::{LOCAL_CA_NAME, Signing};
pub use sound_mark::{RATE as SOUND_MARK_RATE, SoundFinding, embed_in_sound, find_in_sound};

/// Why provenance could not be written or read.
#[derive(Debug, thiserror::Error)]
pub enum ProvenanceError {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// What went wrong.
        source: std::io::Error,
    },
    /// A certificate could not be made.
    #[error("making the signing certificate failed: {0}")]
    Certificate(String),
    /// The C2PA library refused.
    #[error("C2PA: {0}")]
    C2pa(String),
}
