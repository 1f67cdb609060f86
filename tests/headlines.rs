//! The headline group breaks where an editor would: a table of this paper's headlines at 1
//! to 4 columns, the segmenter's word boundaries, the sample's headlines, breaks typed by the
//! editor, and properties of the breaker on any text.
//!
//! Full-width marks are written as escapes: （ U+FF08, ） U+FF09, “ U+201C, ” U+201D,
//! 、 U+3001, ， U+FF0C, — U+2014.

mod common;

use caibian::model::{Article, ArticleId, Issue, Page, Placement, TextField};
use caibian::typeset::Typesetter;
use caibian::typeset::display::{HeadLines, PageList};
use caibian::typeset::headline::break_headline;
use caibian::typeset::linebreak::{Line, ParagraphStyle, PreparedParagraph};
use proptest::prelude::*;

const H: TextField = TextField::Headline;
const S: TextField = TextField::Subtitle;
const K: TextField = TextField::Kicker;

/// Headlines, subtitles and kickers of this paper's kinds (meeting, activity, inspection,
/// feature; with 暨, （扩大）, quotes and numbers), and how they are set in the 四开 template
/// at 1, 2, 3 and 4 columns: lines separated by " / ", "=" for one line. A 1- or 2-column
/// headline is 小三 (7 and 16 chars a line), a wider one 二号 (17 and 23 chars); 引题 and
/// 副题 are 小四 (9 chars a line at one column).
const TABLE: &[(TextField, &str, [&str; 4])] = &[
    (
        H,
        "张掖市政协十届九次主席会议召开",
        ["张掖市政协 / 十届九次 / 主席会议召开", "=", "=", "="],
    ),
    (
        H,
        "嘉峪关市政协召开十届三次常委会会议",
        [
            "嘉峪关市政协 / 召开十届三次 / 常委会会议",
            "嘉峪关市政协 / 召开十届三次常委会会议",
            "=",
            "=",
        ],
    ),
    (
        H,
        "临洮县政协党组理论学习中心组\u{FF08}扩大\u{FF09}会议暨十一届十次主席会议召开",
        [
            "临洮县政协党组 / 理论学习中心组 / \u{FF08}扩大\u{FF09}会议 / 暨十一届十次 / 主席会议召开",
            "临洮县政协党组理论学习 / 中心组\u{FF08}扩大\u{FF09}会议暨 / 十一届十次主席会议召开",
            "临洮县政协党组理论学习中心组 / \u{FF08}扩大\u{FF09}会议暨十一届十次主席会议召开",
            "临洮县政协党组理论学习中心组\u{FF08}扩大\u{FF09}会议 / 暨十一届十次主席会议召开",
        ],
    ),
    (
        H,
        "嘉峪关市政协党组理论学习中心组\u{FF08}扩大\u{FF09}会议召开",
        [
            "嘉峪关市政协 / 党组理论学习 / 中心组\u{FF08}扩大\u{FF09} / 会议召开",
            "嘉峪关市政协党组理论学习 / 中心组\u{FF08}扩大\u{FF09}会议召开",
            "嘉峪关市政协党组理论学习 / 中心组\u{FF08}扩大\u{FF09}会议召开",
            "=",
        ],
    ),
    (
        H,
        "省政协十二届二十四次常委会会议召开",
        [
            "省政协 / 十二届二十四次 / 常委会会议召开",
            "省政协十二届二十四次 / 常委会会议召开",
            "=",
            "=",
        ],
    ),
    (
        H,
        "两当县云屏镇召开协商议事会",
        ["两当县云屏镇 / 召开协商议事会", "=", "=", "="],
    ),
    (
        H,
        "永昌县政协召开重点提案督办座谈会",
        ["永昌县政协 / 召开重点提案 / 督办座谈会", "=", "=", "="],
    ),
    (
        H,
        "陇西县政协举办专题轮训会",
        ["陇西县政协 / 举办专题轮训会", "=", "=", "="],
    ),
    (
        H,
        "敦煌市政协召开民营企业座谈会",
        ["敦煌市政协召开 / 民营企业座谈会", "=", "=", "="],
    ),
    (
        H,
        "甘州区政协十届九次主席会议召开",
        ["甘州区政协 / 十届九次 / 主席会议召开", "=", "=", "="],
    ),
    (
        H,
        "康县政协召开2022年第二次理论学习会",
        [
            "康县政协召开 / 2022年第二次 / 理论学习会",
            "康县政协召开 / 2022年第二次理论学习会",
            "=",
            "=",
        ],
    ),
    (
        H,
        "市政协举行二十二次常委会议",
        ["市政协 / 举行二十二次 / 常委会议", "=", "=", "="],
    ),
    (
        H,
        "武威市政协党组理论学习中心组举行专题学习",
        [
            "武威市政协党组 / 理论学习中心组 / 举行专题学习",
            "武威市政协党组理论学习中心组 / 举行专题学习",
            "武威市政协党组理论学习中心组 / 举行专题学习",
            "=",
        ],
    ),
    (
        H,
        "阿克塞县政协开展\u{201C}三送\u{201D}活动",
        ["阿克塞县政协 / 开展\u{201C}三送\u{201D}活动", "=", "=", "="],
    ),
    (
        H,
        "天水市政协开展\u{201C}委员讲堂\u{201D}活动",
        [
            "天水市政协开展 / \u{201C}委员讲堂\u{201D}活动",
            "=",
            "=",
            "=",
        ],
    ),
    (
        H,
        "临洮县政协开展\u{201C}委员走基层\u{201D}活动",
        [
            "临洮县政协开展 / \u{201C}委员走基层\u{201D} / 活动",
            "=",
            "=",
            "=",
        ],
    ),
    (
        H,
        "崆峒区政协组织委员开展\u{201C}送医下乡\u{201D}活动",
        [
            "崆峒区政协 / 组织委员开展 / \u{201C}送医下乡\u{201D}活动",
            "崆峒区政协组织委员 / 开展\u{201C}送医下乡\u{201D}活动",
            "崆峒区政协组织委员 / 开展\u{201C}送医下乡\u{201D}活动",
            "=",
        ],
    ),
    (
        H,
        "金昌市政协视察新能源产业发展",
        ["金昌市政协视察 / 新能源产业发展", "=", "=", "="],
    ),
    (
        H,
        "敦煌市政协视察文物保护利用工作",
        ["敦煌市政协 / 视察文物保护 / 利用工作", "=", "=", "="],
    ),
    (
        H,
        "康县政协调研茶产业发展",
        ["康县政协 / 调研茶产业发展", "=", "=", "="],
    ),
    (
        H,
        "陇西县政协调研中药材产业发展情况",
        ["陇西县政协 / 调研中药材 / 产业发展情况", "=", "=", "="],
    ),
    (
        H,
        "崆峒区政协调研居家养老服务",
        ["崆峒区政协调研 / 居家养老服务", "=", "=", "="],
    ),
    (
        H,
        "社区\u{201C}时间银行\u{201D}存下邻里温情",
        ["社区\u{201C}时间银行\u{201D} / 存下邻里温情", "=", "=", "="],
    ),
    (
        H,
        "做强\u{201C}陇药\u{201D}产业助推乡村振兴",
        ["做强\u{201C}陇药\u{201D}产业 / 助推乡村振兴", "=", "=", "="],
    ),
    (
        H,
        "小小议事厅 化解大难题",
        ["小小议事厅 / 化解大难题", "=", "=", "="],
    ),
    (
        H,
        "让协商议事走进百姓身边",
        ["让协商议事 / 走进百姓身边", "=", "=", "="],
    ),
    (
        H,
        "全市1200余名委员参与\u{201C}三送\u{201D}活动",
        [
            "全市1200余名 / 委员参与 / \u{201C}三送\u{201D}活动",
            "=",
            "=",
            "=",
        ],
    ),
    (
        S,
        "\u{2014}\u{2014}永昌县城关镇东城社区协商议事工作记事",
        [
            "\u{2014}\u{2014}永昌县城关镇 / 东城社区协商 / 议事工作记事",
            "=",
            "=",
            "=",
        ],
    ),
    (
        S,
        "\u{2014}\u{2014}关于推进全省中药材产业高质量发展的调研报告",
        [
            "\u{2014}\u{2014}关于推进全省 / 中药材产业高质量 / 发展的调研报告",
            "\u{2014}\u{2014}关于推进全省中药材 / 产业高质量发展的调研报告",
            "=",
            "=",
        ],
    ),
    (
        S,
        "为县域经济高质量发展凝心聚力",
        ["为县域经济高质量 / 发展凝心聚力", "=", "=", "="],
    ),
    (
        S,
        "以履职实效迎接党的二十大胜利召开",
        ["以履职实效迎接党的 / 二十大胜利召开", "=", "=", "="],
    ),
    (
        S,
        "让老年人乐享幸福晚年",
        ["让老年人 / 乐享幸福晚年", "=", "=", "="],
    ),
    (
        S,
        "商量解决景区停车难题",
        ["商量解决 / 景区停车难题", "=", "=", "="],
    ),
    (
        S,
        "聚焦营商环境开展民主监督",
        ["聚焦营商环境 / 开展民主监督", "=", "=", "="],
    ),
    (
        S,
        "推动茶旅融合提质增效",
        ["推动茶旅 / 融合提质增效", "=", "=", "="],
    ),
    (
        S,
        "9月16日至18日在兰州举行",
        ["9月16日至18日 / 在兰州举行", "=", "=", "="],
    ),
    (
        K,
        "聚焦县域经济高质量发展协商议政",
        ["聚焦县域经济 / 高质量发展协商议政", "=", "=", "="],
    ),
    (K, "凝聚共识\u{3001}助推发展", ["=", "=", "=", "="]),
];

