//! Making and deleting videos for a user, whichever door they came in by (the Videos API
//! or the app): the checks on what they ask for, their tier's and daily limits, planning
//! off the runtime, and queueing the job.

use crate::error::ApiError;
use crate::{App, off_runtime};
use bytes::Bytes;
use store::{JobKind, NewVideo, Status, Tier, User, VideoRecord};

/// Sizes and whether each needs the pro model.
pub const SIZES: &[(&str, bool)] = &[
    ("720x1280", false),
    ("1280x720", false),
    ("1024x1792", true),
    ("1792x1024", true),
    ("1920x1080", true),
    ("1080x1920", true),
];

/// Clip lengths offered, in seconds.
pub const SECONDS: &[&str] = &["4", "8", "12", "16", "20"];

/// The longest clip a standard-tier member may make, in seconds.
pub const STANDARD_MAX_SECONDS: i64 = 12;

/// Models: the name and whether it is the pro model. OpenAI's names are aliases.
const MODELS: &[(&str, bool)] = &[
    ("diorama-1", false),
    ("diorama-1-pro", true),
    ("sora-2", false),
    ("sora-2-pro", true),
    ("sora-2-2025-10-06", false),
    ("sora-2-2025-12-08", false),
    ("sora-2-pro-2025-10-06", true),
];

/// The longest a video and its extensions may be together, in seconds.
pub const MAX_EXTENDED_SECONDS: i64 = 60;

/// The longest prompt accepted, in characters.
pub const MAX_PROMPT: usize = plan::MAX_PROMPT_CHARS;

/// Generations a member may start each day (UTC), by tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DailyLimits {
    /// For the standard tier.
    pub standard: i64,
    /// For the pro tier.
    pub pro: i64,
}

impl DailyLimits {
    /// The limit for a tier.
    pub fn of(&self, tier: Tier) -> i64 {
        match tier {
            Tier::Standard => self.standard,
            Tier::Pro => self.pro,
        }
    }
}

/// What a new video is asked to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shape {
    /// Model name as given.
    pub model: String,
    /// `WIDTHxHEIGHT`.
    pub size: String,
    /// Seconds as the API's string.
    pub seconds: String,
}

/// `WIDTHxHEIGHT` as numbers.
pub fn parse_size(size: &str) -> Option<(u32, u32)> {
    let (w, h) = size.split_once('x')?;
    Some((w.parse().ok()?, h.parse().ok()?))
}

/// Whether a model name is the pro model.
pub fn is_pro(model: &str) -> bool {
    MODELS.iter().any(|(m, pro)| *m == model && *pro)
}

/// The prompt, checked: present, not blank, not too long.
pub fn check_prompt(prompt: Option<&str>) -> Result<String, ApiError> {
    let Some(prompt) = prompt else {
        return Err(ApiError::invalid(
            "prompt",
            "missing_required_parameter",
            "'prompt' is required: describe the video in words",
        ));
    };
    let chars = prompt.chars().count();
    if prompt.trim().is_empty() {
        return Err(ApiError::invalid(
            "prompt",
            "invalid_value",
            "'prompt' is empty: describe the video in words",
        ));
    }
    if chars > MAX_PROMPT {
        return Err(ApiError::invalid(
            "prompt",
            "string_above_max_length",
            format!("'prompt' has {chars} characters; shorten it to at most {MAX_PROMPT}"),
        ));
    }
    Ok(prompt.to_string())
}

/// Seconds, checked (with a default when not given).
pub fn check_seconds(seconds: Option<&str>, default: Option<&str>) -> Result<String, ApiError> {
    let seconds = match (seconds, default) {
        (Some(s), _) => s,
        (None, Some(d)) => d,
        (None, None) => {
            return Err(ApiError::invalid(
                "seconds",
                "missing_required_parameter",
                format!("'seconds' is required: one of {}", SECONDS.join(", ")),
            ));
        }
    };
    if !SECONDS.contains(&seconds) {
        return Err(ApiError::invalid(
            "seconds",
            "invalid_value",
            format!(
                "'seconds' is {seconds:?}; use one of {}",
                SECONDS.join(", ")
            ),
        ));
    }
    Ok(seconds.to_string())
}

