//! Compiles jieba's dictionary (`assets/jieba/dict.txt`) into a finite-state transducer that
//! the headline breaker searches (`src/typeset/headline/dictionary.rs`).
//!
//! Why at build time: building the FST of 349,045 words takes about a second (a build
//! script runs unoptimised), far too long for every process that typesets; searching it
//! walks a few compact nodes per character, where a binary search through the 5 MB text
//! touched pages all over it for every character of every headline.

use std::fmt::Write as _;
use std::path::PathBuf;

const DICT: &str = "assets/jieba/dict.txt";

fn main() {
    println!("cargo:rerun-if-changed={DICT}");
    println!("cargo:rerun-if-changed=build.rs");
    let text = std::fs::read_to_string(DICT).unwrap_or_else(|e| panic!("{DICT}: {e}"));
    let mut tags: Vec<&str> = Vec::new();
    let mut builder = fst::MapBuilder::memory();
    for (number, line) in text.lines().enumerate() {
        let mut fields = line.split(' ');
        let (Some(word), Some(freq), Some(tag)) = (fields.next(), fields.next(), fields.next())
        else {
            panic!("{DICT}:{}: not `word frequency tag`", number + 1);
        };
        let freq: u64 = freq
            .parse()
            .unwrap_or_else(|e| panic!("{DICT}:{}: frequency {freq}: {e}", number + 1));
        let tag_index = match tags.iter().position(|t| *t == tag) {
            Some(index) => index,
            None => {
                tags.push(tag);
                tags.len() - 1
            }
        };
        assert!(tag_index < 256, "more than 256 tags");
        builder
            .insert(word, freq << 8 | tag_index as u64)
            .unwrap_or_else(|e| panic!("{DICT}:{}: {e} (the file must be sorted)", number + 1));
    }
    let bytes = builder.into_inner().expect("an FST in memory");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("jieba.fst"), bytes).expect("write jieba.fst");
    let mut list = String::from("[");
    for tag in &tags {
        write!(list, "{tag:?}, ").expect("in memory");
    }
    list.push(']');
    std::fs::write(out.join("jieba_tags.rs"), list).expect("write jieba_tags.rs");
}
