//! Hovering a headline group in the page preview shows where its lines break and could.

use egui::{FontId, Pos2, Stroke, Vec2};

use crate::typeset::display::{HeadBreakKind, PageList};

use super::theme;

/// Stroke widths in screen points: a chosen or typed break, a possible one.
const BREAK_STROKE: f32 = 2.0;
const POSSIBLE_STROKE: f32 = 1.0;
/// A possible break is marked by a tick over the lower part of the line.
const POSSIBLE_TICK_FRACTION: f32 = 0.35;
/// Size of the legend under the group, in screen points.
const LEGEND_SIZE: f32 = 11.0;
/// What the marks mean, and how to type a break.
const LEGEND: &str = "蓝线 断行处 · 绿线 手动断行 · 灰线 可断处 · 表单中 Shift+Enter 手动断行";

/// Draws the break points of the headline group under `pointer`, over a page drawn at
/// `origin` and `scale` (screen points per typographic point).
pub fn breaks_ui(
    painter: &egui::Painter,
    origin: Pos2,
    scale: f32,
    page: &PageList,
    pointer: Option<Pos2>,
) {
    let Some(pointer) = pointer else {
        return;
    };
    let at = |x: f32, y: f32| origin + Vec2::new(x, y) * scale;
    let page_point = (pointer - origin) / scale;
    let Some(heads) = page.heads_at(page_point.x, page_point.y) else {
        return;
    };
    for mark in &heads.breaks {
        let bottom = mark.top_pt + mark.height_pt;
        let (top, colour, width) = match mark.kind {
            HeadBreakKind::Chosen => (mark.top_pt, theme::HEADLINE_BREAK_COLOUR, BREAK_STROKE),
            HeadBreakKind::Manual => (
                mark.top_pt,
                theme::HEADLINE_MANUAL_BREAK_COLOUR,
                BREAK_STROKE,
            ),
            HeadBreakKind::Possible => (
                bottom - mark.height_pt * POSSIBLE_TICK_FRACTION,
                theme::HEADLINE_POSSIBLE_BREAK_COLOUR,
                POSSIBLE_STROKE,
            ),
        };
        painter.line_segment(
            [at(mark.x_pt, top), at(mark.x_pt, bottom)],
            Stroke::new(width, colour),
        );
    }
    if let Some(rect) = heads.rect {
        // On a plate of its own, so that it reads over the body text under the group.
        let galley = painter.layout_no_wrap(
            LEGEND.to_owned(),
            FontId::proportional(LEGEND_SIZE),
            theme::WEAK_COLOUR,
        );
        let top_left = at(rect.x, rect.y + rect.height) + Vec2::new(0.0, 2.0);
        let plate = egui::Rect::from_min_size(top_left, galley.size()).expand(3.0);
        painter.rect(
            plate,
            3.0,
            egui::Color32::from_white_alpha(240),
            Stroke::new(1.0, theme::WEAK_COLOUR),
            egui::StrokeKind::Inside,
        );
        painter.galley(top_left, galley, theme::WEAK_COLOUR);
    }
}
