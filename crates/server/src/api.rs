//! The Videos API: the same paths, fields, values and errors as OpenAI's `/v1/videos`.

use crate::auth::Caller;
use crate::error::ApiError;
use crate::fields::{Allowed, Fields, LargeBody};
use crate::reference_image::{self, ImageRefusal};
use crate::{App, metrics, off_runtime};
use axum::body::Body;
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine as _;
use bytes::Bytes;
use serde::Deserialize;
use serde_json::{Value, json};
use std::sync::Arc;
use store::{JobKind, NewVideo, Order, Status, VideoRecord};

/// Sizes and whether each needs the pro model.
const SIZES: &[(&str, bool)] = &[
    ("720x1280", false),
    ("1280x720", false),
    ("1024x1792", true),
    ("1792x1024", true),
    ("1920x1080", true),
    ("1080x1920", true),
];

/// Clip lengths offered, in seconds.
const SECONDS: &[&str] = &["4", "8", "12", "16", "20"];

/// Models: the name and whether it is the pro model. OpenAI's names are aliases.
const MODELS: &[(&str, bool)] = &[
    ("diorama-1", false),
    ("diorama-1-pro", true),
    ("sora-2", false),
    ("sora-2-pro", true),
    ("sora-2-2025-10-06", false),
    ("sora-2-2025-12-08", false),
    ("sora-2-pro-2025-10-06", true),
];

/// The longest a video and its extensions may be together, in seconds.
const MAX_EXTENDED_SECONDS: i64 = 60;

/// The longest prompt accepted, in characters.
const MAX_PROMPT: usize = plan::MAX_PROMPT_CHARS;

/// What each route's body may hold.
const CREATE_FIELDS: Allowed = &[
    ("prompt", &[]),
    ("model", &[]),
    ("seconds", &[]),
    ("size", &[]),
    ("input_reference", &["image_url", "file_id"]),
];
const REMIX_FIELDS: Allowed = &[("prompt", &[])];
const EDIT_FIELDS: Allowed = &[("prompt", &[]), ("video", &["id"])];
const EXTEND_FIELDS: Allowed = &[("prompt", &[]), ("seconds", &[]), ("video", &["id"])];

/// The routes, with request logs, metrics and an OpenAI-shaped 404 for unknown paths.
pub fn router(app: Arc<App>) -> Router {
    let trusted = app.config.trusted_proxies.clone();
    Router::new()
        .route("/v1/videos", post(create).get(list))
        .route("/v1/videos/edits", post(edit))
        .route("/v1/videos/extensions", post(extend))
        .route("/v1/videos/{id}", get(retrieve).delete(delete))
        .route("/v1/videos/{id}/content", get(content))
        .route("/v1/videos/{id}/remix", post(remix))
        .route("/healthz", get(live))
        .route("/readyz", get(ready))
        .route("/metrics", get(metrics::render))
        .route_layer(axum::middleware::from_fn(metrics::track))
        .fallback(unknown_route)
        .layer(
            tower_http::trace::TraceLayer::new_for_http()
                .make_span_with(move |r: &Request| metrics::request_span(r, &trusted))
                .on_request(())
                .on_response(metrics::log_response),
        )
        .with_state(app)
}

/// `WIDTHxHEIGHT` as numbers.
pub fn parse_size(size: &str) -> Option<(u32, u32)> {
    let (w, h) = size.split_once('x')?;
    Some((w.parse().ok()?, h.parse().ok()?))
}

/// Whether a model name is the pro model.
pub fn is_pro(model: &str) -> bool {
    MODELS.iter().any(|(m, pro)| *m == model && *pro)
}

async fn unknown_route(request: Request) -> ApiError {
    metrics::unmatched(request.method());
    ApiError {
        status: StatusCode::NOT_FOUND,
        ..ApiError::malformed(format!(
            "{} {} is not a route of this API; see /v1/videos",
            request.method(),
            request.uri().path()
        ))
    }
}

/// GET /healthz: the process is up and answering. Says nothing about its internals.
async fn live() -> Response {
    Json(json!({"status": "ok"})).into_response()
}

/// GET /readyz: the process can serve requests (its database answers) and is not
/// stopping. The reason for a 503 goes to the log, not to the caller.
async fn ready(State(app): State<Arc<App>>) -> Response {
    let unavailable = || {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({"status": "unavailable"})),
        )
            .into_response()
    };
    if *app.stopping.borrow() {
        return unavailable();
    }
    match app.db.ping().await {
        Ok(()) => Json(json!({"status": "ready"})).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "not ready: the database does not answer");
            unavailable()
        }
    }
}

