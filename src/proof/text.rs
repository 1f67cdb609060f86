//! The text rules of PROOFREADING.md: punctuation (GB/T 15834), numbers (GB/T 15835) and
//! house style, over one field's text. Each rule scans the characters once.

use std::ops::Range;

use super::chars::{
    chinese_digit, fullwidth_twin, is_chinese, is_chinese_numeral_char, is_fullwidth_punct, is_han,
    is_space,
};
use super::dictionary::Dictionary;
use super::{Finding, Fix, Severity};
use crate::model::TextField;

/// “ and ”, for messages and fixes.
const LQ: char = '\u{201C}';
const RQ: char = '\u{201D}';
/// ‘ and ’.
const LSQ: char = '\u{2018}';
const RSQ: char = '\u{2019}';
/// The em dash U+2014; a Chinese dash (破折号) is two of them, a range mark one.
const EM: char = '\u{2014}';
const DASH: &str = "\u{2014}\u{2014}";
/// The ellipsis U+2026; the Chinese one (省略号) is two of them.
const ELLIPSIS: &str = "\u{2026}\u{2026}";
const ENUM_COMMA: char = '\u{3001}'; // 、
const FULL_STOP: char = '\u{3002}'; // 。
const COMMA: char = '\u{FF0C}'; // ，
const DENG: char = '等';
const DI: char = '第';
const OPEN_TITLE: char = '\u{300A}'; // 《
const CLOSE_TITLE: char = '\u{300B}'; // 》

/// One field's characters, its paragraphs, and the findings so far.
pub(super) struct Scan<'a> {
    pub(super) chars: &'a [char],
    pub(super) field: Option<TextField>,
    pub(super) paragraphs: Vec<Range<usize>>,
    pub(super) findings: Vec<Finding>,
}

impl Scan<'_> {
    pub(super) fn at(&self, i: usize) -> Option<char> {
        self.chars.get(i).copied()
    }

    pub(super) fn before(&self, i: usize) -> Option<char> {
        i.checked_sub(1).and_then(|j| self.at(j))
    }

    pub(super) fn push(
        &mut self,
        rule: &'static str,
        severity: Severity,
        range: Range<usize>,
        message: String,
        fix: Option<(String, bool)>,
    ) {
        self.findings.push(Finding {
            rule,
            severity,
            article: None,
            page: None,
            field: self.field,
            range: Some(range),
            message,
            fix: fix.map(|(replacement, safe)| Fix { replacement, safe }),
            photo: None,
        });
    }

    fn has_han(&self, range: &Range<usize>) -> bool {
        self.chars[range.clone()].iter().any(|&c| is_han(c))
    }
}

/// Every text rule over one field's text. `field` is `None` for a plain text file, which
/// is treated as body text. Findings carry no article; ranges are char offsets.
pub fn check_text(text: &str, field: Option<TextField>, dictionary: &Dictionary) -> Vec<Finding> {
    let chars: Vec<char> = text.chars().collect();
    let mut paragraphs = Vec::new();
    let mut start = 0;
    for (i, &c) in chars.iter().enumerate() {
        if c == '\n' {
            paragraphs.push(start..i);
            start = i + 1;
        }
    }
    paragraphs.push(start..chars.len());
    let mut scan = Scan {
        chars: &chars,
        field,
        paragraphs,
        findings: Vec::new(),
    };
    spaces(&mut scan);
    halfwidth_punct(&mut scan);
    straight_quotes(&mut scan);
    unbalanced(&mut scan);
    ellipsis(&mut scan);
    dashes(&mut scan);
    range_mark(&mut scan);
    commas(&mut scan);
    headline_stop(&mut scan);
    super::numbers::session_numerals(&mut scan);
    super::numbers::dates(&mut scan);
    super::numbers::fullwidth_digits(&mut scan);
    super::doubled::doubled(&mut scan);
    super::doubled::doubled_words(&mut scan);
    for hit in dictionary.find(text) {
        scan.push(
            "house-style",
            hit.severity,
            hit.range,
            hit.message,
            Some((hit.right, hit.safe)),
        );
    }
    let mut findings = scan.findings;
    findings.sort_by_key(|f| f.range.as_ref().map(|r| (r.start, r.end)));
    findings
}

/// Whether the field's spaces between Han runs may separate names (dateline, byline).
fn names_allowed(scan: &Scan<'_>, i: usize) -> bool {
    match scan.field {
        Some(TextField::Byline) => true,
        // Inside the parentheses of 本报X讯（通讯员A B）.
        Some(TextField::Dateline) => {
            let open = scan.chars[..i].iter().rposition(|&c| c == '\u{FF08}');
            let close = scan.chars[..i].iter().rposition(|&c| c == '\u{FF09}');
            match (open, close) {
                (Some(o), Some(c)) => o > c,
                (Some(_), None) => true,
                _ => false,
            }
        }
        _ => false,
    }
}

