//! `diorama`: turn a written idea into a short video with synchronized sound.

mod bench_app;
mod bench_marks;
mod bench_server;
mod contact_sheet;
mod verify;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand, ValueEnum};
use engine::{Cancel, Options, Quality, Stage};
use indicatif::{ProgressBar, ProgressStyle};
use scene::Scene;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Picture sizes: the standard ones, then smaller drafts.
const SIZES: &[(u32, u32)] = &[
    (1280, 720),
    (720, 1280),
    (1920, 1080),
    (1080, 1920),
    (854, 480),
    (480, 854),
    (640, 360),
    (360, 640),
    (320, 180),
    (180, 320),
];

/// The prompt `diorama bench` measures.
pub(crate) const BENCH_PROMPT: &str = "A basketball player shoots from the free-throw line and misses; the ball bounces off the backboard and rolls away.";

#[derive(Parser)]
#[command(
    name = "diorama",
    version,
    about = "Type an idea, get a short video with synchronized sound."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args, Clone)]
struct VideoArgs {
    /// Length in seconds, from 1 to 20 (4, 8 and 12 are common).
    #[arg(long, default_value_t = 8.0)]
    seconds: f32,
    /// Picture size: 1280x720, 720x1280, 1920x1080, 1080x1920, or a draft size (854x480, 640x360, 320x180 and their portrait forms).
    #[arg(long, default_value = "1280x720")]
    size: String,
    /// Frames per second: 24, 30 or 60.
    #[arg(long, default_value_t = 24)]
    fps: u32,
    /// Seed for every random choice; the same seed gives the same bytes.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Quality: draft, standard or pro.
    #[arg(long, value_enum, default_value_t = QualityArg::Standard)]
    quality: QualityArg,
}

/// Where the platform keeps its database and media.
#[derive(clap::Args, Clone)]
struct DataArgs {
    /// Data directory (database, media, the local signing keys); default
    /// $XDG_DATA_HOME/diorama or ~/.local/share/diorama.
    #[arg(long, env = "DIORAMA_DATA", default_value_os_t = default_data_dir())]
    data: PathBuf,
    /// Database URL instead of the SQLite file in the data directory (sqlite://… or postgres://…).
    #[arg(long, env = "DATABASE_URL")]
    database_url: Option<String>,
}

impl DataArgs {
    /// The signer: the operator's (DIORAMA_SIGNING_CERT and DIORAMA_SIGNING_KEY) or the
    /// local one kept in the data directory.
    fn signing(&self) -> Result<provenance::Signing> {
        Ok(provenance::Signing::configured(
            &self.data.join("provenance"),
        )?)
    }

    fn config(&self) -> server::Config {
        let mut config = server::Config::new(self.data.clone());
        config.database_url = self.database_url.clone();
        config
    }
}

/// The user's data directory for Diorama.
fn default_data_dir() -> PathBuf {
    let base = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .unwrap_or_else(|| PathBuf::from("."));
    base.join("diorama")
}

/// How `diorama serve` runs.
#[derive(clap::Args, Clone)]
struct ServeArgs {
    #[command(flatten)]
    data: DataArgs,
    #[command(flatten)]
    work: WorkArgs,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: std::net::SocketAddr,
    /// Requests per second each user may make on average, across all their API keys.
    #[arg(long, default_value_t = 50.0)]
    rate: f64,
    /// Videos each user may have queued or generating at once.
    #[arg(long, default_value_t = 4)]
    max_jobs: i64,
    /// Connections open at once, in all (more are answered 503 and closed).
    #[arg(long, default_value_t = 1024)]
    max_connections: usize,
    /// Connections open at once from one client address.
    #[arg(long, default_value_t = 256)]
    max_connections_per_client: usize,
    /// Seconds a client may take to send a request's headers; also how long an idle
    /// keep-alive connection stays open.
    #[arg(long, default_value_t = 10)]
    header_timeout: u64,
    /// A reverse proxy (its address) whose X-Forwarded-For header names the client, for
    /// the per-address limit on wrong keys and the request log; repeat for several.
    #[arg(long, value_name = "IP")]
    trusted_proxy: Vec<std::net::IpAddr>,
    /// A token that /metrics then asks for as `Authorization: Bearer <token>`.
    #[arg(long, env = "DIORAMA_METRICS_TOKEN", hide_env_values = true)]
    metrics_token: Option<String>,
    /// The address people reach the app at (https://diorama.example): share links and
    /// OpenGraph tags use it, and cookies are Secure when it is https.
    #[arg(long, env = "DIORAMA_PUBLIC_URL")]
    public_url: Option<String>,
    /// Videos a standard-tier member may start each day (UTC).
    #[arg(long, default_value_t = 30)]
    daily_standard: i64,
    /// Videos a pro-tier member may start each day (UTC).
    #[arg(long, default_value_t = 100)]
    daily_pro: i64,
    /// Answer every job with this MP4 instead of generating (to measure the server alone).
    #[arg(long, hide = true)]
    fixed_asset: Option<PathBuf>,
    /// With --fixed-asset: seconds each job takes, standing in for generation.
    #[arg(long, hide = true, default_value_t = 0.0)]
    fixed_asset_seconds: f64,
}

