//! PDF export: page boxes, embedded subset fonts, extractable text in reading order,
//! metadata, missing photos, a pure-Rust render of the result, and file size.

mod common;

use common::{sample, sample_photos, typeset};

use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::sync::{Arc, OnceLock};
use std::time::Instant;

use caibian::fonts::FontSet;
use caibian::model::Issue;
use caibian::render::pdf::{
    BLEED_MM, PdfError, PdfOptions, PdfOutput, export_pdf, export_pdf_per_page, pdf_bytes,
};
use caibian::render::photos::{EXPORT_PHOTO_PX, Photos};
use caibian::store;
use caibian::typeset::display::PageList;
use lopdf::{Document, Object, ObjectId};

const PT_PER_MM: f32 = 72.0 / 25.4;
/// 0.1 mm in points.
const TOLERANCE_PT: f32 = 0.1 * PT_PER_MM;

fn fonts() -> &'static FontSet {
    FontSet::shared().expect("bundled fonts")
}

fn make_pdf(options: PdfOptions) -> (Issue, Vec<PageList>, PdfOutput) {
    let issue = sample();
    let pages = typeset(&issue);
    let out = pdf_bytes(&issue, &pages, fonts(), &mut sample_photos(), &options)
        .expect("sample PDF is made");
    (issue, pages, out)
}

/// The sample issue, its pages and its PDF, made once for the tests that only read them.
fn sample_pdf(options: PdfOptions) -> &'static (Issue, Vec<PageList>, PdfOutput) {
    static PLAIN: OnceLock<(Issue, Vec<PageList>, PdfOutput)> = OnceLock::new();
    static CROP: OnceLock<(Issue, Vec<PageList>, PdfOutput)> = OnceLock::new();
    let cell = if options.crop_marks { &CROP } else { &PLAIN };
    cell.get_or_init(|| make_pdf(options))
}

fn load(bytes: &[u8]) -> Document {
    Document::load_mem(bytes).expect("lopdf reads the PDF")
}

/// A page box as (left, bottom, right, top).
fn page_box(doc: &Document, page: ObjectId, key: &[u8]) -> Option<[f32; 4]> {
    let dict = doc.get_dictionary(page).ok()?;
    let array = dict.get_deref(key, doc).ok()?.as_array().ok()?;
    let numbers: Vec<f32> = array.iter().filter_map(|o| o.as_float().ok()).collect();
    numbers.try_into().ok()
}

fn size_of(b: [f32; 4]) -> (f32, f32) {
    (b[2] - b[0], b[3] - b[1])
}

fn close(a: f32, b: f32) -> bool {
    (a - b).abs() <= TOLERANCE_PT
}

