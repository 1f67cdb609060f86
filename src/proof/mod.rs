//! Checks over the model and the display list: proofreading and preflight findings.
//!
//! `Finding` is shared by every check: the text rules, the page preflight and the meeting
//! agreement checks (`crate::meeting`) all report in this one type, and the window, the
//! form underlines and `caibian check` all consume it.

use std::ops::Range;

use crate::model::{ArticleId, TextField};

/// How bad a finding is. An error blocks sign-off and makes `caibian check` exit 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Must be fixed before print.
    Error,
    /// Probably wrong; a human judges.
    Warning,
    /// Worth a look.
    Note,
}

impl Severity {
    /// The lower-case English name used by `caibian check --json`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }

    /// The Chinese name shown in the window.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Note => "提示",
        }
    }
}

/// A replacement of a finding's range that resolves it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// The text that replaces the finding's range.
    pub replacement: String,
    /// Whether it may be applied without a human reading it (修正全部安全项, `--fix`).
    pub safe: bool,
}

/// One thing a check found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The rule's id, e.g. `halfwidth-punct`, `overflow`, `meeting-date`.
    pub rule: &'static str,
    /// How bad it is.
    pub severity: Severity,
    /// The article it concerns, if any.
    pub article: Option<ArticleId>,
    /// The page (1-based number) it concerns, for page preflight findings.
    pub page: Option<u32>,
    /// The field of the article the range lies in.
    pub field: Option<TextField>,
    /// Character offsets (not bytes) into that field's text.
    pub range: Option<Range<usize>>,
    /// What is wrong, in Chinese.
    pub message: String,
    /// The replacement of `range` that fixes it, where there is one.
    pub fix: Option<Fix>,
}
