//! The inbox folder: article files, `.docx` and `.txt` that appear in a folder (shared,
//! or kept in step by any sync service) are handed to the app once each, when complete.
//!
//! caibian only reads the folder: it never modifies, moves or deletes a file there, so a
//! sync service never sees a change from the desk that it would have to propagate back.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use super::import::SourceKind;
use crate::model::{ArticleId, InboxRecord, Issue};

/// A file counts as complete when its size and modification time stayed the same this
/// long (a copy over a network share grows in steps; a stall longer than this is rare,
/// and sync services write under temporary names anyway).
pub const STABLE_FOR: Duration = Duration::from_secs(1);
/// While files are settling, the folder is looked at this often.
const SETTLE_INTERVAL: Duration = Duration::from_millis(200);
/// Without events, the folder is still looked at this often: network shares (SMB, NFS)
/// often deliver no change events at all.
const FALLBACK_INTERVAL: Duration = Duration::from_millis(1500);

/// What a file name in the inbox says about the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryKind {
    /// A file to import.
    Importable(SourceKind),
    /// A sync service's or editor's temporary or partial file: wait for the real name.
    Temporary,
    /// A sync service's conflict copy of the file named `original`.
    Conflict {
        /// The name of the file it conflicts with.
        original: String,
    },
    /// Anything else (a photo, a PDF): left alone.
    Other,
}

/// Classify a file name found in the inbox.
pub fn classify(name: &str) -> EntryKind {
    let lower = name.to_lowercase();
    let temporary = name.starts_with('.')
        || name.starts_with('~')
        || [
            ".part",
            ".partial",
            ".tmp",
            ".crdownload",
            ".download",
            ".!sync",
        ]
        .iter()
        .any(|suffix| lower.ends_with(suffix));
    if temporary {
        return EntryKind::Temporary;
    }
    if let Some(original) = conflict_original(name) {
        return EntryKind::Conflict { original };
    }
    match SourceKind::of(Path::new(name)) {
        Some(kind) => EntryKind::Importable(kind),
        None => EntryKind::Other,
    }
}

/// The original name of a sync conflict copy: Syncthing's
/// `a.sync-conflict-20260101-120000-ABCDEFG.docx` and Dropbox/Nextcloud's
/// `a (conflicted copy 2026-01-01).docx` or `a (Bob's conflicted copy).docx`.
fn conflict_original(name: &str) -> Option<String> {
    if let Some(start) = name.find(".sync-conflict-") {
        let rest = &name[start + 1..];
        // The marker runs to the extension: the last dot after it.
        let ext = rest.find('.').map_or("", |dot| &rest[dot..]);
        return Some(format!("{}{ext}", &name[..start]));
    }
    let marker = name.find("conflicted copy")?;
    let open = name[..marker].rfind(" (")?;
    let close = marker + name[marker..].find(')')?;
    Some(format!("{}{}", &name[..open], &name[close + 1..]))
}

/// A file in the inbox as last seen.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct InboxFile {
    /// Its full path.
    pub path: PathBuf,
    /// Its name in the folder.
    pub name: String,
    /// Size in bytes.
    pub size_bytes: u64,
    /// Modification time, milliseconds since the Unix epoch.
    pub modified_ms: i64,
}

impl InboxFile {
    fn read(path: &Path) -> Option<InboxFile> {
        let metadata = std::fs::metadata(path).ok()?;
        if !metadata.is_file() {
            return None;
        }
        let modified_ms = metadata
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
        Some(InboxFile {
            path: path.to_path_buf(),
            name: path.file_name()?.to_string_lossy().into_owned(),
            size_bytes: metadata.len(),
            modified_ms,
        })
    }

    /// The record that remembers this file was imported as `articles`.
    pub fn record(&self, articles: Vec<ArticleId>) -> InboxRecord {
        InboxRecord {
            name: self.name.clone(),
            size_bytes: self.size_bytes,
            modified_ms: self.modified_ms,
            articles,
        }
    }

