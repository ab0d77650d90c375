//! Cancelling a job stops it and leaves no file behind.

use engine::{Cancel, Options, Quality, Stage};

#[test]
fn cancelling_during_rendering_stops_and_leaves_nothing() {
    let dir = std::env::temp_dir().join(format!("diorama-cancel-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("cancelled.mp4");
    let options = Options {
        width: 320,
        height: 180,
        fps: 24,
        seconds: 6.0,
        seed: 1,
        quality: Quality::Draft,
    };
    let cancel = Cancel::default();
    let frames_seen = std::sync::atomic::AtomicUsize::new(0);
    let progress = |stage: Stage, _: f32| {
        if stage == Stage::Render
            && frames_seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 10
        {
            cancel.cancel();
        }
    };
    let result = engine::generate(
        "A red ball drops onto a wooden floor.",
        &options,
        &out,
        &progress,
        &cancel,
    );
    assert!(
        matches!(result, Err(engine::EngineError::Cancelled)),
        "{:?}",
        result.map(|_| ())
    );
    let seen = frames_seen.load(std::sync::atomic::Ordering::SeqCst);
    assert!(
        seen < 6 * 24,
        "rendering went on to frame {seen} after the cancel"
    );
    assert!(!out.exists());
    assert!(
        std::fs::read_dir(&dir).unwrap().next().is_none(),
        "a partial file was left behind"
    );
}
