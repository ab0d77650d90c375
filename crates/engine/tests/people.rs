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

/// Share of the frame's upper half whose hue is red (hue within 20° of red, saturated,
/// not dark), and the mean row of those pixels.
fn red_above(rgba: &[u8], width: usize) -> (f32, f32) {
    let height = rgba.len() / 4 / width;
    let (mut red, mut rows) = (0usize, 0usize);
    for (i, p) in rgba.chunks_exact(4).enumerate().take(width * height / 2) {
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
    let half = (width * height / 2) as f32;
    (
        red as f32 / half,
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
        "only {:.1}% of the upper half is red",
        red * 100.0
    );
    assert!(
        control < 0.005,
        "black hair shows {:.1}% red",
        control * 100.0
    );
    // The red is high in the picture: on the head, not the clothes below.
    assert!(row < 150.0, "the red sits at row {row:.0} of 180");
}
