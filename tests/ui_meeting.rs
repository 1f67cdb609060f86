//! The meeting panel and the photo editor, driven through egui_kittest: fields, 生成导语,
//! undo, input-method pre-edit, photos placed in the block.

mod common;

use caibian::model::{ArticleId, EventKind};
use caibian::typeset::display::DisplayItem;
use caibian::ui::CaibianApp;
use caibian::ui::command::AppCommand;
use egui::{Event, ImeEvent, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use common::sample_copy;

/// The whole app in a window tall enough to show the form, the photos and the panel.
fn tall_harness(app: CaibianApp) -> Harness<'static, CaibianApp> {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 2600.0))
        .with_context_setup(|ctx| caibian::ui::setup_context(ctx).expect("bundled fonts load"))
        .build_ui_state(|ui, app: &mut CaibianApp| app.ui_root(ui), app);
    harness.run();
    harness
}

fn type_into(harness: &mut Harness<'_, CaibianApp>, label: &str, text: &str) {
    harness.get_by_label(label).focus();
    harness.run();
    harness.get_by_label(label).type_text(text);
    harness.run();
}

fn click(harness: &mut Harness<'_, CaibianApp>, label: &str) {
    harness.get_by_label(label).click_accesskit();
    harness.run();
}

fn selected_article(harness: &Harness<'_, CaibianApp>) -> caibian::model::Article {
    let id = harness.state().selected().unwrap().clone();
    harness
        .state()
        .document()
        .issue()
        .article(&id)
        .unwrap()
        .clone()
}

#[test]
fn fill_the_panel_draft_the_lead_insert_and_undo() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = tall_harness(CaibianApp::open_file(&sample_copy(dir.path())));
    click(&mut harness, "新建稿件");
    assert!(selected_article(&harness).meeting.is_none());

    type_into(&mut harness, "机构", "甘州区政协");
    type_into(&mut harness, "地名", "张掖");
    click(&mut harness, "添加会议");
    type_into(&mut harness, "会议1", "主席会议");
    click(&mut harness, "选择日期");
    type_into(&mut harness, "主持人", "陈立军");
    type_into(&mut harness, "主持人职务", "区政协主席");
    type_into(&mut harness, "会议要求", "加强学习");
    let article = selected_article(&harness);
    let meeting = article.meeting.clone().expect("the panel wrote a meeting");
    assert_eq!(meeting.kind, EventKind::Meeting);
    assert_eq!(meeting.organisation, "甘州区政协");
    assert_eq!(meeting.sessions[0].body, "主席会议");
    // 选择日期 starts from the issue date, 2022-09-22.
    assert_eq!(meeting.date.unwrap().to_string(), "2022-09-22");
    assert_eq!(meeting.chair.as_ref().unwrap().title, "区政协主席");

    click(&mut harness, "生成导语");
    // The draft is shown, not yet written.
    assert!(selected_article(&harness).body.is_empty());
    click(&mut harness, "插入导语");
    let article = selected_article(&harness);
    // 9月22日，甘州区政协主席陈立军主持召开区政协主席会议。 then 会议强调，要加强学习。
    let lead = "9月22日\u{FF0C}甘州区政协主席陈立军主持召开区政协主席会议\u{3002}";
    assert_eq!(
        article.body,
        format!("{lead}\n会议强调\u{FF0C}要加强学习\u{3002}")
    );
    assert_eq!(article.dateline, "本报张掖讯");
    // The panel's checks find nothing to disagree with.
    // The form's body field (正文) shows it.
    let shown = harness
        .get_by_label("\u{6B63}\u{6587}")
        .value()
        .unwrap_or_default();
    assert!(shown.starts_with(lead), "{shown}");
    assert!(caibian::meeting::check_article(&article, article_date(&harness)).is_empty());

    // One undo takes out the lead and the dateline together, and keeps the metadata.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    let article = selected_article(&harness);
    assert!(article.body.is_empty());
    assert!(article.dateline.is_empty());
    assert!(article.meeting.is_some());
}

