//! Article exchange in the window: importing and exporting article files, the replace
//! offer, the inbox folder, and the correspondent mode.

use std::collections::{HashSet, VecDeque};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::model::{ArticleId, Edit, InboxRecord};
use crate::store::article_diff::{FieldDiff, article_diff};
use crate::store::article_file::{ARTICLE_FILE_SUFFIX, default_file_name, export_article};
use crate::store::import::{ImportedArticle, SourceKind, place_photos, read_file};
use crate::store::inbox::{InboxEvent, InboxFile, InboxWatcher, inbox_folder};

use super::super::command::{AppCommand, ReplaceChoice};
use super::super::correspondent::{CorrespondentBar, article_list_ui};
use super::super::dialogs::Notice;
use super::super::inbox_window::{InboxView, InboxWindow, publish_new_arrivals};
use super::super::panel::PanelContext;
use super::super::replace_dialog::replace_dialog_ui;
use super::super::theme;
use super::CaibianApp;

/// How often the window wakes up to look at the inbox while nothing else happens.
const INBOX_REPAINT: Duration = Duration::from_millis(500);

/// Exchange settings kept in the app's persistence (not in the issue).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ExchangeSettings {
    /// The simpler correspondent window instead of the editor's.
    pub correspondent: bool,
    /// Where 发送到收稿文件夹 writes (the correspondent's copy of the desk's inbox).
    pub send_folder: String,
}

impl ExchangeSettings {
    /// The key under which the settings are persisted.
    pub const STORAGE_KEY: &'static str = "caibian.exchange";
}

/// An import whose id is already in the issue, waiting for 替换 / 作为新稿件 / 取消.
pub struct ReplaceOffer {
    /// What was read.
    pub imported: ImportedArticle,
    /// What would change, field by field.
    pub diff: Vec<FieldDiff>,
    /// The inbox file it came from, if any.
    pub inbox: Option<InboxRecord>,
}

/// A sync conflict copy in the inbox, the version it conflicts with, and what differs.
pub struct ConflictCopy {
    /// The conflict copy.
    pub copy: InboxFile,
    /// The other version, when it is in the folder.
    pub original: Option<InboxFile>,
    /// Field by field, original → copy, when both could be read.
    pub diff: Option<Vec<FieldDiff>>,
}

/// The exchange state of the window.
#[derive(Default)]
pub struct ExchangeState {
    /// Persisted settings.
    pub settings: ExchangeSettings,
    /// Replace offers, the first one shown.
    pub offers: VecDeque<ReplaceOffer>,
    /// The inbox watcher, when the issue names an existing folder.
    watcher: Option<InboxWatcher>,
    /// The folder a watcher was last asked for (to notice a change, and to report a
    /// missing folder once).
    watched: Option<PathBuf>,
    /// Articles that arrived through the inbox this session and were not opened yet.
    pub new_arrivals: HashSet<ArticleId>,
    /// Conflict copies found in the inbox, with the other version.
    pub conflicts: Vec<ConflictCopy>,
    /// The inbox window.
    pub window: InboxWindow,
    /// The correspondent mode's tool bar.
    bar: CorrespondentBar,
}

impl CaibianApp {
    /// The exchange settings, to persist.
    pub fn exchange_settings(&self) -> &ExchangeSettings {
        &self.exchange.settings
    }

    /// Replace the exchange settings (restored from persistence or `--correspondent`).
    pub fn set_exchange_settings(&mut self, settings: ExchangeSettings) {
        self.exchange.settings = settings;
    }

    /// Whether the correspondent window is shown.
    pub fn correspondent_mode(&self) -> bool {
        self.exchange.settings.correspondent
    }

    /// Imports waiting for the replace question.
    pub fn pending_replacements(&self) -> usize {
        self.exchange.offers.len()
    }

    /// Articles that came through the inbox and were not opened yet.
    pub fn new_arrivals(&self) -> &HashSet<ArticleId> {
        &self.exchange.new_arrivals
    }

    /// Conflict copies found in the inbox.
    pub fn inbox_conflicts(&self) -> &[ConflictCopy] {
        &self.exchange.conflicts
    }

