//! One report: headline group, dateline, byline, body, photos, status and its history.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::MeetingInfo;

/// A stable article id, unique within the issue (not an index).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ArticleId(pub String);

impl std::fmt::Display for ArticleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where an article stands in the workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Status {
    /// 草稿
    #[default]
    Draft,
    /// 待审
    Pending,
    /// 已编
    Edited,
    /// 签发
    Approved,
    /// 撤稿
    Withdrawn,
}

impl Status {
    /// Every status, in workflow order.
    pub const ALL: [Status; 5] = [
        Status::Draft,
        Status::Pending,
        Status::Edited,
        Status::Approved,
        Status::Withdrawn,
    ];

    /// The Chinese name shown in the UI and by `caibian info`.
    pub fn label(self) -> &'static str {
        match self {
            Status::Draft => "草稿",
            Status::Pending => "待审",
            Status::Edited => "已编",
            Status::Approved => "签发",
            Status::Withdrawn => "撤稿",
        }
    }
}

/// A photo that goes with an article.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Photo {
    /// Path relative to the issue file's folder.
    pub path: String,
    /// The caption printed under it.
    #[serde(default)]
    pub caption: String,
    /// The photographer's credit.
    #[serde(default)]
    pub credit: String,
}

/// One line of an article's edit history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HistoryEntry {
    /// When it happened, with the local offset.
    pub at: DateTime<FixedOffset>,
    /// Who did it.
    pub who: String,
    /// What was done, in words.
    pub what: String,
}

/// A finding the editor marked ignored for one article (校对 panel 忽略): the rule, the
/// field key (`body`, `headline` …, empty for the whole article) and the text it covered.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IgnoredFinding {
    /// The rule id, e.g. `doubled`.
    pub rule: String,
    /// The field key, e.g. `body`.
    #[serde(default)]
    pub field: String,
    /// The characters the finding covered.
    #[serde(default)]
    pub text: String,
}

/// The text fields of an article the form edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextField {
    /// 引题
    Kicker,
    /// 主题
    Headline,
    /// 副题
    Subtitle,
    /// 电头
    Dateline,
    /// 署名
    Byline,
    /// 正文
    Body,
}

impl TextField {
    /// The field's label in the form.
    pub fn label(self) -> &'static str {
        match self {
            TextField::Kicker => "引题",
            TextField::Headline => "主题",
            TextField::Subtitle => "副题",
            TextField::Dateline => "电头",
            TextField::Byline => "署名",
            TextField::Body => "正文",
        }
    }
}

/// One report, placed on a page or waiting in the pool.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Article {
    /// Stable id.
    pub id: ArticleId,
    /// 引题 (kicker above the headline).
    #[serde(default)]
    pub kicker: String,
    /// 主题 (main headline).
    pub headline: String,
    /// 副题 (subtitle below the headline).
    #[serde(default)]
    pub subtitle: String,
    /// 电头, e.g. 本报张掖讯（通讯员王某）.
    #[serde(default)]
    pub dateline: String,
    /// Byline line of features, e.g. 通讯员 李某 张某.
    #[serde(default)]
    pub byline: String,
    /// Body paragraphs separated by a newline.
    #[serde(default)]
    pub body: String,
    /// Photos with captions.
    #[serde(default)]
    pub photos: Vec<Photo>,
    /// Workflow status.
    #[serde(default)]
    pub status: Status,
    /// The page the correspondent or editor would like (版面意向), if any.
    #[serde(default)]
    pub page_wish: Option<u32>,
    /// Priority, higher first; 0 is normal.
    #[serde(default)]
    pub priority: i32,
    /// Who did what, when.
    #[serde(default)]
    pub history: Vec<HistoryEntry>,
    /// Metadata of the meeting or event the report covers.
    #[serde(default)]
    pub meeting: Option<MeetingInfo>,
    /// Check findings the editor chose to ignore for this article.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ignored: Vec<IgnoredFinding>,
}

