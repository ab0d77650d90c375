//! `diorama bench --watermark`: what marking and signing cost in a generation, how long
//! reading the invisible marks takes per minute of video, and how often they survive
//! real attacks made with ffmpeg, with the false alarms on unmarked videos.

use crate::verify;
use anyhow::{Context, Result, bail};
use engine::{Cancel, Hooks, Options, Stage};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// Everyday prompts the robustness videos are made from (seeds vary them further).
const PROMPTS: [&str; 20] = [
    "A red ball bounces on a wooden floor in a living room.",
    "A dog runs across a park on a sunny afternoon.",
    "A basketball player shoots and scores on an indoor court.",
    "A small blue car drives down a city street at night.",
    "Waves roll onto a sandy beach at sunset.",
    "A soccer player kicks the ball into the goal while the crowd cheers.",
    "Snow falls on a field with a snowman while the wind blows.",
    "A chef in a kitchen puts a pot on the stove.",
    "A cat jumps onto a table and knocks over a cup.",
    "Ten dominoes fall one after another on a table.",
    "A girl waves and says \"Hello everyone!\"",
    "Fireworks over a city skyline at night with upbeat music.",
    "A bowling ball rolls down the lane and hits the pins.",
    "A horse walks along a forest path in the fog.",
    "Product shot: a white sneaker rotates on a pedestal in a studio.",
    "Rain falls on a street while a man walks with an umbrella.",
    "A rocket lifts off from a launch pad with a loud roar.",
    "A hockey puck slides across the ice rink.",
    "A teacher in a classroom points at the board and says \"Look here.\"",
    "Two billiard balls collide on a pool table.",
];

/// An attack: its name, the output's extension and ffmpeg's arguments between input and
/// output.
struct Attack {
    name: &'static str,
    extension: &'static str,
    args: &'static [&'static str],
}

const ATTACKS: [Attack; 8] = [
    Attack {
        name: "none (as generated)",
        extension: "mp4",
        args: &["-c", "copy"],
    },
    Attack {
        name: "H.264 re-encode, CRF 28",
        extension: "mp4",
        args: &["-c:v", "libx264", "-crf", "28"],
    },
    Attack {
        name: "H.264 re-encode, 500 kbit/s",
        extension: "mp4",
        args: &["-c:v", "libx264", "-b:v", "500k"],
    },
    Attack {
        name: "scaled to 50%",
        extension: "mp4",
        args: &["-vf", "scale=iw/2:ih/2", "-c:v", "libx264", "-crf", "23"],
    },
    Attack {
        name: "cropped 10% from every side",
        extension: "mp4",
        args: &["-vf", "crop=iw*0.8:ih*0.8", "-c:v", "libx264", "-crf", "23"],
    },
    Attack {
        name: "24 to 30 fps",
        extension: "mp4",
        args: &["-vf", "fps=30", "-c:v", "libx264", "-crf", "23"],
    },
    Attack {
        name: "first 2 s trimmed",
        extension: "mp4",
        args: &["-ss", "2", "-c:v", "libx264", "-crf", "23"],
    },
    Attack {
        name: "sound alone as MP3, 128 kbit/s",
        extension: "mp3",
        args: &["-vn", "-c:a", "libmp3lame", "-b:a", "128k"],
    },
];

/// How one attack fared over the videos.
#[derive(Default)]
struct Tally {
    trials: usize,
    exact: usize,
    by_pictures: usize,
    by_sound: usize,
    wrong: usize,
}

