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
