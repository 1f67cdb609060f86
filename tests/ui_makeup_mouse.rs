//! Make-up with the mouse and keys on the page preview: an article dragged from the pool
//! onto page 1, a block moved, resized and nudged, 续排 from the block menu, each undone,
//! and all of it kept through save and reload.

mod common;

use caibian::model::{ArticleId, GridRect, Issue};
use caibian::typeset::display::PageList;
use caibian::ui::CaibianApp;
use caibian::ui::command::AppCommand;
use egui::{Key, Modifiers, Pos2, Rect, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use common::sample_copy;
use common::ui::harness;

/// The pool article of the sample: 做强“陇药”产业助推乡村振兴.
const POOL: &str = "art-0014";
/// A short meeting report on page 1: 陇西县政协举办专题轮训会.
const SHORT: &str = "art-0006";

fn id(text: &str) -> ArticleId {
    ArticleId(text.into())
}

fn rect_of(issue: &Issue, article: &str, part: u32) -> Option<(u32, GridRect)> {
    issue.pages.iter().find_map(|page| {
        page.placements
            .iter()
            .find(|p| p.article.0 == article && p.part == part)
            .map(|p| (page.number, p.rect()))
    })
}

fn placed(harness: &Harness<'_, CaibianApp>, article: &str) -> Option<(u32, GridRect)> {
    rect_of(harness.state().document().issue(), article, 0)
}

fn block_node_rect(harness: &Harness<'_, CaibianApp>, title_part: &str) -> Rect {
    harness
        .get_by_label_contains(&format!("版块 {title_part}"))
        .rect()
}

/// Press at `from`, move in steps to `to`, release there.
fn drag(harness: &mut Harness<'_, CaibianApp>, from: Pos2, to: Pos2) {
    // Single steps while the button is down: tooltips keep asking for frames.
    harness.hover_at(from);
    harness.step();
    harness.drag_at(from);
    harness.step();
    for step in 1..=8 {
        harness.hover_at(from + (to - from) * (step as f32 / 8.0));
        harness.step();
    }
    harness.drop_at(to);
    harness.step();
    harness.run();
}

fn click_at(harness: &mut Harness<'_, CaibianApp>, at: Pos2) {
    harness.hover_at(at);
    harness.run();
    harness.drag_at(at);
    harness.run();
    harness.drop_at(at);
    harness.run();
}

fn overflow_of(harness: &Harness<'_, CaibianApp>, article: &str) -> usize {
    harness
        .state()
        .pages()
        .iter()
        .flat_map(|p| &p.blocks)
        .filter(|b| b.article.0 == article)
        .map(|b| b.overflow_chars)
        .sum()
}

fn undo(harness: &mut Harness<'_, CaibianApp>) {
    harness.state_mut().apply(AppCommand::Undo);
    harness.run();
}

/// Clear the way on page 1: select 陇西县 by a click on its block and press Delete.
fn free_the_short_block(harness: &mut Harness<'_, CaibianApp>) -> (Rect, GridRect) {
    let screen = block_node_rect(harness, "陇西县政协举办专题轮训会");
    let (_, grid) = placed(harness, SHORT).expect("the short report is on page 1");
    click_at(harness, screen.center());
    assert_eq!(harness.state().selected(), Some(&id(SHORT)));
    harness.key_press(Key::Delete);
    harness.run();
    assert_eq!(
        placed(harness, SHORT),
        None,
        "Delete sends the block to the pool"
    );
    (screen, grid)
}

#[test]
fn a_pool_article_dragged_onto_the_page_takes_the_gap_it_is_dropped_in() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(CaibianApp::open_file(&sample_copy(dir.path())));
    let pool_before = harness.state().document().issue().pool().count();
    let (gap, gap_grid) = free_the_short_block(&mut harness);
    assert_eq!(
        harness.state().document().issue().pool().count(),
        pool_before + 1
    );

    let row = harness.get_by_label_contains("产业助推乡村振兴").rect();
    drag(&mut harness, row.center(), gap.center());
    let (page, rect) = placed(&harness, POOL).expect("the dropped article is placed");
    assert_eq!(page, 1);
    // The article is long: its block takes the whole gap and no more.
    assert_eq!(rect, gap_grid);
    assert_eq!(
        harness.state().document().issue().pool().count(),
        pool_before
    );
    assert!(
        overflow_of(&harness, POOL) > 0,
        "the long article runs over"
    );
    // Hovering the red tag in the block's corner shows the text that does not fit.
    let block = block_node_rect(&harness, "做强");
    harness.hover_at(block.right_bottom() - vec2(12.0, 8.0));
    harness.run_steps(60);
    harness.get_by_label(&format!("排不下的 {} 字", overflow_of(&harness, POOL)));
    // Enter opens the selected block's article in the form, in its body.
    click_at(&mut harness, block.center());
    harness.key_press(Key::Enter);
    harness.run();
    assert!(harness.get_by_label("正文").is_focused());

    undo(&mut harness);
    assert_eq!(placed(&harness, POOL), None);
    undo(&mut harness);
    assert_eq!(placed(&harness, SHORT).map(|(_, r)| r), Some(gap_grid));
}

