//! What a film draws: the set, every track's parts and every person's pieces, as one
//! vertex and index list with a draw for each.

use crate::look::{self, Pattern, SetPiece};
use crate::{bounds, figures, mesh, models};
use glam::{Mat4, Quat, Vec3};
use scene::{Material, Part, Shape, Weather};
use std::sync::Arc;
use timeline::Timeline;

/// One drawn part: where its mesh is in the shared buffers, where it stands and how it looks.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Draw {
    pub(crate) first_index: u32,
    pub(crate) index_count: u32,
    pub(crate) base_vertex: i32,
    pub(crate) placement: Placement,
    /// Linear albedo and roughness.
    pub(crate) color: [f32; 4],
    /// Metalness (the other three unused).
    pub(crate) material: [f32; 4],
    pub(crate) pattern: Pattern,
    /// Whether it never moves during the film (the set, fixed props).
    pub(crate) still: bool,
    /// Radius of a sphere around it, for placing moving shadows on screen.
    pub(crate) radius: f32,
    /// The corners of the box round its mesh, in its own frame.
    pub(crate) extent: (Vec3, Vec3),
    /// Whether it casts a shadow (rain and snow do not).
    pub(crate) casts_shadow: bool,
}

/// Where an instance gets its pose.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Placement {
    /// Fixed in the world.
    Static(Mat4),
    /// Moving with track `track`, placed by `local` in the track's frame.
    Track { track: usize, local: Mat4 },
    /// Drop `index` of rain or flake of snow, falling around what the camera watches.
    Precipitation { index: u32, snow: bool },
    /// A piece of figure `figure`, whose posed vertices are in the figures' buffer,
    /// relative to the figure's pelvis; its coarser versions' triangles are at `coarser`
    /// (first index and count), finest first.
    Figure {
        figure: usize,
        coarser: [(u32, u32); people::COARSER.len()],
    },
}

/// A track that moves less than this (metres) and turns less than `STILL_ANGLE`
/// (radians) over the whole film is drawn once, as part of the still set.
const STILL_DISTANCE: f32 = 5e-4;
const STILL_ANGLE: f32 = 1e-3;

/// Raindrops or snowflakes in the air around the camera's subject.
const PRECIPITATION: u32 = 240;

/// Where drop `index` is at time `t` around `centre`: spread over a 16 m square, falling
/// through 8 m (rain fast and slanted, snow slowly and swaying).
pub(crate) fn precipitation(index: u32, snow: bool, t: f32, centre: Vec3) -> Mat4 {
    let hash = |salt: u32| {
        let mut v = index.wrapping_mul(0x9E37_79B1) ^ salt.wrapping_mul(0x85EB_CA77);
        v ^= v >> 15;
        v = v.wrapping_mul(0x2C1B_3C6D);
        (v ^ (v >> 12)) as f32 / u32::MAX as f32
    };
    let speed = if snow { 1.1 } else { 9.0 };
    let fall = (t * speed + hash(3) * 8.0).rem_euclid(8.0);
    let sway = if snow {
        0.3 * (t * 1.3 + hash(4) * 6.3).sin()
    } else {
        0.0
    };
    let at = Vec3::new(
        centre.x + (hash(1) - 0.5) * 16.0 + sway,
        8.0 - fall,
        centre.z + (hash(2) - 0.5) * 16.0,
    );
    let tilt = if snow {
        Quat::IDENTITY
    } else {
        Quat::from_rotation_z(0.12)
    };
    Mat4::from_rotation_translation(tilt, at)
}

fn part_matrix(part: &Part) -> Mat4 {
    Mat4::from_rotation_translation(Quat::from_array(part.rotation), Vec3::from(part.offset))
}

/// Albedo and roughness, and metalness and glow, of a part, as the shader reads them.
fn material_of(part: &Part) -> ([f32; 4], [f32; 4]) {
    let [r, g, b] = part.color.linear();
    let (roughness, metal) = look::surface(part.material, part.color);
    let glow = if part.material == Material::Light {
        1.0
    } else {
        0.0
    };
    ([r, g, b, roughness], [metal, glow, 0.0, 0.0])
}

