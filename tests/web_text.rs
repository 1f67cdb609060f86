//! The web edition and plain-text exports: content, links, escaping, safety.

mod common;

use common::{sample, sample_photos};

use std::path::{Path, PathBuf};

use caibian::model::{Article, ArticleId, Issue, Photo, Placement, Status, TextField};
use caibian::render::photos::{EXPORT_PHOTO_PX, Photos};
use caibian::render::text::{article_text, export_text};
use caibian::render::web::{WebOutput, export_web};
use caibian::store::photo::issue_folder;
use caibian::typeset::Typesetter;
use caibian::typeset::display::DisplayItem;

/// The same escaping the exporter promises, for building expected strings.
fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// Every `href="…"` and `src="…"` value in an HTML text.
fn links(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(start) = rest.find(attr) {
            rest = &rest[start + attr.len()..];
            let end = rest.find('"').unwrap();
            found.push(rest[..end].to_string());
            rest = &rest[end..];
        }
    }
    found
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(u8::from_str_radix(&text[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// Asserts every link of the HTML file resolves to a file that exists.
fn assert_links_resolve(html_file: &Path) {
    let html = std::fs::read_to_string(html_file).unwrap();
    let folder = html_file.parent().unwrap();
    for link in links(&html) {
        assert!(!link.contains("://"), "external link {link}");
        let path = link.split('#').next().unwrap();
        let target = folder.join(percent_decode(path));
        assert!(
            target.is_file(),
            "{} links to {link}, which does not exist",
            html_file.display()
        );
    }
}

fn all_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(all_files(&path));
        } else {
            files.push(path);
        }
    }
    files
}

/// Page images as the raster exporter would leave them: for each page a full image and
/// a thumbnail, deliberately with the same file names in different folders.
fn dummy_page_images(root: &Path, issue: &Issue) -> Vec<(u32, PathBuf, PathBuf)> {
    issue
        .pages
        .iter()
        .map(|page| {
            let folder = root.join(format!("raster-{}", page.number));
            std::fs::create_dir_all(&folder).unwrap();
            let full = folder.join("page.png");
            let thumb = folder.join("thumb.png");
            image::RgbImage::new(10, 10).save(&full).unwrap();
            image::RgbImage::new(10, 10).save(&thumb).unwrap();
            (page.number, full, thumb)
        })
        .collect()
}

fn export_sample_web(out: &Path, scratch: &Path) -> (Issue, WebOutput) {
    let issue = sample();
    let pages = Typesetter::bundled().unwrap().typeset(&issue);
    let images = dummy_page_images(scratch, &issue);
    let mut calls = Vec::new();
    let output = export_web(
        &issue,
        &pages,
        &images,
        &sample_photos(),
        out,
        &mut |done, total| calls.push((done, total)),
    )
    .unwrap();
    let &(done, total) = calls.last().unwrap();
    assert_eq!(done, total, "progress ends complete");
    (issue, output)
}

#[test]
fn plain_text_reads_like_print() {
    let issue = sample();
    let article = issue.article(&ArticleId("art-0002".into())).unwrap();
    let text = article_text(article);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines.contains(&article.headline.as_str()), "{text}");
    let first = article.paragraphs().next().unwrap();
    let lead = format!("{}{}", article.dateline, first);
    assert!(lines.contains(&lead.as_str()), "{text}");
    assert!(text.ends_with('\n'));
    // Headline group, a blank line, then the body: one line per paragraph.
    let heading_lines = [&article.kicker, &article.headline, &article.subtitle]
        .iter()
        .filter(|f| !f.is_empty())
        .count();
    assert_eq!(lines[heading_lines], "");
    assert_eq!(
        lines.len(),
        heading_lines + 1 + article.paragraphs().count()
    );

    // A feature: the byline on its own line before the body.
    let feature = issue.article(&ArticleId("art-0007".into())).unwrap();
    let text = article_text(feature);
    assert!(
        text.contains(&format!("\n\n{}\n", feature.byline)),
        "{text}"
    );
}

