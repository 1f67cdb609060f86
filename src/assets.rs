//! Finding the files caibian ships beside the program: the sample issue and templates.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::store::template::{TemplateError, load_templates, shadowed_templates};
use crate::typeset::{TypesetError, Typesetter};

/// How many folders above the executable's own folder are searched for a bundled folder.
const EXE_ANCESTOR_LEVELS: usize = 3;

/// The folder of bundled assets: `CAIBIAN_ASSETS` if set, else an `assets` folder beside
/// the executable or up to three levels above it (so `target/release/caibian` finds the
/// repository's), else the source tree's.
pub fn assets_dir() -> PathBuf {
    // Set by the environment: used as given, so a wrong setting shows up as an error.
    if let Some(dir) = std::env::var_os("CAIBIAN_ASSETS").filter(|v| !v.is_empty()) {
        return PathBuf::from(dir);
    }
    let source_tree = concat!(env!("CARGO_MANIFEST_DIR"), "/assets");
    let exe = std::env::current_exe().ok();
    candidate_dirs("assets", None, exe.as_deref(), source_tree)
        .into_iter()
        .find(|dir| is_assets_dir(dir))
        .unwrap_or_else(|| PathBuf::from(source_tree))
}

/// The folders to look in, in order, for a folder named `name` that caibian ships beside
/// the program (`fonts`, `assets`): only `env_value` if it is set and non-empty (so a wrong
/// setting is reported rather than silently ignored); else `name` beside the executable
/// `exe` and in up to three folders above it, beside the target of a symlinked executable
/// too; and last `source_tree`, the folder in the tree this binary was built from.
pub fn candidate_dirs(
    name: &str,
    env_value: Option<OsString>,
    exe: Option<&Path>,
    source_tree: &str,
) -> Vec<PathBuf> {
    if let Some(value) = env_value.filter(|v| !v.is_empty()) {
        return vec![PathBuf::from(value)];
    }
    let mut out: Vec<PathBuf> = Vec::new();
    let mut push = |dir: PathBuf| {
        if !out.contains(&dir) {
            out.push(dir);
        }
    };
    if let Some(exe) = exe {
        let mut exes = vec![exe.to_path_buf()];
        // A symlinked executable (e.g. in ~/.local/bin) also searches beside its target.
        if let Ok(real) = exe.canonicalize()
            && real != exe
        {
            exes.push(real);
        }
        for exe in exes {
            if let Some(dir) = exe.parent() {
                for ancestor in dir.ancestors().take(EXE_ANCESTOR_LEVELS + 1) {
                    push(ancestor.join(name));
                }
            }
        }
    }
    push(PathBuf::from(source_tree));
    out
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
