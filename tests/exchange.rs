//! Exchange: article files between issues, replace with a field diff, Word and text
//! import, the inbox folder, and `caibian import`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use caibian::model::{
    Article, ArticleId, Document, Edit, EventKind, InboxSettings, Issue, MeetingInfo, Photo,
};
use caibian::store::article_diff::article_diff;
use caibian::store::article_file::export_article;
use caibian::store::import::{
    ImportError, ImportedArticle, SourceKind, insert_or_replace, place_photos, read_file,
};
use caibian::store::inbox::{InboxEvent, InboxScanner, InboxWatcher};
use chrono::NaiveDate;

// Fixture text. Full-width punctuation by code point: U+FF08 （ U+FF09 ） U+FF0C ，
// U+3002 。 U+2014 —.
const KICKER: &str = "聚焦乡村振兴";
const HEADLINE_A: &str = "张掖市政协召";
const HEADLINE_B: &str = "开十届九次主席会议";
const SUBTITLE: &str = "\u{2014}\u{2014}听取专题调研情况汇报";
const DATELINE: &str = "本报张掖讯\u{FF08}通讯员 王某某\u{FF09}";
const LEAD: &str = "9月16日\u{FF0C}张掖市政协十届九次主席会议召开\u{3002}";
const POINT: &str = "会议强调\u{FF0C}要凝聚共识\u{3002}";
const LAST: &str = "会议要求 A&B\u{3002}";
const CAPTION: &str = "图为会议现场\u{3002}";

fn date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2022, 9, 22).unwrap()
}

fn headline() -> String {
    format!("{HEADLINE_A}{HEADLINE_B}")
}

fn png_bytes(shade: u8) -> Vec<u8> {
    let mut bytes = Vec::new();
    image::RgbImage::from_pixel(8, 6, image::Rgb([shade, 10, 10]))
        .write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Png,
        )
        .unwrap();
    bytes
}

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        writer
            .start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        writer.write_all(bytes).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="21"/></w:rPr></w:rPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/><w:rPr><w:b/><w:sz w:val="44"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="2"><w:name w:val="标题 2"/><w:basedOn w:val="a"/><w:rPr><w:sz w:val="32"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="a3"><w:name w:val="Subtitle"/><w:basedOn w:val="a"/></w:style>
<w:style w:type="paragraph" w:styleId="a5"><w:name w:val="caption"/><w:basedOn w:val="a"/></w:style>
<w:style w:type="character" w:styleId="a6"><w:name w:val="Default Paragraph Font"/></w:style>
</w:styles>"#;