/// The API's view of a video.
fn video_json(v: &VideoRecord) -> Value {
    json!({
        "id": v.id,
        "object": "video",
        "status": v.status.as_str(),
        "progress": v.progress,
        "created_at": v.created_at,
        "completed_at": v.completed_at,
        "expires_at": v.expires_at,
        "prompt": v.prompt,
        "model": v.model,
        "size": v.size,
        "seconds": v.seconds,
        "remixed_from_video_id": v.remixed_from_video_id,
        "error": v.error.as_ref().map(|(code, message)| json!({"code": code, "message": message})),
        "warnings": v.warnings,
    })
}

/// A video response, with `openai-poll-after-ms` while it is not finished.
fn video_response(status: StatusCode, v: &VideoRecord) -> Response {
    let mut response = (status, Json(video_json(v))).into_response();
    let wait = match v.status {
        Status::Queued => Some(2000),
        Status::InProgress => Some(1000),
        Status::Completed | Status::Failed => None,
    };
    if let Some(ms) = wait {
        response
            .headers_mut()
            .insert("openai-poll-after-ms", HeaderValue::from(ms));
    }
    response
}

/// Reads a request body that may hold only the `allowed` fields.
async fn body(
    app: &App,
    request: Request,
    allowed: Allowed,
) -> Result<(Fields, LargeBody), ApiError> {
    let (fields, place) = Fields::read(
        request,
        app.config.max_body_bytes,
        app.config.body_times,
        &app.large_bodies,
    )
    .await?;
    fields.only(allowed)?;
    Ok((fields, place))
}

/// The prompt, checked.
fn prompt_of(fields: &Fields) -> Result<String, ApiError> {
    let Some(prompt) = fields.text("prompt")? else {
        return Err(ApiError::invalid(
            "prompt",
            "missing_required_parameter",
            "'prompt' is required: describe the video in words",
        ));
    };
    let chars = prompt.chars().count();
    if prompt.trim().is_empty() {
        return Err(ApiError::invalid(
            "prompt",
            "invalid_value",
            "'prompt' is empty: describe the video in words",
        ));
    }
    if chars > MAX_PROMPT {
        return Err(ApiError::invalid(
            "prompt",
            "string_above_max_length",
            format!("'prompt' has {chars} characters; shorten it to at most {MAX_PROMPT}"),
        ));
    }
    Ok(prompt.to_string())
}

fn seconds_of(fields: &Fields, default: Option<&str>) -> Result<String, ApiError> {
    let seconds = match (fields.text("seconds")?, default) {
        (Some(s), _) => s,
        (None, Some(d)) => d,
        (None, None) => {
            return Err(ApiError::invalid(
                "seconds",
                "missing_required_parameter",
                format!("'seconds' is required: one of {}", SECONDS.join(", ")),
            ));
        }
    };
    if !SECONDS.contains(&seconds) {
        return Err(ApiError::invalid(
            "seconds",
            "invalid_value",
            format!(
                "'seconds' is {seconds:?}; use one of {}",
                SECONDS.join(", ")
            ),
        ));
    }
    Ok(seconds.to_string())
}

/// The model, size and seconds of a new video, checked together.
fn shape_of(fields: &Fields) -> Result<(String, String, String), ApiError> {
    let model = fields.text("model")?.unwrap_or("diorama-1").to_string();
    let Some(&(_, pro)) = MODELS.iter().find(|(m, _)| *m == model) else {
        return Err(ApiError::invalid(
            "model",
            "invalid_value",
            format!(
                "unknown model '{model}'; use diorama-1 or diorama-1-pro (sora-2 and sora-2-pro are accepted as aliases)"
            ),
        ));
    };
    let size = fields.text("size")?.unwrap_or("720x1280").to_string();
    let Some(&(_, needs_pro)) = SIZES.iter().find(|(s, _)| *s == size) else {
        let all: Vec<&str> = SIZES.iter().map(|(s, _)| *s).collect();
        return Err(ApiError::invalid(
            "size",
            "invalid_value",
            format!("'size' is '{size}'; use one of {}", all.join(", ")),
        ));
    };
    if needs_pro && !pro {
        return Err(ApiError::invalid(
            "size",
            "invalid_value",
            format!(
                "size {size} needs the pro model; use model diorama-1-pro (or sora-2-pro), or size 720x1280 or 1280x720"
            ),
        ));
    }
    let seconds = seconds_of(fields, Some("4"))?;
    Ok((model, size, seconds))
}

