//! The furniture packs as `scripts/setup.sh` installs them: every model listed with its
//! licence and creator, found by name, and loaded at its catalogue size.

use assets::{Catalog, Licence, default_dir};

fn catalog() -> Catalog {
    Catalog::open(&default_dir()).expect("scripts/setup.sh installs the furniture packs")
}

#[test]
fn every_model_is_listed_with_its_licence_and_creator() {
    let c = catalog();
    assert_eq!(c.assets.len(), 820);
    let cc0 = c
        .assets
        .iter()
        .filter(|a| a.licence == Licence::Cc0)
        .count();
    let by = c
        .assets
        .iter()
        .filter(|a| a.licence == Licence::CcBy3)
        .count();
    assert_eq!((cc0, by), (175, 645));
    for a in &c.assets {
        assert!(!a.name.is_empty() && !a.creator.is_empty(), "{}", a.id);
        assert!(
            a.size.min_element() >= 0.0 && a.size.max_element() > 0.005,
            "{}",
            a.id
        );
        assert!(a.model.ends_with(".obj"), "{}: {}", a.id, a.model);
    }
    // The catalogues are ISO-8859-1: accented names come through.
    assert!(
        c.assets
            .iter()
            .any(|a| a.name.contains('é') || a.name.contains('°'))
    );
}

#[test]
fn animals_and_vehicles_are_found_by_name() {
    let c = catalog();
    for noun in [
        "cat",
        "dog",
        "horse",
        "rabbit",
        "chicken",
        "deer",
        "bus",
        "truck",
        "van",
        "bicycle",
        "motorbike",
        "scooter",
        "rowboat",
        "biplane",
    ] {
        let found = c.find(noun);
        assert!(!found.is_empty(), "no {noun}");
        assert!(
            found[0].name.to_lowercase().contains(noun),
            "{noun} finds {} first",
            found[0].name
        );
    }
    // The head noun counts: "cat" finds the Siamese cat, a plural its singular.
    assert!(c.find("cat").iter().any(|a| a.name == "Siamese cat"));
    assert_eq!(c.find("dogs")[0].name, "Dog");
    assert!(c.find("hovercraft").is_empty());
}

#[test]
fn every_model_loads_standing_on_the_ground_at_its_catalogue_size() {
    let c = catalog();
    let mut true_to_shape = 0;
    for a in &c.assets {
        let model = c.load(a).unwrap_or_else(|e| panic!("{}: {e}", a.id));
        assert!(!model.parts.is_empty(), "{} has no parts", a.id);
        let (lo, hi) = model.bounds();
        let size = hi - lo;
        for axis in 0..3 {
            if a.size[axis] > 0.001 {
                let error = (size[axis] - a.size[axis]).abs() / a.size[axis];
                assert!(error < 0.01, "{}: {size} against {}", a.id, a.size);
            }
        }
        assert!(lo.y.abs() < 1e-4, "{} stands at {}", a.id, lo.y);
        assert!(
            (lo.x + hi.x).abs() < 1e-3 && (lo.z + hi.z).abs() < 1e-3,
            "{} is off centre",
            a.id
        );
        for p in &model.parts {
            assert_eq!(p.normals.len(), p.positions.len());
            assert!(p.uvs.is_empty() || p.uvs.len() == p.positions.len());
            assert!(p.indices.iter().all(|&i| (i as usize) < p.positions.len()));
            assert!(p.normals.iter().all(|n| n.is_finite()));
        }
        if model.stretch < 1.05 {
            true_to_shape += 1;
        }
    }
    // Turned upright by its rotation, a model's file has its catalogue proportions: only a
    // few entries resize a model on purpose (a longer table from the same file).
    assert!(true_to_shape > 770, "only {true_to_shape} keep their shape");
    for noun in [
        "cat", "dog", "horse", "rabbit", "bus", "truck", "bicycle", "rowboat",
    ] {
        let model = c.load(c.find(noun)[0]).unwrap();
        assert!(
            model.stretch < 1.05,
            "the {noun} is stretched {}",
            model.stretch
        );
    }
}

#[test]
fn textured_models_name_pictures_that_are_in_their_pack() {
    let c = catalog();
    let mut textures = 0;
    for noun in ["dog", "horse", "bus", "armchair", "sofa"] {
        let asset = c.find(noun)[0];
        let model = c.load(asset).unwrap();
        for t in model
            .parts
            .iter()
            .filter_map(|p| p.surface.texture.as_ref())
        {
            let bytes = c
                .texture(asset, t)
                .unwrap_or_else(|e| panic!("{noun}: {e}"));
            let part = model
                .parts
                .iter()
                .find(|p| p.surface.texture.as_ref() == Some(t))
                .unwrap();
            let mean = c.mean_color(asset, &part.surface);
            assert!(
                mean.iter().all(|v| (0.0..=1.0).contains(v)) && mean != part.surface.color,
                "{noun}: {t} averages {mean:?}"
            );
            let png = bytes.starts_with(b"\x89PNG");
            let jpeg = bytes.starts_with(&[0xff, 0xd8]);
            assert!(png || jpeg, "{t} is neither a PNG nor a JPEG");
            textures += 1;
        }
    }
    assert!(textures > 0, "none of them is textured");
}
