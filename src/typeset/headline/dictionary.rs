//! jieba's dictionary compiled in as an FST: the segmenter learns only the words a text holds.

// Why not `Jieba::new()`: it parses all 349,045 entries of the dictionary into a trie, 100 to
// 150 ms and tens of MB before the first headline can break, in every process that typesets.
// A headline's segmentation only ever looks at the dictionary words that occur in it, so the
// segmenter here starts empty and, before each text, adds the words of the text that the
// dictionary holds, found by walking the dictionary's finite-state transducer (`build.rs`
// compiles it from `assets/jieba/dict.txt`) from each char of the text: a few µs a
// headline. The frequencies of the words not added stand in one filler entry that no text
// can match, so jieba's total, and with it every word's probability, is that of the whole
// dictionary: the segmentation and tags are exactly `Jieba::new()`'s (tests compare them).

use std::collections::HashSet;
use std::sync::{LazyLock, Mutex, PoisonError};

use fst::raw::{Fst, Output};
use jieba_rs::Jieba;

/// jieba's dictionary as jieba-rs 0.11 ships it (`src/data/dict.txt`, MIT, see
/// `assets/jieba/README.md`), as an FST from each word to its frequency shifted left 8 bits
/// and the index of its tag in [`TAGS`].
static DICT_FST: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/jieba.fst"));

/// The dictionary's part-of-speech tags, in order of first use.
static TAGS: &[&str] = &include!(concat!(env!("OUT_DIR"), "/jieba_tags.rs"));

/// The dictionary, opened once; `None` if the compiled bytes were not an FST, in which
/// case headlines break without the dictionary's words (a build fault, never user data).
static DICTIONARY: LazyLock<Option<Fst<&'static [u8]>>> = LazyLock::new(|| Fst::new(DICT_FST).ok());

/// The sum of the dictionary's frequencies (a test sums the file).
const DICT_TOTAL: usize = 60_101_964;

/// Holds the frequencies of the words not added. jieba only looks words up inside runs of
/// Han and ASCII letters and digits, or one char at a time outside them, so a word with a
/// space in it is never found in any text.
const FILLER: &str = "\u{FDD0} \u{FDD0}";

/// The segmenter and how much of the dictionary's frequency it has been given.
struct Learned {
    jieba: Jieba,
    /// Sum of the frequencies of the dictionary words added so far.
    added: usize,
    /// Texts whose words have been added, so that typesetting a text again searches nothing.
    texts: HashSet<String>,
}

/// Texts remembered at most (a long session of typing in the window); the words stay.
const MAX_TEXTS: usize = 10_000;

static SEGMENTER: LazyLock<Mutex<Learned>> = LazyLock::new(|| {
    Mutex::new(Learned {
        jieba: Jieba::empty(),
        added: 0,
        texts: HashSet::new(),
    })
});

/// Runs `f` with a segmenter that segments and tags `text` exactly as jieba's full
/// dictionary does.
pub(super) fn with_segmenter<R>(text: &str, f: impl FnOnce(&Jieba) -> R) -> R {
    // A panic while the lock was held can only have left words added, which stay correct.
    let mut learned = SEGMENTER.lock().unwrap_or_else(PoisonError::into_inner);
    learned.learn(text);
    f(&learned.jieba)
}

impl Learned {
    /// Adds every dictionary word that occurs in `text` and is not known yet.
    fn learn(&mut self, text: &str) {
        if self.texts.contains(text) {
            return;
        }
        let before = self.added;
        for (start, _) in text.char_indices() {
            for_each_word_at(&text[start..], |entry| {
                if !self.jieba.has_word(entry.word) {
                    self.jieba
                        .add_word(entry.word, Some(entry.freq), Some(entry.tag));
                    self.added += entry.freq;
                }
            });
        }
        if self.added != before || !self.jieba.has_word(FILLER) {
            let rest = DICT_TOTAL.saturating_sub(self.added);
            self.jieba.add_word(FILLER, Some(rest), Some("x"));
        }
        if self.texts.len() >= MAX_TEXTS {
            self.texts.clear();
        }
        self.texts.insert(text.to_owned());
    }
}