fn paragraph(style: Option<&str>, runs: &[&str]) -> String {
    let style = style.map_or(String::new(), |s| {
        format!(r#"<w:pPr><w:pStyle w:val="{s}"/></w:pPr>"#)
    });
    let runs: String = runs
        .iter()
        .map(|r| {
            let escaped = r.replace('&', "&amp;");
            format!(r#"<w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:t xml:space="preserve">{escaped}</w:t></w:r>"#)
        })
        .collect();
    format!("<w:p>{style}{runs}</w:p>")
}

/// A Word document as Chinese Word writes it: heading styles with ids "1" and "2",
/// runs split mid-word, a table, an embedded picture followed by a caption paragraph.
fn docx_fixture(image: &[u8]) -> Vec<u8> {
    let body = [
        paragraph(Some("2"), &[KICKER]),
        paragraph(Some("1"), &[HEADLINE_A, HEADLINE_B]),
        paragraph(Some("a3"), &[SUBTITLE]),
        paragraph(None, &[&DATELINE[..12], &DATELINE[12..], LEAD]),
        paragraph(None, &[POINT]),
        r#"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>TABLE CELL</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#.to_owned(),
        r#"<w:p><w:r><w:drawing><wp:inline><a:graphic><a:graphicData><pic:pic><pic:blipFill><a:blip r:embed="rId7"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"#.to_owned(),
        paragraph(Some("a5"), &[CAPTION]),
        paragraph(None, &[LAST]),
    ]
    .concat();
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><w:body>{body}<w:sectPr/></w:body></w:document>"#
    );
    let rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.png"/></Relationships>"#;
    let types = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="png" ContentType="image/png"/></Types>"#;
    zip_of(&[
        ("[Content_Types].xml", types.as_bytes()),
        ("word/document.xml", document.as_bytes()),
        ("word/styles.xml", STYLES.as_bytes()),
        ("word/_rels/document.xml.rels", rels.as_bytes()),
        ("word/media/image1.png", image),
    ])
}

fn empty_issue() -> Issue {
    Issue::new_empty(date())
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn report_article(id: &str) -> Article {
    let mut article = Article::new(ArticleId(id.into()));
    article.kicker = KICKER.into();
    article.headline = headline();
    article.subtitle = SUBTITLE.into();
    article.dateline = DATELINE.into();
    article.body = format!("{LEAD}\n{POINT}");
    article.meeting = Some(MeetingInfo {
        kind: EventKind::Meeting,
        organisation: "张掖市政协".into(),
        place: "张掖".into(),
        date: Some(date()),
        ..MeetingInfo::default()
    });
    article
}

// ---------------------------------------------------------------- article files

#[test]
fn an_article_file_carries_text_meeting_and_photos_between_issues() {
    let from = tempfile::tempdir().unwrap();
    let to = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(from.path().join("photos")).unwrap();
    let photo = png_bytes(200);
    write(from.path(), "photos/p.png", &photo);
    let mut article = report_article("art-20220922-abcd1234");
    article.photos = vec![Photo {
        path: "photos/p.png".into(),
        caption: CAPTION.into(),
        credit: "王某某 摄".into(),
    }];
    let file = to.path().join("report.article.zip");
    export_article(&article, from.path(), &file, "王某某", "甘肃政协报").unwrap();

    let mut issue = empty_issue();
    let imported = read_file(&file, &issue).unwrap();
    assert_eq!(imported.kind, SourceKind::ArticleFile);
    assert_eq!(
        imported.article.id, article.id,
        "article files keep their id"
    );
    let placed = place_photos(&imported, to.path()).unwrap();
    assert!(insert_or_replace(&mut issue, placed.clone()).is_none());

    let back = issue.article(&article.id).unwrap();
    assert_eq!(back.headline, article.headline);
    assert_eq!(back.meeting, article.meeting);
    assert_eq!(back.body, article.body);
    assert_eq!(back.photos.len(), 1);
    assert_eq!(back.photos[0].caption, CAPTION);
    assert_eq!(back.photos[0].credit, article.photos[0].credit);
    let copied = caibian::store::photo::resolve_photo(to.path(), &back.photos[0].path).unwrap();
    assert_eq!(std::fs::read(copied).unwrap(), photo);

    // Importing the same file again into the same folder reuses the photo file.
    let again = place_photos(&read_file(&file, &issue).unwrap(), to.path()).unwrap();
    assert_eq!(again.photos[0].path, back.photos[0].path);
}

#[test]
fn exporting_with_a_missing_photo_fails_and_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut article = report_article("a");
    article.photos = vec![Photo {
        path: "photos/gone.jpg".into(),
        ..Photo::default()
    }];
    let out = dir.path().join("a.article.zip");
    let error = export_article(&article, dir.path(), &out, "", "").unwrap_err();
    assert!(error.to_string().contains("gone.jpg"), "{error}");
    assert!(!out.exists());
}

#[test]
#[allow(clippy::useless_conversion)] // `articles` may come to hold `Arc<Article>`.
fn a_newer_version_shows_the_field_diff_and_replaces_in_one_undo_step() {
    let dir = tempfile::tempdir().unwrap();
    let old = report_article("art-1");
    let mut newer = old.clone();
    newer.headline = format!("{HEADLINE_A}{HEADLINE_B}圆满");
    newer.body = format!("{LEAD}\n{POINT}\n{LAST}");
    let file = dir.path().join("newer.article.zip");
    export_article(&newer, dir.path(), &file, "", "").unwrap();

    let mut issue = empty_issue();
    issue.articles.push(old.clone().into());
    let imported = read_file(&file, &issue).unwrap();
    assert!(
        issue.article(&imported.article.id).is_some(),
        "the id is taken"
    );
    let diff = article_diff(issue.article(&old.id).unwrap(), &imported.preview_article());
    let labels: Vec<&str> = diff.iter().map(|d| d.label.as_str()).collect();
    // 主题 (U+4E3B U+9898) and 正文 (U+6B63 U+6587) changed, nothing else.
    assert_eq!(labels, ["\u{4E3B}\u{9898}", "\u{6B63}\u{6587}"]);
    // 圆满 (U+5706 U+6EE1) added at the end of the headline.
    assert_eq!(
        diff[0].to_marked_text(),
        format!("{}{{+\u{5706}\u{6EE1}+}}", headline())
    );
    assert!(
        diff[1]
            .to_marked_text()
            .contains(&format!("{{+\n{LAST}+}}"))
    );

    let mut document = Document::new(issue);
    let placed = place_photos(&imported, dir.path()).unwrap();
    document
        .apply(Edit::ReplaceArticle {
            article: Box::new(placed),
            inbox: None,
        })
        .unwrap();
    assert_eq!(document.issue().article(&old.id).unwrap().body, newer.body);
    assert_eq!(document.issue().articles.len(), 1);
    assert!(document.undo());
    assert_eq!(document.issue().article(&old.id).unwrap().body, old.body);
    assert!(
        !document.history().can_undo(),
        "the replacement was one step"
    );
}

#[test]
fn damaged_article_files_are_refused_with_the_file_named() {
    let dir = tempfile::tempdir().unwrap();
    let issue = empty_issue();
    let garbage = write(dir.path(), "bad.article.zip", b"PK\x03\x04 not really");
    let error = read_file(&garbage, &issue).unwrap_err();
    assert!(error.to_string().contains("bad.article.zip"), "{error}");
    let no_ron = write(dir.path(), "empty.article.zip", &zip_of(&[("x.txt", b"x")]));
    assert!(matches!(
        read_file(&no_ron, &issue),
        Err(ImportError::Corrupt { .. })
    ));
    let newer = zip_of(&[("article.ron", b"(format_version: 99, article: ())")]);
    let newer = write(dir.path(), "newer.article.zip", &newer);
    assert!(matches!(
        read_file(&newer, &issue),
        Err(ImportError::NewerFormat {
            file_version: 99,
            ..
        })
    ));
}

// ---------------------------------------------------------------- Word

#[test]
fn a_word_document_imports_with_headline_group_dateline_photo_and_a_note_for_the_table() {
    let dir = tempfile::tempdir().unwrap();
    let image = png_bytes(90);
    let path = write(dir.path(), "report.docx", &docx_fixture(&image));
    let issue = empty_issue();
    let imported = read_file(&path, &issue).unwrap();
    let a = &imported.article;
    assert_eq!(a.kicker, KICKER, "style id 2 named 标题 2 is the kicker");
    assert_eq!(a.headline, headline(), "runs split mid-word are joined");
    assert_eq!(a.subtitle, SUBTITLE);
    assert_eq!(a.dateline, DATELINE);
    assert_eq!(
        a.body,
        format!("{LEAD}\n{POINT}\n{LAST}"),
        "the table is left out"
    );
    assert!(a.id.0.starts_with("art-"));
    assert_eq!(a.photos.len(), 1);
    assert_eq!(a.photos[0].caption, CAPTION);
    assert_eq!(imported.photos[0].bytes, image);
    // 表格 (U+8868 U+683C): the note names the skipped table.
    assert!(
        imported
            .notes
            .iter()
            .any(|n| n.contains("\u{8868}\u{683C}")),
        "{:?}",
        imported.notes
    );
    let placed = place_photos(&imported, dir.path()).unwrap();
    assert_eq!(
        std::fs::read(dir.path().join(&placed.photos[0].path)).unwrap(),
        image
    );
}

#[test]
fn a_picture_word_cannot_print_is_left_out_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    // An EMF record header, not a JPEG or PNG.
    let emf = [0x01, 0x00, 0x00, 0x00, 0x6C, 0x00, 0x00, 0x00];
    let path = write(dir.path(), "emf.docx", &docx_fixture(&emf));
    let imported = read_file(&path, &empty_issue()).unwrap();
    assert!(imported.photos.is_empty());
    assert!(imported.article.photos.is_empty());
    assert!(
        imported.notes.iter().any(|n| n.contains("EMF")),
        "{:?}",
        imported.notes
    );
    // The caption paragraph stays out of the body either way.
    assert_eq!(imported.article.body, format!("{LEAD}\n{POINT}\n{LAST}"));
}