/// A dateline typed over two lines reads the same in print, on the web and in the text
/// export: on one line, run into the first paragraph.
#[test]
fn a_dateline_with_a_line_break_prints_alike_in_all_three() {
    let mut issue = sample();
    let id = ArticleId("art-0002".into());
    // 本报兰州讯 (U+672C U+62A5 U+5170 U+5DDE U+8BAF), a line break, then （记者） (U+FF08
    // U+8BB0 U+8005 U+FF09), with stray spaces at the ends of the lines.
    let one_line = "\u{672C}\u{62A5}\u{5170}\u{5DDE}\u{8BAF}\u{FF08}\u{8BB0}\u{8005}\u{FF09}";
    issue.article_mut(&id).unwrap().dateline =
        " \u{672C}\u{62A5}\u{5170}\u{5DDE}\u{8BAF} \n\u{FF08}\u{8BB0}\u{8005}\u{FF09}\n".into();
    let article = issue.article(&id).unwrap().clone();
    let first = article.paragraphs().next().unwrap();

    // Print: the dateline's glyphs, in order, are the dateline on one line.
    let pages = Typesetter::bundled().unwrap().typeset(&issue);
    let printed: String = pages
        .iter()
        .flat_map(|page| &page.items)
        .filter_map(|item| match item {
            DisplayItem::Glyphs(run)
                if run
                    .source
                    .as_ref()
                    .is_some_and(|s| s.article == id && s.field == Some(TextField::Dateline)) =>
            {
                Some(run.text())
            }
            _ => None,
        })
        .collect();
    assert_eq!(printed, one_line);

    // Text: the dateline on one line, run into the first paragraph.
    let text = article_text(&article);
    assert!(
        text.lines()
            .any(|line| line == format!("{one_line}{first}")),
        "{text}"
    );

    // Web: the same, the dateline marked up.
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("web");
    export_web(&issue, &pages, &[], &sample_photos(), &out, &mut |_, _| {}).unwrap();
    let html = std::fs::read_to_string(out.join(format!("articles/{id}.html"))).unwrap();
    let lead = format!(
        "<p><strong class=\"dateline\">{one_line}</strong>{}</p>",
        escaped(first)
    );
    assert!(html.contains(&lead), "{html}");
}

#[test]
fn text_export_writes_one_file_per_placed_article_not_withdrawn() {
    let mut issue = sample();
    issue.articles[4].status = Status::Withdrawn;
    let withdrawn = issue.articles[4].id.clone();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("text");
    let mut last = None;
    let files = export_text(&issue, &dir, &mut |done, total| last = Some((done, total))).unwrap();
    let pool = ArticleId("art-0014".into());
    assert!(
        !issue.is_placed(&pool),
        "the sample keeps art-0014 in the pool"
    );
    assert_eq!(files.len(), issue.articles.len() - 2);
    assert_eq!(last, Some((files.len(), files.len())));
    let on_disk = all_files(&dir);
    assert_eq!(on_disk.len(), files.len());
    for article in issue
        .articles
        .iter()
        .filter(|a| a.id != withdrawn && a.id != pool)
    {
        let path = dir.join(format!("{}.txt", article.id));
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            article_text(article)
        );
    }
    assert!(!dir.join(format!("{withdrawn}.txt")).exists());
    // The pool is not published, as in the web edition.
    assert!(!dir.join("art-0014.txt").exists());
}

#[test]
fn hostile_id_stays_inside_the_folder() {
    let mut issue = sample();
    issue.articles.truncate(1);
    let mut hostile = Article::new(ArticleId("../../etc/x".into()));
    hostile.headline = "x".into();
    // Both placed, so that both are published.
    let kept = issue.articles[0].id.clone();
    let mut placement = issue.pages[0].placements[0].clone();
    placement.article = kept;
    let mut hostile_placement = placement.clone();
    hostile_placement.article = hostile.id.clone();
    issue.pages[0].placements = vec![placement];
    issue.pages[1].placements = vec![hostile_placement];
    issue.articles.push(hostile);
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("a/b/out");
    let files = export_text(&issue, &dir, &mut |_, _| {}).unwrap();
    assert_eq!(files.len(), 2);
    for file in &files {
        assert_eq!(file.parent(), Some(dir.as_path()), "{}", file.display());
        assert!(file.is_file());
    }
    assert!(!tmp.path().join("a/etc").exists());
    assert!(!tmp.path().join("etc").exists());
}

