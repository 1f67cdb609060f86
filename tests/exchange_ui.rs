//! Exchange in the window, through egui_kittest: import with the replace offer and its
//! diff, undo, the inbox marking arrivals 新到, and the correspondent mode.

mod common;

use std::time::{Duration, Instant};

use caibian::store;
use caibian::store::article_file::export_article;
use caibian::ui::CaibianApp;
use caibian::ui::command::AppCommand;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;

use common::sample_copy_with_photos;
use common::ui::harness;

/// 主题 (U+4E3B U+9898) followed by a full-width colon, the diff's field label.
const HEADLINE_DIFF_LABEL: &str = "\u{4E3B}\u{9898}\u{FF1A}";
/// 【新到】, the mark of an inbox arrival in the pool.
const NEW_MARK: &str = "\u{3010}\u{65B0}\u{5230}\u{3011}";

#[test]
fn importing_a_newer_version_offers_replace_with_the_diff_and_undo_restores() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_copy_with_photos(dir.path());
    let issue = store::load_issue(&path).unwrap();
    let original = issue.articles[0].clone();
    let mut newer = original.clone();
    newer.headline = format!("{}\u{5706}\u{6EE1}", original.headline); // + 圆满
    let file = dir.path().join("newer.article.zip");
    export_article(&newer, dir.path(), &file, "", "").unwrap();

    let mut harness = harness(CaibianApp::open_file(&path));
    harness
        .state_mut()
        .apply(AppCommand::ImportFiles(vec![file.clone()]));
    harness.run();
    assert_eq!(harness.state().pending_replacements(), 1);
    harness.get_by_label(HEADLINE_DIFF_LABEL);
    let count = harness.state().document().issue().articles.len();

    harness.get_by_label("\u{66FF}\u{6362}").click(); // 替换
    harness.run();
    assert_eq!(harness.state().pending_replacements(), 0);
    let issue = harness.state().document().issue();
    assert_eq!(
        issue.article(&original.id).unwrap().headline,
        newer.headline
    );
    assert_eq!(issue.articles.len(), count, "replaced, not added");

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    let issue = harness.state().document().issue();
    assert_eq!(
        issue.article(&original.id).unwrap().headline,
        original.headline
    );

    // The same file again, kept as a new article this time.
    harness
        .state_mut()
        .apply(AppCommand::ImportFiles(vec![file]));
    harness.run();
    harness
        .get_by_label("\u{4F5C}\u{4E3A}\u{65B0}\u{7A3F}\u{4EF6}\u{5BFC}\u{5165}")
        .click(); // 作为新稿件导入
    harness.run();
    let issue = harness.state().document().issue();
    assert_eq!(issue.articles.len(), count + 1);
    assert_eq!(
        issue.article(&original.id).unwrap().headline,
        original.headline
    );
}

#[test]
fn a_report_dropped_into_the_inbox_appears_in_the_pool_marked_new() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_copy_with_photos(dir.path());
    let inbox = dir.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    let mut harness = harness(CaibianApp::open_file(&path));
    harness
        .state_mut()
        .apply(AppCommand::SetInboxFolder(Some(inbox.clone())));
    harness.run();
    assert_eq!(
        harness
            .state()
            .document()
            .issue()
            .inbox
            .as_ref()
            .unwrap()
            .folder,
        "inbox",
        "stored relative to the issue"
    );
    // 永昌县政协开展调研 / 本报永昌讯（通讯员 李某）/ one sentence.
    let headline = "\u{6C38}\u{660C}\u{53BF}\u{653F}\u{534F}\u{5F00}\u{5C55}\u{8C03}\u{7814}";
    let text = format!(
        "{headline}\n\u{672C}\u{62A5}\u{6C38}\u{660C}\u{8BAF}\u{FF08}\u{901A}\u{8BAF}\u{5458} \u{674E}\u{67D0}\u{FF09}\n\u{8C03}\u{7814}\u{7EC4}\u{5B9E}\u{5730}\u{67E5}\u{770B}\u{3002}\n"
    );
    let before = harness.state().document().issue().articles.len();
    std::fs::write(inbox.join("report.txt"), &text).unwrap();
    std::fs::write(
        inbox.join("report.sync-conflict-20220922-101010-ABCDEFG.txt"),
        "x",
    )
    .unwrap();
    let end = Instant::now() + Duration::from_secs(5);
    while harness.state().document().issue().articles.len() == before && Instant::now() < end {
        std::thread::sleep(Duration::from_millis(100));
        harness.step();
    }
    harness.run();
    let issue = harness.state().document().issue();
    assert_eq!(issue.articles.len(), before + 1, "imported once");
    let arrived = issue
        .articles
        .iter()
        .find(|a| a.headline == headline)
        .unwrap()
        .id
        .clone();
    assert!(harness.state().new_arrivals().contains(&arrived));
    assert_eq!(
        harness.state().inbox_conflicts().len(),
        1,
        "the conflict copy is listed, not imported"
    );
    let marked = format!("{NEW_MARK}{headline}");
    harness.get_by_label(&marked).click();
    harness.run();
    assert!(
        !harness.state().new_arrivals().contains(&arrived),
        "opened: no longer new"
    );
    assert!(harness.query_by_label(&marked).is_none());
    // The conflict copy, shown with what differs from the original, imported on demand.
    let conflict = &harness.state().inbox_conflicts()[0];
    assert_eq!(conflict.original.as_ref().unwrap().name, "report.txt");
    assert!(!conflict.diff.as_ref().unwrap().is_empty());
    harness.state_mut().apply(AppCommand::ShowInbox);
    harness.run();
    harness
        .get_by_label("\u{5BFC}\u{5165}\u{51B2}\u{7A81}\u{526F}\u{672C}")
        .click(); // 导入冲突副本
    harness.run();
    assert!(harness.state().inbox_conflicts().is_empty());
    assert_eq!(
        harness.state().document().issue().articles.len(),
        before + 2
    );
    // Saved with the issue: a restart does not import it again.
    harness.state_mut().apply(AppCommand::Save);
    harness.run();
    let saved = store::load_issue(&path).unwrap();
    assert_eq!(saved.inbox.unwrap().imported.len(), 1);
    assert!(
        inbox.join("report.txt").exists(),
        "the inbox file is left alone"
    );
}

