//! Word and phrase boundaries of a headline, from the jieba segmenter, as break costs.

use jieba_rs::Tag;

use super::dictionary::with_segmenter;

// Why jieba-rs and not ICU4X's `icu_segmenter` (dictionary model). Measured on 17 headlines
// of this paper's kinds (release build, 2 cores shared with other builds):
// - quality: jieba keeps 政协, 县政协, 市政协, 中心组, 常委会, 座谈会, 十一届, 二十二 whole and
//   tags place names (ns), abbreviations of organisations (j), numerals (m) and measure
//   words (q); ICU cut 张掖|市政|协, 陇西|县政|协调|研, 履|职能|力, 二十|二次, which would put
//   a break inside 政协 on most of this paper's headlines;
// - binary size: both add a few MB (jieba's dictionary is compiled in as text, see
//   `dictionary`);
// - speed: jieba 0.3 us a headline against ICU's 1.0 us; jieba's own loading of its whole
//   dictionary (about 0.1 s) is avoided by `dictionary`, which adds only the words a text holds.
// The HMM for unknown words is off: it glued 日至 in 9月16日至18日 into one word; unknown
// names come out as single chars instead, and breaks beside single chars cost more below.

// Costs are on the scale of the breaker's balance term, which charges 2.4 for two lines of
// 6 and 8 chars, 0.9 for 14 and 18 chars, and 9.6 for 14 and 6 chars.

/// A break between phrases: after 、 or ，, at a space, on either side of 暨 joining two
/// meetings, before the last 召开/举行/开展 (the predicate that ends a meeting headline).
pub(super) const PHRASE_BREAK: f32 = 0.0;
/// Before an earlier 召开/举行/开展, or before a preposition opening a phrase (在兰州举行).
const BEFORE_VERB_OR_PREPOSITION: f32 = 4.0;
/// Between a place or organisation name and the rest (张掖市政协|十届九次).
const AFTER_NAME: f32 = 6.0;
/// Between two ordinary words.
const WORD_BREAK: f32 = 12.0;
/// Inside a name: between a place and 政协 (张掖市|政协), on top of the word break.
const INSIDE_NAME: f32 = 4.0;
/// Beside a word of one char, which usually belongs to its neighbour (an unknown name
/// the dictionary cut into chars, 云|屏|镇), for each side.
const BESIDE_LONE_CHAR: f32 = 6.0;
/// Between two words of one char, more: most likely one word the dictionary does not
/// know (乐|享 in 乐享, 茶|旅).
const BETWEEN_LONE_CHARS: f32 = 12.0;
/// Before a structural particle such as 的, which ends the phrase before it.
const BEFORE_PARTICLE: f32 = 40.0;
/// Inside quotes or brackets: “三送”, （扩大）.
pub(super) const INSIDE_BRACKETS: f32 = 300.0;
/// Inside a word, or between a number and its measure word (二十二|次, 9|月), or in a
/// range of numbers (16日|至|18日): the breaker takes such a break only when a word is
/// longer than the line.
pub(super) const INSIDE_WORD: f32 = 10_000.0;

/// The verbs of meeting headlines before which a break reads naturally.
const MEETING_VERBS: [&str; 3] = ["召开", "举行", "开展"];
/// The conjunction joining two meetings (…会议暨…会议).
const JI: &str = "暨";
/// Words joining two numbers into a range: 至, 到, ～ (U+FF5E), — (U+2014).
const RANGE_WORDS: [&str; 4] = ["至", "到", "\u{FF5E}", "\u{2014}"];
/// The ending of a 政协 name: a place before it belongs to the name.
const ZHENGXIE: &str = "政协";

/// Marks after which a phrase ends: 、 ， ； ： ！ ？ (U+3001 U+FF0C U+FF1B U+FF1A U+FF01 U+FF1F).
const PHRASE_ENDS: [char; 6] = [
    '\u{3001}', '\u{FF0C}', '\u{FF1B}', '\u{FF1A}', '\u{FF01}', '\u{FF1F}',
];
/// Opening quotes and brackets: “ ‘ （ 〔 《 〈 「 『 【 〖.
const OPENING: [char; 10] = [
    '\u{201C}', '\u{2018}', '\u{FF08}', '\u{3014}', '\u{300A}', '\u{3008}', '\u{300C}', '\u{300E}',
    '\u{3010}', '\u{3016}',
];
/// Their closing twins: ” ’ ） 〕 》 〉 」 』 】 〗.
const CLOSING: [char; 10] = [
    '\u{201D}', '\u{2019}', '\u{FF09}', '\u{3015}', '\u{300B}', '\u{3009}', '\u{300D}', '\u{300F}',
    '\u{3011}', '\u{3017}',
];

/// The cost of a line break before each char of `text` (index = chars before the break;
/// `len + 1` entries, the ends unused): lower is better.
pub(super) fn break_costs(text: &str) -> Vec<f32> {
    let chars: Vec<char> = text.chars().collect();
    let mut costs = vec![INSIDE_WORD; chars.len() + 1];
    with_segmenter(text, |jieba| {
        word_costs(&jieba.tag(text, false), &mut costs)
    });
    let mut depth = 0i32;
    for (index, ch) in chars.iter().enumerate() {
        if OPENING.contains(ch) {
            depth += 1;
        } else if CLOSING.contains(ch) {
            depth = (depth - 1).max(0);
        }
        if depth > 0 {
            costs[index + 1] += INSIDE_BRACKETS;
        }
    }
    costs
}

