//! Property tests of the paragraph line breaker, through its public API only.
//!
//! The rules are restated here independently of the implementation, every Chinese mark
//! written as a code point so a tool that normalises punctuation cannot empty a test.

use caibian::typeset::linebreak::{Line, ParagraphStyle, break_paragraph};
use proptest::prelude::*;
use proptest::sample::select;

const CASES: u32 = 512;
const TOLERANCE_PT: f32 = 0.01;

/// Never at a line start: pause marks, closing quotes and brackets, connectors, ellipsis,
/// interpuncts, ASCII closing punctuation.
const NO_LINE_START: &[char] = &[
    '\u{3001}', '\u{FF0C}', '\u{FF1B}', '\u{FF1A}', '\u{3002}', '\u{FF01}',
    '\u{FF1F}', // pause
    '\u{201D}', '\u{2019}', '\u{300D}', '\u{300F}', // closing quotes
    '\u{FF09}', '\u{3015}', '\u{FF3D}', '\u{FF5D}', '\u{3011}', '\u{3017}', '\u{300B}',
    '\u{3009}', // closing brackets
    '\u{FF5E}', '\u{2013}', '\u{2014}', '\u{2026}', // connectors, dash, ellipsis
    '\u{00B7}', '\u{30FB}', // interpuncts
    ',', '.', ';', ':', '!', '?', ')', ']',
];

/// Never at a line end: opening quotes and brackets.
const NO_LINE_END: &[char] = &[
    '\u{201C}', '\u{2018}', '\u{300C}', '\u{300E}', '\u{FF08}', '\u{3014}', '\u{FF3B}', '\u{FF5B}',
    '\u{3010}', '\u{3016}', '\u{300A}', '\u{3008}', '(', '[',
];

/// Never at a line start right after a digit.
const NO_LINE_START_AFTER_DIGIT: &[char] = &['%', '\u{FF05}', '\u{2030}', '\u{2103}'];

const PAUSE_MARKS: &[&str] = &[
    "\u{3001}", "\u{FF0C}", "\u{FF1B}", "\u{FF1A}", "\u{3002}", "\u{FF01}", "\u{FF1F}",
];

const PAIRS: &[(&str, &str)] = &[
    ("\u{201C}", "\u{201D}"),
    ("\u{2018}", "\u{2019}"),
    ("\u{300C}", "\u{300D}"),
    ("\u{300E}", "\u{300F}"),
    ("\u{FF08}", "\u{FF09}"),
    ("\u{3014}", "\u{3015}"),
    ("\u{FF3B}", "\u{FF3D}"),
    ("\u{FF5B}", "\u{FF5D}"),
    ("\u{3010}", "\u{3011}"),
    ("\u{3016}", "\u{3017}"),
    ("\u{300A}", "\u{300B}"),
    ("\u{3008}", "\u{3009}"),
];

const CONNECTORS: &[&str] = &["\u{FF5E}", "\u{2013}", "\u{2014}", "\u{00B7}", "\u{30FB}"];

const COMMON_HAN: &str = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经";

// ---------------------------------------------------------------------------------------------
// The test font and the paragraph generator.

/// Han and full-width marks 1 em, ASCII letters 0.5 em, digits 0.55 em, space 0.25 em,
/// everything else 1 em.
fn advance_em(ch: char) -> f32 {
    if ch == ' ' {
        0.25
    } else if ch.is_ascii_alphabetic() {
        0.5
    } else if ch.is_ascii_digit() {
        0.55
    } else {
        1.0
    }
}

fn han_run() -> impl Strategy<Value = String> {
    let han: Vec<char> = COMMON_HAN.chars().collect();
    prop::collection::vec(select(han), 1..6).prop_map(|chars| chars.into_iter().collect())
}

