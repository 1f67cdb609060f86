//! The incremental checker: text rules per field, cached by content, so a keystroke
//! re-checks only the field that changed; article rules; ignored findings filtered out.

use std::collections::HashMap;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use crate::model::{Article, ArticleId, Issue, TextField};

use super::article::{PhotoProblem, check_article};
use super::dictionary::Dictionary;
use super::glyphs::Coverage;
use super::text::check_text;
use super::{Finding, field_key};

/// Every text field of an article, in form order.
pub const TEXT_FIELDS: [TextField; 6] = [
    TextField::Kicker,
    TextField::Headline,
    TextField::Subtitle,
    TextField::Dateline,
    TextField::Byline,
    TextField::Body,
];

/// Runs the text and article rules, remembering each field's findings by its content.
#[derive(Debug)]
pub struct Checker {
    dictionary: Dictionary,
    coverage: Coverage,
    cache: HashMap<u64, Arc<Vec<Finding>>>,
    /// Cache keys used by the latest whole-issue check; the rest are dropped.
    used: Vec<u64>,
    fresh: usize,
}

impl Default for Checker {
    fn default() -> Self {
        Checker::new(Dictionary::bundled())
    }
}

impl Checker {
    /// A checker with this dictionary and the bundled fonts' coverage.
    pub fn new(dictionary: Dictionary) -> Checker {
        Checker {
            dictionary,
            coverage: Coverage::bundled(),
            cache: HashMap::new(),
            used: Vec::new(),
            fresh: 0,
        }
    }

    /// The dictionary in use.
    pub fn dictionary(&self) -> &Dictionary {
        &self.dictionary
    }

    /// Use another dictionary (the user extended it); forgets cached findings.
    pub fn set_dictionary(&mut self, dictionary: Dictionary) {
        self.dictionary = dictionary;
        self.cache.clear();
    }

    /// How many fields the checks since the last call checked afresh (not from cache).
    pub fn take_fresh_count(&mut self) -> usize {
        std::mem::take(&mut self.fresh)
    }

    /// The text findings of one field's text (no article set), from the cache when this
    /// text was checked before in this kind of field.
    pub fn check_field(&mut self, field: Option<TextField>, text: &str) -> Arc<Vec<Finding>> {
        let mut hasher = DefaultHasher::new();
        field.map(field_key).hash(&mut hasher);
        text.hash(&mut hasher);
        let key = hasher.finish();
        self.used.push(key);
        if let Some(found) = self.cache.get(&key) {
            return Arc::clone(found);
        }
        self.fresh += 1;
        let mut findings = check_text(text, field, &self.dictionary);
        findings.extend(self.coverage.check(text, field));
        findings.sort_by_key(|f| f.range.as_ref().map(|r| (r.start, r.end)));
        let findings = Arc::new(findings);
        self.cache.insert(key, Arc::clone(&findings));
        findings
    }

    /// Every text and article finding of one article, ignored ones left out.
    pub fn check_article(
        &mut self,
        article: &Article,
        photo_problem: Option<PhotoProblem<'_>>,
    ) -> Vec<Finding> {
        let mut findings = Vec::new();
        for field in TEXT_FIELDS {
            let text = article.field(field);
            if text.is_empty() {
                continue;
            }
            for finding in self.check_field(Some(field), text).iter() {
                let mut finding = finding.clone();
                finding.article = Some(article.id.clone());
                findings.push(finding);
            }
        }
        findings.extend(self.check_captions(article));
        findings.extend(check_article(article, photo_problem));
        findings.retain(|f| !is_ignored(article, f));
        findings
    }

    /// The text rules over each photo's caption (图注), which prints like body text.
    /// Captions are edited in the photo list, not in a form field, so a finding names the
    /// photo and quotes the text around the fault instead of carrying a range and a fix.
    fn check_captions(&mut self, article: &Article) -> Vec<Finding> {
        let mut findings = Vec::new();
        for (index, photo) in article.photos.iter().enumerate() {
            if photo.caption.trim().is_empty() {
                continue;
            }
            for finding in self.check_field(None, &photo.caption).iter() {
                findings.push(caption_finding(article, index, &photo.caption, finding));
            }
        }
        findings
    }

