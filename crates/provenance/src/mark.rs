//! The visible mark: "Diorama" and the creator's handle in white with a dark outline,
//! moved to another place every few seconds so that cropping one corner does not remove
//! it, and kept off faces when another place is free.

use font8x8::legacy::BASIC_LEGACY;

/// Seconds the mark stays in one place.
pub const MARK_SECONDS: f32 = 3.0;

/// Where the mark may stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Slot {
    /// Top left corner.
    TopLeft,
    /// Bottom right corner.
    BottomRight,
    /// Top right corner.
    TopRight,
    /// Bottom left corner.
    BottomLeft,
    /// Middle of the left edge.
    MiddleLeft,
    /// Middle of the right edge.
    MiddleRight,
}

/// Every slot, in the order the mark tours them.
pub const SLOTS: [Slot; 6] = [
    Slot::TopLeft,
    Slot::BottomRight,
    Slot::TopRight,
    Slot::BottomLeft,
    Slot::MiddleRight,
    Slot::MiddleLeft,
];

/// A rectangle in pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rect {
    /// Left edge.
    pub x: u32,
    /// Top edge.
    pub y: u32,
    /// Width.
    pub w: u32,
    /// Height.
    pub h: u32,
}

impl Rect {
    /// Whether two rectangles share any pixel.
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x < other.x + other.w
            && other.x < self.x + self.w
            && self.y < other.y + other.h
            && other.y < self.y + self.h
    }
}

/// What a pixel of the mark's box shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Coverage {
    Letter,
    Outline,
    Clear,
}

/// The visible mark for one picture size, ready to paint into frames.
pub struct Stamp {
    mark: VisibleMark,
    width: u32,
    height: u32,
    /// Row by row over the mark's box.
    coverage: Vec<Coverage>,
}

impl Stamp {
    /// Paints the mark into an RGBA frame of the stamp's size at a slot.
    pub fn paint(&self, rgba: &mut [u8], slot: Slot) {
        let r = self.mark.rect(slot, self.width, self.height);
        for (py, row) in self.coverage.chunks_exact(r.w as usize).enumerate() {
            let y = r.y as usize + py;
            if y >= self.height as usize {
                break;
            }
            for (px, coverage) in row.iter().enumerate() {
                let (colour, alpha) = match coverage {
                    Coverage::Letter => (255.0, FILL_ALPHA),
                    Coverage::Outline => (0.0, OUTLINE_ALPHA),
                    Coverage::Clear => continue,
                };
                let x = r.x as usize + px;
                if x >= self.width as usize {
                    continue;
                }
                let at = (y * self.width as usize + x) * 4;
                for c in &mut rgba[at..at + 3] {
                    *c = (*c as f32 * (1.0 - alpha) + colour * alpha).round() as u8;
                }
            }
        }
    }
}

/// The mark's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisibleMark {
    lines: Vec<String>,
}

/// Opacity of the white letters and of their dark outline.
const FILL_ALPHA: f32 = 0.8;
const OUTLINE_ALPHA: f32 = 0.7;

impl VisibleMark {
    /// "Diorama" and, when given, "@handle" under it.
    pub fn new(handle: Option<&str>) -> VisibleMark {
        let mut lines = vec!["Diorama".to_string()];
        if let Some(h) = handle.filter(|h| !h.is_empty()) {
            let h: String = h
                .trim_start_matches('@')
                .chars()
                .map(|c| if c.is_ascii_graphic() { c } else { '?' })
                .take(24)
                .collect();
            lines.push(format!("@{h}"));
        }
        VisibleMark { lines }
    }

    /// Size of one font pixel for a picture: the letters are 8 of them high.
    fn scale(width: u32, height: u32) -> u32 {
        (width.min(height) as f32 / 240.0).round().max(2.0) as u32
    }

    /// The mark's box in a slot.
    pub fn rect(&self, slot: Slot, width: u32, height: u32) -> Rect {
        let s = Self::scale(width, height);
        let columns = self.lines.iter().map(|l| l.len()).max().unwrap_or(0) as u32;
        let w = (columns * 8 + 2) * s;
        let h = (self.lines.len() as u32 * 10) * s;
        let margin = (width.min(height) as f32 * 0.04) as u32;
        // A long handle on a small picture is cut at the edge rather than overflow it.
        let (w, h) = (
            w.min(width.saturating_sub(2 * margin)),
            h.min(height.saturating_sub(2 * margin)),
        );
        let (right, bottom) = (
            width.saturating_sub(w + margin),
            height.saturating_sub(h + margin),
        );
        let middle = height.saturating_sub(h) / 2;
        let (x, y) = match slot {
            Slot::TopLeft => (margin, margin),
            Slot::TopRight => (right, margin),
            Slot::BottomLeft => (margin, bottom),
            Slot::BottomRight => (right, bottom),
            Slot::MiddleLeft => (margin, middle),
            Slot::MiddleRight => (right, middle),
        };
        Rect { x, y, w, h }
    }

