//! In-process workers: take jobs from the queue in the database, generate, store the
//! files, finish the record, and announce it to webhooks.

use crate::generator::{Failure, Job, Made};
use crate::{App, metrics, webhooks};
use engine::Cancel;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};
use store::{Claim, JobKind, VideoRecord};

/// How long an idle worker waits before looking at the queue again (jobs queued by other
/// processes are seen this way; this process's own wake it at once).
const IDLE_POLL: Duration = Duration::from_millis(500);

/// Works the queue until the process is asked to stop (then the job in hand is
/// finished, or released when the grace period ends) or the task is aborted.
pub async fn run(app: Arc<App>, n: usize) {
    let lease_ms = app.config.lease.as_millis() as i64;
    let mut stopping = app.stopping.subscribe();
    loop {
        if *stopping.borrow() {
            return;
        }
        let claim = match app.db.claim_job(lease_ms).await {
            Ok(Some(claim)) => claim,
            Ok(None) => {
                tokio::select! {
                    _ = tokio::time::timeout(IDLE_POLL, app.queued.notified()) => {}
                    () = crate::listen::stopped(&mut stopping) => {}
                }
                continue;
            }
            Err(e) => {
                tracing::error!(worker = n, error = %e, "cannot read the queue");
                tokio::time::sleep(IDLE_POLL).await;
                continue;
            }
        };
        tracing::info!(worker = n, video = %claim.video_id, attempt = claim.attempt, "job started");
        let start = Instant::now();
        let outcome = match work(&app, &claim).await {
            Ok(outcome) => outcome,
            Err(e) => {
                tracing::error!(video = %claim.video_id, error = %e.message, "job failed in the server");
                let _ = app
                    .db
                    .fail(
                        &claim,
                        "internal_error",
                        "the server failed while storing the video; try again",
                    )
                    .await;
                "failed"
            }
        };
        app.running.lock().expect("lock").remove(&claim.video_id);
        metrics::job_finished(outcome, start.elapsed().as_secs_f64());
        tracing::info!(video = %claim.video_id, outcome, seconds = start.elapsed().as_secs_f64(), "job ended");
    }
}

/// Deletes the files of videos past their `expires_at` (their reference image too), and
/// reference images that no record names (left by a crash between storing the image and
/// writing the record), until the task is aborted. An expired video's record stays, so
/// the video still lists and says it expired.
pub async fn purge(app: Arc<App>) {
    loop {
        match app.db.expired(100).await {
            Ok(videos) => {
                for video in videos {
                    purge_expired(&app, &video).await;
                }
            }
            Err(e) => tracing::error!(error = %e, "cannot look for expired videos"),
        }
        purge_orphans(&app).await;
        tokio::time::sleep(app.config.purge_every).await;
    }
}

async fn purge_expired(app: &App, video: &VideoRecord) {
    let mut gone = app
        .objects
        .delete_prefix(&format!("videos/{}", video.id))
        .await;
    if let (Ok(()), Some(key)) = (&gone, &video.reference_key) {
        gone = app.objects.delete(key).await;
    }
    match gone {
        Ok(()) => {
            if let Err(e) = app.db.mark_purged(&video.id).await {
                tracing::error!(error = %e, "cannot record a purge");
            }
            tracing::info!(video = %video.id, "expired files deleted");
        }
        Err(e) => tracing::error!(video = %video.id, error = %e, "cannot delete expired files"),
    }
}

async fn purge_orphans(app: &App) {
    let keys = match app
        .objects
        .older_than("references", app.config.orphan_after)
        .await
    {
        Ok(keys) => keys,
        Err(e) => {
            tracing::error!(error = %e, "cannot list reference images");
            return;
        }
    };
    for key in keys {
        match app.db.reference_in_use(&key).await {
            Ok(false) => match app.objects.delete(&key).await {
                Ok(()) => tracing::info!(key, "unused reference image deleted"),
                Err(e) => tracing::error!(key, error = %e, "cannot delete a reference image"),
            },
            Ok(true) => {}
            Err(e) => tracing::error!(error = %e, "cannot look up a reference image"),
        }
    }
}

