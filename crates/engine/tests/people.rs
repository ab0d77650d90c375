//! People as the prompt describes them, seen in rendered frames.

use engine::{Options, Quality};

fn options() -> Options {
    Options {
        width: 640,
        height: 360,
        fps: 24,
        seconds: 3.0,
        seed: 0,
        quality: Quality::Draft,
    }
}

/// Share of the frame's top 42% (above a close-up's mouth, whose lips are red too) whose
/// hue is red (hue within 20° of red, saturated, not dark), and the mean row of those
/// pixels.
fn red_above(rgba: &[u8], width: usize) -> (f32, f32) {
    let height = rgba.len() / 4 / width;
    let (mut red, mut rows) = (0usize, 0usize);
    let above = height * 42 / 100;
    for (i, p) in rgba.chunks_exact(4).enumerate().take(width * above) {
        let [r, g, b] = [p[0], p[1], p[2]].map(|v| v as f32 / 255.0);
        let (max, min) = (r.max(g).max(b), r.min(g).min(b));
        if max < 0.15 || max - min < 0.3 * max || max != r {
            continue;
        }
        let hue = 60.0 * (g - b) / (max - min);
        if hue.abs() < 20.0 {
            red += 1;
            rows += i / width;
        }
    }
    (
        red as f32 / (width * above) as f32,
        if red > 0 {
            rows as f32 / red as f32
        } else {
            0.0
        },
    )
}

#[test]
fn a_close_up_of_a_woman_with_long_red_hair_shows_red_hair_above_her_face() {
    let frame = |prompt: &str| {
        let plan = engine::plan(prompt, &options()).unwrap();
        assert!(plan.unmapped.is_empty(), "{prompt}: {:?}", plan.unmapped);
        engine::still(&plan.scene, &options(), 1.0).unwrap()
    };
    let (red, row) = red_above(&frame("A close-up of a woman with long red hair."), 640);
    let (control, _) = red_above(&frame("A close-up of a woman with long black hair."), 640);
    assert!(
        red > 0.03,
        "only {:.1}% of the picture above the mouth is red",
        red * 100.0
    );
    assert!(
        control < 0.005,
        "black hair shows {:.1}% red",
        control * 100.0
    );
    // The red is on the head: its middle is well above the mouth, where the lips are.
    assert!(
        row < 135.0,
        "the red sits at row {row:.0} of the 151 above the mouth"
    );
}

/// Whether a pixel is near white.
fn white(p: &[u8]) -> bool {
    p[0] > 185 && p[1] > 185 && p[2] > 185
}

#[test]
fn a_suit_opens_in_a_v_over_a_white_shirt_and_a_tie() {
    let plan = engine::plan("A close-up of a man in a black suit.", &options()).unwrap();
    assert!(plan.unmapped.is_empty(), "{:?}", plan.unmapped);
    let rgba = engine::still(&plan.scene, &options(), 1.0).unwrap();
    let (w, h) = (640usize, 360usize);
    // Along the lowest rows (the chest), white shirt shows only in a band round the
    // middle, split by the tie, with the black jacket either side.
    let (mut middle, mut outside, mut tie) = (0, 0, 0);
    for y in h - 30..h {
        for x in 0..w {
            let p = &rgba[(y * w + x) * 4..][..4];
            let off_centre = x.abs_diff(w / 2);
            if white(p) {
                if off_centre < 45 {
                    middle += 1;
                } else {
                    outside += 1;
                }
            } else if off_centre < 3 {
                tie += 1;
            }
        }
    }
    assert!(
        middle > 600,
        "only {middle} white shirt pixels at the chest"
    );
    assert!(
        outside < middle / 20,
        "{outside} white pixels outside the V"
    );
    assert!(
        tie >= 140,
        "the tie covers only {tie} of the 150 middle pixels"
    );
}

#[test]
fn a_jersey_number_is_printed_in_its_digits() {
    let plan = engine::plan(
        // A t-shirt, which (unlike a jersey) has no number unless one is named.
        "A medium shot of a man in a white t-shirt with number 88.",
        &options(),
    )
    .unwrap();
    assert!(plan.unmapped.is_empty(), "{:?}", plan.unmapped);
    // The same shot with other numbers and none: what differs is the digits.
    let with = |number: Option<u32>| {
        let mut scene = plan.scene.clone();
        for e in &mut scene.entities {
            if let Some(look) = &mut e.look {
                look.number = number;
                look.top_pattern = Some(scene::ClothPattern::Plain);
            }
        }
        engine::still(&scene, &options(), 1.0).unwrap()
    };
    let blank = with(None);
    let printed = |number: u32| {
        let rgba = with(Some(number));
        let luma = |p: &[u8]| p[0] as i32 * 2 + p[1] as i32 * 7 + p[2] as i32;
        rgba.chunks_exact(4)
            .zip(blank.chunks_exact(4))
            .filter(|(a, b)| (luma(a) - luma(b)).abs() > 400)
            .count()
    };
    let (eighty_eight, eleven) = (printed(88), printed(11));
    // An 8 lights all seven segments, a 1 two of them.
    assert!(eleven > 10, "an 11 changes only {eleven} pixels");
    assert!(
        eighty_eight as f32 > 2.2 * eleven as f32,
        "88 changes {eighty_eight} pixels, 11 changes {eleven}"
    );
}
