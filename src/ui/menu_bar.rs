//! The top menu bar: 文件 and 编辑 menus, all through [`AppCommand`].

use std::path::PathBuf;

use crate::model::ArticleId;

use super::command::{AppCommand, shortcut_text};

/// What the menus need to know to enable their entries.
pub struct MenuState<'a> {
    /// Whether undo is possible.
    pub can_undo: bool,
    /// Whether redo is possible.
    pub can_redo: bool,
    /// The article shown in the form, if any.
    pub selected: Option<&'a ArticleId>,
    /// Recently opened files, newest first.
    pub recent: &'a [PathBuf],
    /// The page the preview shows, and whether it is signed off.
    pub page: Option<(u32, bool)>,
    /// How many pages the issue has.
    pub page_count: u32,
}

/// The menu bar.
#[derive(Default)]
pub struct MenuBar;

impl MenuBar {
    /// Draw the menu bar; chosen entries push commands.
    pub fn ui(&mut self, ui: &mut egui::Ui, state: &MenuState<'_>, commands: &mut Vec<AppCommand>) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("文件", |ui| file_menu_ui(ui, state, commands));
            ui.menu_button("编辑", |ui| edit_menu_ui(ui, state, commands));
            ui.menu_button("版面", |ui| page_menu_ui(ui, state, commands));
            ui.menu_button("校对", |ui| {
                item(ui, "校对面板", AppCommand::ToggleChecks, true, commands);
                item(ui, "词典…", AppCommand::ShowDictionary, true, commands);
                item(
                    ui,
                    "修正全部安全项",
                    AppCommand::FixAllSafe(None),
                    true,
                    commands,
                );
            });
        });
    }
}

fn item(
    ui: &mut egui::Ui,
    label: &str,
    command: AppCommand,
    enabled: bool,
    commands: &mut Vec<AppCommand>,
) {
    let shortcut = shortcut_text(ui.ctx(), &command);
    let button = egui::Button::new(label).shortcut_text(shortcut);
    if ui.add_enabled(enabled, button).clicked() {
        commands.push(command);
        ui.close();
    }
}

fn page_menu_ui(ui: &mut egui::Ui, state: &MenuState<'_>, commands: &mut Vec<AppCommand>) {
    use super::command::MakeupCommand as M;
    let makeup = |command| AppCommand::Makeup(command);
    item(ui, "新增版面", makeup(M::AddPage), true, commands);
    let Some((page, signed_off)) = state.page else {
        return;
    };
    let many = state.page_count > 1;
    item(
        ui,
        &format!("删除第{page}版…"),
        makeup(M::RequestDeletePage(page)),
        many,
        commands,
    );
    let up = M::MovePage {
        from: page,
        to: page.saturating_sub(1),
    };
    item(ui, "上移", makeup(up), page > 1, commands);
    let down = M::MovePage {
        from: page,
        to: page + 1,
    };
    item(ui, "下移", makeup(down), page < state.page_count, commands);
    item(
        ui,
        "版面属性…",
        makeup(M::ShowPageProperties(page)),
        true,
        commands,
    );
    let sign = M::SetSignedOff {
        page,
        signed_off: !signed_off,
    };
    item(
        ui,
        if signed_off { "撤销签版" } else { "签版" },
        makeup(sign),
        true,
        commands,
    );
    ui.separator();
    item(
        ui,
        "自动组版",
        makeup(M::AutoLayout(page)),
        !signed_off,
        commands,
    );
    ui.separator();
    item(ui, "版式设置…", AppCommand::ShowTemplates, true, commands);
}

fn file_menu_ui(ui: &mut egui::Ui, state: &MenuState<'_>, commands: &mut Vec<AppCommand>) {
    item(ui, "新建", AppCommand::NewIssue, true, commands);
    item(ui, "打开…", AppCommand::OpenDialog, true, commands);
    ui.menu_button("最近打开", |ui| {
        if state.recent.is_empty() {
            ui.label("\u{FF08}无\u{FF09}");
        }
        for path in state.recent {
            let name = path.display().to_string();
            if ui.button(name).clicked() {
                commands.push(AppCommand::Open(path.clone()));
                ui.close();
            }
        }
    });
    ui.separator();
    item(ui, "保存", AppCommand::Save, true, commands);
    item(
        ui,
        "期次信息…",
        AppCommand::Makeup(super::command::MakeupCommand::ShowMasthead),
        true,
        commands,
    );
    item(ui, "另存为…", AppCommand::SaveAsDialog, true, commands);
    ui.separator();
    item(ui, "导出…", AppCommand::ShowExport, true, commands);
    ui.separator();
    super::exchange_menu::exchange_items_ui(ui, state.selected, commands);
    ui.separator();
    item(ui, "设置…", AppCommand::ShowSettings, true, commands);
    ui.separator();
    item(ui, "退出", AppCommand::Quit, true, commands);
}

fn edit_menu_ui(ui: &mut egui::Ui, state: &MenuState<'_>, commands: &mut Vec<AppCommand>) {
    item(ui, "撤销", AppCommand::Undo, state.can_undo, commands);
    item(ui, "重做", AppCommand::Redo, state.can_redo, commands);
    ui.separator();
    item(ui, "新建稿件", AppCommand::AddArticle, true, commands);
    let selected = state.selected.cloned();
    if let Some(id) = selected {
        item(
            ui,
            "复制稿件",
            AppCommand::DuplicateArticle(id.clone()),
            true,
            commands,
        );
        item(
            ui,
            "删除稿件…",
            AppCommand::RequestDelete(id),
            true,
            commands,
        );
    } else {
        ui.add_enabled(false, egui::Button::new("复制稿件"));
        ui.add_enabled(false, egui::Button::new("删除稿件…"));
    }
}
