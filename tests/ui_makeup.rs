//! Make-up in the window: pages added, moved and deleted from the 版面 menu, the masthead
//! edited in 期次信息, a pool article placed, 自动组版, a block back to the pool; each undone.

mod common;

use caibian::model::{ArticleId, BlockRef};
use caibian::typeset::display::PageList;
use caibian::ui::CaibianApp;
use caibian::ui::command::{AppCommand, MakeupCommand};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use common::sample_copy;
use common::ui::harness;

fn page_texts(page: &PageList) -> Vec<String> {
    common::run_texts(page)
}

fn page_menu(harness: &mut Harness<'_, CaibianApp>, entry: &str) {
    harness.get_by_label("版面").click();
    harness.run();
    harness.get_by_label_contains(entry).click();
    harness.run();
}

fn page_count(harness: &Harness<'_, CaibianApp>) -> usize {
    harness.state().document().issue().pages.len()
}

#[test]
fn pages_are_added_moved_and_deleted_from_the_menu_and_jump_lines_follow() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(CaibianApp::open_file(&sample_copy(dir.path())));
    // The lead article continues on page 2: 下转第2版 on page 1.
    let jump = |h: &Harness<'_, CaibianApp>, page: u32| {
        // （下转第N版）
        let text = format!("\u{FF08}\u{4E0B}\u{8F6C}\u{7B2C}{page}\u{7248}\u{FF09}");
        page_texts(&h.state().pages()[0])
            .iter()
            .any(|t| t.contains(&text))
    };
    assert!(jump(&harness, 2));

    page_menu(&mut harness, "新增版面");
    assert_eq!(page_count(&harness), 3);
    // The preview turned to the new page 3; 上移 makes it page 2.
    page_menu(&mut harness, "上移");
    let issue = harness.state().document().issue();
    assert_eq!(issue.pages[1].name, "新版面", "the new page moved up");
    assert!(jump(&harness, 3), "the continuation is now on page 3");

    page_menu(&mut harness, "删除第2版");
    harness.get_by_label("删除此版").click();
    harness.run();
    assert_eq!(page_count(&harness), 2);
    assert!(jump(&harness, 2));

    for _ in 0..3 {
        harness.state_mut().apply(AppCommand::Undo);
    }
    harness.run();
    assert_eq!(page_count(&harness), 2);
    assert!(
        harness
            .state()
            .document()
            .issue()
            .pages
            .iter()
            .all(|p| p.name != "第3版")
    );
}

#[test]
fn the_masthead_is_edited_in_its_window_and_the_nameplate_shows_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(CaibianApp::open_file(&sample_copy(dir.path())));
    harness.get_by_label("文件").click();
    harness.run();
    harness.get_by_label_contains("期次信息").click();
    harness.run();
    let field = harness.get_by_label("报名");
    field.focus();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.get_by_label("报名").type_text("河西政协报");
    harness.run();
    harness.get_by_label("确定").click();
    harness.run();
    assert_eq!(harness.state().document().issue().paper_name, "河西政协报");
    assert!(page_texts(&harness.state().pages()[0]).contains(&"河西政协报".to_owned()));
    harness.state_mut().apply(AppCommand::Undo);
    harness.run();
    assert_ne!(harness.state().document().issue().paper_name, "河西政协报");
}

#[test]
fn a_pool_article_is_placed_laid_out_and_sent_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(CaibianApp::open_file(&sample_copy(dir.path())));
    let pool = ArticleId("art-0014".into());
    assert!(!harness.state().document().issue().is_placed(&pool));
    page_menu(&mut harness, "新增版面");

    // 自动组版 on the new, empty page places the pool article with no overflow.
    page_menu(&mut harness, "自动组版");
    let issue = harness.state().document().issue();
    assert!(issue.is_placed(&pool));
    let block = harness.state().pages()[2]
        .blocks
        .iter()
        .find(|b| b.article == pool)
        .expect("the block is on page 3")
        .clone();
    assert_eq!(block.overflow_chars, 0);

    // 移回稿件池, then 放到第3版 from the pool's menu.
    harness
        .state_mut()
        .apply(AppCommand::Makeup(MakeupCommand::RemoveBlock(BlockRef {
            article: pool.clone(),
            part: 0,
        })));
    harness.run();
    assert!(!harness.state().document().issue().is_placed(&pool));
    harness
        .state_mut()
        .apply(AppCommand::Makeup(MakeupCommand::PlaceOnPage {
            article: pool.clone(),
            page: 3,
        }));
    harness.run();
    assert!(harness.state().document().issue().is_placed(&pool));
    // Each step undoes on its own.
    harness.state_mut().apply(AppCommand::Undo);
    assert!(!harness.state().document().issue().is_placed(&pool));
    harness.state_mut().apply(AppCommand::Undo);
    assert!(harness.state().document().issue().is_placed(&pool));
}
