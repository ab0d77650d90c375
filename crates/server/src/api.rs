//! The Videos API: the same paths, fields, values and errors as OpenAI's `/v1/videos`.

use crate::auth::Caller;
use crate::error::ApiError;
use crate::fields::{Allowed, Fields, LargeBody};
use crate::reference_image::{self, ImageRefusal};
use crate::{App, metrics, off_runtime, videos};
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
use store::{JobKind, Order, Status, VideoRecord};
use tower::ServiceExt;

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

/// The routes, with request logs, metrics and an OpenAI-shaped 404 for unknown paths
/// under `/v1/` (and everywhere when there are no `pages`, the app's routes, to fall back to).
pub fn router(app: Arc<App>, pages: Option<Router>) -> Router {
    let trusted = app.config.trusted_proxies.clone();
    let api = Router::new()
        .route("/v1/videos", post(create).get(list))
        .route("/v1/videos/edits", post(edit))
        .route("/v1/videos/extensions", post(extend))
        .route("/v1/videos/{id}", get(retrieve).delete(delete))
        .route("/v1/videos/{id}/content", get(content))
        .route("/v1/videos/{id}/remix", post(remix))
        .route("/healthz", get(live))
        .route("/readyz", get(ready))
        .route("/metrics", get(metrics::render))
        .with_state(app);
    let api = api.route_layer(axum::middleware::from_fn(metrics::track));
    let all = match pages {
        None => api.fallback(unknown_route),
        Some(pages) => {
            let pages = pages.route_layer(axum::middleware::from_fn(metrics::track));
            api.fallback_service(tower::service_fn(move |request: Request| {
                let pages = pages.clone();
                async move {
                    let path = request.uri().path();
                    if path == "/v1" || path.starts_with("/v1/") {
                        Ok(unknown_route(request).await.into_response())
                    } else {
                        pages.oneshot(request).await
                    }
                }
            }))
        }
    };
    all.layer(
        tower_http::trace::TraceLayer::new_for_http()
            .make_span_with(move |r: &Request| metrics::request_span(r, &trusted))
            .on_request(())
            .on_response(metrics::log_response),
    )
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
        "credits": v.credits,
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
    videos::check_prompt(fields.text("prompt")?)
}

/// The model, size and seconds of a new video, checked together.
fn shape_of(fields: &Fields) -> Result<videos::Shape, ApiError> {
    videos::check_shape(
        fields.text("model")?,
        fields.text("size")?,
        fields.text("seconds")?,
    )
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

/// POST /v1/videos
async fn create(
    State(app): State<Arc<App>>,
    Caller(user): Caller,
    request: Request,
) -> Result<Response, ApiError> {
    let (fields, _place) = body(&app, request, CREATE_FIELDS).await?;
    let prompt = prompt_of(&fields)?;
    let shape = shape_of(&fields)?;
    let reference = reference_of(&fields).await?;
    let video = videos::create(&app, &user, prompt, shape, reference).await?;
    Ok(video_response(StatusCode::OK, &video))
}

/// The caller's completed video that a remix, edit or extension starts from.
async fn parent_of(app: &App, user: &store::User, id: &str) -> Result<VideoRecord, ApiError> {
    let parent = app
        .db
        .video_of(user, id)
        .await?
        .ok_or_else(|| ApiError::video_not_found(id))?;
    videos::ready_parent(parent)
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
    let video = videos::revise(&app, &user, &parent, JobKind::Remix, prompt).await?;
    Ok(video_response(StatusCode::OK, &video))
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
    let video = videos::revise(&app, &user, &parent, JobKind::Edit, prompt).await?;
    Ok(video_response(StatusCode::OK, &video))
}

/// POST /v1/videos/extensions
async fn extend(
    State(app): State<Arc<App>>,
    Caller(user): Caller,
    request: Request,
) -> Result<Response, ApiError> {
    let (fields, _place) = body(&app, request, EXTEND_FIELDS).await?;
    let prompt = prompt_of(&fields)?;
    let more: i64 = videos::check_seconds(fields.text("seconds")?, None)?
        .parse()
        .unwrap_or(4);
    let parent = video_reference(&app, &user, &fields).await?;
    let video = videos::extend(&app, &user, &parent, prompt, more).await?;
    Ok(video_response(StatusCode::OK, &video))
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
    let video = videos::delete(&app, &user, &id)
        .await?
        .ok_or_else(|| ApiError::video_not_found(&id))?;
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
    media_response(&app, &video, file, mime, &headers).await
}

/// A finished video's file (`video.mp4`, `thumbnail.webp`, `spritesheet.jpg`) streamed
/// from the media store, with byte ranges.
pub async fn media_response(
    app: &App,
    video: &VideoRecord,
    file: &str,
    mime: &'static str,
    headers: &HeaderMap,
) -> Result<Response, ApiError> {
    if video.status != Status::Completed {
        return Err(ApiError::not_ready(&video.id, video.status.as_str()));
    }
    if let Some(at) = video.expires_at.filter(|at| *at < store::now()) {
        return Err(ApiError {
            status: StatusCode::GONE,
            ..ApiError::invalid(
                "video_id",
                "video_expired",
                format!(
                    "the files of '{}' expired at {at} (Unix time) and were deleted; generate it again or remix it",
                    video.id
                ),
            )
        });
    }
    let key = format!("videos/{}/{file}", video.id);
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
