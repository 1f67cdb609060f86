//! The headline group: 引题, 主题 and 副题 centred over the block in whole grid lines.

use crate::model::{Article, TextField};

use super::display::{GlyphRun, RectPt, Rgb, TextSource};
use super::linebreak::{Line, ParagraphStyle, break_paragraph};
use super::metrics::FontMetrics;
use super::runs::{BASELINE_EM, FaceAdvances, line_glyphs};
use super::template::{Alignment, Template, TextStyle};

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
}

/// Break a headline into lines of similar length (a two-line headline split 8/8, not
/// 14/2), and where possible not inside a bracketed phrase such as （扩大）.
pub(super) fn balanced_lines(
    metrics: &FontMetrics,
    style: &TextStyle,
    text: &str,
    measure_pt: f32,
) -> Vec<Line> {
    let advances = FaceAdvances {
        metrics,
        face: style.face.face(),
        size_pt: style.size_pt(),
    };
    let paragraph = |measure_pt| ParagraphStyle {
        size_pt: style.size_pt(),
        measure_pt,
        first_line_indent_em: 0.0,
        justify: false,
    };
    let lines = break_paragraph(text, &paragraph(measure_pt), &advances);
    if lines.len() < 2 {
        return lines;
    }
    let em = style.size_pt();
    let total: f32 = lines.iter().map(|l| l.width_pt).sum();
    let even = total / lines.len() as f32 + em;
    // Try the even measure first, then a little narrower or wider, for a break that
    // keeps brackets whole; fall back to the plain even break.
    let mut fallback = None;
    for step in [0.0, -1.0, 1.0, -2.0, 2.0, -3.0, 3.0] {
        let candidate_measure = (even + step * em).min(measure_pt);
        let candidate = break_paragraph(text, &paragraph(candidate_measure), &advances);
        if candidate.len() != lines.len() {
            continue;
        }
        if !splits_brackets(&candidate) {
            return candidate;
        }
        fallback.get_or_insert(candidate);
    }
    fallback.unwrap_or(lines)
}

/// Whether a line ends inside an open bracket （ 〔 《 “.
fn splits_brackets(lines: &[Line]) -> bool {
    let mut depth = 0i32;
    for line in &lines[..lines.len().saturating_sub(1)] {
        for placed in &line.chars {
            match placed.ch {
                '\u{FF08}' | '\u{3014}' | '\u{300A}' | '\u{201C}' => depth += 1,
                '\u{FF09}' | '\u{3015}' | '\u{300B}' | '\u{201D}' => depth -= 1,
                _ => {}
            }
        }
        if depth > 0 {
            return true;
        }
    }
    false
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
    let mut set: Vec<(TextField, TextStyle, Vec<Line>)> = Vec::new();
    for (field, style) in parts {
        let text = article.field(field);
        if !text.trim().is_empty() {
            set.push((field, style, balanced_lines(metrics, &style, text, measure)));
        }
    }
    if set.is_empty() {
        return HeadlineGroup {
            items: Vec::new(),
            lines: 0,
        };
    }
    let height: f32 = set
        .iter()
        .map(|(_, style, lines)| lines.len() as f32 * style.size_pt() * HEADLINE_LEADING)
        .sum::<f32>()
        + (set.len() - 1) as f32 * GROUP_GAP_EM * body_pt;
    let pitch = template.line_pitch_pt();
    let grid_lines = ((height + 2.0 * GROUP_MARGIN_EM * body_pt) / pitch).ceil() as u32;
    let mut y = rect.y + (grid_lines as f32 * pitch - height) / 2.0;
    let mut items = Vec::new();
    for (field, style, lines) in &set {
        let size = style.size_pt();
        for line in lines {
            let line_height = size * HEADLINE_LEADING;
            let baseline = y + (line_height - size) / 2.0 + BASELINE_EM * size;
            let x = match template.headline_alignment {
                Alignment::Centre => rect.x + (rect.width - line.width_pt) / 2.0,
                Alignment::Left => rect.x + SIDE_INSET_EM * body_pt,
            };
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
    HeadlineGroup {
        items,
        lines: grid_lines,
    }
}