    /// Carry out an exchange command.
    pub(super) fn apply_exchange(&mut self, command: AppCommand) {
        match command {
            AppCommand::ImportDialog => {
                if let Some(paths) = pick_files_to_import() {
                    self.import_files(paths);
                }
            }
            AppCommand::ImportFiles(paths) => self.import_files(paths),
            AppCommand::ExportArticleDialog(id) => {
                let name = self.doc.issue().article(&id).map(default_file_name);
                if let Some(path) = name.and_then(|name| pick_article_file_to_save(&name)) {
                    self.export_article_to(&id, &path);
                }
            }
            AppCommand::ExportArticleTo(id, path) => self.export_article_to(&id, &path),
            AppCommand::AnswerReplace(choice) => self.answer_replace(choice),
            AppCommand::ShowInbox => self.exchange.window.open = true,
            AppCommand::ChooseInboxFolder => {
                if let Some(folder) = rfd::FileDialog::new().set_title("收稿文件夹").pick_folder()
                {
                    self.set_inbox_folder(Some(folder));
                }
            }
            AppCommand::SetInboxFolder(folder) => self.set_inbox_folder(folder),
            AppCommand::ImportConflictCopy(path) => {
                self.exchange.conflicts.retain(|c| c.copy.path != path);
                self.import_as_new(&path);
            }
            AppCommand::DismissConflict(path) => {
                self.exchange.conflicts.retain(|c| c.copy.path != path);
            }
            AppCommand::SendToInbox(id) => self.send_to_inbox(&id),
            AppCommand::ChooseSendFolder => {
                if let Some(folder) = rfd::FileDialog::new().set_title("发送文件夹").pick_folder()
                {
                    self.exchange.settings.send_folder = folder.display().to_string();
                }
            }
            AppCommand::SetCorrespondentMode(on) => self.exchange.settings.correspondent = on,
            _ => {}
        }
    }

    /// Read each file; add new articles to the pool, queue a replace offer for ids the
    /// issue already has. Unreadable files are reported together.
    fn import_files(&mut self, paths: Vec<PathBuf>) {
        // The notice after the loop carries what the imports noted (cleanup, skipped tables).
        self.notice = None;
        let mut problems = Vec::new();
        let mut added = 0;
        for path in paths {
            match read_file(&path, self.doc.issue()) {
                Ok(imported) => {
                    if let Some(id) = self.take_import(imported, None) {
                        self.selected = Some(id);
                        added += 1;
                    }
                }
                Err(error) => problems.push(error.to_string()),
            }
        }
        let notes = self.notice.take().map(|n| format!("\u{FF1B}{}", n.text));
        self.notice = Some(if problems.is_empty() {
            Notice::info(format!(
                "已导入 {added} 篇稿件{}",
                notes.unwrap_or_default()
            ))
        } else {
            Notice::error(problems.join("\u{FF1B}"))
        });
    }

    /// Import a file under a fresh id whatever its id (a conflict copy).
    fn import_as_new(&mut self, path: &Path) {
        match read_file(path, self.doc.issue()) {
            Ok(mut imported) => {
                imported.article.id = self.doc.issue().unique_article_id();
                if let Some(id) = self.take_import(imported, None) {
                    self.selected = Some(id);
                }
            }
            Err(error) => self.notice = Some(Notice::error(error.to_string())),
        }
    }

    /// Add the article, or queue a replace offer when its id is taken. Returns the id of
    /// an article added now.
    fn take_import(
        &mut self,
        mut imported: ImportedArticle,
        inbox: Option<InboxRecord>,
    ) -> Option<ArticleId> {
        // Word and text copy is cleaned as a paste is; the notes say what changed.
        let cleaned = crate::proof::paste::clean_imported(&mut imported.article);
        imported.notes.extend(cleaned);
        if let Some(existing) = self.doc.issue().article(&imported.article.id) {
            let diff = article_diff(existing, &imported.preview_article());
            self.exchange.offers.push_back(ReplaceOffer {
                imported,
                diff,
                inbox,
            });
            return None;
        }
        self.add_import(&imported, inbox)
    }

    /// Place the photos beside the issue and add the article to the pool (one undo step).
    fn add_import(
        &mut self,
        imported: &ImportedArticle,
        inbox: Option<InboxRecord>,
    ) -> Option<ArticleId> {
        if self.safety.read_only {
            // Refused before any photo is written beside a file opened read-only.
            self.notice = Some(Notice::error(super::READ_ONLY_NOTICE));
            return None;
        }
        let article = self.placed(imported)?;
        let id = article.id.clone();
        self.edit(Edit::ImportArticle {
            article: Box::new(article),
            inbox,
        });
        if !imported.notes.is_empty() {
            self.notice = Some(Notice::info(imported.notes.join("\u{FF1B}")));
        }
        self.doc.issue().article(&id).map(|a| a.id.clone())
    }

    /// The imported article with its photos written beside the issue; without a folder
    /// (an issue never saved) the photos cannot be placed and are left out, with a notice.
    fn placed(&mut self, imported: &ImportedArticle) -> Option<crate::model::Article> {
        match &self.photo_folder {
            Some(folder) => match place_photos(imported, folder) {
                Ok(article) => Some(article),
                Err(error) => {
                    self.notice = Some(Notice::error(format!("无法保存图片\u{FF1A}{error}")));
                    None
                }
            },
            None => {
                let mut article = imported.article.clone();
                if !article.photos.is_empty() {
                    article.photos.clear();
                    self.notice = Some(Notice::error(
                        "期次尚未保存\u{FF0C}图片未导入\u{FF1B}请先保存期次再导入",
                    ));
                }
                Some(article)
            }
        }
    }

