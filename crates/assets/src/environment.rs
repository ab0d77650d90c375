//! HDR environment maps: the eight CC0 panoramas of Debian's `blender-data` (by Greg Zaal,
//! Poly Haven) and twelve more of Poly Haven's as the npm package `@pmndrs/assets` ships
//! them, decoded from OpenEXR, and the light they shed as nine spherical harmonics per
//! colour.
//!
//! A map is an equirectangular panorama in linear light: column `i` of `width` looks
//! towards longitude `(i + 0.5) / width · 2π − π` (0 along +x, π/2 along +z) and row `j`
//! of `height` towards latitude `π/2 − (j + 0.5) / height · π` (the top row straight up,
//! +y).

use crate::AssetError;
use glam::Vec3;
use std::f32::consts::PI;
use std::path::{Path, PathBuf};

/// Where a panorama comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PanoramaSource {
    /// Debian's `blender-data` (1024x512, 32-bit float).
    BlenderData,
    /// The npm package `@pmndrs/assets` 1.7.0 (512x256, half float).
    PmndrsAssets,
}

/// Blender's panoramas, by name.
const BLENDER_DATA: [&str; 8] = [
    "city",
    "courtyard",
    "forest",
    "interior",
    "night",
    "studio",
    "sunrise",
    "sunset",
];

/// The panoramas of `@pmndrs/assets` kept by `scripts/setup.sh`: those whose names
/// Blender's do not have.
const PMNDRS_ASSETS: [&str; 12] = [
    "apartment",
    "bridge",
    "dawn",
    "esplanade",
    "hall",
    "lab",
    "lobby",
    "park",
    "sky",
    "venice",
    "warehouse",
    "workshop",
];

/// Every panorama's name, Blender's first.
pub fn environments() -> impl Iterator<Item = &'static str> {
    BLENDER_DATA.into_iter().chain(PMNDRS_ASSETS)
}

/// Where panorama `name` comes from, if it is one of [`environments`].
pub fn environment_source(name: &str) -> Option<PanoramaSource> {
    if BLENDER_DATA.contains(&name) {
        Some(PanoramaSource::BlenderData)
    } else if PMNDRS_ASSETS.contains(&name) {
        Some(PanoramaSource::PmndrsAssets)
    } else {
        None
    }
}

/// The folder `scripts/setup.sh` puts `source`'s panoramas and their licence in, under
/// `$DIORAMA_ASSETS` or the repository's `.assets/` when that is not set.
pub fn environment_dir(source: PanoramaSource) -> PathBuf {
    crate::assets_root().join(match source {
        PanoramaSource::BlenderData => "blender-hdri-3.4",
        PanoramaSource::PmndrsAssets => "pmndrs-hdri-1.7.0",
    })
}

/// A decoded panorama.
#[derive(Debug, Clone, PartialEq)]
pub struct EnvironmentMap {
    /// Its name.
    pub name: String,
    /// Columns.
    pub width: usize,
    /// Rows.
    pub height: usize,
    /// Linear RGB radiance, row by row from the top, never negative.
    pub pixels: Vec<[f32; 3]>,
}

/// Irradiance as nine spherical-harmonic coefficients per colour (Ramamoorthi and
/// Hanrahan's), convolved with the cosine lobe: what a matt white surface facing any way
/// receives.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Irradiance {
    /// The coefficients, in the order of [`sh_basis`], each an RGB triple.
    pub coefficients: [[f32; 3]; 9],
}

impl EnvironmentMap {
    /// Decodes panorama `name` (one of [`environments`]) where set-up installed it.
    pub fn open(name: &str) -> Result<EnvironmentMap, AssetError> {
        let source = environment_source(name).ok_or_else(|| AssetError::Read {
            what: format!("panorama {name}"),
            why: "there is no panorama of that name".to_string(),
        })?;
        EnvironmentMap::load(&environment_dir(source).join(format!("{name}.exr")), name)
    }

