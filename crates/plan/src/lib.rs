//! Planning: turns a prompt into a Scene, and says what it understood and what it did not.
//!
//! The rule-based planner reads the prompt against a lexicon of what the generator can
//! honour (objects, places, times, colours, sizes, materials, counts, events, filming and
//! sound words), gathers adjectives onto the nouns they qualify, then stages the scene
//! from a layout that fits the objects named: a basketball shot, a row of dominoes, a
//! bowling lane, a stack of crates, a marble run, a pool table, a tower of blocks, or
//! objects falling. Every content word it cannot honour is reported in `unmapped`.

mod arrange;
mod direct;
mod fit;
mod layout;
mod lexicon;
mod models;
mod read;
mod report;
mod wordnet;

pub use fit::fit as fit_to_limits;
use read::{Read, read};
pub use report::{Coverage, PromptCoverage, coverage, prompts};
use scene::Scene;
use serde::Serialize;

/// The longest prompt accepted, in characters (the Videos API's limit).
pub const MAX_PROMPT_CHARS: usize = 32_000;

/// A planned scene and an account of the prompt.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    /// The scene program.
    pub scene: Scene,
    /// Each recognized word or phrase and what it became.
    pub understood: Vec<String>,
    /// Each content word or phrase the planner could not honour.
    pub unmapped: Vec<String>,
    /// What was honoured only approximately: a thing shown as the closest kind Diorama
    /// has, or a labelled placeholder.
    pub warnings: Vec<String>,
}

impl Plan {
    /// Everything the caller should be told: each word not honoured, then each thing
    /// honoured only approximately.
    pub fn notices(&self) -> Vec<String> {
        self.unmapped
            .iter()
            .chain(&self.warnings)
            .cloned()
            .collect()
    }
}

/// How to plan.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlanOptions {
    /// Length of the film in seconds.
    pub seconds: f32,
    /// Seed for the small variations in placement.
    pub seed: u64,
}

/// Why a prompt could not be planned.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PlanError {
    /// The prompt has no words.
    #[error(
        "the prompt is empty; describe what should happen, for example \"a red ball bounces on a wooden floor\""
    )]
    Empty,
    /// The prompt is longer than allowed.
    #[error("the prompt has {0} characters; shorten it to at most {MAX_PROMPT_CHARS}")]
    TooLong(usize),
    /// The duration is out of range.
    #[error("{0} seconds is not a usable length; give 1 to 20 seconds")]
    Seconds(f32),
}

/// Writes every person's whole look into the scene: what the prompt said, and the rest
/// chosen from the person's id and `key` (the seed and prompt), so that people differ from
/// video to video and from each other, and a remix or an extension, which starts from
/// this scene, keeps them as they are.
fn cast_looks(scene: &mut Scene, key: &str) {
    let wanted: Vec<(scene::PersonLook, String)> = scene
        .entities
        .iter()
        .filter(|e| e.archetype == scene::Archetype::Person)
        .map(|e| {
            let mut look = e.look.clone().unwrap_or_default();
            look.top_color = look.top_color.or(e.color);
            (look, format!("{}/{key}", e.id))
        })
        .collect();
    let mut looks = people::resolve_all(&wanted).into_iter();
    for e in &mut scene.entities {
        if e.archetype == scene::Archetype::Person {
            e.look = looks.next();
        }
    }
}

/// Plans a scene from a prompt.
pub fn plan(prompt: &str, options: &PlanOptions) -> Result<Plan, PlanError> {
    let Read {
        reading,
        understood,
        mut unmapped,
        mut warnings,
    } = read(prompt, options)?;
    let mut scene = layout::stage(&reading, options, &mut unmapped);
    fit::fit(&mut scene, &mut warnings);
    cast_looks(&mut scene, &format!("{}/{prompt}", options.seed));
    debug_assert!(scene.validate().is_ok(), "{:?}", scene.validate());
    Ok(Plan {
        scene,
        understood,
        unmapped,
        warnings,
    })
}

