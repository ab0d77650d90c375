//! Real models of things, from the furniture packs, drawn in the slots the simulation
//! leaves for them: read once per process, their surfaces merged and their textures
//! decoded, then fitted into each slot and shared out between a walking animal's body and
//! its swinging legs.

use crate::model_cache;
use assets::{Asset, Catalog, Model};
use glam::{Mat4, Quat, Vec3};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use timeline::{ModelSlot, Timeline};

/// Texture layers are this many pixels square.
pub(crate) const TEXTURE_SIZE: u32 = 256;
/// Mip levels of a texture layer, from `TEXTURE_SIZE` down to one pixel.
pub(crate) const TEXTURE_LEVELS: u32 = 9;

/// A model ready to draw: its surfaces, each a mesh with one look, in the model's own
/// frame (metres, standing on y = 0, centred, its front towards +z).
pub(crate) struct Prepared {
    /// What it is and whom to credit.
    pub(crate) asset: Asset,
    pub(crate) surfaces: Vec<Surface>,
    /// The corners of the box round it.
    pub(crate) bounds: (Vec3, Vec3),
}

/// The parts of a model that share one look, as one mesh.
pub(crate) struct Surface {
    pub(crate) positions: Vec<Vec3>,
    pub(crate) normals: Vec<Vec3>,
    /// Texture coordinates, one pair per vertex (zeros where the part has none).
    pub(crate) uvs: Vec<[f32; 2]>,
    pub(crate) indices: Vec<u32>,
    /// Linear colour the texture is multiplied by (the colour itself without one).
    pub(crate) tint: [f32; 3],
    pub(crate) roughness: f32,
    /// Its picture, when it has one.
    pub(crate) texture: Option<Arc<Texture>>,
    /// The linear colour it shows on average.
    pub(crate) mean: [f32; 3],
    /// Its area in square metres.
    pub(crate) area: f32,
    /// Whether its material is named as the body or the colour of the thing
    /// (`orangeBody`, `firstcolor`, `paint`): where a colour asked for goes.
    pub(crate) paint: bool,
}

/// A texture decoded and scaled to `TEXTURE_SIZE` square, with its mip chain.
pub(crate) struct Texture {
    /// The pack and the picture's path in it, which name it.
    pub(crate) key: String,
    /// RGBA (sRGB) pixels of each level, finest first.
    pub(crate) levels: Vec<Vec<u8>>,
    /// Whether it is cut out: clear where its alpha is (leaves, lace, a fence's gaps).
    pub(crate) cutout: bool,
}

/// The catalogue and the models read so far, shared by every renderer of the process.
struct Library {
    catalog: Option<Catalog>,
    models: Mutex<HashMap<String, Option<Arc<Prepared>>>>,
}

fn library() -> &'static Library {
    static LIBRARY: OnceLock<Library> = OnceLock::new();
    LIBRARY.get_or_init(|| Library {
        catalog: Catalog::open(&assets::default_dir()).ok(),
        models: Mutex::new(HashMap::new()),
    })
}

/// The catalogue model that draws a thing: the one its slot names, or its kind's own.
fn model_id(slot: &ModelSlot) -> Option<&str> {
    slot.asset
        .as_deref()
        .or_else(|| assets::model_for(&slot.kind))
}

/// The catalogue model with this id, prepared, if its pack is installed.
pub(crate) fn model_of(id: &str) -> Option<Arc<Prepared>> {
    let library = library();
    let catalog = library.catalog.as_ref()?;
    let mut models = library.models.lock().unwrap_or_else(|p| p.into_inner());
    models
        .entry(id.to_string())
        .or_insert_with(|| {
            let asset = catalog.by_id(id)?;
            if let Some(kept) = model_cache::read(asset) {
                return Some(Arc::new(kept));
            }
            let model = catalog.load(asset).ok()?;
            let prepared = prepare(catalog, asset, model);
            model_cache::write(&prepared);
            Some(Arc::new(prepared))
        })
        .clone()
}

/// Prepares the model of every kind that has one, keeping each in the on-disk cache so
/// later processes read it ready (`diorama assets --cache`); how many are ready.
pub fn prepare_models() -> usize {
    assets::kinds_with_models()
        .filter(|(_, id)| model_of(id).is_some())
        .count()
}

