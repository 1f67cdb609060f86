//! What changed between two versions of an article, field by field, as character diffs
//! (Chinese has no spaces, so words are no unit): the replace offer shows it.

use std::time::Duration;

use similar::utils::TextDiffRemapper;
use similar::{ChangeTag, TextDiff};

use crate::model::{Article, TextField};

/// A diff of one long body gives up refining after this and reports coarser changes.
const DIFF_TIMEOUT: Duration = Duration::from_millis(200);

/// One piece of a field's diff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// In both versions.
    Same,
    /// Only in the old version (removed).
    Removed,
    /// Only in the new version (added).
    Added,
}

/// How one field changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldDiff {
    /// The field's label, e.g. 主题, 图片, 会议信息.
    pub label: String,
    /// The old text.
    pub old: String,
    /// The new text.
    pub new: String,
    /// The pieces of text in order, each marked.
    pub pieces: Vec<(Change, String)>,
}

impl FieldDiff {
    /// The diff as one line of text: removed pieces in [-…-], added in {+…+}.
    pub fn to_marked_text(&self) -> String {
        let mut out = String::new();
        for (change, text) in &self.pieces {
            match change {
                Change::Same => out.push_str(text),
                Change::Removed => out.push_str(&format!("[-{text}-]")),
                Change::Added => out.push_str(&format!("{{+{text}+}}")),
            }
        }
        out
    }
}

const TEXT_FIELDS: [TextField; 6] = [
    TextField::Kicker,
    TextField::Headline,
    TextField::Subtitle,
    TextField::Dateline,
    TextField::Byline,
    TextField::Body,
];

/// The fields that differ between `old` and `new`, in form order: the text fields, then
/// status, photos (path, caption and credit) and meeting metadata. Equal fields are left out.
pub fn article_diff(old: &Article, new: &Article) -> Vec<FieldDiff> {
    let mut diffs: Vec<FieldDiff> = TEXT_FIELDS
        .iter()
        .filter_map(|f| field_diff(f.label(), old.field(*f), new.field(*f)))
        .collect();
    diffs.extend(field_diff("状态", old.status.label(), new.status.label()));
    diffs.extend(field_diff("图片", &photos_text(old), &photos_text(new)));
    diffs.extend(field_diff(
        "会议信息",
        &meeting_text(old),
        &meeting_text(new),
    ));
    diffs
}

/// The diff of one text, or `None` when equal.
pub fn field_diff(label: &str, old: &str, new: &str) -> Option<FieldDiff> {
    if old == new {
        return None;
    }
    let diff = TextDiff::configure()
        .timeout(DIFF_TIMEOUT)
        .diff_chars(old, new);
    let remapper = TextDiffRemapper::from_text_diff(&diff, old, new);
    let mut pieces: Vec<(Change, String)> = Vec::new();
    for op in diff.ops() {
        for (tag, text) in remapper.iter_slices(op) {
            let change = match tag {
                ChangeTag::Equal => Change::Same,
                ChangeTag::Delete => Change::Removed,
                ChangeTag::Insert => Change::Added,
            };
            match pieces.last_mut() {
                Some((last, acc)) if *last == change => acc.push_str(text),
                _ => pieces.push((change, text.to_owned())),
            }
        }
    }
    Some(FieldDiff {
        label: label.to_owned(),
        old: old.to_owned(),
        new: new.to_owned(),
        pieces,
    })
}

fn photos_text(article: &Article) -> String {
    article
        .photos
        .iter()
        .map(|p| {
            let name = p.path.rsplit('/').next().unwrap_or(&p.path);
            format!("{name} {} {}", p.caption, p.credit)
                .trim()
                .to_owned()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn meeting_text(article: &Article) -> String {
    let Some(meeting) = &article.meeting else {
        return String::new();
    };
    let config = ron::ser::PrettyConfig::new()
        .struct_names(false)
        .escape_strings(false)
        .indentor("  ");
    ron::ser::to_string_pretty(meeting, config).unwrap_or_else(|_| format!("{meeting:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ArticleId;

    #[test]
    fn only_changed_fields_are_listed_with_marked_pieces() {
        let mut old = Article::new(ArticleId("a".into()));
        old.headline = "市政协召开会议".into();
        old.body = "会议强调\u{3002}".into();
        let mut new = old.clone();
        new.headline = "市政协召开主席会议".into();
        let diffs = article_diff(&old, &new);
        assert_eq!(diffs.len(), 1);
        assert_eq!(diffs[0].label, "主题");
        // 主席 (U+4E3B U+5E2D) inserted.
        assert_eq!(
            diffs[0].to_marked_text(),
            "市政协召开{+\u{4E3B}\u{5E2D}+}会议"
        );
    }
}
