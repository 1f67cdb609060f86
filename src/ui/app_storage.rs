//! The settings kept between runs for the CPU-drawn window, in eframe's own `app.ron`.
//!
//! eframe's `FileStorage` is private to eframe, so the window that eframe does not run
//! reads and writes the same file the same way (a RON map of strings): recent files,
//! the user's name and the safety settings are the same whichever window is used.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The file's name inside eframe's storage directory, as eframe names it.
const SETTINGS_FILE: &str = "app.ron";

/// A key–value store backed by a RON file; written on [`eframe::Storage::flush`].
#[derive(Debug)]
pub(super) struct FileStorage {
    path: PathBuf,
    values: HashMap<String, String>,
    dirty: bool,
}

impl FileStorage {
    /// The store for `app_id` in the directory eframe uses; `None` when the platform
    /// names no such directory.
    pub(super) fn for_app(app_id: &str) -> Option<FileStorage> {
        eframe::storage_dir(app_id).map(|dir| FileStorage::at(&dir.join(SETTINGS_FILE)))
    }

    /// The store in `path`. A missing or unreadable file starts empty: settings are a
    /// convenience, and a damaged file must not keep the window from opening.
    pub(super) fn at(path: &Path) -> FileStorage {
        let values = std::fs::read_to_string(path)
            .ok()
            .and_then(|text| ron::from_str(&text).ok())
            .unwrap_or_default();
        FileStorage {
            path: path.to_path_buf(),
            values,
            dirty: false,
        }
    }

    /// Write the values now if anything changed; the message says why not.
    fn write(&mut self) -> Result<(), String> {
        if !self.dirty {
            return Ok(());
        }
        let text = ron::ser::to_string_pretty(&self.values, ron::ser::PrettyConfig::default())
            .map_err(|e| e.to_string())?;
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
        }
        crate::store::write_atomically(&self.path, text.as_bytes()).map_err(|e| e.to_string())?;
        self.dirty = false;
        Ok(())
    }
}

impl eframe::Storage for FileStorage {
    fn get_string(&self, key: &str) -> Option<String> {
        self.values.get(key).cloned()
    }

    fn set_string(&mut self, key: &str, value: String) {
        if self.values.get(key) != Some(&value) {
            self.values.insert(key.to_owned(), value);
            self.dirty = true;
        }
    }

    fn remove_string(&mut self, key: &str) {
        if self.values.remove(key).is_some() {
            self.dirty = true;
        }
    }

    fn flush(&mut self) {
        if let Err(problem) = self.write() {
            eprintln!(
                "caibian: cannot save settings to {}: {problem}",
                self.path.display()
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use eframe::Storage;

    #[test]
    fn values_survive_a_flush_and_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested").join(SETTINGS_FILE);
        let mut storage = FileStorage::at(&path);
        eframe::set_value(&mut storage, "caibian.user_name", &"李记者".to_owned());
        storage.set_string("other", "1".to_owned());
        storage.remove_string("other");
        storage.flush();
        let reopened = FileStorage::at(&path);
        let name: Option<String> = eframe::get_value(&reopened, "caibian.user_name");
        assert_eq!(name.as_deref(), Some("李记者"));
        assert_eq!(reopened.get_string("other"), None);
    }

    #[test]
    fn reads_the_map_eframe_writes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(SETTINGS_FILE);
        // eframe's FileStorage writes a pretty RON map of strings to strings.
        let written: HashMap<String, String> =
            [("caibian.user_name".to_owned(), "\"王编辑\"".to_owned())].into();
        let text = ron::ser::to_string_pretty(&written, Default::default()).unwrap();
        std::fs::write(&path, text).unwrap();
        let storage = FileStorage::at(&path);
        let name: Option<String> = eframe::get_value(&storage, "caibian.user_name");
        assert_eq!(name.as_deref(), Some("王编辑"));
    }

    #[test]
    fn a_damaged_file_starts_empty_and_is_not_rewritten_unasked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(SETTINGS_FILE);
        std::fs::write(&path, "{ not ron").unwrap();
        let mut storage = FileStorage::at(&path);
        assert_eq!(storage.get_string("caibian.user_name"), None);
        storage.flush();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "{ not ron");
    }
}
