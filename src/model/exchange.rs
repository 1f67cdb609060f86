//! Exchange data kept with an issue: the inbox folder, what came in through it, and ids
//! that stay unique across correspondents without a server.

use std::hash::{BuildHasher, Hasher};

use serde::{Deserialize, Serialize};

use super::{ArticleId, Issue};

/// The inbox folder an issue watches, and the files already taken from it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InboxSettings {
    /// The folder, relative to the issue file's folder or absolute.
    pub folder: String,
    /// Files already imported, so each is taken once even across restarts.
    #[serde(default)]
    pub imported: Vec<InboxRecord>,
}

/// One file imported from the inbox, recognised by name, size and modification time:
/// a file rewritten under the same name (a corrected report) counts as new.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InboxRecord {
    /// The file name within the inbox folder.
    pub name: String,
    /// Its size in bytes when imported.
    pub size_bytes: u64,
    /// Its modification time, milliseconds since the Unix epoch.
    pub modified_ms: i64,
    /// The articles it became.
    #[serde(default)]
    pub articles: Vec<ArticleId>,
}

/// Digits of the random part of [`Issue::unique_article_id`]: 8 base-36 digits are
/// 41 bits, so a thousand ids made on one day by different people collide with a
/// probability of about 2 in 10 million.
const RANDOM_DIGITS: usize = 8;

impl Issue {
    /// A fresh id that stays unique when articles written on other machines meet in one
    /// issue: `art-YYYYMMDD-xxxxxxxx`, the local date and a random part, re-drawn in the
    /// unlikely case it is already used here.
    pub fn unique_article_id(&self) -> ArticleId {
        let date = chrono::Local::now().format("%Y%m%d");
        loop {
            let id = ArticleId(format!("art-{date}-{}", random_base36(RANDOM_DIGITS)));
            if self.article(&id).is_none() {
                return id;
            }
        }
    }
}

/// `digits` random base-36 digits. The standard library's per-process random hasher keys
/// (seeded from the operating system) mixed with the clock and a counter are enough here:
/// the ids need to be unpredictable across machines, not cryptographically strong.
fn random_base36(digits: usize) -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    hasher.write_u128(nanos);
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    hasher.write_u32(std::process::id());
    let mut value = hasher.finish();
    let mut out = String::with_capacity(digits);
    for _ in 0..digits {
        let digit = (value % 36) as u32;
        value /= 36;
        out.push(char::from_digit(digit, 36).unwrap_or('0'));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn unique_ids_differ_and_have_the_documented_shape() {
        let issue = Issue::new_empty(NaiveDate::from_ymd_opt(2022, 9, 22).unwrap());
        let ids: std::collections::HashSet<_> =
            (0..1000).map(|_| issue.unique_article_id()).collect();
        assert_eq!(ids.len(), 1000);
        let id = issue.unique_article_id().0;
        assert!(id.starts_with("art-"));
        assert_eq!(id.len(), "art-20220922-".len() + RANDOM_DIGITS);
    }
}
