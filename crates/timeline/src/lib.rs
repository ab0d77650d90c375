//! The Timeline: what the simulation decided happens, frame by frame.
//!
//! A `Timeline` is plain data that the renderer and the sound scorer read: the rigid
//! pieces of the world (tracks) with their shapes, where each piece is on every video
//! frame, where the camera is, and every contact with its exact time and impulse.

use scene::{Color, Environment, Expression, Material, Part, PersonLook};
use serde::{Deserialize, Serialize};

/// The Timeline format version this build reads and writes.
pub const TIMELINE_VERSION: u32 = 1;

/// Name the ground goes by in contacts.
pub const GROUND: &str = "ground";

/// A simulated scene, ready to film and score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Timeline {
    /// Format version.
    pub version: u32,
    /// Video frames per second.
    pub fps: u32,
    /// Length in seconds (frames × 1/fps).
    pub duration: f64,
    /// Where the scene takes place.
    pub environment: Environment,
    /// The rigid pieces of the world, each with its shapes.
    pub tracks: Vec<Track>,
    /// One entry per video frame, in order.
    pub frames: Vec<Frame>,
    /// Every impact, in time order.
    pub contacts: Vec<Contact>,
    /// Stretches of continuous rolling or sliding contact, in time order of their start.
    #[serde(default)]
    pub slides: Vec<Slide>,
    /// Every footfall of a character, in time order.
    #[serde(default)]
    pub footsteps: Vec<Footstep>,
    /// Moments an audience reacts to, in time order.
    #[serde(default)]
    pub moments: Vec<Moment>,
    /// Every spoken line, in time order, with its phoneme timings.
    #[serde(default)]
    pub speech: Vec<Utterance>,
    /// The people, drawn as figures skinned on their limb tracks.
    #[serde(default)]
    pub figures: Vec<Figure>,
}

/// A person drawn as a skinned figure: their look, and the tracks of their limbs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    /// The entity.
    pub entity: String,
    /// Their look, every trait set.
    pub look: PersonLook,
    /// The track of their first limb; the others follow in `scene::Limb::ALL` order.
    pub first_track: usize,
    /// The entity's size (1 natural).
    pub scale: f32,
    /// Feelings their face shows for a while (laughing, crying), over the look's own.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub feelings: Vec<Feeling>,
}

/// A feeling shown on a face from `from` to `to` (seconds), easing in and out.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Feeling {
    /// When it starts to show.
    pub from: f32,
    /// When it has gone.
    pub to: f32,
    /// What the face shows.
    pub expression: Expression,
}

impl Figure {
    /// The feeling the face shows at `time` and how strongly (0 to 1), if any: a gesture's
    /// (laughing, crying) or else that of a line they are saying in `speech`.
    pub fn feeling_at(&self, speech: &[Utterance], time: f32) -> Option<(Expression, f32)> {
        let lines = speech
            .iter()
            .filter(|u| u.speaker == self.entity)
            .filter_map(|u| {
                // The feeling shows from just before the line until just after it.
                let from = u.start as f32 - 0.2;
                Some((from, from + u.duration as f32 + 0.5, u.emotion?))
            });
        let gestures = self.feelings.iter().map(|f| (f.from, f.to, f.expression));
        lines
            .chain(gestures)
            .filter(|(from, to, _)| *from < time && time < *to)
            .map(|(from, to, expression)| {
                // A third of a second to show, and to fade.
                let ease = ((time - from) / 0.3).min((to - time) / 0.3).min(1.0);
                (expression, ease * ease * (3.0 - 2.0 * ease))
            })
            .next_back()
    }
}

/// Two things rolling or sliding on each other for a while.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Slide {
    /// The moving entity.
    pub a: String,
    /// What it moves on (an entity or `ground`).
    pub b: String,
    /// What `a` is made of.
    pub material_a: Material,
    /// What `b` is made of.
    pub material_b: Material,
    /// Rolling (turning with the surface) rather than sliding (rubbing on it).
    pub rolling: bool,
    /// The state of the contact at regular times while it lasts.
    pub samples: Vec<SlideSample>,
}

/// The state of a rolling or sliding contact at one moment.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SlideSample {
    /// Time in seconds.
    pub time: f64,
    /// Speed of the contact point over the surface (rolling: of the body's centre), m/s.
    pub speed: f32,
    /// Force pressing the two together, in newtons.
    pub load: f32,
    /// Where they touch.
    pub point: [f32; 3],
}

/// A foot (or hoof, or paw) meeting the ground.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Footstep {
    /// Time of the footfall in seconds.
    pub time: f64,
    /// Whose foot.
    pub entity: String,
    /// Where it lands.
    pub point: [f32; 3],
    /// What the ground is made of.
    pub ground: Material,
    /// How hard it lands (downward speed of the foot in m/s).
    pub speed: f32,
}

