//! What the pages load, built into the binary: the style sheet, the script, the service
//! worker, the web app manifest, the icons and the offline page.

use crate::page::{PageError, render};
use crate::session::Visitor;
use axum::extract::Path;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use minijinja::context;
use sha2::{Digest, Sha256};
use std::sync::LazyLock;

const APP_CSS: &str = include_str!("../static/app.css");
const APP_JS: &str = include_str!("../static/app.js");
const SERVICE_WORKER: &str = include_str!("../static/sw.js");
const ICON_SVG: &str = include_str!("../static/icon.svg");

/// The script, style sheet and service worker a page loads, by name (for the benchmark
/// of what the app ships).
pub fn assets() -> [(&'static str, &'static str); 3] {
    [
        ("app.js", APP_JS),
        ("app.css", APP_CSS),
        ("sw.js", SERVICE_WORKER),
    ]
}

/// A short hash of the style sheet and script: their URLs carry it, so a new build's
/// are fetched anew while each one can be cached for long.
pub static VERSION: LazyLock<String> = LazyLock::new(|| {
    let mut hash = Sha256::new();
    hash.update(APP_CSS);
    hash.update(APP_JS);
    hash.update(SERVICE_WORKER);
    hex::encode(&hash.finalize()[..6])
});

/// The app's icon drawn at `side` pixels: a rounded square in the app's violet with a
/// white play triangle, as PNG.
fn icon_png(side: u32) -> Vec<u8> {
    let s = side as f32;
    let radius = s * 0.22;
    let mut rgba = Vec::with_capacity((side * side * 4) as usize);
    for y in 0..side {
        for x in 0..side {
            let (px, py) = (x as f32 + 0.5, y as f32 + 0.5);
            // Distance outside the rounded square's corners.
            let cx = px.clamp(radius, s - radius);
            let cy = py.clamp(radius, s - radius);
            let outside = ((px - cx).powi(2) + (py - cy).powi(2)).sqrt() - radius;
            let alpha = (0.5 - outside).clamp(0.0, 1.0);
            // The triangle: pointing right, centred.
            let (u, v) = (px / s, py / s);
            let inside = u > 0.38 && u < 0.72 && (v - 0.5).abs() < (0.72 - u) * 0.9;
            let t = py / s;
            let (r, g, b) = if inside {
                (255.0, 255.0, 255.0)
            } else {
                (92.0 + 40.0 * t, 60.0 - 20.0 * t, 220.0 - 30.0 * t)
            };
            rgba.extend_from_slice(&[r as u8, g as u8, b as u8, (alpha * 255.0) as u8]);
        }
    }
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, side, side);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    if let Ok(mut writer) = encoder.write_header() {
        let _ = writer.write_image_data(&rgba);
    }
    out
}

static ICON_192: LazyLock<Vec<u8>> = LazyLock::new(|| icon_png(192));
static ICON_512: LazyLock<Vec<u8>> = LazyLock::new(|| icon_png(512));

fn asset(body: impl IntoResponse, mime: &'static str, cache: &'static str) -> Response {
    let mut response = body.into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    response
}

/// Long-lived: the URL changes with the content.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// GET /static/{file}
pub async fn file(Path(file): Path<String>) -> Result<Response, PageError> {
    Ok(match file.as_str() {
        "app.css" => asset(APP_CSS, "text/css; charset=utf-8", IMMUTABLE),
        "app.js" => asset(APP_JS, "text/javascript; charset=utf-8", IMMUTABLE),
        "icon.svg" => asset(ICON_SVG, "image/svg+xml", "public, max-age=86400"),
        "icon-192.png" => asset(ICON_192.as_slice(), "image/png", "public, max-age=86400"),
        "icon-512.png" => asset(ICON_512.as_slice(), "image/png", "public, max-age=86400"),
        _ => return Err(PageError::not_found()),
    })
}

/// GET /sw.js: the service worker, which caches the shell and shows the offline page
/// when the network is gone. Served from the root so that it controls every page.
pub async fn service_worker() -> Response {
    asset(
        SERVICE_WORKER.replace("__VERSION__", &VERSION),
        "text/javascript; charset=utf-8",
        "no-cache",
    )
}

/// GET /manifest.webmanifest
pub async fn manifest() -> Response {
    let manifest = serde_json::json!({
        "name": "Diorama",
        "short_name": "Diorama",
        "description": "Type an idea, get a short video with sound. Share, remix and watch.",
        "id": "/",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#0b0b12",
        "theme_color": "#0b0b12",
        "icons": [
            {"src": "/static/icon-192.png", "sizes": "192x192", "type": "image/png", "purpose": "any"},
            {"src": "/static/icon-512.png", "sizes": "512x512", "type": "image/png", "purpose": "any"},
            {"src": "/static/icon-512.png", "sizes": "512x512", "type": "image/png", "purpose": "maskable"},
            {"src": "/static/icon.svg", "sizes": "any", "type": "image/svg+xml"}
        ]
    });
    asset(
        manifest.to_string(),
        "application/manifest+json",
        "public, max-age=3600",
    )
}

/// GET /offline: what the service worker shows when a page cannot be reached.
pub async fn offline(visitor: Visitor) -> Result<Response, PageError> {
    let mut visitor = visitor;
    // The offline page is cached and shown to whoever is offline: nothing personal.
    visitor.account = None;
    render("offline.html", &visitor, context! { title => "Offline" })
}
