//! Pictures: a locked-off shot changes only where something moves (no flicker), edges come
//! close to a supersampled picture, glowing surfaces outshine lit ones at night, and a few
//! fixed scenes match their golden images.
//! Run with `DIORAMA_BLESS=1` to write the golden images afresh after a deliberate change.

mod common;

use common::psnr;
use render::{Antialias, RenderOptions, Renderer};
use scene::Scene;
use sim::{SimOptions, simulate};
use timeline::Timeline;

const OPTIONS: RenderOptions = RenderOptions {
    width: 320,
    height: 180,
    antialias: Antialias::Edges,
    shadow_size: 1024,
};

fn timeline(scene: &str) -> Timeline {
    let scene = Scene::from_json(scene).unwrap();
    simulate(
        &scene,
        &SimOptions {
            fps: 24,
            aspect: 16.0 / 9.0,
        },
    )
    .unwrap()
}

fn frames(timeline: &Timeline, indices: &[usize]) -> Vec<Vec<u8>> {
    frames_with(timeline, indices, &OPTIONS)
}

fn frames_with(timeline: &Timeline, indices: &[usize], options: &RenderOptions) -> Vec<Vec<u8>> {
    let mut renderer = Renderer::new(timeline, options).unwrap();
    indices
        .iter()
        .map(|&i| {
            let mut rgba = Vec::new();
            renderer.render(timeline, i, &mut rgba).unwrap();
            rgba
        })
        .collect()
}

/// A ball rolls across a room past a table, filmed locked off.
const ROLLING: &str = r#"{
  "version": 1, "duration": 3,
  "environment": {"setting": "room"},
  "entities": [
    {"id": "table", "archetype": "table", "position": [1.2, 0, -1.0], "fixed": true},
    {"id": "ball", "archetype": "ball", "position": [-1.5, 0, 0.3]}
  ],
  "actions": [{"at": 1.0, "verb": "roll", "object": "ball", "strength": 0.5}],
  "shots": [{"start": 0, "camera": {"placement": {"eye": [0, 1.6, 5], "target": [0, 0.5, 0]}}}]
}"#;

/// The screen box, in pixels, around a world box.
fn screen_box(t: &Timeline, frame: usize, min: [f32; 3], max: [f32; 3]) -> [f32; 4] {
    let camera = &t.frames[frame].camera;
    let mut b = [f32::MAX, f32::MAX, f32::MIN, f32::MIN];
    for k in 0..8 {
        let p = [0, 1, 2].map(|a| if k >> a & 1 == 1 { max[a] } else { min[a] });
        let ([x, y], _) = camera.project(p, 16.0 / 9.0).unwrap();
        let (px, py) = ((x + 1.0) * 160.0, (1.0 - y) * 90.0);
        b = [b[0].min(px), b[1].min(py), b[2].max(px), b[3].max(py)];
    }
    b
}

#[test]
fn a_locked_off_shot_changes_only_where_something_moves() {
    let t = timeline(ROLLING);
    let ball = t.tracks.iter().position(|tr| tr.entity == "ball").unwrap();
    // Before the roll nothing moves (the resting ball settles by less than a micrometre):
    // consecutive frames are the same to within one level anywhere.
    let still = frames(&t, &[6, 7, 8]);
    for pair in still.windows(2) {
        let most = pair[0]
            .iter()
            .zip(&pair[1])
            .map(|(a, b)| a.abs_diff(*b))
            .max();
        assert!(most <= Some(1), "a still frame changed by {most:?}");
    }
    // While it rolls, what changes lies around the ball and its shadow on the floor.
    for (a, b) in [(30, 31), (50, 51)] {
        let pair = frames(&t, &[a, b]);
        let mut allowed = Vec::new();
        for f in [a, b] {
            let c = t.frames[f].poses[ball].position;
            allowed.push(screen_box(
                &t,
                f,
                [c[0] - 0.8, 0.0, c[2] - 0.8],
                [c[0] + 0.8, c[1] + 0.35, c[2] + 0.8],
            ));
        }
        let mut changed = 0;
        for (i, (p, q)) in pair[0].chunks(4).zip(pair[1].chunks(4)).enumerate() {
            if p.iter().zip(q).any(|(x, y)| x.abs_diff(*y) > 3) {
                changed += 1;
                let (x, y) = ((i % 320) as f32, (i / 320) as f32);
                let inside = allowed.iter().any(|b| {
                    x >= b[0] - 2.0 && x <= b[2] + 2.0 && y >= b[1] - 2.0 && y <= b[3] + 2.0
                });
                assert!(
                    inside,
                    "frame {a}→{b}: pixel ({x}, {y}) changed far from the ball"
                );
            }
        }
        assert!(changed > 0, "the ball moved but nothing changed");
    }
}