impl ServeArgs {
    /// The server's config.
    fn config(&self) -> server::Config {
        let mut config = self.data.config();
        self.work.apply(&mut config);
        config.requests_per_second = self.rate;
        config.burst = (self.rate * 2.0).max(10.0);
        config.max_active_jobs = self.max_jobs;
        config.connections = server::ConnectionLimits {
            header_timeout: Duration::from_secs(self.header_timeout.max(1)),
            max_connections: self.max_connections.max(1),
            max_per_client: self.max_connections_per_client.max(1),
        };
        config.metrics_token = self.metrics_token.clone().filter(|t| !t.is_empty());
        config.trusted_proxies = self.trusted_proxy.clone();
        config.daily_limits = server::videos::DailyLimits {
            standard: self.daily_standard.max(0),
            pro: self.daily_pro.max(0),
        };
        if let Some(video) = &self.fixed_asset {
            config.generator = std::sync::Arc::new(server::FixedAsset {
                video: video.clone(),
                delay: Duration::from_secs_f64(self.fixed_asset_seconds.clamp(0.0, 3600.0)),
            });
        }
        config
    }
}

/// How a process works the job queue.
#[derive(clap::Args, Clone)]
struct WorkArgs {
    /// Videos generated at once by this process.
    #[arg(long, default_value_t = 1)]
    workers: usize,
    /// Seconds a worker's claim on a job lasts without renewal; a job whose worker died
    /// is taken over after this long.
    #[arg(long, default_value_t = 30)]
    lease: u64,
    /// Seconds a stop waits for requests and running jobs to finish before it gives the
    /// unfinished jobs back to the queue.
    #[arg(long, default_value_t = 10)]
    grace: u64,
}

impl WorkArgs {
    fn apply(&self, config: &mut server::Config) {
        config.workers = self.workers;
        config.lease = Duration::from_secs(self.lease.max(1));
        config.grace = Duration::from_secs(self.grace);
    }
}

#[derive(Subcommand)]
enum InvitesCommand {
    /// Print new invite codes for the app's sign-up page, one a line.
    Create {
        /// How many.
        #[arg(long, default_value_t = 1)]
        count: usize,
        #[command(flatten)]
        data: DataArgs,
    },
}

#[derive(Subcommand)]
enum UsersCommand {
    /// Set a member's tier: standard, or pro (the pro model, 1080p and 20 s).
    SetTier {
        /// The member's handle.
        handle: String,
        /// standard or pro.
        tier: String,
        #[command(flatten)]
        data: DataArgs,
    },
}

#[derive(Subcommand)]
enum KeysCommand {
    /// Create an API key for a user (created if new) and print it; only its hash is kept.
    Create {
        /// The user's name.
        user: String,
        #[command(flatten)]
        data: DataArgs,
    },
}

