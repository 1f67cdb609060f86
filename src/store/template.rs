//! Template files: reading, validating and writing page templates as RON.

use std::path::{Path, PathBuf};

use crate::model::Template;

use super::{StoreError, from_ron, read_limited, utf8_text, write_atomically};

/// Template files are small; anything larger is not a template.
const MAX_TEMPLATE_FILE_BYTES: u64 = 1024 * 1024;

/// Why the templates of a folder could not be read.
#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    /// A template file is unreadable, malformed or holds an unusable template.
    #[error("版式文件 {path}\u{FF1A}{source}")]
    File {
        /// The file.
        path: String,
        /// What was wrong.
        source: StoreError,
    },
    /// The folder holds no template files or cannot be listed.
    #[error("找不到版式文件\u{FF08}{0}\u{FF09}")]
    NoTemplates(String),
}

/// Read and validate one template file.
pub fn load(path: &Path) -> Result<Template, StoreError> {
    let bytes = read_limited(path, MAX_TEMPLATE_FILE_BYTES)?;
    let template: Template = from_ron(utf8_text(&bytes)?)?;
    template.validate().map_err(StoreError::Invalid)?;
    Ok(template)
}

/// The template as RON, the format of template files.
pub fn to_ron(template: &Template) -> Result<String, StoreError> {
    let config = ron::ser::PrettyConfig::new()
        .struct_names(false)
        .indentor("  ");
    ron::ser::to_string_pretty(template, config)
        .map(|mut text| {
            text.push('\n');
            text
        })
        .map_err(|e| StoreError::Serialize(e.to_string()))
}

/// Write a template file atomically.
pub fn save(path: &Path, template: &Template) -> Result<(), StoreError> {
    write_atomically(path, to_ron(template)?.as_bytes())
}

/// Every `*.ron` template in a folder with its file, sorted by file name.
pub fn template_files(dir: &Path) -> Result<Vec<(PathBuf, Template)>, TemplateError> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| TemplateError::NoTemplates(format!("{}: {e}", dir.display())))?;
    let mut paths: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    paths.sort();
    let mut templates = Vec::new();
    for path in paths {
        let template = load(&path).map_err(|source| TemplateError::File {
            path: path.display().to_string(),
            source,
        })?;
        templates.push((path, template));
    }
    if templates.is_empty() {
        return Err(TemplateError::NoTemplates(dir.display().to_string()));
    }
    Ok(templates)
}

/// A page template as the user sees it: the bundled one, and the user's saved copy of the
/// same name that shadows it (the bundled file itself is never written).
#[derive(Debug, Clone, PartialEq)]
pub struct ShadowedTemplate {
    /// The file name the template is saved under in the user's folder, e.g. `tabloid.ron`.
    pub file_name: String,
    /// The bundled template.
    pub bundled: Template,
    /// The user's copy, if one is saved.
    pub user: Option<Template>,
}

impl ShadowedTemplate {
    /// The template in force: the user's copy, else the bundled one.
    pub fn effective(&self) -> &Template {
        self.user.as_ref().unwrap_or(&self.bundled)
    }
}

/// The bundled templates in `bundled_dir`, each with the user's copy of the same template
/// name from `user_dir` (a missing or empty user folder is fine; a broken user file is an
/// error naming it, as a broken bundled one is).
pub fn shadowed_templates(
    bundled_dir: &Path,
    user_dir: Option<&Path>,
) -> Result<Vec<ShadowedTemplate>, TemplateError> {
    let mut templates: Vec<ShadowedTemplate> = template_files(bundled_dir)?
        .into_iter()
        .map(|(path, template)| ShadowedTemplate {
            file_name: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| format!("{}.ron", template.name)),
            bundled: template,
            user: None,
        })
        .collect();
    let user_files = match user_dir {
        Some(dir) if dir.is_dir() => match template_files(dir) {
            Ok(files) => files,
            Err(TemplateError::NoTemplates(_)) => Vec::new(),
            Err(error) => return Err(error),
        },
        _ => Vec::new(),
    };
    for (_, user) in user_files {
        if let Some(slot) = templates.iter_mut().find(|t| t.bundled.name == user.name) {
            slot.user = Some(user);
        }
    }
    Ok(templates)
}

/// Read every `*.ron` template in a folder, sorted by file name.
pub fn load_templates(dir: &Path) -> Result<Vec<Template>, TemplateError> {
    Ok(template_files(dir)?.into_iter().map(|(_, t)| t).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_templates_load_and_round_trip() {
        let templates = load_templates(&crate::assets::templates_dir()).expect("bundled load");
        assert!(templates.len() >= 2);
        for template in &templates {
            let text = to_ron(template).expect("serialises");
            let back: Template = from_ron(&text).expect("parses back");
            assert_eq!(&back, template);
        }
    }

    #[test]
    fn invalid_template_file_is_refused() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut template =
            load_templates(&crate::assets::templates_dir()).expect("bundled")[0].clone();
        template.line_gap_em = -1.0;
        let path = dir.path().join("bad.ron");
        save(&path, &template).expect("written");
        assert!(matches!(load(&path), Err(StoreError::Invalid(_))));
        assert!(matches!(
            template_files(dir.path()),
            Err(TemplateError::File { .. })
        ));
    }
}
