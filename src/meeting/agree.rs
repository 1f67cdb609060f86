//! Agreement checks: the body and headline say what the meeting metadata says (date,
//! recency, chair, 届次, approved documents). Findings use the shared `proof::Finding`.

use std::ops::Range;

use chrono::{Datelike, NaiveDate};

use super::draft::month_day;
use super::numerals::{is_arabic_digit, is_chinese_numeral_char, parse_numeral};
use super::punct::{BOOK_CLOSE, BOOK_OPEN, PAREN_CLOSE, PAREN_OPEN};
use super::{CI, JIE, numbering};
use crate::model::{Article, EventKind, Issue, MeetingInfo, TextField};
use crate::proof::{Finding, Fix, Severity};

/// The rule ids these checks report.
pub const RULES: [&str; 5] = [
    "meeting-date",
    "meeting-stale",
    "meeting-chair",
    "meeting-numbering",
    "meeting-document",
];

/// A meeting reported more than this many days before the issue is stale.
const STALE_AFTER_DAYS: i64 = 30;

/// Check every article of the issue that carries meeting metadata.
pub fn check_issue(issue: &Issue) -> Vec<Finding> {
    issue
        .articles
        .iter()
        .flat_map(|article| check_article(article, issue.date))
        .collect()
}

/// Check one article against its meeting metadata; nothing when it has none. Checks of
/// the body wait until the body has text.
pub fn check_article(article: &Article, issue_date: NaiveDate) -> Vec<Finding> {
    let Some(info) = &article.meeting else {
        return Vec::new();
    };
    let check = Check { article, info };
    let mut findings = Vec::new();
    check.stale(issue_date, &mut findings);
    check.numbering(TextField::Headline, &article.headline, 0, &mut findings);
    if let Some((start, lead)) = lead_paragraph(&article.body) {
        check.date(start, lead, &mut findings);
        check.chair(lead, &mut findings);
        check.numbering(TextField::Body, lead, start, &mut findings);
        check.documents(&mut findings);
    }
    findings
}

/// The first non-empty paragraph of the body and its offset in characters.
fn lead_paragraph(body: &str) -> Option<(usize, &str)> {
    let mut offset = 0;
    for line in body.split('\n') {
        let leading = line.chars().take_while(|c| c.is_whitespace()).count();
        let trimmed = line.trim();
        if !trimmed.is_empty() {
            return Some((offset + leading, trimmed));
        }
        offset += line.chars().count() + 1;
    }
    None
}

struct Check<'a> {
    article: &'a Article,
    info: &'a MeetingInfo,
}