#[derive(Subcommand)]
enum WebhooksCommand {
    /// Send a user's video.completed and video.failed events to a URL; prints the signing secret.
    Add {
        /// The user's name.
        user: String,
        /// Where to POST events.
        url: String,
        #[command(flatten)]
        data: DataArgs,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum QualityArg {
    Draft,
    Standard,
    Pro,
}

#[derive(Subcommand)]
enum Command {
    /// Generate a video from a prompt.
    Generate {
        /// What should happen, in plain words.
        prompt: String,
        /// Where to write the MP4.
        #[arg(short, long)]
        output: PathBuf,
        /// Your handle, shown under "Diorama" in the visible mark (up to 24 letters,
        /// digits, _ . or -).
        #[arg(long)]
        handle: Option<String>,
        #[command(flatten)]
        video: VideoArgs,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Print the scene program a prompt becomes, or with --report how much of a file of
    /// prompts the planner understands. With a language model configured (DIORAMA_LLM_URL,
    /// or `url` under `[llm]` in ~/.config/diorama/config.toml or $DIORAMA_CONFIG), it plans
    /// and the rule-based planner is the fallback.
    Plan {
        /// What should happen, in plain words.
        #[arg(required_unless_present = "report")]
        prompt: Option<String>,
        /// Print {"scene", "understood", "unmapped", "warnings"} as JSON.
        #[arg(long)]
        json: bool,
        /// Length in seconds, from 1 to 20.
        #[arg(long, default_value_t = 8.0)]
        seconds: f32,
        /// A file of prompts, one a line (# starts a comment): print the share of content
        /// words mapped and of prompts fully understood, and what was not.
        #[arg(long, value_name = "PROMPTS.txt", conflicts_with = "prompt")]
        report: Option<PathBuf>,
    },
    /// Render a scene program (JSON) to an MP4.
    Render {
        /// The scene file.
        scene: PathBuf,
        /// Where to write the MP4.
        #[arg(short, long)]
        output: PathBuf,
        /// Your handle, shown under "Diorama" in the visible mark (up to 24 letters,
        /// digits, _ . or -).
        #[arg(long)]
        handle: Option<String>,
        #[command(flatten)]
        video: VideoArgs,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Simulate a scene program and write its Timeline (poses, contacts, cameras) as JSON.
    Simulate {
        /// The scene file.
        scene: PathBuf,
        /// Where to write the timeline JSON.
        #[arg(short, long)]
        output: PathBuf,
        #[command(flatten)]
        video: VideoArgs,
    },
    /// Render one frame of a scene program to a PNG.
    Frame {
        /// The scene file.
        scene: PathBuf,
        /// Time of the frame in seconds.
        #[arg(long)]
        at: f64,
        /// Where to write the PNG.
        #[arg(short, long)]
        output: PathBuf,
        #[command(flatten)]
        video: VideoArgs,
    },
    /// Score a scene program's sound alone (impacts, speech, ambience, music) to a WAV.
    Sound {
        /// The scene file.
        scene: PathBuf,
        /// Where to write the WAV.
        #[arg(short, long)]
        output: PathBuf,
        /// Also draw a spectrogram (with a waveform strip) to this PNG.
        #[arg(long)]
        spectrogram: Option<PathBuf>,
        #[command(flatten)]
        video: VideoArgs,
    },
    /// Run the platform: the OpenAI-compatible Videos API with in-process workers. On
    /// SIGTERM or Ctrl-C it stops accepting, lets requests and jobs finish for the grace
    /// period, gives unfinished jobs back to the queue and exits (a second signal exits
    /// at once).
    Serve(ServeArgs),
    /// Work the job queue of a server that shares this data directory (or database and
    /// media store), without serving HTTP: run `serve --workers 0` plus any number of these.
    /// Stops on SIGTERM or Ctrl-C as `serve` does.
    Worker {
        #[command(flatten)]
        data: DataArgs,
        #[command(flatten)]
        work: WorkArgs,
    },
    /// Check where a video came from: its C2PA manifest, the visible mark, the invisible
    /// marks' payload in the pictures and the sound and, with a data directory, the
    /// matching video record. Exit codes: 0 valid (a Diorama manifest over unchanged
    /// media), 3 not a Diorama file, 4 invalid or tampered, 5 Diorama's marks without a
    /// manifest (a re-encoded copy), 1 the check could not be made.
    Verify {
        /// The video (or sound file) to check.
        file: PathBuf,
        /// Print {"c2pa": …, "visible_mark": …, "watermark": …, "record": …} as JSON.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Manage API keys.
    Keys {
        #[command(subcommand)]
        command: KeysCommand,
    },
    /// Invite codes for the app (sign-up is by invitation).
    Invites {
        #[command(subcommand)]
        command: InvitesCommand,
    },
    /// Manage the app's members.
    Users {
        #[command(subcommand)]
        command: UsersCommand,
    },
    /// Manage webhooks (video.completed, video.failed).
    Webhooks {
        #[command(subcommand)]
        command: WebhooksCommand,
    },
    /// Render three frames (at 15%, 50% and 85% of the clip) of every prompt in a file into
    /// one PNG, one numbered prompt a row, and print the numbered prompts.
    ContactSheet {
        /// A file of prompts, one a line (# starts a comment).
        prompts: PathBuf,
        /// Where to write the PNG.
        #[arg(short, long)]
        output: PathBuf,
        /// Length of each clip in seconds, from 1 to 20.
        #[arg(long, default_value_t = 6.0)]
        seconds: f32,
        /// Size of each frame: a video size or a draft size (854x480, 640x360, 320x180).
        #[arg(long, default_value = "320x180")]
        size: String,
        /// Quality: draft, standard or pro.
        #[arg(long, value_enum, default_value_t = QualityArg::Draft)]
        quality: QualityArg,
    },
    /// List the real 3D models for things (Debian's sweethome3d-furniture, fetched by
    /// scripts/setup.sh): each one's name, category, size, licence and creator; with a
    /// word, the models it finds, best first. CC-BY models must be credited where used.
    Assets {
        /// A thing to look up ("dog", "bus", "armchair").
        word: Option<String>,
        /// Prepare every kind's model into the on-disk cache instead (`.assets/cache/`),
        /// so that films read them ready.
        #[arg(long, conflicts_with = "word")]
        cache: bool,
    },
    /// Print the JSON Schema of scene programs.
    Schema,
    /// Measure each stage on the basketball prompt.
    Bench {
        /// Measure the sound alone (speech, rain, crowd, music) instead of the video.
        #[arg(long)]
        sound: bool,
        /// Measure the API server alone under 200 concurrent clients, with 500 slow
        /// clients, and under eight maximum-size uploads (needs wrk).
        #[arg(long)]
        server: bool,
        /// With --server: the `diorama` program to measure as the server (another build,
        /// to compare with); this one by default.
        #[arg(long, value_name = "PATH", requires = "server")]
        server_bin: Option<PathBuf>,
        /// Measure the app's feed page: time to first byte with 100 members asking at
        /// once, on a data directory seeded with posted videos (kept for the next run).
        #[arg(long)]
        app: bool,
        /// With --app: the data directory to seed (or reuse).
        #[arg(
            long,
            value_name = "DIR",
            default_value = "target/bench-app",
            requires = "app"
        )]
        app_data: PathBuf,
        /// With --app: posted videos to seed.
        #[arg(long, default_value_t = 10_000, requires = "app")]
        app_videos: usize,
        /// Measure the provenance marks: marking and signing cost, detection time, and the
        /// invisible marks' robustness to ffmpeg attacks (a Markdown table).
        #[arg(long)]
        watermark: bool,
        /// Marked videos for --watermark.
        #[arg(long, default_value_t = 20)]
        videos: usize,
        /// Unmarked videos for --watermark (false alarms).
        #[arg(long, default_value_t = 100)]
        unmarked: usize,
        /// The prompt to measure the video stages on.
        #[arg(long, default_value = BENCH_PROMPT)]
        prompt: String,
        #[command(flatten)]
        video: VideoArgs,
    },
}

fn main() {
    // Mesa's device-select Vulkan layer looks for a Wayland or X display and complains on
    // stderr when there is none; an offscreen renderer has no use for it.
    if std::env::var_os("NODEVICE_SELECT").is_none() {
        // SAFETY: first thing in main, before any other thread exists.
        unsafe { std::env::set_var("NODEVICE_SELECT", "1") };
    }
    let cli = Cli::parse();
    // The server logs what it does; the other commands only what goes wrong.
    let default_log = match cli.command {
        Command::Serve(_) | Command::Worker { .. } => "warn,server=info",
        _ => "warn",
    };
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("DIORAMA_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default_log)),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    if let Err(e) = run(cli) {
        eprintln!("error: {}", format!("{e:#}").replace('\n', " "));
        std::process::exit(1);
    }
}

fn options(v: &VideoArgs) -> Result<Options> {
    let (width, height) = parse_size(&v.size)?;
    let quality = match v.quality {
        QualityArg::Draft => Quality::Draft,
        QualityArg::Standard => Quality::Standard,
        QualityArg::Pro => Quality::Pro,
    };
    let options = Options {
        width,
        height,
        fps: v.fps,
        seconds: v.seconds,
        seed: v.seed,
        quality,
    };
    options.check()?;
    Ok(options)
}

/// The scene file a command works on, and the options for it: its own length, and an
/// output path checked to end in `extension`.
fn scene_job(
    scene: &Path,
    output: &Path,
    extension: &str,
    video: &VideoArgs,
) -> Result<(Scene, Options)> {
    let mut options = options(video)?;
    check_output(output, extension)?;
    let scene = read_scene(scene)?;
    options.seconds = scene.duration;
    Ok((scene, options))
}

fn parse_size(text: &str) -> Result<(u32, u32)> {
    let size = text
        .split_once(['x', 'X'])
        .and_then(|(w, h)| Some((w.trim().parse().ok()?, h.trim().parse().ok()?)));
    match size {
        Some(s) if SIZES.contains(&s) => Ok(s),
        _ => {
            let known: Vec<String> = SIZES.iter().map(|(w, h)| format!("{w}x{h}")).collect();
            bail!("unknown size `{text}`; use one of {}", known.join(", "))
        }
    }
}

/// The largest scene file read (a scene at every limit is far smaller).
const MAX_SCENE_FILE_BYTES: u64 = 4 * 1024 * 1024;
/// The largest file of prompts read.
const MAX_PROMPTS_FILE_BYTES: u64 = 1024 * 1024;

/// A text file of at most `limit` bytes.
fn read_text(path: &Path, what: &str, limit: u64) -> Result<String> {
    let size = std::fs::metadata(path)
        .with_context(|| format!("cannot read {}", path.display()))?
        .len();
    if size > limit {
        bail!(
            "{} is {:.1} MiB; a {what} may be at most {} MiB",
            path.display(),
            size as f64 / (1024.0 * 1024.0),
            limit >> 20
        );
    }
    std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

fn read_scene(path: &Path) -> Result<Scene> {
    let text = read_text(path, "scene file", MAX_SCENE_FILE_BYTES)?;
    Scene::from_json(&text).with_context(|| format!("{} is not a valid scene", path.display()))
}

/// Runs a job with a progress bar on the terminal (hidden when stderr is not one).
fn with_progress<T>(job: impl FnOnce(engine::Progress) -> T) -> T {
    let bar = ProgressBar::new(1000);
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg:>9} [{bar:40}] {percent:>3}% {elapsed}")
            .expect("valid template")
            .progress_chars("=> "),
    );
    bar.enable_steady_tick(Duration::from_millis(120));
    let update = |stage: Stage, fraction: f32| {
        bar.set_message(stage_name(stage));
        bar.set_position((fraction * 1000.0) as u64);
    };
    let result = job(&update);
    bar.finish_and_clear();
    result
}

fn stage_name(stage: Stage) -> &'static str {
    match stage {
        Stage::Plan => "planning",
        Stage::Simulate => "simulating",
        Stage::Score => "scoring",
        Stage::Render => "rendering",
        Stage::Encode => "encoding",
        Stage::Mark => "marking",
    }
}

/// A handle for the visible mark, without its leading @, or what to type instead.
fn check_handle(text: &str) -> Result<&str> {
    let handle = text.strip_prefix('@').unwrap_or(text);
    let allowed = |c: char| c.is_ascii_alphanumeric() || "_.-".contains(c);
    if handle.is_empty() || handle.len() > 24 || !handle.chars().all(allowed) {
        bail!("handle `{text}` cannot be shown in the mark; use 1 to 24 letters, digits, _ . or -");
    }
    Ok(handle)
}

/// Renders a scene into `unsigned` with the visible mark (and the handle) and the
/// invisible marks carrying the scene's payload, showing progress; returns the payload.
fn render_marked(
    scene: &Scene,
    options: &Options,
    unsigned: &Path,
    handle: Option<&str>,
) -> Result<(engine::Report, u64)> {
    let mark = provenance::VisibleMark::new(handle);
    let payload = engine::scene_payload(scene, options);
    let report = with_progress(|update| {
        let hooks = engine::Hooks {
            progress: update,
            cancel: &Cancel::default(),
            tap: &mut |_, _| {},
            mark: &mark,
            payload: Some(payload),
        };
        engine::render_scene_with(scene, options, unsigned, hooks)
    })?;
    Ok((report, payload))
}

/// Where the engine writes a video before it is signed into `output`.
fn unsigned_path(output: &Path) -> PathBuf {
    let mut name = output.file_name().unwrap_or_default().to_os_string();
    name.push(".unsigned");
    output.with_file_name(name)
}

/// Signs the builtin generator's manifest into `output`.
fn sign_video(
    signing: &provenance::Signing,
    title: &str,
    prompt: &str,
    scene: &str,
    (watermark, credits): (u64, &[engine::Credit]),
    unsigned: &Path,
    output: &Path,
) -> Result<()> {
    let facts = provenance::Facts {
        title: title.chars().take(120).collect(),
        source: provenance::SourceType::Algorithmic,
        prompt,
        scene_json: scene,
        video_id: None,
        parent: None,
        watermark: Some(watermark),
        credits,
    };
    provenance::sign_file(signing, &facts, unsigned, output)
        .with_context(|| format!("signing {}", output.display()))
}

fn check_output(path: &Path, extension: &str) -> Result<()> {
    if path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
        != Some(extension)
    {
        bail!("output {} should end in .{extension}", path.display());
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && !dir.is_dir()
    {
        bail!(
            "folder {} does not exist; create it or write elsewhere",
            dir.display()
        );
    }
    Ok(())
}

fn print_report(report: &engine::Report, output: &Path) {
    eprintln!(
        "wrote {} ({} frames, {} contacts heard, {:.1} LUFS, {:.1} dBTP) in {:.1} s on {}",
        output.display(),
        report.frames,
        report.contacts,
        report.loudness,
        report.true_peak,
        report.wall.as_secs_f64(),
        report.adapter
    );
    for credit in &report.credits {
        eprintln!("credits: {}", credit_line(credit));
    }
}

/// A credit as one line: `Bulldog by Priide (CC-BY-3.0, from …)`.
fn credit_line(c: &engine::Credit) -> String {
    format!(
        "{} by {} ({}, from {})",
        c.title, c.creator, c.licence, c.source
    )
}

fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Generate {
            prompt,
            output,
            handle,
            video,
            data,
        } => generate(&prompt, &output, handle.as_deref(), &video, &data)?,
        Command::Plan {
            prompt,
            json,
            seconds,
            report,
        } => plan_command(prompt.as_deref(), json, seconds, report.as_deref())?,
        Command::Render {
            scene: scene_file,
            output,
            handle,
            video,
            data,
        } => {
            let handle = handle.as_deref().map(check_handle).transpose()?;
            let scene = &scene_file;
            let (scene, options) = scene_job(scene, &output, "mp4", &video)?;
            let signing = data.signing()?;
            let unsigned = unsigned_path(&output);
            let (report, payload) = render_marked(&scene, &options, &unsigned, handle)?;
            let json = serde_json::to_string(&scene)?;
            let title = scene_file.display().to_string();
            let marks = (payload, report.credits.as_slice());
            sign_video(&signing, &title, "", &json, marks, &unsigned, &output)?;
            print_report(&report, &output);
        }
        Command::Sound {
            scene,
            output,
            spectrogram,
            video,
        } => sound(&scene, &output, spectrogram.as_deref(), &video)?,
        Command::Simulate {
            scene,
            output,
            video,
        } => {
            let (scene, options) = scene_job(&scene, &output, "json", &video)?;
            let timeline = engine::simulate(&scene, &options)?;
            let text = serde_json::to_string(&timeline)?;
            std::fs::write(&output, text)
                .with_context(|| format!("cannot write {}", output.display()))?;
            eprintln!(
                "wrote {} ({} frames, {} contacts)",
                output.display(),
                timeline.frames.len(),
                timeline.contacts.len()
            );
        }
        Command::Frame {
            scene,
            at,
            output,
            video,
        } => {
            let (scene, options) = scene_job(&scene, &output, "png", &video)?;
            let rgba = engine::still(&scene, &options, at)?;
            media::write_png(&output, options.width, options.height, &rgba)?;
            eprintln!("wrote {}", output.display());
        }
        Command::ContactSheet {
            prompts,
            output,
            seconds,
            size,
            quality,
        } => {
            check_output(&output, "png")?;
            let options = options(&VideoArgs {
                seconds,
                size,
                fps: 24,
                seed: 0,
                quality,
            })?;
            let plan_options = plan::PlanOptions {
                seconds: options.seconds,
                seed: options.seed,
            };
            contact_sheet::make(&prompts, &output, &options, |p| {
                plan_prompt(p, &plan_options)
            })?;
        }
        Command::Assets { cache: true, .. } => {
            let ready = engine::prepare_models();
            println!("{ready} models prepared and kept in the cache");
        }
        Command::Assets { word, .. } => list_assets(word.as_deref())?,
        Command::Schema => println!("{}", serde_json::to_string_pretty(&Scene::json_schema())?),
        Command::Serve(args) => serve(&args)?,
        Command::Worker { data, work } => work_the_queue(&data, &work)?,
        Command::Verify { file, json, data } => {
            let code = verify::run(&file, json, &data)?.code();
            if code != 0 {
                use std::io::Write;
                std::io::stdout().flush()?;
                std::process::exit(code);
            }
        }
        Command::Keys {
            command: KeysCommand::Create { user, data },
        } => create_key(&user, &data)?,
        Command::Invites {
            command: InvitesCommand::Create { count, data },
        } => create_invites(count, &data)?,
        Command::Users {
            command: UsersCommand::SetTier { handle, tier, data },
        } => set_tier(&handle, &tier, &data)?,
        Command::Webhooks {
            command: WebhooksCommand::Add { user, url, data },
        } => add_webhook(&user, &url, &data)?,
        Command::Bench {
            server: true,
            server_bin,
            ..
        } => bench_server::run(10, server_bin.as_deref())?,
        Command::Bench {
            app: true,
            app_data,
            app_videos,
            ..
        } => bench_app::run(&app_data, app_videos, 10, 5)?,
        Command::Bench {
            watermark: true,
            video,
            videos,
            unmarked,
            ..
        } => bench_marks::run(&options(&video)?, videos, unmarked)?,
        Command::Bench {
            sound: true, video, ..
        } => bench_sound(&options(&video)?)?,
        Command::Bench { video, prompt, .. } => bench(&prompt, &options(&video)?)?,
    }
    Ok(())
}

