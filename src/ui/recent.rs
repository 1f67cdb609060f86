//! The recent-files list, kept in eframe's persistence.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// How many recent files are remembered.
const RECENT_LIMIT: usize = 10;

/// Recently opened or saved issue files, newest first, without duplicates.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecentFiles {
    paths: Vec<PathBuf>,
}

impl RecentFiles {
    /// The key under which the list is persisted.
    pub const STORAGE_KEY: &'static str = "caibian.recent_files";

    /// The files, newest first.
    pub fn paths(&self) -> &[PathBuf] {
        &self.paths
    }

    /// Put `path` first, dropping an older entry for it and the oldest beyond the limit.
    pub fn add(&mut self, path: &Path) {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        self.paths.retain(|p| p != &path);
        self.paths.insert(0, path);
        self.paths.truncate(RECENT_LIMIT);
    }

    /// The newest file that still exists.
    pub fn newest_existing(&self) -> Option<&Path> {
        self.paths
            .iter()
            .find(|p| p.is_file())
            .map(PathBuf::as_path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_first_without_duplicates_and_bounded() {
        let mut recent = RecentFiles::default();
        for i in 0..15 {
            recent.add(Path::new(&format!("/nonexistent/{i}.ron")));
        }
        recent.add(Path::new("/nonexistent/3.ron"));
        assert_eq!(recent.paths().len(), RECENT_LIMIT);
        assert_eq!(recent.paths()[0], Path::new("/nonexistent/3.ron"));
        let unique: std::collections::HashSet<_> = recent.paths().iter().collect();
        assert_eq!(unique.len(), RECENT_LIMIT);
    }
}
