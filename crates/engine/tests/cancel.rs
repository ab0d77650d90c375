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

#[test]
fn the_stage_read_from_the_progress_is_the_stage_reported() {
    let dir = std::env::temp_dir().join(format!("diorama-stages-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let options = Options {
        width: 320,
        height: 180,
        fps: 24,
        seconds: 1.0,
        seed: 1,
        quality: Quality::Draft,
    };
    let reports = std::sync::Mutex::new(Vec::new());
    let progress = |stage: Stage, f: f32| reports.lock().unwrap().push((stage, f));
    engine::generate(
        "A red ball drops onto a wooden floor.",
        &options,
        &dir.join("stages.mp4"),
        &progress,
        &Cancel::default(),
    )
    .unwrap();
    let reports = reports.into_inner().unwrap();
    let stages: Vec<Stage> = reports.iter().map(|(s, _)| *s).collect();
    for stage in [
        Stage::Plan,
        Stage::Simulate,
        Stage::Score,
        Stage::Render,
        Stage::Encode,
    ] {
        assert!(stages.contains(&stage), "{stage:?} was never reported");
    }
    for (stage, f) in reports {
        assert_eq!(Stage::at(f), stage, "progress {f}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
