//! CJK line breaking after clreq: prohibitions, compression, justification.

// How it works. A paragraph is analysed once into one `CharInfo` per char: its class, natural
// advance, whether it ends an unbreakable unit, whether a break after it is prohibited,
// adjacent-mark compression and the Han-Latin gap to its neighbour. Lines are then chosen
// greedily: each line scans forward once, remembering the legal break that needs the least
// stretching and the one that needs the least squeezing, and takes whichever needs the smaller
// adjustment (squeezing on a tie, as mainland practice prefers pulling a mark in to pushing a
// char down). Finally each line is set: its width is brought to the target by shrinking or
// stretching resources in the order TYPESETTING.md gives. Every char is analysed once and
// scanned at most about twice, so the work is linear in the paragraph length.

/// Natural advances of the chars of a paragraph, as the font and shaper report them.
pub trait Advances {
    /// Natural advance in pt of `ch` at the size of its run; `index` is the position of `ch`
    /// in the paragraph counted in chars, so a caller can vary the style within a paragraph
    /// (e.g. a bold dateline).
    fn advance_pt(&self, index: usize, ch: char) -> f32;
}

/// Any `Fn(index, ch) -> advance_pt` closure can serve as the advances of a paragraph.
impl<F: Fn(usize, char) -> f32> Advances for F {
    fn advance_pt(&self, index: usize, ch: char) -> f32 {
        self(index, ch)
    }
}

/// How a paragraph is set.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ParagraphStyle {
    /// Body size in pt; this is 1 em.
    pub size_pt: f32,
    /// Line length of the column in pt.
    pub measure_pt: f32,
    /// Indent of the first line in em: 2.0 for body text, 0.0 for jump lines and headlines.
    pub first_line_indent_em: f32,
    /// Justify both edges (every line but the last fills the measure exactly); when false,
    /// lines are set flush left at natural width.
    pub justify: bool,
}

/// One char placed on a line. Positions are measured from the line's left edge, so the
/// first-line indent is included.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlacedChar {
    /// Position of the char in the paragraph, counted in chars (not bytes).
    pub index: usize,
    /// The char itself (an ASCII space inside a line is placed too, as a word space).
    pub ch: char,
    /// Left edge of the box the char occupies.
    pub box_x_pt: f32,
    /// Width of that box after compression or stretching.
    pub advance_pt: f32,
    /// Where to draw the glyph origin: `box_x_pt`, or further left for a compressed opening
    /// mark, whose blank left half is cut off (the glyph then starts left of its box).
    pub x_pt: f32,
}

/// One line of a paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The chars of the line, in paragraph order; never starts or ends with a space.
    pub chars: Vec<PlacedChar>,
    /// Set width from the left edge, indent included: where the last char's box ends.
    pub width_pt: f32,
    /// True when the line was brought to exactly the measure.
    pub justified: bool,
    /// True for the last line of the paragraph (set flush left, never stretched).
    pub last_of_paragraph: bool,
    /// True when the rules could not be kept: the line overflows the measure (one
    /// unbreakable unit wider than the measure) or the break after it is prohibited (chars
    /// that must stay together were wider than a whole line). Proofing should report it.
    pub forced_break: bool,
}

/// Breaks one paragraph into lines for a column of `style.measure_pt`.
///
/// Every non-space char of `text` appears exactly once, in order, across the lines; an ASCII
/// space is placed as a word space inside a line and dropped only where it falls at a line
/// start or end (including the paragraph's start and end). Text without non-space chars
/// gives no lines.
pub fn break_paragraph(text: &str, style: &ParagraphStyle, advances: &dyn Advances) -> Vec<Line> {
    let em_pt = style.size_pt;
    let chars = analyse(text, em_pt, advances);
    let mut lines = Vec::new();
    let mut start = skip_spaces(&chars, 0);
    while start < chars.len() {
        let indent_pt = if lines.is_empty() {
            style.first_line_indent_em * em_pt
        } else {
            0.0
        };
        let available_pt = style.measure_pt - indent_pt;
        let choice = choose_break(&chars, start, available_pt, style.justify, em_pt);
        let next_start = skip_spaces(&chars, choice.end);
        let frame = LineFrame {
            start,
            end: choice.end,
            indent_pt,
            last_of_paragraph: next_start >= chars.len(),
            forced_break: choice.forced,
        };
        lines.push(set_line(&chars, &frame, style));
        // `choice.end > start` always holds, so every line consumes at least one char.
        start = next_start;
    }
    lines
}

// ---------------------------------------------------------------------------------------------
// Code points. Chinese punctuation is written as escapes only: editors and tools sometimes
// turn full-width marks into their ASCII look-alikes, which would silently change the rules.

const IDEOGRAPHIC_COMMA: char = '\u{3001}';
const FULLWIDTH_COMMA: char = '\u{FF0C}';
const FULLWIDTH_SEMICOLON: char = '\u{FF1B}';
const FULLWIDTH_COLON: char = '\u{FF1A}';
const IDEOGRAPHIC_FULL_STOP: char = '\u{3002}';
const FULLWIDTH_EXCLAMATION_MARK: char = '\u{FF01}';
const FULLWIDTH_QUESTION_MARK: char = '\u{FF1F}';

const LEFT_DOUBLE_QUOTATION_MARK: char = '\u{201C}';
const RIGHT_DOUBLE_QUOTATION_MARK: char = '\u{201D}';
const LEFT_SINGLE_QUOTATION_MARK: char = '\u{2018}';
const RIGHT_SINGLE_QUOTATION_MARK: char = '\u{2019}';
const LEFT_CORNER_BRACKET: char = '\u{300C}';
const RIGHT_CORNER_BRACKET: char = '\u{300D}';
const LEFT_WHITE_CORNER_BRACKET: char = '\u{300E}';
const RIGHT_WHITE_CORNER_BRACKET: char = '\u{300F}';

const FULLWIDTH_LEFT_PARENTHESIS: char = '\u{FF08}';
const FULLWIDTH_RIGHT_PARENTHESIS: char = '\u{FF09}';
const LEFT_TORTOISE_SHELL_BRACKET: char = '\u{3014}';
const RIGHT_TORTOISE_SHELL_BRACKET: char = '\u{3015}';
const FULLWIDTH_LEFT_SQUARE_BRACKET: char = '\u{FF3B}';
const FULLWIDTH_RIGHT_SQUARE_BRACKET: char = '\u{FF3D}';
const FULLWIDTH_LEFT_CURLY_BRACKET: char = '\u{FF5B}';
const FULLWIDTH_RIGHT_CURLY_BRACKET: char = '\u{FF5D}';
const LEFT_BLACK_LENTICULAR_BRACKET: char = '\u{3010}';
const RIGHT_BLACK_LENTICULAR_BRACKET: char = '\u{3011}';
const LEFT_WHITE_LENTICULAR_BRACKET: char = '\u{3016}';
const RIGHT_WHITE_LENTICULAR_BRACKET: char = '\u{3017}';
const LEFT_DOUBLE_ANGLE_BRACKET: char = '\u{300A}';
const RIGHT_DOUBLE_ANGLE_BRACKET: char = '\u{300B}';
const LEFT_ANGLE_BRACKET: char = '\u{3008}';
const RIGHT_ANGLE_BRACKET: char = '\u{3009}';

const FULLWIDTH_TILDE: char = '\u{FF5E}';
const EN_DASH: char = '\u{2013}';
const EM_DASH: char = '\u{2014}';
const HORIZONTAL_ELLIPSIS: char = '\u{2026}';
const MIDDLE_DOT: char = '\u{00B7}';
const KATAKANA_MIDDLE_DOT: char = '\u{30FB}';

