//! What the tests of several crates share: a fresh folder for each test, a small
//! real MP4 to sign, serve or hand back as a generator's output, a `diorama serve`
//! process that stops with the test, and the reports of the Python test scripts.

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

/// A `diorama serve` process for a test, killed when dropped however the test ends.
pub struct Served {
    child: std::process::Child,
    /// Where it serves, e.g. `http://127.0.0.1:40123` (the Videos API under `/v1`).
    pub base: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `bin serve` (the `diorama` program) on a free loopback port with data in
/// `data`, and waits until it serves. Its log is read and dropped, so that it never
/// blocks on a full pipe.
pub fn serve(bin: &str, data: &Path) -> Served {
    use std::io::{BufRead, BufReader};
    let mut child = std::process::Command::new(bin)
        .args(["serve", "--addr", "127.0.0.1:0", "--data"])
        .arg(data)
        .env("DIORAMA_LOG", "warn")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("diorama serve starts");
    let stderr = child.stderr.take().expect("its log");
    let mut served = Served {
        child,
        base: String::new(),
    };
    let mut lines = BufReader::new(stderr).lines();
    served.base = loop {
        let line = lines
            .next()
            .expect("the server exited before it was serving")
            .expect("its log reads");
        if let Some(rest) = line.split("serving the Videos API at ").nth(1) {
            let api = rest.split_whitespace().next().expect("an address");
            break api.trim_end_matches("/v1").to_string();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    served
}

/// Runs a Python test script with the tests' Python (the virtual environment
/// scripts/test.sh makes, or `DIORAMA_TEST_PYTHON`) and `args`; fails the test with the
/// script's output if it fails, and returns the JSON report on its last line.
pub fn python_report(script: &Path, args: &[&std::ffi::OsStr]) -> serde_json::Value {
    let python = std::env::var_os("DIORAMA_TEST_PYTHON").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/test-python/bin/python"),
        PathBuf::from,
    );
    assert!(
        python.exists(),
        "{} is missing: run scripts/test.sh, which installs the Python packages the tests use",
        python.display()
    );
    let run = std::process::Command::new(&python)
        .arg(script)
        .args(args)
        .output()
        .expect("the test's Python runs");
    assert!(
        run.status.success(),
        "{} failed:\n{}\n{}",
        script.display(),
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    let last = run
        .stdout
        .trim_ascii_end()
        .rsplit(|b| *b == b'\n')
        .next()
        .unwrap_or_default();
    serde_json::from_slice(last).expect("the script's last line is its JSON report")
}
