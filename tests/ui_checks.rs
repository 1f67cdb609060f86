//! The checks in the window: the 校对 panel, 修正 and undo, 修正全部安全项, 忽略, paste
//! cleanup, and the question before a print PDF with errors (egui_kittest).
//!
//! Chinese punctuation is written by code point: U+FF0C ， U+201C “ U+201D ” U+3002 。

mod common;

use caibian::model::{ArticleId, Issue, TextField};
use caibian::ui::CaibianApp;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use common::ui::harness;

/// The sample issue with art-0003's body replaced by `body`, selected.
fn app_with_body(body: &str) -> (CaibianApp, ArticleId) {
    let mut issue: Issue = caibian::store::load_issue(&common::sample_path()).unwrap();
    let id = ArticleId("art-0003".into());
    issue.article_mut(&id).unwrap().body = body.to_owned();
    let mut app = CaibianApp::new(issue, None);
    app.apply(caibian::ui::command::AppCommand::Select(id.clone()));
    (app, id)
}

fn article(harness: &Harness<'_, CaibianApp>, id: &ArticleId) -> caibian::model::Article {
    harness
        .state()
        .document()
        .issue()
        .article(id)
        .unwrap()
        .clone()
}

fn body(harness: &Harness<'_, CaibianApp>, id: &ArticleId) -> String {
    article(harness, id).body
}

fn rules_of(harness: &Harness<'_, CaibianApp>, id: &ArticleId) -> Vec<&'static str> {
    harness
        .state()
        .findings()
        .iter()
        .filter(|f| f.article.as_ref() == Some(id) && f.field == Some(TextField::Body))
        .map(|f| f.rule)
        .collect()
}

#[test]
fn clicking_a_finding_selects_its_range() {
    // 会议召开,要求落实 : the half-width comma U+002C is char 4.
    let (app, id) = app_with_body("会议召开,要求落实");
    let mut harness = harness(app);
    assert_eq!(rules_of(&harness, &id), ["halfwidth-punct"]);
    harness.get_by_label_contains("中文里的半角标点").click();
    harness.run();
    harness.run();
    assert_eq!(harness.state().selected(), Some(&id));
    let ctx = harness.ctx.clone();
    assert_eq!(
        harness.state().form_selection(&ctx, TextField::Body),
        Some(4..5)
    );
}

#[test]
fn fix_changes_the_text_and_undo_brings_both_back() {
    let dirty = "会议召开,要求落实";
    let (app, id) = app_with_body(dirty);
    let mut harness = harness(app);
    harness.get_by_label("修正").click();
    harness.run();
    assert_eq!(body(&harness, &id), "会议召开\u{FF0C}要求落实");
    assert!(rules_of(&harness, &id).is_empty(), "the finding is gone");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(body(&harness, &id), dirty);
    assert_eq!(rules_of(&harness, &id), ["halfwidth-punct"]);
}

#[test]
fn fix_all_safe_is_one_undo_step() {
    // Three safe faults: a space between Han, a half-width comma, straight quotes (x2).
    let dirty = "会议 召开,坚持\"小切口\"原则";
    let (app, id) = app_with_body(dirty);
    let mut harness = harness(app);
    assert_eq!(rules_of(&harness, &id).len(), 4);
    harness.get_by_label("修正全部安全项").click();
    harness.run();
    assert_eq!(
        body(&harness, &id),
        "会议召开\u{FF0C}坚持\u{201C}小切口\u{201D}原则"
    );
    assert!(rules_of(&harness, &id).is_empty());
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(body(&harness, &id), dirty, "one undo restores every fix");
    assert_eq!(rules_of(&harness, &id).len(), 4);
}

#[test]
fn ignore_hides_the_finding_and_is_saved_in_the_article() {
    // 以来的的变化: 的的 (U+7684 U+7684) is a doubled-character warning.
    let (app, id) = app_with_body("以来的的变化");
    let mut harness = harness(app);
    assert_eq!(rules_of(&harness, &id), ["doubled"]);
    harness.get_by_label("忽略").click();
    harness.run();
    assert!(rules_of(&harness, &id).is_empty());
    let article = article(&harness, &id);
    assert_eq!(article.ignored.len(), 1);
    assert_eq!(article.ignored[0].rule, "doubled");
    assert_eq!(article.ignored[0].field, "body");
}

#[test]
fn pasted_dirty_paragraph_is_cleaned_on_confirmation() {
    let (app, id) = app_with_body("");
    let mut harness = harness(app);
    harness.get_by_label("\u{6B63}\u{6587}").focus(); // 正文
    harness.run();
    // Pasted from a PDF: a space between Han, a half-width comma, straight quotes and a
    // line broken inside the paragraph.
    let pasted = "会议 强调,要坚持\"小切口\"做好\n大文章\u{3002}";
    harness.event(egui::Event::Paste(pasted.to_owned()));
    harness.run();
    assert_eq!(body(&harness, &id), pasted, "pasted as it came first");
    harness.get_by_label("清理后");
    harness.get_by_label("清理").click();
    harness.run();
    assert_eq!(
        body(&harness, &id),
        "会议强调\u{FF0C}要坚持\u{201C}小切口\u{201D}做好大文章\u{3002}"
    );
    assert!(
        harness.query_by_label("清理后").is_none(),
        "the offer closes"
    );
}

#[test]
fn keeping_a_paste_as_it_came_changes_nothing() {
    let (app, id) = app_with_body("");
    let mut harness = harness(app);
    harness.get_by_label("\u{6B63}\u{6587}").focus();
    harness.run();
    let pasted = "会议 强调";
    harness.event(egui::Event::Paste(pasted.to_owned()));
    harness.run();
    harness.get_by_label("保留原样").click();
    harness.run();
    assert_eq!(body(&harness, &id), pasted);
    assert!(harness.query_by_label("清理后").is_none());
}

#[test]
fn print_export_with_errors_asks_first() {
    let (app, _) = app_with_body("会议召开,要求落实");
    let mut harness = harness(app);
    harness
        .state_mut()
        .apply(caibian::ui::command::AppCommand::ShowExport);
    harness.run();
    harness.get_by_label("开始导出").click();
    harness.run();
    harness.get_by_label_contains("仍要导出印刷PDF");
    harness.get_by_label("取消导出").click();
    harness.run();
    assert!(harness.query_by_label_contains("仍要导出印刷PDF").is_none());
    assert!(!harness.state().export_running());
}

#[test]
fn the_sample_shows_no_errors_or_warnings_in_the_panel() {
    let harness = harness(CaibianApp::open_sample(&common::sample_path()));
    harness.get_by_label("没有发现问题");
    harness.get_by_label("错误 0");
    harness.get_by_label("警告 0");
}

#[test]
fn a_dictionary_entry_added_in_the_window_is_checked_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("house-style.ron");
    // A house rule of the user's own: 陇上 (U+9647 U+4E0A) -> 陇原 (U+9647 U+539F).
    let (mut app, id) = app_with_body("陇上风光");
    app.set_dictionary_path(path.clone());
    let mut harness = harness(app);
    assert!(rules_of(&harness, &id).is_empty());
    harness
        .state_mut()
        .apply(caibian::ui::command::AppCommand::ShowDictionary);
    harness.run();
    harness.get_by_label("错误写法").focus();
    harness.run();
    harness.get_by_label("错误写法").type_text("陇上");
    harness.run();
    harness.get_by_label("正确写法").focus();
    harness.run();
    harness.get_by_label("正确写法").type_text("陇原");
    harness.run();
    harness.get_by_label("加入词典").click();
    harness.run();
    assert_eq!(rules_of(&harness, &id), ["house-style"]);
    let saved = caibian::proof::dictionary::read_file(&path).unwrap();
    assert_eq!(saved.entries.len(), 1);
    assert_eq!(saved.entries[0].right, "陇原");
}

