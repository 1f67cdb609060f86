//! Bringing articles in from files: article files, Word `.docx` and plain `.txt`.
//!
//! Reading is separate from adding: [`read_file`] turns a file into an [`ImportedArticle`]
//! in memory (photos as bytes), touching nothing on disk, so a batch can be refused as a
//! whole; [`place_photos`] then writes the photos beside the issue and rewrites the paths.

pub mod docx;
mod recognise;
pub mod txt;

use std::path::{Path, PathBuf};

pub use recognise::{HeadingHint, SourceParagraph, recognise};

use crate::model::{Article, Issue};
use crate::store::StoreError;

/// Files larger than this are refused before reading (256 MiB: a Word file with many
/// full-resolution photos stays far below).
pub const MAX_IMPORT_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// The kinds of file import reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// A caibian article file (`*.article.zip`).
    ArticleFile,
    /// A Word or WPS document (`.docx`).
    Docx,
    /// Plain text (`.txt`).
    Text,
}

impl SourceKind {
    /// The kind a file name says, if import reads it.
    pub fn of(path: &Path) -> Option<SourceKind> {
        let name = path.file_name()?.to_string_lossy().to_lowercase();
        if name.ends_with(crate::store::article_file::ARTICLE_FILE_SUFFIX) {
            Some(SourceKind::ArticleFile)
        } else if name.ends_with(".docx") {
            Some(SourceKind::Docx)
        } else if name.ends_with(".txt") {
            Some(SourceKind::Text)
        } else {
            None
        }
    }

    /// How the kind is named in messages.
    pub fn label(self) -> &'static str {
        match self {
            SourceKind::ArticleFile => "稿件文件",
            SourceKind::Docx => "Word 文档",
            SourceKind::Text => "文本文件",
        }
    }
}

/// A photo that came with an imported article, not yet written anywhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncomingPhoto {
    /// The path the article's [`crate::model::Photo`] names it by until it is placed.
    pub key: String,
    /// A file name to keep (the original one where there is one), e.g. `image1.jpeg`.
    pub file_name: String,
    /// The image file's bytes.
    pub bytes: Vec<u8>,
}

/// An article read from a file, with its photos in memory.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedArticle {
    /// The article; its photo paths are [`IncomingPhoto::key`]s until placed.
    pub article: Article,
    /// The photos' bytes.
    pub photos: Vec<IncomingPhoto>,
    /// What the import left out or guessed (a skipped table, a photo without caption).
    pub notes: Vec<String>,
    /// The file it came from.
    pub source: PathBuf,
    /// What kind of file that was.
    pub kind: SourceKind,
}

impl ImportedArticle {
    /// The article as it will stand once its photos are placed (for the replace offer,
    /// before anything is written): photo paths as [`place_photos`] would choose them
    /// when no file is in the way.
    pub fn preview_article(&self) -> Article {
        let mut article = self.article.clone();
        let folder = safe_file_name(&article.id.0);
        for photo in &mut article.photos {
            if let Some(incoming) = self.photos.iter().find(|p| p.key == photo.path) {
                photo.path = format!("photos/{folder}/{}", safe_file_name(&incoming.file_name));
            }
        }
        article
    }
}

/// Why a file could not be imported. Every message names the file.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file cannot be read.
    #[error("{}\u{FF1A}无法读取\u{FF1A}{source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// Not a kind of file import reads.
    #[error(
        "{}\u{FF1A}不支持的文件类型\u{FF08}可导入 .article.zip\u{3001}.docx\u{3001}.txt\u{FF09}",
        path.display()
    )]
    Unsupported {
        /// The file.
        path: PathBuf,
    },
    /// Larger than [`MAX_IMPORT_FILE_BYTES`] or holding a part that is.
    #[error("{}\u{FF1A}文件过大\u{FF08}上限 {limit_bytes} 字节\u{FF09}", path.display())]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// The limit that was exceeded.
        limit_bytes: u64,
    },
    /// The file is damaged or not what its name says.
    #[error("{}\u{FF1A}文件已损坏或不是有效的{kind}\u{FF1A}{message}", path.display())]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What kind of file it claimed to be.
        kind: &'static str,
        /// What was wrong.
        message: String,
    },
    /// An article file written by a newer caibian.
    #[error(
        "{}\u{FF1A}稿件文件的格式版本为 {file_version}\u{FF0C}本程序只支持到版本 {supported_version}\u{FF1B}请升级采编",
        path.display()
    )]
    NewerFormat {
        /// The file.
        path: PathBuf,
        /// The version in the file.
        file_version: u32,
        /// The newest this build reads.
        supported_version: u32,
    },
    /// Writing the photos or the article file failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A photo of an article being exported cannot be read.
    #[error(transparent)]
    Photo(#[from] crate::store::photo::PhotoError),
}

