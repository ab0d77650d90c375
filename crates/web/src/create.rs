//! Making videos in the app: the create page (a prompt, or a storyboard of shots),
//! drafts, live progress, posting, deleting, remixing, extending, editing a draft's
//! prompt and inviting collaborators.

use crate::Web;
use crate::account::handle_problem;
use crate::page::{PageError, render, see_other};
use crate::session::{Form, Member};
use axum::extract::{Path, State};
use axum::response::Response;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures::Stream;
use minijinja::context;
use server::videos::{self, Shape};
use std::sync::Arc;
use std::time::Duration;
use store::{Account, JobKind, Status, Tier, User, VideoRecord};

/// The longest caption, in characters.
pub const MAX_CAPTION: usize = 300;
/// Shots a storyboard may have.
const MAX_SHOTS: usize = 8;
/// How often the progress stream looks at the record.
const PROGRESS_EVERY: Duration = Duration::from_millis(500);
/// How long one progress stream lasts before the page reconnects.
const PROGRESS_FOR: Duration = Duration::from_secs(600);

/// The longest clip a tier may make, in seconds.
fn max_seconds(tier: Tier) -> i64 {
    match tier {
        Tier::Standard => videos::STANDARD_MAX_SECONDS,
        Tier::Pro => 20,
    }
}

/// The lengths a tier may choose on the create page.
fn durations(tier: Tier) -> Vec<&'static str> {
    videos::SECONDS
        .iter()
        .copied()
        .filter(|s| s.parse::<i64>().is_ok_and(|n| n <= max_seconds(tier)))
        .collect()
}

/// What the create page shows of the member's limits.
async fn limits(web: &Web, account: &Account) -> Result<minijinja::Value, PageError> {
    let (used, limit) = match videos::daily_usage(&web.app, &account.user).await? {
        Some((used, limit, _)) => (used, limit),
        None => (0, 0),
    };
    Ok(context! {
        used, limit, left => (limit - used).max(0),
        pro => account.tier == Tier::Pro,
        max_seconds => max_seconds(account.tier),
        durations => durations(account.tier),
        max_prompt => videos::MAX_PROMPT,
        max_shots => MAX_SHOTS,
    })
}

/// GET /create
pub async fn page(State(web): State<Arc<Web>>, member: Member) -> Result<Response, PageError> {
    let limits = limits(&web, &member.account).await?;
    render(
        "create.html",
        &member.visitor,
        context! { title => "Create", limits, mode => "prompt", seconds => "4" },
    )
}

/// The model and size for the create form's choices.
fn shape_for(form: &Form, seconds: String) -> Result<Shape, PageError> {
    let pro = form.get("model") == Some("pro");
    let landscape = form.get("orientation") == Some("landscape");
    let size = match (pro, landscape) {
        (false, false) => "720x1280",
        (false, true) => "1280x720",
        (true, false) => "1080x1920",
        (true, true) => "1920x1080",
    };
    Ok(Shape {
        model: if pro { "diorama-1-pro" } else { "diorama-1" }.to_string(),
        size: size.to_string(),
        seconds,
    })
}

/// A storyboard's shots as one prompt the planner reads shot by shot
/// ("Shot 1 (3 seconds): …"), and its length.
pub fn storyboard_prompt(texts: &[&str], seconds: &[&str]) -> Result<(String, i64), String> {
    let shots: Vec<(&str, &str)> = texts
        .iter()
        .zip(seconds.iter().chain(std::iter::repeat(&"")))
        .map(|(t, s)| (t.trim(), s.trim()))
        .filter(|(t, _)| !t.is_empty())
        .collect();
    if shots.is_empty() {
        return Err("Describe at least one shot.".into());
    }
    if shots.len() > MAX_SHOTS {
        return Err(format!("A storyboard has at most {MAX_SHOTS} shots."));
    }
    let mut total = 0;
    let mut parts = Vec::with_capacity(shots.len());
    for (n, (text, secs)) in shots.iter().enumerate() {
        let secs: i64 = match secs.parse() {
            Ok(s) if (1..=12).contains(&s) => s,
            _ => return Err(format!("Give shot {} a length of 1 to 12 seconds.", n + 1)),
        };
        total += secs;
        let text = text.trim_end_matches(['.', ' ']);
        parts.push(format!("Shot {} ({secs} seconds): {text}.", n + 1));
    }
    Ok((parts.join(" "), total))
}

