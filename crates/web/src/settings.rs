//! Settings: profile (display name, bio, avatar), invite codes, tier and daily limits,
//! API keys for the Videos API, blocked members, data export and deleting the account.

use crate::Web;
use crate::account::check_password;
use crate::page::{PageError, render, see_other};
use crate::session::{Form, Member, SESSION_COOKIE, set_cookie};
use axum::extract::{Multipart, Path, State};
use axum::http::header;
use axum::response::Response;
use bytes::Bytes;
use minijinja::{Value, context};
use server::videos;
use std::sync::Arc;
use store::Tier;

/// The largest avatar upload, in bytes.
pub const MAX_AVATAR_BYTES: usize = 8 * 1024 * 1024;
/// The largest avatar image, in pixels a side.
const MAX_AVATAR_SIDE: u32 = 4096;
/// The stored avatar's side, in pixels.
const AVATAR_SIDE: u32 = 256;
/// The longest bio, in characters.
const MAX_BIO: usize = 300;

/// The settings page, with whatever the last action has to say.
async fn settings_page(web: &Web, member: &Member, extra: Value) -> Result<Response, PageError> {
    let me = &member.account;
    let invites: Vec<Value> = web
        .db()
        .invites_of(&me.user.id)
        .await?
        .iter()
        .map(|i| context! { code => &i.code, used_by => &i.used_by })
        .collect();
    let keys: Vec<Value> = web
        .db()
        .keys_of(&me.user.id)
        .await?
        .iter()
        .map(|k| context! { id => &k.id, prefix => &k.prefix, created_at => k.created_at })
        .collect();
    let blocked: Vec<Value> = web
        .db()
        .blocked_by(&me.user.id)
        .await?
        .iter()
        .map(|m| context! { handle => &m.handle, display_name => &m.display_name })
        .collect();
    let (used, limit) = videos::daily_usage(&web.app, &me.user)
        .await?
        .map_or((0, 0), |(u, l, _)| (u, l));
    let pro = me.tier == Tier::Pro;
    render(
        "settings.html",
        &member.visitor,
        context! {
            title => "Settings",
            account => context! {
                handle => &me.user.name, display_name => &me.display_name, bio => &me.bio,
                has_avatar => me.avatar_key.is_some(), tier => me.tier.as_str(), age => me.age,
            },
            limits => context! {
                used, limit, pro,
                max_seconds => if pro { 20 } else { videos::STANDARD_MAX_SECONDS },
                standard_daily => web.app.config().daily_limits.standard,
                pro_daily => web.app.config().daily_limits.pro,
            },
            invites, keys, blocked, max_bio => MAX_BIO,
            ..extra
        },
    )
}

/// GET /settings
pub async fn page(State(web): State<Arc<Web>>, member: Member) -> Result<Response, PageError> {
    settings_page(&web, &member, context! {}).await
}

/// An uploaded avatar decoded within limits, cropped to a square and stored small as JPEG.
fn avatar_jpeg(bytes: Bytes) -> Result<Vec<u8>, String> {
    let reader = image::ImageReader::new(std::io::Cursor::new(&bytes))
        .with_guessed_format()
        .map_err(|_| "That file is not an image.".to_string())?;
    let (w, h) = reader
        .into_dimensions()
        .map_err(|_| "That file is not a PNG, JPEG or WebP image.".to_string())?;
    if w > MAX_AVATAR_SIDE || h > MAX_AVATAR_SIDE {
        return Err(format!(
            "That image is {w}x{h}; an avatar may be at most {MAX_AVATAR_SIDE}x{MAX_AVATAR_SIDE}."
        ));
    }
    let mut reader = image::ImageReader::new(std::io::Cursor::new(&bytes))
        .with_guessed_format()
        .map_err(|_| "That file is not an image.".to_string())?;
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(80 * 1024 * 1024);
    reader.limits(limits);
    let picture = reader
        .decode()
        .map_err(|_| "That image cannot be read; try a PNG or JPEG.".to_string())?;
    let side = w.min(h);
    let square = picture.crop_imm((w - side) / 2, (h - side) / 2, side, side);
    let small = square
        .resize_exact(
            AVATAR_SIDE,
            AVATAR_SIDE,
            image::imageops::FilterType::Lanczos3,
        )
        .to_rgb8();
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
        .encode_image(&small)
        .map_err(|e| format!("The avatar could not be saved: {e}"))?;
    Ok(out)
}

