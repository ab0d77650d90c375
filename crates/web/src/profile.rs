//! Profiles, `/@handle`: posts, followers and following, follow and block.

use crate::Web;
use crate::feed::post_view;
use crate::page::{PageError, render, see_other};
use crate::session::{Form, Member, Visitor};
use axum::extract::{Path, Query, State};
use axum::response::Response;
use minijinja::{Value, context};
use serde::Deserialize;
use std::sync::Arc;
use store::Profile;

/// The handle in a profile path (`@alice`); anything else is not a profile.
fn handle_of(name: &str) -> Result<String, PageError> {
    let handle = name.strip_prefix('@').ok_or_else(PageError::not_found)?;
    if handle.is_empty() || handle.len() > 64 {
        return Err(PageError::not_found());
    }
    Ok(handle.to_ascii_lowercase())
}

#[derive(Deserialize)]
pub struct ProfileQuery {
    show: Option<String>,
}

/// What a page shows of a profile.
pub fn profile_view(p: &Profile) -> Value {
    context! {
        handle => &p.user.name, display_name => &p.display_name, bio => &p.bio,
        has_avatar => p.has_avatar, followers => p.followers, following => p.following,
        posts => p.posts,
    }
}

/// GET /@handle (`?show=followers` or `?show=following` lists those instead).
pub async fn page(
    State(web): State<Arc<Web>>,
    visitor: Visitor,
    Path(name): Path<String>,
    Query(q): Query<ProfileQuery>,
) -> Result<Response, PageError> {
    let handle = handle_of(&name)?;
    let viewer = visitor.user_id();
    let profile = web
        .db()
        .profile(&handle, viewer)
        .await?
        .ok_or_else(PageError::not_found)?;
    let them = &profile.user.id;
    let is_me = viewer == Some(them.as_str());
    let (following, blocking) = match viewer {
        Some(me) if !is_me => (
            web.db().follows(me, them).await?,
            web.db().blocks(me, them).await?,
        ),
        _ => (false, false),
    };
    let show = q
        .show
        .as_deref()
        .filter(|s| ["followers", "following"].contains(s));
    let people = match show {
        Some(which) => web
            .db()
            .follow_list(them, which == "followers")
            .await?
            .iter()
            .map(|m| context! { handle => &m.handle, display_name => &m.display_name })
            .collect(),
        None => Vec::new(),
    };
    let posts: Vec<Value> = web
        .db()
        .posts_of(them, viewer, 0, 60)
        .await?
        .iter()
        .map(|p| post_view(p, viewer))
        .collect();
    render(
        "profile.html",
        &visitor,
        context! {
            title => format!("{} (@{})", profile.display_name, profile.user.name),
            profile => profile_view(&profile),
            posts, is_me, following, blocking, show, people,
        },
    )
}

/// The profile of a handle a member acts on (not themselves).
async fn other(web: &Web, member: &Member, name: &str) -> Result<Profile, PageError> {
    let handle = handle_of(name)?;
    let profile = web
        .db()
        .profile(&handle, Some(&member.account.user.id))
        .await?
        .ok_or_else(PageError::not_found)?;
    if profile.user.id == member.account.user.id {
        return Err(PageError::bad_request("You cannot do that to yourself."));
    }
    Ok(profile)
}

/// POST /@handle/follow: `on=0` unfollows.
pub async fn follow(
    State(web): State<Arc<Web>>,
    member: Member,
    Path(name): Path<String>,
    form: Form,
) -> Result<Response, PageError> {
    let profile = other(&web, &member, &name).await?;
    let on = form.get("on") != Some("0");
    web.db()
        .follow(&member.account.user.id, &profile.user.id, on)
        .await?;
    web.feeds.forget(&[&member.account.user.id]);
    Ok(see_other(&format!("/@{}", profile.user.name)))
}

/// POST /@handle/block: `on=0` unblocks. A blocked member cannot see or reach the
/// blocker, and follows both ways end.
pub async fn block(
    State(web): State<Arc<Web>>,
    member: Member,
    Path(name): Path<String>,
    form: Form,
) -> Result<Response, PageError> {
    let handle = handle_of(&name)?;
    let on = form.get("on") != Some("0");
    let me = &member.account.user.id;
    // Unblocking: the profile is hidden while the block stands, so look it up by login.
    let them = if on {
        other(&web, &member, &name).await?.user.id
    } else {
        web.db()
            .account_for_login(&handle)
            .await?
            .ok_or_else(PageError::not_found)?
            .0
            .user
            .id
    };
    web.db().block(me, &them, on).await?;
    web.feeds.forget(&[me, &them]);
    Ok(see_other(if on { "/" } else { "/settings" }))
}
