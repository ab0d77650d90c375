//! `diorama bench --app`: the app's feed page under load. A data directory is seeded with
//! posted videos from 200 creators and 100 members (each following ten creators, each
//! with a session); `diorama serve` runs as its own process; 100 clients, one a member,
//! ask for the feed over keep-alive connections, and the time to each answer's first
//! byte is measured. Also the bytes of script and style sheet a page loads.

use crate::bench_server::{ServerProcess, start_with};
use anyhow::{Context, Result};
use std::io::Write;
use std::net::SocketAddr;
use std::path::Path;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Members asking at once.
const SESSIONS: usize = 100;
/// Creators of the seeded videos.
const CREATORS: usize = 200;
/// A stand-in password hash: the benchmark's members never log in with a password.
const HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$YmVuY2hzYWx0$YmVuY2hoYXNo";

/// Seeds `data` with `videos` posted videos and the members' sessions (kept in
/// `sessions.txt` there, so that a seeded directory is used again).
fn seed(data: &Path, videos: usize) -> Result<Vec<String>> {
    let sessions_file = data.join("sessions.txt");
    if let Ok(text) = std::fs::read_to_string(&sessions_file) {
        let tokens: Vec<String> = text.lines().map(str::to_string).collect();
        if tokens.len() == SESSIONS {
            eprintln!("using the data seeded before in {}", data.display());
            return Ok(tokens);
        }
    }
    let started = Instant::now();
    let tokens = crate::runtime()?.block_on(async {
        let app = server::App::open(server::Config::new(data.to_path_buf())).await?;
        let db = app.db();
        let mut creators = Vec::with_capacity(CREATORS);
        for n in 0..CREATORS + SESSIONS {
            let code = db.create_invites(None, 1).await?.remove(0);
            let handle = format!("member{n}");
            let account = db
                .sign_up(&store::NewAccount {
                    invite: &code,
                    handle: &handle,
                    display_name: &format!("Member {n}"),
                    password_hash: HASH,
                    age: 30,
                })
                .await?;
            creators.push(account.user);
        }
        let progress = indicatif::ProgressBar::new(videos as u64);
        for n in 0..videos {
            let creator = &creators[n % CREATORS];
            let video = db
                .insert_video(&store::NewVideo {
                    user_id: creator.id.clone(),
                    prompt: format!("A red ball number {n} bounces on a wooden floor."),
                    model: "diorama-1".into(),
                    size: "720x1280".into(),
                    seconds: "4".into(),
                    kind: store::JobKind::Create,
                    parent_id: None,
                    reference_key: None,
                    seed: n as i64,
                    scene: None,
                    warnings: Vec::new(),
                })
                .await?;
            let claim = db.claim_job(60_000).await?.context("the job just queued")?;
            db.complete(
                &claim,
                ("4", &format!("{n:064x}")),
                &serde_json::json!([]),
                3600,
            )
            .await?;
            let caption = format!("Bounce {n} #ball #take{}", n % 50);
            db.post_video(&video.id, &creator.id, &caption, n % 3 == 0)
                .await?;
            progress.inc(1);
        }
        progress.finish_and_clear();
        let mut tokens = Vec::with_capacity(SESSIONS);
        for (m, viewer) in creators[CREATORS..].iter().enumerate() {
            for k in 0..10 {
                let followed = &creators[(m * 7 + k * 13) % CREATORS];
                db.follow(&viewer.id, &followed.id, true).await?;
            }
            tokens.push(db.create_session(&viewer.id, 86_400).await?.0);
        }
        anyhow::Ok(tokens)
    })?;
    std::fs::write(&sessions_file, tokens.join("\n"))?;
    eprintln!(
        "seeded {videos} videos and {SESSIONS} members in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    Ok(tokens)
}

/// One member asking for the feed on one keep-alive connection until `until`: once
/// every `pace` (starting `delay` in), or with `None` again as soon as each answer has
/// come. The time to the first byte of each answer, in milliseconds.
async fn member(
    addr: SocketAddr,
    token: String,
    until: Instant,
    pace: Option<(Duration, Duration)>,
) -> Result<Vec<f64>> {
    let mut stream = tokio::net::TcpStream::connect(addr).await?;
    let mut next = Instant::now() + pace.map_or(Duration::ZERO, |(_, delay)| delay);
    stream.set_nodelay(true)?;
    let request = format!(
        "GET / HTTP/1.1\r\nHost: {addr}\r\nCookie: diorama_session={token}\r\nAccept: text/html\r\n\r\n"
    );
    let mut times = Vec::new();
    let mut buffer = vec![0u8; 256 * 1024];
    loop {
        if let Some((every, _)) = pace {
            tokio::time::sleep_until(next.into()).await;
            next += every;
        }
        if Instant::now() >= until {
            break;
        }
        let asked = Instant::now();
        stream.write_all(request.as_bytes()).await?;
        let mut got = stream.read(&mut buffer).await?;
        anyhow::ensure!(got > 0, "the server closed the connection");
        times.push(asked.elapsed().as_secs_f64() * 1000.0);
        // Read the rest of the answer: headers, then Content-Length bytes of body.
        loop {
            let text = &buffer[..got];
            if let Some(end) = text.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&text[..end]).to_ascii_lowercase();
                anyhow::ensure!(
                    head.starts_with("http/1.1 200"),
                    "the feed answered {}",
                    head.lines().next().unwrap_or_default()
                );
                let length: usize = head
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length:"))
                    .and_then(|v| v.trim().parse().ok())
                    .context("no content-length")?;
                let mut have = got - end - 4;
                while have < length {
                    let n = stream.read(&mut buffer).await?;
                    anyhow::ensure!(n > 0, "the answer was cut off");
                    have += n;
                }
                break;
            }
            let n = stream.read(&mut buffer[got..]).await?;
            anyhow::ensure!(n > 0, "the answer was cut off");
            got += n;
        }
    }
    Ok(times)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// Gzip size of a text, as a browser would fetch it compressed.