/// A reference image from an uploaded file or a `data:` URL, decoded (off the async
/// runtime, within the limits) to check that it is an image the generator can use.
async fn reference_of(fields: &Fields) -> Result<Option<Bytes>, ApiError> {
    let invalid = |message: String| ApiError::invalid("input_reference", "invalid_value", message);
    let bytes = if let Some(file) = fields.file("input_reference") {
        file.clone()
    } else if let Some(url) = fields.inner_text("input_reference", "image_url")? {
        let Some((_, data)) = url
            .strip_prefix("data:")
            .and_then(|d| d.split_once(";base64,"))
        else {
            return Err(invalid(
                "input_reference.image_url must be a base64 data: URL (data:image/png;base64,…); or upload the image as a file".into(),
            ));
        };
        let data = data.to_string();
        let decoded =
            off_runtime(move || base64::engine::general_purpose::STANDARD.decode(data)).await?;
        Bytes::from(
            decoded.map_err(|e| invalid(format!("the data: URL is not valid base64: {e}")))?,
        )
    } else if fields.inner_text("input_reference", "file_id")?.is_some() {
        return Err(invalid(
            "this server has no Files API; upload the image itself as input_reference".into(),
        ));
    } else if let Some(what) = fields.other_than_object_or_file("input_reference") {
        return Err(invalid(format!(
            "input_reference must be an image file upload or {{\"image_url\": \"data:…\"}}, not {what}"
        )));
    } else {
        return Ok(None);
    };
    reference_image::decode(bytes.clone())
        .await
        .map_err(|refusal| {
            let code = match refusal {
                ImageRefusal::NotAnImage(_) => "invalid_image",
                ImageRefusal::TooLarge { .. } | ImageRefusal::TooMuchMemory => "image_too_large",
            };
            ApiError::invalid("input_reference", code, refusal.to_string())
        })?;
    Ok(Some(bytes))
}

/// Queues a new video, refusing when the user already has as many as allowed in flight.
/// Nothing is stored for a refused request: the reference image goes into the store
/// only once the video is accepted, just before its record (which is never left
/// pointing at nothing).
async fn queue(
    app: &App,
    mut new: NewVideo,
    user: &store::User,
    reference: Option<Bytes>,
) -> Result<Response, ApiError> {
    let active = app.db.active_jobs(user, app.config.max_active_jobs).await?;
    if active >= app.config.max_active_jobs {
        return Err(ApiError::rate_limited(
            "concurrent_jobs_limit",
            format!(
                "you have {active} videos queued or generating, the most allowed at once; wait for one to finish"
            ),
            10,
        ));
    }
    if let Some(bytes) = reference {
        let key = format!("references/{:032x}", rand::random::<u128>());
        app.objects.put(&key, bytes).await?;
        new.reference_key = Some(key);
    }
    let video = match app.db.insert_video(&new).await {
        Ok(video) => video,
        Err(e) => {
            if let Some(key) = &new.reference_key {
                let _ = app.objects.delete(key).await;
            }
            return Err(e.into());
        }
    };
    app.queued.notify_one();
    tracing::info!(video = %video.id, user = %user.name, kind = ?new.kind, "video queued");
    Ok(video_response(StatusCode::OK, &video))
}

/// The engine's options for planning a video of this size and length.
fn plan_options(size: &str, seconds: &str, seed: i64) -> engine::Options {
    let (width, height) = parse_size(size).unwrap_or((1280, 720));
    engine::Options {
        width,
        height,
        fps: 24,
        seconds: seconds.parse().unwrap_or(4.0),
        seed: seed as u64,
        quality: engine::Quality::Standard,
    }
}

fn refused_prompt(e: engine::EngineError) -> ApiError {
    ApiError::invalid("prompt", "invalid_prompt", e.to_string())
}

/// Plans a new video's prompt: by the rules on the blocking pool, then by the language
/// model when one is configured (falling back to the rules' plan).
async fn plan_new(
    app: &App,
    prompt: &str,
    options: engine::Options,
) -> Result<plan::Plan, ApiError> {
    let text = prompt.to_string();
    let planned = off_runtime(move || engine::plan(&text, &options))
        .await?
        .map_err(refused_prompt)?;
    Ok(match &app.config.llm {
        Some(llm) => {
            let options = plan::PlanOptions {
                seconds: options.seconds,
                seed: options.seed,
            };
            llm_plan::improve(llm, prompt, &options, planned).await
        }
        None => planned,
    })
}

