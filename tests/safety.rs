//! Never losing work: recovery after a crash, conflicts on save, locks, backups.

mod common;

use caibian::store;
use caibian::ui::CaibianApp;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;

use common::sample_copy;
use common::ui::{harness, harness_with_step, type_into_headline};

#[test]
fn edits_survive_a_crash_through_the_recovery_copy() {
    let dir = tempfile::tempdir().unwrap();
    let recovery_dir = dir.path().join("recovery");
    let path = sample_copy(dir.path());
    let edited_headline;
    {
        let mut app = CaibianApp::open_file(&path);
        app.set_recovery_dir(Some(recovery_dir.clone()));
        let mut harness = harness(app);
        type_into_headline(&mut harness, "\u{FF08}\u{6062}\u{590D}\u{FF09}"); // （恢复）
        let id = harness.state().selected().unwrap().clone();
        edited_headline = harness
            .state()
            .document()
            .issue()
            .article(&id)
            .unwrap()
            .headline
            .clone();
        harness.state_mut().autosave_now();
        // The harness (and the app) are dropped here without saving: a crash.
    }
    assert_ne!(
        store::load_issue(&path).unwrap().articles[0].headline,
        edited_headline,
        "the file itself was not saved"
    );

    let mut app = CaibianApp::open_file(&path);
    app.set_recovery_dir(Some(recovery_dir.clone()));
    assert_eq!(app.pending_recovery().len(), 1);
    let mut harness = harness(app);
    harness.get_by_label("\u{6062}\u{590D}").click(); // 恢复
    harness.run();
    let issue = harness.state().document().issue();
    assert_eq!(issue.articles[0].headline, edited_headline);
    assert!(
        harness.state().document().is_modified(),
        "restored changes still need saving"
    );
    assert_eq!(harness.state().path(), Some(path.as_path()));

    // Saving makes the recovery copy go away.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    assert_eq!(
        caibian::store::recovery::list_recoveries(&recovery_dir)
            .0
            .len(),
        0
    );
    assert_eq!(
        store::load_issue(&path).unwrap().articles[0].headline,
        edited_headline
    );
}

#[test]
fn autosave_waits_for_the_interval() {
    let dir = tempfile::tempdir().unwrap();
    let recovery_dir = dir.path().join("recovery");
    let path = sample_copy(dir.path());
    let mut app = CaibianApp::open_file(&path);
    app.set_recovery_dir(Some(recovery_dir.clone()));
    app.set_safety_settings(caibian::ui::SafetySettings {
        autosave_seconds: 10.0,
        backups: 5,
    });
    let mut harness = harness_with_step(app, 0.25);
    type_into_headline(&mut harness, "x");
    assert!(
        caibian::store::recovery::list_recoveries(&recovery_dir)
            .0
            .is_empty()
    );
    // Each step advances the UI clock by 0.25 s: 15 s in all.
    harness.run_steps(60);
    assert_eq!(
        caibian::store::recovery::list_recoveries(&recovery_dir)
            .0
            .len(),
        1
    );
}

#[test]
fn a_file_changed_behind_our_back_is_not_overwritten_silently() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_copy(dir.path());
    let mut harness = harness(CaibianApp::open_file(&path));
    type_into_headline(&mut harness, "\u{4E00}");
    let theirs = std::fs::read_to_string(&path)
        .unwrap()
        .replace("schema_version: 1", "schema_version: 1 ");
    std::fs::write(&path, &theirs).unwrap();

    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    assert!(harness.state().conflict_pending());
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        theirs,
        "nothing written yet"
    );
    harness.get_by_label("\u{53D6}\u{6D88}").click(); // 取消
    harness.run();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), theirs);
    assert!(harness.state().document().is_modified());

    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    harness.get_by_label("\u{8986}\u{76D6}").click(); // 覆盖
    harness.run();
    assert_eq!(
        store::load_issue(&path).unwrap(),
        *harness.state().document().issue()
    );
}

