//! Plain-text export: each article as UTF-8 text, reading as it does in print.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::web::ExportError;
use crate::model::{Article, ArticleId, Issue, Status};

/// The article as plain text: kicker, headline and subtitle each on a line (empty ones
/// left out), a blank line, the byline if there is one, then one line per body
/// paragraph with the dateline run into the first, as print sets it
/// (`本报张掖讯（通讯员王某）9月16日，…`). Ends with a newline.
pub fn article_text(article: &Article) -> String {
    let mut text = String::new();
    for field in [&article.kicker, &article.headline, &article.subtitle] {
        let line = one_line(field);
        if !line.is_empty() {
            text.push_str(&line);
            text.push('\n');
        }
    }
    if !text.is_empty() {
        text.push('\n');
    }
    let byline = one_line(&article.byline);
    if !byline.is_empty() {
        text.push_str(&byline);
        text.push('\n');
    }
    for paragraph in article.paragraphs_with_dateline() {
        text.push_str(&paragraph.dateline);
        text.push_str(paragraph.text);
        text.push('\n');
    }
    if text.is_empty() {
        text.push('\n');
    }
    text
}

/// Write every article the pages carry (the same rule as the web edition: the pool is not
/// published), unless withdrawn (撤稿), to
/// `dir/{id}.txt`, creating `dir` when needed. Characters of the id other than letters,
/// digits, `_` and `-` become `_`, so no id can name a file outside `dir`.
/// `progress(done, total)` is called before the first file and after each one.
/// Returns the files written, in article order.
pub fn export_text(
    issue: &Issue,
    dir: &Path,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Vec<PathBuf>, ExportError> {
    let articles: Vec<&Article> = issue
        .articles
        .iter()
        .filter(|a| a.status != Status::Withdrawn && issue.is_placed(&a.id))
        .collect();
    let total = articles.len();
    progress(0, total);
    std::fs::create_dir_all(dir).map_err(|source| ExportError::CreateDir {
        path: dir.to_path_buf(),
        source,
    })?;
    let stems = file_stems(articles.iter().map(|a| &a.id));
    let mut written = Vec::with_capacity(total);
    for (done, article) in articles.iter().enumerate() {
        let stem = stems
            .get(&article.id)
            .cloned()
            .unwrap_or_else(|| file_stem(&article.id.0));
        let path = dir.join(format!("{stem}.txt"));
        super::web::write_file(&path, &article_text(article))?;
        written.push(path);
        progress(done + 1, total);
    }
    Ok(written)
}

pub(crate) use crate::model::one_line;

/// An article id made safe as a file name: see [`clean_file_stem`]; an empty id becomes `_`.
pub(crate) fn file_stem(id: &str) -> String {
    clean_file_stem(id, "_")
}

/// The one file-name cleaner of the web and text exports: letters and digits (any
/// script), `-` and `_` kept, everything else (`/`, `.`, spaces …) `_`, at most 60
/// characters; `empty` if nothing is left. No result can name a file outside its folder.
pub(crate) fn clean_file_stem(name: &str, empty: &str) -> String {
    let stem: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .take(MAX_STEM_CHARS)
        .collect();
    if stem.is_empty() {
        empty.to_owned()
    } else {
        stem
    }
}

/// The longest file stem written: long enough for any id, short of every file system's limit.
const MAX_STEM_CHARS: usize = 60;

/// A distinct file stem for each id: [`file_stem`], with `-2`, `-3` … added where two
/// ids would otherwise share one (compared without case, for case-blind disks).
pub(crate) fn file_stems<'a>(
    ids: impl Iterator<Item = &'a ArticleId>,
) -> HashMap<&'a ArticleId, String> {
    let mut used = HashSet::new();
    let mut stems = HashMap::new();
    for id in ids {
        if stems.contains_key(id) {
            continue;
        }
        let base = file_stem(&id.0);
        let mut stem = base.clone();
        let mut n = 2;
        while !used.insert(stem.to_lowercase()) {
            stem = format!("{base}-{n}");
            n += 1;
        }
        stems.insert(id, stem);
    }
    stems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article() -> Article {
        let mut article = Article::new(ArticleId("art-0001".into()));
        // 会议召开
        article.headline = "\u{4F1A}\u{8BAE}\u{53EC}\u{5F00}".into();
        // 本报讯（记者甲）
        article.dateline =
            "\u{672C}\u{62A5}\u{8BAF}\u{FF08}\u{8BB0}\u{8005}\u{7532}\u{FF09}".into();
        article.body = "  9\u{6708}16\u{65E5}\u{3002}\n\n\u{4E8C}\u{3002}\r\n".into();
        article
    }

    #[test]
    fn dateline_runs_into_first_paragraph() {
        let text = article_text(&article());
        assert_eq!(
            text,
            "\u{4F1A}\u{8BAE}\u{53EC}\u{5F00}\n\n\
             \u{672C}\u{62A5}\u{8BAF}\u{FF08}\u{8BB0}\u{8005}\u{7532}\u{FF09}9\u{6708}16\u{65E5}\u{3002}\n\
             \u{4E8C}\u{3002}\n"
        );
    }

    #[test]
    fn byline_and_heading_lines() {
        let mut a = article();
        a.kicker = "kick".into();
        a.subtitle = "sub\nline".into();
        a.byline = " by ".into();
        a.dateline.clear();
        a.body = "one".into();
        assert_eq!(
            article_text(&a),
            "kick\n\u{4F1A}\u{8BAE}\u{53EC}\u{5F00}\nsubline\n\nby\none\n"
        );
    }

    #[test]
    fn dateline_without_body_stands_alone() {
        let mut a = article();
        a.headline.clear();
        a.body.clear();
        assert_eq!(
            article_text(&a),
            "\u{672C}\u{62A5}\u{8BAF}\u{FF08}\u{8BB0}\u{8005}\u{7532}\u{FF09}\n"
        );
        assert_eq!(article_text(&Article::new(ArticleId("x".into()))), "\n");
    }

    #[test]
    fn stems_are_safe_and_distinct() {
        assert_eq!(file_stem("../../etc/x"), "______etc_x");
        assert_eq!(file_stem(""), "_");
        assert_eq!(file_stem("art-0001"), "art-0001");
        let ids = [
            ArticleId("a/b".into()),
            ArticleId("a_b".into()),
            ArticleId("A_B".into()),
        ];
        let stems = file_stems(ids.iter());
        assert_eq!(stems[&ids[0]], "a_b");
        assert_eq!(stems[&ids[1]], "a_b-2");
        assert_eq!(stems[&ids[2]], "A_B-3");
    }
}
