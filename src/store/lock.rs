//! Lock files: mark an issue as open in a caibian instance, so a second one can warn.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::StoreError;

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

impl LockOwner {
    /// Who holds it, for people: the user name (else the login name) and the machine,
    /// e.g. 王编辑（desk-3）.
    pub fn display_who(&self) -> String {
        let who = if self.who.trim().is_empty() {
            "未署名用户"
        } else {
            self.who.trim()
        };
        if self.host.is_empty() {
            who.to_owned()
        } else {
            format!("{who}\u{FF08}{}\u{FF09}", self.host)
        }
    }

    /// When it was taken, as the recovery question writes times: 2026-12-01 19:43:00 in
    /// local time (the raw text when it does not parse).
    pub fn display_since(&self) -> String {
        chrono::DateTime::parse_from_rfc3339(&self.since)
            .map(|t| {
                t.with_timezone(&chrono::Local)
                    .format("%Y-%m-%d %H:%M:%S")
                    .to_string()
            })
            .unwrap_or_else(|_| self.since.clone())
    }
}

/// The name a lock records for this user: the name set in 设置, else the login name.
pub fn lock_user_name(user: &str) -> String {
    if !user.trim().is_empty() {
        return user.trim().to_owned();
    }
    ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|key| std::env::var(key).ok().filter(|v| !v.is_empty()))
        .unwrap_or_default()
}

/// The owner of a lock another process holds on this file, if any. A lock left by
/// this process, or by a process of this machine that no longer runs, does not count;
/// a lock from another machine (a shared folder) always counts.
pub fn foreign_lock(issue_file: &Path) -> Option<LockOwner> {
    let owner = read_owner(&lock_path(issue_file))?;
    (!is_stale_or_ours(&owner)).then_some(owner)
}

fn read_owner(lock_file: &Path) -> Option<LockOwner> {
    let bytes = super::read_limited(lock_file, MAX_LOCK_FILE_BYTES).ok()?;
    ron::from_str(std::str::from_utf8(&bytes).ok()?).ok()
}

/// Lock files are a few hundred bytes; anything larger is not ours.
const MAX_LOCK_FILE_BYTES: u64 = 64 * 1024;

fn is_stale_or_ours(owner: &LockOwner) -> bool {
    let this_host = owner.host.is_empty() || owner.host == host_name();
    this_host && (owner.pid == std::process::id() || !process_alive(owner.pid))
}

/// This machine's name (empty when it cannot be found).
fn host_name() -> String {
    gethostname::gethostname()
        .to_string_lossy()
        .trim()
        .to_owned()
}

/// Whether a process with this id runs on this machine, on every system sysinfo knows.
fn process_alive(pid: u32) -> bool {
    use sysinfo::{Pid, ProcessRefreshKind, ProcessesToUpdate, System};
    let pid = Pid::from_u32(pid);
    // When the process table cannot be read, say alive: a stale warning is safer than
    // a lost lock.
    let Ok(mut system) = System::new() else {
        return true;
    };
    system.refresh_processes_specifics(
        ProcessesToUpdate::Some(&[pid]),
        true,
        ProcessRefreshKind::nothing(),
    );
    system.process(pid).is_some()
}

/// Why the lock could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// Someone else holds it (another instance, or another machine on a shared folder).
    #[error("已被 {} 于 {} 打开", .0.display_who(), .0.display_since())]
    Held(LockOwner),
    /// The lock file could not be written.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Take the lock for this process. The file is created with `create_new`, so two
/// instances taking it at the same moment cannot both win; a stale lock (this process's,
/// or a dead process's on this machine) is replaced.
pub fn acquire(issue_file: &Path, who: &str) -> Result<(), LockError> {
    let path = lock_path(issue_file);
    let owner = LockOwner {
        who: lock_user_name(who),
        host: host_name(),
        pid: std::process::id(),
        since: chrono::Local::now().to_rfc3339(),
    };
    let text = ron::to_string(&owner).map_err(|e| StoreError::Serialize(e.to_string()))?;
    let io_error = |source| StoreError::Io {
        path: path.clone(),
        source,
    };
    for _attempt in 0..2 {
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut file) => {
                use std::io::Write;
                file.write_all(text.as_bytes()).map_err(io_error)?;
                file.sync_all().map_err(io_error)?;
                return Ok(());
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => match read_owner(&path) {
                Some(holder) if !is_stale_or_ours(&holder) => {
                    return Err(LockError::Held(holder));
                }
                // Stale, ours, or unreadable (a crash mid-write): replace it.
                _ => std::fs::remove_file(&path).map_err(io_error)?,
            },
            Err(e) => return Err(io_error(e).into()),
        }
    }
    match read_owner(&path) {
        Some(holder) => Err(LockError::Held(holder)),
        None => Err(io_error(std::io::Error::other("lock file keeps changing")).into()),
    }
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

    #[test]
    fn a_lock_held_by_a_live_process_is_not_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("issue.ron");
        let holder = LockOwner {
            who: String::new(),
            host: "another-machine-in-the-newsroom".into(),
            pid: 1,
            since: "2026-12-01T19:43:00.400320205+00:00".into(),
        };
        std::fs::write(lock_path(&file), ron::to_string(&holder).unwrap()).unwrap();
        match acquire(&file, "me") {
            Err(LockError::Held(owner)) => assert_eq!(owner, holder),
            other => panic!("expected the lock to be held, got {other:?}"),
        }
        // The file is untouched.
        assert_eq!(read_owner(&lock_path(&file)), Some(holder.clone()));
        // Said for people: no raw timestamp, no empty name.
        let message = acquire(&file, "me").unwrap_err().to_string();
        assert!(
            !message.contains('T') && !message.contains("+00:00"),
            "{message}"
        );
        assert!(
            message.contains("another-machine-in-the-newsroom"),
            "{message}"
        );
        assert!(!holder.display_who().starts_with('\u{FF08}'));
    }

    #[test]
    fn a_dead_processs_lock_on_this_machine_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("issue.ron");
        let dead = LockOwner {
            who: "old".into(),
            host: host_name(),
            pid: u32::MAX - 1,
            since: "now".into(),
        };
        std::fs::write(lock_path(&file), ron::to_string(&dead).unwrap()).unwrap();
        acquire(&file, "me").unwrap();
        let owner = read_owner(&lock_path(&file)).unwrap();
        assert_eq!((owner.who.as_str(), owner.pid), ("me", std::process::id()));
    }

    #[test]
    fn the_lock_names_the_login_when_no_user_name_is_set() {
        let name = lock_user_name("  ");
        let login = std::env::var("USER")
            .or_else(|_| std::env::var("LOGNAME"))
            .unwrap_or_default();
        assert_eq!(name, login);
        assert_eq!(lock_user_name("王编辑"), "王编辑");
    }
}