/// `diorama generate`: plan, render, mark and sign a prompt's video.
fn generate(
    prompt: &str,
    output: &Path,
    handle: Option<&str>,
    video: &VideoArgs,
    data: &DataArgs,
) -> Result<()> {
    let options = options(video)?;
    let handle = handle.map(check_handle).transpose()?;
    check_output(output, "mp4")?;
    let signing = data.signing()?;
    let unsigned = unsigned_path(output);
    let plan = plan_prompt(
        prompt,
        &plan::PlanOptions {
            seconds: options.seconds,
            seed: options.seed,
        },
    )?;
    for notice in plan.notices() {
        eprintln!("warning: {notice}");
    }
    let (report, payload) = render_marked(&plan.scene, &options, &unsigned, handle)?;
    let scene = serde_json::to_string(&plan.scene)?;
    let marks = (payload, report.credits.as_slice());
    sign_video(&signing, prompt, prompt, &scene, marks, &unsigned, output)?;
    print_report(&report, output);
    Ok(())
}

/// `diorama sound`: a scene's sound track alone, and a picture of it.
fn sound(scene: &Path, output: &Path, spectrogram: Option<&Path>, video: &VideoArgs) -> Result<()> {
    let (scene, options) = scene_job(scene, output, "wav", video)?;
    if let Some(png) = spectrogram {
        check_output(png, "png")?;
    }
    let sound = engine::sound(&scene, &options)?;
    media::write_wav(output, &sound.samples, score::SAMPLE_RATE)?;
    if let Some(png) = spectrogram {
        media::write_spectrogram(png, &sound.samples, score::SAMPLE_RATE)?;
    }
    eprintln!(
        "wrote {} ({:.2} s, {:.1} LUFS, true peak {:.1} dBTP)",
        output.display(),
        sound.samples.len() as f64 / 2.0 / score::SAMPLE_RATE as f64,
        sound.measure.lufs,
        sound.measure.true_peak_db
    );
    Ok(())
}

