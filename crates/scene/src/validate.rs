//! Checks a scene and names, for each problem, the field and the fix.

use crate::{Archetype, DURATION_RANGE, SCENE_VERSION, Scene, limits};
use std::collections::HashSet;
use std::fmt;

/// A problem with a scene: where it is and what to do about it.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidationError {
    /// Path of the offending field, such as `entities[2].size`.
    pub field: String,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl ValidationError {
    fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        ValidationError {
            field: field.into(),
            message: message.into(),
        }
    }

    /// Wraps a JSON parse error, keeping serde's line and column.
    pub fn from_json(err: serde_json::Error) -> Self {
        let field = format!("line {} column {}", err.line(), err.column());
        ValidationError::new(
            field,
            format!("{err}; fix the scene JSON (see `diorama schema`)"),
        )
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for ValidationError {}

fn in_range(value: f32, (lo, hi): (f32, f32)) -> bool {
    value.is_finite() && value >= lo && value <= hi
}

fn finite(v: &[f32]) -> bool {
    v.iter().all(|x| x.is_finite())
}

impl Scene {
    /// Checks the scene; returns the first problem found.
    pub fn validate(&self) -> Result<(), ValidationError> {
        match self.problems().into_iter().next() {
            Some(problem) => Err(problem),
            None => Ok(()),
        }
    }

    /// Every problem in the scene, in field order. A list longer than its limit is the
    /// only problem reported for it, so that checking a huge scene stays cheap.
    pub fn problems(&self) -> Vec<ValidationError> {
        let over = self.over_limits();
        if !over.is_empty() {
            return over;
        }
        let mut found = Problems(Vec::new());
        self.check_header(&mut found);
        self.check_entities(&mut found);
        self.check_cast(&mut found);
        self.check_shots(&mut found);
        self.check_actions(&mut found);
        self.check_dialogue(&mut found);
        self.check_sounds(&mut found);
        found.0
    }

    /// Whether an entity has this id.
    fn knows(&self, id: &str) -> bool {
        self.entity(id).is_some()
    }

    /// The format version, the length and the gravity.
    fn check_header(&self, found: &mut Problems) {
        if self.version != SCENE_VERSION {
            found.bad(
                "version".into(),
                format!(
                    "is {}, but this build reads version {SCENE_VERSION}; set \"version\": {SCENE_VERSION}",
                    self.version
                ),
            );
        }
        if !in_range(self.duration, DURATION_RANGE) {
            found.bad(
                "duration".into(),
                format!(
                    "is {}; give a length from {} to {} seconds",
                    self.duration, DURATION_RANGE.0, DURATION_RANGE.1
                ),
            );
        }
        if let Some(g) = self.environment.gravity
            && !in_range(g, (0.0, 50.0))
        {
            found.bad(
                "environment.gravity".into(),
                format!("is {g}; give a value from 0 to 50 m/s² (9.81 on Earth) or leave it out"),
            );
        }
    }

    /// Each entity: its id (usable, short, its own), label, size, position and motion.
    fn check_entities(&self, found: &mut Problems) {
        let mut ids = HashSet::new();
        for (i, e) in self.entities.iter().enumerate() {
            let at = |f: &str| format!("entities[{i}].{f}");
            if e.id.is_empty()
                || !e
                    .id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            {
                found.bad(
                    at("id"),
                    format!(
                        "`{}` is not a usable id; use letters, digits, `_` or `-`",
                        e.id
                    ),
                );
            } else if e.id.chars().count() > limits::ID_CHARS {
                found.bad(
                    at("id"),
                    format!("is longer than {} characters; shorten it", limits::ID_CHARS),
                );
            } else if !ids.insert(e.id.as_str()) {
                found.bad(
                    at("id"),
                    format!("`{}` is used twice; give each entity its own id", e.id),
                );
            }
            if let Some(label) = &e.label
                && label.chars().count() > limits::TEXT_CHARS
            {
                found.bad(at("label"), too_long(limits::TEXT_CHARS));
            }
            match (&e.model, e.archetype) {
                (None, Archetype::Model) => found.bad(
                    at("model"),
                    "is missing; an entity of archetype `model` needs one: a catalogue id and its size (`diorama assets` lists them)".into(),
                ),
                (Some(model), _) => {
                    if model.id.is_empty() || model.id.chars().count() > limits::TEXT_CHARS {
                        found.bad(
                            at("model.id"),
                            "must be a catalogue id such as `Scopia#teapot` (`diorama assets` lists them)".into(),
                        );
                    }
                    if !finite(&model.size) || model.size.iter().any(|v| !(0.01..=60.0).contains(v)) {
                        found.bad(
                            at("model.size"),
                            "must be three lengths from 0.01 to 60 metres".into(),
                        );
                    }
                }
                (None, _) => {}
            }
            if !in_range(e.size, (0.05, 20.0)) {
                found.bad(
                    at("size"),
                    format!(
                        "is {}; give a scale from 0.05 to 20 (1 is natural size)",
                        e.size
                    ),
                );
            }
            if !finite(&e.position) || e.position.iter().any(|v| v.abs() > 500.0) {
                found.bad(
                    at("position"),
                    "must be three numbers within ±500 metres".into(),
                );
            }
            if !finite(&e.rotation) {
                found.bad(
                    at("rotation"),
                    "must be three finite angles in degrees".into(),
                );
            }
            if !finite(&e.velocity) || e.velocity.iter().any(|v| v.abs() > 200.0) {
                found.bad(
                    at("velocity"),
                    "must be three numbers within ±200 m/s".into(),
                );
            }
            if !finite(&e.spin) || e.spin.iter().any(|v| v.abs() > 500.0) {
                found.bad(at("spin"), "must be three numbers within ±500 rad/s".into());
            }
        }
    }

    /// Each cast member: an entity that exists, a description that is not too long.
    fn check_cast(&self, found: &mut Problems) {
        for (i, c) in self.cast.iter().enumerate() {
            if !self.knows(&c.entity) {
                found.bad(format!("cast[{i}].entity"), unknown_id(&c.entity));
            }
            if c.description.chars().count() > limits::TEXT_CHARS {
                found.bad(
                    format!("cast[{i}].description"),
                    too_long(limits::TEXT_CHARS),
                );
            }
        }
    }

    /// The shots: one at 0, in order, each camera usable.
    fn check_shots(&self, found: &mut Problems) {
        if self.shots.is_empty() {
            found.bad(
                "shots".into(),
                "is empty; add at least one shot starting at 0".into(),
            );
        }
        let mut previous = -1.0;
        for (i, s) in self.shots.iter().enumerate() {
            if i == 0 && s.start != 0.0 {
                found.bad(
                    "shots[0].start".into(),
                    format!("is {}; the first shot must start at 0", s.start),
                );
            }
            if !s.start.is_finite() || s.start <= previous || s.start >= self.duration {
                found.bad(
                    format!("shots[{i}].start"),
                    format!(
                        "is {}; shots must start in increasing order before the end ({} s)",
                        s.start, self.duration
                    ),
                );
            }
            previous = s.start;
            if !in_range(s.camera.fov, (10.0, 100.0)) {
                found.bad(
                    format!("shots[{i}].camera.fov"),
                    format!(
                        "is {}; give a field of view from 10 to 100 degrees",
                        s.camera.fov
                    ),
                );
            }
            if let Some(p) = s.camera.placement {
                let apart = (0..3)
                    .map(|k| (p.eye[k] - p.target[k]).powi(2))
                    .sum::<f32>();
                if !finite(&p.eye) || !finite(&p.target) || apart < 1e-4 {
                    found.bad(
                        format!("shots[{i}].camera.placement"),
                        "needs finite eye and target points at least 1 cm apart".into(),
                    );
                }
            }
            if !in_range(s.speed, (0.1, 1.0)) {
                found.bad(
                    format!("shots[{i}].speed"),
                    format!(
                        "is {}; give a playback speed from 0.1 (slow motion) to 1 (real time)",
                        s.speed
                    ),
                );
            }
            if !s.camera.azimuth.is_finite() {
                found.bad(
                    format!("shots[{i}].camera.azimuth"),
                    "must be a finite angle in degrees".into(),
                );
            }
            for (j, id) in s.camera.subjects.iter().enumerate() {
                if !self.knows(id) {
                    found.bad(format!("shots[{i}].camera.subjects[{j}]"), unknown_id(id));
                }
            }
        }
    }

    /// Each action: its time, strength and the entities it names.
    fn check_actions(&self, found: &mut Problems) {
        for (i, a) in self.actions.iter().enumerate() {
            if !a.at.is_finite() || a.at < 0.0 || a.at >= self.duration {
                found.bad(
                    format!("actions[{i}].at"),
                    format!(
                        "is {}; give a time from 0 to before the end ({} s)",
                        a.at, self.duration
                    ),
                );
            }
            if !in_range(a.strength, (0.1, 5.0)) {
                found.bad(
                    format!("actions[{i}].strength"),
                    format!(
                        "is {}; give a strength from 0.1 to 5 (1 is normal)",
                        a.strength
                    ),
                );
            }
            if !self.knows(&a.object) {
                found.bad(format!("actions[{i}].object"), unknown_id(&a.object));
            } else if !a.verb.is_gesture() && self.entity(&a.object).is_some_and(|e| e.fixed) {
                found.bad(
                    format!("actions[{i}].object"),
                    format!(
                        "`{}` is fixed in place and cannot move; set \"fixed\": false on it",
                        a.object
                    ),
                );
            }
            for (name, id) in [("actor", &a.actor), ("target", &a.target)] {
                if let Some(id) = id
                    && !self.knows(id)
                {
                    found.bad(format!("actions[{i}].{name}"), unknown_id(id));
                }
            }
        }
    }

    /// Each line: its speaker, its text and its time.
    fn check_dialogue(&self, found: &mut Problems) {
        for (i, d) in self.dialogue.iter().enumerate() {
            if !self.knows(&d.speaker) {
                found.bad(format!("dialogue[{i}].speaker"), unknown_id(&d.speaker));
            }
            if d.text.trim().is_empty() {
                found.bad(
                    format!("dialogue[{i}].text"),
                    "is empty; write the line to be spoken".into(),
                );
            } else if d.text.chars().count() > limits::LINE_CHARS {
                found.bad(
                    format!("dialogue[{i}].text"),
                    format!(
                        "has {} characters; a line may have at most {} (about 17 seconds of speech): split it or shorten it",
                        d.text.chars().count(),
                        limits::LINE_CHARS
                    ),
                );
            }
            if !d.at.is_finite() || d.at < 0.0 || d.at >= self.duration {
                found.bad(
                    format!("dialogue[{i}].at"),
                    format!(
                        "is {}; give a time before the end ({} s)",
                        d.at, self.duration
                    ),
                );
            }
        }
    }

    /// Each sound direction: its description not too long.
    fn check_sounds(&self, found: &mut Problems) {
        for (i, d) in self.sounds.iter().enumerate() {
            if d.description.chars().count() > limits::TEXT_CHARS {
                found.bad(
                    format!("sounds[{i}].description"),
                    too_long(limits::TEXT_CHARS),
                );
            }
        }
    }

    /// The lists longer than their limits, and a scene with more parts or dialogue in
    /// all than one clip may hold.
    fn over_limits(&self) -> Vec<ValidationError> {
        let mut out = Vec::new();
        let lists = [
            ("entities", self.entities.len(), limits::ENTITIES),
            ("cast", self.cast.len(), limits::CAST),
            ("shots", self.shots.len(), limits::SHOTS),
            ("actions", self.actions.len(), limits::ACTIONS),
            ("dialogue", self.dialogue.len(), limits::DIALOGUE_LINES),
            ("sounds", self.sounds.len(), limits::SOUNDS),
        ];
        for (field, len, limit) in lists {
            if len > limit {
                out.push(ValidationError::new(
                    field,
                    format!("has {len} items; a scene may have at most {limit}: remove some"),
                ));
            }
        }
        for (i, s) in self.shots.iter().enumerate().take(limits::SHOTS) {
            if s.camera.subjects.len() > limits::SUBJECTS {
                out.push(ValidationError::new(
                    format!("shots[{i}].camera.subjects"),
                    format!(
                        "has {} subjects; a camera may follow at most {}",
                        s.camera.subjects.len(),
                        limits::SUBJECTS
                    ),
                ));
            }
        }
        if !out.is_empty() {
            return out;
        }
        let parts: usize = self.entities.iter().map(|e| e.parts().len()).sum();
        if parts > limits::PARTS {
            out.push(ValidationError::new(
                "entities",
                format!(
                    "make {parts} parts in all; a scene may have at most {}: remove some things or people",
                    limits::PARTS
                ),
            ));
        }
        let spoken: usize = self.dialogue.iter().map(|d| d.text.chars().count()).sum();
        if spoken > limits::DIALOGUE_CHARS {
            out.push(ValidationError::new(
                "dialogue",
                format!(
                    "has {spoken} characters in all; a scene may have at most {}: shorten the lines",
                    limits::DIALOGUE_CHARS
                ),
            ));
        }
        out
    }
}

/// The problems found so far.
struct Problems(Vec<ValidationError>);

impl Problems {
    fn bad(&mut self, field: String, message: String) {
        self.0.push(ValidationError::new(field, message));
    }
}

/// What to say of a reference to an entity that does not exist.
fn unknown_id(id: &str) -> String {
    format!("names `{id}`, which is no entity's id; add the entity or fix the name")
}

fn too_long(limit: usize) -> String {
    format!("is longer than {limit} characters; shorten it")
}

#[cfg(test)]
mod tests {
    use crate::*;

    fn scene() -> Scene {
        let mut s = Scene::new(4.0);
        s.entities
            .push(Entity::new("ball", Archetype::Ball, [0.0, 2.0, 0.0]));
        s
    }

    #[test]
    fn a_good_scene_passes() {
        assert_eq!(scene().validate(), Ok(()));
    }

    #[test]
    fn errors_name_the_field_and_the_fix() {
        let mut s = scene();
        s.entities[0].size = 0.0;
        let err = s.validate().unwrap_err();
        assert_eq!(err.field, "entities[0].size");
        assert!(err.message.contains("0.05 to 20"), "{err}");

        let mut s = scene();
        s.duration = 600.0;
        assert_eq!(s.validate().unwrap_err().field, "duration");

        let mut s = scene();
        s.actions.push(Action {
            at: 1.0,
            verb: Verb::Push,
            actor: None,
            object: "nope".into(),
            target: None,
            outcome: Outcome::Hit,
            strength: 1.0,
        });
        let err = s.validate().unwrap_err();
        assert_eq!(err.field, "actions[0].object");
        assert!(err.message.contains("`nope`"));

        // A catalogue model needs its id and a sane size.
        let mut s = scene();
        s.entities[0].archetype = Archetype::Model;
        let err = s.validate().unwrap_err();
        assert_eq!(err.field, "entities[0].model");
        assert!(err.message.contains("diorama assets"), "{err}");
        s.entities[0].model = Some(crate::CatalogModel {
            id: "Scopia#teapot".into(),
            size: [0.15, 0.21, 0.0],
        });
        assert_eq!(s.validate().unwrap_err().field, "entities[0].model.size");
        s.entities[0].model.as_mut().unwrap().size = [0.15, 0.21, 0.22];
        assert_eq!(s.validate(), Ok(()));
        let box_of = |e: &Entity| e.parts()[0].shape.half_extents();
        assert_eq!(box_of(&s.entities[0]), [0.075, 0.105, 0.11]);
    }

    #[test]
    fn duplicate_ids_and_bad_shots_are_caught() {
        let mut s = scene();
        s.entities
            .push(Entity::new("ball", Archetype::Cube, [1.0, 0.0, 0.0]));
        s.shots.push(Shot {
            start: 0.0,
            speed: 1.0,
            camera: Camera::default(),
        });
        let fields: Vec<String> = s.problems().into_iter().map(|p| p.field).collect();
        assert_eq!(fields, ["entities[1].id", "shots[1].start"]);
    }

    #[test]
    fn json_round_trips_and_malformed_json_is_located() {
        let s = scene();
        let text = serde_json::to_string(&s).unwrap();
        assert_eq!(Scene::from_json(&text).unwrap(), s);
        let err = Scene::from_json("{\"version\": 1, \"duration\": }").unwrap_err();
        assert!(err.field.starts_with("line 1"), "{err}");
        let err = Scene::from_json("{\"version\": 1, \"duration\": 4, \"colour\": 3}").unwrap_err();
        assert!(err.message.contains("colour"), "{err}");
    }

    #[test]
    fn schema_describes_the_scene() {
        let schema = Scene::json_schema();
        let props = &schema["properties"];
        for key in [
            "version",
            "duration",
            "environment",
            "entities",
            "shots",
            "actions",
        ] {
            assert!(props.get(key).is_some(), "schema lacks {key}");
        }
    }
}
