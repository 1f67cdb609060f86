//! The 版面 view: the selected page drawn from its display list, with zoom, pan, the
//! column grid, block frames and overflow markers. Clicking text jumps to it in the form.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use egui::{Color32, FontId, Pos2, Rect, RichText, Sense, Stroke, TextureHandle, Vec2};

use crate::store::photo::{decode_photo, resolve_photo};
use crate::typeset::display::{DisplayItem, GlyphRun, ImageBox, PageList, RectPt, Rgb};

use super::command::AppCommand;
use super::fonts::family;
use super::theme;

/// Screen points per typographic point at 100 %: a point is 1/72 in, a screen point 1/96 in.
const ACTUAL_SIZE_SCALE: f32 = 96.0 / crate::units::PT_PER_INCH;
/// The accessible name of the page canvas.
pub const PREVIEW_LABEL: &str = "版面预览";
/// Photos are shown at most this many pixels on a side.
const PREVIEW_PHOTO_PX: u32 = 1024;
/// Zoom limits, as screen points per typographic point.
const MIN_SCALE: f32 = 0.1;
const MAX_SCALE: f32 = 8.0;

/// How the page is fitted to the view.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Zoom {
    /// The whole page visible.
    FitPage,
    /// The page's width fills the view.
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
    /// The folder photo paths are relative to (the issue file's folder).
    photo_folder: Option<PathBuf>,
    /// Decoded photos by path; `None` for a photo that could not be loaded.
    photos: HashMap<String, Option<TextureHandle>>,
    /// Blocks the page preflight found fault with: (page, article, colour), framed.
    pub preflight: Vec<(u32, crate::model::ArticleId, Color32)>,
    /// The block whose right-click menu is open.
    menu_block: Option<crate::model::BlockRef>,
    /// The page numbers, for 续排到第N版.
    page_numbers: Vec<u32>,
}

impl Default for PagePreview {
    fn default() -> Self {
        PagePreview {
            page_number: 1,
            zoom: Zoom::FitPage,
            show_grid: false,
            show_frames: true,
            photo_folder: None,
            photos: HashMap::new(),
            preflight: Vec::new(),
            menu_block: None,
            page_numbers: Vec::new(),
        }
    }
}

impl PagePreview {
    /// Set the folder photo paths are relative to; forgets photos loaded from another.
    pub fn set_photo_folder(&mut self, folder: Option<&Path>) {
        if self.photo_folder.as_deref() != folder {
            self.photo_folder = folder.map(Path::to_path_buf);
            self.photos.clear();
        }
    }

    /// The photo's texture, decoded on first use.
    fn photo_texture(&mut self, ctx: &egui::Context, path: &str) -> Option<TextureHandle> {
        let folder = self.photo_folder.clone()?;
        self.photos
            .entry(path.to_owned())
            .or_insert_with(|| {
                let file = resolve_photo(&folder, path).ok()?;
                let photo = decode_photo(&file, path, PREVIEW_PHOTO_PX).ok()?;
                let size = [photo.width_px as usize, photo.height_px as usize];
                let image = egui::ColorImage::from_rgba_unmultiplied(size, &photo.rgba);
                Some(ctx.load_texture(format!("photo:{path}"), image, egui::TextureOptions::LINEAR))
            })
            .clone()
    }

    /// Draw the toolbar and the page.
    pub fn ui(&mut self, ui: &mut egui::Ui, pages: &[PageList], commands: &mut Vec<AppCommand>) {
        self.page_numbers = pages.iter().map(|p| p.number).collect();
        self.toolbar_ui(ui, pages);
        ui.separator();
        let Some(page) = pages
            .iter()
            .find(|p| p.number == self.page_number)
            .or(pages.first())
        else {
            ui.label(RichText::new("没有版面").color(theme::WEAK_COLOUR));
            return;
        };
        self.page_ui(ui, page, commands);
    }