#[test]
fn an_underlined_finding_shows_its_message_and_is_fixed_from_the_context_menu() {
    // A subtitle of eighty full-width digits １ (U+FF11): one fullwidth-digits finding
    // covering the whole field, so the field's centre lies on it.
    let mut issue: Issue = caibian::store::load_issue(&common::sample_path()).unwrap();
    let id = ArticleId("art-0003".into());
    issue.article_mut(&id).unwrap().subtitle = "\u{FF11}".repeat(80);
    let mut app = CaibianApp::new(issue, None);
    app.apply(caibian::ui::command::AppCommand::Select(id.clone()));
    app.apply(caibian::ui::command::AppCommand::ToggleChecks); // panel out of the way
    let mut harness = harness(app);
    harness.get_by_label("\u{526F}\u{9898}").hover(); // 副题
    harness.run();
    harness.get_by_label_contains("全角数字应为半角");
    // Press and release in separate frames, as a hand does.
    let centre = harness.get_by_label("\u{526F}\u{9898}").rect().center();
    for pressed in [true, false] {
        harness.event(egui::Event::PointerButton {
            pos: centre,
            button: egui::PointerButton::Secondary,
            pressed,
            modifiers: Modifiers::default(),
        });
        harness.run();
    }
    harness.get_by_label("修正").click();
    harness.run();
    let subtitle = &harness
        .state()
        .document()
        .issue()
        .article(&id)
        .unwrap()
        .subtitle;
    assert_eq!(subtitle, &"1".repeat(80));
}

/// A caption typed in the photo list is checked like the body: the 校对 panel names the
/// photo, and clicking the finding selects its article.
#[test]
fn a_caption_fault_is_listed_and_leads_to_its_article() {
    let issue: Issue = caibian::store::load_issue(&common::sample_path()).unwrap();
    let id = ArticleId("art-0003".into());
    let mut app = CaibianApp::new(issue, None);
    app.apply(caibian::ui::command::AppCommand::Select(id.clone()));
    let mut harness = harness(app);
    harness.get_by_label("图片1图注").focus();
    harness.run();
    harness.get_by_label("图片1图注").type_text("会场,全景");
    harness.run();
    harness.key_press(Key::Tab);
    harness.run();
    let caption_findings: Vec<String> = harness
        .state()
        .findings()
        .iter()
        .filter(|f| f.article.as_ref() == Some(&id) && f.message.starts_with("图片1图注"))
        .map(|f| f.message.clone())
        .collect();
    assert_eq!(caption_findings.len(), 1, "{caption_findings:?}");
    assert!(caption_findings[0].contains("会场,全景"));

    // Select another article, then follow the finding back.
    harness
        .state_mut()
        .apply(caibian::ui::command::AppCommand::Select(ArticleId(
            "art-0001".into(),
        )));
    harness.run();
    harness.get_by_label_contains("图片1图注\u{FF1A}").click();
    harness.run();
    assert_eq!(harness.state().selected(), Some(&id));

    // 忽略 hides it, and the article remembers which caption it was.
    harness.get_by_label("忽略").click();
    harness.run();
    assert!(
        harness
            .state()
            .findings()
            .iter()
            .all(|f| !f.message.starts_with("图片1图注"))
    );
    let article = article(&harness, &id);
    assert_eq!(article.ignored.len(), 1);
    assert_eq!(article.ignored[0].field, "caption1");
}