/// `diorama plan`: one prompt's scene (and what was understood), or with `report` the
/// coverage of a file of prompts.
/// Prints the models `word` finds (all of them without one), a line each.
fn list_assets(word: Option<&str>) -> Result<()> {
    let catalog = assets::Catalog::open(&assets::default_dir())?;
    let found: Vec<&assets::Asset> = match word {
        Some(w) => catalog.find(w),
        None => catalog.assets.iter().collect(),
    };
    if found.is_empty() {
        anyhow::bail!(
            "no model is called {:?}; run `diorama assets` for the whole list",
            word.unwrap_or_default()
        );
    }
    for a in found {
        println!(
            "{:<32} {:<16} {:>5.2} x {:>5.2} x {:>5.2} m  {:<9}  {} ({})",
            a.name,
            a.category,
            a.size.x,
            a.size.y,
            a.size.z,
            a.licence.spdx(),
            a.creator,
            a.pack
        );
    }
    Ok(())
}

fn plan_command(
    prompt: Option<&str>,
    json: bool,
    seconds: f32,
    report: Option<&Path>,
) -> Result<()> {
    let options = plan::PlanOptions { seconds, seed: 0 };
    if let Some(file) = report {
        let text = read_text(file, "prompts file", MAX_PROMPTS_FILE_BYTES)?;
        let coverage = plan::coverage(&plan::prompts(&text), &options)?;
        if json {
            println!("{}", serde_json::to_string_pretty(&coverage)?);
        } else {
            print_coverage(&coverage);
        }
        return Ok(());
    }
    let plan = plan_prompt(prompt.unwrap_or_default(), &options)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&plan)?);
    } else {
        println!("{}", serde_json::to_string_pretty(&plan.scene)?);
        for u in &plan.understood {
            eprintln!("understood: {u}");
        }
        if !plan.unmapped.is_empty() {
            eprintln!("not understood: {}", plan.unmapped.join(", "));
        }
        for w in &plan.warnings {
            eprintln!("warning: {w}");
        }
    }
    Ok(())
}

