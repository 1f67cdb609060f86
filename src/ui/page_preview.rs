//! The 版面 view: the selected page drawn from its display list, with zoom, pan, the
//! column grid, block frames and overflow markers. Clicking text jumps to it in the form.

use std::path::Path;

use egui::{Color32, FontId, Pos2, Rect, RichText, Sense, Stroke, TextureHandle, Vec2};

use crate::typeset::display::{DisplayItem, ImageBox, PageList, RectPt, Rgb};

use super::command::AppCommand;
use super::makeup_canvas::{MakeupCanvas, MakeupView, pan_on_middle_drag};
use super::preview_photos::PreviewPhotos;
use super::run_galleys::RunGalleys;
use super::theme;

/// Screen points per typographic point at 100 %: a point is 1/72 in, a screen point 1/96 in.
const ACTUAL_SIZE_SCALE: f32 = 96.0 / crate::units::PT_PER_INCH;
/// The accessible name of the page canvas.
pub const PREVIEW_LABEL: &str = "版面预览";
/// Zoom limits, as screen points per typographic point.
const MIN_SCALE: f32 = 0.1;
const MAX_SCALE: f32 = 8.0;

/// How the page is fitted to the view.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Zoom {
    /// The whole page visible.
    FitPage,
    /// The type area's width (the columns, without the margins) fills the view: the
    /// text as large as the view allows while every column stays in sight.
    FitWidth,
    /// A fixed scale (screen points per typographic point).
    Scale(f32),
}

/// The page preview panel.
pub struct PagePreview {
    /// The page shown (its number).
    pub page_number: u32,
    /// The zoom.
    pub zoom: Zoom,
    /// Whether the column grid is drawn.
    pub show_grid: bool,
    /// Whether block frames are drawn.
    pub show_frames: bool,
    /// The glyph runs laid out, kept from frame to frame.
    run_galleys: RunGalleys,
    /// The photos, decoded in the background.
    photos: PreviewPhotos,
    /// Blocks the page preflight found fault with: (page, article, colour), framed.
    pub preflight: Vec<(u32, crate::model::ArticleId, Color32)>,
    /// Blocks selected, moved and resized; articles dropped from the tree.
    pub makeup: MakeupCanvas,
    /// The scroll area as the last frame left it: offset, viewport, page origin, scale.
    /// Zooming about the pointer needs them.
    last_offset: Vec2,
    last_viewport: Rect,
    last_origin: Pos2,
    last_scale: f32,
    /// Scroll the type area's left edge into view on the next frame (after 适合宽度).
    align_type_area: bool,
}

impl Default for PagePreview {
    fn default() -> Self {
        PagePreview {
            page_number: 1,
            zoom: Zoom::FitPage,
            show_grid: false,
            show_frames: true,
            run_galleys: RunGalleys::default(),
            photos: PreviewPhotos::default(),
            preflight: Vec::new(),
            makeup: MakeupCanvas::default(),
            last_offset: Vec2::ZERO,
            last_viewport: Rect::NOTHING,
            last_origin: Pos2::ZERO,
            last_scale: 1.0,
            align_type_area: false,
        }
    }
}

impl PagePreview {
    /// Set the folder photo paths are relative to; forgets photos loaded from another.
    pub fn set_photo_folder(&mut self, folder: Option<&Path>) {
        self.photos.set_folder(folder);
    }

    /// Draw the toolbar and the page, with the make-up over it.
    pub fn ui(&mut self, ui: &mut egui::Ui, view: &MakeupView<'_>, commands: &mut Vec<AppCommand>) {
        let pages = view.pages;
        self.toolbar_ui(ui, view, commands);
        ui.separator();
        let Some(page) = pages
            .iter()
            .find(|p| p.number == self.page_number)
            .or(pages.first())
        else {
            ui.label(RichText::new("没有版面").color(theme::WEAK_COLOUR));
            return;
        };
        self.page_ui(ui, page, view, commands);
    }

