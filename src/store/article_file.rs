//! Article files: one article with its meeting metadata and photos, for mail, shared
//! folders and sync services.
//!
//! The format is one zip archive, `NAME.article.zip`, holding `article.ron` (the article
//! in the same RON as issue files) and `photos/…`. One file rather than a `.article.ron`
//! plus a photo folder because: a mail attachment is one file; a sync service delivers
//! one file whole or not at all, whereas a folder arrives piece by piece and the inbox
//! would see an article before its photos; and any zip tool opens it to look inside.

use std::io::{Cursor, Write};
use std::path::Path;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use zip::ZipArchive;
use zip::write::SimpleFileOptions;

use super::import::{
    ImportError, IncomingPhoto, Parsed, SourceKind, read_zip_entry, safe_file_name,
};
use super::photo::{MAX_PHOTO_FILE_BYTES, resolve_photo};
use super::{MAX_FIELD_BYTES, StoreError, from_ron, write_atomically};
use crate::model::{Article, TextField};

/// How article files end.
pub const ARTICLE_FILE_SUFFIX: &str = ".article.zip";
/// The format version this build writes; newer files are refused.
pub const ARTICLE_FORMAT_VERSION: u32 = 1;
/// The article's entry in the archive.
const ARTICLE_ENTRY: &str = "article.ron";
/// `article.ron` larger than this is refused (the issue limit for one field is 1 MiB).
const MAX_ARTICLE_RON_BYTES: u64 = 16 * 1024 * 1024;
/// More photos than this in one article file are refused.
const MAX_PHOTOS: usize = 200;

/// What `article.ron` holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleFile {
    /// See [`ARTICLE_FORMAT_VERSION`].
    pub format_version: u32,
    /// When it was exported, with the local offset.
    #[serde(default)]
    pub exported_at: Option<DateTime<FixedOffset>>,
    /// Who exported it (the user name in 设置).
    #[serde(default)]
    pub exported_by: String,
    /// The paper it was written for, as a hint to the desk.
    #[serde(default)]
    pub paper_name: String,
    /// The article, its photo paths naming entries of the archive.
    pub article: Article,
}

/// Only the version, read first so a newer file is refused with a clear message.
#[derive(Deserialize)]
struct VersionProbe {
    format_version: u32,
}

/// The default file name for an article: its headline (or id) plus the suffix.
pub fn default_file_name(article: &Article) -> String {
    let stem = if article.headline.trim().is_empty() {
        article.id.0.clone()
    } else {
        article.headline.trim().chars().take(40).collect()
    };
    format!("{}{ARTICLE_FILE_SUFFIX}", safe_file_name(&stem))
}

/// Write `article` with its photos (read from beside the issue) to `out`, atomically.
/// A photo that cannot be read fails the export, naming it: a report must not reach the
/// desk without the photo its caption describes.
pub fn export_article(
    article: &Article,
    issue_folder: &Path,
    out: &Path,
    exported_by: &str,
    paper_name: &str,
) -> Result<(), ImportError> {
    let bytes = article_file_bytes(article, issue_folder, exported_by, paper_name)?;
    write_atomically(out, &bytes)?;
    Ok(())
}

/// The bytes of an article file for `article`.
pub fn article_file_bytes(
    article: &Article,
    issue_folder: &Path,
    exported_by: &str,
    paper_name: &str,
) -> Result<Vec<u8>, ImportError> {
    let mut packed = article.clone();
    let mut entries: Vec<(String, Vec<u8>)> = Vec::new();
    for (n, photo) in packed.photos.iter_mut().enumerate() {
        let source = resolve_photo(issue_folder, &photo.path)?;
        let bytes = std::fs::read(&source).map_err(|source_error| ImportError::Io {
            path: source.clone(),
            source: source_error,
        })?;
        let entry = format!("photos/{}-{}", n + 1, safe_file_name(&photo.path));
        photo.path = entry.clone();
        entries.push((entry, bytes));
    }
    let file = ArticleFile {
        format_version: ARTICLE_FORMAT_VERSION,
        exported_at: Some(chrono::Local::now().fixed_offset()),
        exported_by: exported_by.to_owned(),
        paper_name: paper_name.to_owned(),
        article: packed,
    };
    let config = ron::ser::PrettyConfig::new()
        .struct_names(false)
        .escape_strings(false)
        .indentor("  ");
    let ron = ron::ser::to_string_pretty(&file, config)
        .map_err(|e| StoreError::Serialize(e.to_string()))?;
    let zip_error = |e: zip::result::ZipError| StoreError::Serialize(e.to_string());
    let io_error = |e: std::io::Error| StoreError::Serialize(e.to_string());
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let deflated = SimpleFileOptions::default();
    // Photos are already compressed; storing them saves time and nothing else.
    let stored = deflated.compression_method(zip::CompressionMethod::Stored);
    writer
        .start_file(ARTICLE_ENTRY, deflated)
        .map_err(zip_error)?;
    writer.write_all(ron.as_bytes()).map_err(io_error)?;
    for (name, bytes) in entries {
        writer.start_file(name, stored).map_err(zip_error)?;
        writer.write_all(&bytes).map_err(io_error)?;
    }
    Ok(writer.finish().map_err(zip_error)?.into_inner())
}

