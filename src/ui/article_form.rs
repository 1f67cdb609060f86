//! The centre panel: the form that edits one article's fields, with check findings
//! underlined as the user types and paste cleanup offered on paste.

use std::ops::Range;

use egui::{RichText, TextEdit};

use crate::model::{Article, Edit, Status, TextField};
use crate::proof::Finding;

use super::command::AppCommand;
use super::form_checks::{self, PasteOffer};
use super::ime_text::committed_text_show;
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

/// The fields of the headline group: a line break typed in them is kept.
const HEADLINE_GROUP: [TextField; 3] =
    [TextField::Kicker, TextField::Headline, TextField::Subtitle];

/// The article form panel.
#[derive(Default)]
pub struct ArticleForm {
    /// Put the cursor here on the next frame (a click in the page preview).
    pub pending_cursor: Option<(TextField, usize)>,
    /// Select these characters of a field on the next frame (a click in the 校对 panel).
    pub pending_selection: Option<(TextField, Range<usize>)>,
    /// The selected article's findings in its text fields, for the underlines.
    pub findings: Vec<Finding>,
    /// A paste that could be cleaned up, waiting for the user's answer.
    paste: Option<PasteOffer>,
    /// The finding under the pointer when a field's context menu opened.
    menu_finding: Option<Finding>,
    /// The widget id of each field's TextEdit, as last drawn.
    field_ids: std::collections::HashMap<TextField, egui::Id>,
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
                            let response = self.line_field_ui(ui, ctx, article, field);
                            self.apply_pending_cursor(ui, field, &response);
                            self.apply_pending_selection(ui, field, &response);
                            ui.end_row();
                        }
                    });
                ui.add_space(theme::FORM_ROW_SPACING);
                let response = self.body_ui(ui, ctx, article);
                self.apply_pending_cursor(ui, TextField::Body, &response);
                self.apply_pending_selection(ui, TextField::Body, &response);
                self.photos.ui(ui, ctx, article);
                self.meeting.ui(ui, ctx, article);
            });
        if let Some(offer) = &self.paste {
            match form_checks::paste_offer_ui(ui.ctx(), offer) {
                Some(true) => {
                    let offer = self.paste.take();
                    if let Some(offer) = offer
                        && article.field(offer.field) == offer.pasted_text
                    {
                        ctx.emit(AppCommand::Edit(Edit::SetText {
                            article: article.id.clone(),
                            field: offer.field,
                            value: offer.cleaned_text(),
                        }));
                        ctx.emit(AppCommand::SealHistory);
                    }
                }
                Some(false) => self.paste = None,
                None => {}
            }
        }
    }

    /// The selected characters of a field's TextEdit, if it has a selection.
    pub fn selection(&self, ctx: &egui::Context, field: TextField) -> Option<Range<usize>> {
        let id = self.field_ids.get(&field)?;
        let state = egui::text_edit::TextEditState::load(ctx, *id)?;
        let range = state.cursor.char_range()?;
        let (a, b) = (range.primary.index.0, range.secondary.index.0);
        Some(a.min(b)..a.max(b))
    }

    /// Select a finding's characters, if the 校对 panel asked for it.
    fn apply_pending_selection(
        &mut self,
        ui: &egui::Ui,
        field: TextField,
        response: &egui::Response,
    ) {
        let Some((wanted, range)) = self.pending_selection.clone() else {
            return;
        };
        if wanted != field {
            return;
        }
        self.pending_selection = None;
        let mut state =
            egui::text_edit::TextEditState::load(ui.ctx(), response.id).unwrap_or_default();
        state
            .cursor
            .set_char_range(Some(egui::text::CCursorRange::two(
                egui::text::CCursor::new(range.start),
                egui::text::CCursor::new(range.end),
            )));
        state.store(ui.ctx(), response.id);
        response.request_focus();
        response.scroll_to_me(Some(egui::Align::Center));
    }

    fn field_findings(&self, field: TextField) -> Vec<Finding> {
        self.findings
            .iter()
            .filter(|f| f.field == Some(field))
            .cloned()
            .collect()
    }

    fn line_field_ui(
        &mut self,
        ui: &mut egui::Ui,
        ctx: &mut PanelContext<'_>,
        article: &Article,
        field: TextField,
    ) -> egui::Response {
        let label = ui.label(field.label());
        let font = if field == TextField::Headline {
            egui::FontId::proportional(theme::HEADLINE_TEXT_SIZE)
        } else {
            egui::TextStyle::Body.resolve(ui.style())
        };
        let findings = self.field_findings(field);
        let colour = ui.visuals().text_color();
        let mut layouter = form_checks::underline_layouter(font.clone(), colour, &findings);
        let id = ui.make_persistent_id(field);
        let headline_group = HEADLINE_GROUP.contains(&field);
        // Input-method pre-edit stays in the field until committed (see `ime_text`).
        let (output, shown, changed) =
            committed_text_show(ui, id, article.field(field), |ui, text| {
                let edit = if headline_group {
                    // Shift+Enter types a line break that the typesetter keeps in the headline.
                    TextEdit::multiline(text).desired_rows(1).return_key(
                        egui::KeyboardShortcut::new(egui::Modifiers::SHIFT, egui::Key::Enter),
                    )
                } else {
                    TextEdit::singleline(text)
                };
                edit.desired_width(f32::INFINITY)
                    .font(font.clone())
                    .id(id)
                    .layouter(&mut layouter)
                    .show(ui)
            });
        let response = output.response.response.clone().labelled_by(label.id);
        self.field_ids.insert(field, response.id);
        self.checked_field_ui(ui, ctx, article, field, &findings, &output, &font, &shown);
        emit_field_changes(ctx, article, field, changed, &response);
        response
    }

    fn body_ui(
        &mut self,
        ui: &mut egui::Ui,
        ctx: &mut PanelContext<'_>,
        article: &Article,
    ) -> egui::Response {
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
        let font = egui::FontId::proportional(theme::BODY_TEXT_SIZE);
        let findings = self.field_findings(TextField::Body);
        let colour = ui.visuals().text_color();
        let mut layouter = form_checks::underline_layouter(font.clone(), colour, &findings);
        let id = ui.make_persistent_id(TextField::Body);
        let (output, shown, changed) = committed_text_show(ui, id, &article.body, |ui, text| {
            TextEdit::multiline(text)
                .id(id)
                .font(font.clone())
                .desired_width(f32::INFINITY)
                .desired_rows(18)
                .layouter(&mut layouter)
                .show(ui)
        });
        let response = output.response.response.clone().labelled_by(label.id);
        self.field_ids.insert(TextField::Body, response.id);
        self.checked_field_ui(
            ui,
            ctx,
            article,
            TextField::Body,
            &findings,
            &output,
            &font,
            &shown,
        );
        emit_field_changes(ctx, article, TextField::Body, changed, &response);
        response
    }

    /// Wavy underlines, the message on hover, 修正 in the context menu, and the paste
    /// cleanup offer, for one field just shown.
    #[allow(clippy::too_many_arguments)]
    fn checked_field_ui(
        &mut self,
        ui: &egui::Ui,
        ctx: &mut PanelContext<'_>,
        article: &Article,
        field: TextField,
        findings: &[Finding],
        output: &egui::text_edit::TextEditOutput,
        font: &egui::FontId,
        text: &str,
    ) {
        let marks = form_checks::finding_rects(output, findings, font.size);
        form_checks::paint_finding_waves(ui, output, findings, &marks);
        let response = &output.response.response;
        let under = |pos: Option<egui::Pos2>| {
            pos.and_then(|pos| marks.iter().find(|(_, rect)| rect.contains(pos)))
                .map(|(i, _)| findings[*i].clone())
        };
        // A tooltip of its own id, so that it never takes the context menu's popup.
        let menu_open = response.context_menu_opened() || response.secondary_clicked();
        if !menu_open && let Some(finding) = under(response.hover_pos()) {
            egui::Tooltip::always_open(
                ui.ctx().clone(),
                response.layer_id,
                response.id.with("finding-tooltip"),
                egui::PopupAnchor::Pointer,
            )
            .show(|ui| ui.label(finding.message.clone()));
        }
        if response.secondary_clicked() {
            self.menu_finding = under(response.interact_pointer_pos().or(response.hover_pos()));
        }
        let menu_finding = self.menu_finding.clone().filter(|f| f.field == Some(field));
        response.context_menu(|ui| {
            form_checks::finding_menu_ui(ui, ctx, article, menu_finding.as_ref());
        });
        if let Some(offer) = form_checks::paste_offer(ui, response, article, field, text) {
            self.paste = Some(offer);
        }
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