    fn toolbar_ui(
        &mut self,
        ui: &mut egui::Ui,
        view: &MakeupView<'_>,
        commands: &mut Vec<AppCommand>,
    ) {
        let pages = view.pages;
        ui.horizontal_wrapped(|ui| {
            for page in pages {
                let label = format!("第{}版", page.number);
                if ui
                    .selectable_label(self.page_number == page.number, label)
                    .clicked()
                {
                    self.page_number = page.number;
                }
            }
            ui.separator();
            if ui
                .selectable_label(self.zoom == Zoom::FitPage, "适合页面")
                .clicked()
            {
                self.zoom = Zoom::FitPage;
            }
            if ui
                .selectable_label(self.zoom == Zoom::FitWidth, "适合宽度")
                .clicked()
            {
                self.zoom = Zoom::FitWidth;
                self.align_type_area = true;
            }
            if ui
                .selectable_label(self.zoom == Zoom::Scale(ACTUAL_SIZE_SCALE), "100%")
                .clicked()
            {
                self.zoom = Zoom::Scale(ACTUAL_SIZE_SCALE);
            }
            ui.label(RichText::new(zoom_label(self.shown_scale())).color(theme::WEAK_COLOUR))
                .on_hover_text("Ctrl+滚轮缩放\u{FF0C}中键或空格+拖动平移");
            ui.separator();
            ui.checkbox(&mut self.show_grid, "栏格");
            ui.checkbox(&mut self.show_frames, "框线");
        });
        overflow_ui(ui, view, commands);
    }

    /// The scale the page was last drawn at.
    fn shown_scale(&self) -> f32 {
        match self.zoom {
            Zoom::Scale(scale) => scale,
            _ => self.last_scale,
        }
    }

    fn scale_for(&self, page: &PageList, view: Vec2) -> f32 {
        let scale = match self.zoom {
            Zoom::FitPage => (view.x / page.width_pt).min(view.y / page.height_pt),
            Zoom::FitWidth => view.x / type_area(page).map_or(page.width_pt, |(_, w)| w),
            Zoom::Scale(scale) => scale,
        };
        scale.clamp(MIN_SCALE, MAX_SCALE)
    }

    fn page_ui(
        &mut self,
        ui: &mut egui::Ui,
        page: &PageList,
        view: &MakeupView<'_>,
        commands: &mut Vec<AppCommand>,
    ) {
        // Leave room for the scroll bars so that a fitted page is never clipped.
        let view_size = ui.available_size() - Vec2::splat(24.0);
        let mut scale = self.scale_for(page, view_size);
        let mut area = egui::ScrollArea::both().auto_shrink([false, false]);
        if let Some((zoomed, offset)) = self.zoom_about_pointer(ui, scale) {
            scale = zoomed;
            area = area.scroll_offset(offset);
        } else if std::mem::take(&mut self.align_type_area)
            && let Some((left_pt, _)) = type_area(page)
        {
            area = area.scroll_offset(Vec2::new(left_pt * scale, self.last_offset.y));
        }
        self.last_scale = scale;
        let output = area.show(ui, |ui| {
            let size = Vec2::new(page.width_pt, page.height_pt) * scale;
            let (rect, response) = ui.allocate_exact_size(size, Sense::click_and_drag());
            response.widget_info(|| {
                egui::WidgetInfo::labeled(egui::accesskit::Role::Canvas, true, PREVIEW_LABEL)
            });
            let canvas = Canvas {
                origin: rect.min,
                scale,
            };
            self.draw_page(ui, &canvas, rect, page, &response);
            self.makeup.missing_photos = self.photos.missing();
            self.makeup.ui(ui, &canvas, page, view, &response, commands);
            pan_with(ui, &response);
            if response.clicked() {
                // A click beside every block clears the block selection.
                self.makeup.selected_block = None;
            }
            rect.min
        });
        self.last_offset = output.state.clamped_offset();
        self.last_viewport = output.inner_rect;
        self.last_origin = output.inner;
    }

