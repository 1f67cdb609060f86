//! The issue model: issue, pages, articles, photos, meeting metadata, and undoable edits.

mod article;
mod edit;
mod exchange;
pub mod makeup;
mod meeting;
pub mod template;

pub use article::{Article, ArticleId, HistoryEntry, IgnoredFinding, Photo, Status, TextField};
pub use article::{BodyParagraph, one_line};
pub use edit::{Document, Edit, EditError, History, applied, apply_to};
pub use exchange::{InboxRecord, InboxSettings};
pub use makeup::{BlockRef, GridRect, PageGrids};
pub use meeting::{EventKind, MeetingInfo, MeetingSession, Person};
pub use template::{Alignment, FaceName, GridSize, Template, TextStyle};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The schema version this build writes. Files with a larger version are refused.
pub const SCHEMA_VERSION: u32 = 1;

/// One issue of the paper: masthead data, pages and every article (placed or not).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Issue {
    /// The file format version; see [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The paper's name as printed in the nameplate, e.g. 甘肃政协报.
    pub paper_name: String,
    /// The publisher line under the nameplate (主办单位).
    #[serde(default)]
    pub publisher: String,
    /// 第N期: the number of this issue within the year or volume.
    pub issue_number: u32,
    /// 总第N期: the running total since the first issue.
    pub running_number: u32,
    /// The publication date.
    pub date: NaiveDate,
    /// The issue-wide editor credits; a page may override them.
    #[serde(default)]
    pub credits: EditorCredits,
    /// The pages in order.
    pub pages: Vec<Page>,
    /// Every article of the issue; the ones no page places form the pool.
    pub articles: Vec<Article>,
    /// The inbox folder this issue takes articles from, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inbox: Option<InboxSettings>,
}

/// Who edited and proofread (责任编辑, 校对, 美编).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EditorCredits {
    /// 责任编辑.
    pub editor: String,
    /// 校对.
    pub proofreader: String,
    /// 美编 / 版式 (optional).
    #[serde(default)]
    pub designer: String,
}

/// One page (版) of the issue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Page {
    /// The page number, 1 for 第1版.
    pub number: u32,
    /// The page name printed in the header strip, e.g. 要闻.
    pub name: String,
    /// The name of the page template in `assets/templates/`, e.g. 对开.
    pub template: String,
    /// Where each article sits on the page grid.
    #[serde(default)]
    pub placements: Vec<Placement>,
    /// Credits for this page, when they differ from the issue's.
    #[serde(default)]
    pub credits: Option<EditorCredits>,
    /// Whether the page has been signed off for print.
    #[serde(default)]
    pub signed_off: bool,
}

/// An article block on the page's character grid.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Placement {
    /// The article placed here.
    pub article: ArticleId,
    /// 0 for the first part of the article; 1, 2 … for continuations on later blocks.
    #[serde(default)]
    pub part: u32,
    /// First grid column, 0-based.
    pub column: u32,
    /// Number of columns the block spans.
    pub span: u32,
    /// First grid line, 0-based from the top of the type area.
    pub line: u32,
    /// Depth of the block in grid lines.
    pub depth: u32,
}

impl Placement {
    /// Whether the block has a size and lies inside a grid of `columns` × `lines`.
    pub fn fits_grid(&self, columns: u32, lines: u32) -> bool {
        let ends_within = |start: u32, size: u32, limit: u32| {
            size > 0 && start.checked_add(size).is_some_and(|end| end <= limit)
        };
        ends_within(self.column, self.span, columns) && ends_within(self.line, self.depth, lines)
    }
}

impl Issue {
    /// An empty issue dated `date`, with one page, ready for articles.
    pub fn new_empty(date: NaiveDate) -> Issue {
        Issue {
            schema_version: SCHEMA_VERSION,
            paper_name: String::new(),
            publisher: String::new(),
            issue_number: 1,
            running_number: 1,
            date,
            credits: EditorCredits::default(),
            pages: vec![Page {
                number: 1,
                name: "要闻".to_string(),
                template: "对开".to_string(),
                placements: Vec::new(),
                credits: None,
                signed_off: false,
            }],
            articles: Vec::new(),
            inbox: None,
        }
    }

