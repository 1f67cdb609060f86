//! The meeting module: numerals, drafted headlines and leads, agreement checks, and
//! `caibian draft`. Every Chinese punctuation mark in expected text is written by code
//! point (\u{FF0C} ， \u{3002} 。 \u{3001} 、 \u{FF08} （ \u{FF09} ） \u{300A} 《
//! \u{300B} 》 \u{201C} “ \u{201D} ”).

use chrono::NaiveDate;

use caibian::meeting::{
    self, DraftError, check_article, check_issue, chinese_numeral, draft_lead, numbering,
    suggest_headlines,
};
use caibian::model::{Article, ArticleId, EventKind, Issue, MeetingInfo, MeetingSession, Person};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn person(name: &str, title: &str) -> Option<Person> {
    Some(Person {
        name: name.into(),
        title: title.into(),
    })
}

fn session(body: &str, term: Option<u32>, sitting: Option<u32>) -> MeetingSession {
    MeetingSession {
        body: body.into(),
        term,
        sitting,
    }
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// 甘州区政协十届九次主席会议: one numbered body, two correspondents.
fn presidium() -> MeetingInfo {
    MeetingInfo {
        kind: EventKind::Meeting,
        organisation: "甘州区政协".into(),
        place: "张掖".into(),
        sessions: vec![session("主席会议", Some(10), Some(9))],
        date: Some(date(2022, 9, 16)),
        chair: person("陈立军", "区政协主席"),
        attendees: strings(&["区政协副主席", "秘书长"]),
        studied: strings(&[
            "市政协有关会议精神",
            "\u{300A}甘州区优化营商环境三年行动方案\u{300B}",
        ]),
        approved: strings(&["区政协委员履职量化考核办法"]),
        requirements: strings(&[
            "把优化营商环境民主监督作为年度重点工作",
            "指出\u{FF1A}各项工作有序推进",
        ]),
        correspondents: strings(&["王文博", "李静"]),
        ..MeetingInfo::default()
    }
}

/// 临洮县政协党组理论学习中心组（扩大）会议暨十一届十次主席会议: a combined meeting.
fn combined() -> MeetingInfo {
    MeetingInfo {
        kind: EventKind::Meeting,
        organisation: "临洮县政协".into(),
        place: "临洮".into(),
        sessions: vec![
            session("党组理论学习中心组\u{FF08}扩大\u{FF09}会议", None, None),
            session("主席会议", Some(11), Some(10)),
        ],
        date: Some(date(2022, 9, 13)),
        chair: person("孙宏伟", "县政协党组书记\u{3001}主席"),
        studied: strings(&[
            "省\u{3001}市政协有关会议精神",
            "\u{300A}习近平谈治国理政\u{300B}第四卷相关篇目",
        ]),
        approved: strings(&[
            "县政协2022年第四季度工作安排",
            "县政协关于助推特色产业发展的调研报告",
        ]),
        requirements: strings(&["开展提案办理\u{201C}回头看\u{201D}\u{3002}"]),
        correspondents: strings(&["张宏亮", "杜娟"]),
        ..MeetingInfo::default()
    }
}

/// 嘉峪关市政协党组理论学习中心组（扩大）会议: an unnumbered body, no correspondents.
fn study_group() -> MeetingInfo {
    MeetingInfo {
        kind: EventKind::Meeting,
        organisation: "嘉峪关市政协".into(),
        place: "嘉峪关".into(),
        sessions: vec![session(
            "党组理论学习中心组\u{FF08}扩大\u{FF09}会议",
            None,
            None,
        )],
        date: Some(date(2023, 1, 3)),
        chair: person("罗建平", "市政协党组书记\u{3001}主席"),
        studied: strings(&["全国政协有关会议精神"]),
        ..MeetingInfo::default()
    }
}

/// 永昌县政协第一百零五次主席会议 without a chair: numbered by sitting only.
fn sitting_only() -> MeetingInfo {
    MeetingInfo {
        kind: EventKind::Meeting,
        organisation: "永昌县政协".into(),
        place: "永昌".into(),
        sessions: vec![session("主席会议", None, Some(105))],
        date: Some(date(2022, 12, 30)),
        approved: strings(&["\u{300A}县政协2023年工作要点\u{300B}"]),
        correspondents: strings(&["周丽"]),
        ..MeetingInfo::default()
    }
}

/// 陇西县政协委员履职能力提升专题轮训会: a course the paper 举办s.
fn course() -> MeetingInfo {
    MeetingInfo {
        kind: EventKind::Meeting,
        organisation: "陇西县政协".into(),
        place: "陇西".into(),
        sessions: vec![session("委员履职能力提升专题轮训会", None, None)],
        date: Some(date(2022, 9, 21)),
        chair: person("柴玉梅", "副主席"),
        attendees: strings(&["首期参训的40名委员"]),
        ..MeetingInfo::default()
    }
}

/// 天水市政协开展“委员讲堂”活动.
fn activity() -> MeetingInfo {
    MeetingInfo {
        kind: EventKind::Activity,
        organisation: "天水市政协".into(),
        place: "天水".into(),
        topic: "委员讲堂".into(),
        date: Some(date(2022, 9, 19)),
        venue: "市文化馆报告厅".into(),
        chair: person("邓春梅", "市政协副主席"),
        attendees: strings(&["市政协委员", "机关干部"]),
        requirements: strings(&["坚持常态化开展委员讲堂"]),
        correspondents: strings(&["赵宏伟", "吕婷"]),
        ..MeetingInfo::default()
    }
}

/// 金昌市政协视察新能源产业发展: an inspection with a group leader and places.
fn inspection() -> MeetingInfo {
    MeetingInfo {
        kind: EventKind::Inspection,
        organisation: "金昌市政协".into(),
        place: "金昌".into(),
        topic: "新能源产业发展".into(),
        date: Some(date(2022, 9, 14)),
        venue: "市政协会议室".into(),
        group_leader: person("刘振国", "市政协副主席"),
        places: strings(&["永昌县光伏产业园", "金川区储能电站项目建设现场"]),
        requirements: strings(&["加快电网配套工程建设\u{FF1B}"]),
        correspondents: strings(&["田立军"]),
        ..MeetingInfo::default()
    }
}

/// 康县政协调研茶产业发展: a survey with places and no leader.
fn survey() -> MeetingInfo {
    MeetingInfo {
        kind: EventKind::Survey,
        organisation: "康县政协".into(),
        place: "康县".into(),
        topic: "茶产业发展".into(),
        date: Some(date(2022, 9, 16)),
        attendees: strings(&["部分县政协委员"]),
        places: strings(&["阳坝镇", "铜钱镇"]),
        ..MeetingInfo::default()
    }
}

/// 敦煌市政协召开民营企业座谈会.
fn symposium() -> MeetingInfo {
    MeetingInfo {
        kind: EventKind::Symposium,
        organisation: "敦煌市政协".into(),
        place: "敦煌".into(),
        sessions: vec![session("民营企业座谈会", None, None)],
        date: Some(date(2022, 9, 15)),
        chair: person("冯建华", "市政协主席"),
        attendees: strings(&["10家企业负责人"]),
        requirements: strings(&["要求\u{FF1A}逐条梳理企业反映的问题"]),
        ..MeetingInfo::default()
    }
}

/// 两当县政协召开协商议事会, in a community deliberation room.
fn deliberation() -> MeetingInfo {
    MeetingInfo {
        kind: EventKind::Deliberation,
        organisation: "两当县政协".into(),
        place: "两当".into(),
        topic: "协商议事会".into(),
        date: Some(date(2022, 9, 19)),
        venue: "云屏镇\u{201C}有事好商量\u{201D}协商议事室".into(),
        chair: person("郭秀琴", "县政协副主席"),
        ..MeetingInfo::default()
    }
}

struct Expected {
    headlines: &'static [&'static str],
    dateline: &'static str,
    lead: &'static str,
    points: &'static [&'static str],
}

