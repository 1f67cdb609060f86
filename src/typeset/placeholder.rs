//! The stand-in for a photo that cannot be had, laid out once for every output.

use super::display::{DisplayItem, GlyphRun, PositionedGlyph, RectItem, RectPt, Rgb};
use super::metrics::FontMetrics;
use crate::fonts::Face;

/// Fill of the box drawn where a photo is missing.
pub const MISSING_FILL: Rgb = Rgb(215, 215, 215);
/// Frame and label colour of that box.
pub const MISSING_INK: Rgb = Rgb(0xE0, 0x1B, 0x24);
/// Width of that frame in points.
pub const MISSING_FRAME_PT: f32 = 1.5;
/// Largest size of the label in that box, in points.
pub const MISSING_LABEL_PT: f32 = 9.0;
/// Smallest size at which the label still carries the photo's path.
const MIN_PATH_LABEL_PT: f32 = 5.0;

/// A light grey box with a red frame and, where it fits, the label
/// `图片缺失：{path}` (or the bare words when the path would make it tiny), centred:
/// what every output draws in place of a photo it cannot load.
pub fn missing_photo(metrics: &FontMetrics, rect: RectPt, path: &str) -> Vec<DisplayItem> {
    let mut items = vec![DisplayItem::Rect(RectItem {
        rect,
        fill: Some(MISSING_FILL),
        stroke: Some((MISSING_INK, MISSING_FRAME_PT)),
    })];
    let room = rect.width - 4.0 * MISSING_FRAME_PT;
    let with_path = format!("图片缺失\u{FF1A}{path}");
    let fitted = fit_label(metrics, &with_path, room)
        .filter(|(run, _)| run.size_pt >= MIN_PATH_LABEL_PT)
        .or_else(|| fit_label(metrics, "图片缺失", room));
    if let Some((mut run, width_pt)) = fitted
        && run.size_pt <= rect.height - 4.0 * MISSING_FRAME_PT
    {
        let left = rect.x + (rect.width - width_pt) / 2.0;
        let baseline = rect.y + rect.height / 2.0 + run.size_pt * 0.35;
        for glyph in &mut run.glyphs {
            glyph.x_pt += left;
            glyph.y_pt = baseline;
        }
        items.push(DisplayItem::Glyphs(run));
    }
    items
}

/// `text` in the Hei face at the largest size up to [`MISSING_LABEL_PT`] that fits `room`
/// points, x from 0, and its width; characters the face lacks are left out.
fn fit_label(metrics: &FontMetrics, text: &str, room: f32) -> Option<(GlyphRun, f32)> {
    let mut x = 0.0;
    let mut glyphs = Vec::new();
    for (char_index, ch) in text.chars().enumerate() {
        let glyph = metrics.glyph(Face::HeiRegular, ch);
        if glyph.glyph_id == 0 {
            continue;
        }
        glyphs.push(PositionedGlyph {
            glyph_id: glyph.glyph_id,
            ch,
            x_pt: x,
            y_pt: 0.0,
            advance_pt: glyph.advance_em,
            char_index,
        });
        x += glyph.advance_em;
    }
    if x <= 0.0 || room <= 0.0 {
        return None;
    }
    let size = (room / x).min(MISSING_LABEL_PT);
    for glyph in &mut glyphs {
        glyph.x_pt *= size;
        glyph.advance_pt *= size;
    }
    let run = GlyphRun {
        face: Face::HeiRegular,
        size_pt: size,
        colour: MISSING_INK,
        glyphs,
        source: None,
    };
    Some((run, x * size))
}
