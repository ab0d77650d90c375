//! How much one scene may hold, so that every valid scene is simulated, spoken and
//! rendered in bounded time and memory. The planner fits what it writes to these; a
//! scene file or a model's answer over them is refused with the limit named.

/// Entities in the world (things, characters and set dressing together).
pub const ENTITIES: usize = 64;
/// Rigid parts of all entities together (a person has 25: 48 people fit).
pub const PARTS: usize = 1_200;
/// Camera shots.
pub const SHOTS: usize = 24;
/// Timed actions.
pub const ACTIONS: usize = 128;
/// Cast members.
pub const CAST: usize = ENTITIES;
/// Lines of dialogue.
pub const DIALOGUE_LINES: usize = 32;
/// Characters in one line of dialogue (about 17 seconds of speech).
pub const LINE_CHARS: usize = 300;
/// Characters of dialogue in the whole scene (about a minute of speech: more than any
/// clip can hold, with overlapping speakers).
pub const DIALOGUE_CHARS: usize = 1_200;
/// Sound directions.
pub const SOUNDS: usize = 16;
/// Subjects one camera follows.
pub const SUBJECTS: usize = 16;
/// Characters in an id.
pub const ID_CHARS: usize = 64;
/// Characters in a label or a description.
pub const TEXT_CHARS: usize = 200;