/// Read an article file's bytes (see [`super::import::read_file`]).
pub fn read_article_bytes(path: &Path, bytes: &[u8]) -> Result<Parsed, ImportError> {
    let corrupt = |message: String| ImportError::corrupt(path, SourceKind::ArticleFile, message);
    let mut archive = ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| corrupt(format!("不是 zip 压缩包 ({e})")))?;
    let ron = read_zip_entry(&mut archive, ARTICLE_ENTRY, MAX_ARTICLE_RON_BYTES)
        .map_err(&corrupt)?
        .ok_or_else(|| corrupt(format!("缺少 {ARTICLE_ENTRY}")))?;
    let text = std::str::from_utf8(&ron).map_err(|e| corrupt(format!("{ARTICLE_ENTRY}: {e}")))?;
    if let Ok(probe) = from_ron::<VersionProbe>(text)
        && probe.format_version > ARTICLE_FORMAT_VERSION
    {
        return Err(ImportError::NewerFormat {
            path: path.to_path_buf(),
            file_version: probe.format_version,
            supported_version: ARTICLE_FORMAT_VERSION,
        });
    }
    let file: ArticleFile = from_ron(text).map_err(|e| corrupt(format!("{ARTICLE_ENTRY}: {e}")))?;
    let mut article = file.article;
    validate(&article).map_err(&corrupt)?;
    let mut notes = Vec::new();
    let mut photos = Vec::new();
    let mut kept = Vec::new();
    for photo in std::mem::take(&mut article.photos) {
        match read_zip_entry(&mut archive, &photo.path, MAX_PHOTO_FILE_BYTES) {
            Ok(Some(bytes)) => {
                if !photos.iter().any(|p: &IncomingPhoto| p.key == photo.path) {
                    let file_name = photo.path.rsplit('/').next().unwrap_or(&photo.path);
                    // Drop the "N-" prefix the export added to keep names apart.
                    let file_name = file_name
                        .split_once('-')
                        .filter(|(n, rest)| n.parse::<u32>().is_ok() && !rest.is_empty())
                        .map_or(file_name, |(_, rest)| rest);
                    photos.push(IncomingPhoto {
                        key: photo.path.clone(),
                        file_name: file_name.to_owned(),
                        bytes,
                    });
                }
                kept.push(photo);
            }
            Ok(None) => notes.push(format!("稿件文件中缺少图片 {}\u{FF0C}未导入", photo.path)),
            Err(message) => notes.push(format!("图片未导入\u{FF1A}{message}")),
        }
    }
    article.photos = kept;
    Ok((article, photos, notes))
}

/// Refuse articles no newsroom writes (the same limits as issue files).
fn validate(article: &Article) -> Result<(), String> {
    if article.id.0.trim().is_empty() {
        return Err("稿件编号为空".to_owned());
    }
    let fields = [
        TextField::Kicker,
        TextField::Headline,
        TextField::Subtitle,
        TextField::Dateline,
        TextField::Byline,
        TextField::Body,
    ];
    if fields
        .iter()
        .any(|f| article.field(*f).len() > MAX_FIELD_BYTES)
    {
        return Err("有超过 1 MiB 的文字字段".to_owned());
    }
    if article.photos.len() > MAX_PHOTOS {
        return Err(format!("图片超过 {MAX_PHOTOS} 张"));
    }
    Ok(())
}
