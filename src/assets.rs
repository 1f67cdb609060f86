//! Finding the files caibian ships beside the program: the sample issue and templates.

use std::path::{Path, PathBuf};

/// The folder of bundled assets: `CAIBIAN_ASSETS` if set, else an `assets` folder beside
/// the executable or up to three levels above it (so `target/release/caibian` finds the
/// repository's), else the source tree's.
pub fn assets_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CAIBIAN_ASSETS") {
        return PathBuf::from(dir);
    }
    let beside_exe = std::env::current_exe().ok().and_then(|exe| {
        exe.ancestors()
            .skip(1)
            .take(4)
            .map(|dir| dir.join("assets"))
            .find(|dir| is_assets_dir(dir))
    });
    beside_exe.unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/assets")))
}

fn is_assets_dir(dir: &Path) -> bool {
    dir.join("sample").join(SAMPLE_FILE_NAME).is_file()
}

const SAMPLE_FILE_NAME: &str = "sample-issue.ron";

/// The bundled sample issue.
pub fn sample_issue_path() -> PathBuf {
    assets_dir().join("sample").join(SAMPLE_FILE_NAME)
}

/// The folder of page templates.
pub fn templates_dir() -> PathBuf {
    assets_dir().join("templates")
}