fn assert_draft(info: MeetingInfo, expected: Expected) {
    assert_eq!(suggest_headlines(&info), expected.headlines, "headlines");
    let draft = draft_lead(&info).expect("a draft");
    assert_eq!(draft.dateline, expected.dateline, "dateline");
    assert_eq!(draft.lead, expected.lead, "lead");
    assert_eq!(draft.points, expected.points, "points");
    // The body is the lead and the points, one paragraph a line.
    assert_eq!(draft.body().split('\n').count(), 1 + expected.points.len());
}

#[test]
fn numbered_presidium_meeting() {
    assert_draft(
        presidium(),
        Expected {
            headlines: &[
                "甘州区政协十届九次主席会议召开",
                "甘州区政协召开十届九次主席会议",
            ],
            dateline: "本报张掖讯\u{FF08}通讯员王文博 李静\u{FF09}",
            lead: "9月16日\u{FF0C}甘州区政协主席陈立军主持召开区政协十届九次主席会议\u{3002}会议传达学习了市政协有关会议精神\u{FF0C}学习了\u{300A}甘州区优化营商环境三年行动方案\u{300B}\u{FF0C}审议通过了\u{300A}区政协委员履职量化考核办法\u{300B}\u{3002}区政协副主席\u{3001}秘书长出席会议\u{3002}",
            points: &[
                "会议强调\u{FF0C}要把优化营商环境民主监督作为年度重点工作\u{3002}",
                "会议指出\u{FF0C}各项工作有序推进\u{3002}",
            ],
        },
    );
}