/// Roughness of a Phong surface of shininess `n` (its exponent, 0 to 1000).
fn roughness_of(shininess: f32) -> f32 {
    (2.0 / (shininess.max(0.0) + 2.0)).sqrt().clamp(0.25, 0.9)
}

/// Whether a material's name says it is the thing's body or colour.
fn is_paint(name: &str) -> bool {
    let name = name.to_lowercase();
    ["body", "color", "colour", "paint"]
        .iter()
        .any(|w| name.contains(w))
}

fn saturation(c: [f32; 3]) -> f32 {
    let (most, least) = (c[0].max(c[1]).max(c[2]), c[0].min(c[1]).min(c[2]));
    (most - least) / most.max(1e-6)
}

impl Prepared {
    /// The surface a colour asked for ("a red toaster") goes to: of those named as its
    /// body or colour, the most coloured (a toaster's orange body, not its metal one);
    /// else the largest that is not near black (rubber, black plastic) or glass.
    pub(crate) fn paint_surface(&self) -> Option<usize> {
        let named = self
            .surfaces
            .iter()
            .enumerate()
            .filter(|(_, s)| s.paint)
            .max_by(|a, b| {
                (saturation(a.1.mean), a.1.area)
                    .partial_cmp(&(saturation(b.1.mean), b.1.area))
                    .unwrap_or(std::cmp::Ordering::Equal)
            });
        let largest = |light: f32| {
            self.surfaces
                .iter()
                .enumerate()
                .filter(|(_, s)| {
                    crate::environment::luminance(s.mean) >= light && s.roughness > 0.08
                })
                .max_by(|a, b| a.1.area.total_cmp(&b.1.area))
        };
        named
            .or_else(|| largest(0.01))
            .or_else(|| largest(0.0))
            .map(|(i, _)| i)
    }
}

fn linear(srgb: f32) -> f32 {
    if srgb <= 0.04045 {
        srgb / 12.92
    } else {
        ((srgb + 0.055) / 1.055).powf(2.4)
    }
}

/// A model's parts merged by look (colour, picture and gloss), textures decoded.
fn prepare(catalog: &Catalog, asset: &Asset, model: Model) -> Prepared {
    let bounds = model.bounds();
    let mut surfaces: Vec<Surface> = Vec::new();
    let mut keys: Vec<(String, [u32; 3], u32, bool)> = Vec::new();
    let mut textures: HashMap<String, Option<Arc<Texture>>> = HashMap::new();
    for part in model.parts {
        let s = &part.surface;
        // Clear parts (glass) are drawn as dark, glossy glass.
        let glass = s.opacity < 0.5;
        let texture = s.texture.as_ref().filter(|_| !glass).and_then(|path| {
            textures
                .entry(path.clone())
                .or_insert_with(|| decode(catalog, asset, path).map(Arc::new))
                .clone()
        });
        let mean = catalog.mean_color(asset, s).map(linear);
        let tint = if glass {
            [0.02, 0.025, 0.03]
        } else if texture.is_some() && s.color.iter().all(|&c| c < 0.01) {
            // A black colour beside a picture means the picture alone.
            [1.0; 3]
        } else {
            s.color.map(linear)
        };
        let roughness = if glass {
            0.08
        } else {
            roughness_of(s.shininess)
        };
        let paint = !glass && is_paint(&s.name);
        let key = (
            texture.as_ref().map(|t| t.key.clone()).unwrap_or_default(),
            tint.map(|c| (c * 1000.0) as u32),
            (roughness * 100.0) as u32,
            paint,
        );
        let index = match keys.iter().position(|k| *k == key) {
            Some(i) => i,
            None => {
                keys.push(key);
                surfaces.push(Surface {
                    positions: Vec::new(),
                    normals: Vec::new(),
                    uvs: Vec::new(),
                    indices: Vec::new(),
                    tint,
                    roughness,
                    texture,
                    mean: if glass { tint } else { mean },
                    area: 0.0,
                    paint,
                });
                surfaces.len() - 1
            }
        };
        let surface = &mut surfaces[index];
        let base = surface.positions.len() as u32;
        let uvs = if part.uvs.len() == part.positions.len() {
            part.uvs
        } else {
            vec![[0.0; 2]; part.positions.len()]
        };
        surface.area += area(&part.positions, &part.indices);
        surface.positions.extend(part.positions);
        surface.normals.extend(part.normals);
        surface.uvs.extend(uvs);
        surface
            .indices
            .extend(part.indices.iter().map(|i| base + i));
    }
    let triangles: usize = surfaces.iter().map(|s| s.indices.len() / 3).sum();
    let share = (TRIANGLE_BUDGET as f32 / triangles.max(1) as f32).min(1.0);
    for surface in &mut surfaces {
        if share < 1.0 {
            simplify(surface, share);
        }
        two_sided(surface);
    }
    Prepared {
        asset: asset.clone(),
        surfaces,
        bounds,
    }
}

