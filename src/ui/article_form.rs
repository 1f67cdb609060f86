//! The centre panel: the form that edits one article's fields.

use egui::RichText;

use crate::model::{Article, Edit, Status, TextField};

use super::command::AppCommand;
use super::ime_text::committed_text_ui;
use super::meeting_panel::MeetingPanel;
use super::panel::PanelContext;
use super::photo_editor::PhotoEditor;
use super::theme;

/// The single-line fields of the form, in order.
const LINE_FIELDS: [TextField; 5] = [
    TextField::Kicker,
    TextField::Headline,
    TextField::Subtitle,
    TextField::Dateline,
    TextField::Byline,
];

/// The article form panel.
#[derive(Default)]
pub struct ArticleForm {
    /// Put the cursor here on the next frame (a click in the page preview).
    pub pending_cursor: Option<(TextField, usize)>,
    /// 会议信息 of the selected article.
    meeting: MeetingPanel,
    /// The photos of the selected article.
    pub photos: PhotoEditor,
}

impl ArticleForm {
    /// Draw the form for the selected article, or a hint when none is selected.
    pub fn ui(&mut self, ui: &mut egui::Ui, ctx: &mut PanelContext<'_>) {
        let Some(article) = ctx.selected.and_then(|id| ctx.issue.article(id)) else {
            ui.centered_and_justified(|ui| {
                ui.label(
                    RichText::new("在左侧选择一篇稿件\u{FF0C}或新建稿件").color(theme::WEAK_COLOUR),
                );
            });
            return;
        };
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                self.header_ui(ui, ctx, article);
                ui.add_space(theme::FORM_ROW_SPACING);
                egui::Grid::new("article-form-fields")
                    .num_columns(2)
                    .spacing([12.0, theme::FORM_ROW_SPACING])
                    .show(ui, |ui| {
                        for field in LINE_FIELDS {
                            let response = line_field_ui(ui, ctx, article, field);
                            self.apply_pending_cursor(ui, field, &response);
                            ui.end_row();
                        }
                    });
                ui.add_space(theme::FORM_ROW_SPACING);
                let response = body_ui(ui, ctx, article);
                self.apply_pending_cursor(ui, TextField::Body, &response);
                self.photos.ui(ui, ctx, article);
                self.meeting.ui(ui, ctx, article);
            });
    }

    /// Focus the field and place its cursor, if a preview click asked for it.
    fn apply_pending_cursor(&mut self, ui: &egui::Ui, field: TextField, response: &egui::Response) {
        let Some((wanted, char_index)) = self.pending_cursor else {
            return;
        };
        if wanted != field {
            return;
        }
        self.pending_cursor = None;
        let mut state =
            egui::text_edit::TextEditState::load(ui.ctx(), response.id).unwrap_or_default();
        let cursor = egui::text::CCursor::new(char_index);
        state
            .cursor
            .set_char_range(Some(egui::text::CCursorRange::one(cursor)));
        state.store(ui.ctx(), response.id);
        response.request_focus();
        response.scroll_to_me(Some(egui::Align::Center));
    }

    fn header_ui(&mut self, ui: &mut egui::Ui, ctx: &mut PanelContext<'_>, article: &Article) {
        ui.horizontal(|ui| {
            ui.label(RichText::new(format!("稿件 {}", article.id)).color(theme::WEAK_COLOUR));
            ui.separator();
            let label = ui.label("状态");
            let mut status = article.status;
            egui::ComboBox::from_id_salt("article-status")
                .selected_text(status.label())
                .show_ui(ui, |ui| {
                    for option in Status::ALL {
                        ui.selectable_value(&mut status, option, option.label());
                    }
                })
                .response
                .labelled_by(label.id);
            if status != article.status {
                ctx.emit(AppCommand::Edit(Edit::SetStatus {
                    article: article.id.clone(),
                    status,
                }));
            }
        });
    }
}

fn line_field_ui(
    ui: &mut egui::Ui,
    ctx: &mut PanelContext<'_>,
    article: &Article,
    field: TextField,
) -> egui::Response {
    let label = ui.label(field.label());
    let id = ui.make_persistent_id(field);
    let headline = field == TextField::Headline;
    // Input-method pre-edit stays in the field until committed (see `ime_text`).
    let (response, text) = committed_text_ui(ui, id, article.field(field), false, |edit| {
        let edit = edit.desired_width(f32::INFINITY);
        if headline {
            edit.font(egui::FontId::proportional(theme::HEADLINE_TEXT_SIZE))
        } else {
            edit
        }
    });
    let response = response.labelled_by(label.id);
    emit_field_changes(ctx, article, field, text, &response);
    response
}

fn body_ui(ui: &mut egui::Ui, ctx: &mut PanelContext<'_>, article: &Article) -> egui::Response {
    let label = ui
        .horizontal(|ui| {
            let label = ui.label(TextField::Body.label());
            let count = format!(
                "{}字 · {}段 · 每段一行\u{FF0C}回车另起一段",
                article.body_chars(),
                article.paragraphs().count()
            );
            ui.label(RichText::new(count).color(theme::WEAK_COLOUR));
            label
        })
        .inner;
    let id = ui.make_persistent_id(TextField::Body);
    let (response, text) = committed_text_ui(ui, id, &article.body, true, |edit| {
        edit.font(egui::FontId::proportional(theme::BODY_TEXT_SIZE))
            .desired_width(f32::INFINITY)
            .desired_rows(18)
    });
    let response = response.labelled_by(label.id);
    emit_field_changes(ctx, article, TextField::Body, text, &response);
    response
}

fn emit_field_changes(
    ctx: &mut PanelContext<'_>,
    article: &Article,
    field: TextField,
    text: Option<String>,
    response: &egui::Response,
) {
    if let Some(text) = text {
        ctx.emit(AppCommand::Edit(Edit::SetText {
            article: article.id.clone(),
            field,
            value: text,
        }));
    }
    if response.lost_focus() {
        ctx.emit(AppCommand::SealHistory);
    }
}
