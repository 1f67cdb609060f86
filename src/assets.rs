//! Finding the files caibian ships beside the program: the sample issue and templates.

use std::path::{Path, PathBuf};

use crate::store::template::{TemplateError, load_templates};
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
    /// A typesetter with the bundled fonts and the templates in `assets/templates/`.
    pub fn bundled() -> Result<Typesetter, SetupError> {
        Typesetter::with_templates_from(&templates_dir())
    }

    /// A typesetter with the bundled fonts and the templates in `dir`.
    pub fn with_templates_from(dir: &Path) -> Result<Typesetter, SetupError> {
        let templates = load_templates(dir)?;
        Ok(Typesetter::with_bundled_fonts(templates)?)
    }
}
