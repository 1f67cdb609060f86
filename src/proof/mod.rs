//! Checks over the model and the display list: proofreading and preflight findings.
//!
//! `Finding` is shared by every check: the text rules, the page preflight and the meeting
//! agreement checks (`crate::meeting`) all report in this one type, and the window, the
//! form underlines and `caibian check` all consume it.

mod article;
pub mod chars;
mod checker;
pub mod dictionary;
mod doubled;
mod glyphs;
mod numbers;
mod page;
pub mod paste;
mod text;

pub use article::{PhotoProblem, check_article};
pub use checker::{Checker, TEXT_FIELDS, finding_text, is_ignored};
pub use dictionary::Dictionary;
pub use glyphs::Coverage;
pub use page::{UNDERFULL_LINES, check_pages};
pub use text::check_text;

use std::ops::Range;

use crate::model::{ArticleId, IgnoredFinding, TextField};

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
    /// For a finding in a photo's caption (图注): the photo's index in its article. Such a
    /// finding has no field, range or fix (captions are edited in the photo list).
    pub photo: Option<usize>,
}

impl Finding {
    /// Whether the finding has a fix that may be applied without a human reading it.
    pub fn has_safe_fix(&self) -> bool {
        self.range.is_some() && self.fix.as_ref().is_some_and(|f| f.safe)
    }

    /// The entry that marks this finding ignored in its article (rule, field, text).
    pub fn ignore_entry(&self, text: &str) -> IgnoredFinding {
        IgnoredFinding {
            rule: self.rule.to_string(),
            field: self.ignore_field(),
            text: text.to_string(),
        }
    }

    /// The field an ignore entry names: the form field's key, `caption1`… for a photo's
    /// caption, or "" for a finding about the whole article.
    pub fn ignore_field(&self) -> String {
        match (self.field, self.photo) {
            (Some(field), _) => field_key(field).to_string(),
            (None, Some(index)) => format!("caption{}", index + 1),
            (None, None) => String::new(),
        }
    }
}

/// Every rule id this module reports, in PROOFREADING.md order.
pub const RULES: [&str; 26] = [
    "space-between-han",
    "halfwidth-punct",
    "straight-quotes",
    "unbalanced",
    "ellipsis",
    "dash",
    "range-mark",
    "title-list-comma",
    "approx-comma",
    "deng-comma",
    "headline-stop",
    "session-numerals",
    "mixed-date",
    "short-year",
    "fullwidth-digits",
    "doubled",
    "house-style",
    "missing-glyph",
    "empty-headline",
    "dateline-form",
    "photo-missing",
    "overflow",
    "jump-broken",
    "block-overlap",
    "underfull",
    "unsigned",
];

/// The English key of a field, as `caibian check --json` and ignore lists write it.
pub fn field_key(field: TextField) -> &'static str {
    match field {
        TextField::Kicker => "kicker",
        TextField::Headline => "headline",
        TextField::Subtitle => "subtitle",
        TextField::Dateline => "dateline",
        TextField::Byline => "byline",
        TextField::Body => "body",
    }
}

/// The field with this key.
pub fn field_from_key(key: &str) -> Option<TextField> {
    TEXT_FIELDS.into_iter().find(|&f| field_key(f) == key)
}

/// `text` with each (char range, fix) replaced; ranges that overlap an earlier one (in
/// order of start) are skipped, so the result never depends on a conflicting pair.
pub fn apply_fixes<'a>(text: &str, fixes: impl Iterator<Item = (Range<usize>, &'a Fix)>) -> String {
    let mut fixes: Vec<(Range<usize>, &Fix)> = fixes.collect();
    fixes.sort_by_key(|(r, _)| (r.start, r.end));
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (range, fix) in fixes {
        if range.start < at || range.end > chars.len() || range.start > range.end {
            continue;
        }
        out.extend(&chars[at..range.start]);
        out.push_str(&fix.replacement);
        at = range.end;
    }
    out.extend(&chars[at..]);
    out
}

/// `text` with the safe fixes among `findings` applied (the findings of that text).
pub fn apply_safe_fixes(text: &str, findings: &[Finding]) -> String {
    apply_fixes(
        text,
        findings
            .iter()
            .filter(|f| f.has_safe_fix())
            .filter_map(|f| Some((f.range.clone()?, f.fix.as_ref()?))),
    )
}
