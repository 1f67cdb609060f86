//! Lock files: mark an issue as open in a caibian instance, so a second one can warn.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{StoreError, write_atomically};

/// Who holds a lock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockOwner {
    /// The user name or machine that opened the issue.
    pub who: String,
    /// The machine it runs on.
    #[serde(default)]
    pub host: String,
    /// The process id.
    pub pid: u32,
    /// When it was opened (RFC 3339).
    pub since: String,
}

/// The lock file of an issue file: `.name.ron.lock` beside it.
pub fn lock_path(issue_file: &Path) -> PathBuf {
    let name = issue_file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    super::photo::issue_folder(issue_file).join(format!(".{name}.lock"))
}

/// The owner of a lock another process holds on this file, if any. A lock left by
/// this process, or by a process of this machine that no longer runs, does not count;
/// a lock from another machine (a shared folder) always counts.
pub fn foreign_lock(issue_file: &Path) -> Option<LockOwner> {
    let text = std::fs::read_to_string(lock_path(issue_file)).ok()?;
    let owner: LockOwner = ron::from_str(&text).ok()?;
    let this_host = owner.host.is_empty() || owner.host == host_name();
    if this_host && (owner.pid == std::process::id() || !process_alive(owner.pid)) {
        return None;
    }
    Some(owner)
}

/// This machine's name (empty when it cannot be found).
fn host_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .map(|name| name.trim().to_owned())
        .unwrap_or_default()
}

/// Whether a process with this id runs on this machine (Linux: /proc; elsewhere assume so).
fn process_alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new(&format!("/proc/{pid}")).exists()
    } else {
        true
    }
}

/// Take the lock for this process.
pub fn acquire(issue_file: &Path, who: &str) -> Result<(), StoreError> {
    let owner = LockOwner {
        who: who.to_owned(),
        host: host_name(),
        pid: std::process::id(),
        since: chrono::Local::now().to_rfc3339(),
    };
    let text = ron::to_string(&owner).map_err(|e| StoreError::Serialize(e.to_string()))?;
    write_atomically(&lock_path(issue_file), text.as_bytes())
}

/// Give the lock back, if this process holds it.
pub fn release(issue_file: &Path) {
    let path = lock_path(issue_file);
    let ours = std::fs::read_to_string(&path)
        .ok()
        .and_then(|t| ron::from_str::<LockOwner>(&t).ok())
        .is_some_and(|owner| owner.pid == std::process::id() && owner.host == host_name());
    if ours {
        let _ = std::fs::remove_file(path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lock_from_another_machine_counts_even_with_a_dead_pid() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("issue.ron");
        let owner = LockOwner {
            who: "other".into(),
            host: "another-machine-in-the-newsroom".into(),
            pid: u32::MAX,
            since: "now".into(),
        };
        std::fs::write(lock_path(&file), ron::to_string(&owner).unwrap()).unwrap();
        assert_eq!(foreign_lock(&file), Some(owner));
    }

    #[test]
    fn own_lock_is_not_foreign_and_is_released() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("issue.ron");
        acquire(&file, "me").unwrap();
        assert!(lock_path(&file).exists());
        assert_eq!(foreign_lock(&file), None);
        release(&file);
        assert!(!lock_path(&file).exists());
    }

    #[test]
    fn a_live_foreign_process_holds_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("issue.ron");
        // pid 1 always runs on Linux.
        let owner = LockOwner {
            who: "other".into(),
            host: String::new(),
            pid: 1,
            since: "now".into(),
        };
        std::fs::write(lock_path(&file), ron::to_string(&owner).unwrap()).unwrap();
        if cfg!(target_os = "linux") {
            assert_eq!(foreign_lock(&file), Some(owner));
        }
        release(&file);
        assert!(
            lock_path(&file).exists(),
            "someone else's lock is not removed"
        );
    }
}
