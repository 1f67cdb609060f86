//! Export speed: loading the fonts, the sample issue to PDF, and one page to PNG at 150 dpi.

use std::hint::black_box;
use std::path::Path;

use caibian::fonts::FontSet;
use caibian::render::pdf::{PdfOptions, pdf_bytes};
use caibian::render::photos::{EXPORT_PHOTO_PX, Photos};
use caibian::render::raster::{DEFAULT_DPI, render_page, write_png};
use caibian::typeset::Typesetter;
use criterion::{Criterion, criterion_group, criterion_main};

fn export_benches(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample/sample-issue.ron");
    let issue = caibian::store::load_issue(&path).expect("sample loads");
    let pages = Typesetter::bundled().expect("typesetter").typeset(&issue);
    let fonts = FontSet::shared().expect("fonts");
    let folder = caibian::store::photo::issue_folder(&path);
    // What every process pays at start: map the five faces and check each one's cmap.
    c.bench_function("font set load", |b| {
        b.iter(|| black_box(FontSet::load_from(fonts.dir()).expect("fonts")))
    });
    // Photos are read once per export run; keep that inside the measured work.
    c.bench_function("sample issue to PDF", |b| {
        b.iter(|| {
            let mut photos = Photos::new(Some(&folder), EXPORT_PHOTO_PX);
            black_box(
                pdf_bytes(&issue, &pages, fonts, &mut photos, &PdfOptions::default()).expect("pdf"),
            )
        })
    });
    let mut group = c.benchmark_group("png");
    group.sample_size(20);
    let out = tempfile::tempdir().expect("temporary folder");
    let png = out.path().join("page-1.png");
    group.bench_function("page 1 to a PNG file at 150 dpi", |b| {
        b.iter(|| {
            let mut photos = Photos::new(Some(&folder), EXPORT_PHOTO_PX);
            let rendered = render_page(&pages[0], fonts, &mut photos, DEFAULT_DPI).expect("render");
            write_png(&rendered.image, &png).expect("write");
        })
    });
    group.finish();
}

criterion_group!(benches, export_benches);
criterion_main!(benches);
