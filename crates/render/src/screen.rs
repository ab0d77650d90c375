//! Rectangles of the screen: where a box in the world is seen, for re-shading only what
//! moving things and their shadows touch.

use glam::{Mat4, Vec3, Vec4};

/// The eight corners of the box `lo..hi`.
pub(crate) fn box_corners(lo: Vec3, hi: Vec3) -> [Vec3; 8] {
    std::array::from_fn(|k| {
        Vec3::new(
            if k & 1 == 0 { lo.x } else { hi.x },
            if k & 2 == 0 { lo.y } else { hi.y },
            if k & 4 == 0 { lo.z } else { hi.z },
        )
    })
}

/// At most this many rectangles of still set are re-shaded for moving shadows a frame.
const MAX_RECEIVER_RECTS: usize = 8;

/// A rectangle of the screen in pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ScreenRect {
    pub(crate) x0: u32,
    pub(crate) y0: u32,
    pub(crate) x1: u32,
    pub(crate) y1: u32,
}

/// Where a box in the world falls on screen.
pub(crate) enum Seen {
    /// Inside this rectangle.
    Within(ScreenRect),
    /// Anywhere: part of it is behind the camera.
    Everywhere,
}

impl ScreenRect {
    pub(crate) fn full(w: u32, h: u32) -> ScreenRect {
        ScreenRect {
            x0: 0,
            y0: 0,
            x1: w,
            y1: h,
        }
    }

    /// The screen rectangle around the world box `lo..hi`; None when it is off screen.
    /// The part of the box behind the camera is cut off at the camera's plane first.
    pub(crate) fn around(lo: Vec3, hi: Vec3, view_proj: Mat4, w: u32, h: u32) -> Option<Seen> {
        const NEAR: f32 = 1e-3;
        let (wf, hf) = (w as f32, h as f32);
        let corners: [Vec4; 8] = box_corners(lo, hi).map(|c| view_proj * c.extend(1.0));
        // Corners in front of the camera, and where the box's edges cross its plane.
        let mut seen: Vec<Vec4> = corners.iter().copied().filter(|c| c.w > NEAR).collect();
        if seen.is_empty() {
            return None;
        }
        for a in 0..8usize {
            for bit in [1, 2, 4] {
                let b = a | bit;
                let (p, q) = (corners[a], corners[b]);
                if b != a && (p.w > NEAR) != (q.w > NEAR) {
                    seen.push(p + (q - p) * ((NEAR - p.w) / (q.w - p.w)));
                }
            }
        }
        let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
        for clip in seen {
            let (x, y) = (
                (clip.x / clip.w * 0.5 + 0.5) * wf,
                (0.5 - clip.y / clip.w * 0.5) * hf,
            );
            (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
        }
        let rect = ScreenRect {
            x0: x0.floor().clamp(0.0, wf) as u32,
            y0: y0.floor().clamp(0.0, hf) as u32,
            x1: x1.ceil().clamp(0.0, wf) as u32,
            y1: y1.ceil().clamp(0.0, hf) as u32,
        };
        if rect.x0 == 0 && rect.y0 == 0 && rect.x1 == w && rect.y1 == h {
            return Some(Seen::Everywhere);
        }
        (rect.x1 > rect.x0 && rect.y1 > rect.y0).then_some(Seen::Within(rect))
    }

    fn area(&self) -> u64 {
        (self.x1 - self.x0) as u64 * (self.y1 - self.y0) as u64
    }

    pub(crate) fn union(&self, other: &ScreenRect) -> ScreenRect {
        ScreenRect {
            x0: self.x0.min(other.x0),
            y0: self.y0.min(other.y0),
            x1: self.x1.max(other.x1),
            y1: self.y1.max(other.y1),
        }
    }

    /// The rectangle grown by `by` pixels each way, within a `w`×`h` picture.
    pub(crate) fn grown(&self, by: u32, w: u32, h: u32) -> ScreenRect {
        ScreenRect {
            x0: self.x0.saturating_sub(by),
            y0: self.y0.saturating_sub(by),
            x1: (self.x1 + by).min(w),
            y1: (self.y1 + by).min(h),
        }
    }

    pub(crate) fn overlaps(&self, other: &ScreenRect) -> bool {
        self.x0 < other.x1 && other.x0 < self.x1 && self.y0 < other.y1 && other.y0 < self.y1
    }

    /// Merges rectangles while joining two costs little more than keeping them apart
    /// (each draw of the still set has a cost of its own, about a 64×64 patch), then
    /// while there are more than `MAX_RECEIVER_RECTS`.
    pub(crate) fn merge(mut rects: Vec<ScreenRect>) -> Vec<ScreenRect> {
        const DRAW_COST: u64 = 64 * 64;
        loop {
            let mut best: Option<(i64, usize, usize)> = None;
            for i in 0..rects.len() {
                for j in i + 1..rects.len() {
                    let (a, b) = (&rects[i], &rects[j]);
                    let growth = a.union(b).area() as i64 - (a.area() + b.area()) as i64;
                    if best.is_none_or(|(g, _, _)| growth < g) {
                        best = Some((growth, i, j));
                    }
                }
            }
            match best {
                Some((growth, i, j))
                    if growth <= DRAW_COST as i64 || rects.len() > MAX_RECEIVER_RECTS =>
                {
                    let b = rects.swap_remove(j);
                    rects[i] = rects[i].union(&b);
                }
                _ => return rects,
            }
        }
    }
}