const PERCENT_SIGN: char = '\u{0025}';
const FULLWIDTH_PERCENT_SIGN: char = '\u{FF05}';
const PER_MILLE_SIGN: char = '\u{2030}';
const DEGREE_CELSIUS: char = '\u{2103}';

/// Pause and stop marks: never at a line start; ink in the left half of the em box (mainland
/// fonts), so they compress by losing their right half.
const PAUSE_MARKS: [char; 7] = [
    IDEOGRAPHIC_COMMA,
    FULLWIDTH_COMMA,
    FULLWIDTH_SEMICOLON,
    FULLWIDTH_COLON,
    IDEOGRAPHIC_FULL_STOP,
    FULLWIDTH_EXCLAMATION_MARK,
    FULLWIDTH_QUESTION_MARK,
];

/// The pause marks that may also be squeezed inside a line to make it fit; the colon,
/// exclamation and question marks keep their full width there and only shrink at a line end.
const INLINE_SQUEEZABLE_PAUSE_MARKS: [char; 4] = [
    IDEOGRAPHIC_COMMA,
    FULLWIDTH_COMMA,
    IDEOGRAPHIC_FULL_STOP,
    FULLWIDTH_SEMICOLON,
];

/// Closing quotes: never at a line start; ink in the left half.
const CLOSING_QUOTES: [char; 4] = [
    RIGHT_DOUBLE_QUOTATION_MARK,
    RIGHT_SINGLE_QUOTATION_MARK,
    RIGHT_CORNER_BRACKET,
    RIGHT_WHITE_CORNER_BRACKET,
];

/// Closing brackets: never at a line start; ink in the left half.
const CLOSING_BRACKETS: [char; 8] = [
    FULLWIDTH_RIGHT_PARENTHESIS,
    RIGHT_TORTOISE_SHELL_BRACKET,
    FULLWIDTH_RIGHT_SQUARE_BRACKET,
    FULLWIDTH_RIGHT_CURLY_BRACKET,
    RIGHT_BLACK_LENTICULAR_BRACKET,
    RIGHT_WHITE_LENTICULAR_BRACKET,
    RIGHT_DOUBLE_ANGLE_BRACKET,
    RIGHT_ANGLE_BRACKET,
];

/// Opening quotes: never at a line end; ink in the right half.
const OPENING_QUOTES: [char; 4] = [
    LEFT_DOUBLE_QUOTATION_MARK,
    LEFT_SINGLE_QUOTATION_MARK,
    LEFT_CORNER_BRACKET,
    LEFT_WHITE_CORNER_BRACKET,
];

/// Opening brackets: never at a line end; ink in the right half.
const OPENING_BRACKETS: [char; 8] = [
    FULLWIDTH_LEFT_PARENTHESIS,
    LEFT_TORTOISE_SHELL_BRACKET,
    FULLWIDTH_LEFT_SQUARE_BRACKET,
    FULLWIDTH_LEFT_CURLY_BRACKET,
    LEFT_BLACK_LENTICULAR_BRACKET,
    LEFT_WHITE_LENTICULAR_BRACKET,
    LEFT_DOUBLE_ANGLE_BRACKET,
    LEFT_ANGLE_BRACKET,
];

/// Connectors, the ellipsis and interpuncts: never at a line start, never compressed (their
/// ink is centred or spans the box).
const UNCOMPRESSED_NO_LINE_START: [char; 6] = [
    FULLWIDTH_TILDE,
    EN_DASH,
    EM_DASH,
    HORIZONTAL_ELLIPSIS,
    MIDDLE_DOT,
    KATAKANA_MIDDLE_DOT,
];

/// Marks written doubled; a doubled pair (or longer run) is one unbreakable unit.
const DOUBLED_MARKS: [char; 2] = [EM_DASH, HORIZONTAL_ELLIPSIS];

/// Unit signs that may not start a line when they follow a number.
const NO_LINE_START_AFTER_NUMBER: [char; 4] = [
    PERCENT_SIGN,
    FULLWIDTH_PERCENT_SIGN,
    PER_MILLE_SIGN,
    DEGREE_CELSIUS,
];

/// ASCII punctuation that may not start a line.
const ASCII_NO_LINE_START: [char; 8] = [',', '.', ';', ':', '!', '?', ')', ']'];

/// ASCII punctuation that may not end a line.
const ASCII_NO_LINE_END: [char; 2] = ['(', '['];

// ---------------------------------------------------------------------------------------------
// Metrics. Lengths in em are multiplied by the paragraph's size to get pt.

/// A punctuation mark whose advance reaches this is treated as full width (compressible).
const FULL_WIDTH_MIN_EM: f32 = 0.9;
/// What a compressed full-width mark keeps of its box.
const COMPRESSED_MARK_EM: f32 = 0.5;
/// Natural gap between a Han char and an adjacent Latin letter or digit.
const HAN_LATIN_GAP_EM: f32 = 0.25;
/// How much a Han-Latin gap may grow when a line is stretched.
const HAN_LATIN_GAP_STRETCH_EM: f32 = 0.25;
/// How much a word space may grow before even tracking takes over.
const WORD_SPACE_STRETCH_EM: f32 = 0.25;
/// Fraction of its natural width a word space may give up when a line is squeezed.
const WORD_SPACE_SHRINK_FRACTION: f32 = 0.5;
/// Slack for comparing float widths, far below anything visible.
const EPSILON_PT: f32 = 1e-3;

// ---------------------------------------------------------------------------------------------
// Analysis: one `CharInfo` per char of the paragraph.

/// What kind of thing a char is for breaking and spacing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// ASCII space: a word space, stretchable, dropped at line edges.
    Space,
    /// Han (and kana, hangul): sits on the em grid; a break is allowed on either side.
    Ideograph,
    /// Another wide symbol (full-width forms, circled numbers, emoji): like `Ideograph` but
    /// without the Han-Latin gap.
    Wide,
    /// Proportional text (Latin, digits, Greek, ASCII punctuation); a run is never split.
    Western { alphanumeric: bool },
    /// A punctuation mark from the table above.
    Mark,
}

/// The blank half of a full-width mark's em box: compression removes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Blank {
    /// Not compressible (half-width, centred or spanning glyphs).
    None,
    /// Opening marks: ink on the right, so compression cuts the left half.
    Left,
    /// Closing and pause marks: ink on the left, so compression cuts the right half.
    Right,
}

/// Whether the line may break after a (non-space) char.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BreakAfter {
    /// The next char belongs to the same unbreakable unit.
    Inside,
    /// A break here would start or end a line with a prohibited char.
    Prohibited,
    /// A legal break.
    Allowed,
    /// The last non-space char of the paragraph.
    ParagraphEnd,
}

/// The line-breaking rules of one table mark.
#[derive(Debug, Clone, Copy)]
struct MarkRules {
    blank: Blank,
    no_line_start: bool,
    no_line_end: bool,
    squeezable_inline: bool,
}

/// Everything the breaker knows about one char of the paragraph.
#[derive(Debug, Clone, Copy)]
struct CharInfo {
    ch: char,
    /// Natural advance from the font.
    advance_pt: f32,
    class: Class,
    blank: Blank,
    /// May be squeezed inside a line, not only at its end.
    squeezable_inline: bool,
    no_line_start: bool,
    no_line_end: bool,
    /// Adjacent-mark compression cuts this mark to half an em while the neighbour that causes
    /// it (the next mark for a closing mark, the previous for an opening one) is on its line.
    pair_cut: bool,
    break_after: BreakAfter,
    /// Han-Latin gap between this char and the next, at natural width.
    gap_after_pt: f32,
}

