//! The command line: help, version, info, and errors on bad files.

mod common;

use std::process::Command;

fn caibian(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_caibian"))
        .args(args)
        .output()
        .expect("binary runs")
}

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

#[test]
fn help_lists_the_commands() {
    let output = caibian(&["--help"]);
    assert!(output.status.success());
    let text = stdout(&output);
    assert!(text.contains("info"), "{text}");
    assert!(text.contains("[FILE]"), "{text}");
}

#[test]
fn version_prints_the_crate_version() {
    let output = caibian(&["--version"]);
    assert!(output.status.success());
    assert_eq!(
        stdout(&output).trim(),
        format!("caibian {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn info_lists_masthead_pages_and_articles() {
    let sample = common::sample_path();
    let issue = caibian::store::load_issue(&sample).unwrap();
    let output = caibian(&["info", sample.to_str().unwrap()]);
    assert!(output.status.success());
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], issue.paper_name);
    assert!(lines[1].contains(&issue.issue_number.to_string()));
    assert!(lines[1].contains(&issue.running_number.to_string()));
    assert!(lines[1].contains(&issue.date.format("%Y-%m-%d").to_string()));
    for page in &issue.pages {
        let count = issue.articles_on_page(page).count();
        let expected = format!(
            "  \u{7B2C}{}\u{7248}\t{}\t{}",
            page.number, page.name, count
        );
        assert!(text.contains(&expected), "missing page line {expected:?}");
    }
    for article in &issue.articles {
        let expected = format!(
            "  {}\t{}\t{}\t{}",
            article.id,
            article.headline,
            article.status.label(),
            article.body_chars()
        );
        assert!(
            text.contains(&expected),
            "missing article line {expected:?}"
        );
    }
}