    /// Draw one display item: text from the kept galleys, the rest as shapes.
    fn draw_item(&mut self, painter: &egui::Painter, canvas: &Canvas, item: &DisplayItem) {
        match item {
            DisplayItem::Glyphs(run) => {
                // Runs off screen are not laid out: zoomed in, the whole page's glyphs at
                // that size would fill egui's font atlas.
                let on_screen = super::run_galleys::screen_rect(run, canvas.origin, canvas.scale);
                if !on_screen.intersects(painter.clip_rect()) {
                    return;
                }
                if let Some(galley) = self.run_galleys.galley(painter, canvas.scale, run) {
                    painter.galley(canvas.origin, galley, Color32::BLACK);
                }
            }
            other => draw_shape(painter, canvas, other),
        }
    }

    /// Ctrl+wheel (or a pinch) over the page: the new scale, and the scroll offset that
    /// keeps the page point under the pointer where it is.
    fn zoom_about_pointer(&mut self, ui: &egui::Ui, scale: f32) -> Option<(f32, Vec2)> {
        let factor = ui.input(|i| i.zoom_delta());
        if factor == 1.0 {
            return None;
        }
        let pointer = ui.input(|i| i.pointer.hover_pos())?;
        if !self.last_viewport.contains(pointer) {
            return None;
        }
        let zoomed = (scale * factor).clamp(MIN_SCALE, MAX_SCALE);
        let under_pointer = (pointer - self.last_origin) / scale;
        let offset = (self.last_offset + under_pointer * (zoomed - scale)).max(Vec2::ZERO);
        self.zoom = Zoom::Scale(zoomed);
        // The toolbar above was drawn at the old zoom: show the new level at once.
        ui.ctx().request_repaint();
        Some((zoomed, offset))
    }

    /// The page's display list, photos, grid, frames, overflow and marks.
    fn draw_page(
        &mut self,
        ui: &egui::Ui,
        canvas: &Canvas,
        rect: Rect,
        page: &PageList,
        response: &egui::Response,
    ) {
        let painter = ui.painter_at(rect);
        painter.rect_filled(rect, 0.0, Color32::WHITE);
        self.run_galleys.begin(&painter);
        for item in &page.items {
            self.draw_item(&painter, canvas, item);
        }
        for item in &page.items {
            if let DisplayItem::Image(image) = item {
                match self.photos.texture(ui.ctx(), &image.path) {
                    Some(texture) => draw_photo(&painter, canvas, image, &texture),
                    // The stand-in the typesetter laid out, as the PDF and PNG draw it.
                    None => {
                        for stand_in in &image.missing {
                            self.draw_item(&painter, canvas, stand_in);
                        }
                    }
                }
            }
        }
        self.run_galleys.end();
        // The grid shows while a block or an article is dragged: it is what they snap to.
        let dragging = self.makeup.is_dragging()
            || egui::DragAndDrop::has_payload_of_type::<super::makeup_drop::DraggedArticle>(
                ui.ctx(),
            );
        if self.show_grid || dragging {
            draw_grid(&painter, canvas, page);
        }
        if self.show_frames {
            draw_frames(&painter, canvas, page);
        }
        draw_overflow(&painter, canvas, page);
        if !self.makeup.is_dragging() {
            super::headline_hover::breaks_ui(
                &painter,
                rect.min,
                canvas.scale,
                page,
                ui.input(|i| i.pointer.hover_pos())
                    .filter(|p| response.rect.contains(*p)),
            );
        }
        draw_preflight(&painter, canvas, page, &self.preflight);
    }
}

/// The type area's left edge and width: from the first column to the end of the last.
fn type_area(page: &PageList) -> Option<(f32, f32)> {
    let first = page.grid_columns.first()?;
    let last = page.grid_columns.last()?;
    let width = last.x + last.width - first.x;
    (width > 0.0).then_some((first.x, width))
}

/// Pan the page with the middle button, or with Space held and the left button.
fn pan_with(ui: &egui::Ui, response: &egui::Response) {
    pan_on_middle_drag(ui, response);
    let space = ui.input(|i| i.key_down(egui::Key::Space));
    if space && response.dragged_by(egui::PointerButton::Primary) {
        ui.scroll_with_delta(super::makeup_canvas::pan_delta(ui, response));
        ui.ctx().set_cursor_icon(egui::CursorIcon::Grabbing);
    } else if space && response.contains_pointer() {
        ui.ctx().set_cursor_icon(egui::CursorIcon::Grab);
    }
}

