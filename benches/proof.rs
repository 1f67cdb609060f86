//! Checking speed: the whole sample issue, a generated issue of 100,000 characters
//! (targets: under 20 ms and under 200 ms, checked cold), and one keystroke re-checked.

// `article.into()` so this compiles whether articles are stored plain or in an `Arc`.
#![allow(clippy::useless_conversion)]

use std::hint::black_box;
use std::path::Path;

use caibian::model::{Article, ArticleId, Issue};
use caibian::proof::{Checker, Dictionary};
use criterion::{Criterion, criterion_group, criterion_main};

fn sample() -> Issue {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample/sample-issue.ron");
    caibian::store::load_issue(&path).expect("sample loads")
}

/// An issue of `total_chars` characters of body copy, cut from the sample's articles
/// into reports of about 1,000 characters, each with the sample's headline fields.
fn big_issue(total_chars: usize) -> Issue {
    let sample = sample();
    let copy: Vec<char> = sample
        .articles
        .iter()
        .flat_map(|a| a.body.chars())
        .collect();
    let mut issue = Issue::new_empty(sample.date);
    let mut written = 0;
    let mut n = 0;
    while written < total_chars {
        let template = &sample.articles[n % sample.articles.len()];
        let mut article = Article::new(ArticleId(format!("art-{n:04}")));
        article.headline = template.headline.clone();
        article.subtitle = template.subtitle.clone();
        article.dateline = template.dateline.clone();
        let start = (n * 997) % copy.len().saturating_sub(1000).max(1);
        article.body = copy[start..(start + 1000).min(copy.len())].iter().collect();
        written += article.body.chars().count();
        issue.articles.push(article.into());
        n += 1;
    }
    issue
}

fn bench(c: &mut Criterion) {
    let dictionary = Dictionary::bundled();
    let sample = sample();
    c.bench_function("check sample issue (cold)", |b| {
        b.iter(|| {
            let mut checker = Checker::new(dictionary.clone());
            black_box(checker.check_issue(black_box(&sample), None))
        })
    });
    let big = big_issue(100_000);
    c.bench_function("check 100,000-character issue (cold)", |b| {
        b.iter(|| {
            let mut checker = Checker::new(dictionary.clone());
            black_box(checker.check_issue(black_box(&big), None))
        })
    });
    let mut checker = Checker::new(dictionary.clone());
    checker.check_issue(&big, None);
    let mut typed = big.clone();
    let mut toggle = false;
    c.bench_function("re-check 100,000-character issue after a keystroke", |b| {
        b.iter(|| {
            // Alternate between two texts of one field, as typing and deleting would.
            toggle = !toggle;
            let body = &mut typed.articles[7].body;
            if toggle {
                body.push('\u{4F1A}'); // 会
            } else {
                body.pop();
            }
            black_box(checker.check_issue(black_box(&typed), None))
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
