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
use std::path::{Path, PathBuf};
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
    /// The configuration from the environment and the config file, when a URL is set in
    /// either (see [`LlmConfig::from_sources`]).
    pub fn configured() -> Option<LlmConfig> {
        let env = |k: &str| std::env::var(k).ok();
        let file = env("DIORAMA_CONFIG").map(PathBuf::from).or_else(|| {
            env("XDG_CONFIG_HOME")
                .map(PathBuf::from)
                .or_else(|| env("HOME").map(|h| PathBuf::from(h).join(".config")))
                .map(|dir| dir.join("diorama/config.toml"))
        });
        LlmConfig::from_sources(env, file.as_deref())
    }

    /// The configuration from `DIORAMA_LLM_URL`, `DIORAMA_LLM_KEY`, `DIORAMA_LLM_MODEL` and
    /// `DIORAMA_LLM_TIMEOUT` (seconds), each falling back to `url`, `key`, `model` and
    /// `timeout` in the `[llm]` table of the TOML file at `file`, when a URL is set in
    /// either. A file that cannot be read or parsed is passed over.
    pub fn from_sources(
        env: impl Fn(&str) -> Option<String>,
        file: Option<&Path>,
    ) -> Option<LlmConfig> {
        let table = file
            .and_then(|f| std::fs::read_to_string(f).ok())
            .and_then(|text| text.parse::<toml::Table>().ok())
            .and_then(|t| t.get("llm").and_then(|v| v.as_table()).cloned())
            .unwrap_or_default();
        let get = |var: &str, key: &str| {
            env(var).or_else(|| {
                table.get(key).map(|v| match v {
                    toml::Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
            })
        };
        Some(LlmConfig {
            url: get("DIORAMA_LLM_URL", "url")?,
            key: get("DIORAMA_LLM_KEY", "key"),
            model: get("DIORAMA_LLM_MODEL", "model").unwrap_or_else(|| "gpt-4o-mini".into()),
            timeout: get("DIORAMA_LLM_TIMEOUT", "timeout")
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
    Ok(improve(config, prompt, options, fallback).await)
}

/// The model's scene for a prompt, or the rule-based `fallback` (planned by the caller,
/// off the async runtime) with a warning saying why the model's was not used.
pub async fn improve(
    config: &LlmConfig,
    prompt: &str,
    options: &PlanOptions,
    fallback: Plan,
) -> Plan {
    match ask(config, prompt, options).await {
        Ok((scene, repairs)) => Plan {
            scene,
            understood: vec![format!(
                "scene written by the language model {}",
                config.model
            )],
            unmapped: Vec::new(),
            warnings: repairs,
        },
        Err(e) => {
            let mut plan = fallback;
            plan.warnings.push(format!(
                "the language-model planner was not used ({e}); the rule-based planner made this scene"
            ));
            plan
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
    plan::fit_to_limits(&mut scene, &mut repairs);
    scene
        .validate()
        .map_err(|e| LlmError::Unusable(e.to_string()))?;
    Ok((scene, repairs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_environment_overrides_the_config_file_field_by_field() {
        let dir = std::env::temp_dir().join(format!("diorama-llm-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("config.toml");
        std::fs::write(
            &file,
            "[llm]\nurl = \"http://file:1/v1\"\nmodel = \"from-file\"\ntimeout = 5\n",
        )
        .unwrap();
        let none = |_: &str| None;
        let c = LlmConfig::from_sources(none, Some(&file)).unwrap();
        assert_eq!(
            (c.url.as_str(), c.model.as_str(), c.key, c.timeout),
            (
                "http://file:1/v1",
                "from-file",
                None,
                Duration::from_secs(5)
            )
        );
        let env = |k: &str| (k == "DIORAMA_LLM_MODEL").then(|| "from-env".to_string());
        let c = LlmConfig::from_sources(env, Some(&file)).unwrap();
        assert_eq!(
            (c.url.as_str(), c.model.as_str()),
            ("http://file:1/v1", "from-env")
        );
        // No URL anywhere: no language-model planner; a broken file is passed over.
        assert_eq!(LlmConfig::from_sources(none, None), None);
        std::fs::write(&file, "[llm\nurl = ").unwrap();
        assert_eq!(LlmConfig::from_sources(none, Some(&file)), None);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