fn gzipped(text: &[u8]) -> Result<usize> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(text)?;
    Ok(encoder.finish()?.len())
}

/// Seeds (or reuses) `data`, serves it, and measures the feed for `seconds`, `runs` times.
pub fn run(data: &Path, videos: usize, seconds: u32, runs: usize) -> Result<()> {
    std::fs::create_dir_all(data)?;
    let tokens = seed(data, videos)?;
    let bin = std::env::current_exe()?;
    let server: ServerProcess = start_with(&bin, data, &["--workers".as_ref(), "0".as_ref()])?;
    let addr = server.addr;
    let runtime = crate::runtime()?;
    let measure = |seconds: u32, pace: bool| -> Result<Vec<f64>> {
        let until = Instant::now() + Duration::from_secs(seconds.into());
        let every = Duration::from_secs(1);
        runtime.block_on(async {
            let tasks: Vec<_> = tokens
                .iter()
                .enumerate()
                .map(|(n, t)| {
                    // Paced members ask once a second each, spread over the second.
                    let pace = pace.then(|| (every, every * n as u32 / SESSIONS as u32));
                    tokio::spawn(member(addr, t.clone(), until, pace))
                })
                .collect();
            let mut all = Vec::new();
            for task in tasks {
                all.extend(task.await??);
            }
            all.sort_by(f64::total_cmp);
            anyhow::Ok(all)
        })
    };
    measure(1, false)?;
    for (pace, title) in [
        (true, "each member asks once a second"),
        (
            false,
            "each member asks again as soon as answered (saturation)",
        ),
    ] {
        println!(
            "\nfeed page, {SESSIONS} members with sessions, {videos} posted videos, {title}, {seconds} s a run:"
        );
        println!("| run | answers/s | TTFB p50 | TTFB p99 |");
        println!("|----:|----------:|---------:|---------:|");
        let (mut p50s, mut p99s) = (Vec::new(), Vec::new());
        for run in 1..=runs {
            let sorted = measure(seconds, pace)?;
            let (p50, p99) = (percentile(&sorted, 0.5), percentile(&sorted, 0.99));
            println!(
                "| {run} | {:.0} | {p50:.1} ms | {p99:.1} ms |",
                sorted.len() as f64 / f64::from(seconds)
            );
            p50s.push(p50);
            p99s.push(p99);
        }
        p50s.sort_by(f64::total_cmp);
        p99s.sort_by(f64::total_cmp);
        println!(
            "median of the runs: TTFB p50 {:.1} ms, p99 {:.1} ms",
            p50s[p50s.len() / 2],
            p99s[p99s.len() / 2]
        );
    }
    println!(
        "server peak memory {:.0} MiB",
        server.memory("VmHWM").unwrap_or(0) as f64 / (1 << 20) as f64
    );
    let (mut raw, mut compressed) = (0, 0);
    for (name, text) in web::assets() {
        let z = gzipped(text.as_bytes())?;
        println!("{name}: {} bytes, {z} gzipped", text.len());
        raw += text.len();
        compressed += z;
    }
    println!("script and style in all: {raw} bytes, {compressed} gzipped");
    Ok(())
}
