//! Image-based light: the HDR panorama fitting each setting and time of day, turned so
//! its brightest light lies where the scene's sun is, as nine spherical harmonics for the
//! light surfaces take from all round (irradiance), and as a mip-mapped panorama for what
//! glossy surfaces reflect (each level blurrier, for rougher surfaces) and for the sky.

use crate::look::Look;
use assets::EnvironmentMap;
use glam::Vec3;
use half::f16;
use scene::{Setting, TimeOfDay, Weather};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// The panorama's width on the GPU (its height is half).
pub(crate) const PANORAMA_WIDTH: u32 = 512;
/// Mip levels of the panorama on the GPU, down to 4x2 (rough reflections).
pub(crate) const PANORAMA_LEVELS: u32 = 8;

/// Which panorama lights a setting at a time of day, and from which height (the sine of
/// the elevation) its sky may be shown behind the scene, where nothing of its own ground
/// (buildings, trees) reaches.
pub(crate) fn environment_for(
    setting: Setting,
    time: TimeOfDay,
) -> Option<(&'static str, Option<f32>)> {
    Some(match (setting, time) {
        (Setting::Moon, _) => return None,
        (Setting::Studio, _) => ("studio", None),
        // A gym's parquet under rows of lamps; a bowling alley's warm wood and low light.
        (Setting::BasketballCourt, _) => ("hall", None),
        (Setting::BowlingAlley, _) => ("lobby", None),
        // By day a living room with a wooden floor and a bright window; by evening a
        // room lit by its lamps, curtains drawn.
        (Setting::Room, TimeOfDay::Day | TimeOfDay::Dawn) => ("apartment", None),
        (Setting::Room, _) => ("interior", None),
        (_, TimeOfDay::Night) => ("night", Some(0.12)),
        (_, TimeOfDay::Dawn) => ("sunrise", Some(0.1)),
        (_, TimeOfDay::Sunset) => ("sunset", Some(0.1)),
        (Setting::Street, TimeOfDay::Day) => ("city", Some(0.35)),
        // An open lawn under a high sun, low trees on its horizon.
        (Setting::Park | Setting::Field, TimeOfDay::Day) => ("park", Some(0.06)),
        // Open ground or water under clouds: the sky reaches down to the horizon.
        (
            Setting::Snowfield | Setting::Beach | Setting::IceRink | Setting::Lake,
            TimeOfDay::Day,
        ) => ("sky", Some(0.02)),
    })
}

/// A panorama made ready: its irradiance and its mip levels, turned to the scene's sun.
pub(crate) struct Prepared {
    /// Nine spherical-harmonic coefficients per colour of the irradiance over π (the
    /// colour a matt white surface takes), in `assets::sh_basis` order.
    pub(crate) irradiance: assets::Irradiance,
    /// RGBA half-float pixels of each level, finest first (`PANORAMA_WIDTH` wide).
    pub(crate) levels: Vec<Vec<f16>>,
    /// Its mean radiance over the sky above 30 degrees, for matching the look's sky.
    pub(crate) sky_mean: [f32; 3],
}

/// The light a scene takes from its panorama, set to the look's brightness.
pub(crate) struct Lighting {
    /// The panorama's name.
    pub(crate) name: &'static str,
    pub(crate) prepared: Arc<Prepared>,
    /// What the panorama's radiance is multiplied by to match the look's light.
    pub(crate) scale: f32,
    /// What its sky is multiplied by to match the look's sky.
    pub(crate) sky_scale: f32,
    /// From which height its sky shows behind the scene, if it does.
    pub(crate) sky_from: Option<f32>,
}

/// The brightness of a linear colour (Rec. 709 weights).
pub(crate) fn luminance(c: [f32; 3]) -> f32 {
    0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]
}

/// The light a scene takes from the panorama fitting its setting and time, if that is
/// installed: turned to the sun of `look` and as bright as the look's sky light.
pub(crate) fn lighting(
    setting: Setting,
    time: TimeOfDay,
    weather: Weather,
    look: &Look,
) -> Option<Lighting> {
    let (name, sky_from) = environment_for(setting, time)?;
    let sun = Vec3::from(look.sun_direction);
    let prepared = prepared(name, sun.z.atan2(sun.x))?;
    // As much light from above as the look's sky and horizon give.
    let wanted = luminance(std::array::from_fn(|c| {
        look.sky_zenith[c] * 0.6 + look.sky_horizon[c] * 0.4
    }));
    let up = luminance(prepared.irradiance.towards(Vec3::Y)).max(1e-6);
    let sky = luminance(prepared.sky_mean).max(1e-6);
    Some(Lighting {
        name,
        scale: wanted / up,
        sky_scale: wanted / sky,
        prepared,
        // Rain, snow, fog and storms hide the sky.
        sky_from: sky_from.filter(|_| matches!(weather, Weather::Clear | Weather::Wind)),
    })
}

