//! 收稿文件夹: the inbox folder setting, and the sync conflict copies found there, each
//! shown beside the version it conflicts with.

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

use egui::RichText;

use crate::model::ArticleId;
use crate::store::inbox::InboxFile;

use super::app::ConflictCopy;

use super::command::AppCommand;
use super::theme;

/// Where the new arrivals are kept in egui's memory for the issue tree to read: the tree
/// marks them 新到 without the panel context having to grow a field.
const NEW_ARRIVALS_ID: &str = "caibian.new-arrivals";
/// The mark before a new arrival's headline in the tree: 【新到】.
pub const NEW_ARRIVAL_MARK: &str = "\u{3010}新到\u{3011}";

/// Share this frame's new arrivals with the panels.
pub fn publish_new_arrivals(ctx: &egui::Context, arrivals: &HashSet<ArticleId>) {
    let shared: Arc<HashSet<ArticleId>> = Arc::new(arrivals.clone());
    ctx.data_mut(|d| d.insert_temp(egui::Id::unique(NEW_ARRIVALS_ID), shared));
}

/// Whether the article came through the inbox and has not been opened yet.
pub fn is_new_arrival(ctx: &egui::Context, id: &ArticleId) -> bool {
    ctx.data(|d| d.get_temp::<Arc<HashSet<ArticleId>>>(egui::Id::unique(NEW_ARRIVALS_ID)))
        .is_some_and(|set| set.contains(id))
}

/// What the inbox window shows.
pub struct InboxView<'a> {
    /// The folder as the issue names it.
    pub folder: Option<&'a str>,
    /// The folder being watched, when it exists.
    pub watching: Option<&'a Path>,
    /// Conflict copies, each with the other version when found.
    pub conflicts: &'a [ConflictCopy],
    /// How many files have been imported from the inbox over the life.
    pub imported: usize,
}

/// The inbox window.
#[derive(Default)]
pub struct InboxWindow {
    /// Whether it is shown.
    pub open: bool,
}

impl InboxWindow {
    /// Draw the window; choices go out as commands.
    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        view: &InboxView<'_>,
        commands: &mut Vec<AppCommand>,
    ) {
        if !self.open {
            return;
        }
        let mut open = self.open;
        egui::Window::new("收稿文件夹")
            .open(&mut open)
            .resizable(true)
            .show(ctx, |ui| {
                folder_ui(ui, view, commands);
                ui.separator();
                conflicts_ui(ui, view.conflicts, commands);
            });
        self.open = open;
    }
}

fn folder_ui(ui: &mut egui::Ui, view: &InboxView<'_>, commands: &mut Vec<AppCommand>) {
    let folder = view.folder.filter(|f| !f.trim().is_empty());
    ui.horizontal(|ui| {
        ui.label("文件夹");
        ui.label(folder.unwrap_or("\u{FF08}未设置\u{FF09}"));
    });
    let state = match (folder, view.watching) {
        (None, _) => "未设置收稿文件夹".to_owned(),
        (Some(_), Some(path)) => format!("正在接收 {}", path.display()),
        (Some(_), None) => "文件夹不存在\u{FF0C}或期次尚未保存".to_owned(),
    };
    ui.label(RichText::new(state).color(theme::WEAK_COLOUR));
    ui.label(
        RichText::new(format!("已从收稿文件夹导入 {} 个文件", view.imported))
            .color(theme::WEAK_COLOUR),
    );
    ui.horizontal(|ui| {
        if ui.button("选择文件夹…").clicked() {
            commands.push(AppCommand::ChooseInboxFolder);
        }
        if ui
            .add_enabled(folder.is_some(), egui::Button::new("停止接收"))
            .clicked()
        {
            commands.push(AppCommand::SetInboxFolder(None));
        }
    });
}

fn describe(file: &InboxFile) -> String {
    let when = chrono::DateTime::from_timestamp_millis(file.modified_ms)
        .map(|t| {
            t.with_timezone(&chrono::Local)
                .format("%Y-%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_default();
    format!(
        "{} \u{00B7} {} 字节 \u{00B7} {when}",
        file.name, file.size_bytes
    )
}

fn conflicts_ui(ui: &mut egui::Ui, conflicts: &[ConflictCopy], commands: &mut Vec<AppCommand>) {
    ui.label(RichText::new("同步冲突副本").strong());
    if conflicts.is_empty() {
        ui.label(RichText::new("\u{FF08}无\u{FF09}").color(theme::WEAK_COLOUR));
        return;
    }
    for conflict in conflicts {
        ui.group(|ui| {
            ui.label(format!("冲突副本\u{FF1A}{}", describe(&conflict.copy)));
            match &conflict.original {
                Some(original) => ui.label(format!("原文件\u{FF1A}{}", describe(original))),
                None => ui.label("原文件\u{FF1A}\u{FF08}不在收稿文件夹中\u{FF09}"),
            };
            if let Some(diff) = &conflict.diff {
                let changed: Vec<&str> = diff.iter().map(|d| d.label.as_str()).collect();
                let text = if changed.is_empty() {
                    "两个版本内容相同".to_owned()
                } else {
                    format!("不同之处\u{FF1A}{}", changed.join("\u{3001}"))
                };
                ui.label(RichText::new(text).color(theme::WEAK_COLOUR));
                for field in diff {
                    ui.label(format!("{}\u{FF1A}{}", field.label, field.to_marked_text()));
                }
            }
            ui.horizontal(|ui| {
                if ui.button("导入冲突副本").clicked() {
                    commands.push(AppCommand::ImportConflictCopy(conflict.copy.path.clone()));
                }
                if ui.button("忽略").clicked() {
                    commands.push(AppCommand::DismissConflict(conflict.copy.path.clone()));
                }
            });
        });
    }
}
