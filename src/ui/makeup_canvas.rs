//! Make-up on the page preview: blocks selected, moved and resized with the mouse and
//! nudged with the arrow keys, articles dropped from the tree, each turned into one `Edit`.

use std::collections::HashMap;

use egui::{Color32, CursorIcon, Key, PointerButton, Pos2, Rect, Sense, Stroke, Vec2};

use crate::model::{ArticleId, BlockRef, Edit, GridRect, Issue, PageGrids, makeup::check_rect};
use crate::typeset::display::{BlockReport, PageList};

use super::block_grid::BlockGrid;
use super::command::{AppCommand, MakeupCommand};
use super::page_preview::Canvas;
use super::theme;

/// Side of a resize handle as drawn, and of the square that takes the pointer (larger, so
/// that a handle is easy to catch at a small zoom), in screen points.
const HANDLE_SIZE: f32 = 8.0;
const HANDLE_HIT_SIZE: f32 = 16.0;
/// Lines a Shift+arrow nudge moves a block.
const LONG_NUDGE_LINES: i64 = 5;
/// Ghost fill where the block fits, and where it does not.
const FITS_COLOUR: Color32 = Color32::from_rgba_premultiplied(0x1E, 0x7B, 0x34, 0x50);
const REFUSED_COLOUR: Color32 = Color32::from_rgba_premultiplied(0xC0, 0x1C, 0x28, 0x50);
/// The selected article's blocks are framed in this colour.
const SELECTED_COLOUR: Color32 = Color32::from_rgb(0xE0, 0x6C, 0x00);

/// The size (span, depth) an article gets when dropped on a page, `None` when unknown.
pub type DropSize<'a> = dyn Fn(&ArticleId, u32) -> Option<(u32, u32)> + 'a;

/// The issue and what the make-up needs of the window to draw and check blocks.
pub struct MakeupView<'a> {
    /// The issue as it stands.
    pub issue: &'a Issue,
    /// The grid sizes of the templates, to check a ghost rectangle as an edit would.
    pub grids: &'a PageGrids,
    /// The article shown in the form.
    pub selected: Option<&'a ArticleId>,
    /// The issue as typeset, for the overflow of a dragged article.
    pub pages: &'a [PageList],
    /// The size (span, depth) a dropped article gets on a page: its text fitted.
    pub drop_size: &'a DropSize<'a>,
}

/// Which part of a block the pointer holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Grip {
    left: bool,
    right: bool,
    top: bool,
    bottom: bool,
}

impl Grip {
    const BODY: Grip = Grip {
        left: false,
        right: false,
        top: false,
        bottom: false,
    };

    fn is_body(self) -> bool {
        self == Grip::BODY
    }

    fn cursor(self) -> CursorIcon {
        match (self.left || self.right, self.top || self.bottom) {
            (true, false) => CursorIcon::ResizeHorizontal,
            (false, true) => CursorIcon::ResizeVertical,
            _ if (self.left && self.top) || (self.right && self.bottom) => CursorIcon::ResizeNwSe,
            _ if self.is_body() => CursorIcon::Grab,
            _ => CursorIcon::ResizeNeSw,
        }
    }

    /// The eight handles, with their names for assistive technology.
    fn handles() -> [(Grip, &'static str); 8] {
        let g = |left, right, top, bottom| Grip {
            left,
            right,
            top,
            bottom,
        };
        [
            (g(true, false, true, false), "左上"),
            (g(false, false, true, false), "上"),
            (g(false, true, true, false), "右上"),
            (g(false, true, false, false), "右"),
            (g(false, true, false, true), "右下"),
            (g(false, false, false, true), "下"),
            (g(true, false, false, true), "左下"),
            (g(true, false, false, false), "左"),
        ]
    }

    /// Where this handle sits on a block's screen rectangle.
    fn anchor(self, rect: Rect) -> Pos2 {
        let x = if self.left {
            rect.left()
        } else if self.right {
            rect.right()
        } else {
            rect.center().x
        };
        let y = if self.top {
            rect.top()
        } else if self.bottom {
            rect.bottom()
        } else {
            rect.center().y
        };
        Pos2::new(x, y)
    }
}

/// A block being moved or resized.
#[derive(Debug, Clone)]
pub(super) struct BlockDrag {
    block: BlockRef,
    grip: Grip,
    /// Where the block was when the drag began.
    start: GridRect,
    /// The pointer's cell less the block's first cell, kept while moving.
    grab: (i64, i64),
    /// Where the block would go now.
    current: GridRect,
}

/// The make-up state of the preview.
#[derive(Default)]
pub struct MakeupCanvas {
    /// The block selected on the page (handles, arrow keys, Delete).
    pub selected_block: Option<BlockRef>,
    pub(super) drag: Option<BlockDrag>,
    /// Sizes of articles dragged from the tree, asked once per drag.
    pub(super) drop_sizes: HashMap<(ArticleId, u32), Option<(u32, u32)>>,
    /// The issue's page numbers, for 续排到第N版.
    page_numbers: Vec<u32>,
    /// Photos the preview could not load (their tooltip says so).
    pub missing_photos: std::collections::HashSet<String>,
}

impl MakeupCanvas {
    /// Whether a block is being moved or resized.
    pub fn is_dragging(&self) -> bool {
        self.drag.is_some()
    }

