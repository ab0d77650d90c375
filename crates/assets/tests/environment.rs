//! The HDR environment maps as `scripts/setup.sh` installs them, and the light they shed.

use assets::{ENVIRONMENTS, EnvironmentMap, environment_dir};
use glam::Vec3;

fn map(name: &str) -> EnvironmentMap {
    EnvironmentMap::load(&environment_dir(), name).expect("scripts/setup.sh installs the maps")
}

#[test]
fn every_map_decodes_to_a_panorama_of_light() {
    let licence = std::fs::read_to_string(environment_dir().join("license.txt")).unwrap();
    assert!(licence.contains("CC0"), "{licence}");
    for name in ENVIRONMENTS {
        let m = map(name);
        assert_eq!((m.width, m.height), (1024, 512), "{name}");
        assert!(
            m.pixels
                .iter()
                .flatten()
                .all(|v| v.is_finite() && *v >= 0.0)
        );
        let mean = m.pixels.iter().map(|p| p[1]).sum::<f32>() / m.pixels.len() as f32;
        assert!(mean > 0.001, "{name} is black ({mean})");
    }
    assert!(EnvironmentMap::load(&environment_dir(), "moon").is_err());
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
