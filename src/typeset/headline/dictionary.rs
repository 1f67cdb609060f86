//! jieba's dictionary compiled in as sorted text: the segmenter learns only the words a text holds.

// Why not `Jieba::new()`: it parses all 349,045 entries of the dictionary into a trie, 100 to
// 150 ms and tens of MB before the first headline can break, in every process that typesets.
// A headline's segmentation only ever looks at the dictionary words that occur in it, so the
// segmenter here starts empty and, before each text, adds the words of the text that the
// dictionary holds, found by binary search in the sorted dictionary text (a few µs a
// headline; the text is part of the executable, so only the pages searched are read). The
// frequencies of the words not added stand in one filler entry that no text can match, so
// jieba's total, and with it every word's probability, is that of the whole dictionary: the
// segmentation and tags are exactly `Jieba::new()`'s (tests compare them).

use std::collections::HashSet;
use std::sync::{LazyLock, Mutex, PoisonError};

use jieba_rs::Jieba;

/// jieba's dictionary as jieba-rs 0.11 ships it (`src/data/dict.txt`, MIT, see
/// `assets/jieba/README.md`): one `word frequency tag` a line, sorted by bytes, each word
/// once.
static DICT: &str = include_str!("../../../assets/jieba/dict.txt");

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
            for_each_word_at(&text[start..], |word, freq, tag| {
                if !self.jieba.has_word(word) {
                    self.jieba.add_word(word, Some(freq), Some(tag));
                    self.added += freq;
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

/// Calls `found(word, frequency, tag)` for each dictionary word that `text` starts with,
/// shortest first.
fn for_each_word_at(text: &str, mut found: impl FnMut(&str, usize, &str)) {
    let bytes = DICT.as_bytes();
    let mut from = 0;
    for (index, ch) in text.char_indices() {
        let prefix = &text.as_bytes()[..index + ch.len_utf8()];
        // Every word from `from` on is at least the previous prefix, and the words with
        // this longer prefix are near, so search forward from there.
        from = if from == 0 {
            lower_bound(bytes, prefix, 0, bytes.len())
        } else {
            lower_bound_near(bytes, prefix, from)
        };
        let word = word_at(bytes, from);
        if !word.starts_with(prefix) {
            // No word starts with this prefix, so none with a longer one.
            return;
        }
        if word == prefix
            && let Some(entry) = entry_at(from)
        {
            found(entry.word, entry.freq, entry.tag);
        }
    }
}

/// One line of the dictionary.
struct Entry {
    word: &'static str,
    freq: usize,
    tag: &'static str,
}

/// The line starting at byte `start`, if there is one.
fn entry_at(start: usize) -> Option<Entry> {
    let line = DICT.get(start..)?.split('\n').next()?;
    let mut fields = line.split(' ');
    let word = fields.next().filter(|w| !w.is_empty())?;
    let freq = fields.next().and_then(|f| f.parse().ok()).unwrap_or(0);
    let tag = fields.next().unwrap_or("");
    Some(Entry { word, freq, tag })
}

/// The word of the line starting at `start` (empty at the end).
fn word_at(bytes: &[u8], start: usize) -> &[u8] {
    let rest = bytes.get(start..).unwrap_or_default();
    let end = rest
        .iter()
        .position(|&b| b == b' ' || b == b'\n')
        .unwrap_or(rest.len());
    &rest[..end]
}

/// The start of the first line in `lo..hi` (both line starts) whose word is not less than
/// `key`, or `hi`. Lines sort as their words do, since a space sorts before any char of a
/// word.
fn lower_bound(bytes: &[u8], key: &[u8], mut lo: usize, mut hi: usize) -> usize {
    while lo < hi {
        let mid = line_start(bytes, lo + (hi - lo) / 2);
        if word_at(bytes, mid) < key {
            lo = next_line(bytes, mid);
        } else {
            hi = mid;
        }
    }
    lo
}

/// [`lower_bound`] from the line start `lo` to the end, for a `key` expected close to `lo`:
/// steps forward in doubling strides first, then searches the last stride.
fn lower_bound_near(bytes: &[u8], key: &[u8], mut lo: usize) -> usize {
    // Longer than any line, so each probe lands past `lo`'s line.
    let mut stride = 256;
    let hi = loop {
        let Some(probe) = lo.checked_add(stride).filter(|&p| p < bytes.len()) else {
            break bytes.len();
        };
        let at = line_start(bytes, probe);
        if word_at(bytes, at) >= key {
            break at;
        }
        lo = next_line(bytes, at);
        stride *= 2;
    };
    lower_bound(bytes, key, lo, hi)
}

/// The start of the line holding byte `at`.
fn line_start(bytes: &[u8], at: usize) -> usize {
    bytes[..at]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1)
}

/// The start of the line after the one starting at `at`.
fn next_line(bytes: &[u8], at: usize) -> usize {
    bytes[at..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |p| at + p + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

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
        for_each_word_at("政协委员会", |w, _, _| words.push(w.to_owned()));
        assert_eq!(words, ["政", "政协", "政协委员"]);
        let mut words = Vec::new();
        for_each_word_at("\u{FDD0}", |w, _, _| words.push(w.to_owned()));
        assert!(words.is_empty());
    }

    #[test]
    fn first_and_last_lines_are_found() {
        let first = DICT.lines().next().and_then(|l| l.split(' ').next());
        let last = DICT.lines().last().and_then(|l| l.split(' ').next());
        for word in [first, last].into_iter().flatten() {
            let mut found = false;
            for_each_word_at(word, |w, _, _| found |= w == word);
            assert!(found, "{word}");
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
