//! The headline group: 引题, 主题 and 副题 centred over the block in whole grid lines.

use crate::model::{Article, TextField};

use super::display::{GlyphRun, HeadBreak, HeadBreakKind, HeadLines, RectPt, Rgb, TextSource};
use super::linebreak::{Line, ParagraphStyle, PlacedChar};
use super::metrics::FontMetrics;
use super::runs::{BASELINE_EM, FaceAdvances, line_glyphs};
use super::template::{Alignment, Template, TextStyle};

mod breaker;
mod dictionary;
mod words;

pub use breaker::{BrokenHeadline, MANUAL_BREAKS, break_headline};

/// Line height of headline text as a multiple of its size.
const HEADLINE_LEADING: f32 = 1.2;
/// Space between the parts of the group, as a multiple of the body size.
const GROUP_GAP_EM: f32 = 0.4;
/// Space kept free above and below the group, in body em.
const GROUP_MARGIN_EM: f32 = 0.5;
/// Headlines keep this much room from the block's sides, in body em.
const SIDE_INSET_EM: f32 = 0.5;

/// The laid-out headline group.
pub struct HeadlineGroup {
    /// Glyph runs, one per line.
    pub items: Vec<GlyphRun>,
    /// Grid lines the group takes at the top of the block.
    pub lines: u32,
    /// The lines as text and their break points.
    pub heads: HeadLines,
}

/// Break a headline, 引题, 副题 or caption into balanced lines at word and phrase
/// boundaries (never inside a word or a bracketed phrase such as （扩大） when another
/// break fits), keeping line breaks the editor typed.
pub(super) fn balanced_lines(
    metrics: &FontMetrics,
    style: &TextStyle,
    text: &str,
    measure_pt: f32,
) -> Vec<Line> {
    broken_lines(metrics, style, text, measure_pt).lines
}

fn broken_lines(
    metrics: &FontMetrics,
    style: &TextStyle,
    text: &str,
    measure_pt: f32,
) -> BrokenHeadline {
    let advances = FaceAdvances {
        metrics,
        face: style.face.face(),
        size_pt: style.size_pt(),
    };
    let paragraph = ParagraphStyle {
        size_pt: style.size_pt(),
        measure_pt,
        first_line_indent_em: 0.0,
        justify: false,
    };
    break_headline(text, &paragraph, &advances)
}

/// The lines of a part of the group, as text.
fn line_texts(lines: &[Line]) -> Vec<String> {
    lines
        .iter()
        .map(|line| line.chars.iter().map(|c| c.ch).collect())
        .collect()
}

/// The break points of one set line: after its last char (unless it ends the part) and at
/// each possible word boundary inside it.
fn line_breaks(
    field: TextField,
    broken: &BrokenHeadline,
    index: usize,
    line: &Line,
    (x_pt, top_pt, height_pt): (f32, f32, f32),
) -> Vec<HeadBreak> {
    let mut breaks = Vec::new();
    let at = |kind, placed: &PlacedChar| HeadBreak {
        kind,
        field: Some(field),
        after_char: placed.index,
        x_pt: x_pt + placed.box_x_pt + placed.advance_pt,
        top_pt,
        height_pt,
    };
    let Some((last, inner)) = line.chars.split_last() else {
        return breaks;
    };
    for placed in inner {
        if broken.possible.contains(&(placed.index + 1)) {
            breaks.push(at(HeadBreakKind::Possible, placed));
        }
    }
    if let Some(&manual) = broken.manual.get(index) {
        let kind = if manual {
            HeadBreakKind::Manual
        } else {
            HeadBreakKind::Chosen
        };
        breaks.push(at(kind, last));
    }
    breaks
}

/// Lay out the headline group of `article` over a block of `span` columns.
pub fn headline_group(
    metrics: &FontMetrics,
    template: &Template,
    article: &Article,
    rect: RectPt,
    span: u32,
) -> HeadlineGroup {
    let headline_style = if span >= 3 {
        template.headline_wide
    } else {
        template.headline
    };
    let parts = [
        (TextField::Kicker, template.kicker),
        (TextField::Headline, headline_style),
        (TextField::Subtitle, template.subtitle),
    ];
    let body_pt = template.body_pt();
    let measure = rect.width - 2.0 * SIDE_INSET_EM * body_pt;
    let mut set: Vec<(TextField, TextStyle, BrokenHeadline)> = Vec::new();
    let mut heads = HeadLines::default();
    for (field, style) in parts {
        let text = article.field(field);
        if !text.trim().is_empty() {
            let broken = broken_lines(metrics, &style, text, measure);
            let texts = line_texts(&broken.lines);
            match field {
                TextField::Kicker => heads.kicker = texts,
                TextField::Subtitle => heads.subtitle = texts,
                _ => heads.headline = texts,
            }
            set.push((field, style, broken));
        }
    }
    if set.is_empty() {
        return HeadlineGroup {
            items: Vec::new(),
            lines: 0,
            heads,
        };
    }
    let height: f32 = set
        .iter()
        .map(|(_, style, broken)| broken.lines.len() as f32 * style.size_pt() * HEADLINE_LEADING)
        .sum::<f32>()
        + (set.len() - 1) as f32 * GROUP_GAP_EM * body_pt;
    let pitch = template.line_pitch_pt();
    let grid_lines = ((height + 2.0 * GROUP_MARGIN_EM * body_pt) / pitch).ceil() as u32;
    let mut y = rect.y + (grid_lines as f32 * pitch - height) / 2.0;
    let mut items = Vec::new();
    for (field, style, broken) in &set {
        let size = style.size_pt();
        for (index, line) in broken.lines.iter().enumerate() {
            let line_height = size * HEADLINE_LEADING;
            let baseline = y + (line_height - size) / 2.0 + BASELINE_EM * size;
            let x = match template.headline_alignment {
                Alignment::Centre => rect.x + (rect.width - line.width_pt) / 2.0,
                Alignment::Left => rect.x + SIDE_INSET_EM * body_pt,
            };
            heads.breaks.extend(line_breaks(
                *field,
                broken,
                index,
                line,
                (x, y, line_height),
            ));
            items.push(GlyphRun {
                face: style.face.face(),
                size_pt: size,
                colour: Rgb::BLACK,
                glyphs: line_glyphs(metrics, style.face.face(), line, x, baseline, Some),
                source: Some(TextSource {
                    article: article.id.clone(),
                    field: Some(*field),
                }),
            });
            y += line_height;
        }
        y += GROUP_GAP_EM * body_pt;
    }
    heads.rect = Some(RectPt {
        height: grid_lines as f32 * pitch,
        ..rect
    });
    HeadlineGroup {
        items,
        lines: grid_lines,
        heads,
    }
}