fn analyse(text: &str, em_pt: f32, advances: &dyn Advances) -> Vec<CharInfo> {
    let mut chars: Vec<CharInfo> = text
        .chars()
        .enumerate()
        .map(|(index, ch)| CharInfo::new(ch, advances.advance_pt(index, ch), em_pt))
        .collect();
    link_neighbours(&mut chars, em_pt);
    assign_breaks(&mut chars);
    chars
}

impl CharInfo {
    fn new(ch: char, font_advance_pt: f32, em_pt: f32) -> Self {
        // A broken font or caller must not make widths negative or NaN.
        let advance_pt = if font_advance_pt.is_finite() {
            font_advance_pt.max(0.0)
        } else {
            0.0
        };
        let mut info = CharInfo {
            ch,
            advance_pt,
            class: Class::Wide,
            blank: Blank::None,
            squeezable_inline: false,
            no_line_start: false,
            no_line_end: false,
            pair_cut: false,
            break_after: BreakAfter::Allowed,
            gap_after_pt: 0.0,
        };
        if ch == ' ' {
            info.class = Class::Space;
        } else if ch.is_ascii() {
            info.class = Class::Western {
                alphanumeric: ch.is_ascii_alphanumeric(),
            };
            info.no_line_start = ASCII_NO_LINE_START.contains(&ch);
            info.no_line_end = ASCII_NO_LINE_END.contains(&ch);
        } else if let Some(rules) = mark_rules(ch) {
            info.class = Class::Mark;
            let full_width = advance_pt >= FULL_WIDTH_MIN_EM * em_pt;
            info.blank = if full_width { rules.blank } else { Blank::None };
            info.squeezable_inline = rules.squeezable_inline;
            info.no_line_start = rules.no_line_start;
            info.no_line_end = rules.no_line_end;
        } else {
            info.class = class_of_other(ch, advance_pt, em_pt);
        }
        info
    }

    fn is_western_letter(&self) -> bool {
        matches!(self.class, Class::Western { alphanumeric: true }) && self.ch.is_alphabetic()
    }

    /// What compression can take from this mark: everything beyond half an em.
    fn compressible_pt(&self, em_pt: f32) -> f32 {
        match self.blank {
            Blank::None => 0.0,
            Blank::Left | Blank::Right => (self.advance_pt - COMPRESSED_MARK_EM * em_pt).max(0.0),
        }
    }

    /// Whether the mark is set at half width by default in this position.
    fn is_compressed(&self, role: Role) -> bool {
        match self.blank {
            // An opening mark at a line start loses its blank half (no hanging in mainland
            // practice, so the ink starts flush with the text edge).
            Blank::Left => role.at_line_start || self.pair_cut,
            // At a line end the neighbour that caused the cut is on the next line.
            Blank::Right => self.pair_cut && !role.at_line_end,
            Blank::None => false,
        }
    }

    fn natural_width_pt(&self, role: Role, em_pt: f32) -> f32 {
        if self.is_compressed(role) {
            self.advance_pt - self.compressible_pt(em_pt)
        } else {
            self.advance_pt
        }
    }

    /// How much this char may give up when its line must shrink, and under which priority.
    fn shrink_allowance(&self, role: Role, em_pt: f32) -> Option<(ShrinkKind, f32)> {
        if self.class == Class::Space {
            return Some((
                ShrinkKind::WordSpace,
                self.advance_pt * WORD_SPACE_SHRINK_FRACTION,
            ));
        }
        if self.blank == Blank::None || self.is_compressed(role) {
            return None;
        }
        if role.at_line_end {
            Some((ShrinkKind::LineEndMark, self.compressible_pt(em_pt)))
        } else if self.squeezable_inline {
            Some((ShrinkKind::InlineMark, self.compressible_pt(em_pt)))
        } else {
            None
        }
    }

    fn shrink_allowance_pt(&self, role: Role, em_pt: f32) -> f32 {
        self.shrink_allowance(role, em_pt).map_or(0.0, |(_, pt)| pt)
    }
}

/// The rules of a table mark, or `None` for a char outside the table.
fn mark_rules(ch: char) -> Option<MarkRules> {
    let closing = |squeezable_inline| MarkRules {
        blank: Blank::Right,
        no_line_start: true,
        no_line_end: false,
        squeezable_inline,
    };
    if PAUSE_MARKS.contains(&ch) {
        Some(closing(INLINE_SQUEEZABLE_PAUSE_MARKS.contains(&ch)))
    } else if CLOSING_QUOTES.contains(&ch) || CLOSING_BRACKETS.contains(&ch) {
        Some(closing(true))
    } else if OPENING_QUOTES.contains(&ch) || OPENING_BRACKETS.contains(&ch) {
        Some(MarkRules {
            blank: Blank::Left,
            no_line_start: false,
            no_line_end: true,
            squeezable_inline: true,
        })
    } else if UNCOMPRESSED_NO_LINE_START.contains(&ch) {
        Some(MarkRules {
            blank: Blank::None,
            no_line_start: true,
            no_line_end: false,
            squeezable_inline: false,
        })
    } else {
        None
    }
}

/// Class of a non-ASCII char that is not in the mark table.
fn class_of_other(ch: char, advance_pt: f32, em_pt: f32) -> Class {
    if is_ideograph(ch) {
        Class::Ideograph
    } else if u32::from(ch) < 0x2000 || advance_pt < FULL_WIDTH_MIN_EM * em_pt {
        // Below U+2000 live the alphabetic scripts; above it, a narrow glyph is still
        // proportional text (e.g. arrows or math signs in a Latin font).
        Class::Western {
            alphanumeric: ch.is_alphanumeric(),
        }
    } else {
        Class::Wide
    }
}

fn is_ideograph(ch: char) -> bool {
    matches!(u32::from(ch),
        0x3005 | 0x3007 // iteration mark, ideographic zero
        | 0x3040..=0x30FF // kana
        | 0x3400..=0x4DBF // CJK extension A
        | 0x4E00..=0x9FFF // CJK unified ideographs
        | 0xAC00..=0xD7AF // hangul syllables
        | 0xF900..=0xFAFF // CJK compatibility ideographs
        | 0x20000..=0x3FFFF // CJK extensions B and later
    )
}

fn is_digit(ch: char) -> bool {
    ch.is_ascii_digit() || ('\u{FF10}'..='\u{FF19}').contains(&ch)
}

/// Sets what depends on the previous char: contextual prohibitions, adjacent-mark
/// compression and Han-Latin gaps. Chars separated by a space do not interact.
fn link_neighbours(chars: &mut [CharInfo], em_pt: f32) {
    for i in 1..chars.len() {
        let (prev, cur) = (chars[i - 1], chars[i]);
        if prev.class == Class::Space || cur.class == Class::Space {
            continue;
        }
        if NO_LINE_START_AFTER_NUMBER.contains(&cur.ch) && is_digit(prev.ch) {
            chars[i].no_line_start = true;
        }
        // Two adjacent full-width marks take 1.5 em: a closing mark gives up its blank right
        // half to whatever mark follows; of two opening marks, the second gives up its left.
        if prev.blank == Blank::Right && cur.blank != Blank::None {
            chars[i - 1].pair_cut = true;
        } else if prev.blank == Blank::Left && cur.blank == Blank::Left {
            chars[i].pair_cut = true;
        }
        if needs_han_latin_gap(prev.class, cur.class) {
            chars[i - 1].gap_after_pt = HAN_LATIN_GAP_EM * em_pt;
        }
    }
}

