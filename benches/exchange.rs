//! Exchange speed: a feature-length Word document and a GBK text file imported, the field
//! diff of two long bodies, and a look at an inbox folder of 300 files.

use std::hint::black_box;
use std::io::Write;
use std::path::Path;
use std::time::Instant;

use caibian::model::{Article, ArticleId};
use caibian::store::article_diff::article_diff;
use caibian::store::import::docx::read_docx;
use caibian::store::import::txt::read_txt;
use caibian::store::inbox::InboxScanner;
use criterion::{Criterion, criterion_group, criterion_main};

/// Paragraphs of a long feature (about 20,000 characters).
const PARAGRAPHS: usize = 200;

/// One paragraph of about 100 characters: 会议强调，要… repeated, ending in 。.
fn paragraph(n: usize) -> String {
    format!(
        "{n}\u{4F1A}\u{8BAE}\u{5F3A}\u{8C03}\u{FF0C}{}\u{3002}",
        "\u{8981}\u{51DD}\u{805A}\u{5171}\u{8BC6}\u{FF0C}".repeat(15)
    )
}

fn docx(paragraphs: &[String]) -> Vec<u8> {
    let body: String = paragraphs
        .iter()
        .map(|p| {
            format!(
                "<w:p><w:r><w:t>{}</w:t></w:r><w:r><w:t>{p}</w:t></w:r></w:p>",
                &p[..1]
            )
        })
        .collect();
    let document = format!(
        r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:pPr><w:pStyle w:val="1"/></w:pPr><w:r><w:t>HEAD</w:t></w:r></w:p>{body}</w:body></w:document>"#
    );
    let styles = r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/></w:style></w:styles>"#;
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for (name, bytes) in [
        ("word/document.xml", document.as_bytes()),
        ("word/styles.xml", styles.as_bytes()),
    ] {
        writer.start_file(name, options).expect("zip");
        writer.write_all(bytes).expect("zip");
    }
    writer.finish().expect("zip").into_inner()
}

fn exchange_benches(c: &mut Criterion) {
    let paragraphs: Vec<String> = (0..PARAGRAPHS).map(paragraph).collect();
    let word = docx(&paragraphs);
    c.bench_function("import a 20,000-character Word document", |b| {
        b.iter(|| {
            black_box(read_docx(Path::new("a.docx"), &word, ArticleId("a".into())).expect("reads"))
        })
    });
    let text = paragraphs.join("\r\n");
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    c.bench_function("import a 20,000-character GBK text file", |b| {
        b.iter(|| black_box(read_txt(&gbk, ArticleId("a".into()))))
    });
    let mut old = Article::new(ArticleId("a".into()));
    old.body = paragraphs.join("\n");
    let mut new = old.clone();
    let mut edited = paragraphs.clone();
    for n in (0..PARAGRAPHS).step_by(20) {
        edited[n] = edited[n].replace("\u{51DD}\u{805A}", "\u{51DD}\u{7ED3}");
    }
    new.body = edited.join("\n");
    c.bench_function("field diff of two 20,000-character bodies, 10 edits", |b| {
        b.iter(|| black_box(article_diff(&old, &new)))
    });
    let inbox = tempfile::tempdir().expect("temporary folder");
    for n in 0..300 {
        std::fs::write(inbox.path().join(format!("{n}.txt")), "x").expect("write");
    }
    let mut scanner = InboxScanner::new(inbox.path().to_path_buf());
    c.bench_function("look at an inbox folder of 300 files", |b| {
        b.iter(|| black_box(scanner.scan(Instant::now(), &[])))
    });
}

criterion_group!(benches, exchange_benches);
criterion_main!(benches);
