//! A model's meshes, read from its pack and normalised to its catalogue size.

use crate::AssetError;
use crate::catalog::{Asset, Catalog};
use glam::Vec3;
use std::collections::HashMap;
use std::io::{BufReader, Cursor, Read};
use std::path::Path;

/// A model: its parts, each with one surface, in metres, standing on y = 0 and centred
/// on x and z, its front towards +z.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// The parts.
    pub parts: Vec<ModelPart>,
    /// How unevenly normalising scaled it: the largest of its axes' scales over the
    /// smallest (1 when its file has the catalogue's proportions).
    pub stretch: f32,
}

/// One part of a model: a triangle mesh with one surface.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelPart {
    /// Its name in the OBJ file.
    pub name: String,
    /// Vertex positions.
    pub positions: Vec<Vec3>,
    /// Unit vertex normals.
    pub normals: Vec<Vec3>,
    /// Texture coordinates, one pair per vertex (empty when the part has none).
    pub uvs: Vec<[f32; 2]>,
    /// Three vertex indices per triangle.
    pub indices: Vec<u32>,
    /// Its surface.
    pub surface: Surface,
}

/// How a part's surface looks, from its MTL material.
#[derive(Debug, Clone, PartialEq)]
pub struct Surface {
    /// The material's name in its MTL file (`orangeBody`, `tires`).
    pub name: String,
    /// Diffuse colour (sRGB, 0 to 1).
    pub color: [f32; 3],
    /// The diffuse texture's path inside the pack, if it has one.
    pub texture: Option<String>,
    /// 1 opaque, 0 clear.
    pub opacity: f32,
    /// Phong shininess (0 to 1000; higher is glossier).
    pub shininess: f32,
}

impl Default for Surface {
    fn default() -> Surface {
        Surface {
            name: String::new(),
            color: [0.8, 0.8, 0.8],
            texture: None,
            opacity: 1.0,
            shininess: 0.0,
        }
    }
}

impl Catalog {
    /// Reads `asset`'s model from its pack, normalised as Sweet Home 3D shows it: turned
    /// by its rotation, scaled on each axis to its catalogue size, standing on y = 0 and
    /// centred on x and z.
    pub fn load(&self, asset: &Asset) -> Result<Model, AssetError> {
        let pack = self.pack_path(asset);
        let fail = |why: String| AssetError::Read {
            what: format!("{} ({})", asset.model, asset.name),
            why,
        };
        let file = std::fs::File::open(&pack).map_err(|e| fail(e.to_string()))?;
        let mut zip = zip::ZipArchive::new(file).map_err(|e| fail(e.to_string()))?;
        let entries: Vec<String> = zip.file_names().map(str::to_string).collect();
        let mut read = |name: &str| -> Result<Vec<u8>, AssetError> {
            let mut entry = zip
                .by_name(name)
                .map_err(|e| fail(format!("{name}: {e}")))?;
            let mut bytes = Vec::new();
            entry
                .read_to_end(&mut bytes)
                .map_err(|e| fail(e.to_string()))?;
            Ok(bytes)
        };
        let obj = read(&asset.model)?;
        let dir = Path::new(&asset.model)
            .parent()
            .map(|d| d.to_string_lossy().into_owned())
            .unwrap_or_default();
        let inside = |file: &str| {
            if dir.is_empty() {
                file.to_string()
            } else {
                format!("{dir}/{file}")
            }
        };
        // The material libraries the OBJ names, read before parsing it.
        let mut libraries = HashMap::new();
        for line in String::from_utf8_lossy(&obj).lines() {
            if let Some(names) = line.trim_start().strip_prefix("mtllib ") {
                for name in names.split_whitespace() {
                    if let Ok(bytes) = read(&inside(name)) {
                        libraries.insert(name.to_string(), bytes);
                    }
                }
            }
        }
        let options = tobj::LoadOptions {
            triangulate: true,
            single_index: true,
            ignore_points: true,
            ignore_lines: true,
        };
        let parse = |obj: &[u8]| {
            tobj::load_obj_buf(&mut BufReader::new(Cursor::new(obj)), &options, |path| {
                let name = path.to_string_lossy();
                match libraries.get(name.as_ref()) {
                    Some(bytes) => tobj::load_mtl_buf(&mut BufReader::new(Cursor::new(bytes))),
                    None => Err(tobj::LoadError::OpenFileFailed),
                }
            })
        };
        // A file whose texture coordinates are broken (the truck's) is read without them.
        let (meshes, materials) = parse(&obj)
            .or_else(|_| parse(&without_texture_coordinates(&obj)))
            .map_err(|e| fail(e.to_string()))?;
        let materials = materials.unwrap_or_default();
        let parts = meshes
            .into_iter()
            .filter(|m| !m.mesh.indices.is_empty())
            .map(|m| {
                let surface = m
                    .mesh
                    .material_id
                    .and_then(|i| materials.get(i))
                    .map(|mat| surface(mat, &|file: &str| picture_in(&entries, &dir, file)))
                    .unwrap_or_default();
                part(m.name, m.mesh, surface)
            })
            .collect();
        let mut model = Model {
            parts,
            stretch: 1.0,
        };
        let scale = model.normalise(asset);
        let used = Vec3::select(asset.size.cmpgt(Vec3::splat(1e-3)), scale, Vec3::NAN);
        model.stretch = used.max_element() / used.min_element();
        Ok(model)
    }
}

