//! The official `openai` Python package, unchanged, against `diorama serve` with the real
//! generator: create (and create_and_poll), download the video, thumbnail and spritesheet,
//! remix, edit, extend, list with pagination, delete. The Python side checks what it downloads
//! (see openai_client.py); scripts/test.sh installs the package.

use std::path::{Path, PathBuf};
use std::process::Command;

#[test]
fn the_official_openai_sdk_runs_unchanged_against_diorama() {
    let dir = std::env::temp_dir().join(format!("diorama-sdk-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let data = dir.join("data");
    let bin = env!("CARGO_BIN_EXE_diorama");

    let keys = Command::new(bin)
        .args(["keys", "create", "sdk-user", "--data"])
        .arg(&data)
        .output()
        .unwrap();
    assert!(
        keys.status.success(),
        "{}",
        String::from_utf8_lossy(&keys.stderr)
    );
    let key = String::from_utf8(keys.stdout).unwrap().trim().to_string();
    assert!(key.starts_with("sk-diorama-"), "{key}");

    let server = testkit::serve(bin, &data);
    let base = format!("{}/v1", server.base);

    let out = dir.join("downloads");
    std::fs::create_dir_all(&out).unwrap();
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/openai_client.py");
    let report = testkit::python_report(&script, &[base.as_ref(), key.as_ref(), out.as_ref()]);
    drop(server);
    assert_eq!(report["ok"], true);
    assert_eq!(report["videos"].as_array().unwrap().len(), 5);

    // The platform's record of a downloaded video, by the manifest's video id and, once
    // the manifest is stripped by a re-mux, by the invisible marks' payload.
    let first = report["videos"][4].as_str().unwrap();
    let verify = |file: &Path, code: i32| -> serde_json::Value {
        let out = Command::new(bin)
            .args(["verify", "--json", "--data"])
            .arg(&data)
            .arg(file)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(code),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let downloaded = out.join("first.mp4");
    let found = verify(&downloaded, 0);
    assert_eq!(found["record"]["id"], first, "{found}");
    assert_eq!(found["c2pa"]["video_id"], first, "{found}");
    let payload = found["watermark"]["payload"].as_str().unwrap().to_string();
    assert!(
        first.starts_with(&format!("video_{payload}")),
        "{payload} {first}"
    );
    let stripped = dir.join("stripped.mp4");
    let status = Command::new("ffmpeg")
        .args(["-v", "error", "-y", "-i"])
        .arg(&downloaded)
        .args(["-c:v", "libx264", "-crf", "28"])
        .arg(&stripped)
        .status()
        .unwrap();
    assert!(status.success());
    let found = verify(&stripped, 5);
    assert!(found["c2pa"].is_null(), "{found}");
    assert_eq!(found["record"]["id"], first, "{found}");
}