/// The model, size and seconds of a new video, checked together (defaults: diorama-1,
/// portrait 720x1280, 4 s).
pub fn check_shape(
    model: Option<&str>,
    size: Option<&str>,
    seconds: Option<&str>,
) -> Result<Shape, ApiError> {
    let model = model.unwrap_or("diorama-1").to_string();
    let Some(&(_, pro)) = MODELS.iter().find(|(m, _)| *m == model) else {
        return Err(ApiError::invalid(
            "model",
            "invalid_value",
            format!(
                "unknown model '{model}'; use diorama-1 or diorama-1-pro (sora-2 and sora-2-pro are accepted as aliases)"
            ),
        ));
    };
    let size = size.unwrap_or("720x1280").to_string();
    let Some(&(_, needs_pro)) = SIZES.iter().find(|(s, _)| *s == size) else {
        let all: Vec<&str> = SIZES.iter().map(|(s, _)| *s).collect();
        return Err(ApiError::invalid(
            "size",
            "invalid_value",
            format!("'size' is '{size}'; use one of {}", all.join(", ")),
        ));
    };
    if needs_pro && !pro {
        return Err(ApiError::invalid(
            "size",
            "invalid_value",
            format!(
                "size {size} needs the pro model; use model diorama-1-pro (or sora-2-pro), or size 720x1280 or 1280x720"
            ),
        ));
    }
    let seconds = check_seconds(seconds, Some("4"))?;
    Ok(Shape {
        model,
        size,
        seconds,
    })
}

/// Refuses what a member's tier does not allow: the pro model (and so its sizes) and
/// clips over 12 s need pro. Users without an app account (made by `diorama keys
/// create`) are the operator's and have no tier.
fn check_tier(tier: Tier, model: &str, seconds: i64) -> Result<(), ApiError> {
    if tier == Tier::Pro {
        return Ok(());
    }
    if is_pro(model) {
        return Err(ApiError::invalid(
            "model",
            "tier_required",
            "the pro model (and 1080p) is for the pro tier; use diorama-1, or ask the operator for pro",
        ));
    }
    if seconds > STANDARD_MAX_SECONDS {
        return Err(ApiError::invalid(
            "seconds",
            "tier_required",
            format!(
                "clips over {STANDARD_MAX_SECONDS} s are for the pro tier; choose {STANDARD_MAX_SECONDS} s or less"
            ),
        ));
    }
    Ok(())
}

/// Unix seconds at the start of today (UTC), when daily limits start again.
pub fn start_of_day() -> i64 {
    let now = store::now();
    now - now.rem_euclid(86_400)
}

/// How many generations a member has used today and may use, by their tier (`None` for
/// users without an account).
pub async fn daily_usage(app: &App, user: &User) -> Result<Option<(i64, i64, Tier)>, ApiError> {
    let Some(account) = app.db.account(&user.id).await? else {
        return Ok(None);
    };
    let used = app.db.videos_today(&user.id).await?;
    let limit = app.config.daily_limits.of(account.tier);
    Ok(Some((used, limit, account.tier)))
}