/// A staff reporter and a correspondent typed into the panel both reach the dateline.
#[test]
fn reporters_and_correspondents_are_written_into_the_dateline() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = tall_harness(CaibianApp::open_file(&sample_copy(dir.path())));
    click(&mut harness, "新建稿件");
    type_into(&mut harness, "机构", "天水市政协");
    type_into(&mut harness, "地名", "天水");
    click(&mut harness, "添加会议");
    type_into(&mut harness, "会议1", "主席会议");
    click(&mut harness, "选择日期");
    type_into(&mut harness, "记者", "周明轩 孙婧");
    type_into(&mut harness, "通讯员", "王文博");
    let meeting = selected_article(&harness).meeting.expect("a meeting");
    assert_eq!(meeting.reporters, ["周明轩 孙婧"]);
    click(&mut harness, "生成导语");
    click(&mut harness, "插入导语");
    assert_eq!(
        selected_article(&harness).dateline,
        "本报天水讯\u{FF08}记者周明轩 孙婧 通讯员王文博\u{FF09}"
    );
}

fn article_date(harness: &Harness<'_, CaibianApp>) -> chrono::NaiveDate {
    harness.state().document().issue().date
}

#[test]
fn typing_in_a_panel_field_is_one_undo_step_and_empty_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = tall_harness(CaibianApp::open_file(&sample_copy(dir.path())));
    click(&mut harness, "新建稿件");
    harness.get_by_label("机构").focus();
    harness.run();
    for c in ["甘", "州", "区"] {
        harness.get_by_label("机构").type_text(c);
        harness.run();
    }
    assert_eq!(
        selected_article(&harness).meeting.unwrap().organisation,
        "甘州区"
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    // The three characters were one step, and an empty panel is no meeting at all.
    assert!(selected_article(&harness).meeting.is_none());
}

#[test]
fn agreement_findings_show_as_the_fields_change() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = tall_harness(CaibianApp::open_file(&sample_copy(dir.path())));
    // 甘州区政协十届九次主席会议召开 (art-0005) agrees with its metadata.
    harness
        .get_by_label("甘州区政协十届九次主席会议召开")
        .click();
    harness.run();
    assert_eq!(
        harness.state().selected(),
        Some(&ArticleId("art-0005".into()))
    );
    assert!(harness.query_by_label_contains("导语中没有提到").is_none());
    harness.get_by_label("主持人").focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.get_by_label("主持人").type_text("王某");
    harness.run();
    // 导语中没有提到主持人王某
    harness.get_by_label_contains("导语中没有提到主持人王某");
}

#[test]
fn pre_edit_is_not_an_edit_until_committed() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = tall_harness(CaibianApp::open_file(&sample_copy(dir.path())));
    click(&mut harness, "新建稿件");
    let revision = harness.state().document().revision();
    let undo_before = harness.state().document().history().can_undo();
    harness.get_by_label("机构").focus();
    harness.run();
    for preedit in ["zhang", "zhang ye"] {
        harness.event(Event::Ime(ImeEvent::Preedit {
            text: preedit.into(),
            active_range_chars: None,
        }));
        harness.run();
    }
    // The field shows the pinyin, the issue does not have it, and nothing was recorded.
    assert_eq!(
        harness.get_by_label("机构").value().as_deref(),
        Some("zhang ye")
    );
    assert!(selected_article(&harness).meeting.is_none());
    assert_eq!(harness.state().document().revision(), revision);
    assert_eq!(harness.state().document().history().can_undo(), undo_before);
    // Committing 张掖 (U+5F20 U+6396) writes it, once.
    harness.event(Event::Ime(ImeEvent::Commit("\u{5F20}\u{6396}".into())));
    harness.run();
    assert_eq!(
        selected_article(&harness).meeting.unwrap().organisation,
        "\u{5F20}\u{6396}"
    );
    assert_eq!(harness.state().document().revision(), revision + 1);
    // A second composition after committed text keeps that text intact.
    harness.event(Event::Ime(ImeEvent::Preedit {
        text: "shi".into(),
        active_range_chars: None,
    }));
    harness.run();
    assert_eq!(
        harness.get_by_label("机构").value().as_deref(),
        Some("\u{5F20}\u{6396}shi")
    );
    assert_eq!(harness.state().document().revision(), revision + 1);
    harness.event(Event::Ime(ImeEvent::Commit("\u{5E02}".into())));
    harness.run();
    assert_eq!(
        selected_article(&harness).meeting.unwrap().organisation,
        "\u{5F20}\u{6396}\u{5E02}"
    );
}

