//! Fits a planned scene to what one scene may hold (`scene::limits`): what does not fit
//! is left out, and the caller is told what and why.

use scene::{Scene, limits};
use std::collections::HashSet;

/// Cuts a scene down to the limits, adding a warning for each kind of cut.
pub fn fit(scene: &mut Scene, warnings: &mut Vec<String>) {
    fit_entities(scene, warnings);
    let mut cut = |what: &str, len: usize, limit: usize| {
        if len > limit {
            warnings.push(format!(
                "a scene holds at most {limit} {what}; {} were left out",
                len - limit
            ));
        }
    };
    cut("shots", scene.shots.len(), limits::SHOTS);
    scene.shots.truncate(limits::SHOTS);
    cut("actions", scene.actions.len(), limits::ACTIONS);
    scene.actions.truncate(limits::ACTIONS);
    cut("sound directions", scene.sounds.len(), limits::SOUNDS);
    scene.sounds.truncate(limits::SOUNDS);
    for shot in &mut scene.shots {
        shot.camera.subjects.truncate(limits::SUBJECTS);
    }
    fit_dialogue(scene, warnings);
    for e in &mut scene.entities {
        if let Some(label) = &mut e.label {
            clip(label, limits::TEXT_CHARS);
        }
    }
    for c in &mut scene.cast {
        clip(&mut c.description, limits::TEXT_CHARS);
    }
    for s in &mut scene.sounds {
        clip(&mut s.description, limits::TEXT_CHARS);
    }
}

/// Keeps the entities that fit, those with a part to play (in the cast, speaking, acting
/// or acted on, filmed) first, and drops whatever refers to the others.
fn fit_entities(scene: &mut Scene, warnings: &mut Vec<String>) {
    let parts: Vec<usize> = scene.entities.iter().map(|e| e.parts().len()).collect();
    if scene.entities.len() <= limits::ENTITIES && parts.iter().sum::<usize>() <= limits::PARTS {
        return;
    }
    let mut named: HashSet<&str> = HashSet::new();
    named.extend(scene.cast.iter().map(|c| c.entity.as_str()));
    named.extend(scene.dialogue.iter().map(|d| d.speaker.as_str()));
    for a in &scene.actions {
        named.insert(a.object.as_str());
        named.extend(a.actor.as_deref());
        named.extend(a.target.as_deref());
    }
    for shot in &scene.shots {
        named.extend(shot.camera.subjects.iter().map(String::as_str));
    }
    let named = &named;
    let by_part = |first: bool| {
        scene
            .entities
            .iter()
            .zip(&parts)
            .filter(move |(e, _)| named.contains(e.id.as_str()) == first)
    };
    let (mut total, mut kept) = (0, HashSet::new());
    for (e, &more) in by_part(true).chain(by_part(false)) {
        if kept.len() == limits::ENTITIES || total + more > limits::PARTS {
            continue;
        }
        total += more;
        kept.insert(e.id.clone());
    }
    warnings.push(format!(
        "a scene holds at most {} things and people ({} parts in all); {} were left out",
        limits::ENTITIES,
        limits::PARTS,
        scene.entities.len() - kept.len()
    ));
    let known = |id: &String| kept.contains(id);
    scene.entities.retain(|e| known(&e.id));
    scene.cast.retain(|c| known(&c.entity));
    scene.actions.retain(|a| {
        known(&a.object)
            && a.actor.as_ref().is_none_or(known)
            && a.target.as_ref().is_none_or(known)
    });
    scene.dialogue.retain(|d| known(&d.speaker));
    for shot in &mut scene.shots {
        shot.camera.subjects.retain(known);
    }
}

/// Shortens lines over the line limit at a word, then keeps the lines that fit in all.
fn fit_dialogue(scene: &mut Scene, warnings: &mut Vec<String>) {
    let mut shortened = 0;
    for line in &mut scene.dialogue {
        if line.text.chars().count() > limits::LINE_CHARS {
            shortened += 1;
            line.text = at_a_word(&line.text, limits::LINE_CHARS - 1) + "…";
        }
    }
    if shortened > 0 {
        warnings.push(format!(
            "a line of dialogue holds at most {} characters (about 17 seconds of speech); {shortened} line(s) were cut short",
            limits::LINE_CHARS
        ));
    }
    let mut spoken = 0;
    let mut kept = 0;
    for line in &scene.dialogue {
        let chars = line.text.chars().count();
        if kept == limits::DIALOGUE_LINES || spoken + chars > limits::DIALOGUE_CHARS {
            break;
        }
        spoken += chars;
        kept += 1;
    }
    if kept < scene.dialogue.len() {
        warnings.push(format!(
            "a scene holds at most {} lines and {} characters of dialogue; {} line(s) were left out",
            limits::DIALOGUE_LINES,
            limits::DIALOGUE_CHARS,
            scene.dialogue.len() - kept
        ));
        scene.dialogue.truncate(kept);
    }
}

/// At most `chars` characters of `text`, ending at a space where one is near the cut.
fn at_a_word(text: &str, chars: usize) -> String {
    let head: String = text.chars().take(chars).collect();
    match head.rfind(char::is_whitespace) {
        Some(space) if head[..space].chars().count() > chars * 3 / 4 => {
            head[..space].trim_end().to_string()
        }
        _ => head,
    }
}

/// Cuts `text` to at most `chars` characters.
fn clip(text: &mut String, chars: usize) {
    if let Some((at, _)) = text.char_indices().nth(chars) {
        text.truncate(at);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use scene::{Archetype, DialogueLine, Entity};

    #[test]
    fn a_scene_over_the_limits_is_cut_to_them_and_says_so() {
        let mut s = Scene::new(8.0);
        for i in 0..200 {
            s.entities.push(Entity::new(
                format!("b{i}"),
                Archetype::Ball,
                [i as f32 * 0.1, 0.0, 0.0],
            ));
        }
        s.dialogue.push(DialogueLine {
            at: 0.0,
            speaker: "b0".into(),
            text: "word ".repeat(20_000),
            emotion: None,
        });
        let mut warnings = Vec::new();
        fit(&mut s, &mut warnings);
        assert_eq!(s.entities.len(), limits::ENTITIES);
        assert!(s.dialogue[0].text.chars().count() <= limits::LINE_CHARS);
        assert!(
            s.dialogue[0].text.ends_with("word…"),
            "{}",
            s.dialogue[0].text
        );
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(warnings[0].contains("136 were left out"), "{warnings:?}");
        assert_eq!(s.validate(), Ok(()));
    }
}
