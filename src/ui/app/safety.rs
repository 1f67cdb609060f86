//! Never losing work: autosave and recovery, backups, conflict and lock checks on save
//! and open.

use std::path::{Path, PathBuf};

use crate::model::{Document, Issue};
use crate::store::lock::{self, LockOwner};
use crate::store::recovery::{self, RecoveryCopy};
use crate::store::{self, backup};

use super::super::command::{AppCommand, ConflictChoice, LockChoice, RecoveryChoice};
use super::super::dialogs::Notice;
use super::CaibianApp;

/// How the app guards the user's work; kept in the app's persistence.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct SafetySettings {
    /// Seconds between autosaves of unsaved changes.
    pub autosave_seconds: f64,
    /// How many backups of each issue file to keep.
    pub backups: usize,
}

impl Default for SafetySettings {
    fn default() -> Self {
        SafetySettings {
            autosave_seconds: 30.0,
            backups: backup::DEFAULT_BACKUPS,
        }
    }
}

impl SafetySettings {
    /// The key under which the settings are persisted.
    pub const STORAGE_KEY: &'static str = "caibian.safety";
}

/// A file that another caibian has open, loaded and waiting for the user's choice.
pub struct LockedOpen {
    /// The file.
    pub path: PathBuf,
    /// Who holds it.
    pub owner: LockOwner,
    /// Its content.
    pub issue: Issue,
}

/// Questions about the user's work that wait for an answer.
#[derive(Default)]
pub struct SafetyState {
    /// Where recovery copies go; `None` disables autosave.
    pub recovery_dir: Option<PathBuf>,
    /// The settings.
    pub settings: SafetySettings,
    /// Time (s) of the last autosave, on the UI clock.
    pub last_autosave_s: Option<f64>,
    /// The document revision last autosaved.
    pub autosaved_revision: Option<u64>,
    /// Fingerprint of the file as last read or written.
    pub disk_fingerprint: Option<u64>,
    /// Opened read-only (another instance holds the lock).
    pub read_only: bool,
    /// The file changed on disk; waiting for overwrite / save as / reload.
    pub pending_conflict: bool,
    /// A locked file waiting for read-only / edit anyway / cancel.
    pub pending_lock: Option<LockedOpen>,
    /// Recovery copies found at start, waiting for restore / discard.
    pub pending_recovery: Vec<(PathBuf, RecoveryCopy)>,
}

impl CaibianApp {
    /// Use `dir` for recovery copies, and offer any found there from an earlier session.
    pub fn set_recovery_dir(&mut self, dir: Option<PathBuf>) {
        self.safety.recovery_dir = dir;
        self.safety.pending_recovery = match &self.safety.recovery_dir {
            Some(dir) => recovery::list_recoveries(dir).0,
            None => Vec::new(),
        };
    }

    /// Replace the safety settings (restored from persistence).
    pub fn set_safety_settings(&mut self, settings: SafetySettings) {
        self.safety.settings = settings;
    }

    /// The safety settings, to persist.
    pub fn safety_settings(&self) -> &SafetySettings {
        &self.safety.settings
    }

    /// Whether the issue was opened read-only.
    pub fn is_read_only(&self) -> bool {
        self.safety.read_only
    }

    /// Whether the save-conflict question is being asked.
    pub fn conflict_pending(&self) -> bool {
        self.safety.pending_conflict
    }

    /// Whether the locked-file question is being asked.
    pub fn lock_question_pending(&self) -> bool {
        self.safety.pending_lock.is_some()
    }

    /// The recovery copies being offered.
    pub fn pending_recovery(&self) -> &[(PathBuf, RecoveryCopy)] {
        &self.safety.pending_recovery
    }

    /// Write a recovery copy now if there are unsaved changes not yet in one.
    pub fn autosave_now(&mut self) {
        let Some(dir) = self.safety.recovery_dir.clone() else {
            return;
        };
        if !self.doc.is_modified() || self.safety.autosaved_revision == Some(self.doc.revision()) {
            return;
        }
        match recovery::write_recovery(&dir, self.path.as_deref(), self.doc.issue()) {
            Ok(_) => self.safety.autosaved_revision = Some(self.doc.revision()),
            Err(error) => self.notice = Some(Notice::error(format!("自动保存失败\u{FF1A}{error}"))),
        }
    }

