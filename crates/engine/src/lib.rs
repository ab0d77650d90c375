//! The engine: runs plan → simulate → score → render → encode with progress reporting and
//! cancellation. It is the one entry point the command line (and later the server) calls.
//!
//! Rendering and encoding overlap: a render thread hands finished frames to the encoder
//! through a channel that holds at most two, so memory does not grow with the clip.

pub use assets::Credit;
use media::{Mp4Writer, VideoSettings};
use plan::{Plan, PlanOptions};
use provenance::{PictureMarker, Rect, VisibleMark};
pub use render::prepare_models;
use render::{Antialias, RenderOptions, Renderer, RendererPool};
use scene::Scene;
use score::ScoreOptions;
use sim::SimOptions;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use timeline::Timeline;

/// How much care to spend per frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Quality {
    /// Fast previews: no anti-aliasing, small shadow map, lower bitrate.
    Draft,
    /// The default.
    #[default]
    Standard,
    /// Multisampled edges, sharper shadows and a higher bitrate.
    Pro,
}

/// What to make.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// Picture width.
    pub width: u32,
    /// Picture height.
    pub height: u32,
    /// Frames per second.
    pub fps: u32,
    /// Length in seconds.
    pub seconds: f32,
    /// Seed for every random choice.
    pub seed: u64,
    /// Quality level.
    pub quality: Quality,
}

/// The stages of a generation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Prompt to scene.
    Plan,
    /// Scene to timeline.
    Simulate,
    /// Timeline to sound.
    Score,
    /// Timeline to frames.
    Render,
    /// Frames and sound to MP4.
    Encode,
    /// The invisible marks and the visible one.
    Mark,
}

/// Where each stage starts in a job's progress (0–1): every report of a stage lies at
/// or after its start and before the next stage's.
const STAGE_STARTS: [(Stage, f32); 4] = [
    (Stage::Simulate, 0.01),
    (Stage::Score, 0.05),
    (Stage::Render, 0.08),
    (Stage::Encode, 0.99),
];

impl Stage {
    /// The stage a job is in when it reports `progress` (0–1), as the engine reports it:
    /// what a client that sees only the progress shows.
    pub fn at(progress: f32) -> Stage {
        STAGE_STARTS
            .iter()
            .rev()
            .find(|(_, start)| progress >= *start)
            .map_or(Stage::Plan, |(stage, _)| *stage)
    }

    /// What the stage does, in words for a person waiting for it.
    pub fn describe(self) -> &'static str {
        match self {
            Stage::Plan => "Reading the prompt",
            Stage::Simulate => "Simulating the world",
            Stage::Score => "Scoring the sound",
            Stage::Render => "Filming",
            Stage::Encode => "Encoding",
            Stage::Mark => "Marking",
        }
    }
}

/// A progress report: the stage and how far through the whole job (0–1).
pub type Progress<'a> = &'a (dyn Fn(Stage, f32) + Sync);

