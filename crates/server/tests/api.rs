//! The Videos API over HTTP against an in-process server whose generator hands back a fixed
//! MP4, so that the server's own behaviour (errors, auth, limits, the queue, webhooks,
//! ranges, metrics) is what is tested. The real generator is driven by the official
//! OpenAI SDK in the diorama crate's tests.

use base64::Engine as _;
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use server::{Config, FixedAsset, Server};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};
use testkit::workdir;

/// A real one-second MP4 to hand back for every job.
fn asset(dir: &Path) -> PathBuf {
    let path = dir.join("asset.mp4");
    testkit::grey_clip(&path, 0);
    path
}

fn config(dir: &Path, delay: Duration) -> Config {
    let mut config = Config::new(dir.join("data"));
    config.generator = Arc::new(FixedAsset {
        video: asset(dir),
        delay,
    });
    config
}

async fn start(config: Config) -> (Server, String) {
    let server = server::start(config, "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let base = format!("http://{}", server.addr);
    (server, base)
}

async fn key(server: &Server, user: &str) -> String {
    let db = server.app().db();
    db.create_key(&db.ensure_user(user).await.unwrap())
        .await
        .unwrap()
}

async fn send(request: reqwest::RequestBuilder) -> (StatusCode, Value) {
    let response = request.send().await.unwrap();
    let status = response.status();
    let body = response.json().await.unwrap_or(Value::Null);
    (status, body)
}

/// Asserts an OpenAI-shaped error and returns its `error` object.
fn openai_error(status: StatusCode, body: &Value, want: StatusCode) -> Value {
    assert_eq!(status, want, "{body}");
    let error = &body["error"];
    for field in ["message", "type", "code"] {
        assert!(error[field].is_string(), "error without {field}: {body}");
    }
    assert!(error.get("param").is_some(), "error without param: {body}");
    error.clone()
}

async fn wait_for(client: &Client, base: &str, key: &str, id: &str, status: &str) -> Value {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let (_, video) = send(
            client
                .get(format!("{base}/v1/videos/{id}"))
                .bearer_auth(key),
        )
        .await;
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

/// A small grey PNG.
fn grey_png() -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, 16, 16);
        encoder.set_color(png::ColorType::Grayscale);
        let mut writer = encoder.write_header().unwrap();
        writer.write_image_data(&[128; 256]).unwrap();
    }
    out
}