impl ImportError {
    /// A [`ImportError::Corrupt`] for `path`.
    pub fn corrupt(path: &Path, kind: SourceKind, message: impl Into<String>) -> ImportError {
        ImportError::Corrupt {
            path: path.to_path_buf(),
            kind: kind.label(),
            message: message.into(),
        }
    }
}

/// Read one file into an article, without writing anything. Articles from Word or text
/// get a fresh id unique across machines; article files keep theirs.
pub fn read_file(path: &Path, issue: &Issue) -> Result<ImportedArticle, ImportError> {
    let kind = SourceKind::of(path).ok_or_else(|| ImportError::Unsupported {
        path: path.to_path_buf(),
    })?;
    let bytes = read_bytes(path)?;
    // The parsers are written not to panic, but a file from the wild must never take the
    // window down with it: a panic becomes a "damaged file" message.
    let parsed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match kind {
        SourceKind::ArticleFile => crate::store::article_file::read_article_bytes(path, &bytes),
        SourceKind::Docx => docx::read_docx(path, &bytes, issue.unique_article_id()),
        SourceKind::Text => Ok(txt::read_txt(&bytes, issue.unique_article_id())),
    }));
    let (article, photos, notes) = match parsed {
        Ok(result) => result?,
        Err(_) => return Err(ImportError::corrupt(path, kind, "无法解析")),
    };
    Ok(ImportedArticle {
        article,
        photos,
        notes,
        source: path.to_path_buf(),
        kind,
    })
}

/// One zip entry's bytes, `None` when it is absent; refuses entries over `limit` bytes
/// whatever their header claims (a zip bomb declares small sizes).
pub(crate) fn read_zip_entry(
    archive: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>,
    name: &str,
    limit: u64,
) -> Result<Option<Vec<u8>>, String> {
    use std::io::Read;
    let entry = match archive.by_name(name) {
        Ok(entry) => entry,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(format!("{name}: {e}")),
    };
    let mut bytes = Vec::new();
    entry
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{name}: {e}"))?;
    if bytes.len() as u64 > limit {
        return Err(format!("{name} 过大"));
    }
    Ok(Some(bytes))
}

/// What a reader returns: the article, its photos, and notes on what was left out.
pub type Parsed = (Article, Vec<IncomingPhoto>, Vec<String>);

fn read_bytes(path: &Path) -> Result<Vec<u8>, ImportError> {
    let io = |source| ImportError::Io {
        path: path.to_path_buf(),
        source,
    };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > MAX_IMPORT_FILE_BYTES {
        return Err(ImportError::TooLarge {
            path: path.to_path_buf(),
            limit_bytes: MAX_IMPORT_FILE_BYTES,
        });
    }
    std::fs::read(path).map_err(io)
}

