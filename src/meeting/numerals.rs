//! Chinese numerals for session numbering (十届九次), both ways, per GB/T 15835-2011 §4.3.

/// The digits 零 to 九.
const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
/// 十
const TEN: char = '十';
/// 百
const HUNDRED: char = '百';
/// 〇, the other way to write zero.
const LING_CIRCLE: char = '\u{3007}';
/// 两, as in 两百.
const LIANG: char = '两';

/// The number in Chinese numerals as session numbering writes it: 9 → 九, 10 → 十,
/// 11 → 十一, 22 → 二十二, 105 → 一百零五, 110 → 一百一十. `None` outside 1–999.
pub fn chinese_numeral(n: u32) -> Option<String> {
    if !(1..=999).contains(&n) {
        return None;
    }
    let (hundreds, tens, ones) = (
        (n / 100) as usize,
        ((n / 10) % 10) as usize,
        (n % 10) as usize,
    );
    let mut out = String::new();
    if hundreds > 0 {
        out.push(DIGITS[hundreds]);
        out.push(HUNDRED);
    }
    if tens > 0 {
        // 十一 alone, but 一百一十一 once a hundred stands before it.
        if hundreds > 0 || tens > 1 {
            out.push(DIGITS[tens]);
        }
        out.push(TEN);
    } else if hundreds > 0 && ones > 0 {
        out.push(DIGITS[0]);
    }
    if ones > 0 {
        out.push(DIGITS[ones]);
    }
    Some(out)
}

/// `chinese_numeral`, or Arabic digits where Chinese numerals are not defined (0, ≥ 1000).
pub fn chinese_or_arabic(n: u32) -> String {
    chinese_numeral(n).unwrap_or_else(|| n.to_string())
}

/// Whether the character can be part of a Chinese numeral up to 999.
pub fn is_chinese_numeral_char(c: char) -> bool {
    DIGITS.contains(&c) || matches!(c, TEN | HUNDRED | LING_CIRCLE | LIANG)
}

/// Whether the character is an Arabic digit, half or full width.
pub fn is_arabic_digit(c: char) -> bool {
    c.is_ascii_digit() || ('\u{FF10}'..='\u{FF19}').contains(&c)
}

/// Read a number written in Chinese numerals (九, 二十二, 一百零五, 两百) or in Arabic
/// digits (half or full width). `None` when it is neither.
pub fn parse_numeral(text: &str) -> Option<u32> {
    if text.is_empty() {
        return None;
    }
    if text.chars().all(is_arabic_digit) {
        let ascii: String = text
            .chars()
            .map(|c| match c {
                '\u{FF10}'..='\u{FF19}' => char::from(b'0' + (c as u32 - 0xFF10) as u8),
                _ => c,
            })
            .collect();
        return ascii.parse().ok();
    }
    parse_chinese(text)
}

fn digit_value(c: char) -> Option<u32> {
    match c {
        LING_CIRCLE => Some(0),
        LIANG => Some(2),
        _ => DIGITS.iter().position(|&d| d == c).map(|i| i as u32),
    }
}

fn parse_chinese(text: &str) -> Option<u32> {
    let mut total = 0u32;
    let mut pending: Option<u32> = None;
    for c in text.chars() {
        match c {
            TEN => {
                total += pending.unwrap_or(1) * 10;
                pending = None;
            }
            HUNDRED => {
                total += pending? * 100;
                pending = None;
            }
            _ => {
                let value = digit_value(c)?;
                // 零 only marks a gap (一百零五); two digits in a row are not a numeral here.
                if pending.is_some_and(|p| p != 0) {
                    return None;
                }
                pending = Some(value);
            }
        }
    }
    let value = total + pending.unwrap_or(0);
    (value > 0).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_every_number() {
        for n in 1..=999 {
            let text = chinese_numeral(n).unwrap();
            assert_eq!(parse_numeral(&text), Some(n), "{n} {text}");
        }
        assert_eq!(chinese_numeral(0), None);
        assert_eq!(chinese_numeral(1000), None);
    }

    #[test]
    fn arabic_and_variants_parse() {
        assert_eq!(parse_numeral("10"), Some(10));
        // full-width ９
        assert_eq!(parse_numeral("\u{FF19}"), Some(9));
        // 两百 = 200
        assert_eq!(parse_numeral("\u{4E24}\u{767E}"), Some(200));
        // 一二 is not a numeral
        assert_eq!(parse_numeral("\u{4E00}\u{4E8C}"), None);
    }
}