    /// Autosave when the interval has passed; `now_s` is the UI clock.
    pub(super) fn autosave_if_due(&mut self, ctx: &egui::Context) {
        let now_s = ctx.input(|i| i.time);
        let interval = self.safety.settings.autosave_seconds.max(1.0);
        let last = *self.safety.last_autosave_s.get_or_insert(now_s);
        if now_s - last >= interval {
            self.safety.last_autosave_s = Some(now_s);
            self.autosave_now();
        }
        if self.doc.is_modified() {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(interval));
        }
    }

    /// The recovery copy is no longer needed (saved, or changes discarded).
    pub(super) fn drop_recovery(&mut self) {
        if let Some(dir) = &self.safety.recovery_dir {
            recovery::remove_recovery(dir, self.path.as_deref());
        }
        self.safety.autosaved_revision = None;
    }

    /// Things to do when the window closes normally.
    pub fn on_close(&mut self) {
        if !self.doc.is_modified() {
            self.drop_recovery();
        }
        if let Some(path) = &self.path {
            lock::release(path);
        }
    }

    /// Open `path` as the current issue, checking its lock.
    pub(super) fn open_checked(&mut self, path: &Path) {
        let issue = match store::load_issue(path) {
            Ok(issue) => issue,
            Err(error) => {
                self.notice = Some(Notice::error(format!(
                    "无法打开 {}\u{FF1A}{error}",
                    path.display()
                )));
                return;
            }
        };
        if let Some(problem) = self.placement_problem(&issue) {
            self.notice = Some(Notice::error(format!(
                "无法打开 {}\u{FF1A}{problem}",
                path.display()
            )));
            return;
        }
        match lock::foreign_lock(path) {
            Some(owner) => {
                self.safety.pending_lock = Some(LockedOpen {
                    path: path.to_path_buf(),
                    owner,
                    issue,
                })
            }
            None => self.install(issue, Some(path.to_path_buf()), false),
        }
    }

    /// Make `issue` the current one, releasing the old file's lock and taking the new one's.
    pub(super) fn install(&mut self, issue: Issue, path: Option<PathBuf>, read_only: bool) {
        if let Some(old) = &self.path {
            lock::release(old);
        }
        if !self.doc.is_modified() {
            self.drop_recovery();
        }
        self.replace_document(issue, path.clone());
        self.safety.read_only = read_only;
        if let Some(path) = &path {
            self.safety.disk_fingerprint = store::file_fingerprint(path);
            self.recent.add(path);
            let mode = if read_only {
                "\u{FF08}只读\u{FF09}"
            } else {
                ""
            };
            self.notice = Some(Notice::info(format!("已打开 {}{mode}", path.display())));
            if !read_only {
                self.take_lock(path);
            }
        }
    }

    /// Take the lock of `path`; when that fails, say so (the issue stays open and
    /// editable: the lock only warns others).
    fn take_lock(&mut self, path: &Path) {
        if let Err(error) = lock::acquire(path, &self.doc.user) {
            self.notice = Some(Notice::error(format!(
                "无法锁定 {}\u{FF0C}他人打开时不会收到提醒\u{FF1A}{error}",
                path.display()
            )));
        }
    }

    /// Save to `path`, unless the file changed behind our back or was opened read-only.
    pub(super) fn save_checked(&mut self, path: &Path) {
        let same_file = self.path.as_deref() == Some(path);
        if same_file && self.safety.read_only {
            self.notice = Some(Notice::error(
                "此期次以只读方式打开\u{FF0C}请用“另存为”保存到其他文件",
            ));
            return;
        }
        if same_file && store::file_fingerprint(path) != self.safety.disk_fingerprint {
            self.safety.pending_conflict = true;
            return;
        }
        self.save_unchecked(path);
    }

    /// Save to `path`: keep a backup of the old file, write atomically, then tidy up.
    pub(super) fn save_unchecked(&mut self, path: &Path) {
        if let Err(error) = backup::backup_before_save(path, self.safety.settings.backups) {
            self.notice = Some(Notice::error(format!(
                "无法备份旧文件\u{FF0C}未保存\u{FF1A}{error}"
            )));
            return;
        }
        match store::save_issue(path, self.doc.issue()) {
            Ok(()) => {
                let carried = self.carry_photos_to(path);
                self.drop_recovery();
                self.doc.mark_saved();
                if self.path.as_deref() != Some(path) {
                    if let Some(old) = &self.path {
                        lock::release(old);
                    }
                    self.take_lock(path);
                }
                self.path = Some(path.to_path_buf());
                self.photo_folder = Some(store::photo::issue_folder(path));
                self.safety.disk_fingerprint = store::file_fingerprint(path);
                self.safety.read_only = false;
                self.recent.add(path);
                self.notice = Some(match carried {
                    Some(problems) if !problems.is_empty() => Notice::error(format!(
                        "已保存到 {}\u{FF0C}但有图片未能一并复制\u{FF1A}{}",
                        path.display(),
                        problems.join("\u{FF1B}")
                    )),
                    _ => Notice::info(format!("已保存到 {}", path.display())),
                });
            }
            Err(error) => {
                self.notice = Some(Notice::error(format!(
                    "保存失败\u{FF0C}期次仍在内存中\u{FF0C}可另存到别处\u{FF1A}{error}"
                )));
            }
        }
    }

    /// Saving into another folder: copy the photos along, so their relative paths still
    /// lead to them. Returns the problems, or `None` when the folder did not change.
    fn carry_photos_to(&self, path: &Path) -> Option<Vec<String>> {
        let from = self.photo_folder.as_deref()?;
        let to = store::photo::issue_folder(path);
        let same = std::fs::canonicalize(from).ok() == std::fs::canonicalize(&to).ok();
        if same {
            return None;
        }
        let paths = self
            .doc
            .issue()
            .articles
            .iter()
            .flat_map(|a| &a.photos)
            .map(|p| p.path.as_str());
        let (_, problems) = store::photo::carry_photos(paths, from, &to);
        Some(problems)
    }

    /// The user answered the conflict question.
    pub(super) fn answer_conflict(&mut self, choice: ConflictChoice) {
        self.safety.pending_conflict = false;
        let Some(path) = self.path.clone() else {
            return;
        };
        match choice {
            ConflictChoice::Overwrite => self.save_unchecked(&path),
            ConflictChoice::SaveAs => self.apply(AppCommand::SaveAsDialog),
            ConflictChoice::Reload => match store::load_issue(&path) {
                Ok(issue) => {
                    self.drop_recovery();
                    self.install(issue, Some(path), false);
                }
                Err(error) => {
                    self.notice = Some(Notice::error(format!("无法重新载入\u{FF1A}{error}")));
                }
            },
            ConflictChoice::Cancel => {}
        }
    }

    /// The user answered the locked-file question.
    pub(super) fn answer_lock(&mut self, choice: LockChoice) {
        let Some(locked) = self.safety.pending_lock.take() else {
            return;
        };
        match choice {
            LockChoice::ReadOnly => self.install(locked.issue, Some(locked.path), true),
            LockChoice::EditAnyway => self.install(locked.issue, Some(locked.path), false),
            LockChoice::Cancel => {}
        }
    }

    /// The user answered the recovery question for the newest copy.
    pub(super) fn answer_recovery(&mut self, choice: RecoveryChoice) {
        if self.safety.pending_recovery.is_empty() {
            return;
        }
        let (file, copy) = self.safety.pending_recovery.remove(0);
        match choice {
            RecoveryChoice::Restore => {
                let original = copy.original.filter(|p| p.is_file());
                self.install(copy.issue, original, false);
                self.doc.mark_unsaved();
                self.notice = Some(Notice::info(format!(
                    "已恢复写于 {} 的修改\u{FF0C}请保存",
                    copy.written_at.format("%Y-%m-%d %H:%M:%S")
                )));
            }
            RecoveryChoice::Discard => {
                let _ = std::fs::remove_file(file);
            }
        }
    }

    /// Swap in a new document, keeping app-wide state.
    fn replace_document(&mut self, issue: Issue, path: Option<PathBuf>) {
        let user = self.doc.user.clone();
        self.selected = issue.articles.first().map(|a| a.id.clone());
        let grids = self.doc.grids().clone();
        self.doc = Document::new(issue);
        self.doc.user = user;
        // Make-up edits are checked against the page grids of the loaded templates.
        self.doc.set_grids(grids);
        self.photo_folder = path.as_deref().map(store::photo::issue_folder);
        self.path = path;
        self.untitled_name = "未命名".to_owned();
        self.pending_delete = None;
        self.pending_unsaved = None;
        self.typeset_revision = None;
        self.safety.autosaved_revision = None;
        self.safety.disk_fingerprint = None;
        self.safety.read_only = false;
        self.form.pending_cursor = None;
    }
}

impl CaibianApp {
    /// Show whichever safety question is waiting (one at a time).
    pub(super) fn safety_questions_ui(&self, ctx: &egui::Context, commands: &mut Vec<AppCommand>) {
        use super::super::dialogs;
        if self.safety.pending_conflict {
            dialogs::conflict_ui(ctx, commands);
        } else if let Some(locked) = &self.safety.pending_lock {
            let owner = &locked.owner;
            dialogs::lock_ui(ctx, &owner.display_who(), &owner.display_since(), commands);
        } else if let Some((_, copy)) = self.safety.pending_recovery.first() {
            let name = copy
                .original
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_else(|| "未命名期次".to_owned());
            let description = format!(
                "{name}\u{FF0C}写于 {}",
                copy.written_at.format("%Y-%m-%d %H:%M:%S")
            );
            dialogs::recovery_ui(ctx, &description, commands);
        }
    }
}
