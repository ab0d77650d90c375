//! `diorama verify`: reads back everything that says where a video came from. ffmpeg
//! decodes the pictures and the sound, so the marks are found in whatever a video was
//! re-encoded, scaled, cropped or trimmed to.

use crate::{DataArgs, runtime};
use anyhow::{Context, Result, bail};
use serde_json::{Value, json};
use std::path::Path;
use std::process::Command;

/// Short sides of the pictures Diorama makes (drafts and full sizes), where the visible
/// mark of a scaled copy is looked for.
const MADE_SHORT_SIDES: [u32; 5] = [180, 360, 480, 720, 1080];
/// Frames per second the invisible picture mark is read at.
const MARK_FPS: u32 = 8;
/// Height (or width, for portrait) the frames are scaled to for the picture mark.
const MARK_SHORT_SIDE: u32 = 270;

/// What `verify` concluded; each has its own exit code, for scripts. (An error that
/// stops the check exits 1, and bad arguments 2, as for every command.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// A valid C2PA manifest made by Diorama, over media that is intact: exit 0.
    Valid,
    /// No Diorama manifest and no Diorama mark: exit 3.
    NotDiorama,
    /// A manifest that is invalid or unreadable: the file was changed after signing, or
    /// the manifest was forged: exit 4.
    Invalid,
    /// No manifest, but Diorama's visible or invisible mark: a copy that was re-encoded,
    /// re-muxed or cut, whose manifest was lost on the way: exit 5.
    MarksOnly,
}

impl Verdict {
    /// The exit code.
    pub fn code(self) -> i32 {
        match self {
            Verdict::Valid => 0,
            Verdict::NotDiorama => 3,
            Verdict::Invalid => 4,
            Verdict::MarksOnly => 5,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Verdict::Valid => "valid",
            Verdict::NotDiorama => "not_diorama",
            Verdict::Invalid => "invalid",
            Verdict::MarksOnly => "marks_only",
        }
    }

    fn sentence(self) -> &'static str {
        match self {
            Verdict::Valid => "valid: made by Diorama and unchanged since",
            Verdict::NotDiorama => "not a Diorama file: no Diorama manifest and no Diorama mark",
            Verdict::Invalid => {
                "INVALID: the manifest does not hold (the file was changed after it was signed, or the manifest is forged)"
            }
            Verdict::MarksOnly => {
                "marked by Diorama, without its manifest (a re-encoded or re-muxed copy)"
            }
        }
    }
}

/// The verdict on what was read.
fn verdict(
    manifest: Option<&provenance::ManifestReport>,
    unreadable: bool,
    visible: bool,
    payload: bool,
) -> Verdict {
    match manifest {
        _ if unreadable => Verdict::Invalid,
        Some(m) if !m.valid => Verdict::Invalid,
        Some(m)
            if m.generator
                .as_deref()
                .is_some_and(|g| g.starts_with("Diorama ")) =>
        {
            Verdict::Valid
        }
        _ if visible || payload => Verdict::MarksOnly,
        _ => Verdict::NotDiorama,
    }
}