/// A flag to stop a running job.
#[derive(Debug, Clone, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    /// Asks the job to stop.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }
    /// Whether stopping was asked for.
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// Why a job failed.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// The prompt could not be planned.
    #[error(transparent)]
    Plan(#[from] plan::PlanError),
    /// The scene could not be simulated.
    #[error(transparent)]
    Sim(#[from] sim::SimError),
    /// The dialogue could not be spoken.
    #[error(transparent)]
    Speech(#[from] speech::SpeechError),
    /// Rendering failed.
    #[error(transparent)]
    Render(#[from] render::RenderError),
    /// Writing the file failed.
    #[error(transparent)]
    Media(#[from] media::MediaError),
    /// The options are not usable.
    #[error("{0}")]
    Options(String),
    /// The job was cancelled.
    #[error("cancelled")]
    Cancelled,
}

/// What a finished job did.
#[derive(Debug, Clone)]
pub struct Report {
    /// Busy time per stage (render and encode overlap in wall time).
    pub stages: Vec<(Stage, Duration)>,
    /// Wall time of the whole job.
    pub wall: Duration,
    /// Frames written.
    pub frames: u64,
    /// Contacts simulated (each one is heard).
    pub contacts: usize,
    /// The device that rendered.
    pub adapter: String,
    /// Integrated loudness of the sound track, LUFS.
    pub loudness: f64,
    /// True peak of the sound track, dBTP.
    pub true_peak: f64,
    /// Whom the video owes credit: the models it shows and the light's panorama.
    pub credits: Vec<assets::Credit>,
}

impl Options {
    /// Checks the length and frame rate, saying what to use instead.
    pub fn check(&self) -> Result<(), EngineError> {
        if !(scene::DURATION_RANGE.0..=scene::DURATION_RANGE.1).contains(&self.seconds) {
            return Err(EngineError::Options(format!(
                "{} seconds is not a usable length; give 1 to 20 seconds",
                self.seconds
            )));
        }
        if ![24, 30, 60].contains(&self.fps) {
            return Err(EngineError::Options(format!(
                "{} fps is not supported; use 24, 30 or 60",
                self.fps
            )));
        }
        Ok(())
    }

    fn render(&self) -> RenderOptions {
        let (antialias, shadow_size) = match self.quality {
            Quality::Draft => (Antialias::Off, 1024),
            Quality::Standard => (Antialias::Edges, 2048),
            Quality::Pro => (Antialias::Multisample, 4096),
        };
        RenderOptions {
            width: self.width,
            height: self.height,
            antialias,
            shadow_size,
        }
    }

    fn bitrate(&self) -> u32 {
        let bits_per_pixel = match self.quality {
            Quality::Draft => 0.05,
            Quality::Standard => 0.1,
            Quality::Pro => 0.16,
        };
        (self.width as f64 * self.height as f64 * self.fps as f64 * bits_per_pixel) as u32
    }

    fn score(&self, scene: &Scene) -> ScoreOptions {
        ScoreOptions {
            seed: self.seed,
            aspect: self.aspect(),
            directions: scene.sounds.clone(),
        }
    }

    fn aspect(&self) -> f32 {
        self.width as f32 / self.height as f32
    }
}

/// Plans a prompt at the options' length.
pub fn plan(prompt: &str, options: &Options) -> Result<Plan, EngineError> {
    Ok(plan::plan(
        prompt,
        &PlanOptions {
            seconds: options.seconds,
            seed: options.seed,
        },
    )?)
}

/// Changes a finished scene by a new prompt, keeping the rest (a remix or an edit).
pub fn revise(parent: &Scene, prompt: &str, options: &Options) -> Result<Plan, EngineError> {
    Ok(plan::revise(parent, prompt, options.seed)?)
}

/// Generates a video from a prompt into `out`.
pub fn generate(
    prompt: &str,
    options: &Options,
    out: &Path,
    progress: Progress,
    cancel: &Cancel,
) -> Result<(Plan, Report), EngineError> {
    let start = Instant::now();
    progress(Stage::Plan, 0.0);
    let planned = plan(prompt, options)?;
    let plan_time = start.elapsed();
    let mut report = render_scene(&planned.scene, options, out, progress, cancel)?;
    report.stages.insert(0, (Stage::Plan, plan_time));
    report.wall = start.elapsed();
    Ok((planned, report))
}

/// Simulates a scene for the options and speaks its dialogue, moving the speakers'
/// mouths; returns the timeline and each line's audio (in `timeline.speech` order).
pub fn simulate_with_voices(
    scene: &Scene,
    options: &Options,
) -> Result<(Timeline, Vec<Vec<f32>>), EngineError> {
    let mut timeline = sim::simulate(
        scene,
        &SimOptions {
            fps: options.fps,
            aspect: options.aspect(),
        },
    )?;
    let spoken = speech::speak_dialogue(scene)?;
    speech::record_speech(&mut timeline, &spoken);
    Ok((timeline, spoken.into_iter().map(|s| s.samples).collect()))
}

/// Simulates a scene for the options, with its dialogue timed and lip-synced.
pub fn simulate(scene: &Scene, options: &Options) -> Result<Timeline, EngineError> {
    Ok(simulate_with_voices(scene, options)?.0)
}

/// The sound track of a scene alone: simulation, speech and score, no pictures.
pub fn sound(scene: &Scene, options: &Options) -> Result<score::Soundtrack, EngineError> {
    options.check()?;
    let (timeline, voices) = simulate_with_voices(scene, options)?;
    Ok(score::score(&timeline, &voices, &options.score(scene)))
}

/// Renders a scene program into an MP4 at `out`. The file appears only when complete.
pub fn render_scene(
    scene: &Scene,
    options: &Options,
    out: &Path,
    progress: Progress,
    cancel: &Cancel,
) -> Result<Report, EngineError> {
    let mark = VisibleMark::new(None);
    let hooks = Hooks {
        progress,
        cancel,
        tap: &mut |_, _| {},
        mark: &mark,
        payload: Some(scene_payload(scene, options)),
    };
    render_scene_with(scene, options, out, hooks)
}

/// The invisible marks' payload for a video made outside the platform: the first 64 bits
/// of the SHA-256 of its scene and options, so the same film always carries the same one.
pub fn scene_payload(scene: &Scene, options: &Options) -> u64 {
    let text = format!(
        "{}|{}|{}x{}|{}|{}",
        serde_json::to_string(scene).expect("a scene is plain data"),
        options.seed,
        options.width,
        options.height,
        options.fps,
        options.seconds
    );
    provenance::payload_of_id(&provenance::sha256_hex(&text))
}

/// What a job reports to and is marked with: progress, the cancel flag, a tap that is
/// handed each finished frame as it is encoded (for thumbnails and previews without
/// rendering twice), the visible mark painted into the frames and the payload the
/// invisible marks carry.
pub struct Hooks<'a> {
    /// Progress reports.
    pub progress: Progress<'a>,
    /// Stops the job when set.
    pub cancel: &'a Cancel,
    /// Sees each finished frame.
    pub tap: FrameTap<'a>,
    /// The visible mark with the creator's handle.
    pub mark: &'a VisibleMark,
    /// The invisible marks' payload (the platform's video id, or `scene_payload`).
    /// `None` makes an unmarked film, only for measuring the detector's false alarms.
    pub payload: Option<u64>,
}

/// Like `render_scene`, with the hooks' mark, tap, progress and cancel flag.
pub fn render_scene_with(
    scene: &Scene,
    options: &Options,
    out: &Path,
    hooks: Hooks,
) -> Result<Report, EngineError> {
    let (progress, cancel) = (hooks.progress, hooks.cancel);
    options.check()?;
    let start = Instant::now();
    progress(Stage::Simulate, 0.02);
    let (timeline, voices) = simulate_with_voices(scene, options)?;
    let sim_time = start.elapsed();
    let segment = scored(scene, timeline, &voices, options, progress, cancel)?;
    let mut report = write_file(&[segment], options, out, hooks)?;
    report.stages[0].1 += sim_time;
    report.wall = start.elapsed();
    Ok(report)
}

/// Continues a world for `options.seconds` more, changed by `prompt` (weather, sound,
/// dialogue, camera: see `plan::revise`). `history` holds the scenes filmed so far, oldest
/// first (one for a plain video; more when extending an extension); the file holds all of
/// them followed by the continuation. Returns the continuation's plan.
pub fn extend(
    history: &[Scene],
    prompt: &str,
    options: &Options,
    out: &Path,
    hooks: Hooks,
) -> Result<(Plan, Report), EngineError> {
    let (progress, cancel) = (hooks.progress, hooks.cancel);
    options.check()?;
    let Some(last) = history.last() else {
        return Err(EngineError::Options(
            "there is no video to extend; give the scene it ends with".into(),
        ));
    };
    let start = Instant::now();
    progress(Stage::Simulate, 0.01);
    let mut segments = Vec::with_capacity(history.len() + 1);
    for scene in history {
        let (timeline, voices) = simulate_with_voices(scene, options)?;
        segments.push(scored(scene, timeline, &voices, options, progress, cancel)?);
    }
    let ended = &segments.last().expect("history is not empty").timeline;
    let continued = sim::continuation(last, ended, options.seconds);
    let planned = plan::revise(&continued, prompt, options.seed)?;
    let (timeline, voices) = simulate_with_voices(&planned.scene, options)?;
    segments.push(scored(
        &planned.scene,
        timeline,
        &voices,
        options,
        progress,
        cancel,
    )?);
    let sim_time = start.elapsed() - segments.iter().map(|s| s.score_time).sum::<Duration>();
    let mut report = write_file(&segments, options, out, hooks)?;
    report.stages[0].1 += sim_time;
    report.wall = start.elapsed();
    Ok((planned, report))
}

/// A frame handed out as it is encoded: its index in the file and its RGBA pixels.
pub type FrameTap<'a> = &'a mut (dyn FnMut(usize, &[u8]) + Send);

/// A simulated stretch of film and its finished sound.
struct Segment {
    timeline: Timeline,
    sound: score::Soundtrack,
    score_time: Duration,
}

fn scored(
    scene: &Scene,
    timeline: Timeline,
    voices: &[Vec<f32>],
    options: &Options,
    progress: Progress,
    cancel: &Cancel,
) -> Result<Segment, EngineError> {
    if cancel.is_cancelled() {
        return Err(EngineError::Cancelled);
    }
    progress(Stage::Score, 0.05);
    let t = Instant::now();
    let sound = score::score(&timeline, voices, &options.score(scene));
    Ok(Segment {
        timeline,
        sound,
        score_time: t.elapsed(),
    })
}

/// Writes segments into `out` through a partial file that is renamed when complete.
fn write_file(
    segments: &[Segment],
    options: &Options,
    out: &Path,
    hooks: Hooks,
) -> Result<Report, EngineError> {
    let partial = partial_path(out);
    let result = write_video(segments, options, &partial, hooks);
    match result {
        Ok(report) => {
            std::fs::rename(&partial, out).map_err(|source| media::MediaError::Io {
                path: out.display().to_string(),
                source,
            })?;
            Ok(report)
        }
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            Err(e)
        }
    }
}

fn partial_path(out: &Path) -> PathBuf {
    let mut name = out
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(".partial");
    out.with_file_name(name)
}

fn write_video(
    segments: &[Segment],
    options: &Options,
    path: &Path,
    hooks: Hooks,
) -> Result<Report, EngineError> {
    let Hooks {
        progress,
        cancel,
        tap,
        mark,
        payload,
    } = hooks;
    let start = Instant::now();
    let mut writer = Mp4Writer::create(
        path,
        VideoSettings {
            width: options.width,
            height: options.height,
            fps: options.fps,
            bitrate: options.bitrate(),
        },
    )?;
    let samples: Vec<f32> = segments
        .iter()
        .flat_map(|s| s.sound.samples.iter().copied())
        .collect();
    // The sound is marked and encoded on its own thread while the frames render.
    let sound = std::thread::spawn(move || sound_track(samples, payload));
    let mut marker = payload.map(|p| PictureMarker::new(p, options.width, options.height));
    let frames: usize = segments.iter().map(|s| s.timeline.frames.len()).sum();
    let mut adapter = String::new();
    let mut credits: Vec<assets::Credit> = Vec::new();
    let mut render_time = Duration::ZERO;
    let mut mark_time = Duration::ZERO;
    let mut encode_time = Duration::ZERO;
    let mut written = 0usize;
    for segment in segments {
        let timeline = &segment.timeline;
        let mut renderer = RendererPool::new(timeline, &options.render())?;
        adapter = renderer.adapter().to_string();
        for credit in renderer.credits() {
            if !credits.contains(&credit) {
                credits.push(credit);
            }
        }
        let count = timeline.frames.len();
        let (width, height) = (options.width, options.height);
        let slots = provenance::schedule(mark, count, options.fps, width, height, |a, b, rect| {
            (a..b).any(|i| {
                faces(timeline, i, width, height)
                    .iter()
                    .any(|f| f.overlaps(&rect))
            })
        });
        let stamp = mark.stamp(width, height);
        // Three stages on their own threads, two frames queued between each: rendering
        // (the rasterizers go on with the next frames while the last is read back),
        // marking, and encoding here.
        let (rendered_tx, rendered_rx) = std::sync::mpsc::sync_channel::<Vec<u8>>(2);
        let (marked_tx, marked_rx) = std::sync::mpsc::sync_channel::<Vec<u8>>(2);
        let (recycle_tx, recycle_rx) = std::sync::mpsc::channel::<Vec<u8>>();
        let marker = &mut marker;
        let (rendering, marking) = std::thread::scope(|scope| {
            let renderer_thread = scope.spawn(move || -> Result<_, EngineError> {
                let mut busy = Duration::ZERO;
                let mut next = 0;
                for _ in 0..count {
                    if cancel.is_cancelled() {
                        return Err(EngineError::Cancelled);
                    }
                    let t = Instant::now();
                    while next < count && renderer.has_room() {
                        renderer.submit(timeline, next)?;
                        next += 1;
                    }
                    let mut buffer = recycle_rx.try_recv().unwrap_or_default();
                    renderer.receive(&mut buffer)?;
                    busy += t.elapsed();
                    if rendered_tx.send(buffer).is_err() {
                        break;
                    }
                }
                Ok(busy)
            });
            let marker_thread = scope.spawn(move || {
                let mut busy = Duration::ZERO;
                for (mut buffer, slot) in rendered_rx.iter().zip(&slots) {
                    let t = Instant::now();
                    if let Some(marker) = marker.as_mut() {
                        marker.embed(&mut buffer);
                    }
                    stamp.paint(&mut buffer, *slot);
                    busy += t.elapsed();
                    if marked_tx.send(buffer).is_err() {
                        break;
                    }
                }
                busy
            });
            // Owned here, so that an encoding error drops it and the other stages stop.
            let marked_rx = marked_rx;
            for frame in marked_rx.iter() {
                let t = Instant::now();
                writer.push_frame(&frame)?;
                encode_time += t.elapsed();
                tap(written, &frame);
                written += 1;
                let _ = recycle_tx.send(frame);
                progress(Stage::Render, 0.08 + 0.9 * written as f32 / frames as f32);
            }
            let marking = marker_thread
                .join()
                .expect("the marking thread does not panic");
            renderer_thread
                .join()
                .expect("the render thread does not panic")
                .map(|rendering| (rendering, marking))
        })?;
        render_time += rendering;
        mark_time += marking;
    }
    if writer.frames() != frames as u64 {
        return Err(EngineError::Cancelled);
    }
    progress(Stage::Encode, 0.99);
    let (audio, measure, sound_mark_time) = sound
        .join()
        .expect("marking and encoding the sound does not panic")?;
    mark_time += sound_mark_time;
    let t = Instant::now();
    writer.push_encoded_audio(&audio)?;
    writer.finish()?;
    encode_time += t.elapsed();
    progress(Stage::Encode, 1.0);
    Ok(Report {
        stages: vec![
            (Stage::Simulate, Duration::ZERO),
            (Stage::Score, segments.iter().map(|s| s.score_time).sum()),
            (Stage::Render, render_time),
            (Stage::Encode, encode_time),
            (Stage::Mark, mark_time),
        ],
        wall: start.elapsed(),
        frames: frames as u64,
        contacts: segments.iter().map(|s| s.timeline.contacts.len()).sum(),
        adapter,
        loudness: measure.lufs,
        true_peak: measure.true_peak_db,
        credits,
    })
}

/// The finished sound track: marked with `payload` (when given) without lifting the
/// master's peak, measured, and encoded; with the time marking took.
fn sound_track(
    mut samples: Vec<f32>,
    payload: Option<u64>,
) -> Result<(media::EncodedAudio, score::master::Measure, Duration), EngineError> {
    let t = Instant::now();
    if let Some(payload) = payload {
        let peak = samples.iter().fold(0.0f32, |m, s| m.max(s.abs()));
        provenance::embed_in_sound(&mut samples, payload);
        // The mark may lift a peak a little; keep the master's.
        if peak > 0.0 {
            score::master::limit(&mut samples, score::SAMPLE_RATE as f32, peak);
        }
    }
    let marking = t.elapsed();
    let measure = score::master::measure(&samples, score::SAMPLE_RATE);
    Ok((media::encode_audio(&samples)?, measure, marking))
}

/// Where the faces are in frame `index`: a box around each head on screen.
fn faces(timeline: &Timeline, index: usize, width: u32, height: u32) -> Vec<Rect> {
    let frame = &timeline.frames[index];
    let camera = &frame.camera;
    let aspect = width as f32 / height as f32;
    let focal = height as f32 / 2.0 / (camera.fov.to_radians() / 2.0).tan();
    timeline
        .tracks
        .iter()
        .zip(&frame.poses)
        .flat_map(|(track, pose)| {
            track
                .parts
                .iter()
                .filter(|p| p.limb == Some(scene::Limb::Head))
                .map(move |p| pose.apply(p.offset))
        })
        .filter_map(|centre| camera.project(centre, aspect))
        .map(|([x, y], depth)| {
            // A head and a little room around it: 0.2 m each way.
            let r = (0.2 * focal / depth).max(4.0);
            let (cx, cy) = (
                (x + 1.0) / 2.0 * width as f32,
                (1.0 - y) / 2.0 * height as f32,
            );
            let (x0, y0) = ((cx - r).max(0.0), (cy - r).max(0.0));
            Rect {
                x: x0 as u32,
                y: y0 as u32,
                w: ((cx + r).max(0.0) - x0) as u32,
                h: ((cy + r).max(0.0) - y0) as u32,
            }
        })
        .collect()
}

/// Renders one frame of a scene at `time` seconds as RGBA.
pub fn still(scene: &Scene, options: &Options, time: f64) -> Result<Vec<u8>, EngineError> {
    options.check()?;
    if !(0.0..=scene.duration as f64).contains(&time) {
        return Err(EngineError::Options(format!(
            "--at {time} is outside the scene; give a time from 0 to {} seconds",
            scene.duration
        )));
    }
    Ok(stills(scene, options, &[time])?.remove(0))
}

/// Renders the frames of a scene nearest each of `times` (seconds, clamped to the scene)
/// from one simulation, as RGBA.
pub fn stills(
    scene: &Scene,
    options: &Options,
    times: &[f64],
) -> Result<Vec<Vec<u8>>, EngineError> {
    options.check()?;
    let timeline = simulate(scene, options)?;
    let mut renderer = Renderer::new(&timeline, &options.render())?;
    times
        .iter()
        .map(|time| {
            let index = ((time.max(0.0) * options.fps as f64).round() as usize)
                .min(timeline.frames.len() - 1);
            let mut rgba = Vec::new();
            renderer.render(&timeline, index, &mut rgba)?;
            Ok(rgba)
        })
        .collect()
}