    /// Whether the font pixel at (column, row) of the mark's grid is part of a letter.
    fn ink(&self, column: i64, row: i64) -> bool {
        if column < 0 || row < 0 {
            return false;
        }
        let (line, glyph_row) = ((row / 10) as usize, (row % 10) as usize);
        let (index, bit) = ((column / 8) as usize, (column % 8) as u32);
        let Some(text) = self.lines.get(line) else {
            return false;
        };
        let Some(c) = text.as_bytes().get(index) else {
            return false;
        };
        glyph_row < 8 && BASIC_LEGACY[(*c as usize) & 0x7f][glyph_row] >> bit & 1 == 1
    }

    /// Paints the mark into an RGBA frame at a slot. For many frames, `stamp` once and
    /// paint the stamp.
    pub fn paint(&self, rgba: &mut [u8], width: u32, height: u32, slot: Slot) {
        self.stamp(width, height).paint(rgba, slot);
    }

    /// The mark worked out for one picture size: which pixels of its box are letter,
    /// outline or neither.
    pub fn stamp(&self, width: u32, height: u32) -> Stamp {
        let s = Self::scale(width, height) as i64;
        let r = self.rect(Slot::TopLeft, width, height);
        // A full font pixel of outline, so the letters read on any background.
        let outline = s;
        let mut coverage = Vec::with_capacity((r.w * r.h) as usize);
        for py in 0..r.h as i64 {
            for px in 0..r.w as i64 {
                // The grid starts one font pixel in, leaving room for the outline.
                let (gx, gy) = (px - s, py);
                let here = self.ink(gx.div_euclid(s), gy.div_euclid(s));
                let near = !here
                    && [
                        (-1, 0),
                        (1, 0),
                        (0, -1),
                        (0, 1),
                        (-1, -1),
                        (1, 1),
                        (-1, 1),
                        (1, -1),
                    ]
                    .iter()
                    .any(|(dx, dy)| {
                        self.ink(
                            (gx + dx * outline).div_euclid(s),
                            (gy + dy * outline).div_euclid(s),
                        )
                    });
                coverage.push(if here {
                    Coverage::Letter
                } else if near {
                    Coverage::Outline
                } else {
                    Coverage::Clear
                });
            }
        }
        Stamp {
            mark: self.clone(),
            width,
            height,
            coverage,
        }
    }

    /// How strongly an RGB frame shows the mark's "Diorama" line at a slot: the mean
    /// brightness of the letters' pixels minus that of their outline, in 0–255 levels
    /// (well over 100 where the mark is, near 0 elsewhere).
    pub fn contrast(&self, rgb: &[u8], width: u32, height: u32, slot: Slot) -> f32 {
        let s = Self::scale(width, height) as i64;
        let r = self.rect(slot, width, height);
        let (mut ink, mut ink_n, mut edge, mut edge_n) = (0.0f64, 0u32, 0.0f64, 0u32);
        for py in 0..(8 * s).min(r.h as i64) {
            for px in 0..r.w as i64 {
                let (gx, gy) = (px - s, py);
                // Sample the middle of each font pixel, away from blurred edges.
                if gx.rem_euclid(s) != s / 2 || gy.rem_euclid(s) != s / 2 {
                    continue;
                }
                let (cx, cy) = (gx.div_euclid(s), gy.div_euclid(s));
                let here = self.ink(cx, cy);
                let near = !here
                    && [(-1, 0), (1, 0), (0, -1), (0, 1)]
                        .iter()
                        .any(|(dx, dy)| self.ink(cx + dx, cy + dy));
                let (x, y) = (r.x as i64 + px, r.y as i64 + py);
                if x >= width as i64 || y >= height as i64 {
                    continue;
                }
                let at = ((y * width as i64 + x) * 3) as usize;
                let luma = rgb[at..at + 3].iter().map(|&v| v as f64).sum::<f64>() / 3.0;
                if here {
                    ink += luma;
                    ink_n += 1;
                } else if near {
                    edge += luma;
                    edge_n += 1;
                }
            }
        }
        if ink_n == 0 || edge_n == 0 {
            return 0.0;
        }
        (ink / ink_n as f64 - edge / edge_n as f64) as f32
    }
}