fn needs_han_latin_gap(left: Class, right: Class) -> bool {
    let western = Class::Western { alphanumeric: true };
    (left == Class::Ideograph && right == western) || (left == western && right == Class::Ideograph)
}

/// Decides for every non-space char whether a line may break after it.
fn assign_breaks(chars: &mut [CharInfo]) {
    let mut next_non_space: Option<usize> = None;
    for i in (0..chars.len()).rev() {
        if chars[i].class == Class::Space {
            continue;
        }
        // Across spaces the prohibitions still hold: the space is dropped and the chars on
        // either side become the line's end and the next line's start.
        let break_after = match next_non_space {
            None => BreakAfter::ParagraphEnd,
            Some(next) if next == i + 1 && same_unit(chars, i) => BreakAfter::Inside,
            Some(next) if chars[i].no_line_end || chars[next].no_line_start => {
                BreakAfter::Prohibited
            }
            Some(_) => BreakAfter::Allowed,
        };
        chars[i].break_after = break_after;
        next_non_space = Some(i);
    }
}

/// Whether the adjacent non-space chars `i` and `i + 1` belong to one unbreakable unit: a run
/// of proportional text (a Latin word, a number like 3.5 or 10:30, 35%), a doubled dash or
/// ellipsis, a number with a full-width percent sign, or an apostrophe inside a word.
fn same_unit(chars: &[CharInfo], i: usize) -> bool {
    let (left, right) = (&chars[i], &chars[i + 1]);
    let letter_at = |j: Option<usize>| {
        j.and_then(|j| chars.get(j))
            .is_some_and(CharInfo::is_western_letter)
    };
    if matches!(
        (left.class, right.class),
        (Class::Western { .. }, Class::Western { .. })
    ) {
        return true;
    }
    (left.ch == right.ch && DOUBLED_MARKS.contains(&left.ch))
        || (is_digit(left.ch) && right.ch == FULLWIDTH_PERCENT_SIGN)
        || (right.ch == RIGHT_SINGLE_QUOTATION_MARK
            && left.is_western_letter()
            && letter_at(Some(i + 2)))
        || (left.ch == RIGHT_SINGLE_QUOTATION_MARK
            && right.is_western_letter()
            && letter_at(i.checked_sub(1)))
}

fn skip_spaces(chars: &[CharInfo], from: usize) -> usize {
    chars
        .iter()
        .skip(from)
        .position(|c| c.class != Class::Space)
        .map_or(chars.len(), |offset| from + offset)
}

// ---------------------------------------------------------------------------------------------
// Choosing where a line ends.

/// Where a char sits in its line; compression depends on it.
#[derive(Debug, Clone, Copy)]
struct Role {
    at_line_start: bool,
    at_line_end: bool,
}

impl Role {
    fn of(index: usize, start: usize, end: usize) -> Self {
        Role {
            at_line_start: index == start,
            at_line_end: index + 1 == end,
        }
    }
}

/// Natural and smallest possible width of a candidate line.
#[derive(Debug, Clone, Copy)]
struct Extent {
    natural_pt: f32,
    min_pt: f32,
}

/// Running totals while a line is scanned, with every char counted as interior to the line;
/// the last char's numbers are kept so a candidate can swap in its line-end values.
#[derive(Debug, Default)]
struct LineTally {
    natural_pt: f32,
    shrink_pt: f32,
    last_width_pt: f32,
    last_shrink_pt: f32,
}

impl LineTally {
    fn push(&mut self, chars: &[CharInfo], start: usize, index: usize, em_pt: f32) {
        if index > start {
            // A gap inside the line may shrink away completely.
            let gap_pt = chars[index - 1].gap_after_pt;
            self.natural_pt += gap_pt;
            self.shrink_pt += gap_pt;
        }
        let role = Role {
            at_line_start: index == start,
            at_line_end: false,
        };
        let c = &chars[index];
        self.last_width_pt = c.natural_width_pt(role, em_pt);
        self.last_shrink_pt = c.shrink_allowance_pt(role, em_pt);
        self.natural_pt += self.last_width_pt;
        self.shrink_pt += self.last_shrink_pt;
    }

    /// The extent of the line if it ended with `last`, the char pushed last.
    fn extent_ending_with(&self, last: &CharInfo, at_line_start: bool, em_pt: f32) -> Extent {
        let role = Role {
            at_line_start,
            at_line_end: true,
        };
        let natural_pt = self.natural_pt - self.last_width_pt + last.natural_width_pt(role, em_pt);
        let shrink_pt =
            self.shrink_pt - self.last_shrink_pt + last.shrink_allowance_pt(role, em_pt);
        Extent {
            natural_pt,
            min_pt: natural_pt - shrink_pt,
        }
    }

    /// A lower bound on the minimum width of any longer candidate line. Widths only grow as
    /// chars are added; only a line-end mark (at most about an em) can still be taken back.
    fn lower_bound_pt(&self, em_pt: f32) -> f32 {
        self.natural_pt - self.shrink_pt - em_pt
    }
}

/// A legal line end and how far the line must be adjusted to fill the measure there.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    end: usize,
    adjustment_pt: f32,
}

/// The chosen end of a line (exclusive char index, before any spaces that get dropped).
#[derive(Debug, Clone, Copy)]
struct BreakChoice {
    end: usize,
    forced: bool,
}

/// Chooses the end of the line that starts at the non-space char `start`.
fn choose_break(
    chars: &[CharInfo],
    start: usize,
    available_pt: f32,
    justify: bool,
    em_pt: f32,
) -> BreakChoice {
    let mut tally = LineTally::default();
    let mut least_stretch: Option<Candidate> = None;
    let mut least_squeeze: Option<Candidate> = None;
    let mut last_fitting_unit_end: Option<usize> = None;
    let mut first_unit_end: Option<usize> = None;
    for (index, c) in chars.iter().enumerate().skip(start) {
        tally.push(chars, start, index, em_pt);
        if c.class == Class::Space || c.break_after == BreakAfter::Inside {
            continue;
        }
        let end = index + 1;
        let extent = tally.extent_ending_with(c, index == start, em_pt);
        let fits = extent.min_pt <= available_pt + EPSILON_PT;
        first_unit_end.get_or_insert(end);
        if fits {
            last_fitting_unit_end = Some(end);
        }
        let at_paragraph_end = c.break_after == BreakAfter::ParagraphEnd;
        if c.break_after != BreakAfter::Prohibited {
            if extent.natural_pt <= available_pt + EPSILON_PT {
                // Lines that are not justified (and the last line) keep their natural width,
                // so ending them short costs nothing: they squeeze only when they must.
                let stretch_pt = if at_paragraph_end || !justify {
                    0.0
                } else {
                    (available_pt - extent.natural_pt).max(0.0)
                };
                keep_least(&mut least_stretch, end, stretch_pt, true);
            } else if fits {
                keep_least(
                    &mut least_squeeze,
                    end,
                    extent.natural_pt - available_pt,
                    false,
                );
            }
        }
        if at_paragraph_end || tally.lower_bound_pt(em_pt) > available_pt + EPSILON_PT {
            break;
        }
    }
    match pick_least_adjustment(least_stretch, least_squeeze) {
        Some(end) => BreakChoice { end, forced: false },
        // No legal break fits: chars that must stay together are wider than the line. Split
        // them at the last unit boundary that fits, or let the first unit overflow.
        None => BreakChoice {
            end: last_fitting_unit_end
                .or(first_unit_end)
                .unwrap_or(chars.len()),
            forced: true,
        },
    }
}