/// The zoom level as the toolbar shows it: 100 % is the page at its printed size.
fn zoom_label(scale: f32) -> String {
    format!("{:.0}%", scale / ACTUAL_SIZE_SCALE * 100.0)
}

/// Which articles run over, by name, with the characters that do not fit; a click
/// selects the article.
fn overflow_ui(ui: &mut egui::Ui, view: &MakeupView<'_>, commands: &mut Vec<AppCommand>) {
    let mut overflowing: Vec<(u32, &crate::typeset::display::BlockReport)> = view
        .pages
        .iter()
        .flat_map(|p| p.blocks.iter().map(move |b| (p.number, b)))
        .filter(|(_, b)| b.overflow_chars > 0)
        .collect();
    if overflowing.is_empty() {
        return;
    }
    overflowing.sort_by_key(|(page, _)| *page);
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new("超版").color(theme::ERROR_COLOUR).strong());
        for (page, block) in overflowing {
            let block_ref = crate::model::BlockRef {
                article: block.article.clone(),
                part: block.part,
            };
            let title = super::makeup_canvas::block_title(view.issue, &block_ref);
            let text = format!(
                "第{page}版\u{300A}{title}\u{300B}{}字",
                block.overflow_chars
            );
            if ui
                .link(RichText::new(text).color(theme::ERROR_COLOUR))
                .on_hover_text("这些字排不下\u{FF1A}加大版块、删减或续排到别的版")
                .clicked()
            {
                commands.push(AppCommand::SelectOnPage(block.article.clone()));
            }
        }
    });
}

/// Maps page points to screen points.
pub struct Canvas {
    /// Where the page's top left corner is on screen.
    pub origin: Pos2,
    /// Screen points per page point.
    pub scale: f32,
}

impl Canvas {
    /// A page point on screen.
    pub fn pos(&self, x: f32, y: f32) -> Pos2 {
        self.origin + Vec2::new(x, y) * self.scale
    }

    /// A page rectangle on screen.
    pub fn rect(&self, rect: &RectPt) -> Rect {
        Rect::from_min_size(
            self.pos(rect.x, rect.y),
            Vec2::new(rect.width, rect.height) * self.scale,
        )
    }

    /// A screen point on the page.
    pub fn to_page(&self, pos: Pos2) -> (f32, f32) {
        let offset = (pos - self.origin) / self.scale;
        (offset.x, offset.y)
    }
}

fn colour(rgb: Rgb) -> Color32 {
    Color32::from_rgb(rgb.0, rgb.1, rgb.2)
}

/// Draw one display item other than text (drawn from [`RunGalleys`]); photos are drawn
/// afterwards by [`draw_photo`], which needs their textures.
fn draw_shape(painter: &egui::Painter, canvas: &Canvas, item: &DisplayItem) {
    match item {
        DisplayItem::Glyphs(_) => {}
        DisplayItem::Rule(rule) => {
            painter.line_segment(
                [
                    canvas.pos(rule.from.0, rule.from.1),
                    canvas.pos(rule.to.0, rule.to.1),
                ],
                Stroke::new((rule.width_pt * canvas.scale).max(0.5), colour(rule.colour)),
            );
        }
        DisplayItem::Rect(rect) => {
            let screen = canvas.rect(&rect.rect);
            if let Some(fill) = rect.fill {
                painter.rect_filled(screen, 0.0, colour(fill));
            }
            if let Some((ink, width)) = rect.stroke {
                painter.rect_stroke(
                    screen,
                    0.0,
                    Stroke::new(width * canvas.scale, colour(ink)),
                    egui::StrokeKind::Inside,
                );
            }
        }
        DisplayItem::Image(_) => {}
    }
}

