//! The invisible marks on real renders: faint (PSNR against the same film rendered without
//! them), read back from the frames the engine made, and leaving the master's loudness.

use engine::{Cancel, Hooks, Options, Quality};

/// Renders `prompt` with or without a payload; returns every frame (RGBA) as encoded.
fn film(prompt: &str, options: &Options, payload: Option<u64>, name: &str) -> Vec<Vec<u8>> {
    let dir = std::env::temp_dir().join(format!("diorama-marks-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let scene = engine::plan(prompt, options).unwrap().scene;
    let mark = provenance::VisibleMark::new(Some("tester"));
    let mut frames = Vec::new();
    let hooks = Hooks {
        progress: &|_, _| {},
        cancel: &Cancel::default(),
        tap: &mut |_, rgba| frames.push(rgba.to_vec()),
        mark: &mark,
        payload,
    };
    engine::render_scene_with(&scene, options, &dir.join(name), hooks).unwrap();
    frames
}

#[test]
fn marked_frames_are_within_40_db_of_unmarked_ones_and_carry_the_payload() {
    let options = Options {
        width: 1280,
        height: 720,
        fps: 24,
        seconds: 2.0,
        seed: 3,
        quality: Quality::Draft,
    };
    let payload = 0x5eed_cafe_0123_4567;
    for prompt in [
        "A girl waves at the camera on a beach at sunset.",
        "A red ball bounces on a wooden floor in a living room.",
    ] {
        let plain = film(prompt, &options, None, "plain.mp4");
        let marked = film(prompt, &options, Some(payload), "marked.mp4");
        assert_eq!(plain.len(), marked.len());
        let (mut error, mut values) = (0.0f64, 0usize);
        for (a, b) in plain.iter().zip(&marked) {
            for (p, q) in a.chunks_exact(4).zip(b.chunks_exact(4)) {
                for c in 0..3 {
                    error += (p[c] as f64 - q[c] as f64).powi(2);
                }
            }
            values += a.len() / 4 * 3;
        }
        let psnr = 10.0 * (255.0f64.powi(2) / (error / values as f64)).log10();
        assert!(psnr >= 40.0, "{prompt}: PSNR {psnr:.1} dB");
        let luma = |frames: &[Vec<u8>]| -> Vec<Vec<u8>> {
            frames
                .iter()
                .map(|f| {
                    f.chunks_exact(4)
                        .map(|p| {
                            (0.299 * p[0] as f32 + 0.587 * p[1] as f32 + 0.114 * p[2] as f32) as u8
                        })
                        .collect()
                })
                .collect()
        };
        let found = provenance::find_in_pictures(&luma(&marked), 1280, 720);
        assert_eq!(found.payload, Some(payload), "{prompt}: {found:?}");
        assert_eq!(
            provenance::find_in_pictures(&luma(&plain), 1280, 720).payload,
            None
        );
    }
}

#[test]
fn the_marked_sound_keeps_the_masters_loudness_and_peak() {
    let options = Options {
        width: 320,
        height: 180,
        fps: 24,
        seconds: 4.0,
        seed: 1,
        quality: Quality::Draft,
    };
    let dir = std::env::temp_dir().join(format!("diorama-sound-mark-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("talk.mp4");
    let prompt =
        "A man says \"The weather is lovely today, let us go for a walk.\" while rain falls.";
    // The report measures the sound as encoded: after the sound mark.
    let (_, report) =
        engine::generate(prompt, &options, &out, &|_, _| {}, &Cancel::default()).unwrap();
    assert!(
        (report.loudness + 16.0).abs() <= 1.0,
        "{} LUFS",
        report.loudness
    );
    assert!(report.true_peak <= -1.0, "{} dBTP", report.true_peak);
}