#[test]
fn a_drop_on_another_block_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(CaibianApp::open_file(&sample_copy(dir.path())));
    let before = harness.state().document().issue().clone();
    let row = harness.get_by_label_contains("产业助推乡村振兴").rect();
    let lead = block_node_rect(&harness, "省政协十二届二十四次常委会会议召开");
    drag(&mut harness, row.center(), lead.center());
    assert_eq!(harness.state().document().issue(), &before);
}

#[test]
fn blocks_move_resize_and_nudge_on_the_grid_and_each_step_undoes() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(CaibianApp::open_file(&sample_copy(dir.path())));
    let (gap, gap_grid) = free_the_short_block(&mut harness);
    let row = harness.get_by_label_contains("产业助推乡村振兴").rect();
    drag(&mut harness, row.center(), gap.center());
    let overflow_full = overflow_of(&harness, POOL);

    // The bottom handle dragged up by a third of the block: fewer lines, more overflow.
    let block = block_node_rect(&harness, "做强");
    click_at(&mut harness, block.center());
    let handle = harness.get_by_label("调整下").rect().center();
    drag(
        &mut harness,
        handle,
        handle - vec2(0.0, block.height() / 3.0),
    );
    let (_, resized) = placed(&harness, POOL).unwrap();
    assert_eq!(
        (resized.column, resized.span, resized.line),
        (gap_grid.column, gap_grid.span, gap_grid.line)
    );
    assert!(resized.depth < gap_grid.depth * 3 / 4, "{resized:?}");
    assert!(overflow_of(&harness, POOL) > overflow_full);

    // The body dragged down into the freed lines: same size, lower.
    let block = block_node_rect(&harness, "做强");
    let free_below = gap.bottom() - block.bottom();
    drag(
        &mut harness,
        block.center(),
        block.center() + vec2(0.0, free_below / 2.0),
    );
    let (_, moved) = placed(&harness, POOL).unwrap();
    assert_eq!(
        (moved.column, moved.span, moved.depth),
        (resized.column, resized.span, resized.depth)
    );
    assert!(moved.line > resized.line, "{moved:?}");

    // Arrow keys: up one line, Shift+down five; a nudge onto another block is refused.
    harness.key_press(Key::ArrowUp);
    harness.run();
    assert_eq!(placed(&harness, POOL).unwrap().1.line, moved.line - 1);
    harness.key_press_modifiers(Modifiers::SHIFT, Key::ArrowDown);
    harness.run();
    assert_eq!(placed(&harness, POOL).unwrap().1.line, moved.line + 4);
    harness.key_press(Key::ArrowLeft);
    harness.run();
    assert_eq!(
        placed(&harness, POOL).unwrap().1.column,
        moved.column,
        "the column to the left is taken"
    );

    for expected in [moved.line - 1, moved.line, resized.line] {
        undo(&mut harness);
        assert_eq!(placed(&harness, POOL).unwrap().1.line, expected);
    }
    undo(&mut harness);
    assert_eq!(placed(&harness, POOL).unwrap().1, gap_grid);
}

fn page_texts(page: &PageList) -> String {
    common::run_texts(page).concat()
}

