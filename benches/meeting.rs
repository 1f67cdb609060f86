//! Meeting speed: the agreement checks the panel runs every frame, over the whole sample
//! issue, and drafting every lead in it.

use std::hint::black_box;
use std::path::Path;

use caibian::meeting::{check_issue, draft_lead, suggest_headlines};
use criterion::{Criterion, criterion_group, criterion_main};

fn meeting_benches(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample/sample-issue.ron");
    let issue = caibian::store::load_issue(&path).expect("sample loads");
    c.bench_function("agreement checks, sample issue", |b| {
        b.iter(|| black_box(check_issue(&issue)))
    });
    c.bench_function("headlines and leads, sample issue", |b| {
        b.iter(|| {
            for article in &issue.articles {
                if let Some(info) = &article.meeting {
                    black_box((suggest_headlines(info), draft_lead(info).ok()));
                }
            }
        })
    });
}

criterion_group!(benches, meeting_benches);
criterion_main!(benches);