#[test]
fn an_issue_open_elsewhere_can_be_opened_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_copy(dir.path());
    // A lock held by a live process: pid 1.
    let owner = caibian::store::lock::LockOwner {
        who: "\u{738B}\u{7F16}\u{8F91}".into(),
        host: String::new(),
        pid: 1,
        since: "2022-09-21T16:00:00+08:00".into(),
    };
    std::fs::write(
        caibian::store::lock::lock_path(&path),
        ron::to_string(&owner).unwrap(),
    )
    .unwrap();
    let mut harness = harness(CaibianApp::open_file(&path));
    assert!(harness.state().lock_question_pending());
    harness
        .get_by_label("\u{53EA}\u{8BFB}\u{6253}\u{5F00}")
        .click(); // 只读打开
    harness.run();
    assert!(harness.state().is_read_only());
    assert!(harness.state().title().contains("\u{53EA}\u{8BFB}"));
    // The status bar says so: 只读.
    harness.get_by_label_contains("\u{53EA}\u{8BFB}\u{FF08}");
    // The fields take no typing: nothing changes, no * in the title.
    let headline = harness.state().document().issue().articles[0]
        .headline
        .clone();
    type_into_headline(&mut harness, "x");
    assert_eq!(
        harness.state().document().issue().articles[0].headline,
        headline
    );
    assert!(!harness.state().document().is_modified());
    assert!(!harness.state().title().contains('*'));
    let before = std::fs::read(&path).unwrap();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "read-only never writes the file"
    );
}

#[test]
fn each_save_keeps_a_backup_of_the_previous_version() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_copy(dir.path());
    let original = std::fs::read(&path).unwrap();
    let mut harness = harness(CaibianApp::open_file(&path));
    for n in 0..7 {
        type_into_headline(&mut harness, &n.to_string());
        harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
        harness.run();
    }
    let backups = caibian::store::backup::list_backups(&path);
    assert_eq!(backups.len(), 5);
    assert_ne!(
        std::fs::read(backups.last().unwrap()).unwrap(),
        original,
        "the newest backup is the version before the last save"
    );
}

#[test]
fn a_failed_save_keeps_the_issue_in_memory() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_copy(dir.path());
    let mut harness = harness(CaibianApp::open_file(&path));
    type_into_headline(&mut harness, "x");
    let edited = harness.state().document().issue().clone();
    // A folder below a plain file cannot exist: the save must fail cleanly.
    let blocked = path.join("below-a-file.ron");
    harness
        .state_mut()
        .apply(caibian::ui::command::AppCommand::SaveTo(blocked));
    harness.run();
    let notice = harness.state().notice().unwrap();
    assert_eq!(notice.kind, caibian::ui::NoticeKind::Error);
    assert_eq!(harness.state().document().issue(), &edited);
    assert!(harness.state().document().is_modified());
    assert_eq!(harness.state().path(), Some(path.as_path()));
}

#[test]
fn the_number_of_backups_is_set_in_the_settings_window() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_copy(dir.path());
    let mut harness = harness(CaibianApp::open_file(&path));
    harness.get_by_label("\u{6587}\u{4EF6}").click(); // 文件
    harness.run();
    harness.get_by_label_contains("\u{8BBE}\u{7F6E}").click(); // 设置…
    harness.run();
    harness
        .get_by_label("\u{4FDD}\u{7559}\u{5907}\u{4EFD}\u{4EFD}\u{6570}")
        .set_value_accesskit(2.0); // 保留备份份数
    harness.run();
    assert_eq!(harness.state().safety_settings().backups, 2);
    for n in 0..4 {
        type_into_headline(&mut harness, &n.to_string());
        harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
        harness.run();
    }
    assert_eq!(caibian::store::backup::list_backups(&path).len(), 2);
}

#[test]
fn saving_into_another_folder_takes_the_photos_along() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("elsewhere").join("issue.ron");
    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
    let mut harness = harness(CaibianApp::open_sample(&common::sample_path()));
    harness
        .state_mut()
        .apply(caibian::ui::command::AppCommand::SaveTo(target.clone()));
    harness.run();
    let notice = harness.state().notice().unwrap().clone();
    assert_eq!(
        notice.kind,
        caibian::ui::NoticeKind::Info,
        "{}",
        notice.text
    );
    let issue = store::load_issue(&target).unwrap();
    for photo in issue.articles.iter().flat_map(|a| &a.photos) {
        assert!(
            target.parent().unwrap().join(&photo.path).is_file(),
            "{}",
            photo.path
        );
    }
}