    /// The blocks' widgets, handles, ghosts and keys over a page drawn on `canvas`.
    /// `page_response` is the page canvas's own response (for drops from the tree).
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        canvas: &Canvas,
        page: &PageList,
        view: &MakeupView<'_>,
        page_response: &egui::Response,
        commands: &mut Vec<AppCommand>,
    ) {
        self.page_numbers = view.issue.pages.iter().map(|p| p.number).collect();
        if self
            .selected_block
            .as_ref()
            .is_some_and(|b| Some(&b.article) != view.selected)
        {
            self.selected_block = None;
        }
        let Some(grid) = BlockGrid::of_page(page) else {
            return;
        };
        let painter = ui.painter_at(page_response.rect);
        draw_selection(
            &painter,
            canvas,
            page,
            view.selected,
            self.selected_block.as_ref(),
        );
        // With Space held a left drag pans the page: no block takes the pointer.
        let panning = ui.input(|i| i.key_down(Key::Space));
        if !panning {
            for block in &page.blocks {
                self.block_ui(ui, canvas, page, block, view, commands);
            }
            self.handles_ui(ui, canvas, page, view);
        }
        self.drag_ui(ui, canvas, &grid, page.number, view, commands);
        self.drop_ui(ui, canvas, &grid, page, view, page_response, commands);
        self.keys_ui(ui, page.number, view, commands);
    }

