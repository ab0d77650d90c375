//! The invisible picture mark: the payload's codeword spread over a grid of cells that
//! scales with the frame, each cell's luma nudged by a smooth bump until its projection
//! on that bump has the chip's sign. The embedder knows the picture, so it pushes only
//! as far as each cell needs (informed embedding): flat cells get a faint bump, cells
//! whose content already points the right way get nothing.
//!
//! The detector averages each cell's clipped projection over the frames it is given and
//! searches the share of the original frame still in view (a centred crop), so it reads
//! the mark after re-encoding, scaling, cropping, frame-rate changes and trimming.

use crate::payload::{CODE_BITS, Sequence, Spread, decode};

/// Cells along the long and the short side of the picture.
const LONG_CELLS: usize = 48;
const SHORT_CELLS: usize = 27;
/// The projection a cell is pushed to, in 8-bit luma levels: `MARGIN_PER_DEVIATION`
/// times the cell's standard deviation (busy pictures hide a stronger mark), within
/// `MARGIN_MIN..=MARGIN_MAX`.
const MARGIN_MIN: f32 = 1.0;
const MARGIN_MAX: f32 = 4.0;
const MARGIN_PER_DEVIATION: f32 = 0.25;
/// The largest push of one cell's bump, in luma levels: a cell whose content points
/// the wrong way by more is left alone rather than marked visibly.
const MAX_PUSH: f32 = 8.0;
/// The detector's unit for clipping projections.
const MARGIN: f32 = MARGIN_MIN;
/// Seeds the cells' layout.
const SEED: u64 = 0x4469_6f72_616d_6150;
/// Shares of the original frame's width and height the detector tries: 1.00 down to
/// 0.70 in steps of 0.01.
const VISIBLE_STEPS: usize = 30;
const VISIBLE_STEP: f32 = 0.01;
/// Frames the geometry search looks at.
const SEARCH_FRAMES: usize = 24;

/// Cells across and down a frame of this shape.
fn grid(width: u32, height: u32) -> (usize, usize) {
    if width >= height {
        (LONG_CELLS, SHORT_CELLS)
    } else {
        (SHORT_CELLS, LONG_CELLS)
    }
}

fn layout(columns: usize, rows: usize) -> Spread {
    Spread::new(columns * rows, SEED ^ (columns as u64) << 8 ^ rows as u64)
}

/// A half sine over `n` pixels: zero at the cell's edges, one in its middle, and broad
/// enough that the marked cells read as soft shading rather than a grid of dots.
fn bump(n: usize) -> Vec<f32> {
    (0..n)
        .map(|t| (std::f32::consts::PI * (t as f32 + 0.5) / n as f32).sin())
        .collect()
}

/// One axis of the grid as seen in a frame `len` pixels long that shows the middle
/// `visible` share of the original: each cell's first pixel and its bump, or `None` when
/// the cell is cut off.
struct Axis {
    cells: Vec<Option<(usize, Vec<f32>)>>,
}

impl Axis {
    fn new(len: usize, count: usize, visible: f32) -> Axis {
        let offset = (1.0 - visible) / 2.0;
        let at = |i: usize| ((i as f32 / count as f32 - offset) / visible * len as f32).round();
        let cells = (0..count)
            .map(|i| {
                let (a, b) = (at(i), at(i + 1));
                (a >= 0.0 && b <= len as f32 && b - a >= 3.0)
                    .then(|| (a as usize, bump((b - a) as usize)))
            })
            .collect();
        Axis { cells }
    }
}

/// A grid placed on a frame.
struct Grid {
    width: usize,
    height: usize,
    columns: Axis,
    rows: Axis,
}

impl Grid {
    fn new(width: u32, height: u32, visible: f32) -> Grid {
        let (columns, rows) = grid(width, height);
        Grid {
            width: width as usize,
            height: height as usize,
            columns: Axis::new(width as usize, columns, visible),
            rows: Axis::new(height as usize, rows, visible),
        }
    }

