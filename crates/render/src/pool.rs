//! Several renderers filming alternate frames of one timeline.
//!
//! On a CPU driver one renderer leaves the cores idle much of each frame: lavapipe bins a
//! pass on one thread, rasterizes it on all of them, then copies the frame out on one
//! again, and each pass waits for the last. Two renderers, each on its own Vulkan
//! instance (so its own rasterizer threads), fill each other's gaps.

use crate::{RenderError, RenderOptions, Renderer};
use std::collections::VecDeque;
use timeline::Timeline;

/// Renderers that take frames in turn; frames come back in the order they were submitted.
pub struct RendererPool {
    lanes: Vec<Renderer>,
    /// The lane of each frame in flight, oldest first.
    in_flight: VecDeque<usize>,
}

impl RendererPool {
    /// Opens renderers for `timeline`: two on a CPU driver, one on a GPU. A second lane
    /// is opened alongside the first, and dropped if the first turns out to be a GPU.
    pub fn new(timeline: &Timeline, options: &RenderOptions) -> Result<RendererPool, RenderError> {
        let (first, second) = std::thread::scope(|scope| {
            let second = scope.spawn(|| Renderer::new(timeline, options));
            (Renderer::new(timeline, options), second.join())
        });
        let first = first?;
        let on_cpu = first.on_cpu();
        let mut lanes = vec![first];
        if on_cpu {
            lanes.push(
                second.map_err(|_| RenderError::Gpu("opening a renderer panicked".into()))??,
            );
        }
        Ok(RendererPool {
            lanes,
            in_flight: VecDeque::new(),
        })
    }

    /// The device rendering, as `Renderer::adapter` names it.
    pub fn adapter(&self) -> &str {
        self.lanes[0].adapter()
    }

    /// Whom the film owes credit, as `Renderer::credits` says.
    pub fn credits(&self) -> Vec<assets::Credit> {
        self.lanes[0].credits()
    }

    /// Whether another frame can be submitted before one is received.
    pub fn has_room(&self) -> bool {
        self.in_flight.len() < 2 * self.lanes.len()
    }

    /// Starts rendering frame `index` on the next lane.
    pub fn submit(&mut self, timeline: &Timeline, index: usize) -> Result<(), RenderError> {
        if !self.has_room() {
            return Err(RenderError::Gpu(
                "every lane has two frames in flight; receive one first".into(),
            ));
        }
        let lane = index % self.lanes.len();
        self.lanes[lane].submit(timeline, index)?;
        self.in_flight.push_back(lane);
        Ok(())
    }

    /// Waits for the oldest frame in flight and copies it into `out` as tightly packed
    /// RGBA (sRGB). Returns false when no frame is in flight.
    pub fn receive(&mut self, out: &mut Vec<u8>) -> Result<bool, RenderError> {
        match self.in_flight.pop_front() {
            Some(lane) => self.lanes[lane].receive(out),
            None => Ok(false),
        }
    }
}
