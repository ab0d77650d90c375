//! Picture styles, applied to each finished frame (tightly packed sRGB RGBA): noir's black
//! and white, cartoon's flat colour and outlines, clay's soft warm matte, watercolor's
//! washes on paper, pixel art's big pixels. Cinematic leaves the frame as rendered.

use scene::Style;

/// Applies a style to a frame in place.
pub fn apply(style: Style, rgba: &mut [u8], width: u32, height: u32) {
    let (w, h) = (width as usize, height as usize);
    match style {
        Style::Cinematic => {}
        Style::Noir => noir(rgba),
        Style::Cartoon => {
            let edges = edges(rgba, w, h);
            posterize(rgba, 6);
            for (px, e) in rgba.chunks_exact_mut(4).zip(edges) {
                if e {
                    px[..3].copy_from_slice(&[20, 18, 24]);
                }
            }
        }
        Style::Clay => {
            blur(rgba, w, h, 2);
            for px in rgba.chunks_exact_mut(4) {
                let [r, g, b] = [px[0], px[1], px[2]].map(f32::from);
                let l = 0.3 * r + 0.59 * g + 0.11 * b;
                // A little less saturated, warmer, and lifted shadows: matte clay.
                let mix = |c: f32, warm: f32| ((l + (c - l) * 0.85) * 0.9 + 22.0 + warm).min(255.0);
                px[0] = mix(r, 8.0) as u8;
                px[1] = mix(g, 2.0) as u8;
                px[2] = mix(b, -6.0) as u8;
            }
            posterize(rgba, 12);
        }
        Style::Watercolor => {
            let edges = edges(rgba, w, h);
            blur(rgba, w, h, 3);
            for (i, (px, e)) in rgba.chunks_exact_mut(4).zip(edges).enumerate() {
                let (x, y) = ((i % w) as u32, (i / w) as u32);
                // Paper grain and pigment pooling at the edges of shapes.
                let grain = (hash(x / 2, y / 2) % 17) as f32 - 8.0;
                let pool = if e { 0.82 } else { 1.0 };
                for c in px.iter_mut().take(3) {
                    let washed = 255.0 - (255.0 - *c as f32) * 0.75;
                    *c = (washed * pool + grain).clamp(0.0, 255.0) as u8;
                }
            }
        }
        Style::PixelArt => pixelate(rgba, w, h, (h / 120).max(2)),
    }
}

fn hash(x: u32, y: u32) -> u32 {
    let mut v = x.wrapping_mul(0x9E37_79B1) ^ y.wrapping_mul(0x85EB_CA77);
    v ^= v >> 15;
    v = v.wrapping_mul(0x2C1B_3C6D);
    v ^ (v >> 12)
}

fn luma(px: &[u8]) -> f32 {
    0.2126 * px[0] as f32 + 0.7152 * px[1] as f32 + 0.0722 * px[2] as f32
}

/// Black and white with an S-curve for hard contrast.
fn noir(rgba: &mut [u8]) {
    for px in rgba.chunks_exact_mut(4) {
        let l = luma(px) / 255.0;
        let s = l * l * (3.0 - 2.0 * l);
        let v = ((0.25 * l + 0.75 * s) * 255.0).round() as u8;
        px[..3].copy_from_slice(&[v, v, v]);
    }
}

/// Each channel to `levels` flat bands.
/// Rounds each channel to one of `levels` evenly spaced values. Greys (a studio's pale
/// floor and backdrop) are rounded as grey to bands spaced evenly in light (the channel to
/// the power 1.5), finer at the bright end, so a floor stays apart from the wall behind it
/// rather than both turning white.
fn posterize(rgba: &mut [u8], levels: u32) {
    let step = 255.0 / (levels - 1) as f32;
    let steps = levels as f32;
    let grey_bands: Vec<u8> = (0..=255u32)
        .map(|v| {
            let light = (v as f32 / 255.0).powf(1.5);
            let band = (light * steps).round() / steps;
            (band.powf(1.0 / 1.5) * 255.0).round() as u8
        })
        .collect();
    for px in rgba.chunks_exact_mut(4) {
        let (most, least) = (px[0].max(px[1]).max(px[2]), px[0].min(px[1]).min(px[2]));
        if most - least < 12 {
            let grey = grey_bands[luma(px).round().min(255.0) as usize];
            px[..3].fill(grey);
            continue;
        }
        for c in px.iter_mut().take(3) {
            *c = ((*c as f32 / step).round() * step) as u8;
        }
    }
}

/// Where the luma changes sharply: the outlines of shapes.
fn edges(rgba: &[u8], w: usize, h: usize) -> Vec<bool> {
    let l: Vec<f32> = rgba.chunks_exact(4).map(luma).collect();
    let mut out = vec![false; w * h];
    for y in 1..h.saturating_sub(1) {
        for x in 1..w.saturating_sub(1) {
            let at = |dx: isize, dy: isize| {
                l[(y as isize + dy) as usize * w + (x as isize + dx) as usize]
            };
            let gx =
                at(1, -1) + 2.0 * at(1, 0) + at(1, 1) - at(-1, -1) - 2.0 * at(-1, 0) - at(-1, 1);
            let gy =
                at(-1, 1) + 2.0 * at(0, 1) + at(1, 1) - at(-1, -1) - 2.0 * at(0, -1) - at(1, -1);
            out[y * w + x] = gx * gx + gy * gy > 60.0 * 60.0;
        }
    }
    out
}

