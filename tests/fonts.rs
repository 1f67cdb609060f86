//! Coverage of the bundled fonts: no tofu for GB 2312, the body face's CJK block,
//! and the punctuation Chinese newspaper text uses.

use std::path::{Path, PathBuf};

use caibian::fonts::{Face, FontSet};

fn fonts_folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts")
}

fn font_set() -> FontSet {
    FontSet::load_from(&fonts_folder()).expect("load bundled fonts from fonts/")
}

/// Cells inside GB 2312's rows that GB 2312 leaves empty but GBK / GB 18030
/// fill (small Roman numerals, euro sign, vertical presentation forms, extra
/// pinyin letters). encoding_rs decodes them, so they are excluded here.
fn gbk_only(lead: u8, trail: u8) -> bool {
    matches!(
        (lead, trail),
        (0xA2, 0xA1..=0xAA) | (0xA2, 0xE3) | (0xA6, 0xD9..=0xF5) | (0xA8, 0xBB..=0xC0)
    )
}

/// Every character of GB 2312: rows A1–A9 (symbols) and B0–F7 (hanzi), cells
/// A1–FE, decoded with the WHATWG GBK decoder.
fn gb2312_chars() -> Vec<(u8, u8, char)> {
    let mut out = Vec::new();
    for lead in (0xA1u8..=0xA9).chain(0xB0..=0xF7) {
        for trail in 0xA1u8..=0xFE {
            if gbk_only(lead, trail) {
                continue;
            }
            let bytes = [lead, trail];
            let (text, had_errors) = encoding_rs::GBK.decode_without_bom_handling(&bytes);
            if had_errors {
                continue;
            }
            let mut chars = text.chars();
            let (Some(ch), None) = (chars.next(), chars.next()) else {
                continue;
            };
            if ('\u{E000}'..='\u{F8FF}').contains(&ch) {
                continue; // private use: unassigned cells
            }
            out.push((lead, trail, ch));
        }
    }
    out
}

