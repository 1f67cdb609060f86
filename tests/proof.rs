//! Checks: every rule fires on its fault and stays silent on correct text; the sample
//! issue is clean; a dirty corpus gives exactly its counted faults; fixes re-check clean.
//!
//! Chinese punctuation is written with tokens that `zh` expands, so no tool can turn it
//! into ASCII: <,> U+FF0C  <(> U+FF08  <)> U+FF09  <:> U+FF1A  <;> U+FF1B  <?> U+FF1F
//! <!> U+FF01  <d> U+3001 (、)  <o> U+3002 (。)  << U+300A (《)  >> U+300B (》)
//! <q> U+201C (“)  </q> U+201D (”)  <1> U+2014 (—)  <2> U+2014 U+2014 (——)
//! <e> U+2026 (…)  <...> U+2026 U+2026 (……)  <s> U+3000 (ideographic space).

use std::collections::BTreeMap;

use caibian::model::{Article, ArticleId, Issue, Photo, Placement, TextField};
use caibian::proof::{
    Checker, Dictionary, Finding, Severity, apply_safe_fixes, check_pages, check_text, finding_text,
};
use caibian::store;
use caibian::typeset::Typesetter;

/// Expand the punctuation tokens listed at the top of this file.
fn zh(text: &str) -> String {
    const TOKENS: [(&str, &str); 18] = [
        ("</q>", "\u{201D}"),
        ("<q>", "\u{201C}"),
        ("<...>", "\u{2026}\u{2026}"),
        ("<e>", "\u{2026}"),
        ("<2>", "\u{2014}\u{2014}"),
        ("<1>", "\u{2014}"),
        ("<s>", "\u{3000}"),
        ("<,>", "\u{FF0C}"),
        ("<(>", "\u{FF08}"),
        ("<)>", "\u{FF09}"),
        ("<:>", "\u{FF1A}"),
        ("<;>", "\u{FF1B}"),
        ("<?>", "\u{FF1F}"),
        ("<!>", "\u{FF01}"),
        ("<d>", "\u{3001}"),
        ("<o>", "\u{3002}"),
        ("<<", "\u{300A}"),
        (">>", "\u{300B}"),
    ];
    let mut out = text.to_owned();
    for (token, mark) in TOKENS {
        out = out.replace(token, mark);
    }
    out
}

fn findings(text: &str, field: Option<TextField>) -> Vec<Finding> {
    check_text(&zh(text), field, &Dictionary::bundled())
}

fn of_rule(rule: &str, text: &str, field: Option<TextField>) -> Vec<Finding> {
    findings(text, field)
        .into_iter()
        .filter(|f| f.rule == rule)
        .collect()
}

/// The text after applying every fix (safe or not) of `rule`.
fn fixed_by(rule: &str, text: &str, field: Option<TextField>) -> String {
    let text = zh(text);
    let found: Vec<Finding> = check_text(&text, field, &Dictionary::bundled())
        .into_iter()
        .filter(|f| f.rule == rule)
        .collect();
    caibian::proof::apply_fixes(
        &text,
        found
            .iter()
            .filter_map(|f| Some((f.range.clone()?, f.fix.as_ref()?))),
    )
}

const BODY: Option<TextField> = Some(TextField::Body);

/// (rule, field, faulty text, findings expected, text after that rule's fixes or "").
type Case = (
    &'static str,
    Option<TextField>,
    &'static str,
    usize,
    &'static str,
);

