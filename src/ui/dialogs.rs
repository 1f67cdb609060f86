//! Modal questions and the notice bar.

use egui::RichText;

use crate::model::{ArticleId, Issue};

use super::command::{
    AfterUnsaved, AppCommand, ConflictChoice, LockChoice, RecoveryChoice, UnsavedChoice,
};
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
        ui.label(format!("确定删除稿件“{title}”\u{FF1F}删除后可用撤销恢复。"));
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
    // The summary stays on the right (it carries the read-only mode); a notice on the left.
    ui.horizontal(|ui| {
        if let Some(notice) = notice {
            let colour = match notice.kind {
                NoticeKind::Info => theme::INFO_COLOUR,
                NoticeKind::Error => theme::ERROR_COLOUR,
            };
            ui.label(RichText::new(&notice.text).color(colour));
            if ui.small_button("知道了").clicked() {
                commands.push(AppCommand::DismissNotice);
            }
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            ui.label(RichText::new(summary).color(theme::WEAK_COLOUR));
        });
    });
}

/// Ask what to do with unsaved changes before `after` happens.
pub fn unsaved_changes_ui(
    ctx: &egui::Context,
    after: &AfterUnsaved,
    commands: &mut Vec<AppCommand>,
) {
    let action = match after {
        AfterUnsaved::NewIssue => "新建期次",
        AfterUnsaved::OpenDialog | AfterUnsaved::Open(_) => "打开其他期次",
        AfterUnsaved::Quit => "关闭窗口",
    };
    let modal = egui::Modal::new(egui::Id::unique("unsaved-changes")).show(ctx, |ui| {
        ui.heading("有未保存的修改");
        ui.label(format!("{action}之前\u{FF0C}是否保存对本期的修改\u{FF1F}"));
        ui.add_space(theme::FORM_ROW_SPACING);
        ui.horizontal(|ui| {
            let answers = [
                ("保存", UnsavedChoice::Save),
                ("不保存", UnsavedChoice::Discard),
                ("取消", UnsavedChoice::Cancel),
            ];
            for (label, choice) in answers {
                if ui.button(label).clicked() {
                    commands.push(AppCommand::AnswerUnsaved(choice));
                }
            }
        });
    });
    if modal.should_close() {
        commands.push(AppCommand::AnswerUnsaved(UnsavedChoice::Cancel));
    }
}

/// A modal question with one button per answer.
pub fn question_ui<T: Copy>(
    ctx: &egui::Context,
    id: &str,
    heading: &str,
    text: &str,
    answers: &[(&str, T)],
    cancel: T,
) -> Option<T> {
    let mut chosen = None;
    let modal = egui::Modal::new(egui::Id::unique(id)).show(ctx, |ui| {
        ui.heading(heading);
        ui.label(text);
        ui.add_space(theme::FORM_ROW_SPACING);
        ui.horizontal(|ui| {
            for (label, answer) in answers {
                if ui.button(*label).clicked() {
                    chosen = Some(*answer);
                }
            }
        });
    });
    if chosen.is_none() && modal.should_close() {
        chosen = Some(cancel);
    }
    chosen
}

/// The file changed on disk since it was opened or saved.
pub fn conflict_ui(ctx: &egui::Context, commands: &mut Vec<AppCommand>) {
    let answers = [
        ("覆盖", ConflictChoice::Overwrite),
        ("另存为…", ConflictChoice::SaveAs),
        ("重新载入", ConflictChoice::Reload),
        ("取消", ConflictChoice::Cancel),
    ];
    let text = "自打开或上次保存以来\u{FF0C}磁盘上的文件已被修改。覆盖会丢掉那些修改\u{FF1B}重新载入会丢掉您在本窗口的修改。";
    if let Some(choice) = question_ui(
        ctx,
        "save-conflict",
        "文件已被他人修改",
        text,
        &answers,
        ConflictChoice::Cancel,
    ) {
        commands.push(AppCommand::AnswerConflict(choice));
    }
}

/// Another caibian has the file open.
pub fn lock_ui(ctx: &egui::Context, who: &str, since: &str, commands: &mut Vec<AppCommand>) {
    let answers = [
        ("只读打开", LockChoice::ReadOnly),
        ("仍然编辑", LockChoice::EditAnyway),
        ("取消", LockChoice::Cancel),
    ];
    let text = format!("此期次已由 {who} 于 {since} 打开。同时编辑会互相覆盖修改。");
    if let Some(choice) = question_ui(
        ctx,
        "locked-file",
        "期次正在别处编辑",
        &text,
        &answers,
        LockChoice::Cancel,
    ) {
        commands.push(AppCommand::AnswerLock(choice));
    }
}

/// A recovery copy from a session that did not end normally.
pub fn recovery_ui(ctx: &egui::Context, description: &str, commands: &mut Vec<AppCommand>) {
    let answers = [
        ("恢复", RecoveryChoice::Restore),
        ("丢弃", RecoveryChoice::Discard),
    ];
    let text = format!("上次退出前有未保存的修改\u{FF1A}{description}。要恢复吗\u{FF1F}");
    if let Some(choice) = question_ui(
        ctx,
        "recovery",
        "恢复未保存的修改",
        &text,
        &answers,
        RecoveryChoice::Discard,
    ) {
        commands.push(AppCommand::AnswerRecovery(choice));
    }
}