/// POST /v1/videos
async fn create(
    State(app): State<Arc<App>>,
    Caller(user): Caller,
    request: Request,
) -> Result<Response, ApiError> {
    let (fields, _place) = body(&app, request, CREATE_FIELDS).await?;
    let prompt = prompt_of(&fields)?;
    let (model, size, seconds) = shape_of(&fields)?;
    let reference = reference_of(&fields).await?;
    let seed = rand::random::<u32>() as i64;
    // Planning takes milliseconds: a prompt it refuses is refused now, and what it could
    // not honour comes back with the video at once.
    let planned = plan_new(&app, &prompt, plan_options(&size, &seconds, seed)).await?;
    let new = NewVideo {
        user_id: user.id.clone(),
        prompt,
        model,
        size,
        seconds,
        kind: JobKind::Create,
        parent_id: None,
        reference_key: None,
        seed,
        scene: Some(scene_json(&planned.scene)?),
        warnings: planned.notices(),
    };
    queue(&app, new, &user, reference).await
}

/// The caller's completed video that a remix, edit or extension starts from.
async fn parent_of(app: &App, user: &store::User, id: &str) -> Result<VideoRecord, ApiError> {
    let parent = app
        .db
        .video_of(user, id)
        .await?
        .ok_or_else(|| ApiError::video_not_found(id))?;
    if parent.status != Status::Completed || parent.scene.is_none() {
        return Err(ApiError::not_ready(id, parent.status.as_str()));
    }
    Ok(parent)
}

/// The video an edit or extension starts from: `video={"id": …}`, or the MP4 file itself
/// as the SDK uploads it (matched to one of the caller's videos by its SHA-256).
async fn video_reference(
    app: &App,
    user: &store::User,
    fields: &Fields,
) -> Result<VideoRecord, ApiError> {
    if let Some(file) = fields.file("video") {
        let file = file.clone();
        let sha256 =
            off_runtime(move || hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&file))).await?;
        return app.db.video_by_hash(user, &sha256).await?.ok_or_else(|| {
            ApiError::invalid(
                "video",
                "invalid_value",
                "the uploaded file is not one of your Diorama videos as downloaded; upload the MP4 unchanged, or pass video={\"id\": \"video_…\"}",
            )
        });
    }
    let missing = || {
        ApiError::invalid(
            "video",
            "missing_required_parameter",
            "'video' is required: {\"id\": \"video_…\"} of one of your completed videos, or its MP4 file",
        )
    };
    if let Some(what) = fields.other_than_object_or_file("video") {
        return Err(ApiError::invalid(
            "video",
            "invalid_value",
            format!("'video' must be {{\"id\": \"video_…\"}} or the MP4 file, not {what}"),
        ));
    }
    let id = fields.inner_text("video", "id")?.ok_or_else(missing)?;
    parent_of(app, user, id).await
}

/// A video made from another: its model, size and seed.
fn derived(parent: &VideoRecord, kind: JobKind, prompt: String, seconds: String) -> NewVideo {
    NewVideo {
        user_id: parent.user_id.clone(),
        prompt,
        model: parent.model.clone(),
        size: parent.size.clone(),
        seconds,
        kind,
        parent_id: Some(parent.id.clone()),
        reference_key: None,
        seed: parent.seed,
        scene: None,
        warnings: Vec::new(),
    }
}

fn scene_json(scene: &scene::Scene) -> Result<String, ApiError> {
    serde_json::to_string(scene).map_err(ApiError::internal)
}

/// POST /v1/videos/{id}/remix
async fn remix(
    State(app): State<Arc<App>>,
    Caller(user): Caller,
    Path(id): Path<String>,
    request: Request,
) -> Result<Response, ApiError> {
    let (fields, _place) = body(&app, request, REMIX_FIELDS).await?;
    let prompt = prompt_of(&fields)?;
    let parent = parent_of(&app, &user, &id).await?;
    revision(&app, &user, &parent, JobKind::Remix, prompt).await
}