#[test]
fn continued_from_the_block_menu_with_jump_lines_kept_through_save_and_reload() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_copy(dir.path());
    let mut harness = harness(CaibianApp::open_file(&path));
    let (gap, _) = free_the_short_block(&mut harness);
    let row = harness.get_by_label_contains("产业助推乡村振兴").rect();
    drag(&mut harness, row.center(), gap.center());

    harness.get_by_label("版面").click();
    harness.run();
    harness.get_by_label_contains("新增版面").click();
    harness.run();
    // Back to page 1, then 续排到 → 第3版 from the block's right-click menu.
    harness.get_by_label("第1版").click();
    harness.run();
    let block = block_node_rect(&harness, "做强");
    harness.hover_at(block.center());
    harness.run();
    harness.get_by_label_contains("版块 做强").click_secondary();
    harness.run();
    harness.get_by_label("续排到第3版").click();
    harness.run();
    let (page, _) =
        rect_of(harness.state().document().issue(), POOL, 1).expect("the continuation is placed");
    assert_eq!(page, 3);
    // （下转第3版） on page 1, （上接第1版） on page 3.
    let down = "\u{FF08}\u{4E0B}\u{8F6C}\u{7B2C}3\u{7248}\u{FF09}";
    let up = "\u{FF08}\u{4E0A}\u{63A5}\u{7B2C}1\u{7248}\u{FF09}";
    assert!(page_texts(&harness.state().pages()[0]).contains(down));
    assert!(page_texts(&harness.state().pages()[2]).contains(up));

    harness.state_mut().apply(AppCommand::Save);
    harness.run();
    let reopened = harness_for(&path);
    let issue = reopened.state().document().issue();
    assert_eq!(rect_of(issue, POOL, 1).map(|(p, _)| p), Some(3));
    assert_eq!(rect_of(issue, SHORT, 0), None);
    assert!(page_texts(&reopened.state().pages()[0]).contains(down));
}

fn harness_for(path: &std::path::Path) -> Harness<'static, CaibianApp> {
    harness(CaibianApp::open_file(path))
}

fn page_rect(harness: &Harness<'_, CaibianApp>) -> Rect {
    harness.get_by_label("版面预览").rect()
}

#[test]
fn zoom_keeps_the_point_under_the_pointer_shows_its_level_and_the_middle_button_pans() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(CaibianApp::open_file(&sample_copy(dir.path())));
    let page_width_pt = harness.state().pages()[0].width_pt;
    let before = page_rect(&harness);
    let pointer = before.min + before.size() * vec2(0.3, 0.4);
    let scale_before = before.width() / page_width_pt;
    let under_pointer = (pointer - before.min) / scale_before;

    harness.hover_at(pointer);
    harness.run();
    harness.event(egui::Event::Zoom(1.5));
    harness.run();
    let after = page_rect(&harness);
    let scale_after = after.width() / page_width_pt;
    assert!((scale_after / scale_before - 1.5).abs() < 0.01);
    let still_under = (pointer - after.min) / scale_after;
    assert!(
        (still_under - under_pointer).length() < 1.0,
        "{under_pointer:?} moved to {still_under:?}"
    );
    // The toolbar names the level: 100 % is the printed size (96 / 72 screen points per pt).
    let percent = (scale_after / (96.0 / 72.0) * 100.0).round() as u32;
    harness.get_by_label(&format!("{percent}%"));

    // A middle-button drag moves the page with the pointer.
    let from = pointer;
    let to = pointer - vec2(60.0, 40.0);
    let middle = |pos, pressed| egui::Event::PointerButton {
        pos,
        button: egui::PointerButton::Middle,
        pressed,
        modifiers: Modifiers::NONE,
    };
    harness.event(middle(from, true));
    harness.run();
    for step in 1..=6 {
        harness.hover_at(from + (to - from) * (step as f32 / 6.0));
        harness.run();
    }
    harness.event(middle(to, false));
    harness.run();
    let panned = page_rect(&harness);
    assert!(
        (panned.min - (after.min - vec2(60.0, 40.0))).length() < 2.0,
        "{:?} → {:?}",
        after.min,
        panned.min
    );
    assert_eq!(panned.size(), after.size(), "panning does not zoom");

    // Space held, a left drag pans too (and moves no block).
    let issue_before = harness.state().document().issue().clone();
    harness.key_down(Key::Space);
    harness.run();
    drag(&mut harness, to, to + vec2(30.0, 20.0));
    harness.key_up(Key::Space);
    harness.run();
    let space_panned = page_rect(&harness);
    assert!((space_panned.min - (panned.min + vec2(30.0, 20.0))).length() < 2.0);
    assert_eq!(harness.state().document().issue(), &issue_before);
}

