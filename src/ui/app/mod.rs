//! The application: owns the document, draws the panels, applies their commands.

use std::path::{Path, PathBuf};

use crate::model::{Article, ArticleId, Document, Edit, Issue};
use crate::proof::{Checker, Finding};
use crate::render::photos::PhotoSizeCache;
use crate::store;
use crate::store::photo::issue_folder;
use crate::typeset::Typesetter;
use crate::typeset::display::PageList;

mod checks;
mod exchange;
mod makeup;
mod safety;

pub use exchange::{ConflictCopy, ExchangeSettings};
pub use safety::SafetySettings;

use super::article_form::ArticleForm;
use super::checks_panel::ChecksPanel;
use super::command::{AfterUnsaved, AppCommand, UnsavedChoice, pressed_shortcuts};
use super::dialogs::{self, Notice};
use super::dictionary_window::DictionaryWindow;
use super::export_dialog::ExportDialog;
use super::issue_tree::IssueTree;
use super::makeup_canvas::MakeupView;
use super::menu_bar::{MenuBar, MenuState};
use super::page_preview::PagePreview;
use super::panel::PanelContext;
use super::recent::RecentFiles;
use super::settings_window::{SettingsWindow, UserSettings};
use super::template_editor::{TemplateAction, TemplateEditor};
use super::theme;
use makeup::drop_size;
use safety::SafetyState;

/// The caibian main window.
pub struct CaibianApp {
    doc: Document,
    path: Option<PathBuf>,
    /// A name for the title when there is no path (the bundled sample, a new issue).
    untitled_name: String,
    /// The folder photo paths are relative to.
    photo_folder: Option<PathBuf>,
    selected: Option<ArticleId>,
    pending_delete: Option<ArticleId>,
    /// An action waiting for the unsaved-changes question.
    pending_unsaved: Option<AfterUnsaved>,
    /// The user agreed to close; the next frame closes the window.
    close_confirmed: bool,
    /// The close command went out (send it once).
    close_sent: bool,
    notice: Option<Notice>,
    recent: RecentFiles,
    tree: IssueTree,
    form: ArticleForm,
    menu: MenuBar,
    preview: PagePreview,
    /// None when the fonts or templates could not be loaded (the notice says why).
    typesetter: Option<Typesetter>,
    /// The issue typeset at `typeset_revision`.
    pages: Vec<PageList>,
    typeset_revision: Option<u64>,
    /// Autosave, recovery, conflicts, locks.
    safety: SafetyState,
    /// The export window and its running job.
    export: ExportDialog,
    /// Photo proportions for the typesetter.
    photo_sizes: PhotoSizeCache,
    /// The template editor window.
    templates: TemplateEditor,
    /// The settings window.
    settings_window: SettingsWindow,
    /// Where page templates are read from and saved to.
    templates_dir: PathBuf,
    /// Where the user's own templates are saved; they shadow the bundled ones.
    user_templates_dir: Option<PathBuf>,
    shown_title: String,
    /// Make-up windows and questions.
    makeup: makeup::MakeupState,
    /// The start-up marker to remove once the first frame is typeset.
    startup_marker: Option<PathBuf>,
    /// Runs the checks, caching findings per field.
    checker: Checker,
    /// The findings at `checks_revision`.
    findings: Vec<Finding>,
    checks_revision: Option<u64>,
    /// The 校对 panel.
    checks: ChecksPanel,
    /// The 词典 window and the user's dictionary file it writes.
    dictionary: DictionaryWindow,
    dictionary_path: Option<PathBuf>,
    /// Article exchange: replace offers, the inbox, the correspondent mode.
    exchange: exchange::ExchangeState,
}

impl CaibianApp {
    /// An app showing `issue`, saved at `path` if it has one.
    pub fn new(issue: Issue, path: Option<PathBuf>) -> CaibianApp {
        let selected = issue.articles.first().map(|a| a.id.clone());
        let photo_folder = path.as_deref().map(issue_folder);
        // What is on disk now, so that a later save notices changes made by others.
        let safety = SafetyState {
            disk_fingerprint: path.as_deref().and_then(store::file_fingerprint),
            ..SafetyState::default()
        };
        CaibianApp {
            photo_folder,
            doc: Document::new(issue),
            path,
            untitled_name: "未命名".to_owned(),
            selected,
            pending_delete: None,
            pending_unsaved: None,
            close_confirmed: false,
            close_sent: false,
            notice: None,
            recent: RecentFiles::default(),
            tree: IssueTree,
            form: ArticleForm::default(),
            menu: MenuBar,
            preview: PagePreview::default(),
            typesetter: None,
            pages: Vec::new(),
            typeset_revision: None,
            safety,
            export: ExportDialog::default(),
            photo_sizes: PhotoSizeCache::new(None),
            templates: TemplateEditor::default(),
            settings_window: SettingsWindow::default(),
            templates_dir: crate::assets::templates_dir(),
            user_templates_dir: crate::assets::user_templates_dir(),
            shown_title: String::new(),
            startup_marker: None,
            makeup: makeup::MakeupState::default(),
            checker: Checker::new(user_dictionary()),
            findings: Vec::new(),
            checks_revision: None,
            checks: ChecksPanel::default(),
            dictionary: DictionaryWindow::default(),
            dictionary_path: crate::proof::dictionary::user_dictionary_path(),
            exchange: exchange::ExchangeState::default(),
        }
    }