impl Article {
    /// An empty draft with this id.
    pub fn new(id: ArticleId) -> Article {
        Article {
            id,
            kicker: String::new(),
            headline: String::new(),
            subtitle: String::new(),
            dateline: String::new(),
            byline: String::new(),
            body: String::new(),
            photos: Vec::new(),
            status: Status::Draft,
            page_wish: None,
            priority: 0,
            history: Vec::new(),
            meeting: None,
            ignored: Vec::new(),
        }
    }

    /// The text of one form field.
    pub fn field(&self, field: TextField) -> &str {
        match field {
            TextField::Kicker => &self.kicker,
            TextField::Headline => &self.headline,
            TextField::Subtitle => &self.subtitle,
            TextField::Dateline => &self.dateline,
            TextField::Byline => &self.byline,
            TextField::Body => &self.body,
        }
    }

    /// The text of one form field, mutable.
    pub fn field_mut(&mut self, field: TextField) -> &mut String {
        match field {
            TextField::Kicker => &mut self.kicker,
            TextField::Headline => &mut self.headline,
            TextField::Subtitle => &mut self.subtitle,
            TextField::Dateline => &mut self.dateline,
            TextField::Byline => &mut self.byline,
            TextField::Body => &mut self.body,
        }
    }

    /// The body's paragraphs, without empty ones.
    pub fn paragraphs(&self) -> impl Iterator<Item = &str> {
        self.body
            .split('\n')
            .map(str::trim)
            .filter(|p| !p.is_empty())
    }

    /// Characters of copy in the body, not counting line breaks and whitespace.
    pub fn body_chars(&self) -> usize {
        self.body.chars().filter(|c| !c.is_whitespace()).count()
    }

    /// The body's paragraphs as print sets them, the first led by the dateline (on one
    /// line, see [`one_line`]); a dateline with no body stands as a paragraph of its own.
    /// Typesetting, the web edition and the text export all split the body here, so that
    /// they agree on what a paragraph and the dateline are.
    pub fn paragraphs_with_dateline(&self) -> Vec<BodyParagraph<'_>> {
        let mut paragraphs = Vec::new();
        let mut offset = 0;
        for raw in self.body.split('\n') {
            let text = raw.trim();
            if !text.is_empty() {
                let leading = raw.chars().take_while(|c| c.is_whitespace()).count();
                paragraphs.push(BodyParagraph {
                    dateline: String::new(),
                    text,
                    body_offset: offset + leading,
                });
            }
            offset += raw.chars().count() + 1;
        }
        let dateline = one_line(&self.dateline);
        match paragraphs.first_mut() {
            Some(first) => first.dateline = dateline,
            None if !dateline.is_empty() => paragraphs.push(BodyParagraph {
                dateline,
                text: "",
                body_offset: 0,
            }),
            None => {}
        }
        paragraphs
    }
}

/// A body paragraph and the dateline that leads it (empty after the first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyParagraph<'a> {
    /// The dateline on one line, on the first paragraph only.
    pub dateline: String,
    /// The paragraph's text, trimmed.
    pub text: &'a str,
    /// Index (in chars) in the body of the paragraph's first character.
    pub body_offset: usize,
}

/// A heading field on one line: line breaks typed into it are dropped (Chinese runs
/// on without a space) and the ends of each line trimmed.
pub fn one_line(field: &str) -> String {
    field
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_chars_ignores_whitespace_and_breaks() {
        let mut article = Article::new(ArticleId("a".into()));
        // 会议 强调。 across two paragraphs: five visible characters.
        article.body = "\u{4F1A}\u{8BAE} \n\u{5F3A}\u{8C03}\u{3002}\n".into();
        assert_eq!(article.body_chars(), 5);
        assert_eq!(article.paragraphs().count(), 2);
    }

    #[test]
    fn status_labels_are_distinct() {
        let labels: std::collections::HashSet<_> = Status::ALL.iter().map(|s| s.label()).collect();
        assert_eq!(labels.len(), Status::ALL.len());
        assert_eq!(Status::Approved.label(), "\u{7B7E}\u{53D1}");
    }
}