#[test]
fn without_heading_styles_size_and_position_decide() {
    // No styles.xml: the kicker is smaller than the headline, both above the dateline.
    let sized = |size: u32, text: &str| {
        format!(
            r#"<w:p><w:r><w:rPr><w:b/><w:sz w:val="{size}"/></w:rPr><w:t>{text}</w:t></w:r></w:p>"#
        )
    };
    let body = [
        sized(28, KICKER),
        sized(44, &headline()),
        paragraph(None, &[DATELINE]),
        paragraph(None, &[POINT]),
    ]
    .concat();
    let document = format!(
        r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "plain.docx",
        &zip_of(&[("word/document.xml", document.as_bytes())]),
    );
    let a = read_file(&path, &empty_issue()).unwrap().article;
    assert_eq!(
        (a.kicker.as_str(), a.headline.as_str()),
        (KICKER, headline().as_str())
    );
    assert_eq!(a.subtitle, "");
    assert_eq!(a.dateline, DATELINE);
    assert_eq!(a.body, POINT);
}

#[test]
fn corrupt_word_files_give_a_clear_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let issue = empty_issue();
    let full = docx_fixture(&png_bytes(1));
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("notzip.docx", b"this is not a zip file".to_vec()),
        ("truncated.docx", full[..full.len() / 2].to_vec()),
        (
            "nodoc.docx",
            zip_of(&[("word/styles.xml", STYLES.as_bytes())]),
        ),
        (
            "badxml.docx",
            zip_of(&[(
                "word/document.xml",
                b"<w:document><w:body><w:p></w:x></w:body>",
            )]),
        ),
        ("empty.docx", Vec::new()),
    ];
    for (name, bytes) in cases {
        let path = write(dir.path(), name, &bytes);
        match read_file(&path, &issue) {
            Err(ImportError::Corrupt { path: named, .. }) => assert_eq!(named, path, "{name}"),
            other => panic!("{name}: expected a corrupt-file error, got {other:?}"),
        }
        let message = read_file(&path, &issue).unwrap_err().to_string();
        assert!(message.contains(name), "{message}");
    }
}