/// Calls `found` with each dictionary entry whose word `text` starts with, shortest first.
fn for_each_word_at<'t>(text: &'t str, mut found: impl FnMut(Entry<'t>)) {
    let Some(fst) = DICTIONARY.as_ref() else {
        return;
    };
    let mut node = fst.root();
    let mut output = Output::zero();
    for (index, &byte) in text.as_bytes().iter().enumerate() {
        let Some(transition) = node.find_input(byte) else {
            // No word goes on with this byte.
            return;
        };
        let transition = node.transition(transition);
        output = output.cat(transition.out);
        node = fst.node(transition.addr);
        let end = index + 1;
        if node.is_final()
            && let Some(word) = text.get(..end)
        {
            let value = output.cat(node.final_output()).value();
            found(Entry {
                word,
                freq: usize::try_from(value >> 8).unwrap_or(usize::MAX),
                tag: TAGS.get((value & 0xFF) as usize).copied().unwrap_or(""),
            });
        }
    }
}

/// One word of the dictionary, found in a text.
struct Entry<'t> {
    word: &'t str,
    freq: usize,
    tag: &'static str,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The dictionary text the FST is compiled from.
    static DICT: &str = include_str!("../../../assets/jieba/dict.txt");

    /// jieba's full dictionary, loaded once for the comparisons.
    static FULL: LazyLock<Jieba> = LazyLock::new(Jieba::new);

    /// Words and tags as a list of owned pairs.
    fn tagged(jieba: &Jieba, text: &str) -> Vec<(String, String)> {
        jieba
            .tag(text, false)
            .into_iter()
            .map(|t| (t.word.to_owned(), t.tag.to_owned()))
            .collect()
    }

    /// Chars of this paper's headlines, with marks (、 U+3001, “ U+201C, ” U+201D,
    /// （ U+FF08, ） U+FF09), digits, Latin letters and a space.
    const ALPHABET: &str = "张掖市政协十届九次主席会议召开嘉峪关常委会临洮县党组理论学习中心组扩大暨\
        两当云屏镇协商议事阿克塞展三送活动举行二十二调研视察座谈民主监督委员讲堂履职能力\
        \u{3001}\u{201C}\u{201D}\u{FF08}\u{FF09}0123456789月日至ABab ";

    proptest! {
        #[test]
        fn any_text_segments_as_with_the_whole_dictionary(
            picks in proptest::collection::vec(0usize..1000, 0..30)
        ) {
            let alphabet: Vec<char> = ALPHABET.chars().collect();
            let text: String = picks.iter().map(|p| alphabet[p % alphabet.len()]).collect();
            let got = with_segmenter(&text, |jieba| tagged(jieba, &text));
            prop_assert_eq!(got, tagged(&FULL, &text));
        }
    }

    #[test]
    fn dictionary_is_sorted_once_each_and_sums_to_the_total() {
        let mut total = 0;
        let mut previous = "";
        for line in DICT.lines() {
            let fields: Vec<&str> = line.split(' ').collect();
            assert_eq!(fields.len(), 3, "{line}");
            assert!(previous < fields[0], "{previous} then {}", fields[0]);
            total += fields[1].parse::<usize>().expect("frequency");
            previous = fields[0];
        }
        assert_eq!(total, DICT_TOTAL);
    }

    #[test]
    fn finds_every_word_a_text_starts_with() {
        // 政 U+653F, 政协 U+653F U+534F and 政协委员 are words; 政协委员会 is not.
        let mut words = Vec::new();
        for_each_word_at("政协委员会", |e| words.push(e.word.to_owned()));
        assert_eq!(words, ["政", "政协", "政协委员"]);
        let mut words = Vec::new();
        for_each_word_at("\u{FDD0}", |e| words.push(e.word.to_owned()));
        assert!(words.is_empty());
    }

    #[test]
    fn every_line_is_found_with_its_frequency_and_tag() {
        for line in DICT.lines() {
            let fields: Vec<&str> = line.split(' ').collect();
            let mut found = None;
            for_each_word_at(fields[0], |e| {
                if e.word == fields[0] {
                    found = Some((e.freq.to_string(), e.tag));
                }
            });
            assert_eq!(found, Some((fields[1].to_owned(), fields[2])), "{line}");
        }
    }

    #[test]
    fn tags_as_the_whole_dictionary_does() {
        for text in [
            "两当县云屏镇召开协商议事会",
            "阿克塞县政协开展\u{201C}三送\u{201D}活动",
            "市政协举行二十二次常委会议",
            "9月16日至18日",
            "听取意见建议 推动问题解决",
            "张掖市政协十届九次主席会议召开",
            "Hello 世界 2026 \u{FDD0} \u{FDD0}",
            // A rare char (U+4DAE) that is no word: jieba guesses its tag.
            "刘\u{4DAE}讲话",
        ] {
            let got = with_segmenter(text, |jieba| tagged(jieba, text));
            assert_eq!(got, tagged(&FULL, text), "{text}");
        }
    }
}
