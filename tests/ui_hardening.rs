//! The window's hardening: quitting from the menu, SIGTERM like a close, a start-up file
//! that failed once is not reopened, the user name is remembered.

mod common;

use caibian::ui::{CaibianApp, RecentFiles, StartupFile, open_at_start};
use egui_kittest::kittest::Queryable;

use common::sample_copy;
use common::ui::{harness, type_into_headline};

#[test]
fn the_file_menu_has_quit_and_it_asks_about_unsaved_changes() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_copy(dir.path());
    let mut harness = harness(CaibianApp::open_file(&path));
    type_into_headline(&mut harness, "x");
    harness.get_by_label("文件").click();
    harness.run();
    harness.get_by_label_contains("退出").click();
    harness.run();
    assert!(harness.state().pending_unsaved().is_some());
    assert!(!harness.state().close_confirmed());
    harness.get_by_label("不保存").click();
    harness.run();
    assert!(harness.state().close_confirmed());
}

#[test]
fn a_termination_signal_closes_like_the_close_button_after_a_recovery_copy() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_copy(dir.path());
    let recovery = dir.path().join("recovery");
    let mut app = CaibianApp::open_file(&path);
    app.set_recovery_dir(Some(recovery.clone()));
    let mut harness = harness(app);
    type_into_headline(&mut harness, "x");
    caibian::ui::request_termination();
    harness.run();
    // Unsaved changes: a recovery copy now, and the question, as for a close request.
    assert!(harness.state().pending_unsaved().is_some());
    let copies = std::fs::read_dir(&recovery).unwrap().count();
    assert_eq!(copies, 1);
    // Without changes it closes at once and gives the lock back.
    let mut harness = harness_on(&path);
    assert!(caibian::store::lock::lock_path(&path).exists());
    caibian::ui::request_termination();
    harness.run();
    assert!(harness.state().close_confirmed());
    assert!(!caibian::store::lock::lock_path(&path).exists());
}

fn harness_on(path: &std::path::Path) -> egui_kittest::Harness<'static, CaibianApp> {
    harness(CaibianApp::open_file(path))
}

#[test]
fn a_last_file_that_failed_at_start_is_not_opened_again_automatically() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let bad = dir.path().join("bad.ron");
    std::fs::write(&bad, "(garbage").unwrap();
    let mut recent = RecentFiles::default();
    recent.add(&bad);
    // First start: the window opens anyway, with the error shown.
    let first = open_at_start(StartupFile::LastOrSample, &recent, Some(&data));
    assert!(first.path().is_none());
    assert!(first.notice().is_some_and(|n| n.text.contains("bad.ron")));
    // Second start: the file is not tried again; the sample opens with a message.
    let second = open_at_start(StartupFile::LastOrSample, &recent, Some(&data));
    assert!(second.path().is_none());
    let message = &second.notice().unwrap().text;
    assert!(
        message.contains("bad.ron") && message.contains("未能打开"),
        "{message}"
    );
    assert!(!second.document().issue().articles.is_empty(), "the sample");
}

#[test]
fn a_good_last_file_is_reopened_every_time() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let path = sample_copy(dir.path());
    let mut recent = RecentFiles::default();
    recent.add(&path);
    for _ in 0..2 {
        let app = open_at_start(StartupFile::LastOrSample, &recent, Some(&data));
        let mut harness = harness(app);
        harness.run();
        assert_eq!(harness.state().path(), Some(path.as_path()));
        harness.state_mut().on_close();
    }
}

#[test]
fn an_issue_with_a_block_off_its_grid_is_refused_on_open_naming_page_and_article() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_copy(dir.path());
    let mut issue = caibian::store::load_issue(&path).unwrap();
    // 四开 has 5 columns: columns 4–6 leave the grid.
    issue.pages[0].placements[0].column = 4;
    issue.pages[0].placements[0].span = 3;
    let bad = dir.path().join("off-grid.ron");
    caibian::store::save_issue(&bad, &issue).unwrap();
    let app = CaibianApp::open_file(&bad);
    assert!(app.path().is_none(), "not opened");
    let message = &app.notice().unwrap().text;
    assert!(
        message.contains("art-0001") && message.contains("第1版"),
        "{message}"
    );
}
