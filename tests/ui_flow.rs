//! Whole-app UI flows driven through egui_kittest, with no GPU and no display.

mod common;

use caibian::model::Status;
use caibian::store;
use caibian::ui::CaibianApp;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use common::sample_copy;
use common::ui::{harness, type_into_headline};

#[test]
fn edit_headline_save_reload_and_undo() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_copy(dir.path());
    let original = store::load_issue(&path).unwrap();
    let target = &original.articles[2];
    let mut harness = harness(CaibianApp::open_file(&path));
    assert_eq!(harness.state().path(), Some(path.as_path()));

    harness.get_by_label(&target.headline).click();
    harness.run();
    assert_eq!(harness.state().selected(), Some(&target.id));

    let new_headline = "\u{65B0}\u{7684}\u{4E3B}\u{9898}"; // 新的主题
    harness.get_by_label("\u{4E3B}\u{9898}").focus(); // 主题
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness
        .get_by_label("\u{4E3B}\u{9898}")
        .type_text(new_headline);
    harness.run();
    let edited = harness
        .state()
        .document()
        .issue()
        .article(&target.id)
        .unwrap();
    assert_eq!(edited.headline, new_headline);
    assert!(harness.state().title().contains('*'), "modified marker");

    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    assert!(!harness.state().document().is_modified());
    assert!(!harness.state().title().contains('*'));
    let saved = store::load_issue(&path).unwrap();
    assert_eq!(saved.article(&target.id).unwrap().headline, new_headline);

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    let undone = harness
        .state()
        .document()
        .issue()
        .article(&target.id)
        .unwrap();
    assert_eq!(undone.headline, target.headline);
}

#[test]
fn tree_shows_pages_and_pool() {
    let sample = store::load_issue(&common::sample_path()).unwrap();
    let harness = harness(CaibianApp::open_sample(&common::sample_path()));
    for page in &sample.pages {
        let count = sample.articles_on_page(page).count();
        let title = format!(
            "\u{7B2C}{}\u{7248} {}\u{FF08}{}\u{7BC7}\u{FF09}",
            page.number, page.name, count
        );
        harness.get_by_label(&title);
    }
    let pool = sample.pool().count();
    assert!(pool > 0, "the sample keeps an article in the pool");
    harness.get_by_label(&format!(
        "\u{7A3F}\u{4EF6}\u{6C60}\u{FF08}{pool}\u{7BC7}\u{FF09}"
    ));
    for article in &sample.articles {
        harness.get_by_label(&article.headline);
    }
}

#[test]
fn body_count_updates_while_typing() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_copy(dir.path());
    let mut harness = harness(CaibianApp::open_file(&path));
    let id = harness.state().selected().unwrap().clone();
    let before = harness
        .state()
        .document()
        .issue()
        .article(&id)
        .unwrap()
        .body_chars();
    harness.get_by_label_contains(&format!("{before}\u{5B57}"));
    harness.get_by_label("\u{6B63}\u{6587}").focus(); // 正文
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::End);
    harness
        .get_by_label("\u{6B63}\u{6587}")
        .type_text("\u{4E00}\u{4E8C}\u{4E09}");
    harness.run();
    let after = harness
        .state()
        .document()
        .issue()
        .article(&id)
        .unwrap()
        .body_chars();
    assert_eq!(after, before + 3);
    harness.get_by_label_contains(&format!("{after}\u{5B57}"));
}

#[test]
fn add_duplicate_and_delete_with_confirmation() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_copy(dir.path());
    let mut harness = harness(CaibianApp::open_file(&path));
    let count = harness.state().document().issue().articles.len();

    harness
        .get_by_label("\u{65B0}\u{5EFA}\u{7A3F}\u{4EF6}")
        .click(); // 新建稿件
    harness.run();
    assert_eq!(harness.state().document().issue().articles.len(), count + 1);
    let new_id = harness.state().selected().unwrap().clone();

    harness
        .get_by_label("\u{590D}\u{5236}\u{7A3F}\u{4EF6}")
        .click(); // 复制稿件
    harness.run();
    assert_eq!(harness.state().document().issue().articles.len(), count + 2);
    let copy_id = harness.state().selected().unwrap().clone();
    assert_ne!(copy_id, new_id);

    // Delete asks first; 取消 keeps the article.
    harness
        .get_by_label("\u{5220}\u{9664}\u{7A3F}\u{4EF6}")
        .click(); // 删除稿件
    harness.run();
    harness.get_by_label("\u{53D6}\u{6D88}").click(); // 取消
    harness.run();
    assert_eq!(harness.state().document().issue().articles.len(), count + 2);

    harness
        .get_by_label("\u{5220}\u{9664}\u{7A3F}\u{4EF6}")
        .click();
    harness.run();
    harness.get_by_label("\u{5220}\u{9664}").click(); // 删除 (in the dialog)
    harness.run();
    let issue = harness.state().document().issue();
    assert_eq!(issue.articles.len(), count + 1);
    assert!(issue.article(&copy_id).is_none());
    assert!(issue.article(&new_id).is_some());
}

