//! Paste cleanup: what the form offers when copy arrives from a PDF, a scan or a chat
//! app — lines broken inside a paragraph joined, spaces between Han characters removed,
//! half-width punctuation and straight quotes in Chinese text made full width.

use super::chars::{is_chinese, is_han};
use super::dictionary::Dictionary;
use super::text::check_text;
use super::{Fix, apply_fixes};

/// The rules whose fixes the cleanup applies.
const CLEANUP_RULES: [&str; 3] = ["space-between-han", "halfwidth-punct", "straight-quotes"];

/// Characters that end a paragraph: a line ending in one is a real paragraph end.
fn ends_paragraph(c: char) -> bool {
    matches!(
        c,
        '\u{3002}'
            | '\u{FF01}'
            | '\u{FF1F}'
            | '\u{FF1B}'
            | '\u{FF1A}'
            | '\u{201D}'
            | '\u{2019}'
            | '\u{2026}'
            | '\u{FF09}'
            | '\u{300B}'
            | '.'
            | '!'
            | '?'
            | ':'
            | '"'
    )
}

/// Join lines broken inside a paragraph: a line that does not end a sentence, followed
/// by a line of Chinese text, continues it. Indents and blank lines go: the body holds
/// one paragraph per line and the typesetter indents.
pub fn join_broken_lines(text: &str) -> String {
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        let line = line.trim_matches(|c: char| c.is_whitespace());
        if line.is_empty() {
            if !current.is_empty() {
                paragraphs.push(std::mem::take(&mut current));
            }
            continue;
        }
        let open_end = current
            .chars()
            .last()
            .is_some_and(|c| (is_chinese(c) && !ends_paragraph(c)) || c.is_ascii_alphanumeric());
        let chinese_start = line.chars().next().is_some_and(is_chinese);
        if current.is_empty() || (open_end && chinese_start) {
            current.push_str(line);
        } else {
            paragraphs.push(std::mem::replace(&mut current, line.to_owned()));
        }
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    paragraphs.join("\n")
}

/// The cleaned text: broken lines joined, then the safe fixes of the cleanup rules
/// applied (twice, since removing a space can bring punctuation next to Han text).
pub fn clean_paste(text: &str) -> String {
    let empty = Dictionary::from_entries(Vec::new());
    let mut cleaned = join_broken_lines(text);
    for _ in 0..2 {
        let findings = check_text(&cleaned, None, &empty);
        let fixes: Vec<(std::ops::Range<usize>, &Fix)> = findings
            .iter()
            .filter(|f| CLEANUP_RULES.contains(&f.rule))
            .filter_map(|f| Some((f.range.clone()?, f.fix.as_ref().filter(|x| x.safe)?)))
            .collect();
        if fixes.is_empty() {
            break;
        }
        cleaned = apply_fixes(&cleaned, fixes.into_iter());
    }
    cleaned
}

/// Clean an imported article's text fields as a paste is cleaned (Word and text files carry
/// the same faults as pasted copy), returning one note per field it changed, in Chinese,
/// with the text before and after, so the user sees what changed.
pub fn clean_imported(article: &mut crate::model::Article) -> Vec<String> {
    use crate::model::TextField;
    let mut notes = Vec::new();
    for field in [
        TextField::Kicker,
        TextField::Headline,
        TextField::Subtitle,
        TextField::Dateline,
        TextField::Body,
    ] {
        let text = article.field(field);
        if !needs_cleanup(text) {
            continue;
        }
        let cleaned = clean_paste(text);
        notes.push(format!(
            "{}已按粘贴清理规则整理\u{FF1A}{} → {}",
            field.label(),
            excerpt(text),
            excerpt(&cleaned)
        ));
        *article.field_mut(field) = cleaned;
    }
    notes
}

/// The first characters of a text, for a note.
fn excerpt(text: &str) -> String {
    const EXCERPT_CHARS: usize = 24;
    let mut short: String = text.chars().take(EXCERPT_CHARS).collect();
    if text.chars().count() > EXCERPT_CHARS {
        short.push('\u{2026}');
    }
    short.replace('\n', " ")
}

/// Whether the cleanup would change this pasted text (worth offering).
pub fn needs_cleanup(text: &str) -> bool {
    text.chars().any(is_han) && clean_paste(text) != text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imported_text_is_cleaned_and_each_change_is_named() {
        let mut article = crate::model::Article::new(crate::model::ArticleId("a".into()));
        // 会议 强调,要坚持 : a space between Han (U+4F1A U+8BAE, U+5F3A U+8C03) and a
        // half-width comma (U+002C) between Han.
        article.body = "会议 强调,要坚持".into();
        article.headline = "政协会议召开".into();
        let notes = clean_imported(&mut article);
        assert_eq!(article.body, "会议强调\u{FF0C}要坚持");
        assert_eq!(article.headline, "政协会议召开", "clean text is left alone");
        assert_eq!(notes.len(), 1);
        assert!(notes[0].starts_with("正文"), "{}", notes[0]);
    }

    #[test]
    fn joins_lines_broken_inside_a_paragraph() {
        // 会议强调 / 要坚持。 broken after 调 (U+8C03): one paragraph. A line ending in
        // 。 (U+3002) ends its paragraph; blank lines and indents (U+3000) go.
        let pasted = "\u{3000}\u{3000}会议强调\n要坚持\u{3002}\n\n第二段\u{3002}\n";
        assert_eq!(
            join_broken_lines(pasted),
            "会议强调要坚持\u{3002}\n第二段\u{3002}"
        );
    }

    #[test]
    fn cleans_spaces_punctuation_and_quotes() {
        // 会议 强调,坚持"小切口" -> 会议强调，坚持“小切口”
        assert_eq!(
            clean_paste("会议 强调,坚持\"小切口\""),
            "会议强调\u{FF0C}坚持\u{201C}小切口\u{201D}"
        );
        assert!(!needs_cleanup("Hello, world"));
        assert!(!needs_cleanup("会议强调\u{FF0C}坚持"));
    }
}