/// Queues a new video, refusing what the user's tier and daily limit do not allow and
/// when they already have as many as allowed in flight. Nothing is stored for a refused
/// request: the reference image goes into the store only once the video is accepted,
/// just before its record (which is never left pointing at nothing).
async fn queue(
    app: &App,
    mut new: NewVideo,
    user: &User,
    reference: Option<Bytes>,
) -> Result<VideoRecord, ApiError> {
    if let Some((used, limit, tier)) = daily_usage(app, user).await? {
        let seconds = match new.kind {
            JobKind::Extend => 0,
            _ => new.seconds.parse().unwrap_or(0),
        };
        check_tier(tier, &new.model, seconds)?;
        if used >= limit {
            let wait = (start_of_day() + 86_400 - store::now()).max(1) as u64;
            return Err(ApiError::rate_limited(
                "daily_limit",
                format!(
                    "you have made {used} videos today, the {} tier's daily limit; more from 00:00 UTC",
                    tier.as_str()
                ),
                wait,
            ));
        }
    }
    let active = app.db.active_jobs(user, app.config.max_active_jobs).await?;
    if active >= app.config.max_active_jobs {
        return Err(ApiError::rate_limited(
            "concurrent_jobs_limit",
            format!(
                "you have {active} videos queued or generating, the most allowed at once; wait for one to finish"
            ),
            10,
        ));
    }
    if let Some(bytes) = reference {
        let key = format!("references/{:032x}", rand::random::<u128>());
        app.objects.put(&key, bytes).await?;
        new.reference_key = Some(key);
    }
    let video = match app.db.insert_video(&new).await {
        Ok(video) => video,
        Err(e) => {
            if let Some(key) = &new.reference_key {
                let _ = app.objects.delete(key).await;
            }
            return Err(e.into());
        }
    };
    app.queued.notify_one();
    tracing::info!(video = %video.id, user = %user.name, kind = ?new.kind, "video queued");
    Ok(video)
}

/// The engine's options for planning a video of this size and length.
fn plan_options(size: &str, seconds: &str, seed: i64) -> engine::Options {
    let (width, height) = parse_size(size).unwrap_or((1280, 720));
    engine::Options {
        width,
        height,
        fps: 24,
        seconds: seconds.parse().unwrap_or(4.0),
        seed: seed as u64,
        quality: engine::Quality::Standard,
    }
}

fn refused_prompt(e: engine::EngineError) -> ApiError {
    ApiError::invalid("prompt", "invalid_prompt", e.to_string())
}

fn scene_json(scene: &scene::Scene) -> Result<String, ApiError> {
    serde_json::to_string(scene).map_err(ApiError::internal)
}

/// Plans a new video's prompt: by the rules on the blocking pool, then by the language
/// model when one is configured (falling back to the rules' plan).
async fn plan_new(
    app: &App,
    prompt: &str,
    options: engine::Options,
) -> Result<plan::Plan, ApiError> {
    let text = prompt.to_string();
    let planned = off_runtime(move || engine::plan(&text, &options))
        .await?
        .map_err(refused_prompt)?;
    Ok(match &app.config.llm {
        Some(llm) => {
            let options = plan::PlanOptions {
                seconds: options.seconds,
                seed: options.seed,
            };
            llm_plan::improve(llm, prompt, &options, planned).await
        }
        None => planned,
    })
}

/// Plans and queues a new video from a prompt (and optionally a reference image, already
/// checked). Planning takes milliseconds: a prompt it refuses is refused now, and what
/// it could not honour comes back with the video at once.
pub async fn create(
    app: &App,
    user: &User,
    prompt: String,
    shape: Shape,
    reference: Option<Bytes>,
) -> Result<VideoRecord, ApiError> {
    let seed = rand::random::<u32>() as i64;
    let planned = plan_new(
        app,
        &prompt,
        plan_options(&shape.size, &shape.seconds, seed),
    )
    .await?;
    let new = NewVideo {
        user_id: user.id.clone(),
        prompt,
        model: shape.model,
        size: shape.size,
        seconds: shape.seconds,
        kind: JobKind::Create,
        parent_id: None,
        reference_key: None,
        seed,
        scene: Some(scene_json(&planned.scene)?),
        warnings: planned.notices(),
    };
    queue(app, new, user, reference).await
}

/// A completed video that a remix, edit or extension can start from.
pub fn ready_parent(parent: VideoRecord) -> Result<VideoRecord, ApiError> {
    if parent.status != Status::Completed || parent.scene.is_none() {
        return Err(ApiError::not_ready(&parent.id, parent.status.as_str()));
    }
    Ok(parent)
}

