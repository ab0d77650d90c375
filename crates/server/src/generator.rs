//! What workers run: the builtin simulation generator, or a fixed pre-rendered asset (to
//! measure the server alone). Both hand back the MP4, a WebP thumbnail, a JPEG spritesheet
//! and the scene they made.

use engine::{Cancel, EngineError, Options, Quality};
use image::{DynamicImage, RgbImage, imageops::FilterType};
use scene::{Color, Scene, TimeOfDay};
use std::io::Cursor;
use std::path::{Path, PathBuf};

/// Frames in a spritesheet, laid out in `SPRITE_COLUMNS` columns.
const SPRITES: usize = 10;
const SPRITE_COLUMNS: usize = 5;
/// Width of each spritesheet cell, in pixels.
const SPRITE_WIDTH: u32 = 256;

/// What to make.
#[derive(Debug, Clone)]
pub struct Job {
    /// How the video comes to be.
    pub kind: store::JobKind,
    /// The prompt (for a remix, edit or extension: the change).
    pub prompt: String,
    /// Picture size.
    pub width: u32,
    /// Picture size.
    pub height: u32,
    /// Seconds to generate (for an extension: the new part only).
    pub seconds: f32,
    /// Seed.
    pub seed: u64,
    /// The pro model: higher quality, slower.
    pub pro: bool,
    /// The scenes of the video this one is made from, oldest first: one, or for an
    /// extended video each part it was extended from.
    pub history: Vec<Scene>,
    /// An image that guides the first frame.
    pub reference: Option<RgbImage>,
    /// The scene already planned when the video was asked for (creates, remixes, edits).
    pub planned: Option<Scene>,
    /// The creator's handle, shown in the visible mark.
    pub handle: Option<String>,
    /// The invisible marks' payload: the leading 64 bits of the video's id.
    pub payload: u64,
}

/// What a generator made.
#[derive(Debug)]
pub struct Made {
    /// The MP4, in the job's working directory.
    pub video: PathBuf,
    /// WebP still from the middle of the video.
    pub thumbnail: Vec<u8>,
    /// JPEG grid of frames across the video.
    pub spritesheet: Vec<u8>,
    /// The scene that was rendered (the continuation, for an extension).
    pub scene: Scene,
    /// What the planner could not honour.
    pub warnings: Vec<String>,
    /// Length of the whole file in seconds (parent plus continuation for an extension).
    pub seconds: f32,
    /// Whom the video owes credit: the models it shows and the light's panorama.
    pub credits: Vec<engine::Credit>,
}

/// Why a job failed: a code and a message for the client.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    /// Machine-readable code.
    pub code: &'static str,
    /// What went wrong and what to do.
    pub message: String,
}

/// Makes videos. Implementations run on a blocking worker thread.
pub trait Generator: Send + Sync + 'static {
    /// Makes the video for `job` in `dir`, reporting progress (0–1) and stopping when
    /// `cancel` is set.
    fn make(
        &self,
        job: &Job,
        dir: &Path,
        progress: &(dyn Fn(f32) + Sync),
        cancel: &Cancel,
    ) -> Result<Made, Failure>;

    /// What kind of media it makes, for the C2PA manifest.
    fn source_type(&self) -> provenance::SourceType {
        provenance::SourceType::Algorithmic
    }
}

/// The builtin simulation generator.
#[derive(Debug, Clone, Copy, Default)]
pub struct Builtin;