/// Finds the mark in an RGB frame: the slot where the "Diorama" line shows, whatever the
/// handle under it (its length moves the right-hand slots).
pub fn detect(rgb: &[u8], width: u32, height: u32) -> Option<Slot> {
    const FOUND: f32 = 60.0;
    let marks = std::iter::once(VisibleMark::new(None))
        .chain((1..=24).map(|n| VisibleMark::new(Some(&"x".repeat(n)))));
    let mut best: Option<(f32, Slot)> = None;
    for mark in marks {
        for slot in SLOTS {
            let c = mark.contrast(rgb, width, height, slot);
            if c > FOUND && best.is_none_or(|(b, _)| c > b) {
                best = Some((c, slot));
            }
        }
    }
    best.map(|(_, slot)| slot)
}

/// Where the mark stands in each `MARK_SECONDS` stretch of a clip of `frames` frames.
/// `blocked(first, last, rect)` says whether a face is in `rect` during those frames; the
/// mark takes the next free slot of its tour, or the next slot when none is free.
pub fn schedule(
    mark: &VisibleMark,
    frames: usize,
    fps: u32,
    width: u32,
    height: u32,
    blocked: impl Fn(usize, usize, Rect) -> bool,
) -> Vec<Slot> {
    let stretch = ((MARK_SECONDS * fps as f32).round() as usize).max(1);
    let mut slots = Vec::with_capacity(frames);
    let mut tour = 0usize;
    for first in (0..frames).step_by(stretch) {
        let last = (first + stretch).min(frames);
        let free = (0..SLOTS.len())
            .map(|k| (tour + k) % SLOTS.len())
            .find(|&k| !blocked(first, last, mark.rect(SLOTS[k], width, height)))
            .unwrap_or(tour % SLOTS.len());
        slots.extend(std::iter::repeat_n(SLOTS[free], last - first));
        tour = free + 1;
    }
    slots
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(width: u32, height: u32, shade: u8) -> Vec<u8> {
        vec![shade; (width * height * 4) as usize]
    }

    fn rgb(rgba: &[u8]) -> Vec<u8> {
        rgba.chunks_exact(4)
            .flat_map(|p| [p[0], p[1], p[2]])
            .collect()
    }

    #[test]
    fn the_mark_is_found_where_it_was_painted_and_nowhere_else() {
        for (width, height) in [(720, 1280), (1920, 1080), (320, 180)] {
            for handle in [None, Some("alice"), Some("a_much_longer_handle")] {
                let mark = VisibleMark::new(handle);
                for slot in SLOTS {
                    for shade in [20u8, 128, 235] {
                        let mut f = frame(width, height, shade);
                        mark.paint(&mut f, width, height, slot);
                        let r = mark.rect(slot, width, height);
                        assert!(r.x + r.w <= width && r.y + r.h <= height, "{slot:?} {r:?}");
                        // (On a small picture a long mark spans it, and two slots coincide.)
                        let found = detect(&rgb(&f), width, height).unwrap_or_else(|| {
                            panic!("{width}x{height} {handle:?} {slot:?} on {shade}")
                        });
                        let at = mark.rect(found, width, height);
                        assert_eq!(
                            (at.x, at.y),
                            (r.x, r.y),
                            "{width}x{height} {handle:?} {slot:?}"
                        );
                    }
                }
                assert_eq!(
                    detect(&rgb(&frame(width, height, 128)), width, height),
                    None
                );
            }
        }
    }

    #[test]
    fn the_mark_moves_every_three_seconds_and_keeps_off_faces() {
        let mark = VisibleMark::new(Some("alice"));
        let (w, h) = (1280, 720);
        let free = schedule(&mark, 24 * 9, 24, w, h, |_, _, _| false);
        assert_eq!(free.len(), 24 * 9);
        assert_eq!(&free[..3], &[SLOTS[0]; 3]);
        assert_eq!(
            (free[71], free[72], free[144]),
            (SLOTS[0], SLOTS[1], SLOTS[2])
        );
        // A face in the top right corner for the whole clip: the mark never stands there.
        let face = Rect {
            x: 1100,
            y: 20,
            w: 150,
            h: 150,
        };
        let avoided = schedule(&mark, 24 * 20, 24, w, h, |_, _, r| r.overlaps(&face));
        assert!(avoided.iter().all(|s| !mark.rect(*s, w, h).overlaps(&face)));
        assert!(avoided.iter().any(|s| *s != avoided[0]), "it still moves");
        // Faces everywhere: it keeps touring rather than stopping.
        let everywhere = schedule(&mark, 24 * 6, 24, w, h, |_, _, _| true);
        assert_ne!(everywhere[0], everywhere[24 * 3]);
    }
}