/// A video made by `owner` from another: its model, size and seed.
fn derived(
    parent: &VideoRecord,
    owner: &User,
    kind: JobKind,
    prompt: String,
    seconds: String,
) -> NewVideo {
    NewVideo {
        user_id: owner.id.clone(),
        prompt,
        model: parent.model.clone(),
        size: parent.size.clone(),
        seconds,
        kind,
        parent_id: Some(parent.id.clone()),
        reference_key: None,
        seed: parent.seed,
        scene: None,
        warnings: Vec::new(),
    }
}

/// Queues a remix or edit of a completed video for `owner`: the parent's length and
/// shape, its scene changed by the prompt.
pub async fn revise(
    app: &App,
    owner: &User,
    parent: &VideoRecord,
    kind: JobKind,
    prompt: String,
) -> Result<VideoRecord, ApiError> {
    let seconds = parent.seconds.clone();
    let mut new = derived(parent, owner, kind, prompt, seconds);
    let scene: scene::Scene = parent
        .scene
        .as_deref()
        .and_then(|s| serde_json::from_str(s).ok())
        .ok_or_else(|| ApiError::not_ready(&parent.id, parent.status.as_str()))?;
    let options = plan_options(&new.size, &new.seconds, new.seed);
    let change = new.prompt.clone();
    let revised = off_runtime(move || engine::revise(&scene, &change, &options))
        .await?
        .map_err(refused_prompt)?;
    new.scene = Some(scene_json(&revised.scene)?);
    new.warnings = revised.notices();
    queue(app, new, owner, None).await
}

/// Queues an extension of a completed video by `more` seconds for `owner`; the record
/// shows the stitched total, as OpenAI's does. Each extension films the whole chain
/// again, so the chain has a limit.
pub async fn extend(
    app: &App,
    owner: &User,
    parent: &VideoRecord,
    prompt: String,
    more: i64,
) -> Result<VideoRecord, ApiError> {
    let total = parent.seconds.parse::<i64>().unwrap_or(0) + more;
    if total > MAX_EXTENDED_SECONDS {
        return Err(ApiError::invalid(
            "seconds",
            "invalid_value",
            format!(
                "the extended video would be {total} s long; a video and its extensions may be at most {MAX_EXTENDED_SECONDS} s in all: extend by less, or remix it into a new video"
            ),
        ));
    }
    queue(
        app,
        derived(parent, owner, JobKind::Extend, prompt, total.to_string()),
        owner,
        None,
    )
    .await
}

/// Deletes a user's video: cancels its job if it is queued or running, removes its
/// records and its files. `None` when they have no such video.
pub async fn delete(app: &App, user: &User, id: &str) -> Result<Option<VideoRecord>, ApiError> {
    let Some(video) = app.db.delete_video(user, id).await? else {
        return Ok(None);
    };
    cancel_job(app, id);
    delete_files(app, &video).await?;
    Ok(Some(video))
}

/// Stops a video's job if it is running in this process (a job elsewhere stops when its
/// claim is found gone).
pub fn cancel_job(app: &App, id: &str) {
    if let Some(cancel) = app.running.lock().expect("lock").get(id) {
        cancel.cancel();
    }
}

/// Deletes a video's files (its media and its reference image).
pub async fn delete_files(app: &App, video: &VideoRecord) -> Result<(), ApiError> {
    app.objects
        .delete_prefix(&format!("videos/{}", video.id))
        .await?;
    if let Some(key) = &video.reference_key {
        app.objects.delete(key).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pro_model_and_long_clips_need_the_pro_tier() {
        assert!(check_tier(Tier::Standard, "diorama-1", 12).is_ok());
        let refused = check_tier(Tier::Standard, "sora-2-pro", 4).unwrap_err();
        assert_eq!(
            (refused.code, refused.param.as_deref()),
            ("tier_required", Some("model"))
        );
        assert_eq!(
            check_tier(Tier::Standard, "diorama-1", 16)
                .unwrap_err()
                .code,
            "tier_required"
        );
        assert!(check_tier(Tier::Pro, "diorama-1-pro", 20).is_ok());
    }

    #[test]
    fn the_day_starts_at_midnight_utc() {
        let start = start_of_day();
        assert_eq!(start % 86_400, 0);
        assert!(store::now() - start < 86_400);
    }
}