/// Triangles a model is drawn with at most (before its back faces): some models in the
/// packs have over 100,000, which would cost more than the rest of a film together.
const TRIANGLE_BUDGET: usize = 8_000;

/// Simplifies a surface to about `share` of its triangles with meshoptimizer: keeping
/// its borders (texture seams) where they are, so that no cracks open, when that gets
/// near; else letting them move and pruning small pieces; else sloppily (needles,
/// leaves).
fn simplify(surface: &mut Surface, share: f32) {
    use meshopt::SimplifyOptions as O;
    let positions: Vec<[f32; 3]> = surface.positions.iter().map(|v| v.to_array()).collect();
    let target = (((surface.indices.len() / 3) as f32 * share) as usize * 3).max(3);
    let near = |indices: &Vec<u32>| !indices.is_empty() && indices.len() <= target * 3 / 2;
    // Up to a twentieth of the model's size astray where the share asks for it.
    let careful = |options| {
        meshopt::simplify_decoder(&surface.indices, &positions, target, 0.05, options, None)
    };
    let mut simpler = careful(O::LockBorder);
    if !near(&simpler) {
        simpler = careful(O::Prune);
    }
    if !near(&simpler) {
        simpler =
            meshopt::simplify_sloppy_decoder(&surface.indices, &positions, target, 0.05, None);
    }
    if !simpler.is_empty() {
        surface.indices = simpler;
    }
}

/// Gives every triangle a back face (its vertices again, facing the other way): the
/// packs' models do not wind their triangles consistently, and thin parts (leaves, ears,
/// a sheet) are meant to be seen from both sides.
fn two_sided(surface: &mut Surface) {
    let count = surface.positions.len() as u32;
    surface.positions.extend_from_within(..);
    let flipped: Vec<Vec3> = surface.normals.iter().map(|n| -*n).collect();
    surface.normals.extend(flipped);
    surface.uvs.extend_from_within(..);
    let back: Vec<u32> = surface
        .indices
        .chunks_exact(3)
        .flat_map(|t| [t[0] + count, t[2] + count, t[1] + count])
        .collect();
    surface.indices.extend(back);
}

/// The area of a triangle mesh.
fn area(positions: &[Vec3], indices: &[u32]) -> f32 {
    indices
        .chunks_exact(3)
        .map(|t| {
            let [a, b, c] = [t[0], t[1], t[2]].map(|i| positions[i as usize]);
            (b - a).cross(c - a).length() / 2.0
        })
        .sum()
}

/// A texture of `asset` scaled to `TEXTURE_SIZE` square, with its mip chain (`None` when
/// it cannot be read).
fn decode(catalog: &Catalog, asset: &Asset, path: &str) -> Option<Texture> {
    let bytes = catalog.texture(asset, path).ok()?;
    let picture = image::load_from_memory(&bytes).ok()?.to_rgba8();
    let mut levels = Vec::with_capacity(TEXTURE_LEVELS as usize);
    let mut size = TEXTURE_SIZE;
    let mut level =
        image::imageops::resize(&picture, size, size, image::imageops::FilterType::Triangle);
    loop {
        levels.push(level.as_raw().clone());
        if size == 1 {
            break;
        }
        size /= 2;
        level = image::imageops::resize(&level, size, size, image::imageops::FilterType::Triangle);
    }
    // Cut out when a twentieth of it or more is clear.
    let clear = picture.pixels().filter(|p| p.0[3] < 128).count();
    Some(Texture {
        key: format!("{}#{path}", asset.pack),
        levels,
        cutout: clear * 20 >= picture.pixels().len(),
    })
}

