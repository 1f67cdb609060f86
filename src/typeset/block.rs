//! One article across its blocks: headline group, photo, byline, and the body flowing
//! through the columns of each block, with jump lines between blocks.

use crate::model::{Article, Placement, TextField};

use super::display::{
    BlockReport, ColumnText, DisplayItem, GlyphRun, HeadLines, ImageBox, RectPt, Rgb, TextSource,
};
use super::headline::{HeadlineGroup, balanced_lines, headline_group};
use super::linebreak::{Line, ParagraphStyle, break_paragraph};
use super::metrics::FontMetrics;
use super::runs::{BASELINE_EM, RunStyle, line_glyphs, text_run};
use super::shaping::{TableAdvances, paragraph_advances};
use super::template::Template;

/// First-line indent of body paragraphs, in em.
const PARAGRAPH_INDENT_EM: f32 = 2.0;
/// Height over width of a photo whose proportions are unknown (3:2 landscape).
pub const DEFAULT_PHOTO_ASPECT: f32 = 2.0 / 3.0;
/// Photo boxes stay between a wide panorama and a tall portrait.
const PHOTO_ASPECT_RANGE: (f32, f32) = (0.4, 1.5);

/// One block of an article on a page.
pub struct BlockSlot<'a> {
    /// The page it is on.
    pub page_number: u32,
    /// Its place on the grid.
    pub placement: &'a Placement,
    /// The page's template.
    pub template: &'a Template,
}

/// What one block draws and reports.
#[derive(Debug, Clone)]
pub struct BlockLayout {
    /// The page it is on.
    pub page_number: u32,
    /// What to draw.
    pub items: Vec<DisplayItem>,
    /// Overflow, lines, frame.
    pub report: BlockReport,
}

/// A body paragraph ready for breaking: the 电头 is prefixed to the first one.
struct Paragraph {
    text: String,
    /// Characters of the dateline prefix at the start (first paragraph only).
    prefix_chars: usize,
    /// Index in the body of the paragraph's first body character.
    body_offset: usize,
}

/// A set line and the paragraph it came from.
struct SetLine {
    paragraph: usize,
    /// Paragraph char index where this line's breaking started (0, or a block boundary).
    start_char: usize,
    line: Line,
}

/// Where a line goes: a column of the block and a grid line within the block.
#[derive(Debug, Clone, Copy)]
struct Slot {
    column: u32,
    line: u32,
}

fn paragraphs(article: &Article) -> Vec<Paragraph> {
    article
        .paragraphs_with_dateline()
        .into_iter()
        .map(|p| Paragraph {
            text: format!("{}{}", p.dateline, p.text),
            prefix_chars: p.dateline.chars().count(),
            body_offset: p.body_offset,
        })
        .collect()
}

/// Break paragraphs from `(paragraph, char)` onwards at one measure.
fn break_from(
    metrics: &FontMetrics,
    template: &Template,
    paragraphs: &[Paragraph],
    start: (usize, usize),
    measure_pt: f32,
) -> Vec<SetLine> {
    let mut lines = Vec::new();
    for (index, paragraph) in paragraphs.iter().enumerate().skip(start.0) {
        let start_char = if index == start.0 { start.1 } else { 0 };
        let text: String = paragraph.text.chars().skip(start_char).collect();
        let style = ParagraphStyle {
            size_pt: template.body_pt(),
            measure_pt,
            first_line_indent_em: if start_char == 0 {
                PARAGRAPH_INDENT_EM
            } else {
                0.0
            },
            justify: true,
        };
        let body_face = template.body.face.face();
        let dateline_face = template.dateline.face.face();
        let prefix_chars = paragraph.prefix_chars;
        let table = paragraph_advances(metrics, &paragraph.text, template.body_pt(), &|index| {
            if index < prefix_chars {
                dateline_face
            } else {
                body_face
            }
        });
        let advances = TableAdvances {
            advances: &table,
            offset: start_char,
        };
        for line in break_paragraph(&text, &style, &advances) {
            lines.push(SetLine {
                paragraph: index,
                start_char,
                line,
            });
        }
    }
    lines
}

/// Where the text continues after a set line: the paragraph and char of its next char.
fn position_after(lines: &[SetLine], next: usize, paragraph_count: usize) -> (usize, usize) {
    match lines.get(next) {
        Some(set) => {
            let first = set.line.chars.first().map_or(0, |c| c.index);
            (set.paragraph, set.start_char + first)
        }
        None => (paragraph_count, 0),
    }
}

fn visible_chars(line: &Line) -> usize {
    line.chars.iter().filter(|c| !c.ch.is_whitespace()).count()
}

