//! Meeting metadata turned into copy: Chinese numerals, 届次, headline and lead drafts, and
//! the checks that the body and the metadata agree. Headless: no egui here.

mod agree;
mod draft;
mod headline;
mod numerals;
pub mod punct;

pub use agree::{RULES, check_article, check_issue};
pub use draft::{DraftError, LeadDraft, dateline, draft_lead};
pub use headline::suggest_headlines;
pub use numerals::{chinese_numeral, chinese_or_arabic, parse_numeral};

use crate::model::{MeetingInfo, MeetingSession};

/// 届
const JIE: char = '届';
/// 次
const CI: char = '次';
/// 暨, joining the bodies of a combined meeting.
const JI: &str = "暨";

/// The numbering of a session in Chinese numerals: 十届九次, 十一届十次, 二十二次, or
/// empty when it is not numbered.
pub fn numbering(term: Option<u32>, sitting: Option<u32>) -> String {
    let mut out = String::new();
    if let Some(term) = term {
        out.push_str(&chinese_or_arabic(term));
        out.push(JIE);
    }
    if let Some(sitting) = sitting {
        out.push_str(&chinese_or_arabic(sitting));
        out.push(CI);
    }
    out
}

/// One body with its numbering: 十届九次主席会议.
pub fn session_name(session: &MeetingSession) -> String {
    format!(
        "{}{}",
        numbering(session.term, session.sitting),
        session.body.trim()
    )
}

/// The bodies that met, joined by 暨 for a combined meeting, without the organisation:
/// 党组理论学习中心组（扩大）会议暨十一届十次主席会议.
pub fn meeting_name(info: &MeetingInfo) -> String {
    info.sessions
        .iter()
        .filter(|s| !s.body.trim().is_empty())
        .map(session_name)
        .collect::<Vec<_>>()
        .join(JI)
}

/// The short form of an organisation used once its full name has been given:
/// 临洮县政协 → 县政协, 甘州区政协 → 区政协; other names stay as they are.
pub fn short_organisation(organisation: &str) -> &str {
    const SHORT: [&str; 6] = ["县政协", "区政协", "市政协", "州政协", "旗政协", "省政协"];
    let organisation = organisation.trim();
    SHORT
        .iter()
        .find(|short| organisation.ends_with(*short))
        .copied()
        .unwrap_or(organisation)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbering_in_chinese() {
        // 十届九次
        assert_eq!(
            numbering(Some(10), Some(9)),
            "\u{5341}\u{5C4A}\u{4E5D}\u{6B21}"
        );
        // 二十二次
        assert_eq!(
            numbering(None, Some(22)),
            "\u{4E8C}\u{5341}\u{4E8C}\u{6B21}"
        );
        assert_eq!(numbering(None, None), "");
    }

    #[test]
    fn short_forms() {
        // 临洮县政协 → 县政协
        assert_eq!(
            short_organisation("\u{4E34}\u{6D2E}\u{53BF}\u{653F}\u{534F}"),
            "\u{53BF}\u{653F}\u{534F}"
        );
        assert_eq!(short_organisation("abc"), "abc");
    }
}