#[test]
fn info_on_a_bad_file_names_line_and_column_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.ron");
    std::fs::write(&path, "(\n  schema_version: 1,\n  paper_name: 12,\n)").unwrap();
    let output = caibian(&["info", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let error = String::from_utf8(output.stderr).unwrap();
    assert!(error.contains("\u{7B2C} 3 \u{884C}"), "line named: {error}");
    assert!(error.contains("\u{5217}"), "column named: {error}");
    assert!(output.stdout.is_empty());
}

#[test]
fn info_on_a_missing_file_exits_2() {
    let output = caibian(&["info", "/nonexistent/issue.ron"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(!output.stderr.is_empty());
}

#[test]
fn typeset_json_has_the_documented_shape() {
    let sample = common::sample_path();
    let output = caibian(&["typeset", sample.to_str().unwrap(), "--json"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let issue = caibian::store::load_issue(&sample).unwrap();
    let pages = value["pages"].as_array().unwrap();
    assert_eq!(pages.len(), issue.pages.len());
    for (page, json) in issue.pages.iter().zip(pages) {
        assert_eq!(json["number"], page.number);
        let blocks = json["blocks"].as_array().unwrap();
        assert_eq!(blocks.len(), page.placements.len());
        for (placement, block) in page.placements.iter().zip(blocks) {
            assert_eq!(block["article"], placement.article.0.as_str());
            assert_eq!(block["overflow_chars"], 0);
            let columns = block["columns"].as_array().unwrap();
            assert_eq!(columns.len(), placement.span as usize);
            assert!(
                columns[0]["lines"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .all(|l| l.is_string())
            );
        }
    }
    // The lead article jumps from page 1 to page 2 with the app's jump lines.
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains(&caibian::typeset::jump_to_text(2)));
    assert!(text.contains(&caibian::typeset::jump_from_text(1)));
}

#[test]
fn typeset_text_lists_lines_by_page_and_block() {
    let sample = common::sample_path();
    let output = caibian(&["typeset", sample.to_str().unwrap()]);
    assert!(output.status.success());
    let text = stdout(&output);
    let issue = caibian::store::load_issue(&sample).unwrap();
    assert!(text.starts_with("\u{7B2C}1\u{7248}"));
    for article in issue.articles.iter().filter(|a| issue.is_placed(&a.id)) {
        assert!(text.contains(&format!("[{}]", article.id)));
    }
}

#[test]
fn export_writes_text_and_pdf_with_progress() {
    let dir = tempfile::tempdir().unwrap();
    let issue = common::sample_copy_with_photos(dir.path());
    let pdf = dir.path().join("out/issue.pdf");
    let txt = dir.path().join("txt");
    let output = caibian(&[
        "export",
        issue.to_str().unwrap(),
        "--pdf",
        pdf.to_str().unwrap(),
        "--txt",
        txt.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("PDF 2/2"), "progress on stderr: {stderr}");
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));
    assert!(txt.join("art-0001.txt").is_file());
}

#[test]
fn export_fails_clearly_on_an_unwritable_folder() {
    let dir = tempfile::tempdir().unwrap();
    let issue = common::sample_copy_with_photos(dir.path());
    // A folder cannot be made below a plain file.
    let blocked = issue.join("txt");
    let output = caibian(&[
        "export",
        issue.to_str().unwrap(),
        "--txt",
        blocked.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("issue.ron"), "names the path: {stderr}");
}

#[test]
fn export_fails_clearly_on_a_missing_photo_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let issue = dir.path().join("issue.ron");
    std::fs::copy(common::sample_path(), &issue).unwrap(); // photos not copied
    let txt = dir.path().join("txt");
    let output = caibian(&[
        "export",
        issue.to_str().unwrap(),
        "--txt",
        txt.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("weiyuan-jiangtang.jpg"),
        "names the photo: {stderr}"
    );
    assert!(!txt.exists(), "nothing written");
}

#[test]
fn export_without_outputs_is_bad_input() {
    let output = caibian(&["export", common::sample_path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
}

fn dirty_copy() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dirty-copy.txt")
}

#[test]
fn check_on_the_sample_exits_0() {
    let output = caibian(&["check", common::sample_path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(!stdout(&output).contains(" error "), "{}", stdout(&output));
}

#[test]
fn check_json_has_the_documented_shape() {
    let output = caibian(&["check", dirty_copy().to_str().unwrap(), "--json"]);
    assert_eq!(output.status.code(), Some(1), "errors exit 1");
    let value: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let findings = value["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 33, "the dirty corpus's counted faults");
    let keys = [
        "rule", "severity", "article", "field", "line", "column", "start", "end", "message", "fix",
    ];
    for finding in findings {
        let object = finding.as_object().unwrap();
        assert_eq!(object.len(), keys.len());
        for key in keys {
            assert!(object.contains_key(key), "{key} in {finding}");
        }
        assert!(["error", "warning", "note"].contains(&finding["severity"].as_str().unwrap()));
        assert!(finding["article"].is_null() && finding["field"].is_null());
        assert!(finding["start"].as_u64().unwrap() < finding["end"].as_u64().unwrap());
    }
    // 10届9次 on line 1: session-numerals at column 14 (chars 13..18), fixed to 十届九次.
    let session = findings
        .iter()
        .find(|f| f["rule"] == "session-numerals")
        .unwrap();
    assert_eq!(
        (session["line"].as_u64(), session["column"].as_u64()),
        (Some(1), Some(14))
    );
    assert_eq!(
        (session["start"].as_u64(), session["end"].as_u64()),
        (Some(13), Some(18))
    );
    assert_eq!(session["fix"], "\u{5341}\u{5C4A}\u{4E5D}\u{6B21}");
}

#[test]
fn check_human_output_is_one_line_per_finding() {
    let file = dirty_copy();
    let output = caibian(&["check", file.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert_eq!(text.lines().count(), 33);
    let first = text.lines().next().unwrap();
    let expected = format!("{}:1:", file.display());
    assert!(first.starts_with(&expected), "{first}");
    assert!(text.contains(" error session-numerals: "), "{text}");
}

#[test]
fn check_fix_writes_a_clean_copy_and_leaves_the_input() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("copy.txt");
    std::fs::copy(dirty_copy(), &input).unwrap();
    let before = std::fs::read(&input).unwrap();
    let out = dir.path().join("fixed.txt");
    let output = caibian(&[
        "check",
        input.to_str().unwrap(),
        "--fix",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1), "the input still has errors");
    assert_eq!(std::fs::read(&input).unwrap(), before, "input untouched");
    let text = String::from_utf8(before).unwrap();
    let fixed = std::fs::read_to_string(&out).unwrap();
    let mut checker = caibian::proof::Checker::default();
    let again = checker.check_field(None, &fixed);
    assert!(!again.iter().any(|f| f.has_safe_fix()), "{again:#?}");
    let first = checker.check_field(None, &text);
    assert_eq!(fixed, caibian::proof::apply_safe_fixes(&text, &first));
    assert_only_ranges_differ(&text, &fixed, &first);
    // --fix onto the input itself is refused.
    let same = caibian(&[
        "check",
        input.to_str().unwrap(),
        "--fix",
        input.to_str().unwrap(),
    ]);
    assert_eq!(same.status.code(), Some(2));
}

/// Outside the safe-fix ranges, `fixed` holds the input's text in order.
fn assert_only_ranges_differ(text: &str, fixed: &str, found: &[caibian::proof::Finding]) {
    let chars: Vec<char> = text.chars().collect();
    let mut ranges: Vec<_> = found
        .iter()
        .filter(|f| f.has_safe_fix())
        .filter_map(|f| f.range.clone())
        .collect();
    ranges.sort_by_key(|r| r.start);
    ranges.push(chars.len()..chars.len());
    let (mut at, mut rest) = (0, fixed);
    for range in ranges {
        let kept: String = chars[at.min(range.start)..range.start].iter().collect();
        let position = rest.find(&kept).expect("text outside the ranges kept");
        rest = &rest[position + kept.len()..];
        at = at.max(range.end);
    }
}

/// The sample in a temporary folder, with its photos, and one article's body replaced.
fn dirty_issue(dir: &std::path::Path) -> std::path::PathBuf {
    let mut issue = caibian::store::load_issue(&common::sample_path()).unwrap();
    issue.articles[1].body = std::fs::read_to_string(dirty_copy()).unwrap();
    let path = dir.join("issue.ron");
    caibian::store::save_issue(&path, &issue).unwrap();
    let photos = common::sample_path().parent().unwrap().join("photos");
    std::fs::create_dir_all(dir.join("photos")).unwrap();
    for entry in std::fs::read_dir(photos).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.join("photos").join(entry.file_name())).unwrap();
    }
    path
}

#[test]
fn check_fix_on_an_issue_fixes_every_field() {
    let dir = tempfile::tempdir().unwrap();
    let input = dirty_issue(dir.path());
    let out = dir.path().join("fixed.ron");
    let output = caibian(&[
        "check",
        input.to_str().unwrap(),
        "--json",
        "--fix",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let value: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let body = value["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["article"] == "art-0002" && f["field"] == "body")
        .count();
    assert_eq!(body, 33);
    let before = caibian::store::load_issue(&input).unwrap();
    let fixed = caibian::store::load_issue(&out).unwrap();
    let mut checker = caibian::proof::Checker::default();
    let again = checker.check_issue(&fixed, None);
    assert!(!again.iter().any(|f| f.has_safe_fix()), "{again:#?}");
    let first = checker.check_field(
        Some(caibian::model::TextField::Body),
        &before.articles[1].body,
    );
    assert_only_ranges_differ(&before.articles[1].body, &fixed.articles[1].body, &first);
    assert_eq!(
        before.articles[0], fixed.articles[0],
        "clean articles unchanged"
    );
}

#[test]
fn check_bad_input_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("none.txt");
    assert_eq!(
        caibian(&["check", missing.to_str().unwrap()]).status.code(),
        Some(2)
    );
    let latin1 = dir.path().join("latin1.txt");
    std::fs::write(&latin1, [0x63, 0xE9, 0x0A]).unwrap();
    let output = caibian(&["check", latin1.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("UTF-8"));
    let broken = dir.path().join("broken.ron");
    std::fs::write(&broken, "(schema_version: 1, oops").unwrap();
    assert_eq!(
        caibian(&["check", broken.to_str().unwrap()]).status.code(),
        Some(2)
    );
}

#[test]
fn export_pdf_refuses_an_issue_with_errors_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let input = dirty_issue(dir.path());
    let pdf = dir.path().join("out.pdf");
    let args = [
        "export",
        input.to_str().unwrap(),
        "--pdf",
        pdf.to_str().unwrap(),
    ];
    let output = caibian(&args);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--force"), "{stderr}");
    assert!(stderr.contains("session-numerals"), "{stderr}");
    assert!(!pdf.exists(), "no PDF written");
    let mut forced = args.to_vec();
    forced.push("--force");
    let output = caibian(&forced);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(pdf.exists());
}
