//! Pools of generated articles on broadsheet pages, for the make-up tests and bench.
#![allow(dead_code)]

use std::path::Path;

use caibian::model::{Article, ArticleId, Issue, Page, PageGrids, Status};
use caibian::typeset::Typesetter;

/// 对开 (U+5BF9 U+5F00), the broadsheet template.
pub const BROADSHEET: &str = "\u{5BF9}\u{5F00}";

/// The bundled sample issue: real copy to cut articles from.
pub fn sample() -> Issue {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample/sample-issue.ron");
    caibian::store::load_issue(&path).expect("sample loads")
}

/// The bundled typesetter and the grids of its templates.
pub fn typesetter() -> (Typesetter, PageGrids) {
    let typesetter = Typesetter::bundled().expect("fonts and templates load");
    let grids = PageGrids::from_templates(typesetter.templates());
    (typesetter, grids)
}

/// One article of a pool: body length in characters, approved or not, priority.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    /// Body characters.
    pub chars: usize,
    /// 签发.
    pub approved: bool,
    /// Priority.
    pub priority: i32,
}

/// An issue with `pages` empty broadsheet pages and a pool of articles cut from the
/// sample's copy (its headlines, datelines and paragraph breaks kept).
pub fn pool_issue(pages: u32, specs: &[Spec]) -> Issue {
    let sample = sample();
    let copy: Vec<char> = sample
        .articles
        .iter()
        .flat_map(|a| a.body.chars())
        .collect();
    let mut issue = Issue::new_empty(sample.date);
    issue.paper_name = sample.paper_name.clone();
    issue.pages = (1..=pages)
        .map(|number| Page {
            number,
            name: format!("page {number}"),
            template: BROADSHEET.into(),
            placements: Vec::new(),
            credits: None,
            signed_off: false,
        })
        .collect();
    let mut cursor = 0;
    for (n, spec) in specs.iter().enumerate() {
        let source = &sample.articles[n % sample.articles.len()];
        let mut article = Article::new(ArticleId(format!("art-{:04}", n + 1)));
        article.headline = source.headline.clone();
        article.dateline = source.dateline.clone();
        let body: String = (0..spec.chars)
            .map(|i| copy[(cursor + i) % copy.len()])
            .collect();
        cursor += spec.chars;
        // Start on a character, not a paragraph break, so the count holds.
        article.body = body.trim().to_owned();
        article.status = if spec.approved {
            Status::Approved
        } else {
            Status::Edited
        };
        article.priority = spec.priority;
        push(&mut issue, article);
    }
    issue
}

// `.into()` keeps this compiling when articles become `Arc<Article>`.
#[allow(clippy::useless_conversion)]
fn push(issue: &mut Issue, article: Article) {
    issue.articles.push(article.into());
}
