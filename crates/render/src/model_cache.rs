//! An on-disk cache of prepared models, so that a process draws a model it has drawn
//! before without reading its OBJ and pictures from the pack, decoding and scaling the
//! pictures and simplifying the mesh again. Each model is one file of plain
//! little-endian numbers under `.assets/cache/` (or `$DIORAMA_ASSETS/cache/`), written
//! the first time the model is prepared and by `diorama assets --cache`; a file that
//! cannot be read is prepared afresh and written again. `CACHE_VERSION` names the
//! format and the preparation: change it when either changes.

use crate::models::{Prepared, Surface, TEXTURE_LEVELS, TEXTURE_SIZE, Texture};
use assets::Asset;
use glam::Vec3;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

/// The version of the format and of the preparation the files hold.
const CACHE_VERSION: u32 = 2;

/// Where the prepared model `id` is kept.
fn path_of(id: &str) -> PathBuf {
    let name: String = id
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    assets::cache_dir()
        .join(format!("models-{CACHE_VERSION}"))
        .join(format!("{name}.bin"))
}

/// The prepared model of `asset` as kept, if it is kept whole.
pub(crate) fn read(asset: &Asset) -> Option<Prepared> {
    let bytes = std::fs::read(path_of(&asset.id)).ok()?;
    let mut r = Reader { bytes: &bytes };
    if r.string()? != asset.id {
        return None;
    }
    let bounds = (r.vec3()?, r.vec3()?);
    let count = r.u32()? as usize;
    let mut textures: HashMap<String, Arc<Texture>> = HashMap::new();
    let mut surfaces = Vec::with_capacity(count.min(1024));
    for _ in 0..count {
        let tint = r.f32s::<3>()?;
        let [roughness, area] = r.f32s::<2>()?;
        let mean = r.f32s::<3>()?;
        let paint = r.u8()? != 0;
        let vertices = r.u32()? as usize;
        let positions = r.vec3s(vertices)?;
        let normals = r.vec3s(vertices)?;
        let uvs = (0..vertices)
            .map(|_| r.f32s::<2>())
            .collect::<Option<Vec<_>>>()?;
        let indices = (0..r.u32()?).map(|_| r.u32()).collect::<Option<Vec<_>>>()?;
        if indices.iter().any(|&i| i as usize >= vertices) {
            return None;
        }
        let texture = match r.u8()? {
            0 => None,
            _ => {
                let key = r.string()?;
                let cutout = r.u8()? != 0;
                let mut levels = Vec::with_capacity(TEXTURE_LEVELS as usize);
                for level in 0..TEXTURE_LEVELS {
                    let side = (TEXTURE_SIZE >> level) as usize;
                    levels.push(r.take(side * side * 4)?.to_vec());
                }
                let shared = textures.entry(key.clone()).or_insert_with(|| {
                    Arc::new(Texture {
                        key,
                        levels,
                        cutout,
                    })
                });
                Some(shared.clone())
            }
        };
        surfaces.push(Surface {
            positions,
            normals,
            uvs,
            indices,
            tint,
            roughness,
            texture,
            mean,
            area,
            paint,
        });
    }
    r.bytes.is_empty().then(|| Prepared {
        asset: asset.clone(),
        surfaces,
        bounds,
    })
}

/// Keeps `prepared` for the next process; quietly does nothing where it cannot (the
/// cache only saves time).
pub(crate) fn write(prepared: &Prepared) {
    let path = path_of(&prepared.asset.id);
    let mut out = Vec::new();
    let string = |out: &mut Vec<u8>, s: &str| {
        out.extend((s.len() as u32).to_le_bytes());
        out.extend(s.as_bytes());
    };
    let floats = |out: &mut Vec<u8>, v: &[f32]| out.extend(v.iter().flat_map(|f| f.to_le_bytes()));
    string(&mut out, &prepared.asset.id);
    floats(&mut out, &prepared.bounds.0.to_array());
    floats(&mut out, &prepared.bounds.1.to_array());
    out.extend((prepared.surfaces.len() as u32).to_le_bytes());
    for s in &prepared.surfaces {
        floats(&mut out, &s.tint);
        floats(&mut out, &[s.roughness, s.area]);
        floats(&mut out, &s.mean);
        out.push(s.paint as u8);
        out.extend((s.positions.len() as u32).to_le_bytes());
        for v in s.positions.iter().chain(&s.normals) {
            floats(&mut out, &v.to_array());
        }
        for uv in &s.uvs {
            floats(&mut out, uv);
        }
        out.extend((s.indices.len() as u32).to_le_bytes());
        out.extend(s.indices.iter().flat_map(|i| i.to_le_bytes()));
        match &s.texture {
            None => out.push(0),
            Some(t) => {
                out.push(1);
                string(&mut out, &t.key);
                out.push(t.cutout as u8);
                for level in &t.levels {
                    out.extend(level);
                }
            }
        }
    }
    let Some(dir) = path.parent() else { return };
    // Written beside its place and renamed into it, so no reader sees half a file.
    let partial = path.with_extension(format!("{}.partial", std::process::id()));
    let kept = std::fs::create_dir_all(dir)
        .and_then(|_| std::fs::write(&partial, &out))
        .and_then(|_| std::fs::rename(&partial, &path));
    if kept.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
}

/// Reads little-endian numbers off the front of a file's bytes.
struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if n > self.bytes.len() {
            return None;
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Some(head)
    }

    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn f32s<const N: usize>(&mut self) -> Option<[f32; N]> {
        let mut out = [0.0; N];
        for v in &mut out {
            *v = f32::from_le_bytes(self.take(4)?.try_into().ok()?);
        }
        Some(out)
    }

    fn vec3(&mut self) -> Option<Vec3> {
        self.f32s::<3>().map(Vec3::from)
    }

    fn vec3s(&mut self, n: usize) -> Option<Vec<Vec3>> {
        if n * 12 > self.bytes.len() {
            return None;
        }
        (0..n).map(|_| self.vec3()).collect()
    }

    fn string(&mut self) -> Option<String> {
        let n = self.u32()? as usize;
        String::from_utf8(self.take(n)?.to_vec()).ok()
    }
}
