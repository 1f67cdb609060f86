//! The window's frame: panels drawn in order, commands collected and applied after them.

use super::*;

impl CaibianApp {
    /// Draw one frame and apply what the user asked for.
    pub fn ui_root(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        if super::super::take_termination_request() {
            // As a close request: keep the changes in a recovery copy first, since a
            // system shutting down may not wait for the answer.
            self.autosave_now();
            self.apply(AppCommand::Quit);
        }
        self.guard_close_request(&ctx);
        self.autosave_if_due(&ctx);
        self.refresh_layout();
        if let Some(marker) = self.startup_marker.take() {
            let _ = std::fs::remove_file(marker);
        }
        self.refresh_checks();
        let mut commands = pressed_shortcuts(&ctx);
        self.poll_inbox(&ctx);
        self.panels_ui(ui, &mut commands);
        self.exchange_ui(&ctx, &mut commands);
        if let Some(id) = self.pending_delete.clone() {
            dialogs::confirm_delete_ui(&ctx, self.doc.issue(), &id, &mut commands);
        }
        if let Some(after) = &self.pending_unsaved {
            dialogs::unsaved_changes_ui(&ctx, after, &mut commands);
        }
        self.safety_questions_ui(&ctx, &mut commands);
        self.makeup_windows_ui(&ctx, &mut commands);
        self.settings_ui(&ctx);
        self.dictionary_ui(&ctx);
        for action in self.templates.ui(&ctx) {
            match action {
                TemplateAction::Apply(template) => {
                    if let Some(typesetter) = &mut self.typesetter {
                        typesetter.replace_template(template);
                        let grids = crate::model::PageGrids::from_templates(typesetter.templates());
                        self.doc.set_grids(grids);
                        self.typeset_revision = None;
                        self.refresh_layout();
                    }
                }
                TemplateAction::Notice(notice) => self.notice = Some(notice),
            }
        }
        self.export.print_errors = self.print_error_count();
        if let Some(notice) = self.export.ui(
            &ctx,
            self.doc.issue(),
            &self.pages,
            self.photo_folder.as_deref(),
        ) {
            self.notice = Some(notice);
        }
        let changed = !commands.is_empty();
        for command in commands {
            self.apply(command);
        }
        if changed {
            self.refresh_layout();
            self.refresh_checks();
            ctx.request_repaint();
        }
        if self.close_confirmed && !self.close_sent {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            self.close_sent = true;
        }
        self.update_title(&ctx);
    }

    pub(super) fn panels_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<AppCommand>) {
        let history = self.doc.history();
        let menu_state = MenuState {
            can_undo: history.can_undo(),
            can_redo: history.can_redo(),
            selected: self.selected.as_ref(),
            recent: self.recent.paths(),
            page: self
                .doc
                .issue()
                .pages
                .iter()
                .find(|p| p.number == self.preview.page_number)
                .map(|p| (p.number, p.signed_off)),
            page_count: u32::try_from(self.doc.issue().pages.len()).unwrap_or(u32::MAX),
        };
        egui::Panel::top("menu-bar").show(ui, |ui| self.menu.ui(ui, &menu_state, commands));
        if self.correspondent_mode() {
            self.correspondent_panels_ui(ui, commands);
            return;
        }
        let summary = self.summary();
        egui::Panel::bottom("status-bar").show(ui, |ui| {
            dialogs::status_bar_ui(ui, self.notice.as_ref(), &summary, commands);
        });
        self.preview.set_photo_folder(self.photo_folder.as_deref());
        let typesetter = self.typesetter.as_ref();
        let photo_sizes = &self.photo_sizes;
        let issue = self.doc.issue();
        let drop_size = |article: &ArticleId, page: u32| {
            drop_size(typesetter?, issue, article, page, photo_sizes)
        };
        let view = MakeupView {
            issue,
            grids: self.doc.grids(),
            selected: self.selected.as_ref(),
            pages: &self.pages,
            drop_size: &drop_size,
        };
        egui::Panel::right("page-preview")
            .default_size(theme::PREVIEW_PANEL_WIDTH)
            .show(ui, |ui| self.preview.ui(ui, &view, commands));
        let mut panel_ctx = PanelContext {
            issue: self.doc.issue(),
            selected: self.selected.as_ref(),
            commands,
        };
        self.checks.dock(ui, &mut panel_ctx, &self.findings);
        egui::Panel::left("issue-tree")
            .default_size(theme::TREE_PANEL_WIDTH)
            .show(ui, |ui| self.tree.ui(ui, &mut panel_ctx));
        let read_only = self.safety.read_only;
        egui::CentralPanel::default().show(ui, |ui| {
            if read_only {
                // Fields show the text but take no typing: nothing can be saved here.
                ui.disable();
            }
            self.form.ui(ui, &mut panel_ctx)
        });
    }

    pub(super) fn summary(&self) -> String {
        let issue = self.doc.issue();
        let mode = if self.safety.read_only {
            " · 只读\u{FF08}另存为后可编辑\u{FF09}"
        } else {
            ""
        };
        format!(
            "{}{} 第{}期 · {} · {}版 · {}篇稿件{mode}",
            self.page_fill_text(),
            issue.paper_name,
            issue.issue_number,
            issue.date.format("%Y-%m-%d"),
            issue.pages.len(),
            issue.articles.len()
        )
    }

    /// The shown page's fill for the status bar: column lines used of those on the page.
    pub(super) fn page_fill_text(&self) -> String {
        let number = self.preview.page_number;
        let Some(list) = self.pages.iter().find(|p| p.number == number) else {
            return String::new();
        };
        match crate::makeup::page_fill(self.doc.issue(), self.doc.grids(), number, list) {
            Ok((used, total)) if total > 0 => format!(
                "第{number}版 占用 {used}/{total} 行\u{FF08}{}%\u{FF09} · ",
                used * 100 / total
            ),
            _ => String::new(),
        }
    }

    pub(super) fn update_title(&mut self, ctx: &egui::Context) {
        let title = self.title();
        if title != self.shown_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.shown_title = title;
        }
    }
}