    fn answer_replace(&mut self, choice: ReplaceChoice) {
        let Some(offer) = self.exchange.offers.pop_front() else {
            return;
        };
        match choice {
            ReplaceChoice::Replace if self.safety.read_only => {
                self.notice = Some(Notice::error(super::READ_ONLY_NOTICE));
            }
            ReplaceChoice::Replace => {
                if let Some(article) = self.placed(&offer.imported) {
                    let id = article.id.clone();
                    self.doc.seal();
                    self.edit(Edit::ReplaceArticle {
                        article: Box::new(article),
                        inbox: offer.inbox,
                    });
                    self.selected = Some(id);
                    self.notice = Some(Notice::info("已替换为导入的版本\u{FF08}可撤销\u{FF09}"));
                }
            }
            ReplaceChoice::KeepBoth => {
                let mut imported = offer.imported;
                imported.article.id = self.doc.issue().unique_article_id();
                if let Some(id) = self.add_import(&imported, offer.inbox) {
                    self.selected = Some(id);
                }
            }
            ReplaceChoice::Cancel => {}
        }
    }

    fn export_article_to(&mut self, id: &ArticleId, path: &Path) {
        let Some(article) = self.doc.issue().article(id) else {
            return;
        };
        let folder = self
            .photo_folder
            .clone()
            .unwrap_or_else(|| PathBuf::from("."));
        let result = export_article(
            article,
            &folder,
            path,
            &self.doc.user,
            &self.doc.issue().paper_name,
        );
        self.notice = Some(match result {
            Ok(()) => Notice::info(format!("已导出稿件到 {}", path.display())),
            Err(error) => Notice::error(format!("导出稿件失败\u{FF1A}{error}")),
        });
    }

    /// Write the article file into the send folder (or the issue's inbox folder), under
    /// a name not yet taken there: never over a file the sync service is carrying.
    fn send_to_inbox(&mut self, id: &ArticleId) {
        let folder = match self.exchange.settings.send_folder.trim() {
            "" => self
                .photo_folder
                .as_deref()
                .and_then(|f| inbox_folder(self.doc.issue(), f)),
            folder => Some(PathBuf::from(folder)),
        };
        let Some(folder) = folder.filter(|f| f.is_dir()) else {
            self.notice = Some(Notice::error(
                "请先选择发送文件夹\u{FF08}编辑部的收稿文件夹\u{FF09}",
            ));
            return;
        };
        let Some(article) = self.doc.issue().article(id) else {
            return;
        };
        let name = default_file_name(article);
        let stem = name.strip_suffix(ARTICLE_FILE_SUFFIX).unwrap_or(&name);
        let path = (1..1000)
            .map(|n| match n {
                1 => folder.join(&name),
                n => folder.join(format!("{stem}-{n}{ARTICLE_FILE_SUFFIX}")),
            })
            .find(|p| !p.exists())
            .unwrap_or_else(|| folder.join(&name));
        self.export_article_to(id, &path);
    }

    fn set_inbox_folder(&mut self, folder: Option<PathBuf>) {
        // Relative to the issue when the folder is inside the issue's folder, so that
        // the issue and its inbox can move together.
        let text = folder.map(|folder| {
            self.photo_folder
                .as_deref()
                .and_then(|base| folder.strip_prefix(base).ok())
                .map_or_else(|| folder.display().to_string(), |r| r.display().to_string())
        });
        self.edit(Edit::SetInboxFolder(text));
    }

