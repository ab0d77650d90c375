//! The platform under hostile input, overload and shutdown, each against a real
//! `diorama serve` process (its generator a fixed MP4, so that the server's own behaviour
//! is what is measured) or the real CLI.

use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use testkit::workdir;

const BIN: &str = env!("CARGO_BIN_EXE_diorama");

/// A `diorama serve` process, killed when dropped; its log is kept.
struct Served {
    child: Child,
    base: String,
    addr: SocketAddr,
    log: Arc<Mutex<Vec<String>>>,
    /// Reads the log until the process ends.
    reader: Option<std::thread::JoinHandle<()>>,
}

impl Served {
    /// Starts a server on a free port of 127.0.0.1 with the data in `dir/data`, answering
    /// jobs with the fixed asset after `seconds`.
    fn start(dir: &Path, seconds: f64, extra: &[&str]) -> Served {
        let asset = dir.join("asset.mp4");
        if !asset.exists() {
            testkit::grey_clip(&asset, 0);
        }
        let mut child = Command::new(BIN)
            .args(["serve", "--addr", "127.0.0.1:0", "--data"])
            .arg(dir.join("data"))
            .arg("--fixed-asset")
            .arg(&asset)
            .args(["--fixed-asset-seconds", &seconds.to_string()])
            .args(extra)
            .env("DIORAMA_LOG", "warn,server=info")
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let log: Arc<Mutex<Vec<String>>> = Arc::default();
        let (found, address) = std::sync::mpsc::channel();
        let reader = {
            let log = log.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                    if let Some(rest) = line.split("serving the Videos API at ").nth(1) {
                        let _ = found.send(rest.split_whitespace().next().unwrap().to_string());
                    }
                    log.lock().unwrap().push(line);
                }
            })
        };
        let base = address
            .recv_timeout(Duration::from_secs(30))
            .unwrap_or_else(|_| panic!("the server did not start: {:?}", log.lock().unwrap()));
        let base = base.trim_end_matches("/v1").to_string();
        let addr = base.trim_start_matches("http://").parse().unwrap();
        Served {
            child,
            base,
            addr,
            log,
            reader: Some(reader),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().join("\n")
    }

    /// Waits (a few seconds at most) for a line of the log holding `needle`: a request's
    /// line is written after its answer.
    fn wait_for_log(&self, needle: &str) {
        let deadline = Instant::now() + Duration::from_secs(5);
        while !self.log().contains(needle) {
            assert!(Instant::now() < deadline, "no {needle} in {}", self.log());
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Sends SIGTERM and waits for the process to end and its whole log to be read;
    /// returns how long it took to end.
    fn terminate(&mut self) -> (Duration, std::process::ExitStatus) {
        let start = Instant::now();
        let sent = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                let took = start.elapsed();
                if let Some(reader) = self.reader.take() {
                    reader.join().unwrap();
                }
                return (took, status);
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "the server did not stop: {}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A new API key for `user` in the data directory.
fn key(dir: &Path, user: &str) -> String {
    let out = Command::new(BIN)
        .args(["keys", "create", user, "--data"])
        .arg(dir.join("data"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

async fn send(request: reqwest::RequestBuilder) -> (StatusCode, Value) {
    let response = request.send().await.unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn wait_for(c: &Client, s: &Served, key: &str, id: &str, status: &str) -> Value {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let (_, video) = send(c.get(s.url(&format!("/v1/videos/{id}"))).bearer_auth(key)).await;
        if video["status"] == status {
            return video;
        }
        assert!(
            Instant::now() < deadline,
            "{id} never became {status}: {video}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Files under a folder, recursively (none when it does not exist).
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .flat_map(|e| {
            let path = e.path();
            if path.is_dir() {
                files_under(&path)
            } else {
                vec![path]
            }
        })
        .collect()
}

/// A grey PNG of any size: tiny on disk however many pixels it claims.
fn flat_png(width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_compression(png::Compression::High);
        let mut writer = encoder.write_header().unwrap();
        let mut stream = writer.stream_writer().unwrap();
        let row = vec![128u8; width as usize];
        for _ in 0..height {
            stream.write_all(&row).unwrap();
        }
        stream.finish().unwrap();
    }
    out
}

fn upload(prompt: &str, image: Vec<u8>) -> reqwest::multipart::Form {
    reqwest::multipart::Form::new()
        .text("prompt", prompt.to_string())
        .part(
            "input_reference",
            reqwest::multipart::Part::bytes(image).file_name("reference.png"),
        )
}

/// Creates `n` videos at once, each with `image` as its reference; their answers.
async fn upload_at_once(
    c: &Client,
    served: &Served,
    key: &str,
    image: &[u8],
    n: usize,
) -> Vec<(StatusCode, Value)> {
    let sent: Vec<_> = (0..n)
        .map(|_| {
            let request = c
                .post(served.url("/v1/videos"))
                .bearer_auth(key)
                .multipart(upload("a red ball", image.to_vec()));
            tokio::spawn(send(request))
        })
        .collect();
    let mut answers = Vec::new();
    for request in sent {
        answers.push(request.await.unwrap());
    }
    answers
}

/// Asks /healthz every few milliseconds until `stop`, and returns the slowest answer.
fn watch_health(
    url: String,
    stop: Arc<std::sync::atomic::AtomicBool>,
) -> std::thread::JoinHandle<Duration> {
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let c = Client::new();
            let mut slowest = Duration::ZERO;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let start = Instant::now();
                let r = c.get(&url).send().await.unwrap();
                assert_eq!(r.status(), StatusCode::OK);
                slowest = slowest.max(start.elapsed());
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
            slowest
        })
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_image_bomb_is_refused_at_once_and_decoding_never_stalls_the_server() {
    let dir = workdir("bomb");
    let served = Served::start(&dir, 0.0, &["--max-jobs", "100"]);
    let alice = key(&dir, "alice");
    let c = Client::new();
    // Large images that do decode (4096x4096 each), made before the clock starts.
    let mut big = image::RgbImage::new(4096, 4096);
    for (x, y, p) in big.enumerate_pixels_mut() {
        *p = image::Rgb([(x / 16) as u8, (y / 16) as u8, 96]);
    }
    let mut jpeg = Vec::new();
    image::DynamicImage::ImageRgb8(big)
        .write_to(
            &mut std::io::Cursor::new(&mut jpeg),
            image::ImageFormat::Jpeg,
        )
        .unwrap();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let health = watch_health(served.url("/healthz"), stop.clone());
    tokio::time::sleep(Duration::from_millis(200)).await;

    // Eight 11000x11000 PNGs of a few hundred KB each, all at once.
    let bomb = flat_png(11_000, 11_000);
    assert!(bomb.len() < 1_000_000, "{}", bomb.len());
    let started = Instant::now();
    for (status, reply) in upload_at_once(&c, &served, &alice, &bomb, 8).await {
        assert_eq!(status, StatusCode::BAD_REQUEST, "{reply}");
        assert_eq!(reply["error"]["code"], "image_too_large", "{reply}");
        assert_eq!(reply["error"]["param"], "input_reference", "{reply}");
        let message = reply["error"]["message"].as_str().unwrap();
        assert!(
            message.contains("11000x11000") && message.contains("4096x4096"),
            "{message}"
        );
    }
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );

    // Eight large images that do decode: decoded off the runtime.
    let accepted = upload_at_once(&c, &served, &alice, &jpeg, 8).await;
    for (status, reply) in &accepted {
        assert_eq!(*status, StatusCode::OK, "{reply}");
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let slowest = health.join().unwrap();
    eprintln!("slowest /healthz while images were checked: {slowest:?}");
    assert!(
        slowest < Duration::from_millis(50),
        "/healthz took {slowest:?} while images were checked"
    );
    // The refused bombs left nothing; each accepted image is stored once.
    let references = files_under(&dir.join("data/media/references"));
    assert_eq!(references.len(), 8, "{references:?}");
    // Deleting a video deletes its reference image.
    let id = accepted[0].1["id"].as_str().unwrap();
    let (status, _) = send(
        c.delete(served.url(&format!("/v1/videos/{id}")))
            .bearer_auth(&alice),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(files_under(&dir.join("data/media/references")).len(), 7);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_file_remains_after_any_kind_of_refusal() {
    let dir = workdir("refusals");
    let served = Served::start(&dir, 30.0, &["--max-jobs", "1", "--rate", "1000"]);
    let alice = key(&dir, "alice");
    let c = Client::new();
    let image = flat_png(64, 64);
    let url = served.url("/v1/videos");
    let refused = [
        (
            "an empty prompt",
            upload("   ", image.clone()),
            StatusCode::BAD_REQUEST,
        ),
        (
            "an unknown model",
            upload("a ball", image.clone()).text("model", "sora-9"),
            StatusCode::BAD_REQUEST,
        ),
        (
            "an unknown field",
            upload("a ball", image.clone()).text("colour", "red"),
            StatusCode::BAD_REQUEST,
        ),
        (
            "a prompt sent as a file",
            reqwest::multipart::Form::new()
                .part(
                    "prompt",
                    reqwest::multipart::Part::bytes(b"a ball".to_vec()).file_name("p.txt"),
                )
                .part(
                    "input_reference",
                    reqwest::multipart::Part::bytes(image.clone()).file_name("r.png"),
                ),
            StatusCode::BAD_REQUEST,
        ),
        (
            "a file that is not an image",
            upload("a ball", b"%PDF-1.4".to_vec()),
            StatusCode::BAD_REQUEST,
        ),
        (
            "an image bomb",
            upload("a ball", flat_png(5000, 5000)),
            StatusCode::BAD_REQUEST,
        ),
        (
            "a prompt over the length limit",
            upload(&"a ball ".repeat(5000), image.clone()),
            StatusCode::BAD_REQUEST,
        ),
    ];
    for (what, form, want) in refused {
        let (status, reply) = send(c.post(&url).bearer_auth(&alice).multipart(form)).await;
        assert_eq!(status, want, "{what}: {reply}");
        assert!(
            files_under(&dir.join("data/media")).is_empty(),
            "{what} left a file"
        );
    }
    // A body over the limit (20 MiB).
    let (status, _) = send(
        c.post(&url)
            .bearer_auth(&alice)
            .multipart(upload("a ball", vec![0u8; 21 * 1024 * 1024])),
    )
    .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    // One job running, then one over the job limit with an image: 429, and no file.
    let (status, first) = send(
        c.post(&url)
            .bearer_auth(&alice)
            .json(&json!({"prompt": "a ball"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{first}");
    let (status, reply) = send(
        c.post(&url)
            .bearer_auth(&alice)
            .multipart(upload("a cube", image.clone())),
    )
    .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{reply}");
    assert_eq!(reply["error"]["code"], "concurrent_jobs_limit");
    assert!(
        files_under(&dir.join("data/media")).is_empty(),
        "the 429 left a file"
    );
    // A wrong key with an upload: 401, and no file.
    let (status, _) = send(
        c.post(&url)
            .bearer_auth("sk-diorama-nope")
            .multipart(upload("a ball", image)),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(files_under(&dir.join("data/media")).is_empty());
    // Only the accepted video is listed.
    let (_, list) = send(c.get(&url).bearer_auth(&alice)).await;
    assert_eq!(list["data"].as_array().unwrap().len(), 1, "{list}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn types_are_checked_as_strictly_as_openai_checks_them() {
    let dir = workdir("types");
    let served = Served::start(&dir, 0.0, &["--max-jobs", "100"]);
    let alice = key(&dir, "alice");
    let c = Client::new();
    let url = served.url("/v1/videos");
    let cases = [
        (
            json!({"prompt": 123}),
            "prompt",
            "'prompt' must be a string, not a number",
        ),
        (
            json!({"prompt": ["a ball"]}),
            "prompt",
            "'prompt' must be a string, not an array",
        ),
        (
            json!({"prompt": "a ball", "seconds": 8}),
            "seconds",
            "'seconds' must be a string, not a number",
        ),
        (
            json!({"prompt": "a ball", "size": {"w": 1}}),
            "size",
            "'size' must be a string, not an object",
        ),
        (
            json!({"prompt": "a ball", "input_reference": 5}),
            "input_reference",
            "not a number",
        ),
        (
            json!({"prompt": "a ball", "style": "noir"}),
            "style",
            "Unrecognized request argument supplied: style",
        ),
        (
            json!({"prompt": "a ball", "input_reference": {"image_url": 7}}),
            "input_reference",
            "'input_reference.image_url' must be a string, not a number",
        ),
    ];
    for (body, param, says) in cases {
        let (status, reply) = send(c.post(&url).bearer_auth(&alice).json(&body)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}: {reply}");
        assert_eq!(reply["error"]["param"], param, "{body}: {reply}");
        let message = reply["error"]["message"].as_str().unwrap();
        assert!(message.contains(says), "{body}: {message}");
    }
    let (status, reply) = send(
        c.post(&url)
            .bearer_auth(&alice)
            .header("content-type", "application/x-www-form-urlencoded")
            .body("prompt=a+ball"),
    )
    .await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{reply}");
    assert!(
        reply["error"]["message"]
            .as_str()
            .unwrap()
            .contains("application/json or multipart/form-data")
    );
    // Remixes and extensions are as strict.
    let (status, video) = send(
        c.post(&url)
            .bearer_auth(&alice)
            .json(&json!({"prompt": "a ball", "seconds": "4"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{video}");
    let id = video["id"].as_str().unwrap();
    wait_for(&c, &served, &alice, id, "completed").await;
    for (route, body, says) in [
        (
            format!("/v1/videos/{id}/remix"),
            json!({"prompt": "blue", "seconds": "4"}),
            "Unrecognized request argument supplied: seconds",
        ),
        (
            "/v1/videos/extensions".to_string(),
            json!({"prompt": "on", "seconds": "4", "video": id}),
            "'video' must be {\"id\": \"video_…\"} or the MP4 file",
        ),
        (
            "/v1/videos/edits".to_string(),
            json!({"prompt": "on", "video": {"id": id, "at": 2}}),
            "video.at",
        ),
    ] {
        let (status, reply) =
            send(c.post(served.url(&route)).bearer_auth(&alice).json(&body)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{route}: {reply}");
        let message = reply["error"]["message"].as_str().unwrap();
        assert!(message.contains(says), "{route}: {message}");
    }
}

/// Opens a connection from `local` (an address of the loopback range) to the server.
fn connect_from(local: &str, server: SocketAddr) -> std::io::Result<TcpStream> {
    let socket = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None)?;
    socket.bind(&format!("{local}:0").parse::<SocketAddr>().unwrap().into())?;
    socket.connect(&server.into())?;
    Ok(socket.into())
}

/// Whether the server closed the connection (read returns end of file or an error)
/// within `within`, and what it sent before.
fn closed_within(stream: &mut TcpStream, within: Duration) -> (bool, String) {
    stream.set_read_timeout(Some(within)).unwrap();
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return (true, String::from_utf8_lossy(&got).to_string()),
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e)
                if e.kind() == std::io::ErrorKind::WouldBlock
                    || e.kind() == std::io::ErrorKind::TimedOut =>
            {
                return (false, String::from_utf8_lossy(&got).to_string());
            }
            Err(_) => return (true, String::from_utf8_lossy(&got).to_string()),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_clients_are_cut_off_and_cannot_starve_others() {
    let dir = workdir("slow");
    let served = Served::start(
        &dir,
        0.0,
        &[
            "--header-timeout",
            "2",
            "--max-connections-per-client",
            "20",
        ],
    );
    let addr = served.addr;
    // Headers sent a byte every 200 ms: closed after the two-second header timeout.
    let slow = std::thread::spawn(move || {
        let mut stream = connect_from("127.0.0.1", addr).unwrap();
        let start = Instant::now();
        stream
            .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
            .unwrap();
        for byte in b"X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" {
            if stream.write_all(&[*byte]).is_err() {
                break;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        start.elapsed()
    });
    let took = tokio::task::spawn_blocking(move || slow.join())
        .await
        .unwrap()
        .unwrap();
    assert!(
        took < Duration::from_secs(4),
        "a slow client was held {took:?}"
    );

    // A keep-alive connection left idle after a request is closed too.
    let mut idle = connect_from("127.0.0.1", addr).unwrap();
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let (closed, answer) = closed_within(&mut idle, Duration::from_secs(5));
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(closed, "an idle keep-alive connection stayed open");

    // One address opens more half-sent requests than it may: the extra ones are refused
    // at once, and another client is answered quickly all the while.
    let mut held = Vec::new();
    for _ in 0..30 {
        let mut stream = connect_from("127.0.0.2", addr).unwrap();
        stream.write_all(b"GET /healthz HTTP/1.1\r\n").unwrap();
        held.push(stream);
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    let c = Client::new();
    let start = Instant::now();
    let (status, health) = send(c.get(served.url("/healthz"))).await;
    assert_eq!((status, health), (StatusCode::OK, json!({"status": "ok"})));
    // Starved, it would wait for the header timeout (seconds); loaded CI machines are
    // allowed a few scheduling slices.
    assert!(
        start.elapsed() < Duration::from_millis(250),
        "{:?}",
        start.elapsed()
    );
    let mut refused = 0;
    for stream in &mut held {
        let (closed, answer) = closed_within(stream, Duration::from_millis(10));
        if closed && answer.starts_with("HTTP/1.1 503") {
            assert!(answer.contains("too_many_connections"), "{answer}");
            refused += 1;
        }
    }
    assert_eq!(refused, 10, "20 held, 10 refused");
    // Once the header timeout has passed, the held connections are closed as well.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    for stream in &mut held {
        assert!(
            closed_within(stream, Duration::from_millis(100)).0,
            "a half-sent request stayed open"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invented_methods_do_not_grow_metrics_and_health_shows_no_internals() {
    let dir = workdir("metrics");
    let served = Served::start(&dir, 0.0, &[]);
    let c = Client::new();
    let metrics = || async {
        c.get(served.url("/metrics"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    };
    for n in 0..20 {
        let method = reqwest::Method::from_bytes(format!("WARMUP{n}").as_bytes()).unwrap();
        let path = if n % 2 == 0 {
            "/v1/videos"
        } else {
            "/v1/nothing"
        };
        c.request(method, served.url(path)).send().await.unwrap();
    }
    metrics().await;
    let before = metrics().await.len();
    for n in 0..2000 {
        let method = reqwest::Method::from_bytes(format!("INVENTED{n}").as_bytes()).unwrap();
        let path = if n % 2 == 0 {
            "/v1/videos"
        } else {
            "/v1/nothing"
        };
        let r = c.request(method, served.url(path)).send().await.unwrap();
        assert!(r.status().is_client_error(), "{}", r.status());
    }
    let after = metrics().await;
    assert!(
        after.len() <= before + 512,
        "metrics grew from {before} to {} bytes",
        after.len()
    );
    assert!(after.contains("method=\"other\""), "{after}");
    assert!(!after.contains("INVENTED"));

    let (status, live) = send(c.get(served.url("/healthz"))).await;
    assert_eq!((status, live), (StatusCode::OK, json!({"status": "ok"})));
    let (status, ready) = send(c.get(served.url("/readyz"))).await;
    assert_eq!(
        (status, ready),
        (StatusCode::OK, json!({"status": "ready"}))
    );
    drop(served);

    // An operator's token closes /metrics to everyone else.
    let served = Served::start(&dir, 0.0, &["--metrics-token", "s3cret-token"]);
    let (status, reply) = send(c.get(served.url("/metrics"))).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{reply}");
    let (status, _) = send(c.get(served.url("/metrics")).bearer_auth("s3cret-tokeX")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let r = c
        .get(served.url("/metrics"))
        .bearer_auth("s3cret-token")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("diorama_queue_depth"));
    assert!(
        !served.log().contains("s3cret"),
        "the token reached the log"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn floods_of_wrong_keys_are_limited_per_address_and_rates_per_user() {
    let dir = workdir("keys");
    let served = Served::start(&dir, 0.0, &["--rate", "2"]);
    let (alice, alice2) = (key(&dir, "alice"), key(&dir, "alice"));
    let c = Client::new();
    let url = served.url("/v1/videos");
    // Alice's first key is used (and so known) before the flood.
    let (status, _) = send(c.get(&url).bearer_auth(&alice)).await;
    assert_eq!(status, StatusCode::OK);
    let mut codes = Vec::new();
    // A forged X-Forwarded-For does not help: the server trusts no proxy by default.
    for n in 0..40u32 {
        let wrong = format!("sk-diorama-{n:048x}");
        let forged = format!("203.0.113.{n}");
        let (status, reply) = send(
            c.get(&url)
                .bearer_auth(&wrong)
                .header("x-forwarded-for", forged),
        )
        .await;
        codes.push((
            status,
            reply["error"]["code"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
        ));
    }
    let unauthorized = codes
        .iter()
        .filter(|(s, _)| *s == StatusCode::UNAUTHORIZED)
        .count();
    let limited: Vec<_> = codes
        .iter()
        .filter(|(s, _)| *s == StatusCode::TOO_MANY_REQUESTS)
        .collect();
    assert!((20..=22).contains(&unauthorized), "{codes:?}");
    assert!(limited.len() >= 18, "{codes:?}");
    assert!(
        limited
            .iter()
            .all(|(_, code)| code == "too_many_failed_authentications")
    );
    // Alice's known key still works from the same address.
    let (status, _) = send(c.get(&url).bearer_auth(&alice)).await;
    assert_eq!(status, StatusCode::OK);
    drop(served);

    // Behind a trusted proxy, each client behind it has a limit of its own.
    let served = Served::start(&dir, 0.0, &["--trusted-proxy", "127.0.0.1"]);
    let url = served.url("/v1/videos");
    let wrong = |n: u32, client: &str| {
        c.get(&url)
            .bearer_auth(format!("sk-diorama-{n:048x}"))
            .header("x-forwarded-for", format!("6.6.6.6, {client}"))
    };
    for n in 0..20 {
        assert_eq!(
            send(wrong(n, "203.0.113.7")).await.0,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        send(wrong(20, "203.0.113.7")).await.0,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        send(wrong(21, "203.0.113.8")).await.0,
        StatusCode::UNAUTHORIZED
    );
    served.wait_for_log("client=203.0.113.8");
    drop(served);

    // Two keys of one user share one rate limit (rate 2: a burst of 10).
    let served = Served::start(&dir, 0.0, &["--rate", "2"]);
    let url = served.url("/v1/videos");
    let mut statuses = Vec::new();
    for n in 0..12 {
        let key = if n % 2 == 0 { &alice } else { &alice2 };
        statuses.push(send(c.get(&url).bearer_auth(key)).await.0);
    }
    let ok = statuses.iter().filter(|s| **s == StatusCode::OK).count();
    assert!((10..=11).contains(&ok), "{statuses:?}");
    assert_eq!(
        *statuses.last().unwrap(),
        StatusCode::TOO_MANY_REQUESTS,
        "{statuses:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_mid_job_releases_it_and_it_completes_once_after_a_restart() {
    let dir = workdir("sigterm");
    let mut served = Served::start(&dir, 60.0, &["--grace", "1"]);
    let alice = key(&dir, "alice");
    let c = Client::new();
    let (status, video) = send(
        c.post(served.url("/v1/videos"))
            .bearer_auth(&alice)
            .json(&json!({"prompt": "a ball"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{video}");
    let id = video["id"].as_str().unwrap().to_string();
    let running = wait_for(&c, &served, &alice, &id, "in_progress").await;
    assert!(running["progress"].as_i64().unwrap() < 100);
    let (took, exit) = served.terminate();
    assert!(exit.success(), "{exit:?}: {}", served.log());
    assert!(took < Duration::from_secs(5), "stopping took {took:?}");
    let log = served.log();
    assert!(log.contains("job released to the queue"), "{log}");
    drop(served);

    // After a restart the job runs again from the start, as its first attempt, and
    // completes once.
    let mut served = Served::start(&dir, 0.5, &["--grace", "5"]);
    let done = wait_for(&c, &served, &alice, &id, "completed").await;
    assert_eq!(done["progress"], 100);
    let log = served.log();
    let started: Vec<&str> = log.lines().filter(|l| l.contains("job started")).collect();
    assert_eq!(started.len(), 1, "{log}");
    assert!(started[0].contains("attempt=1"), "{log}");
    let (_, list) = send(c.get(served.url("/v1/videos")).bearer_auth(&alice)).await;
    assert_eq!(list["data"].as_array().unwrap().len(), 1, "{list}");

    // A job that ends within the grace period is finished, not released.
    let (_, second) = send(
        c.post(served.url("/v1/videos"))
            .bearer_auth(&alice)
            .json(&json!({"prompt": "a cube"})),
    )
    .await;
    let second = second["id"].as_str().unwrap().to_string();
    wait_for(&c, &served, &alice, &second, "in_progress").await;
    let (_, exit) = served.terminate();
    assert!(exit.success());
    assert!(!served.log().contains("job released"), "{}", served.log());
    drop(served);
    let served = Served::start(&dir, 0.5, &[]);
    let (_, finished) = send(
        c.get(served.url(&format!("/v1/videos/{second}")))
            .bearer_auth(&alice),
    )
    .await;
    assert_eq!(finished["status"], "completed", "{finished}");

    // `diorama worker` takes --lease and --grace and stops on SIGTERM too.
    let mut worker = Command::new(BIN)
        .args(["worker", "--lease", "5", "--grace", "0", "--data"])
        .arg(dir.join("data"))
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(worker.stderr.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    assert!(first.contains("working the queue"), "{first}");
    Command::new("kill")
        .args(["-TERM", &worker.id().to_string()])
        .status()
        .unwrap();
    assert!(worker.wait().unwrap().success());
}

#[test]
fn scenes_over_the_limits_are_refused_with_the_limit_named() {
    let dir = workdir("limits");
    let entity = |i: usize| json!({"id": format!("b{i}"), "archetype": "ball", "position": [i as f32 * 0.01, 0.0, 0.0]});
    let crowded =
        json!({"version": 1, "duration": 4, "entities": (0..1000).map(entity).collect::<Vec<_>>()});
    let talky = json!({
        "version": 1, "duration": 4,
        "entities": [{"id": "anna", "archetype": "person", "position": [0, 0, 0]}],
        "dialogue": [{"at": 0, "speaker": "anna", "text": "la ".repeat(20_000)}],
    });
    for (name, scene, says) in [
        (
            "crowded",
            crowded,
            "entities: has 1000 items; a scene may have at most 64",
        ),
        ("talky", talky, "a scene may have at most 1200"),
    ] {
        let file = dir.join(format!("{name}.json"));
        std::fs::write(&file, scene.to_string()).unwrap();
        let out_file = dir.join(format!("{name}.mp4"));
        let start = Instant::now();
        let out = Command::new(BIN)
            .args(["render"])
            .arg(&file)
            .arg("-o")
            .arg(&out_file)
            .env("DIORAMA_DATA", dir.join("data"))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(said.contains(says), "{said}");
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "{:?}",
            start.elapsed()
        );
        assert!(!out_file.exists());
    }
    // A scene file far larger than any scene is refused before it is read.
    let huge = dir.join("huge.json");
    std::fs::write(&huge, vec![b' '; 5 * 1024 * 1024]).unwrap();
    let out = Command::new(BIN)
        .args(["render"])
        .arg(&huge)
        .args(["-o", "x.mp4"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("may be at most 4 MiB"));

    // A prompt asks for too much: the plan fits the limits and says what it left out.
    let line = "la ".repeat(10_000);
    let prompt = format!(
        "A woman says \"{line}\". Twelve balls, twelve cubes, twelve dogs, twelve cats, twelve chairs, twelve cups and twelve trees fall."
    );
    let out = Command::new(BIN)
        .args(["plan", "--json", &prompt])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let plan: Value = serde_json::from_slice(&out.stdout).unwrap();
    let spoken = plan["scene"]["dialogue"][0]["text"].as_str().unwrap();
    assert!(spoken.chars().count() <= 300, "{}", spoken.len());
    let warnings = plan["warnings"].to_string();
    assert!(warnings.contains("cut short"), "{warnings}");
    assert!(
        warnings.contains("at most 64 things and people"),
        "{warnings}"
    );
    assert_eq!(plan["scene"]["entities"].as_array().unwrap().len(), 64);
    // The one who speaks is kept.
    assert_eq!(
        plan["scene"]["cast"][0]["description"], "a woman",
        "{}",
        plan["scene"]["cast"]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_huge_quoted_line_through_the_api_is_cut_to_the_limit_with_a_warning() {
    let dir = workdir("line");
    let served = Served::start(&dir, 0.0, &[]);
    let alice = key(&dir, "alice");
    let c = Client::new();
    let prompt = format!("A man says \"{}\"", "hello there ".repeat(2_500));
    let (status, video) = send(
        c.post(served.url("/v1/videos"))
            .bearer_auth(&alice)
            .json(&json!({"prompt": prompt})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{video}");
    let warnings = video["warnings"].to_string();
    assert!(warnings.contains("at most 300 characters"), "{warnings}");
    let id = video["id"].as_str().unwrap();
    wait_for(&c, &served, &alice, id, "completed").await;
}