/// Prints (or returns as JSON) the manifest, the marks and the matching record, and
/// returns the verdict.
pub fn run(file: &Path, json: bool, data: &DataArgs) -> Result<Verdict> {
    if !file.is_file() {
        bail!(
            "{} is not a file; give the path of an MP4 (or a sound file)",
            file.display()
        );
    }
    // A file the C2PA reader cannot parse still has marks worth reading.
    let (manifest, manifest_error) = match provenance::read(file) {
        Ok(m) => (m, None),
        Err(e) => (None, Some(e.to_string())),
    };
    let streams = probe(file)?;
    let mark = match streams.size {
        Some((width, height)) => Some(visible_mark(file, width, height)?),
        None => None,
    };
    let marks = invisible_marks(file, &streams)?;
    let payload = marks.payload();
    let has_store = data.database_url.is_some() || data.data.join("diorama.db").exists();
    let record = if has_store {
        let id = manifest.as_ref().and_then(|m| m.video_id.clone());
        runtime()?.block_on(async {
            let app = server::App::open(data.config()).await?;
            let by_id = match &id {
                Some(id) => app.db().video(id).await?,
                None => None,
            };
            anyhow::Ok(match (by_id, payload) {
                (Some(v), _) => Some(v),
                (None, Some(p)) => app.db().video_by_payload(p).await?,
                (None, None) => None,
            })
        })?
    } else {
        None
    };
    let record_json = record.as_ref().map(|v| {
        json!({
            "id": v.id,
            "status": v.status.as_str(),
            "created_at": v.created_at,
            "prompt": v.prompt,
            "model": v.model,
            "size": v.size,
            "seconds": v.seconds,
            "parent_id": v.parent_id,
        })
    });
    let verdict = verdict(
        manifest.as_ref(),
        manifest_error.is_some(),
        mark.as_ref().is_some_and(|m| m.found),
        payload.is_some(),
    );
    if json {
        let mut c2pa = serde_json::to_value(&manifest)?;
        if let Some(e) = &manifest_error {
            c2pa = json!({"error": e});
        }
        let out = json!({
            "c2pa": c2pa,
            "visible_mark": mark,
            "watermark": marks.to_json(),
            "record": record_json,
            "verdict": verdict.name(),
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(verdict);
    }
    match (&manifest, &manifest_error) {
        (_, Some(e)) => println!("C2PA manifest: unreadable ({e})"),
        (None, None) => println!("C2PA manifest: none (this file does not say where it came from)"),
        (Some(m), None) => print_manifest(m),
    }
    match &mark {
        Some(mark) => {
            let slots: Vec<String> = mark.slots.iter().map(|s| format!("{s:?}")).collect();
            println!(
                "visible mark: {} ({} of {} frames checked{})",
                if mark.found { "found" } else { "not found" },
                mark.frames_marked,
                mark.frames_checked,
                if slots.is_empty() {
                    String::new()
                } else {
                    format!("; at {}", slots.join(", "))
                }
            );
        }
        None => println!("visible mark: no pictures"),
    }
    marks.print(manifest.as_ref().and_then(|m| m.watermark.as_deref()));
    match &record {
        Some(v) => println!(
            "record: {} ({}, {} s at {}, prompt {:?})",
            v.id,
            v.status.as_str(),
            v.seconds,
            v.size,
            v.prompt
        ),
        None if has_store => println!("record: none in {}", data.data.display()),
        None => {}
    }
    println!("verdict: {}", verdict.sentence());
    Ok(verdict)
}

fn print_manifest(m: &provenance::ManifestReport) {
    println!(
        "C2PA manifest: {} ({}){}",
        if m.valid { "valid" } else { "INVALID" },
        m.state,
        if m.problems.is_empty() {
            String::new()
        } else {
            format!(": {}", m.problems.join(", "))
        }
    );
    println!(
        "  signed by:   {}{}",
        m.signer.as_deref().unwrap_or("unknown"),
        if m.local_untrusted_signer {
            " (a local, untrusted signer: the embedded default, not a trusted certificate authority)"
        } else {
            ""
        }
    );
    println!(
        "  generator:   {}",
        m.generator.as_deref().unwrap_or("unknown")
    );
    println!(
        "  source type: {}",
        m.source_type.as_deref().unwrap_or("unknown")
    );
    if let Some(id) = &m.video_id {
        println!("  video id:    {id}");
    }
    for parent in &m.parents {
        println!("  made from:   {parent}");
    }
    for credit in &m.credits {
        println!("  credits:     {}", crate::credit_line(credit));
    }
}

/// What `verify` saw of the visible mark.
#[derive(serde::Serialize)]
pub struct MarkReport {
    /// Whether the mark shows in at least half the frames checked.
    found: bool,
    frames_checked: usize,
    frames_marked: usize,
    /// The places it stood, in the order seen.
    slots: Vec<provenance::Slot>,
}

/// What a file holds, as ffprobe sees it.
pub struct Streams {
    /// The first video stream's size, or `None` for a file without pictures.
    pub size: Option<(u32, u32)>,
    /// Whether it has a sound stream.
    pub sound: bool,
}

/// Probes a file's streams with one ffprobe run.
pub fn probe(file: &Path) -> Result<Streams> {
    let probe = Command::new("ffprobe")
        .args([
            "-v",
            "error",
            "-show_entries",
            "stream=codec_type,width,height",
        ])
        .args(["-of", "json"])
        .arg(file)
        .output()
        .context("running ffprobe to read the video (scripts/setup.sh installs ffmpeg)")?;
    if !probe.status.success() {
        bail!(
            "{} is not a video or sound file ffprobe can read",
            file.display()
        );
    }
    let found: Value = serde_json::from_slice(&probe.stdout)
        .with_context(|| format!("ffprobe's report on {} is not JSON", file.display()))?;
    let streams = found["streams"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default();
    let first = |kind: &str| streams.iter().find(|s| s["codec_type"] == kind);
    let dimension = |s: &Value, key: &str| s[key].as_u64().and_then(|v| u32::try_from(v).ok());
    Ok(Streams {
        size: first("video").and_then(|s| Some((dimension(s, "width")?, dimension(s, "height")?))),
        sound: first("audio").is_some(),
    })
}

/// Raw output of ffmpeg decoding `file` with the arguments that follow the input.
fn ffmpeg(file: &Path, args: &[&str]) -> Result<Vec<u8>> {
    let out = Command::new("ffmpeg")
        .args(["-v", "error", "-i"])
        .arg(file)
        .args(args)
        .output()
        .context("running ffmpeg to decode the video (scripts/setup.sh installs ffmpeg)")?;
    if !out.status.success() {
        bail!(
            "ffmpeg could not decode {}: {}",
            file.display(),
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(out.stdout)
}

/// Looks for the visible mark in two frames a second, at the file's own size and, for a
/// copy that was scaled, at the sizes Diorama makes with the same shape (the mark's size
/// and place follow the picture size it was made for).
fn visible_mark(file: &Path, width: u32, height: u32) -> Result<MarkReport> {
    let short = width.min(height);
    let mut sizes = vec![(width, height)];
    for made in MADE_SHORT_SIDES {
        if made != short {
            let scale = |v: u32| (v as u64 * made as u64 / short as u64) as u32 / 2 * 2;
            sizes.push((scale(width), scale(height)));
        }
    }
    let mut best: Option<MarkReport> = None;
    for (w, h) in sizes {
        let filter = format!("fps=2,scale={w}:{h}:flags=bicubic");
        let decoded = ffmpeg(
            file,
            &[
                "-an", "-vf", &filter, "-f", "rawvideo", "-pix_fmt", "rgb24", "-",
            ],
        )?;
        let mut report = MarkReport {
            found: false,
            frames_checked: 0,
            frames_marked: 0,
            slots: Vec::new(),
        };
        for frame in decoded.chunks_exact((w * h * 3) as usize) {
            report.frames_checked += 1;
            if let Some(slot) = provenance::detect(frame, w, h) {
                report.frames_marked += 1;
                if report.slots.last() != Some(&slot) {
                    report.slots.push(slot);
                }
            }
        }
        report.found =
            report.frames_checked > 0 && report.frames_marked * 2 >= report.frames_checked;
        if report.found {
            return Ok(report);
        }
        if best
            .as_ref()
            .is_none_or(|b| report.frames_marked > b.frames_marked)
        {
            best = Some(report);
        }
    }
    Ok(best.expect("the file's own size is always tried"))
}

/// What the invisible marks said.
pub struct Marks {
    /// The picture mark's finding, when the file has pictures.
    pub picture: Option<provenance::PictureFinding>,
    /// The sound mark's finding, when the file has sound.
    pub sound: Option<provenance::SoundFinding>,
}

impl Marks {
    /// The payload one of the marks carries (the picture's when both read).
    pub fn payload(&self) -> Option<u64> {
        self.picture
            .and_then(|p| p.payload)
            .or(self.sound.and_then(|s| s.payload))
    }

    fn to_json(&self) -> Value {
        let hex = |p: Option<u64>| p.map(|p| format!("{p:016x}"));
        json!({
            "payload": hex(self.payload()),
            "picture": self.picture.map(|p| json!({
                "payload": hex(p.payload),
                "visible": p.visible,
                "strength": p.strength,
                "frames": p.frames,
            })),
            "sound": self.sound.map(|s| json!({
                "payload": hex(s.payload),
                "strength": s.strength,
                "seconds": s.seconds,
            })),
        })
    }

    fn print(&self, stated: Option<&str>) {
        match self.payload() {
            Some(p) => {
                let agrees = match stated {
                    Some(s) if s == format!("{p:016x}") => " (the manifest states the same)",
                    Some(_) => " (the manifest states ANOTHER payload)",
                    None => "",
                };
                println!("invisible mark: payload {p:016x}{agrees}");
            }
            None => println!("invisible mark: none found"),
        }
        let seen = |p: Option<u64>| p.map_or("nothing".to_string(), |p| format!("{p:016x}"));
        if let Some(p) = &self.picture {
            println!(
                "  pictures: {} ({} frames, {:.0}% of the frame in view, strength {:.2})",
                seen(p.payload),
                p.frames,
                p.visible * 100.0,
                p.strength
            );
        }
        if let Some(s) = &self.sound {
            println!(
                "  sound:    {} ({:.1} s, strength {:.2})",
                seen(s.payload),
                s.seconds,
                s.strength
            );
        }
    }
}

/// Reads the invisible marks of a file: the picture mark at `MARK_FPS` with the short
/// side scaled to `MARK_SHORT_SIDE`, the sound mark in the mono mix at the mark's rate.
pub fn invisible_marks(file: &Path, streams: &Streams) -> Result<Marks> {
    let picture = match streams.size {
        Some((width, height)) => {
            let scale = MARK_SHORT_SIDE as f32 / width.min(height) as f32;
            let even = |v: u32| ((v as f32 * scale / 2.0).round() as u32 * 2).max(2);
            let (w, h) = (even(width), even(height));
            let filter = format!("fps={MARK_FPS},scale={w}:{h}:flags=area");
            let raw = ffmpeg(
                file,
                &[
                    "-an", "-vf", &filter, "-f", "rawvideo", "-pix_fmt", "gray", "-",
                ],
            )?;
            let frames: Vec<Vec<u8>> = raw
                .chunks_exact((w * h) as usize)
                .map(<[u8]>::to_vec)
                .collect();
            Some(provenance::find_in_pictures(&frames, w, h))
        }
        None => None,
    };
    let rate = provenance::SOUND_MARK_RATE.to_string();
    let sound = if streams.sound {
        let raw = ffmpeg(file, &["-vn", "-ac", "1", "-ar", &rate, "-f", "f32le", "-"])?;
        let mono: Vec<f32> = raw
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        Some(provenance::find_in_sound(&mono))
    } else {
        None
    };
    Ok(Marks { picture, sound })
}