#[test]
fn status_change_goes_through_the_combo_box() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_copy(dir.path());
    let mut harness = harness(CaibianApp::open_file(&path));
    harness
        .get_by_label("\u{65B0}\u{5EFA}\u{7A3F}\u{4EF6}")
        .click();
    harness.run();
    let id = harness.state().selected().unwrap().clone();
    harness.get_by_label("\u{72B6}\u{6001}").click(); // 状态
    harness.run();
    harness.get_by_label(Status::Pending.label()).click();
    harness.run();
    let article = harness.state().document().issue().article(&id).unwrap();
    assert_eq!(article.status, Status::Pending);
    assert!(
        article
            .history
            .iter()
            .any(|h| h.what.contains(Status::Pending.label()))
    );
}

#[test]
fn opening_a_bad_file_shows_an_error_and_keeps_the_issue() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_copy(dir.path());
    let bad = dir.path().join("bad.ron");
    std::fs::write(&bad, "(schema_version: 1, paper_name: ").unwrap();
    let mut harness = harness(CaibianApp::open_file(&path));
    let before = harness.state().document().issue().clone();
    harness
        .state_mut()
        .apply(caibian::ui::command::AppCommand::Open(bad.clone()));
    harness.run();
    let notice = harness.state().notice().unwrap().clone();
    assert_eq!(notice.kind, caibian::ui::NoticeKind::Error);
    assert!(
        notice.text.contains("\u{884C}"),
        "names the line: {}",
        notice.text
    );
    assert_eq!(harness.state().document().issue(), &before);
    assert_eq!(harness.state().path(), Some(path.as_path()));
    harness.get_by_label_contains("\u{65E0}\u{6CD5}\u{6253}\u{5F00}"); // 无法打开
}

/// The screen position of a page point in the preview canvas.
fn preview_pos(
    harness: &Harness<'_, CaibianApp>,
    page_width_pt: f32,
    x_pt: f32,
    y_pt: f32,
) -> egui::Pos2 {
    let canvas = harness
        .get_by_label("\u{7248}\u{9762}\u{9884}\u{89C8}")
        .rect(); // 版面预览
    let scale = canvas.width() / page_width_pt;
    canvas.min + egui::vec2(x_pt, y_pt) * scale
}

#[test]
fn double_clicking_text_in_the_preview_puts_the_cursor_there() {
    use caibian::model::TextField;
    use caibian::typeset::display::DisplayItem;

    let dir = tempfile::tempdir().unwrap();
    let path = sample_copy(dir.path());
    let mut harness = harness(CaibianApp::open_file(&path));
    let page = harness.state().pages()[0].clone();
    let target = page.blocks[3].article.clone();
    let (glyph, size_pt) =
        page.items
            .iter()
            .find_map(|item| match item {
                DisplayItem::Glyphs(run)
                    if run.source.as_ref().is_some_and(|s| {
                        s.article == target && s.field == Some(TextField::Body)
                    }) =>
                {
                    Some((run.glyphs[5], run.size_pt))
                }
                _ => None,
            })
            .expect("a body line of the block");
    let pos = preview_pos(
        &harness,
        page.width_pt,
        glyph.x_pt + glyph.advance_pt / 2.0,
        glyph.y_pt - size_pt * 0.4,
    );
    harness.event(egui::Event::PointerMoved(pos));
    harness.step();
    // A double click: a single click selects the block for make-up (issue 9).
    for pressed in [true, false, true, false] {
        harness.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
        harness.step();
    }
    harness.run();
    assert_eq!(harness.state().selected(), Some(&target));
    assert!(
        harness.get_by_label("\u{6B63}\u{6587}").is_focused(),
        "body field focused"
    );

    // Typing lands at the clicked character, and the preview shows it at once.
    harness
        .get_by_label("\u{6B63}\u{6587}")
        .type_text("\u{3007}");
    harness.run();
    let body: Vec<char> = harness
        .state()
        .document()
        .issue()
        .article(&target)
        .unwrap()
        .body
        .chars()
        .collect();
    assert_eq!(body[glyph.char_index], '\u{3007}');
    let shown = harness.state().pages()[0]
        .items
        .iter()
        .any(|item| match item {
            DisplayItem::Glyphs(run) => run.glyphs.iter().any(|g| g.ch == '\u{3007}'),
            _ => false,
        });
    assert!(shown, "the preview shows the typed character");
}

