//! Shared test fixtures: generated issues and paths to bundled assets.
#![allow(dead_code)]

use std::path::PathBuf;

pub mod ui;

use caibian::model::{
    Article, ArticleId, EditorCredits, EventKind, HistoryEntry, Issue, MeetingInfo, MeetingSession,
    Page, Person, Photo, Placement, SCHEMA_VERSION, Status,
};
use chrono::NaiveDate;

/// The bundled sample issue.
pub fn sample_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/sample/sample-issue.ron")
}

/// A deterministic issue with `pages` pages and `articles` articles, every field filled,
/// including text that is awkward for RON: quotes, backslashes, newlines, `"#`.
pub fn generated_issue(pages: u32, articles: u32) -> Issue {
    let date = NaiveDate::from_ymd_opt(2022, 9, 22).unwrap();
    let mut issue = Issue {
        schema_version: SCHEMA_VERSION,
        paper_name: "\u{9647}\u{539F}\u{653F}\u{534F}\u{62A5}".into(),
        publisher: "publisher \"quoted\" \\ back".into(),
        issue_number: 75,
        running_number: 2101,
        date,
        credits: EditorCredits {
            editor: "editor".into(),
            proofreader: "proof".into(),
            designer: String::new(),
        },
        pages: (1..=pages)
            .map(|number| Page {
                number,
                name: format!("page {number}"),
                template: "\u{56DB}\u{5F00}".into(),
                placements: Vec::new(),
                credits: None,
                signed_off: number % 2 == 0,
            })
            .collect(),
        articles: Vec::new(),
        inbox: None,
    };
    for n in 0..articles {
        let id = ArticleId(format!("art-{:04}", n + 1));
        let mut article = Article::new(id.clone());
        article.kicker = format!("kicker {n}");
        article.headline = format!("\u{4F1A}\u{8BAE} {n} \"#raw\"# end");
        article.subtitle = "\u{2014}\u{2014}sub".into();
        article.dateline = "\u{672C}\u{62A5}\u{8BAF}\u{FF08}x\u{FF09}".into();
        article.byline = "by".into();
        article.body = format!("para one {n}\npara \\two\\ \"q\"\n\n\tlast");
        article.status = Status::ALL[n as usize % Status::ALL.len()];
        article.priority = n as i32 - 3;
        article.page_wish = Some(n % 3);
        article.photos = vec![Photo {
            path: format!("photos/{n}.jpg"),
            caption: "cap".into(),
            credit: "cr".into(),
        }];
        article.history = vec![HistoryEntry {
            at: chrono::DateTime::parse_from_rfc3339("2022-09-21T16:30:00+08:00").unwrap(),
            who: "who".into(),
            what: "what".into(),
        }];
        article.meeting = (n % 2 == 0).then(|| MeetingInfo {
            kind: EventKind::ALL[n as usize % EventKind::ALL.len()],
            organisation: "org".into(),
            place: "place".into(),
            sessions: vec![MeetingSession {
                body: "body".into(),
                term: Some(10),
                sitting: Some(9),
            }],
            date: Some(date),
            venue: "venue".into(),
            chair: Some(Person {
                name: "name".into(),
                title: "title".into(),
            }),
            attendees: vec!["a".into()],
            studied: vec!["s".into()],
            approved: vec!["d".into()],
            requirements: vec!["r".into()],
            topic: "topic".into(),
            group_leader: Some(Person {
                name: "leader".into(),
                title: "title".into(),
            }),
            places: vec!["p".into()],
            reporters: vec!["rep".into()],
            correspondents: vec!["c".into()],
        });
        if pages > 0 && n % 4 != 3 {
            let page = (n % pages) as usize;
            issue.pages[page].placements.push(Placement {
                article: id,
                part: 0,
                column: n % 5,
                span: 1,
                line: n,
                depth: 10,
            });
        }
        issue.articles.push(article);
    }
    issue
}

/// The bundled sample issue, loaded.
pub fn sample() -> Issue {
    caibian::store::load_issue(&sample_path()).expect("sample issue loads")
}

/// The sample issue's photos, as the exporters load them.
pub fn sample_photos() -> caibian::render::photos::Photos {
    let folder = caibian::store::photo::issue_folder(&sample_path());
    caibian::render::photos::Photos::new(Some(&folder), caibian::render::photos::EXPORT_PHOTO_PX)
}

/// The issue typeset with the bundled fonts and templates.
pub fn typeset(issue: &Issue) -> Vec<caibian::typeset::display::PageList> {
    caibian::typeset::Typesetter::bundled()
        .expect("fonts and templates load")
        .typeset(issue)
}

/// A copy of the sample issue file in `dir` (without its photos).
pub fn sample_copy(dir: &std::path::Path) -> PathBuf {
    let path = dir.join("issue.ron");
    std::fs::copy(sample_path(), &path).unwrap();
    path
}

/// A copy of the sample issue file and its photos in `dir`.
pub fn sample_copy_with_photos(dir: &std::path::Path) -> PathBuf {
    let path = sample_copy(dir);
    let photos = dir.join("photos");
    std::fs::create_dir_all(&photos).unwrap();
    for entry in std::fs::read_dir(sample_path().parent().unwrap().join("photos")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), photos.join(entry.file_name())).unwrap();
    }
    path
}

/// The text of each glyph run on a typeset page, in display-list order.
pub fn run_texts(page: &caibian::typeset::display::PageList) -> Vec<String> {
    page.items
        .iter()
        .filter_map(|item| match item {
            caibian::typeset::display::DisplayItem::Glyphs(run) => Some(run.text()),
            _ => None,
        })
        .collect()
}