// ---------------------------------------------------------------- text

fn report_text() -> String {
    format!(
        "{KICKER}\r\n{}\r\n{SUBTITLE}\r\n{DATELINE}{LEAD}\r\n\u{3000}\u{3000}{POINT}\r\n",
        headline()
    )
}

fn import_text(bytes: &[u8]) -> ImportedArticle {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "report.txt", bytes);
    read_file(&path, &empty_issue()).unwrap()
}

#[test]
fn text_in_utf8_utf16_and_gbk_imports_alike() {
    let text = report_text();
    let utf8 = text.as_bytes().to_vec();
    let mut utf16le = vec![0xFF, 0xFE];
    let mut utf16be = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        utf16le.extend_from_slice(&unit.to_le_bytes());
        utf16be.extend_from_slice(&unit.to_be_bytes());
    }
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable, "the fixture is all GBK");
    assert_ne!(gbk.as_ref(), utf8.as_slice());
    let expected = import_text(&utf8).article;
    assert_eq!(expected.kicker, KICKER);
    assert_eq!(expected.headline, headline());
    assert_eq!(expected.subtitle, SUBTITLE);
    assert_eq!(expected.dateline, DATELINE);
    // The U+3000 indentation is trimmed; the text itself is kept.
    assert_eq!(expected.body, format!("{LEAD}\n{POINT}"));
    for bytes in [utf16le, utf16be, gbk.into_owned()] {
        let mut article = import_text(&bytes).article;
        article.id = expected.id.clone();
        assert_eq!(article, expected);
    }
}

// ---------------------------------------------------------------- inbox

fn poll_for(watcher: &mut InboxWatcher, how_long: Duration) -> Vec<InboxEvent> {
    let end = Instant::now() + how_long;
    let mut events = Vec::new();
    while Instant::now() < end {
        events.extend(watcher.poll(Instant::now(), &[]));
        std::thread::sleep(Duration::from_millis(50));
    }
    events
}