/// POST /create: a prompt, or a storyboard of shots made into one video in one world.
pub async fn submit(
    State(web): State<Arc<Web>>,
    member: Member,
    form: Form,
) -> Result<Response, PageError> {
    let storyboard = form.get("mode") == Some("storyboard");
    let made = if storyboard {
        match storyboard_prompt(&form.all("shot"), &form.all("shot_seconds")) {
            Ok((prompt, total)) => match videos::check_prompt(Some(&prompt)) {
                Ok(prompt) => Ok((prompt, total.to_string())),
                Err(e) => Err(e.message),
            },
            Err(problem) => Err(problem),
        }
    } else {
        videos::check_prompt(form.get("prompt"))
            .and_then(|p| Ok((p, videos::check_seconds(form.get("seconds"), Some("4"))?)))
            .map_err(|e| e.message)
    };
    let result = match made {
        Ok((prompt, seconds)) => {
            let shape = shape_for(&form, seconds)?;
            videos::create(&web.app, &member.account.user, prompt, shape, None)
                .await
                .map_err(|e| e.message)
        }
        Err(problem) => Err(problem),
    };
    match result {
        Ok(video) => Ok(see_other(&format!("/v/{}", video.id))),
        Err(problem) => {
            let limits = limits(&web, &member.account).await?;
            let shots: Vec<_> = form
                .all("shot")
                .into_iter()
                .zip(form.all("shot_seconds"))
                .map(|(text, seconds)| context! { text, seconds })
                .collect();
            let mut page = render(
                "create.html",
                &member.visitor,
                context! {
                    title => "Create", limits, error => problem,
                    mode => if storyboard { "storyboard" } else { "prompt" },
                    prompt => form.get("prompt"), seconds => form.get("seconds"),
                    orientation => form.get("orientation"), model => form.get("model"),
                    shots,
                },
            )?;
            *page.status_mut() = axum::http::StatusCode::BAD_REQUEST;
            Ok(page)
        }
    }
}

/// GET /drafts: the member's videos not posted yet (and those they collaborate on).
pub async fn drafts(State(web): State<Arc<Web>>, member: Member) -> Result<Response, PageError> {
    let drafts = web.db().drafts(&member.account.user.id, 100).await?;
    let items: Vec<_> = drafts.iter().map(draft_view).collect();
    render(
        "drafts.html",
        &member.visitor,
        context! { title => "Drafts", drafts => items },
    )
}

/// What a page shows of a video being made or made.
pub fn draft_view(v: &VideoRecord) -> minijinja::Value {
    context! {
        id => &v.id, prompt => &v.prompt, status => v.status.as_str(), progress => v.progress,
        stage => stage_of(v), seconds => &v.seconds, size => &v.size,
        completed => v.status == Status::Completed,
        failed => v.status == Status::Failed,
        error => v.error.as_ref().map(|(_, m)| m.clone()),
        expires_at => v.expires_at, warnings => &v.warnings,
    }
}

/// The stage a video is in, in words.
pub fn stage_of(v: &VideoRecord) -> String {
    match v.status {
        Status::Queued => "Waiting for a worker".into(),
        Status::InProgress if v.progress >= 100 => "Signing and storing".into(),
        Status::InProgress => engine::Stage::at(v.progress as f32 / 100.0)
            .describe()
            .to_string(),
        Status::Completed => "Done".into(),
        Status::Failed => "Failed".into(),
    }
}

/// A video the member may change: their own, or one they collaborate on. Anything else
/// is not found (so that others' drafts do not show they exist).
pub async fn editable(web: &Web, member: &Member, id: &str) -> Result<VideoRecord, PageError> {
    let video = web.db().video(id).await?.ok_or_else(PageError::not_found)?;
    let me = &member.account.user.id;
    if &video.user_id == me || web.db().is_collaborator(id, me).await? {
        Ok(video)
    } else {
        Err(PageError::not_found())
    }
}