#[test]
fn combined_meeting_joined_by_ji() {
    assert_draft(
        combined(),
        Expected {
            headlines: &[
                "临洮县政协党组理论学习中心组\u{FF08}扩大\u{FF09}会议暨十一届十次主席会议召开",
                "临洮县政协召开党组理论学习中心组\u{FF08}扩大\u{FF09}会议暨十一届十次主席会议",
            ],
            dateline: "本报临洮讯\u{FF08}通讯员张宏亮 杜娟\u{FF09}",
            lead: "9月13日\u{FF0C}临洮县政协党组书记\u{3001}主席孙宏伟主持召开县政协党组理论学习中心组\u{FF08}扩大\u{FF09}会议暨十一届十次主席会议\u{3002}会议传达学习了省\u{3001}市政协有关会议精神\u{FF0C}学习了\u{300A}习近平谈治国理政\u{300B}第四卷相关篇目\u{FF0C}审议通过了\u{300A}县政协2022年第四季度工作安排\u{300B}\u{300A}县政协关于助推特色产业发展的调研报告\u{300B}\u{3002}",
            points: &["会议强调\u{FF0C}要开展提案办理\u{201C}回头看\u{201D}\u{3002}"],
        },
    );
}

#[test]
fn unnumbered_body_without_correspondents() {
    assert_draft(
        study_group(),
        Expected {
            headlines: &[
                "嘉峪关市政协党组理论学习中心组\u{FF08}扩大\u{FF09}会议召开",
                "嘉峪关市政协召开党组理论学习中心组\u{FF08}扩大\u{FF09}会议",
            ],
            dateline: "本报嘉峪关讯",
            lead: "1月3日\u{FF0C}嘉峪关市政协党组书记\u{3001}主席罗建平主持召开市政协党组理论学习中心组\u{FF08}扩大\u{FF09}会议\u{3002}会议传达学习了全国政协有关会议精神\u{3002}",
            points: &[],
        },
    );
}

#[test]
fn sitting_only_without_chair() {
    assert_draft(
        sitting_only(),
        Expected {
            // 一百零五次
            headlines: &[
                "永昌县政协一百零五次主席会议召开",
                "永昌县政协召开一百零五次主席会议",
            ],
            dateline: "本报永昌讯\u{FF08}通讯员周丽\u{FF09}",
            lead: "12月30日\u{FF0C}永昌县政协召开一百零五次主席会议\u{3002}会议审议通过了\u{300A}县政协2023年工作要点\u{300B}\u{3002}",
            points: &[],
        },
    );
}

#[test]
fn course_is_held_not_convened() {
    assert_draft(
        course(),
        Expected {
            headlines: &[
                "陇西县政协举办委员履职能力提升专题轮训会",
                "陇西县政协委员履职能力提升专题轮训会召开",
                "陇西县政协召开委员履职能力提升专题轮训会",
            ],
            dateline: "本报陇西讯",
            // A title without 政协 (副主席) is given the organisation.
            lead: "9月21日\u{FF0C}陇西县政协副主席柴玉梅主持召开县政协委员履职能力提升专题轮训会\u{3002}首期参训的40名委员出席会议\u{3002}",
            points: &[],
        },
    );
}

