//! The offer to replace an article with an imported version of it, showing what changed
//! field by field.

use egui::text::{LayoutJob, TextFormat};
use egui::{FontId, RichText, Stroke};

use crate::store::article_diff::{Change, FieldDiff};
use crate::store::import::ImportedArticle;

use super::command::{AppCommand, ReplaceChoice};
use super::issue_tree::article_title;
use super::theme;

/// Draw the offer; the answer goes out as [`AppCommand::AnswerReplace`].
pub fn replace_dialog_ui(
    ctx: &egui::Context,
    imported: &ImportedArticle,
    diff: &[FieldDiff],
    commands: &mut Vec<AppCommand>,
) {
    let modal = egui::Modal::new(egui::Id::unique("replace-offer")).show(ctx, |ui| {
        ui.heading("稿件已存在");
        ui.label(format!(
            "导入的稿件\u{201C}{}\u{201D}\u{FF08}编号 {}\u{FF09}已在本期中\u{3002}用导入的版本替换吗\u{FF1F}",
            article_title(&imported.article),
            imported.article.id
        ));
        ui.add_space(theme::FORM_ROW_SPACING);
        if diff.is_empty() {
            ui.label(RichText::new("两个版本内容相同").color(theme::WEAK_COLOUR));
        } else {
            egui::ScrollArea::vertical()
                .max_height(theme::DIFF_LIST_HEIGHT)
                .show(ui, |ui| {
                    for field in diff {
                        field_ui(ui, field);
                    }
                });
        }
        ui.add_space(theme::FORM_ROW_SPACING);
        ui.horizontal(|ui| {
            let answers = [
                ("替换", ReplaceChoice::Replace),
                ("作为新稿件导入", ReplaceChoice::KeepBoth),
                ("取消", ReplaceChoice::Cancel),
            ];
            for (label, choice) in answers {
                if ui.button(label).clicked() {
                    commands.push(AppCommand::AnswerReplace(choice));
                }
            }
        });
    });
    if modal.should_close()
        && !commands
            .iter()
            .any(|c| matches!(c, AppCommand::AnswerReplace(_)))
    {
        commands.push(AppCommand::AnswerReplace(ReplaceChoice::Cancel));
    }
}

/// One changed field: its label, then the text with removals struck out in red and
/// additions underlined in green.
fn field_ui(ui: &mut egui::Ui, field: &FieldDiff) {
    ui.label(RichText::new(format!("{}\u{FF1A}", field.label)).strong());
    let font = FontId::proportional(theme::BODY_TEXT_SIZE);
    let mut job = LayoutJob::default();
    for (change, text) in &field.pieces {
        let format = match change {
            Change::Same => TextFormat::simple(font.clone(), ui.visuals().text_color()),
            Change::Removed => TextFormat {
                strikethrough: Stroke::new(1.0, theme::DIFF_REMOVED_COLOUR),
                ..TextFormat::simple(font.clone(), theme::DIFF_REMOVED_COLOUR)
            },
            Change::Added => TextFormat {
                underline: Stroke::new(1.0, theme::DIFF_ADDED_COLOUR),
                ..TextFormat::simple(font.clone(), theme::DIFF_ADDED_COLOUR)
            },
        };
        job.append(text, 0.0, format);
    }
    job.wrap.max_width = ui.available_width();
    ui.label(job);
    ui.add_space(theme::FORM_ROW_SPACING);
}