/// A small PNG the test makes.
fn make_png(path: &std::path::Path, width: u32, height: u32) {
    image::RgbImage::from_pixel(width, height, image::Rgb([30, 90, 160]))
        .save(path)
        .unwrap();
}

fn images_of(harness: &Harness<'_, CaibianApp>, id: &ArticleId) -> Vec<String> {
    harness
        .state()
        .pages()
        .iter()
        .flat_map(|page| page.items.iter())
        .filter_map(|item| match item {
            DisplayItem::Image(image) if &image.article == id => Some(image.path.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn added_photos_are_copied_and_all_placed_in_the_block() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_copy(dir.path());
    let mut harness = tall_harness(CaibianApp::open_file(&path));
    // The feature (art-0007) has a deep three-column block and no photo.
    let id = ArticleId("art-0007".into());
    harness.state_mut().apply(AppCommand::Select(id.clone()));
    harness.run();
    assert!(images_of(&harness, &id).is_empty());

    let outside = tempfile::tempdir().unwrap();
    let source = outside.path().join("会场.png");
    make_png(&source, 300, 200);
    for _ in 0..2 {
        harness.state_mut().apply(AppCommand::AddPhoto {
            article: id.clone(),
            source: source.clone(),
        });
        harness.run();
    }
    let article = selected_article(&harness);
    let paths: Vec<&str> = article.photos.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(paths, ["photos/会场.png", "photos/会场-2.png"]);
    assert!(dir.path().join("photos/会场-2.png").is_file());
    // Both photos are in the block, in order.
    assert_eq!(images_of(&harness, &id), paths);
    harness.get_by_label_contains("photos/会场-2.png");

    // Caption through the form; 下移 reorders; 删除 removes; each one undo step.
    type_into(&mut harness, "图片1图注", "会议现场");
    assert_eq!(selected_article(&harness).photos[0].caption, "会议现场");
    click(&mut harness, "图片1下移");
    let article = selected_article(&harness);
    assert_eq!(article.photos[1].caption, "会议现场");
    assert_eq!(images_of(&harness, &id)[0], "photos/会场-2.png");
    click(&mut harness, "删除图片1");
    assert_eq!(selected_article(&harness).photos.len(), 1);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(selected_article(&harness).photos.len(), 2);
}

#[test]
fn a_photo_that_fails_the_limits_is_refused_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_copy(dir.path());
    let mut harness = tall_harness(CaibianApp::open_file(&path));
    let id = ArticleId("art-0007".into());
    let outside = tempfile::tempdir().unwrap();
    let garbage = outside.path().join("bad.jpg");
    std::fs::write(&garbage, b"\xFF\xD8\xFF not a photo").unwrap();
    harness.state_mut().apply(AppCommand::AddPhoto {
        article: id.clone(),
        source: garbage,
    });
    harness.run();
    let notice = harness.state().notice().expect("a message").text.clone();
    // 无法添加图片
    assert!(
        notice.contains("\u{65E0}\u{6CD5}\u{6DFB}\u{52A0}\u{56FE}\u{7247}"),
        "{notice}"
    );
    assert!(
        harness
            .state()
            .document()
            .issue()
            .article(&id)
            .unwrap()
            .photos
            .is_empty()
    );
    assert!(!dir.path().join("photos/bad.jpg").exists());
    // The bundled sample opens unsaved: its folder is never written to.
    let mut sample = tall_harness(CaibianApp::open_sample(&common::sample_path()));
    let source = outside.path().join("ok.png");
    make_png(&source, 40, 30);
    sample.state_mut().apply(AppCommand::AddPhoto {
        article: id.clone(),
        source,
    });
    sample.run();
    let notice = sample.state().notice().expect("a message").text.clone();
    // 请先保存期次
    assert!(
        notice.contains("\u{8BF7}\u{5148}\u{4FDD}\u{5B58}"),
        "{notice}"
    );
    let bundled = common::sample_path()
        .parent()
        .unwrap()
        .join("photos/ok.png");
    assert!(!bundled.exists());
}

#[test]
fn pre_edit_in_the_body_counts_nothing_until_committed() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = tall_harness(CaibianApp::open_file(&sample_copy(dir.path())));
    let before = selected_article(&harness);
    let revision = harness.state().document().revision();
    // 正文
    harness.get_by_label("\u{6B63}\u{6587}").focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::End);
    harness.run();
    harness.event(Event::Ime(ImeEvent::Preedit {
        text: "xin wen".into(),
        active_range_chars: Some(0..7),
    }));
    harness.run();
    let shown = harness
        .get_by_label("\u{6B63}\u{6587}")
        .value()
        .unwrap_or_default();
    assert!(shown.ends_with("xin wen"), "the field shows the pre-edit");
    // Not in the issue, so not in the count, the preview or the undo history.
    assert_eq!(selected_article(&harness).body, before.body);
    assert_eq!(harness.state().document().revision(), revision);
    harness.get_by_label_contains(&format!("{}\u{5B57}", before.body_chars()));
    // 新闻 (U+65B0 U+95FB) committed: two characters more, one edit.
    harness.event(Event::Ime(ImeEvent::Commit("\u{65B0}\u{95FB}".into())));
    harness.run();
    let after = selected_article(&harness);
    assert_eq!(after.body, format!("{}\u{65B0}\u{95FB}", before.body));
    assert_eq!(after.body_chars(), before.body_chars() + 2);
    assert_eq!(harness.state().document().revision(), revision + 1);
}