/// The owner of a video, as a user.
async fn owner_of(web: &Web, video: &VideoRecord) -> Result<User, PageError> {
    web.db()
        .user(&video.user_id)
        .await?
        .ok_or_else(PageError::not_found)
}

/// GET /v/{id}/progress: server-sent events with the status, progress and stage until
/// the video is finished.
pub async fn progress(
    State(web): State<Arc<Web>>,
    member: Member,
    Path(id): Path<String>,
) -> Result<Sse<impl Stream<Item = Result<Event, std::convert::Infallible>>>, PageError> {
    editable(&web, &member, &id).await?;
    let started = tokio::time::Instant::now();
    let stopping = web.app.stopping();
    let events = futures::stream::unfold(Some((web, id, stopping)), move |state| async move {
        let (web, id, stopping) = state?;
        let video = match web.db().video(&id).await {
            Ok(Some(video)) => video,
            _ => {
                let gone = Event::default().event("gone").data("{}");
                return Some((Ok(gone), None));
            }
        };
        let finished = matches!(video.status, Status::Completed | Status::Failed);
        let data = serde_json::json!({
            "status": video.status.as_str(),
            "progress": video.progress,
            "stage": stage_of(&video),
            "error": video.error.as_ref().map(|(_, m)| m),
        });
        let event = Event::default().event("progress").data(data.to_string());
        let over = finished || *stopping.borrow() || started.elapsed() > PROGRESS_FOR;
        if !over {
            tokio::time::sleep(PROGRESS_EVERY).await;
        }
        Some((Ok(event), (!over).then_some((web, id, stopping))))
    });
    Ok(Sse::new(events).keep_alive(KeepAlive::default()))
}

/// POST /v/{id}/post: posts a finished draft with a caption.
pub async fn post(
    State(web): State<Arc<Web>>,
    member: Member,
    Path(id): Path<String>,
    form: Form,
) -> Result<Response, PageError> {
    let video = editable(&web, &member, &id).await?;
    let caption = form.text("caption").trim();
    if caption.chars().count() > MAX_CAPTION {
        return Err(PageError::bad_request(format!(
            "A caption has at most {MAX_CAPTION} characters; shorten it."
        )));
    }
    if video.status != Status::Completed {
        return Err(PageError::bad_request(
            "This video is not finished yet; post it once it is done.",
        ));
    }
    let hide = form.get("hide_prompt").is_some();
    if !web
        .db()
        .post_video(&id, &member.account.user.id, caption, hide)
        .await?
    {
        return Err(PageError::bad_request(
            "This video cannot be posted: it is posted already, or its files have expired.",
        ));
    }
    web.feeds.forget(&[&member.account.user.id]);
    tracing::info!(video = %id, user = %member.account.user.name, "video posted");
    Ok(see_other(&format!("/v/{id}")))
}

/// POST /v/{id}/delete: the owner deletes a video, posted or not.
pub async fn delete(
    State(web): State<Arc<Web>>,
    member: Member,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    videos::delete(&web.app, &member.account.user, &id)
        .await?
        .ok_or_else(PageError::not_found)?;
    Ok(see_other(&format!("/@{}", member.account.user.name)))
}

/// POST /v/{id}/remix: a new draft of the member's from a video they can see, changed
/// by their prompt.
pub async fn remix(
    State(web): State<Arc<Web>>,
    member: Member,
    Path(id): Path<String>,
    form: Form,
) -> Result<Response, PageError> {
    let me = member.account.user.id.as_str();
    let parent = match web.db().post(&id, Some(me)).await? {
        Some(post) => post.video,
        None => editable(&web, &member, &id).await?,
    };
    let prompt = videos::check_prompt(form.get("prompt"))?;
    let parent = videos::ready_parent(parent)?;
    let video = videos::revise(
        &web.app,
        &member.account.user,
        &parent,
        JobKind::Remix,
        prompt,
    )
    .await?;
    Ok(see_other(&format!("/v/{}", video.id)))
}