/// Runs the benchmark: costs with `options`, robustness over `videos` marked and
/// `unmarked` unmarked 4 s 1280x720 videos.
pub fn run(options: &Options, videos: usize, unmarked: usize) -> Result<()> {
    let dir = std::env::temp_dir().join(format!("diorama-marks-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let result = measure(&dir, options, videos, unmarked);
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn measure(dir: &Path, options: &Options, videos: usize, unmarked: usize) -> Result<()> {
    costs(dir, options)?;
    let short = Options {
        width: 1280,
        height: 720,
        fps: 24,
        seconds: 4.0,
        ..*options
    };
    let mut tallies: Vec<Tally> = ATTACKS.iter().map(|_| Tally::default()).collect();
    let mut psnr = Vec::new();
    let mut false_alarms = 0usize;
    let mut checked_unmarked = 0usize;
    for i in 0..videos.max(unmarked) {
        let options = Options {
            seed: options.seed + i as u64,
            ..short
        };
        let scene = engine::plan(PROMPTS[i % PROMPTS.len()], &options)?.scene;
        // The unmarked film, kept every eighth frame for the PSNR.
        let plain = dir.join(format!("plain-{i}.mp4"));
        let mut kept = Vec::new();
        render(&scene, &options, &plain, None, &mut |n, rgba| {
            if n % 8 == 0 {
                kept.push(rgba.to_vec());
            }
        })?;
        if i < unmarked {
            checked_unmarked += 1;
            if read_payload(&plain)?.0.is_some() {
                false_alarms += 1;
            }
        }
        std::fs::remove_file(&plain)?;
        if i >= videos {
            continue;
        }
        let payload = engine::scene_payload(&scene, &options);
        let marked = dir.join(format!("marked-{i}.mp4"));
        let (mut error, mut values) = (0.0f64, 0usize);
        render(&scene, &options, &marked, Some(payload), &mut |n, rgba| {
            if n % 8 == 0
                && let Some(before) = kept.get(n / 8)
            {
                for (a, b) in rgba.chunks_exact(4).zip(before.chunks_exact(4)) {
                    for c in 0..3 {
                        error += (a[c] as f64 - b[c] as f64).powi(2);
                    }
                }
                values += rgba.len() / 4 * 3;
            }
        })?;
        psnr.push(10.0 * (255.0f64.powi(2) / (error / values.max(1) as f64)).log10());
        for (attack, tally) in ATTACKS.iter().zip(&mut tallies) {
            let attacked = dir.join(format!("attacked-{i}.{}", attack.extension));
            run_ffmpeg(&marked, attack.args, &attacked)
                .with_context(|| format!("attack: {}", attack.name))?;
            let (found, marks) = read_payload(&attacked)?;
            if found != Some(payload) {
                eprintln!(
                    "missed: video {i} ({:?}), {}: pictures {:?}, sound {:?}",
                    PROMPTS[i % PROMPTS.len()],
                    attack.name,
                    marks.picture,
                    marks.sound
                );
            }
            tally.trials += 1;
            match found {
                Some(p) if p == payload => tally.exact += 1,
                Some(_) => tally.wrong += 1,
                None => {}
            }
            let right = |p: Option<u64>| p == Some(payload);
            tally.by_pictures += usize::from(right(marks.picture.and_then(|m| m.payload)));
            tally.by_sound += usize::from(right(marks.sound.and_then(|m| m.payload)));
            std::fs::remove_file(&attacked)?;
        }
        std::fs::remove_file(&marked)?;
        eprintln!("video {}/{} done", i + 1, videos);
    }
    println!();
    println!(
        "Robustness: {videos} marked videos (4 s, 1280x720, 24 fps, {} prompts, seeds {}–{})",
        PROMPTS.len().min(videos),
        options.seed,
        options.seed + videos.saturating_sub(1) as u64
    );
    println!();
    println!(
        "| attack | trials | exact payload | from the pictures | from the sound | wrong payload |"
    );
    println!("|---|---|---|---|---|---|");
    let share = |n: usize, of: usize| 100.0 * n as f64 / of.max(1) as f64;
    for (attack, t) in ATTACKS.iter().zip(&tallies) {
        println!(
            "| {} | {} | {:.0}% | {:.0}% | {:.0}% | {} |",
            attack.name,
            t.trials,
            share(t.exact, t.trials),
            share(t.by_pictures, t.trials),
            share(t.by_sound, t.trials),
            t.wrong
        );
    }
    println!();
    println!("Unmarked videos: {checked_unmarked}, a payload reported on {false_alarms} of them");
    if !psnr.is_empty() {
        psnr.sort_by(f64::total_cmp);
        println!(
            "PSNR of the invisible picture mark: median {:.1} dB, lowest {:.1} dB",
            psnr[psnr.len() / 2],
            psnr[0]
        );
    }
    Ok(())
}

/// Marking and signing as a share of a generation, and reading the marks per minute.
/// Render and encode share two cores with the marks, so the cost is measured as the wall
/// time the marks add: the same film rendered with and without them, three times each.
fn costs(dir: &Path, options: &Options) -> Result<()> {
    let plan = engine::plan(crate::BENCH_PROMPT, options)?;
    let payload = engine::scene_payload(&plan.scene, options);
    let unsigned = dir.join("cost.mp4");
    let (mut plain, mut marked, mut busy) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..3 {
        plain.push(render(&plan.scene, options, &unsigned, None, &mut |_, _| {})?.0);
        let (wall, report) = render(
            &plan.scene,
            options,
            &unsigned,
            Some(payload),
            &mut |_, _| {},
        )?;
        marked.push(wall);
        busy.push(
            report
                .stages
                .iter()
                .find(|(s, _)| *s == Stage::Mark)
                .map_or(0.0, |(_, t)| t.as_secs_f64()),
        );
    }
    let signing = provenance::Signing::local(&dir.join("keys"))?;
    let signed = dir.join("cost-signed.mp4");
    let scene = serde_json::to_string(&plan.scene)?;
    let start = Instant::now();
    let facts = provenance::Facts {
        title: "bench".into(),
        source: provenance::SourceType::Algorithmic,
        prompt: crate::BENCH_PROMPT,
        scene_json: &scene,
        video_id: None,
        parent: None,
        watermark: Some(payload),
        credits: &[],
    };
    provenance::sign_file(&signing, &facts, &unsigned, &signed)?;
    let sign_time = start.elapsed().as_secs_f64();
    let (plain, marked, busy) = (median(plain), median(marked), median(busy));
    let added = (marked - plain).max(0.0) + sign_time;
    println!(
        "clip: {}x{} at {} fps, {} s ({})",
        options.width,
        options.height,
        options.fps,
        options.seconds,
        crate::BENCH_PROMPT
    );
    println!("render without marks (wall, median of 3): {plain:8.3} s");
    println!("render with marks (wall, median of 3):    {marked:8.3} s");
    println!("  marking thread time (shares two cores): {busy:8.3} s");
    println!("signing (C2PA):                            {sign_time:8.3} s");
    println!(
        "marking and signing, share of generation: {:7.1}%",
        100.0 * added / (marked + sign_time)
    );
    let start = Instant::now();
    let (found, _) = read_payload(&signed)?;
    let read = start.elapsed().as_secs_f64();
    if found != Some(payload) {
        bail!("the benchmark video's marks could not be read back");
    }
    println!(
        "reading the invisible marks: {read:.3} s for {} s, {:.2} s per minute of video",
        options.seconds,
        read * 60.0 / options.seconds as f64
    );
    Ok(())
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// Renders a film with the bench's handle and the given payload; returns the wall time.
fn render(
    scene: &scene::Scene,
    options: &Options,
    out: &Path,
    payload: Option<u64>,
    tap: &mut (dyn FnMut(usize, &[u8]) + Send),
) -> Result<(f64, engine::Report)> {
    let start = Instant::now();
    let mark = provenance::VisibleMark::new(Some("bench"));
    let hooks = Hooks {
        progress: &|_, _| {},
        cancel: &Cancel::default(),
        tap,
        mark: &mark,
        payload,
    };
    let report = engine::render_scene_with(scene, options, out, hooks)?;
    Ok((start.elapsed().as_secs_f64(), report))
}

fn read_payload(file: &Path) -> Result<(Option<u64>, verify::Marks)> {
    let marks = verify::invisible_marks(file, &verify::probe(file)?)?;
    Ok((marks.payload(), marks))
}

fn run_ffmpeg(input: &PathBuf, args: &[&str], output: &Path) -> Result<()> {
    let out = Command::new("ffmpeg")
        .args(["-v", "error", "-y", "-i"])
        .arg(input)
        .args(args)
        .arg(output)
        .output()
        .context("running ffmpeg (scripts/setup.sh installs it)")?;
    if !out.status.success() {
        bail!(
            "ffmpeg failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(())
}