#[test]
fn activity_with_venue() {
    assert_draft(
        activity(),
        Expected {
            headlines: &[
                "天水市政协开展\u{201C}委员讲堂\u{201D}活动",
                "天水市政协举办\u{201C}委员讲堂\u{201D}活动",
            ],
            dateline: "本报天水讯\u{FF08}通讯员赵宏伟 吕婷\u{FF09}",
            lead: "9月19日\u{FF0C}天水市政协在市文化馆报告厅开展\u{201C}委员讲堂\u{201D}活动\u{3002}市政协副主席邓春梅主持\u{3002}市政协委员\u{3001}机关干部参加\u{3002}",
            points: &["邓春梅强调\u{FF0C}要坚持常态化开展委员讲堂\u{3002}"],
        },
    );
}

#[test]
fn inspection_with_leader_and_places() {
    assert_draft(
        inspection(),
        Expected {
            headlines: &[
                "金昌市政协视察新能源产业发展",
                "金昌市政协开展新能源产业发展专题视察",
            ],
            dateline: "本报金昌讯\u{FF08}通讯员田立军\u{FF09}",
            lead: "9月14日\u{FF0C}金昌市政协副主席刘振国带领视察组\u{FF0C}视察新能源产业发展\u{3002}视察组先后在永昌县光伏产业园\u{3001}金川区储能电站项目建设现场实地查看\u{FF0C}并在市政协会议室召开座谈会\u{FF0C}听取意见建议\u{3002}",
            // The trailing ；(U+FF1B) of the line gives way to 。
            points: &["视察组建议\u{FF0C}加快电网配套工程建设\u{3002}"],
        },
    );
}

#[test]
fn survey_with_places_and_no_leader() {
    assert_draft(
        survey(),
        Expected {
            headlines: &["康县政协调研茶产业发展", "康县政协开展茶产业发展专题调研"],
            dateline: "本报康县讯",
            lead: "9月16日\u{FF0C}康县政协组织部分县政协委员就茶产业发展开展调研\u{3002}调研组先后在阳坝镇\u{3001}铜钱镇实地了解情况\u{3002}",
            points: &[],
        },
    );
}

#[test]
fn symposium_and_deliberation() {
    assert_draft(
        symposium(),
        Expected {
            headlines: &[
                "敦煌市政协召开民营企业座谈会",
                "敦煌市政协民营企业座谈会召开",
            ],
            dateline: "本报敦煌讯",
            lead: "9月15日\u{FF0C}敦煌市政协召开民营企业座谈会\u{FF0C}市政协主席冯建华主持\u{FF0C}10家企业负责人参加\u{3002}",
            points: &["会议要求\u{FF0C}要逐条梳理企业反映的问题\u{3002}"],
        },
    );
    assert_draft(
        deliberation(),
        Expected {
            headlines: &["两当县政协召开协商议事会", "两当县政协协商议事会召开"],
            dateline: "本报两当讯",
            lead: "9月19日\u{FF0C}两当县政协在云屏镇\u{201C}有事好商量\u{201D}协商议事室召开协商议事会\u{FF0C}县政协副主席郭秀琴主持\u{3002}",
            points: &[],
        },
    );
}

#[test]
fn no_draft_without_what_it_needs() {
    let feature = MeetingInfo {
        kind: EventKind::Feature,
        ..presidium()
    };
    assert_eq!(draft_lead(&feature), Err(DraftError::Feature));
    assert!(suggest_headlines(&feature).is_empty());
    let empty = MeetingInfo::default();
    assert_eq!(
        draft_lead(&empty),
        Err(DraftError::Missing(vec!["机构", "会议名称", "日期"]))
    );
    assert!(suggest_headlines(&empty).is_empty());
    let no_topic = MeetingInfo {
        topic: String::new(),
        ..activity()
    };
    assert_eq!(
        draft_lead(&no_topic),
        Err(DraftError::Missing(vec!["主题"]))
    );
}