/// Write an imported article's photos into `photos/<article id>/` beside the issue and
/// return the article with its photo paths pointing there. A file already there with the
/// same bytes is reused; a different one keeps its place and the new photo gets a
/// numbered name, so importing never overwrites a photo.
pub fn place_photos(
    imported: &ImportedArticle,
    issue_folder: &Path,
) -> Result<Article, StoreError> {
    let mut article = imported.article.clone();
    let folder = format!("photos/{}", safe_file_name(&article.id.0));
    for photo in &mut article.photos {
        let Some(incoming) = imported.photos.iter().find(|p| p.key == photo.path) else {
            continue;
        };
        let relative = free_photo_path(issue_folder, &folder, &incoming.file_name, &incoming.bytes);
        let target = issue_folder.join(&relative);
        if !target.exists() {
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent).map_err(|source| StoreError::Io {
                    path: parent.to_path_buf(),
                    source,
                })?;
            }
            crate::store::write_atomically(&target, &incoming.bytes)?;
        }
        photo.path = relative;
    }
    Ok(article)
}

/// `folder/name`, or `folder/stem-2.ext` … when a different file already has the name.
fn free_photo_path(issue_folder: &Path, folder: &str, name: &str, bytes: &[u8]) -> String {
    let name = safe_file_name(name);
    let (stem, ext) = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => (stem.to_owned(), format!(".{ext}")),
        _ => (name.clone(), String::new()),
    };
    for n in 1u32.. {
        let candidate = if n == 1 {
            format!("{folder}/{stem}{ext}")
        } else {
            format!("{folder}/{stem}-{n}{ext}")
        };
        match std::fs::read(issue_folder.join(&candidate)) {
            Err(_) => return candidate,
            Ok(existing) if existing == bytes => return candidate,
            Ok(_) => {}
        }
    }
    format!("{folder}/{stem}{ext}")
}

/// A file name safe on every system and inside the issue folder: path separators,
/// `..` and characters Windows refuses become `_`.
pub fn safe_file_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let cleaned: String = last
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*') {
                '_'
            } else {
                c
            }
        })
        .collect();
    let trimmed = cleaned.trim_matches(|c: char| c == '.' || c.is_whitespace());
    if trimmed.is_empty() {
        "photo".to_owned()
    } else {
        trimmed.chars().take(100).collect()
    }
}

/// Add an article to the issue's pool, or replace the article with its id; returns the
/// replaced one. For the command line and tests; the window goes through `Edit`s.
#[allow(clippy::useless_conversion)] // `articles` may come to hold `Arc<Article>`.
pub fn insert_or_replace(issue: &mut Issue, article: Article) -> Option<Article> {
    match issue.articles.iter().position(|a| a.id == article.id) {
        Some(index) => {
            let old = std::mem::replace(&mut issue.articles[index], article.into());
            Some(owned(old))
        }
        None => {
            issue.articles.push(article.into());
            None
        }
    }
}

/// An owned article from whatever the issue stores (`Article` or a shared pointer to one).
fn owned(article: impl std::borrow::Borrow<Article>) -> Article {
    article.borrow().clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_follow_the_file_name() {
        assert_eq!(
            SourceKind::of(Path::new("a/B.DOCX")),
            Some(SourceKind::Docx)
        );
        assert_eq!(SourceKind::of(Path::new("x.txt")), Some(SourceKind::Text));
        assert_eq!(
            SourceKind::of(Path::new("x.article.zip")),
            Some(SourceKind::ArticleFile)
        );
        assert_eq!(SourceKind::of(Path::new("x.zip")), None);
        assert_eq!(SourceKind::of(Path::new("x.doc")), None);
    }

    #[test]
    fn file_names_stay_inside_the_folder() {
        assert_eq!(safe_file_name("../../etc/passwd"), "passwd");
        assert_eq!(safe_file_name("a\\b:c.jpg"), "b_c.jpg");
        assert_eq!(safe_file_name(".."), "photo");
    }

    #[test]
    fn a_different_photo_with_the_same_name_is_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("photos/a")).unwrap();
        std::fs::write(dir.path().join("photos/a/p.jpg"), b"old").unwrap();
        assert_eq!(
            free_photo_path(dir.path(), "photos/a", "p.jpg", b"new"),
            "photos/a/p-2.jpg"
        );
        assert_eq!(
            free_photo_path(dir.path(), "photos/a", "p.jpg", b"old"),
            "photos/a/p.jpg"
        );
    }
}
