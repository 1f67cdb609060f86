//! Atomic file replacement: write a temporary file beside the target, flush, rename.

use std::io::Write;
use std::path::Path;

use super::StoreError;

/// Names of the temporary files a save writes before renaming.
const TEMP_PREFIX: &str = ".caibian-save-";
const TEMP_SUFFIX: &str = ".tmp";

/// Write `bytes` to `path` so that a reader sees either the old file or the new one,
/// never a mix, even if the process dies midway; the file is on disk when this returns.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    replace_file(path, bytes, Durability::OnDisk)
}

/// Write an export (a PDF, an image, a web page) to `path`, replaced as atomically as
/// [`write_atomically`] does but left for the system to write back in its own time.
///
/// Why not wait for the disk: an export is made again from the issue in milliseconds,
/// while waiting for the disk costs about as long as typesetting the whole sample; the
/// issue itself, which cannot be made again, is always saved with [`write_atomically`].
pub fn write_export(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    replace_file(path, bytes, Durability::WrittenBack)
}

/// Whether a replaced file must be on disk before the write returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Durability {
    OnDisk,
    WrittenBack,
}

fn replace_file(path: &Path, bytes: &[u8], durability: Durability) -> Result<(), StoreError> {
    let io_error = |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    let folder = super::photo::issue_folder(path);
    let mut temp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(TEMP_SUFFIX)
        .tempfile_in(&folder)
        .map_err(io_error)?;
    temp.write_all(bytes).map_err(io_error)?;
    if durability == Durability::OnDisk {
        temp.as_file().sync_all().map_err(io_error)?;
    }
    // Keep the old file's permissions, so saving does not widen or narrow access; a new
    // file gets the usual rw-r--r-- rather than the temporary file's owner-only mode, so
    // colleagues on a shared folder can read it.
    match std::fs::metadata(path) {
        Ok(metadata) => {
            let _ = temp.as_file().set_permissions(metadata.permissions());
        }
        Err(_) => set_default_permissions(temp.as_file()),
    }
    temp.persist(path).map_err(|e| io_error(e.error))?;
    // Make the rename itself durable; not all filesystems allow syncing a folder.
    if durability == Durability::OnDisk
        && let Ok(dir) = std::fs::File::open(&folder)
    {
        let _ = dir.sync_all();
    }
    remove_stale_temporaries(&folder);
    Ok(())
}

/// Temporary files older than this were left by a save that died; younger ones may
/// belong to a save running in another process.
const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(600);

/// Remove temporary files that crashed saves left in `folder`.
fn remove_stale_temporaries(folder: &Path) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX)) {
            continue;
        }
        let stale = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|modified| modified.elapsed().ok())
            .is_some_and(|age| age > STALE_AFTER);
        if stale {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(unix)]
fn set_default_permissions(file: &std::fs::File) {
    use std::os::unix::fs::PermissionsExt;
    let _ = file.set_permissions(std::fs::Permissions::from_mode(0o644));
}

#[cfg(not(unix))]
fn set_default_permissions(_file: &std::fs::File) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_content_and_leaves_no_temp_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("issue.ron");
        std::fs::write(&path, "old").unwrap();
        write_atomically(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn an_export_replaces_the_old_file_keeping_its_mode_and_no_temp_files() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("issue.pdf");
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        write_export(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn new_files_are_readable_by_others() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.pdf");
        write_atomically(&path, b"x").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o644);
    }

    #[test]
    fn stale_temporary_files_are_removed_fresh_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let stale = dir.path().join(".caibian-save-old.tmp");
        let fresh = dir.path().join(".caibian-save-new.tmp");
        std::fs::write(&stale, "x").unwrap();
        std::fs::write(&fresh, "x").unwrap();
        let long_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        std::fs::File::options()
            .write(true)
            .open(&stale)
            .unwrap()
            .set_modified(long_ago)
            .unwrap();
        write_atomically(&dir.path().join("issue.ron"), b"new").unwrap();
        assert!(!stale.exists());
        assert!(fresh.exists());
    }

    #[test]
    fn missing_folder_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("no/such/folder/issue.ron");
        assert!(matches!(
            write_atomically(&path, b"x"),
            Err(StoreError::Io { .. })
        ));
    }
}
