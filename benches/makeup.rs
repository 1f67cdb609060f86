//! 自动组版 speed: a pool of 20 articles onto an empty 对开 page.

#[path = "../tests/makeup_support/mod.rs"]
mod makeup_support;

use std::hint::black_box;

use caibian::makeup::auto_layout;
use caibian::typeset::UnknownPhotoSizes;
use criterion::{Criterion, criterion_group, criterion_main};
use makeup_support::{Spec, pool_issue, typesetter};

fn bench_auto_layout(c: &mut Criterion) {
    let (typesetter, grids) = typesetter();
    let specs: Vec<Spec> = (0..20)
        .map(|n| Spec {
            chars: 200 + (n * 577) % 2400,
            approved: n % 4 == 0,
            priority: (n % 3) as i32,
        })
        .collect();
    let issue = pool_issue(2, &specs);
    c.bench_function("auto_layout_20_articles_broadsheet", |b| {
        b.iter(|| {
            auto_layout(
                &typesetter,
                black_box(&issue),
                &grids,
                2,
                &UnknownPhotoSizes,
            )
            .expect("layout")
        })
    });
}

criterion_group!(benches, bench_auto_layout);
criterion_main!(benches);
