//! The app's data as JSON under `/app/api/`, for tests and future native clients: the
//! same visibility rules as the pages (the session cookie says who is asking).

use crate::Web;
use crate::create::stage_of;
use crate::media::{Visible, visible_video};
use crate::page::PageError;
use crate::session::Visitor;
use crate::social::notification_text;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};
use std::sync::Arc;
use store::{Account, Post, VideoRecord};

/// A refusal as JSON: `{"error": {"message": …}}` with its status.
fn refusal(e: PageError) -> Response {
    (e.status, Json(json!({"error": {"message": e.message}}))).into_response()
}

fn logged_in(visitor: &Visitor) -> Result<&Account, PageError> {
    visitor.account.as_ref().ok_or_else(|| {
        PageError::new(
            StatusCode::UNAUTHORIZED,
            "Log in first: this needs a session.",
        )
    })
}

/// A video's record as the app sees it.
fn video_json(v: &VideoRecord) -> Value {
    json!({
        "id": v.id, "status": v.status.as_str(), "progress": v.progress, "stage": stage_of(v),
        "seconds": v.seconds, "size": v.size, "model": v.model, "created_at": v.created_at,
        "kind": format!("{:?}", v.kind).to_lowercase(),
        "remixed_from_video_id": v.remixed_from_video_id,
        "video_url": format!("/media/{}/video.mp4", v.id),
        "thumbnail_url": format!("/media/{}/thumbnail.webp", v.id),
    })
}

/// A post as the viewer sees it (the prompt only where the creator shows it).
fn post_json(p: &Post, viewer: Option<&str>) -> Value {
    let mine = viewer == Some(p.video.user_id.as_str());
    json!({
        "video": video_json(&p.video),
        "creator": {"handle": p.handle, "display_name": p.display_name},
        "caption": p.caption,
        "prompt": (!p.hide_prompt || mine).then_some(&p.video.prompt),
        "posted_at": p.posted_at, "likes": p.likes, "comments": p.comments,
        "liked": p.liked, "remix_of": p.remix_of,
    })
}

#[derive(Deserialize)]
pub struct PageQuery {
    page: Option<i64>,
}

/// GET /app/api/feed?page=N
pub async fn feed(
    State(web): State<Arc<Web>>,
    visitor: Visitor,
    Query(q): Query<PageQuery>,
) -> Response {
    let page = q.page.unwrap_or(0).clamp(0, 1000);
    let viewer = visitor.user_id();
    match web.feeds.page(web.db(), viewer, None, page).await {
        Ok((posts, more)) => Json(json!({
            "data": posts.iter().map(|p| post_json(p, viewer)).collect::<Vec<_>>(),
            "next_page": more.then_some(page + 1),
        }))
        .into_response(),
        Err(e) => refusal(e.into()),
    }
}

/// GET /app/api/me: the member, their tier, today's generations and unread notifications.
pub async fn me(State(web): State<Arc<Web>>, visitor: Visitor) -> Response {
    let account = match logged_in(&visitor) {
        Ok(a) => a,
        Err(e) => return refusal(e),
    };
    let usage = match server::videos::daily_usage(&web.app, &account.user).await {
        Ok(usage) => usage,
        Err(e) => return refusal(e.into()),
    };
    let (used, limit) = usage.map_or((0, 0), |(u, l, _)| (u, l));
    let unread = match web.db().unread_notifications(&account.user.id).await {
        Ok(n) => n,
        Err(e) => return refusal(e.into()),
    };
    Json(json!({
        "handle": account.user.name, "display_name": account.display_name,
        "bio": account.bio, "tier": account.tier.as_str(),
        "daily": {"used": used, "limit": limit},
        "unread_notifications": unread,
    }))
    .into_response()
}

/// GET /app/api/drafts
pub async fn drafts(State(web): State<Arc<Web>>, visitor: Visitor) -> Response {
    let account = match logged_in(&visitor) {
        Ok(a) => a,
        Err(e) => return refusal(e),
    };
    match web.db().drafts(&account.user.id, 100).await {
        Ok(list) => {
            Json(json!({"data": list.iter().map(video_json).collect::<Vec<_>>()})).into_response()
        }
        Err(e) => refusal(e.into()),
    }
}

/// GET /app/api/notifications (does not mark them seen; the page does).
pub async fn notifications(State(web): State<Arc<Web>>, visitor: Visitor) -> Response {
    let account = match logged_in(&visitor) {
        Ok(a) => a,
        Err(e) => return refusal(e),
    };
    let unread = match web.db().unread_notifications(&account.user.id).await {
        Ok(n) => n,
        Err(e) => return refusal(e.into()),
    };
    match web.db().notifications(&account.user.id, 100).await {
        Ok(list) => Json(json!({
            "unread": unread,
            "data": list.iter().map(|n| json!({
                "kind": format!("{:?}", n.kind).to_lowercase(),
                "text": format!("@{} {}", n.actor_handle, notification_text(n.kind)),
                "actor": n.actor_handle, "video_id": n.video_id,
                "created_at_ms": n.created_at, "seen": n.seen,
            })).collect::<Vec<_>>(),
        }))
        .into_response(),
        Err(e) => refusal(e.into()),
    }
}

/// GET /app/api/videos/{id}: a video the viewer may see, with its comments and remixes.
pub async fn video(
    State(web): State<Arc<Web>>,
    visitor: Visitor,
    Path(id): Path<String>,
) -> Response {
    let viewer = visitor.user_id();
    let result = async {
        let Visible { video, post } = visible_video(&web, &visitor, &id).await?;
        let comments = match post {
            Some(_) => web.db().comments(&id, viewer).await?,
            None => Vec::new(),
        };
        let remixes = web.db().remixes_of(&id, viewer).await?;
        Ok::<_, PageError>(json!({
            "video": video_json(&video),
            "post": post.as_ref().map(|p| post_json(p, viewer)),
            "comments": comments.iter().map(|c| json!({
                "id": c.id, "handle": c.handle, "body": c.body,
                "reply_to": c.parent_id, "created_at_ms": c.created_at,
            })).collect::<Vec<_>>(),
            "remixes": remixes.iter().map(|p| post_json(p, viewer)).collect::<Vec<_>>(),
        }))
    }
    .await;
    match result {
        Ok(value) => Json(value).into_response(),
        Err(e) => refusal(e),
    }
}

/// GET /app/api/users/{handle}: a profile and its posts.
pub async fn user(
    State(web): State<Arc<Web>>,
    visitor: Visitor,
    Path(handle): Path<String>,
) -> Response {
    let viewer = visitor.user_id();
    let result = async {
        let profile = web
            .db()
            .profile(handle.trim_start_matches('@'), viewer)
            .await?
            .ok_or_else(PageError::not_found)?;
        let posts = web.db().posts_of(&profile.user.id, viewer, 0, 60).await?;
        Ok::<_, PageError>(json!({
            "handle": profile.user.name, "display_name": profile.display_name, "bio": profile.bio,
            "followers": profile.followers, "following": profile.following, "posts": profile.posts,
            "videos": posts.iter().map(|p| post_json(p, viewer)).collect::<Vec<_>>(),
        }))
    }
    .await;
    match result {
        Ok(value) => Json(value).into_response(),
        Err(e) => refusal(e),
    }
}