/// Typeset an article through its blocks (part 0 first).
/// `photo_aspects` holds each photo's height over width, in the article's order.
pub fn layout_article(
    metrics: &FontMetrics,
    article: &Article,
    slots: &[BlockSlot<'_>],
    photo_aspects: &[f32],
) -> Vec<BlockLayout> {
    let paragraphs = paragraphs(article);
    let mut position = (0usize, 0usize);
    let mut layouts = Vec::with_capacity(slots.len());
    for (index, slot) in slots.iter().enumerate() {
        let previous_page = index.checked_sub(1).map(|i| slots[i].page_number);
        let next_page = slots.get(index + 1).map(|s| s.page_number);
        let (layout, next_position) = layout_block(
            metrics,
            article,
            &paragraphs,
            slot,
            position,
            (previous_page, next_page),
            photo_aspects,
        );
        position = next_position;
        layouts.push(layout);
    }
    layouts
}

fn block_rect(template: &Template, placement: &Placement) -> RectPt {
    RectPt {
        x: template.type_left_pt() + placement.column as f32 * template.column_step_pt(),
        y: template.type_top_pt() + placement.line as f32 * template.line_pitch_pt(),
        width: template.span_width_pt(placement.span),
        height: placement.depth as f32 * template.line_pitch_pt(),
    }
}

/// Lay out one block starting at `position`; returns the block and where text resumes.
fn layout_block(
    metrics: &FontMetrics,
    article: &Article,
    paragraphs: &[Paragraph],
    slot: &BlockSlot<'_>,
    position: (usize, usize),
    (previous_page, next_page): (Option<u32>, Option<u32>),
    photo_aspects: &[f32],
) -> (BlockLayout, (usize, usize)) {
    let template = slot.template;
    let placement = slot.placement;
    let rect = block_rect(template, placement);
    let mut items = Vec::new();
    let mut top_lines = 0;
    let mut heads = HeadLines::default();
    if placement.part == 0 {
        let group: HeadlineGroup = headline_group(metrics, template, article, rect, placement.span);
        top_lines = group.lines;
        heads = group.heads;
        items.extend(group.items.into_iter().map(DisplayItem::Glyphs));
        top_lines += photos(
            metrics,
            template,
            (article, photo_aspects),
            rect,
            (top_lines, placement.depth),
            &mut items,
        );
    }
    let lines = break_from(
        metrics,
        template,
        paragraphs,
        position,
        template.column_width_pt(),
    );
    let body_depth = placement.depth.saturating_sub(top_lines);
    let total_slots = placement.span.saturating_mul(body_depth) as usize;
    let jump_from_line = usize::from(placement.part > 0 && previous_page.is_some());
    let byline_line = usize::from(placement.part == 0 && !article.byline.trim().is_empty());
    let needed = lines.len() + jump_from_line + byline_line;
    // Text that fits is balanced over the columns, as make-up does by hand; text that
    // does not fit fills every line.
    let lines_per_column = if needed < total_slots {
        u32::try_from(needed)
            .unwrap_or(u32::MAX)
            .div_ceil(placement.span.max(1))
            .min(body_depth)
    } else {
        body_depth
    };
    let mut slots: Vec<Slot> = (0..placement.span)
        .flat_map(|column| {
            (top_lines..top_lines + lines_per_column).map(move |line| Slot { column, line })
        })
        .collect();
    slots.reverse(); // pop() takes slots in reading order
    let allotted = slots.len();
    let mut columns = vec![ColumnText::default(); placement.span as usize];
    let source = |field| TextSource {
        article: article.id.clone(),
        field,
    };
    let body_style = RunStyle {
        face: template.body.face.face(),
        size_pt: template.body_pt(),
        colour: Rgb::BLACK,
    };
    let line_x = |slot: Slot| rect.x + slot.column as f32 * template.column_step_pt();
    let baseline = |slot: Slot, size_pt: f32| {
        rect.y + slot.line as f32 * template.line_pitch_pt() + BASELINE_EM * size_pt
    };

    if let (Some(page), Some(slot_here)) = (previous_page, slots.last().copied())
        && placement.part > 0
    {
        slots.pop();
        let text = jump_from_text(page);
        let run = text_run(
            metrics,
            body_style,
            &text,
            line_x(slot_here),
            baseline(slot_here, body_style.size_pt),
            Some(source(None)),
        );
        columns[slot_here.column as usize].lines.push(text);
        items.push(DisplayItem::Glyphs(run));
    }
    if placement.part == 0
        && !article.byline.trim().is_empty()
        && let Some(slot_here) = slots.pop()
    {
        let style = RunStyle {
            face: template.byline.face.face(),
            size_pt: template.byline.size_pt(),
            colour: Rgb::BLACK,
        };
        let byline = article.byline.trim();
        let run = text_run(
            metrics,
            style,
            byline,
            line_x(slot_here),
            baseline(slot_here, body_style.size_pt),
            Some(source(Some(TextField::Byline))),
        );
        columns[slot_here.column as usize]
            .lines
            .push(byline.to_owned());
        items.push(DisplayItem::Glyphs(run));
    }

    let free = slots.len();
    let continues = lines.len() > free && next_page.is_some();
    let take = if continues {
        free.saturating_sub(1)
    } else {
        lines.len().min(free)
    };
    for set in &lines[..take] {
        let Some(slot_here) = slots.pop() else { break };
        let text = place_line(
            metrics,
            template,
            article,
            paragraphs,
            set,
            line_x(slot_here),
            baseline(slot_here, body_style.size_pt),
            &mut items,
        );
        columns[slot_here.column as usize].lines.push(text);
    }
    if continues && let (Some(page), Some(slot_here)) = (next_page, slots.pop()) {
        let text = jump_to_text(page);
        let width = super::runs::text_width_pt(metrics, body_style.face, body_style.size_pt, &text);
        let x = line_x(slot_here) + template.column_width_pt() - width;
        let run = text_run(
            metrics,
            body_style,
            &text,
            x,
            baseline(slot_here, body_style.size_pt),
            Some(source(None)),
        );
        columns[slot_here.column as usize].lines.push(text);
        items.push(DisplayItem::Glyphs(run));
    }
    let overflow_chars = if continues {
        0
    } else {
        lines[take..]
            .iter()
            .map(|set| visible_chars(&set.line))
            .sum()
    };
    let next_position = position_after(&lines, take, paragraphs.len());
    let used_slots = allotted - slots.len();
    let foot_empty_lines = columns
        .iter()
        .map(|column| {
            let used = u32::try_from(column.lines.len()).unwrap_or(u32::MAX);
            body_depth.saturating_sub(used)
        })
        .max()
        .unwrap_or(0);
    let report = BlockReport {
        article: article.id.clone(),
        part: placement.part,
        rect,
        overflow_chars,
        columns,
        empty_lines: u32::try_from(total_slots - used_slots).unwrap_or(u32::MAX),
        foot_empty_lines,
        heads,
    };
    (
        BlockLayout {
            page_number: slot.page_number,
            items,
            report,
        },
        next_position,
    )
}

/// Draw one set body line; returns its text.
#[allow(clippy::too_many_arguments)]
fn place_line(
    metrics: &FontMetrics,
    template: &Template,
    article: &Article,
    paragraphs: &[Paragraph],
    set: &SetLine,
    x_pt: f32,
    baseline_pt: f32,
    items: &mut Vec<DisplayItem>,
) -> String {
    let paragraph = &paragraphs[set.paragraph];
    let prefix = paragraph.prefix_chars;
    let start = set.start_char;
    let body_face = template.body.face.face();
    let dateline_face = template.dateline.face.face();
    let size_pt = template.body_pt();
    let dateline_glyphs = line_glyphs(metrics, dateline_face, &set.line, x_pt, baseline_pt, |i| {
        (start + i < prefix).then_some(start + i)
    });
    let body_glyphs = line_glyphs(metrics, body_face, &set.line, x_pt, baseline_pt, |i| {
        (start + i >= prefix).then(|| paragraph.body_offset + start + i - prefix)
    });
    let mut push = |face, glyphs: Vec<_>, field| {
        if !glyphs.is_empty() {
            items.push(DisplayItem::Glyphs(GlyphRun {
                face,
                size_pt,
                colour: Rgb::BLACK,
                glyphs,
                source: Some(TextSource {
                    article: article.id.clone(),
                    field: Some(field),
                }),
            }));
        }
    };
    push(dateline_face, dateline_glyphs, TextField::Dateline);
    push(body_face, body_glyphs, TextField::Body);
    set.line.chars.iter().map(|c| c.ch).collect()
}

/// Place a photo and its caption `top_lines` below the block's top; returns the grid
/// lines used (0 when it does not fit).
/// Every photo of the article, one under the other below `top_lines`, while they leave
/// room for text; returns the grid lines they take.
fn photos(
    metrics: &FontMetrics,
    template: &Template,
    (article, photo_aspects): (&Article, &[f32]),
    rect: RectPt,
    (top_lines, depth): (u32, u32),
    items: &mut Vec<DisplayItem>,
) -> u32 {
    let mut used = 0u32;
    for (index, photo_entry) in article.photos.iter().enumerate() {
        let aspect = photo_aspects
            .get(index)
            .copied()
            .unwrap_or(DEFAULT_PHOTO_ASPECT);
        let lines = photo(
            metrics,
            template,
            (article, photo_entry),
            rect,
            (top_lines.saturating_add(used), depth, aspect),
            items,
        );
        if lines == 0 {
            break;
        }
        used = used.saturating_add(lines);
    }
    used
}

fn photo(
    metrics: &FontMetrics,
    template: &Template,
    (article, photo): (&Article, &crate::model::Photo),
    rect: RectPt,
    (top_lines, depth, aspect): (u32, u32, f32),
    items: &mut Vec<DisplayItem>,
) -> u32 {
    let pitch = template.line_pitch_pt();
    let aspect = if aspect.is_finite() {
        aspect.clamp(PHOTO_ASPECT_RANGE.0, PHOTO_ASPECT_RANGE.1)
    } else {
        DEFAULT_PHOTO_ASPECT
    };
    let photo_lines = ((rect.width * aspect) / pitch).round().max(1.0) as u32;
    let caption = format!(
        "{}\u{FF08}{}\u{FF09}",
        photo.caption.trim(),
        photo.credit.trim()
    );
    let caption_lines = if photo.caption.trim().is_empty() {
        Vec::new()
    } else {
        balanced_lines(metrics, &template.caption, &caption, rect.width)
    };
    let needed = photo_lines.saturating_add(u32::try_from(caption_lines.len()).unwrap_or(u32::MAX));
    // A photo that leaves no room for text is left out rather than overprinting.
    if top_lines.saturating_add(needed).saturating_add(2) > depth {
        return 0;
    }
    let top = rect.y + top_lines as f32 * pitch;
    let photo_rect = RectPt {
        x: rect.x,
        y: top,
        width: rect.width,
        height: photo_lines as f32 * pitch - template.line_gap_em * template.body_pt(),
    };
    items.push(DisplayItem::Image(ImageBox {
        rect: photo_rect,
        path: photo.path.clone(),
        article: article.id.clone(),
        missing: super::placeholder::missing_photo(metrics, photo_rect, &photo.path),
    }));
    for (index, line) in caption_lines.iter().enumerate() {
        let baseline = top
            + (photo_lines + index as u32) as f32 * pitch
            + BASELINE_EM * template.caption.size_pt();
        let glyphs = line_glyphs(
            metrics,
            template.caption.face.face(),
            line,
            rect.x,
            baseline,
            Some,
        );
        items.push(DisplayItem::Glyphs(GlyphRun {
            face: template.caption.face.face(),
            size_pt: template.caption.size_pt(),
            colour: Rgb::BLACK,
            glyphs,
            source: Some(TextSource {
                article: article.id.clone(),
                field: None,
            }),
        }));
    }
    needed
}

/// The jump line at the end of a part: （下转第N版）.
pub fn jump_to_text(page: u32) -> String {
    format!("\u{FF08}下转第{page}版\u{FF09}")
}

/// The jump line at the start of a continuation: （上接第N版）.
pub fn jump_from_text(page: u32) -> String {
    format!("\u{FF08}上接第{page}版\u{FF09}")
}

/// Lines of body copy an article sets into at column width from its start, the byline
/// line included (the same breaking as [`layout_article`]).
pub(super) fn text_lines(metrics: &FontMetrics, template: &Template, article: &Article) -> u32 {
    let paragraphs = paragraphs(article);
    let lines = break_from(
        metrics,
        template,
        &paragraphs,
        (0, 0),
        template.column_width_pt(),
    );
    let byline = usize::from(!article.byline.trim().is_empty());
    u32::try_from(lines.len() + byline).unwrap_or(u32::MAX)
}

/// Grid lines the headline group and the photos (with captions) take at the top of a
/// first block spanning `span` columns, as [`layout_article`] sets them.
pub(super) fn top_lines(
    metrics: &FontMetrics,
    template: &Template,
    article: &Article,
    span: u32,
    photo_aspects: &[f32],
) -> (u32, u32) {
    let placement = Placement {
        article: article.id.clone(),
        part: 0,
        column: 0,
        span,
        line: 0,
        depth: 0,
    };
    let rect = block_rect(template, &placement);
    let headline = headline_group(metrics, template, article, rect, span).lines;
    let mut scratch = Vec::new();
    let photos = photos(
        metrics,
        template,
        (article, photo_aspects),
        rect,
        (0, u32::MAX - 2),
        &mut scratch,
    );
    (headline, photos)
}
