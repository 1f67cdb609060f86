//! Tooltips over the page's blocks: a photo's file and caption, the text that does not fit.

use crate::model::Issue;
use crate::typeset::display::{BlockReport, DisplayItem, PageList};

use super::makeup_canvas::MakeupCanvas;
use super::page_preview::Canvas;
use super::theme;

impl MakeupCanvas {
    /// Hovering the red 超版 tag shows the text that does not fit.
    pub(super) fn overflow_tooltip(
        &self,
        ui: &egui::Ui,
        response: egui::Response,
        block: &BlockReport,
        issue: &Issue,
    ) -> egui::Response {
        if block.overflow_chars == 0 || self.drag.is_some() {
            return response;
        }
        let (tag, _) =
            super::page_preview::overflow_tag(ui.painter(), response.rect, block.overflow_chars);
        if !response.hover_pos().is_some_and(|p| tag.contains(p)) {
            return response;
        }
        let Some(article) = issue.article(&block.article) else {
            return response;
        };
        let text = overflow_text(&article.body, block.overflow_chars);
        let count = block.overflow_chars;
        response.on_hover_ui_at_pointer(move |ui| {
            ui.set_max_width(360.0);
            ui.label(egui::RichText::new(format!("排不下的 {count} 字")).strong());
            ui.label(text);
            ui.label(
                egui::RichText::new("加大版块、删减\u{FF0C}或右键续排到别的版")
                    .color(theme::WEAK_COLOUR),
            );
        })
    }

    /// Hovering a photo names it, with its caption, in a tooltip.
    pub(super) fn photo_tooltip(
        &self,
        response: egui::Response,
        canvas: &Canvas,
        page: &PageList,
        issue: &Issue,
    ) -> egui::Response {
        if self.drag.is_some() {
            return response;
        }
        let Some(pointer) = response.hover_pos() else {
            return response;
        };
        let (x, y) = canvas.to_page(pointer);
        let image = page.items.iter().find_map(|item| match item {
            DisplayItem::Image(image) if image.rect.contains(x, y) => Some(image),
            _ => None,
        });
        let Some(image) = image else {
            return response;
        };
        let photo = issue
            .article(&image.article)
            .and_then(|a| a.photos.iter().find(|p| p.path == image.path));
        let caption = photo.map(|p| p.caption.clone()).unwrap_or_default();
        let credit = photo.map(|p| p.credit.clone()).unwrap_or_default();
        let missing = self.missing_photos.contains(&image.path);
        let path = image.path.clone();
        response.on_hover_ui_at_pointer(move |ui| {
            ui.label(egui::RichText::new(&path).strong());
            if !caption.is_empty() {
                ui.label(&caption);
            }
            if !credit.is_empty() {
                ui.label(&credit);
            }
            if missing {
                ui.colored_label(theme::ERROR_COLOUR, "找不到这张照片\u{FF0C}版面上是灰框");
            }
        })
    }
}

/// The start of the text that runs over: the last `overflow_chars` characters of the body
/// (line breaks are not counted), at most a short paragraph of them.
fn overflow_text(body: &str, overflow_chars: usize) -> String {
    const SHOWN: usize = 120;
    let chars: Vec<char> = body.chars().filter(|c| *c != '\n').collect();
    let start = chars.len().saturating_sub(overflow_chars);
    let shown: String = chars[start..].iter().take(SHOWN).collect();
    if chars.len() - start > SHOWN {
        format!("{shown}\u{2026}")
    } else {
        shown
    }
}