/// POST /settings/profile (multipart, with the CSRF token in the query): display name,
/// bio and optionally a new avatar.
pub async fn profile(
    State(web): State<Arc<Web>>,
    member: Member,
    mut multipart: Multipart,
) -> Result<Response, PageError> {
    let (mut display_name, mut bio, mut avatar) = (None, None, None);
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| PageError::bad_request(format!("The form could not be read: {e}")))?
    {
        let name = field.name().unwrap_or_default().to_string();
        let data = field.bytes().await.map_err(|_| {
            PageError::bad_request("The upload was too large or cut off; an avatar may be 8 MB.")
        })?;
        match name.as_str() {
            "display_name" => {
                display_name = Some(String::from_utf8_lossy(&data).trim().to_string())
            }
            "bio" => bio = Some(String::from_utf8_lossy(&data).trim().to_string()),
            "avatar" if !data.is_empty() => avatar = Some(data),
            _ => {}
        }
    }
    let problem =
        |message: String| settings_page(&web, &member, context! { profile_error => message });
    let display_name = display_name.unwrap_or_default();
    if display_name.is_empty() || display_name.chars().count() > 50 {
        return problem("Give a display name of 1 to 50 characters.".into()).await;
    }
    let bio = bio.unwrap_or_default();
    if bio.chars().count() > MAX_BIO {
        return problem(format!("A bio has at most {MAX_BIO} characters.")).await;
    }
    let me = &member.account;
    let mut key = None;
    if let Some(bytes) = avatar {
        let jpeg = match tokio::task::spawn_blocking(move || avatar_jpeg(bytes))
            .await
            .map_err(PageError::internal)?
        {
            Ok(jpeg) => jpeg,
            Err(message) => return problem(message).await,
        };
        let new_key = format!("avatars/{}-{:016x}.jpg", me.user.id, rand::random::<u64>());
        web.app.objects().put(&new_key, jpeg.into()).await?;
        key = Some(new_key);
    }
    web.db()
        .update_profile(&me.user.id, &display_name, &bio, key.as_deref())
        .await?;
    if let (Some(_), Some(old)) = (&key, &me.avatar_key) {
        web.app.objects().delete(old).await?;
    }
    Ok(see_other("/settings"))
}

/// POST /settings/keys: a new API key, shown once.
pub async fn create_key(
    State(web): State<Arc<Web>>,
    member: Member,
) -> Result<Response, PageError> {
    let key = web.db().create_key(&member.account.user).await?;
    settings_page(&web, &member, context! { new_key => key }).await
}

/// POST /settings/keys/{id}/revoke
pub async fn revoke_key(
    State(web): State<Arc<Web>>,
    member: Member,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let me = &member.account.user.id;
    if !web.db().revoke_key(me, &id).await? {
        return Err(PageError::not_found());
    }
    web.app.forget_cached_keys(me);
    Ok(see_other("/settings#keys"))
}

/// POST /settings/delete: deletes the account and everything of it, after the member
/// types their handle and password.
pub async fn delete_account(
    State(web): State<Arc<Web>>,
    member: Member,
    form: Form,
) -> Result<Response, PageError> {
    let me = &member.account;
    let confirmed = form.text("confirm").trim().trim_start_matches('@') == me.user.name
        && check_password(&web, &me.user.name, form.text("password")).await?;
    if !confirmed {
        return settings_page(
            &web,
            &member,
            context! { delete_error => "Type your handle and your password to delete your account." },
        )
        .await;
    }
    let videos = web.db().delete_account(&me.user.id).await?;
    for video in &videos {
        videos::cancel_job(&web.app, &video.id);
        videos::delete_files(&web.app, video).await?;
    }
    if let Some(key) = &me.avatar_key {
        web.app.objects().delete(key).await?;
    }
    web.app.forget_cached_keys(&me.user.id);
    tracing::info!(user = %me.user.name, videos = videos.len(), "account deleted");
    let mut response = see_other("/");
    response.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(SESSION_COOKIE, "", 0, web.secure()),
    );
    Ok(response)
}
