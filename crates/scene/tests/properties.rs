//! Scene files are user input: reading and checking any bytes or any JSON never panics
//! and never takes long, and what passes the check is within the limits.

use proptest::prelude::*;
use scene::{Scene, limits};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

/// A valid scene with a bit of everything, to mutate.
fn valid() -> Value {
    json!({
        "version": 1, "duration": 6,
        "environment": {"setting": "basketball_court", "time_of_day": "night", "weather": "rain"},
        "entities": [
            {"id": "ann", "archetype": "person", "position": [0, 0, 0]},
            {"id": "ball", "archetype": "basketball", "position": [1, 1, 0], "velocity": [0, 2, 0], "color": "#ff8800"},
            {"id": "dog", "archetype": "dog", "position": [-1, 0, 0], "size": 1.2}
        ],
        "cast": [{"entity": "ann", "description": "a woman"}],
        "shots": [{"start": 0, "camera": {"subjects": ["ann"]}}, {"start": 3, "speed": 0.5}],
        "actions": [{"at": 1, "verb": "throw", "actor": "ann", "object": "ball", "target": "dog"}],
        "dialogue": [{"at": 0.5, "speaker": "ann", "text": "Catch!"}],
        "sounds": [{"kind": "music", "mood": "calm"}]
    })
}

/// Any JSON value, a few levels deep.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        (-1000i64..1000).prop_map(Value::from),
        Just(json!(1e308)),
        Just(json!(-0.0)),
        "[a-z_#0-9]{0,12}".prop_map(Value::from),
        ".{0,40}".prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::from),
            prop::collection::hash_map("[a-z_]{1,10}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Replaces the value at a path chosen by `picks` (each pick chooses a child) with `new`.
fn mutate(value: &mut Value, picks: &[usize], new: Value) {
    let Some((&pick, rest)) = picks.split_first() else {
        *value = new;
        return;
    };
    let child = match value {
        Value::Object(map) if !map.is_empty() => {
            let key = map.keys().nth(pick % map.len()).cloned();
            key.and_then(|k| map.get_mut(&k))
        }
        Value::Array(items) if !items.is_empty() => {
            let n = items.len();
            items.get_mut(pick % n)
        }
        _ => None,
    };
    match child {
        Some(child) => mutate(child, rest, new),
        None => *value = new,
    }
}

/// Reads and checks a scene, and what must hold of a scene that passes.
fn check(text: &str) {
    let start = Instant::now();
    if let Ok(scene) = Scene::from_json(text) {
        assert!(scene.problems().is_empty());
        assert!(scene.entities.len() <= limits::ENTITIES);
        assert!(
            scene
                .dialogue
                .iter()
                .all(|d| d.text.chars().count() <= limits::LINE_CHARS)
        );
        let parts: usize = scene.entities.iter().map(|e| e.parts().len()).sum();
        assert!(parts <= limits::PARTS);
    }
    assert!(
        start.elapsed() < Duration::from_secs(1),
        "{:?}",
        start.elapsed()
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn any_bytes_are_read_or_refused(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        check(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn any_json_is_read_or_refused(value in any_json()) {
        check(&value.to_string());
    }

    #[test]
    fn a_valid_scene_changed_anywhere_is_read_or_refused(
        changes in prop::collection::vec((prop::collection::vec(any::<usize>(), 0..5), any_json()), 1..4)
    ) {
        let mut scene = valid();
        for (picks, new) in changes {
            mutate(&mut scene, &picks, new);
        }
        check(&scene.to_string());
    }
}

#[test]
fn the_scene_to_mutate_is_valid() {
    Scene::from_json(&valid().to_string()).unwrap();
}

#[test]
fn a_huge_scene_is_refused_quickly_with_the_limit_named() {
    let person =
        |i: usize| json!({"id": format!("e{i}"), "archetype": "person", "position": [0, 0, 0]});
    let actions: Vec<Value> = (0..50_000)
        .map(|i| json!({"at": 1, "verb": "push", "object": format!("e{i}")}))
        .collect();
    let scene = json!({
        "version": 1, "duration": 4,
        "entities": (0..20_000).map(person).collect::<Vec<_>>(),
        "actions": actions,
    });
    let start = Instant::now();
    let error = Scene::from_json(&scene.to_string()).unwrap_err();
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(error.field, "entities");
    assert!(error.message.contains("at most 64"), "{error}");
    // As many people as the entity limit allows are more parts than a scene may have
    // (each is 25); 48 fit.
    let crowd = |n: usize| {
        json!({"version": 1, "duration": 4, "entities": (0..n).map(person).collect::<Vec<_>>()})
            .to_string()
    };
    let error = Scene::from_json(&crowd(limits::ENTITIES)).unwrap_err();
    assert!(error.message.contains("parts in all"), "{error}");
    let fits = Scene::from_json(&crowd(48)).unwrap();
    let parts: usize = fits.entities.iter().map(|e| e.parts().len()).sum();
    assert!(parts <= limits::PARTS, "{parts}");
}