impl Check<'_> {
    fn finding(
        &self,
        rule: &'static str,
        severity: Severity,
        field: Option<TextField>,
        range: Option<Range<usize>>,
        message: String,
    ) -> Finding {
        Finding {
            rule,
            severity,
            article: Some(self.article.id.clone()),
            page: None,
            field,
            range,
            message,
            photo: None,
            fix: None,
        }
    }

    /// meeting-stale: the meeting is after the issue date, or long before it.
    fn stale(&self, issue_date: NaiveDate, out: &mut Vec<Finding>) {
        let Some(date) = self.info.date else {
            return;
        };
        let days = (issue_date - date).num_days();
        if days < 0 {
            out.push(self.finding(
                "meeting-stale",
                Severity::Error,
                None,
                None,
                format!(
                    "会议日期{}晚于出版日期{}",
                    date.format("%Y-%m-%d"),
                    issue_date.format("%Y-%m-%d")
                ),
            ));
        } else if days > STALE_AFTER_DAYS {
            out.push(self.finding(
                "meeting-stale",
                Severity::Warning,
                None,
                None,
                format!("会议日期{}距出版日期已有{days}天", date.format("%Y-%m-%d")),
            ));
        }
    }

    /// meeting-date: the first date in the lead is not the meeting date.
    fn date(&self, start: usize, lead: &str, out: &mut Vec<Finding>) {
        let Some(date) = self.info.date else {
            return;
        };
        let Some(written) = first_date(lead) else {
            return;
        };
        let agrees = written.month == date.month()
            && written.day == date.day()
            && written.year.is_none_or(|y| y == date.year());
        if agrees {
            return;
        }
        let mut finding = self.finding(
            "meeting-date",
            Severity::Error,
            Some(TextField::Body),
            Some(start + written.range.start..start + written.range.end),
            format!("导语中的日期与会议日期{}不符", month_day(date)),
        );
        finding.fix = Some(Fix {
            replacement: match written.year {
                Some(_) => format!("{}年{}", date.year(), month_day(date)),
                None => month_day(date),
            },
            // Which of the two is right takes a human.
            safe: false,
        });
        out.push(finding);
    }

    /// meeting-chair: the lead does not name the chair (or the group leader).
    fn chair(&self, lead: &str, out: &mut Vec<Finding>) {
        if self.info.kind == EventKind::Feature {
            return;
        }
        let Some(person) = self.info.lead_person() else {
            return;
        };
        let name = person.name.trim();
        if lead.contains(name) {
            return;
        }
        let role = if self.info.has_group() {
            "带队的"
        } else {
            "主持人"
        };
        out.push(self.finding(
            "meeting-chair",
            Severity::Warning,
            Some(TextField::Body),
            None,
            format!("导语中没有提到{role}{name}"),
        ));
    }

    /// meeting-numbering: 届次 in the text differs from the metadata, or uses Arabic digits.
    fn numbering(&self, field: TextField, text: &str, start: usize, out: &mut Vec<Finding>) {
        let numbered = self
            .info
            .sessions
            .iter()
            .any(|s| s.term.is_some() || s.sitting.is_some());
        for mention in numbering_mentions(text, self.info) {
            let range = Some(start + mention.range.start..start + mention.range.end);
            if numbered && !self.matches(&mention) {
                let expected: Vec<String> = self
                    .info
                    .sessions
                    .iter()
                    .filter(|s| s.term.is_some() || s.sitting.is_some())
                    .map(|s| numbering(s.term, s.sitting))
                    .collect();
                out.push(self.finding(
                    "meeting-numbering",
                    Severity::Error,
                    Some(field),
                    range,
                    format!(
                        "{}中的届次与会议信息{PAREN_OPEN}{}{PAREN_CLOSE}不符",
                        field.label(),
                        expected.join("\u{3001}")
                    ),
                ));
            } else if mention.arabic {
                let mut finding = self.finding(
                    "meeting-numbering",
                    Severity::Warning,
                    Some(field),
                    range,
                    format!("{}中的届次应使用汉字数字", field.label()),
                );
                finding.fix = Some(Fix {
                    replacement: mention.in_chinese(),
                    safe: true,
                });
                out.push(finding);
            }
        }
    }

    fn matches(&self, mention: &Mention) -> bool {
        self.info.sessions.iter().any(|s| match mention.term {
            Some(term) => {
                s.term == Some(term) && (mention.sitting.is_none() || s.sitting == mention.sitting)
            }
            None => s.sitting == mention.sitting,
        })
    }

    /// meeting-document: an approved document is not named in the body.
    fn documents(&self, out: &mut Vec<Finding>) {
        for title in &self.info.approved {
            let title = title
                .trim()
                .trim_start_matches(BOOK_OPEN)
                .trim_end_matches(BOOK_CLOSE);
            if title.is_empty() || self.article.body.contains(title) {
                continue;
            }
            out.push(self.finding(
                "meeting-document",
                Severity::Warning,
                Some(TextField::Body),
                None,
                format!("正文没有提到审议通过的{BOOK_OPEN}{title}{BOOK_CLOSE}"),
            ));
        }
    }
}

/// A date written in the text: [YYYY年]M月D日 with Arabic digits.
struct WrittenDate {
    year: Option<i32>,
    month: u32,
    day: u32,
    range: Range<usize>,
}

const NIAN: char = '年';
const YUE: char = '月';
const RI: char = '日';

fn first_date(text: &str) -> Option<WrittenDate> {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if let Some(date) = date_at(&chars, i) {
            return Some(date);
        }
        i += 1;
    }
    None
}

/// Digits starting at `i`: their value and the index after them.
fn digits_at(chars: &[char], i: usize) -> Option<(u32, usize)> {
    let end = i + chars[i..]
        .iter()
        .take_while(|c| is_arabic_digit(**c))
        .count();
    if end == i || end - i > 4 {
        return None;
    }
    let text: String = chars[i..end].iter().collect();
    Some((parse_numeral(&text)?, end))
}