impl Generator for Builtin {
    fn make(
        &self,
        job: &Job,
        dir: &Path,
        progress: &(dyn Fn(f32) + Sync),
        cancel: &Cancel,
    ) -> Result<Made, Failure> {
        let options = Options {
            width: job.width,
            height: job.height,
            fps: 24,
            seconds: job.seconds,
            seed: job.seed,
            quality: if job.pro {
                Quality::Pro
            } else {
                Quality::Standard
            },
        };
        let out = dir.join("video.mp4");
        let report = |_: engine::Stage, f: f32| progress(f);
        let mark = provenance::VisibleMark::new(job.handle.as_deref());
        let parent = job.history.last();
        let missing = || Failure {
            code: "internal_error",
            message: "the parent video's scene is missing".into(),
        };
        let (plan, frames) = match job.kind {
            store::JobKind::Create => {
                let mut plan = match &job.planned {
                    Some(scene) => planned(scene),
                    None => engine::plan(&job.prompt, &options).map_err(failure)?,
                };
                if let Some(image) = &job.reference {
                    guide(&mut plan.scene, image);
                }
                (plan, (job.seconds * 24.0).round() as usize)
            }
            store::JobKind::Remix | store::JobKind::Edit => {
                let parent = parent.ok_or_else(missing)?;
                let plan = match &job.planned {
                    Some(scene) => planned(scene),
                    None => engine::revise(parent, &job.prompt, &options).map_err(failure)?,
                };
                let frames = (parent.duration * 24.0).round() as usize;
                (plan, frames)
            }
            store::JobKind::Extend => {
                let before: f32 = job.history.iter().map(|s| s.duration).sum();
                let frames = ((before + job.seconds) * 24.0).round() as usize;
                let mut previews = Previews::new(frames, job.width, job.height);
                let hooks = engine::Hooks {
                    progress: &report,
                    cancel,
                    tap: &mut |i, rgba| previews.offer(i, rgba),
                    mark: &mark,
                    payload: Some(job.payload),
                };
                let (plan, report) =
                    engine::extend(&job.history, &job.prompt, &options, &out, hooks)
                        .map_err(failure)?;
                let seconds = before + plan.scene.duration;
                return previews.finish(out, plan, seconds, report.credits);
            }
        };
        let mut previews = Previews::new(frames, job.width, job.height);
        let hooks = engine::Hooks {
            progress: &report,
            cancel,
            tap: &mut |i, rgba| previews.offer(i, rgba),
            mark: &mark,
            payload: Some(job.payload),
        };
        let report =
            engine::render_scene_with(&plan.scene, &options, &out, hooks).map_err(failure)?;
        let seconds = plan.scene.duration;
        previews.finish(out, plan, seconds, report.credits)
    }
}

/// A scene planned when the video was asked for (its warnings are on the record already).
fn planned(scene: &Scene) -> plan::Plan {
    plan::Plan {
        scene: scene.clone(),
        understood: Vec::new(),
        unmapped: Vec::new(),
        warnings: Vec::new(),
    }
}

/// The client-facing failure for an engine error.
fn failure(e: EngineError) -> Failure {
    let code = match &e {
        EngineError::Plan(_) | EngineError::Options(_) => "invalid_prompt",
        EngineError::Cancelled => "cancelled",
        _ => "generation_failed",
    };
    Failure {
        code,
        message: e.to_string(),
    }
}

/// A reference image guides the first frame: things the prompt left uncoloured take the
/// image's main colours, and a dark image makes it night unless the prompt said otherwise.
fn guide(scene: &mut Scene, image: &RgbImage) {
    let palette = main_colours(image, 4);
    let mut next = palette.iter().cycle();
    for entity in scene
        .entities
        .iter_mut()
        .filter(|e| e.color.is_none() && !e.fixed)
    {
        entity.color = next.next().copied();
    }
    let luma = image
        .pixels()
        .map(|p| 0.2126 * p[0] as f32 + 0.7152 * p[1] as f32 + 0.0722 * p[2] as f32)
        .sum::<f32>()
        / (image.width() * image.height()).max(1) as f32;
    if luma < 50.0 && scene.environment.time_of_day == TimeOfDay::default() {
        scene.environment.time_of_day = TimeOfDay::Night;
    }
}