/// `diorama keys create`: prints a new API key for a user (made if new).
fn create_key(user: &str, data: &DataArgs) -> Result<()> {
    let key = runtime()?.block_on(async {
        let app = server::App::open(data.config()).await?;
        let user = app.db().ensure_user(user).await?;
        anyhow::Ok(app.db().create_key(&user).await?)
    })?;
    println!("{key}");
    Ok(())
}

/// `diorama webhooks add`: registers a user's webhook and prints its signing secret.
fn add_webhook(user: &str, url: &str, data: &DataArgs) -> Result<()> {
    let hook = runtime()?.block_on(async {
        let app = server::App::open(data.config()).await?;
        let user = app.db().ensure_user(user).await?;
        server::add_webhook(app.db(), &user, url)
            .await
            .map_err(|e| anyhow::anyhow!(e.message))
    })?;
    println!("{}", hook.secret);
    Ok(())
}

/// `diorama invites create`: prints new invite codes for the app's sign-up page.
fn create_invites(count: usize, data: &DataArgs) -> Result<()> {
    if !(1..=1000).contains(&count) {
        bail!("--count must be from 1 to 1000");
    }
    let codes = runtime()?.block_on(async {
        let app = server::App::open(data.config()).await?;
        anyhow::Ok(app.db().create_invites(None, count).await?)
    })?;
    for code in codes {
        println!("{code}");
    }
    Ok(())
}