/// 1–999 in Chinese numerals, against a table written out by hand.
#[test]
fn numerals_against_a_table() {
    let table: &[(u32, &str)] = &[
        (1, "一"),
        (2, "二"),
        (9, "九"),
        (10, "十"),
        (11, "十一"),
        (19, "十九"),
        (20, "二十"),
        (22, "二十二"),
        (24, "二十四"),
        (99, "九十九"),
        (100, "一百"),
        (101, "一百零一"),
        (105, "一百零五"),
        (110, "一百一十"),
        (111, "一百一十一"),
        (120, "一百二十"),
        (200, "二百"),
        (305, "三百零五"),
        (480, "四百八十"),
        (999, "九百九十九"),
    ];
    for (n, text) in table {
        assert_eq!(chinese_numeral(*n).as_deref(), Some(*text), "{n}");
    }
    // Every number 1–999 has a form, and they are all different.
    let all: std::collections::HashSet<String> =
        (1..=999).map(|n| chinese_numeral(n).unwrap()).collect();
    assert_eq!(all.len(), 999);
    assert_eq!(chinese_numeral(0), None);
    assert_eq!(chinese_numeral(1000), None);
    // 十届九次, 十一届十次, 二十二次 (届 U+5C4A, 次 U+6B21)
    assert_eq!(numbering(Some(10), Some(9)), "十\u{5C4A}九\u{6B21}");
    assert_eq!(numbering(Some(11), Some(10)), "十一\u{5C4A}十\u{6B21}");
    assert_eq!(numbering(None, Some(22)), "二十二\u{6B21}");
}

// ---------------------------------------------------------------------------------
// Agreement checks

const ISSUE_DATE: (i32, u32, u32) = (2022, 9, 22);

fn issue_date() -> NaiveDate {
    date(ISSUE_DATE.0, ISSUE_DATE.1, ISSUE_DATE.2)
}

/// An article whose headline, dateline and body are the drafts of `info`: it agrees.
fn drafted_article(info: MeetingInfo) -> Article {
    let mut article = Article::new(ArticleId("art-0001".into()));
    article.headline = suggest_headlines(&info).remove(0);
    let draft = draft_lead(&info).unwrap();
    article.dateline = draft.dateline.clone();
    article.body = draft.body();
    article.meeting = Some(info);
    article
}

fn rules(article: &Article, on: NaiveDate) -> Vec<&'static str> {
    check_article(article, on).iter().map(|f| f.rule).collect()
}

#[test]
fn drafted_articles_agree() {
    for info in [
        presidium(),
        combined(),
        course(),
        activity(),
        inspection(),
        symposium(),
        deliberation(),
    ] {
        let article = drafted_article(info);
        assert_eq!(
            rules(&article, issue_date()),
            Vec::<&str>::new(),
            "{}",
            article.headline
        );
    }
}

#[test]
fn meeting_date_fires_on_another_date_in_the_lead() {
    let mut article = drafted_article(presidium());
    // 9月16日 → 9月15日
    article.body = article.body.replacen("9月16日", "9月15日", 1);
    let findings = check_article(&article, issue_date());
    assert_eq!(findings.len(), 1, "{findings:?}");
    let finding = &findings[0];
    assert_eq!(finding.rule, "meeting-date");
    assert_eq!(finding.range, Some(0..5));
    assert_eq!(finding.fix.as_ref().unwrap().replacement, "9月16日");
    // A year in the lead is compared too.
    let mut with_year = drafted_article(presidium());
    with_year.body = with_year.body.replacen("9月16日", "2021年9月16日", 1);
    assert_eq!(rules(&with_year, issue_date()), ["meeting-date"]);
}

#[test]
fn meeting_stale_fires_after_the_issue_and_a_month_before() {
    let mut after = presidium();
    after.date = Some(date(2022, 9, 23));
    let article = drafted_article(after);
    assert_eq!(rules(&article, issue_date()), ["meeting-stale"]);
    let mut old = presidium();
    old.date = Some(date(2022, 8, 22));
    assert_eq!(
        rules(&drafted_article(old), issue_date()),
        ["meeting-stale"]
    );
    // 30 days before is still fresh.
    let mut month = presidium();
    month.date = Some(date(2022, 8, 23));
    assert!(rules(&drafted_article(month), issue_date()).is_empty());
}