/// Draw a photo cropped to fill its box, or a marked empty box when it cannot be loaded.
fn draw_photo(painter: &egui::Painter, canvas: &Canvas, image: &ImageBox, texture: &TextureHandle) {
    let screen = canvas.rect(&image.rect);
    let [width, height] = texture.size();
    let image_aspect = width as f32 / height.max(1) as f32;
    let box_aspect = image.rect.width / image.rect.height.max(0.01);
    // Crop the longer side so the photo fills the box without distortion.
    let uv = if image_aspect > box_aspect {
        let keep = box_aspect / image_aspect;
        Rect::from_min_max(
            Pos2::new((1.0 - keep) / 2.0, 0.0),
            Pos2::new((1.0 + keep) / 2.0, 1.0),
        )
    } else {
        let keep = image_aspect / box_aspect;
        Rect::from_min_max(
            Pos2::new(0.0, (1.0 - keep) / 2.0),
            Pos2::new(1.0, (1.0 + keep) / 2.0),
        )
    };
    painter.image(texture.id(), screen, uv, Color32::WHITE);
}

fn draw_grid(painter: &egui::Painter, canvas: &Canvas, page: &PageList) {
    let fill = Color32::from_rgba_unmultiplied(0x40, 0x80, 0xFF, 18);
    let line = Stroke::new(0.5, Color32::from_rgba_unmultiplied(0x40, 0x80, 0xFF, 50));
    for column in &page.grid_columns {
        let rect = canvas.rect(column);
        painter.rect_filled(rect, 0.0, fill);
        let mut y = column.y;
        while y <= column.y + column.height + 0.01 {
            painter.line_segment(
                [
                    canvas.pos(column.x, y),
                    canvas.pos(column.x + column.width, y),
                ],
                line,
            );
            y += page.line_pitch_pt;
        }
    }
}

fn draw_frames(painter: &egui::Painter, canvas: &Canvas, page: &PageList) {
    let stroke = Stroke::new(1.0, Color32::from_rgba_unmultiplied(0x1A, 0x5F, 0xB4, 120));
    for block in &page.blocks {
        painter.rect_stroke(
            canvas.rect(&block.rect),
            0.0,
            stroke,
            egui::StrokeKind::Inside,
        );
    }
}

/// A dashed frame in the finding's colour around each block the preflight marked.
fn draw_preflight(
    painter: &egui::Painter,
    canvas: &Canvas,
    page: &PageList,
    marks: &[(u32, crate::model::ArticleId, Color32)],
) {
    for (_, article, colour) in marks.iter().filter(|(n, _, _)| *n == page.number) {
        for block in page.blocks.iter().filter(|b| &b.article == article) {
            let rect = canvas.rect(&block.rect).shrink(3.0);
            let corners = [
                rect.left_top(),
                rect.right_top(),
                rect.right_bottom(),
                rect.left_bottom(),
                rect.left_top(),
            ];
            for pair in corners.windows(2) {
                painter.extend(egui::Shape::dashed_line(
                    pair,
                    Stroke::new(1.5, *colour),
                    6.0,
                    4.0,
                ));
            }
        }
    }
}

fn draw_overflow(painter: &egui::Painter, canvas: &Canvas, page: &PageList) {
    for block in page.blocks.iter().filter(|b| b.overflow_chars > 0) {
        let rect = canvas.rect(&block.rect);
        painter.rect_stroke(
            rect,
            0.0,
            Stroke::new(2.0, theme::ERROR_COLOUR),
            egui::StrokeKind::Inside,
        );
        let (tag, galley) = overflow_tag(painter, rect, block.overflow_chars);
        painter.rect_filled(tag, 2.0, theme::ERROR_COLOUR);
        painter.galley(tag.min + Vec2::splat(2.0), galley, Color32::WHITE);
    }
}

/// The red tag in a running-over block's corner, with the count of characters that do not
/// fit: where it goes on screen and its text.
pub fn overflow_tag(
    painter: &egui::Painter,
    block: Rect,
    overflow_chars: usize,
) -> (Rect, std::sync::Arc<egui::Galley>) {
    let label = format!("+{overflow_chars}字");
    let galley = painter.layout_no_wrap(label, FontId::proportional(13.0), Color32::WHITE);
    let corner = block.right_bottom() - Vec2::new(4.0, 4.0);
    let tag = Rect::from_min_max(corner - galley.size(), corner).expand(2.0);
    (tag, galley)
}