/// Something an audience reacts to.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Moment {
    /// Time in seconds.
    pub time: f64,
    /// What happened.
    pub kind: MomentKind,
}

/// Kinds of moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MomentKind {
    /// A score: a made basket, a goal, a strike.
    Score,
    /// A near thing that failed: a missed shot.
    Miss,
}

/// One rigid piece: a whole object, or one limb of a person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Track {
    /// The entity it belongs to.
    pub entity: String,
    /// Its shapes, in the piece's own frame.
    pub parts: Vec<Part>,
    /// For a thing of a kind that may have a real model: where the model goes. The
    /// renderer draws the model there instead of the parts when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<ModelSlot>,
}

/// Where a real model of a thing's kind is drawn, in place of the parts that stand in
/// for it in the simulation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelSlot {
    /// The thing's kind, by its scene-file name (`dog`, `fire_hydrant`).
    pub kind: String,
    /// The catalogue model that draws it (`Scopia#teapot`), when not its kind's own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asset: Option<String>,
    /// The box the whole model fills, in the frame of the thing's body (its first
    /// track): lowest corner, then highest.
    pub fit: [[f32; 3]; 2],
    /// The colour the thing was asked for, given to the model's largest surface.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<Color>,
    /// For a leg swinging on the body: its hinge in the body's frame, which is where the
    /// leg's own frame sits at rest. The leg carries the model's triangles below its hinge
    /// that are nearer it than any other leg's; the body carries the rest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hinge: Option<[f32; 3]>,
}

/// The state of the world at one video frame.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Frame {
    /// Time in seconds.
    pub time: f64,
    /// Pose of each track, in the order of `Timeline::tracks`.
    pub poses: Vec<Pose>,
    /// Where the camera is.
    pub camera: CameraPose,
}

/// Position and orientation of a rigid piece.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Pose {
    /// Position in metres.
    pub position: [f32; 3],
    /// Orientation as a unit quaternion (x, y, z, w).
    pub rotation: [f32; 4],
}

/// A pinhole camera.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CameraPose {
    /// Position of the lens.
    pub eye: [f32; 3],
    /// The point looked at.
    pub target: [f32; 3],
    /// Vertical field of view in degrees.
    pub fov: f32,
    /// Index of the scene shot this frame belongs to.
    pub shot: u32,
}

/// Two things striking each other.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    /// Time of first touch in seconds.
    pub time: f64,
    /// One entity (or `ground`).
    pub a: String,
    /// The other.
    pub b: String,
    /// What `a` is made of at the touching part.
    pub material_a: Material,
    /// What `b` is made of at the touching part.
    pub material_b: Material,
    /// Impulse exchanged in N·s.
    pub impulse: f32,
    /// Closing speed along the contact normal in m/s.
    pub speed: f32,
    /// Where they touched.
    pub point: [f32; 3],
}

/// A line spoken aloud, with the phoneme timings that drive the speaker's mouth.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Utterance {
    /// The speaking entity.
    pub speaker: String,
    /// What is said.
    pub text: String,
    /// The feeling it is said with, shown on the speaker's face while they say it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emotion: Option<Expression>,
    /// Time the voice starts, in seconds.
    pub start: f64,
    /// Length of the voiced audio in seconds.
    pub duration: f64,
    /// Phonemes in order, each from its onset until the next one's.
    pub phonemes: Vec<Phoneme>,
}

/// One speech sound.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Phoneme {
    /// Onset in seconds from the start of the video.
    pub time: f64,
    /// The synthesizer's name for it (espeak-ng mnemonics, `_` for a pause).
    pub name: String,
    /// The mouth shape it is spoken with.
    pub viseme: Viseme,
}

/// Mouth shapes (after Preston Blair's set), from closed to wide open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Viseme {
    /// Mouth at rest: silence.
    Rest,
    /// Lips pressed together: m, b, p.
    Mbp,
    /// Lower lip under the teeth: f, v.
    Fv,
    /// Tongue between the teeth: th.
    Th,
    /// Tongue up behind the teeth: l.
    L,
    /// Teeth nearly together: most consonants (s, t, k, n, ...).
    Etc,
    /// Rounded and small: w, oo.
    U,
    /// Spread: e, i.
    E,
    /// Round and open: o.
    O,
    /// Wide open: a.
    A,
}

impl Viseme {
    /// How open the mouth is, from 0 (closed) to 1 (wide open).
    pub fn openness(self) -> f32 {
        match self {
            Viseme::Rest | Viseme::Mbp => 0.0,
            Viseme::Fv => 0.15,
            Viseme::Th => 0.25,
            Viseme::Etc => 0.3,
            Viseme::L => 0.35,
            Viseme::U => 0.4,
            Viseme::E => 0.6,
            Viseme::O => 0.75,
            Viseme::A => 1.0,
        }
    }
}

