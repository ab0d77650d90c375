//! The optional language-model planner.
//!
//! Given an OpenAI-compatible chat-completions endpoint, it asks the model for a Scene
//! under the Scene's JSON Schema, reads the answer, repairs what can be repaired (a
//! missing version or length, actions or lines naming things that do not exist, values
//! out of range) and rejects what cannot. On any failure or timeout it falls back to the
//! rule-based planner and says why in the plan's warnings. Either way the Scene it
//! returns validates.

use plan::{Plan, PlanError, PlanOptions};
use scene::{DURATION_RANGE, SCENE_VERSION, Scene};
use serde_json::{Value, json};
use std::time::Duration;

/// Where the model is and how to reach it.
#[derive(Debug, Clone, PartialEq)]
pub struct LlmConfig {
    /// Base URL of the API, up to and including `/v1` (`http://localhost:8080/v1`).
    pub url: String,
    /// Bearer key, if the endpoint needs one.
    pub key: Option<String>,
    /// Model name.
    pub model: String,
    /// How long to wait for an answer before using the rule-based planner.
    pub timeout: Duration,
}

impl LlmConfig {
    /// The configuration from `DIORAMA_LLM_URL`, `DIORAMA_LLM_KEY`, `DIORAMA_LLM_MODEL`
    /// and `DIORAMA_LLM_TIMEOUT` (seconds), when a URL is set.
    pub fn from_env() -> Option<LlmConfig> {
        let url = std::env::var("DIORAMA_LLM_URL").ok()?;
        Some(LlmConfig {
            url,
            key: std::env::var("DIORAMA_LLM_KEY").ok(),
            model: std::env::var("DIORAMA_LLM_MODEL").unwrap_or_else(|_| "gpt-4o-mini".into()),
            timeout: std::env::var("DIORAMA_LLM_TIMEOUT")
                .ok()
                .and_then(|s| s.parse::<f64>().ok())
                .map_or(Duration::from_secs(30), Duration::from_secs_f64),
        })
    }
}

/// Why the model's answer was not used.
#[derive(Debug, thiserror::Error)]
pub enum LlmError {
    /// The request failed or timed out.
    #[error("the request failed: {0}")]
    Request(String),
    /// The endpoint answered with an error status.
    #[error("the endpoint answered {0}")]
    Status(u16),
    /// The answer held no Scene that could be read or repaired.
    #[error("the answer was not a usable scene: {0}")]
    Unusable(String),
}

const INSTRUCTIONS: &str = "You are the planner of Diorama, a video generator that simulates \
a scene with physics. Turn the user's prompt into one Scene JSON object that follows the JSON \
Schema given. Use only archetype names from the schema. Place entities in metres with y up, \
base on the ground at y = 0; the camera looks from +z by default. Give every action, line and \
shot subject an entity id that exists. Answer with the JSON object only.";

/// Plans with the model, falling back to the rule-based planner on any failure.
pub async fn plan(
    config: &LlmConfig,
    prompt: &str,
    options: &PlanOptions,
) -> Result<Plan, PlanError> {
    // The rule-based plan is the fallback and also refuses bad prompts the same way.
    let fallback = plan::plan(prompt, options)?;
    match ask(config, prompt, options).await {
        Ok((scene, repairs)) => Ok(Plan {
            scene,
            understood: vec![format!(
                "scene written by the language model {}",
                config.model
            )],
            unmapped: Vec::new(),
            warnings: repairs,
        }),
        Err(e) => {
            let mut plan = fallback;
            plan.warnings.push(format!(
                "the language-model planner was not used ({e}); the rule-based planner made this scene"
            ));
            Ok(plan)
        }
    }
}