/// Queues a remix or edit: the parent's length and shape, its scene changed by the prompt.
async fn revision(
    app: &App,
    user: &store::User,
    parent: &VideoRecord,
    kind: JobKind,
    prompt: String,
) -> Result<Response, ApiError> {
    let seconds = parent.seconds.clone();
    let mut new = derived(parent, kind, prompt, seconds);
    let scene: scene::Scene = parent
        .scene
        .as_deref()
        .and_then(|s| serde_json::from_str(s).ok())
        .ok_or_else(|| ApiError::not_ready(&parent.id, parent.status.as_str()))?;
    let options = plan_options(&new.size, &new.seconds, new.seed);
    let change = new.prompt.clone();
    let revised = off_runtime(move || engine::revise(&scene, &change, &options))
        .await?
        .map_err(refused_prompt)?;
    new.scene = Some(scene_json(&revised.scene)?);
    new.warnings = revised.notices();
    queue(app, new, user, None).await
}

/// POST /v1/videos/edits
async fn edit(
    State(app): State<Arc<App>>,
    Caller(user): Caller,
    request: Request,
) -> Result<Response, ApiError> {
    let (fields, _place) = body(&app, request, EDIT_FIELDS).await?;
    let prompt = prompt_of(&fields)?;
    let parent = video_reference(&app, &user, &fields).await?;
    revision(&app, &user, &parent, JobKind::Edit, prompt).await
}

/// POST /v1/videos/extensions
async fn extend(
    State(app): State<Arc<App>>,
    Caller(user): Caller,
    request: Request,
) -> Result<Response, ApiError> {
    let (fields, _place) = body(&app, request, EXTEND_FIELDS).await?;
    let prompt = prompt_of(&fields)?;
    let more: i64 = seconds_of(&fields, None)?.parse().unwrap_or(4);
    let parent = video_reference(&app, &user, &fields).await?;
    // The record shows the stitched total, as OpenAI's does. Each extension films the
    // whole chain again, so the chain has a limit.
    let total = parent.seconds.parse::<i64>().unwrap_or(0) + more;
    if total > MAX_EXTENDED_SECONDS {
        return Err(ApiError::invalid(
            "seconds",
            "invalid_value",
            format!(
                "the extended video would be {total} s long; a video and its extensions may be at most {MAX_EXTENDED_SECONDS} s in all: extend by less, or remix it into a new video"
            ),
        ));
    }
    queue(
        &app,
        derived(&parent, JobKind::Extend, prompt, total.to_string()),
        &user,
        None,
    )
    .await
}

/// GET /v1/videos/{id}
async fn retrieve(
    State(app): State<Arc<App>>,
    Caller(user): Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let video = app
        .db
        .video_of(&user, &id)
        .await?
        .ok_or_else(|| ApiError::video_not_found(&id))?;
    Ok(video_response(StatusCode::OK, &video))
}

#[derive(Deserialize)]
struct ListQuery {
    after: Option<String>,
    limit: Option<String>,
    order: Option<String>,
}

/// GET /v1/videos
async fn list(
    State(app): State<Arc<App>>,
    Caller(user): Caller,
    query: Result<Query<ListQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(query) = query.map_err(|e| ApiError::malformed(format!("bad query string: {e}")))?;
    let limit = match query.limit.as_deref() {
        None => 20,
        Some(text) => match text.parse::<i64>() {
            Ok(n) if (1..=100).contains(&n) => n,
            _ => {
                return Err(ApiError::invalid(
                    "limit",
                    "invalid_value",
                    format!("'limit' is {text:?}; give a number from 1 to 100"),
                ));
            }
        },
    };
    let order = match query.order.as_deref() {
        None | Some("desc") => Order::Desc,
        Some("asc") => Order::Asc,
        Some(other) => {
            return Err(ApiError::invalid(
                "order",
                "invalid_value",
                format!("'order' is {other:?}; use asc or desc"),
            ));
        }
    };
    if let Some(after) = &query.after
        && app.db.video_of(&user, after).await?.is_none()
    {
        return Err(ApiError::invalid(
            "after",
            "invalid_value",
            format!(
                "'after' is '{after}', which is not one of your videos; pass the last_id of the previous page"
            ),
        ));
    }
    let (videos, has_more) = app
        .db
        .list_videos(&user, query.after.as_deref(), limit, order)
        .await?;
    Ok(Json(json!({
        "object": "list",
        "data": videos.iter().map(video_json).collect::<Vec<_>>(),
        "first_id": videos.first().map(|v| &v.id),
        "last_id": videos.last().map(|v| &v.id),
        "has_more": has_more,
    }))
    .into_response())
}

