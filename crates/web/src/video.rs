//! A video's page, `/v/{id}`: the public share link of a posted video (OpenGraph and
//! Twitter card tags, captions, provenance in words, the remix chain, comments), or a
//! draft's page for its creator and collaborators (progress, post, edit, extend, invite).

use crate::Web;
use crate::create::{draft_view, stage_of};
use crate::feed::post_view;
use crate::media::{Visible, visible_video};
use crate::page::{PageError, render};
use crate::session::Visitor;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, header};
use axum::response::Response;
use minijinja::{Value, context};
use std::sync::Arc;
use store::{Comment, JobKind, Status, VideoRecord};

/// What a video's C2PA manifest says, in words.
#[derive(Debug, Clone)]
pub struct Provenance {
    /// Whether the manifest holds (the file is unchanged since it was signed).
    pub valid: bool,
    /// One sentence each.
    pub lines: Vec<String>,
}

/// Manifests kept in memory before the cache starts again.
const MANIFESTS_KEPT: usize = 2000;

/// The manifest of a video's file, in words (read once, then kept).
async fn provenance(web: &Web, video: &VideoRecord) -> Option<Arc<Provenance>> {
    if let Some(found) = web.manifests.lock().expect("lock").get(&video.id) {
        return Some(found.clone());
    }
    let bytes = web
        .app
        .objects()
        .get(&format!("videos/{}/video.mp4", video.id))
        .await
        .ok()?;
    let dir = web.app.config().data.join("work");
    let path = dir.join(format!("manifest-{}.mp4", video.id));
    let read = tokio::task::spawn_blocking(move || {
        std::fs::create_dir_all(&dir).ok()?;
        std::fs::write(&path, &bytes).ok()?;
        let report = provenance::read(&path);
        let _ = std::fs::remove_file(&path);
        report.ok()
    })
    .await
    .ok()??;
    let found = Arc::new(describe(read.as_ref()));
    let mut cache = web.manifests.lock().expect("lock");
    if cache.len() >= MANIFESTS_KEPT {
        cache.clear();
    }
    cache.insert(video.id.clone(), found.clone());
    Some(found)
}

/// A manifest report in sentences a person can follow.
pub fn describe(report: Option<&provenance::ManifestReport>) -> Provenance {
    let Some(r) = report else {
        return Provenance {
            valid: false,
            lines: vec!["This file carries no C2PA manifest.".into()],
        };
    };
    let mut lines = Vec::new();
    lines.push(if r.valid {
        "The C2PA manifest is intact: the video has not changed since it was signed.".to_string()
    } else {
        format!(
            "The C2PA manifest does not hold ({}): the file changed after it was signed.",
            r.problems.join(", ")
        )
    });
    if let Some(generator) = &r.generator {
        lines.push(format!("Made by {generator}."));
    }
    if r.source_type
        .as_deref()
        .is_some_and(|s| s.contains("algorithmicMedia"))
    {
        lines.push(
            "Its pictures and sound were made by a computer program (IPTC: algorithmic media), not filmed."
                .into(),
        );
    } else if let Some(source) = &r.source_type {
        lines.push(format!("Digital source type: {source}."));
    }
    if let Some(signer) = &r.signer {
        let who = match &r.issuer {
            Some(issuer) => format!("Signed by {signer}, certified by {issuer}"),
            None => format!("Signed by {signer}"),
        };
        lines.push(if r.local_untrusted_signer {
            format!("{who}: this server's own certificate, not one a public authority vouches for.")
        } else {
            format!("{who}.")
        });
    }
    if !r.parents.is_empty() {
        lines.push(format!("Made from: {}.", r.parents.join("; ")));
    }
    if let Some(mark) = &r.watermark {
        lines.push(format!(
            "Its pictures and sound carry an invisible watermark ({mark}) that names this video even in a re-encoded copy."
        ));
    }
    if r.prompt_sha256.is_some() {
        lines.push(
            "It records a fingerprint (SHA-256) of its prompt and of its scene program.".into(),
        );
    }
    Provenance {
        valid: r.valid,
        lines,
    }
}

