//! Speech keeps espeak-ng's own timing, and each speaker keeps one fitting voice.

use speech::{SAMPLE_RATE, Voice, VoiceKind, espeak_timings, speak};

const LINE: &str = "Did you see that shot? It was amazing, wasn't it!";

#[test]
fn duration_and_phonemes_match_espeak_ng() {
    for description in ["a man", "a woman", "a little girl", "an old man", "a robot"] {
        let voice = Voice::for_speaker("someone", description, None);
        let (samples, timings) = speak(LINE, &voice).unwrap();
        let (count, espeak_rate, phonemes) = espeak_timings(LINE, &voice).unwrap();
        // espeak-ng marks the end of speech with a final pause phoneme; our audio (its
        // audio, resampled) runs to there and at most a short tail beyond.
        let duration = samples.len() as f64 / SAMPLE_RATE as f64;
        let (end, last) = timings.last().unwrap();
        assert_eq!(last, "_");
        assert!(
            duration >= end - 1.0 / SAMPLE_RATE as f64 && duration - end < 0.05,
            "{description}: audio lasts {duration} s, espeak-ng ends at {end} s"
        );
        // The same phonemes as espeak-ng reports on its own, at nearly the same times
        // (espeak-ng's timing wavers by a few samples to milliseconds from call to call).
        assert_eq!(timings.len(), phonemes.len(), "{description}");
        assert!(phonemes.len() > 20, "a whole sentence has many phonemes");
        let theirs = count as f64 / espeak_rate as f64;
        assert!(
            (duration - theirs).abs() < 0.01 * theirs,
            "{description}: {duration} vs {theirs}"
        );
        for ((t, name), (sample, espeak_name)) in timings.iter().zip(&phonemes) {
            assert_eq!(name, espeak_name);
            assert!((t - *sample as f64 / espeak_rate as f64).abs() < 0.01 * theirs);
        }
        // The audio is speech, not silence: loud in the middle.
        let peak = samples.iter().fold(0.0f32, |m, s| m.max(s.abs()));
        assert!(peak > 0.1 && peak <= 1.0, "{description}: peak {peak}");
    }
}

#[test]
fn voices_follow_descriptions_and_stay_with_their_speaker() {
    assert_eq!(
        VoiceKind::from_description("a tall man in a suit"),
        VoiceKind::Man
    );
    assert_eq!(
        VoiceKind::from_description("a young woman"),
        VoiceKind::Woman
    );
    assert_eq!(
        VoiceKind::from_description("a little boy"),
        VoiceKind::Child
    );
    assert_eq!(
        VoiceKind::from_description("an old lady"),
        VoiceKind::OldWoman
    );
    assert_eq!(
        VoiceKind::from_description("a grandfather"),
        VoiceKind::OldMan
    );
    assert_eq!(
        VoiceKind::from_description("her grandfather, a retired sailor"),
        VoiceKind::OldMan
    );
    assert_eq!(
        VoiceKind::from_description("a girl's grandfather"),
        VoiceKind::OldMan
    );
    assert_eq!(
        VoiceKind::from_description("a woman walking her son to school"),
        VoiceKind::Woman
    );
    assert_eq!(
        VoiceKind::from_description("an old sailor, she laughs"),
        VoiceKind::OldWoman
    );
    assert_eq!(
        VoiceKind::from_description("a friendly robot"),
        VoiceKind::Robot
    );
    let a = Voice::for_speaker("bob", "a man", None);
    assert_eq!(a, Voice::for_speaker("bob", "a man", None));
    assert_ne!(
        a,
        Voice::for_speaker("carl", "a man", None),
        "two men should not sound alike"
    );
    // Children speak higher than men.
    assert!(Voice::for_speaker("kid", "a child", None).pitch > a.pitch + 20);
}

#[test]
fn a_look_sets_the_voice_by_age_and_gender() {
    let look = |age: f32, gender: f32| scene::PersonLook {
        age: Some(age),
        gender: Some(gender),
        ..Default::default()
    };
    let kind = |age, gender| Voice::for_speaker("x", "a person", Some(&look(age, gender))).kind;
    assert_eq!(kind(7.0, 1.0), VoiceKind::Child);
    assert_eq!(kind(30.0, 0.0), VoiceKind::Woman);
    assert_eq!(kind(30.0, 1.0), VoiceKind::Man);
    assert_eq!(kind(75.0, 0.0), VoiceKind::OldWoman);
    assert_eq!(kind(75.0, 1.0), VoiceKind::OldMan);
    // The look wins over a description that says otherwise, but a robot stays a robot.
    assert_eq!(
        Voice::for_speaker("x", "a man", Some(&look(30.0, 0.0))).kind,
        VoiceKind::Woman
    );
    assert_eq!(
        Voice::for_speaker("x", "a robot", Some(&look(30.0, 0.0))).kind,
        VoiceKind::Robot
    );
    // A 14-year-old boy speaks higher than a man of thirty.
    let teen = Voice::for_speaker("x", "a boy", Some(&look(14.0, 1.0)));
    let man = Voice::for_speaker("x", "a man", Some(&look(30.0, 1.0)));
    assert!(teen.pitch > man.pitch + 10);
}

#[test]
fn a_woman_sounds_higher_than_a_man() {
    // Autocorrelation pitch of a sustained vowel.
    let pitch = |description: &str| {
        let (samples, _) = speak("aaaah", &Voice::for_speaker("x", description, None)).unwrap();
        let start = samples.len() / 2 - 2400;
        let window = &samples[start..start + 4800];
        let best = (SAMPLE_RATE as usize / 400..SAMPLE_RATE as usize / 70)
            .max_by(|&a, &b| {
                let c = |lag: usize| -> f32 {
                    window[..4000]
                        .iter()
                        .zip(&window[lag..])
                        .map(|(x, y)| x * y)
                        .sum()
                };
                c(a).total_cmp(&c(b))
            })
            .unwrap();
        SAMPLE_RATE as f32 / best as f32
    };
    let (man, woman) = (pitch("a man"), pitch("a woman"));
    assert!(woman > man * 1.3, "woman {woman} Hz vs man {man} Hz");
}
