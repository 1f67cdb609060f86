//! Reading and writing issue files: versioned RON, size limits, atomic saves.

pub mod article_diff;
pub mod article_file;
mod atomic;
pub mod backup;
pub mod import;
pub mod inbox;
pub mod lock;
pub mod photo;
pub mod photo_import;
pub mod recovery;
pub mod template;

pub use atomic::{write_atomically, write_export};

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::model::{Issue, SCHEMA_VERSION};

/// Issue files larger than this are refused before they are read (64 MiB).
/// A full broadsheet issue is well under 1 MiB; the limit keeps a stray file from
/// exhausting memory.
pub const MAX_ISSUE_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Nesting deeper than this in a RON file is refused (the model needs fewer than 10).
const MAX_NESTING: usize = 64;

/// Why an issue file could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The disk refused: not found, permission denied, disk full …
    #[error("{}\u{FF1A}{source}", path.display())]
    Io {
        /// The file concerned.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The file is larger than [`MAX_ISSUE_FILE_BYTES`].
    #[error(
        "文件过大\u{FF08}{size_bytes} 字节\u{FF0C}上限 {limit_bytes} 字节\u{FF09}\u{FF0C}不是有效的报纸期次文件"
    )]
    TooLarge {
        /// The file's size.
        size_bytes: u64,
        /// The limit.
        limit_bytes: u64,
    },
    /// The file is not UTF-8 text.
    #[error("第 {line} 行第 {column} 列\u{FF1A}文件不是 UTF-8 文本")]
    NotUtf8 {
        /// 1-based line of the first bad byte.
        line: usize,
        /// 1-based column (in characters) of the first bad byte.
        column: usize,
    },
    /// The RON is malformed or does not match the model.
    #[error("第 {line} 行第 {column} 列\u{FF1A}{message}")]
    Parse {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The parser's explanation.
        message: String,
    },
    /// The file was written by a newer caibian.
    #[error(
        "文件的格式版本为 {file_version}\u{FF0C}本程序只支持到版本 {supported_version}\u{FF1B}请升级采编"
    )]
    NewerSchema {
        /// The version in the file.
        file_version: u32,
        /// The newest version this build reads.
        supported_version: u32,
    },
    /// The file parses but holds something no real issue has (a duplicate id, a field
    /// of absurd length, tens of thousands of articles).
    #[error("期次文件内容无效\u{FF1A}{0}")]
    Invalid(String),
    /// The issue could not be turned into RON (should not happen for valid issues).
    #[error("无法写出期次文件\u{FF1A}{0}")]
    Serialize(String),
}

/// Just enough of an issue file to read its schema version before the full parse, so that
/// a newer file is refused with a clear message rather than a field error.
#[derive(Deserialize)]
pub(crate) struct VersionProbe {
    pub(crate) schema_version: u32,
}

fn ron_options() -> ron::Options {
    ron::Options::default().with_recursion_limit(MAX_NESTING)
}

/// Parse any of caibian's RON files (issues, templates, recovery copies) with the same
/// nesting limit, reporting errors with line and column.
pub fn from_ron<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, StoreError> {
    ron_options().from_str(text).map_err(|e| StoreError::Parse {
        line: e.span.start.line,
        column: e.span.start.col,
        message: e.code.to_string(),
    })
}

/// Parse an issue from RON text.
pub fn parse_issue(text: &str) -> Result<Issue, StoreError> {
    if let Ok(probe) = ron_options().from_str::<VersionProbe>(text) {
        refuse_newer(probe.schema_version)?;
    }
    let issue: Issue = from_ron(text)?;
    validate(&issue)?;
    Ok(issue)
}

/// Refuse a file written by a newer caibian, naming both versions.
fn refuse_newer(file_version: u32) -> Result<(), StoreError> {
    if file_version > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema {
            file_version,
            supported_version: SCHEMA_VERSION,
        });
    }
    Ok(())
}

/// Any one text field longer than this is refused (1 MiB; a long feature is 20 KiB).
pub const MAX_FIELD_BYTES: usize = 1024 * 1024;
/// At most this many articles, pages, and placements on a page.
pub const MAX_ARTICLES: usize = 10_000;
/// At most this many pages.
pub const MAX_PAGES: usize = 500;
/// At most this many placements on one page.
pub const MAX_PLACEMENTS: usize = 1_000;

/// No page grid has more columns than this; templates are held to it too.
pub const MAX_GRID_COLUMNS: u32 = 64;
/// No page grid has more lines than this; templates are held to it too.
pub const MAX_GRID_LINES: u32 = 2_000;

/// Dates outside years 1–9999 are refused: no paper is dated there, and the calendar
/// code (weekday, lunar date) is defined only within them.
fn check_date(date: chrono::NaiveDate, what: &str) -> Result<(), StoreError> {
    use chrono::Datelike;
    if (1..=9999).contains(&date.year()) {
        Ok(())
    } else {
        Err(StoreError::Invalid(format!(
            "{what} {date} 不在公元 1—9999 年之间"
        )))
    }
}

