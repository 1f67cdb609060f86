//! Autosave recovery copies: written atomically while an issue has unsaved changes,
//! offered back after a crash, removed after a normal save or close.

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, Local};
use serde::{Deserialize, Serialize};

use super::{MAX_ISSUE_FILE_BYTES, StoreError, read_limited, write_atomically};
use crate::model::Issue;

/// File name suffix of recovery copies.
const RECOVERY_SUFFIX: &str = ".recovery.ron";

/// What a recovery copy holds: the issue, where it belongs and when it was written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecoveryCopy {
    /// The issue file the changes belong to, if it had one.
    pub original: Option<PathBuf>,
    /// When the copy was written.
    pub written_at: DateTime<FixedOffset>,
    /// The issue with its unsaved changes.
    pub issue: Issue,
}

/// The recovery copy's file for an issue: one per original file (by a hash of its
/// path), or one for an issue that has never been saved.
pub fn recovery_path(recovery_dir: &Path, original: Option<&Path>) -> PathBuf {
    let key = match original {
        Some(path) => {
            let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
            // xxh3 of the path's bytes: the same name from every build of caibian, so a new
            // version still finds the copies an old one wrote (std's hasher may change).
            let hash = xxhash_rust::xxh3::xxh3_64(absolute.as_os_str().as_encoded_bytes());
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let stem: String = stem
                .chars()
                .filter(|c| c.is_alphanumeric() || *c == '-' || *c == '_')
                .take(40)
                .collect();
            format!("{stem}-{hash:016x}")
        }
        None => "untitled".to_owned(),
    };
    recovery_dir.join(format!("{key}{RECOVERY_SUFFIX}"))
}

/// Write a recovery copy atomically, creating the folder if needed.
pub fn write_recovery(
    recovery_dir: &Path,
    original: Option<&Path>,
    issue: &Issue,
) -> Result<PathBuf, StoreError> {
    std::fs::create_dir_all(recovery_dir).map_err(|source| StoreError::Io {
        path: recovery_dir.to_path_buf(),
        source,
    })?;
    let copy = RecoveryCopy {
        original: original.map(Path::to_path_buf),
        written_at: Local::now().fixed_offset(),
        issue: issue.clone(),
    };
    let text = ron::ser::to_string_pretty(&copy, ron::ser::PrettyConfig::new())
        .map_err(|e| StoreError::Serialize(e.to_string()))?;
    let path = recovery_path(recovery_dir, original);
    write_atomically(&path, text.as_bytes())?;
    Ok(path)
}

/// Every readable recovery copy in the folder, newest first, with its file. Unreadable
/// ones are skipped (they are reported by name in the second list).
pub fn list_recoveries(recovery_dir: &Path) -> (Vec<(PathBuf, RecoveryCopy)>, Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(recovery_dir) else {
        return (Vec::new(), Vec::new());
    };
    let mut copies = Vec::new();
    let mut broken = Vec::new();
    for path in entries.filter_map(Result::ok).map(|e| e.path()) {
        if !path.to_string_lossy().ends_with(RECOVERY_SUFFIX) {
            continue;
        }
        match read_recovery(&path) {
            Ok(copy) => copies.push((path, copy)),
            Err(_) => broken.push(path),
        }
    }
    copies.sort_by_key(|(_, copy)| std::cmp::Reverse(copy.written_at));
    (copies, broken)
}

/// Read one recovery copy through the same checks as an issue file: size limit, strict
/// UTF-8, the newer-schema refusal and validation of the issue it holds.
pub fn read_recovery(path: &Path) -> Result<RecoveryCopy, StoreError> {
    let bytes = read_limited(path, MAX_ISSUE_FILE_BYTES)?;
    let text = super::utf8_text(&bytes)?;
    if let Ok(probe) = super::from_ron::<RecoveryProbe>(text) {
        super::refuse_newer(probe.issue.schema_version)?;
    }
    let copy: RecoveryCopy = super::from_ron(text)?;
    super::validate(&copy.issue)?;
    Ok(copy)
}

/// Just the schema version of the issue inside a recovery copy.
#[derive(Deserialize)]
struct RecoveryProbe {
    issue: super::VersionProbe,
}

/// Remove the recovery copy of an issue, if there is one.
pub fn remove_recovery(recovery_dir: &Path, original: Option<&Path>) {
    let _ = std::fs::remove_file(recovery_path(recovery_dir, original));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn issue() -> Issue {
        Issue::new_empty(chrono::NaiveDate::from_ymd_opt(2022, 9, 22).unwrap())
    }

    #[test]
    fn write_list_and_remove() {
        let dir = tempfile::tempdir().unwrap();
        let original = dir.path().join("issue.ron");
        let mut edited = issue();
        edited.paper_name = "edited".into();
        write_recovery(dir.path(), Some(&original), &edited).unwrap();
        write_recovery(dir.path(), None, &issue()).unwrap();
        let (copies, broken) = list_recoveries(dir.path());
        assert_eq!(copies.len(), 2);
        assert!(broken.is_empty());
        let mine = copies
            .iter()
            .find(|(_, c)| c.original.as_deref() == Some(original.as_path()))
            .unwrap();
        assert_eq!(mine.1.issue.paper_name, "edited");
        remove_recovery(dir.path(), Some(&original));
        assert_eq!(list_recoveries(dir.path()).0.len(), 1);
    }

    #[test]
    fn broken_copies_are_listed_apart() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(format!("x{RECOVERY_SUFFIX}")), "garbage").unwrap();
        let (copies, broken) = list_recoveries(dir.path());
        assert!(copies.is_empty());
        assert_eq!(broken.len(), 1);
    }
}