    /// Every text and article finding of the issue, article by article in file order;
    /// findings of placed articles carry the page of the article's first part.
    pub fn check_issue(
        &mut self,
        issue: &Issue,
        photo_problem: Option<PhotoProblem<'_>>,
    ) -> Vec<Finding> {
        self.used.clear();
        let first_page = first_pages(issue);
        let mut findings = Vec::new();
        for article in issue.articles.iter() {
            let page = first_page.get(&article.id).copied();
            for mut finding in self.check_article(article, photo_problem) {
                finding.page = page;
                findings.push(finding);
            }
        }
        // Keep only what this issue uses, so the cache does not grow with every keystroke.
        let used: std::collections::HashSet<u64> = self.used.drain(..).collect();
        self.cache.retain(|key, _| used.contains(key));
        findings
    }
}

/// Characters of a caption quoted either side of a fault.
const CAPTION_CONTEXT_CHARS: usize = 6;

/// A text finding in photo `index`'s caption, as the article's finding: which photo, the
/// fault quoted in its context, and the suggested fix in words.
fn caption_finding(article: &Article, index: usize, caption: &str, finding: &Finding) -> Finding {
    let quoted = finding
        .range
        .as_ref()
        .map(|range| {
            let chars: Vec<char> = caption.chars().collect();
            let end = (range.end + CAPTION_CONTEXT_CHARS).min(chars.len());
            let start = range.start.saturating_sub(CAPTION_CONTEXT_CHARS).min(end);
            let context: String = chars[start..end].iter().collect();
            format!("\u{FF08}\u{201C}{context}\u{201D}\u{FF09}")
        })
        .unwrap_or_default();
    let fix = finding
        .fix
        .as_ref()
        // Said in words unless the message already names the replacement.
        .filter(|fix| !fix.replacement.is_empty() && !finding.message.contains(&fix.replacement))
        .map(|fix| format!("\u{FF0C}改为\u{201C}{}\u{201D}", fix.replacement))
        .unwrap_or_default();
    Finding {
        article: Some(article.id.clone()),
        page: None,
        field: None,
        range: None,
        fix: None,
        photo: Some(index),
        message: format!(
            "图片{}图注\u{FF1A}{}{quoted}{fix}",
            index + 1,
            finding.message
        ),
        ..finding.clone()
    }
}

/// The page of each placed article's first part.
fn first_pages(issue: &Issue) -> HashMap<ArticleId, u32> {
    let mut pages: HashMap<ArticleId, (u32, u32)> = HashMap::new();
    for page in &issue.pages {
        for placement in &page.placements {
            let entry = pages
                .entry(placement.article.clone())
                .or_insert((placement.part, page.number));
            if placement.part < entry.0 {
                *entry = (placement.part, page.number);
            }
        }
    }
    pages
        .into_iter()
        .map(|(id, (_, page))| (id, page))
        .collect()
}

/// The characters a finding covers in its article's field; for a caption's finding its
/// message (the photo and the fault in context, so each fault is ignored on its own);
/// otherwise "".
pub fn finding_text(article: &Article, finding: &Finding) -> String {
    match (finding.field, &finding.range, finding.photo) {
        (Some(field), Some(range), _) => article
            .field(field)
            .chars()
            .skip(range.start)
            .take(range.len())
            .collect(),
        (None, _, Some(_)) => finding.message.clone(),
        _ => String::new(),
    }
}

/// Whether the article's ignore list names this finding (same rule, field and text).
pub fn is_ignored(article: &Article, finding: &Finding) -> bool {
    if article.ignored.is_empty() {
        return false;
    }
    let field = finding.ignore_field();
    let text = finding_text(article, finding);
    article
        .ignored
        .iter()
        .any(|i| i.rule == finding.rule && i.field == field && i.text == text)
}