    /// Each cell's projection on its bump with the cell's mean removed, in luma levels
    /// (a bump of height α adds α), and the standard deviation of its pixels, row by
    /// row; `None` for cells out of view.
    fn project(&self, luma: &[f32]) -> Vec<Option<(f32, f32)>> {
        let mut out = Vec::with_capacity(self.columns.cells.len() * self.rows.cells.len());
        let mut weighted = vec![0.0f32; self.columns.cells.len()];
        let mut plain = vec![0.0f32; self.columns.cells.len()];
        let mut squares = vec![0.0f32; self.columns.cells.len()];
        for row in &self.rows.cells {
            let Some((top, wy)) = row else {
                out.extend(self.columns.cells.iter().map(|_| None));
                continue;
            };
            weighted.fill(0.0);
            plain.fill(0.0);
            squares.fill(0.0);
            for (dy, &w_y) in wy.iter().enumerate() {
                let line = &luma[(top + dy) * self.width..][..self.width];
                for (i, column) in self.columns.cells.iter().enumerate() {
                    if let Some((left, wx)) = column {
                        let pixels = &line[*left..*left + wx.len()];
                        let (mut sum, mut sum_w, mut sum_p) = (0.0, 0.0, 0.0);
                        for (&p, &w) in pixels.iter().zip(wx) {
                            sum += p;
                            sum_w += p * w;
                            sum_p += p * p;
                        }
                        weighted[i] += w_y * sum_w;
                        plain[i] += sum;
                        squares[i] += sum_p;
                    }
                }
            }
            let (sy, syy) = sums(wy);
            for (i, column) in self.columns.cells.iter().enumerate() {
                out.push(column.as_ref().map(|(_, wx)| {
                    let (sx, sxx) = sums(wx);
                    let (sw, sww) = (sy * sx, syy * sxx);
                    let n = (wy.len() * wx.len()) as f32;
                    let mean = sw / n;
                    let projection = (weighted[i] - mean * plain[i]) / (sww - mean * sw);
                    let level = plain[i] / n;
                    let deviation = (squares[i] / n - level * level).max(0.0).sqrt();
                    (projection, deviation)
                }));
            }
        }
        out
    }
}

/// Σw and Σw².
fn sums(w: &[f32]) -> (f32, f32) {
    w.iter().fold((0.0, 0.0), |(s, ss), &x| (s + x, ss + x * x))
}

/// Marks frames of one size with one payload.
pub struct PictureMarker {
    /// The cells at full size, where the bumps are added.
    grid: Grid,
    /// The cells on the luma shrunk by `shrink`, where the projections are measured
    /// (closer to what the detector sees, and a quarter of the work at 2).
    probe: Grid,
    shrink: usize,
    chips: Vec<f32>,
    luma: Vec<f32>,
    /// One row of a cell's changes: the same signed byte for R, G and B, none for alpha
    /// (made as words, which vectorises).
    deltas: Vec<[u8; 4]>,
    /// `DITHER` rows of offsets in [−0.5, 0.5) as wide as the frame (a `DITHER`-pixel tile
    /// repeated across), fixed so a still picture stays still.
    dither: Vec<f32>,
}

/// Side of the dither tile.
const DITHER: usize = 64;

impl PictureMarker {
    /// A marker for `width`×`height` frames carrying `payload`.
    pub fn new(payload: u64, width: u32, height: u32) -> PictureMarker {
        let (columns, rows) = grid(width, height);
        // Shrink only while a cell keeps at least six pixels a side.
        let shrink = if width.min(height) as usize / 2 >= SHORT_CELLS * 6 {
            2
        } else {
            1
        };
        let small = |v: u32| v / shrink as u32;
        PictureMarker {
            grid: Grid::new(width, height, 1.0),
            probe: Grid::new(small(width), small(height), 1.0),
            shrink,
            chips: layout(columns, rows).chips(payload),
            luma: Vec::new(),
            deltas: vec![[0; 4]; width.max(height) as usize],
            dither: {
                let mut sequence = Sequence::new(SEED);
                let tile: Vec<f32> = (0..DITHER * DITHER)
                    .map(|_| (sequence.next() >> 40) as f32 / (1u64 << 24) as f32 - 0.5)
                    .collect();
                tile.chunks_exact(DITHER)
                    .flat_map(|row| row.iter().cycle().take(width as usize))
                    .copied()
                    .collect()
            },
        }
    }

    /// The luma of an RGBA frame, averaged over `shrink`×`shrink` blocks.
    fn measure_luma(&mut self, rgba: &[u8]) {
        let (k, width) = (self.shrink, self.grid.width);
        let (w, h) = (self.probe.width, self.probe.height);
        // BT.601 weights in 1/256ths, summed over the block in integers.
        let scale = 1.0 / (256 * k * k) as f32;
        self.luma.clear();
        self.luma.resize(w * h, 0.0);
        // Row by row into integer sums the compiler vectorises, then scaled.
        let mut sums = vec![0u32; w];
        let mut full = vec![0u32; w * k];
        for (y, out) in self.luma.chunks_exact_mut(w).enumerate() {
            sums.fill(0);
            for dy in 0..k {
                // Each pixel's luma as one 32-bit word (which vectorises), then the blocks'.
                let row = rgba[(y * k + dy) * width * 4..][..w * k * 4]
                    .as_chunks::<4>()
                    .0;
                for (l, p) in full.iter_mut().zip(row) {
                    let p = u32::from_le_bytes(*p);
                    *l = 77 * (p & 0xff) + 150 * (p >> 8 & 0xff) + 29 * (p >> 16 & 0xff);
                }
                if k == 2 {
                    for (sum, pair) in sums.iter_mut().zip(full.as_chunks::<2>().0) {
                        *sum += pair[0] + pair[1];
                    }
                } else {
                    for (sum, block) in sums.iter_mut().zip(full.chunks_exact(k)) {
                        *sum += block.iter().sum::<u32>();
                    }
                }
            }
            for (l, &sum) in out.iter_mut().zip(&sums) {
                *l = sum as f32 * scale;
            }
        }
    }