/// Everything a film draws: the set and every track's parts in one vertex and index
/// list, a draw for each part and for each piece of a person, and the people.
pub(crate) struct Geometry {
    pub(crate) vertices: Vec<mesh::Vertex>,
    /// Texture coordinates of each vertex (zeros for the untextured).
    pub(crate) uvs: Vec<[f32; 2]>,
    pub(crate) indices: Vec<u32>,
    pub(crate) draws: Vec<Draw>,
    pub(crate) figures: figures::Figures,
    /// Whether each track holds one pose through the whole film.
    pub(crate) still_track: Vec<bool>,
    /// The pictures of the models drawn, one texture layer each, in layer order.
    pub(crate) textures: Vec<Arc<models::Texture>>,
    /// The models drawn, each once.
    pub(crate) assets: Vec<assets::Asset>,
}

/// The models' share of the geometry: their textures and what they are.
#[derive(Default)]
struct Models {
    textures: Vec<Arc<models::Texture>>,
    assets: Vec<assets::Asset>,
}

impl Models {
    /// A thing's model, fitted into its slot: each surface's vertices once, and a draw of
    /// its triangles for each track that carries some (the body, and each swinging leg).
    fn add(
        &mut self,
        thing: &models::Modelled,
        still_track: &[bool],
        (vertices, uvs, indices): (&mut Vec<mesh::Vertex>, &mut Vec<[f32; 2]>, &mut Vec<u32>),
        draws: &mut Vec<Draw>,
    ) {
        let model = &thing.model;
        if !self.assets.iter().any(|a| a.id == model.asset.id) {
            self.assets.push(model.asset.clone());
        }
        let fit = models::fit(model.bounds, &thing.slot);
        // The colour asked for goes to its body, keeping its picture's grain.
        let painted = model.paint_surface();
        let tracks: Vec<(usize, Mat4)> = std::iter::once((thing.body, Mat4::IDENTITY))
            .chain(
                thing
                    .legs
                    .iter()
                    .map(|&(leg, hinge)| (leg, Mat4::from_translation(-hinge))),
            )
            .collect();
        for (s, surface) in model.surfaces.iter().enumerate() {
            let base_vertex = vertices.len() as i32;
            vertices.extend(
                surface
                    .positions
                    .iter()
                    .zip(&surface.normals)
                    .map(|(p, n)| mesh::Vertex {
                        position: p.to_array(),
                        normal: n.to_array(),
                    }),
            );
            uvs.extend(&surface.uvs);
            let mut tint = surface.tint;
            let mut texture = surface.texture.clone();
            if let (Some(color), Some(_)) = (thing.slot.color, painted.filter(|&l| l == s)) {
                let wanted = color.linear();
                tint = std::array::from_fn(|c| {
                    if surface.mean[c] > 0.02 {
                        (tint[c] * wanted[c] / surface.mean[c]).min(8.0)
                    } else {
                        texture = None;
                        wanted[c]
                    }
                });
            }
            let cutout = texture.as_ref().is_some_and(|t| t.cutout);
            let layer = texture.map(|t| self.layer_of(t));
            let carriers = thing.carriers(surface, fit);
            for (k, &(track, to_track)) in tracks.iter().enumerate() {
                let first_index = indices.len() as u32;
                for (t, _) in carriers.iter().enumerate().filter(|(_, c)| **c == k) {
                    indices.extend_from_slice(&surface.indices[t * 3..t * 3 + 3]);
                }
                let index_count = indices.len() as u32 - first_index;
                if index_count == 0 {
                    continue;
                }
                let local = to_track * fit;
                let points = || surface.positions.iter().copied();
                let radius = points()
                    .map(|p| local.transform_point3(p).distance(local.w_axis.truncate()))
                    .fold(0.0, f32::max);
                draws.push(Draw {
                    first_index,
                    index_count,
                    base_vertex,
                    placement: Placement::Track { track, local },
                    color: [tint[0], tint[1], tint[2], surface.roughness],
                    material: [0.0, 0.0, layer.unwrap_or(0) as f32, 0.0],
                    pattern: match (layer, cutout) {
                        (Some(_), true) => Pattern::Cutout,
                        (Some(_), false) => Pattern::Textured,
                        (None, _) => Pattern::Plain,
                    },
                    still: still_track[track],
                    radius,
                    extent: bounds(points()),
                    casts_shadow: true,
                });
            }
        }
    }