/// Asks the model and returns its repaired scene with a note of each repair.
pub async fn ask(
    config: &LlmConfig,
    prompt: &str,
    options: &PlanOptions,
) -> Result<(Scene, Vec<String>), LlmError> {
    let body = json!({
        "model": config.model,
        "temperature": 0,
        "messages": [
            {"role": "system", "content": INSTRUCTIONS},
            {"role": "user", "content": format!(
                "Prompt: {prompt}\nLength: {} seconds.", options.seconds
            )},
        ],
        "response_format": {
            "type": "json_schema",
            "json_schema": {"name": "scene", "schema": Scene::json_schema()},
        },
    });
    let client = reqwest::Client::builder()
        .timeout(config.timeout)
        .build()
        .map_err(|e| LlmError::Request(e.to_string()))?;
    let mut request = client
        .post(format!(
            "{}/chat/completions",
            config.url.trim_end_matches('/')
        ))
        .json(&body);
    if let Some(key) = &config.key {
        request = request.bearer_auth(key);
    }
    let failed = |e: reqwest::Error| {
        LlmError::Request(if e.is_timeout() {
            "timed out".into()
        } else {
            e.to_string()
        })
    };
    let response = tokio::time::timeout(config.timeout, request.send())
        .await
        .map_err(|_| LlmError::Request("timed out".into()))?
        .map_err(failed)?;
    if !response.status().is_success() {
        return Err(LlmError::Status(response.status().as_u16()));
    }
    let answer: Value = tokio::time::timeout(config.timeout, response.json())
        .await
        .map_err(|_| LlmError::Request("timed out".into()))?
        .map_err(failed)?;
    let content = answer["choices"][0]["message"]["content"]
        .as_str()
        .ok_or_else(|| LlmError::Unusable("no message content".into()))?;
    repair(content, options)
}

/// The JSON object in a model's answer, without code fences or text around it.
fn json_in(content: &str) -> Option<Value> {
    let start = content.find('{')?;
    let end = content.rfind('}')?;
    serde_json::from_str(content.get(start..=end)?).ok()
}

/// Reads a Scene from the model's answer and repairs what it can.
pub fn repair(content: &str, options: &PlanOptions) -> Result<(Scene, Vec<String>), LlmError> {
    let mut value = json_in(content)
        .ok_or_else(|| LlmError::Unusable("no JSON object in the answer".into()))?;
    let mut repairs = Vec::new();
    let Some(object) = value.as_object_mut() else {
        return Err(LlmError::Unusable("the answer is not a JSON object".into()));
    };
    if object.get("version") != Some(&json!(SCENE_VERSION)) {
        object.insert("version".into(), json!(SCENE_VERSION));
        repairs.push("set the scene version".into());
    }
    let duration = object.get("duration").and_then(Value::as_f64);
    if duration.is_none_or(|d| !(DURATION_RANGE.0 as f64..=DURATION_RANGE.1 as f64).contains(&d)) {
        object.insert("duration".into(), json!(options.seconds));
        repairs.push(format!("set the length to {} s", options.seconds));
    }
    // Fields the format does not know are dropped rather than failing the whole scene.
    let known = [
        "version",
        "duration",
        "environment",
        "entities",
        "cast",
        "shots",
        "actions",
        "dialogue",
        "sounds",
    ];
    let unknown: Vec<String> = object
        .keys()
        .filter(|k| !known.contains(&k.as_str()))
        .cloned()
        .collect();
    for k in unknown {
        object.remove(&k);
        repairs.push(format!("dropped the unknown field `{k}`"));
    }
    let mut scene: Scene =
        serde_json::from_value(value).map_err(|e| LlmError::Unusable(e.to_string()))?;
    if scene.entities.is_empty() {
        return Err(LlmError::Unusable("the scene has no entities".into()));
    }
    let ids: Vec<String> = scene.entities.iter().map(|e| e.id.clone()).collect();
    let known_id = |id: &str| ids.iter().any(|i| i == id);
    let before = (scene.actions.len(), scene.dialogue.len(), scene.cast.len());
    scene.actions.retain(|a| {
        known_id(&a.object)
            && a.actor.as_deref().is_none_or(known_id)
            && a.target.as_deref().is_none_or(known_id)
    });
    scene.dialogue.retain(|d| known_id(&d.speaker));
    scene.cast.retain(|c| known_id(&c.entity));
    for shot in &mut scene.shots {
        shot.camera.subjects.retain(|s| known_id(s));
    }
    if (scene.actions.len(), scene.dialogue.len(), scene.cast.len()) != before {
        repairs.push("dropped actions, lines or cast naming things that do not exist".into());
    }
    let d = scene.duration;
    for a in &mut scene.actions {
        a.at = a.at.clamp(0.0, d - 0.05);
        a.strength = a.strength.clamp(0.1, 5.0);
    }
    for l in &mut scene.dialogue {
        l.at = l.at.clamp(0.0, d - 0.05);
    }
    for e in &mut scene.entities {
        e.size = e.size.clamp(0.05, 20.0);
    }
    scene
        .validate()
        .map_err(|e| LlmError::Unusable(e.to_string()))?;
    Ok((scene, repairs))
}
