//! Video files and avatars, to those who may see them.

use crate::Web;
use crate::page::PageError;
use crate::session::Visitor;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use std::sync::Arc;
use store::{Post, VideoRecord};

/// A video the visitor may see, and its post when it is posted.
pub struct Visible {
    /// The video.
    pub video: VideoRecord,
    /// Its post (`None` for a draft).
    pub post: Option<Post>,
}

/// A video the visitor may see: posted (and no block stands between them and its
/// creator), or their own or one they collaborate on. Anything else is not found.
pub async fn visible_video(web: &Web, visitor: &Visitor, id: &str) -> Result<Visible, PageError> {
    if let Some(post) = web.db().post(id, visitor.user_id()).await? {
        return Ok(Visible {
            video: post.video.clone(),
            post: Some(post),
        });
    }
    let Some(me) = visitor.user_id() else {
        return Err(PageError::not_found());
    };
    let video = web.db().video(id).await?.ok_or_else(PageError::not_found)?;
    if video.user_id == me || web.db().is_collaborator(id, me).await? {
        Ok(Visible { video, post: None })
    } else {
        Err(PageError::not_found())
    }
}

/// GET /media/{id}/{file}: `video.mp4` (with byte ranges), `thumbnail.webp` or
/// `spritesheet.jpg`.
pub async fn file(
    State(web): State<Arc<Web>>,
    visitor: Visitor,
    Path((id, file)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let mime = match file.as_str() {
        "video.mp4" => "video/mp4",
        "thumbnail.webp" => "image/webp",
        "spritesheet.jpg" => "image/jpeg",
        _ => return Err(PageError::not_found()),
    };
    let visible = visible_video(&web, &visitor, &id).await?;
    let mut response =
        server::media_response(&web.app, &visible.video, &file, mime, &headers).await?;
    let cache = if visible.post.is_some() {
        "public, max-age=300"
    } else {
        "private, no-cache"
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    Ok(response)
}

/// GET /avatars/{handle}
pub async fn avatar(
    State(web): State<Arc<Web>>,
    visitor: Visitor,
    Path(handle): Path<String>,
) -> Result<Response, PageError> {
    let profile = web
        .db()
        .profile(&handle, visitor.user_id())
        .await?
        .ok_or_else(PageError::not_found)?;
    let account = web
        .db()
        .account(&profile.user.id)
        .await?
        .ok_or_else(PageError::not_found)?;
    let key = account.avatar_key.ok_or_else(PageError::not_found)?;
    let bytes = web.app.objects().get(&key).await?;
    let mut response = bytes.into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("image/jpeg"));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    Ok(response)
}