/// Remembers the candidate needing the least adjustment; `prefer_later` decides ties (a
/// later end puts more on the line).
fn keep_least(best: &mut Option<Candidate>, end: usize, adjustment_pt: f32, prefer_later: bool) {
    let better = match best {
        None => true,
        Some(current) if prefer_later => adjustment_pt <= current.adjustment_pt,
        Some(current) => adjustment_pt < current.adjustment_pt,
    };
    if better {
        *best = Some(Candidate { end, adjustment_pt });
    }
}

/// Squeezing wins a tie: pulling a mark in by compressing punctuation is the usual mainland
/// choice over pushing a char down and spreading the line.
fn pick_least_adjustment(stretch: Option<Candidate>, squeeze: Option<Candidate>) -> Option<usize> {
    match (stretch, squeeze) {
        (Some(stretch), Some(squeeze)) if squeeze.adjustment_pt <= stretch.adjustment_pt => {
            Some(squeeze.end)
        }
        (Some(stretch), _) => Some(stretch.end),
        (None, squeeze) => squeeze.map(|candidate| candidate.end),
    }
}

// ---------------------------------------------------------------------------------------------
// Setting a chosen line.

/// The resources a line shrinks by, in the order TYPESETTING.md gives: line-end punctuation,
/// then word spaces, then the Han-Latin gap, then pause marks and brackets inside the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ShrinkKind {
    LineEndMark = 0,
    WordSpace = 1,
    HanLatinGap = 2,
    InlineMark = 3,
}

const SHRINK_ORDER: [ShrinkKind; 4] = [
    ShrinkKind::LineEndMark,
    ShrinkKind::WordSpace,
    ShrinkKind::HanLatinGap,
    ShrinkKind::InlineMark,
];

/// A chosen line: chars `start..end` and how it sits in the paragraph.
#[derive(Debug, Clone, Copy)]
struct LineFrame {
    start: usize,
    end: usize,
    indent_pt: f32,
    last_of_paragraph: bool,
    forced_break: bool,
}

/// What a chosen line has to give and take.
#[derive(Debug, Default)]
struct LineBudget {
    natural_pt: f32,
    shrink_pt: [f32; SHRINK_ORDER.len()],
    word_spaces: usize,
    han_latin_gaps: usize,
    /// Boundaries between units inside the line: where even tracking goes.
    unit_boundaries: usize,
    char_count: usize,
}

impl LineBudget {
    fn of(chars: &[CharInfo], start: usize, end: usize, em_pt: f32) -> Self {
        let mut budget = LineBudget {
            char_count: end - start,
            ..LineBudget::default()
        };
        for (offset, c) in chars[start..end].iter().enumerate() {
            let index = start + offset;
            let role = Role::of(index, start, end);
            budget.natural_pt += c.natural_width_pt(role, em_pt);
            if let Some((kind, pt)) = c.shrink_allowance(role, em_pt) {
                budget.shrink_pt[kind as usize] += pt;
            }
            if c.class == Class::Space {
                budget.word_spaces += 1;
            }
            if role.at_line_end {
                continue;
            }
            if c.gap_after_pt > 0.0 {
                budget.natural_pt += c.gap_after_pt;
                budget.shrink_pt[ShrinkKind::HanLatinGap as usize] += c.gap_after_pt;
                budget.han_latin_gaps += 1;
            }
            if c.break_after != BreakAfter::Inside {
                budget.unit_boundaries += 1;
            }
        }
        budget
    }

    fn min_pt(&self) -> f32 {
        self.natural_pt - self.shrink_pt.iter().sum::<f32>()
    }
}

/// Where the last resort of stretching, even tracking, goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tracking {
    /// Between the units of the line (never inside a word or number).
    BetweenUnits,
    /// The line is one unit: letter-space it.
    BetweenChars,
    /// The line is one char: widen its box.
    LoneChar,
}

/// How each resource of a line is adjusted.
#[derive(Debug)]
struct Adjustment {
    /// Fraction of each shrink resource used, by `ShrinkKind`.
    shrink_fraction: [f32; SHRINK_ORDER.len()],
    word_space_stretch_pt: f32,
    gap_stretch_pt: f32,
    tracking_pt: f32,
    tracking: Tracking,
}

impl Adjustment {
    /// Plans a change of the line's width by `change_pt` (negative: shrink).
    fn plan(budget: &LineBudget, change_pt: f32, em_pt: f32) -> Self {
        let mut adjustment = Adjustment {
            shrink_fraction: [0.0; SHRINK_ORDER.len()],
            word_space_stretch_pt: 0.0,
            gap_stretch_pt: 0.0,
            tracking_pt: 0.0,
            tracking: Tracking::BetweenUnits,
        };
        if change_pt < 0.0 {
            adjustment.plan_shrink(budget, -change_pt);
        } else if change_pt > 0.0 {
            adjustment.plan_stretch(budget, change_pt, em_pt);
        }
        adjustment
    }

    fn plan_shrink(&mut self, budget: &LineBudget, shrink_pt: f32) {
        let mut rest_pt = shrink_pt;
        for kind in SHRINK_ORDER {
            let available_pt = budget.shrink_pt[kind as usize];
            if rest_pt <= 0.0 || available_pt <= 0.0 {
                continue;
            }
            let taken_pt = rest_pt.min(available_pt);
            self.shrink_fraction[kind as usize] = taken_pt / available_pt;
            rest_pt -= taken_pt;
        }
    }

    fn plan_stretch(&mut self, budget: &LineBudget, stretch_pt: f32, em_pt: f32) {
        let (each_pt, rest_pt) = spread_capped(
            stretch_pt,
            budget.word_spaces,
            WORD_SPACE_STRETCH_EM * em_pt,
        );
        self.word_space_stretch_pt = each_pt;
        let (each_pt, rest_pt) = spread_capped(
            rest_pt,
            budget.han_latin_gaps,
            HAN_LATIN_GAP_STRETCH_EM * em_pt,
        );
        self.gap_stretch_pt = each_pt;
        if rest_pt <= 0.0 {
            return;
        }
        let (tracking, slots) = if budget.unit_boundaries > 0 {
            (Tracking::BetweenUnits, budget.unit_boundaries)
        } else if budget.char_count > 1 {
            (Tracking::BetweenChars, budget.char_count - 1)
        } else {
            (Tracking::LoneChar, 1)
        };
        self.tracking = tracking;
        self.tracking_pt = rest_pt / slots as f32;
    }

    /// Extra space after a char that is not the last of its line.
    fn tracking_after_pt(&self, c: &CharInfo) -> f32 {
        let inside_unit = c.break_after == BreakAfter::Inside;
        match self.tracking {
            Tracking::BetweenUnits if !inside_unit => self.tracking_pt,
            Tracking::BetweenChars => self.tracking_pt,
            _ => 0.0,
        }
    }
}

/// Spreads `total_pt` evenly over `count` slots that take at most `max_each_pt` each;
/// returns the amount per slot and what is left over.
fn spread_capped(total_pt: f32, count: usize, max_each_pt: f32) -> (f32, f32) {
    if count == 0 || total_pt <= 0.0 {
        return (0.0, total_pt);
    }
    let each_pt = (total_pt / count as f32).min(max_each_pt);
    (each_pt, (total_pt - each_pt * count as f32).max(0.0))
}

