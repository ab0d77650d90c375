//! "Export my data": a zip of the member's records as JSON and their videos' files.

use crate::Web;
use crate::page::PageError;
use crate::session::Member;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use std::io::Write;
use std::sync::Arc;
use store::{Order, Status, VideoRecord};
use zip::write::SimpleFileOptions;

/// A video's record as the export lists it.
fn video_json(v: &VideoRecord) -> Value {
    json!({
        "id": v.id, "status": v.status.as_str(), "created_at": v.created_at,
        "prompt": v.prompt, "model": v.model, "size": v.size, "seconds": v.seconds,
        "remixed_from_video_id": v.remixed_from_video_id, "parent_id": v.parent_id,
        "warnings": v.warnings, "scene": v.scene.as_deref().and_then(|s| serde_json::from_str::<Value>(s).ok()),
    })
}

/// Everything of the member's, as named JSON documents.
async fn records(
    web: &Web,
    member: &Member,
) -> Result<(Vec<(String, Value)>, Vec<VideoRecord>), PageError> {
    let me = &member.account;
    let id = &me.user.id;
    let db = web.db();
    let mut videos = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let (page, more) = db
            .list_videos(&me.user, after.as_deref(), 100, Order::Asc)
            .await?;
        after = page.last().map(|v| v.id.clone());
        videos.extend(page);
        if !more {
            break;
        }
    }
    let posts: Vec<Value> = db
        .posts_of(id, Some(id), 0, i64::MAX / 2)
        .await?
        .iter()
        .map(|p| json!({"video_id": p.video.id, "caption": p.caption, "hide_prompt": p.hide_prompt, "posted_at": p.posted_at, "likes": p.likes, "comments": p.comments}))
        .collect();
    let comments: Vec<Value> = db
        .comments_by(id)
        .await?
        .into_iter()
        .map(|(video, body, at)| json!({"video_id": video, "body": body, "created_at_ms": at}))
        .collect();
    let handles =
        |list: Vec<store::Member>| -> Vec<String> { list.into_iter().map(|m| m.handle).collect() };
    let documents = vec![
        (
            "account.json".to_string(),
            json!({
                "handle": me.user.name, "display_name": me.display_name, "bio": me.bio,
                "age": me.age, "tier": me.tier.as_str(), "created_at": me.created_at,
            }),
        ),
        (
            "videos.json".into(),
            Value::from(videos.iter().map(video_json).collect::<Vec<_>>()),
        ),
        ("posts.json".into(), Value::from(posts)),
        ("comments.json".into(), Value::from(comments)),
        ("likes.json".into(), json!(db.likes_by(id).await?)),
        (
            "following.json".into(),
            json!(handles(db.follow_list(id, false).await?)),
        ),
        (
            "followers.json".into(),
            json!(handles(db.follow_list(id, true).await?)),
        ),
        (
            "blocked.json".into(),
            json!(handles(db.blocked_by(id).await?)),
        ),
    ];
    Ok((documents, videos))
}

/// GET /settings/export: written to a file under the data directory on the blocking pool
/// (videos can be large, so one is in memory at a time), streamed, and deleted once open.
pub async fn download(State(web): State<Arc<Web>>, member: Member) -> Result<Response, PageError> {
    let (documents, videos) = records(&web, &member).await?;
    let mut media: Vec<(String, String)> = videos
        .iter()
        .filter(|v| v.status == Status::Completed)
        .flat_map(|v| {
            ["video.mp4", "thumbnail.webp"].map(|file| {
                (
                    format!("media/{}/{file}", v.id),
                    format!("videos/{}/{file}", v.id),
                )
            })
        })
        .collect();
    if let Some(key) = &member.account.avatar_key {
        media.push(("media/avatar.jpg".to_string(), key.clone()));
    }
    let objects = web.app.objects().clone();
    let runtime = tokio::runtime::Handle::current();
    let dir = web.app.config().data.join("work");
    let path = dir.join(format!("export-{:032x}.zip", rand::random::<u128>()));
    let written = path.clone();
    tokio::task::spawn_blocking(move || -> std::io::Result<()> {
        std::fs::create_dir_all(&dir)?;
        let mut zip = zip::ZipWriter::new(std::fs::File::create(&written)?);
        let deflated =
            SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        let stored =
            SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        for (name, value) in documents {
            zip.start_file(name, deflated)
                .map_err(std::io::Error::other)?;
            zip.write_all(&serde_json::to_vec_pretty(&value).map_err(std::io::Error::other)?)?;
        }
        // One file in memory at a time; a file gone since the listing (an expired
        // draft's) is left out.
        for (name, key) in media {
            if let Ok(bytes) = runtime.block_on(objects.get(&key)) {
                zip.start_file(name, stored)
                    .map_err(std::io::Error::other)?;
                zip.write_all(&bytes)?;
            }
        }
        zip.finish().map_err(std::io::Error::other)?;
        Ok(())
    })
    .await
    .map_err(PageError::internal)?
    .map_err(PageError::internal)?;
    let file = tokio::fs::File::open(&path)
        .await
        .map_err(PageError::internal)?;
    let size = file.metadata().await.map_err(PageError::internal)?.len();
    // Open files stay readable once unlinked: nothing is left behind however the
    // download ends.
    let _ = tokio::fs::remove_file(&path).await;
    let mut response = Body::from_stream(tokio_util::io::ReaderStream::new(file)).into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/zip"),
    );
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(size));
    if let Ok(v) = HeaderValue::from_str(&format!(
        "attachment; filename=\"diorama-{}.zip\"",
        member.account.user.name
    )) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(response)
}
