//! The photos of the selected article: add (copied beside the issue), caption, credit,
//! reorder, remove.

use std::path::{Path, PathBuf};

use egui::{RichText, Ui};

use crate::model::{Article, ArticleId, Edit, Photo};
use crate::store::photo_import::import_photo;

use super::command::AppCommand;
use super::ime_text::committed_text_ui;
use super::panel::PanelContext;
use super::theme;

/// The photo editor of the article form.
#[derive(Default)]
pub struct PhotoEditor;

impl PhotoEditor {
    /// Draw the photos of `article` and the 添加图片 button.
    pub fn ui(&mut self, ui: &mut Ui, ctx: &mut PanelContext<'_>, article: &Article) {
        ui.add_space(theme::FORM_ROW_SPACING);
        ui.horizontal(|ui| {
            ui.label(RichText::new("图片").strong());
            if ui.button("添加图片").clicked()
                && let Some(source) = pick_photo()
            {
                ctx.emit(AppCommand::AddPhoto {
                    article: article.id.clone(),
                    source,
                });
            }
        });
        let count = article.photos.len();
        for index in 0..count {
            photo_ui(ui, ctx, article, index);
        }
    }
}

fn photo_ui(ui: &mut Ui, ctx: &mut PanelContext<'_>, article: &Article, index: usize) {
    let photos = &article.photos;
    let photo = &photos[index];
    let emit = |ctx: &mut PanelContext<'_>, photos: Vec<Photo>, typing: Option<String>| {
        ctx.emit(AppCommand::Edit(Edit::SetPhotos {
            article: article.id.clone(),
            photos,
            typing,
        }));
    };
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.label(format!("图片{} \u{2014} {}", index + 1, photo.path));
            let mut moved = None;
            if index > 0 && ui.button(format!("图片{}上移", index + 1)).clicked() {
                moved = Some(index - 1);
            }
            if index + 1 < photos.len() && ui.button(format!("图片{}下移", index + 1)).clicked()
            {
                moved = Some(index + 1);
            }
            if let Some(other) = moved {
                let mut reordered = photos.clone();
                reordered.swap(index, other);
                emit(ctx, reordered, None);
            }
            if ui.button(format!("删除图片{}", index + 1)).clicked() {
                let mut rest = photos.clone();
                rest.remove(index);
                emit(ctx, rest, None);
            }
        });
        for (part, label) in [("caption", "图注"), ("credit", "摄影")] {
            ui.horizontal(|ui| {
                let label = ui.label(format!("图片{}{label}", index + 1));
                let text = if part == "caption" {
                    &photo.caption
                } else {
                    &photo.credit
                };
                let id = ui.make_persistent_id(("photo", index, part));
                let (response, changed) =
                    committed_text_ui(ui, id, text, false, |e| e.desired_width(f32::INFINITY));
                let response = response.labelled_by(label.id);
                if let Some(value) = changed {
                    let mut edited = photos.clone();
                    if part == "caption" {
                        edited[index].caption = value;
                    } else {
                        edited[index].credit = value;
                    }
                    emit(ctx, edited, Some(format!("{index}.{part}")));
                }
                if response.lost_focus() {
                    ctx.emit(AppCommand::SealHistory);
                }
            });
        }
    });
}

fn pick_photo() -> Option<PathBuf> {
    rfd::FileDialog::new()
        .set_title("添加图片")
        .add_filter(
            "图片 (JPEG, PNG)",
            &["jpg", "jpeg", "png", "JPG", "JPEG", "PNG"],
        )
        .pick_file()
}

/// The edit that adds the photo at `source` to the article, after copying it into the
/// issue's `photos/` folder; or the message that says why it cannot be added.
pub fn add_photo_edit(
    article: &Article,
    issue_folder: Option<&Path>,
    source: &Path,
) -> Result<Edit, String> {
    let Some(folder) = issue_folder else {
        return Err("请先保存期次\u{FF0C}图片将复制到期次文件旁的 photos 文件夹".to_owned());
    };
    let relative = import_photo(folder, source).map_err(|e| format!("无法添加图片\u{FF1A}{e}"))?;
    let mut photos = article.photos.clone();
    photos.push(Photo {
        path: relative,
        caption: String::new(),
        credit: String::new(),
    });
    Ok(Edit::SetPhotos {
        article: article.id.clone(),
        photos,
        typing: None,
    })
}

/// Apply an `AddPhoto` command: the edit, or a message for the status bar.
pub fn add_photo(
    issue_article: Option<&Article>,
    article: &ArticleId,
    issue_folder: Option<&Path>,
    source: &Path,
) -> Result<Edit, String> {
    let Some(target) = issue_article else {
        return Err(format!("稿件 {article} 不存在"));
    };
    add_photo_edit(target, issue_folder, source)
}
