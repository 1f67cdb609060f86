//! Headline suggestions in the paper's patterns: {机构}{届次}{会议}召开, {机构}开展“…”活动,
//! {机构}视察….

use super::draft::activity_phrase;
use super::meeting_name;
use crate::model::{EventKind, MeetingInfo};

/// Words that mark a body as a course or lecture, which the paper 举办s rather than 召开s.
const COURSE_WORDS: [&str; 5] = ["轮训", "培训", "讲座", "报告会", "读书班"];

/// Headlines to pick from, best first; empty when the metadata is too thin or the report
/// is a feature. None carries punctuation at its end.
pub fn suggest_headlines(info: &MeetingInfo) -> Vec<String> {
    let organisation = info.organisation.trim();
    if organisation.is_empty() {
        return Vec::new();
    }
    let name = meeting_name(info);
    let topic = info.topic.trim();
    let mut out = Vec::new();
    match info.kind {
        EventKind::Meeting if !name.is_empty() => {
            if COURSE_WORDS.iter().any(|w| name.contains(w)) {
                out.push(format!("{organisation}举办{name}"));
            }
            out.push(format!("{organisation}{name}召开"));
            out.push(format!("{organisation}召开{name}"));
        }
        EventKind::Symposium | EventKind::Deliberation => {
            let name = if name.is_empty() {
                topic.to_owned()
            } else {
                name
            };
            if !name.is_empty() {
                out.push(format!("{organisation}召开{name}"));
                out.push(format!("{organisation}{name}召开"));
            }
        }
        EventKind::Activity if !topic.is_empty() => {
            let phrase = activity_phrase(topic);
            out.push(format!("{organisation}开展{phrase}"));
            out.push(format!("{organisation}举办{phrase}"));
        }
        EventKind::Inspection if !topic.is_empty() => {
            out.push(format!("{organisation}视察{topic}"));
            out.push(format!("{organisation}开展{topic}专题视察"));
        }
        EventKind::Survey if !topic.is_empty() => {
            out.push(format!("{organisation}调研{topic}"));
            out.push(format!("{organisation}开展{topic}专题调研"));
        }
        _ => {}
    }
    out.dedup();
    out
}