fn digit_run() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9]{1,6}",
        "[0-9]{1,3}\\.[0-9]{1,2}",
        "[1-9][0-9]{0,2},[0-9]{3}",
        "[0-9]{1,2}:[0-9]{2}",
        "[0-9]{1,3}%",
        "[0-9]{1,3}\u{FF05}",
    ]
}

fn latin_word() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => "[a-zA-Z]{1,10}",
        1 => "[a-z]{12,30}",
        1 => "[a-z]{2,6}-[a-z]{2,6}",
        1 => "[a-z]{1,5}'[a-z]{1,3}",
    ]
}

/// Text that may stand inside quotes or brackets.
fn simple_token() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => han_run(),
        2 => select(PAUSE_MARKS).prop_map(str::to_string),
        1 => digit_run(),
        1 => latin_word(),
    ]
}

fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        10 => han_run(),
        4 => select(PAUSE_MARKS).prop_map(str::to_string),
        3 => (select(PAIRS), prop::collection::vec(simple_token(), 0..4))
            .prop_map(|((open, close), inner)| format!("{open}{}{close}", inner.concat())),
        2 => (select(PAIRS), any::<bool>())
            .prop_map(|((open, close), opening)| if opening { open } else { close }.to_string()),
        1 => Just("\u{2014}\u{2014}".to_string()),
        1 => Just("\u{2026}\u{2026}".to_string()),
        1 => select(CONNECTORS).prop_map(str::to_string),
        3 => digit_run(),
        3 => latin_word(),
        3 => prop_oneof![4 => Just(" "), 1 => Just("  ")].prop_map(str::to_string),
    ]
}

fn paragraph() -> impl Strategy<Value = String> {
    prop::collection::vec(token(), 0..40).prop_map(|tokens| tokens.concat())
}

fn style() -> impl Strategy<Value = ParagraphStyle> {
    let measure_em = prop_oneof![(3u8..=30).prop_map(f32::from), 3.0f32..30.0];
    (
        select(vec![9.0f32, 10.5]),
        measure_em,
        select(vec![0.0f32, 2.0]),
        prop::bool::weighted(0.8),
    )
        .prop_map(|(size_pt, measure_em, indent_em, justify)| ParagraphStyle {
            size_pt,
            measure_pt: measure_em * size_pt,
            first_line_indent_em: indent_em,
            justify,
        })
}

fn set(text: &str, style: &ParagraphStyle) -> Vec<Line> {
    let size_pt = style.size_pt;
    break_paragraph(text, style, &|_index: usize, ch: char| {
        advance_em(ch) * size_pt
    })
}

// ---------------------------------------------------------------------------------------------
// The oracle.

/// Adjacent chars `a` and `a + 1` form one unbreakable unit: an ASCII run (word, number,
/// number with %), a doubled dash or ellipsis, a number with a full-width percent sign, or a
/// word with a curly apostrophe.
fn same_unit(text: &[char], a: usize) -> bool {
    let (left, right) = (text[a], text[a + 1]);
    let letter_at = |i: Option<usize>| {
        i.and_then(|i| text.get(i))
            .is_some_and(char::is_ascii_alphabetic)
    };
    (left.is_ascii_graphic() && right.is_ascii_graphic())
        || (left == right && (left == '\u{2014}' || left == '\u{2026}'))
        || (left.is_ascii_digit() && right == '\u{FF05}')
        || (right == '\u{2019}' && left.is_ascii_alphabetic() && letter_at(Some(a + 2)))
        || (left == '\u{2019}' && right.is_ascii_alphabetic() && letter_at(a.checked_sub(1)))
}

/// A line may not end with `text[a]` and the next start with `text[b]` (spaces between).
fn prohibited(text: &[char], a: usize, b: usize) -> bool {
    NO_LINE_END.contains(&text[a])
        || NO_LINE_START.contains(&text[b])
        || (NO_LINE_START_AFTER_DIGIT.contains(&text[b]) && text[b - 1].is_ascii_digit())
}