const FIRES: &[Case] = &[
    // U+0020 and U+3000 between Han; Han and a digit; next to full-width punctuation.
    ("space-between-han", BODY, "会议 召开", 1, "会议召开"),
    ("space-between-han", BODY, "会议<s>召开", 1, "会议召开"),
    ("space-between-han", BODY, "共 3 个", 2, "共3个"),
    ("space-between-han", BODY, "召开<,> 会议", 1, "召开<,>会议"),
    (
        "space-between-han",
        Some(TextField::Dateline),
        "本报 张掖讯",
        1,
        "本报张掖讯",
    ),
    // A space inside a two-character name in a byline is padding: a note.
    (
        "space-between-han",
        Some(TextField::Byline),
        "通讯员 王 伟",
        1,
        "通讯员 王伟",
    ),
    // , ( ) : ; ? ! (U+002C U+0028 U+0029 U+003A U+003B U+003F U+0021) touching Han.
    ("halfwidth-punct", BODY, "会议,要求", 1, "会议<,>要求"),
    (
        "halfwidth-punct",
        BODY,
        "资金(100万元)到位",
        2,
        "资金<(>100万元<)>到位",
    ),
    (
        "halfwidth-punct",
        BODY,
        "问:好吗?好!对;",
        4,
        "问<:>好吗<?>好<!>对<;>",
    ),
    // " U+0022 and ' U+0027, paired in order.
    (
        "straight-quotes",
        BODY,
        "坚持\"小切口\"原则",
        2,
        "坚持<q>小切口</q>原则",
    ),
    (
        "straight-quotes",
        BODY,
        "所谓'三农'问题",
        2,
        "所谓\u{2018}三农\u{2019}问题",
    ),
    ("unbalanced", BODY, "<q>会议召开", 1, ""),
    ("unbalanced", BODY, "<(>甲<<乙<)>>>", 2, ""),
    ("unbalanced", BODY, "甲<)>", 1, ""),
    // ... U+002E x3, 。。。 U+3002 x3, a single … U+2026.
    ("ellipsis", BODY, "调研...发现", 1, "调研<...>发现"),
    ("ellipsis", BODY, "问题<o><o><o>", 1, "问题<...>"),
    ("ellipsis", BODY, "难点<e>", 1, "难点<...>"),
    // -- U+002D x2, single — U+2014, a hyphen opening a subtitle or between Han.
    ("dash", BODY, "做细--这是", 1, "做细<2>这是"),
    ("dash", BODY, "关键<1>也是", 1, "关键<2>也是"),
    (
        "dash",
        Some(TextField::Subtitle),
        "-永昌县社区工作记事",
        1,
        "<2>永昌县社区工作记事",
    ),
    (
        "dash",
        Some(TextField::Subtitle),
        "<1>永昌县社区工作记事",
        1,
        "<2>永昌县社区工作记事",
    ),
    ("dash", BODY, "兰州-西宁", 1, "兰州<2>西宁"),
    // 1-8月 (U+002D) -> 1—8月 (U+2014); an en dash U+2013 too.
    ("range-mark", BODY, "1-8月", 1, "1<1>8月"),
    ("range-mark", BODY, "2021\u{2013}2022年", 1, "2021<1>2022年"),
    (
        "title-list-comma",
        BODY,
        "<<甲>><d><<乙>>",
        1,
        "<<甲>><<乙>>",
    ),
    ("approx-comma", BODY, "三<d>五天", 1, "三五天"),
    ("approx-comma", BODY, "走访七<d>八户", 1, "走访七八户"),
    ("deng-comma", BODY, "甲<d>乙<d>等", 1, "甲<d>乙等"),
    (
        "headline-stop",
        Some(TextField::Headline),
        "会议召开<o>",
        1,
        "会议召开",
    ),
    (
        "headline-stop",
        Some(TextField::Subtitle),
        "凝心聚力<,>",
        1,
        "凝心聚力",
    ),
    (
        "session-numerals",
        BODY,
        "10届9次主席会议",
        1,
        "十届九次主席会议",
    ),
    (
        "session-numerals",
        BODY,
        "十二届24次常委会",
        1,
        "十二届二十四次常委会",
    ),
    ("session-numerals", BODY, "第12届", 1, "第十二届"),
    // 二〇二二年 (U+4E8C U+3007 U+4E8C U+4E8C) with 9月16日.
    ("mixed-date", BODY, "二〇二二年9月16日", 1, "2022年9月16日"),
    ("mixed-date", BODY, "九月16日", 1, "9月16日"),
    ("short-year", BODY, "22年9月", 1, "2022年9月"),
    // １２３ U+FF11 U+FF12 U+FF13.
    (
        "fullwidth-digits",
        BODY,
        "共\u{FF11}\u{FF12}\u{FF13}人",
        1,
        "共123人",
    ),
    // 的的 U+7684 U+7684, 了了 U+4E86 U+4E86.
    ("doubled", BODY, "以来的的变化", 1, "以来的变化"),
    ("doubled", BODY, "开展了了调研", 1, "开展了调研"),
    // A two-character word twice: 会议会议 (U+4F1A U+8BAE x2), a note.
    ("doubled", BODY, "召开会议会议强调", 1, "召开会议强调"),
    // 纳人 U+7EB3 U+4EBA -> 纳入; 己经 U+5DF1 U+7ECF -> 已经; 末来 U+672B -> 未来.
    ("house-style", BODY, "纳人计划", 1, "纳入计划"),
    ("house-style", BODY, "己经完成", 1, "已经完成"),
    ("house-style", BODY, "面向末来", 1, "面向未来"),
    ("house-style", BODY, "付主席", 1, "副主席"),
];