#[test]
fn an_inspection_shows_its_leader_and_places_and_headlines_can_be_picked() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = tall_harness(CaibianApp::open_file(&sample_copy(dir.path())));
    let id = ArticleId("art-0008".into());
    harness.state_mut().apply(AppCommand::Select(id.clone()));
    harness.run();
    // 带队 (the sample keeps the leader as chair) and 视察调研地点, no 主持人.
    assert_eq!(
        harness.get_by_label("带队").value().as_deref(),
        Some("刘振国")
    );
    harness.get_by_label("视察调研地点");
    assert!(harness.query_by_label("主持人").is_none());
    type_into(&mut harness, "视察调研地点", "永昌县光伏产业园");
    let meeting = harness
        .state()
        .document()
        .issue()
        .article(&id)
        .unwrap()
        .meeting
        .clone()
        .unwrap();
    assert_eq!(meeting.places, ["永昌县光伏产业园"]);
    assert_eq!(meeting.group_leader.unwrap().name, "刘振国");
    assert!(meeting.chair.is_none(), "the leader moved out of chair");
    // Clearing 带队 sticks: no chair comes back in its place.
    harness.get_by_label("带队").focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.key_press(Key::Backspace);
    harness.run();
    assert_eq!(harness.get_by_label("带队").value().as_deref(), Some(""));
    type_into(&mut harness, "带队", "刘振国");

    // 生成标题 offers the paper's patterns; picking one sets the headline.
    type_into(&mut harness, "主题", "x");
    click(&mut harness, "生成标题");
    click(&mut harness, "金昌市政协开展新能源产业发展专题视察");
    let article = harness
        .state()
        .document()
        .issue()
        .article(&id)
        .unwrap()
        .clone();
    assert_eq!(article.headline, "金昌市政协开展新能源产业发展专题视察");
}