/// One article per span, each on its own 四开 page.
// `.into()` keeps this compiling when `Issue.articles` holds `Arc<Article>`.
#[allow(clippy::useless_conversion)]
fn issue_with(field: TextField, text: &str) -> Issue {
    let mut issue = Issue::new_empty(chrono::NaiveDate::from_ymd_opt(2022, 9, 22).unwrap());
    issue.pages.clear();
    for span in 1..=4u32 {
        let id = ArticleId(format!("span-{span}"));
        let mut article = Article::new(id.clone());
        article.headline = "\u{6807}\u{9898}".into(); // 标题
        match field {
            TextField::Kicker => article.kicker = text.into(),
            TextField::Subtitle => article.subtitle = text.into(),
            _ => article.headline = text.into(),
        }
        article.body = "\u{6B63}\u{6587}".into(); // 正文
        issue.articles.push(article.into());
        issue.pages.push(Page {
            number: span + 1,
            name: format!("page {span}"),
            template: "\u{56DB}\u{5F00}".into(), // 四开
            placements: vec![Placement {
                article: id,
                part: 0,
                column: 0,
                span,
                line: 0,
                depth: 30,
            }],
            credits: None,
            signed_off: false,
        });
    }
    issue
}

/// The lines of `field` as set at 1 to 4 columns.
fn set_by_span(typesetter: &mut Typesetter, field: TextField, text: &str) -> Vec<Vec<String>> {
    let pages = typesetter.typeset(&issue_with(field, text));
    pages
        .iter()
        .map(|page| field_lines(&page.blocks[0].heads, field).to_vec())
        .collect()
}

