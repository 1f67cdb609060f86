//! The drafted dateline, lead and requirement paragraphs in the house pattern (GENRE.md).

use chrono::{Datelike, NaiveDate};

use super::punct::{
    BOOK_CLOSE, BOOK_OPEN, COMMA, ENUM_COMMA, PAREN_CLOSE, PAREN_OPEN, PERIOD, QUOTE_CLOSE,
    QUOTE_OPEN, SENTENCE_ENDS, TRAILING,
};
use super::{meeting_name, short_organisation};
use crate::model::{EventKind, MeetingInfo, Person};

/// What 生成导语 produces: the dateline, the lead paragraph, and one paragraph per
/// requirement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeadDraft {
    /// 电头, e.g. 本报临洮讯（通讯员张宏亮 杜娟） or 本报讯（记者周明轩 孙婧）.
    pub dateline: String,
    /// The lead (导语) paragraph.
    pub lead: String,
    /// One paragraph per requirement (会议强调，要…。).
    pub points: Vec<String>,
}

impl LeadDraft {
    /// The lead and the requirement paragraphs, in order.
    pub fn paragraphs(&self) -> Vec<String> {
        std::iter::once(self.lead.clone())
            .chain(self.points.iter().cloned())
            .collect()
    }

    /// The drafted body: one paragraph a line.
    pub fn body(&self) -> String {
        self.paragraphs().join("\n")
    }
}

/// Why no lead can be drafted yet.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DraftError {
    /// A feature (通讯) has no formulaic lead.
    #[error("通讯不按会议格式生成导语")]
    Feature,
    /// Fields the draft needs are empty.
    #[error("请先填写\u{FF1A}{}", .0.join("\u{3001}"))]
    Missing(Vec<&'static str>),
}

/// Draft the dateline, the lead and the requirement paragraphs from the metadata.
pub fn draft_lead(info: &MeetingInfo) -> Result<LeadDraft, DraftError> {
    let date = required(info)?;
    let when = month_day(date);
    let lead = match info.kind {
        EventKind::Meeting => meeting_lead(info, &when),
        EventKind::Symposium | EventKind::Deliberation => gathering_lead(info, &when),
        EventKind::Activity => activity_lead(info, &when),
        EventKind::Inspection | EventKind::Survey => group_lead(info, &when),
        EventKind::Feature => return Err(DraftError::Feature),
    };
    let points = info
        .requirements
        .iter()
        .filter_map(|line| requirement_paragraph(info, line))
        .collect();
    Ok(LeadDraft {
        dateline: dateline(info),
        lead,
        points,
    })
}

/// The date as the lead writes it: 9月16日 (Arabic numerals, no year).
pub fn month_day(date: NaiveDate) -> String {
    format!("{}月{}日", date.month(), date.day())
}

/// 本报{地名}讯（记者{姓名} {姓名} 通讯员{姓名} {姓名}）: staff reporters first, each group
/// named once, names separated by spaces; 本报讯 without a place, no parentheses
/// without names.
pub fn dateline(info: &MeetingInfo) -> String {
    let mut out = format!("本报{}讯", info.place.trim());
    let groups: Vec<String> = [("记者", &info.reporters), ("通讯员", &info.correspondents)]
        .into_iter()
        .filter_map(|(title, names)| {
            let names = non_empty(names);
            (!names.is_empty()).then(|| format!("{title}{}", names.join(" ")))
        })
        .collect();
    if !groups.is_empty() {
        out.push_str(PAREN_OPEN);
        out.push_str(&groups.join(" "));
        out.push_str(PAREN_CLOSE);
    }
    out
}

fn required(info: &MeetingInfo) -> Result<NaiveDate, DraftError> {
    if info.kind == EventKind::Feature {
        return Err(DraftError::Feature);
    }
    let mut missing = Vec::new();
    if info.organisation.trim().is_empty() {
        missing.push("机构");
    }
    let has_name = !meeting_name(info).is_empty();
    let has_topic = !info.topic.trim().is_empty();
    match info.kind {
        EventKind::Meeting if !has_name => missing.push("会议名称"),
        EventKind::Symposium | EventKind::Deliberation if !has_name && !has_topic => {
            missing.push("会议名称")
        }
        EventKind::Activity | EventKind::Inspection | EventKind::Survey if !has_topic => {
            missing.push("主题")
        }
        _ => {}
    }
    match info.date {
        Some(date) if missing.is_empty() => Ok(date),
        Some(_) => Err(DraftError::Missing(missing)),
        None => {
            missing.push("日期");
            Err(DraftError::Missing(missing))
        }
    }
}

