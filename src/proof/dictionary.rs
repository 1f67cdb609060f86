//! The house-style dictionary: wrong form -> right form, with a note and exceptions, read
//! from `assets/house-style.ron` and extended by the user's own file; matched with
//! `aho-corasick` (one pass over the text for every entry).

use std::ops::Range;
use std::path::{Path, PathBuf};

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use serde::{Deserialize, Serialize};

use super::Severity;

/// The shipped dictionary, compiled in so checking never depends on finding a file.
const BUNDLED: &str = include_str!("../../assets/house-style.ron");

/// The user's dictionary file name inside the data folder.
pub const USER_FILE_NAME: &str = "house-style.ron";

/// Environment variable naming the user's dictionary file (tests, portable installs).
pub const USER_DICTIONARY_ENV: &str = "CAIBIAN_USER_DICTIONARY";

/// How sure an entry is; mirrors [`Severity`] in the file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum EntrySeverity {
    /// The wrong form is never right.
    Error,
    /// Usually wrong; a human judges.
    #[default]
    Warning,
    /// Worth a look.
    Note,
}

impl From<EntrySeverity> for Severity {
    fn from(value: EntrySeverity) -> Severity {
        match value {
            EntrySeverity::Error => Severity::Error,
            EntrySeverity::Warning => Severity::Warning,
            EntrySeverity::Note => Severity::Note,
        }
    }
}

/// One dictionary entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The form to find.
    pub wrong: String,
    /// The form to put instead.
    pub right: String,
    /// Why, shown with the finding.
    #[serde(default)]
    pub note: String,
    /// Longer strings that contain `wrong` and are right (吸纳人才 contains 纳人).
    #[serde(default)]
    pub exceptions: Vec<String>,
    /// How sure the entry is.
    #[serde(default)]
    pub severity: EntrySeverity,
    /// Whether the replacement may be applied without a human reading it.
    #[serde(default)]
    pub safe: bool,
}

/// A dictionary file: a list of entries.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DictionaryFile {
    /// The entries, in any order.
    pub entries: Vec<Entry>,
}

/// Why a dictionary file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum DictionaryError {
    /// The file could not be read or written.
    #[error("词典文件 {path}\u{FF1A}{message}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// The file is not a dictionary.
    #[error("词典文件 {path} 格式有误\u{FF1A}{message}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// Where and what.
        message: String,
    },
}

/// A dictionary match in a text: char range, replacement, message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Char offsets of the wrong form.
    pub range: Range<usize>,
    /// The right form.
    pub right: String,
    /// The message, in Chinese.
    pub message: String,
    /// The entry's severity.
    pub severity: Severity,
    /// Whether the fix is safe.
    pub safe: bool,
}

/// The entries and the automaton that finds them.
#[derive(Debug, Clone)]
pub struct Dictionary {
    entries: Vec<Entry>,
    matcher: Option<AhoCorasick>,
}

impl Default for Dictionary {
    fn default() -> Self {
        Dictionary::bundled()
    }
}

impl Dictionary {
    /// A dictionary of these entries; a later entry with the same wrong form replaces an
    /// earlier one, empty wrong forms are dropped.
    pub fn from_entries(entries: Vec<Entry>) -> Dictionary {
        let mut kept: Vec<Entry> = Vec::with_capacity(entries.len());
        for entry in entries {
            if entry.wrong.is_empty() || entry.wrong == entry.right {
                continue;
            }
            match kept.iter_mut().find(|e| e.wrong == entry.wrong) {
                Some(old) => *old = entry,
                None => kept.push(entry),
            }
        }
        // A contiguous NFA: built in a fraction of the time of the DFA the crate would
        // choose for a list this size (about 1 ms of every `caibian check`), and searching
        // an issue's few hundred KB of text at much the same speed.
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(kept.iter().map(|e| e.wrong.as_str()))
            .ok();
        Dictionary {
            entries: kept,
            matcher,
        }
    }

    /// The dictionary shipped with caibian.
    pub fn bundled() -> Dictionary {
        // The bundled file is tested to parse; an empty dictionary is the safe fallback.
        let file: DictionaryFile = ron::from_str(BUNDLED).unwrap_or_default();
        Dictionary::from_entries(file.entries)
    }

    /// The shipped dictionary extended by the user's file at `user`, if it exists.
    pub fn with_user_file(user: &Path) -> Result<Dictionary, DictionaryError> {
        let mut entries = Dictionary::bundled().entries;
        entries.extend(read_file(user)?.entries);
        Ok(Dictionary::from_entries(entries))
    }