fn without_whitespace(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn info_string(doc: &Document, key: &[u8]) -> Option<String> {
    let info = doc.trailer.get_deref(b"Info", doc).ok()?.as_dict().ok()?;
    lopdf::decode_text_string(info.get_deref(key, doc).ok()?).ok()
}

fn name_of(dict: &lopdf::Dictionary, key: &[u8]) -> Option<String> {
    dict.get(key)
        .ok()?
        .as_name()
        .ok()
        .map(|n| String::from_utf8_lossy(n).into_owned())
}

#[test]
fn sample_pages_have_the_template_size() {
    let (_, pages, out) = sample_pdf(PdfOptions::default());
    let doc = load(&out.bytes);
    let ids: Vec<ObjectId> = doc.get_pages().into_values().collect();
    assert_eq!(ids.len(), 2);
    assert_eq!(pages.len(), 2);
    for (id, page) in ids.iter().zip(pages) {
        let media = page_box(&doc, *id, b"MediaBox").expect("MediaBox");
        let (w, h) = size_of(media);
        assert!(
            close(w, page.width_pt) && close(h, page.height_pt),
            "page {}: MediaBox {media:?} vs template {} × {}",
            page.number,
            page.width_pt,
            page.height_pt
        );
        assert!(page_box(&doc, *id, b"TrimBox").is_none());
    }
}

#[test]
fn crop_marks_add_bleed_and_trim_boxes() {
    let (_, pages, out) = sample_pdf(PdfOptions { crop_marks: true });
    let doc = load(&out.bytes);
    let ids: Vec<ObjectId> = doc.get_pages().into_values().collect();
    assert_eq!(ids.len(), 2);
    let bleed = BLEED_MM * PT_PER_MM;
    for (id, page) in ids.iter().zip(pages) {
        let media = page_box(&doc, *id, b"MediaBox").expect("MediaBox");
        let trim = page_box(&doc, *id, b"TrimBox").expect("TrimBox");
        let bleed_box = page_box(&doc, *id, b"BleedBox").expect("BleedBox");
        let (tw, th) = size_of(trim);
        assert!(
            close(tw, page.width_pt) && close(th, page.height_pt),
            "{trim:?}"
        );
        let (bw, bh) = size_of(bleed_box);
        assert!(close(bw, tw + 2.0 * bleed) && close(bh, th + 2.0 * bleed));
        let (mw, mh) = size_of(media);
        assert!(
            mw > bw + 10.0 && mh > bh + 10.0,
            "{media:?} leaves no room for marks"
        );
        // Trim inside bleed inside media, all centred.
        for i in 0..2 {
            assert!(media[i] < bleed_box[i] && bleed_box[i] < trim[i]);
            assert!(media[i + 2] > bleed_box[i + 2] && bleed_box[i + 2] > trim[i + 2]);
            let centre = |b: [f32; 4]| (b[i] + b[i + 2]) / 2.0;
            assert!(close(centre(media), centre(trim)));
        }
    }
}

#[test]
fn every_font_is_embedded_and_subset() {
    let (_, _, out) = sample_pdf(PdfOptions::default());
    let doc = load(&out.bytes);
    let mut fonts = 0;
    for (id, object) in &doc.objects {
        let Ok(dict) = object.as_dict() else {
            continue;
        };
        if name_of(dict, b"Type").as_deref() != Some("Font") {
            continue;
        }
        fonts += 1;
        let subtype = name_of(dict, b"Subtype").unwrap_or_default();
        assert_ne!(subtype, "Type3", "{id:?} is a Type 3 font");
        let base = name_of(dict, b"BaseFont").unwrap_or_default();
        let prefix: Vec<char> = base.chars().take(7).collect();
        assert!(
            prefix.len() == 7
                && prefix[..6].iter().all(|c| c.is_ascii_uppercase())
                && prefix[6] == '+',
            "{id:?} {subtype} BaseFont {base} has no subset prefix"
        );
        if subtype == "Type0" {
            continue; // its descendant CIDFont is checked as a font of its own
        }
        let descriptor = dict
            .get_deref(b"FontDescriptor", &doc)
            .and_then(Object::as_dict)
            .unwrap_or_else(|_| panic!("{base} has no FontDescriptor"));
        let embedded = [&b"FontFile"[..], b"FontFile2", b"FontFile3"]
            .iter()
            .any(|key| {
                descriptor
                    .get_deref(key, &doc)
                    .and_then(Object::as_stream)
                    .is_ok()
            });
        assert!(embedded, "{base} is not embedded");
    }
    // Type0 + CIDFont per face; the sample uses at least Song and Hei.
    assert!(fonts >= 4, "only {fonts} font dictionaries");
}

/// The text of each page in content-stream order, decoded through each font's ToUnicode
/// CMap (and `/ActualText` spans). lopdf's own `extract_text` cannot parse every CMap
/// (it rejects `/CMapVersion` and `/WMode` entries, which pdf-writer's CMaps carry), so
/// this decodes them.
fn page_texts(doc: &Document) -> Vec<String> {
    doc.get_pages()
        .into_values()
        .map(|page| page_text(doc, page))
        .collect()
}

fn page_text(doc: &Document, page: ObjectId) -> String {
    let fonts: HashMap<Vec<u8>, HashMap<u16, String>> = doc
        .get_page_fonts(page)
        .expect("page fonts")
        .into_iter()
        .map(|(name, font)| {
            let cmap = font
                .get_deref(b"ToUnicode", doc)
                .and_then(Object::as_stream)
                .unwrap_or_else(|_| {
                    panic!("font {} has no ToUnicode", String::from_utf8_lossy(&name))
                });
            let data = cmap
                .decompressed_content()
                .unwrap_or_else(|_| cmap.content.clone());
            (name, parse_to_unicode(&data))
        })
        .collect();
    let content = lopdf::content::Content::decode(&doc.get_page_content(page).expect("content"))
        .expect("content decodes");
    let mut text = String::new();
    let mut font: Option<&HashMap<u16, String>> = None;
    // Per open marked-content section: whether it carries /ActualText.
    let mut marked: Vec<bool> = Vec::new();
    for op in &content.operations {
        match op.operator.as_str() {
            "Tf" => {
                let name = op.operands.first().and_then(|o| o.as_name().ok());
                font = name.and_then(|n| fonts.get(n));
            }
            "BT" => text.push('\n'),
            "BDC" | "BMC" => {
                let actual = op
                    .operands
                    .get(1)
                    .and_then(|o| o.as_dict().ok())
                    .and_then(|d| d.get(b"ActualText").ok())
                    .and_then(|o| lopdf::decode_text_string(o).ok());
                if let Some(actual) = &actual {
                    text.push_str(actual);
                }
                marked.push(actual.is_some());
            }
            "EMC" => {
                marked.pop();
            }
            "Tj" | "TJ" if !marked.contains(&true) => {
                let Some(map) = font else { continue };
                let strings: Vec<&[u8]> = match op.operands.first() {
                    Some(Object::String(bytes, _)) => vec![bytes],
                    Some(Object::Array(items)) => items
                        .iter()
                        .filter_map(|o| match o {
                            Object::String(bytes, _) => Some(&bytes[..]),
                            _ => None,
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                for bytes in strings {
                    for code in bytes.chunks_exact(2) {
                        let code = u16::from_be_bytes([code[0], code[1]]);
                        text.push_str(map.get(&code).map_or("\u{FFFD}", String::as_str));
                    }
                }
            }
            _ => {}
        }
    }
    text
}

/// The `<hex>` tokens of a piece of CMap source.
fn hex_tokens(source: &str) -> Vec<Vec<u8>> {
    source
        .split('<')
        .skip(1)
        .filter_map(|t| t.split('>').next())
        .map(|hex| {
            (0..hex.len() / 2)
                .filter_map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok())
                .collect()
        })
        .collect()
}

fn utf16(bytes: &[u8]) -> Vec<u16> {
    bytes
        .chunks_exact(2)
        .map(|b| u16::from_be_bytes([b[0], b[1]]))
        .collect()
}

fn code(bytes: &[u8]) -> u16 {
    utf16(bytes).first().copied().unwrap_or(0)
}

/// The code → text map of a ToUnicode CMap (`bfchar` and `bfrange` sections).
fn parse_to_unicode(data: &[u8]) -> HashMap<u16, String> {
    let source = String::from_utf8_lossy(data);
    let mut map = HashMap::new();
    let sections = |begin: &str, end: &str| -> Vec<String> {
        source
            .split(begin)
            .skip(1)
            .filter_map(|s| s.split(end).next().map(str::to_owned))
            .collect()
    };
    for body in sections("beginbfchar", "endbfchar") {
        for pair in hex_tokens(&body).chunks_exact(2) {
            map.insert(code(&pair[0]), String::from_utf16_lossy(&utf16(&pair[1])));
        }
    }
    for body in sections("beginbfrange", "endbfrange") {
        for line in body.lines() {
            let tokens = hex_tokens(line);
            if tokens.len() < 3 {
                continue;
            }
            let (lo, hi) = (code(&tokens[0]), code(&tokens[1]));
            for (i, c) in (lo..=hi).enumerate() {
                let target = if line.contains('[') {
                    match tokens.get(2 + i) {
                        Some(t) => utf16(t),
                        None => break,
                    }
                } else {
                    let mut units = utf16(&tokens[2]);
                    if let Some(last) = units.last_mut() {
                        *last = last.wrapping_add(i as u16);
                    }
                    units
                };
                map.insert(c, String::from_utf16_lossy(&target));
            }
        }
    }
    map
}

#[test]
fn text_extracts_with_headlines_and_body_openings() {
    let (issue, _, out) = sample_pdf(PdfOptions::default());
    let doc = load(&out.bytes);
    let text = without_whitespace(&page_texts(&doc).concat());
    assert!(text.contains(&without_whitespace(&issue.paper_name)));
    let mut checked = 0;
    for article in issue.articles.iter().filter(|a| issue.is_placed(&a.id)) {
        let headline = without_whitespace(&article.headline);
        assert!(
            text.contains(&headline),
            "{}: headline {headline} not in the PDF text",
            article.id
        );
        let opening: String = without_whitespace(&article.body).chars().take(20).collect();
        assert!(
            text.contains(&opening),
            "{}: body opening {opening} not in the PDF text",
            article.id
        );
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} placed articles");
}

#[test]
fn text_keeps_reading_order_within_a_block() {
    // A whole paragraph of the lead article comes out as one string: lines in order,
    // columns in order.
    let (issue, _, out) = sample_pdf(PdfOptions::default());
    let doc = load(&out.bytes);
    let text = without_whitespace(&page_texts(&doc)[0]);
    let lead = issue.articles.first().expect("an article");
    let first_paragraph = lead.body.lines().next().expect("a paragraph");
    assert!(
        text.contains(&without_whitespace(first_paragraph)),
        "first paragraph of {} is not contiguous in page 1's text",
        lead.id
    );
}

#[test]
fn metadata_names_the_paper_issue_and_date() {
    let (issue, _, out) = sample_pdf(PdfOptions::default());
    let doc = load(&out.bytes);
    let title = info_string(&doc, b"Title").expect("a title");
    assert!(title.contains(&issue.paper_name), "{title}");
    assert!(
        title.contains(&format!("第{}期", issue.issue_number)),
        "{title}"
    );
    let author = info_string(&doc, b"Author").expect("an author");
    assert_eq!(author, issue.paper_name);
    let created = info_string(&doc, b"CreationDate").expect("a creation date");
    assert!(
        created.starts_with(&format!("D:{}", issue.date.format("%Y%m%d"))),
        "{created}"
    );
    let catalog = doc.catalog().expect("catalog");
    let lang = catalog
        .get(b"Lang")
        .ok()
        .and_then(|o| lopdf::decode_text_string(o).ok());
    assert_eq!(lang.as_deref(), Some("zh-CN"));
}

#[test]
fn a_missing_photo_is_a_warning_not_an_error() {
    let mut issue = sample();
    let article = issue
        .articles
        .iter_mut()
        .find(|a| !a.photos.is_empty())
        .expect("the sample has a photo");
    article.photos[0].path = "photos/does-not-exist.jpg".into();
    let id = article.id.clone();
    let pages = typeset(&issue);
    let out = pdf_bytes(
        &issue,
        &pages,
        fonts(),
        &mut sample_photos(),
        &PdfOptions::default(),
    )
    .expect("a missing photo does not fail the export");
    assert_eq!(out.warnings.len(), 1, "{:?}", out.warnings);
    let warning = out.warnings[0].to_string();
    assert!(warning.contains("does-not-exist.jpg"), "{warning}");
    assert!(warning.contains(&id.0), "{warning}");
    let doc = load(&out.bytes);
    assert_eq!(doc.get_pages().len(), 2);
    // The stand-in is labelled.
    let text = page_texts(&doc).concat();
    assert!(text.contains("图片缺失"), "no label in {text}");

    // With no issue folder at all, every photo is missing and the PDF is still made.
    let out = pdf_bytes(
        &sample(),
        &typeset(&sample()),
        fonts(),
        &mut Photos::new(None, EXPORT_PHOTO_PX),
        &PdfOptions::default(),
    )
    .expect("no photos at all is not an error");
    assert!(!out.warnings.is_empty());
}

#[test]
fn the_sample_photo_is_embedded_as_jpeg() {
    let (_, _, out) = sample_pdf(PdfOptions::default());
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    let doc = load(&out.bytes);
    let jpegs = doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| name_of(&s.dict, b"Subtype").as_deref() == Some("Image"))
        .filter(|s| name_of(&s.dict, b"Filter").as_deref() == Some("DCTDecode"))
        .count();
    assert_eq!(jpegs, 1);
}

/// The image XObjects of a PDF: (width, filter, has a soft mask).
fn images(doc: &Document) -> Vec<(i64, String, bool)> {
    doc.objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| name_of(&s.dict, b"Subtype").as_deref() == Some("Image"))
        .filter(|s| name_of(&s.dict, b"Type").as_deref() != Some("Mask"))
        .filter(|s| s.dict.get(b"SMask").is_ok() || !is_soft_mask(doc, s))
        .map(|s| {
            let width = s.dict.get(b"Width").and_then(Object::as_i64).unwrap_or(0);
            let filter = name_of(&s.dict, b"Filter").unwrap_or_default();
            (width, filter, s.dict.get(b"SMask").is_ok())
        })
        .collect()
}

/// Whether an image stream is some other image's soft mask.
fn is_soft_mask(doc: &Document, stream: &lopdf::Stream) -> bool {
    doc.objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .any(|other| {
            other
                .dict
                .get(b"SMask")
                .and_then(Object::as_reference)
                .ok()
                .and_then(|id| doc.get_object(id).ok())
                .and_then(|o| o.as_stream().ok())
                .is_some_and(|mask| std::ptr::eq(mask, stream))
        })
}

#[test]
fn photos_that_are_not_plain_jpegs_are_reencoded() {
    let mut issue = sample();
    let article = issue
        .articles
        .iter_mut()
        .find(|a| !a.photos.is_empty())
        .expect("the sample has a photo");
    article.photos[0].path = "p.png".into();
    let pages = typeset(&issue);
    let folder = tempfile::tempdir().expect("tempdir");
    let png = folder.path().join("p.png");
    let pdf_with = |photos: &mut Photos| {
        let out = pdf_bytes(&issue, &pages, fonts(), photos, &PdfOptions::default()).expect("PDF");
        assert!(out.warnings.is_empty(), "{:?}", out.warnings);
        images(&load(&out.bytes))
    };

    // An opaque PNG photo goes in as JPEG.
    image::RgbaImage::from_pixel(400, 300, image::Rgba([30, 90, 160, 255]))
        .save(&png)
        .expect("write PNG");
    let found = pdf_with(&mut Photos::new(Some(folder.path()), EXPORT_PHOTO_PX));
    assert_eq!(found, vec![(400, "DCTDecode".to_owned(), false)]);

    // One with transparency keeps its alpha as a soft mask.
    image::RgbaImage::from_pixel(400, 300, image::Rgba([30, 90, 160, 128]))
        .save(&png)
        .expect("write PNG");
    let found = pdf_with(&mut Photos::new(Some(folder.path()), EXPORT_PHOTO_PX));
    assert_eq!(found, vec![(400, "FlateDecode".to_owned(), true)]);

    // A JPEG larger than the export limit is shrunk (here the limit is 200 px).
    let (issue, pages, _) = sample_pdf(PdfOptions::default());
    let folder = store::photo::issue_folder(&common::sample_path());
    let out = pdf_bytes(
        issue,
        pages,
        fonts(),
        &mut Photos::new(Some(&folder), 200),
        &PdfOptions::default(),
    )
    .expect("PDF");
    let found = images(&load(&out.bytes));
    assert_eq!(found.len(), 1);
    assert!(found[0].0 <= 200 && found[0].1 == "DCTDecode", "{found:?}");
}

#[test]
fn sample_pdf_is_under_two_megabytes() {
    let issue = sample();
    let pages = typeset(&issue);
    let fonts = fonts();
    let start = Instant::now();
    let out = pdf_bytes(
        &issue,
        &pages,
        fonts,
        &mut sample_photos(),
        &PdfOptions::default(),
    )
    .expect("sample PDF");
    let elapsed = start.elapsed();
    println!(
        "sample PDF: {} bytes in {:.0} ms",
        out.bytes.len(),
        elapsed.as_secs_f64() * 1000.0
    );
    assert!(
        out.bytes.len() < 2 * 1024 * 1024,
        "{} bytes",
        out.bytes.len()
    );
    // For looking at by hand: CAIBIAN_PDF_OUT=/tmp/sample.pdf cargo test --test pdf
    // writes that file, plus `-crop` (crop marks) and `-missing` (photo gone) variants.
    if let Some(path) = std::env::var_os("CAIBIAN_PDF_OUT") {
        let path = std::path::PathBuf::from(path);
        let variant = |suffix: &str| {
            let stem = path.file_stem().unwrap_or_default().to_string_lossy();
            path.with_file_name(format!("{stem}-{suffix}.pdf"))
        };
        std::fs::write(&path, &out.bytes).expect("write the sample PDF");
        let (_, _, crop) = sample_pdf(PdfOptions { crop_marks: true });
        std::fs::write(variant("crop"), &crop.bytes).expect("write");
        let missing = pdf_bytes(
            &issue,
            &pages,
            fonts,
            &mut Photos::new(None, EXPORT_PHOTO_PX),
            &PdfOptions::default(),
        )
        .expect("PDF without photos");
        std::fs::write(variant("missing"), &missing.bytes).expect("write");
    }
}

#[test]
fn exports_write_files_and_report_progress() {
    let issue = sample();
    let pages = typeset(&issue);
    let dir = tempfile::tempdir().expect("tempdir");

    let path = dir.path().join("issue.pdf");
    let mut calls = Vec::new();
    let warnings = export_pdf(
        &issue,
        &pages,
        fonts(),
        &mut sample_photos(),
        &PdfOptions::default(),
        &path,
        &mut |done, total| calls.push((done, total)),
    )
    .expect("export");
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(calls, vec![(1, 2), (2, 2)]);
    assert_eq!(
        load(&std::fs::read(&path).expect("read")).get_pages().len(),
        2
    );

    let per_page = dir.path().join("pages");
    let mut calls = Vec::new();
    let export = export_pdf_per_page(
        &issue,
        &pages,
        fonts(),
        &mut sample_photos(),
        &PdfOptions { crop_marks: true },
        &per_page,
        &mut |done, total| calls.push((done, total)),
    )
    .expect("per-page export");
    assert_eq!(calls, vec![(1, 2), (2, 2)]);
    let names: BTreeSet<String> = export
        .files
        .iter()
        .filter_map(|p| p.file_name()?.to_str().map(str::to_owned))
        .collect();
    assert_eq!(
        names,
        ["page-1.pdf", "page-2.pdf"].map(str::to_owned).into()
    );
    let whole = std::fs::read(&path).expect("read").len();
    for (file, page) in export.files.iter().zip(&pages) {
        let bytes = std::fs::read(file).expect("read");
        // Each file embeds only its own page's glyphs.
        assert!(
            bytes.len() < whole,
            "{} is as large as the issue",
            file.display()
        );
        let doc = load(&bytes);
        assert_eq!(doc.get_pages().len(), 1);
        let title = info_string(&doc, b"Title").expect("title");
        assert!(title.contains(&format!("第{}版", page.number)), "{title}");
    }

    // An unwritable target is an error naming it.
    let blocked = dir.path().join("issue.pdf").join("x.pdf");
    let err = export_pdf(
        &issue,
        &pages,
        fonts(),
        &mut sample_photos(),
        &PdfOptions::default(),
        &blocked,
        &mut |_, _| {},
    )
    .expect_err("cannot write inside a file");
    assert!(
        err.to_string()
            .contains(&blocked.parent().unwrap().display().to_string()),
        "{err}"
    );
}

/// Page 1 of a PDF rendered by hayro at `scale` pixels per point, as straight RGBA.
fn hayro_page(bytes: Vec<u8>, scale: f32) -> (u32, u32, Vec<u8>) {
    use hayro::vello_cpu::color::palette::css::WHITE;
    let pdf = hayro::hayro_syntax::Pdf::new(Arc::new(bytes)).expect("hayro reads the PDF");
    let pages = pdf.pages();
    let page = pages.first().expect("a page");
    let cache = hayro::RenderCache::new();
    let pixmap = hayro::render(
        page,
        &cache,
        &hayro::hayro_interpret::InterpreterSettings::default(),
        &hayro::RenderSettings::default(),
        &hayro::PixmapSettings {
            x_scale: scale,
            y_scale: scale,
            bg_color: WHITE,
        },
    );
    let (w, h) = (u32::from(pixmap.width()), u32::from(pixmap.height()));
    // Opaque white background: premultiplied equals straight.
    (w, h, pixmap.data_as_u8_slice().to_vec())
}

/// Mean grey level of each `cell` × `cell` block.
fn blocks(width: u32, height: u32, rgba: &[u8], cell: u32) -> Vec<Vec<f32>> {
    (0..height / cell)
        .map(|by| {
            (0..width / cell)
                .map(|bx| {
                    let mut sum = 0.0;
                    for y in by * cell..(by + 1) * cell {
                        for x in bx * cell..(bx + 1) * cell {
                            let i = ((y * width + x) * 4) as usize;
                            sum += (f32::from(rgba[i])
                                + f32::from(rgba[i + 1])
                                + f32::from(rgba[i + 2]))
                                / 3.0;
                        }
                    }
                    sum / (cell * cell) as f32
                })
                .collect()
        })
        .collect()
}

#[test]
fn hayro_renders_page_one_like_the_png_export() {
    let (_, pages, out) = sample_pdf(PdfOptions::default());
    let dpi = 72.0;
    let (w, h, rgba) = hayro_page(out.bytes.clone(), dpi / 72.0);
    let page = &pages[0];
    assert!((w as f32 - page.width_pt).abs() <= 1.0, "{w}");
    assert!((h as f32 - page.height_pt).abs() <= 1.0, "{h}");
    let ink = rgba.chunks_exact(4).filter(|px| px[0] < 128).count();
    assert!(ink > (w * h / 100) as usize, "page 1 is nearly blank");
    // The nameplate is red: some pixels are strongly red.
    let red = rgba
        .chunks_exact(4)
        .filter(|px| px[0] > 150 && px[1] < 80 && px[2] < 80)
        .count();
    assert!(red > 500, "only {red} red pixels");

    // Against the PNG export of the same display list.
    let png = caibian::render::raster::render_page(page, fonts(), &mut sample_photos(), dpi)
        .expect("raster render");
    let cell = 8;
    let (cw, ch) = (w.min(png.image.width_px), h.min(png.image.height_px));
    let crop = |width: u32, data: &[u8]| -> Vec<u8> {
        (0..ch)
            .flat_map(|y| {
                let start = ((y * width) * 4) as usize;
                data[start..start + (cw * 4) as usize].to_vec()
            })
            .collect()
    };
    let a = blocks(cw, ch, &crop(w, &rgba), cell);
    let b = blocks(cw, ch, &crop(png.image.width_px, &png.image.rgba), cell);
    let diffs: Vec<f32> = a
        .iter()
        .flatten()
        .zip(b.iter().flatten())
        .map(|(x, y)| (x - y).abs())
        .collect();
    let mean = diffs.iter().sum::<f32>() / diffs.len() as f32;
    let worst = diffs.iter().cloned().fold(0.0, f32::max);
    let large = diffs.iter().filter(|d| **d > 32.0).count();
    println!("hayro vs raster: mean block diff {mean:.2}, worst {worst:.1}, {large} blocks > 32");
    assert!(mean < 3.0, "mean block difference {mean}");
    assert!(
        (large as f32) < diffs.len() as f32 * 0.01,
        "{large} of {} blocks differ by more than 32 grey levels",
        diffs.len()
    );
}

#[test]
fn per_page_files_land_in_a_new_folder() {
    let issue = sample();
    let pages = typeset(&issue);
    let dir = tempfile::tempdir().expect("tempdir");
    let nested = dir.path().join("a").join("b");
    let export = export_pdf_per_page(
        &issue,
        &pages[..1],
        fonts(),
        &mut sample_photos(),
        &PdfOptions::default(),
        &nested,
        &mut |_, _| {},
    )
    .expect("creates the folder");
    assert_eq!(export.files, vec![nested.join("page-1.pdf")]);
    assert!(Path::new(&export.files[0]).is_file());
}

#[test]
fn an_issue_without_pages_is_an_error() {
    let issue = sample();
    let err = pdf_bytes(
        &issue,
        &[],
        fonts(),
        &mut sample_photos(),
        &PdfOptions::default(),
    )
    .expect_err("no pages");
    assert!(matches!(err, PdfError::NoPages), "{err}");
    let dir = tempfile::tempdir().expect("tempdir");
    let err = export_pdf_per_page(
        &issue,
        &[],
        fonts(),
        &mut sample_photos(),
        &PdfOptions::default(),
        dir.path(),
        &mut |_, _| {},
    )
    .expect_err("no pages");
    assert!(matches!(err, PdfError::NoPages), "{err}");
}