#[test]
fn glowing_things_outshine_lit_ones_at_night() {
    let scene = |material: &str| {
        format!(
            r##"{{"version": 1, "duration": 1,
              "environment": {{"setting": "street", "time_of_day": "night"}},
              "entities": [{{"id": "box", "archetype": "cube", "material": "{material}",
                             "color": "#f0c070", "position": [0, 0, 0], "size": 3}}],
              "shots": [{{"start": 0, "camera": {{"placement": {{"eye": [0, 1.5, 4], "target": [0, 0.45, 0]}}}}}}]}}"##
        )
    };
    let centre = |rgba: &[u8]| {
        let i = (90 * 320 + 160) * 4;
        rgba[i] as u32 + rgba[i + 1] as u32 + rgba[i + 2] as u32
    };
    let lit = frames(&timeline(&scene("plastic")), &[0]).remove(0);
    let glowing = frames(&timeline(&scene("light")), &[0]).remove(0);
    assert!(
        centre(&glowing) * 10 > 14 * centre(&lit),
        "{} vs {}",
        centre(&glowing),
        centre(&lit)
    );
}

#[test]
fn a_street_lamp_lights_the_ground_around_it_at_night() {
    let scene = |post: &str| {
        format!(
            r#"{{"version": 1, "duration": 1,
              "environment": {{"setting": "street", "time_of_day": "night"}},
              "entities": [{{"id": "post", "archetype": "{post}", "position": [0, 0, 0], "fixed": true}}],
              "shots": [{{"start": 0, "camera": {{"placement": {{"eye": [0, 2.5, 7], "target": [0.4, 0, 0]}}}}}}]}}"#
        )
    };
    // The lower half of the picture: the street around the post's foot.
    let ground = |rgba: &[u8]| {
        rgba[rgba.len() / 2..]
            .chunks(4)
            .map(|p| p[0] as f64 + p[1] as f64 + p[2] as f64)
            .sum::<f64>()
    };
    let lit = frames(&timeline(&scene("lamp_post")), &[0]).remove(0);
    let dark = frames(&timeline(&scene("sign")), &[0]).remove(0);
    assert!(
        ground(&lit) > 1.3 * ground(&dark),
        "{} {}",
        ground(&lit),
        ground(&dark)
    );
}

#[test]
fn weather_is_seen_outdoors() {
    let scene = |weather: &str| {
        format!(
            r#"{{"version": 1, "duration": 1,
              "environment": {{"setting": "park", "weather": "{weather}"}},
              "entities": [{{"id": "tree", "archetype": "tree", "position": [0, 0, -12], "fixed": true}},
                           {{"id": "ball", "archetype": "ball", "position": [0, 0, 0]}}],
              "shots": [{{"start": 0, "camera": {{"placement": {{"eye": [0, 1.6, 6], "target": [0, 1.5, -10]}}}}}}]}}"#
        )
    };
    // Contrast in the distance: the spread of luma over the upper half of the picture.
    let contrast = |rgba: &[u8]| {
        let l: Vec<f64> = rgba[..rgba.len() / 2]
            .chunks(4)
            .map(|p| 0.2126 * p[0] as f64 + 0.7152 * p[1] as f64 + 0.0722 * p[2] as f64)
            .collect();
        let mean = l.iter().sum::<f64>() / l.len() as f64;
        (l.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / l.len() as f64).sqrt()
    };
    let luma = |rgba: &[u8]| {
        rgba.chunks(4)
            .map(|p| p[0] as f64 + p[1] as f64 + p[2] as f64)
            .sum::<f64>()
    };
    let clear = frames(&timeline(&scene("clear")), &[0]).remove(0);
    let fog = frames(&timeline(&scene("fog")), &[0]).remove(0);
    let storm = frames(&timeline(&scene("storm")), &[0]).remove(0);
    assert!(
        contrast(&fog) < 0.6 * contrast(&clear),
        "{} {}",
        contrast(&fog),
        contrast(&clear)
    );
    assert!(
        luma(&storm) < 0.85 * luma(&clear),
        "{} {}",
        luma(&storm),
        luma(&clear)
    );
    // Rain and snow fall: with nothing else moving, consecutive frames still differ.
    for weather in ["rain", "snow"] {
        let pair = frames(&timeline(&scene(weather)), &[10, 11]);
        let changed = pair[0]
            .chunks(4)
            .zip(pair[1].chunks(4))
            .filter(|(a, b)| a != b)
            .count();
        assert!(changed > 50, "{weather}: {changed} pixels changed");
    }
    let still = frames(&timeline(&scene("clear")), &[10, 11]);
    assert_eq!(still[0], still[1]);
}