fn field_lines(heads: &HeadLines, field: TextField) -> &[String] {
    match field {
        TextField::Kicker => &heads.kicker,
        TextField::Subtitle => &heads.subtitle,
        _ => &heads.headline,
    }
}

fn expected_lines(text: &str, expected: &str) -> Vec<String> {
    if expected == "=" {
        vec![text.to_owned()]
    } else {
        expected.split(" / ").map(str::to_owned).collect()
    }
}

/// Char positions (not counting spaces) where the segmenter ends a word.
fn word_ends(jieba: &jieba_rs::Jieba, text: &str) -> Vec<usize> {
    let mut ends = Vec::new();
    let mut count = 0;
    for token in jieba.cut(text, false) {
        count += token.word.chars().filter(|c| *c != ' ').count();
        ends.push(count);
    }
    ends
}

#[test]
fn the_table_sets_as_an_editor_would() {
    assert!(TABLE.len() >= 30);
    let mut typesetter = Typesetter::bundled().expect("fonts and templates load");
    let mut wrong = Vec::new();
    for (field, text, by_span) in TABLE {
        let set = set_by_span(&mut typesetter, *field, text);
        for (span, (lines, expected)) in set.iter().zip(by_span).enumerate() {
            let expected = expected_lines(text, expected);
            if *lines != expected {
                wrong.push(format!(
                    "{text} at {} columns: {} (expected {})",
                    span + 1,
                    lines.join(" / "),
                    expected.join(" / ")
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn no_line_of_the_table_breaks_inside_a_word() {
    let mut typesetter = Typesetter::bundled().expect("fonts and templates load");
    let jieba = jieba_rs::Jieba::new();
    for (field, text, by_span) in TABLE {
        let ends = word_ends(&jieba, text);
        let set = set_by_span(&mut typesetter, *field, text);
        for lines in set.iter().map(Vec::as_slice).chain(
            by_span
                .iter()
                .map(|e| expected_lines(text, e))
                .collect::<Vec<_>>()
                .iter()
                .map(Vec::as_slice),
        ) {
            let mut count = 0;
            for line in &lines[..lines.len() - 1] {
                count += line.chars().filter(|c| *c != ' ').count();
                assert!(
                    ends.contains(&count),
                    "{text}: break after {line} is inside a word"
                );
            }
        }
    }
}

fn sample_pages() -> Vec<PageList> {
    common::typeset(&common::sample())
}

fn headline_of<'a>(pages: &'a [PageList], page: u32, article: &str) -> &'a [String] {
    let page = pages.iter().find(|p| p.number == page).expect("page");
    let block = page
        .blocks
        .iter()
        .find(|b| b.article.0 == article && b.part == 0)
        .expect("block");
    &block.heads.headline
}

#[test]
fn the_sample_headlines_no_longer_split_words() {
    let pages = sample_pages();
    // 两当县云屏镇召开协商议事会: not 两当县云屏镇召 / 开协商议事会.
    assert_eq!(
        headline_of(&pages, 2, "art-0011"),
        ["两当县云屏镇", "召开协商议事会"]
    );
    // 阿克塞县政协开展“三送”活动: not 阿克塞县政协开 / 展“三送”活动.
    assert_eq!(
        headline_of(&pages, 2, "art-0012"),
        ["阿克塞县政协", "开展\u{201C}三送\u{201D}活动"]
    );
    // Page 1: （扩大） (U+FF08 … U+FF09) stays on one line.
    let lines = headline_of(&pages, 1, "art-0002");
    assert!(lines.len() > 1);
    assert!(
        lines
            .iter()
            .any(|l| l.contains("\u{FF08}\u{6269}\u{5927}\u{FF09}")),
        "{lines:?}"
    );
}

#[test]
fn a_typed_line_break_is_kept_and_counted_in_char_indices() {
    let mut typesetter = Typesetter::bundled().expect("fonts and templates load");
    // Fits on one line at 4 columns; the editor's break after 两当县 still wins.
    let set = set_by_span(&mut typesetter, H, "两当县\n云屏镇召开协商议事会");
    assert_eq!(set[3], ["两当县", "云屏镇召开协商议事会"]);
    let set = set_by_span(&mut typesetter, S, "商量解决\r\n景区停车难题");
    assert_eq!(set[3], ["商量解决", "景区停车难题"]);
    // The glyph of 云 maps back to char 4 of the field (the newline is char 3).
    let pages = typesetter.typeset(&issue_with(H, "两当县\n云屏镇召开协商议事会"));
    let glyph = pages[3]
        .items
        .iter()
        .filter_map(|item| match item {
            caibian::typeset::display::DisplayItem::Glyphs(run) => Some(run),
            _ => None,
        })
        .flat_map(|run| &run.glyphs)
        .find(|g| g.ch == '云')
        .expect("云 is set");
    assert_eq!(glyph.char_index, 4);
    let heads = &pages[3].blocks[0].heads;
    assert!(
        heads.breaks.iter().any(
            |b| b.kind == caibian::typeset::display::HeadBreakKind::Manual && b.after_char == 2
        )
    );
}

// ---------------------------------------------------------------------------------------------
// Properties of the breaker on any headline and any measure.

const SIZE_PT: f32 = 10.0;

/// Han and full-width marks one em, digits 0.55 em, the space a quarter.
fn advance(_index: usize, ch: char) -> f32 {
    SIZE_PT
        * if ch == ' ' {
            0.25
        } else if ch.is_ascii_digit() {
            0.55
        } else {
            1.0
        }
}

fn style(measure_em: f32) -> ParagraphStyle {
    ParagraphStyle {
        size_pt: SIZE_PT,
        measure_pt: measure_em * SIZE_PT,
        first_line_indent_em: 0.0,
        justify: false,
    }
}

/// Pieces of real headlines, with marks: ， 、 “…” （…） and a space.
const PIECES: &[&str] = &[
    "政协",
    "召开",
    "会议",
    "协商",
    "议事会",
    "两当县",
    "云屏镇",
    "委员",
    "调研",
    "茶产业",
    "发展",
    "乡村振兴",
    "主席",
    "常委会",
    "中心组",
    "活动",
    "视察",
    "开展",
    "举行",
    "民主监督",
    "暨",
    "的",
    "十一届",
    "二十二次",
    "9月16日",
    "2022年",
    "\u{FF0C}",
    "\u{3001}",
    " ",
    "\u{201C}三送\u{201D}",
    "\u{FF08}扩大\u{FF09}",
    "存",
    "会",
];

fn headline() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 1..14).prop_map(|pieces| pieces.concat())
}

fn visible(line: &Line) -> usize {
    line.chars.iter().filter(|c| c.ch != ' ').count()
}

proptest! {
    #[test]
    fn lines_keep_the_text_fit_the_measure_and_avoid_lone_chars(
        text in headline(),
        measure_em in 4.0f32..24.0,
    ) {
        let style = style(measure_em);
        let broken = break_headline(&text, &style, &advance);
        // Every char once, in order (spaces only dropped at line edges).
        let set: String = broken.lines.iter().flat_map(|l| l.chars.iter().map(|c| c.ch)).collect();
        prop_assert_eq!(set.replace(' ', ""), text.replace(' ', ""));
        let chars: Vec<char> = text.chars().collect();
        for line in &broken.lines {
            for placed in &line.chars {
                prop_assert_eq!(chars[placed.index], placed.ch);
            }
            // No line exceeds the measure: every piece is narrower than 4 em.
            prop_assert!(!line.forced_break);
            prop_assert!(line.width_pt <= style.measure_pt + 1e-3, "{} > {}", line.width_pt, style.measure_pt);
        }
        // A line of one char only when joining it to a neighbour would not fit.
        let para = PreparedParagraph::new(&text, &style, &advance);
        let span = |line: &Line| {
            let first = line.chars.first().map_or(0, |c| c.index);
            let last = line.chars.last().map_or(0, |c| c.index + 1);
            (first, last)
        };
        for (i, line) in broken.lines.iter().enumerate() {
            if visible(line) != 1 || broken.lines.len() == 1 {
                continue;
            }
            let (start, end) = span(line);
            if i > 0 {
                let (prev_start, _) = span(&broken.lines[i - 1]);
                prop_assert!(para.extent(prev_start, end).min_pt > style.measure_pt, "line {} of {:?} could join the one before", i, text);
            }
            if let Some(next) = broken.lines.get(i + 1) {
                let (_, next_end) = span(next);
                prop_assert!(para.extent(start, next_end).min_pt > style.measure_pt, "line {} of {:?} could join the one after", i, text);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The form and the preview.

use caibian::ui::CaibianApp;
use common::ui::harness;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;

const HEADLINE_LABEL: &str = "\u{4E3B}\u{9898}"; // 主题

#[test]
fn shift_enter_in_the_headline_types_a_break_the_typesetter_keeps() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::sample_copy(dir.path());
    let mut harness = harness(CaibianApp::open_file(&path));
    let target = harness.state().document().issue().articles[0].clone();
    harness.get_by_label(&target.headline).click();
    harness.run();
    harness.get_by_label(HEADLINE_LABEL).focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.get_by_label(HEADLINE_LABEL).type_text("两当县");
    harness.run();
    // Enter alone types nothing; Shift+Enter types the break.
    harness.key_press(Key::Enter);
    harness.run();
    harness.get_by_label(HEADLINE_LABEL).focus();
    harness.run();
    harness.key_press(Key::End);
    harness.key_press_modifiers(Modifiers::SHIFT, Key::Enter);
    harness
        .get_by_label(HEADLINE_LABEL)
        .type_text("云屏镇召开协商议事会");
    harness.run();
    let edited = harness
        .state()
        .document()
        .issue()
        .article(&target.id)
        .unwrap()
        .headline
        .clone();
    assert_eq!(edited, "两当县\n云屏镇召开协商议事会");
    let block = harness
        .state()
        .pages()
        .iter()
        .flat_map(|page| &page.blocks)
        .find(|block| block.article == target.id && block.part == 0)
        .expect("the article is placed")
        .clone();
    assert_eq!(block.heads.headline, ["两当县", "云屏镇召开协商议事会"]);
}

/// Line segments egui painted in `colour`.
fn segments_in(shapes: &[egui::epaint::ClippedShape], colour: egui::Color32) -> usize {
    fn walk(shape: &egui::Shape, colour: egui::Color32, count: &mut usize) {
        match shape {
            egui::Shape::Vec(inner) => inner.iter().for_each(|s| walk(s, colour, count)),
            egui::Shape::LineSegment { stroke, .. } if stroke.color == colour => *count += 1,
            _ => {}
        }
    }
    let mut count = 0;
    for clipped in shapes {
        walk(&clipped.shape, colour, &mut count);
    }
    count
}

#[test]
fn hovering_a_headline_in_the_preview_shows_its_break_points() {
    use caibian::typeset::display::HeadBreakKind;
    use caibian::ui::theme::{HEADLINE_BREAK_COLOUR, HEADLINE_POSSIBLE_BREAK_COLOUR};

    let mut harness = harness(CaibianApp::open_sample(&common::sample_path()));
    let page = harness.state().pages()[0].clone();
    // 临洮县政协党组理论学习中心组（扩大）会议暨…: three lines, two chosen breaks.
    let heads = page
        .blocks
        .iter()
        .find(|b| b.article.0 == "art-0002")
        .map(|b| b.heads.clone())
        .expect("art-0002 on page 1");
    let chosen = heads
        .breaks
        .iter()
        .filter(|b| b.kind == HeadBreakKind::Chosen)
        .count();
    assert_eq!(chosen, 2);
    let rect = heads.rect.expect("the group's area");
    let canvas = harness
        .get_by_label("\u{7248}\u{9762}\u{9884}\u{89C8}")
        .rect(); // 版面预览
    let scale = canvas.width() / page.width_pt;
    let inside = canvas.min + egui::vec2(rect.x + rect.width / 2.0, rect.y + 2.0) * scale;
    assert!(
        page.heads_at(rect.x + rect.width / 2.0, rect.y + 2.0)
            .is_some()
    );

    harness.hover_at(inside);
    harness.run();
    let shapes = &harness.output().shapes;
    assert_eq!(segments_in(shapes, HEADLINE_BREAK_COLOUR), chosen);
    assert!(segments_in(shapes, HEADLINE_POSSIBLE_BREAK_COLOUR) > 0);

    // Away from any headline nothing is marked.
    harness.hover_at(canvas.max - egui::vec2(2.0, 2.0));
    harness.run();
    assert_eq!(
        segments_in(&harness.output().shapes, HEADLINE_BREAK_COLOUR),
        0
    );
}
