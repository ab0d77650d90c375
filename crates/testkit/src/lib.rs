//! What the tests of several crates share: a fresh folder for each test, and a small
//! real MP4 to sign, serve or hand back as a generator's output.

use std::path::{Path, PathBuf};

/// A fresh, empty folder for the test `name` of this test process.
pub fn workdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("diorama-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a folder for the test");
    dir
}

/// Writes a real one-second MP4 to `path`: 64x64 grey frames that brighten from `shade`
/// at 24 fps, and a second of silence.
pub fn grey_clip(path: &Path, shade: u8) {
    let mut writer = media::Mp4Writer::create(
        path,
        media::VideoSettings {
            width: 64,
            height: 64,
            fps: 24,
            bitrate: 100_000,
        },
    )
    .expect("an MP4 writer");
    for i in 0..24u8 {
        writer
            .push_frame(&[shade.wrapping_add(i); 64 * 64 * 4])
            .expect("a frame");
        if i == 0 {
            writer.push_audio(&vec![0.0; 48_000 * 2]).expect("sound");
        }
    }
    writer.finish().expect("the MP4 written");
}