#[test]
fn a_file_written_in_two_parts_arrives_once_after_the_second_part() {
    let inbox = tempfile::tempdir().unwrap();
    let mut watcher = InboxWatcher::start(inbox.path().to_path_buf()).unwrap();
    let path = inbox.path().join("report.txt");
    let text = report_text();
    let (first, second) = text.split_at(text.find(DATELINE).unwrap());
    let mut file = std::fs::File::create(&path).unwrap();
    file.write_all(first.as_bytes()).unwrap();
    file.flush().unwrap();
    assert!(
        poll_for(&mut watcher, Duration::from_millis(600)).is_empty(),
        "still being written"
    );
    file.write_all(second.as_bytes()).unwrap();
    file.flush().unwrap();
    drop(file);
    let mut events = Vec::new();
    let end = Instant::now() + Duration::from_secs(4);
    while events.is_empty() && Instant::now() < end {
        events.extend(watcher.poll(Instant::now(), &[]));
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(events.len(), 1, "{events:?}");
    let InboxEvent::Ready(arrived) = &events[0] else {
        panic!("{events:?}");
    };
    assert_eq!(arrived.size_bytes, text.len() as u64);
    let imported = read_file(&arrived.path, &empty_issue()).unwrap();
    assert_eq!(imported.article.body, format!("{LEAD}\n{POINT}"));
    assert!(
        poll_for(&mut watcher, Duration::from_millis(1700)).is_empty(),
        "only once"
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        text.as_bytes(),
        "never modified"
    );
}

#[test]
fn temporary_names_wait_and_conflict_copies_are_listed_with_the_original() {
    let inbox = tempfile::tempdir().unwrap();
    let dir = inbox.path();
    write(dir, ".syncthing.a.txt.tmp", report_text().as_bytes());
    write(dir, "~$b.docx", b"lock");
    write(dir, "b.txt", b"B");
    write(dir, "b.sync-conflict-20220922-101010-ABCDEFG.txt", b"B2");
    write(dir, "photo.jpg", b"jpg");
    let mut scanner = InboxScanner::new(dir.to_path_buf());
    let t0 = Instant::now();
    assert!(scanner.scan(t0, &[]).is_empty());
    let events = scanner.scan(t0 + Duration::from_millis(1100), &[]);
    assert_eq!(events.len(), 2, "{events:?}");
    assert!(matches!(&events[0], InboxEvent::Ready(f) if f.name == "b.txt"));
    match &events[1] {
        InboxEvent::Conflict { copy, original } => {
            assert!(copy.name.contains("sync-conflict"));
            assert_eq!(original.as_ref().map(|o| o.name.as_str()), Some("b.txt"));
        }
        other => panic!("{other:?}"),
    }
    // The sync service renames its temporary file when done: now it arrives.
    std::fs::rename(dir.join(".syncthing.a.txt.tmp"), dir.join("a.txt")).unwrap();
    scanner.scan(t0 + Duration::from_millis(1200), &[]);
    let events = scanner.scan(t0 + Duration::from_millis(2300), &[]);
    assert!(
        matches!(&events[..], [InboxEvent::Ready(f)] if f.name == "a.txt"),
        "{events:?}"
    );
    assert_eq!(
        std::fs::read_dir(dir).unwrap().count(),
        5,
        "nothing deleted or added"
    );
}

#[test]
fn imported_inbox_files_are_remembered_in_the_saved_issue() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    let file = write(&inbox, "a.txt", report_text().as_bytes());
    let mut scanner = InboxScanner::new(inbox.clone());
    let t0 = Instant::now();
    scanner.scan(t0, &[]);
    let events = scanner.scan(t0 + Duration::from_millis(1100), &[]);
    let [InboxEvent::Ready(arrived)] = &events[..] else {
        panic!("{events:?}");
    };
    let mut document = Document::new(empty_issue());
    document
        .apply(Edit::SetInboxFolder(Some("inbox".into())))
        .unwrap();
    let imported = read_file(&file, document.issue()).unwrap();
    let record = arrived.record(vec![imported.article.id.clone()]);
    document
        .apply(Edit::ImportArticle {
            article: Box::new(imported.article),
            inbox: Some(record),
        })
        .unwrap();
    let saved = dir.path().join("issue.ron");
    caibian::store::save_issue(&saved, document.issue()).unwrap();
    let loaded = caibian::store::load_issue(&saved).unwrap();
    let settings: &InboxSettings = loaded.inbox.as_ref().unwrap();
    assert_eq!(settings.folder, "inbox");
    assert_eq!(
        caibian::store::inbox::inbox_folder(&loaded, dir.path()),
        Some(inbox.clone())
    );
    // A new session (a fresh scanner) does not take the file again.
    let mut fresh = InboxScanner::new(inbox);
    fresh.scan(t0, &settings.imported);
    assert!(
        fresh
            .scan(t0 + Duration::from_secs(2), &settings.imported)
            .is_empty()
    );
}

