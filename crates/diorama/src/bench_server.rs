//! `diorama bench --server`: the API server alone under load. The generator is swapped for
//! a fixed pre-rendered MP4, the server runs in this process on loopback, and wrk (a load
//! generator in C, separate from the server) drives 200 concurrent connections at the
//! create, retrieve and list routes.

use anyhow::{Context, Result, bail};
use engine::{Cancel, Options, Quality};
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

/// Concurrent clients.
const CONNECTIONS: u32 = 200;

/// One route's figures.
struct Figures {
    requests_per_second: f64,
    p50_ms: f64,
    p99_ms: f64,
    errors: u64,
}

/// Measures create, retrieve and list for `seconds` each and prints a table.
pub fn run(seconds: u32) -> Result<()> {
    if Command::new("wrk").arg("--version").output().is_err() {
        bail!(
            "the server benchmark needs wrk; install it with `apt-get install wrk` (scripts/setup.sh does)"
        );
    }
    let dir = std::env::temp_dir().join(format!("diorama-bench-server-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    let asset = dir.join("asset.mp4");
    let options = Options {
        width: 320,
        height: 180,
        fps: 24,
        seconds: 4.0,
        seed: 0,
        quality: Quality::Draft,
    };
    engine::generate(
        crate::BENCH_PROMPT,
        &options,
        &asset,
        &|_, _| {},
        &Cancel::default(),
    )?;

    let mut config = server::Config::new(dir.join("data"));
    config.generator = Arc::new(server::FixedAsset {
        video: asset,
        delay: Duration::ZERO,
    });
    config.requests_per_second = 1e9;
    config.burst = 1e9;
    config.max_active_jobs = i64::MAX;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let (server, key, id) = runtime.block_on(async {
        let server = server::start(config, "127.0.0.1:0".parse()?).await?;
        let db = server.app().db();
        let user = db.ensure_user("bench").await?;
        let key = db.create_key(&user).await?;
        // Some videos to retrieve and list.
        let mut id = String::new();
        for n in 0..100 {
            let video = db
                .insert_video(&store::NewVideo {
                    user_id: user.id.clone(),
                    prompt: format!("a ball, take {n}"),
                    model: "diorama-1".into(),
                    size: "720x1280".into(),
                    seconds: "4".into(),
                    kind: store::JobKind::Create,
                    parent_id: None,
                    reference_key: None,
                    seed: n,
                    scene: None,
                    warnings: Vec::new(),
                })
                .await?;
            id = video.id;
        }
        // Let the worker finish them, so that only the requests are measured.
        while db.queue_depth().await? != store::QueueDepth::default() {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        anyhow::Ok((server, key, id))
    })?;
    let base = format!("http://{}", server.addr);
    let script = dir.join("create.lua");
    std::fs::write(
        &script,
        "wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\n\
         wrk.body = '{\"prompt\": \"a red ball bounces\", \"seconds\": \"4\"}'\n",
    )?;
    let routes = [
        ("retrieve", format!("{base}/v1/videos/{id}"), None),
        ("list", format!("{base}/v1/videos?limit=20"), None),
        (
            "create",
            format!("{base}/v1/videos"),
            Some(script.as_path()),
        ),
    ];
    println!(
        "server alone (fixed asset generator), {CONNECTIONS} connections, {seconds} s per route, wrk on loopback"
    );
    println!(
        "{:>10} {:>12} {:>10} {:>10} {:>8}",
        "route", "requests/s", "p50 ms", "p99 ms", "errors"
    );
    for (name, url, script) in routes {
        let f = wrk(&url, &key, script, seconds)?;
        println!(
            "{:>10} {:>12.0} {:>10.2} {:>10.2} {:>8}",
            name, f.requests_per_second, f.p50_ms, f.p99_ms, f.errors
        );
    }
    server.kill();
    drop(runtime);
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

fn wrk(url: &str, key: &str, script: Option<&Path>, seconds: u32) -> Result<Figures> {
    let mut command = Command::new("wrk");
    command
        .args(["-t", "2", "-c", &CONNECTIONS.to_string()])
        .args(["-d", &format!("{seconds}s"), "--latency"])
        .args(["-H", &format!("Authorization: Bearer {key}")]);
    if let Some(script) = script {
        command.arg("-s").arg(script);
    }
    let output = command.arg(url).output().context("running wrk")?;
    let text = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        bail!(
            "wrk failed: {text}{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let field = |label: &str| -> Option<&str> {
        text.lines()
            .find(|l| l.trim_start().starts_with(label))
            .and_then(|l| l.split_whitespace().nth(1))
    };
    let rps = field("Requests/sec:")
        .and_then(|v| v.parse().ok())
        .context("wrk printed no Requests/sec")?;
    let errors = text
        .lines()
        .find(|l| l.contains("Non-2xx or 3xx responses:"))
        .and_then(|l| l.split(':').nth(1))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    Ok(Figures {
        requests_per_second: rps,
        p50_ms: field("50%").map(millis).context("wrk printed no p50")?,
        p99_ms: field("99%").map(millis).context("wrk printed no p99")?,
        errors,
    })
}

/// wrk's durations ("812.00us", "3.21ms", "1.02s") in milliseconds.
fn millis(text: &str) -> f64 {
    let (number, unit) =
        text.split_at(text.find(|c: char| c.is_alphabetic()).unwrap_or(text.len()));
    let value: f64 = number.parse().unwrap_or(f64::NAN);
    match unit {
        "us" => value / 1000.0,
        "ms" => value,
        "s" => value * 1000.0,
        "m" => value * 60_000.0,
        _ => f64::NAN,
    }
}