fn date_at(chars: &[char], start: usize) -> Option<WrittenDate> {
    if start > 0 && is_arabic_digit(chars[start - 1]) {
        return None;
    }
    let (first, mut i) = digits_at(chars, start)?;
    let mut year = None;
    let month;
    if chars.get(i) == Some(&NIAN) {
        year = Some(first as i32);
        let (m, next) = digits_at(chars, i + 1)?;
        month = m;
        i = next;
    } else {
        month = first;
    }
    if chars.get(i) != Some(&YUE) {
        return None;
    }
    let (day, next) = digits_at(chars, i + 1)?;
    if chars.get(next) != Some(&RI) || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    Some(WrittenDate {
        year,
        month,
        day,
        range: start..next + 1,
    })
}

/// A 届次 written in the text: N届M次, N届, or M次 right before one of the bodies.
struct Mention {
    term: Option<u32>,
    sitting: Option<u32>,
    arabic: bool,
    range: Range<usize>,
}

impl Mention {
    fn in_chinese(&self) -> String {
        numbering(self.term, self.sitting)
    }
}

fn is_number_char(c: char) -> bool {
    is_arabic_digit(c) || is_chinese_numeral_char(c)
}

/// The number run ending just before `end`: its start and value.
fn number_before(chars: &[char], end: usize) -> Option<(usize, u32, bool)> {
    let start = end
        - chars[..end]
            .iter()
            .rev()
            .take_while(|c| is_number_char(**c))
            .count();
    let text: String = chars[start..end].iter().collect();
    let arabic = chars[start..end].iter().any(|c| is_arabic_digit(*c));
    Some((start, parse_numeral(&text)?, arabic))
}

/// The number run starting at `start`: its value, end, and whether it has Arabic digits.
fn number_after(chars: &[char], start: usize) -> Option<(u32, usize, bool)> {
    let end = start
        + chars[start..]
            .iter()
            .take_while(|c| is_number_char(**c))
            .count();
    let text: String = chars[start..end].iter().collect();
    let arabic = chars[start..end].iter().any(|c| is_arabic_digit(*c));
    Some((parse_numeral(&text)?, end, arabic))
}

fn numbering_mentions(text: &str, info: &MeetingInfo) -> Vec<Mention> {
    let chars: Vec<char> = text.chars().collect();
    let bodies: Vec<Vec<char>> = info
        .sessions
        .iter()
        .map(|s| s.body.trim().chars().collect())
        .filter(|b: &Vec<char>| !b.is_empty())
        .collect();
    let mut mentions = Vec::new();
    let mut covered = 0;
    for i in 0..chars.len() {
        if i < covered {
            continue;
        }
        if chars[i] == JIE {
            let Some((start, term, term_arabic)) = number_before(&chars, i) else {
                continue;
            };
            let after =
                number_after(&chars, i + 1).filter(|(_, end, _)| chars.get(*end) == Some(&CI));
            let (sitting, end, sitting_arabic) = match after {
                Some((sitting, end, arabic)) => (Some(sitting), end + 1, arabic),
                None => (None, i + 1, false),
            };
            covered = end;
            mentions.push(Mention {
                term: Some(term),
                sitting,
                arabic: term_arabic || sitting_arabic,
                range: start..end,
            });
        } else if chars[i] == CI {
            let Some((start, sitting, arabic)) = number_before(&chars, i) else {
                continue;
            };
            let before_body = bodies.iter().any(|b| chars[i + 1..].starts_with(b));
            if before_body {
                covered = i + 1;
                mentions.push(Mention {
                    term: None,
                    sitting: Some(sitting),
                    arabic,
                    range: start..i + 1,
                });
            }
        }
    }
    mentions
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_found_with_their_range() {
        // 2022年9月16日，
        let date = first_date("x2022\u{5E74}9\u{6708}16\u{65E5}\u{FF0C}").unwrap();
        assert_eq!((date.year, date.month, date.day), (Some(2022), 9, 16));
        assert_eq!(date.range, 1..11);
        // 3个月 is not a date
        assert!(first_date("3\u{4E2A}\u{6708}").is_none());
    }

    #[test]
    fn lead_offsets_count_characters() {
        // "\n  甲乙\n丙" → lead 甲乙 at character 3
        assert_eq!(
            lead_paragraph("\n  \u{7532}\u{4E59}\n\u{4E19}"),
            Some((3, "\u{7532}\u{4E59}"))
        );
    }
}