    /// Embeds the mark in one RGBA frame: the same change in R, G and B, so only luma moves.
    pub fn embed(&mut self, rgba: &mut [u8]) {
        self.measure_luma(rgba);
        let projections = self.probe.project(&self.luma);
        let width = self.grid.width;
        let columns = self.grid.columns.cells.len();
        for (j, row) in self.grid.rows.cells.iter().enumerate() {
            let Some((top, wy)) = row else { continue };
            for (i, column) in self.grid.columns.cells.iter().enumerate() {
                let (Some((left, wx)), Some((p, deviation))) =
                    (column, projections[j * columns + i])
                else {
                    continue;
                };
                let chip = self.chips[j * columns + i];
                let margin = (MARGIN_PER_DEVIATION * deviation).clamp(MARGIN_MIN, MARGIN_MAX);
                if chip * p >= margin {
                    continue;
                }
                let push = chip * margin - p;
                if push.abs() > MAX_PUSH {
                    continue;
                }
                for (dy, &w_y) in wy.iter().enumerate() {
                    let y = top + dy;
                    let line = &mut rgba[(y * width + left) * 4..][..wx.len() * 4];
                    let dither = &self.dither[(y % DITHER) * width + left..][..wx.len()];
                    let height = push * w_y;
                    // Two passes the compiler vectorises: each pixel's change, then the
                    // saturating adds. The dither keeps fractions of a level on average
                    // and softens the rounding's contours on smooth gradients.
                    let deltas = &mut self.deltas[..wx.len()];
                    for ((delta, &w_x), &offset) in deltas.iter_mut().zip(wx).zip(dither) {
                        let d = round(height * w_x + offset) as u8 as u32;
                        *delta = (d | d << 8 | d << 16).to_le_bytes();
                    }
                    for (c, &d) in line.iter_mut().zip(deltas.as_flattened()) {
                        *c = c.saturating_add_signed(d as i8);
                    }
                }
            }
        }
    }
}

/// `x` (of magnitude under 2^22) rounded to the nearest whole number, ties to even, by
/// adding 1.5·2^23 so the float's last bits hold it: unlike a cast, which checks each
/// value's range, this vectorises.
fn round(x: f32) -> i32 {
    const MAGIC: f32 = 12_582_912.0;
    (x + MAGIC).to_bits() as i32 - MAGIC.to_bits() as i32
}

/// What the picture search found.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PictureFinding {
    /// The payload, when the codeword's CRC holds.
    pub payload: Option<u64>,
    /// The share of the original frame's width (and height) in view.
    pub visible: f32,
    /// How well the best codeword agrees with what the cells say: 1 when all agree, about
    /// 0.8 for pictures without the mark (the best of many codewords fits noise that well).
    pub strength: f32,
    /// Frames looked at.
    pub frames: usize,
}

/// Looks for the mark in 8-bit luma frames of `width`×`height` (any size the video was
/// scaled to). The geometry is the one whose cells best agree with some codeword.
pub fn find_in_pictures(frames: &[Vec<u8>], width: u32, height: u32) -> PictureFinding {
    let (columns, rows) = grid(width, height);
    let spread = layout(columns, rows);
    let lumas = |picked: &mut dyn Iterator<Item = &Vec<u8>>| -> Vec<Vec<f32>> {
        picked
            .map(|f| f.iter().map(|&v| v as f32).collect())
            .collect()
    };
    let step = frames.len().div_ceil(SEARCH_FRAMES).max(1);
    let sample = lumas(&mut frames.iter().step_by(step));
    let mut best = (f32::NEG_INFINITY, 1.0f32);
    for step in 0..=VISIBLE_STEPS {
        let visible = 1.0 - step as f32 * VISIBLE_STEP;
        let soft = soft_bits(&Grid::new(width, height, visible), &spread, &sample);
        let agreement = decode(&soft).agreement;
        if agreement > best.0 {
            best = (agreement, visible);
        }
    }
    let visible = best.1;
    let grid = Grid::new(width, height, visible);
    let mut soft = [0.0f32; CODE_BITS];
    for chunk in frames.chunks(SEARCH_FRAMES) {
        let bits = soft_bits(&grid, &spread, &lumas(&mut chunk.iter()));
        for (s, b) in soft.iter_mut().zip(bits) {
            *s += b;
        }
    }
    let decoded = decode(&soft);
    PictureFinding {
        payload: decoded.payload,
        visible,
        strength: decoded.agreement,
        frames: frames.len(),
    }
}