    /// An app on the file at `path`; if it cannot be read, an empty issue and the error.
    pub fn open_file(path: &Path) -> CaibianApp {
        let mut app = CaibianApp::new(empty_issue(), None);
        app.open_checked(path);
        app
    }

    /// An app on a copy of the bundled sample issue: saving asks for a new file, so the
    /// sample itself is never overwritten.
    pub fn open_sample(sample: &Path) -> CaibianApp {
        match store::load_issue(sample) {
            Ok(issue) => {
                let mut app = CaibianApp::new(issue, None);
                app.untitled_name = "示例期次".to_owned();
                app.photo_folder = Some(issue_folder(sample));
                app
            }
            Err(error) => {
                let mut app = CaibianApp::new(empty_issue(), None);
                app.notice = Some(Notice::error(format!("无法打开示例期次\u{FF1A}{error}")));
                app
            }
        }
    }

    /// Replace the recent-files list (restored from the app's persistence).
    pub fn set_recent(&mut self, recent: RecentFiles) {
        self.recent = recent;
    }

    /// The recent-files list, to persist.
    pub fn recent(&self) -> &RecentFiles {
        &self.recent
    }

    /// The document being edited.
    pub fn document(&self) -> &Document {
        &self.doc
    }

    /// The file the issue is saved in, if any.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The article shown in the form.
    pub fn selected(&self) -> Option<&ArticleId> {
        self.selected.as_ref()
    }

    /// The message in the status bar.
    pub fn notice(&self) -> Option<&Notice> {
        self.notice.as_ref()
    }

    /// Show a message in the status bar.
    pub fn show_notice(&mut self, notice: Notice) {
        self.notice = Some(notice);
    }