/// A model fitted into a slot: the matrix from the model's frame into the thing's body
/// frame. The model is turned to face +x as things do (and a further quarter turn when
/// that lays its length across the slot's), scaled alike on every axis to fill the
/// slot's two largest extents as nearly as it can without overflowing them by much, stood
/// on the slot's floor and centred on it.
pub(crate) fn fit(model: (Vec3, Vec3), slot: &ModelSlot) -> Mat4 {
    let (slot_lo, slot_hi) = (Vec3::from(slot.fit[0]), Vec3::from(slot.fit[1]));
    let want = (slot_hi - slot_lo).max(Vec3::splat(1e-3));
    let size = (model.1 - model.0).max(Vec3::splat(1e-3));
    // Models face +z, things +x: a quarter turn about y takes z to x.
    let quarter = Quat::from_rotation_y(std::f32::consts::FRAC_PI_2);
    let turned = |turn: Quat| (turn * size).abs();
    let long_along_x = |v: Vec3| v.x >= v.z;
    let turn = if long_along_x(turned(quarter)) == long_along_x(want)
        || (want.x - want.z).abs() < 0.05 * want.max_element()
    {
        quarter
    } else {
        Quat::IDENTITY
    };
    let size = turned(turn);
    let ratios = want / size;
    // Sized by the slot's two largest extents (a television by its screen, not its
    // depth), never overflowing either by more than a quarter.
    let mut axes = [0, 1, 2];
    axes.sort_by(|&a, &b| want[b].total_cmp(&want[a]));
    let (a, b) = (ratios[axes[0]], ratios[axes[1]]);
    let scale = (a * b).sqrt().min(a.min(b) * 1.25);
    let centre = (model.0 + model.1) / 2.0;
    let base = Vec3::new(centre.x, model.0.y, centre.z);
    let floor = Vec3::new(
        (slot_lo.x + slot_hi.x) / 2.0,
        slot_lo.y,
        (slot_lo.z + slot_hi.z) / 2.0,
    );
    Mat4::from_translation(floor)
        * Mat4::from_scale(Vec3::splat(scale))
        * Mat4::from_quat(turn)
        * Mat4::from_translation(-base)
}

/// How far up to its hinge a swinging leg carries the model's triangles.
const LEG_SHARE: f32 = 0.7;

/// The tracks of one thing drawn with a model: its body's and each leg's, with the leg's
/// hinge in the body frame.
pub(crate) struct Modelled {
    pub(crate) model: Arc<Prepared>,
    pub(crate) slot: ModelSlot,
    pub(crate) body: usize,
    pub(crate) legs: Vec<(usize, Vec3)>,
}

/// Every thing of `timeline` that has a model to draw it, with the tracks it moves on.
pub(crate) fn modelled(timeline: &Timeline) -> Vec<Modelled> {
    let mut things: Vec<Modelled> = Vec::new();
    for (t, track) in timeline.tracks.iter().enumerate() {
        let Some(slot) = &track.model else { continue };
        match slot.hinge {
            None => {
                if let Some(model) = model_id(slot).and_then(model_of) {
                    things.push(Modelled {
                        model,
                        slot: slot.clone(),
                        body: t,
                        legs: Vec::new(),
                    });
                }
            }
            Some(hinge) => {
                let body = things
                    .iter_mut()
                    .rev()
                    .find(|m| timeline.tracks[m.body].entity == track.entity);
                if let Some(body) = body {
                    body.legs.push((t, Vec3::from(hinge)));
                }
            }
        }
    }
    things
}