/// {M}月{D}日，{机构}{职务}{姓名}主持召开{会议全称}。会议传达学习了…，学习了…，审议通过了…。
fn meeting_lead(info: &MeetingInfo, when: &str) -> String {
    let organisation = info.organisation.trim();
    let name = meeting_name(info);
    let mut lead = format!("{when}{COMMA}");
    match info.chair.as_ref().filter(|p| !p.name.trim().is_empty()) {
        Some(chair) => {
            let phrase = person_phrase(organisation, chair, false);
            // The full name of the organisation is given once; the meeting name then uses
            // the short form (县政协党组…会议), as the paper does.
            let prefix = if phrase.contains(organisation) {
                short_organisation(organisation)
            } else {
                organisation
            };
            lead.push_str(&format!("{phrase}主持召开{prefix}{name}{PERIOD}"));
        }
        None => lead.push_str(&format!("{organisation}召开{name}{PERIOD}")),
    }
    lead.push_str(&studied_sentence(info));
    lead.push_str(&attendees_sentence(info, "出席会议"));
    lead
}

/// 座谈会 and 协商议事会: {M}月{D}日，{机构}在{地点}召开{会议}，{职务}{姓名}主持，{…}参加。
fn gathering_lead(info: &MeetingInfo, when: &str) -> String {
    let organisation = info.organisation.trim();
    let mut name = meeting_name(info);
    if name.is_empty() {
        name = info.topic.trim().to_owned();
    }
    let mut lead = format!("{when}{COMMA}{organisation}");
    if !info.venue.trim().is_empty() {
        lead.push_str(&format!("在{}", info.venue.trim()));
    }
    lead.push_str(&format!("召开{name}"));
    if let Some(chair) = info.chair.as_ref().filter(|p| !p.name.trim().is_empty()) {
        lead.push_str(&format!(
            "{COMMA}{}主持",
            person_phrase(organisation, chair, true)
        ));
    }
    let attendees = non_empty(&info.attendees);
    if !attendees.is_empty() {
        lead.push_str(&format!("{COMMA}{}参加", attendees.join(ENUM_COMMA)));
    }
    lead.push_str(PERIOD);
    lead.push_str(&studied_sentence(info));
    lead
}

/// {M}月{D}日，{机构}在{地点}开展“{主题}”活动。{职务}{姓名}主持。{…}参加。
fn activity_lead(info: &MeetingInfo, when: &str) -> String {
    let organisation = info.organisation.trim();
    let places = non_empty(&info.places);
    let mut lead = format!("{when}{COMMA}{organisation}");
    if !places.is_empty() {
        lead.push_str(&format!("到{}", join_and(&places)));
    } else if !info.venue.trim().is_empty() {
        lead.push_str(&format!("在{}", info.venue.trim()));
    }
    lead.push_str(&format!("开展{}{PERIOD}", activity_phrase(&info.topic)));
    if let Some(chair) = info.chair.as_ref().filter(|p| !p.name.trim().is_empty()) {
        lead.push_str(&format!(
            "{}主持{PERIOD}",
            person_phrase(organisation, chair, true)
        ));
    }
    lead.push_str(&attendees_sentence(info, "参加"));
    lead
}