/// `diorama users set-tier`: a member's tier.
fn set_tier(handle: &str, tier: &str, data: &DataArgs) -> Result<()> {
    let Some(tier) = store::Tier::parse(tier) else {
        bail!("the tier is {tier:?}; use standard or pro");
    };
    let found = runtime()?.block_on(async {
        let app = server::App::open(data.config()).await?;
        anyhow::Ok(app.db().set_tier(handle, tier).await?)
    })?;
    if !found {
        bail!("there is no member @{handle}; they sign up first with an invite");
    }
    println!("@{handle} is now on the {} tier", tier.as_str());
    Ok(())
}

/// `diorama serve`: the API and its workers until a signal.
fn serve(args: &ServeArgs) -> Result<()> {
    let config = args.config();
    runtime()?.block_on(async {
        let signals = Signals::listen()?;
        let settings = web::Settings {
            public_url: args.public_url.clone().filter(|u| !u.is_empty()),
        };
        let server = server::start_with(config, args.addr, |app| {
            Some(web::router(app, settings))
        })
        .await?;
        eprintln!(
            "Diorama is serving the Videos API at http://{0}/v1 and the app at http://{0}/ (data in {1})",
            server.addr,
            args.data.data.display()
        );
        serve_until_signalled(server, args.work.grace, signals).await
    })
}

/// `diorama worker`: workers on a shared queue until a signal.
fn work_the_queue(data: &DataArgs, work: &WorkArgs) -> Result<()> {
    let mut config = data.config();
    work.apply(&mut config);
    config.workers = config.workers.max(1);
    runtime()?.block_on(async {
        let signals = Signals::listen()?;
        let workers = server::start_workers(config).await?;
        eprintln!(
            "Diorama worker is working the queue in {}",
            data.data.display()
        );
        serve_until_signalled(workers, work.grace, signals).await
    })
}

/// SIGTERM and SIGINT (Ctrl-C), listened for from the moment this is made, so that a
/// signal that arrives while the server is still starting is not lost (nor kills it).
struct Signals {
    terminate: tokio::signal::unix::Signal,
    interrupt: tokio::signal::unix::Signal,
}

impl Signals {
    fn listen() -> Result<Signals> {
        use tokio::signal::unix::{SignalKind, signal};
        Ok(Signals {
            terminate: signal(SignalKind::terminate())?,
            interrupt: signal(SignalKind::interrupt())?,
        })
    }

    /// Resolves on the next signal.
    async fn next(&mut self) {
        tokio::select! {
            _ = self.terminate.recv() => {}
            _ = self.interrupt.recv() => {}
        }
    }
}

/// Runs until a signal, then stops gracefully; a second signal stops at once.
async fn serve_until_signalled(
    server: server::Server,
    grace: u64,
    mut signals: Signals,
) -> Result<()> {
    signals.next().await;
    eprintln!(
        "stopping: finishing requests and jobs for up to {grace} s, then giving unfinished jobs back to the queue (signal again to stop at once)"
    );
    tokio::select! {
        () = server.stop() => eprintln!("stopped"),
        () = signals.next() => {
            eprintln!("stopped at once; unfinished jobs are taken up again when their lease lapses");
        }
    }
    Ok(())
}

