//! The exchange entries of the 文件 menu: import and export of articles, the inbox, and
//! the correspondent mode.

use crate::model::ArticleId;

use super::command::AppCommand;

/// Draw the entries; chosen ones push commands.
pub fn exchange_items_ui(
    ui: &mut egui::Ui,
    selected: Option<&ArticleId>,
    commands: &mut Vec<AppCommand>,
) {
    let mut entry = |ui: &mut egui::Ui, label: &str, command: Option<AppCommand>| {
        if ui
            .add_enabled(command.is_some(), egui::Button::new(label))
            .clicked()
            && let Some(command) = command
        {
            commands.push(command);
            ui.close();
        }
    };
    entry(ui, "导入稿件…", Some(AppCommand::ImportDialog));
    entry(
        ui,
        "导出稿件…",
        selected.map(|id| AppCommand::ExportArticleDialog(id.clone())),
    );
    entry(ui, "收稿文件夹…", Some(AppCommand::ShowInbox));
    entry(
        ui,
        "切换到通讯员模式",
        Some(AppCommand::SetCorrespondentMode(true)),
    );
}