    /// One block's widget: click selects, double click opens it in the form, a drag
    /// moves it, a middle drag pans, right click opens the block menu.
    fn block_ui(
        &mut self,
        ui: &mut egui::Ui,
        canvas: &Canvas,
        page: &PageList,
        block: &BlockReport,
        view: &MakeupView<'_>,
        commands: &mut Vec<AppCommand>,
    ) {
        let block_ref = BlockRef {
            article: block.article.clone(),
            part: block.part,
        };
        let Some(rect) = grid_rect_of(view.issue, page.number, &block_ref) else {
            return;
        };
        let screen = canvas.rect(&block.rect);
        let id = ui.scope_id().with(("block", &block.article, block.part));
        let response = ui.interact(screen, id, Sense::CLICK | Sense::DRAG);
        let title = block_title(view.issue, &block_ref);
        response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::GenericContainer, true, format!("版块 {title}"))
        });
        let response = self.photo_tooltip(response, canvas, page, view.issue);
        let response = self.overflow_tooltip(ui, response, block, view.issue);
        pan_on_middle_drag(ui, &response);
        // The block is held where the button went down, not where the drag was noticed.
        if response.drag_started_by(PointerButton::Primary)
            && let Some(pointer) = ui
                .input(|i| i.pointer.press_origin())
                .or(response.interact_pointer_pos())
        {
            let (x, y) = canvas.to_page(pointer);
            if let Some(grid) = BlockGrid::of_page(page) {
                let (column, line) = grid.cell_at(x, y);
                self.drag = Some(BlockDrag {
                    block: block_ref.clone(),
                    grip: Grip::BODY,
                    start: rect,
                    grab: (column - i64::from(rect.column), line - i64::from(rect.line)),
                    current: rect,
                });
            }
            self.select(ui, &block_ref, view, commands);
        }
        if response.clicked() || response.secondary_clicked() {
            self.select(ui, &block_ref, view, commands);
        }
        if response.double_clicked() {
            open_in_form(
                canvas,
                page,
                &block_ref,
                response.interact_pointer_pos(),
                commands,
            );
        }
        if response.hovered() && self.drag.is_none() {
            ui.ctx().set_cursor_icon(CursorIcon::Grab);
        }
        self.block_menu_ui(&response, page.number, &block_ref, commands);
    }

    fn select(
        &mut self,
        ui: &egui::Ui,
        block: &BlockRef,
        view: &MakeupView<'_>,
        commands: &mut Vec<AppCommand>,
    ) {
        self.selected_block = Some(block.clone());
        // The page takes the keyboard: arrows and Delete act on the block, not on a field.
        ui.memory_mut(|memory| {
            if let Some(focused) = memory.focused() {
                memory.surrender_focus(focused);
            }
        });
        if view.selected != Some(&block.article) {
            commands.push(AppCommand::SelectOnPage(block.article.clone()));
        }
    }

    /// they win the pointer where they overlap a block's edge.
    fn handles_ui(
        &mut self,
        ui: &mut egui::Ui,
        canvas: &Canvas,
        page: &PageList,
        view: &MakeupView<'_>,
    ) {
        let Some(selected) = self.selected_block.clone() else {
            return;
        };
        let Some(block) = page
            .blocks
            .iter()
            .find(|b| b.article == selected.article && b.part == selected.part)
        else {
            return;
        };
        let screen = match &self.drag {
            Some(drag) if drag.block == selected => BlockGrid::of_page(page)
                .map_or(canvas.rect(&block.rect), |g| {
                    canvas.rect(&g.rect_pt(drag.current))
                }),
            _ => canvas.rect(&block.rect),
        };
        for (grip, name) in Grip::handles() {
            let handle = Rect::from_center_size(grip.anchor(screen), Vec2::splat(HANDLE_HIT_SIZE));
            let id = ui
                .scope_id()
                .with(("handle", &selected.article, selected.part, name));
            let response = ui
                .interact(handle, id, Sense::DRAG)
                .on_hover_cursor(grip.cursor());
            response.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::GenericContainer, true, format!("调整{name}"))
            });
            ui.painter().rect(
                Rect::from_center_size(handle.center(), Vec2::splat(HANDLE_SIZE)),
                1.0,
                Color32::WHITE,
                Stroke::new(1.5, SELECTED_COLOUR),
                egui::StrokeKind::Inside,
            );
            if response.drag_started_by(PointerButton::Primary) && self.drag.is_none() {
                // Resizing starts from where the block is in the model, not on screen.
                if let Some(rect) = grid_rect_of(view.issue, page.number, &selected) {
                    self.drag = Some(BlockDrag {
                        block: selected.clone(),
                        grip,
                        start: rect,
                        grab: (0, 0),
                        current: rect,
                    });
                }
            }
        }
    }

    /// Follow the pointer while a block moves or resizes; on release, one edit.
    fn drag_ui(
        &mut self,
        ui: &mut egui::Ui,
        canvas: &Canvas,
        grid: &BlockGrid,
        page: u32,
        view: &MakeupView<'_>,
        commands: &mut Vec<AppCommand>,
    ) {
        let Some(mut drag) = self.drag.take() else {
            return;
        };
        if ui.input(|i| i.key_pressed(Key::Escape)) {
            return;
        }
        if let Some(pointer) = ui.input(|i| i.pointer.interact_pos()) {
            let (x, y) = canvas.to_page(pointer);
            drag.current = dragged_rect(grid, &drag, x, y);
        }
        let verdict = check_rect(
            view.issue,
            view.grids,
            page,
            drag.current,
            &drag.block.article,
            Some(&drag.block),
        );
        draw_ghost(ui, canvas, grid, drag.current, verdict.is_ok());
        ui.ctx().set_cursor_icon(if drag.grip.is_body() {
            CursorIcon::Grabbing
        } else {
            drag.grip.cursor()
        });
        if ui.input(|i| i.pointer.primary_down()) {
            self.drag = Some(drag);
            return;
        }
        if drag.current == drag.start {
            return;
        }
        let edit = if drag.grip.is_body() {
            Edit::MoveBlock {
                block: drag.block,
                page,
                column: drag.current.column,
                line: drag.current.line,
            }
        } else {
            Edit::ResizeBlock {
                block: drag.block,
                rect: drag.current,
            }
        };
        commands.push(AppCommand::Edit(edit));
    }

    /// Arrow keys nudge the selected block, Delete sends it back to the pool, Enter
    /// opens it in the form; not while a text field has the keyboard.
    fn keys_ui(
        &mut self,
        ui: &mut egui::Ui,
        page: u32,
        view: &MakeupView<'_>,
        commands: &mut Vec<AppCommand>,
    ) {
        let Some(block) = self.selected_block.clone() else {
            return;
        };
        if ui.ctx().text_edit_focused() || self.drag.is_some() {
            return;
        }
        let Some(rect) = grid_rect_of(view.issue, page, &block) else {
            return;
        };
        let (step, pressed) = ui.input(|i| {
            // The event's own modifiers: Shift as it was when the arrow went down.
            let nudge = i.events.iter().find_map(|event| match event {
                egui::Event::Key {
                    key,
                    pressed: true,
                    modifiers,
                    ..
                } => nudge_of(*key, modifiers.shift),
                _ => None,
            });
            let pressed = |key| i.key_pressed(key);
            (
                nudge,
                [
                    pressed(Key::Delete),
                    pressed(Key::Backspace),
                    pressed(Key::Enter),
                ],
            )
        });
        if let Some((columns, lines)) = step {
            let column = i64::from(rect.column) + columns;
            let line = i64::from(rect.line) + lines;
            // Off the grid's edge is refused by the edit, which says why.
            commands.push(AppCommand::Edit(Edit::MoveBlock {
                block,
                page,
                column: u32::try_from(column).unwrap_or(u32::MAX),
                line: u32::try_from(line).unwrap_or(u32::MAX),
            }));
        } else if pressed[0] || pressed[1] {
            self.selected_block = None;
            commands.push(AppCommand::Makeup(MakeupCommand::RemoveBlock(block)));
        } else if pressed[2] {
            commands.push(AppCommand::JumpTo {
                article: block.article,
                field: Some(crate::model::TextField::Body),
                char_index: 0,
            });
        }
    }

    /// The right-click menu of a block: 适应文字, 续排到第N版, 移回稿件池, 编辑稿件.
    fn block_menu_ui(
        &self,
        response: &egui::Response,
        this_page: u32,
        block: &BlockRef,
        commands: &mut Vec<AppCommand>,
    ) {
        use MakeupCommand as M;
        let page_numbers = &self.page_numbers;
        response.context_menu(|ui| {
            let chosen = |ui: &mut egui::Ui, label: &str| {
                let clicked = ui.button(label).clicked();
                if clicked {
                    ui.close();
                }
                clicked
            };
            if chosen(ui, "适应文字") {
                commands.push(AppCommand::Makeup(M::FitBlock(block.clone())));
            }
            for number in page_numbers.iter().filter(|n| **n != this_page) {
                if chosen(ui, &format!("续排到第{number}版")) {
                    commands.push(AppCommand::Makeup(M::ContinueOn {
                        article: block.article.clone(),
                        page: *number,
                    }));
                }
            }
            if chosen(ui, "移回稿件池") {
                commands.push(AppCommand::Makeup(M::RemoveBlock(block.clone())));
            }
            if chosen(ui, "编辑稿件") {
                commands.push(AppCommand::Select(block.article.clone()));
            }
        });
    }
}