/// The non-space chars `a < b`, with only spaces between, must stay on one line.
fn glued(text: &[char], a: usize, b: usize) -> bool {
    (b == a + 1 && same_unit(text, a)) || prohibited(text, a, b)
}

fn previous_non_space(text: &[char], i: usize) -> Option<usize> {
    (0..i).rev().find(|&j| text[j] != ' ')
}

fn next_non_space(text: &[char], i: usize) -> Option<usize> {
    (i + 1..text.len()).find(|&j| text[j] != ' ')
}

/// Natural width (no compression, no gaps) of the run of glued chars around `a | b`.
fn glued_run_width_pt(text: &[char], a: usize, b: usize, size_pt: f32) -> f32 {
    let mut first = a;
    while let Some(p) = previous_non_space(text, first).filter(|&p| glued(text, p, first)) {
        first = p;
    }
    let mut last = b;
    while let Some(n) = next_non_space(text, last).filter(|&n| glued(text, last, n)) {
        last = n;
    }
    text[first..=last]
        .iter()
        .map(|&ch| advance_em(ch) * size_pt)
        .sum()
}

fn is_single_unit(text: &[char], line: &Line) -> bool {
    line.chars
        .windows(2)
        .all(|pair| pair[1].index == pair[0].index + 1 && same_unit(text, pair[0].index))
}

/// Property 1: prohibitions hold and units stay whole, unless the breaker reports a forced
/// break and the chars that had to stay together really were wider than a line.
fn check_prohibitions(text: &str, style: &ParagraphStyle) -> Result<(), TestCaseError> {
    let chars: Vec<char> = text.chars().collect();
    let lines = set(text, style);
    let indent_pt = style.first_line_indent_em * style.size_pt;
    for (k, pair) in lines.windows(2).enumerate() {
        let (Some(end), Some(start)) = (pair[0].chars.last(), pair[1].chars.first()) else {
            return Err(TestCaseError::fail(format!("empty line around break {k}")));
        };
        let (a, b) = (end.index, start.index);
        prop_assert!(
            !(b == a + 1 && same_unit(&chars, a)),
            "unit split after line {k}: {:?} | {:?}",
            chars[a],
            chars[b]
        );
        if prohibited(&chars, a, b) {
            prop_assert!(
                pair[0].forced_break,
                "prohibited break after line {k} (U+{:04X} | U+{:04X}) not reported",
                u32::from(chars[a]),
                u32::from(chars[b])
            );
            let run_pt = glued_run_width_pt(&chars, a, b, style.size_pt);
            prop_assert!(
                run_pt > style.measure_pt - indent_pt - TOLERANCE_PT,
                "forced break after line {k} although its run ({run_pt} pt) fits a line"
            );
        }
    }
    Ok(())
}

/// Property 2: every non-space char appears once, in order; spaces only vanish at line edges.
fn check_chars_kept(text: &str, style: &ParagraphStyle) -> Result<(), TestCaseError> {
    let chars: Vec<char> = text.chars().collect();
    let lines = set(text, style);
    let set_text: String = lines
        .iter()
        .flat_map(|line| line.chars.iter().map(|c| c.ch))
        .filter(|&ch| ch != ' ')
        .collect();
    let expected: String = text.chars().filter(|&ch| ch != ' ').collect();
    prop_assert_eq!(set_text, expected);
    let mut next_index = 0;
    for line in &lines {
        prop_assert!(!line.chars.is_empty(), "empty line");
        let first = line.chars[0].index;
        prop_assert!(first >= next_index, "indices go back");
        prop_assert!(
            chars[next_index..first].iter().all(|&ch| ch == ' '),
            "non-space chars skipped before index {first}"
        );
        for (offset, placed) in line.chars.iter().enumerate() {
            prop_assert_eq!(placed.index, first + offset, "gap inside a line");
            prop_assert_eq!(placed.ch, chars[placed.index]);
        }
        prop_assert!(line.chars[0].ch != ' ', "line starts with a space");
        prop_assert!(
            line.chars[line.chars.len() - 1].ch != ' ',
            "line ends with a space"
        );
        next_index = first + line.chars.len();
    }
    prop_assert!(chars[next_index..].iter().all(|&ch| ch == ' '));
    prop_assert_eq!(
        lines.iter().filter(|line| line.last_of_paragraph).count(),
        usize::from(!lines.is_empty())
    );
    prop_assert!(lines.last().is_none_or(|line| line.last_of_paragraph));
    Ok(())
}