/// 视察 and 调研: {M}月{D}日，{职务}{姓名}带领视察组，视察{主题}。视察组先后在{…}实地查看，…
fn group_lead(info: &MeetingInfo, when: &str) -> String {
    let organisation = info.organisation.trim();
    let inspection = info.kind == EventKind::Inspection;
    let group_word = if inspection { "视察组" } else { "调研组" };
    let attendees = non_empty(&info.attendees);
    let topic = info.topic.trim();
    let action = if inspection {
        format!("视察{topic}")
    } else {
        format!("就{topic}开展调研")
    };
    let mut lead = format!("{when}{COMMA}");
    match info.lead_person() {
        Some(leader) => {
            let group = if attendees.is_empty() {
                group_word.to_owned()
            } else {
                attendees.join(ENUM_COMMA)
            };
            let phrase = person_phrase(organisation, leader, false);
            let subject = if phrase.contains(organisation) {
                phrase
            } else {
                format!("{organisation}{phrase}")
            };
            lead.push_str(&format!("{subject}带领{group}{COMMA}{action}{PERIOD}"));
        }
        None => {
            let group = if attendees.is_empty() {
                "委员".to_owned()
            } else {
                attendees.join(ENUM_COMMA)
            };
            lead.push_str(&format!("{organisation}组织{group}{action}{PERIOD}"));
        }
    }
    let places = non_empty(&info.places);
    let venue = info.venue.trim();
    let meeting = format!("召开座谈会{COMMA}听取意见建议");
    let look = if inspection {
        "实地查看"
    } else {
        "实地了解情况"
    };
    match (places.is_empty(), venue.is_empty()) {
        (false, false) => lead.push_str(&format!(
            "{group_word}先后在{}{look}{COMMA}并在{venue}{meeting}{PERIOD}",
            places.join(ENUM_COMMA)
        )),
        (false, true) => lead.push_str(&format!(
            "{group_word}先后在{}{look}{PERIOD}",
            places.join(ENUM_COMMA)
        )),
        (true, false) => lead.push_str(&format!("{group_word}在{venue}{meeting}{PERIOD}")),
        (true, true) => {}
    }
    lead
}

/// 会议传达学习了…，学习了《…》…，审议通过了《…》《…》。 (empty when nothing was studied
/// or approved). Items that are titles (《…》) are 学习了; the rest 传达学习了.
fn studied_sentence(info: &MeetingInfo) -> String {
    let studied = non_empty(&info.studied);
    let (read, conveyed): (Vec<&str>, Vec<&str>) =
        studied.iter().partition(|s| s.starts_with(BOOK_OPEN));
    let approved: Vec<String> = non_empty(&info.approved)
        .iter()
        .map(|title| book_title(title))
        .collect();
    let mut clauses = Vec::new();
    if !conveyed.is_empty() {
        clauses.push(format!("传达学习了{}", join_and(&conveyed)));
    }
    if !read.is_empty() {
        clauses.push(format!("学习了{}", join_titles(&read)));
    }
    if !approved.is_empty() {
        let approved: Vec<&str> = approved.iter().map(String::as_str).collect();
        clauses.push(format!("审议通过了{}", join_titles(&approved)));
    }
    if clauses.is_empty() {
        return String::new();
    }
    format!("会议{}{PERIOD}", clauses.join(COMMA))
}

fn attendees_sentence(info: &MeetingInfo, verb: &str) -> String {
    let attendees = non_empty(&info.attendees);
    if attendees.is_empty() {
        return String::new();
    }
    format!("{}{verb}{PERIOD}", attendees.join(ENUM_COMMA))
}

/// Verbs a requirement line may start with to choose its own (指出：…).
const VERBS: [&str; 6] = ["强调", "指出", "要求", "认为", "建议", "提出"];

/// One requirement as its own paragraph: 会议强调，要…。 / 视察组建议，…。
fn requirement_paragraph(info: &MeetingInfo, line: &str) -> Option<String> {
    let line = line.trim();
    if line.is_empty() {
        return None;
    }
    let (verb, content) = split_verb(line).unwrap_or((default_verb(info.kind), line));
    let content = content.trim_end_matches(TRAILING).trim();
    if content.is_empty() {
        return None;
    }
    // 强调 and 要求 introduce what must be done: 要… unless the line says so already.
    let must = matches!(verb, "强调" | "要求") && !content.starts_with('要');
    let mut paragraph = format!(
        "{}{verb}{COMMA}{}{content}",
        speaker(info),
        if must { "要" } else { "" }
    );
    if !paragraph.ends_with(SENTENCE_ENDS) {
        paragraph.push_str(PERIOD);
    }
    Some(paragraph)
}

fn split_verb(line: &str) -> Option<(&'static str, &str)> {
    let verb = VERBS.iter().find(|v| line.starts_with(*v))?;
    let rest = &line[verb.len()..];
    let separators = ['\u{FF1A}', ':', '\u{FF0C}', ',', ' ', '\u{3000}'];
    let content = rest.strip_prefix(separators)?;
    Some((verb, content))
}