    fn is_recorded(&self, records: &[InboxRecord]) -> bool {
        records.iter().any(|r| {
            r.name == self.name
                && r.size_bytes == self.size_bytes
                && r.modified_ms == self.modified_ms
        })
    }
}

/// What the inbox reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InboxEvent {
    /// A complete file to import.
    Ready(InboxFile),
    /// A sync conflict copy, with the file it conflicts with when that is there: shown to
    /// the editor, never imported silently.
    Conflict {
        /// The conflict copy.
        copy: InboxFile,
        /// The other version.
        original: Option<InboxFile>,
    },
}

/// Looks at the folder and reports each complete file once. Headless: time comes in as
/// an argument, so tests and the watcher drive it alike.
#[derive(Debug)]
pub struct InboxScanner {
    folder: PathBuf,
    /// Files seen but not yet stable: their (size, mtime) and since when unchanged.
    settling: HashMap<PathBuf, (u64, i64, Instant)>,
    /// Files already reported this session (name, size, mtime).
    reported: HashSet<(String, u64, i64)>,
}

impl InboxScanner {
    /// A scanner of `folder`.
    pub fn new(folder: PathBuf) -> InboxScanner {
        InboxScanner {
            folder,
            settling: HashMap::new(),
            reported: HashSet::new(),
        }
    }

    /// The folder looked at.
    pub fn folder(&self) -> &Path {
        &self.folder
    }

    /// Whether some file is waiting to become stable.
    pub fn is_settling(&self) -> bool {
        !self.settling.is_empty()
    }

    /// Look at the folder once at time `now`; files in `imported` (saved with the issue)
    /// and files reported before are skipped.
    pub fn scan(&mut self, now: Instant, imported: &[InboxRecord]) -> Vec<InboxEvent> {
        let Ok(entries) = std::fs::read_dir(&self.folder) else {
            return Vec::new();
        };
        let mut seen = HashSet::new();
        let mut ready = Vec::new();
        let mut conflicts = Vec::new();
        let mut names: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        names.sort();
        for path in names {
            let Some(file) = InboxFile::read(&path) else {
                continue;
            };
            let kind = classify(&file.name);
            if matches!(kind, EntryKind::Temporary | EntryKind::Other) {
                continue;
            }
            let key = (file.name.clone(), file.size_bytes, file.modified_ms);
            if self.reported.contains(&key) || file.is_recorded(imported) {
                continue;
            }
            seen.insert(path.clone());
            let stamp = (file.size_bytes, file.modified_ms);
            match self.settling.get(&path) {
                Some(&(size, modified, since)) if (size, modified) == stamp => {
                    if now.saturating_duration_since(since) < STABLE_FOR {
                        continue;
                    }
                }
                _ => {
                    self.settling.insert(path.clone(), (stamp.0, stamp.1, now));
                    continue;
                }
            }
            self.settling.remove(&path);
            self.reported.insert(key);
            match kind {
                EntryKind::Conflict { original } => conflicts.push((file, original)),
                _ => ready.push(InboxEvent::Ready(file)),
            }
        }
        self.settling.retain(|path, _| seen.contains(path));
        for (copy, original) in conflicts {
            let original = InboxFile::read(&self.folder.join(original));
            ready.push(InboxEvent::Conflict { copy, original });
        }
        ready
    }
}

/// Watches the inbox folder with the system's change notifications (`notify`) and scans
/// it when something changed, while files settle, and every 1.5 s regardless.
pub struct InboxWatcher {
    scanner: InboxScanner,
    /// Kept alive for as long as events are wanted; `None` when the system refused a
    /// watch (polling still works).
    _watcher: Option<notify::RecommendedWatcher>,
    changes: Receiver<()>,
    last_scan: Option<Instant>,
}

impl std::fmt::Debug for InboxWatcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InboxWatcher")
            .field("folder", &self.scanner.folder)
            .finish_non_exhaustive()
    }
}

