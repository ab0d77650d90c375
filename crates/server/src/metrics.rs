//! Prometheus metrics: HTTP latencies by route and status, queue depth, job durations.

use crate::App;
use axum::extract::{MatchedPath, Request, State};
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

/// Records each request's latency by route, method and status.
pub async fn track(request: Request, next: Next) -> Response {
    handle();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched".to_string(), |p| p.as_str().to_string());
    let method = request.method().to_string();
    let start = Instant::now();
    let response = next.run(request).await;
    let labels = [
        ("route", route),
        ("method", method),
        ("status", response.status().as_u16().to_string()),
    ];
    metrics::histogram!("diorama_http_request_duration_seconds", &labels)
        .record(start.elapsed().as_secs_f64());
    metrics::counter!("diorama_http_requests_total", &labels).increment(1);
    response
}

/// Records how long a job took and how it ended.
pub fn job_finished(outcome: &'static str, seconds: f64) {
    handle();
    metrics::histogram!("diorama_job_duration_seconds", "outcome" => outcome).record(seconds);
    metrics::counter!("diorama_jobs_total", "outcome" => outcome).increment(1);
}

/// GET /metrics: the Prometheus text format.
pub async fn render(State(app): State<Arc<App>>) -> Response {
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
            axum::http::header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        handle.render(),
    )
        .into_response()
}