    /// The texture layer holding `texture`, added if it is new.
    fn layer_of(&mut self, texture: Arc<models::Texture>) -> usize {
        match self.textures.iter().position(|t| t.key == texture.key) {
            Some(layer) => layer,
            None => {
                self.textures.push(texture);
                self.textures.len() - 1
            }
        }
    }
}

impl Geometry {
    /// The set, then every part of every track, then the people.
    pub(crate) fn of(timeline: &Timeline) -> Geometry {
        let mut vertices: Vec<mesh::Vertex> = Vec::new();
        let mut indices: Vec<u32> = Vec::new();
        let mut draws = Vec::new();
        // A track that holds one pose through the whole film is part of the still set:
        // what settles by a hair's breadth (a bench on the ground) is still.
        let still_track: Vec<bool> = (0..timeline.tracks.len())
            .map(|t| {
                let first = &timeline.frames[0].poses[t];
                timeline.frames.iter().all(|f| {
                    let pose = &f.poses[t];
                    let moved = Vec3::from(pose.position).distance(Vec3::from(first.position));
                    let turned = Quat::from_array(pose.rotation)
                        .angle_between(Quat::from_array(first.rotation));
                    moved < STILL_DISTANCE && turned < STILL_ANGLE
                })
            })
            .collect();
        let mut add = |part: &Part, pattern: Pattern, placement: Placement| {
            let m = mesh::mesh(part.shape, 1);
            let (color, material) = material_of(part);
            draws.push(Draw {
                first_index: indices.len() as u32,
                index_count: m.indices.len() as u32,
                base_vertex: vertices.len() as i32,
                placement,
                color,
                material,
                pattern,
                still: match placement {
                    Placement::Static(_) => true,
                    Placement::Track { track, .. } => still_track[track],
                    Placement::Precipitation { .. } | Placement::Figure { .. } => false,
                },
                casts_shadow: !matches!(placement, Placement::Precipitation { .. }),
                radius: part.shape.bounding_radius(),
                extent: bounds(m.vertices.iter().map(|v| Vec3::from(v.position))),
            });
            vertices.extend(m.vertices);
            indices.extend(m.indices);
        };
        let setting = timeline.environment.setting;
        for SetPiece { part, pattern } in look::set_pieces(setting) {
            add(&part, pattern, Placement::Static(part_matrix(&part)));
        }
        let figures = figures::Figures::of(timeline);
        let modelled = models::modelled(timeline);
        let mut drawn_by_model = vec![false; timeline.tracks.len()];
        for m in &modelled {
            drawn_by_model[m.body] = true;
            for &(leg, _) in &m.legs {
                drawn_by_model[leg] = true;
            }
        }
        for (t, track) in timeline.tracks.iter().enumerate() {
            if figures.owns_track(t) || drawn_by_model[t] {
                continue;
            }
            for part in &track.parts {
                add(
                    part,
                    look::pattern(part),
                    Placement::Track {
                        track: t,
                        local: part_matrix(part),
                    },
                );
            }
        }
        // Rain and snow are seen outdoors.
        let weather = timeline.environment.weather;
        if !setting.indoors() && matches!(weather, Weather::Rain | Weather::Storm | Weather::Snow) {
            let snow = weather == Weather::Snow;
            let drop = Part {
                shape: if snow {
                    Shape::Sphere { radius: 0.025 }
                } else {
                    Shape::Cylinder {
                        half_height: 0.2,
                        radius: 0.006,
                    }
                },
                offset: [0.0; 3],
                rotation: [0.0, 0.0, 0.0, 1.0],
                material: if snow {
                    Material::Snow
                } else {
                    Material::Glass
                },
                color: if snow {
                    scene::Color::rgb(250, 250, 255)
                } else {
                    scene::Color::rgb(190, 200, 215)
                },
                collides: false,
                limb: None,
            };
            for index in 0..PRECIPITATION {
                add(
                    &drop,
                    Pattern::Plain,
                    Placement::Precipitation { index, snow },
                );
            }
        }
        let mut uvs = vec![[0.0; 2]; vertices.len()];
        let mut models = Models::default();
        for thing in &modelled {
            models.add(
                thing,
                &still_track,
                (&mut vertices, &mut uvs, &mut indices),
                &mut draws,
            );
        }
        add_figure_draws(&figures, &mut draws, &mut indices);
        Geometry {
            vertices,
            uvs,
            indices,
            draws,
            figures,
            still_track,
            textures: models.textures,
            assets: models.assets,
        }
    }
}

