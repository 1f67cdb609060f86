//! Typesetting speed: the sample issue, a generated 8-page broadsheet of 100,000
//! characters, re-typesetting after one keystroke, the sample's headline groups alone, and
//! a keystroke through the undo history.

use std::hint::black_box;
use std::path::Path;

use caibian::model::{Article, ArticleId, Document, Edit, Issue, Page, Placement, TextField};
use caibian::typeset::Typesetter;
use caibian::typeset::headline::break_headline;
use caibian::typeset::linebreak::ParagraphStyle;
use criterion::{Criterion, criterion_group, criterion_main};

fn sample() -> Issue {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample/sample-issue.ron");
    caibian::store::load_issue(&path).expect("sample loads")
}

/// Eight broadsheet pages, each tiled with eight 2-column blocks, holding 100,000 body
/// characters of real copy taken from the sample issue.
fn broadsheet_issue(total_chars: usize) -> Issue {
    let sample = sample();
    let copy: Vec<char> = sample
        .articles
        .iter()
        .flat_map(|a| a.body.chars())
        .collect();
    let mut issue = Issue::new_empty(sample.date);
    issue.paper_name = sample.paper_name.clone();
    issue.pages.clear();
    let blocks_per_page = 8;
    let per_article = total_chars / (8 * blocks_per_page);
    let mut cursor = 0;
    for number in 1..=8u32 {
        let mut page = Page {
            number,
            name: format!("page {number}"),
            template: "\u{5BF9}\u{5F00}".into(), // 对开
            placements: Vec::new(),
            credits: None,
            signed_off: false,
        };
        let top = if number == 1 { 18 } else { 0 };
        let half = (104 - top) / 2;
        for block in 0..blocks_per_page {
            let id = ArticleId(format!("art-{number}-{block}"));
            let mut article = Article::new(id.clone());
            article.headline = sample.articles[block % sample.articles.len()]
                .headline
                .clone();
            article.body = (0..per_article)
                .map(|i| copy[(cursor + i) % copy.len()])
                .collect();
            cursor += per_article;
            issue.articles.push(article);
            page.placements.push(Placement {
                article: id,
                part: 0,
                column: (block as u32 % 4) * 2,
                span: 2,
                line: top + (block as u32 / 4) * half,
                depth: half,
            });
        }
        issue.pages.push(page);
    }
    issue
}

fn typeset_benches(c: &mut Criterion) {
    let sample = sample();
    let big = broadsheet_issue(100_000);
    let mut typesetter = Typesetter::bundled().expect("fonts and templates");

    c.bench_function("sample issue from scratch", |b| {
        b.iter(|| {
            typesetter.clear_cache();
            black_box(typesetter.typeset(black_box(&sample)))
        })
    });
    c.bench_function("8-page broadsheet, 100000 chars, from scratch", |b| {
        b.iter(|| {
            typesetter.clear_cache();
            black_box(typesetter.typeset(black_box(&big)))
        })
    });
    let mut edited = sample.clone();
    typesetter.clear_cache();
    typesetter.typeset(&edited);
    let target = edited.pages[1].placements[3].article.clone();
    let mut toggle = false;
    c.bench_function("sample issue after one keystroke", |b| {
        b.iter(|| {
            toggle = !toggle;
            let article = edited.article_mut(&target).expect("target article");
            if toggle {
                article.body.push('\u{4E00}');
            } else {
                article.body.pop();
            }
            black_box(typesetter.typeset(black_box(&edited)))
        })
    });
}

/// Every kicker, headline and subtitle of the sample broken into lines of 12 em: the
/// segmenter's part of typesetting (its words are learned in the first round).
fn headline_benches(c: &mut Criterion) {
    let sample = sample();
    let texts: Vec<String> = sample
        .articles
        .iter()
        .flat_map(|a| [&a.kicker, &a.headline, &a.subtitle])
        .filter(|t| !t.trim().is_empty())
        .cloned()
        .collect();
    let size_pt = 16.0;
    let style = ParagraphStyle {
        size_pt,
        measure_pt: 12.0 * size_pt,
        first_line_indent_em: 0.0,
        justify: false,
    };
    let advance = |_index: usize, _ch: char| size_pt;
    c.bench_function("sample headline groups broken at 12 em", |b| {
        b.iter(|| {
            for text in &texts {
                black_box(break_headline(black_box(text), &style, &advance));
            }
        })
    });
}

/// One keystroke through the undo history in the 100,000-character issue: typed into the
/// open step (merged), and as a new step each time (the history full at 200 steps).
fn keystroke_benches(c: &mut Criterion) {
    let big = broadsheet_issue(100_000);
    let target = big.articles[5].id.clone();
    let mut doc = Document::new(big);
    let mut body = doc.issue().article(&target).expect("target").body.clone();
    let mut typed = false;
    let mut keystroke = |doc: &mut Document, body: &mut String| {
        typed = !typed;
        if typed {
            body.push('\u{4E00}');
        } else {
            body.pop();
        }
        doc.apply(Edit::SetText {
            article: target.clone(),
            field: TextField::Body,
            value: body.clone(),
        })
        .expect("edit applies");
    };
    c.bench_function("keystroke in a 100000-char issue, merged", |b| {
        b.iter(|| keystroke(&mut doc, &mut body))
    });
    for _ in 0..250 {
        doc.seal();
        keystroke(&mut doc, &mut body);
    }
    c.bench_function("keystroke in a 100000-char issue, new undo step", |b| {
        b.iter(|| {
            doc.seal();
            keystroke(&mut doc, &mut body)
        })
    });
}

criterion_group!(
    benches,
    typeset_benches,
    headline_benches,
    keystroke_benches
);
criterion_main!(benches);