/// Averages each `k`×`k` block of an RGBA image into one pixel.
fn downsample(rgba: &[u8], width: usize, k: usize) -> Vec<u8> {
    let height = rgba.len() / 4 / width;
    let mut out = Vec::with_capacity(rgba.len() / (k * k));
    for y in (0..height).step_by(k) {
        for x in (0..width).step_by(k) {
            for c in 0..4 {
                let sum: u32 = (0..k * k)
                    .map(|i| rgba[((y + i / k) * width + x + i % k) * 4 + c] as u32)
                    .sum();
                out.push((sum as f32 / (k * k) as f32).round() as u8);
            }
        }
    }
    out
}

#[test]
fn edges_come_close_to_a_supersampled_picture() {
    // A court: painted lines, a hoop and its pole, players' limbs against the floor.
    let t = timeline(include_str!("golden/court.json"));
    let at = |antialias, scale: u32| {
        let options = RenderOptions {
            width: OPTIONS.width * scale,
            height: OPTIONS.height * scale,
            antialias,
            ..OPTIONS
        };
        frames_with(&t, &[30], &options).remove(0)
    };
    // The truth: sixteen samples a pixel, rendered at 4x4 the size and averaged.
    let truth = downsample(&at(Antialias::Off, 4), (OPTIONS.width * 4) as usize, 4);
    let off = psnr(&at(Antialias::Off, 1), &truth);
    let edges = psnr(&at(Antialias::Edges, 1), &truth);
    let multisample = psnr(&at(Antialias::Multisample, 1), &truth);
    println!(
        "PSNR against 16 samples a pixel: off {off:.2} dB, edges {edges:.2} dB, MSAA 4x {multisample:.2} dB"
    );
    assert!(
        multisample > off + 0.8,
        "off {off:.2} dB, MSAA {multisample:.2} dB"
    );
    // Measured: off 32.2 dB, edges 33.4, MSAA 33.5.
    assert!(
        edges - off > 0.8 * (multisample - off),
        "the edge filter should come nearly as close to the supersampled picture as MSAA: \
         off {off:.2} dB, edges {edges:.2} dB, MSAA {multisample:.2} dB"
    );
}

#[test]
fn fixed_scenes_match_their_golden_images() {
    let scenes = [
        ("court", include_str!("golden/court.json"), 30),
        ("park_cartoon", include_str!("golden/park_cartoon.json"), 40),
        ("street_night", include_str!("golden/street_night.json"), 20),
    ];
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let bless = std::env::var_os("DIORAMA_BLESS").is_some();
    for (name, json, frame) in scenes {
        let rgba = frames(&timeline(json), &[frame]).remove(0);
        let path = dir.join(format!("{name}.png"));
        if bless {
            let file = std::fs::File::create(&path).unwrap();
            let mut encoder = png::Encoder::new(std::io::BufWriter::new(file), 320, 180);
            encoder.set_color(png::ColorType::Rgba);
            encoder.set_depth(png::BitDepth::Eight);
            encoder
                .write_header()
                .unwrap()
                .write_image_data(&rgba)
                .unwrap();
            continue;
        }
        let decoder = png::Decoder::new(std::io::BufReader::new(
            std::fs::File::open(&path).unwrap_or_else(|e| {
                panic!(
                    "{}: {e}; run with DIORAMA_BLESS=1 to write it",
                    path.display()
                )
            }),
        ));
        let mut reader = decoder.read_info().unwrap();
        let mut golden = vec![0; reader.output_buffer_size().unwrap()];
        reader.next_frame(&mut golden).unwrap();
        let quality = psnr(&rgba, &golden);
        assert!(
            quality > 38.0,
            "{name}: differs from its golden image (PSNR {quality:.1} dB)"
        );
    }
}