/// The (columns, lines) an arrow key moves a block; Shift moves it five lines.
fn nudge_of(key: Key, shift: bool) -> Option<(i64, i64)> {
    let lines = if shift { LONG_NUDGE_LINES } else { 1 };
    match key {
        Key::ArrowLeft => Some((-1, 0)),
        Key::ArrowRight => Some((1, 0)),
        Key::ArrowUp => Some((0, -lines)),
        Key::ArrowDown => Some((0, lines)),
        _ => None,
    }
}

/// The rectangle a drag puts the block in, with the pointer at page point `(x, y)`.
fn dragged_rect(grid: &BlockGrid, drag: &BlockDrag, x: f32, y: f32) -> GridRect {
    let start = drag.start;
    if drag.grip.is_body() {
        let (column, line) = grid.cell_at(x, y);
        return grid.clamp(
            column - drag.grab.0,
            line - drag.grab.1,
            start.span,
            start.depth,
        );
    }
    let mut left = start.column;
    let mut right = start.column + start.span;
    let mut top = start.line;
    let mut bottom = start.line + start.depth;
    // Each side snaps to the nearest edge and keeps at least one column or line.
    if drag.grip.left {
        left = grid.nearest_left_edge(x).min(right - 1);
    }
    if drag.grip.right {
        right = grid.nearest_right_edge(x).max(left + 1);
    }
    if drag.grip.top {
        top = grid.nearest_line_edge(y).min(bottom - 1);
    }
    if drag.grip.bottom {
        bottom = grid.nearest_line_edge(y).max(top + 1);
    }
    GridRect {
        column: left,
        span: right - left,
        line: top,
        depth: bottom - top,
    }
}