    /// The article with this id.
    pub fn article(&self, id: &ArticleId) -> Option<&Article> {
        self.articles.iter().find(|a| &a.id == id)
    }

    /// The article with this id, mutable.
    pub fn article_mut(&mut self, id: &ArticleId) -> Option<&mut Article> {
        self.articles.iter_mut().find(|a| &a.id == id)
    }

    /// The articles that sit on `page`, in placement order, each once.
    pub fn articles_on_page<'a>(
        &'a self,
        page: &'a Page,
    ) -> impl Iterator<Item = &'a Article> + 'a {
        let mut seen: Vec<&ArticleId> = Vec::new();
        page.placements.iter().filter_map(move |p| {
            if seen.contains(&&p.article) {
                return None;
            }
            seen.push(&p.article);
            self.article(&p.article)
        })
    }

    /// Whether some page places the article.
    pub fn is_placed(&self, id: &ArticleId) -> bool {
        self.pages
            .iter()
            .any(|page| page.placements.iter().any(|p| &p.article == id))
    }

    /// The articles no page places (the pool), in file order.
    pub fn pool(&self) -> impl Iterator<Item = &Article> {
        self.articles.iter().filter(|a| !self.is_placed(&a.id))
    }

    /// The first placement that leaves its page's grid, or has no size, as a message
    /// naming the page and the article. `grid_of` gives a template's (columns, lines).
    pub fn placement_outside_grid(
        &self,
        grid_of: impl Fn(&str) -> Option<(u32, u32)>,
    ) -> Option<String> {
        self.pages.iter().find_map(|page| {
            let (columns, lines) = grid_of(&page.template)?;
            page.placements
                .iter()
                .find(|p| !p.fits_grid(columns, lines))
                .map(|p| {
                    format!(
                        "第{}版的稿件 {} 超出版面网格\u{FF08}{} 栏 × {} 行\u{FF09}\u{FF1A}第 {} 栏起 {} 栏\u{FF0C}第 {} 行起 {} 行",
                        page.number,
                        p.article,
                        columns,
                        lines,
                        u64::from(p.column) + 1,
                        p.span,
                        u64::from(p.line) + 1,
                        p.depth
                    )
                })
        })
    }

    /// A fresh article id not used in this issue, of the form `art-0001`.
    pub fn next_article_id(&self) -> ArticleId {
        let highest = self
            .articles
            .iter()
            .filter_map(|a| a.id.0.strip_prefix("art-")?.parse::<u32>().ok())
            .max()
            .unwrap_or(0);
        ArticleId(format!("art-{:04}", highest + 1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn issue_with(ids: &[&str]) -> Issue {
        let mut issue = Issue::new_empty(NaiveDate::from_ymd_opt(2022, 9, 22).unwrap());
        for id in ids {
            issue.articles.push(Article::new(ArticleId(id.to_string())));
        }
        issue
    }

    #[test]
    fn next_id_skips_used_numbers() {
        let issue = issue_with(&["art-0003", "art-0001", "custom"]);
        assert_eq!(issue.next_article_id(), ArticleId("art-0004".into()));
        assert_eq!(
            issue_with(&[]).next_article_id(),
            ArticleId("art-0001".into())
        );
    }

    #[test]
    fn pool_holds_unplaced_articles() {
        let mut issue = issue_with(&["art-0001", "art-0002"]);
        issue.pages[0].placements.push(Placement {
            article: ArticleId("art-0001".into()),
            part: 0,
            column: 0,
            span: 2,
            line: 0,
            depth: 10,
        });
        let pool: Vec<_> = issue.pool().map(|a| a.id.0.clone()).collect();
        assert_eq!(pool, vec!["art-0002".to_string()]);
        let on_page: Vec<_> = issue
            .articles_on_page(&issue.pages[0])
            .map(|a| a.id.0.clone())
            .collect();
        assert_eq!(on_page, vec!["art-0001".to_string()]);
    }
}