#[test]
fn dates_across_a_year_end() {
    // A meeting on 30 December reported on 4 January: 12月30日 in the lead agrees.
    let article = drafted_article(sitting_only());
    assert!(article.body.starts_with("12月30日\u{FF0C}"));
    assert!(rules(&article, date(2023, 1, 4)).is_empty());
    // 5 December to 10 January is 36 days: stale.
    let mut early = sitting_only();
    early.date = Some(date(2022, 12, 5));
    assert_eq!(
        rules(&drafted_article(early), date(2023, 1, 10)),
        ["meeting-stale"]
    );
    // A meeting on 3 January is after an issue dated 31 December.
    let article = drafted_article(study_group());
    assert!(article.body.starts_with("1月3日\u{FF0C}"));
    assert_eq!(rules(&article, date(2022, 12, 31)), ["meeting-stale"]);
    assert!(rules(&article, date(2023, 1, 5)).is_empty());
    // A lead that says 12月30日 for a meeting of 2 January disagrees.
    let mut wrong = drafted_article(study_group());
    wrong.body = wrong.body.replacen("1月3日", "12月30日", 1);
    assert_eq!(rules(&wrong, date(2023, 1, 5)), ["meeting-date"]);
}

#[test]
fn meeting_chair_fires_when_the_lead_does_not_name_the_chair() {
    let mut article = drafted_article(presidium());
    article.body = article.body.replacen("陈立军", "陈立", 1);
    assert_eq!(rules(&article, issue_date()), ["meeting-chair"]);
    // For an inspection the group leader must be named.
    let mut inspection = drafted_article(inspection());
    inspection.body = inspection.body.replacen("刘振国", "", 1);
    assert_eq!(rules(&inspection, issue_date()), ["meeting-chair"]);
}

#[test]
fn meeting_numbering_fires_on_mismatch_and_arabic_digits() {
    // 十届八次 in the headline where the metadata says 十届九次.
    let mut article = drafted_article(presidium());
    article.headline = article.headline.replacen("九\u{6B21}", "八\u{6B21}", 1);
    let findings = check_article(&article, issue_date());
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0].rule, "meeting-numbering");
    // 甘州区政协 is 5 characters; 十届八次 follows.
    assert_eq!(findings[0].range, Some(5..9));
    // 10届9次 in the lead: the numbers agree, the digits are Arabic; the fix is safe.
    let mut arabic = drafted_article(presidium());
    arabic.body = arabic
        .body
        .replacen("十\u{5C4A}九\u{6B21}", "10\u{5C4A}9\u{6B21}", 1);
    let findings = check_article(&arabic, issue_date());
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0].rule, "meeting-numbering");
    let fix = findings[0].fix.as_ref().unwrap();
    assert_eq!(fix.replacement, "十\u{5C4A}九\u{6B21}");
    assert!(fix.safe);
    // 105次主席会议 with no 届.
    let mut sitting = drafted_article(sitting_only());
    sitting.body = sitting.body.replacen("一百零五", "一百零六", 1);
    assert_eq!(rules(&sitting, date(2023, 1, 4)), ["meeting-numbering"]);
}

#[test]
fn meeting_document_fires_when_the_body_omits_an_approved_title() {
    let mut article = drafted_article(combined());
    article.body = article
        .body
        .replacen("县政协关于助推特色产业发展的调研报告", "调研报告", 1);
    let findings = check_article(&article, issue_date());
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0].rule, "meeting-document");
    assert!(
        findings[0]
            .message
            .contains("\u{300A}县政协关于助推特色产业发展的调研报告\u{300B}")
    );
}

#[test]
fn every_rule_has_its_id() {
    assert_eq!(
        meeting::RULES,
        [
            "meeting-date",
            "meeting-stale",
            "meeting-chair",
            "meeting-numbering",
            "meeting-document"
        ]
    );
}

#[test]
fn an_empty_body_is_not_checked_against_the_metadata() {
    let mut article = Article::new(ArticleId("art-0001".into()));
    article.meeting = Some(presidium());
    assert!(check_article(&article, issue_date()).is_empty());
    article.meeting = None;
    article.body = "x".into();
    assert!(check_article(&article, issue_date()).is_empty());
}

#[test]
fn the_sample_issue_agrees_with_its_metadata() {
    let issue: Issue = caibian::store::load_issue(&caibian::assets::sample_issue_path()).unwrap();
    assert!(
        issue
            .articles
            .iter()
            .filter(|a| a.meeting.is_some())
            .count()
            >= 10
    );
    let findings = check_issue(&issue);
    assert!(findings.is_empty(), "{findings:?}");
}