const SILENT: &[(&str, Option<TextField>, &str)] = &[
    (
        "space-between-han",
        BODY,
        "引用了Think globally, act locally一语",
    ),
    (
        "space-between-han",
        Some(TextField::Byline),
        "通讯员 吴振华 孙晓燕",
    ),
    (
        "space-between-han",
        Some(TextField::Dateline),
        "本报讯<(>记者周明轩 孙婧<)>",
    ),
    ("space-between-han", BODY, "<s><s>会议召开"),
    (
        "halfwidth-punct",
        BODY,
        "引用了<q>Think globally, act locally</q>一语",
    ),
    ("halfwidth-punct", BODY, "网址https://example.com/a?b=1&c=2"),
    ("halfwidth-punct", BODY, "增长3.5%<,>达1,000人<,>时间10:30"),
    ("straight-quotes", BODY, "He said \"yes\" and left"),
    ("straight-quotes", BODY, "读了Nature's报道"),
    ("unbalanced", BODY, "<q>他说<(>见<<甲>><)></q>"),
    ("unbalanced", BODY, "<q>第一段</q><q>第二段</q>"),
    ("ellipsis", BODY, "会议<...>"),
    ("ellipsis", BODY, "see etc... later"),
    (
        "dash",
        Some(TextField::Subtitle),
        "<2>永昌县城关镇东城社区协商议事工作记事",
    ),
    ("dash", BODY, "1<1>8月"),
    ("dash", BODY, "COVID-19疫情"),
    ("range-mark", BODY, "1<1>8月"),
    ("range-mark", BODY, "电话0931-8123456"),
    ("range-mark", BODY, "2022-09-22发布"),
    ("range-mark", BODY, "G30-1线"),
    // 《》 lists with a note between keep the 、 (GB/T 15834 4.5.3.5).
    ("title-list-comma", BODY, "<<甲>><(>草案<)><d><<乙>>"),
    ("title-list-comma", BODY, "<<甲>><<乙>>"),
    ("approx-comma", BODY, "一<d>二<d>三"),
    ("approx-comma", BODY, "第一<d>二条"),
    ("approx-comma", BODY, "三五天"),
    ("deng-comma", BODY, "甲<d>乙等"),
    ("headline-stop", BODY, "会议召开<o>"),
    ("headline-stop", Some(TextField::Headline), "会议召开"),
    ("session-numerals", BODY, "十届九次主席会议"),
    ("session-numerals", BODY, "2022届毕业生"),
    ("session-numerals", BODY, "开展专题协商4次"),
    ("mixed-date", BODY, "2022年9月16日"),
    ("mixed-date", BODY, "二〇二二年九月十六日"),
    ("mixed-date", BODY, "农历壬寅年八月廿七"),
    ("short-year", BODY, "2022年9月"),
    ("short-year", BODY, "近22年来"),
    ("fullwidth-digits", BODY, "共123人"),
    // 的的确确 U+7684 U+7684 U+786E U+786E, 不了了之, 为了了解 (为了 + 了解).
    ("doubled", BODY, "的的确确"),
    ("doubled", BODY, "不了了之"),
    ("doubled", BODY, "为了了解情况"),
    ("doubled", BODY, "大家商量商量"),
    ("doubled", BODY, "一件一件抓落实"),
    // A quotation over two paragraphs: the first paragraph leaves “ open.
    ("unbalanced", BODY, "<q>第一段<o>\n<q>第二段<o></q>"),
    // 吸纳人才: 吸纳 + 人才, an exception of 纳人.
    ("house-style", BODY, "吸纳人才"),
    ("house-style", BODY, "纳入计划"),
    ("house-style", BODY, "领导人"),
];