/// DELETE /v1/videos/{id}: cancels its job if it is queued or running, and removes it.
async fn delete(
    State(app): State<Arc<App>>,
    Caller(user): Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let video = app
        .db
        .delete_video(&user, &id)
        .await?
        .ok_or_else(|| ApiError::video_not_found(&id))?;
    if let Some(cancel) = app.running.lock().expect("lock").get(&id) {
        cancel.cancel();
    }
    app.objects
        .delete_prefix(&format!("videos/{}", video.id))
        .await?;
    if let Some(key) = &video.reference_key {
        app.objects.delete(key).await?;
    }
    Ok(Json(json!({"id": video.id, "object": "video.deleted", "deleted": true})).into_response())
}

#[derive(Deserialize)]
struct ContentQuery {
    variant: Option<String>,
}

/// GET /v1/videos/{id}/content?variant=video|thumbnail|spritesheet, with byte ranges.
async fn content(
    State(app): State<Arc<App>>,
    Caller(user): Caller,
    Path(id): Path<String>,
    query: Result<Query<ContentQuery>, axum::extract::rejection::QueryRejection>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let Query(query) = query.map_err(|e| ApiError::malformed(format!("bad query string: {e}")))?;
    let (file, mime) = match query.variant.as_deref().unwrap_or("video") {
        "video" => ("video.mp4", "video/mp4"),
        "thumbnail" => ("thumbnail.webp", "image/webp"),
        "spritesheet" => ("spritesheet.jpg", "image/jpeg"),
        other => {
            return Err(ApiError::invalid(
                "variant",
                "invalid_value",
                format!("'variant' is {other:?}; use video, thumbnail or spritesheet"),
            ));
        }
    };
    let video = app
        .db
        .video_of(&user, &id)
        .await?
        .ok_or_else(|| ApiError::video_not_found(&id))?;
    if video.status != Status::Completed {
        return Err(ApiError::not_ready(&id, video.status.as_str()));
    }
    if let Some(at) = video.expires_at.filter(|at| *at < store::now()) {
        return Err(ApiError {
            status: StatusCode::GONE,
            ..ApiError::invalid(
                "video_id",
                "video_expired",
                format!(
                    "the files of '{id}' expired at {at} (Unix time) and were deleted; generate it again or remix it"
                ),
            )
        });
    }
    let key = format!("videos/{id}/{file}");
    let Some(size) = app.objects.size(&key).await? else {
        return Err(ApiError::internal(format!(
            "{key} is missing from the media store"
        )));
    };
    let range = headers
        .get(header::RANGE)
        .and_then(|v| v.to_str().ok())
        .map(|text| {
            http_range_header::parse_range_header(text)
                .and_then(|r| r.validate(size))
                .map_err(|_| text.to_string())
        });
    let mut response = match range {
        Some(Ok(ranges)) if ranges.len() == 1 => {
            let (start, end) = (*ranges[0].start(), *ranges[0].end());
            let pieces = app.objects.stream(&key, Some(start..end + 1)).await?;
            let mut r = (StatusCode::PARTIAL_CONTENT, Body::from_stream(pieces)).into_response();
            let h = r.headers_mut();
            h.insert(
                header::CONTENT_RANGE,
                HeaderValue::from_str(&format!("bytes {start}-{end}/{size}"))
                    .map_err(ApiError::internal)?,
            );
            h.insert(header::CONTENT_LENGTH, HeaderValue::from(end + 1 - start));
            r
        }
        Some(Err(text)) => {
            let mut r = ApiError {
                status: StatusCode::RANGE_NOT_SATISFIABLE,
                ..ApiError::invalid(
                    "range",
                    "range_not_satisfiable",
                    format!("the range {text:?} is outside the {size}-byte file"),
                )
            }
            .into_response();
            r.headers_mut().insert(
                header::CONTENT_RANGE,
                HeaderValue::from_str(&format!("bytes */{size}")).map_err(ApiError::internal)?,
            );
            return Ok(r);
        }
        // No range, or several (answered whole, as HTTP allows).
        _ => {
            let pieces = app.objects.stream(&key, None).await?;
            let mut r = Body::from_stream(pieces).into_response();
            r.headers_mut()
                .insert(header::CONTENT_LENGTH, HeaderValue::from(size));
            r
        }
    };
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    h.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    Ok(response)
}
