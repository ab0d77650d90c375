//! The catalogue of every furniture pack: what each model is, how big, by whom and under
//! which licence.

use crate::licence::{self, Licence};
use crate::{AssetError, properties};
use glam::{Mat3, Vec3};
use std::collections::HashMap;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

/// One model in the catalogue.
#[derive(Debug, Clone, PartialEq)]
pub struct Asset {
    /// Its catalogue id (`Blend Swap CC-0#armchair`).
    pub id: String,
    /// Its name (`Armchair`, `Siamese cat`).
    pub name: String,
    /// Its category (`Living room`, `Vehicles`, `Miscellaneous`).
    pub category: String,
    /// Further words it is known by.
    pub tags: Vec<String>,
    /// Who made it.
    pub creator: String,
    /// The licence it comes under.
    pub licence: Licence,
    /// The copyright holders of its pack.
    pub holders: String,
    /// The pack it is in (`Scopia`, `BlendSwap-CC-BY`).
    pub pack: String,
    /// Its OBJ file's path inside the pack.
    pub model: String,
    /// Width (x), height (y) and depth (z) in metres.
    pub size: Vec3,
    /// The turn that stands the model upright and faces it front, if it needs one.
    pub rotation: Option<Mat3>,
    /// Whether it is a door or a window (set in a wall).
    pub door_or_window: bool,
}

/// Every model of every pack.
#[derive(Debug, Clone)]
pub struct Catalog {
    /// The packs' directory.
    pub dir: PathBuf,
    /// The models, pack by pack in catalogue order.
    pub assets: Vec<Asset>,
}

/// The catalogue file inside each pack.
const CATALOGUE: &str = "PluginFurnitureCatalog.properties";

impl Catalog {
    /// Reads the catalogue of every pack in `dir` (see [`crate::default_dir`]), with the
    /// licences from the package's `copyright` file beside them. Packs under a licence
    /// Diorama may not use are left out.
    pub fn open(dir: &Path) -> Result<Catalog, AssetError> {
        let copyright = std::fs::read_to_string(dir.join("copyright"))
            .map_err(|_| AssetError::Missing(dir.to_path_buf()))?;
        let licences = licence::of_packs(&copyright);
        let mut packs: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|_| AssetError::Missing(dir.to_path_buf()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "sh3f"))
            .collect();
        packs.sort();
        let mut assets = Vec::new();
        for path in packs {
            let pack = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let Some((licence, holders)) = licences.get(&pack) else {
                continue;
            };
            let text = read_entry(&path, CATALOGUE)?;
            assets.extend(entries(&properties::parse(&text), &pack, *licence, holders));
        }
        Ok(Catalog {
            dir: dir.to_path_buf(),
            assets,
        })
    }

    /// The models a noun names, best first: those named exactly so, then those whose
    /// name ends with it ("Siamese cat" for "cat"), then those with it elsewhere in their
    /// name or tags. A plural finds its singular.
    pub fn find(&self, noun: &str) -> Vec<&Asset> {
        self.ranked(noun, 3)
    }

    /// The model a noun calls for, if one is named so or its name ends with the noun
    /// ("Upright piano" for "piano"); free ones (CC0) before those to be credited.
    pub fn called(&self, noun: &str) -> Option<&Asset> {
        self.all_called(noun).into_iter().next()
    }

    /// Every model named so or whose name ends with the noun, best first (see
    /// [`Catalog::called`]).
    pub fn all_called(&self, noun: &str) -> Vec<&Asset> {
        self.ranked(noun, 1)
    }

    /// The model whose name has `noun` in it, if none is called so: for a thing the
    /// planner knows no other way to show ("printer": "Inkjet printer and scanner").
    pub fn mentioning(&self, noun: &str) -> Option<&Asset> {
        self.ranked(noun, 2).into_iter().next()
    }

    /// The models whose rank for `noun` is at most `worst` (see [`Catalog::find`]), best
    /// first; among equals, shorter names and then free licences first.
    fn ranked(&self, noun: &str, worst: u8) -> Vec<&Asset> {
        let noun = noun.trim().to_lowercase();
        let singular = noun.strip_suffix('s').filter(|s| s.len() > 2);
        let is = |w: &str| w == noun || Some(w) == singular;
        let mut found: Vec<(u8, &Asset)> = self
            .assets
            .iter()
            .filter_map(|a| {
                let name = a.name.to_lowercase();
                let words: Vec<&str> = name.split([' ', '-']).collect();
                let rank = if is(&name) {
                    0
                } else if words.last().is_some_and(|w| is(w)) {
                    1
                } else if words.iter().any(|w| is(w)) {
                    2
                } else if a.tags.iter().any(|t| is(&t.to_lowercase())) {
                    3
                } else {
                    return None;
                };
                (rank <= worst).then_some((rank, a))
            })
            .collect();
        found.sort_by_key(|(rank, a)| (*rank, a.name.len(), a.licence != Licence::Cc0));
        found.into_iter().map(|(_, a)| a).collect()
    }

    /// The model with catalogue id `id`.
    pub fn by_id(&self, id: &str) -> Option<&Asset> {
        self.assets.iter().find(|a| a.id == id)
    }

    /// The pack file an asset is in.
    pub(crate) fn pack_path(&self, asset: &Asset) -> PathBuf {
        self.dir.join(format!("{}.sh3f", asset.pack))
    }
}

