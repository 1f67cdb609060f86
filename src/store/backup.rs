//! Backups: each save keeps the previous version of the file, the last few of them.

use std::path::{Path, PathBuf};

use chrono::Local;

use super::StoreError;

/// How many backups each issue keeps unless configured otherwise.
pub const DEFAULT_BACKUPS: usize = 5;

/// The folder beside an issue file that holds its backups.
pub fn backup_dir(issue_file: &Path) -> PathBuf {
    super::photo::issue_folder(issue_file).join("caibian-backups")
}

fn stem(issue_file: &Path) -> String {
    issue_file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "issue".to_owned())
}

/// The backups of an issue file, oldest first.
pub fn list_backups(issue_file: &Path) -> Vec<PathBuf> {
    let stem = stem(issue_file);
    let Ok(entries) = std::fs::read_dir(backup_dir(issue_file)) else {
        return Vec::new();
    };
    let mut backups: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .map(|n| n.to_string_lossy())
                .is_some_and(|n| is_backup_of(&n, &stem))
        })
        .collect();
    // Names carry a sortable timestamp and counter.
    backups.sort();
    backups
}

/// Whether `name` is a backup of the issue whose file stem is `stem`: exactly
/// `{stem}.{YYYYMMDD}-{HHMMSS}-{nanoseconds}-{counter}.bak.ron`, so that `issue.ron` never
/// claims the backups of `issue.v2.ron` or `issue.2.ron`.
fn is_backup_of(name: &str, stem: &str) -> bool {
    let Some(stamp) = name
        .strip_prefix(stem)
        .and_then(|rest| rest.strip_prefix('.'))
        .and_then(|rest| rest.strip_suffix(".bak.ron"))
    else {
        return false;
    };
    let parts: Vec<&str> = stamp.split('-').collect();
    let widths = [8, 6, 9, 3];
    parts.len() == widths.len()
        && parts
            .iter()
            .zip(widths)
            .all(|(part, width)| part.len() == width && part.bytes().all(|b| b.is_ascii_digit()))
}

/// Copy the current file (if any) into the backup folder and keep only the newest `keep`.
pub fn backup_before_save(issue_file: &Path, keep: usize) -> Result<Option<PathBuf>, StoreError> {
    if keep == 0 || !issue_file.is_file() {
        return Ok(None);
    }
    let dir = backup_dir(issue_file);
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| StoreError::Io { path, source }
    };
    std::fs::create_dir_all(&dir).map_err(io(&dir))?;
    // Nanoseconds keep names in save order even for several saves a second.
    let stamp = Local::now().format("%Y%m%d-%H%M%S-%9f");
    let mut counter = 0;
    let target = loop {
        let candidate = dir.join(format!("{}.{stamp}-{counter:03}.bak.ron", stem(issue_file)));
        if !candidate.exists() {
            break candidate;
        }
        counter += 1;
    };
    std::fs::copy(issue_file, &target).map_err(io(&target))?;
    let backups = list_backups(issue_file);
    for old in backups.iter().take(backups.len().saturating_sub(keep)) {
        let _ = std::fs::remove_file(old);
    }
    Ok(Some(target))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_last_few_versions() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("issue.ron");
        for version in 0..8 {
            std::fs::write(&file, format!("version {version}")).unwrap();
            backup_before_save(&file, 5).unwrap();
        }
        let backups = list_backups(&file);
        assert_eq!(backups.len(), 5);
        assert_eq!(
            std::fs::read_to_string(backups.last().unwrap()).unwrap(),
            "version 7"
        );
        assert_eq!(std::fs::read_to_string(&backups[0]).unwrap(), "version 3");
    }

    #[test]
    fn nothing_to_back_up_for_a_new_file() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            backup_before_save(&dir.path().join("new.ron"), 5).unwrap(),
            None
        );
    }

    #[test]
    fn saving_one_issue_never_prunes_another_issues_backups() {
        let dir = tempfile::tempdir().unwrap();
        let others = ["issue.v2.ron", "issue.2.ron"].map(|name| dir.path().join(name));
        for other in &others {
            std::fs::write(other, "other").unwrap();
            backup_before_save(other, 5).unwrap();
        }
        let file = dir.path().join("issue.ron");
        for version in 0..3 {
            std::fs::write(&file, format!("version {version}")).unwrap();
            backup_before_save(&file, 1).unwrap();
        }
        assert_eq!(list_backups(&file).len(), 1);
        for other in &others {
            assert_eq!(list_backups(other).len(), 1, "{}", other.display());
        }
    }

    #[test]
    fn backup_names_match_exactly() {
        assert!(is_backup_of(
            "issue.20260101-120000-123456789-000.bak.ron",
            "issue"
        ));
        assert!(!is_backup_of(
            "issue.v2.20260101-120000-123456789-000.bak.ron",
            "issue"
        ));
        assert!(!is_backup_of(
            "issue.2.20260101-120000-123456789-000.bak.ron",
            "issue"
        ));
        assert!(!is_backup_of("issue.bak.ron", "issue"));
    }
}
