//! Captions: a WebVTT track made from the scene's dialogue lines and their times.

use crate::Web;
use crate::media::visible_video;
use crate::page::PageError;
use crate::session::Visitor;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use scene::Scene;
use std::fmt::Write;
use std::sync::Arc;
use store::JobKind;

/// Seconds a spoken word takes, on average, for a cue's length.
const SECONDS_PER_WORD: f32 = 0.36;

/// `hh:mm:ss.mmm`.
fn timestamp(seconds: f32) -> String {
    let ms = (seconds.max(0.0) * 1000.0).round() as u64;
    format!(
        "{:02}:{:02}:{:02}.{:03}",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000
    )
}

/// Cue text with WebVTT's special characters escaped.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Who speaks a line: their cameo handle, or how the prompt described them.
fn speaker_name(scene: &Scene, speaker: &str) -> String {
    let cast = scene.cast.iter().find(|c| c.entity == speaker);
    let name = match cast {
        Some(c) => c.cameo.clone().unwrap_or_else(|| c.description.clone()),
        None => speaker.to_string(),
    };
    let name = name
        .trim()
        .trim_start_matches("a ")
        .trim_start_matches("an ")
        .trim_start_matches("the ");
    let mut chars = name.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The WebVTT track of scenes played one after another (an extension's chain, oldest
/// first): each line from its time until the next line or as long as its words take.
pub fn webvtt(scenes: &[Scene]) -> String {
    let mut out = String::from("WEBVTT\n");
    let mut offset = 0.0;
    let mut n = 0;
    for scene in scenes {
        let mut lines: Vec<_> = scene.dialogue.iter().collect();
        lines.sort_by(|a, b| a.at.total_cmp(&b.at));
        for (i, line) in lines.iter().enumerate() {
            let words = line.text.split_whitespace().count().max(1) as f32;
            let mut end = line.at + 0.6 + words * SECONDS_PER_WORD;
            if let Some(next) = lines.get(i + 1) {
                end = end.min(next.at);
            }
            end = end.min(scene.duration).max(line.at + 0.5);
            n += 1;
            let _ = write!(
                out,
                "\n{n}\n{} --> {}\n<v {}>{}\n",
                timestamp(offset + line.at),
                timestamp(offset + end),
                escape(&speaker_name(scene, &line.speaker)),
                escape(&line.text)
            );
        }
        offset += scene.duration;
    }
    out
}

/// The scenes a video's file plays: for an extension, its chain of parents first.
async fn scenes_of(web: &Web, video: &store::VideoRecord) -> Result<Vec<Scene>, PageError> {
    let mut scenes = Vec::new();
    let mut current = Some(video.clone());
    while let Some(v) = current {
        if let Some(scene) = v
            .scene
            .as_deref()
            .and_then(|s| serde_json::from_str(s).ok())
        {
            scenes.push(scene);
        }
        current = match (v.kind, &v.parent_id) {
            (JobKind::Extend, Some(parent)) if scenes.len() < 16 => web.db().video(parent).await?,
            _ => None,
        };
    }
    scenes.reverse();
    Ok(scenes)
}

/// GET /v/{id}/captions.vtt
pub async fn vtt(
    State(web): State<Arc<Web>>,
    visitor: Visitor,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let video = visible_video(&web, &visitor, &id).await?.video;
    let scenes = scenes_of(&web, &video).await?;
    let mut response = webvtt(&scenes).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/vtt; charset=utf-8"),
    );
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_become_timed_cues_with_their_speakers_escaped() {
        let scene: Scene = serde_json::from_value(serde_json::json!({
            "version": 1, "duration": 6.0,
            "entities": [{"id": "p1", "archetype": "person", "position": [0.0, 0.0, 0.0]}],
            "cast": [{"entity": "p1", "description": "a tall chef"}],
            "dialogue": [
                {"at": 3.0, "speaker": "p1", "text": "Dinner <is> ready & hot"},
                {"at": 0.5, "speaker": "p1", "text": "Hello there"}
            ]
        }))
        .unwrap();
        let track = webvtt(&[scene.clone(), scene]);
        assert!(track.starts_with("WEBVTT\n"));
        assert!(track.contains("00:00:00.500 --> 00:00:01.820\n<v Tall chef>Hello there"));
        assert!(track.contains("<v Tall chef>Dinner &lt;is&gt; ready &amp; hot"));
        // The second scene of a chain starts where the first ends.
        assert!(track.contains("00:00:06.500 --> "), "{track}");
        assert_eq!(track.matches(" --> ").count(), 4);
    }
}