/// POST /v/{id}/extend: continues a finished video's world in a new draft.
pub async fn extend(
    State(web): State<Arc<Web>>,
    member: Member,
    Path(id): Path<String>,
    form: Form,
) -> Result<Response, PageError> {
    let parent = videos::ready_parent(editable(&web, &member, &id).await?)?;
    let prompt = videos::check_prompt(form.get("prompt"))?;
    let more: i64 = videos::check_seconds(form.get("seconds"), Some("4"))?
        .parse()
        .unwrap_or(4);
    let owner = owner_of(&web, &parent).await?;
    let video = videos::extend(&web.app, &owner, &parent, prompt, more).await?;
    new_version(&web, &member, &owner, &parent, &video).await
}

/// Shares a new version of a video (an extension or an edit, its owner's) with the
/// collaborators of the one it came from, and with the member who made it, and shows it.
async fn new_version(
    web: &Web,
    member: &Member,
    owner: &User,
    from: &VideoRecord,
    video: &VideoRecord,
) -> Result<Response, PageError> {
    let me = member.account.user.id.as_str();
    let editor = (owner.id != me).then_some(me);
    web.db()
        .copy_collaborators(&from.id, &video.id, editor)
        .await?;
    Ok(see_other(&format!("/v/{}", video.id)))
}

/// POST /v/{id}/edit: the owner or a collaborator changes a draft's prompt; the new
/// version is a new draft of the owner's with the same collaborators.
pub async fn edit(
    State(web): State<Arc<Web>>,
    member: Member,
    Path(id): Path<String>,
    form: Form,
) -> Result<Response, PageError> {
    let draft = videos::ready_parent(editable(&web, &member, &id).await?)?;
    if web.db().is_posted(&id).await? {
        return Err(PageError::bad_request(
            "This video is posted; remix it to make a new one.",
        ));
    }
    let prompt = videos::check_prompt(form.get("prompt"))?;
    let owner = owner_of(&web, &draft).await?;
    let video = videos::revise(&web.app, &owner, &draft, JobKind::Edit, prompt).await?;
    new_version(&web, &member, &owner, &draft, &video).await
}

/// POST /v/{id}/collaborators: the owner invites a member by handle to a draft.
pub async fn invite_collaborator(
    State(web): State<Arc<Web>>,
    member: Member,
    Path(id): Path<String>,
    form: Form,
) -> Result<Response, PageError> {
    let video = editable(&web, &member, &id).await?;
    let me = &member.account.user;
    if video.user_id != me.id {
        return Err(PageError::forbidden(
            "Only the video's creator invites collaborators.",
        ));
    }
    let handle = form
        .text("handle")
        .trim()
        .trim_start_matches('@')
        .to_ascii_lowercase();
    if handle_problem(&handle).is_some() || handle == me.name {
        return Err(PageError::bad_request(
            "Give the handle of another member to invite.",
        ));
    }
    let Some(profile) = web.db().profile(&handle, Some(&me.id)).await? else {
        return Err(PageError::bad_request(format!(
            "There is no member @{handle} to invite."
        )));
    };
    web.db()
        .add_collaborator(&id, &me.id, &profile.user.id)
        .await?;
    Ok(see_other(&format!("/v/{id}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_storyboard_is_one_prompt_of_numbered_timed_shots() {
        let (prompt, total) = storyboard_prompt(
            &["A dog runs in a park.", "  ", "Close-up of the dog"],
            &["3", "9", "2"],
        )
        .unwrap();
        assert_eq!(
            prompt,
            "Shot 1 (3 seconds): A dog runs in a park. Shot 2 (2 seconds): Close-up of the dog."
        );
        assert_eq!(total, 5);
        assert!(storyboard_prompt(&["", " "], &["4", "4"]).is_err());
        let refused = storyboard_prompt(&["a", "b"], &["4", "13"]).unwrap_err();
        assert!(refused.contains("shot 2"), "{refused}");
        let many = vec!["a shot"; MAX_SHOTS + 1];
        assert!(storyboard_prompt(&many, &["1"; MAX_SHOTS + 1]).is_err());
    }
}
