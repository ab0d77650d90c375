//! Seventeen environments, each assembled from a setting and its set dressing, each with a
//! look of its own.

use plan::{PlanOptions, plan};
use scene::{Archetype, Setting, TimeOfDay};

const ENVIRONMENTS: &[(&str, Setting, &[&str])] = &[
    (
        "A ball on a basketball court.",
        Setting::BasketballCourt,
        &[],
    ),
    ("A ball on a soccer field.", Setting::Field, &[]),
    ("A ball in a park.", Setting::Park, &["tree", "bush"]),
    ("A ball on a beach.", Setting::Beach, &["palm_tree"]),
    (
        "A ball on a city street.",
        Setting::Street,
        &["building", "lamp_post"],
    ),
    (
        "A ball in a kitchen.",
        Setting::Room,
        &["counter", "fridge", "oven"],
    ),
    (
        "A ball in a living room.",
        Setting::Room,
        &["sofa", "rug", "lamp"],
    ),
    (
        "A ball in a classroom.",
        Setting::Room,
        &["whiteboard", "table"],
    ),
    (
        "A ball in an office.",
        Setting::Room,
        &["table", "chair", "bookshelf"],
    ),
    ("A ball in a forest.", Setting::Park, &["pine_tree", "tree"]),
    ("A ball on a snowy field.", Setting::Snowfield, &[]),
    (
        "A ball on a pedestal in a studio.",
        Setting::Studio,
        &["pedestal"],
    ),
    (
        "A ball in front of a city skyline at night.",
        Setting::Street,
        &["building"],
    ),
    ("A ball on the moon.", Setting::Moon, &[]),
    ("A ball at a race track.", Setting::Street, &["tire"]),
    ("A ball on an ice rink.", Setting::IceRink, &[]),
    ("A boat on a lake.", Setting::Lake, &[]),
];

#[test]
fn each_environment_has_its_setting_dressing_and_look() {
    let mut looks: Vec<Vec<u8>> = Vec::new();
    for (prompt, setting, dressing) in ENVIRONMENTS {
        let p = plan(
            prompt,
            &PlanOptions {
                seconds: 1.0,
                seed: 1,
            },
        )
        .unwrap();
        assert!(p.unmapped.is_empty(), "{prompt}: {:?}", p.unmapped);
        let s = &p.scene;
        assert_eq!(s.environment.setting, *setting, "{prompt}");
        for name in *dressing {
            let kind = Archetype::from_name(name).unwrap();
            assert!(
                s.entities.iter().any(|e| e.archetype == kind),
                "{prompt}: no {name}"
            );
        }
        if prompt.contains("night") {
            assert_eq!(s.environment.time_of_day, TimeOfDay::Night);
        }
        let timeline = sim::simulate(
            s,
            &sim::SimOptions {
                fps: 24,
                aspect: 16.0 / 9.0,
            },
        )
        .unwrap();
        let options = render::RenderOptions {
            width: 160,
            height: 90,
            antialias: render::Antialias::Off,
            shadow_size: 512,
        };
        let mut rgba = Vec::new();
        render::Renderer::new(&timeline, &options)
            .unwrap()
            .render(&timeline, 0, &mut rgba)
            .unwrap();
        looks.push(rgba);
    }
    // Every environment's picture differs from every other's (by more than 4 levels per
    // pixel on average), so none is a copy of another.
    for i in 0..looks.len() {
        for j in i + 1..looks.len() {
            let apart = looks[i]
                .iter()
                .zip(&looks[j])
                .map(|(a, b)| a.abs_diff(*b) as f64)
                .sum::<f64>()
                / looks[i].len() as f64;
            assert!(
                apart > 4.0,
                "{} and {} look alike ({apart:.1} levels apart)",
                ENVIRONMENTS[i].0,
                ENVIRONMENTS[j].0
            );
        }
    }
}