async fn create(client: &Client, base: &str, key: &str, body: Value) -> (StatusCode, Value) {
    send(
        client
            .post(format!("{base}/v1/videos"))
            .bearer_auth(key)
            .json(&body),
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_requests_get_openai_errors_and_leave_nothing_behind() {
    let dir = workdir("errors");
    let mut config = config(&dir, Duration::ZERO);
    config.max_body_bytes = 64 * 1024;
    let (server, base) = start(config).await;
    let (alice, bob) = (key(&server, "alice").await, key(&server, "bob").await);
    let c = Client::new();
    let url = format!("{base}/v1/videos");

    let cases = [
        (json!({"prompt": "a ball", "model": "sora-9"}), "model"),
        (json!({"prompt": "a ball", "size": "640x480"}), "size"),
        (json!({"prompt": "a ball", "size": "1920x1080"}), "size"),
        (json!({"prompt": "a ball", "seconds": "5"}), "seconds"),
        (json!({"prompt": "   "}), "prompt"),
        (json!({"prompt": "a".repeat(32_001)}), "prompt"),
        (json!({"model": "sora-2"}), "prompt"),
        (
            json!({"prompt": "a ball", "input_reference": {"image_url": "data:image/png;base64,bm90IGFuIGltYWdl"}}),
            "input_reference",
        ),
    ];
    for (body, param) in &cases {
        let (status, reply) = create(&c, &base, &alice, body.clone()).await;
        let error = openai_error(status, &reply, StatusCode::BAD_REQUEST);
        assert_eq!(error["param"], *param, "{reply}");
    }

    // A file that is not an image, uploaded as the SDK does.
    let form = reqwest::multipart::Form::new()
        .text("prompt", "a ball")
        .part(
            "input_reference",
            reqwest::multipart::Part::bytes(b"%PDF-1.4 not an image".to_vec()).file_name("ref.png"),
        );
    let (status, reply) = send(c.post(&url).bearer_auth(&alice).multipart(form)).await;
    assert_eq!(
        openai_error(status, &reply, StatusCode::BAD_REQUEST)["code"],
        "invalid_image"
    );

    // Malformed JSON, a body that is not an object, an oversized body.
    let (status, reply) = send(
        c.post(&url)
            .bearer_auth(&alice)
            .header("content-type", "application/json")
            .body("{\"prompt\": "),
    )
    .await;
    openai_error(status, &reply, StatusCode::BAD_REQUEST);
    let (status, reply) = send(
        c.post(&url)
            .bearer_auth(&alice)
            .header("content-type", "application/json")
            .body("[1, 2]"),
    )
    .await;
    openai_error(status, &reply, StatusCode::BAD_REQUEST);
    let (status, reply) = send(
        c.post(&url)
            .bearer_auth(&alice)
            .header("content-type", "application/json")
            .body(vec![b' '; 200 * 1024]),
    )
    .await;
    openai_error(status, &reply, StatusCode::PAYLOAD_TOO_LARGE);

    // No key, a wrong key.
    let (status, reply) = send(c.get(&url)).await;
    assert_eq!(
        openai_error(status, &reply, StatusCode::UNAUTHORIZED)["code"],
        "missing_api_key"
    );
    let (status, reply) = send(c.get(&url).bearer_auth("sk-diorama-wrong")).await;
    assert_eq!(
        openai_error(status, &reply, StatusCode::UNAUTHORIZED)["code"],
        "invalid_api_key"
    );

    // Nothing above left a record.
    let (_, list) = send(c.get(&url).bearer_auth(&alice)).await;
    assert_eq!(list["data"].as_array().unwrap().len(), 0, "{list}");

    // Another user's video is not found, for every route that takes an id. (What the
    // planner cannot honour comes back at once, with the new video.)
    let (status, video) = create(
        &c,
        &base,
        &alice,
        json!({"prompt": "a red ball and a zorblat"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{video}");
    let warnings = video["warnings"].as_array().unwrap();
    assert_eq!(warnings[0], "zorblat", "{video}");
    assert!(
        warnings[1].as_str().unwrap().contains("placeholder"),
        "{video}"
    );
    let id = video["id"].as_str().unwrap();
    wait_for(&c, &base, &alice, id, "completed").await;
    for request in [
        c.get(format!("{url}/{id}")),
        c.get(format!("{url}/{id}/content")),
        c.delete(format!("{url}/{id}")),
        c.post(format!("{url}/{id}/remix"))
            .json(&json!({"prompt": "blue"})),
        c.post(format!("{url}/extensions"))
            .json(&json!({"prompt": "on", "seconds": "4", "video": {"id": id}})),
    ] {
        let (status, reply) = send(request.bearer_auth(&bob)).await;
        openai_error(status, &reply, StatusCode::NOT_FOUND);
    }
    // Bad list parameters and variants, and an unknown route.
    for query in ["limit=0", "limit=101", "order=sideways", "after=video_nope"] {
        let (status, reply) = send(c.get(format!("{url}?{query}")).bearer_auth(&alice)).await;
        openai_error(status, &reply, StatusCode::BAD_REQUEST);
    }
    let (status, reply) = send(
        c.get(format!("{url}/{id}/content?variant=gif"))
            .bearer_auth(&alice),
    )
    .await;
    openai_error(status, &reply, StatusCode::BAD_REQUEST);
    let (status, reply) = send(c.get(format!("{base}/v1/nothing")).bearer_auth(&alice)).await;
    openai_error(status, &reply, StatusCode::NOT_FOUND);
    // The server is still serving.
    let (status, health) = send(c.get(format!("{base}/healthz"))).await;
    assert_eq!(
        (status, health["status"].as_str()),
        (StatusCode::OK, Some("ok"))
    );
    server.kill();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn content_supports_byte_ranges_and_previews() {
    let dir = workdir("ranges");
    let config = config(&dir, Duration::ZERO);
    let (server, base) = start(config).await;
    let alice = key(&server, "alice").await;
    let c = Client::new();
    let (_, video) = create(
        &c,
        &base,
        &alice,
        json!({"prompt": "a ball", "seconds": "8"}),
    )
    .await;
    let id = video["id"].as_str().unwrap();
    // Not ready yet, or ready: either way the answer is well-formed.
    let done = wait_for(&c, &base, &alice, id, "completed").await;
    assert_eq!(done["progress"], 100);
    assert_eq!(done["seconds"], "8");
    let url = format!("{base}/v1/videos/{id}/content");

    let full = c.get(&url).bearer_auth(&alice).send().await.unwrap();
    assert_eq!(full.status(), StatusCode::OK);
    assert_eq!(full.headers()["content-type"], "video/mp4");
    assert_eq!(full.headers()["accept-ranges"], "bytes");
    let whole = full.bytes().await.unwrap().to_vec();
    // What is served is the generator's video with its C2PA manifest signed in.
    let downloaded = dir.join("downloaded.mp4");
    std::fs::write(&downloaded, &whole).unwrap();
    let manifest = provenance::read(&downloaded)
        .unwrap()
        .expect("a C2PA manifest");
    assert!(manifest.valid, "{manifest:?}");
    assert_eq!(manifest.video_id.as_deref(), Some(id));
    assert_eq!(
        manifest.prompt_sha256,
        Some(provenance::sha256_hex("a ball"))
    );

    let part = c
        .get(&url)
        .bearer_auth(&alice)
        .header("range", "bytes=100-199")
        .send()
        .await
        .unwrap();
    assert_eq!(part.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(
        part.headers()["content-range"],
        format!("bytes 100-199/{}", whole.len()).as_str()
    );
    assert_eq!(part.bytes().await.unwrap().to_vec(), whole[100..200]);

    let tail = c
        .get(&url)
        .bearer_auth(&alice)
        .header("range", "bytes=-50")
        .send()
        .await
        .unwrap();
    assert_eq!(tail.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(
        tail.bytes().await.unwrap().to_vec(),
        whole[whole.len() - 50..]
    );

    let outside = c
        .get(&url)
        .bearer_auth(&alice)
        .header("range", format!("bytes={}-", whole.len() + 10))
        .send()
        .await
        .unwrap();
    assert_eq!(outside.status(), StatusCode::RANGE_NOT_SATISFIABLE);

    for (variant, mime, magic) in [
        ("thumbnail", "image/webp", &b"RIFF"[..]),
        ("spritesheet", "image/jpeg", &[0xFF, 0xD8][..]),
    ] {
        let r = c
            .get(format!("{url}?variant={variant}"))
            .bearer_auth(&alice)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(r.headers()["content-type"], mime);
        assert!(r.bytes().await.unwrap().starts_with(magic), "{variant}");
    }

    // Edits and extensions name their parent by id in JSON too.
    let (status, edit) = send(
        c.post(format!("{base}/v1/videos/edits"))
            .bearer_auth(&alice)
            .json(&json!({"prompt": "make it blue", "video": {"id": id}})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{edit}");
    assert_eq!(edit["remixed_from_video_id"], id);
    let (status, more) = send(
        c.post(format!("{base}/v1/videos/extensions"))
            .bearer_auth(&alice)
            .json(&json!({"prompt": "on", "seconds": "4", "video": {"id": id}})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{more}");
    assert_eq!(
        more["seconds"], "12",
        "an extension reports the stitched total"
    );
    let more_id = more["id"].as_str().unwrap().to_string();
    let more = wait_for(&c, &base, &alice, &more_id, "completed").await;
    assert_eq!(more["seconds"], "12");
    // Its manifest names the video it continues.
    let bytes = c
        .get(format!("{base}/v1/videos/{more_id}/content"))
        .bearer_auth(&alice)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let extended = dir.join("extended.mp4");
    std::fs::write(&extended, &bytes).unwrap();
    let manifest = provenance::read(&extended).unwrap().unwrap();
    assert_eq!(manifest.parents, vec![format!("parent video ({id})")]);
    assert!(more["remixed_from_video_id"].is_null());

    // A chain of extensions has a limit: each one films the whole chain again.
    let user = server.app().db().ensure_user("alice").await.unwrap();
    let long = server
        .app()
        .db()
        .insert_video(&store::NewVideo {
            user_id: user.id,
            prompt: "a long ball".into(),
            model: "diorama-1".into(),
            size: "720x1280".into(),
            seconds: "58".into(),
            kind: store::JobKind::Create,
            parent_id: None,
            reference_key: None,
            seed: 1,
            scene: None,
            warnings: Vec::new(),
        })
        .await
        .unwrap();
    wait_for(&c, &base, &alice, &long.id, "completed").await;
    let (status, reply) = send(
        c.post(format!("{base}/v1/videos/extensions"))
            .bearer_auth(&alice)
            .json(&json!({"prompt": "on", "seconds": "4", "video": {"id": long.id}})),
    )
    .await;
    let error = openai_error(status, &reply, StatusCode::BAD_REQUEST);
    assert!(
        error["message"].as_str().unwrap().contains("at most 60 s"),
        "{reply}"
    );
    server.kill();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn expired_files_are_deleted_and_say_so() {
    let dir = workdir("expiry");
    let mut config = config(&dir, Duration::ZERO);
    config.keep_seconds = -1;
    config.purge_every = Duration::from_millis(100);
    config.orphan_after = Duration::from_secs(2);
    let media = config.data.join("media/videos");
    let references = config.data.join("media/references");
    let (server, base) = start(config).await;
    let alice = key(&server, "alice").await;
    let c = Client::new();
    let image = format!(
        "data:image/png;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(grey_png())
    );
    let (_, video) = create(
        &c,
        &base,
        &alice,
        json!({"prompt": "a ball", "input_reference": {"image_url": image}}),
    )
    .await;
    let id = video["id"].as_str().unwrap().to_string();
    // An image no record names, as a crash between storing it and writing the record
    // would leave.
    std::fs::write(references.join("orphan"), grey_png()).unwrap();
    let done = wait_for(&c, &base, &alice, &id, "completed").await;
    assert!(done["expires_at"].as_i64().unwrap() < done["completed_at"].as_i64().unwrap());
    let (status, reply) = send(
        c.get(format!("{base}/v1/videos/{id}/content"))
            .bearer_auth(&alice),
    )
    .await;
    assert_eq!(
        openai_error(status, &reply, StatusCode::GONE)["code"],
        "video_expired"
    );
    let stored = media.join(&id).join("video.mp4");
    let deadline = Instant::now() + Duration::from_secs(5);
    while stored.exists() && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(!stored.exists(), "the expired files are still stored");
    assert!(!media.join(&id).join("thumbnail.webp").exists());
    // Its reference image goes with it, and the orphan once it is old enough.
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::fs::read_dir(&references).unwrap().count() > 0 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(std::fs::read_dir(&references).unwrap().count(), 0);
    // The record stays, and its world can still be remixed.
    let (status, remix) = send(
        c.post(format!("{base}/v1/videos/{id}/remix"))
            .bearer_auth(&alice)
            .json(&json!({"prompt": "at night"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{remix}");
    server.kill();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rate_and_job_limits_answer_429_with_retry_after() {
    let dir = workdir("limits");
    let mut config = config(&dir, Duration::from_secs(3));
    config.requests_per_second = 1.0;
    config.burst = 3.0;
    config.max_active_jobs = 1;
    let (server, base) = start(config).await;
    let (alice, bob) = (key(&server, "alice").await, key(&server, "bob").await);
    let c = Client::new();

    let (status, _) = create(&c, &base, &alice, json!({"prompt": "a ball"})).await;
    assert_eq!(status, StatusCode::OK);
    // The second job at once is over the concurrent-job limit.
    let response = c
        .post(format!("{base}/v1/videos"))
        .bearer_auth(&alice)
        .json(&json!({"prompt": "a cube"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(response.headers().contains_key("retry-after"));
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "concurrent_jobs_limit");

    // The third request in a burst of three is fine; the fourth is limited.
    let (status, _) = send(c.get(format!("{base}/v1/videos")).bearer_auth(&alice)).await;
    assert_eq!(status, StatusCode::OK);
    let response = c
        .get(format!("{base}/v1/videos"))
        .bearer_auth(&alice)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=2).contains(&wait), "retry after {wait}");
    // Another key is not held back by alice's.
    let (status, _) = send(c.get(format!("{base}/v1/videos")).bearer_auth(&bob)).await;
    assert_eq!(status, StatusCode::OK);
    // After waiting, alice may go on.
    tokio::time::sleep(Duration::from_secs(wait)).await;
    let (status, _) = send(c.get(format!("{base}/v1/videos")).bearer_auth(&alice)).await;
    assert_eq!(status, StatusCode::OK);
    server.kill();
}

/// A webhook receiver that fails its first delivery with 500 and records every request.
async fn receiver() -> (
    String,
    Arc<std::sync::Mutex<Vec<(axum::http::HeaderMap, String)>>>,
) {
    use axum::routing::post;
    let seen: Arc<std::sync::Mutex<Vec<(axum::http::HeaderMap, String)>>> = Arc::default();
    let app = axum::Router::new().route(
        "/hook",
        post({
            let seen = seen.clone();
            move |headers: axum::http::HeaderMap, body: String| {
                let seen = seen.clone();
                async move {
                    let mut seen = seen.lock().unwrap();
                    seen.push((headers, body));
                    if seen.len() == 1 {
                        StatusCode::INTERNAL_SERVER_ERROR
                    } else {
                        StatusCode::OK
                    }
                }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, seen)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_survives_a_crash_completes_once_and_is_announced_by_a_signed_retried_webhook() {
    let dir = workdir("restart");
    let mut first = config(&dir, Duration::from_secs(4));
    first.lease = Duration::from_millis(900);
    first.webhook_backoff = Duration::from_millis(300);
    let (server, base) = start(first.clone()).await;
    let alice = key(&server, "alice").await;
    let user = server.app().db().ensure_user("alice").await.unwrap();
    let (hook_url, seen) = receiver().await;
    let hook = server::add_webhook(server.app().db(), &user, &hook_url)
        .await
        .unwrap();
    let c = Client::new();
    let (_, video) = create(&c, &base, &alice, json!({"prompt": "a ball"})).await;
    let id = video["id"].as_str().unwrap().to_string();
    let running = wait_for(&c, &base, &alice, &id, "in_progress").await;
    assert!(running["progress"].as_i64().unwrap() < 100);
    // The server dies in the middle of the job.
    server.kill();

    let (server, base) = start(first).await;
    let done = wait_for(&c, &base, &alice, &id, "completed").await;
    assert_eq!(done["progress"], 100);
    let (status, body) = send(c.get(format!("{base}/v1/videos")).bearer_auth(&alice)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        body["data"].as_array().unwrap().len(),
        1,
        "one video, not two"
    );

    // One event, delivered on the second try after a 500, signed both times.
    let deadline = Instant::now() + Duration::from_secs(15);
    while seen.lock().unwrap().len() < 2 {
        assert!(Instant::now() < deadline, "the webhook was not retried");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 2, "one failure and one success, nothing more");
    let deliveries = server.app().db().deliveries().await.unwrap();
    assert_eq!(
        deliveries.len(),
        1,
        "the job completed once: {deliveries:?}"
    );
    assert_eq!(deliveries[0].1, "delivered");
    for (headers, body) in &seen {
        let header = |name: &str| headers[name].to_str().unwrap().to_string();
        assert_eq!(header("webhook-id"), deliveries[0].0);
        let timestamp: i64 = header("webhook-timestamp").parse().unwrap();
        assert_eq!(
            header("webhook-signature"),
            server::sign(&hook.secret, &header("webhook-id"), timestamp, body)
        );
        let event: Value = serde_json::from_str(body).unwrap();
        assert_eq!(event["type"], "video.completed");
        assert_eq!(event["data"]["id"], id.as_str());
    }
    // A tampered body does not match the signature.
    let (headers, body) = &seen[1];
    let timestamp: i64 = headers["webhook-timestamp"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert_ne!(
        headers["webhook-signature"].to_str().unwrap(),
        server::sign(
            &hook.secret,
            &deliveries[0].0,
            timestamp,
            &body.replace("completed", "failed")
        )
    );
    server.kill();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deleting_a_running_video_cancels_its_job() {
    let dir = workdir("cancel");
    let (server, base) = start(config(&dir, Duration::from_secs(20))).await;
    let alice = key(&server, "alice").await;
    let c = Client::new();
    let (_, slow) = create(&c, &base, &alice, json!({"prompt": "a ball"})).await;
    let slow = slow["id"].as_str().unwrap().to_string();
    wait_for(&c, &base, &alice, &slow, "in_progress").await;
    let (_, queued) = create(&c, &base, &alice, json!({"prompt": "a cube"})).await;
    let queued = queued["id"].as_str().unwrap().to_string();
    assert_eq!(queued.len(), "video_".len() + 32);

    let (status, deleted) = send(
        c.delete(format!("{base}/v1/videos/{slow}"))
            .bearer_auth(&alice),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        deleted,
        json!({"id": slow, "object": "video.deleted", "deleted": true})
    );
    let (status, _) = send(
        c.get(format!("{base}/v1/videos/{slow}"))
            .bearer_auth(&alice),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // The one worker is free again at once: the next job starts long before 20 s.
    let started = Instant::now();
    wait_for(&c, &base, &alice, &queued, "in_progress").await;
    assert!(started.elapsed() < Duration::from_secs(5));
    // Deleting a queued video removes its job too.
    let (_, third) = create(&c, &base, &alice, json!({"prompt": "a block"})).await;
    let third = third["id"].as_str().unwrap().to_string();
    let (status, _) = send(
        c.delete(format!("{base}/v1/videos/{third}"))
            .bearer_auth(&alice),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let depth = server.app().db().queue_depth().await.unwrap();
    assert_eq!((depth.queued, depth.running), (0, 1));
    server.kill();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lists_page_in_order_and_metrics_count_requests() {
    let dir = workdir("list");
    let mut config = config(&dir, Duration::ZERO);
    config.max_active_jobs = 100;
    let (server, base) = start(config).await;
    let alice = key(&server, "alice").await;
    let c = Client::new();
    let mut ids = Vec::new();
    for n in 0..5 {
        let (status, video) =
            create(&c, &base, &alice, json!({"prompt": format!("ball {n}")})).await;
        assert_eq!(status, StatusCode::OK);
        ids.push(video["id"].as_str().unwrap().to_string());
    }
    let mut paged = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let url = match &after {
            Some(a) => format!("{base}/v1/videos?limit=2&order=asc&after={a}"),
            None => format!("{base}/v1/videos?limit=2&order=asc"),
        };
        let (_, page) = send(c.get(url).bearer_auth(&alice)).await;
        assert_eq!(page["object"], "list");
        let data = page["data"].as_array().unwrap();
        assert!(data.len() <= 2);
        paged.extend(data.iter().map(|v| v["id"].as_str().unwrap().to_string()));
        assert_eq!(page["first_id"], data[0]["id"]);
        if !page["has_more"].as_bool().unwrap() {
            break;
        }
        after = page["last_id"].as_str().map(str::to_string);
    }
    assert_eq!(paged, ids);
    let (_, newest) = send(
        c.get(format!("{base}/v1/videos?limit=1"))
            .bearer_auth(&alice),
    )
    .await;
    assert_eq!(newest["data"][0]["id"], ids[4].as_str());
    let queued = c
        .get(format!("{base}/v1/videos/{}", ids[4]))
        .bearer_auth(&alice)
        .send()
        .await
        .unwrap();
    let status: Value = queued
        .headers()
        .get("openai-poll-after-ms")
        .map_or(Value::Null, |v| {
            Value::from(v.to_str().unwrap().parse::<u64>().unwrap())
        });
    let body: Value = queued.json().await.unwrap();
    if body["status"] != "completed" {
        assert!(status.as_u64().unwrap() >= 500, "poll hint {status}");
    }

    let metrics = c
        .get(format!("{base}/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for needle in [
        "diorama_http_requests_total{route=\"/v1/videos\",method=\"POST\",status=\"200\"}",
        "diorama_http_request_duration_seconds_bucket{route=\"/v1/videos/{id}\"",
        "diorama_queue_depth{state=\"queued\"}",
    ] {
        assert!(metrics.contains(needle), "{needle} missing from\n{metrics}");
    }
    server.kill();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_separate_worker_process_works_the_queue_of_an_api_only_server() {
    let dir = workdir("workers");
    let mut api_only = config(&dir, Duration::ZERO);
    api_only.workers = 0;
    let workers = api_only.clone();
    let (server, base) = start(api_only).await;
    let alice = key(&server, "alice").await;
    let c = Client::new();
    let (_, video) = create(&c, &base, &alice, json!({"prompt": "a ball"})).await;
    let id = video["id"].as_str().unwrap().to_string();
    tokio::time::sleep(Duration::from_millis(700)).await;
    let (_, still) = send(c.get(format!("{base}/v1/videos/{id}")).bearer_auth(&alice)).await;
    assert_eq!(still["status"], "queued", "no worker yet: {still}");
    // What `diorama worker` runs: the same store, no HTTP.
    let mut one = workers;
    one.workers = 1;
    let pool = server::start_workers(one).await.unwrap();
    wait_for(&c, &base, &alice, &id, "completed").await;
    pool.kill();
    server.kill();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_that_stops_arriving_is_answered_408() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let dir = workdir("body-timeout");
    let mut config = config(&dir, Duration::ZERO);
    config.body_times = server::BodyTimes {
        total: Duration::from_secs(3),
        idle: Duration::from_millis(500),
    };
    let (server, _) = start(config).await;
    let alice = key(&server, "alice").await;
    let send_slowly = |pause: Duration| {
        let alice = alice.clone();
        let addr = server.addr;
        async move {
            let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
            let head = format!(
                "POST /v1/videos HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {alice}\r\n\
                 Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{{\"prompt\": "
            );
            stream.write_all(head.as_bytes()).await.unwrap();
            let start = Instant::now();
            // A byte every `pause` until the server answers.
            let mut answer = Vec::new();
            loop {
                let mut buf = [0u8; 1024];
                tokio::select! {
                    n = stream.read(&mut buf) => {
                        let n = n.unwrap_or(0);
                        answer.extend_from_slice(&buf[..n]);
                        if n == 0 || answer.windows(4).any(|w| w == b"\r\n\r\n") {
                            break;
                        }
                    }
                    _ = tokio::time::sleep(pause) => {
                        let _ = stream.write_all(b" ").await;
                    }
                }
                assert!(start.elapsed() < Duration::from_secs(10), "no answer");
            }
            (
                String::from_utf8_lossy(&answer).to_string(),
                start.elapsed(),
            )
        }
    };
    // Silent for longer than the idle limit.
    let (answer, took) = send_slowly(Duration::from_secs(5)).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(took < Duration::from_secs(2), "{took:?}");
    // A byte every 200 ms never goes idle, but the whole body has a deadline.
    let (answer, took) = send_slowly(Duration::from_millis(200)).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(
        took >= Duration::from_secs(2) && took < Duration::from_secs(5),
        "{took:?}"
    );
    server.kill();
}