/// A video's credits (a JSON list from the store) for its page.
fn credits_view(credits: &serde_json::Value) -> Vec<Value> {
    let field =
        |c: &serde_json::Value, name: &str| c[name].as_str().unwrap_or_default().to_string();
    credits
        .as_array()
        .map(|list| {
            list.iter()
                .map(|c| {
                    context! {
                        title => field(c, "title"),
                        creator => field(c, "creator"),
                        licence => field(c, "licence"),
                        source => field(c, "source"),
                    }
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The address people reach the app at, for share links.
pub fn base_url(web: &Web, headers: &HeaderMap) -> String {
    if let Some(url) = &web.settings.public_url {
        return url.trim_end_matches('/').to_string();
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b".:-[]".contains(&b))
        })
        .unwrap_or("127.0.0.1");
    format!("http://{host}")
}

/// Comments as threads: each top-level comment with its replies.
fn threads(comments: &[Comment], viewer: Option<&str>, creator: &str) -> Vec<Value> {
    let view = |c: &Comment| {
        context! {
            id => &c.id, handle => &c.handle, display_name => &c.display_name, body => &c.body,
            at => c.created_at / 1000,
            can_delete => viewer.is_some_and(|v| v == c.user_id || v == creator),
        }
    };
    comments
        .iter()
        .filter(|c| c.parent_id.is_none())
        .map(|top| {
            let replies: Vec<Value> = comments
                .iter()
                .filter(|c| c.parent_id.as_deref() == Some(top.id.as_str()))
                .map(view)
                .collect();
            context! { replies, ..view(top) }
        })
        .collect()
}

/// The video a remix or extension came from, if the viewer may see it.
async fn parent_view(web: &Web, visitor: &Visitor, video: &VideoRecord) -> Option<Value> {
    let (id, relation) = match (video.kind, &video.remixed_from_video_id, &video.parent_id) {
        (JobKind::Remix, Some(id), _) => (id, "Remix of"),
        (JobKind::Edit, Some(id), _) => (id, "New version of"),
        (JobKind::Extend, _, Some(id)) => (id, "Continues"),
        _ => return None,
    };
    let Visible {
        video: parent,
        post,
    } = visible_video(web, visitor, id).await.ok()?;
    Some(context! {
        id => parent.id, relation,
        handle => post.as_ref().map(|p| p.handle.clone()),
        caption => post.as_ref().map(|p| p.caption.clone()),
    })
}

/// GET /v/{id}
pub async fn page(
    State(web): State<Arc<Web>>,
    visitor: Visitor,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let Visible { video, post } = visible_video(&web, &visitor, &id).await?;
    let viewer = visitor.user_id();
    let is_owner = viewer == Some(video.user_id.as_str());
    let can_edit = is_owner
        || match viewer {
            Some(me) => web.db().is_collaborator(&id, me).await?,
            None => false,
        };
    let comments = match &post {
        Some(_) => web.db().comments(&id, viewer).await?,
        None => Vec::new(),
    };
    let remixes: Vec<Value> = web
        .db()
        .remixes_of(&id, viewer)
        .await?
        .iter()
        .map(|p| post_view(p, viewer))
        .collect();
    let completed = video.status == Status::Completed;
    let manifest = if completed {
        provenance(&web, &video).await
    } else {
        None
    };
    let collaborators = web.db().collaborators(&id).await?;
    let owner = web.db().user(&video.user_id).await?;
    let base = base_url(&web, &headers);
    let (w, h) = server::videos::parse_size(&video.size).unwrap_or((720, 1280));
    let title = match &post {
        Some(p) => format!("@{} on Diorama", p.handle),
        None => "Draft".to_string(),
    };
    render(
        "video.html",
        &visitor,
        context! {
            title,
            base,
            video => draft_view(&video),
            stage => stage_of(&video),
            post => post.as_ref().map(|p| post_view(p, viewer)),
            owner_handle => owner.map(|u| u.name),
            is_owner, can_edit, completed,
            width => w, height => h, portrait => h > w,
            comments => threads(&comments, viewer, &video.user_id),
            remixes,
            parent => parent_view(&web, &visitor, &video).await,
            credits => credits_view(&video.credits),
            provenance => manifest.as_deref().map(|p| context! { valid => p.valid, lines => p.lines.clone() }),
            collaborators => collaborators.iter().map(|m| context! { handle => &m.handle, display_name => &m.display_name }).collect::<Vec<_>>(),
            durations => server::videos::SECONDS[..3].to_vec(),
            max_caption => crate::create::MAX_CAPTION,
            max_comment => crate::social::MAX_COMMENT,
            max_prompt => server::videos::MAX_PROMPT,
        },
    )
}