/// The length of the run of Han characters ending just before `end` (or starting at
/// `start` going forward when `forward`).
fn han_run(chars: &[char], from: usize, forward: bool) -> usize {
    if forward {
        chars[from..].iter().take_while(|&&c| is_han(c)).count()
    } else {
        chars[..from]
            .iter()
            .rev()
            .take_while(|&&c| is_han(c))
            .count()
    }
}

/// space-between-han: spaces between Han characters, between Han and digits, or next to
/// full-width punctuation. Half-width marks about to become full-width count as Chinese.
fn spaces(scan: &mut Scan<'_>) {
    let chinese_ish = |c: char| is_chinese(c) || fullwidth_twin(c).is_some();
    for para in scan.paragraphs.clone() {
        let mut i = para.start;
        while i < para.end {
            if !is_space(scan.chars[i]) {
                i += 1;
                continue;
            }
            let start = i;
            while i < para.end && is_space(scan.chars[i]) {
                i += 1;
            }
            if start == para.start || i == para.end {
                continue; // indents and trailing spaces are not this rule's business
            }
            let (p, n) = (scan.chars[start - 1], scan.chars[i]);
            let fires = (chinese_ish(p) && (chinese_ish(n) || n.is_ascii_digit()))
                || (p.is_ascii_digit() && chinese_ish(n))
                || is_fullwidth_punct(p)
                || is_fullwidth_punct(n);
            if !fires {
                continue;
            }
            if is_han(p) && is_han(n) && names_allowed(scan, start) {
                let padded =
                    han_run(scan.chars, start, false) == 1 && han_run(scan.chars, i, true) == 1;
                if padded {
                    scan.push(
                        "space-between-han",
                        Severity::Note,
                        start..i,
                        "两字姓名中间的空格\u{FF08}补齐用\u{FF09}\u{FF0C}通常不留".to_string(),
                        Some((String::new(), false)),
                    );
                }
                continue;
            }
            scan.push(
                "space-between-han",
                Severity::Error,
                start..i,
                "中文之间或数字与中文之间有多余空格".to_string(),
                Some((String::new(), true)),
            );
        }
    }
}

/// halfwidth-punct: `, ( ) : ; ? !` touching Han text; parentheses are judged as pairs.
fn halfwidth_punct(scan: &mut Scan<'_>) {
    for para in scan.paragraphs.clone() {
        let touches = |i: usize| {
            let prev = (i > para.start).then(|| scan.chars[i - 1]);
            let next = scan.chars.get(i + 1).filter(|_| i + 1 < para.end).copied();
            prev.is_some_and(is_chinese) || next.is_some_and(is_chinese)
        };
        let mut fire = vec![false; para.len()];
        let mut open: Vec<usize> = Vec::new();
        for i in para.clone() {
            let c = scan.chars[i];
            if fullwidth_twin(c).is_none() {
                continue;
            }
            fire[i - para.start] = touches(i);
            match c {
                '(' => open.push(i),
                ')' => {
                    if let Some(o) = open.pop() {
                        let either = fire[o - para.start] || fire[i - para.start];
                        fire[o - para.start] = either;
                        fire[i - para.start] = either;
                    }
                }
                _ => {}
            }
        }
        for i in para.clone() {
            if !fire[i - para.start] {
                continue;
            }
            let c = scan.chars[i];
            let Some(twin) = fullwidth_twin(c) else {
                continue;
            };
            scan.push(
                "halfwidth-punct",
                Severity::Error,
                i..i + 1,
                format!("中文里的半角标点 {c} 应为全角 {twin}"),
                Some((twin.to_string(), true)),
            );
        }
    }
}

/// straight-quotes: `"` and `'` in a paragraph with Han text become curly, paired in
/// order. An apostrophe between Latin letters stays.
fn straight_quotes(scan: &mut Scan<'_>) {
    for para in scan.paragraphs.clone() {
        if !scan.has_han(&para) {
            continue;
        }
        for (quote, open, close) in [('"', LQ, RQ), ('\'', LSQ, RSQ)] {
            let positions: Vec<usize> = para
                .clone()
                .filter(|&i| scan.chars[i] == quote)
                .filter(|&i| {
                    let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
                    !(latin(scan.before(i)) && latin(scan.at(i + 1)))
                })
                .collect();
            let paired = positions.len().is_multiple_of(2);
            for (k, &i) in positions.iter().enumerate() {
                let curly = if k % 2 == 0 { open } else { close };
                scan.push(
                    "straight-quotes",
                    Severity::Error,
                    i..i + 1,
                    format!("中文里的直引号 {quote} 应为 {curly}"),
                    Some((curly.to_string(), paired)),
                );
            }
        }
    }
}

