//! The app in real headless Chromium (Debian's, driven by Playwright), at a phone's size
//! and a desktop's, against `diorama serve` with the real generator: sign up with an
//! invite, create and watch a video, post it, follow, like, comment, remix, notifications,
//! a storyboard, the share page's tags, the offline page, escaping, CSRF and access
//! checks, and axe-core on every page (see app_browser.py). scripts/test.sh installs
//! Playwright and axe-core; screenshots are left in target/app-screenshots.

use std::path::PathBuf;
use std::process::Command;

#[test]
fn two_people_use_the_app_in_a_real_browser() {
    let dir = testkit::workdir("app");
    let data = dir.join("data");
    let bin = env!("CARGO_BIN_EXE_diorama");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let axe = root.join("target/npm/node_modules/axe-core/axe.min.js");
    assert!(
        axe.exists(),
        "{} is missing: run scripts/test.sh, which installs axe-core",
        axe.display()
    );
    let shots = root.join("target/app-screenshots");
    let _ = std::fs::remove_dir_all(&shots);
    std::fs::create_dir_all(&shots).unwrap();

    let invites = Command::new(bin)
        .args(["invites", "create", "--count", "1", "--data"])
        .arg(&data)
        .output()
        .unwrap();
    assert!(
        invites.status.success(),
        "{}",
        String::from_utf8_lossy(&invites.stderr)
    );
    let code = String::from_utf8(invites.stdout)
        .unwrap()
        .trim()
        .to_string();
    assert_eq!(code.len(), 14, "{code}");

    let server = testkit::serve(bin, &data);
    let base = server.base.clone();

    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/app_browser.py");
    let report = testkit::python_report(
        &script,
        &[
            base.as_ref(),
            code.as_ref(),
            axe.as_os_str(),
            shots.as_os_str(),
        ],
    );
    drop(server);
    assert_eq!(report["ok"], true, "{report}");
    // Every page was looked at: a screenshot of each is on disk.
    for page in report["pages"].as_array().unwrap() {
        let png = shots.join(format!("{}.png", page.as_str().unwrap()));
        assert!(
            std::fs::metadata(&png).is_ok_and(|m| m.len() > 5_000),
            "{}",
            png.display()
        );
    }
    assert!(report["pages"].as_array().unwrap().len() >= 14, "{report}");
}