#[test]
fn web_export_of_the_sample() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("web");
    let (issue, output) = export_sample_web(&out, tmp.path());
    assert!(output.warnings.is_empty(), "{:?}", output.warnings);
    for file in &output.files {
        assert!(
            file.starts_with(&out) && file.is_file(),
            "{}",
            file.display()
        );
    }

    let index_file = out.join("index.html");
    let index = std::fs::read_to_string(&index_file).unwrap();
    assert!(index.starts_with("<!DOCTYPE html>"));
    assert!(index.contains("<html lang=\"zh-CN\">"));
    assert!(index.contains("<meta charset=\"utf-8\">"));
    assert!(index.contains(&escaped(&issue.paper_name)));
    // 2022年9月22日 星期四 and 农历壬寅年八月廿七
    assert!(index.contains("2022\u{5E74}9\u{6708}22\u{65E5} \u{661F}\u{671F}\u{56DB}"));
    assert!(
        index.contains("\u{519C}\u{5386}\u{58EC}\u{5BC5}\u{5E74}\u{516B}\u{6708}\u{5EFF}\u{4E03}")
    );
    // 第74期 总第3186期, 第1版 要闻
    assert!(index.contains("\u{7B2C}74\u{671F}"));
    assert!(index.contains("\u{603B}\u{7B2C}3186\u{671F}"));
    assert!(index.contains("\u{7B2C}1\u{7248} \u{8981}\u{95FB}"));
    assert_links_resolve(&index_file);

    let placed: Vec<&Article> = issue
        .articles
        .iter()
        .filter(|a| issue.is_placed(&a.id))
        .collect();
    assert_eq!(placed.len(), 13);
    for article in &placed {
        assert!(
            index.contains(&escaped(&article.headline)),
            "{}",
            article.id
        );
        let link = format!("articles/{}.html", article.id);
        // Listed once, even when continued on a later page.
        assert_eq!(index.matches(&link).count(), 1, "{link}");
        let page = out.join(&link);
        assert!(page.is_file(), "{link}");
        assert_links_resolve(&page);
    }
    // The continued article sits under page 1, where its first part is.
    let page2 = index.find("id=\"page-2\"").unwrap();
    assert!(index.find("articles/art-0001.html").unwrap() < page2);
    // The pool is not published.
    let pool = issue.article(&ArticleId("art-0014".into())).unwrap();
    assert!(!index.contains(&escaped(&pool.headline)));
    assert_eq!(all_files(&out.join("articles")).len(), placed.len());

    // The page images were copied in under distinct names.
    assert_eq!(all_files(&out.join("pages")).len(), 4);

    // The photo is copied and referenced with its caption and credit.
    let photo = &issue.article(&ArticleId("art-0003".into())).unwrap().photos[0];
    let copied = out.join("photos/weiyuan-jiangtang.jpg");
    assert_eq!(
        std::fs::read(&copied).unwrap(),
        std::fs::read(issue_folder(&common::sample_path()).join(&photo.path)).unwrap()
    );
    let html = std::fs::read_to_string(out.join("articles/art-0003.html")).unwrap();
    assert!(html.contains("<img src=\"../photos/weiyuan-jiangtang.jpg\""));
    assert!(html.contains(&format!(
        "<figcaption>{}\u{FF08}{}\u{FF09}</figcaption>",
        escaped(&photo.caption),
        escaped(&photo.credit)
    )));

    // The article page: headline group, dateline leading the first paragraph.
    let article = issue.article(&ArticleId("art-0001".into())).unwrap();
    let html = std::fs::read_to_string(out.join("articles/art-0001.html")).unwrap();
    assert!(html.contains(&format!(
        "<p class=\"kicker\">{}</p>",
        escaped(&article.kicker)
    )));
    assert!(html.contains(&format!("<h1>{}</h1>", escaped(&article.headline))));
    assert!(html.contains(&format!(
        "<p class=\"subtitle\">{}</p>",
        escaped(&article.subtitle)
    )));
    assert!(html.contains(&format!(
        "<p><strong class=\"dateline\">{}</strong>{}</p>",
        escaped(&article.dateline),
        escaped(article.paragraphs().next().unwrap())
    )));
    let body = &html[html.find("<article>").unwrap()..html.find("</article>").unwrap()];
    assert_eq!(body.matches("<p>").count(), article.paragraphs().count());

    // Self-contained: nothing fetched from elsewhere, nothing run.
    for file in all_files(&out) {
        if file.extension().is_some_and(|e| e == "html") {
            let text = std::fs::read_to_string(&file).unwrap();
            for bad in ["http://", "https://", "<script", "//cdn", "@import", "url("] {
                assert!(!text.contains(bad), "{} contains {bad}", file.display());
            }
        }
    }
}