/// The closing mark of an opening one, for the balance check.
fn closing_of(c: char) -> Option<char> {
    Some(match c {
        '\u{201C}' => '\u{201D}',
        '\u{2018}' => '\u{2019}',
        '\u{FF08}' | '(' => '\u{FF09}',
        '\u{300A}' => '\u{300B}',
        '\u{3008}' => '\u{3009}',
        '\u{3010}' => '\u{3011}',
        '\u{3014}' => '\u{3015}',
        _ => return None,
    })
}

fn is_closing(c: char) -> bool {
    matches!(
        c,
        '\u{201D}'
            | '\u{2019}'
            | '\u{FF09}'
            | ')'
            | '\u{300B}'
            | '\u{3009}'
            | '\u{3011}'
            | '\u{3015}'
    )
}

/// Treat ASCII ) as ） so a pasted mixture still balances (halfwidth-punct fixes it).
fn normal_close(c: char) -> char {
    if c == ')' { '\u{FF09}' } else { c }
}

/// unbalanced: quotes, brackets and title marks that do not pair or nest, per paragraph.
/// A quotation over several paragraphs opens “ at each and closes only at the last
/// (GB/T 15834 4.1.3.4): an open “ followed by a paragraph that opens with “ is right.
fn unbalanced(scan: &mut Scan<'_>) {
    let paragraphs = scan.paragraphs.clone();
    for (index, para) in paragraphs.iter().cloned().enumerate() {
        let next_opens_quote = paragraphs
            .get(index + 1)
            .is_some_and(|next| scan.at(next.start) == Some(LQ));
        let mut stack: Vec<(usize, char)> = Vec::new();
        for i in para.clone() {
            let c = scan.chars[i];
            // ’ between Latin letters is an apostrophe.
            if c == RSQ
                && scan.before(i).is_some_and(|p| p.is_ascii_alphabetic())
                && scan.at(i + 1).is_some_and(|n| n.is_ascii_alphabetic())
            {
                continue;
            }
            if let Some(close) = closing_of(c) {
                stack.push((i, close));
            } else if is_closing(c) {
                let c = normal_close(c);
                if stack.last().is_some_and(|&(_, want)| want == c) {
                    stack.pop();
                } else if let Some(depth) = stack.iter().rposition(|&(_, want)| want == c) {
                    // The marks opened after the match were never closed.
                    for (open, _) in stack.split_off(depth + 1) {
                        push_unbalanced(scan, open);
                    }
                    stack.pop();
                } else {
                    push_unbalanced(scan, i);
                }
            }
        }
        for (open, _) in stack {
            if scan.chars[open] == LQ && next_opens_quote {
                continue;
            }
            push_unbalanced(scan, open);
        }
    }
}

fn push_unbalanced(scan: &mut Scan<'_>, i: usize) {
    let c = scan.chars[i];
    scan.push(
        "unbalanced",
        Severity::Error,
        i..i + 1,
        format!("{c} 没有配对"),
        None,
    );
}

/// ellipsis: `...`, `。。。` and a lone `…` become `……`.
fn ellipsis(scan: &mut Scan<'_>) {
    for para in scan.paragraphs.clone() {
        let mut i = para.start;
        while i < para.end {
            let c = scan.chars[i];
            let run = scan.chars[i..para.end]
                .iter()
                .take_while(|&&x| x == c)
                .count();
            let range = i..i + run;
            i += run;
            let wrong = match c {
                '.' => {
                    run >= 3
                        && (scan.before(range.start).is_some_and(is_chinese)
                            || scan.at(range.end).is_some_and(is_chinese))
                }
                FULL_STOP => run >= 3,
                '\u{2026}' => run == 1,
                _ => false,
            };
            if wrong {
                scan.push(
                    "ellipsis",
                    Severity::Error,
                    range,
                    format!("省略号应为 {ELLIPSIS}"),
                    Some((ELLIPSIS.to_string(), true)),
                );
            }
        }
    }
}

/// dash: `--`, a single `—`, or a hyphen used as a dash, in Chinese text.
fn dashes(scan: &mut Scan<'_>) {
    let subtitle = scan.field == Some(TextField::Subtitle);
    for para in scan.paragraphs.clone() {
        let mut i = para.start;
        while i < para.end {
            let c = scan.chars[i];
            if c != '-' && c != EM {
                i += 1;
                continue;
            }
            let run = scan.chars[i..para.end]
                .iter()
                .take_while(|&&x| x == c)
                .count();
            let range = i..i + run;
            i += run;
            let (prev, next) = (scan.before(range.start), scan.at(range.end));
            let at_start = range.start == para.start && next.is_some_and(is_chinese);
            let chinese_side = prev.is_some_and(is_chinese) || next.is_some_and(is_chinese);
            let digits_around = prev
                .is_some_and(|p| p.is_ascii_digit() || chinese_digit(p).is_some())
                && next.is_some_and(|n| n.is_ascii_digit() || chinese_digit(n).is_some());
            let (severity, safe) = match (c, run) {
                (EM, 2) => continue,
                // A subtitle that opens with any dash means 破折号.
                _ if at_start && subtitle => (Severity::Error, true),
                ('-', n) if n >= 2 && chinese_side => (Severity::Error, true),
                ('-', 1) if prev.is_some_and(is_han) && next.is_some_and(is_han) => {
                    (Severity::Warning, false)
                }
                (EM, 1) if !digits_around && chinese_side => (Severity::Warning, false),
                (EM, n) if n > 2 => (Severity::Warning, false),
                _ => continue,
            };
            scan.push(
                "dash",
                severity,
                range,
                format!("破折号应为 {DASH}\u{FF08}两个 U+2014\u{FF09}"),
                Some((DASH.to_string(), safe)),
            );
        }
    }
}

