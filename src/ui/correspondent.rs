//! The correspondent mode's tool bar and article list: write, export, send; no pages.

use egui::RichText;

use crate::model::ArticleId;

use super::command::AppCommand;
use super::issue_tree::article_title;
use super::panel::PanelContext;
use super::theme;

/// The tool bar above the form in correspondent mode.
#[derive(Default)]
pub struct CorrespondentBar;

impl CorrespondentBar {
    /// Draw the bar: 新建稿件, 导出稿件…, 发送到收稿文件夹, the send folder, and the way back.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        selected: Option<&ArticleId>,
        send_folder: &str,
        commands: &mut Vec<AppCommand>,
    ) {
        ui.horizontal(|ui| {
            if ui.button("新建稿件").clicked() {
                commands.push(AppCommand::AddArticle);
            }
            ui.add_enabled_ui(selected.is_some(), |ui| {
                if ui.button("导出稿件…").clicked()
                    && let Some(id) = selected
                {
                    commands.push(AppCommand::ExportArticleDialog(id.clone()));
                }
                if ui.button("发送到收稿文件夹").clicked()
                    && let Some(id) = selected
                {
                    commands.push(AppCommand::SendToInbox(id.clone()));
                }
            });
            ui.separator();
            let folder = if send_folder.trim().is_empty() {
                "\u{FF08}未选择发送文件夹\u{FF09}"
            } else {
                send_folder
            };
            ui.label(RichText::new(folder).color(theme::WEAK_COLOUR));
            if ui.button("选择发送文件夹…").clicked() {
                commands.push(AppCommand::ChooseSendFolder);
            }
            ui.separator();
            if ui.button("校对面板").clicked() {
                commands.push(AppCommand::ToggleChecks);
            }
            ui.separator();
            if ui.button("切换到编辑部模式").clicked() {
                commands.push(AppCommand::SetCorrespondentMode(false));
            }
        });
    }
}

/// The correspondent's articles, one selectable line each.
pub fn article_list_ui(ui: &mut egui::Ui, ctx: &mut PanelContext<'_>) {
    ui.label(RichText::new("我的稿件").strong());
    ui.separator();
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for article in ctx.issue.articles.iter() {
                let selected = ctx.selected == Some(&article.id);
                if ui
                    .selectable_label(selected, article_title(article))
                    .clicked()
                    && !selected
                {
                    ctx.emit(AppCommand::Select(article.id.clone()));
                }
            }
        });
}