#[test]
fn re_export_into_the_same_folder_and_pages_already_there() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("web");
    let issue = sample();
    let pages = Typesetter::bundled().unwrap().typeset(&issue);
    // The raster exporter already wrote into web/pages/.
    let page_dir = out.join("pages");
    std::fs::create_dir_all(&page_dir).unwrap();
    let images: Vec<(u32, PathBuf, PathBuf)> = issue
        .pages
        .iter()
        .map(|p| {
            let full = page_dir.join(format!("page-{}.png", p.number));
            let thumb = page_dir.join(format!("page-{}-thumb.png", p.number));
            image::RgbImage::new(10, 10).save(&full).unwrap();
            image::RgbImage::new(4, 4).save(&thumb).unwrap();
            (p.number, full, thumb)
        })
        .collect();
    for _ in 0..2 {
        export_web(
            &issue,
            &pages,
            &images,
            &sample_photos(),
            &out,
            &mut |_, _| {},
        )
        .unwrap();
    }
    assert_eq!(all_files(&page_dir).len(), 4, "nothing copied over itself");
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains(
        "<a class=\"thumb\" href=\"pages/page-1.png\"><img src=\"pages/page-1-thumb.png\""
    ));
    assert_eq!(all_files(&out.join("photos")).len(), 1);
}

fn hostile_issue() -> (Issue, Article) {
    let mut issue = sample();
    let attack = "<script>alert(1)</script> & \"q\" 'a'";
    issue.paper_name = format!("{attack} paper");
    issue.pages[0].name = attack.into();
    let mut article = Article::new(ArticleId("art-9999".into()));
    article.kicker = attack.into();
    article.headline = format!("head {attack}");
    article.subtitle = attack.into();
    article.dateline = attack.into();
    article.byline = attack.into();
    article.body = format!("{attack}\nsecond {attack}");
    article.status = Status::Approved;
    article.photos = vec![Photo {
        path: "photos/weiyuan-jiangtang.jpg".into(),
        caption: attack.into(),
        credit: attack.into(),
    }];
    issue.articles.push(article.clone());
    issue.pages[0].placements.push(Placement {
        article: article.id.clone(),
        part: 0,
        column: 0,
        span: 1,
        line: 0,
        depth: 10,
    });
    (issue, article)
}

#[test]
fn issue_text_is_escaped() {
    let (issue, article) = hostile_issue();
    let pages = Typesetter::bundled().unwrap().typeset(&issue);
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("web");
    let output = export_web(&issue, &pages, &[], &sample_photos(), &out, &mut |_, _| {}).unwrap();
    assert!(output.warnings.is_empty(), "{:?}", output.warnings);
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    let html = std::fs::read_to_string(out.join(format!("articles/{}.html", article.id))).unwrap();
    let attack_escaped = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; &#39;a&#39;";
    assert!(index.contains(&format!("head {attack_escaped}")));
    assert!(index.contains(&format!("{attack_escaped} paper")));
    assert!(html.contains(&format!("<h1>head {attack_escaped}</h1>")));
    assert!(html.contains(&format!("<p>second {attack_escaped}</p>")));
    assert!(html.contains(&format!("alt=\"{attack_escaped}\"")));
    for text in [&index, &html] {
        assert!(!text.contains("<script"));
        assert!(!text.contains("alert(1)</"));
        assert!(!text.contains("'a'"));
    }
}

