//! Finding the files caibian ships beside the program: the sample issue and templates.

use std::path::{Path, PathBuf};

use crate::store::template::{TemplateError, load_templates, shadowed_templates};
use crate::typeset::{TypesetError, Typesetter};

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

/// caibian's folder for the user's own files (dictionary, templates): on Linux
/// `$XDG_DATA_HOME/caibian` or `~/.local/share/caibian`.
pub fn user_data_dir() -> Option<PathBuf> {
    let env_dir = |name: &str| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    let base = if cfg!(target_os = "windows") {
        env_dir("APPDATA")
    } else if cfg!(target_os = "macos") {
        env_dir("HOME").map(|home| home.join("Library").join("Application Support"))
    } else {
        env_dir("XDG_DATA_HOME").or_else(|| env_dir("HOME").map(|h| h.join(".local").join("share")))
    };
    base.map(|dir| dir.join("caibian"))
}

/// Where the user's own page templates are saved (`CAIBIAN_USER_TEMPLATES` if set): they
/// shadow the bundled ones of the same name, which are never written.
pub fn user_templates_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("CAIBIAN_USER_TEMPLATES").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    user_data_dir().map(|dir| dir.join("templates"))
}

/// Why the typesetter over the bundled fonts and a template folder could not start.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    /// The bundled fonts are missing or broken.
    #[error(transparent)]
    Typeset(#[from] TypesetError),
    /// The template folder is missing, empty, or holds a broken template.
    #[error(transparent)]
    Templates(#[from] TemplateError),
}

// These constructors read files, so they live here beside the asset lookup rather than in
// `typeset`, which takes templates as values and reads nothing.
impl Typesetter {
    /// A typesetter with the bundled fonts and the templates in `assets/templates/`, each
    /// shadowed by the user's saved copy of the same name.
    pub fn bundled() -> Result<Typesetter, SetupError> {
        Typesetter::with_user_templates(&templates_dir(), user_templates_dir().as_deref())
    }

    /// A typesetter with the bundled fonts, the templates in `dir` and the user's copies in
    /// `user_dir` shadowing them by name.
    pub fn with_user_templates(
        dir: &Path,
        user_dir: Option<&Path>,
    ) -> Result<Typesetter, SetupError> {
        let templates = shadowed_templates(dir, user_dir)?
            .into_iter()
            .map(|t| t.effective().clone())
            .collect();
        Ok(Typesetter::with_bundled_fonts(templates)?)
    }

    /// A typesetter with the bundled fonts and the templates in `dir`.
    pub fn with_templates_from(dir: &Path) -> Result<Typesetter, SetupError> {
        let templates = load_templates(dir)?;
        Ok(Typesetter::with_bundled_fonts(templates)?)
    }
}