/// The bytes of `name` inside the zip at `path`.
pub(crate) fn read_entry(path: &Path, name: &str) -> Result<Vec<u8>, AssetError> {
    let fail = |why: String| AssetError::Read {
        what: format!("{name} in {}", path.display()),
        why,
    };
    let file = File::open(path).map_err(|e| fail(e.to_string()))?;
    let mut zip = zip::ZipArchive::new(file).map_err(|e| fail(e.to_string()))?;
    let mut entry = zip.by_name(name).map_err(|e| fail(e.to_string()))?;
    let mut bytes = Vec::with_capacity(entry.size() as usize);
    entry
        .read_to_end(&mut bytes)
        .map_err(|e| fail(e.to_string()))?;
    Ok(bytes)
}

/// The models a pack's catalogue lists (`name#1`, `model#1`, … for each number).
fn entries(p: &HashMap<String, String>, pack: &str, licence: Licence, holders: &str) -> Vec<Asset> {
    let mut numbers: Vec<u32> = p
        .keys()
        .filter_map(|k| k.strip_prefix("id#")?.parse().ok())
        .collect();
    numbers.sort_unstable();
    numbers
        .into_iter()
        .filter_map(|n| {
            let get = |key: &str| p.get(&format!("{key}#{n}")).map(String::as_str);
            let cm = |key: &str| get(key).and_then(|v| v.trim().parse::<f32>().ok());
            let size = Vec3::new(cm("width")?, cm("height")?, cm("depth")?) / 100.0;
            Some(Asset {
                id: get("id")?.to_string(),
                name: get("name")?.trim().to_string(),
                category: get("category").unwrap_or_default().to_string(),
                tags: get("tags")
                    .unwrap_or_default()
                    .split(',')
                    .map(|t| t.trim().to_string())
                    .filter(|t| !t.is_empty())
                    .collect(),
                creator: get("creator").unwrap_or(holders).trim().to_string(),
                licence,
                holders: holders.to_string(),
                pack: pack.to_string(),
                model: get("model")?.trim_start_matches('/').to_string(),
                size,
                rotation: get("modelRotation").and_then(rotation),
                door_or_window: get("doorOrWindow") == Some("true"),
            })
        })
        .collect()
}

/// A `modelRotation` value: nine numbers, the rotation matrix row by row.
fn rotation(text: &str) -> Option<Mat3> {
    let m: Vec<f32> = text
        .split_whitespace()
        .filter_map(|v| v.parse().ok())
        .collect();
    let rows: [f32; 9] = m.try_into().ok()?;
    Some(Mat3::from_cols_array(&rows).transpose())
}