    fn toolbar_ui(&mut self, ui: &mut egui::Ui, pages: &[PageList]) {
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
            }
            if ui
                .selectable_label(self.zoom == Zoom::Scale(ACTUAL_SIZE_SCALE), "100%")
                .clicked()
            {
                self.zoom = Zoom::Scale(ACTUAL_SIZE_SCALE);
            }
            ui.separator();
            ui.checkbox(&mut self.show_grid, "栏格");
            ui.checkbox(&mut self.show_frames, "框线");
        });
        let overflow: usize = pages
            .iter()
            .flat_map(|p| &p.blocks)
            .map(|b| b.overflow_chars)
            .sum();
        if overflow > 0 {
            ui.label(RichText::new(format!("超版 {overflow} 字")).color(theme::ERROR_COLOUR));
        }
    }

    fn scale_for(&self, page: &PageList, view: Vec2) -> f32 {
        let scale = match self.zoom {
            Zoom::FitPage => (view.x / page.width_pt).min(view.y / page.height_pt),
            Zoom::FitWidth => view.x / page.width_pt,
            Zoom::Scale(scale) => scale,
        };
        scale.clamp(MIN_SCALE, MAX_SCALE)
    }

    fn page_ui(&mut self, ui: &mut egui::Ui, page: &PageList, commands: &mut Vec<AppCommand>) {
        // Leave room for the scroll bars so that a fitted page is never clipped.
        let view = ui.available_size() - Vec2::splat(24.0);
        let scale = self.scale_for(page, view);
        egui::ScrollArea::both()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                let size = Vec2::new(page.width_pt, page.height_pt) * scale;
                let (rect, response) = ui.allocate_exact_size(size, Sense::click());
                response.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::accesskit::Role::Canvas, true, PREVIEW_LABEL)
                });
                let canvas = Canvas {
                    origin: rect.min,
                    scale,
                };
                let painter = ui.painter_at(rect);
                painter.rect_filled(rect, 0.0, Color32::WHITE);
                draw_items(&painter, &canvas, page);
                for item in &page.items {
                    if let DisplayItem::Image(image) = item {
                        let texture = self.photo_texture(ui.ctx(), &image.path);
                        draw_photo(&painter, &canvas, image, texture.as_ref());
                    }
                }
                if self.show_grid {
                    draw_grid(&painter, &canvas, page);
                }
                if self.show_frames {
                    draw_frames(&painter, &canvas, page);
                }
                draw_overflow(&painter, &canvas, page);
                super::headline_hover::breaks_ui(
                    &painter,
                    rect.min,
                    scale,
                    page,
                    response.hover_pos(),
                );
                draw_preflight(&painter, &canvas, page, &self.preflight);
                if response.hovered() {
                    let zoom = ui.input(|i| i.zoom_delta());
                    if zoom != 1.0 {
                        self.zoom = Zoom::Scale((scale * zoom).clamp(MIN_SCALE, MAX_SCALE));
                    }
                }
                self.block_menu_ui(&response, &canvas, page, commands);
                if response.clicked()
                    && let Some(pointer) = response.interact_pointer_pos()
                {
                    let (x, y) = canvas.to_page(pointer);
                    if let Some((source, glyph, _)) = page.glyph_at(x, y) {
                        commands.push(AppCommand::JumpTo {
                            article: source.article.clone(),
                            field: source.field,
                            char_index: glyph.char_index,
                        });
                    }
                }
            });
    }
}