/// Changes a scene by what a new prompt asks and keeps the rest: a remix or an edit.
///
/// The place, time of day, weather, colours, sizes and materials of things already there,
/// the sound directions, the dialogue, the camera words and the outcome of a shot follow
/// the prompt where it names them. A thing the scene does not have cannot be added this
/// way; it is reported in `unmapped`.
pub fn revise(parent: &Scene, prompt: &str, seed: u64) -> Result<Plan, PlanError> {
    let options = PlanOptions {
        seconds: parent.duration,
        seed,
    };
    let Read {
        reading,
        understood,
        mut unmapped,
        mut warnings,
    } = read(prompt, &options)?;
    let mut scene = parent.clone();
    layout::revise(&mut scene, &reading, &mut unmapped);
    fit::fit(&mut scene, &mut warnings);
    cast_looks(&mut scene, &format!("{seed}/{prompt}"));
    debug_assert!(scene.validate().is_ok(), "{:?}", scene.validate());
    Ok(Plan {
        scene,
        understood,
        unmapped,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use scene::{Archetype, Color};

    fn opts() -> PlanOptions {
        PlanOptions {
            seconds: 8.0,
            seed: 1,
        }
    }

    #[test]
    fn the_basketball_prompt_is_fully_understood() {
        let p = plan("A basketball player shoots from the free-throw line and misses; the ball bounces off the backboard and rolls away.", &opts()).unwrap();
        assert!(p.unmapped.is_empty(), "{:?}", p.unmapped);
        let s = &p.scene;
        assert_eq!(s.environment.setting, scene::Setting::BasketballCourt);
        assert!(s.entities.iter().any(|e| e.archetype == Archetype::Hoop));
        assert!(s.entities.iter().any(|e| e.archetype == Archetype::Person));
        let shot = s
            .actions
            .iter()
            .find(|a| a.verb == scene::Verb::Shoot)
            .expect("a shot");
        assert_eq!(shot.outcome, scene::Outcome::Miss);
        assert_eq!(s.validate(), Ok(()));
    }

    #[test]
    fn counts_colours_and_places_are_honoured() {
        let p = plan(
            "Three orange cubes fall from the sky onto a snowy field.",
            &opts(),
        )
        .unwrap();
        assert!(p.unmapped.is_empty(), "{:?}", p.unmapped);
        let cubes: Vec<_> = p
            .scene
            .entities
            .iter()
            .filter(|e| e.archetype == Archetype::Cube)
            .collect();
        assert_eq!(cubes.len(), 3);
        assert!(cubes.iter().all(|c| c.color == Color::named("orange")));
        assert_eq!(p.scene.environment.setting, scene::Setting::Snowfield);
    }

    #[test]
    fn sound_directions_weather_and_speakers_are_honoured() {
        let p = plan(
            "A little girl bounces a ball in the rain and says \"Look at me!\" while sad piano music plays and the crowd cheers.",
            &opts(),
        )
        .unwrap();
        let s = &p.scene;
        assert_eq!(s.environment.weather, scene::Weather::Rain);
        let music = s
            .sounds
            .iter()
            .find(|d| d.kind == scene::SoundKind::Music)
            .expect("music");
        assert_eq!(music.mood, Some(scene::Mood::Sad));
        assert!(s.sounds.iter().any(|d| d.kind == scene::SoundKind::Crowd));
        assert_eq!(s.cast[0].description, "a little girl");
        assert_eq!(s.dialogue[0].text, "Look at me!");
        assert_eq!(s.dialogue[0].speaker, s.cast[0].entity);
        assert_eq!(s.validate(), Ok(()));

        let storm = plan(
            "Rain and wind lash a wooden crate by the campfire.",
            &opts(),
        )
        .unwrap();
        assert_eq!(storm.scene.environment.weather, scene::Weather::Storm);
        assert!(storm.scene.sounds.iter().any(|d| d.kind
            == scene::SoundKind::Ambience
            && d.description.contains("campfire")));

        // A mood with no music to carry it is not honoured, and says so.
        let sad = plan("A sad man drops a ball.", &opts()).unwrap();
        assert!(
            sad.unmapped.contains(&"sad".to_string()),
            "{:?}",
            sad.unmapped
        );
        assert!(sad.scene.sounds.is_empty());
    }

    #[test]
    fn a_remix_changes_what_it_names_and_keeps_the_rest() {
        let parent = plan(
            "A basketball player shoots from the free-throw line and misses.",
            &opts(),
        )
        .unwrap()
        .scene;
        let remix = revise(
            &parent,
            "Make the ball green and let him score, at night.",
            9,
        )
        .unwrap();
        let s = &remix.scene;
        let ball = s
            .entities
            .iter()
            .find(|e| e.archetype == Archetype::Basketball)
            .unwrap();
        assert_eq!(ball.color, Color::named("green"));
        assert_eq!(s.environment.time_of_day, scene::TimeOfDay::Night);
        let shot = s
            .actions
            .iter()
            .find(|a| a.verb == scene::Verb::Shoot)
            .unwrap();
        assert_eq!(shot.outcome, scene::Outcome::Hit);
        // Everything else is the parent's: the same things in the same places.
        assert_eq!(s.entities.len(), parent.entities.len());
        for (a, b) in s.entities.iter().zip(&parent.entities) {
            assert_eq!(
                (&a.id, a.position, a.archetype),
                (&b.id, b.position, b.archetype)
            );
        }
        assert_eq!(s.environment.setting, parent.environment.setting);
        assert_eq!(s.validate(), Ok(()));
        // A thing the parent does not have is reported, not silently dropped.
        let added = revise(&parent, "Add a bowling pin.", 9).unwrap();
        assert!(
            added.unmapped.iter().any(|u| u.starts_with("pin")),
            "{:?}",
            added.unmapped
        );
    }

    #[test]
    fn unknown_words_are_reported_not_hidden() {
        let p = plan("A purple zorblat juggles flaming torches.", &opts()).unwrap();
        for w in ["zorblat", "flaming"] {
            assert!(
                p.unmapped.iter().any(|u| u == w),
                "{w} missing from {:?}",
                p.unmapped
            );
        }
        // The unknown noun stands in as a labelled placeholder, with a warning.
        let stand_in = p
            .scene
            .entities
            .iter()
            .find(|e| e.archetype == Archetype::Placeholder)
            .expect("a placeholder");
        assert_eq!(stand_in.label.as_deref(), Some("zorblat"));
        assert_eq!(stand_in.color, Color::named("purple"));
        assert!(
            p.warnings.iter().any(|w| w.contains("zorblat")),
            "{:?}",
            p.warnings
        );
        assert_eq!(p.scene.validate(), Ok(()));
        // A noun close to a known kind is shown as that kind, with a warning.
        let near = plan("A hamster runs in circles.", &opts()).unwrap();
        let mouse = Archetype::from_name("mouse").unwrap();
        assert!(near.scene.entities.iter().any(|e| e.archetype == mouse));
        assert!(
            near.warnings
                .iter()
                .any(|w| w.contains("hamster") && w.contains("mouse"))
        );
        assert!(
            !near.unmapped.iter().any(|u| u == "hamster"),
            "{:?}",
            near.unmapped
        );
    }

    #[test]
    fn bad_prompts_are_refused_with_the_fix() {
        assert_eq!(plan("   ", &opts()), Err(PlanError::Empty));
        assert_eq!(
            plan(&"a".repeat(32_001), &opts()),
            Err(PlanError::TooLong(32_001))
        );
        assert!(
            plan(
                "a ball",
                &PlanOptions {
                    seconds: 0.0,
                    seed: 1
                }
            )
            .unwrap_err()
            .to_string()
            .contains("1 to 20")
        );
    }

    #[test]
    fn every_development_prompt_plans_to_a_valid_scene() {
        let prompts = include_str!("../tests/physical_prompts.txt");
        for line in prompts
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        {
            let p = plan(line, &opts()).unwrap();
            assert_eq!(p.scene.validate(), Ok(()), "{line}");
            assert!(!p.scene.entities.is_empty(), "{line}");
        }
    }

    #[test]
    fn descriptions_of_people_become_their_looks() {
        use scene::{Bottom, Expression as X, FacialHair, Hair, PersonLook, Top};
        let looks = |prompt: &str| -> Vec<PersonLook> {
            let p = plan(prompt, &opts()).unwrap();
            assert!(p.unmapped.is_empty(), "{prompt}: {:?}", p.unmapped);
            p.scene
                .entities
                .iter()
                .filter(|e| e.archetype == Archetype::Person)
                .map(|e| e.look.clone().expect("every person has a look"))
                .collect()
        };
        let red = Color::named("red");
        let w = &looks("a woman with long red hair in a green dress")[0];
        assert_eq!(
            (w.gender, w.hair, w.hair_color),
            (Some(0.0), Some(Hair::Long), red)
        );
        assert_eq!(
            (w.top, w.top_color),
            (Some(Top::Dress), Color::named("green"))
        );
        let m = &looks("an old man with a white beard and glasses")[0];
        assert!(m.age.unwrap() > 60.0 && m.gender == Some(1.0));
        assert_eq!(m.facial_hair, Some(FacialHair::Beard));
        assert_eq!(
            (m.hair_color, m.glasses),
            (Color::named("white"), Some(true))
        );
        let g = &looks("a little girl in a yellow raincoat")[0];
        assert!(g.age.unwrap() < 8.0 && g.gender == Some(0.0));
        assert_eq!(
            (g.top, g.top_color),
            (Some(Top::Coat), Color::named("yellow"))
        );
        let boys = looks("two teenage boys in basketball jerseys");
        assert_eq!(boys.len(), 2);
        for b in &boys {
            assert_eq!((b.age, b.top), (Some(15.0), Some(Top::Jersey)));
        }
        assert_ne!(boys[0], boys[1], "two boys, two looks");
        let t = &looks("a tall muscular man")[0];
        assert!(t.height.unwrap() > 0.9 && t.muscle.unwrap() > 0.9);
        let b = &looks("a bald man with a moustache")[0];
        assert_eq!(
            (b.hair, b.facial_hair),
            (Some(Hair::Bald), Some(FacialHair::Moustache))
        );
        assert_eq!(looks("a smiling woman")[0].expression, Some(X::Smile));
        assert_eq!(looks("an angry man")[0].expression, Some(X::Angry));
        assert_eq!(looks("a crying boy")[0].expression, Some(X::Sad));
        assert_eq!(looks("a boy in shorts")[0].bottom, Some(Bottom::Shorts));
        for (words, style) in [
            ("a woman with a ponytail", Hair::Ponytail),
            ("a girl with braids", Hair::Braids),
            ("a man with an afro", Hair::Curly),
            ("a woman with wavy hair", Hair::Wavy),
            ("a woman with a bun", Hair::Bun),
        ] {
            assert_eq!(looks(words)[0].hair, Some(style), "{words}");
        }
        assert_eq!(
            looks("a close-up of a redhead")[0]
                .hair_color
                .map(|c| c.r > 150),
            Some(true)
        );
        // Roles wear their uniforms; hats and caps take their colours.
        use scene::Headwear;
        let crew = looks("a chef, a police officer and an astronaut");
        let worn: Vec<_> = crew.iter().map(|l| l.headwear).collect();
        assert_eq!(
            worn,
            [
                Some(Headwear::ChefHat),
                Some(Headwear::Cap),
                Some(Headwear::SpaceHelmet)
            ]
        );
        let cap = &looks("a man in a red cap")[0];
        assert_eq!(
            (cap.headwear, cap.headwear_color),
            (Some(Headwear::Cap), red)
        );
        // Undescribed people differ, and the same prompt gives the same people.
        let friends = looks("three friends stand in the park");
        assert!(people::look_difference(&friends[0], &friends[1]) >= people::DISTINCT);
        assert_eq!(friends, looks("three friends stand in the park"));
    }

    #[test]
    fn clothes_their_patterns_and_numbers_are_read() {
        use scene::{ClothPattern as P, Top};
        let look = |prompt: &str| -> scene::PersonLook {
            let p = plan(prompt, &opts()).unwrap();
            assert!(p.unmapped.is_empty(), "{prompt}: {:?}", p.unmapped);
            let person = p.scene.entities.iter().find(|e| e.look.is_some());
            person.and_then(|e| e.look.clone()).expect("a person")
        };
        let hoodie = look("a boy in a red hoodie");
        assert_eq!(
            (hoodie.top, hoodie.top_color),
            (Some(Top::Hoodie), Color::named("red"))
        );
        assert_eq!(look("a man in a black suit").top, Some(Top::Suit));
        assert_eq!(look("a woman in a denim jacket").top, Some(Top::Jacket));
        let striped = look("a man in a blue striped shirt");
        assert_eq!(
            (striped.top, striped.top_pattern, striped.top_color),
            (Some(Top::Shirt), Some(P::Stripes), Color::named("blue"))
        );
        assert_eq!(
            look("a girl in a polka-dot dress").top_pattern,
            Some(P::Dots)
        );
        let plaid = look("a woman in a plaid skirt");
        assert_eq!(
            (plaid.bottom, plaid.bottom_pattern),
            (Some(scene::Bottom::Skirt), Some(P::Checks))
        );
        // A chef's trousers are checked; a named number is printed on the jersey.
        assert_eq!(look("a chef").bottom_pattern, Some(P::Checks));
        let player = look("a basketball player with number 23");
        assert_eq!((player.top, player.number), (Some(Top::Jersey), Some(23)));
        assert_eq!(look("a man in a jersey with the number 7").number, Some(7));
    }

    #[test]
    fn a_line_said_with_a_feeling_carries_it() {
        use scene::Expression as X;
        let lines = |prompt: &str| -> Vec<Option<X>> {
            let p = plan(prompt, &opts()).unwrap();
            assert!(p.unmapped.is_empty(), "{prompt}: {:?}", p.unmapped);
            p.scene.dialogue.iter().map(|l| l.emotion).collect()
        };
        assert_eq!(
            lines("A woman says angrily, \"Get out of my house!\""),
            [Some(X::Angry)]
        );
        assert_eq!(
            lines("\"I miss her,\" the old man says sadly."),
            [Some(X::Sad)]
        );
        assert_eq!(
            lines("A man says \"Hello.\" A woman replies happily, \"Hi!\""),
            [None, Some(X::Smile)]
        );
    }
}
