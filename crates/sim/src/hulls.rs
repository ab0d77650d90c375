//! Collision hulls for the things drawn by catalogue models no kind describes (archetype
//! `model`): the convex hull of the model's own vertices, so a grand piano collides as a
//! grand piano's shape and a vase rolls as a vase, rather than as the box round them.
//! Hulls are built once per model and process; without the packs a model's box stands in.

use glam::{Quat, Vec3};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// The most vertices a hull is built from; a heavier model is sampled evenly.
const MAX_HULL_POINTS: usize = 4096;

struct Hulls {
    catalog: Option<assets::Catalog>,
    built: Mutex<HashMap<String, Option<Arc<Vec<Vec3>>>>>,
}

fn hulls() -> &'static Hulls {
    static HULLS: OnceLock<Hulls> = OnceLock::new();
    HULLS.get_or_init(|| Hulls {
        catalog: assets::Catalog::open(&assets::default_dir()).ok(),
        built: Mutex::new(HashMap::new()),
    })
}

/// The points whose convex hull is the model `model`, in the frame of a thing of its box:
/// facing +x, standing on y = 0, centred on x and z, filling `model.size`. None when the
/// model or its pack cannot be read.
pub(crate) fn points(model: &scene::CatalogModel) -> Option<Arc<Vec<Vec3>>> {
    let hulls = hulls();
    let catalog = hulls.catalog.as_ref()?;
    let mut built = hulls.built.lock().unwrap_or_else(|p| p.into_inner());
    built
        .entry(model.id.clone())
        .or_insert_with(|| {
            let asset = catalog.by_id(&model.id)?;
            let loaded = catalog.load(asset).ok()?;
            let vertices: Vec<Vec3> = loaded
                .parts
                .iter()
                .flat_map(|p| p.positions.iter().copied())
                .collect();
            Some(Arc::new(fitted(&vertices, model.size)?))
        })
        .clone()
}

/// `vertices` of a model facing +z turned to face +x, and stretched to fill a box of
/// `size` standing on y = 0 and centred on x and z; evenly sampled down to at most
/// `MAX_HULL_POINTS`.
fn fitted(vertices: &[Vec3], size: [f32; 3]) -> Option<Vec<Vec3>> {
    let quarter = Quat::from_rotation_y(std::f32::consts::FRAC_PI_2);
    let step = vertices.len().div_ceil(MAX_HULL_POINTS).max(1);
    let turned: Vec<Vec3> = vertices
        .iter()
        .step_by(step)
        .map(|v| quarter * *v)
        .collect();
    let (lo, hi) = turned.iter().fold(
        (Vec3::splat(f32::MAX), Vec3::splat(f32::MIN)),
        |(lo, hi), v| (lo.min(*v), hi.max(*v)),
    );
    if turned.len() < 4 || (hi - lo).min_element() <= 0.0 {
        return None;
    }
    let scale = Vec3::from(size) / (hi - lo);
    let base = Vec3::new((lo.x + hi.x) / 2.0, lo.y, (lo.z + hi.z) / 2.0);
    Some(turned.into_iter().map(|v| (v - base) * scale).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_models_points_are_turned_to_face_x_and_fill_its_box() {
        // A wedge 2 wide (x), 1 high and 4 deep (z), its tall end at the front (+z).
        let wedge = [
            Vec3::new(-1.0, 0.0, -2.0),
            Vec3::new(1.0, 0.0, -2.0),
            Vec3::new(-1.0, 0.0, 2.0),
            Vec3::new(1.0, 0.0, 2.0),
            Vec3::new(-1.0, 1.0, 2.0),
            Vec3::new(1.0, 1.0, 2.0),
        ];
        let points = fitted(&wedge, [4.0, 1.0, 2.0]).unwrap();
        let (lo, hi) = points.iter().fold(
            (Vec3::splat(f32::MAX), Vec3::splat(f32::MIN)),
            |(lo, hi), v| (lo.min(*v), hi.max(*v)),
        );
        assert!((lo - Vec3::new(-2.0, 0.0, -1.0)).length() < 1e-5, "{lo}");
        assert!((hi - Vec3::new(2.0, 1.0, 1.0)).length() < 1e-5, "{hi}");
        // The tall end is now at the front, +x.
        assert!(points.iter().filter(|p| p.y > 0.5).all(|p| p.x > 1.9));
        assert!(fitted(&wedge[..3], [1.0; 3]).is_none(), "too few points");
    }

    #[test]
    fn a_grand_piano_collides_as_its_own_shape() {
        let model = scene::CatalogModel {
            id: "Blend Swap CC-0#pianoAQueue".into(),
            size: [1.7, 1.78, 1.32],
        };
        let points = points(&model).expect("the packs are installed");
        let hull = rapier3d::prelude::SharedShape::convex_hull(&points).expect("a hull");
        let volume = hull.mass_properties(1.0).mass();
        let box_volume: f32 = model.size.iter().product();
        // The curved case and the open lid make it much less than its box.
        assert!(
            (0.2..0.9).contains(&(volume / box_volume)),
            "{volume} of {box_volume}"
        );
    }
}
