//! Regressions of the hardening pass: files that load must typeset and export, and the
//! ones that cannot are refused on load with the page and article named.

mod common;

use std::process::Command;

use caibian::model::{Issue, Placement};
use caibian::store::{self, StoreError};
use caibian::typeset::Typesetter;

fn sample_text() -> String {
    std::fs::read_to_string(common::sample_path()).unwrap()
}

fn caibian(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_caibian"))
        .args(args)
        .output()
        .expect("binary runs")
}

/// The sample's text with its first placement (art-0001 on page 1) moved to `column`,
/// `span` (written by the writer, which checks nothing).
fn sample_with_first_placement(column: u32, span: u32) -> String {
    let mut issue = store::load_issue(&common::sample_path()).unwrap();
    let first = &mut issue.pages[0].placements[0];
    assert_eq!(
        first.article.0, "art-0001",
        "the sample's first placement moved"
    );
    first.column = column;
    first.span = span;
    store::issue_to_ron(&issue).unwrap()
}

#[test]
fn an_issue_dated_year_zero_is_refused_on_load() {
    let text = sample_text().replacen("date: \"2022-09-22\"", "date: \"0000-01-01\"", 1);
    let error = store::parse_issue(&text).unwrap_err();
    assert!(
        matches!(&error, StoreError::Invalid(m) if m.contains("0000-01-01")),
        "{error}"
    );
}

#[test]
fn a_meeting_dated_past_year_9999_is_refused_on_load() {
    let mut issue = common::generated_issue(1, 1);
    let meeting = issue.articles[0]
        .meeting
        .as_mut()
        .expect("generated meeting");
    meeting.date = chrono::NaiveDate::from_ymd_opt(10000, 1, 1);
    let text = store::issue_to_ron(&issue).unwrap();
    let error = store::parse_issue(&text).unwrap_err();
    assert!(
        matches!(&error, StoreError::Invalid(m) if m.contains("art-0001")),
        "{error}"
    );
}

#[test]
fn a_placement_spanning_a_hundred_million_columns_is_refused_naming_page_and_article() {
    let text = sample_with_first_placement(0, 100_000_000);
    let error = store::parse_issue(&text).unwrap_err();
    let message = error.to_string();
    assert!(message.contains("art-0001"), "{message}");
    assert!(
        message.contains("\u{7B2C}1\u{7248}"),
        "names 第1版: {message}"
    );
}

#[test]
fn a_placement_beyond_its_templates_grid_is_refused_before_typesetting() {
    // The sample's pages use 四开: 5 columns. Column 4 with a span of 3 ends at column 7.
    let text = sample_with_first_placement(4, 3);
    let issue = store::parse_issue(&text).expect("within the absolute limits");
    let typesetter = Typesetter::bundled().unwrap();
    let message = typesetter.check_placements(&issue).unwrap_err();
    assert!(message.contains("art-0001"), "{message}");
    assert!(message.contains("\u{7B2C}1\u{7248}"), "{message}");
    let sample = store::load_issue(&common::sample_path()).unwrap();
    assert_eq!(typesetter.check_placements(&sample), Ok(()));
}

#[test]
fn typesetting_is_total_for_blocks_outside_the_grid() {
    let mut issue: Issue = store::load_issue(&common::sample_path()).unwrap();
    issue.pages[0].placements[0] = Placement {
        span: u32::MAX,
        depth: u32::MAX,
        column: u32::MAX - 1,
        line: u32::MAX - 1,
        ..issue.pages[0].placements[0].clone()
    };
    issue.pages[0].placements[1].span = 0;
    issue.pages[0].placements[1].depth = 0;
    let mut typesetter = Typesetter::bundled().unwrap();
    let pages = typesetter.typeset(&issue);
    let width = pages[0].width_pt;
    let height = pages[0].height_pt;
    for block in &pages[0].blocks {
        assert!(block.rect.x + block.rect.width <= width + 0.5, "{block:?}");
        assert!(
            block.rect.y + block.rect.height <= height + 0.5,
            "{block:?}"
        );
    }
}

#[test]
fn cli_typeset_and_export_refuse_bad_issues_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "year-zero.ron",
            sample_text().replacen("date: \"2022-09-22\"", "date: \"0000-01-01\"", 1),
        ),
        ("huge-span.ron", sample_with_first_placement(0, 100_000_000)),
        ("off-grid.ron", sample_with_first_placement(4, 3)),
    ];
    for (name, text) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let path = path.to_str().unwrap();
        let typeset = caibian(&["typeset", path]);
        assert_eq!(
            typeset.status.code(),
            Some(2),
            "typeset {name}: {typeset:?}"
        );
        let pdf = dir.path().join(format!("{name}.pdf"));
        let export = caibian(&["export", path, "--pdf", pdf.to_str().unwrap()]);
        assert_eq!(export.status.code(), Some(2), "export {name}: {export:?}");
        assert!(!pdf.exists());
    }
}