impl Catalog {
    /// The colour a part's surface shows on average (sRGB, 0 to 1): the mean of its
    /// texture, when it has one that can be read, times its diffuse colour (unless that is
    /// black); else its diffuse colour. A stand-in for the texture where a renderer draws
    /// flat colours.
    pub fn mean_color(&self, asset: &Asset, surface: &Surface) -> [f32; 3] {
        let Some(path) = &surface.texture else {
            return surface.color;
        };
        let Some(picture) = self
            .texture(asset, path)
            .ok()
            .and_then(|bytes| image::load_from_memory(&bytes).ok())
        else {
            return surface.color;
        };
        let rgb = picture.to_rgb8();
        let mut sum = [0.0f64; 3];
        for p in rgb.pixels() {
            for (total, v) in sum.iter_mut().zip(p.0) {
                *total += v as f64;
            }
        }
        let n = (rgb.width() as f64 * rgb.height() as f64).max(1.0) * 255.0;
        // A black diffuse colour beside a texture means the texture alone (as Sweet Home
        // 3D shows such parts), not a black part.
        let tint = if surface.color.iter().all(|&c| c < 0.01) {
            [1.0; 3]
        } else {
            surface.color
        };
        std::array::from_fn(|c| (sum[c] / n) as f32 * tint[c])
    }

    /// The bytes of a picture a part of `asset` is textured with (a PNG or a JPEG in its
    /// pack), by the path its [`Surface`] gives.
    pub fn texture(&self, asset: &Asset, path: &str) -> Result<Vec<u8>, AssetError> {
        crate::catalog::read_entry(&self.pack_path(asset), path)
    }
}

