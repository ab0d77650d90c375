//! Coverage: how much of a set of prompts the planner understands.

use crate::{PlanError, PlanOptions, lexicon, plan, read::plain_words};
use serde::Serialize;

/// How one prompt fared.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PromptCoverage {
    /// The prompt.
    pub prompt: String,
    /// Its content words (not "a", "the", "of" …), outside quotes.
    pub content_words: usize,
    /// Content words the planner did not honour.
    pub unmapped_words: usize,
    /// What it did not honour, as the plan reports it.
    pub unmapped: Vec<String>,
}

/// How a set of prompts fared.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Coverage {
    /// Each prompt.
    pub prompts: Vec<PromptCoverage>,
    /// Share of content words mapped, 0 to 1.
    pub words_mapped: f64,
    /// Share of prompts fully understood (nothing unmapped), 0 to 1.
    pub prompts_understood: f64,
}

/// The prompts in a file: one a line; blank lines and lines starting with `#` are skipped.
pub fn prompts(text: &str) -> Vec<&str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

/// The words of a prompt outside quoted speech.
fn unquoted(prompt: &str) -> String {
    prompt
        .split(['"', '“', '”'])
        .step_by(2)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Plans every prompt and measures what was understood.
pub fn coverage(prompts: &[&str], options: &PlanOptions) -> Result<Coverage, PlanError> {
    let mut out = Vec::with_capacity(prompts.len());
    for prompt in prompts {
        let p = plan(prompt, options)?;
        let words: Vec<String> = plain_words(&unquoted(prompt))
            .into_iter()
            .filter(|w| !lexicon::is_function_word(w))
            .collect();
        let missed: Vec<String> = p
            .unmapped
            .iter()
            .flat_map(|u| plain_words(u.split(" (").next().unwrap_or_default()))
            .collect();
        let unmapped_words = words.iter().filter(|w| missed.contains(w)).count();
        out.push(PromptCoverage {
            prompt: prompt.to_string(),
            content_words: words.len(),
            unmapped_words,
            unmapped: p.unmapped,
        });
    }
    let words: usize = out.iter().map(|p| p.content_words).sum();
    let missed: usize = out.iter().map(|p| p.unmapped_words).sum();
    let understood = out.iter().filter(|p| p.unmapped.is_empty()).count();
    Ok(Coverage {
        words_mapped: if words == 0 {
            1.0
        } else {
            1.0 - missed as f64 / words as f64
        },
        prompts_understood: if out.is_empty() {
            1.0
        } else {
            understood as f64 / out.len() as f64
        },
        prompts: out,
    })
}