/// The codeword's soft bits from frames seen through `grid`: each chip's projection,
/// clipped, with the chip's sign.
fn soft_bits(grid: &Grid, spread: &Spread, frames: &[Vec<f32>]) -> [f32; CODE_BITS] {
    let mut soft = [0.0f32; CODE_BITS];
    for luma in frames {
        for (c, p) in grid.project(luma).into_iter().enumerate() {
            if let Some((p, _)) = p {
                soft[spread.bit[c] as usize] += spread.sign[c] * (p / MARGIN).clamp(-1.0, 1.0);
            }
        }
    }
    soft
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: u32 = 640;
    const H: u32 = 360;

    /// A sky gradient over textured ground with a box moving across: frame `t`, RGBA.
    fn scene(t: usize, noise: &mut Sequence) -> Vec<u8> {
        let mut rgba = Vec::with_capacity((W * H * 4) as usize);
        for y in 0..H {
            for x in 0..W {
                let sky = y < H / 2;
                let in_box = (x as usize).abs_diff(100 + 8 * t) < 40 && y.abs_diff(220) < 40;
                let v = if in_box {
                    40.0
                } else if sky {
                    150.0 + 60.0 * y as f32 / H as f32
                } else {
                    90.0 + (noise.next() % 24) as f32
                };
                rgba.extend([v as u8, (v * 0.9) as u8, (v * 0.8) as u8, 255]);
            }
        }
        rgba
    }

    fn luma(rgba: &[u8]) -> Vec<u8> {
        rgba.chunks_exact(4)
            .map(|p| {
                (0.299 * p[0] as f32 + 0.587 * p[1] as f32 + 0.114 * p[2] as f32).round() as u8
            })
            .collect()
    }

    /// The middle `share` of a luma frame, scaled down by `factor` (box filter).
    fn crop_and_shrink(gray: &[u8], share: f32, factor: u32) -> (Vec<u8>, u32, u32) {
        let (cw, ch) = ((W as f32 * share) as u32, (H as f32 * share) as u32);
        let (x0, y0) = ((W - cw) / 2, (H - ch) / 2);
        let (w, h) = (cw / factor, ch / factor);
        let mut out = Vec::with_capacity((w * h) as usize);
        for y in 0..h {
            for x in 0..w {
                let mut sum = 0u32;
                for dy in 0..factor {
                    for dx in 0..factor {
                        let (sx, sy) = (x0 + x * factor + dx, y0 + y * factor + dy);
                        sum += gray[(sy * W + sx) as usize] as u32;
                    }
                }
                out.push((sum / (factor * factor)) as u8);
            }
        }
        (out, w, h)
    }

    #[test]
    fn the_mark_is_faint_and_reads_back_scaled_and_cropped_but_not_from_plain_frames() {
        let payload = 0x0123_4567_89ab_cdef;
        let mut marker = PictureMarker::new(payload, W, H);
        let mut noise = Sequence::new(9);
        let (mut plain, mut marked) = (Vec::new(), Vec::new());
        let (mut error, mut count) = (0.0f64, 0usize);
        for t in 0..24 {
            let original = scene(t, &mut noise);
            let mut frame = original.clone();
            marker.embed(&mut frame);
            for (a, b) in frame.chunks_exact(4).zip(original.chunks_exact(4)) {
                for c in 0..3 {
                    error += (a[c] as f64 - b[c] as f64).powi(2);
                }
            }
            count += original.len() / 4 * 3;
            plain.push(luma(&original));
            marked.push(luma(&frame));
        }
        let psnr = 10.0 * (255.0f64.powi(2) / (error / count as f64)).log10();
        assert!(psnr >= 40.0, "PSNR {psnr:.1} dB");
        let found = find_in_pictures(&marked, W, H);
        assert_eq!(found.payload, Some(payload), "{found:?}");
        assert_eq!(found.visible, 1.0);
        for (share, factor) in [(1.0, 2), (0.8, 1)] {
            let frames: Vec<Vec<u8>> = marked
                .iter()
                .map(|g| crop_and_shrink(g, share, factor).0)
                .collect();
            let (_, w, h) = crop_and_shrink(&marked[0], share, factor);
            let found = find_in_pictures(&frames, w, h);
            assert_eq!(found.payload, Some(payload), "{share} {factor}: {found:?}");
            assert!((found.visible - share).abs() < 0.015, "{found:?}");
        }
        assert_eq!(find_in_pictures(&plain, W, H).payload, None);
        assert_eq!(find_in_pictures(&[], W, H).payload, None);
    }
}