/// range-mark: a hyphen (or en dash) between two numbers of a range in Chinese text,
/// `1-8月`, becomes the one-em range mark `1—8月`.
fn range_mark(scan: &mut Scan<'_>) {
    let n = scan.chars.len();
    for i in 1..n.saturating_sub(1) {
        let c = scan.chars[i];
        if c != '-' && c != '\u{2013}' {
            continue;
        }
        let left = scan.chars[..i]
            .iter()
            .rev()
            .take_while(|c| c.is_ascii_digit())
            .count();
        let right = scan.chars[i + 1..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        if left == 0 || right == 0 || left > 4 || right > 4 {
            continue;
        }
        let before = scan.before(i - left);
        let after = scan.at(i + 1 + right);
        // Codes (G30-1), decimals, dates (2022-09-22) and phone numbers are not ranges.
        let code_like =
            before.is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, '-' | '.' | '/'));
        let unit_follows = after.is_some_and(|a| is_han(a) || a == '%');
        if code_like || !unit_follows {
            continue;
        }
        scan.push(
            "range-mark",
            Severity::Error,
            i..i + 1,
            format!("数字范围用一字线 {EM}\u{FF08}U+2014\u{FF09}\u{FF0C}不用连字符"),
            Some((EM.to_string(), true)),
        );
    }
}

/// title-list-comma, approx-comma and deng-comma: misuses of the enumeration comma 、.
fn commas(scan: &mut Scan<'_>) {
    for i in 0..scan.chars.len() {
        if scan.chars[i] != ENUM_COMMA {
            continue;
        }
        let (prev, next) = (scan.before(i), scan.at(i + 1));
        if prev == Some(CLOSE_TITLE) && next == Some(OPEN_TITLE) {
            scan.push(
                "title-list-comma",
                Severity::Error,
                i..i + 1,
                "并列的书名号之间不用顿号".to_string(),
                Some((String::new(), true)),
            );
        } else if next == Some(DENG) {
            scan.push(
                "deng-comma",
                Severity::Error,
                i..i + 1,
                "\u{201C}等\u{201D}前不用顿号".to_string(),
                Some((String::new(), true)),
            );
        } else if approximate(scan, i) {
            scan.push(
                "approx-comma",
                Severity::Warning,
                i..i + 1,
                "相邻数字表示概数\u{FF0C}中间不用顿号".to_string(),
                Some((String::new(), false)),
            );
        }
    }
}

/// 三、五天: two single Chinese digits, rising, joined by 、 and followed by a measure
/// word, not part of a list (一、二、三) or an ordinal (第一、二条).
fn approximate(scan: &Scan<'_>, i: usize) -> bool {
    let (Some(a), Some(b)) = (
        scan.before(i).and_then(chinese_digit),
        scan.at(i + 1).and_then(chinese_digit),
    ) else {
        return false;
    };
    let before_a = i.checked_sub(2).and_then(|j| scan.at(j));
    let after_b = scan.at(i + 2);
    let standalone_a =
        before_a.is_none_or(|c| !is_chinese_numeral_char(c) && c != ENUM_COMMA && c != DI);
    let unit = after_b.is_some_and(|c| is_han(c) && !is_chinese_numeral_char(c));
    a > 0 && b > a && b - a <= 2 && standalone_a && unit
}

/// headline-stop: a headline, kicker or subtitle ending in 。 or ，.
fn headline_stop(scan: &mut Scan<'_>) {
    if !matches!(
        scan.field,
        Some(TextField::Headline | TextField::Kicker | TextField::Subtitle)
    ) {
        return;
    }
    let Some(last) = scan.chars.iter().rposition(|&c| !c.is_whitespace()) else {
        return;
    };
    let c = scan.chars[last];
    if c == FULL_STOP || c == COMMA {
        scan.push(
            "headline-stop",
            Severity::Error,
            last..last + 1,
            format!("标题末尾不用 {c}"),
            Some((String::new(), true)),
        );
    }
}