fn add_figure_draws(figures: &figures::Figures, draws: &mut Vec<Draw>, indices: &mut Vec<u32>) {
    for (figure, p) in figures.posed.iter().enumerate() {
        let reach = p.figure.height() * p.of.scale;
        for piece in &p.figure.pieces {
            let [r, g, b] = piece.color.linear();
            let first_index = indices.len() as u32;
            indices.extend_from_slice(&piece.indices);
            let mut coarser = [(0, 0); people::COARSER.len()];
            for (range, level) in coarser.iter_mut().zip(&piece.coarser) {
                *range = (indices.len() as u32, level.len() as u32);
                indices.extend_from_slice(level);
            }
            draws.push(Draw {
                first_index,
                index_count: piece.indices.len() as u32,
                base_vertex: p.base_vertex as i32,
                placement: Placement::Figure { figure, coarser },
                color: [r, g, b, figures::roughness(piece.paint)],
                material: figure_material(piece, p.figure.marks),
                pattern: figure_pattern(piece),
                still: false,
                radius: reach,
                extent: (Vec3::splat(-reach), Vec3::splat(reach)),
                casts_shadow: true,
            });
        }
    }
}

/// The shader's pattern for a piece of a person.
fn figure_pattern(piece: &people::Piece) -> Pattern {
    use people::Paint;
    use scene::ClothPattern;
    match (piece.paint, piece.pattern) {
        (Paint::Skin, _) => Pattern::Skin,
        (Paint::Lips, _) => Pattern::Lips,
        (Paint::Top, _) if piece.drawn.is_some() => Pattern::OpenFront,
        (Paint::Top, _) if piece.number.is_some() => Pattern::Numbered,
        (_, ClothPattern::Stripes) => Pattern::Stripes,
        (_, ClothPattern::Checks) => Pattern::Checks,
        (_, ClothPattern::Dots) => Pattern::PolkaDots,
        _ => Pattern::Figure,
    }
}

/// What the shader needs to place a piece's pattern on the body (people are neither
/// metal nor glowing, so the slots mean this instead): a numbered top's number, an open
/// front's kind (1 a jacket, 2 a suit) or, for skin, how far the eyes are from the middle
/// of the face; a height (of the eyes, for skin's brows and oilier forehead and nose; of a
/// number's middle; of the neck, where a suit's V starts); the size of the head against an
/// adult's; and the colour drawn on it (an open front's shirt or tie, the brows), as
/// 0xRRGGBB (sRGB).
fn figure_material(piece: &people::Piece, marks: people::Marks) -> [f32; 4] {
    use people::Drawn;
    let packed = |c: scene::Color| ((c.r as u32) << 16 | (c.g as u32) << 8 | c.b as u32) as f32;
    match (piece.drawn, piece.number) {
        (Some(Drawn::Brows { color }), _) => {
            [marks.eye_side, marks.eyes, marks.scale, packed(color)]
        }
        (Some(Drawn::Lips { skin }), _) => [marks.mouth, 0.0, marks.scale, packed(skin)],
        (Some(Drawn::Jacket { shirt }), _) => [1.0, marks.neck, marks.scale, packed(shirt)],
        (Some(Drawn::Suit { tie }), _) => [2.0, marks.neck, marks.scale, packed(tie)],
        (None, Some(n)) => [n.min(99) as f32, marks.chest, marks.scale, 0.0],
        (None, None) => [0.0, 0.0, marks.scale, 0.0],
    }
}
