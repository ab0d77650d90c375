//! The models chosen to draw Diorama's kinds of things: they exist, they are about the
//! kind's size, and every animal and vehicle the packs have is drawn by one.

use assets::{Catalog, default_dir, kinds_with_models, model_for};
use scene::{Class, Kind};

#[test]
fn every_chosen_model_exists_and_is_about_its_kinds_size() {
    let c = Catalog::open(&default_dir()).unwrap();
    let mut wrong = Vec::new();
    for (kind, id) in kinds_with_models() {
        let info = Kind::named(kind)
            .unwrap_or_else(|| panic!("{kind} is not a kind"))
            .info();
        let asset = c
            .by_id(id)
            .unwrap_or_else(|| panic!("{kind}: no model {id}"));
        // A kind's dims are length (x, its front), height and width; a model's size is
        // width (x), height and depth (z, its front).
        let kind_longest = info.dims.iter().copied().fold(0.0f32, f32::max);
        let model_longest = asset.size.max_element();
        let ratio = model_longest / kind_longest;
        if !(0.3..3.5).contains(&ratio) {
            wrong.push(format!(
                "{kind}: {} is {model_longest:.2} m against {kind_longest:.2} m",
                asset.name
            ));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn the_animals_and_vehicles_the_packs_have_each_have_a_model() {
    for kind in [
        "dog",
        "cat",
        "horse",
        "rabbit",
        "chicken",
        "car",
        "bus",
        "truck",
        "van",
        "bicycle",
        "motorcycle",
        "boat",
    ] {
        let k = Kind::named(kind).unwrap();
        assert!(matches!(
            k.info().class,
            Class::Animal | Class::Flyer | Class::Vehicle
        ));
        assert!(model_for(kind).is_some(), "{kind} has no model");
    }
    // A car is drawn unbranded.
    let c = Catalog::open(&default_dir()).unwrap();
    let car = c.by_id(model_for("car").unwrap()).unwrap();
    for brand in ["Smart", "VW", "Renault", "Peugeot", "Ford", "Seat"] {
        assert!(!car.name.contains(brand), "{}", car.name);
    }
    assert!(model_for("submarine").is_none());
}
