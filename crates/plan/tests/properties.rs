//! Properties of the planner over generated prompts: it never panics, it refuses only
//! empty and over-long prompts, every scene it makes validates, simulates and renders, and
//! a prompt at the Videos API's length limit is planned quickly.

use plan::{MAX_PROMPT_CHARS, PlanError, PlanOptions, plan};
use proptest::prelude::*;
use std::time::Instant;

fn options(seconds: f32) -> PlanOptions {
    PlanOptions { seconds, seed: 7 }
}

/// Words and marks prompts are made of, from every part of the vocabulary and beyond it.
const PIECES: &[&str] = &[
    "a",
    "the",
    "two",
    "three",
    "a dozen",
    "red",
    "#33aa77",
    "small",
    "huge",
    "wooden",
    "glass",
    "ball",
    "dog",
    "cat",
    "car",
    "bicycle",
    "man",
    "woman",
    "@sam",
    "they",
    "it",
    "table",
    "chair",
    "bench",
    "cup",
    "vase",
    "rocket",
    "bird",
    "tree",
    "door",
    "box",
    "on",
    "under",
    "next to",
    "in front of",
    "behind",
    "left of",
    "between",
    "and",
    "above",
    "inside",
    "leaning against",
    "runs",
    "walks",
    "jumps",
    "kicks",
    "throws",
    "shoots",
    "misses",
    "falls",
    "knocks over",
    "pushes",
    "spins",
    "flies",
    "explodes",
    "waves",
    "says",
    "\"hello there\"",
    "sits",
    "picks up",
    "drinks",
    "into",
    "at",
    "towards",
    "then",
    "while",
    "after",
    "after two seconds",
    "at the end",
    "slowly",
    "quickly",
    "close-up",
    "wide shot",
    "low angle",
    "aerial",
    "pan",
    "dolly in",
    "slow motion",
    "Shot 1:",
    "Shot 2:",
    "cut to",
    "meanwhile",
    "in the rain",
    "at night",
    "on the moon",
    "in a park",
    "in a kitchen",
    "cartoon",
    "noir",
    "with upbeat music",
    "the crowd cheers",
    "quiet",
    ",",
    ";",
    ".",
    "zorblat",
    "flibbering",
    "über",
    "🚀",
    "12",
    "50",
    "0",
];

fn sentence() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 1..40).prop_map(|w| w.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_text_is_planned_or_clearly_refused(text in "\\PC{0,300}") {
        match plan(&text, &options(4.0)) {
            Ok(p) => prop_assert_eq!(p.scene.validate(), Ok(())),
            Err(PlanError::Empty) => {}
            Err(e) => prop_assert!(false, "unexpected refusal {e} for {text:?}"),
        }
    }

    #[test]
    fn vocabulary_soup_makes_valid_scenes(text in sentence(), seconds in 1.0f32..20.0) {
        let p = match plan(&text, &options(seconds)) {
            Ok(p) => p,
            // Only marks, no words.
            Err(PlanError::Empty) => return Ok(()),
            Err(e) => return Err(TestCaseError::fail(format!("{e} for {text:?}"))),
        };
        prop_assert_eq!(p.scene.validate(), Ok(()), "{}", text);
        let json = serde_json::to_string(&p.scene).unwrap();
        prop_assert_eq!(scene::Scene::from_json(&json).unwrap(), p.scene);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn generated_scenes_simulate_and_render(text in sentence()) {
        let Ok(p) = plan(&text, &options(1.5)) else {
            return Ok(());
        };
        let timeline = sim::simulate(
            &p.scene,
            &sim::SimOptions { fps: 24, aspect: 16.0 / 9.0 },
        )
        .unwrap();
        prop_assert_eq!(timeline.frames.len(), 36);
        let render = render::RenderOptions { width: 160, height: 90, antialias: render::Antialias::Off, shadow_size: 256 };
        let mut renderer = render::Renderer::new(&timeline, &render).unwrap();
        let mut rgba = Vec::new();
        renderer.render(&timeline, 35, &mut rgba).unwrap();
        prop_assert_eq!(rgba.len(), 160 * 90 * 4);
        // Something was drawn: the frame is not one flat colour.
        let first = &rgba[..4];
        prop_assert!(rgba.chunks(4).any(|p| p != first), "{}", text);
    }
}

#[test]
fn the_longest_prompt_is_planned_quickly_and_a_longer_one_refused() {
    let sentence =
        "A red ball rolls under the table, then a dog runs to it and a man says \"Good boy!\". ";
    let long: String = sentence
        .repeat(MAX_PROMPT_CHARS / sentence.len() + 1)
        .chars()
        .take(MAX_PROMPT_CHARS)
        .collect();
    let started = Instant::now();
    let p = plan(&long, &options(20.0)).unwrap();
    // A guard against quadratic blow-up, not a benchmark: planning takes milliseconds.
    assert!(
        started.elapsed().as_secs_f32() < 10.0,
        "{:?}",
        started.elapsed()
    );
    assert_eq!(p.scene.validate(), Ok(()));
    let longer = format!("{long}x");
    assert_eq!(
        plan(&longer, &options(8.0)),
        Err(PlanError::TooLong(MAX_PROMPT_CHARS + 1))
    );
}