#[test]
fn every_text_rule_fires_with_its_fix() {
    for &(rule, field, text, count, after) in FIRES {
        let found = of_rule(rule, text, field);
        assert_eq!(found.len(), count, "{rule} on {text:?}: {found:#?}");
        for finding in &found {
            assert!(!finding.message.is_empty());
            assert!(
                finding.range.is_some(),
                "{rule}: a text finding has a range"
            );
        }
        if !after.is_empty() {
            assert_eq!(
                fixed_by(rule, text, field),
                zh(after),
                "{rule} fix on {text:?}"
            );
        }
    }
}

#[test]
fn every_text_rule_is_silent_on_correct_text() {
    for &(rule, field, text) in SILENT {
        let found = of_rule(rule, text, field);
        assert!(found.is_empty(), "{rule} on {text:?}: {found:#?}");
    }
}

#[test]
fn fixes_are_marked_safe_only_where_no_judgement_is_needed() {
    let safe = |rule: &str, text: &str, field| {
        of_rule(rule, text, field)
            .iter()
            .all(|f| f.fix.as_ref().is_some_and(|x| x.safe))
    };
    assert!(safe("halfwidth-punct", "会议,要求", BODY));
    assert!(safe("space-between-han", "会议 召开", BODY));
    // A single dash between Han may be a connector (兰州—西宁): not safe.
    assert!(!safe("dash", "兰州-西宁", BODY));
    assert!(!safe("doubled", "以来的的变化", BODY));
    // The padded name is a note, not an error.
    let note = of_rule("space-between-han", "通讯员 王 伟", Some(TextField::Byline));
    assert_eq!(note[0].severity, Severity::Note);
}

#[test]
fn missing_glyph_names_the_character() {
    // U+E000 is a private-use character no font covers; 会 U+4F1A is covered.
    let mut checker = Checker::default();
    let found: Vec<Finding> = checker
        .check_field(BODY, "\u{4F1A}\u{E000}")
        .iter()
        .filter(|f| f.rule == "missing-glyph")
        .cloned()
        .collect();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].range, Some(1..2));
    assert!(found[0].message.contains("U+E000"), "{}", found[0].message);
    assert!(checker.check_field(BODY, "\u{4F1A}\u{8BAE}").is_empty());
}

fn sample() -> Issue {
    store::load_issue(&caibian::assets::sample_issue_path()).unwrap()
}

