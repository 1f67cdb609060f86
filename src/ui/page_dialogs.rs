//! Make-up windows: 版面属性 (name, template, credits), 期次信息 (the masthead) and the
//! question before a page is deleted. Each returns the `Edit` to apply on 确定.

use chrono::NaiveDate;

use crate::model::{Edit, EditorCredits, Issue, Page};

use super::command::{AppCommand, MakeupCommand};
use super::meeting_panel::{from_jiff, to_jiff};
use super::theme;

/// The 版面属性 window's fields.
pub struct PageForm {
    page: u32,
    name: String,
    template: String,
    templates: Vec<String>,
    own_credits: bool,
    credits: EditorCredits,
}

impl PageForm {
    /// The form over `page`, offering `templates`.
    pub fn of(page: &Page, templates: Vec<String>) -> PageForm {
        PageForm {
            page: page.number,
            name: page.name.clone(),
            template: page.template.clone(),
            templates,
            own_credits: page.credits.is_some(),
            credits: page.credits.clone().unwrap_or_default(),
        }
    }

    /// Draw the window. `Some(Some(edit))` on 确定, `Some(None)` on 取消, `None` while open.
    pub fn ui(&mut self, ctx: &egui::Context) -> Option<Option<Edit>> {
        let mut answer = None;
        egui::Window::new(format!("第{}版 版面属性", self.page))
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                egui::Grid::new("page-properties")
                    .num_columns(2)
                    .spacing([12.0, theme::FORM_ROW_SPACING])
                    .show(ui, |ui| {
                        text_row(ui, "版名", &mut self.name);
                        let label = ui.label("版式");
                        egui::ComboBox::from_id_salt("page-template")
                            .selected_text(self.template.clone())
                            .show_ui(ui, |ui| {
                                for name in &self.templates {
                                    ui.selectable_value(&mut self.template, name.clone(), name);
                                }
                            })
                            .response
                            .labelled_by(label.id);
                        ui.end_row();
                        ui.label("");
                        ui.checkbox(&mut self.own_credits, "本版单独署名");
                        ui.end_row();
                        if self.own_credits {
                            credits_rows(ui, &mut self.credits);
                        }
                    });
                answer = ok_cancel_ui(ui).map(|ok| ok.then(|| self.edit()));
            });
        answer
    }

    fn edit(&self) -> Edit {
        Edit::SetPage {
            page: self.page,
            name: self.name.trim().to_owned(),
            template: self.template.clone(),
            credits: self.own_credits.then(|| self.credits.clone()),
        }
    }
}

/// The 期次信息 window's fields.
pub struct MastheadForm {
    paper_name: String,
    publisher: String,
    issue_number: u32,
    running_number: u32,
    date: NaiveDate,
    credits: EditorCredits,
}

impl MastheadForm {
    /// The form over the issue's masthead.
    pub fn of(issue: &Issue) -> MastheadForm {
        MastheadForm {
            paper_name: issue.paper_name.clone(),
            publisher: issue.publisher.clone(),
            issue_number: issue.issue_number,
            running_number: issue.running_number,
            date: issue.date,
            credits: issue.credits.clone(),
        }
    }

    /// Draw the window. `Some(Some(edit))` on 确定, `Some(None)` on 取消, `None` while open.
    pub fn ui(&mut self, ctx: &egui::Context) -> Option<Option<Edit>> {
        let mut answer = None;
        egui::Window::new("期次信息")
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                egui::Grid::new("masthead")
                    .num_columns(2)
                    .spacing([12.0, theme::FORM_ROW_SPACING])
                    .show(ui, |ui| {
                        text_row(ui, "报名", &mut self.paper_name);
                        text_row(ui, "主办单位", &mut self.publisher);
                        number_row(ui, "期号", &mut self.issue_number);
                        number_row(ui, "总期号", &mut self.running_number);
                        let label = ui.label("出版日期");
                        // egui_extras picks dates as jiff dates; the model keeps chrono's.
                        if let Some(mut date) = to_jiff(self.date) {
                            ui.add(
                                egui_extras::DatePickerButton::new(&mut date)
                                    .id_salt("masthead-date")
                                    .format("%Y-%m-%d")
                                    // The calendar emoji is in none of the bundled fonts.
                                    .show_icon(false),
                            )
                            .labelled_by(label.id);
                            if let Some(picked) = from_jiff(date) {
                                self.date = picked;
                            }
                        }
                        ui.end_row();
                        credits_rows(ui, &mut self.credits);
                    });
                answer = ok_cancel_ui(ui).map(|ok| ok.then(|| self.edit()));
            });
        answer
    }

    fn edit(&self) -> Edit {
        Edit::SetMasthead {
            paper_name: self.paper_name.trim().to_owned(),
            publisher: self.publisher.trim().to_owned(),
            issue_number: self.issue_number,
            running_number: self.running_number,
            date: self.date,
            credits: self.credits.clone(),
        }
    }
}

/// Ask before deleting page `page`; its articles go back to the pool.
pub fn confirm_delete_page_ui(ctx: &egui::Context, page: u32, commands: &mut Vec<AppCommand>) {
    egui::Window::new("删除版面")
        .collapsible(false)
        .resizable(false)
        .show(ctx, |ui| {
            ui.label(format!(
                "删除第{page}版\u{FF1F}版上的稿件回到稿件池\u{FF0C}后面的版面依次前移\u{3002}"
            ));
            ui.horizontal(|ui| {
                if ui.button("删除此版").clicked() {
                    commands.push(AppCommand::Makeup(MakeupCommand::ConfirmDeletePage(page)));
                }
                if ui.button("取消").clicked() {
                    commands.push(AppCommand::Makeup(MakeupCommand::CancelDeletePage));
                }
            });
        });
}

fn text_row(ui: &mut egui::Ui, label: &str, value: &mut String) {
    let label = ui.label(label);
    ui.text_edit_singleline(value).labelled_by(label.id);
    ui.end_row();
}

fn number_row(ui: &mut egui::Ui, label: &str, value: &mut u32) {
    let label = ui.label(label);
    ui.add(egui::DragValue::new(value).range(1..=999_999))
        .labelled_by(label.id);
    ui.end_row();
}

fn credits_rows(ui: &mut egui::Ui, credits: &mut EditorCredits) {
    text_row(ui, "责任编辑", &mut credits.editor);
    text_row(ui, "校对", &mut credits.proofreader);
    text_row(ui, "美编", &mut credits.designer);
}

/// 确定 / 取消: `Some(true)`, `Some(false)`, or `None` while neither is clicked.
fn ok_cancel_ui(ui: &mut egui::Ui) -> Option<bool> {
    ui.separator();
    ui.horizontal(|ui| {
        if ui.button("确定").clicked() {
            return Some(true);
        }
        if ui.button("取消").clicked() {
            return Some(false);
        }
        None
    })
    .inner
}