/// A box blur of the given radius, rows then columns.
fn blur(rgba: &mut [u8], w: usize, h: usize, radius: usize) {
    let mut line = Vec::new();
    let mut pass =
        |rgba: &mut [u8], count: usize, len: usize, index: &dyn Fn(usize, usize) -> usize| {
            for k in 0..count {
                line.clear();
                line.extend((0..len).map(|i| {
                    let p = index(k, i);
                    [rgba[p], rgba[p + 1], rgba[p + 2]]
                }));
                for i in 0..len {
                    let (a, b) = (i.saturating_sub(radius), (i + radius).min(len - 1));
                    let mut sum = [0u32; 3];
                    for v in &line[a..=b] {
                        for c in 0..3 {
                            sum[c] += v[c] as u32;
                        }
                    }
                    let n = (b - a + 1) as u32;
                    let p = index(k, i);
                    for c in 0..3 {
                        rgba[p + c] = (sum[c] / n) as u8;
                    }
                }
            }
        };
    pass(rgba, h, w, &|y, x| (y * w + x) * 4);
    pass(rgba, w, h, &|x, y| (y * w + x) * 4);
}

/// Square blocks of one colour from a small palette.
fn pixelate(rgba: &mut [u8], w: usize, h: usize, block: usize) {
    for by in (0..h).step_by(block) {
        for bx in (0..w).step_by(block) {
            let (ey, ex) = ((by + block).min(h), (bx + block).min(w));
            let mut sum = [0u32; 3];
            for y in by..ey {
                for x in bx..ex {
                    for c in 0..3 {
                        sum[c] += rgba[(y * w + x) * 4 + c] as u32;
                    }
                }
            }
            let n = ((ey - by) * (ex - bx)) as u32;
            // Six levels a channel: a 216-colour palette.
            let colour = sum.map(|s| (((s / n) as f32 / 51.0).round() * 51.0) as u8);
            for y in by..ey {
                for x in bx..ex {
                    rgba[(y * w + x) * 4..(y * w + x) * 4 + 3].copy_from_slice(&colour);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A frame with a bright square on a gradient.
    fn frame(w: usize, h: usize) -> Vec<u8> {
        let mut f = Vec::with_capacity(w * h * 4);
        for y in 0..h {
            for x in 0..w {
                let inside = (w / 3..2 * w / 3).contains(&x) && (h / 3..2 * h / 3).contains(&y);
                let (r, g, b) = if inside {
                    (250, 240, 60)
                } else {
                    ((x * 255 / w) as u8, (y * 255 / h) as u8, 120)
                };
                f.extend_from_slice(&[r, g, b, 255]);
            }
        }
        f
    }

    fn colours(f: &[u8]) -> usize {
        let mut set: Vec<[u8; 3]> = f.chunks_exact(4).map(|p| [p[0], p[1], p[2]]).collect();
        set.sort_unstable();
        set.dedup();
        set.len()
    }

    #[test]
    fn noir_is_grey_and_pixel_art_is_blocky() {
        let (w, h) = (96, 60);
        let mut f = frame(w, h);
        apply(Style::Noir, &mut f, w as u32, h as u32);
        assert!(f.chunks_exact(4).all(|p| p[0] == p[1] && p[1] == p[2]));

        let mut f = frame(w, h);
        apply(Style::PixelArt, &mut f, w as u32, h as u32);
        let block = 2;
        for y in 0..h {
            for x in 0..w {
                let corner = ((y / block * block) * w + x / block * block) * 4;
                assert_eq!(
                    f[(y * w + x) * 4..(y * w + x) * 4 + 3],
                    f[corner..corner + 3]
                );
            }
        }
        assert!(colours(&f) <= 216);
    }

    #[test]
    fn cartoon_flattens_colour_and_draws_outlines() {
        let (w, h) = (96, 60);
        let original = frame(w, h);
        let mut f = original.clone();
        apply(Style::Cartoon, &mut f, w as u32, h as u32);
        assert!(
            colours(&f) < colours(&original) / 4,
            "{} {}",
            colours(&f),
            colours(&original)
        );
        // The square's edge is outlined in near black.
        let edge = ((h / 2) * w + w / 3) * 4;
        assert!(f[edge] < 40 && f[edge + 1] < 40, "{:?}", &f[edge..edge + 3]);
        // Cinematic leaves the frame alone; clay and watercolor change it gently.
        let mut same = original.clone();
        apply(Style::Cinematic, &mut same, w as u32, h as u32);
        assert_eq!(same, original);
        for style in [Style::Clay, Style::Watercolor] {
            let mut f = original.clone();
            apply(style, &mut f, w as u32, h as u32);
            let diff: f64 = f
                .iter()
                .zip(&original)
                .map(|(a, b)| (*a as f64 - *b as f64).abs())
                .sum::<f64>()
                / f.len() as f64;
            assert!(diff > 2.0 && diff < 60.0, "{style:?} {diff}");
        }
    }
}
