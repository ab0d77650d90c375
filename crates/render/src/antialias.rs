//! Edge anti-aliasing of finished frames on the CPU, after Timothy Lottes' FXAA 3.11
//! (quality preset): find where luma steps across a pixel, follow the edge both ways to
//! where it ends, and blend each pixel with its neighbour across the edge by how far along
//! the staircase it sits; pixels much brighter or darker than their surroundings (a thin
//! line a pixel wide) are blended toward them as well.
//!
//! On llvmpipe this is far cheaper than multisampling, which stores and resolves four
//! samples of every pixel, and cheaper than the same filter as a shader pass, whose
//! texture fetches llvmpipe emulates one by one.

/// Below this contrast (of 1) nothing is an edge.
const EDGE_MIN: f32 = 0.0312;
/// A local contrast must reach this share of the brightest neighbour to count: 1/2^3.
const EDGE_SHARE_SHIFT: u8 = 3;
/// How much of a lone bright or dark pixel is softened (FXAA's subpix, 0..1).
const SUBPIXEL: f32 = 0.75;
/// How far (pixels) an edge is followed each way.
const SEARCH: usize = 12;

/// Anti-aliases a tightly packed RGBA frame (sRGB) in place; `scratch` is reused between
/// frames. The frame is read in horizontal bands, one per thread, and the changes are
/// written once every band has been read.
pub fn apply(rgba: &mut [u8], width: u32, height: u32, scratch: &mut Scratch) {
    let (w, h) = (width as usize, height as usize);
    if w < 3 || h < 3 {
        return;
    }
    // Each pixel read as one 32-bit word, which vectorises.
    scratch.luma.resize(w * h, 0);
    for (l, px) in scratch.luma.iter_mut().zip(rgba.as_chunks::<4>().0) {
        let p = u32::from_le_bytes(*px);
        *l = ((77 * (p & 0xff) + 150 * (p >> 8 & 0xff) + 29 * (p >> 16 & 0xff)) >> 8) as u8;
    }
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    scratch.changes.resize_with(threads, Vec::new);
    let band = (h - 2).div_ceil(threads);
    let (luma, source) = (&scratch.luma[..], &*rgba);
    std::thread::scope(|scope| {
        for (b, changes) in scratch.changes.iter_mut().enumerate() {
            scope.spawn(move || {
                changes.clear();
                let (mut flags, mut edges) = (Vec::with_capacity(w), Vec::with_capacity(w));
                for y in 1 + b * band..(1 + (b + 1) * band).min(h - 1) {
                    on_edges(&luma[(y - 1) * w..(y + 2) * w], w, &mut flags, &mut edges);
                    for &x in &edges {
                        if let Some((other, weight)) = blend(luma, w, h, x, y) {
                            let (a, b) = (&source[(y * w + x) * 4..], &source[other * 4..]);
                            let mix = |c: usize| {
                                (a[c] as f32 + (b[c] as f32 - a[c] as f32) * weight + 0.5) as u8
                            };
                            changes.push(((y * w + x) as u32, [mix(0), mix(1), mix(2)]));
                        }
                    }
                }
            });
        }
    });
    for &(i, rgb) in scratch.changes.iter().flatten() {
        rgba[i as usize * 4..][..3].copy_from_slice(&rgb);
    }
}

/// Buffers kept between frames.
#[derive(Debug, Default)]
pub struct Scratch {
    luma: Vec<u8>,
    /// Per band: (pixel, new colour).
    changes: Vec<Vec<(u32, [u8; 3])>>,
}

/// The columns (1..w-1) of the middle of three luma rows where contrast is high enough to
/// be an edge: the cheap test most pixels stop at, written so the compiler vectorises it.
fn on_edges(rows: &[u8], w: usize, flags: &mut Vec<u8>, edges: &mut Vec<usize>) {
    let (up, mid, down) = (&rows[..w], &rows[w..2 * w], &rows[2 * w..3 * w]);
    let min_step = (EDGE_MIN * 255.0) as u8;
    flags.clear();
    flags.extend(
        up[1..w - 1]
            .iter()
            .zip(&down[1..w - 1])
            .zip(mid[..w - 2].iter().zip(&mid[1..w - 1]).zip(&mid[2..]))
            .map(|((&n, &s), ((&west, &m), &e))| {
                let max = m.max(n).max(s).max(west).max(e);
                let min = m.min(n).min(s).min(west).min(e);
                u8::from(max - min >= (max >> EDGE_SHARE_SHIFT).max(min_step))
            }),
    );
    edges.clear();
    edges.extend(
        flags
            .iter()
            .enumerate()
            .filter(|&(_, &f)| f != 0)
            .map(|(i, _)| i + 1),
    );
}

