//! The sound of whole scenes: the mouth against the phonemes, loudness and peaks of a busy
//! mix, and silence when asked for.

use engine::{Options, Quality};
use scene::Scene;
use timeline::{Timeline, Viseme};

fn options(width: u32, height: u32, seconds: f32) -> Options {
    Options {
        width,
        height,
        fps: 24,
        seconds,
        seed: 3,
        quality: Quality::Draft,
    }
}

/// One person facing the camera, saying a line; extra JSON fields are merged in.
fn talking_scene(extra: &str) -> Scene {
    let text = format!(
        r##"{{"version":1,"duration":6,
        "environment":{{"setting":"park","time_of_day":"day"}},
        "entities":[{{"id":"anna","archetype":"person","position":[0,0,0],"color":"#3050c0"}}],
        "cast":[{{"entity":"anna","description":"a woman"}}],
        "shots":[{{"start":0,"camera":{{"subjects":["anna"],"framing":"close_up","azimuth":90}}}}],
        "dialogue":[{{"at":0.5,"speaker":"anna","text":"Did you hear that? Maybe we should go back inside before the storm."}}]
        {extra}}}"##
    );
    Scene::from_json(&text).unwrap()
}

/// How far open the speaker's jaw is on each frame, as the renderer shapes the mouth.
fn jaw_openings(timeline: &Timeline, speaker: &str) -> Vec<f32> {
    timeline
        .frames
        .iter()
        .map(|f| people::mouth_at(&timeline.speech, speaker, f.time).jaw)
        .collect()
}

#[test]
fn the_jaw_opens_within_one_frame_of_each_open_vowel() {
    let scene = talking_scene("");
    let (timeline, _) = engine::simulate_with_voices(&scene, &options(640, 360, 6.0)).unwrap();
    let utterance = &timeline.speech[0];
    let jaw = jaw_openings(&timeline, "anna");
    let fps = timeline.fps as f64;
    let frame_of = |t: f64| ((t * fps).ceil() as usize).min(jaw.len() - 1);
    // Closed before the line and again after it.
    assert!(jaw[frame_of(utterance.start) - 2] < 1e-3);
    assert!(jaw[frame_of(utterance.start + utterance.duration + 0.4)] < 1e-3);
    // Every wide-open vowel that lasts two frames or more has opened the jaw most of the
    // way by the first frame after its onset, and more than two frames before it.
    let mut checked = 0;
    for (i, p) in utterance.phonemes.iter().enumerate() {
        let end = utterance
            .phonemes
            .get(i + 1)
            .map_or(p.time + 1.0, |n| n.time);
        if p.viseme != Viseme::A || end - p.time < 2.0 / fps {
            continue;
        }
        let after = jaw[frame_of(p.time + 1.0 / fps)];
        let before = jaw[frame_of(p.time - 2.0 / fps)];
        assert!(
            after > 0.6,
            "'{}' at {:.3} s: jaw {after:.2} a frame later",
            p.name,
            p.time
        );
        assert!(
            before < after,
            "'{}' at {:.3} s: already {before:.2} open",
            p.name,
            p.time
        );
        checked += 1;
    }
    assert!(checked >= 2, "only {checked} open vowels checked");
    // The jaw moves while speaking.
    let moving = jaw
        .windows(2)
        .filter(|w| (w[0] - w[1]).abs() > 0.05)
        .count();
    assert!(moving > 15, "the jaw moved on only {moving} frames");
}

/// Pale, unsaturated pixels in an RGBA frame: teeth and the whites of the eyes.
fn white_pixels(rgba: &[u8]) -> usize {
    rgba.chunks_exact(4)
        .filter(|p| {
            let (hi, lo) = (p[..3].iter().max().unwrap(), p[..3].iter().min().unwrap());
            *lo > 150 && hi - lo < 45
        })
        .count()
}

#[test]
fn an_open_vowel_shows_a_bigger_mouth_than_a_pause() {
    let scene = talking_scene("");
    let options = options(1280, 720, 6.0);
    let timeline = engine::simulate(&scene, &options).unwrap();
    let u = &timeline.speech[0];
    let fps = timeline.fps as f64;
    // A frame showing a wide-open vowel, and one before the line starts.
    let open = u
        .phonemes
        .iter()
        .find(|p| p.viseme == timeline::Viseme::A && (p.time * fps).ceil() / fps < p.time + 0.06)
        .expect("the line has an 'a'");
    let open_time = (open.time * fps).ceil() / fps + 0.001;
    // The open mouth shows the teeth; the closed one only the whites of the eyes (no
    // blink falls on either moment).
    let open_px = white_pixels(&engine::still(&scene, &options, open_time).unwrap());
    let closed_px = white_pixels(&engine::still(&scene, &options, 0.2).unwrap());
    assert!(closed_px > 0, "the eyes show");
    assert!(
        open_px > closed_px + 150,
        "open {open_px} px vs closed {closed_px} px"
    );
}

fn loudness(stereo: &[f32]) -> (f64, f64) {
    let mut meter =
        ebur128::EbuR128::new(2, 48_000, ebur128::Mode::I | ebur128::Mode::TRUE_PEAK).unwrap();
    meter.add_frames_f32(stereo).unwrap();
    let peak = (0..2)
        .map(|c| meter.true_peak(c).unwrap())
        .fold(0.0, f64::max);
    (meter.loudness_global().unwrap(), 20.0 * peak.log10())
}

#[test]
fn a_busy_mix_meets_loudness_and_peak_limits() {
    let scene = talking_scene(
        r#","sounds":[{"kind":"music","description":"upbeat music"},{"kind":"crowd","description":"the crowd murmurs"}]"#,
    );
    let mut scene = scene;
    scene.environment.weather = scene::Weather::Storm;
    let sound = engine::sound(&scene, &options(640, 360, 6.0)).unwrap();
    let (lufs, peak) = loudness(&sound.samples);
    assert!(
        (lufs + 16.0).abs() <= 1.0,
        "integrated loudness {lufs} LUFS"
    );
    assert!(peak <= -1.0, "true peak {peak} dBTP");
    assert!(
        sound.samples.iter().all(|s| s.abs() < 1.0),
        "no sample clips"
    );
    assert!(sound.music.is_some());
}

#[test]
fn a_quiet_scene_without_events_is_silent() {
    let text = r#"{"version":1,"duration":3,"environment":{"setting":"park","weather":"rain"},
        "entities":[{"id":"box","archetype":"crate","position":[0,0,0]}],
        "sounds":[{"kind":"quiet","description":"silence"},{"kind":"music"}]}"#;
    let scene = Scene::from_json(text).unwrap();
    let sound = engine::sound(&scene, &options(640, 360, 3.0)).unwrap();
    assert_eq!(sound.samples.len(), 3 * 48_000 * 2);
    assert!(sound.samples.iter().all(|s| *s == 0.0));
}