#[test]
fn old_files_without_the_new_fields_load() {
    let text = "(kind: Inspection, organisation: \"x\", date: None, chair: Some((name: \"n\", title: \"t\")))";
    let info: MeetingInfo = ron::from_str(text).unwrap();
    assert!(info.group_leader.is_none() && info.places.is_empty() && info.topic.is_empty());
    // An inspection recorded before group leaders existed keeps its leader as chair.
    assert_eq!(info.lead_person().unwrap().name, "n");
    assert!(MeetingInfo::default().is_empty());
}

// ---------------------------------------------------------------------------------
// caibian draft

fn run(args: &[&str]) -> (u8, String, String) {
    use clap::Parser;
    let cli =
        caibian::cli::Cli::try_parse_from(std::iter::once("caibian").chain(args.iter().copied()))
            .unwrap();
    let command = cli.command.unwrap();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = caibian::cli::run_command(&command, &mut out, &mut err);
    let code = if code == std::process::ExitCode::SUCCESS {
        0
    } else if code == std::process::ExitCode::from(2) {
        2
    } else {
        1
    };
    (
        code,
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

#[test]
fn draft_command_prints_headlines_and_lead() {
    let sample = caibian::assets::sample_issue_path();
    let sample = sample.to_str().unwrap();
    let (code, out, _) = run(&["draft", sample, "art-0002"]);
    assert_eq!(code, 0);
    assert!(
        out.contains(
            "临洮县政协党组理论学习中心组\u{FF08}扩大\u{FF09}会议暨十一届十次主席会议召开"
        )
    );
    assert!(out.contains("9月13日\u{FF0C}临洮县政协党组书记\u{3001}主席孙宏伟主持召开"));
    let (code, out, _) = run(&["draft", sample, "art-0005", "--json"]);
    assert_eq!(code, 0);
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(value["article"], "art-0005");
    assert_eq!(value["headlines"][0], "甘州区政协十届九次主席会议召开");
    assert!(
        value["lead"]
            .as_str()
            .unwrap()
            .starts_with("9月16日\u{FF0C}")
    );
    assert_eq!(value["findings"].as_array().unwrap().len(), 0);
}

#[test]
fn draft_command_refuses_bad_input() {
    let sample = caibian::assets::sample_issue_path();
    let (code, _, err) = run(&["draft", sample.to_str().unwrap(), "art-9999"]);
    assert_eq!(code, 2);
    assert!(err.contains("art-9999"));
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.ron");
    std::fs::write(&bad, "(not an issue").unwrap();
    let (code, _, _) = run(&["draft", bad.to_str().unwrap(), "art-0001"]);
    assert_eq!(code, 2);
    let (code, _, _) = run(&[
        "draft",
        dir.path().join("missing.ron").to_str().unwrap(),
        "art-0001",
    ]);
    assert_eq!(code, 2);
}

/// Staff reporters come first in the dateline, then correspondents, each group titled
/// once; the result passes the dateline check.
#[test]
fn dateline_names_reporters_then_correspondents() {
    use caibian::meeting::dateline;
    let mut info = MeetingInfo {
        place: "天水".into(),
        reporters: strings(&["周明轩", "孙婧"]),
        ..MeetingInfo::default()
    };
    assert_eq!(dateline(&info), "本报天水讯\u{FF08}记者周明轩 孙婧\u{FF09}");
    info.correspondents = strings(&["王文博", " "]);
    assert_eq!(
        dateline(&info),
        "本报天水讯\u{FF08}记者周明轩 孙婧 通讯员王文博\u{FF09}"
    );
    info.place.clear();
    info.reporters = strings(&["", "  "]);
    assert_eq!(dateline(&info), "本报讯\u{FF08}通讯员王文博\u{FF09}");

    let mut article = caibian::model::Article::new(caibian::model::ArticleId("a".into()));
    article.headline = "天水市政协开展\u{201C}委员讲堂\u{201D}活动".into();
    for reporters in [&["周明轩"][..], &[]] {
        info.place = "天水".into();
        info.reporters = strings(reporters);
        article.dateline = dateline(&info);
        let rules: Vec<_> = caibian::proof::check_article(&article, None)
            .iter()
            .map(|f| f.rule)
            .collect();
        assert!(rules.is_empty(), "{}: {rules:?}", article.dateline);
    }
}
