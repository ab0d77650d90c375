//! `diorama bench --server`: the API server alone under load. The server is a separate
//! `diorama serve` process (this program, or another build given with --server-bin) whose
//! generator is a fixed pre-rendered MP4; wrk (a load generator in C) drives 200
//! concurrent connections at the retrieve, list and create routes, then retrieve again
//! while 500 slow clients hold connections open; then eight maximum-size uploads arrive
//! at once while the server's memory is watched, and retrieve is measured once more while
//! batches of them keep arriving.

use anyhow::{Context, Result, bail};
use engine::{Cancel, Options, Quality};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Concurrent clients.
const CONNECTIONS: u32 = 200;
/// Slow clients held open during the second retrieve run, from four loopback addresses.
const SLOW_CLIENTS: usize = 500;
const SLOW_ADDRESSES: [&str; 4] = ["127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"];
/// Uploads sent at once, each as large as a request may be.
const UPLOADS: usize = 8;
/// The body limit of the server (`server::Config::max_body_bytes`).
const MAX_BODY: usize = 20 * 1024 * 1024;

/// One route's figures.
struct Figures {
    requests_per_second: f64,
    p50_ms: f64,
    p99_ms: f64,
    errors: u64,
}

/// The server process under test, killed when dropped.
pub struct ServerProcess {
    child: Child,
    /// Where it listens.
    pub addr: SocketAddr,
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl ServerProcess {
    /// A figure from /proc/PID/status in bytes (`VmHWM`, `VmRSS`).
    pub fn memory(&self, field: &str) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let line = status.lines().find(|l| l.starts_with(field))?;
        Some(line.split_whitespace().nth(1)?.parse::<u64>().ok()? * 1024)
    }
}