#[test]
fn fit_width_fills_the_view_with_the_columns_and_differs_from_fit_page() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(CaibianApp::open_file(&sample_copy(dir.path())));
    let fit_page = page_rect(&harness);
    harness.get_by_label("适合宽度").click();
    harness.run();
    let fit_width = page_rect(&harness);
    assert!(fit_width.width() > fit_page.width() * 1.05);
    // The first column starts at the view's left edge.
    let page = &harness.state().pages()[0];
    let scale = fit_width.width() / page.width_pt;
    let first_column_x = fit_width.min.x + page.grid_columns[0].x * scale;
    assert!(
        (first_column_x - fit_page.min.x).abs() < 4.0,
        "{first_column_x} vs {}",
        fit_page.min.x
    );
}

#[test]
fn the_status_bar_shows_the_page_fill_and_follows_the_make_up() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(CaibianApp::open_file(&sample_copy(dir.path())));
    // The figures the status bar shows, checked against the make-up's own count.
    let fill = |h: &Harness<'_, CaibianApp>| {
        let app = h.state();
        let (used, total) = caibian::makeup::page_fill(
            app.document().issue(),
            app.document().grids(),
            1,
            &app.pages()[0],
        )
        .unwrap();
        h.get_by_label_contains(&format!("第1版 占用 {used}/{total} 行"));
        used
    };
    let full = fill(&harness);
    free_the_short_block(&mut harness);
    assert!(fill(&harness) < full);
}

#[test]
fn a_placed_article_that_runs_over_is_continued_where_its_tree_row_is_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(CaibianApp::open_file(&sample_copy(dir.path())));
    let (gap, _) = free_the_short_block(&mut harness);
    let row = harness.get_by_label_contains("产业助推乡村振兴").rect();
    drag(&mut harness, row.center(), gap.center());
    assert!(overflow_of(&harness, POOL) > 0);

    harness.get_by_label("版面").click();
    harness.run();
    harness.get_by_label_contains("新增版面").click();
    harness.run();
    // The article's row in the tree (under 第1版, the topmost of the left column's
    // mentions: the 校对 panel below names it too), dragged onto the empty page 3.
    let tree_row = harness
        .query_all_by_label_contains("产业助推乡村振兴")
        .map(|node| node.rect())
        .filter(|rect| rect.max.x < 300.0)
        .min_by(|a, b| a.min.y.total_cmp(&b.min.y))
        .expect("the tree row");
    let page = page_rect(&harness);
    drag(&mut harness, tree_row.center(), page.center());
    let issue = harness.state().document().issue();
    assert_eq!(rect_of(issue, POOL, 1).map(|(page, _)| page), Some(3));
    assert!(
        overflow_of(&harness, POOL) < 3000,
        "the continuation takes text"
    );
}

/// Whether the frame painted a textured mesh other than the font atlas: a photo.
fn painted_a_photo(harness: &Harness<'_, CaibianApp>) -> bool {
    fn walk(shape: &egui::Shape) -> bool {
        match shape {
            egui::Shape::Vec(inner) => inner.iter().any(walk),
            egui::Shape::Mesh(mesh) => mesh.texture_id != egui::TextureId::default(),
            _ => false,
        }
    }
    harness.output().shapes.iter().any(|c| walk(&c.shape))
}

#[test]
fn preview_photos_arrive_from_the_background_and_show() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::sample_copy_with_photos(dir.path());
    let mut harness = harness(CaibianApp::open_file(&path));
    let mut shown = painted_a_photo(&harness);
    for _ in 0..200 {
        if shown {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
        harness.step();
        shown = painted_a_photo(&harness);
    }
    assert!(shown, "the sample's photo is drawn once decoded");
}