/// The neighbour (pixel index) an edge pixel (x, y) should be blended toward, and by how
/// much; None where it needs no change.
fn blend(luma: &[u8], w: usize, h: usize, x: usize, y: usize) -> Option<(usize, f32)> {
    let at = |x: usize, y: usize| luma[y * w + x] as f32 / 255.0;
    let m = at(x, y);
    let (n, s, west, e) = (at(x, y - 1), at(x, y + 1), at(x - 1, y), at(x + 1, y));
    let range = m.max(n).max(s).max(west).max(e) - m.min(n).min(s).min(west).min(e);
    let (nw, ne, sw, se) = (
        at(x - 1, y - 1),
        at(x + 1, y - 1),
        at(x - 1, y + 1),
        at(x + 1, y + 1),
    );
    // How much this pixel stands out from the average around it.
    let around = (2.0 * (n + s + west + e) + nw + ne + sw + se) / 12.0;
    let a = ((around - m).abs() / range).clamp(0.0, 1.0);
    let subpixel = ((-2.0 * a + 3.0) * a * a).powi(2) * SUBPIXEL;
    // Does luma change more up-down (a horizontal edge) or left-right?
    let horizontal_edge = (nw + sw - 2.0 * west).abs()
        + 2.0 * (n + s - 2.0 * m).abs()
        + (ne + se - 2.0 * e).abs()
        >= (nw + ne - 2.0 * n).abs() + 2.0 * (west + e - 2.0 * m).abs() + (sw + se - 2.0 * s).abs();
    // Across the edge: toward the side with the steeper change.
    let (before, after) = if horizontal_edge { (n, s) } else { (west, e) };
    let toward_first = (before - m).abs() >= (after - m).abs();
    let (other_luma, gradient) = if toward_first {
        (before, (before - m).abs())
    } else {
        (after, (after - m).abs())
    };
    let (ox, oy) = match (horizontal_edge, toward_first) {
        (true, true) => (x, y - 1),
        (true, false) => (x, y + 1),
        (false, true) => (x - 1, y),
        (false, false) => (x + 1, y),
    };
    let average = (m + other_luma) * 0.5;
    let threshold = gradient * 0.25;
    // Follow the edge each way while the pair of pixels straddling it keeps its average.
    let pair = |k: isize| -> Option<f32> {
        let (px, py, qx, qy) = if horizontal_edge {
            let px = x as isize + k;
            (px, y as isize, px, oy as isize)
        } else {
            let py = y as isize + k;
            (x as isize, py, ox as isize, py)
        };
        let inside = |x: isize, y: isize| x >= 0 && y >= 0 && (x as usize) < w && (y as usize) < h;
        (inside(px, py) && inside(qx, qy))
            .then(|| (at(px as usize, py as usize) + at(qx as usize, qy as usize)) * 0.5 - average)
    };
    let walk = |sign: isize| -> (f32, f32) {
        let mut end = 0.0;
        for k in 1..=SEARCH as isize {
            match pair(sign * k) {
                Some(d) => {
                    end = d;
                    if d.abs() >= threshold {
                        return (k as f32, d);
                    }
                }
                None => return (k as f32, end),
            }
        }
        (SEARCH as f32 + 1.0, end)
    };
    let (distance_neg, end_neg) = walk(-1);
    let (distance_pos, end_pos) = walk(1);
    let span = distance_neg + distance_pos;
    // Blend only toward the end of the edge where the step goes the way this pixel's does.
    let below = m - average < 0.0;
    let (nearest, end) = if distance_neg < distance_pos {
        (distance_neg, end_neg)
    } else {
        (distance_pos, end_pos)
    };
    let along = if (end < 0.0) != below {
        0.5 - nearest / span
    } else {
        0.0
    };
    let weight = along.max(subpixel);
    (weight > 1.0 / 255.0).then_some((oy * w + ox, weight.min(1.0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(w: usize, h: usize, inside: impl Fn(f32, f32) -> bool) -> Vec<u8> {
        let mut rgba = vec![0u8; w * h * 4];
        for y in 0..h {
            for x in 0..w {
                let v = if inside(x as f32 + 0.5, y as f32 + 0.5) {
                    255
                } else {
                    0
                };
                rgba[(y * w + x) * 4..][..4].copy_from_slice(&[v, v, v, 255]);
            }
        }
        rgba
    }

    /// The share of pixels `inside` covers, from 16×16 samples: the ideal anti-aliased value.
    fn coverage(x: usize, y: usize, inside: &impl Fn(f32, f32) -> bool) -> f32 {
        let mut hits = 0;
        for j in 0..16 {
            for i in 0..16 {
                if inside(
                    x as f32 + (i as f32 + 0.5) / 16.0,
                    y as f32 + (j as f32 + 0.5) / 16.0,
                ) {
                    hits += 1;
                }
            }
        }
        hits as f32 / 256.0
    }

    #[test]
    fn a_slanted_edge_comes_closer_to_its_true_coverage() {
        let (w, h) = (96, 64);
        // A shallow slope: long stair steps, the hardest case for a one-pixel filter.
        let inside = |x: f32, y: f32| y > 20.0 + x * 0.2;
        let mut rgba = frame(w, h, inside);
        let error = |rgba: &[u8]| -> f32 {
            let mut sum = 0.0;
            for y in 1..h - 1 {
                for x in 1..w - 1 {
                    let v = rgba[(y * w + x) * 4] as f32 / 255.0;
                    sum += (v - coverage(x, y, &inside)).abs();
                }
            }
            sum
        };
        let before = error(&rgba);
        apply(&mut rgba, w as u32, h as u32, &mut Scratch::default());
        let after = error(&rgba);
        assert!(
            after < before * 0.5,
            "error against true coverage: {before:.1} before, {after:.1} after"
        );
    }

    #[test]
    fn flat_areas_and_alpha_are_untouched() {
        let (w, h) = (40, 30);
        let mut rgba = frame(w, h, |x, _| x > 20.0);
        for px in rgba.chunks_exact_mut(4) {
            px[3] = 77;
        }
        let original = rgba.clone();
        apply(&mut rgba, w as u32, h as u32, &mut Scratch::default());
        for (i, (a, b)) in original
            .chunks_exact(4)
            .zip(rgba.chunks_exact(4))
            .enumerate()
        {
            assert_eq!(a[3], b[3]);
            let x = i % w;
            // A vertical edge on pixel boundaries is already exact: nothing to soften.
            if !(19..=21).contains(&x) {
                assert_eq!(a, b, "pixel {x},{} changed", i / w);
            }
        }
    }
}