#[test]
fn a_resolution_out_of_range_is_a_bad_argument_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("issue.pdf");
    let png = dir.path().join("png");
    let sample = common::sample_path();
    let output = caibian(&[
        "export",
        sample.to_str().unwrap(),
        "--pdf",
        pdf.to_str().unwrap(),
        "--png",
        png.to_str().unwrap(),
        "--dpi",
        "5",
    ]);
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    assert!(!pdf.exists() && !png.exists());
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(message.contains("dpi"), "{message}");
}

#[test]
fn reading_is_bounded_even_when_the_size_lies() {
    // A character device reports size 0 and never ends: the read must stop at the limit.
    match store::read_limited(std::path::Path::new("/dev/zero"), 4096) {
        Err(StoreError::TooLarge { limit_bytes, .. }) => assert_eq!(limit_bytes, 4096),
        other => panic!("expected TooLarge, got {other:?}"),
    }
    assert_eq!(
        store::file_fingerprint(std::path::Path::new("/dev/zero")),
        None
    );
}

mod recovery {
    use super::*;
    use caibian::store::recovery::{read_recovery, recovery_path, write_recovery};

    fn written_copy(dir: &std::path::Path) -> std::path::PathBuf {
        let issue = store::load_issue(&common::sample_path()).unwrap();
        write_recovery(dir, None, &issue).unwrap()
    }

    #[test]
    fn a_copy_from_a_newer_caibian_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = written_copy(dir.path());
        let text = std::fs::read_to_string(&path).unwrap();
        let newer = text.replacen(
            &format!("schema_version: {}", caibian::model::SCHEMA_VERSION),
            "schema_version: 999",
            1,
        );
        assert_ne!(newer, text);
        std::fs::write(&path, newer).unwrap();
        let error = read_recovery(&path).unwrap_err();
        assert!(matches!(error, StoreError::NewerSchema { .. }), "{error}");
    }

    #[test]
    fn a_copy_with_invalid_utf8_or_duplicate_ids_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = written_copy(dir.path());
        let mut bytes = std::fs::read(&path).unwrap();
        let at = bytes.len() / 2;
        bytes[at] = 0xFF;
        std::fs::write(&path, &bytes).unwrap();
        assert!(matches!(
            read_recovery(&path),
            Err(StoreError::NotUtf8 { .. })
        ));

        let path = written_copy(dir.path());
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replace("\"art-0002\"", "\"art-0001\"")).unwrap();
        assert!(matches!(read_recovery(&path), Err(StoreError::Invalid(_))));
    }

    #[test]
    fn recovery_names_are_stable_across_builds() {
        // xxh3 of the path's bytes; written out so a change of hash shows here.
        let name = recovery_path(
            std::path::Path::new("/r"),
            Some(std::path::Path::new("/nonexistent/issue.ron")),
        );
        // 5993274275948016542 (0x532c6333435e339e), pinned when the name was chosen.
        let expected = format!("issue-{:016x}.recovery.ron", 5_993_274_275_948_016_542_u64);
        assert_eq!(name.file_name().unwrap().to_str().unwrap(), expected);
    }
}

#[test]
fn an_export_reports_exactly_the_files_it_wrote() {
    use caibian::render::export::{ExportRequest, run_export};
    let dir = tempfile::tempdir().unwrap();
    let issue_file = common::sample_copy_with_photos(dir.path());
    let issue = store::load_issue(&issue_file).unwrap();
    let pages = common::typeset(&issue);
    let out = dir.path().join("out");
    let request = ExportRequest {
        pdf: Some(out.join("issue.pdf")),
        pdf_pages_dir: Some(out.join("pages-pdf")),
        png_dir: Some(out.join("png")),
        dpi: 36.0,
        html_dir: Some(out.join("web")),
        txt_dir: Some(out.join("txt")),
        ..ExportRequest::default()
    };
    let folder = store::photo::issue_folder(&issue_file);
    let report = run_export(&issue, &pages, Some(&folder), &request, &mut |_| {}).unwrap();
    let mut on_disk = Vec::new();
    let mut stack = vec![out.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                on_disk.push(path);
            }
        }
    }
    on_disk.sort();
    let mut reported = report.files.clone();
    reported.sort();
    assert_eq!(reported, on_disk);
}