impl Modelled {
    /// Which track carries each triangle of `surface` placed by `fit`: the nearest leg
    /// whose hinge is above it, within reach, else the body (index 0; legs from 1).
    pub(crate) fn carriers(&self, surface: &Surface, fit: Mat4) -> Vec<usize> {
        let length = (self.slot.fit[1][0] - self.slot.fit[0][0]).max(0.05);
        surface
            .indices
            .chunks_exact(3)
            .map(|t| {
                let centre = t
                    .iter()
                    .map(|&i| fit.transform_point3(surface.positions[i as usize]))
                    .sum::<Vec3>()
                    / 3.0;
                self.legs
                    .iter()
                    .enumerate()
                    // The top of the leg stays with the body, whose shoulder and
                    // thigh it is, so the two do not tear apart as the leg swings.
                    .filter(|(_, (_, hinge))| centre.y < hinge.y * LEG_SHARE)
                    .map(|(k, (_, hinge))| {
                        let d = (centre.x - hinge.x).hypot(centre.z - hinge.z);
                        (k + 1, d)
                    })
                    .filter(|&(_, d)| d < 0.3 * length)
                    .min_by(|a, b| a.1.total_cmp(&b.1))
                    .map_or(0, |(k, _)| k)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_prepared_model_is_kept_on_disk_and_read_back_whole() {
        let catalog = library().catalog.as_ref().expect("the packs are installed");
        // The dog: textured, and simplified from its pack's mesh.
        let asset = catalog.by_id(assets::model_for("dog").unwrap()).unwrap();
        let fresh = prepare(catalog, asset, catalog.load(asset).unwrap());
        model_cache::write(&fresh);
        let kept = model_cache::read(asset).expect("kept");
        assert_eq!(kept.bounds, fresh.bounds);
        assert_eq!(kept.surfaces.len(), fresh.surfaces.len());
        for (a, b) in kept.surfaces.iter().zip(&fresh.surfaces) {
            assert_eq!(a.positions, b.positions);
            assert_eq!(a.normals, b.normals);
            assert_eq!(a.uvs, b.uvs);
            assert_eq!(a.indices, b.indices);
            assert_eq!(
                (a.tint, a.roughness, a.mean, a.area, a.paint),
                (b.tint, b.roughness, b.mean, b.area, b.paint)
            );
            let picture = |s: &Surface| {
                s.texture
                    .as_ref()
                    .map(|t| (t.key.clone(), t.cutout, t.levels.clone()))
            };
            assert_eq!(picture(a), picture(b));
        }
        assert!(fresh.surfaces.iter().any(|s| s.texture.is_some()));
    }

    #[test]
    fn a_colour_asked_for_goes_to_the_things_body() {
        let painted = |id: &str| {
            let model = model_of(id).expect("the packs are installed");
            let s = &model.surfaces[model.paint_surface().expect("a surface")];
            (
                s.mean,
                s.paint,
                s.area / model.surfaces.iter().map(|s| s.area).sum::<f32>(),
            )
        };
        // The toaster's orange body, not its larger grey metal one.
        let (toaster, named, _) = painted("Scopia#toaster");
        assert!(named && saturation(toaster) > 0.5, "{toaster:?}");
        assert!(
            toaster[0] > toaster[1] && toaster[1] > toaster[2],
            "{toaster:?}"
        );
        // The bicycle's frame ("firstcolor"), not its textured parts or its tyres.
        let (_, named, _) = painted(assets::model_for("bicycle").unwrap());
        assert!(named, "the bicycle's frame");
        // The rowboat has no body named: its hull, the largest and light, not its trim.
        let (hull, named, share) = painted(assets::model_for("boat").unwrap());
        assert!(
            !named && crate::environment::luminance(hull) > 0.3 && share > 0.5,
            "{hull:?} {share}"
        );
    }

    #[test]
    fn the_heaviest_models_are_drawn_simplified_within_the_budget() {
        // 125,810, 72,384 and 61,308 triangles in their packs.
        for kind in ["chessboard", "flower", "bathtub"] {
            let model = assets::model_for(kind)
                .and_then(model_of)
                .expect("the packs are installed");
            // Every triangle is drawn from both sides.
            let triangles: usize = model.surfaces.iter().map(|s| s.indices.len() / 3).sum();
            assert!(
                triangles / 2 <= TRIANGLE_BUDGET * 3 / 2,
                "{kind}: {} triangles",
                triangles / 2
            );
        }
    }
}
