//! Likes, comments and notifications.

use crate::Web;
use crate::page::{PageError, render, see_other};
use crate::session::{Form, Member};
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use minijinja::context;
use std::sync::Arc;
use store::NotificationKind;

/// The longest comment, in characters.
pub const MAX_COMMENT: usize = 500;

/// Whether a request is a fetch that wants JSON back rather than a page.
fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(axum::http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"))
}

/// Refuses (not found) a video that is not posted or that a block hides from `me`.
async fn visible_post(web: &Web, me: &str, id: &str) -> Result<(), PageError> {
    web.db()
        .post(id, Some(me))
        .await?
        .map(drop)
        .ok_or_else(PageError::not_found)
}

/// POST /v/{id}/like: `on=1` likes, `on=0` unlikes. Answers JSON to a fetch, else goes
/// back to the video.
pub async fn like(
    State(web): State<Arc<Web>>,
    member: Member,
    Path(id): Path<String>,
    headers: HeaderMap,
    form: Form,
) -> Result<Response, PageError> {
    let me = &member.account.user.id;
    visible_post(&web, me, &id).await?;
    let on = form.get("on") != Some("0");
    let likes = web.db().like(me, &id, on).await?;
    if wants_json(&headers) {
        return Ok(axum::Json(serde_json::json!({"liked": on, "likes": likes})).into_response());
    }
    Ok(see_other(&format!("/v/{id}")))
}

/// POST /v/{id}/comments: a comment, or a reply (`reply_to`).
pub async fn comment(
    State(web): State<Arc<Web>>,
    member: Member,
    Path(id): Path<String>,
    form: Form,
) -> Result<Response, PageError> {
    let me = &member.account.user.id;
    visible_post(&web, me, &id).await?;
    let body = form.text("body").trim();
    if body.is_empty() {
        return Err(PageError::bad_request("Write something to comment."));
    }
    if body.chars().count() > MAX_COMMENT {
        return Err(PageError::bad_request(format!(
            "A comment has at most {MAX_COMMENT} characters; shorten it."
        )));
    }
    let reply_to = form.get("reply_to").filter(|r| !r.is_empty());
    let added = web.db().add_comment(me, &id, reply_to, body).await?;
    let Some(comment) = added else {
        return Err(PageError::bad_request(
            "The comment you replied to was deleted.",
        ));
    };
    Ok(see_other(&format!("/v/{id}#{comment}")))
}

/// POST /comments/{id}/delete: its author or the video's creator deletes a comment.
pub async fn delete_comment(
    State(web): State<Arc<Web>>,
    member: Member,
    Path(id): Path<String>,
    form: Form,
) -> Result<Response, PageError> {
    if !web
        .db()
        .delete_comment(&member.account.user.id, &id)
        .await?
    {
        return Err(PageError::not_found());
    }
    let back = form
        .get("video")
        .filter(|v| {
            v.starts_with("video_") && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        })
        .map_or("/".to_string(), |v| format!("/v/{v}#comments"));
    Ok(see_other(&back))
}

/// What a notification says, after the actor's name.
pub fn notification_text(kind: NotificationKind) -> &'static str {
    match kind {
        NotificationKind::Like => "liked your video",
        NotificationKind::Comment => "commented on your video",
        NotificationKind::Follow => "followed you",
        NotificationKind::Remix => "remixed your video",
        NotificationKind::Collaborate => "invited you to collaborate on a draft",
    }
}

/// GET /notifications: the latest, newest first; seeing them marks them read.
pub async fn notifications(
    State(web): State<Arc<Web>>,
    member: Member,
) -> Result<Response, PageError> {
    let me = &member.account.user.id;
    let list = web.db().notifications(me, 100).await?;
    web.db().mark_notifications_seen(me).await?;
    let items: Vec<_> = list
        .iter()
        .map(|n| {
            context! {
                actor => &n.actor_handle, actor_name => &n.actor_name,
                text => notification_text(n.kind), video_id => &n.video_id,
                at => n.created_at / 1000, unseen => !n.seen,
            }
        })
        .collect();
    let mut visitor = member.visitor.clone();
    visitor.unread = 0;
    render(
        "notifications.html",
        &visitor,
        context! { title => "Notifications", notifications => items },
    )
}