impl PagePreview {
    /// The right-click menu of the block under the pointer: 适应文字, 续排到第N版,
    /// 移回稿件池, 编辑稿件.
    fn block_menu_ui(
        &mut self,
        response: &egui::Response,
        canvas: &Canvas,
        page: &PageList,
        commands: &mut Vec<AppCommand>,
    ) {
        use super::command::MakeupCommand as M;
        if response.secondary_clicked()
            && let Some(pointer) = response.interact_pointer_pos()
        {
            let (x, y) = canvas.to_page(pointer);
            self.menu_block = page.blocks.iter().find(|b| b.rect.contains(x, y)).map(|b| {
                crate::model::BlockRef {
                    article: b.article.clone(),
                    part: b.part,
                }
            });
        }
        let Some(block) = self.menu_block.clone() else {
            return;
        };
        let page_numbers = self.page_numbers.clone();
        let this_page = page.number;
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
            ui.menu_button("续排到", |ui| {
                for number in page_numbers.iter().filter(|n| **n != this_page) {
                    let command = AppCommand::Makeup(M::ContinueOn {
                        article: block.article.clone(),
                        page: *number,
                    });
                    if ui.button(format!("第{number}版")).clicked() {
                        commands.push(command);
                        ui.close();
                    }
                }
            });
            if chosen(ui, "移回稿件池") {
                commands.push(AppCommand::Makeup(M::RemoveBlock(block.clone())));
            }
            if chosen(ui, "编辑稿件") {
                commands.push(AppCommand::Select(block.article.clone()));
            }
        });
    }
}

/// Maps page points to screen points.
struct Canvas {
    origin: Pos2,
    scale: f32,
}

impl Canvas {
    fn pos(&self, x: f32, y: f32) -> Pos2 {
        self.origin + Vec2::new(x, y) * self.scale
    }

    fn rect(&self, rect: &RectPt) -> Rect {
        Rect::from_min_size(
            self.pos(rect.x, rect.y),
            Vec2::new(rect.width, rect.height) * self.scale,
        )
    }

    fn to_page(&self, pos: Pos2) -> (f32, f32) {
        let offset = (pos - self.origin) / self.scale;
        (offset.x, offset.y)
    }
}

fn colour(rgb: Rgb) -> Color32 {
    Color32::from_rgb(rgb.0, rgb.1, rgb.2)
}

fn draw_items(painter: &egui::Painter, canvas: &Canvas, page: &PageList) {
    for item in &page.items {
        draw_item(painter, canvas, item);
    }
}

/// Draw one display item; photos are drawn afterwards by [`draw_photo`], which needs
/// their textures.
fn draw_item(painter: &egui::Painter, canvas: &Canvas, item: &DisplayItem) {
    match item {
        DisplayItem::Glyphs(run) => draw_run(painter, canvas, run),
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
fn draw_photo(
    painter: &egui::Painter,
    canvas: &Canvas,
    image: &ImageBox,
    texture: Option<&TextureHandle>,
) {
    let screen = canvas.rect(&image.rect);
    let Some(texture) = texture else {
        // The stand-in the typesetter laid out, as the PDF and PNG draw it.
        for stand_in in &image.missing {
            draw_item(painter, canvas, stand_in);
        }
        return;
    };
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

/// Draw each glyph where the typesetter put it: one character per galley, placed by its
/// baseline, so egui never breaks or positions the page's text itself.
fn draw_run(painter: &egui::Painter, canvas: &Canvas, run: &GlyphRun) {
    let size = run.size_pt * canvas.scale;
    if size < 1.0 {
        return;
    }
    let font = FontId::new(size, family(run.face));
    let ink = colour(run.colour);
    for glyph in &run.glyphs {
        let galley = painter.layout_no_wrap(glyph.ch.to_string(), font.clone(), ink);
        let baseline_in_galley = galley
            .rows
            .first()
            .and_then(|row| row.row.glyphs.first().map(|g| row.pos.y + g.pos.y))
            .unwrap_or(size * 0.88);
        let pos = canvas.pos(glyph.x_pt, glyph.y_pt) - Vec2::new(0.0, baseline_in_galley);
        painter.galley(pos, galley, ink);
    }
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
        // A red tag in the block's corner: the count of characters that do not fit.
        let label = format!("+{}字", block.overflow_chars);
        let galley = painter.layout_no_wrap(label, FontId::proportional(13.0), Color32::WHITE);
        let corner = rect.right_bottom() - Vec2::new(4.0, 4.0);
        let tag = Rect::from_min_max(corner - galley.size(), corner);
        painter.rect_filled(tag.expand(2.0), 2.0, theme::ERROR_COLOUR);
        painter.galley(tag.min, galley, Color32::WHITE);
    }
}