fn set_line(chars: &[CharInfo], frame: &LineFrame, style: &ParagraphStyle) -> Line {
    let em_pt = style.size_pt;
    let available_pt = style.measure_pt - frame.indent_pt;
    let budget = LineBudget::of(chars, frame.start, frame.end, em_pt);
    let overflows = budget.min_pt() > available_pt + EPSILON_PT;
    let justified = style.justify && !frame.last_of_paragraph && !overflows;
    // Unjustified and last lines keep their natural width, but never exceed the measure.
    let target_pt = if justified {
        available_pt
    } else {
        budget.natural_pt.min(available_pt)
    };
    let adjustment = Adjustment::plan(&budget, target_pt - budget.natural_pt, em_pt);
    let (placed, end_x_pt) = place_chars(chars, frame, &adjustment, em_pt);
    Line {
        chars: placed,
        width_pt: end_x_pt,
        justified,
        last_of_paragraph: frame.last_of_paragraph,
        forced_break: frame.forced_break || overflows,
    }
}

/// Places the chars of a line; returns them and where the last box ends.
fn place_chars(
    chars: &[CharInfo],
    frame: &LineFrame,
    adjustment: &Adjustment,
    em_pt: f32,
) -> (Vec<PlacedChar>, f32) {
    let (start, end) = (frame.start, frame.end);
    let mut placed = Vec::with_capacity(end - start);
    let mut cursor_pt = frame.indent_pt;
    for (offset, c) in chars[start..end].iter().enumerate() {
        let index = start + offset;
        let role = Role::of(index, start, end);
        let natural_pt = c.natural_width_pt(role, em_pt);
        let shrink_pt = c.shrink_allowance(role, em_pt).map_or(0.0, |(kind, pt)| {
            pt * adjustment.shrink_fraction[kind as usize]
        });
        let stretch_pt = match (c.class, adjustment.tracking) {
            (Class::Space, _) => adjustment.word_space_stretch_pt,
            (_, Tracking::LoneChar) => adjustment.tracking_pt,
            _ => 0.0,
        };
        let advance_pt = natural_pt - shrink_pt + stretch_pt;
        // An opening mark loses its blank left half: the glyph is drawn that much further
        // left so its ink stays where it was relative to the following text.
        let cut_left_pt = match c.blank {
            Blank::Left => c.advance_pt - natural_pt + shrink_pt,
            Blank::Right | Blank::None => 0.0,
        };
        placed.push(PlacedChar {
            index,
            ch: c.ch,
            box_x_pt: cursor_pt,
            advance_pt,
            x_pt: cursor_pt - cut_left_pt,
        });
        cursor_pt += advance_pt;
        if !role.at_line_end {
            cursor_pt += gap_width_pt(c, adjustment) + adjustment.tracking_after_pt(c);
        }
    }
    (placed, cursor_pt)
}

/// The Han-Latin gap after `c` as adjusted for its line.
fn gap_width_pt(c: &CharInfo, adjustment: &Adjustment) -> f32 {
    if c.gap_after_pt <= 0.0 {
        return 0.0;
    }
    let shrink_pt = c.gap_after_pt * adjustment.shrink_fraction[ShrinkKind::HanLatinGap as usize];
    c.gap_after_pt - shrink_pt + adjustment.gap_stretch_pt
}

// ---------------------------------------------------------------------------------------------
// Breaks chosen by the caller: the headline breaker picks its breaks among words and phrases,
// then sets each line by the same rules as `break_paragraph`.

/// Natural and smallest possible width of a line (after every allowed squeeze).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LineExtent {
    /// Width at natural spacing, line-end compression included.
    pub natural_pt: f32,
    /// Width after every squeeze the rules allow.
    pub min_pt: f32,
}

/// A paragraph analysed once, for a caller that chooses its own line breaks.
#[derive(Debug, Clone)]
pub struct PreparedParagraph {
    chars: Vec<CharInfo>,
    style: ParagraphStyle,
}

impl PreparedParagraph {
    /// Analyses `text` as `break_paragraph` would.
    pub fn new(text: &str, style: &ParagraphStyle, advances: &dyn Advances) -> Self {
        PreparedParagraph {
            chars: analyse(text, style.size_pt, advances),
            style: *style,
        }
    }

    /// The number of chars.
    pub fn len(&self) -> usize {
        self.chars.len()
    }

    /// Whether the paragraph has no chars.
    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    /// Whether a line may end after char `index`: false for a space, inside an unbreakable
    /// unit and where clreq prohibits it; true after the last non-space char.
    pub fn may_break_after(&self, index: usize) -> bool {
        self.chars.get(index).is_some_and(|c| {
            c.class != Class::Space
                && matches!(
                    c.break_after,
                    BreakAfter::Allowed | BreakAfter::ParagraphEnd
                )
        })
    }

    /// The first non-space char at or after `from` (`len()` when there is none).
    pub fn skip_spaces(&self, from: usize) -> usize {
        skip_spaces(&self.chars, from)
    }

    /// The extent of the line of chars `start..end`; `start` is a non-space char and `end`
    /// follows one.
    pub fn extent(&self, start: usize, end: usize) -> LineExtent {
        let end = end.min(self.chars.len());
        let budget = LineBudget::of(&self.chars, start.min(end), end, self.style.size_pt);
        LineExtent {
            natural_pt: budget.natural_pt,
            min_pt: budget.min_pt(),
        }
    }

    /// Sets chars `start..end` as one line, as `break_paragraph` sets its lines; spaces at
    /// either edge are dropped.
    pub fn set_line(&self, start: usize, end: usize) -> Line {
        let end = end.min(self.chars.len());
        let start = self.skip_spaces(start).min(end);
        let end = self.chars[start..end]
            .iter()
            .rposition(|c| c.class != Class::Space)
            .map_or(start, |last| start + last + 1);
        let frame = LineFrame {
            start,
            end,
            indent_pt: if start == self.skip_spaces(0) {
                self.style.first_line_indent_em * self.style.size_pt
            } else {
                0.0
            },
            last_of_paragraph: self.skip_spaces(end) >= self.chars.len(),
            forced_break: !self.may_break_after(end.saturating_sub(1)),
        };
        set_line(&self.chars, &frame, &self.style)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIZE_PT: f32 = 10.0;
    const HAN: &str = "\u{4E2D}"; // 中, written as an escape like the marks for uniformity

    /// The font of the tests: Han and full-width marks 1 em, ASCII letters 0.5 em, digits
    /// 0.55 em, the space 0.25 em, everything else 1 em.
    fn test_advance_pt(_index: usize, ch: char) -> f32 {
        let em = if ch == ' ' {
            0.25
        } else if ch.is_ascii_alphabetic() {
            0.5
        } else if ch.is_ascii_digit() {
            0.55
        } else {
            1.0
        };
        em * SIZE_PT
    }

    fn style(measure_em: f32, indent_em: f32, justify: bool) -> ParagraphStyle {
        ParagraphStyle {
            size_pt: SIZE_PT,
            measure_pt: measure_em * SIZE_PT,
            first_line_indent_em: indent_em,
            justify,
        }
    }

    fn set(text: &str, measure_em: f32, indent_em: f32, justify: bool) -> Vec<Line> {
        break_paragraph(
            text,
            &style(measure_em, indent_em, justify),
            &test_advance_pt,
        )
    }

    fn texts(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|line| line.chars.iter().map(|c| c.ch).collect())
            .collect()
    }

    fn han(count: usize) -> String {
        HAN.repeat(count)
    }

    fn first_char(line: &Line) -> char {
        line.chars.first().map_or(' ', |c| c.ch)
    }