/// Fills in the cost of each break between two of the `tags`.
fn word_costs(tags: &[Tag<'_>], costs: &mut [f32]) {
    let final_verb = tags
        .iter()
        .rposition(|tag| MEETING_VERBS.contains(&tag.word));
    for (index, pair) in tags.windows(2).enumerate() {
        let cost = if in_number_range(tags, index) {
            INSIDE_WORD
        } else if final_verb == Some(index + 1) {
            PHRASE_BREAK
        } else {
            between_words(&pair[0], &pair[1])
        };
        if let Some(slot) = costs.get_mut(pair[0].end) {
            *slot = cost;
        }
    }
}

/// The cost of a break between two neighbouring words.
fn between_words(left: &Tag<'_>, right: &Tag<'_>) -> f32 {
    if is_space(left)
        || is_space(right)
        || left.word.ends_with(PHRASE_ENDS)
        || left.word == JI
        || right.word == JI
    {
        return PHRASE_BREAK;
    }
    if left.tag == "m" && (right.tag == "m" || right.tag == "q") {
        return INSIDE_WORD;
    }
    let mut cost = if MEETING_VERBS.contains(&right.word) || right.tag == "p" {
        BEFORE_VERB_OR_PREPOSITION
    } else if is_name(left) && !is_name(right) && right.word.chars().count() > 1 {
        AFTER_NAME
    } else {
        WORD_BREAK
    };
    if left.tag == "ns" && right.word.starts_with(ZHENGXIE) {
        cost += INSIDE_NAME;
    }
    // A lone numeral or measure word is held by the number rules, a lone particle (的)
    // ends its phrase; other lone chars belong to a neighbour.
    let lone_left = is_lone_han(left) && !matches!(left.tag, "m" | "q" | "uj" | "ul" | "u");
    let lone_right = is_lone_han(right) && !matches!(right.tag, "m" | "q" | "p");
    if lone_left {
        cost += BESIDE_LONE_CHAR;
    }
    if is_lone_han(right) && right.tag.starts_with('u') {
        cost += BEFORE_PARTICLE;
    } else if lone_right {
        cost += BESIDE_LONE_CHAR;
        if lone_left {
            cost += BETWEEN_LONE_CHARS;
        }
    }
    cost
}

/// Whether the boundary after word `index` is beside the 至 of a range of numbers
/// (16日至18日).
fn in_number_range(tags: &[Tag<'_>], index: usize) -> bool {
    let range_at = |k: usize| {
        k > 0
            && tags.get(k).is_some_and(|t| RANGE_WORDS.contains(&t.word))
            && tags[k - 1].tag == "m"
            && tags.get(k + 1).is_some_and(|t| t.tag == "m")
    };
    range_at(index) || range_at(index + 1)
}

fn is_space(tag: &Tag<'_>) -> bool {
    tag.word.chars().all(char::is_whitespace)
}

/// A place (ns), an organisation (nt) or an abbreviated one (j: 县政协, 常委会), or a word
/// ending in 政协.
fn is_name(tag: &Tag<'_>) -> bool {
    matches!(tag.tag, "ns" | "nt" | "j") || tag.word.ends_with(ZHENGXIE)
}

/// A word of one Han char (not a mark).
fn is_lone_han(tag: &Tag<'_>) -> bool {
    let mut chars = tag.word.chars();
    matches!((chars.next(), chars.next()), (Some(ch), None) if ('\u{3400}'..='\u{9FFF}').contains(&ch))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The char positions where a break costs less than `INSIDE_WORD`.
    fn word_breaks(text: &str) -> Vec<usize> {
        break_costs(text)
            .iter()
            .enumerate()
            .filter(|(p, c)| *p > 0 && **c < INSIDE_WORD)
            .map(|(p, _)| p)
            .collect()
    }

    #[test]
    fn never_inside_zhaokai_or_kaizhan() {
        // 两当县云屏镇召开协商议事会: 召开 is chars 6..8.
        let breaks = word_breaks("两当县云屏镇召开协商议事会");
        assert!(!breaks.contains(&7), "{breaks:?}");
        assert!(breaks.contains(&6), "{breaks:?}");
        // 阿克塞县政协开展“三送”活动: 开展 is chars 6..8, “ U+201C at 8.
        let breaks = word_breaks("阿克塞县政协开展\u{201C}三送\u{201D}活动");
        assert!(!breaks.contains(&7), "{breaks:?}");
        assert!(!breaks.contains(&4), "县|政协 splits 县政协: {breaks:?}");
    }

    #[test]
    fn numbers_keep_their_measure_words() {
        // 市政协举行二十二次常委会议: 二十二 is chars 5..8, 次 at 8.
        let costs = break_costs("市政协举行二十二次常委会议");
        assert_eq!(costs[8], INSIDE_WORD);
        // 9月16日召开: 9 at 0, 月 at 1, 16 at 2..4, 日 at 4.
        let costs = break_costs("9月16日召开");
        assert_eq!(costs[1..=4], [INSIDE_WORD; 4]);
        assert!(costs[5] < WORD_BREAK);
        // 9月16日至18日: 至 at 5, both sides held.
        let costs = break_costs("9月16日至18日");
        assert_eq!(costs[5], INSIDE_WORD);
        assert_eq!(costs[6], INSIDE_WORD);
    }

    #[test]
    fn brackets_and_phrases() {
        // 中心组（扩大）会议: （ U+FF08 at 3, ） U+FF09 at 6.
        let costs = break_costs("中心组\u{FF08}扩大\u{FF09}会议");
        assert!(costs[5] >= INSIDE_BRACKETS);
        assert!(costs[7] < INSIDE_BRACKETS);
        // 凝心聚力、共谋发展: 、 U+3001 at 4.
        let costs = break_costs("凝心聚力\u{3001}共谋发展");
        assert_eq!(costs[5], PHRASE_BREAK);
        // A space between two phrases.
        let costs = break_costs("听取意见建议 推动问题解决");
        assert_eq!(costs[6], PHRASE_BREAK);
    }
}
