//! Articles dragged from the issue tree onto the page: a ghost where they would land,
//! placed (or continued, or moved) on release.

use crate::model::{ArticleId, BlockRef, Edit, GridRect, Issue, Placement, makeup::check_rect};
use crate::typeset::display::PageList;

use super::block_grid::BlockGrid;
use super::command::AppCommand;
use super::makeup_canvas::{MakeupCanvas, MakeupView, draw_ghost};
use super::page_preview::Canvas;

/// What the issue tree hands to the page when an article is dragged out of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraggedArticle(pub ArticleId);

impl MakeupCanvas {
    /// An article dragged from the tree: a ghost where it would land, placed on release.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn drop_ui(
        &mut self,
        ui: &mut egui::Ui,
        canvas: &Canvas,
        grid: &BlockGrid,
        page: &PageList,
        view: &MakeupView<'_>,
        page_response: &egui::Response,
        commands: &mut Vec<AppCommand>,
    ) {
        if !egui::DragAndDrop::has_payload_of_type::<DraggedArticle>(ui.ctx()) {
            self.drop_sizes.clear();
            return;
        }
        let Some(pointer) = ui.input(|i| i.pointer.interact_pos()) else {
            return;
        };
        if !page_response.rect.contains(pointer) {
            return;
        }
        let Some(payload) = egui::DragAndDrop::payload::<DraggedArticle>(ui.ctx()) else {
            return;
        };
        let article = &payload.0;
        let Some(drop) =
            self.drop_target(grid, page.number, view, article, canvas.to_page(pointer))
        else {
            return;
        };
        let verdict = check_rect(
            view.issue,
            view.grids,
            page.number,
            drop.rect,
            article,
            drop.moving.as_ref(),
        );
        draw_ghost(ui, canvas, grid, drop.rect, verdict.is_ok());
        if page_response
            .dnd_release_payload::<DraggedArticle>()
            .is_some()
        {
            self.drop_sizes.clear();
            commands.push(AppCommand::Edit(drop.edit(article, page.number)));
        }
    }

    /// Where and how a dragged article lands with the pointer at `(x, y)` on the page.
    fn drop_target(
        &mut self,
        grid: &BlockGrid,
        page: u32,
        view: &MakeupView<'_>,
        article: &ArticleId,
        (x, y): (f32, f32),
    ) -> Option<Drop> {
        let last = last_block(view.issue, article);
        let overflows = last.is_some() && overflows(view, article);
        let (kind, moving, (span, depth)) = match last {
            None => (DropKind::Place, None, self.drop_size(view, article, page)?),
            Some(_) if overflows => (
                DropKind::Continue,
                None,
                self.drop_size(view, article, page)?,
            ),
            Some((block, rect)) => (DropKind::Move, Some(block), (rect.span, rect.depth)),
        };
        let (column, line) = grid.cell_at(x, y);
        // The pointer holds the ghost at the middle of its top line.
        let left = column - i64::from(span.saturating_sub(1) / 2);
        let wanted = grid.clamp(left, line, span, depth);
        if kind == DropKind::Move {
            return Some(Drop {
                kind,
                moving,
                rect: wanted,
            });
        }
        // A new block too big for the gap aimed at takes the gap.
        let cell = (
            u32::try_from(column).unwrap_or(u32::MAX),
            u32::try_from(line).unwrap_or(u32::MAX),
        );
        let rect = crate::makeup::Occupancy::of_page(view.issue, view.grids, page)
            .ok()
            .and_then(|occupancy| crate::makeup::slot_at(&occupancy, cell, wanted))
            .unwrap_or(wanted);
        Some(Drop { kind, moving, rect })
    }

    fn drop_size(
        &mut self,
        view: &MakeupView<'_>,
        article: &ArticleId,
        page: u32,
    ) -> Option<(u32, u32)> {
        *self
            .drop_sizes
            .entry((article.clone(), page))
            .or_insert_with(|| (view.drop_size)(article, page))
    }
}

/// How a dropped article lands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DropKind {
    /// An article from the pool: its first block.
    Place,
    /// A placed article whose text overflows: its next part (续排).
    Continue,
    /// A placed article that fits: its last block moves here.
    Move,
}

struct Drop {
    kind: DropKind,
    /// The block that moves, when one does.
    moving: Option<BlockRef>,
    rect: GridRect,
}

impl Drop {
    fn edit(&self, article: &ArticleId, page: u32) -> Edit {
        match (self.kind, &self.moving) {
            (DropKind::Move, Some(block)) => Edit::MoveBlock {
                block: block.clone(),
                page,
                column: self.rect.column,
                line: self.rect.line,
            },
            (DropKind::Continue, _) => Edit::ContinueArticle {
                article: article.clone(),
                page,
                rect: self.rect,
            },
            _ => Edit::PlaceBlock {
                page,
                placement: Placement::at(
                    &BlockRef {
                        article: article.clone(),
                        part: 0,
                    },
                    self.rect,
                ),
            },
        }
    }
}

/// The article's last placed block and its rectangle.
fn last_block(issue: &Issue, article: &ArticleId) -> Option<(BlockRef, GridRect)> {
    issue
        .pages
        .iter()
        .flat_map(|p| &p.placements)
        .filter(|p| &p.article == article)
        .max_by_key(|p| p.part)
        .map(|p| (p.block(), p.rect()))
}

/// Whether the article's text runs over its last block (a drop then continues it).
fn overflows(view: &MakeupView<'_>, article: &ArticleId) -> bool {
    view.pages
        .iter()
        .flat_map(|p| &p.blocks)
        .any(|b| &b.article == article && b.overflow_chars > 0)
}