    fn last_char(line: &Line) -> char {
        line.chars.last().map_or(' ', |c| c.ch)
    }

    fn assert_close(actual: f32, expected: f32) {
        assert!(
            (actual - expected).abs() < 0.01,
            "expected {expected}, got {actual}"
        );
    }

    /// Every non-space char of `text` appears once, in order.
    fn assert_all_chars_kept(text: &str, lines: &[Line]) {
        let expected: String = text.chars().filter(|&c| c != ' ').collect();
        let actual: String = texts(lines)
            .concat()
            .chars()
            .filter(|&c| c != ' ')
            .collect();
        assert_eq!(actual, expected);
    }

    fn assert_no_line_starts_with(lines: &[Line], ch: char) {
        for line in &lines[1..] {
            assert_ne!(first_char(line), ch, "line starts with U+{:04X}", ch as u32);
        }
    }

    fn assert_no_line_ends_with(lines: &[Line], ch: char) {
        for line in lines {
            assert_ne!(last_char(line), ch, "line ends with U+{:04X}", ch as u32);
        }
    }

    #[test]
    fn table_holds_expected_code_points() {
        let code_points = |set: &[char]| set.iter().map(|&c| u32::from(c)).collect::<Vec<_>>();
        assert_eq!(
            code_points(&PAUSE_MARKS),
            [0x3001, 0xFF0C, 0xFF1B, 0xFF1A, 0x3002, 0xFF01, 0xFF1F]
        );
        assert_eq!(
            code_points(&INLINE_SQUEEZABLE_PAUSE_MARKS),
            [0x3001, 0xFF0C, 0x3002, 0xFF1B]
        );
        assert_eq!(
            code_points(&CLOSING_QUOTES),
            [0x201D, 0x2019, 0x300D, 0x300F]
        );
        assert_eq!(
            code_points(&CLOSING_BRACKETS),
            [
                0xFF09, 0x3015, 0xFF3D, 0xFF5D, 0x3011, 0x3017, 0x300B, 0x3009
            ]
        );
        assert_eq!(
            code_points(&OPENING_QUOTES),
            [0x201C, 0x2018, 0x300C, 0x300E]
        );
        assert_eq!(
            code_points(&OPENING_BRACKETS),
            [
                0xFF08, 0x3014, 0xFF3B, 0xFF5B, 0x3010, 0x3016, 0x300A, 0x3008
            ]
        );
        assert_eq!(
            code_points(&UNCOMPRESSED_NO_LINE_START),
            [0xFF5E, 0x2013, 0x2014, 0x2026, 0x00B7, 0x30FB]
        );
        assert_eq!(code_points(&DOUBLED_MARKS), [0x2014, 0x2026]);
        assert_eq!(
            code_points(&NO_LINE_START_AFTER_NUMBER),
            [0x0025, 0xFF05, 0x2030, 0x2103]
        );
        assert_eq!(
            code_points(&ASCII_NO_LINE_START),
            [0x2C, 0x2E, 0x3B, 0x3A, 0x21, 0x3F, 0x29, 0x5D]
        );
        assert_eq!(code_points(&ASCII_NO_LINE_END), [0x28, 0x5B]);
    }

    #[test]
    fn full_stop_never_starts_a_line() {
        // U+3002 would fall at the start of line 2; nothing can be squeezed, so a Han char is
        // pushed down with it and line 1 is spread.
        let text = format!("{}\u{3002}{}", han(4), han(3));
        let lines = set(&text, 4.0, 0.0, true);
        assert_no_line_starts_with(&lines, '\u{3002}');
        assert_eq!(lines[0].chars.len(), 3);
        assert_close(lines[0].width_pt, 40.0);
        assert_all_chars_kept(&text, &lines);
    }

    #[test]
    fn comma_never_starts_a_line() {
        // U+FF0C
        let text = format!("{}\u{FF0C}{}", han(4), han(5));
        let lines = set(&text, 4.0, 0.0, true);
        assert_no_line_starts_with(&lines, '\u{FF0C}');
        assert_all_chars_kept(&text, &lines);
    }

    #[test]
    fn closing_quote_never_starts_a_line() {
        // U+201C ... U+201D, with the closing quote where line 2 would start
        let text = format!("{}\u{201C}{}\u{201D}{}", HAN, han(2), han(3));
        let lines = set(&text, 4.0, 0.0, true);
        assert_no_line_starts_with(&lines, '\u{201D}');
        assert_all_chars_kept(&text, &lines);
    }

    #[test]
    fn closing_brackets_never_start_a_line() {
        // U+FF09 fullwidth right parenthesis, U+300B right double angle bracket
        for closing in ['\u{FF09}', '\u{300B}'] {
            let text = format!("{}{closing}{}", han(4), han(3));
            let lines = set(&text, 4.0, 0.0, true);
            assert_no_line_starts_with(&lines, closing);
            assert_all_chars_kept(&text, &lines);
        }
    }

    #[test]
    fn opening_marks_never_end_a_line() {
        // U+201C left double quote, U+FF08 fullwidth left parenthesis, U+300A left double
        // angle bracket, each where line 1 would end
        for opening in ['\u{201C}', '\u{FF08}', '\u{300A}'] {
            let text = format!("{}{opening}{}", han(3), han(4));
            let lines = set(&text, 4.0, 0.0, true);
            assert_no_line_ends_with(&lines, opening);
            assert_eq!(first_char(&lines[1]), opening);
            assert_all_chars_kept(&text, &lines);
        }
    }

    #[test]
    fn doubled_dash_is_never_split_and_never_starts_a_line() {
        // U+2014 U+2014 straddling the end of line 1
        let text = format!("{}\u{2014}\u{2014}{}", han(3), han(3));
        let lines = set(&text, 4.0, 0.0, true);
        let joined = texts(&lines);
        assert!(joined.iter().any(|line| line.contains("\u{2014}\u{2014}")));
        assert_no_line_starts_with(&lines, '\u{2014}');
        assert_all_chars_kept(&text, &lines);
    }

    #[test]
    fn doubled_dash_may_start_a_paragraph() {
        let text = format!("\u{2014}\u{2014}{}", han(3));
        let lines = set(&text, 6.0, 0.0, true);
        assert_eq!(texts(&lines), [text]);
    }

    #[test]
    fn doubled_ellipsis_is_never_split_and_never_starts_a_line() {
        // U+2026 U+2026
        let text = format!("{}\u{2026}\u{2026}{}", han(3), han(3));
        let lines = set(&text, 4.0, 0.0, true);
        assert!(
            texts(&lines)
                .iter()
                .any(|line| line.contains("\u{2026}\u{2026}"))
        );
        assert_no_line_starts_with(&lines, '\u{2026}');
    }

    #[test]
    fn digit_runs_are_never_split() {
        // U+FF05 is the full-width percent sign.
        for number in [
            "2022",
            "3.5",
            "1,200",
            "10:30",
            "35%",
            "35\u{FF05}",
            "25\u{2103}",
        ] {
            let text = format!("{}{number}{}", han(3), han(2));
            let lines = set(&text, 4.0, 0.0, true);
            assert!(
                texts(&lines).iter().any(|line| line.contains(number)),
                "{number} split: {:?}",
                texts(&lines)
            );
            assert_all_chars_kept(&text, &lines);
        }
    }

    #[test]
    fn latin_words_are_never_split() {
        for word in ["newspaper", "well-known", "don't", "don\u{2019}t"] {
            let text = format!("{}{word}{}", han(3), han(2));
            let lines = set(&text, 8.0, 0.0, true);
            assert!(
                texts(&lines).iter().any(|line| line.contains(word)),
                "{word} split: {:?}",
                texts(&lines)
            );
        }
    }

