//! Footfalls, rolling, crowd reactions and ducking are heard where the timeline puts them.

use scene::{Environment, Material, Setting, SoundDirection, SoundKind};
use score::{SAMPLE_RATE, ScoreOptions, score};
use timeline::{
    CameraPose, Footstep, Frame, Moment, MomentKind, Slide, SlideSample, TIMELINE_VERSION,
    Timeline, Utterance,
};

fn timeline(seconds: f64) -> Timeline {
    let camera = CameraPose {
        eye: [0.0, 1.5, 8.0],
        target: [0.0, 0.5, 0.0],
        fov: 40.0,
        shot: 0,
    };
    Timeline {
        version: TIMELINE_VERSION,
        fps: 24,
        duration: seconds,
        // The Moon: no air, so no ambience to blur the measurement.
        environment: Environment {
            setting: Setting::Moon,
            ..Environment::default()
        },
        tracks: Vec::new(),
        frames: (0..(seconds * 24.0) as usize)
            .map(|i| Frame {
                time: i as f64 / 24.0,
                poses: Vec::new(),
                camera,
            })
            .collect(),
        contacts: Vec::new(),
        slides: Vec::new(),
        footsteps: Vec::new(),
        moments: Vec::new(),
        speech: Vec::new(),
        figures: Vec::new(),
    }
}

fn options(kinds: &[SoundKind]) -> ScoreOptions {
    ScoreOptions {
        seed: 5,
        aspect: 16.0 / 9.0,
        directions: kinds
            .iter()
            .map(|&kind| SoundDirection {
                kind,
                description: String::new(),
                mood: None,
            })
            .collect(),
    }
}

fn energy(stereo: &[f32], from: f64, to: f64) -> f64 {
    let r = SAMPLE_RATE as f64;
    stereo[(from * r) as usize * 2..(to * r) as usize * 2]
        .iter()
        .map(|s| (*s as f64).powi(2))
        .sum::<f64>()
        / (to - from)
}

#[test]
fn footfalls_rolling_and_a_cheer_sound_when_they_happen() {
    let mut t = timeline(6.0);
    t.footsteps.push(Footstep {
        time: 1.0,
        entity: "walker".into(),
        point: [0.0, 0.0, 0.0],
        ground: Material::Wood,
        speed: 1.0,
    });
    t.slides.push(Slide {
        a: "ball".into(),
        b: "ground".into(),
        material_a: Material::Resin,
        material_b: Material::Wood,
        rolling: true,
        samples: (0..=60)
            .map(|i| SlideSample {
                time: 2.0 + i as f64 / 60.0,
                speed: 2.0,
                load: 60.0,
                point: [0.0, 0.0, 0.0],
            })
            .collect(),
    });
    t.moments.push(Moment {
        time: 4.0,
        kind: MomentKind::Score,
    });
    let sound = score(&t, &[], &options(&[SoundKind::Crowd]));
    let s = &sound.samples;
    assert!(
        s[..(0.99 * SAMPLE_RATE as f64) as usize * 2]
            .iter()
            .all(|x| *x == 0.0)
    );
    assert!(energy(s, 1.0, 1.05) > 100.0 * energy(s, 0.9, 0.99).max(1e-12));
    assert!(
        energy(s, 2.2, 2.9) > 30.0 * energy(s, 1.6, 1.95),
        "rolling is heard while it lasts"
    );
    assert!(
        energy(s, 3.2, 3.9) < 0.05 * energy(s, 2.2, 2.9),
        "and stops after"
    );
    assert!(
        energy(s, 4.2, 5.0) > 30.0 * energy(s, 3.2, 3.9),
        "the crowd cheers the score"
    );
}

/// Energy below about 200 Hz (the music's bass, far under a 1 kHz voice) over
/// [from, to) seconds, through eight cascaded one-pole low-passes.
fn bass_energy(stereo: &[f32], from: f64, to: f64) -> f64 {
    let a = 1.0 - (-2.0 * std::f64::consts::PI * 200.0 / 48_000.0).exp();
    let (mut y, mut sum) = ([0.0f64; 8], 0.0f64);
    for (i, f) in stereo.chunks_exact(2).enumerate() {
        let mut x = 0.5 * (f[0] + f[1]) as f64;
        for stage in y.iter_mut() {
            *stage += a * (x - *stage);
            x = *stage;
        }
        let t = i as f64 / 48_000.0;
        if t >= from && t < to {
            sum += x * x;
        }
    }
    sum / (to - from)
}

#[test]
fn music_dips_under_speech() {
    let mut t = timeline(10.0);
    t.speech.push(Utterance {
        speaker: "nobody".into(),
        text: "a steady tone".into(),
        emotion: None,
        start: 0.5,
        duration: 4.0,
        phonemes: Vec::new(),
    });
    // A 1 kHz "voice": nothing of it reaches the bass band.
    let voice: Vec<f32> = (0..4 * SAMPLE_RATE as usize)
        .map(|i| (i as f32 * 2.0 * std::f32::consts::PI * 1000.0 / SAMPLE_RATE as f32).sin() * 0.5)
        .collect();
    let sound = score(&t, &[voice], &options(&[SoundKind::Music]));
    let during = bass_energy(&sound.samples, 1.0, 4.5);
    let after = bass_energy(&sound.samples, 6.0, 9.5);
    let dip_db = 10.0 * (after / during).log10();
    assert!(
        dip_db > 5.0,
        "music under speech is only {dip_db:.1} dB lower"
    );
}
