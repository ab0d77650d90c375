//! Prometheus metrics: HTTP latencies by route and status, queue depth, job durations.

use crate::App;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use std::sync::{Arc, OnceLock};
use std::time::Instant;

/// Histogram buckets in seconds, from a fast retrieve to a long generation.
const BUCKETS: &[f64] = &[
    0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0,
    120.0, 300.0,
];

/// The process-wide recorder (metrics are global to the process).
fn handle() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let recorder = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Suffix("seconds".into()), BUCKETS)
            .expect("the bucket list is not empty")
            .build_recorder();
        let handle = recorder.handle();
        // Another recorder may already be installed (a host embedding the server); then
        // this one only serves its own, empty, registry.
        let _ = metrics::set_global_recorder(recorder);
        handle
    })
}

/// The method as a label: one of the methods the API knows, or "other", so that invented
/// methods cannot grow the metrics.
fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::DELETE => "DELETE",
        Method::HEAD => "HEAD",
        Method::OPTIONS => "OPTIONS",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        _ => "other",
    }
}

/// Records a request's latency by route (a route pattern, or "unmatched"), method and
/// status: label sets the server fixes, never the client.
fn record(route: String, method: &Method, status: StatusCode, start: Instant) {
    handle();
    let labels = [
        ("route", route),
        ("method", method_label(method).to_string()),
        ("status", status.as_u16().to_string()),
    ];
    metrics::histogram!("diorama_http_request_duration_seconds", &labels)
        .record(start.elapsed().as_secs_f64());
    metrics::counter!("diorama_http_requests_total", &labels).increment(1);
}

/// Records each matched request (a route layer, so the route pattern is known).
pub async fn track(request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched".to_string(), |p| p.as_str().to_string());
    let method = request.method().clone();
    let start = Instant::now();
    let response = next.run(request).await;
    record(route, &method, response.status(), start);
    response
}

/// Records a request that matched no route (answered 404 by the fallback).
pub fn unmatched(method: &Method) {
    record(
        "unmatched".to_string(),
        method,
        StatusCode::NOT_FOUND,
        Instant::now(),
    );
}

/// The span each request's log lines are in: its method, path (without the query) and
/// client address (as `trusted` proxies pass it on); never its headers, which carry keys.
/// Its fields are only worked out when the span is logged.
pub fn request_span(
    request: &axum::http::Request<axum::body::Body>,
    trusted: &[std::net::IpAddr],
) -> tracing::Span {
    tracing::info_span!(
        "request",
        method = %request.method(),
        path = %Clipped(request.uri().path()),
        client = %crate::auth::client_ip(request.extensions(), request.headers(), trusted),
    )
}

/// A path as logged: its first 200 characters.
struct Clipped<'a>(&'a str);

impl std::fmt::Display for Clipped<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0.char_indices().nth(200) {
            Some((at, _)) => write!(f, "{}…", &self.0[..at]),
            None => f.write_str(self.0),
        }
    }
}

/// One log line for each answered request.
pub fn log_response(response: &Response, latency: std::time::Duration, _: &tracing::Span) {
    tracing::info!(
        target: "server::request",
        status = response.status().as_u16(),
        ms = latency.as_secs_f64() * 1000.0,
        "answered"
    );
}

/// Records how long a job took and how it ended.
pub fn job_finished(outcome: &'static str, seconds: f64) {
    handle();
    metrics::histogram!("diorama_job_duration_seconds", "outcome" => outcome).record(seconds);
    metrics::counter!("diorama_jobs_total", "outcome" => outcome).increment(1);
}

/// GET /metrics: the Prometheus text format; with a metrics token configured, only for
/// `Authorization: Bearer <token>`.
pub async fn render(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    if let Some(token) = &app.config.metrics_token {
        let sent = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or_default();
        if !crate::auth::same_secret(sent, token) {
            return crate::ApiError::unauthorized(
                "invalid_metrics_token",
                "/metrics needs the operator's metrics token: send 'Authorization: Bearer <token>'",
            )
            .into_response();
        }
    }
    let handle = handle();
    match app.db.queue_depth().await {
        Ok(depth) => {
            metrics::gauge!("diorama_queue_depth", "state" => "queued").set(depth.queued as f64);
            metrics::gauge!("diorama_queue_depth", "state" => "running").set(depth.running as f64);
        }
        Err(e) => return crate::ApiError::internal(e).into_response(),
    }
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        handle.render(),
    )
        .into_response()
}