#[test]
fn the_correspondent_mode_shows_form_and_exchange_buttons_but_no_pages() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_copy_with_photos(dir.path());
    let mut harness = harness(CaibianApp::open_file(&path));
    harness
        .state_mut()
        .apply(AppCommand::SetCorrespondentMode(true));
    harness.run();
    assert!(harness.state().correspondent_mode());
    harness.get_by_label("\u{53D1}\u{9001}\u{5230}\u{6536}\u{7A3F}\u{6587}\u{4EF6}\u{5939}"); // 发送到收稿文件夹
    harness.get_by_label("\u{4E3B}\u{9898}"); // the form's 主题 field
    // The meeting panel and the photos are in the correspondent's form too: 会议信息,
    // 添加图片 (U+4F1A U+8BAE U+4FE1 U+606F, U+6DFB U+52A0 U+56FE U+7247).
    harness.get_by_label_contains("\u{4F1A}\u{8BAE}\u{4FE1}\u{606F}");
    harness.get_by_label_contains("\u{6DFB}\u{52A0}\u{56FE}\u{7247}");
    // And the checks panel with its 修正全部安全项; 校对面板 (U+6821 U+5BF9 U+9762 U+677F)
    // hides and shows it.
    let fix_all = "\u{4FEE}\u{6B63}\u{5168}\u{90E8}\u{5B89}\u{5168}\u{9879}";
    harness.get_by_label_contains(fix_all);
    harness
        .get_by_label("\u{6821}\u{5BF9}\u{9762}\u{677F}")
        .click();
    harness.run();
    assert!(harness.query_by_label_contains(fix_all).is_none());
    // No page tree: the 稿件池 (U+7A3F U+4EF6 U+6C60) header is an editor's panel.
    assert!(
        harness
            .query_by_label_contains("\u{7A3F}\u{4EF6}\u{6C60}")
            .is_none()
    );
    // A correspondent's new article gets an id unique across machines (art-YYYYMMDD-…).
    harness
        .get_by_label("\u{65B0}\u{5EFA}\u{7A3F}\u{4EF6}")
        .click(); // 新建稿件
    harness.run();
    let id = harness.state().selected().unwrap().0.clone();
    assert!(
        id.starts_with("art-2") && id.len() > "art-20220922-".len(),
        "{id}"
    );
    // Send to a folder: an article file appears there.
    let outbox = dir.path().join("outbox");
    std::fs::create_dir_all(&outbox).unwrap();
    let mut settings = harness.state().exchange_settings().clone();
    settings.send_folder = outbox.display().to_string();
    harness.state_mut().set_exchange_settings(settings);
    harness
        .get_by_label("\u{53D1}\u{9001}\u{5230}\u{6536}\u{7A3F}\u{6587}\u{4EF6}\u{5939}")
        .click();
    harness.run();
    let sent: Vec<_> = std::fs::read_dir(&outbox).unwrap().collect();
    assert_eq!(sent.len(), 1);
    harness
        .get_by_label("\u{5207}\u{6362}\u{5230}\u{7F16}\u{8F91}\u{90E8}\u{6A21}\u{5F0F}")
        .click(); // 切换到编辑部模式
    harness.run();
    assert!(!harness.state().correspondent_mode());
    // Chosen in 设置 too: the 通讯员模式 (U+901A U+8BAF U+5458 U+6A21 U+5F0F) box.
    harness.state_mut().apply(AppCommand::ShowSettings);
    harness.run();
    harness
        .get_by_label("\u{901A}\u{8BAF}\u{5458}\u{6A21}\u{5F0F}")
        .click();
    harness.run();
    assert!(harness.state().correspondent_mode());
    assert!(
        harness.state().exchange_settings().correspondent,
        "kept in the settings the app persists"
    );
}
