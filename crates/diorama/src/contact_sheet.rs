//! `diorama contact-sheet`: three frames of every prompt in a file, one prompt a row, so a
//! whole prompt set can be looked at in one picture.

use anyhow::{Context, Result};
use engine::Options;
use std::path::Path;

/// Where in each clip the three frames are taken, as shares of its length.
const MOMENTS: [f64; 3] = [0.15, 0.5, 0.85];

/// Dark gutter between cells, in pixels.
const GUTTER: u32 = 4;

/// 3×5 bitmaps of the digits, one bit a pixel, rows top to bottom.
const DIGITS: [[u8; 5]; 10] = [
    [7, 5, 5, 5, 7],
    [2, 6, 2, 2, 7],
    [7, 1, 7, 4, 7],
    [7, 1, 7, 1, 7],
    [5, 5, 7, 1, 1],
    [7, 4, 7, 1, 7],
    [7, 4, 7, 5, 7],
    [7, 1, 1, 1, 1],
    [7, 5, 7, 5, 7],
    [7, 5, 7, 1, 7],
];

/// Draws `number` in white on a dark box at the top-left of a cell, `scale` pixels a dot.
fn label(sheet: &mut [u8], stride: u32, x0: u32, y0: u32, number: usize, scale: u32) {
    let text = number.to_string();
    let (w, h) = ((text.len() as u32 * 4 + 1) * scale, 7 * scale);
    for y in 0..h {
        for x in 0..w {
            let i = (((y0 + y) * stride + x0 + x) * 4) as usize;
            sheet[i..i + 3].copy_from_slice(&[16, 16, 20]);
        }
    }
    for (k, ch) in text.bytes().enumerate() {
        let glyph = DIGITS[(ch - b'0') as usize];
        for (row, bits) in glyph.iter().enumerate() {
            for col in 0..3u32 {
                if bits >> (2 - col) & 1 == 1 {
                    for dy in 0..scale {
                        for dx in 0..scale {
                            let x = x0 + (1 + k as u32 * 4 + col) * scale + dx;
                            let y = y0 + (1 + row as u32) * scale + dy;
                            let i = ((y * stride + x) * 4) as usize;
                            sheet[i..i + 3].copy_from_slice(&[250, 250, 250]);
                        }
                    }
                }
            }
        }
    }
}

/// The largest sheet drawn (400 MB of pixels).
const MAX_SHEET_PIXELS: u64 = 100_000_000;

/// Renders the sheet for the prompts in `file` to `output` and prints the numbered prompts.
pub fn make(
    file: &Path,
    output: &Path,
    options: &Options,
    plan: impl Fn(&str) -> Result<plan::Plan>,
) -> Result<()> {
    let text = crate::read_text(file, "prompts file", crate::MAX_PROMPTS_FILE_BYTES)?;
    let prompts = plan::prompts(&text);
    anyhow::ensure!(
        !prompts.is_empty(),
        "{} has no prompts; write one prompt a line",
        file.display()
    );
    let (cw, ch) = (options.width, options.height);
    let stride = 3 * cw + 4 * GUTTER;
    let height = prompts.len() as u32 * (ch + GUTTER) + GUTTER;
    anyhow::ensure!(
        stride as u64 * height as u64 <= MAX_SHEET_PIXELS,
        "{} prompts at {cw}x{ch} make a sheet of {:.0} megapixels, more than the {} a sheet may have; use fewer prompts or a smaller --size",
        prompts.len(),
        stride as f64 * height as f64 / 1e6,
        MAX_SHEET_PIXELS / 1_000_000
    );
    let mut sheet = vec![0u8; (stride * height * 4) as usize];
    for px in sheet.chunks_exact_mut(4) {
        px.copy_from_slice(&[24, 24, 28, 255]);
    }
    for (row, prompt) in prompts.iter().enumerate() {
        let planned = plan(prompt).with_context(|| format!("prompt {}: {prompt}", row + 1))?;
        let times: Vec<f64> = MOMENTS
            .iter()
            .map(|m| m * planned.scene.duration as f64)
            .collect();
        let frames = engine::stills(&planned.scene, options, &times)?;
        let y0 = GUTTER + row as u32 * (ch + GUTTER);
        for (col, frame) in frames.iter().enumerate() {
            let x0 = GUTTER + col as u32 * (cw + GUTTER);
            for y in 0..ch {
                let from = (y * cw * 4) as usize;
                let to = (((y0 + y) * stride + x0) * 4) as usize;
                sheet[to..to + (cw * 4) as usize]
                    .copy_from_slice(&frame[from..from + (cw * 4) as usize]);
            }
        }
        label(&mut sheet, stride, GUTTER, y0, row + 1, (ch / 90).max(2));
        println!("{:>3}  {prompt}", row + 1);
        if !planned.unmapped.is_empty() {
            println!("     not understood: {}", planned.unmapped.join(", "));
        }
    }
    media::write_png(output, stride, height, &sheet)?;
    eprintln!("wrote {} ({stride}x{height})", output.display());
    Ok(())
}