/// The `k` most common colours of an image, by k-means on a small copy.
fn main_colours(image: &RgbImage, k: usize) -> Vec<Color> {
    let small = image::imageops::resize(image, 32, 32, FilterType::Triangle);
    let pixels: Vec<[f32; 3]> = small
        .pixels()
        .map(|p| [p[0] as f32, p[1] as f32, p[2] as f32])
        .collect();
    let mut centres: Vec<[f32; 3]> = (0..k).map(|i| pixels[i * pixels.len() / k]).collect();
    for _ in 0..8 {
        let mut sums = vec![([0.0f32; 3], 0usize); k];
        for p in &pixels {
            let nearest = (0..k)
                .min_by(|&a, &b| distance(p, &centres[a]).total_cmp(&distance(p, &centres[b])))
                .unwrap_or(0);
            for (sum, value) in sums[nearest].0.iter_mut().zip(p) {
                *sum += value;
            }
            sums[nearest].1 += 1;
        }
        for (centre, (sum, n)) in centres.iter_mut().zip(&sums) {
            if *n > 0 {
                *centre = sum.map(|s| s / *n as f32);
            }
        }
    }
    centres
        .iter()
        .map(|c| Color {
            r: c[0] as u8,
            g: c[1] as u8,
            b: c[2] as u8,
        })
        .collect()
}

fn distance(a: &[f32; 3], b: &[f32; 3]) -> f32 {
    (0..3).map(|i| (a[i] - b[i]).powi(2)).sum()
}

/// Collects the frames the thumbnail and spritesheet need while the video is encoded.
struct Previews {
    frames: usize,
    width: u32,
    height: u32,
    thumbnail: Option<RgbImage>,
    sprites: Vec<RgbImage>,
}

impl Previews {
    fn new(frames: usize, width: u32, height: u32) -> Previews {
        Previews {
            frames: frames.max(1),
            width,
            height,
            thumbnail: None,
            sprites: Vec::new(),
        }
    }

    fn rgb(&self, rgba: &[u8]) -> Option<RgbImage> {
        let rgb: Vec<u8> = rgba
            .chunks_exact(4)
            .flat_map(|p| [p[0], p[1], p[2]])
            .collect();
        RgbImage::from_raw(self.width, self.height, rgb)
    }

    /// Keeps frame `index` if a preview needs it.
    fn offer(&mut self, index: usize, rgba: &[u8]) {
        if index == self.frames / 2 {
            self.thumbnail = self.rgb(rgba);
        }
        let wanted = (self.sprites.len() * self.frames) / SPRITES;
        if self.sprites.len() < SPRITES
            && index >= wanted
            && let Some(frame) = self.rgb(rgba)
        {
            let height = (SPRITE_WIDTH * self.height / self.width).max(1);
            self.sprites.push(image::imageops::resize(
                &frame,
                SPRITE_WIDTH,
                height,
                FilterType::Triangle,
            ));
        }
    }

    fn finish(
        self,
        video: PathBuf,
        plan: plan::Plan,
        seconds: f32,
        credits: Vec<engine::Credit>,
    ) -> Result<Made, Failure> {
        let encode_error = |e: image::ImageError| Failure {
            code: "generation_failed",
            message: format!("writing a preview image failed: {e}"),
        };
        let thumbnail = self
            .thumbnail
            .or_else(|| self.sprites.last().cloned())
            .ok_or(Failure {
                code: "generation_failed",
                message: "the video has no frames".into(),
            })?;
        let half = image::imageops::resize(
            &thumbnail,
            (thumbnail.width() / 2).max(1),
            (thumbnail.height() / 2).max(1),
            FilterType::Triangle,
        );
        let mut webp = Cursor::new(Vec::new());
        DynamicImage::ImageRgb8(half)
            .write_to(&mut webp, image::ImageFormat::WebP)
            .map_err(encode_error)?;
        let (cell_w, cell_h) = self
            .sprites
            .first()
            .map_or((1, 1), |s| (s.width(), s.height()));
        let rows = self.sprites.len().div_ceil(SPRITE_COLUMNS).max(1);
        let mut sheet = RgbImage::new(cell_w * SPRITE_COLUMNS as u32, cell_h * rows as u32);
        for (i, sprite) in self.sprites.iter().enumerate() {
            let x = (i % SPRITE_COLUMNS) as i64 * cell_w as i64;
            let y = (i / SPRITE_COLUMNS) as i64 * cell_h as i64;
            image::imageops::overlay(&mut sheet, sprite, x, y);
        }
        let mut jpeg = Cursor::new(Vec::new());
        DynamicImage::ImageRgb8(sheet)
            .write_to(&mut jpeg, image::ImageFormat::Jpeg)
            .map_err(encode_error)?;
        Ok(Made {
            video,
            thumbnail: webp.into_inner(),
            spritesheet: jpeg.into_inner(),
            warnings: plan.notices(),
            scene: plan.scene,
            seconds,
            credits,
        })
    }
}