/// Measures the routes for `seconds` each against `server_bin` (this program when
/// `None`) and prints a table.
pub fn run(seconds: u32, server_bin: Option<&Path>) -> Result<()> {
    if Command::new("wrk").arg("--version").output().is_err() {
        bail!(
            "the server benchmark needs wrk; install it with `apt-get install wrk` (scripts/setup.sh does)"
        );
    }
    let bin = match server_bin {
        Some(path) => path.to_path_buf(),
        None => std::env::current_exe()?,
    };
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
    let data = dir.join("data");
    let (key, id) = seed(&data)?;
    let server = start(&bin, &data, &asset)?;
    wait_until_done(&server, &key, &id)?;
    println!(
        "server alone ({}, fixed asset generator), {CONNECTIONS} connections, {seconds} s per route, wrk on loopback",
        bin.display()
    );
    println!(
        "{:>24} {:>12} {:>10} {:>10} {:>8}",
        "route", "requests/s", "p50 ms", "p99 ms", "errors"
    );
    let retrieve = format!("http://{}/v1/videos/{id}", server.addr);
    measure_routes(&server, &key, &retrieve, &dir, seconds)?;
    measure_with_slow_clients(&server, &key, &retrieve, seconds)?;
    measure_uploads(&server, &key, &retrieve, seconds)?;
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

/// Retrieve, list and create, each alone.
fn measure_routes(
    server: &ServerProcess,
    key: &str,
    retrieve: &str,
    dir: &Path,
    seconds: u32,
) -> Result<()> {
    let base = format!("http://{}", server.addr);
    let script = dir.join("create.lua");
    std::fs::write(
        &script,
        "wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\n\
         wrk.body = '{\"prompt\": \"a red ball bounces\", \"seconds\": \"4\"}'\n",
    )?;
    let routes = [
        ("retrieve", retrieve.to_string(), None),
        ("list", format!("{base}/v1/videos?limit=20"), None),
        (
            "create",
            format!("{base}/v1/videos"),
            Some(script.as_path()),
        ),
    ];
    for (name, url, script) in routes {
        print_row(name, &wrk(&url, key, script, seconds)?);
    }
    Ok(())
}

/// Retrieve while the slow clients hold their connections open.
fn measure_with_slow_clients(
    server: &ServerProcess,
    key: &str,
    retrieve: &str,
    seconds: u32,
) -> Result<()> {
    let slow = SlowClients::start(server.addr);
    std::thread::sleep(Duration::from_secs(2));
    let held_before = slow.open.load(Ordering::Relaxed);
    let figures = wrk(retrieve, key, None, seconds)?;
    let held_after = slow.open.load(Ordering::Relaxed);
    let cut = slow.cut.load(Ordering::Relaxed);
    slow.stop();
    print_row("retrieve, 500 slow held", &figures);
    println!(
        "  slow connections open: {held_before} at the start, {held_after} at the end; cut off by the server {cut} times (each reopened at once)"
    );
    Ok(())
}

fn mib(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

/// Eight maximum-size uploads at once and the server's memory, then retrieve while
/// batches of them keep arriving.
fn measure_uploads(server: &ServerProcess, key: &str, retrieve: &str, seconds: u32) -> Result<()> {
    let bodies = Arc::new(upload_bodies()?);
    let resident = server.memory("VmRSS:").unwrap_or(0);
    let (took, statuses) = uploads(server.addr, key, &bodies)?;
    let peak = server.memory("VmHWM:").unwrap_or(0);
    println!(
        "{UPLOADS} uploads of {:.1} MiB at once (a {}x{} image): answered {statuses:?} in {:.2} s",
        mib(bodies[0].1.len() as u64),
        server::MAX_REFERENCE_SIDE,
        server::MAX_REFERENCE_SIDE,
        took.as_secs_f64()
    );
    println!(
        "  server memory: {:.0} MiB resident before, peak {:.0} MiB",
        mib(resident),
        mib(peak)
    );
    let stop = Arc::new(AtomicBool::new(false));
    let batches = {
        let (stop, bodies, key, addr) =
            (stop.clone(), bodies.clone(), key.to_string(), server.addr);
        std::thread::spawn(move || {
            let mut batches = 0;
            while !stop.load(Ordering::Relaxed) && uploads(addr, &key, &bodies).is_ok() {
                batches += 1;
            }
            batches
        })
    };
    let figures = wrk(retrieve, key, None, seconds)?;
    stop.store(true, Ordering::Relaxed);
    let batches = batches
        .join()
        .map_err(|_| anyhow::anyhow!("the upload thread panicked"))?;
    print_row("retrieve, during uploads", &figures);
    println!(
        "  {batches} batches of {UPLOADS} uploads answered meanwhile; server peak memory {:.0} MiB",
        mib(server.memory("VmHWM:").unwrap_or(0))
    );
    Ok(())
}

fn print_row(name: &str, f: &Figures) {
    println!(
        "{:>24} {:>12.0} {:>10.2} {:>10.2} {:>8}",
        name, f.requests_per_second, f.p50_ms, f.p99_ms, f.errors
    );
}

/// A user, a key and 100 videos to retrieve and list, written straight into the store.
fn seed(data: &Path) -> Result<(String, String)> {
    let runtime = crate::runtime()?;
    runtime.block_on(async {
        let app = server::App::open(server::Config::new(data.to_path_buf())).await?;
        let db = app.db();
        let user = db.ensure_user("bench").await?;
        let key = db.create_key(&user).await?;
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
        anyhow::Ok((key, id))
    })
}

/// Starts `bin serve` on a free loopback port with limits that do not get in the way.
fn start(bin: &Path, data: &Path, asset: &Path) -> Result<ServerProcess> {
    let asset = asset.as_os_str().to_owned();
    start_with(bin, data, &["--fixed-asset".as_ref(), asset.as_os_str()])
}

/// Starts `bin serve` on a free loopback port with limits that do not get in the way,
/// and `extra` arguments.
pub fn start_with(bin: &Path, data: &Path, extra: &[&std::ffi::OsStr]) -> Result<ServerProcess> {
    let mut child = Command::new(bin)
        .args(["serve", "--addr", "127.0.0.1:0", "--rate", "1000000000"])
        .args(["--max-jobs", "1000000000", "--data"])
        .arg(data)
        .args(extra)
        .env("DIORAMA_LOG", "error")
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("starting {}", bin.display()))?;
    let mut lines = BufReader::new(child.stderr.take().context("no stderr")?).lines();
    let addr = loop {
        let Some(line) = lines.next() else {
            bail!("the server exited before it was serving");
        };
        if let Some(rest) = line?.split("serving the Videos API at http://").nth(1) {
            break rest
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .trim_end_matches("/v1")
                .parse()?;
        }
    };
    std::thread::spawn(move || for _ in lines {});
    Ok(ServerProcess { child, addr })
}

/// One HTTP/1.1 request on a fresh connection; the status code and the body.
fn request(addr: SocketAddr, head: &str, body: &[u8]) -> Result<(u16, String)> {
    let mut stream = std::net::TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(120)))?;
    stream.write_all(head.as_bytes())?;
    stream.write_all(body)?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer)?;
    let answer = String::from_utf8_lossy(&answer).to_string();
    let status = answer
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .context("no status in the answer")?;
    let body = answer.split("\r\n\r\n").nth(1).unwrap_or_default();
    Ok((status, body.to_string()))
}