    /// The window title: file name, and a marker when there are unsaved changes.
    pub fn title(&self) -> String {
        let name = match &self.path {
            Some(path) => path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| path.display().to_string()),
            None => self.untitled_name.clone(),
        };
        let marker = if self.doc.is_modified() { " *" } else { "" };
        let mode = if self.safety.read_only {
            "\u{FF08}只读\u{FF09}"
        } else {
            ""
        };
        format!("{name}{marker}{mode} — 采编")
    }

    /// The typeset pages as the preview shows them.
    pub fn pages(&self) -> &[PageList] {
        &self.pages
    }

    /// Make the typesetter if there is none yet; false (with the reason shown) when the
    /// fonts or templates cannot be loaded.
    fn ensure_typesetter(&mut self) -> bool {
        if self.typesetter.is_some() {
            return true;
        }
        match Typesetter::with_user_templates(
            &self.templates_dir,
            self.user_templates_dir.as_deref(),
        ) {
            Ok(typesetter) => {
                self.typesetter = Some(typesetter);
                true
            }
            Err(error) => {
                self.notice = Some(Notice::error(format!("无法排版\u{FF1A}{error}")));
                false
            }
        }
    }

    /// Why `issue` cannot be opened although it loaded: a block outside its page's grid.
    fn placement_problem(&mut self, issue: &Issue) -> Option<String> {
        if !self.ensure_typesetter() {
            return None;
        }
        self.typesetter.as_ref()?.check_placements(issue).err()
    }

    /// Typeset the issue again if it changed since the last time.
    fn refresh_layout(&mut self) {
        if self.typeset_revision == Some(self.doc.revision()) {
            return;
        }
        if !self.ensure_typesetter() {
            self.typeset_revision = Some(self.doc.revision());
            return;
        }
        if self.photo_sizes.folder() != self.photo_folder.as_deref() {
            self.photo_sizes = PhotoSizeCache::new(self.photo_folder.as_deref());
        }
        if let Some(typesetter) = &mut self.typesetter {
            let grids = crate::model::PageGrids::from_templates(typesetter.templates());
            if *self.doc.grids() != grids {
                self.doc.set_grids(grids);
            }
            self.pages = typesetter.typeset_with_photos(self.doc.issue(), &self.photo_sizes);
        }
        self.typeset_revision = Some(self.doc.revision());
    }

    /// The name written into article histories.
    pub fn set_user_name(&mut self, name: String) {
        self.doc.user = name;
    }

    /// The user's name as set in 设置.
    pub fn user_name(&self) -> &str {
        &self.doc.user
    }

    /// Remove `marker` once the first frame has been typeset (see `ui::open_at_start`).
    pub fn clear_marker_after_first_frame(&mut self, marker: Option<PathBuf>) {
        self.startup_marker = marker;
    }

    fn settings_ui(&mut self, ctx: &egui::Context) {
        let mut settings = UserSettings {
            user_name: self.doc.user.clone(),
            safety: self.safety_settings().clone(),
            correspondent: self.correspondent_mode(),
        };
        if self.settings_window.ui(ctx, &mut settings) {
            self.doc.user = settings.user_name;
            self.set_safety_settings(settings.safety);
            self.apply_exchange(AppCommand::SetCorrespondentMode(settings.correspondent));
        }
    }

    /// Save the user's templates in `dir` (tests use a temporary folder).
    pub fn set_user_templates_dir(&mut self, dir: Option<PathBuf>) {
        self.user_templates_dir = dir;
        self.typesetter = None;
        self.typeset_revision = None;
    }

    /// Read the bundled page templates from `dir` instead of the bundled folder.
    pub fn set_templates_dir(&mut self, dir: PathBuf) {
        self.templates_dir = dir;
        self.typesetter = None;
        self.typeset_revision = None;
    }

    /// Whether an export is running in the background.
    pub fn export_running(&self) -> bool {
        self.export.is_running()
    }

    /// Whether the user has agreed to close the window.
    pub fn close_confirmed(&self) -> bool {
        self.close_confirmed
    }

    /// The action waiting for the unsaved-changes question, if it is being asked.
    pub fn pending_unsaved(&self) -> Option<&AfterUnsaved> {
        self.pending_unsaved.as_ref()
    }

    /// A close request with unsaved changes is cancelled and turned into a question.
    fn guard_close_request(&mut self, ctx: &egui::Context) {
        if !ctx.input(|i| i.viewport().close_requested()) {
            return;
        }
        if self.doc.is_modified() && !self.close_confirmed {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.pending_unsaved = Some(AfterUnsaved::Quit);
        } else {
            self.on_close();
        }
    }

    /// Run `after` now if nothing is unsaved, else ask first.
    fn after_unsaved_check(&mut self, after: AfterUnsaved) {
        if self.doc.is_modified() {
            self.pending_unsaved = Some(after);
        } else {
            self.run_after_unsaved(after);
        }
    }

    fn run_after_unsaved(&mut self, after: AfterUnsaved) {
        match after {
            AfterUnsaved::NewIssue => self.new_issue(),
            AfterUnsaved::OpenDialog => {
                if let Some(path) = pick_file_to_open() {
                    self.open_checked(&path);
                }
            }
            AfterUnsaved::Open(path) => self.open_checked(&path),
            AfterUnsaved::Quit => {
                self.close_confirmed = true;
                self.on_close();
            }
        }
    }

    fn answer_unsaved(&mut self, choice: UnsavedChoice) {
        let Some(after) = self.pending_unsaved.take() else {
            return;
        };
        match choice {
            UnsavedChoice::Save => {
                self.apply(AppCommand::Save);
                // Go on only if the save went through (not cancelled, not failed).
                if !self.doc.is_modified() {
                    self.run_after_unsaved(after);
                }
            }
            UnsavedChoice::Discard => {
                self.drop_recovery();
                self.doc.mark_saved();
                self.run_after_unsaved(after);
            }
            UnsavedChoice::Cancel => {}
        }
    }

    /// Draw one frame and apply what the user asked for.
    pub fn ui_root(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        if super::take_termination_request() {
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

    fn panels_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<AppCommand>) {
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
        if self.checks.open {
            egui::Panel::bottom("checks-panel")
                .resizable(true)
                .default_size(theme::CHECKS_PANEL_HEIGHT)
                .show(ui, |ui| self.checks.ui(ui, &mut panel_ctx, &self.findings));
        }
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

    fn summary(&self) -> String {
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
    fn page_fill_text(&self) -> String {
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

    fn update_title(&mut self, ctx: &egui::Context) {
        let title = self.title();
        if title != self.shown_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.shown_title = title;
        }
    }

    /// Carry out one command.
    pub fn apply(&mut self, command: AppCommand) {
        match command {
            AppCommand::NewIssue => self.after_unsaved_check(AfterUnsaved::NewIssue),
            AppCommand::Quit => self.after_unsaved_check(AfterUnsaved::Quit),
            AppCommand::Makeup(command) => self.apply_makeup(command),
            AppCommand::OpenDialog => self.after_unsaved_check(AfterUnsaved::OpenDialog),
            AppCommand::Open(path) => self.after_unsaved_check(AfterUnsaved::Open(path)),
            AppCommand::AnswerUnsaved(choice) => self.answer_unsaved(choice),
            AppCommand::AnswerConflict(choice) => self.answer_conflict(choice),
            AppCommand::AnswerLock(choice) => self.answer_lock(choice),
            AppCommand::AnswerRecovery(choice) => self.answer_recovery(choice),
            AppCommand::Save => match self.path.clone() {
                Some(path) => self.save_checked(&path),
                None => self.apply(AppCommand::SaveAsDialog),
            },
            AppCommand::SaveAsDialog => {
                if let Some(path) = pick_file_to_save(self.path.as_deref(), &self.untitled_name) {
                    self.save_unchecked(&path);
                }
            }
            AppCommand::SaveTo(path) => self.save_checked(&path),
            AppCommand::ShowSettings => self.settings_window.open = true,
            AppCommand::ShowTemplates => {
                let shown = self
                    .doc
                    .issue()
                    .pages
                    .iter()
                    .find(|p| p.number == self.preview.page_number)
                    .or(self.doc.issue().pages.first())
                    .map(|p| p.template.clone())
                    .unwrap_or_default();
                if let Some(problem) = self.templates.show(
                    &self.templates_dir,
                    self.user_templates_dir.as_deref(),
                    &shown,
                ) {
                    self.notice = Some(problem);
                }
            }
            AppCommand::ShowExport => {
                self.refresh_layout();
                self.export.show(self.path.as_deref());
            }
            AppCommand::Undo => {
                if !self.doc.undo() {
                    self.notice = Some(Notice::info("没有可撤销的操作"));
                }
                self.keep_selection_valid();
            }
            AppCommand::Redo => {
                if !self.doc.redo() {
                    self.notice = Some(Notice::info("没有可重做的操作"));
                }
                self.keep_selection_valid();
            }
            AppCommand::AddArticle => self.add_article(),
            AppCommand::DuplicateArticle(source) => self.duplicate_article(source),
            AppCommand::RequestDelete(id) => self.pending_delete = Some(id),
            AppCommand::ConfirmDelete(id) => {
                self.pending_delete = None;
                self.edit(Edit::DeleteArticle(id));
                self.keep_selection_valid();
            }
            AppCommand::CancelDelete => self.pending_delete = None,
            AppCommand::Select(id) => {
                self.doc.seal();
                self.show_page_of(&id);
                self.selected = Some(id);
            }
            AppCommand::SelectOnPage(id) => {
                self.doc.seal();
                self.selected = Some(id);
            }
            AppCommand::JumpTo {
                article,
                field,
                char_index,
            } => {
                self.doc.seal();
                self.selected = Some(article);
                if let Some(field) = field {
                    self.form.pending_cursor = Some((field, char_index));
                }
            }
            AppCommand::Edit(edit) => self.edit(edit),
            AppCommand::AddPhoto { article, source } => self.add_photo(&article, &source),
            AppCommand::SealHistory => self.doc.seal(),
            AppCommand::DismissNotice => self.notice = None,
            AppCommand::ToggleChecks => self.checks.open = !self.checks.open,
            AppCommand::ShowDictionary => self.dictionary.open = true,
            AppCommand::ShowFinding {
                article,
                field,
                range,
                page,
            } => self.show_finding(article, field, range, page),
            AppCommand::ApplyFix {
                article,
                field,
                range,
                replacement,
            } => self.apply_fix(article, field, range, &replacement),
            AppCommand::FixAllSafe(scope) => self.fix_all_safe(scope),
            AppCommand::IgnoreFinding { article, entry } => self.ignore_finding(article, entry),
            command @ (AppCommand::ImportDialog
            | AppCommand::ImportFiles(_)
            | AppCommand::ExportArticleDialog(_)
            | AppCommand::ExportArticleTo(..)
            | AppCommand::AnswerReplace(_)
            | AppCommand::ShowInbox
            | AppCommand::ChooseInboxFolder
            | AppCommand::SetInboxFolder(_)
            | AppCommand::ImportConflictCopy(_)
            | AppCommand::DismissConflict(_)
            | AppCommand::SendToInbox(_)
            | AppCommand::ChooseSendFolder
            | AppCommand::SetCorrespondentMode(_)) => self.apply_exchange(command),
        }
    }

    /// Turn the preview to the page that carries the article's first part.
    fn show_page_of(&mut self, id: &ArticleId) {
        let issue = self.doc.issue();
        let page = issue
            .pages
            .iter()
            .filter_map(|page| {
                let part = page.placements.iter().find(|p| &p.article == id)?.part;
                Some((part, page.number))
            })
            .min();
        if let Some((_, number)) = page {
            self.preview.page_number = number;
        }
    }

    fn edit(&mut self, edit: Edit) {
        if self.safety.read_only {
            self.notice = Some(Notice::error(READ_ONLY_NOTICE));
            return;
        }
        if let Err(error) = self.doc.apply(edit) {
            self.notice = Some(Notice::error(error.to_string()));
        }
    }

    fn add_photo(&mut self, article: &ArticleId, source: &Path) {
        let target = self.doc.issue().article(article);
        // Only beside a saved issue file: the bundled sample's folder is never written to.
        let folder = self.path.as_deref().map(issue_folder);
        match super::photo_editor::add_photo(target, article, folder.as_deref(), source) {
            Ok(edit) => {
                self.doc.seal();
                self.edit(edit);
                self.notice = Some(Notice::info("已添加图片"));
            }
            Err(message) => self.notice = Some(Notice::error(message)),
        }
    }

    fn new_issue(&mut self) {
        self.install(empty_issue(), None, false);
        self.notice = Some(Notice::info("已新建期次"));
    }

    fn add_article(&mut self) {
        // A correspondent's articles meet others' in the desk's issue: their ids must not
        // collide there.
        let id = if self.correspondent_mode() {
            self.doc.issue().unique_article_id()
        } else {
            self.doc.issue().next_article_id()
        };
        let mut article = Article::new(id.clone());
        article.headline = "新稿件".to_owned();
        self.edit(Edit::AddArticle(Box::new(article)));
        self.selected = Some(id);
    }

    fn duplicate_article(&mut self, source: ArticleId) {
        let copy = self.doc.issue().next_article_id();
        self.edit(Edit::DuplicateArticle {
            source,
            copy: copy.clone(),
        });
        if self.doc.issue().article(&copy).is_some() {
            self.selected = Some(copy);
        }
    }

    fn keep_selection_valid(&mut self) {
        let issue = self.doc.issue();
        let valid = self
            .selected
            .as_ref()
            .is_some_and(|id| issue.article(id).is_some());
        if !valid {
            self.selected = issue.articles.first().map(|a| a.id.clone());
        }
    }
}

/// Said when an edit is refused because the issue was opened read-only.
const READ_ONLY_NOTICE: &str =
    "此期次以只读方式打开\u{FF0C}不能修改\u{FF1B}请用“另存为”保存副本后再编辑";
/// The bundled house-style dictionary extended by the user's file (a broken user file is
/// reported on stderr and left out).
fn user_dictionary() -> crate::proof::Dictionary {
    use crate::proof::{Dictionary, dictionary::user_dictionary_path};
    match user_dictionary_path() {
        Some(path) => Dictionary::with_user_file(&path).unwrap_or_else(|e| {
            eprintln!("caibian: {e}");
            Dictionary::bundled()
        }),
        None => Dictionary::bundled(),
    }
}

fn empty_issue() -> Issue {
    Issue::new_empty(chrono::Local::now().date_naive())
}

fn pick_file_to_open() -> Option<PathBuf> {
    rfd::FileDialog::new()
        .set_title("打开期次")
        .add_filter("采编期次 (*.ron)", &["ron"])
        .pick_file()
}

fn pick_file_to_save(current: Option<&Path>, untitled_name: &str) -> Option<PathBuf> {
    let mut dialog = rfd::FileDialog::new()
        .set_title("另存为")
        .add_filter("采编期次 (*.ron)", &["ron"])
        .set_file_name(save_as_name(current, untitled_name));
    if let Some(folder) = current.and_then(Path::parent) {
        dialog = dialog.set_directory(folder);
    }
    dialog.save_file()
}

/// The name 另存为 proposes: the file's own name when it has one.
fn save_as_name(current: Option<&Path>, untitled_name: &str) -> String {
    current
        .and_then(Path::file_name)
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| format!("{untitled_name}.ron"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn save_as_proposes_the_files_own_name() {
        assert_eq!(
            save_as_name(Some(Path::new("/news/2022-09-22.ron")), "未命名"),
            "2022-09-22.ron"
        );
        assert_eq!(save_as_name(None, "示例期次"), "示例期次.ron");
    }
}