// ---------------------------------------------------------------- command line

fn caibian(args: &[&std::ffi::OsStr]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_caibian"))
        .args(args)
        .output()
        .expect("binary runs")
}

#[test]
fn cli_import_writes_a_copy_and_prints_one_line_per_article() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.ron");
    caibian::store::save_issue(&input, &empty_issue()).unwrap();
    let before = std::fs::read(&input).unwrap();
    let txt = write(dir.path(), "a.txt", report_text().as_bytes());
    let docx = write(dir.path(), "b.docx", &docx_fixture(&png_bytes(5)));
    let out = dir.path().join("out").join("out.ron");
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    let output = caibian(&[
        "import".as_ref(),
        txt.as_os_str(),
        docx.as_os_str(),
        "--into".as_ref(),
        input.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(output.status.success(), "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(lines.iter().all(|l| l.contains(&headline())), "{stdout}");
    // 字 (U+5B57) after the character count.
    let chars = format!("{LEAD}{POINT}").chars().count();
    assert!(lines[0].ends_with(&format!("{chars}\u{5B57}")), "{stdout}");
    assert!(
        stderr.contains("\u{8868}\u{683C}"),
        "the table note: {stderr}"
    );
    assert_eq!(
        std::fs::read(&input).unwrap(),
        before,
        "the input is never written"
    );
    let result = caibian::store::load_issue(&out).unwrap();
    assert_eq!(result.articles.len(), 2);
    let with_photo = result
        .articles
        .iter()
        .find(|a| !a.photos.is_empty())
        .unwrap();
    assert!(
        out.parent()
            .unwrap()
            .join(&with_photo.photos[0].path)
            .exists()
    );
}

#[test]
fn cli_import_cleans_pasted_faults_and_says_what_it_changed() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.ron");
    caibian::store::save_issue(&input, &empty_issue()).unwrap();
    // A headline, then a body with a space between Han characters (会议 强调) and a
    // half-width comma (U+002C) between Han characters.
    let text = "\u{653F}\u{534F}\u{4F1A}\u{8BAE}\u{53EC}\u{5F00}\n\n\u{4F1A}\u{8BAE} \u{5F3A}\u{8C03},\u{8981}\u{575A}\u{6301}\u{3002}\n";
    let txt = write(dir.path(), "dirty.txt", text.as_bytes());
    let out = dir.path().join("out.ron");
    let output = caibian(&[
        "import".as_ref(),
        txt.as_os_str(),
        "--into".as_ref(),
        input.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(output.status.success(), "{stderr}");
    let result = caibian::store::load_issue(&out).unwrap();
    let body = &result.articles[0].body;
    // 会议强调，要坚持。 (U+FF0C)
    assert!(
        body.contains("\u{4F1A}\u{8BAE}\u{5F3A}\u{8C03}\u{FF0C}\u{8981}"),
        "{body}"
    );
    // The note names the field: 正文 (U+6B63 U+6587).
    assert!(stderr.contains("\u{6B63}\u{6587}"), "{stderr}");
}

#[test]
fn cli_import_of_a_bad_file_names_it_exits_2_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.ron");
    caibian::store::save_issue(&input, &empty_issue()).unwrap();
    let good = write(dir.path(), "a.txt", report_text().as_bytes());
    let out = dir.path().join("out.ron");
    for bad in [
        write(dir.path(), "scan.pdf", b"%PDF"),
        write(dir.path(), "broken.docx", b"not a zip"),
        dir.path().join("missing.txt"),
    ] {
        let output = caibian(&[
            "import".as_ref(),
            good.as_os_str(),
            bad.as_os_str(),
            "--into".as_ref(),
            input.as_os_str(),
            "--out".as_ref(),
            out.as_os_str(),
        ]);
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        let name = bad.file_name().unwrap().to_string_lossy().into_owned();
        assert!(stderr.contains(&name), "{stderr}");
        assert!(!out.exists(), "nothing written");
        assert!(!dir.path().join("photos").exists());
    }
    let same = caibian(&[
        "import".as_ref(),
        good.as_os_str(),
        "--into".as_ref(),
        input.as_os_str(),
        "--out".as_ref(),
        input.as_os_str(),
    ]);
    assert_eq!(same.status.code(), Some(2));
}

#[test]
fn cli_import_of_a_taken_id_renumbers_unless_told_to_replace() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.ron");
    let old = report_article("art-1");
    let mut issue = empty_issue();
    caibian::store::import::insert_or_replace(&mut issue, old.clone());
    caibian::store::save_issue(&input, &issue).unwrap();
    let mut newer = old.clone();
    newer.headline = "\u{65B0}".into(); // 新
    let file = dir.path().join("n.article.zip");
    export_article(&newer, dir.path(), &file, "", "").unwrap();
    let run = |out: &Path, replace: bool| {
        let mut args: Vec<&std::ffi::OsStr> = vec![
            "import".as_ref(),
            file.as_os_str(),
            "--into".as_ref(),
            input.as_os_str(),
            "--out".as_ref(),
            out.as_os_str(),
        ];
        if replace {
            args.push("--replace".as_ref());
        }
        let output = caibian(&args);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        caibian::store::load_issue(out).unwrap()
    };
    let kept = run(&dir.path().join("a.ron"), false);
    assert_eq!(kept.articles.len(), 2);
    assert_eq!(kept.article(&old.id).unwrap().headline, old.headline);
    let replaced = run(&dir.path().join("b.ron"), true);
    assert_eq!(replaced.articles.len(), 1);
    assert_eq!(replaced.article(&old.id).unwrap().headline, newer.headline);
}

// ---------------------------------------------------------------- no panics

mod fuzz {
    use super::*;
    use caibian::store::article_file::read_article_bytes;
    use caibian::store::import::docx::read_docx;
    use caibian::store::import::txt::read_txt;
    use proptest::prelude::*;

    fn config() -> ProptestConfig {
        let cases = std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(64);
        ProptestConfig::with_cases(cases)
    }

    fn mutate(bytes: &[u8], edits: &[(usize, u8)]) -> Vec<u8> {
        let mut bytes = bytes.to_vec();
        for (at, value) in edits {
            if !bytes.is_empty() {
                let len = bytes.len();
                bytes[at % len] = *value;
            }
        }
        bytes
    }

    fn id() -> ArticleId {
        ArticleId("fuzz".into())
    }

    proptest! {
        #![proptest_config(config())]

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
            let path = Path::new("fuzz.docx");
            let _ = read_docx(path, &bytes, id());
            let _ = read_article_bytes(Path::new("fuzz.article.zip"), &bytes);
            let _ = read_txt(&bytes, id());
        }

        #[test]
        fn mutated_word_files_never_panic(edits in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..8)) {
            let docx = docx_fixture(&png_bytes(3));
            let _ = read_docx(Path::new("m.docx"), &mutate(&docx, &edits), id());
        }

        #[test]
        fn mutated_word_xml_never_panics(edits in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..8)) {
            let archive = zip::ZipArchive::new(std::io::Cursor::new(docx_fixture(&png_bytes(3)))).unwrap();
            let mut entries = Vec::new();
            let mut archive = archive;
            for i in 0..archive.len() {
                let mut entry = archive.by_index(i).unwrap();
                let mut bytes = Vec::new();
                std::io::Read::read_to_end(&mut entry, &mut bytes).unwrap();
                let name = entry.name().unwrap().into_owned();
                let bytes = if name.ends_with(".xml") || name.ends_with(".rels") {
                    mutate(&bytes, &edits)
                } else {
                    bytes
                };
                entries.push((name, bytes));
            }
            let refs: Vec<(&str, &[u8])> = entries.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
            let _ = read_docx(Path::new("x.docx"), &zip_of(&refs), id());
        }
    }
}