/// Pan the page by the pointer's movement while the middle button drags.
pub fn pan_on_middle_drag(ui: &egui::Ui, response: &egui::Response) {
    if response.dragged_by(PointerButton::Middle) {
        ui.scroll_with_delta(pan_delta(ui, response));
        ui.ctx().set_cursor_icon(CursorIcon::Grabbing);
    }
}

/// How far the page moves this frame while it is dragged: on the frame the drag is
/// recognised, everything since the button went down (egui waits for a few points of
/// movement before it calls a press a drag), then the frame's movement.
pub fn pan_delta(ui: &egui::Ui, response: &egui::Response) -> Vec2 {
    if response.drag_started() {
        let moved = ui.input(|i| Some(i.pointer.interact_pos()? - i.pointer.press_origin()?));
        if let Some(moved) = moved {
            return moved;
        }
    }
    response.drag_delta()
}

/// The block's grid rectangle as the model has it.
fn grid_rect_of(issue: &Issue, page: u32, block: &BlockRef) -> Option<GridRect> {
    let (page_index, index) = crate::model::makeup::find_block(issue, block)?;
    let on_page = &issue.pages[page_index];
    (on_page.number == page).then(|| on_page.placements[index].rect())
}

/// A block's name in lists and for assistive technology: the article's headline, marked
/// 续 for a continuation.
pub fn block_title(issue: &Issue, block: &BlockRef) -> String {
    let title = issue
        .article(&block.article)
        .map(super::issue_tree::article_title)
        .unwrap_or_else(|| block.article.to_string());
    super::issue_tree::marked_title(title, block.part > 0)
}

/// Double click: the article in the form, with the cursor at the character clicked.
fn open_in_form(
    canvas: &Canvas,
    page: &PageList,
    block: &BlockRef,
    pointer: Option<Pos2>,
    commands: &mut Vec<AppCommand>,
) {
    let glyph = pointer.and_then(|p| {
        let (x, y) = canvas.to_page(p);
        page.glyph_at(x, y)
    });
    match glyph {
        Some((source, glyph, _)) if source.article == block.article => {
            commands.push(AppCommand::JumpTo {
                article: source.article.clone(),
                field: source.field,
                char_index: glyph.char_index,
            })
        }
        _ => commands.push(AppCommand::JumpTo {
            article: block.article.clone(),
            field: Some(crate::model::TextField::Body),
            char_index: 0,
        }),
    }
}

/// A translucent rectangle where a dragged block would land: green where it fits, red
/// where it would overlap or leave the page.
pub(super) fn draw_ghost(
    ui: &egui::Ui,
    canvas: &Canvas,
    grid: &BlockGrid,
    rect: GridRect,
    fits: bool,
) {
    let screen = canvas.rect(&grid.rect_pt(rect));
    let (fill, edge) = if fits {
        (FITS_COLOUR, Color32::from_rgb(0x1E, 0x7B, 0x34))
    } else {
        (REFUSED_COLOUR, theme::ERROR_COLOUR)
    };
    let painter = ui.painter();
    painter.rect(
        screen,
        0.0,
        fill,
        Stroke::new(2.0, edge),
        egui::StrokeKind::Inside,
    );
}

/// The selected article's blocks framed; the selected block framed more strongly.
fn draw_selection(
    painter: &egui::Painter,
    canvas: &Canvas,
    page: &PageList,
    article: Option<&ArticleId>,
    block: Option<&BlockRef>,
) {
    let Some(article) = article else {
        return;
    };
    for report in page.blocks.iter().filter(|b| &b.article == article) {
        let is_block = block.is_some_and(|b| b.part == report.part);
        let width = if is_block { 3.0 } else { 2.0 };
        let rect = canvas.rect(&report.rect);
        painter.rect_filled(
            rect,
            0.0,
            Color32::from_rgba_premultiplied(0x38, 0x1B, 0x00, 0x10),
        );
        painter.rect_stroke(
            rect,
            0.0,
            Stroke::new(width, SELECTED_COLOUR),
            egui::StrokeKind::Outside,
        );
    }
}