fn describe(issue: &Issue, findings: &[Finding]) -> String {
    findings
        .iter()
        .map(|f| {
            let text = f
                .article
                .as_ref()
                .and_then(|id| issue.article(id))
                .map(|a| finding_text(a, f))
                .unwrap_or_default();
            format!(
                "{:?} {} {:?} {:?} [{text}] {}",
                f.article, f.rule, f.field, f.range, f.message
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn all_findings(issue: &Issue, for_print: bool) -> Vec<Finding> {
    let mut checker = Checker::default();
    let mut findings = checker.check_issue(issue, None);
    let pages = Typesetter::bundled().unwrap().typeset(issue);
    findings.extend(check_pages(issue, &pages, for_print));
    findings
}

fn rules(findings: &[Finding]) -> Vec<&'static str> {
    findings.iter().map(|f| f.rule).collect()
}

#[test]
fn sample_issue_has_no_errors_or_warnings() {
    let issue = sample();
    let findings = all_findings(&issue, false);
    let serious: Vec<Finding> = findings
        .into_iter()
        .filter(|f| f.severity != Severity::Note)
        .collect();
    assert!(serious.is_empty(), "{}", describe(&issue, &serious));
}

#[test]
fn article_rules_fire() {
    let mut issue = sample();
    let id = issue.articles[1].id.clone();
    {
        let article = issue.article_mut(&id).unwrap();
        article.headline.clear();
        // 张掖讯 without 本报 (U+672C U+62A5).
        article.dateline = "\u{5F20}\u{6396}\u{8BAF}".into();
        article.photos.push(Photo {
            path: "photos/none.jpg".into(),
            caption: String::new(),
            credit: String::new(),
        });
    }
    let folder = store::photo::issue_folder(&caibian::assets::sample_issue_path());
    let problem = |path: &str| store::photo::photo_problem(&folder, path);
    let findings = Checker::default().check_issue(&issue, Some(&problem));
    let mine: Vec<&str> = findings
        .iter()
        .filter(|f| f.article.as_ref() == Some(&id))
        .map(|f| f.rule)
        .collect();
    assert_eq!(
        mine,
        ["empty-headline", "dateline-form", "photo-missing"],
        "{}",
        describe(&issue, &findings)
    );
    // The sample's own photo is found: only the added one is missing.
    assert_eq!(
        findings
            .iter()
            .filter(|f| f.rule == "photo-missing")
            .count(),
        1
    );
}

/// Captions print under the photo like body text: the text rules read them, and a
/// finding names the photo, quotes the fault in context and says the fix in words.
#[test]
fn photo_captions_are_checked() {
    let mut issue = sample();
    let id = issue.articles[1].id.clone();
    let caption = "会议现场,委员发言";
    {
        let article = issue.article_mut(&id).unwrap();
        for text in ["", caption] {
            article.photos.push(Photo {
                path: "photos/weiyuan-jiangtang.jpg".into(),
                caption: text.into(),
                credit: String::new(),
            });
        }
    }
    let findings = Checker::default().check_issue(&issue, None);
    let mine: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.article.as_ref() == Some(&id))
        .collect();
    assert_eq!(mine.len(), 1, "{}", describe(&issue, &findings));
    let found = mine[0];
    assert_eq!(found.rule, "halfwidth-punct");
    assert_eq!(
        (found.field, &found.range, &found.fix),
        (None, &None, &None)
    );
    let photo_number = issue.article(&id).unwrap().photos.len();
    let expected_start = format!("图片{photo_number}图注\u{FF1A}");
    assert!(
        found.message.starts_with(&expected_start),
        "{}",
        found.message
    );
    assert!(found.message.contains(caption), "{}", found.message);
    // The message names the full-width comma itself, so no fix is spelt out again.
    assert!(!found.message.contains("改为"), "{}", found.message);

    // Fixed in the photo list, the finding goes.
    issue
        .article_mut(&id)
        .unwrap()
        .photos
        .last_mut()
        .unwrap()
        .caption = caption.replace(',', "\u{FF0C}");
    let findings = Checker::default().check_issue(&issue, None);
    assert!(
        findings.iter().all(|f| f.article.as_ref() != Some(&id)),
        "{}",
        describe(&issue, &findings)
    );
}

/// Ignoring a caption's finding hides that fault only: the same rule in another caption
/// is still reported, and the entry names the caption.
#[test]
fn ignoring_a_caption_finding_hides_only_that_one() {
    let mut issue = sample();
    let id = issue.articles[1].id.clone();
    for caption in ["会议现场,委员发言", "调研现场,委员察看"] {
        issue.article_mut(&id).unwrap().photos.push(Photo {
            path: "photos/weiyuan-jiangtang.jpg".into(),
            caption: caption.into(),
            credit: String::new(),
        });
    }
    let mine = |issue: &Issue| -> Vec<Finding> {
        Checker::default()
            .check_issue(issue, None)
            .into_iter()
            .filter(|f| f.article.as_ref() == Some(&id))
            .collect()
    };
    let found = mine(&issue);
    assert_eq!(found.len(), 2, "{}", describe(&issue, &found));
    let article = issue.article(&id).unwrap();
    let first = found
        .iter()
        .find(|f| f.message.contains("会议现场"))
        .unwrap();
    let entry = first.ignore_entry(&finding_text(article, first));
    assert_eq!(entry.field, format!("caption{}", first.photo.unwrap() + 1));
    issue.article_mut(&id).unwrap().ignored.push(entry);
    let left = mine(&issue);
    assert_eq!(left.len(), 1, "{}", describe(&issue, &left));
    assert!(left[0].message.contains("调研现场"), "{}", left[0].message);
}

#[test]
fn page_rules_fire() {
    let base = sample();
    let page_rules = |issue: &Issue, for_print| {
        let pages = Typesetter::bundled().unwrap().typeset(issue);
        check_pages(issue, &pages, for_print)
    };
    assert!(page_rules(&base, false).is_empty());

    // overflow: art-0002's block cut to 6 lines.
    let mut issue = base.clone();
    issue.pages[0].placements[1].depth = 6;
    let found = page_rules(&issue, false);
    assert!(
        found
            .iter()
            .any(|f| f.rule == "overflow" && f.page == Some(1)),
        "{found:#?}"
    );

    // jump-broken: art-0001's continuation numbered 2 with no part 1.
    let mut issue = base.clone();
    issue.pages[1].placements[0].part = 2;
    let found = page_rules(&issue, false);
    assert!(found.iter().any(|f| f.rule == "jump-broken"), "{found:#?}");

    // block-overlap: a second block on top of art-0002.
    let mut issue = base.clone();
    issue.pages[0].placements.push(Placement {
        article: ArticleId("art-0004".into()),
        part: 1,
        column: 3,
        span: 2,
        line: 20,
        depth: 4,
    });
    let found = page_rules(&issue, false);
    assert!(
        found.iter().any(|f| f.rule == "block-overlap"),
        "{found:#?}"
    );

    // underfull: art-0011's body cut to one sentence (会议召开。) in a 25-line block.
    let mut issue = base.clone();
    let id = ArticleId("art-0011".into());
    issue.article_mut(&id).unwrap().body = zh("会议召开<o>");
    let found = page_rules(&issue, false);
    assert!(
        found
            .iter()
            .any(|f| f.rule == "underfull" && f.article.as_ref() == Some(&id)),
        "{found:#?}"
    );

    // unsigned: only when exporting for print, once per unsigned page.
    let found = page_rules(&base, true);
    assert_eq!(rules(&found), ["unsigned", "unsigned"]);
    let mut signed = base.clone();
    signed.pages.iter_mut().for_each(|p| p.signed_off = true);
    assert!(page_rules(&signed, true).is_empty());
}

/// The dirty corpus (tests/fixtures/dirty-copy.txt, eight paragraphs of pasted copy):
/// every counted fault is found and nothing else.
#[test]
fn dirty_corpus_gives_every_fault_and_nothing_else() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/dirty-copy.txt"
    ))
    .unwrap();
    let found = Checker::default().check_field(None, &text);
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for finding in found.iter() {
        *counts.entry(finding.rule).or_default() += 1;
    }
    let expected: BTreeMap<&str, usize> = [
        ("session-numerals", 1),  // 10届9次
        ("space-between-han", 3), // "议 ，" "， 推" "出 要"
        ("house-style", 2),       // 纳人, 己经
        ("halfwidth-punct", 11),  // 2 in para 2, 6 in para 3, 1 in para 4, 2 in para 6
        ("straight-quotes", 2),   // "怎么办?"
        ("mixed-date", 1),        // 二〇二二年9月
        ("range-mark", 1),        // 1-8月
        ("ellipsis", 3),          // ... 。。。 …
        ("dash", 2),              // -- and a single —
        ("approx-comma", 1),      // 三、五户
        ("short-year", 1),        // 22年3月
        ("doubled", 1),           // 的的
        ("fullwidth-digits", 1),  // １２０
        ("title-list-comma", 1),  // 》、《
        ("deng-comma", 1),        // 、等
        ("unbalanced", 1),        // an unclosed （
    ]
    .into_iter()
    .collect();
    assert_eq!(counts, expected, "{found:#?}");
}