    /// Look at the inbox: start or stop the watcher as the issue's folder changes, take
    /// complete files in, list conflict copies.
    pub(super) fn poll_inbox(&mut self, ctx: &egui::Context) {
        // A read-only issue takes nothing in: whoever edits it will.
        let wanted = self
            .photo_folder
            .as_deref()
            .filter(|_| !self.safety.read_only)
            .and_then(|base| inbox_folder(self.doc.issue(), base));
        if wanted != self.exchange.watched {
            self.exchange.watched = wanted.clone();
            self.exchange.watcher = None;
            if let Some(folder) = wanted {
                match InboxWatcher::start(folder) {
                    Ok(watcher) => self.exchange.watcher = Some(watcher),
                    Err(problem) => self.notice = Some(Notice::error(problem)),
                }
            }
        }
        let Some(watcher) = self.exchange.watcher.as_mut() else {
            return;
        };
        let imported = self
            .doc
            .issue()
            .inbox
            .as_ref()
            .map(|i| i.imported.clone())
            .unwrap_or_default();
        let events = watcher.poll(Instant::now(), &imported);
        ctx.request_repaint_after(INBOX_REPAINT);
        for event in events {
            match event {
                InboxEvent::Ready(file) => self.take_arrival(&file),
                InboxEvent::Conflict { copy, original } => {
                    self.notice = Some(Notice::error(format!(
                        "收稿文件夹中有同步冲突副本 {}\u{FF0C}未自动导入\u{FF1B}请在收稿文件夹窗口中查看",
                        copy.name
                    )));
                    let diff = original.as_ref().and_then(|original| {
                        let issue = self.doc.issue();
                        let old = read_file(&original.path, issue).ok()?.preview_article();
                        let new = read_file(&copy.path, issue).ok()?.preview_article();
                        Some(article_diff(&old, &new))
                    });
                    self.exchange.conflicts.push(ConflictCopy {
                        copy,
                        original,
                        diff,
                    });
                }
            }
        }
    }

    fn take_arrival(&mut self, file: &InboxFile) {
        match read_file(&file.path, self.doc.issue()) {
            Ok(imported) => {
                let id = imported.article.id.clone();
                let record = file.record(vec![id.clone()]);
                if self.take_import(imported, Some(record)).is_some() {
                    self.exchange.new_arrivals.insert(id);
                    self.notice = Some(Notice::info(format!("新到稿件\u{FF1A}{}", file.name)));
                }
            }
            Err(error) => self.notice = Some(Notice::error(error.to_string())),
        }
    }

    /// Draw the replace offer and the inbox window; share the new arrivals with the tree.
    pub(super) fn exchange_ui(&mut self, ctx: &egui::Context, commands: &mut Vec<AppCommand>) {
        if let Some(selected) = &self.selected {
            self.exchange.new_arrivals.remove(selected);
        }
        publish_new_arrivals(ctx, &self.exchange.new_arrivals);
        // Files dropped on the window are imported like 导入稿件.
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| SourceKind::of(p).is_some())
                .collect()
        });
        if !dropped.is_empty() {
            commands.push(AppCommand::ImportFiles(dropped));
        }
        if let Some(offer) = self.exchange.offers.front() {
            replace_dialog_ui(ctx, &offer.imported, &offer.diff, commands);
        }
        let view = InboxView {
            folder: self.doc.issue().inbox.as_ref().map(|i| i.folder.as_str()),
            watching: self.exchange.watcher.as_ref().map(InboxWatcher::folder),
            conflicts: &self.exchange.conflicts,
            imported: self
                .doc
                .issue()
                .inbox
                .as_ref()
                .map_or(0, |i| i.imported.len()),
        };
        self.exchange.window.ui(ctx, &view, commands);
    }

    /// The correspondent window: the article list, the form and the exchange buttons; no
    /// pages, no make-up.
    pub(super) fn correspondent_panels_ui(
        &mut self,
        ui: &mut egui::Ui,
        commands: &mut Vec<AppCommand>,
    ) {
        let summary = self.summary();
        egui::Panel::bottom("status-bar").show(ui, |ui| {
            super::super::dialogs::status_bar_ui(ui, self.notice.as_ref(), &summary, commands);
        });
        let selected = self.selected.clone();
        let send_folder = self.exchange.settings.send_folder.clone();
        egui::Panel::top("correspondent-bar").show(ui, |ui| {
            self.exchange
                .bar
                .ui(ui, selected.as_ref(), &send_folder, commands);
        });
        let mut panel_ctx = PanelContext {
            issue: self.doc.issue(),
            selected: self.selected.as_ref(),
            commands,
        };
        // The correspondent checks the copy too: the 校对 panel, as in the editor's window.
        self.checks.dock(ui, &mut panel_ctx, &self.findings);
        egui::Panel::left("correspondent-articles")
            .default_size(theme::TREE_PANEL_WIDTH)
            .show(ui, |ui| article_list_ui(ui, &mut panel_ctx));
        egui::CentralPanel::default().show(ui, |ui| self.form.ui(ui, &mut panel_ctx));
    }
}

fn pick_files_to_import() -> Option<Vec<PathBuf>> {
    rfd::FileDialog::new()
        .set_title("导入稿件")
        .add_filter(
            "稿件\u{FF08}稿件文件\u{3001}Word\u{3001}文本\u{FF09}",
            &["zip", "docx", "txt"],
        )
        .pick_files()
}

fn pick_article_file_to_save(suggested: &str) -> Option<PathBuf> {
    rfd::FileDialog::new()
        .set_title("导出稿件")
        .add_filter("采编稿件 (*.article.zip)", &["zip"])
        .set_file_name(suggested)
        .save_file()
}
