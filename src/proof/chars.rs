//! Character classes the text rules share: Han, full-width punctuation, spaces, numerals.

/// Whether `c` is a Han character (CJK unified ideographs and extensions, compatibility
/// ideographs, and 〇 U+3007, which is written as a numeral among Han characters).
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3007 | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// Whether `c` is full-width (Chinese) punctuation: CJK symbols, full-width forms, and the
/// curly quotes, dash and ellipsis that Chinese text shares with Western fonts.
pub fn is_fullwidth_punct(c: char) -> bool {
    match c as u32 {
        0x3001..=0x3006 | 0x3008..=0x303F => true,
        0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65 => true,
        // “ ” ‘ ’ — …
        0x201C | 0x201D | 0x2018 | 0x2019 | 0x2014 | 0x2026 => true,
        _ => false,
    }
}

/// Han or full-width punctuation: the characters that make text Chinese.
pub fn is_chinese(c: char) -> bool {
    is_han(c) || is_fullwidth_punct(c)
}

/// The spaces pasted copy carries: ASCII, ideographic U+3000, no-break U+00A0, tab.
pub fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\u{3000}' | '\u{00A0}' | '\t')
}

/// The half-width marks that have a full-width twin in Chinese text, with the twin.
pub fn fullwidth_twin(c: char) -> Option<char> {
    Some(match c {
        ',' => '\u{FF0C}',
        '(' => '\u{FF08}',
        ')' => '\u{FF09}',
        ':' => '\u{FF1A}',
        ';' => '\u{FF1B}',
        '?' => '\u{FF1F}',
        '!' => '\u{FF01}',
        _ => return None,
    })
}

/// The value of a Chinese digit character (〇 and 零 are 0).
pub fn chinese_digit(c: char) -> Option<u32> {
    Some(match c {
        '\u{3007}' | '零' => 0,
        '一' => 1,
        '二' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// 十 (ten), which Chinese numerals below a hundred use as a place marker.
pub const TEN: char = '十';

/// Whether `c` can be part of a Chinese numeral below a hundred (digits and 十).
pub fn is_chinese_numeral_char(c: char) -> bool {
    c == TEN || chinese_digit(c).is_some()
}

/// The value of a Chinese numeral written with 十 as place marker (一, 十, 十二, 二十四),
/// below a hundred; `None` for anything else.
pub fn parse_chinese_small(text: &[char]) -> Option<u32> {
    match text {
        [t] if *t == TEN => Some(10),
        [d] => chinese_digit(*d),
        [t, d] if *t == TEN => Some(10 + chinese_digit(*d)?),
        [d, t] if *t == TEN => Some(chinese_digit(*d)? * 10),
        [d, t, u] if *t == TEN => Some(chinese_digit(*d)? * 10 + chinese_digit(*u)?),
        _ => None,
    }
}

/// A number below a thousand in Chinese numerals as session numbers are written
/// (GB/T 15835-2011 §4.3): 9 -> 九, 10 -> 十, 12 -> 十二, 24 -> 二十四, 105 -> 一百零五.
pub fn chinese_numeral(n: u32) -> String {
    const DIGITS: [char; 10] = [
        '\u{3007}', '一', '二', '三', '四', '五', '六', '七', '八', '九',
    ];
    const HUNDRED: char = '百';
    const ZERO: char = '零';
    let mut out = String::new();
    let (hundreds, tens, units) = (n / 100, (n / 10) % 10, n % 10);
    if n >= 1000 {
        return n.to_string();
    }
    if hundreds > 0 {
        out.push(DIGITS[hundreds as usize]);
        out.push(HUNDRED);
    }
    if tens > 0 {
        if tens > 1 || hundreds > 0 {
            out.push(DIGITS[tens as usize]);
        }
        out.push(TEN);
    } else if hundreds > 0 && units > 0 {
        out.push(ZERO);
    }
    if units > 0 || n == 0 {
        out.push(DIGITS[units as usize]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals_round_trip() {
        // 九 U+4E5D, 十 U+5341, 二十四 U+4E8C U+5341 U+56DB
        assert_eq!(chinese_numeral(9), "\u{4E5D}");
        assert_eq!(chinese_numeral(10), "\u{5341}");
        assert_eq!(chinese_numeral(24), "\u{4E8C}\u{5341}\u{56DB}");
        assert_eq!(chinese_numeral(105), "\u{4E00}\u{767E}\u{96F6}\u{4E94}");
        for n in 1..100 {
            let chars: Vec<char> = chinese_numeral(n).chars().collect();
            assert_eq!(parse_chinese_small(&chars), Some(n), "{n}");
        }
    }

    #[test]
    fn classes() {
        assert!(is_han('\u{4F1A}')); // 会
        assert!(!is_han('\u{FF0C}')); // ，
        assert!(is_fullwidth_punct('\u{FF0C}'));
        assert!(is_fullwidth_punct('\u{3001}')); // 、
        assert!(!is_fullwidth_punct('\u{3000}')); // ideographic space is a space
        assert!(is_space('\u{3000}'));
    }
}