#[test]
fn zoom_buttons_change_the_page_scale() {
    let harness_app = CaibianApp::open_sample(&common::sample_path());
    let mut harness = harness(harness_app);
    let fit_page = harness
        .get_by_label("\u{7248}\u{9762}\u{9884}\u{89C8}")
        .rect()
        .width();
    harness.get_by_label("100%").click();
    harness.run();
    let actual = harness
        .get_by_label("\u{7248}\u{9762}\u{9884}\u{89C8}")
        .rect()
        .width();
    let page_width_pt = harness.state().pages()[0].width_pt;
    assert!(
        (actual - page_width_pt * 96.0 / 72.0).abs() < 1.0,
        "100% is physical size"
    );
    harness
        .get_by_label("\u{9002}\u{5408}\u{9875}\u{9762}")
        .click(); // 适合页面
    harness.run();
    let again = harness
        .get_by_label("\u{7248}\u{9762}\u{9884}\u{89C8}")
        .rect()
        .width();
    assert!((again - fit_page).abs() < 1.0);
    assert!(fit_page < actual);
}

/// Ask the window to close, as the window manager's close button does.
fn request_close(harness: &mut Harness<'_, CaibianApp>) {
    harness
        .input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    harness.step();
}

fn root_commands(harness: &Harness<'_, CaibianApp>) -> Vec<egui::ViewportCommand> {
    harness
        .output()
        .viewport_output
        .get(&egui::ViewportId::ROOT)
        .map(|v| v.commands.clone())
        .unwrap_or_default()
}

fn edit_first_headline(harness: &mut Harness<'_, CaibianApp>) {
    type_into_headline(harness, "\u{FF01}");
    assert!(harness.state().document().is_modified());
}

#[test]
fn closing_with_unsaved_changes_asks_and_cancel_keeps_everything() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_copy(dir.path());
    let mut harness = harness(CaibianApp::open_file(&path));
    edit_first_headline(&mut harness);
    let edited = harness.state().document().issue().clone();

    request_close(&mut harness);
    assert!(root_commands(&harness).contains(&egui::ViewportCommand::CancelClose));
    harness.run();
    harness.get_by_label("\u{4E0D}\u{4FDD}\u{5B58}"); // 不保存 is offered
    harness.get_by_label("\u{53D6}\u{6D88}").click(); // 取消
    harness.run();
    assert!(!harness.state().close_confirmed());
    assert!(harness.state().pending_unsaved().is_none());
    assert_eq!(harness.state().document().issue(), &edited);
    assert!(harness.state().document().is_modified());
}

#[test]
fn closing_and_saving_writes_the_file_then_closes() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_copy(dir.path());
    let mut harness = harness(CaibianApp::open_file(&path));
    edit_first_headline(&mut harness);
    request_close(&mut harness);
    harness.run();
    harness.get_by_label("\u{4FDD}\u{5B58}").click(); // 保存 in the question
    harness.run();
    assert!(harness.state().close_confirmed());
    assert_eq!(
        store::load_issue(&path).unwrap(),
        *harness.state().document().issue()
    );
}

#[test]
fn new_issue_with_unsaved_changes_asks_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_copy(dir.path());
    let mut harness = harness(CaibianApp::open_file(&path));
    edit_first_headline(&mut harness);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::N);
    harness.run();
    assert!(harness.state().pending_unsaved().is_some());
    harness.get_by_label("\u{4E0D}\u{4FDD}\u{5B58}").click(); // 不保存
    harness.run();
    assert!(
        harness.state().document().issue().articles.is_empty(),
        "a new empty issue"
    );
    assert!(harness.state().path().is_none());
}