/// Runs one claimed job; returns how it ended.
async fn work(app: &Arc<App>, claim: &Claim) -> Result<&'static str, crate::ApiError> {
    let Some(video) = app.db.video(&claim.video_id).await? else {
        return Ok("deleted");
    };
    let job = match job_for(app, &video).await {
        Ok(job) => job,
        Err(failure) => return finish_failed(app, claim, &video, failure).await,
    };
    let cancel = Cancel::default();
    app.running
        .lock()
        .expect("lock")
        .insert(claim.video_id.clone(), cancel.clone());
    let dir = tempdir(&app.config.data, &claim.video_id).map_err(crate::ApiError::internal)?;

    // Renew the lease and publish progress while the generator runs; stop it if the
    // claim is lost (the video was deleted or another worker took over).
    let percent = Arc::new(AtomicU32::new(0));
    let _beat = {
        let (app, claim, percent, cancel) =
            (app.clone(), claim.clone(), percent.clone(), cancel.clone());
        let every = (app.config.lease / 3).min(std::time::Duration::from_secs(1));
        AbortOnDrop(tokio::spawn(async move {
            loop {
                tokio::time::sleep(every).await;
                let progress = percent.load(Ordering::Relaxed) as i64;
                match app
                    .db
                    .heartbeat(&claim, progress, app.config.lease.as_millis() as i64)
                    .await
                {
                    Ok(true) => {}
                    Ok(false) => {
                        cancel.cancel();
                        return;
                    }
                    Err(e) => tracing::warn!(error = %e, "heartbeat failed"),
                }
            }
        }))
    };
    let generator = app.config.generator.clone();
    let made = {
        let (dir, cancel, percent) = (dir.clone(), cancel.clone(), percent.clone());
        tokio::task::spawn_blocking(move || {
            let progress = move |f: f32| {
                // Leave the last percent for storing the files.
                percent.store((f.clamp(0.0, 1.0) * 99.0) as u32, Ordering::Relaxed);
            };
            generator.make(&job, &dir, &progress, &cancel)
        })
        .await
    };
    let outcome = match made {
        Ok(Ok(made)) => finish_made(app, claim, &video, made).await,
        Ok(Err(failure)) if failure.code == "cancelled" && *app.stopping.borrow() => {
            // Stopped by a shutdown, not by the user: back to the queue, attempt uncounted.
            app.db.release(claim).await?;
            tracing::info!(video = %claim.video_id, "job released to the queue");
            Ok("released")
        }
        Ok(Err(failure)) if failure.code == "cancelled" => Ok("cancelled"),
        Ok(Err(failure)) => finish_failed(app, claim, &video, failure).await,
        Err(panic) => {
            finish_failed(
                app,
                claim,
                &video,
                Failure {
                    code: "generation_failed",
                    message: format!(
                        "the generator crashed ({panic}); try again or change the prompt"
                    ),
                },
            )
            .await
        }
    };
    let _ = tokio::fs::remove_dir_all(&dir).await;
    outcome
}

/// The generator's job for a video record.
async fn job_for(app: &App, video: &VideoRecord) -> Result<Job, Failure> {
    let (width, height) = crate::videos::parse_size(&video.size).ok_or(Failure {
        code: "invalid_request",
        message: format!("size {} is not supported", video.size),
    })?;
    let history = history_of(app, video).await?;
    let reference = match &video.reference_key {
        Some(key) => {
            let bytes = app.objects.get(key).await.map_err(|e| Failure {
                code: "generation_failed",
                message: format!("the input_reference image is missing: {e}"),
            })?;
            Some(
                crate::reference_image::decode(bytes)
                    .await
                    .map_err(|e| Failure {
                        code: "invalid_input_reference",
                        message: e.to_string(),
                    })?,
            )
        }
        None => None,
    };
    let seconds: f32 = if video.kind == JobKind::Extend {
        // An extension's record shows the stitched total; the job makes the new part.
        let before: f32 = history.iter().map(|s| s.duration).sum();
        video.seconds.parse::<f32>().unwrap_or(4.0) - before
    } else {
        video.seconds.parse().unwrap_or(4.0)
    };
    Ok(Job {
        kind: video.kind,
        prompt: video.prompt.clone(),
        width,
        height,
        seconds,
        seed: video.seed as u64,
        pro: crate::videos::is_pro(&video.model),
        payload: provenance::payload_of_id(&video.id),
        history,
        reference,
        handle: app
            .db
            .user(&video.user_id)
            .await
            .ok()
            .flatten()
            .map(|u| u.name),
        planned: match video.kind {
            JobKind::Extend => None,
            _ => video
                .scene
                .as_deref()
                .and_then(|s| serde_json::from_str(s).ok()),
        },
    })
}

