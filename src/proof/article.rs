//! Article and metadata rules: empty-headline, dateline-form, photo-missing. (The
//! meeting agreement rules `meeting-*` live in `crate::meeting`.)

use crate::model::{Article, TextField};

use super::chars::{is_han, is_space};
use super::{Finding, Severity};

/// 本报, 讯 and the parentheses of a dateline.
const BENBAO: &str = "本报";
const XUN: char = '讯';
const OPEN: char = '\u{FF08}';
const CLOSE: char = '\u{FF09}';
/// Characters a name list in a dateline may hold besides Han: spaces, 、 and the
/// middle dot of transliterated names.
fn name_char(c: char) -> bool {
    is_han(c) || is_space(c) || c == '\u{3001}' || c == '\u{00B7}'
}

/// Tells whether a photo path is usable; `Some(reason)` when it is not.
pub type PhotoProblem<'a> = &'a dyn Fn(&str) -> Option<String>;

fn finding(
    rule: &'static str,
    severity: Severity,
    article: &Article,
    field: Option<TextField>,
    range: Option<std::ops::Range<usize>>,
    message: String,
) -> Finding {
    Finding {
        rule,
        severity,
        article: Some(article.id.clone()),
        page: None,
        field,
        range,
        message,
        photo: None,
        fix: None,
    }
}

/// The article rules over one article.
pub fn check_article(article: &Article, photo_problem: Option<PhotoProblem<'_>>) -> Vec<Finding> {
    let mut findings = Vec::new();
    if article.headline.trim().is_empty() {
        findings.push(finding(
            "empty-headline",
            Severity::Error,
            article,
            Some(TextField::Headline),
            None,
            "没有主题\u{FF08}主标题\u{FF09}".to_string(),
        ));
    }
    let dateline = article.dateline.trim();
    if !dateline.is_empty() && !dateline_ok(dateline) {
        findings.push(finding(
            "dateline-form",
            Severity::Warning,
            article,
            Some(TextField::Dateline),
            Some(0..article.dateline.chars().count()),
            "电头应为 本报X讯\u{FF08}通讯员 …\u{FF09} 或 本报讯".to_string(),
        ));
    }
    if let Some(problem) = photo_problem {
        for photo in &article.photos {
            if let Some(reason) = problem(&photo.path) {
                findings.push(finding(
                    "photo-missing",
                    Severity::Error,
                    article,
                    None,
                    None,
                    format!("图片 {} 无法使用\u{FF1A}{reason}", photo.path),
                ));
            }
        }
    }
    findings
}

/// 本报讯, 本报张掖讯, either followed by （names） with an optional role.
fn dateline_ok(dateline: &str) -> bool {
    let Some(rest) = dateline.strip_prefix(BENBAO) else {
        return false;
    };
    let Some(xun) = rest.find(XUN) else {
        return false;
    };
    let place = &rest[..xun];
    if place.chars().count() > 8 || !place.chars().all(is_han) {
        return false;
    }
    let tail = &rest[xun + XUN.len_utf8()..];
    if tail.is_empty() {
        return true;
    }
    let Some(inner) = tail.strip_prefix(OPEN).and_then(|t| t.strip_suffix(CLOSE)) else {
        return false;
    };
    !inner.trim().is_empty() && inner.chars().all(name_char)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datelines() {
        // 本报讯 U+672C U+62A5 U+8BAF
        assert!(dateline_ok("\u{672C}\u{62A5}\u{8BAF}"));
        // 本报张掖讯（通讯员王某 李某）
        assert!(dateline_ok(
            "\u{672C}\u{62A5}\u{5F20}\u{6396}\u{8BAF}\u{FF08}\u{901A}\u{8BAF}\u{5458}\u{738B}\u{67D0} \u{674E}\u{67D0}\u{FF09}"
        ));
        // 张掖讯 (no 本报), and half-width parentheses
        assert!(!dateline_ok("\u{5F20}\u{6396}\u{8BAF}"));
        assert!(!dateline_ok("\u{672C}\u{62A5}\u{8BAF}(\u{738B}\u{67D0})"));
    }
}
