//! Real 3D models for things: the 820 textured models of Debian's `sweethome3d-furniture`
//! (animals, vehicles, furniture, kitchen and office things, plants, lights, exteriors).
//!
//! - [`Catalog::open`] reads every pack's catalogue: each model's name, category, tags,
//!   size and creator, and its licence from the package's copyright file (175 CC0, 645
//!   CC-BY 3.0, which must be credited);
//! - [`Catalog::find`] looks a thing up by name, and [`model_for`] names the model chosen
//!   to draw each kind of thing in Diorama's catalogue;
//! - [`Catalog::load`] reads a model's OBJ and MTL from its pack and normalises it as Sweet
//!   Home 3D does: turned by its catalogue rotation, scaled to its catalogue size, standing
//!   on y = 0 and centred on x and z, in metres, its front towards +z.
//!
//! It also decodes twenty CC0 HDR environment maps ([`EnvironmentMap`]), eight from
//! Debian's `blender-data` and twelve from npm's `@pmndrs/assets`, and the light they shed
//! ([`Irradiance`]).
//!
//! `scripts/setup.sh` fetches the packages into `.assets/` (or `$DIORAMA_ASSETS`); their
//! files are read in place.

mod catalog;
mod environment;
mod kinds;
mod licence;
mod model;
mod properties;

pub use catalog::{Asset, Catalog};
pub use environment::{
    EnvironmentMap, Irradiance, PanoramaSource, environment_dir, environment_source, environments,
    sh_basis,
};
pub use kinds::{kinds_with_models, model_for};
pub use licence::{Credit, Licence, environment_credit};
pub use model::{Model, ModelPart, Surface};

use std::path::PathBuf;

/// What can go wrong reading the models.
#[derive(Debug, thiserror::Error)]
pub enum AssetError {
    /// The furniture packs are not where they should be.
    #[error("the furniture models are not at {0}: run scripts/setup.sh to fetch them")]
    Missing(PathBuf),
    /// A pack or a file in it could not be read.
    #[error("reading {what}: {why}")]
    Read {
        /// The pack or file.
        what: String,
        /// Why not.
        why: String,
    },
}

/// Where the furniture packs are: `$DIORAMA_ASSETS/sweethome3d-furniture-1.8`, or the
/// repository's `.assets/` when that is not set.
pub fn default_dir() -> PathBuf {
    assets_root().join("sweethome3d-furniture-1.8")
}

/// Where what is derived from the packs is kept between runs (prepared models):
/// `cache/` beside them.
pub fn cache_dir() -> PathBuf {
    assets_root().join("cache")
}

/// `$DIORAMA_ASSETS`, or the repository's `.assets/`.
fn assets_root() -> PathBuf {
    std::env::var_os("DIORAMA_ASSETS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../.assets")))
}