fn default_verb(kind: EventKind) -> &'static str {
    match kind {
        EventKind::Inspection | EventKind::Survey => "建议",
        _ => "强调",
    }
}

/// Who voices the requirements: 会议, 视察组, 调研组, or an activity's chair.
fn speaker(info: &MeetingInfo) -> String {
    match info.kind {
        EventKind::Inspection => "视察组".to_owned(),
        EventKind::Survey => "调研组".to_owned(),
        EventKind::Activity => match info.lead_person() {
            Some(person) => person.name.trim().to_owned(),
            None => short_organisation(&info.organisation).to_owned(),
        },
        _ => "会议".to_owned(),
    }
}

/// A person as the lead names them: title then name. Before the organisation has been
/// named, a title in short form (县政协主席) is expanded to the full name (临洮县政协主席).
fn person_phrase(organisation: &str, person: &Person, organisation_named: bool) -> String {
    let name = person.name.trim();
    let title = person.title.trim();
    if title.is_empty() || organisation_named {
        return format!("{title}{name}");
    }
    let short = short_organisation(organisation);
    if short != organisation
        && let Some(rest) = title.strip_prefix(short)
    {
        return format!("{organisation}{rest}{name}");
    }
    if title.contains("政协") {
        format!("{title}{name}")
    } else {
        format!("{organisation}{title}{name}")
    }
}

/// “委员讲堂”活动: quotes added unless present, 活动 added unless the name ends with it.
pub(super) fn activity_phrase(topic: &str) -> String {
    let topic = topic.trim();
    let quoted = if topic.starts_with(QUOTE_OPEN) {
        topic.to_owned()
    } else {
        format!("{QUOTE_OPEN}{topic}{QUOTE_CLOSE}")
    };
    if topic.ends_with("活动") {
        quoted
    } else {
        format!("{quoted}活动")
    }
}

/// A title in book-title marks: 《…》, unless it has them.
fn book_title(title: &str) -> String {
    let title = title.trim();
    if title.starts_with(BOOK_OPEN) {
        title.to_owned()
    } else {
        format!("{BOOK_OPEN}{title}{BOOK_CLOSE}")
    }
}

/// Titles in a row: 《A》《B》 need no 、 between them (GB/T 15834-2011 §4.15.3); anything
/// else is separated by 、.
fn join_titles(items: &[&str]) -> String {
    let mut out = String::new();
    for (index, item) in items.iter().enumerate() {
        if index > 0 && !(out.ends_with(BOOK_CLOSE) && item.starts_with(BOOK_OPEN)) {
            out.push_str(ENUM_COMMA);
        }
        out.push_str(item);
    }
    out
}

/// A、B和C.
fn join_and(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{}和{last}", rest.join(ENUM_COMMA)),
    }
}

fn non_empty(items: &[String]) -> Vec<&str> {
    items
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_in_a_row_need_no_separator() {
        // 《甲》《乙》 and 《甲》第四卷、《乙》
        assert_eq!(
            join_titles(&["\u{300A}A\u{300B}", "\u{300A}B\u{300B}"]),
            "\u{300A}A\u{300B}\u{300A}B\u{300B}"
        );
        assert_eq!(
            join_titles(&["\u{300A}A\u{300B}x", "\u{300A}B\u{300B}"]),
            "\u{300A}A\u{300B}x\u{3001}\u{300A}B\u{300B}"
        );
    }

    #[test]
    fn requirement_verbs_and_stops() {
        let info = MeetingInfo::default();
        // 指出：工作有序推进。 → 会议指出，工作有序推进。
        assert_eq!(
            requirement_paragraph(&info, "指出\u{FF1A}工作有序推进\u{3002}").unwrap(),
            "会议指出\u{FF0C}工作有序推进\u{3002}"
        );
        // 加强学习 → 会议强调，要加强学习。
        assert_eq!(
            requirement_paragraph(&info, "加强学习").unwrap(),
            "会议强调\u{FF0C}要加强学习\u{3002}"
        );
        assert_eq!(requirement_paragraph(&info, "  "), None);
    }
}