impl Utterance {
    /// The mouth shape at `time` seconds: the viseme of the phoneme sounding then, or
    /// `Rest` outside the line.
    pub fn viseme_at(&self, time: f64) -> Viseme {
        if time < self.start || time >= self.start + self.duration {
            return Viseme::Rest;
        }
        let i = self.phonemes.partition_point(|p| p.time <= time);
        i.checked_sub(1)
            .map_or(Viseme::Rest, |i| self.phonemes[i].viseme)
    }
}

impl Timeline {
    /// The frame at or just before `time` seconds.
    pub fn frame_at(&self, time: f64) -> &Frame {
        let i = (time * self.fps as f64 + 1e-9).floor().max(0.0) as usize;
        &self.frames[i.min(self.frames.len() - 1)]
    }
}

impl CameraPose {
    /// Where `point` lands on screen as (x, y) from -1 to 1 (x right, y up), and its
    /// distance in front of the camera; None when it is behind the camera.
    pub fn project(&self, point: [f32; 3], aspect: f32) -> Option<([f32; 2], f32)> {
        let forward = normalize(sub(self.target, self.eye));
        let right = normalize(cross(forward, [0.0, 1.0, 0.0]));
        let up = cross(right, forward);
        let d = sub(point, self.eye);
        let depth = dot(d, forward);
        if depth <= 1e-4 {
            return None;
        }
        let half_h = (self.fov.to_radians() / 2.0).tan();
        let x = dot(d, right) / (depth * half_h * aspect);
        let y = dot(d, up) / (depth * half_h);
        Some(([x, y], depth))
    }
}

/// Rotates `v` by the unit quaternion `q` (x, y, z, w).
pub fn rotate(q: [f32; 4], v: [f32; 3]) -> [f32; 3] {
    let u = [q[0], q[1], q[2]];
    let t = cross(u, v).map(|c| 2.0 * c);
    let ut = cross(u, t);
    [
        v[0] + q[3] * t[0] + ut[0],
        v[1] + q[3] * t[1] + ut[1],
        v[2] + q[3] * t[2] + ut[2],
    ]
}

impl Pose {
    /// At the origin, unturned.
    pub const IDENTITY: Pose = Pose {
        position: [0.0; 3],
        rotation: [0.0, 0.0, 0.0, 1.0],
    };

    /// Where a point given in the piece's own frame is in the world.
    pub fn apply(&self, local: [f32; 3]) -> [f32; 3] {
        let r = rotate(self.rotation, local);
        [
            r[0] + self.position[0],
            r[1] + self.position[1],
            r[2] + self.position[2],
        ]
    }
}

fn sub(a: [f32; 3], b: [f32; 3]) -> [f32; 3] {
    [a[0] - b[0], a[1] - b[1], a[2] - b[2]]
}

fn dot(a: [f32; 3], b: [f32; 3]) -> f32 {
    a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
}

fn cross(a: [f32; 3], b: [f32; 3]) -> [f32; 3] {
    [
        a[1] * b[2] - a[2] * b[1],
        a[2] * b[0] - a[0] * b[2],
        a[0] * b[1] - a[1] * b[0],
    ]
}

fn normalize(a: [f32; 3]) -> [f32; 3] {
    let len = dot(a, a).sqrt().max(1e-12);
    a.map(|v| v / len)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn projection_puts_the_target_in_the_centre_and_right_on_the_right() {
        let cam = CameraPose {
            eye: [0.0, 1.0, 10.0],
            target: [0.0, 1.0, 0.0],
            fov: 40.0,
            shot: 0,
        };
        let ([x, y], depth) = cam.project([0.0, 1.0, 0.0], 16.0 / 9.0).unwrap();
        assert!(x.abs() < 1e-6 && y.abs() < 1e-6 && (depth - 10.0).abs() < 1e-5);
        let ([x, _], _) = cam.project([1.0, 1.0, 0.0], 16.0 / 9.0).unwrap();
        assert!(x > 0.0);
        let ([_, y], _) = cam
            .project([0.0, 10.0 * 20f32.to_radians().tan() + 1.0, 0.0], 1.0)
            .unwrap();
        assert!(
            (y - 1.0).abs() < 1e-4,
            "top edge of the frame is y = 1, got {y}"
        );
        assert!(cam.project([0.0, 1.0, 20.0], 1.0).is_none());
    }

    #[test]
    fn rotate_turns_x_into_y_about_z() {
        let half = std::f32::consts::FRAC_PI_4;
        let q = [0.0, 0.0, half.sin(), half.cos()];
        let v = rotate(q, [1.0, 0.0, 0.0]);
        assert!((v[0]).abs() < 1e-6 && (v[1] - 1.0).abs() < 1e-6);
    }
}
