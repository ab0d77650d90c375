//! Webhooks: `video.completed` and `video.failed` events, signed the Standard Webhooks way
//! (as OpenAI signs its own) and retried with exponential backoff.
//!
//! Each POST carries `webhook-id`, `webhook-timestamp` and
//! `webhook-signature: v1,BASE64(HMAC-SHA256(key, "{id}.{timestamp}.{body}"))`, where the
//! key is the base64 text after `whsec_` in the endpoint's secret.

use crate::App;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use std::sync::Arc;
use std::time::Duration;

/// How often the sender looks for due deliveries.
const POLL: Duration = Duration::from_millis(200);
/// How long one POST may take.
const TIMEOUT: Duration = Duration::from_secs(10);

/// The `webhook-signature` header value for a body.
pub fn sign(secret: &str, id: &str, timestamp: i64, body: &str) -> String {
    let encoded = secret.strip_prefix("whsec_").unwrap_or(secret);
    let key = BASE64
        .decode(encoded)
        .unwrap_or_else(|_| encoded.as_bytes().to_vec());
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).expect("HMAC takes a key of any length");
    mac.update(format!("{id}.{timestamp}.{body}").as_bytes());
    format!("v1,{}", BASE64.encode(mac.finalize().into_bytes()))
}

/// Registers a webhook endpoint for a user with a new random secret (`whsec_` and the
/// base64 of 32 bytes); the secret is returned once, in the webhook.
pub async fn add(
    db: &store::Database,
    user: &store::User,
    url: &str,
) -> Result<store::Webhook, crate::ApiError> {
    let parsed = reqwest::Url::parse(url).map_err(|e| {
        crate::ApiError::invalid("url", "invalid_url", format!("'{url}' is not a URL: {e}"))
    })?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(crate::ApiError::invalid(
            "url",
            "invalid_url",
            format!("'{url}' must start with https:// (or http:// on a private network)"),
        ));
    }
    let key: [u8; 32] = rand::random();
    let secret = format!("whsec_{}", BASE64.encode(key));
    Ok(db.add_webhook(user, url, &secret).await?)
}

/// Queues an event about a video for each of its owner's webhooks.
pub async fn announce(app: &App, user_id: &str, kind: &str, video_id: &str) {
    let payload = serde_json::json!({
        "object": "event",
        "type": kind,
        "created_at": store::now(),
        "data": { "id": video_id },
    });
    if let Err(e) = app.db.enqueue_event(user_id, &payload.to_string()).await {
        tracing::error!(error = %e, video = video_id, "cannot queue webhook event");
    }
}

/// Sends due deliveries until the task is aborted.
pub async fn run(app: Arc<App>) {
    // A receiver is answered where it was registered: no redirects elsewhere.
    let client = match reqwest::Client::builder()
        .timeout(TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .build()
    {
        Ok(client) => client,
        Err(e) => {
            tracing::error!(error = %e, "webhooks disabled: no HTTP client");
            return;
        }
    };
    loop {
        match app.db.due_deliveries(16).await {
            Ok(due) => {
                for delivery in due {
                    deliver(&app, &client, delivery).await;
                }
            }
            Err(e) => tracing::error!(error = %e, "cannot read webhook deliveries"),
        }
        tokio::time::sleep(POLL).await;
    }
}

async fn deliver(app: &App, client: &reqwest::Client, delivery: store::Delivery) {
    // The event id goes into the body too, as OpenAI's events carry theirs.
    let body = match serde_json::from_str::<serde_json::Value>(&delivery.payload) {
        Ok(mut value) => {
            value["id"] = delivery.id.clone().into();
            value.to_string()
        }
        Err(_) => delivery.payload.clone(),
    };
    let timestamp = store::now();
    let signature = sign(&delivery.webhook.secret, &delivery.id, timestamp, &body);
    let result = client
        .post(&delivery.webhook.url)
        .header("content-type", "application/json")
        .header("webhook-id", &delivery.id)
        .header("webhook-timestamp", timestamp.to_string())
        .header("webhook-signature", signature)
        .body(body)
        .send()
        .await;
    let error = match result {
        Ok(response) if response.status().is_success() => None,
        Ok(response) => Some(format!("HTTP {}", response.status())),
        Err(e) => Some(e.to_string()),
    };
    let attempts = delivery.attempts + 1;
    let retry = error.as_ref().and_then(|_| {
        (attempts < app.config.webhook_attempts).then(|| {
            let delay = app.config.webhook_backoff * 2u32.pow((attempts - 1).min(16) as u32);
            store::now_ms() + delay.as_millis() as i64
        })
    });
    if let Some(e) = &error {
        // The host only: a receiver's URL may carry a token in its path or query.
        let host = reqwest::Url::parse(&delivery.webhook.url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_string))
            .unwrap_or_default();
        let e = e.replace(&delivery.webhook.url, &host);
        tracing::warn!(event = %delivery.id, host, attempts, error = %e, retry = retry.is_some(), "webhook delivery failed");
    }
    if let Err(e) = app
        .db
        .delivery_attempted(&delivery.id, error.as_deref(), retry)
        .await
    {
        tracing::error!(error = %e, "cannot record webhook delivery");
    }
}