#[test]
fn export_from_the_menu_runs_in_the_background_and_reports() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_copy(dir.path());
    std::fs::create_dir_all(dir.path().join("photos")).unwrap();
    for entry in std::fs::read_dir(common::sample_path().parent().unwrap().join("photos")).unwrap()
    {
        let entry = entry.unwrap();
        std::fs::copy(
            entry.path(),
            dir.path().join("photos").join(entry.file_name()),
        )
        .unwrap();
    }
    let mut harness = harness(CaibianApp::open_file(&path));
    harness.get_by_label("\u{6587}\u{4EF6}").click(); // 文件
    harness.run();
    harness
        .get_by_label_contains("\u{5BFC}\u{51FA}\u{2026}")
        .click(); // 导出…
    harness.run();
    // Plain text only, into a folder of our choosing.
    harness
        .get_by_label("\u{5370}\u{5237}PDF\u{FF08}\u{6574}\u{671F}\u{FF09}")
        .click(); // untick 印刷PDF（整期）
    harness.get_by_label("\u{7EAF}\u{6587}\u{672C}").click(); // tick 纯文本
    harness.run();
    let out = dir.path().join("text-out");
    let field = harness.get_by_label("\u{7EAF}\u{6587}\u{672C}\u{6587}\u{4EF6}\u{5939}"); // 纯文本文件夹
    field.focus();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness
        .get_by_label("\u{7EAF}\u{6587}\u{672C}\u{6587}\u{4EF6}\u{5939}")
        .type_text(out.to_str().unwrap());
    harness.run();
    harness
        .get_by_label("\u{5F00}\u{59CB}\u{5BFC}\u{51FA}")
        .click(); // 开始导出
    harness.step();
    let started = std::time::Instant::now();
    while harness.state().export_running() && started.elapsed() < std::time::Duration::from_secs(60)
    {
        std::thread::sleep(std::time::Duration::from_millis(50));
        harness.step();
    }
    harness.step();
    let notice = harness
        .state()
        .notice()
        .expect("a notice when done")
        .clone();
    assert_eq!(
        notice.kind,
        caibian::ui::NoticeKind::Info,
        "{}",
        notice.text
    );
    let issue = harness.state().document().issue().clone();
    // What the pages carry is published; the pool is not.
    for article in issue.articles.iter().filter(|a| issue.is_placed(&a.id)) {
        assert!(
            out.join(format!("{}.txt", article.id)).is_file(),
            "{}",
            article.id
        );
    }
}

#[test]
fn overflow_is_marked_in_the_preview_with_its_count() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("issue.ron");
    let mut issue = store::load_issue(&common::sample_path()).unwrap();
    let target = issue.pages[1].placements[3].article.clone();
    let article = issue.article_mut(&target).unwrap();
    article.body = format!("{}\n{}", article.body, article.body);
    store::save_issue(&path, &issue).unwrap();
    let harness = harness(CaibianApp::open_file(&path));
    let overflow: usize = harness
        .state()
        .pages()
        .iter()
        .flat_map(|p| &p.blocks)
        .map(|b| b.overflow_chars)
        .sum();
    assert!(overflow > 0);
    // 超版, then the article that runs over by page and name: 第2版《…》N字.
    harness.get_by_label("\u{8D85}\u{7248}");
    let headline = &issue.article(&target).unwrap().headline;
    harness.get_by_label(&format!(
        "\u{7B2C}2\u{7248}\u{300A}{headline}\u{300B}{overflow}\u{5B57}"
    ));
}