/// A generator that hands back the same pre-rendered files for every job, so that the
/// server can be measured (and its queue tested) without the cost of generating.
#[derive(Debug, Clone)]
pub struct FixedAsset {
    /// The MP4 to hand back.
    pub video: PathBuf,
    /// How long each job takes, to stand in for generation.
    pub delay: std::time::Duration,
}

impl Generator for FixedAsset {
    fn make(
        &self,
        job: &Job,
        dir: &Path,
        progress: &(dyn Fn(f32) + Sync),
        cancel: &Cancel,
    ) -> Result<Made, Failure> {
        // Sleep in short naps, so that a cancel is seen at once.
        let start = std::time::Instant::now();
        while start.elapsed() < self.delay {
            if cancel.is_cancelled() {
                return Err(failure(EngineError::Cancelled));
            }
            std::thread::sleep(
                (self.delay - start.elapsed()).min(std::time::Duration::from_millis(20)),
            );
            progress(start.elapsed().as_secs_f32() / self.delay.as_secs_f32());
        }
        if cancel.is_cancelled() {
            return Err(failure(EngineError::Cancelled));
        }
        let out = dir.join("video.mp4");
        std::fs::copy(&self.video, &out).map_err(|e| Failure {
            code: "generation_failed",
            message: format!("copying {}: {e}", self.video.display()),
        })?;
        let mut previews = Previews::new(1, 2, 2);
        previews.offer(0, &[128; 16]);
        let scene = Scene::new(job.seconds);
        let before: f32 = match job.kind {
            store::JobKind::Extend => job.history.iter().map(|s| s.duration).sum(),
            _ => 0.0,
        };
        previews.finish(
            out,
            plan::Plan {
                scene,
                understood: Vec::new(),
                unmapped: Vec::new(),
                warnings: Vec::new(),
            },
            before + job.seconds,
            Vec::new(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reference_image_colours_the_scene_and_a_dark_one_makes_it_night() {
        let mut scene = plan::plan(
            "Three cubes fall onto the floor.",
            &plan::PlanOptions {
                seconds: 4.0,
                seed: 1,
            },
        )
        .unwrap()
        .scene;
        // Half deep blue, half dark red, all dark.
        let image = RgbImage::from_fn(64, 64, |x, _| {
            if x < 32 {
                image::Rgb([10, 20, 90])
            } else {
                image::Rgb([90, 10, 10])
            }
        });
        guide(&mut scene, &image);
        let colours: Vec<Color> = scene.entities.iter().filter_map(|e| e.color).collect();
        assert!(!colours.is_empty());
        for c in &colours {
            let bluish = c.b > c.r + 40;
            let reddish = c.r > c.b + 40;
            assert!(bluish || reddish, "{c:?} is not from the image");
        }
        assert!(colours.iter().any(|c| c.b > c.r) && colours.iter().any(|c| c.r > c.b));
        assert_eq!(scene.environment.time_of_day, TimeOfDay::Night);
        assert_eq!(scene.validate(), Ok(()));
    }
}
