//! Modal questions and the notice bar.

use egui::RichText;

use crate::model::{ArticleId, Issue};

use super::command::AppCommand;
use super::issue_tree::article_title;
use super::theme;

/// How a notice is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeKind {
    /// Something worked.
    Info,
    /// Something failed; nothing was lost.
    Error,
}

/// A message for the user in the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// Info or error.
    pub kind: NoticeKind,
    /// The text, in Chinese.
    pub text: String,
}

impl Notice {
    /// An information notice.
    pub fn info(text: impl Into<String>) -> Notice {
        Notice {
            kind: NoticeKind::Info,
            text: text.into(),
        }
    }

    /// An error notice.
    pub fn error(text: impl Into<String>) -> Notice {
        Notice {
            kind: NoticeKind::Error,
            text: text.into(),
        }
    }
}

/// Ask whether to delete an article; emits ConfirmDelete or CancelDelete.
pub fn confirm_delete_ui(
    ctx: &egui::Context,
    issue: &Issue,
    id: &ArticleId,
    commands: &mut Vec<AppCommand>,
) {
    let title = issue.article(id).map(article_title).unwrap_or_default();
    let modal = egui::Modal::new(egui::Id::unique("confirm-delete")).show(ctx, |ui| {
        ui.heading("删除稿件");
        ui.label(format!("确定删除稿件“{title}”？删除后可用撤销恢复。"));
        ui.add_space(theme::FORM_ROW_SPACING);
        ui.horizontal(|ui| {
            if ui.button("删除").clicked() {
                commands.push(AppCommand::ConfirmDelete(id.clone()));
            }
            if ui.button("取消").clicked() {
                commands.push(AppCommand::CancelDelete);
            }
        });
    });
    if modal.should_close() {
        commands.push(AppCommand::CancelDelete);
    }
}

/// The status bar: the current notice, or the issue summary.
pub fn status_bar_ui(
    ui: &mut egui::Ui,
    notice: Option<&Notice>,
    summary: &str,
    commands: &mut Vec<AppCommand>,
) {
    ui.horizontal(|ui| match notice {
        Some(notice) => {
            let colour = match notice.kind {
                NoticeKind::Info => theme::INFO_COLOUR,
                NoticeKind::Error => theme::ERROR_COLOUR,
            };
            ui.label(RichText::new(&notice.text).color(colour));
            if ui.small_button("知道了").clicked() {
                commands.push(AppCommand::DismissNotice);
            }
        }
        None => {
            ui.label(RichText::new(summary).color(theme::WEAK_COLOUR));
        }
    });
}
