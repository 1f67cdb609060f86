//! Atomic file replacement: write a temporary file beside the target, flush, rename.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::StoreError;

/// Write `bytes` to `path` so that a reader sees either the old file or the new one,
/// never a mix, even if the process dies midway.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let io_error = |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut temp = tempfile::Builder::new()
        .prefix(".caibian-save-")
        .suffix(".tmp")
        .tempfile_in(&folder)
        .map_err(io_error)?;
    temp.write_all(bytes).map_err(io_error)?;
    temp.as_file().sync_all().map_err(io_error)?;
    // Keep the old file's permissions, so saving does not widen or narrow access.
    if let Ok(metadata) = std::fs::metadata(path) {
        let _ = temp.as_file().set_permissions(metadata.permissions());
    }
    temp.persist(path).map_err(|e| io_error(e.error))?;
    // Make the rename itself durable; not all filesystems allow syncing a folder.
    if let Ok(dir) = std::fs::File::open(&folder) {
        let _ = dir.sync_all();
    }
    Ok(())
}

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
