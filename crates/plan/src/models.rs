//! Models from the furniture catalogue for nouns the kinds do not cover well: a thing no
//! kind describes is drawn by the model named for it ("a printer", "a grand piano"), and a
//! word for a kind that has its own model is drawn by that model ("a teapot", which is a
//! kettle to the simulation, looks like a teapot).
//!
//! The catalogue is read once per process from the packs `scripts/setup.sh` installs;
//! without them every noun keeps its kind's look and an unknown one its placeholder.

use scene::{Archetype, CatalogModel, Class};
use std::sync::OnceLock;

fn catalog() -> Option<&'static assets::Catalog> {
    static CATALOG: OnceLock<Option<assets::Catalog>> = OnceLock::new();
    CATALOG
        .get_or_init(|| assets::Catalog::open(&assets::default_dir()).ok())
        .as_ref()
}

/// The catalogue model `noun` calls for ("teapot", "grand piano"), if one is named so.
pub fn called(noun: &str) -> Option<CatalogModel> {
    catalog()?.called(noun).map(model)
}

/// The catalogue model `noun` calls for, or else one with the noun in its name (for a
/// noun the planner knows no other way to show).
pub fn mentioning(noun: &str) -> Option<CatalogModel> {
    let catalog = catalog()?;
    catalog
        .called(noun)
        .or_else(|| catalog.mentioning(noun))
        .map(model)
}

fn model(asset: &assets::Asset) -> CatalogModel {
    // The packs' models face +z; things face +x, so the depth is the length. A rug's
    // or a tablet's few millimetres count as one centimetre.
    CatalogModel {
        id: asset.id.clone(),
        size: [asset.size.z, asset.size.y, asset.size.x].map(|v| v.clamp(0.01, 60.0)),
    }
}

/// The model that draws `archetype` when the prompt calls it `word`: the model named
/// for the word, where the word is not the kind's own name, the kind is an everyday
/// object (not an animal or a vehicle, whose legs and wheels the kind's model fits), and
/// the model is about the kind's size.
pub fn drawn_as(archetype: Archetype, word: &str) -> Option<CatalogModel> {
    let (name, dims) = match archetype {
        Archetype::Table => ("table", [1.6, 0.78, 0.9]),
        Archetype::Thing(kind) => {
            let info = kind.info();
            let everyday = matches!(
                info.class,
                Class::Furniture | Class::Household | Class::Food | Class::Tool | Class::Toy
            );
            if !everyday {
                return None;
            }
            (info.name, info.dims)
        }
        _ => return None,
    };
    let own = name.replace('_', " ");
    if word == own || word.strip_suffix('s') == Some(own.as_str()) {
        return None;
    }
    // Of the models called so, the one nearest the kind's size ("a desk": the plain
    // desk, not the one with shelves on top).
    let largest = |v: [f32; 3]| v.into_iter().fold(0.0, f32::max);
    let misfit = |m: &CatalogModel| (largest(m.size) / largest(dims)).ln().abs();
    let model = catalog()?
        .all_called(word)
        .into_iter()
        .map(model)
        .filter(|m| misfit(m) <= 2.5_f32.ln())
        .min_by(|a, b| misfit(a).total_cmp(&misfit(b)))?;
    (assets::model_for(name) != Some(model.id.as_str())).then_some(model)
}
