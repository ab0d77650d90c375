//! The mouth while speaking: each phoneme's viseme as a blend of face units, and
//! co-articulation between them by dominance (after Cohen and Massaro): each phoneme pulls
//! the mouth towards its shape most strongly a little after its onset, reaches ahead of
//! itself only briefly, and fades over its own length, so neighbouring sounds blend.

use timeline::{Utterance, Viseme};

/// How far each mouth-shaping face unit is applied (0 to 1).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Mouth {
    /// `jawOpen`.
    pub jaw: f32,
    /// `mouthFunnel`: lips rounded and pushed out (o, u).
    pub funnel: f32,
    /// `mouthPucker`: lips drawn together (u, w).
    pub pucker: f32,
    /// `mouthStretchLeft/Right`: lips pulled wide (e, i).
    pub stretch: f32,
    /// `mouthPressLeft/Right` and `mouthClose`: lips pressed (m, b, p).
    pub press: f32,
    /// `mouthRollLower`: lower lip under the teeth (f, v).
    pub roll_lower: f32,
    /// `tongueOut`: the tongue between the teeth (th).
    pub tongue: f32,
}

impl Mouth {
    fn scaled_add(&mut self, other: &Mouth, w: f32) {
        self.jaw += other.jaw * w;
        self.funnel += other.funnel * w;
        self.pucker += other.pucker * w;
        self.stretch += other.stretch * w;
        self.press += other.press * w;
        self.roll_lower += other.roll_lower * w;
        self.tongue += other.tongue * w;
    }
}

/// The face units of a viseme.
pub fn shape(v: Viseme) -> Mouth {
    let m = Mouth::default();
    match v {
        Viseme::Rest => m,
        Viseme::Mbp => Mouth { press: 0.6, ..m },
        Viseme::Fv => Mouth {
            jaw: 0.12,
            roll_lower: 0.7,
            ..m
        },
        Viseme::Th => Mouth {
            jaw: 0.25,
            tongue: 0.35,
            ..m
        },
        Viseme::Etc => Mouth {
            jaw: 0.3,
            stretch: 0.25,
            ..m
        },
        Viseme::L => Mouth {
            jaw: 0.35,
            tongue: 0.1,
            ..m
        },
        Viseme::U => Mouth {
            jaw: 0.25,
            pucker: 0.8,
            funnel: 0.3,
            ..m
        },
        Viseme::E => Mouth {
            jaw: 0.5,
            stretch: 0.5,
            ..m
        },
        Viseme::O => Mouth {
            jaw: 0.6,
            funnel: 0.8,
            ..m
        },
        Viseme::A => Mouth { jaw: 1.0, ..m },
    }
}

/// Seconds a phoneme reaches ahead of its onset (a little over one frame at 24 fps).
const ANTICIPATION: f64 = 0.03;

/// The mouth of `speaker` at `time`: the dominance-weighted blend of the shapes of the
/// phonemes around that moment.
pub fn mouth_at(speech: &[Utterance], speaker: &str, time: f64) -> Mouth {
    let mut total = Mouth::default();
    let mut weight = 0.0f32;
    for u in speech.iter().filter(|u| u.speaker == speaker) {
        if time < u.start - 0.2 || time > u.start + u.duration + 0.3 {
            continue;
        }
        let end = u.start + u.duration;
        for (i, p) in u.phonemes.iter().enumerate() {
            let next = u.phonemes.get(i + 1).map_or(end, |n| n.time.max(p.time));
            let length = (next - p.time).max(0.02);
            if time < p.time - 4.0 * ANTICIPATION || time > next + 2.0 * length {
                continue;
            }
            // Full strength from just after the onset until the sound ends, falling away
            // quickly before it and over about a third of its length after.
            let peak = p.time + (0.25 * length).min(0.02);
            let d = if time < p.time {
                (p.time - time) / ANTICIPATION + 1.0
            } else if time < peak {
                (peak - time) / (peak - p.time).max(1e-3)
            } else if time <= next {
                0.0
            } else {
                (time - next) / (0.3 * length)
            };
            // Closing the lips (m, b, p) and tucking the lower lip (f, v) must happen for
            // the sound to be made: while sounding they dominate their neighbours.
            let must =
                matches!(p.viseme, Viseme::Mbp | Viseme::Fv) && time >= p.time && time <= next;
            let dominance = (-(d * d) as f32).exp() * if must { 3.0 } else { 1.0 };
            total.scaled_add(&shape(p.viseme), dominance);
            weight += dominance;
        }
        // After the line, the mouth comes to rest.
        if time > end {
            let d = ((time - end) / 0.08) as f32;
            weight += 1.0 - (-(d * d)).exp();
        }
    }
    if weight < 1e-3 {
        return Mouth::default();
    }
    let mut out = Mouth::default();
    out.scaled_add(&total, 1.0 / weight.max(1.0));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use timeline::Phoneme;

    fn utterance() -> Utterance {
        let p = |time: f64, name: &str, viseme| Phoneme {
            time,
            name: name.into(),
            viseme,
        };
        Utterance {
            speaker: "anna".into(),
            text: "ma".into(),
            emotion: None,
            start: 0.4,
            duration: 0.8,
            phonemes: vec![
                p(0.4, "_", Viseme::Rest),
                p(0.5, "m", Viseme::Mbp),
                p(0.6, "a:", Viseme::A),
                p(0.85, "m", Viseme::Mbp),
                p(1.0, "_", Viseme::Rest),
            ],
        }
    }

    #[test]
    fn an_open_vowel_opens_the_jaw_within_one_frame_of_its_onset() {
        let speech = [utterance()];
        let frame = 1.0 / 24.0;
        let before = mouth_at(&speech, "anna", 0.6 - frame);
        let at = mouth_at(&speech, "anna", 0.6 + frame);
        assert!(before.jaw < 0.3, "the jaw opens early: {before:?}");
        assert!(
            at.jaw > 0.7,
            "the jaw is not open a frame after the vowel: {at:?}"
        );
        // The lips close for the m, and the mouth rests after the line.
        assert!(mouth_at(&speech, "anna", 0.9).press > 0.4);
        assert!(mouth_at(&speech, "anna", 1.6).jaw < 1e-3);
        // Someone else's line does not move this mouth.
        assert_eq!(mouth_at(&speech, "ben", 0.7), Mouth::default());
    }

    #[test]
    fn neighbouring_sounds_blend() {
        let speech = [utterance()];
        // Near the end of the vowel the coming m already narrows the mouth a little less
        // than its own full shape; between them both contribute.
        let mid = mouth_at(&speech, "anna", 0.85 + 0.01);
        assert!(mid.jaw > 0.05 && mid.press > 0.05, "{mid:?}");
    }
}