#[test]
fn safe_fixes_recheck_clean_and_touch_only_finding_ranges() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/dirty-copy.txt"
    ))
    .unwrap();
    let mut checker = Checker::default();
    let found = checker.check_field(None, &text);
    let fixed = apply_safe_fixes(&text, &found);
    let again = checker.check_field(None, &fixed);
    assert!(!again.iter().any(Finding::has_safe_fix), "{again:#?}");
    assert_unchanged_outside(&text, &fixed, &found);
}

/// The text outside the safe-fix ranges appears in `fixed` unchanged and in order.
pub fn assert_unchanged_outside(text: &str, fixed: &str, found: &[Finding]) {
    let chars: Vec<char> = text.chars().collect();
    let mut ranges: Vec<_> = found
        .iter()
        .filter(|f| f.has_safe_fix())
        .filter_map(|f| f.range.clone())
        .collect();
    ranges.sort_by_key(|r| r.start);
    let mut at = 0;
    let mut rest = fixed;
    for range in ranges
        .iter()
        .chain(std::iter::once(&(chars.len()..chars.len())))
    {
        let kept: String = chars[at.min(range.start)..range.start].iter().collect();
        let Some(position) = rest.find(&kept) else {
            panic!("text {kept:?} outside the finding ranges changed");
        };
        rest = &rest[position + kept.len()..];
        at = at.max(range.end);
    }
}