#[test]
fn editing_a_template_retypesets_live_and_saves_it_as_the_users_copy() {
    let dir = tempfile::tempdir().unwrap();
    let user_templates = dir.path().join("user-templates");
    let bundled = caibian::assets::templates_dir().join("tabloid.ron");
    let bundled_bytes = std::fs::read(&bundled).unwrap();
    let path = sample_copy(dir.path());
    let mut app = CaibianApp::open_file(&path);
    app.set_user_templates_dir(Some(user_templates.clone()));
    let mut harness = harness(app);
    let overflow = |h: &Harness<'_, CaibianApp>| -> usize {
        h.state()
            .pages()
            .iter()
            .flat_map(|p| &p.blocks)
            .map(|b| b.overflow_chars)
            .sum()
    };
    assert_eq!(overflow(&harness), 0);

    let open_editor = |harness: &mut Harness<'_, CaibianApp>| {
        harness.get_by_label("\u{7248}\u{9762}").click(); // 版面 menu
        harness.run();
        harness
            .get_by_label_contains("\u{7248}\u{5F0F}\u{8BBE}\u{7F6E}")
            .click(); // 版式设置…
        harness.run();
    };
    open_editor(&mut harness);
    // It opens on the issue's own template (四开): no need to pick it.
    harness
        .get_by_label("\u{6BCF}\u{884C}\u{5B57}\u{6570}")
        .set_value_accesskit(13.0); // 每行字数
    harness.run();
    assert!(
        overflow(&harness) > 0,
        "narrower columns push text out at once"
    );

    // 取消 puts the template back as it was.
    harness.get_by_label("\u{53D6}\u{6D88}").click(); // 取消
    harness.run();
    assert_eq!(overflow(&harness), 0);

    open_editor(&mut harness);
    harness
        .get_by_label("\u{6BCF}\u{884C}\u{5B57}\u{6570}")
        .set_value_accesskit(13.0);
    harness.run();
    harness
        .get_by_label("\u{4FDD}\u{5B58}\u{7248}\u{5F0F}")
        .click(); // 保存版式
    harness.run();
    let saved = caibian::store::template::load(&user_templates.join("tabloid.ron")).unwrap();
    assert_eq!(saved.chars_per_line, 13);
    assert_eq!(saved.name, "\u{56DB}\u{5F00}");
    assert_eq!(
        std::fs::read(&bundled).unwrap(),
        bundled_bytes,
        "the program's own template file is never written"
    );

    // 还原默认 removes the user's copy and typesets with the bundled template again.
    harness
        .get_by_label("\u{8FD8}\u{539F}\u{9ED8}\u{8BA4}")
        .click(); // 还原默认
    harness.run();
    assert!(!user_templates.join("tabloid.ron").exists());
    assert_eq!(overflow(&harness), 0);
}

/// Opening 版式设置 changes nothing by itself (a 报眼 of 0 columns, and the other counts
/// that may be 0, stay so), and 报眼栏数 frees the ear and is saved with the user's copy.
#[test]
fn the_template_editor_keeps_zero_counts_and_saves_the_ear() {
    let dir = tempfile::tempdir().unwrap();
    let user_templates = dir.path().join("user-templates");
    let mut app = CaibianApp::open_file(&sample_copy(dir.path()));
    app.set_user_templates_dir(Some(user_templates.clone()));
    let mut harness = harness(app);
    // 第1版 占用 291/295 行（98%）: the free lines of page one's grid.
    let capacity = |h: &Harness<'_, CaibianApp>| {
        h.get_by_label_contains("第1版 占用")
            .value()
            .unwrap_or_default()
            .split(['/', ' '])
            .nth(3)
            .unwrap_or_default()
            .to_owned()
    };
    let before = capacity(&harness);
    harness.get_by_label("版面").click();
    harness.run();
    harness.get_by_label_contains("版式设置").click();
    harness.run();
    assert_eq!(
        capacity(&harness),
        before,
        "opening the editor changed the grid"
    );

    harness.get_by_label("报眼栏数").set_value_accesskit(1.0);
    harness.run();
    assert_ne!(capacity(&harness), before, "the ear adds free lines");
    harness.get_by_label("保存版式").click_accesskit();
    harness.run();
    let saved = caibian::store::template::load(&user_templates.join("tabloid.ron")).unwrap();
    assert_eq!(saved.ear_columns, 1);
    assert_eq!(saved.gutter_chars, 1);
}

