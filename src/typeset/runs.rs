//! Turning characters into glyph runs: furniture text at natural widths, and set lines.

use crate::fonts::Face;

use super::display::{GlyphRun, PositionedGlyph, Rgb, TextSource};
use super::linebreak::{Advances, Line};
use super::metrics::FontMetrics;

/// Where the baseline sits below the top of a line's em box: CJK faces put the
/// ideographic em box from +0.88 em to −0.12 em around the baseline.
pub const BASELINE_EM: f32 = 0.88;

/// Advances of one face at one size, for the line breaker.
pub struct FaceAdvances<'a> {
    /// The metrics.
    pub metrics: &'a FontMetrics,
    /// The face.
    pub face: Face,
    /// The size.
    pub size_pt: f32,
}

impl Advances for FaceAdvances<'_> {
    fn advance_pt(&self, _index: usize, ch: char) -> f32 {
        self.metrics.advance_pt(self.face, ch, self.size_pt)
    }
}

/// Natural width of `text` in a face.
pub fn text_width_pt(metrics: &FontMetrics, face: Face, size_pt: f32, text: &str) -> f32 {
    text.chars()
        .map(|ch| metrics.advance_pt(face, ch, size_pt))
        .sum()
}

/// Style of a run of text the typesetter draws.
#[derive(Debug, Clone, Copy)]
pub struct RunStyle {
    /// Face.
    pub face: Face,
    /// Size.
    pub size_pt: f32,
    /// Ink.
    pub colour: Rgb,
}

/// A run of `text` at natural widths starting at `x_pt` on the baseline `baseline_pt`.
pub fn text_run(
    metrics: &FontMetrics,
    style: RunStyle,
    text: &str,
    x_pt: f32,
    baseline_pt: f32,
    source: Option<TextSource>,
) -> GlyphRun {
    let mut x = x_pt;
    let glyphs = text
        .chars()
        .enumerate()
        .map(|(index, ch)| {
            let info = metrics.glyph(style.face, ch);
            let advance_pt = info.advance_em * style.size_pt;
            let glyph = PositionedGlyph {
                glyph_id: info.glyph_id,
                ch,
                x_pt: x,
                y_pt: baseline_pt,
                advance_pt,
                char_index: index,
            };
            x += advance_pt;
            glyph
        })
        .collect();
    GlyphRun {
        face: style.face,
        size_pt: style.size_pt,
        colour: style.colour,
        glyphs,
        source,
    }
}

/// Glyphs of a set line, placed at `x_pt` with its baseline at `baseline_pt`.
/// `field_index` maps a paragraph char index to the index in the source field, or `None`
/// for chars that belong to another run (the bold dateline prefix).
pub fn line_glyphs(
    metrics: &FontMetrics,
    face: Face,
    line: &Line,
    x_pt: f32,
    baseline_pt: f32,
    field_index: impl Fn(usize) -> Option<usize>,
) -> Vec<PositionedGlyph> {
    line.chars
        .iter()
        .filter_map(|placed| {
            Some(PositionedGlyph {
                char_index: field_index(placed.index)?,
                glyph_id: metrics.glyph(face, placed.ch).glyph_id,
                ch: placed.ch,
                x_pt: x_pt + placed.x_pt,
                y_pt: baseline_pt,
                advance_pt: placed.advance_pt,
            })
        })
        .collect()
}