impl InboxWatcher {
    /// Start watching `folder`; it must exist.
    pub fn start(folder: PathBuf) -> Result<InboxWatcher, String> {
        if !folder.is_dir() {
            return Err(format!("收稿文件夹 {} 不存在", folder.display()));
        }
        let (sender, changes) = channel();
        let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
            if event.is_ok() {
                let _ = sender.send(());
            }
        })
        .ok()
        .and_then(|mut watcher| {
            use notify::Watcher;
            watcher
                .watch(&folder, notify::RecursiveMode::NonRecursive)
                .ok()
                .map(|()| watcher)
        });
        Ok(InboxWatcher {
            scanner: InboxScanner::new(folder),
            _watcher: watcher,
            changes,
            last_scan: None,
        })
    }

    /// The folder watched.
    pub fn folder(&self) -> &Path {
        self.scanner.folder()
    }

    /// Call often (every frame): returns the files that became ready since the last call.
    pub fn poll(&mut self, now: Instant, imported: &[InboxRecord]) -> Vec<InboxEvent> {
        let mut changed = false;
        while self.changes.try_recv().is_ok() {
            changed = true;
        }
        let since = self
            .last_scan
            .map_or(Duration::MAX, |t| now.saturating_duration_since(t));
        let due = (changed || self.scanner.is_settling()) && since >= SETTLE_INTERVAL
            || since >= FALLBACK_INTERVAL;
        if !due {
            return Vec::new();
        }
        self.last_scan = Some(now);
        self.scanner.scan(now, imported)
    }
}

/// The inbox folder an issue names, resolved against the issue file's folder.
pub fn inbox_folder(issue: &Issue, issue_folder: &Path) -> Option<PathBuf> {
    let folder = issue.inbox.as_ref()?.folder.trim();
    if folder.is_empty() {
        return None;
    }
    let path = Path::new(folder);
    Some(if path.is_absolute() {
        path.to_path_buf()
    } else {
        issue_folder.join(path)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_classified() {
        assert_eq!(classify("a.docx"), EntryKind::Importable(SourceKind::Docx));
        assert_eq!(classify(".syncthing.a.docx.tmp"), EntryKind::Temporary);
        assert_eq!(classify("~$a.docx"), EntryKind::Temporary);
        assert_eq!(classify("a.docx.part"), EntryKind::Temporary);
        assert_eq!(classify("photo.jpg"), EntryKind::Other);
        assert_eq!(
            classify("a.sync-conflict-20260101-120000-ABCDEFG.docx"),
            EntryKind::Conflict {
                original: "a.docx".into()
            }
        );
        assert_eq!(
            classify("a (Bob's conflicted copy 2026-01-01).txt"),
            EntryKind::Conflict {
                original: "a.txt".into()
            }
        );
        assert_eq!(
            classify("x.sync-conflict-20260101-120000-ABC.article.zip"),
            EntryKind::Conflict {
                original: "x.article.zip".into()
            }
        );
    }

    #[test]
    fn a_file_is_ready_only_after_it_stood_still() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "x").unwrap();
        let mut scanner = InboxScanner::new(dir.path().to_path_buf());
        let t0 = Instant::now();
        assert!(scanner.scan(t0, &[]).is_empty());
        assert!(
            scanner
                .scan(t0 + Duration::from_millis(500), &[])
                .is_empty()
        );
        let events = scanner.scan(t0 + Duration::from_millis(1100), &[]);
        assert_eq!(events.len(), 1);
        assert!(scanner.scan(t0 + Duration::from_secs(5), &[]).is_empty());
    }

    #[test]
    fn recorded_files_are_not_reported_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "x").unwrap();
        let record = InboxFile::read(&path).unwrap().record(Vec::new());
        let mut scanner = InboxScanner::new(dir.path().to_path_buf());
        let t0 = Instant::now();
        scanner.scan(t0, std::slice::from_ref(&record));
        assert!(
            scanner
                .scan(t0 + Duration::from_secs(2), &[record])
                .is_empty()
        );
    }
}