/// Refuse issues no newsroom makes, which could only slow or confuse the app.
pub(crate) fn validate(issue: &Issue) -> Result<(), StoreError> {
    let invalid = |message: String| Err(StoreError::Invalid(message));
    if issue.articles.len() > MAX_ARTICLES {
        return invalid(format!(
            "稿件 {} 篇\u{FF0C}超过上限 {MAX_ARTICLES} 篇",
            issue.articles.len()
        ));
    }
    if issue.pages.len() > MAX_PAGES {
        return invalid(format!(
            "版面 {} 个\u{FF0C}超过上限 {MAX_PAGES} 个",
            issue.pages.len()
        ));
    }
    if let Some(page) = issue
        .pages
        .iter()
        .find(|p| p.placements.len() > MAX_PLACEMENTS)
    {
        return invalid(format!(
            "第{}版的稿件块超过 {MAX_PLACEMENTS} 个",
            page.number
        ));
    }
    let mut ids = std::collections::HashSet::new();
    for article in &issue.articles {
        if !ids.insert(&article.id) {
            return invalid(format!("稿件编号 {} 重复", article.id));
        }
        let fields = [
            &article.kicker,
            &article.headline,
            &article.subtitle,
            &article.dateline,
            &article.byline,
            &article.body,
        ];
        if fields.iter().any(|f| f.len() > MAX_FIELD_BYTES) {
            return invalid(format!("稿件 {} 有超过 1 MiB 的文字字段", article.id));
        }
    }
    check_date(issue.date, "出版日期")?;
    for article in &issue.articles {
        if let Some(date) = article.meeting.as_ref().and_then(|m| m.date) {
            check_date(date, &format!("稿件 {} 的会议日期", article.id))?;
        }
    }
    for page in &issue.pages {
        if let Some(p) = page
            .placements
            .iter()
            .find(|p| !p.fits_grid(MAX_GRID_COLUMNS, MAX_GRID_LINES))
        {
            return invalid(format!(
                "第{}版的稿件 {} 位置无效\u{FF08}第 {} 栏起 {} 栏\u{FF0C}第 {} 行起 {} 行\u{FF09}",
                page.number,
                p.article,
                u64::from(p.column) + 1,
                p.span,
                u64::from(p.line) + 1,
                p.depth
            ));
        }
    }
    if issue.paper_name.len() > MAX_FIELD_BYTES || issue.publisher.len() > MAX_FIELD_BYTES {
        return invalid("报名或主办单位超过 1 MiB".to_owned());
    }
    Ok(())
}

/// Read and parse an issue file. Never writes to the file.
pub fn load_issue(path: &Path) -> Result<Issue, StoreError> {
    let bytes = read_limited(path, MAX_ISSUE_FILE_BYTES)?;
    let text = utf8_text(&bytes)?;
    parse_issue(text)
}

/// Read a whole file, refusing one larger than `limit_bytes`: before reading it, and
/// again while reading, in case it grows in between (or is a device or pipe that reports
/// no size).
pub fn read_limited(path: &Path, limit_bytes: u64) -> Result<Vec<u8>, StoreError> {
    use std::io::Read;
    let io_error = |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io_error)?;
    let size_bytes = file.metadata().map_err(io_error)?.len();
    let too_large = |size_bytes| StoreError::TooLarge {
        size_bytes,
        limit_bytes,
    };
    if size_bytes > limit_bytes {
        return Err(too_large(size_bytes));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size_bytes).unwrap_or(0));
    file.take(limit_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io_error)?;
    if bytes.len() as u64 > limit_bytes {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// The bytes as UTF-8, or the line and column of the first invalid byte.
pub(crate) fn utf8_text(bytes: &[u8]) -> Result<&str, StoreError> {
    std::str::from_utf8(bytes).map_err(|e| {
        let valid = &bytes[..e.valid_up_to()];
        // The prefix is valid UTF-8 by construction.
        let prefix = String::from_utf8_lossy(valid);
        let line = prefix.matches('\n').count() + 1;
        let column = prefix.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        StoreError::NotUtf8 { line, column }
    })
}

/// The issue as pretty-printed RON, the format of issue files.
pub fn issue_to_ron(issue: &Issue) -> Result<String, StoreError> {
    let config = ron::ser::PrettyConfig::new()
        .struct_names(false)
        // Multi-line bodies stay one paragraph per line: readable and diff-friendly.
        .escape_strings(false)
        .indentor("  ");
    let mut text = ron::ser::to_string_pretty(issue, config)
        .map_err(|e| StoreError::Serialize(e.to_string()))?;
    text.push('\n');
    Ok(text)
}

/// A fingerprint of a file's bytes, to notice changes made behind the app's back.
/// Reads at most [`MAX_ISSUE_FILE_BYTES`]; a larger or unreadable file has none.
pub fn file_fingerprint(path: &Path) -> Option<u64> {
    let bytes = read_limited(path, MAX_ISSUE_FILE_BYTES).ok()?;
    Some(xxhash_rust::xxh3::xxh3_64(&bytes))
}

/// Save an issue: the new file replaces the old one atomically.
pub fn save_issue(path: &Path, issue: &Issue) -> Result<(), StoreError> {
    let text = issue_to_ron(issue)?;
    write_atomically(path, text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_utf8_reports_position() {
        let bytes = b"(\n  ab\xFFc";
        match utf8_text(bytes) {
            Err(StoreError::NotUtf8 { line, column }) => {
                assert_eq!((line, column), (2, 5));
            }
            other => panic!("unexpected {other:?}"),
        }
    }
}
