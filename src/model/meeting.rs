//! Meeting metadata recorded with a report: what met, when, who chaired, what was decided.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The kind of event a report covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum EventKind {
    /// 会议
    #[default]
    Meeting,
    /// 活动
    Activity,
    /// 视察
    Inspection,
    /// 调研
    Survey,
    /// 座谈
    Symposium,
    /// 协商
    Deliberation,
    /// 通讯 (a feature)
    Feature,
}

impl EventKind {
    /// Every kind, in the order the UI lists them.
    pub const ALL: [EventKind; 7] = [
        EventKind::Meeting,
        EventKind::Activity,
        EventKind::Inspection,
        EventKind::Survey,
        EventKind::Symposium,
        EventKind::Deliberation,
        EventKind::Feature,
    ];

    /// The Chinese name shown in the UI.
    pub fn label(self) -> &'static str {
        match self {
            EventKind::Meeting => "会议",
            EventKind::Activity => "活动",
            EventKind::Inspection => "视察",
            EventKind::Survey => "调研",
            EventKind::Symposium => "座谈",
            EventKind::Deliberation => "协商",
            EventKind::Feature => "通讯",
        }
    }
}

/// One numbered body that met; combined meetings (joined by 暨) list several.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeetingSession {
    /// The body, e.g. 主席会议, 常委会会议, 党组理论学习中心组（扩大）会议.
    pub body: String,
    /// 届: the term of the committee, e.g. 10 for 十届.
    #[serde(default)]
    pub term: Option<u32>,
    /// 次: the sitting within the term, e.g. 9 for 九次.
    #[serde(default)]
    pub sitting: Option<u32>,
}

/// A person with a title, e.g. the chair.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Full name.
    pub name: String,
    /// Title as the lead names it, e.g. 市政协主席.
    #[serde(default)]
    pub title: String,
}

/// What the meeting panel records about the event a report covers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeetingInfo {
    /// The kind of event.
    pub kind: EventKind,
    /// The organisation, e.g. 张掖市政协.
    pub organisation: String,
    /// The place used in the dateline, e.g. 张掖.
    #[serde(default)]
    pub place: String,
    /// The bodies that met, in order; more than one means a combined meeting (暨).
    #[serde(default)]
    pub sessions: Vec<MeetingSession>,
    /// The date of the event.
    pub date: Option<NaiveDate>,
    /// Where it was held.
    #[serde(default)]
    pub venue: String,
    /// Who chaired.
    #[serde(default)]
    pub chair: Option<Person>,
    /// Who attended (names with titles as printed).
    #[serde(default)]
    pub attendees: Vec<String>,
    /// Items studied or conveyed (传达学习).
    #[serde(default)]
    pub studied: Vec<String>,
    /// Documents approved (审议通过《…》), titles without the book-title marks.
    #[serde(default)]
    pub approved: Vec<String>,
    /// Requirements voiced (会议强调/指出/要求).
    #[serde(default)]
    pub requirements: Vec<String>,
    /// What an activity, inspection or survey is about, e.g. 委员讲堂 or 新能源产业发展.
    #[serde(default)]
    pub topic: String,
    /// Who led an inspection or survey group (视察组/调研组), in place of a chair.
    #[serde(default)]
    pub group_leader: Option<Person>,
    /// Places visited on an inspection, survey or activity, in order.
    #[serde(default)]
    pub places: Vec<String>,
    /// The staff reporters named in the dateline, before the correspondents, e.g.
    /// 记者周明轩 孙婧.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reporters: Vec<String>,
    /// The correspondents named in the dateline, e.g. 通讯员张宏亮 杜娟.
    #[serde(default)]
    pub correspondents: Vec<String>,
}

impl MeetingInfo {
    /// Whether nothing has been recorded (the panel then writes no `meeting`).
    pub fn is_empty(&self) -> bool {
        *self == MeetingInfo::default()
    }

    /// Whether the kind has a group leader and places instead of a chair (视察, 调研).
    pub fn has_group(&self) -> bool {
        matches!(self.kind, EventKind::Inspection | EventKind::Survey)
    }

    /// The person the lead must name: the group leader of an inspection or survey
    /// (older files keep the leader as chair), otherwise the chair.
    pub fn lead_person(&self) -> Option<&Person> {
        let person = if self.has_group() {
            self.group_leader.as_ref().or(self.chair.as_ref())
        } else {
            self.chair.as_ref()
        };
        person.filter(|p| !p.name.trim().is_empty())
    }
}
