//! The HDR environment maps as `scripts/setup.sh` installs them, and the light they shed.

use assets::{EnvironmentMap, PanoramaSource, environment_dir, environment_source, environments};
use glam::Vec3;

fn map(name: &str) -> EnvironmentMap {
    EnvironmentMap::open(name).expect("scripts/setup.sh installs the maps")
}

#[test]
fn every_map_decodes_to_a_panorama_of_light() {
    for (source, licence) in [
        (PanoramaSource::BlenderData, "license.txt"),
        (PanoramaSource::PmndrsAssets, "LICENSE"),
    ] {
        let text = std::fs::read_to_string(environment_dir(source).join(licence)).unwrap();
        assert!(text.contains("CC0"), "{source:?}: {text}");
    }
    assert_eq!(environments().count(), 20);
    for name in environments() {
        let m = map(name);
        let size = match environment_source(name) {
            Some(PanoramaSource::BlenderData) => (1024, 512),
            _ => (512, 256),
        };
        assert_eq!((m.width, m.height), size, "{name}");
        assert!(
            m.pixels
                .iter()
                .flatten()
                .all(|v| v.is_finite() && *v >= 0.0)
        );
        let mean = m.pixels.iter().map(|p| p[1]).sum::<f32>() / m.pixels.len() as f32;
        assert!(mean > 0.001, "{name} is black ({mean})");
    }
    assert!(EnvironmentMap::open("moon").is_err());
}

#[test]
fn the_park_is_a_green_lawn_under_a_blue_sky_and_the_sun() {
    let m = map("park");
    let mean = |rows: std::ops::Range<usize>| {
        let mut sum = [0.0f32; 3];
        for j in rows.clone() {
            for p in &m.pixels[j * m.width..(j + 1) * m.width] {
                for c in 0..3 {
                    sum[c] += p[c].min(50.0);
                }
            }
        }
        sum.map(|v| v / (rows.len() * m.width) as f32)
    };
    let sky = mean(m.height / 8..m.height / 4);
    let lawn = mean(3 * m.height / 4..7 * m.height / 8);
    assert!(sky[2] > sky[0] * 1.2, "the sky is blue: {sky:?}");
    assert!(
        lawn[1] > lawn[0] && lawn[1] > lawn[2],
        "the lawn is green: {lawn:?}"
    );
    let sun = m.brightest();
    assert!(
        sun.y > 0.1 && sun.y < 0.5,
        "the sun is up, in the afternoon: {sun}"
    );
}

#[test]
fn a_white_ball_under_the_sunset_is_warmer_and_brighter_on_the_suns_side() {
    let m = map("sunset");
    let sun = m.brightest();
    // The setting sun is low in the sky.
    assert!(sun.y > -0.05 && sun.y < 0.35, "the sun is at {sun}");
    let light = m.irradiance();
    let lit = light.towards(sun);
    let away = light.towards(-sun);
    let warmth = |c: [f32; 3]| c[0] / c[2].max(1e-6);
    assert!(
        warmth(lit) > 1.15 * warmth(away),
        "the sun's side {lit:?} against the far side {away:?}"
    );
    assert!(lit[1] > 1.5 * away[1], "{lit:?} against {away:?}");
}

#[test]
fn the_irradiance_of_a_uniform_sky_is_the_same_everywhere() {
    // A panorama of constant radiance L gives every surface irradiance πL: white at L.
    let m = EnvironmentMap {
        name: "grey".into(),
        width: 256,
        height: 128,
        pixels: vec![[0.5, 0.5, 0.5]; 256 * 128],
    };
    let light = m.irradiance();
    for d in [Vec3::Y, -Vec3::Y, Vec3::X, Vec3::new(0.3, -0.5, 0.8)] {
        let c = light.towards(d);
        assert!((c[0] - 0.5).abs() < 0.01, "{d}: {c:?}");
    }
}