#[test]
fn keystroke_rechecks_only_the_changed_field() {
    let mut issue = sample();
    let mut checker = Checker::default();
    checker.check_issue(&issue, None);
    let first = checker.take_fresh_count();
    assert!(first > 20, "every non-empty field checked once: {first}");
    checker.check_issue(&issue, None);
    assert_eq!(checker.take_fresh_count(), 0);
    issue.articles[3].body.push('\u{4F1A}'); // one keystroke: 会
    let findings = checker.check_issue(&issue, None);
    assert_eq!(checker.take_fresh_count(), 1);
    assert!(findings.iter().all(|f| f.severity == Severity::Note));
}

#[test]
fn ignored_findings_stay_ignored_and_round_trip() {
    let mut issue = sample();
    let id = issue.articles[0].id.clone();
    // 会议,要求 (U+002C): one halfwidth-punct finding.
    issue.article_mut(&id).unwrap().body = "\u{4F1A}\u{8BAE},\u{8981}\u{6C42}".into();
    let mut checker = Checker::default();
    let found: Vec<Finding> = checker
        .check_issue(&issue, None)
        .into_iter()
        .filter(|f| f.article.as_ref() == Some(&id))
        .collect();
    assert_eq!(rules(&found), ["halfwidth-punct"]);
    let article: &Article = issue.article(&id).unwrap();
    let entry = found[0].ignore_entry(&finding_text(article, &found[0]));
    issue.article_mut(&id).unwrap().ignored.push(entry);
    let text = store::issue_to_ron(&issue).unwrap();
    let reread = store::parse_issue(&text).unwrap();
    assert_eq!(reread, issue);
    let after = checker.check_issue(&reread, None);
    assert!(after.iter().all(|f| f.article.as_ref() != Some(&id)));
}

#[test]
fn user_dictionary_extends_the_bundled_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("house-style.ron");
    caibian::proof::dictionary::add_user_entry(
        &path,
        caibian::proof::dictionary::Entry {
            // A house rule of the user's own: 三农问题 -> “三农”问题 (U+201C U+201D).
            wrong: "\u{4E09}\u{519C}\u{95EE}\u{9898}".into(), // 三农问题
            right: "\u{201C}\u{4E09}\u{519C}\u{201D}\u{95EE}\u{9898}".into(), // “三农”问题
            note: String::new(),
            exceptions: Vec::new(),
            severity: caibian::proof::dictionary::EntrySeverity::Warning,
            safe: false,
        },
    )
    .unwrap();
    let dictionary = Dictionary::with_user_file(&path).unwrap();
    assert_eq!(
        dictionary.entries().len(),
        Dictionary::bundled().entries().len() + 1
    );
    let found = check_text("\u{4E09}\u{519C}\u{95EE}\u{9898}", BODY, &dictionary);
    assert_eq!(rules(&found), ["house-style"]);
    // A broken user file is an error, not a panic.
    std::fs::write(&path, "(entries: [oops").unwrap();
    assert!(Dictionary::with_user_file(&path).is_err());
}