/// Waits until the seeded videos are done, so that only the requests are measured.
fn wait_until_done(server: &ServerProcess, key: &str, id: &str) -> Result<()> {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let head = format!(
            "GET /v1/videos/{id} HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer {key}\r\nConnection: close\r\n\r\n"
        );
        let (_, body) = request(server.addr, &head, b"")?;
        if body.contains("\"completed\"") {
            return Ok(());
        }
        if Instant::now() > deadline {
            bail!("the seeded videos were not done in two minutes: {body}");
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// Slow clients: each connects from one of the loopback addresses, sends a request's
/// first line and then a header byte a second; when the server closes it, it connects
/// again at once.
struct SlowClients {
    open: Arc<AtomicUsize>,
    cut: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    runtime: tokio::runtime::Runtime,
}

impl SlowClients {
    fn start(server: SocketAddr) -> SlowClients {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("a runtime");
        let (open, cut, stop) = (Arc::default(), Arc::default(), Arc::default());
        for n in 0..SLOW_CLIENTS {
            let local: SocketAddr = format!("{}:0", SLOW_ADDRESSES[n % SLOW_ADDRESSES.len()])
                .parse()
                .expect("an address");
            let (open, cut, stop) = (Arc::clone(&open), Arc::clone(&cut), Arc::clone(&stop));
            runtime.spawn(slow_client(server, local, open, cut, stop));
        }
        SlowClients {
            open,
            cut,
            stop,
            runtime,
        }
    }

    fn stop(self) {
        self.stop.store(true, Ordering::Relaxed);
        self.runtime.shutdown_timeout(Duration::from_secs(2));
    }
}

async fn slow_client(
    server: SocketAddr,
    local: SocketAddr,
    open: Arc<AtomicUsize>,
    cut: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
) {
    use tokio::io::AsyncWriteExt;
    while !stop.load(Ordering::Relaxed) {
        let Ok(socket) = tokio::net::TcpSocket::new_v4() else {
            return;
        };
        if socket.bind(local).is_err() {
            return;
        }
        let Ok(mut stream) = socket.connect(server).await else {
            tokio::time::sleep(Duration::from_millis(100)).await;
            continue;
        };
        if stream
            .write_all(b"GET /v1/videos HTTP/1.1\r\nHost: slow\r\n")
            .await
            .is_err()
        {
            continue;
        }
        open.fetch_add(1, Ordering::Relaxed);
        while !stop.load(Ordering::Relaxed) {
            tokio::time::sleep(Duration::from_secs(1)).await;
            if stream.write_all(b"X").await.is_err() {
                cut.fetch_add(1, Ordering::Relaxed);
                break;
            }
        }
        open.fetch_sub(1, Ordering::Relaxed);
    }
}

/// A multipart body as large as a request may be: a prompt and a PNG at the pixel limit,
/// noise in its top rows so that it does not compress below the body limit.
fn upload_body(seed: &[u8; 4]) -> (String, Vec<u8>) {
    let boundary = "diorama-bench-boundary";
    let head = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\na red ball bounces\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"input_reference\"; filename=\"ref.png\"\r\n\
         Content-Type: image/png\r\n\r\n"
    );
    let tail = format!("\r\n--{boundary}--\r\n");
    // Noise compresses to a little more than itself; take less until the body fits.
    let mut noisy = MAX_BODY - 1024 * 1024;
    loop {
        let png = noisy_png(seed, noisy);
        let size = head.len() + png.len() + tail.len();
        if size <= MAX_BODY {
            let mut body = head.into_bytes();
            body.extend_from_slice(&png);
            body.extend_from_slice(tail.as_bytes());
            return (boundary.to_string(), body);
        }
        noisy -= size - MAX_BODY + 64 * 1024;
    }
}

/// A PNG at the pixel limit whose first `noisy` bytes of pixels are noise.
fn noisy_png(seed: &[u8; 4], noisy: usize) -> Vec<u8> {
    let side = server::MAX_REFERENCE_SIDE;
    let mut pixels = vec![96u8; (side * side * 3) as usize];
    let mut state = u32::from_le_bytes(*seed) | 1;
    for p in pixels.iter_mut().take(noisy) {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        *p = state as u8;
    }
    let mut png = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut png, side, side);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_compression(png::Compression::Balanced);
        let mut writer = encoder.write_header().expect("a PNG header");
        writer.write_image_data(&pixels).expect("PNG data");
    }
    png
}

/// Eight bodies as large as a request may be.
fn upload_bodies() -> Result<Vec<(String, Vec<u8>)>> {
    let bodies: Vec<(String, Vec<u8>)> = (0..UPLOADS as u32)
        .map(|n| upload_body(&n.to_le_bytes()))
        .collect();
    if let Some((_, body)) = bodies.iter().find(|(_, b)| b.len() > MAX_BODY) {
        bail!(
            "an upload of {} bytes is over the {MAX_BODY}-byte limit",
            body.len()
        );
    }
    Ok(bodies)
}

/// Sends the uploads at once; how long until the last answer, and each status.
fn uploads(
    server: SocketAddr,
    key: &str,
    bodies: &Arc<Vec<(String, Vec<u8>)>>,
) -> Result<(Duration, Vec<u16>)> {
    let start = Instant::now();
    let sent: Vec<_> = (0..bodies.len())
        .map(|n| {
            let (boundary, body) = &bodies[n];
            let head = format!(
                "POST /v1/videos HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer {key}\r\n\
                 Content-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {}\r\n\
                 Connection: close\r\n\r\n",
                body.len()
            );
            let bodies = bodies.clone();
            std::thread::spawn(move || request(server, &head, &bodies[n].1))
        })
        .collect();
    let mut statuses = Vec::new();
    for upload in sent {
        let (status, _) = upload
            .join()
            .map_err(|_| anyhow::anyhow!("an upload thread panicked"))??;
        statuses.push(status);
    }
    Ok((start.elapsed(), statuses))
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
