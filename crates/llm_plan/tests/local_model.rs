//! The language-model planner against a small OpenAI-compatible server this test starts:
//! the request it sends, a good answer, a broken answer, an error and a timeout.

use llm_plan::LlmConfig;
use plan::PlanOptions;
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// How the fake model answers.
#[derive(Clone)]
enum Answer {
    /// 200 with this message content.
    Content(String),
    /// This HTTP status.
    Status(u16),
    /// Never answers.
    Hang,
}

/// Starts a one-route chat-completions server; returns its base URL and the requests seen.
async fn model(answer: Answer) -> (String, Arc<Mutex<Vec<(String, Value)>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/v1", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let (answer, log) = (answer.clone(), log.clone());
            tokio::spawn(async move {
                let mut buffer = Vec::new();
                let mut chunk = [0u8; 4096];
                // Read the head, then the body by its length.
                let (head, body) = loop {
                    let n = socket.read(&mut chunk).await.unwrap();
                    buffer.extend_from_slice(&chunk[..n]);
                    let text = String::from_utf8_lossy(&buffer).to_string();
                    if let Some(split) = text.find("\r\n\r\n") {
                        let head = text[..split].to_string();
                        let length: usize = head
                            .lines()
                            .find_map(|l| {
                                l.to_ascii_lowercase()
                                    .strip_prefix("content-length:")
                                    .map(|v| v.trim().parse().unwrap())
                            })
                            .unwrap_or(0);
                        while buffer.len() < split + 4 + length {
                            let n = socket.read(&mut chunk).await.unwrap();
                            buffer.extend_from_slice(&chunk[..n]);
                        }
                        break (head, buffer[split + 4..split + 4 + length].to_vec());
                    }
                };
                log.lock()
                    .unwrap()
                    .push((head, serde_json::from_slice(&body).unwrap()));
                let (status, body) = match answer {
                    Answer::Content(c) => (
                        200,
                        json!({"choices": [{"message": {"role": "assistant", "content": c}}]})
                            .to_string(),
                    ),
                    Answer::Status(s) => (s, "{\"error\": {\"message\": \"nope\"}}".into()),
                    Answer::Hang => {
                        tokio::time::sleep(Duration::from_secs(30)).await;
                        return;
                    }
                };
                let reply = format!(
                    "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                socket.write_all(reply.as_bytes()).await.unwrap();
            });
        }
    });
    (url, seen)
}

fn config(url: String) -> LlmConfig {
    LlmConfig {
        url,
        key: Some("sk-test".into()),
        model: "tiny-planner".into(),
        timeout: Duration::from_millis(1500),
    }
}

const OPTIONS: PlanOptions = PlanOptions {
    seconds: 6.0,
    seed: 1,
};

#[tokio::test]
async fn a_good_answer_is_used_and_the_request_carries_the_schema() {
    // A scene with a fenced code block and a field the format does not know, and an
    // action naming a thing that does not exist: both are repaired.
    let content = r#"Here you go:
```json
{"duration": 6, "mood": "happy",
 "environment": {"setting": "park"},
 "entities": [{"id": "rex", "archetype": "dog", "position": [0, 0, 0]},
              {"id": "ball", "archetype": "ball", "position": [3, 0, 0]}],
 "actions": [{"at": 1, "verb": "run", "object": "rex", "target": "ball"},
             {"at": 2, "verb": "kick", "object": "ghost"}]}
```"#;
    let (url, seen) = model(Answer::Content(content.into())).await;
    let plan = llm_plan::plan(&config(url), "a dog chases a ball in the park", &OPTIONS)
        .await
        .unwrap();
    assert_eq!(plan.scene.validate(), Ok(()));
    assert_eq!(plan.scene.environment.setting, scene::Setting::Park);
    assert_eq!(plan.scene.actions.len(), 1);
    assert_eq!(plan.scene.actions[0].verb, scene::Verb::Run);
    assert!(plan.understood[0].contains("tiny-planner"));
    assert!(
        plan.warnings.iter().any(|w| w.contains("`mood`")),
        "{:?}",
        plan.warnings
    );
    assert!(plan.warnings.iter().any(|w| w.contains("do not exist")));

    let requests = seen.lock().unwrap();
    let (head, body) = &requests[0];
    assert!(head.starts_with("POST /v1/chat/completions"), "{head}");
    assert!(
        head.to_ascii_lowercase()
            .contains("authorization: bearer sk-test")
    );
    assert_eq!(body["model"], "tiny-planner");
    assert_eq!(body["response_format"]["type"], "json_schema");
    assert_eq!(
        body["response_format"]["json_schema"]["schema"],
        scene::Scene::json_schema()
    );
    let user = body["messages"][1]["content"].as_str().unwrap();
    assert!(user.contains("a dog chases a ball") && user.contains("6 seconds"));
}

#[tokio::test]
async fn every_failure_falls_back_to_the_rule_based_planner() {
    let prompt = "A red ball drops onto a wooden floor.";
    let rule = plan::plan(prompt, &OPTIONS).unwrap();
    for (answer, why) in [
        (
            Answer::Content("I cannot do that.".into()),
            "not a usable scene",
        ),
        (
            Answer::Content(
                r#"{"entities": [{"id": "x", "archetype": "griffin", "position": [0,0,0]}]}"#
                    .into(),
            ),
            "unknown archetype",
        ),
        (Answer::Status(500), "answered 500"),
        (Answer::Hang, "timed out"),
    ] {
        let (url, seen) = model(answer).await;
        let plan = llm_plan::plan(&config(url), prompt, &OPTIONS)
            .await
            .unwrap();
        assert_eq!(plan.scene, rule.scene, "{why}");
        let note = plan.warnings.last().unwrap();
        assert!(
            note.contains("rule-based planner") && note.contains(why),
            "{note}"
        );
        assert_eq!(seen.lock().unwrap().len(), 1, "{why}");
    }
    // Nothing listening at all.
    let plan = llm_plan::plan(&config("http://127.0.0.1:9/v1".into()), prompt, &OPTIONS)
        .await
        .unwrap();
    assert_eq!(plan.scene, rule.scene);
    // A prompt the rule-based planner refuses is refused without asking the model.
    assert!(
        llm_plan::plan(&config("http://127.0.0.1:9/v1".into()), "  ", &OPTIONS)
            .await
            .is_err()
    );
}