/// Plans a prompt: with a language model when one is configured (falling back to the
/// rule-based planner on any failure), else with the rule-based planner.
fn plan_prompt(prompt: &str, options: &plan::PlanOptions) -> Result<plan::Plan> {
    Ok(match llm_plan::LlmConfig::configured() {
        Some(llm) => runtime()?.block_on(llm_plan::plan(&llm, prompt, options))?,
        None => plan::plan(prompt, options)?,
    })
}

/// Prints a coverage report: the two shares, then each prompt not fully understood.
fn print_coverage(c: &plan::Coverage) {
    let words: usize = c.prompts.iter().map(|p| p.content_words).sum();
    let full = c.prompts.iter().filter(|p| p.unmapped.is_empty()).count();
    println!(
        "content words mapped: {:.1}% of {words}",
        100.0 * c.words_mapped
    );
    println!(
        "prompts fully understood: {:.1}% ({full} of {})",
        100.0 * c.prompts_understood,
        c.prompts.len()
    );
    for p in c.prompts.iter().filter(|p| !p.unmapped.is_empty()) {
        println!(
            "  {}\n    not understood: {}",
            p.prompt,
            p.unmapped.join(", ")
        );
    }
}

/// A multi-threaded async runtime for the platform commands.
fn runtime() -> Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?)
}

/// Peak resident memory of this process in bytes (Linux), if known.
fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// The dialogue scene the sound benchmark scores: two speakers in the rain with a crowd
/// and music.
const BENCH_SOUND_SCENE: &str = r##"{"version":1,"duration":20,
"environment":{"setting":"street","time_of_day":"night","weather":"rain"},
"entities":[{"id":"anna","archetype":"person","position":[0,0,-0.6],"rotation":[0,-30,0]},
            {"id":"ben","archetype":"person","position":[0.3,0,0.6],"rotation":[0,30,0]},
            {"id":"ball","archetype":"basketball","position":[1,0,0],"velocity":[0,3,0]}],
"cast":[{"entity":"anna","description":"a woman"},{"entity":"ben","description":"an old man"}],
"dialogue":[{"at":0.5,"speaker":"anna","text":"Did you hear that? The rain is getting heavier."},
            {"at":4,"speaker":"ben","text":"We should go back inside before the storm gets worse."},
            {"at":9,"speaker":"anna","text":"Listen to the crowd! They are still cheering for the team."},
            {"at":14,"speaker":"ben","text":"Then let us stay a little longer and watch the game."}],
"sounds":[{"kind":"crowd","description":"a crowd murmurs"},{"kind":"music","mood":"calm"}]}"##;

/// Times the sound of a 20 s dialogue scene: five runs, median.
fn bench_sound(options: &Options) -> Result<()> {
    let scene = Scene::from_json(BENCH_SOUND_SCENE)?;
    let mut options = *options;
    options.seconds = scene.duration;
    let mut times = Vec::new();
    let mut speech_times = Vec::new();
    for _ in 0..5 {
        let start = std::time::Instant::now();
        engine::sound(&scene, &options)?;
        times.push(start.elapsed().as_secs_f64());
        let start = std::time::Instant::now();
        speech::speak_dialogue(&scene)?;
        speech_times.push(start.elapsed().as_secs_f64());
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (total, speech) = (median(&mut times), median(&mut speech_times));
    println!(
        "scene: 20 s, 4 dialogue lines, rain, crowd, music, a bouncing ball (street at night)"
    );
    println!("sound (simulate + speak + score + master), median of 5: {total:.3} s");
    println!("  of which speech synthesis: {speech:.3} s");
    println!(
        "audio seconds per wall second: {:.0}x realtime",
        scene.duration as f64 / total
    );
    Ok(())
}

fn bench(prompt: &str, options: &Options) -> Result<()> {
    let dir = std::env::temp_dir().join(format!("diorama-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let output = dir.join("bench.mp4");
    let (_, report) = engine::generate(prompt, options, &output, &|_, _| {}, &Cancel::default())?;
    let size = std::fs::metadata(&output).map(|m| m.len()).unwrap_or(0);
    std::fs::remove_dir_all(&dir)?;
    println!("prompt: {prompt}");
    println!(
        "clip: {}x{} at {} fps, {} s, {:?} quality; rendered on {}",
        options.width,
        options.height,
        options.fps,
        options.seconds,
        options.quality,
        report.adapter
    );
    for (stage, time) in &report.stages {
        println!("{:>10}: {:8.3} s", stage_name(*stage), time.as_secs_f64());
    }
    let wall = report.wall.as_secs_f64();
    let video_seconds = report.frames as f64 / options.fps as f64;
    println!("{:>10}: {:8.3} s (render and encode overlap)", "wall", wall);
    println!("  frames/s: {:8.1}", report.frames as f64 / wall);
    println!(
        "  realtime: {:8.2}x (video seconds per wall second)",
        video_seconds / wall
    );
    if let Some(peak) = peak_memory() {
        println!("  peak mem: {:8.1} MiB", peak as f64 / (1024.0 * 1024.0));
    }
    println!("  mp4 size: {:8.2} MiB", size as f64 / (1024.0 * 1024.0));
    Ok(())
}