    #[test]
    fn full_stop_before_closing_quote_takes_half_an_em() {
        // U+3002 U+201D: the full stop loses its right half, the quote keeps its box.
        let text = format!("{HAN}\u{3002}\u{201D}{HAN}");
        let lines = set(&text, 10.0, 0.0, false);
        let chars = &lines[0].chars;
        assert_close(chars[1].advance_pt, 5.0);
        assert_close(chars[1].x_pt, 10.0);
        assert_close(chars[2].box_x_pt, 15.0);
        assert_close(chars[2].advance_pt, 10.0);
        assert_close(lines[0].width_pt, 35.0);
    }

    #[test]
    fn comma_before_opening_quote_takes_half_an_em() {
        // U+FF0C U+201C: the pair takes 1.5 em; the opening quote keeps its glyph whole.
        let text = format!("{HAN}\u{FF0C}\u{201C}{HAN}");
        let lines = set(&text, 10.0, 0.0, false);
        let chars = &lines[0].chars;
        assert_close(chars[1].advance_pt, 5.0);
        assert_close(chars[2].box_x_pt, 15.0);
        assert_close(chars[2].x_pt, 15.0);
        assert_close(chars[2].advance_pt, 10.0);
    }

    #[test]
    fn two_opening_marks_take_one_and_a_half_em() {
        // U+201C U+300A: the second opening mark loses its left half.
        let text = format!("{HAN}\u{201C}\u{300A}{HAN}");
        let lines = set(&text, 10.0, 0.0, false);
        let chars = &lines[0].chars;
        assert_close(chars[1].advance_pt, 10.0);
        assert_close(chars[2].box_x_pt, 20.0);
        assert_close(chars[2].advance_pt, 5.0);
        assert_close(chars[2].x_pt, 15.0);
    }

    #[test]
    fn opening_bracket_at_line_start_loses_half_an_em() {
        // U+FF08 ... U+FF09 starting line 2
        let text = format!("{}\u{FF08}{}\u{FF09}", han(4), han(2));
        let lines = set(&text, 4.0, 0.0, true);
        let bracket = lines[1].chars[0];
        assert_eq!(bracket.ch, '\u{FF08}');
        assert_close(bracket.box_x_pt, 0.0);
        assert_close(bracket.advance_pt, 5.0);
        assert_close(bracket.x_pt, -5.0);
        assert_close(lines[1].chars[1].box_x_pt, 5.0);
    }

    #[test]
    fn han_next_to_latin_gets_a_quarter_em_gap() {
        let text = format!("{HAN}GDP{HAN}");
        let lines = set(&text, 20.0, 0.0, false);
        let chars = &lines[0].chars;
        assert_close(chars[1].box_x_pt, 12.5);
        assert_close(chars[4].box_x_pt, 12.5 + 15.0 + 2.5);
        assert_close(lines[0].width_pt, 40.0);
    }

    #[test]
    fn first_line_is_indented_two_em() {
        let lines = set(&han(6), 4.0, 2.0, true);
        assert_eq!(texts(&lines), [han(2), han(4)]);
        assert_close(lines[0].chars[0].box_x_pt, 20.0);
        assert_close(lines[1].chars[0].box_x_pt, 0.0);
    }

    #[test]
    fn last_line_is_flush_left_at_natural_width() {
        let lines = set(&han(7), 4.0, 0.0, true);
        let last = &lines[1];
        assert!(last.last_of_paragraph && !last.justified);
        assert_close(last.width_pt, 30.0);
        assert_close(last.chars[2].box_x_pt, 20.0);
    }

    #[test]
    fn justified_lines_fill_the_measure_exactly() {
        let text = format!(
            "{}GDP{}2022{}\u{FF0C}the quick brown fox{}\u{3002}",
            han(3),
            han(5),
            han(4),
            han(6)
        );
        let lines = set(&text, 7.3, 2.0, true);
        assert!(lines.len() > 2);
        for line in &lines[..lines.len() - 1] {
            assert!(line.justified);
            assert_close(line.width_pt, 73.0);
            let last = line.chars[line.chars.len() - 1];
            assert_close(last.box_x_pt + last.advance_pt, 73.0);
        }
        assert_all_chars_kept(&text, &lines);
    }

    #[test]
    fn full_stop_is_squeezed_onto_the_line_when_possible() {
        // Line 1 would be 5 em; the comma (U+FF0C) inside and the full stop (U+3002) at the
        // end each give half an em, which is no more than pushing a char down would spread.
        let text = format!("{}\u{FF0C}{HAN}\u{3002}{}", han(2), han(3));
        let lines = set(&text, 4.0, 0.0, true);
        assert_eq!(lines[0].chars.len(), 5);
        assert_close(lines[0].chars[2].advance_pt, 5.0);
        assert_close(lines[0].chars[4].advance_pt, 5.0);
        assert_close(lines[0].width_pt, 40.0);
    }

    #[test]
    fn overlong_word_overflows_alone() {
        let text = format!("{HAN} supercalifragilistic {HAN}");
        let lines = set(&text, 5.0, 0.0, true);
        let word_line = lines
            .iter()
            .find(|line| first_char(line) == 's')
            .expect("the word has a line");
        assert_eq!(word_line.chars.len(), "supercalifragilistic".len());
        assert!(word_line.forced_break && !word_line.justified);
        assert!(word_line.width_pt > 50.0);
        assert_all_chars_kept(&text, &lines);
    }

    #[test]
    fn spaces_are_dropped_at_line_edges_and_kept_inside() {
        let lines = set("  ab cd ef  ", 2.5, 0.0, false);
        assert_eq!(texts(&lines), ["ab cd", "ef"]);
        assert_close(lines[0].chars[3].box_x_pt, 12.5);
    }

    #[test]
    fn word_spaces_stretch_before_tracking() {
        let lines = set("aaaa bbbb cccc", 4.5, 0.0, true);
        assert_eq!(texts(&lines)[0], "aaaa bbbb");
        let chars = &lines[0].chars;
        assert_close(chars[4].advance_pt, 5.0);
        assert_close(chars[5].box_x_pt, 25.0);
        assert_close(chars[1].box_x_pt, 5.0);
    }

    #[test]
    fn empty_text_gives_no_lines() {
        assert!(set("", 10.0, 2.0, true).is_empty());
        assert!(set("   ", 10.0, 2.0, true).is_empty());
    }

    #[test]
    fn tiny_measure_sets_one_unit_per_line() {
        // U+FF0C and U+3002 cannot start a line, but nothing else fits half an em.
        let text = format!("{HAN}\u{FF0C}{HAN}\u{3002}ab");
        let lines = set(&text, 0.5, 0.0, true);
        assert_eq!(texts(&lines), [HAN, "\u{FF0C}", HAN, "\u{3002}", "ab"]);
        // The marks squeeze to half an em and fit; the Han chars had to leave them behind.
        assert!(lines[0].forced_break && lines[2].forced_break && lines[4].forced_break);
        assert_close(lines[1].width_pt, 5.0);
        assert_all_chars_kept(&text, &lines);
    }

    #[test]
    fn unjustified_lines_keep_natural_width() {
        let text = format!("{}\u{FF0C}{}", han(2), han(6));
        let lines = set(&text, 4.5, 0.0, false);
        assert!(lines.iter().all(|line| !line.justified));
        assert_close(lines[0].width_pt, 40.0);
    }
}
