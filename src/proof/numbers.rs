//! Number rules (GB/T 15835-2011): session numerals, mixed dates, short years and
//! full-width digits.

use std::ops::Range;

use super::Severity;
use super::chars::{chinese_digit, chinese_numeral, is_chinese_numeral_char, parse_chinese_small};
use super::text::Scan;

const JIE: char = '届';
const CI: char = '次';
const NIAN: char = '年';
const YUE: char = '月';
const RI: char = '日';
const HAO: char = '号';

fn digit_run_back(chars: &[char], end: usize) -> usize {
    chars[..end]
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_digit())
        .count()
}

fn digit_run_forward(chars: &[char], start: usize) -> usize {
    chars[start..]
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count()
}

fn digits_value(chars: &[char]) -> Option<u32> {
    chars.iter().collect::<String>().parse().ok()
}

/// session-numerals: 10届9次 -> 十届九次 (GB/T 15835-2011 §4.3).
pub(super) fn session_numerals(scan: &mut Scan<'_>) {
    let chars = scan.chars;
    for i in 0..chars.len() {
        if chars[i] != JIE {
            continue;
        }
        let left = digit_run_back(chars, i);
        let right = digit_run_forward(chars, i + 1);
        let sitting = right > 0 && chars.get(i + 1 + right) == Some(&CI);
        // 2022届 (a graduating class) is a year, not a session number.
        if (left == 0 && !sitting) || left > 2 {
            continue;
        }
        let mut fixed = String::new();
        let start = i - left;
        if left > 0 {
            let Some(term) = digits_value(&chars[start..i]) else {
                continue;
            };
            fixed.push_str(&chinese_numeral(term));
        }
        fixed.push(JIE);
        let mut end = i + 1;
        if sitting {
            let Some(n) = digits_value(&chars[i + 1..i + 1 + right]) else {
                continue;
            };
            fixed.push_str(&chinese_numeral(n));
            fixed.push(CI);
            end = i + 2 + right;
        }
        scan.push(
            "session-numerals",
            Severity::Error,
            start..end,
            format!("届次用汉字数字\u{FF1A}{fixed}"),
            Some((fixed, true)),
        );
    }
}

/// A number written before a unit character: its range, value and script.
#[derive(Debug, Clone)]
struct DatePart {
    range: Range<usize>,
    value: u32,
    chinese: bool,
}

/// The number ending right before `end`: Arabic digits, or Chinese numerals (a year
/// digit by digit, month and day with 十).
fn number_before(chars: &[char], end: usize, year: bool) -> Option<DatePart> {
    let arabic = digit_run_back(chars, end);
    if arabic > 0 {
        let range = end - arabic..end;
        let value = digits_value(&chars[range.clone()])?;
        return Some(DatePart {
            range,
            value,
            chinese: false,
        });
    }
    let run = chars[..end]
        .iter()
        .rev()
        .take_while(|&&c| {
            if year {
                chinese_digit(c).is_some()
            } else {
                is_chinese_numeral_char(c)
            }
        })
        .count();
    if run == 0 {
        return None;
    }
    let range = end - run..end;
    let value = if year {
        if run != 4 {
            return None;
        }
        chars[range.clone()]
            .iter()
            .try_fold(0, |acc, &c| Some(acc * 10 + chinese_digit(c)?))?
    } else {
        parse_chinese_small(&chars[range.clone()])?
    };
    Some(DatePart {
        range,
        value,
        chinese: true,
    })
}

/// mixed-date and short-year, around each 月.
pub(super) fn dates(scan: &mut Scan<'_>) {
    let chars = scan.chars;
    for i in 0..chars.len() {
        if chars[i] != YUE {
            continue;
        }
        let Some(month) = number_before(chars, i, false).filter(|m| (1..=12).contains(&m.value))
        else {
            continue;
        };
        let year = (month.range.start > 0 && chars[month.range.start - 1] == NIAN)
            .then(|| number_before(chars, month.range.start - 1, true))
            .flatten();
        let day = chars
            .get(i + 1..)
            .map(|rest| {
                rest.iter()
                    .take_while(|&&c| c.is_ascii_digit() || is_chinese_numeral_char(c))
                    .count()
            })
            .and_then(|len| {
                let end = i + 1 + len;
                let unit = chars.get(end).copied();
                (len > 0 && matches!(unit, Some(RI | HAO)))
                    .then(|| number_before(chars, end, false))
                    .flatten()
                    .filter(|d| d.range.start == i + 1 && (1..=31).contains(&d.value))
            });
        if let Some(year) = &year
            && !year.chinese
            && year.range.len() == 2
        {
            scan.push(
                "short-year",
                Severity::Error,
                year.range.clone(),
                "年份应写全四位数字".to_string(),
                Some((format!("20{:02}", year.value), false)),
            );
        }
        let parts: Vec<&DatePart> = [year.as_ref(), Some(&month), day.as_ref()]
            .into_iter()
            .flatten()
            .collect();
        let mixed = parts.iter().any(|p| p.chinese) && parts.iter().any(|p| !p.chinese);
        if !mixed {
            continue;
        }
        let start = parts[0].range.start;
        let end = day.as_ref().map_or(i + 1, |d| d.range.end + 1);
        let mut fixed = String::new();
        if let Some(year) = &year {
            let value = if year.range.len() == 2 && !year.chinese {
                year.value + 2000
            } else {
                year.value
            };
            fixed.push_str(&format!("{value}{NIAN}"));
        }
        fixed.push_str(&format!("{}{YUE}", month.value));
        if let Some(day) = &day {
            fixed.push_str(&format!("{}{}", day.value, chars[day.range.end]));
        }
        scan.push(
            "mixed-date",
            Severity::Error,
            start..end,
            format!("同一日期混用汉字和阿拉伯数字\u{FF1A}{fixed}"),
            Some((fixed, true)),
        );
    }
}

/// fullwidth-digits: １２３ (U+FF10..U+FF19) become 123.
pub(super) fn fullwidth_digits(scan: &mut Scan<'_>) {
    let is_wide = |c: char| ('\u{FF10}'..='\u{FF19}').contains(&c);
    let mut i = 0;
    while i < scan.chars.len() {
        if !is_wide(scan.chars[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < scan.chars.len() && is_wide(scan.chars[i]) {
            i += 1;
        }
        let fixed: String = scan.chars[start..i]
            .iter()
            .filter_map(|&c| char::from_u32(c as u32 - 0xFF10 + u32::from(b'0')))
            .collect();
        scan.push(
            "fullwidth-digits",
            Severity::Error,
            start..i,
            format!("全角数字应为半角\u{FF1A}{fixed}"),
            Some((fixed, true)),
        );
    }
}