/// Every glyph egui painted, as (char, baseline position), flattening nested shapes.
fn painted_glyphs(shapes: &[egui::epaint::ClippedShape]) -> Vec<(String, egui::Pos2)> {
    fn walk(shape: &egui::Shape, out: &mut Vec<(String, egui::Pos2)>) {
        match shape {
            egui::Shape::Vec(inner) => inner.iter().for_each(|s| walk(s, out)),
            // The preview gathers a run's glyphs into one galley, a row per glyph.
            egui::Shape::Text(text) => {
                for row in &text.galley.rows {
                    if let Some(glyph) = row.row.glyphs.first() {
                        let baseline = text.pos + row.pos.to_vec2() + glyph.pos.to_vec2();
                        out.push((glyph.chr.to_string(), baseline));
                    }
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for clipped in shapes {
        walk(&clipped.shape, &mut out);
    }
    out
}

#[test]
fn the_preview_draws_every_glyph_where_the_display_list_puts_it() {
    use caibian::typeset::display::DisplayItem;
    let harness = harness(CaibianApp::open_sample(&common::sample_path()));
    let page = harness.state().pages()[0].clone();
    let canvas = harness
        .get_by_label("\u{7248}\u{9762}\u{9884}\u{89C8}")
        .rect();
    let scale = canvas.width() / page.width_pt;
    let painted = painted_glyphs(&harness.output().shapes);
    let mut checked = 0;
    for item in &page.items {
        let DisplayItem::Glyphs(run) = item else {
            continue;
        };
        for glyph in &run.glyphs {
            let expected = canvas.min + egui::vec2(glyph.x_pt, glyph.y_pt) * scale;
            let found = painted.iter().any(|(text, at)| {
                text.starts_with(glyph.ch)
                    && (at.x - expected.x).abs() < 0.6
                    && (at.y - expected.y).abs() < 0.6
            });
            assert!(found, "{:?} at {:?} not painted there", glyph.ch, expected);
            checked += 1;
        }
    }
    assert!(checked > 3000, "checked {checked} glyphs");
}

/// Hands the harness's texture changes to a CPU rasterizer the test also holds.
struct SharedRaster(std::rc::Rc<std::cell::RefCell<caibian::ui::CpuRaster>>);

impl egui_kittest::TestRenderer for SharedRaster {
    fn handle_delta(&mut self, delta: &mut egui::TexturesDelta) {
        self.0.borrow_mut().take_textures(delta);
    }
}

/// The window without a GPU shows what the UI paints: the whole app drawn on the CPU
/// has the page preview's white paper and its red masthead where the preview is.
#[test]
fn the_window_without_a_gpu_draws_the_page_preview() {
    let dir = tempfile::tempdir().unwrap();
    let raster = std::rc::Rc::new(std::cell::RefCell::new(caibian::ui::CpuRaster::default()));
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .with_context_setup(|ctx| caibian::ui::setup_context(ctx).expect("bundled fonts load"))
        .renderer(SharedRaster(raster.clone()))
        .build_ui_state(
            |ui, app: &mut CaibianApp| app.ui_root(ui),
            CaibianApp::open_file(&common::sample_copy_with_photos(dir.path())),
        );
    harness.run();
    let preview = harness.get_by_label("版面预览").rect();
    let output = harness.output();
    let primitives = harness
        .ctx
        .tessellate(output.shapes.clone(), output.pixels_per_point);
    let (width, height) = (1400, 900);
    let mut pixels = vec![[0; 4]; width * height];
    raster.borrow_mut().draw(
        &mut pixels,
        [width, height],
        &primitives,
        output.pixels_per_point,
    );

    let inside = |x: usize, y: usize| preview.contains(egui::pos2(x as f32, y as f32));
    let (mut white, mut red, mut preview_pixels) = (0, 0, 0);
    for (i, [b, g, r, _]) in pixels.iter().copied().enumerate() {
        if !inside(i % width, i / width) {
            continue;
        }
        preview_pixels += 1;
        white += usize::from(r > 245 && g > 245 && b > 245);
        red += usize::from(r > 150 && g < 80 && b < 80);
    }
    assert!(preview_pixels > 100_000, "the preview is {preview:?}");
    // Paper is most of a page; the masthead 陇原政协报 and the rules are printed red.
    assert!(
        white * 2 > preview_pixels,
        "{white} of {preview_pixels} white"
    );
    assert!(red > 2_000, "only {red} red pixels in the preview");
    // Around the preview the panels are drawn too: inside kittest's 8-point margin no
    // pixel is left as cleared.
    let cleared = (10..height - 10)
        .flat_map(|y| (10..width - 10).map(move |x| y * width + x))
        .filter(|&i| pixels[i] == [0, 0, 0, 0])
        .count();
    assert_eq!(cleared, 0);
}