/// Longitudes are cached to this many steps round the circle.
const TURNS: f32 = 256.0;

/// The panorama `name` turned so its brightest point lies at longitude `sun` (radians,
/// 0 along +x, π/2 along +z), read once per process and turn.
fn prepared(name: &'static str, sun: f32) -> Option<Arc<Prepared>> {
    type Cache = Mutex<HashMap<(&'static str, i32), Option<Arc<Prepared>>>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let step = (sun / std::f32::consts::TAU * TURNS).round() as i32;
    // Held while a map is read, so that renderers opening together read it once.
    let mut cache = CACHE
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    cache
        .entry((name, step))
        .or_insert_with(|| {
            let map = EnvironmentMap::open(name).ok()?;
            let turn = step as f32 / TURNS * std::f32::consts::TAU;
            Some(Arc::new(prepare(&map, turn)))
        })
        .clone()
}

/// The panorama turned about the vertical so its brightest point is at longitude `sun`,
/// with its irradiance, its mip levels and the mean of its sky.
fn prepare(map: &EnvironmentMap, sun: f32) -> Prepared {
    let bright = map.brightest();
    let from = bright.z.atan2(bright.x);
    // Column i of the turned map looks where column i + shift of the map does.
    let shift = ((from - sun) / std::f32::consts::TAU * map.width as f32).round() as isize;
    let (w, h) = (map.width, map.height);
    let turned = EnvironmentMap {
        name: map.name.clone(),
        width: w,
        height: h,
        pixels: (0..w * h)
            .map(|k| {
                let (i, j) = (k % w, k / w);
                map.pixels[j * w + (i as isize + shift).rem_euclid(w as isize) as usize]
            })
            .collect(),
    };
    let mut sky = [0.0f64; 3];
    let mut count = 0.0f64;
    for j in 0..h / 3 {
        for i in 0..w {
            let p = turned.pixels[j * w + i];
            // Leave the sun out of the mean.
            if luminance(p) < 50.0 {
                for c in 0..3 {
                    sky[c] += p[c] as f64;
                }
                count += 1.0;
            }
        }
    }
    Prepared {
        irradiance: turned.irradiance(),
        levels: levels(&turned),
        sky_mean: sky.map(|v| (v / count.max(1.0)) as f32),
    }
}

/// The panorama box-filtered to `PANORAMA_WIDTH` wide, then halved level by level.
fn levels(map: &EnvironmentMap) -> Vec<Vec<f16>> {
    let (mut w, mut h) = (PANORAMA_WIDTH as usize, PANORAMA_WIDTH as usize / 2);
    let mut level: Vec<[f32; 3]> = resample(&map.pixels, (map.width, map.height), (w, h));
    let mut out = Vec::with_capacity(PANORAMA_LEVELS as usize);
    for _ in 0..PANORAMA_LEVELS {
        out.push(
            level
                .iter()
                .flat_map(|p| [p[0], p[1], p[2], 1.0].map(f16::from_f32))
                .collect(),
        );
        let next = resample(&level, (w, h), (w / 2, h / 2));
        (w, h) = (w / 2, h / 2);
        level = next;
    }
    out
}

/// A picture scaled down by averaging the block of pixels each new one covers.
fn resample(
    pixels: &[[f32; 3]],
    (w, h): (usize, usize),
    (nw, nh): (usize, usize),
) -> Vec<[f32; 3]> {
    let (bx, by) = (w / nw, h / nh);
    let mut out = vec![[0.0f32; 3]; nw * nh];
    for (k, o) in out.iter_mut().enumerate() {
        let (x, y) = (k % nw, k / nw);
        let mut sum = [0.0f32; 3];
        for j in y * by..(y + 1) * by {
            for i in x * bx..(x + 1) * bx {
                let p = pixels[j * w + i];
                for c in 0..3 {
                    // Clamp the decoder's small negative values.
                    sum[c] += p[c].clamp(0.0, 6.0e4);
                }
            }
        }
        *o = sum.map(|v| v / (bx * by) as f32);
    }
    out
}

impl Lighting {
    /// The shader's constants: the irradiance's nine coefficients over π, scaled, and
    /// [scale, sky scale, the height its sky shows from (2 for never), 1].
    pub(crate) fn constants(&self) -> ([[f32; 4]; 9], [f32; 4]) {
        let c = self.prepared.irradiance.coefficients;
        let sh = std::array::from_fn(|k| {
            let v = c[k].map(|x| x / std::f32::consts::PI * self.scale);
            [v[0], v[1], v[2], 0.0]
        });
        (
            sh,
            [
                self.scale,
                self.sky_scale,
                self.sky_from.unwrap_or(2.0),
                1.0,
            ],
        )
    }
}