    /// Decodes the OpenEXR panorama at `path`, calling it `name`.
    pub fn load(path: &Path, name: &str) -> Result<EnvironmentMap, AssetError> {
        if !path.exists() {
            return Err(AssetError::Missing(path.to_path_buf()));
        }
        let fail = |why: String| AssetError::Read {
            what: path.display().to_string(),
            why,
        };
        use exr::prelude::*;
        let image = read_first_rgba_layer_from_file(
            path,
            |resolution, _| {
                (
                    resolution.width(),
                    vec![[0.0f32; 3]; resolution.width() * resolution.height()],
                )
            },
            |(width, pixels), position, (r, g, b, _a): (f32, f32, f32, f32)| {
                // The decoder leaves small negative values round bright spots: no light
                // is negative.
                pixels[position.y() * *width + position.x()] = [r, g, b].map(|v| v.max(0.0));
            },
        )
        .map_err(|e| fail(e.to_string()))?;
        let (width, pixels) = image.layer_data.channel_data.pixels;
        let height = pixels.len() / width.max(1);
        Ok(EnvironmentMap {
            name: name.to_string(),
            width,
            height,
            pixels,
        })
    }

    /// The direction pixel (`i`, `j`) looks towards.
    pub fn direction(&self, i: usize, j: usize) -> Vec3 {
        let longitude = (i as f32 + 0.5) / self.width as f32 * 2.0 * PI - PI;
        let latitude = PI / 2.0 - (j as f32 + 0.5) / self.height as f32 * PI;
        Vec3::new(
            latitude.cos() * longitude.cos(),
            latitude.sin(),
            latitude.cos() * longitude.sin(),
        )
    }

    /// The direction the most light comes from (the sun, in an outdoor map by day).
    pub fn brightest(&self) -> Vec3 {
        let luma = |p: &[f32; 3]| 0.2126 * p[0] + 0.7152 * p[1] + 0.0722 * p[2];
        let best = (0..self.pixels.len())
            .max_by(|&a, &b| luma(&self.pixels[a]).total_cmp(&luma(&self.pixels[b])))
            .unwrap_or(0);
        self.direction(best % self.width, best / self.width)
    }

    /// The light the panorama sheds, projected on nine spherical harmonics.
    pub fn irradiance(&self) -> Irradiance {
        let mut sums = [[0.0f64; 3]; 9];
        for j in 0..self.height {
            let latitude = PI / 2.0 - (j as f32 + 0.5) / self.height as f32 * PI;
            // Each pixel's solid angle: the row's band shrinks with the cosine of latitude.
            let solid = (2.0 * PI / self.width as f32) * (PI / self.height as f32) * latitude.cos();
            for i in 0..self.width {
                let basis = sh_basis(self.direction(i, j));
                let radiance = self.pixels[j * self.width + i];
                for (sum, b) in sums.iter_mut().zip(basis) {
                    for c in 0..3 {
                        sum[c] += (radiance[c] * b * solid) as f64;
                    }
                }
            }
        }
        // Convolution with the clamped cosine: π for the constant band, 2π/3 for the
        // linear, π/4 for the quadratic.
        let band = [
            PI,
            2.0 * PI / 3.0,
            2.0 * PI / 3.0,
            2.0 * PI / 3.0,
            PI / 4.0,
            PI / 4.0,
            PI / 4.0,
            PI / 4.0,
            PI / 4.0,
        ];
        let mut coefficients = [[0.0f32; 3]; 9];
        for ((out, sum), a) in coefficients.iter_mut().zip(sums).zip(band) {
            *out = sum.map(|v| v as f32 * a);
        }
        Irradiance { coefficients }
    }
}

impl Irradiance {
    /// The irradiance a surface facing `normal` receives, divided by π: the colour a matt
    /// white surface takes there, in linear light.
    pub fn towards(&self, normal: Vec3) -> [f32; 3] {
        let basis = sh_basis(normal.normalize_or_zero());
        let mut out = [0.0f32; 3];
        for (c, b) in self.coefficients.iter().zip(basis) {
            for k in 0..3 {
                out[k] += c[k] * b;
            }
        }
        out.map(|v| (v / PI).max(0.0))
    }
}

/// The first nine real spherical harmonics at unit direction `d`: the constant, the three
/// linear (y, z, x) and the five quadratic.
pub fn sh_basis(d: Vec3) -> [f32; 9] {
    [
        0.282_095,
        0.488_603 * d.y,
        0.488_603 * d.z,
        0.488_603 * d.x,
        1.092_548 * d.x * d.y,
        1.092_548 * d.y * d.z,
        0.315_392 * (3.0 * d.z * d.z - 1.0),
        1.092_548 * d.x * d.z,
        0.546_274 * (d.x * d.x - d.y * d.y),
    ]
}
