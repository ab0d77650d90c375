//! Impacts are placed where they happen on screen and as loud as they strike.

use scene::{Environment, Material, Setting, SoundDirection, SoundKind};
use score::{SAMPLE_RATE, ScoreOptions, score};
use timeline::{CameraPose, Contact, Frame, TIMELINE_VERSION, Timeline};

fn contact(time: f64, x: f32, impulse: f32) -> Contact {
    Contact {
        time,
        a: "ground".into(),
        b: "block".into(),
        material_a: Material::Wood,
        material_b: Material::Wood,
        impulse,
        speed: 3.0,
        point: [x, 1.0, 0.0],
    }
}

/// Energy of each channel over [from, from + 0.15 s).
fn energy(samples: &[f32], from: f64) -> (f64, f64) {
    let start = (from * SAMPLE_RATE as f64) as usize;
    let frames = &samples[start * 2..(start + SAMPLE_RATE as usize * 15 / 100) * 2];
    frames.chunks_exact(2).fold((0.0, 0.0), |(l, r), f| {
        (l + (f[0] as f64).powi(2), r + (f[1] as f64).powi(2))
    })
}

#[test]
fn impacts_are_panned_by_screen_position_and_scaled_by_impulse() {
    let camera = CameraPose {
        eye: [0.0, 1.0, 10.0],
        target: [0.0, 1.0, 0.0],
        fov: 40.0,
        shot: 0,
    };
    let timeline = Timeline {
        version: TIMELINE_VERSION,
        fps: 24,
        duration: 2.0,
        // The Moon: no air, so no ambience or reverb to blur the measurement.
        environment: Environment {
            setting: Setting::Moon,
            ..Environment::default()
        },
        tracks: Vec::new(),
        frames: (0..48)
            .map(|i| Frame {
                time: i as f64 / 24.0,
                poses: Vec::new(),
                camera,
            })
            .collect(),
        contacts: vec![contact(0.5, -3.0, 0.5), contact(1.3, 3.0, 4.0)],
        slides: Vec::new(),
        footsteps: Vec::new(),
        moments: Vec::new(),
        speech: Vec::new(),
        figures: Vec::new(),
    };
    let sound = score(
        &timeline,
        &[],
        &ScoreOptions {
            seed: 1,
            aspect: 16.0 / 9.0,
            directions: vec![SoundDirection {
                kind: SoundKind::Quiet,
                description: "quiet".into(),
                mood: None,
            }],
        },
    );
    assert_eq!(sound.samples.len(), 2 * 2 * SAMPLE_RATE as usize);
    let (left_first, right_first) = energy(&sound.samples, 0.5);
    let (left_second, right_second) = energy(&sound.samples, 1.3);
    assert!(
        left_first > 2.0 * right_first,
        "the left impact sounds on the left: {left_first} vs {right_first}"
    );
    assert!(
        right_second > 2.0 * left_second,
        "the right impact sounds on the right: {right_second} vs {left_second}"
    );
    // Mastering limits the loudest peaks, so the difference is smaller than the impulses'.
    assert!(
        right_second > 1.5 * left_first,
        "the harder impact is louder: {right_second} vs {left_first}"
    );
    // Silence before the first contact.
    assert!(
        sound.samples[..2 * SAMPLE_RATE as usize / 2]
            .iter()
            .all(|s| *s == 0.0)
    );
}