/// The scenes a derived video starts from, oldest first: its parent's, and when the
/// parent is itself an extension, the parts before it.
async fn history_of(app: &App, video: &VideoRecord) -> Result<Vec<scene::Scene>, Failure> {
    let mut history = Vec::new();
    let mut next = video.parent_id.clone();
    while let Some(id) = next {
        let gone = || Failure {
            code: "parent_unavailable",
            message: format!(
                "the video {id} this one is made from was deleted before it could be used"
            ),
        };
        let parent = app.db.video(&id).await.ok().flatten().ok_or_else(gone)?;
        let scene = parent.scene.as_deref().ok_or_else(gone)?;
        history.push(serde_json::from_str(scene).map_err(|e| Failure {
            code: "parent_unavailable",
            message: format!("the scene of {id} cannot be read: {e}"),
        })?);
        // Only an extension carries the parts before it; a remix stands alone.
        next = match (video.kind, parent.kind) {
            (JobKind::Extend, JobKind::Extend) => parent.parent_id.clone(),
            _ => None,
        };
    }
    history.reverse();
    Ok(history)
}

async fn finish_made(
    app: &App,
    claim: &Claim,
    video: &VideoRecord,
    made: Made,
) -> Result<&'static str, crate::ApiError> {
    let prefix = format!("videos/{}", video.id);
    let scene = serde_json::to_string(&made.scene).map_err(crate::ApiError::internal)?;
    let signed = sign(app, video, &made, &scene).await?;
    let bytes = bytes::Bytes::from(
        tokio::fs::read(&signed)
            .await
            .map_err(crate::ApiError::internal)?,
    );
    let sha256 = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&bytes));
    app.objects
        .put(&format!("{prefix}/video.mp4"), bytes)
        .await?;
    app.objects
        .put(&format!("{prefix}/thumbnail.webp"), made.thumbnail.into())
        .await?;
    app.objects
        .put(
            &format!("{prefix}/spritesheet.jpg"),
            made.spritesheet.into(),
        )
        .await?;
    // A scene planned on arrival keeps the warnings it was given then.
    let warnings = if made.warnings.is_empty() {
        &video.warnings
    } else {
        &made.warnings
    };
    app.db.set_scene(claim, &scene, warnings).await?;
    let seconds = format!("{}", made.seconds.round() as i64);
    let credits = serde_json::to_value(&made.credits).map_err(crate::ApiError::internal)?;
    if !app
        .db
        .complete(
            claim,
            (&seconds, &sha256),
            &credits,
            app.config.keep_seconds,
        )
        .await?
    {
        return Ok("superseded");
    }
    webhooks::announce(app, &video.user_id, "video.completed", &video.id).await;
    Ok("completed")
}

/// Signs the C2PA manifest into the made video: the prompt's and scene's hashes, the
/// video's id, and for a remix, edit or extension the parent video as an ingredient.
async fn sign(
    app: &App,
    video: &VideoRecord,
    made: &Made,
    scene: &str,
) -> Result<std::path::PathBuf, crate::ApiError> {
    let dir = made.video.parent().unwrap_or(std::path::Path::new("."));
    // The parent's file may have expired; then the manifest cannot carry it.
    let parent_file = match &video.parent_id {
        Some(id) => app
            .objects
            .get(&format!("videos/{id}/video.mp4"))
            .await
            .ok(),
        None => None,
    };
    let parent = match parent_file {
        Some(bytes) => {
            let path = dir.join("parent.mp4");
            tokio::fs::write(&path, bytes)
                .await
                .map_err(crate::ApiError::internal)?;
            Some(path)
        }
        None => None,
    };
    let signed = dir.join("signed.mp4");
    let (signing, source) = (app.signing.clone(), app.config.generator.source_type());
    let (title, prompt, id) = (video.prompt.clone(), video.prompt.clone(), video.id.clone());
    let (scene, unsigned, out) = (scene.to_string(), made.video.clone(), signed.clone());
    let credits = made.credits.clone();
    tokio::task::spawn_blocking(move || {
        let facts = provenance::Facts {
            title: title.chars().take(120).collect(),
            source,
            prompt: &prompt,
            scene_json: &scene,
            video_id: Some(&id),
            parent: parent.as_deref(),
            watermark: Some(provenance::payload_of_id(&id)),
            credits: &credits,
        };
        provenance::sign_file(&signing, &facts, &unsigned, &out)
    })
    .await
    .map_err(crate::ApiError::internal)?
    .map_err(crate::ApiError::internal)?;
    Ok(signed)
}

async fn finish_failed(
    app: &App,
    claim: &Claim,
    video: &VideoRecord,
    failure: Failure,
) -> Result<&'static str, crate::ApiError> {
    if app.db.fail(claim, failure.code, &failure.message).await? {
        webhooks::announce(app, &video.user_id, "video.failed", &video.id).await;
    }
    Ok("failed")
}

/// A task that stops when its handle is dropped: the heartbeat of a job ends with the job,
/// however the job ends.
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// A fresh working directory for a job under the data directory.
fn tempdir(data: &std::path::Path, id: &str) -> std::io::Result<std::path::PathBuf> {
    let dir = data.join("work").join(id);
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}
