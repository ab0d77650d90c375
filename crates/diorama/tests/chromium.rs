//! The MP4 plays in a real browser: headless Chromium loads it from a loopback server,
//! decodes both streams, seeks, and draws a frame that is not black.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::process::Command;

const PAGE: &str = r#"<!doctype html>
<html><body><video id="v" src="clip.mp4" muted playsinline></video><pre id="out">pending</pre>
<script>
const v = document.getElementById('v');
const out = document.getElementById('out');
const report = (extra) => { out.textContent = JSON.stringify(Object.assign({
  width: v.videoWidth, height: v.videoHeight, duration: v.duration, readyState: v.readyState,
  error: v.error ? v.error.code : null, audioBytes: v.webkitAudioDecodedByteCount,
  videoBytes: v.webkitVideoDecodedByteCount }, extra)); };
v.addEventListener('error', () => report({ stage: 'error' }));
v.addEventListener('loadeddata', () => { v.currentTime = 1.0; });
v.addEventListener('seeked', () => {
  const c = document.createElement('canvas'); c.width = v.videoWidth; c.height = v.videoHeight;
  const g = c.getContext('2d'); g.drawImage(v, 0, 0);
  const px = g.getImageData(0, 0, c.width, c.height).data; let sum = 0;
  for (let i = 0; i < px.length; i += 4) sum += px[i] + px[i + 1] + px[i + 2];
  report({ stage: 'seeked', meanLevel: sum / (px.length / 4) / 3 });
});
</script></body></html>"#;

/// Serves the page and the clip on loopback until the test ends.
fn serve(clip: Vec<u8>) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(&stream);
            let mut request = String::new();
            if reader.read_line(&mut request).is_err() {
                continue;
            }
            // Skip the headers.
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let (body, kind): (&[u8], &str) = if request.contains("/clip.mp4") {
                (&clip, "video/mp4")
            } else {
                (PAGE.as_bytes(), "text/html")
            };
            let mut stream = &stream;
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(body);
        }
    });
    port
}

#[test]
fn generated_mp4_plays_in_chromium() {
    let dir = std::env::temp_dir().join(format!("diorama-chromium-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let clip = dir.join("clip.mp4");
    let made = Command::new(env!("CARGO_BIN_EXE_diorama"))
        .env("DIORAMA_DATA", dir.join("data"))
        .args([
            "generate",
            "A red ball drops onto a wooden floor and bounces.",
            "-o",
            clip.to_str().unwrap(),
        ])
        .args(["--seconds", "2", "--size", "320x180", "--quality", "draft"])
        .output()
        .unwrap();
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let port = serve(std::fs::read(&clip).unwrap());
    assert!(
        which("chromium"),
        "Chromium is not installed; run scripts/setup.sh"
    );
    let browser = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
        ])
        .args([
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", dir.join("profile").display()))
        .args(["--virtual-time-budget=10000", "--dump-dom"])
        .arg(format!("http://127.0.0.1:{port}/page.html"))
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&browser.stdout);
    let start = dom.find("<pre id=\"out\">").expect("the page loaded") + "<pre id=\"out\">".len();
    let text = &dom[start..start + dom[start..].find("</pre>").unwrap()];
    let result: serde_json::Value =
        serde_json::from_str(text).unwrap_or_else(|_| panic!("the video never loaded: {text}"));
    assert_eq!(result["error"], serde_json::Value::Null, "{result}");
    assert_eq!(result["stage"], "seeked", "{result}");
    assert_eq!(
        (result["width"].as_u64(), result["height"].as_u64()),
        (Some(320), Some(180)),
        "{result}"
    );
    let duration = result["duration"].as_f64().unwrap();
    assert!((duration - 2.0).abs() < 1.0 / 24.0, "{result}");
    assert!(
        result["videoBytes"].as_u64().unwrap() > 0 && result["audioBytes"].as_u64().unwrap() > 0,
        "both streams decode: {result}"
    );
    assert!(
        result["meanLevel"].as_f64().unwrap() > 20.0,
        "the decoded frame is black: {result}"
    );
}

fn which(program: &str) -> bool {
    Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {program}"))
        .output()
        .is_ok_and(|o| o.status.success())
}