/// An OBJ file with its texture coordinates left out: no `vt` lines, and faces' corners
/// as `v//vn` or `v`.
fn without_texture_coordinates(obj: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(obj);
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("vt ") {
            continue;
        }
        if let Some(corners) = trimmed.strip_prefix("f ") {
            out.push('f');
            for corner in corners.split_whitespace() {
                let mut indices = corner.split('/');
                let vertex = indices.next().unwrap_or_default();
                let normal = indices.nth(1).filter(|n| !n.is_empty());
                out.push(' ');
                out.push_str(vertex);
                if let Some(n) = normal {
                    out.push_str("//");
                    out.push_str(n);
                }
            }
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    out.into_bytes()
}

/// A part from an OBJ mesh: normals from the file, or smooth ones when it has none.
fn part(name: String, mesh: tobj::Mesh, surface: Surface) -> ModelPart {
    let positions: Vec<Vec3> = mesh
        .positions
        .chunks_exact(3)
        .map(|p| Vec3::new(p[0], p[1], p[2]))
        .collect();
    let normals = if mesh.normals.len() == mesh.positions.len() {
        mesh.normals
            .chunks_exact(3)
            .map(|n| Vec3::new(n[0], n[1], n[2]).normalize_or_zero())
            .collect()
    } else {
        smooth_normals(&positions, &mesh.indices)
    };
    let uvs = if mesh.texcoords.len() / 2 == positions.len() {
        mesh.texcoords
            .chunks_exact(2)
            .map(|t| [t[0], t[1]])
            .collect()
    } else {
        Vec::new()
    };
    ModelPart {
        name,
        positions,
        normals,
        uvs,
        indices: mesh.indices,
        surface,
    }
}

/// The path in the pack (whose files are `entries`) of the picture an MTL file in `dir`
/// names `file`: beside it, else by its name alone (some name the path on their maker's
/// disk), else the one picture in `dir` when there is only one.
fn picture_in(entries: &[String], dir: &str, file: &str) -> Option<String> {
    let inside = |name: &str| {
        if dir.is_empty() {
            name.to_string()
        } else {
            format!("{dir}/{name}")
        }
    };
    let base = file.rsplit(['/', '\\']).next().unwrap_or(file);
    let pictures: Vec<&String> = entries
        .iter()
        .filter(|e| {
            let rest = if dir.is_empty() {
                Some(e.as_str())
            } else {
                e.strip_prefix(dir).and_then(|r| r.strip_prefix('/'))
            };
            rest.is_some_and(|r| !r.contains('/'))
        })
        .filter(|e| {
            let lower = e.to_ascii_lowercase();
            [".jpg", ".jpeg", ".png"].iter().any(|x| lower.ends_with(x))
        })
        .collect();
    [inside(file), inside(base)]
        .into_iter()
        .find(|path| entries.contains(path))
        .or_else(|| match pictures.as_slice() {
            [only] => Some(only.to_string()),
            _ => None,
        })
}

/// A part's surface from its MTL material; `picture` finds a texture's path in the pack.
fn surface(m: &tobj::Material, picture: &impl Fn(&str) -> Option<String>) -> Surface {
    Surface {
        name: m.name.clone(),
        color: m.diffuse.unwrap_or([0.8, 0.8, 0.8]),
        texture: m
            .diffuse_texture
            .as_deref()
            .filter(|t| !t.is_empty())
            .and_then(picture),
        opacity: m.dissolve.unwrap_or(1.0).clamp(0.0, 1.0),
        shininess: m.shininess.unwrap_or(0.0),
    }
}

/// Area-weighted vertex normals.
fn smooth_normals(positions: &[Vec3], indices: &[u32]) -> Vec<Vec3> {
    let mut n = vec![Vec3::ZERO; positions.len()];
    for t in indices.chunks_exact(3) {
        let [a, b, c] = [t[0], t[1], t[2]].map(|i| positions[i as usize]);
        let face = (b - a).cross(c - a);
        for &i in t {
            n[i as usize] += face;
        }
    }
    n.into_iter().map(|v| v.normalize_or_zero()).collect()
}

impl Model {
    /// The box round every part: its lowest and highest corners.
    pub fn bounds(&self) -> (Vec3, Vec3) {
        self.parts.iter().flat_map(|p| &p.positions).fold(
            (Vec3::splat(f32::MAX), Vec3::splat(f32::MIN)),
            |(lo, hi), v| (lo.min(*v), hi.max(*v)),
        )
    }

    /// Turns, scales and moves the model as its catalogue entry says; returns the scale
    /// it took on each axis.
    fn normalise(&mut self, asset: &Asset) -> Vec3 {
        if let Some(turn) = asset.rotation {
            for part in &mut self.parts {
                for v in &mut part.positions {
                    *v = turn * *v;
                }
                for n in &mut part.normals {
                    *n = (turn * *n).normalize_or_zero();
                }
            }
        }
        let (lo, hi) = self.bounds();
        let extent = hi - lo;
        if !extent.is_finite() {
            return Vec3::ONE;
        }
        let scale = Vec3::select(
            extent.cmpgt(Vec3::splat(1e-6)),
            asset.size / extent.max(Vec3::splat(1e-6)),
            Vec3::ONE,
        );
        let base = Vec3::new((lo.x + hi.x) / 2.0, lo.y, (lo.z + hi.z) / 2.0);
        for part in &mut self.parts {
            for v in &mut part.positions {
                *v = (*v - base) * scale;
            }
            for n in &mut part.normals {
                *n = (*n / scale).normalize_or_zero();
            }
        }
        scale
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pictures_are_found_beside_the_model_by_name_or_as_the_only_one() {
        let entries: Vec<String> = ["a/rug.obj", "a/rug.jpg", "ab/c.png", "b/x.png", "b/y.png"]
            .map(String::from)
            .to_vec();
        assert_eq!(
            picture_in(&entries, "a", "rug.jpg").as_deref(),
            Some("a/rug.jpg")
        );
        assert_eq!(
            picture_in(&entries, "a", "/Users/me/TEXTURES/Living room rug.jpg").as_deref(),
            Some("a/rug.jpg")
        );
        assert_eq!(
            picture_in(&entries, "b", "C:\\maps\\y.png").as_deref(),
            Some("b/y.png")
        );
        assert_eq!(picture_in(&entries, "b", "z.png"), None);
    }

    #[test]
    fn texture_coordinates_are_dropped_from_faces_and_vertices() {
        let obj = b"v 0 0 0\nvt 0 0\nvn 0 1 0\nf 1/1/1 2/9/1 3/2/1\nf 1/4 2/5 3/6\nf 1 2 3\n";
        let text = String::from_utf8(without_texture_coordinates(obj)).unwrap();
        assert_eq!(
            text,
            "v 0 0 0\nvn 0 1 0\nf 1//1 2//1 3//1\nf 1 2 3\nf 1 2 3\n"
        );
    }
}
