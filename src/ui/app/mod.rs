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
mod commands;
mod exchange;
mod frame;
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