/// Property 3: justified lines fill the measure; only a lone overlong unit may not.
fn check_justified_width(text: &str, style: &ParagraphStyle) -> Result<(), TestCaseError> {
    let chars: Vec<char> = text.chars().collect();
    let lines = set(text, style);
    for (k, line) in lines.iter().enumerate() {
        if !style.justify || line.last_of_paragraph {
            prop_assert!(
                !line.justified,
                "line {k} justified although it should not be"
            );
            continue;
        }
        if !line.justified {
            prop_assert!(
                line.forced_break && is_single_unit(&chars, line),
                "line {k} neither justified nor a lone overlong unit"
            );
            prop_assert!(line.width_pt > style.measure_pt);
            continue;
        }
        let last = line.chars[line.chars.len() - 1];
        let end_pt = last.box_x_pt + last.advance_pt;
        prop_assert!(
            (line.width_pt - style.measure_pt).abs() <= TOLERANCE_PT,
            "line {k} is {} pt wide, measure {}",
            line.width_pt,
            style.measure_pt
        );
        prop_assert!((end_pt - style.measure_pt).abs() <= TOLERANCE_PT);
    }
    Ok(())
}

/// Property 4: boxes do not overlap, start at the indent, and stay inside the measure
/// (except a lone overlong unit).
fn check_positions(text: &str, style: &ParagraphStyle) -> Result<(), TestCaseError> {
    let chars: Vec<char> = text.chars().collect();
    let lines = set(text, style);
    for (k, line) in lines.iter().enumerate() {
        let indent_pt = if k == 0 {
            style.first_line_indent_em * style.size_pt
        } else {
            0.0
        };
        prop_assert!((line.chars[0].box_x_pt - indent_pt).abs() <= TOLERANCE_PT);
        for pair in line.chars.windows(2) {
            let previous_end_pt = pair[0].box_x_pt + pair[0].advance_pt;
            prop_assert!(
                pair[1].box_x_pt >= previous_end_pt - TOLERANCE_PT,
                "line {k}: box of {:?} overlaps the previous one",
                pair[1].ch
            );
        }
        for placed in &line.chars {
            prop_assert!(placed.advance_pt >= 0.0);
            // A glyph is never drawn further left than half an em before its box.
            prop_assert!(placed.x_pt >= placed.box_x_pt - 0.5 * style.size_pt - TOLERANCE_PT);
        }
        let overlong = line.forced_break && is_single_unit(&chars, line);
        if !overlong {
            let last = line.chars[line.chars.len() - 1];
            prop_assert!(
                last.box_x_pt + last.advance_pt <= style.measure_pt + TOLERANCE_PT,
                "line {k} runs past the measure"
            );
            prop_assert!(line.width_pt <= style.measure_pt + TOLERANCE_PT);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn prohibitions_hold_and_units_stay_whole(text in paragraph(), style in style()) {
        check_prohibitions(&text, &style)?;
    }

    #[test]
    fn every_char_appears_once_in_order(text in paragraph(), style in style()) {
        check_chars_kept(&text, &style)?;
    }

    #[test]
    fn justified_lines_fill_the_measure(text in paragraph(), style in style()) {
        check_justified_width(&text, &style)?;
    }

    #[test]
    fn boxes_are_monotone_and_inside_the_measure(text in paragraph(), style in style()) {
        check_positions(&text, &style)?;
    }
}
