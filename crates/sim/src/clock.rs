//! Slow motion: how video time maps to world time when shots play slower than real time.
//!
//! Each shot has a playback speed; during a shot at speed 0.25 the world advances a quarter
//! of a second per second of video. Actions are timed in video time (what the viewer
//! sees), the physics runs in world time, and every event is reported in video time.

use scene::Scene;
use std::borrow::Cow;
use timeline::{Contact, Footstep, Slide};

/// The mapping between video time and world time.
#[derive(Debug, Clone, PartialEq)]
pub struct Clock {
    /// (video start, world start, speed) of each shot.
    spans: Vec<(f32, f32, f32)>,
}

impl Clock {
    /// The clock of a scene's shots.
    pub fn of(scene: &Scene) -> Clock {
        let mut spans = Vec::with_capacity(scene.shots.len());
        let mut world = 0.0;
        for shot in &scene.shots {
            if let Some(&(start, at, speed)) = spans.last() {
                world = at + (shot.start - start) * speed;
            }
            spans.push((shot.start, world, shot.speed));
        }
        Clock { spans }
    }

    fn span_by<F: Fn(&(f32, f32, f32)) -> f32>(&self, t: f32, key: F) -> (f32, f32, f32) {
        self.spans
            .iter()
            .rev()
            .find(|s| key(s) <= t)
            .or(self.spans.first())
            .copied()
            .unwrap_or((0.0, 0.0, 1.0))
    }

    /// World time at a video time.
    pub fn world(&self, video: f32) -> f32 {
        let (start, at, speed) = self.span_by(video, |s| s.0);
        at + (video - start) * speed
    }

    /// Video time at a world time.
    pub fn video(&self, world: f64) -> f64 {
        let (start, at, speed) = self.span_by(world as f32, |s| s.1);
        start as f64 + (world - at as f64) / speed as f64
    }

    /// Whether every shot plays in real time.
    pub fn is_real_time(&self) -> bool {
        self.spans.iter().all(|s| s.2 == 1.0)
    }

    /// The scene with its actions timed on the world's clock.
    pub fn in_world_time<'s>(&self, scene: &'s Scene) -> Cow<'s, Scene> {
        if self.is_real_time() {
            return Cow::Borrowed(scene);
        }
        let mut s = scene.clone();
        for a in &mut s.actions {
            a.at = self.world(a.at);
        }
        Cow::Owned(s)
    }

    /// Events heard in world time, retimed to when the video shows them.
    pub fn to_video_time(
        &self,
        mut contacts: Vec<Contact>,
        mut slides: Vec<Slide>,
        mut footsteps: Vec<Footstep>,
    ) -> (Vec<Contact>, Vec<Slide>, Vec<Footstep>) {
        if !self.is_real_time() {
            let times = contacts
                .iter_mut()
                .map(|c| &mut c.time)
                .chain(footsteps.iter_mut().map(|f| &mut f.time))
                .chain(
                    slides
                        .iter_mut()
                        .flat_map(|s| s.samples.iter_mut().map(|x| &mut x.time)),
                );
            for time in times {
                *time = self.video(*time);
            }
        }
        (contacts, slides, footsteps)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use scene::{Camera, Shot};

    #[test]
    fn a_slow_shot_stretches_world_time_and_maps_back() {
        let mut s = Scene::new(6.0);
        s.shots.push(Shot {
            start: 2.0,
            speed: 0.25,
            camera: Camera::default(),
        });
        s.shots.push(Shot {
            start: 4.0,
            speed: 1.0,
            camera: Camera::default(),
        });
        let c = Clock::of(&s);
        assert_eq!(c.world(1.0), 1.0);
        assert_eq!(c.world(3.0), 2.25);
        assert_eq!(c.world(5.0), 3.5);
        for t in [0.5f32, 2.5, 3.9, 4.5] {
            assert!((c.video(c.world(t) as f64) - t as f64).abs() < 1e-5, "{t}");
        }
        assert!(!c.is_real_time());
    }
}