#[test]
fn unfound_photos_are_warnings_not_failures() {
    let (mut issue, article) = hostile_issue();
    let article = issue.article_mut(&article.id).unwrap();
    article.photos = vec![
        Photo {
            path: "photos/missing.jpg".into(),
            ..Photo::default()
        },
        Photo {
            path: "../../etc/passwd".into(),
            ..Photo::default()
        },
    ];
    let id = article.id.clone();
    let pages = Typesetter::bundled().unwrap().typeset(&issue);
    let tmp = tempfile::tempdir().unwrap();
    // The issue lives in tmp/a/b, so `../../etc/passwd` names tmp/etc/passwd: make that a
    // real, readable image, so that only the path check can keep it out of the export.
    let issue_folder = tmp.path().join("a/b");
    let sample_photo = common::sample_path()
        .parent()
        .unwrap()
        .join("photos/weiyuan-jiangtang.jpg");
    std::fs::create_dir_all(issue_folder.join("photos")).unwrap();
    std::fs::copy(
        &sample_photo,
        issue_folder.join("photos/weiyuan-jiangtang.jpg"),
    )
    .unwrap();
    std::fs::create_dir_all(tmp.path().join("etc")).unwrap();
    std::fs::copy(&sample_photo, tmp.path().join("etc/passwd")).unwrap();
    let photos = Photos::new(Some(&issue_folder), EXPORT_PHOTO_PX);
    let out = tmp.path().join("web");
    let output = export_web(&issue, &pages, &[], &photos, &out, &mut |_, _| {}).unwrap();
    assert_eq!(output.warnings.len(), 2, "{:?}", output.warnings);
    // 超出 (U+8D85 U+51FA, "goes beyond"): the climbing path is refused as outside the folder.
    assert!(
        output
            .warnings
            .iter()
            .any(|w| w.contains("../../etc/passwd") && w.contains("\u{8D85}\u{51FA}")),
        "{:?}",
        output.warnings
    );
    let html = std::fs::read_to_string(out.join(format!("articles/{id}.html"))).unwrap();
    assert!(!html.contains("<figure>"));
    assert!(!out.join("photos/passwd").exists());

    // An issue never saved has no folder: every photo is a warning.
    let unsaved = Photos::new(None, EXPORT_PHOTO_PX);
    let output = export_web(&issue, &pages, &[], &unsaved, &out, &mut |_, _| {}).unwrap();
    assert_eq!(output.warnings.len(), 3, "{:?}", output.warnings);
}

#[test]
fn unwritable_output_gives_an_error() {
    let issue = sample();
    let pages = Typesetter::bundled().unwrap().typeset(&issue);
    let tmp = tempfile::tempdir().unwrap();
    // A folder under a plain file cannot be created, even by root.
    let file = tmp.path().join("plain-file");
    std::fs::write(&file, "x").unwrap();
    let dir = file.join("web");

    let error = export_text(&issue, &dir, &mut |_, _| {}).unwrap_err();
    assert!(error.to_string().contains("plain-file"), "{error}");

    let error =
        export_web(&issue, &pages, &[], &sample_photos(), &dir, &mut |_, _| {}).unwrap_err();
    assert!(error.to_string().contains("plain-file"), "{error}");

    // A page image that is not there is an error too, naming it.
    let out = tmp.path().join("web");
    let missing = vec![(
        1,
        tmp.path().join("nope.png"),
        tmp.path().join("nope-thumb.png"),
    )];
    let error = export_web(
        &issue,
        &pages,
        &missing,
        &sample_photos(),
        &out,
        &mut |_, _| {},
    )
    .unwrap_err();
    assert!(error.to_string().contains("nope.png"), "{error}");
}

/// Writes the sample's web edition to `$CAIBIAN_WEB_OUT` (default `/tmp/web`) for a
/// look in a browser: `cargo test --test web_text -- --ignored`.
#[test]
#[ignore]
fn export_sample_for_inspection() {
    let out = std::env::var_os("CAIBIAN_WEB_OUT")
        .map_or_else(|| PathBuf::from("/tmp/web"), PathBuf::from);
    let scratch = tempfile::tempdir().unwrap();
    let (_, output) = export_sample_web(&out, scratch.path());
    println!("{} files in {}", output.files.len(), out.display());
}