    /// The entries in use.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Every entry found in `text` (whose characters are `chars`), left to right, longest
    /// first, skipping places covered by an exception.
    pub fn find(&self, text: &str) -> Vec<Hit> {
        let Some(matcher) = &self.matcher else {
            return Vec::new();
        };
        let mut hits = Vec::new();
        // Byte offsets to char offsets, walking forward as matches arrive in order.
        let mut indices = text.char_indices().map(|(b, _)| b).enumerate().peekable();
        let mut char_at = |byte: usize| -> usize {
            let mut last = 0;
            while let Some(&(ci, b)) = indices.peek() {
                if b >= byte {
                    return if b == byte { ci } else { last };
                }
                last = ci + 1;
                indices.next();
            }
            last
        };
        for found in matcher.find_iter(text) {
            let entry = &self.entries[found.pattern().as_usize()];
            if excepted(text, found.start(), entry) {
                continue;
            }
            let start = char_at(found.start());
            let end = start + entry.wrong.chars().count();
            let message = if entry.note.is_empty() {
                format!("{} 应为 {}", entry.wrong, entry.right)
            } else {
                format!("{} 应为 {}\u{FF1A}{}", entry.wrong, entry.right, entry.note)
            };
            hits.push(Hit {
                range: start..end,
                right: entry.right.clone(),
                message,
                severity: entry.severity.into(),
                safe: entry.safe,
            });
        }
        hits
    }
}

/// Whether one of the entry's exceptions covers the match at byte `start`.
fn excepted(text: &str, start: usize, entry: &Entry) -> bool {
    entry.exceptions.iter().any(|exception| {
        exception
            .match_indices(entry.wrong.as_str())
            .any(|(offset, _)| {
                start
                    .checked_sub(offset)
                    .and_then(|s| text.get(s..s + exception.len()))
                    == Some(exception.as_str())
            })
    })
}

/// Read a dictionary file; a missing file is an empty dictionary.
pub fn read_file(path: &Path) -> Result<DictionaryFile, DictionaryError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(DictionaryFile::default()),
        Err(e) => {
            return Err(DictionaryError::Io {
                path: path.to_path_buf(),
                message: e.to_string(),
            });
        }
    };
    ron::from_str(&text).map_err(|e| DictionaryError::Parse {
        path: path.to_path_buf(),
        message: e.to_string(),
    })
}

/// Add (or replace) an entry in the user's dictionary file, writing it atomically.
pub fn add_user_entry(path: &Path, entry: Entry) -> Result<(), DictionaryError> {
    let mut file = read_file(path)?;
    match file.entries.iter_mut().find(|e| e.wrong == entry.wrong) {
        Some(old) => *old = entry,
        None => file.entries.push(entry),
    }
    let io = |e: std::io::Error| DictionaryError::Io {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    let text =
        ron::ser::to_string_pretty(&file, ron::ser::PrettyConfig::default()).map_err(|e| {
            DictionaryError::Io {
                path: path.to_path_buf(),
                message: e.to_string(),
            }
        })?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    // Written beside and renamed, so a crash never leaves half a dictionary.
    let temporary = path.with_extension("ron.tmp");
    std::fs::write(&temporary, text).map_err(io)?;
    std::fs::rename(&temporary, path).map_err(io)
}

/// Where the user's dictionary lives: `CAIBIAN_USER_DICTIONARY` if set, else
/// `house-style.ron` in the app's data folder (the folder that also holds recovery
/// copies: `$XDG_DATA_HOME/caibian`, `~/.local/share/caibian`, `%APPDATA%\caibian`,
/// `~/Library/Application Support/caibian`).
pub fn user_dictionary_path() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(USER_DICTIONARY_ENV).filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(path));
    }
    crate::assets::user_data_dir().map(|dir| dir.join(USER_FILE_NAME))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_file_parses_and_is_not_empty() {
        let file: DictionaryFile = ron::from_str(BUNDLED).expect("bundled dictionary parses");
        assert!(file.entries.len() >= 20);
        assert_eq!(Dictionary::bundled().entries().len(), file.entries.len());
    }

    #[test]
    fn exceptions_and_char_offsets() {
        let dictionary = Dictionary::bundled();
        // 会议纳人议程: 纳人 U+7EB3 U+4EBA at chars 2..4.
        let hits = dictionary.find("\u{4F1A}\u{8BAE}\u{7EB3}\u{4EBA}\u{8BAE}\u{7A0B}");
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].range, 2..4);
        assert_eq!(hits[0].right, "\u{7EB3}\u{5165}"); // 纳入
        // 吸纳人才 is right: an exception.
        assert!(
            dictionary
                .find("\u{5438}\u{7EB3}\u{4EBA}\u{624D}")
                .is_empty()
        );
    }
}
