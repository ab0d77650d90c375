//! The sound of whole scenes: lip-sync against the phonemes, loudness and peaks of a busy
//! mix, and silence when asked for.

use engine::{Options, Quality};
use scene::{Limb, Scene};
use timeline::{Timeline, rotate};

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

/// How far the speaker's mouth stands out of the face on each frame, in metres.
fn mouth_offsets(timeline: &Timeline, speaker: &str) -> Vec<f32> {
    let find = |limb: Limb| {
        timeline
            .tracks
            .iter()
            .position(|t| t.entity == speaker && t.parts.iter().any(|p| p.limb == Some(limb)))
            .unwrap()
    };
    let (jaw, head) = (find(Limb::Jaw), find(Limb::Head));
    timeline
        .frames
        .iter()
        .map(|f| {
            let (j, h) = (f.poses[jaw], f.poses[head]);
            let d = [0, 1, 2].map(|i| j.position[i] - h.position[i]);
            // Into the head's own frame: the inverse rotation is the conjugate.
            let r = h.rotation;
            rotate([-r[0], -r[1], -r[2], r[3]], d)[0]
        })
        .collect()
}

#[test]
fn the_mouth_changes_shape_within_one_frame_of_each_phoneme() {
    let scene = talking_scene("");
    let (timeline, _) = engine::simulate_with_voices(&scene, &options(640, 360, 6.0)).unwrap();
    let utterance = &timeline.speech[0];
    let offsets = mouth_offsets(&timeline, "anna");
    let rest = offsets[0];
    let fps = timeline.fps as f64;
    let frame = 1.0 / fps;
    // Frames where the mouth visibly moves.
    let changes: Vec<usize> = (1..offsets.len())
        .filter(|&k| (offsets[k] - offsets[k - 1]).abs() > 1e-4)
        .collect();
    assert!(
        changes.len() > 15,
        "the mouth should move while speaking: {changes:?}"
    );
    assert!((offsets[0] - rest).abs() < 1e-6);
    // Every change of mouth shape that a frame can show lands on the first frame at or
    // after the phoneme's onset: an error of at most one frame.
    let mut checked = 0;
    for (i, p) in utterance.phonemes.iter().enumerate() {
        let before = i
            .checked_sub(1)
            .map_or(0.0, |j| utterance.phonemes[j].viseme.openness());
        let end = utterance
            .phonemes
            .get(i + 1)
            .map_or(p.time + 1.0, |n| n.time);
        let first_frame = (p.time * fps).ceil() as usize;
        let shown = (first_frame as f64) / fps < end && first_frame < offsets.len();
        if p.viseme.openness() == before || !shown || first_frame == 0 {
            continue;
        }
        let seen = changes
            .iter()
            .find(|&&k| k as f64 / fps >= p.time - 1e-9)
            .copied()
            .unwrap_or(usize::MAX);
        let error = seen as f64 / fps - p.time;
        assert!(
            (0.0..=frame + 1e-9).contains(&error),
            "phoneme {} at {:.3} s: mouth changed {:.3} s later",
            p.name,
            p.time,
            error
        );
        checked += 1;
    }
    assert!(checked > 10, "only {checked} phoneme changes checked");
    // And the mouth never moves on its own: each change follows a phoneme onset by at
    // most one frame.
    for &k in &changes {
        let t = k as f64 / fps;
        assert!(
            utterance
                .phonemes
                .iter()
                .any(|p| p.time <= t + 1e-9 && t - p.time <= frame + 1e-9)
                || (t >= utterance.start + utterance.duration
                    && t - (utterance.start + utterance.duration) <= frame + 1e-9),
            "mouth moved at {t:.3} s with no phoneme starting"
        );
    }
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
