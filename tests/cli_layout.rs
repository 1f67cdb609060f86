//! `caibian layout`: 自动组版 from the command line.

mod makeup_support;

use std::process::Command;

use makeup_support::{Spec, pool_issue};

fn caibian(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_caibian"))
        .args(args)
        .output()
        .expect("binary runs")
}

fn write_pool(dir: &std::path::Path, specs: &[Spec]) -> std::path::PathBuf {
    let path = dir.join("issue.ron");
    caibian::store::save_issue(&path, &pool_issue(1, specs)).unwrap();
    path
}

#[test]
fn layout_adds_the_page_places_the_pool_and_leaves_the_input_alone() {
    let dir = tempfile::tempdir().unwrap();
    let specs: Vec<Spec> = (0..8)
        .map(|n| Spec {
            chars: 300 + n * 150,
            approved: true,
            priority: 0,
        })
        .collect();
    let input = write_pool(dir.path(), &specs);
    let before = std::fs::read(&input).unwrap();
    let out = dir.path().join("out.ron");
    let output = caibian(&[
        "layout",
        input.to_str().unwrap(),
        "--page",
        "2",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        std::fs::read(&input).unwrap(),
        before,
        "the input is never written"
    );
    let result = caibian::store::load_issue(&out).unwrap();
    assert_eq!(result.pages.len(), 2);
    assert_eq!(result.pages[1].placements.len(), 8);
    assert_eq!(result.pool().count(), 0);
    // The report is in Chinese: the page, how many went in, how full it is, then each
    // article with its headline.
    let stdout = String::from_utf8_lossy(&output.stdout);
    let mut lines = stdout.lines();
    let summary = lines.next().unwrap_or_default();
    assert!(
        summary.starts_with("第2版\u{FF1A}排入 8 篇\u{FF0C}填满空白版面的 "),
        "{stdout}"
    );
    assert!(summary.ends_with('%'), "{summary}");
    for article in result.articles.iter() {
        let line = format!("  {}\t{}", article.id, article.headline);
        assert!(stdout.lines().any(|l| l == line), "{line:?} in {stdout}");
    }
    assert_eq!(lines.count(), 8);
    // typeset --json of the result shows every block set without overflow.
    let typeset = caibian(&["typeset", out.to_str().unwrap(), "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&typeset.stdout).unwrap();
    let blocks = json["pages"][1]["blocks"].as_array().unwrap();
    assert_eq!(blocks.len(), 8);
    assert!(blocks.iter().all(|b| b["overflow_chars"] == 0));
}

#[test]
fn layout_exits_1_naming_approved_articles_that_do_not_fit() {
    let dir = tempfile::tempdir().unwrap();
    // Six long approved stories cannot all go on one 对开 page.
    let specs: Vec<Spec> = (0..6)
        .map(|_| Spec {
            chars: 4000,
            approved: true,
            priority: 0,
        })
        .collect();
    let input = write_pool(dir.path(), &specs);
    let before = std::fs::read(&input).unwrap();
    let out = dir.path().join("out.ron");
    let output = caibian(&[
        "layout",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(out.exists(), "what fits is still written");
    assert_eq!(
        std::fs::read(&input).unwrap(),
        before,
        "the input is never written"
    );
    assert!(stderr.contains("签发的稿件排不进第1版"), "{stderr}");
    // Exactly the approved articles left in the pool are named.
    let result = caibian::store::load_issue(&out).unwrap();
    let left: Vec<String> = result.pool().map(|a| a.id.0.clone()).collect();
    assert!(!left.is_empty());
    for n in 1..=6 {
        let id = format!("art-{n:04}");
        assert_eq!(stderr.contains(&id), left.contains(&id), "{id}: {stderr}");
    }
}

#[test]
fn layout_refuses_bad_files_and_arguments_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.ron");
    std::fs::write(&bad, "not an issue").unwrap();
    let out = dir.path().join("out.ron");
    let run = |args: &[&str]| caibian(args).status.code();
    assert_eq!(
        run(&[
            "layout",
            bad.to_str().unwrap(),
            "--out",
            out.to_str().unwrap()
        ]),
        Some(2)
    );
    let input = write_pool(
        dir.path(),
        &[Spec {
            chars: 300,
            approved: true,
            priority: 0,
        }],
    );
    let input = input.to_str().unwrap();
    assert_eq!(
        run(&["layout", input, "--out", input]),
        Some(2),
        "input as output"
    );
    assert_eq!(
        run(&[
            "layout",
            input,
            "--page",
            "0",
            "--out",
            out.to_str().unwrap()
        ]),
        Some(2)
    );
    assert_eq!(
        run(&[
            "layout",
            input,
            "--template",
            "nope",
            "--out",
            out.to_str().unwrap()
        ]),
        Some(2)
    );
    assert!(!out.exists());
}