fn describe(missing: &[char]) -> String {
    missing
        .iter()
        .take(20)
        .map(|c| format!("{c} U+{:04X}", u32::from(*c)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn assert_covers(set: &FontSet, face: Face, what: &str, chars: impl IntoIterator<Item = char>) {
    let missing: Vec<char> = chars
        .into_iter()
        .filter(|&c| !set.has_glyph(face, c))
        .collect();
    assert!(
        missing.is_empty(),
        "{face:?} ({}) lacks {} {what} characters; first {}: {}",
        face.file_name(),
        missing.len(),
        missing.len().min(20),
        describe(&missing)
    );
}

#[test]
fn gb2312_table_is_complete() {
    let chars = gb2312_chars();
    // 6763 hanzi + 682 symbols.
    assert_eq!(chars.len(), 7445);
    let hanzi = chars.iter().filter(|(lead, _, _)| *lead >= 0xB0).count();
    assert_eq!(hanzi, 6763);
    // B0A1 is 啊, F7FE is 齄.
    assert!(chars.contains(&(0xB0, 0xA1, '啊')));
    assert!(chars.contains(&(0xF7, 0xFE, '齄')));
}

#[test]
fn every_face_covers_gb2312() {
    let set = font_set();
    let chars = gb2312_chars();
    for face in Face::ALL {
        assert_covers(&set, face, "GB 2312", chars.iter().map(|&(_, _, c)| c));
    }
}

#[test]
fn body_face_covers_cjk_unified_block() {
    let set = font_set();
    let block = ('\u{4E00}'..='\u{9FEA}').collect::<Vec<char>>();
    assert_eq!(block.len(), 0x9FEA - 0x4E00 + 1);
    assert_covers(&set, Face::SongRegular, "U+4E00..U+9FEA", block);
}

#[test]
fn every_face_covers_ascii_and_punctuation() {
    let set = font_set();
    let ascii = ('\u{21}'..='\u{7E}').collect::<Vec<char>>();
    let punctuation = [
        '\u{3001}', // 、 ideographic comma
        '\u{3002}', // 。 ideographic full stop
        '\u{3008}', // 〈 left angle bracket
        '\u{3009}', // 〉 right angle bracket
        '\u{300A}', // 《 left double angle bracket
        '\u{300B}', // 》 right double angle bracket
        '\u{300C}', // 「 left corner bracket
        '\u{300D}', // 」 right corner bracket
        '\u{300E}', // 『 left white corner bracket
        '\u{300F}', // 』 right white corner bracket
        '\u{3010}', // 【 left black lenticular bracket
        '\u{3011}', // 】 right black lenticular bracket
        '\u{3014}', // 〔 left tortoise shell bracket
        '\u{3015}', // 〕 right tortoise shell bracket
        '\u{3016}', // 〖 left white lenticular bracket
        '\u{3017}', // 〗 right white lenticular bracket
        '\u{FF0C}', // ， fullwidth comma
        '\u{FF08}', // （ fullwidth left parenthesis
        '\u{FF09}', // ） fullwidth right parenthesis
        '\u{FF1A}', // ： fullwidth colon
        '\u{FF1B}', // ； fullwidth semicolon
        '\u{FF1F}', // ？ fullwidth question mark
        '\u{FF01}', // ！ fullwidth exclamation mark
        '\u{2014}', // — em dash
        '\u{2026}', // … horizontal ellipsis
        '\u{201C}', // “ left double quotation mark
        '\u{201D}', // ” right double quotation mark
        '\u{2018}', // ‘ left single quotation mark
        '\u{2019}', // ’ right single quotation mark
        '\u{00B7}', // · middle dot
        '\u{FF5E}', // ～ fullwidth tilde
    ];
    for face in Face::ALL {
        assert_covers(&set, face, "ASCII", ascii.iter().copied());
        assert_covers(&set, face, "punctuation", punctuation);
        assert!(
            set.missing_chars(face, "新华社北京电\u{FF08}记者\u{FF09}")
                .is_empty()
        );
    }
}

fn dir_size(dir: &Path) -> u64 {
    let entries = std::fs::read_dir(dir).expect("read fonts/");
    entries
        .map(|entry| {
            let entry = entry.expect("fonts/ entry");
            let meta = entry.metadata().expect("metadata");
            if meta.is_dir() {
                dir_size(&entry.path())
            } else {
                meta.len()
            }
        })
        .sum()
}

#[test]
fn fonts_folder_is_under_40_mb() {
    let size = dir_size(&fonts_folder());
    assert!(
        size < 40 * 1024 * 1024,
        "fonts/ is {size} bytes, over 40 MB"
    );
}

/// `make_fonts.sh` numbers the glyphs of running text first, from the most frequent
/// character down, so that a page's glyphs lie together near the start of each face's
/// outlines and an export reads a few MB of a face instead of all of it.
#[test]
fn glyphs_of_running_text_come_first_in_every_face() {
    use skrifa::MetadataProvider;
    let set = font_set();
    let issue = std::fs::read_to_string("assets/sample/sample-issue.ron").expect("sample");
    let han: std::collections::BTreeSet<char> = issue
        .chars()
        .filter(|c| ('\u{4E00}'..='\u{9FFF}').contains(c))
        .collect();
    assert!(
        han.len() > 500,
        "the sample holds {} Han characters",
        han.len()
    );
    for face in Face::ALL {
        let font = skrifa::FontRef::new(set.bytes(face).as_slice()).expect("font");
        let charmap = font.charmap();
        let mut ids: Vec<u32> = han
            .iter()
            .filter_map(|&c| charmap.map(c))
            .map(|g| g.to_u32())
            .collect();
        ids.sort_unstable();
        // In Unicode order these would spread over the whole face (for the body face,
        // 40,000 glyphs); ranked by frequency 95 % of them fall in the first 3,000.
        let p95 = ids[ids.len() * 95 / 100];
        assert!(p95 < 3_000, "{face:?}: 95th percentile glyph id {p95}");
    }
}
