//! doubled: characters and words typed twice by mistake (的的, 了了, 会议会议).

use super::Severity;
use super::chars::{chinese_digit, is_han};
use super::text::Scan;

/// Characters that doubled are almost always a slip, with the words where doubling is
/// right (不了了之 U+4E0D U+4E86 U+4E86 U+4E4B, 的的确确 U+7684 U+7684 U+786E U+786E).
const DOUBLED: &[(char, &[&str])] = &[
    // 的: 的的确确 (U+7684 U+7684 U+786E U+786E), 目的的 (目的 + 的)
    ('的', &["的的确确", "目的的"]),
    // 了: 不了了之, 了了可数, and 为了 + 了解 (X了了解)
    ('了', &["不了了之", "了了可数", "了了解"]),
    // 和: 和和美美
    ('和', &["和和美美"]),
    ('被', &[]), // 被
    ('于', &[]), // 于
];

/// Two-character words that are doubled on purpose (研究研究, 商量商量, 讨论讨论 …):
/// verbs tried out and colour words intensified.
const REDUPLICATED: &[&str] = &[
    "研究", // 研究
    "商量", // 商量
    "讨论", // 讨论
    "考虑", // 考虑
    "学习", // 学习
    "了解", // 了解
    "交流", // 交流
    "沟通", // 沟通
    "活动", // 活动
    "休息", // 休息
    "凉快", // 凉快
    "雪白", // 雪白
    "通红", // 通红
];

/// doubled words: a two-character word written twice (会议会议) — a note, since some
/// words are doubled on purpose.
pub(super) fn doubled_words(scan: &mut Scan<'_>) {
    let chars = scan.chars;
    let mut i = 0;
    while i + 4 <= chars.len() {
        let (a, b) = (chars[i], chars[i + 1]);
        let twice = is_han(a) && is_han(b) && a != b && chars[i + 2] == a && chars[i + 3] == b;
        let word: String = [a, b].iter().collect();
        // 一阵一阵, 一件一件: a numeral and a measure word doubled on purpose.
        if !twice || chinese_digit(a).is_some() || REDUPLICATED.contains(&word.as_str()) {
            i += 1;
            continue;
        }
        scan.push(
            "doubled",
            Severity::Note,
            i + 2..i + 4,
            format!("{word}{word} 重复\u{FF0C}可能多打了一遍"),
            Some((String::new(), false)),
        );
        i += 4;
    }
}

/// doubled: 的的, 了了 … where doubling is almost always a slip.
pub(super) fn doubled(scan: &mut Scan<'_>) {
    let chars = scan.chars;
    for i in 1..chars.len() {
        let c = chars[i];
        if chars[i - 1] != c {
            continue;
        }
        let Some((_, exceptions)) = DOUBLED.iter().find(|(d, _)| *d == c) else {
            continue;
        };
        if i >= 2 && chars[i - 2] == c {
            continue; // reported at the first pair
        }
        let excused = exceptions.iter().any(|word| {
            let word: Vec<char> = word.chars().collect();
            (0..word.len()).any(|offset| {
                let start = (i - 1).checked_sub(offset);
                start.is_some_and(|s| chars.get(s..s + word.len()) == Some(&word[..]))
            })
        });
        if excused {
            continue;
        }
        scan.push(
            "doubled",
            Severity::Warning,
            i..i + 1,
            format!("{c}{c} 重复\u{FF0C}可能多打了一个字"),
            Some((String::new(), false)),
        );
    }
}
