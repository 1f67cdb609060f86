//! Undoable edits to an issue and the document that records their history.

use std::sync::Arc;

use chrono::{Local, NaiveDate};

use super::makeup::{self, BlockRef, GridRect, PageGrids};
use super::{
    Article, ArticleId, EditorCredits, HistoryEntry, IgnoredFinding, InboxRecord, InboxSettings,
    Issue, MeetingInfo, Photo, Placement, Status, TextField,
};

/// Undo steps kept; older ones are dropped.
const UNDO_LIMIT: usize = 200;

/// One change to the issue. Every change the UI makes goes through this enum.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Replace the text of one field of an article.
    SetText {
        /// The article.
        article: ArticleId,
        /// The field.
        field: TextField,
        /// The new text.
        value: String,
    },
    /// Change an article's workflow status (recorded in its history).
    SetStatus {
        /// The article.
        article: ArticleId,
        /// The new status.
        status: Status,
    },
    /// Add an article to the pool; its id must be new.
    AddArticle(Box<Article>),
    /// Copy an article into the pool under a new id.
    DuplicateArticle {
        /// The article to copy.
        source: ArticleId,
        /// The id of the copy.
        copy: ArticleId,
    },
    /// Remove an article and its placements.
    DeleteArticle(ArticleId),
    /// Replace the text of several fields at once, as one undo step (修正全部安全项).
    SetTexts(Vec<(ArticleId, TextField, String)>),
    /// Mark a check finding ignored for an article (saved in the issue file).
    IgnoreFinding {
        /// The article.
        article: ArticleId,
        /// What to ignore.
        entry: IgnoredFinding,
    },
    /// Change the masthead data (文件 → 期次信息).
    SetMasthead {
        /// Paper name.
        paper_name: String,
        /// 主办单位.
        publisher: String,
        /// 第N期.
        issue_number: u32,
        /// 总第N期.
        running_number: u32,
        /// Publication date (years 1–9999).
        date: NaiveDate,
        /// The issue-wide editor credits.
        credits: EditorCredits,
    },
    /// Put a block of an article on a page: part 0 for an article from the pool, or the
    /// article's next part.
    PlaceBlock {
        /// The page number.
        page: u32,
        /// The block and where it goes.
        placement: Placement,
    },
    /// Add the article's next part (续排) on a page at `rect`.
    ContinueArticle {
        /// The article, already on some page.
        article: ArticleId,
        /// The page number.
        page: u32,
        /// Where the continuation goes.
        rect: GridRect,
    },
    /// Move a block to `column`, `line` of a page (the same page or another), keeping its
    /// size.
    MoveBlock {
        /// The block.
        block: BlockRef,
        /// The page number it goes to.
        page: u32,
        /// New first column.
        column: u32,
        /// New first line.
        line: u32,
    },
    /// Give a block a new rectangle on its page (any resize handle).
    ResizeBlock {
        /// The block.
        block: BlockRef,
        /// The new rectangle.
        rect: GridRect,
    },
    /// Take a block off its page with the article's later parts; part 0 sends the article
    /// back to the pool.
    RemoveBlock(BlockRef),
    /// Insert a page so that it gets number `at` (1 to pages + 1); later pages move up.
    AddPage {
        /// The number the new page gets.
        at: u32,
        /// Page name, e.g. 要闻.
        name: String,
        /// Template name; must be a known template.
        template: String,
    },
    /// Delete a page; its blocks (and the later parts of their articles) leave the pages.
    DeletePage(u32),
    /// Move the page numbered `from` so that it becomes number `to`; pages are renumbered
    /// and jump lines follow.
    MovePage {
        /// Current number.
        from: u32,
        /// New number.
        to: u32,
    },
    /// Set a page's properties (版面属性).
    SetPage {
        /// The page number.
        page: u32,
        /// Page name.
        name: String,
        /// Template name; every block must still fit its grid.
        template: String,
        /// Credits for this page, or None for the issue's.
        credits: Option<EditorCredits>,
    },
    /// Sign a page off (签版) or take the sign-off back. A signed page refuses block edits.
    SetSignedOff {
        /// The page number.
        page: u32,
        /// Whether it is signed off.
        signed_off: bool,
    },
    /// Several edits as one undo step, all or nothing (自动组版 returns one).
    Batch(Vec<Edit>),
    /// Replace an article's meeting record; `None` removes it (an empty panel).
    SetMeeting {
        /// The article.
        article: ArticleId,
        /// The new record.
        meeting: Option<Box<MeetingInfo>>,
        /// The panel field being typed in (e.g. `organisation`, `sessions.1.body`):
        /// consecutive edits of the same field merge into one undo step. `None` for a
        /// change that stands alone (a date picked, a body added).
        typing: Option<String>,
    },
    /// Replace an article's photos: add, remove, reorder, caption and credit.
    SetPhotos {
        /// The article.
        article: ArticleId,
        /// The photos in their new order.
        photos: Vec<Photo>,
        /// As for `SetMeeting`: the caption or credit being typed in, if any.
        typing: Option<String>,
    },
    /// Replace several text fields of one article at once, as one undo step (a drafted
    /// lead inserted into the body together with its dateline).
    SetArticleTexts {
        /// The article.
        article: ArticleId,
        /// Each field and its new text.
        values: Vec<(TextField, String)>,
    },
    /// Add an imported article to the pool (its id must be new), remembering the inbox
    /// file it came from, if any, so that file is not imported again.
    ImportArticle {
        /// The article, photo paths already pointing beside the issue.
        article: Box<Article>,
        /// The inbox file it came from.
        inbox: Option<InboxRecord>,
    },
    /// Replace the article with the same id by a newer version (from an article file);
    /// its placements stay.
    ReplaceArticle {
        /// The newer version.
        article: Box<Article>,
        /// The inbox file it came from.
        inbox: Option<InboxRecord>,
    },
    /// Set or clear the inbox folder; the record of imported files is kept.
    SetInboxFolder(Option<String>),
}

/// What consecutive edits merge on: typing in one field of one article.
#[derive(Debug, Clone, PartialEq, Eq)]
enum MergeKey {
    /// A text field of the form.
    Text(ArticleId, TextField),
    /// A field of the meeting panel or the photo editor, named by the panel.
    Panel(ArticleId, String),
}

impl Edit {
    /// The one article this edit changes, when it changes nothing else (then only that
    /// article is cloned and compared).
    fn single_article(&self) -> Option<&ArticleId> {
        match self {
            Edit::SetText { article, .. }
            | Edit::SetStatus { article, .. }
            | Edit::IgnoreFinding { article, .. }
            | Edit::SetMeeting { article, .. }
            | Edit::SetPhotos { article, .. }
            | Edit::SetArticleTexts { article, .. } => Some(article),
            _ => None,
        }
    }

    /// Consecutive edits with the same key merge into one undo step (typing in one field).
    fn merge_key(&self) -> Option<MergeKey> {
        match self {
            Edit::SetText { article, field, .. } => Some(MergeKey::Text(article.clone(), *field)),
            Edit::SetMeeting {
                article,
                typing: Some(field),
                ..
            } => Some(MergeKey::Panel(article.clone(), format!("meeting.{field}"))),
            Edit::SetPhotos {
                article,
                typing: Some(field),
                ..
            } => Some(MergeKey::Panel(article.clone(), format!("photos.{field}"))),
            _ => None,
        }
    }

    /// Whether the edit changes the pages' blocks or pages, so the result must be checked
    /// against the grids.
    fn is_makeup(&self) -> bool {
        matches!(
            self,
            Edit::PlaceBlock { .. }
                | Edit::ContinueArticle { .. }
                | Edit::MoveBlock { .. }
                | Edit::ResizeBlock { .. }
                | Edit::RemoveBlock(_)
                | Edit::AddPage { .. }
                | Edit::DeletePage(_)
                | Edit::MovePage { .. }
                | Edit::SetPage { .. }
                | Edit::SetSignedOff { .. }
                | Edit::Batch(_)
        )
    }
}

/// Why an edit could not be applied; the issue is unchanged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// No article has this id.
    #[error("稿件 {0} 不存在")]
    NoSuchArticle(ArticleId),
    /// The id is already taken.
    #[error("稿件编号 {0} 已被使用")]
    DuplicateId(ArticleId),
    /// No page has this number.
    #[error("第{0}版不存在")]
    NoSuchPage(u32),
    /// The block is on no page.
    #[error("稿件 {0} 的第 {1} 部分不在任何版面上")]
    NoSuchBlock(ArticleId, u32),
    /// A continuation of an article that is on no page.
    #[error("稿件 {0} 还没有上版\u{FF0C}不能续排")]
    NotPlaced(ArticleId),
    /// The block would leave the type area.
    #[error(
        "稿件 {article} 的稿件块超出第{page}版的版心\u{FF08}{columns} 栏\u{FF0C}{lines} 行\u{FF09}"
    )]
    OutsideGrid {
        /// The page number.
        page: u32,
        /// The article.
        article: ArticleId,
        /// Columns of the grid.
        columns: u32,
        /// Lines of the grid.
        lines: u32,
    },
    /// The block would cover the nameplate of page one.
    #[error("稿件 {0} 的稿件块压住了第1版的报头")]
    UnderNameplate(ArticleId),
    /// A block with no columns or no lines.
    #[error("稿件 {0} 的稿件块须至少占一栏一行")]
    EmptyBlock(ArticleId),
    /// The block would cover another.
    #[error("稿件 {article} 的稿件块会压住第{page}版上的稿件 {other}")]
    Overlap {
        /// The page number.
        page: u32,
        /// The article moved or placed.
        article: ArticleId,
        /// The article already there.
        other: ArticleId,
    },
    /// The parts of an article would skip a number or repeat one.
    #[error(
        "稿件 {article} 的续排次序不连续\u{FF1A}应为第 {expected} 部分\u{FF0C}却是第 {part} 部分"
    )]
    PartSequence {
        /// The article.
        article: ArticleId,
        /// The part number found.
        part: u32,
        /// The part number expected.
        expected: u32,
    },
    /// The page is signed off.
    #[error("第{0}版已签版\u{FF0C}须先撤销签版才能改动")]
    SignedOff(u32),
    /// A page position outside 1 … pages (+ 1 when adding).
    #[error("版序 {at} 无效\u{FF1A}本期共 {count} 个版面")]
    BadPagePosition {
        /// The position asked for.
        at: u32,
        /// Pages in the issue.
        count: usize,
    },
    /// The only page cannot be deleted.
    #[error("至少要保留一个版面")]
    LastPage,
    /// Too many pages to save.
    #[error("版面已达上限 {} 个", makeup::MAX_PAGES)]
    TooManyPages,
    /// Too many blocks on one page to save.
    #[error("第{0}版的稿件块已达上限 {max} 个", max = makeup::MAX_PLACEMENTS)]
    TooManyBlocks(u32),
    /// No template of this name is known.
    #[error("没有名为\u{201C}{0}\u{201D}的版式")]
    UnknownTemplate(String),
    /// The grid of the page's template is not known (no templates were loaded).
    #[error("不知道版式\u{201C}{0}\u{201D}的版心大小\u{FF0C}无法组版")]
    NoGrid(String),
    /// A date outside the years 1–9999.
    #[error("日期的年份 {0} 无效\u{FF1A}须在 1 至 9999 年之间")]
    BadDate(i32),
}

/// One remembered state for undo or redo: the issue without its articles, and the
/// articles shared with the document and the other snapshots, so a step costs a few
/// pointers per article, not a copy of every text.
#[derive(Debug, Clone)]
struct Snapshot {
    shell: Issue,
    articles: Vec<Arc<Article>>,
    state: u64,
}

impl Snapshot {
    /// The issue this snapshot remembers, rebuilt (undo and redo only, not per keystroke).
    fn issue(&self) -> Issue {
        let mut issue = self.shell.clone();
        issue.articles = self.articles.iter().map(|a| Article::clone(a)).collect();
        issue
    }
}

/// Undo and redo stacks of snapshots.
///
/// Snapshots rather than inverse operations: a snapshot cannot get an inverse wrong, and
/// sharing unchanged articles keeps each one small.
#[derive(Debug, Clone, Default)]
pub struct History {
    undo: Vec<Snapshot>,
    redo: Vec<Snapshot>,
    /// The merge key of the last applied edit, while merging is allowed.
    open_key: Option<MergeKey>,
}

impl History {
    /// Whether there is something to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// Whether there is something to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// End the current undo step: the next edit starts a new one even in the same field.
    pub fn seal(&mut self) {
        self.open_key = None;
    }
}

/// An issue being edited: the issue, its undo history, and a state id that says
/// whether it differs from what was last saved.
#[derive(Debug, Clone)]
pub struct Document {
    issue: Issue,
    /// The issue's articles as shared, immutable copies (same order, same content), the
    /// ones an undo step records.
    shared: Vec<Arc<Article>>,
    history: History,
    /// Identifies the current state; undo returns to an earlier id.
    state: u64,
    /// The state last saved or loaded.
    saved_state: u64,
    next_state: u64,
    /// Bumped on every change, for caches keyed on the issue's content.
    revision: u64,
    /// The user's name, written into article histories.
    pub user: String,
    /// The grid of each template, for checking make-up edits.
    grids: PageGrids,
}

impl Document {
    /// A document on `issue`, unmodified.
    pub fn new(issue: Issue) -> Document {
        Document {
            shared: share(&issue),
            issue,
            history: History::default(),
            state: 0,
            saved_state: 0,
            next_state: 1,
            revision: 0,
            user: String::new(),
            grids: PageGrids::default(),
        }
    }

    /// Set the grids make-up edits are checked against (from the loaded templates:
    /// `PageGrids::from_templates(typesetter.templates())`). Until set, make-up edits are
    /// refused with [`EditError::NoGrid`].
    pub fn set_grids(&mut self, grids: PageGrids) {
        self.grids = grids;
    }

    /// The grids make-up edits are checked against.
    pub fn grids(&self) -> &PageGrids {
        &self.grids
    }

    /// The issue as it stands.
    pub fn issue(&self) -> &Issue {
        &self.issue
    }

    /// The undo history.
    pub fn history(&self) -> &History {
        &self.history
    }

    /// End the current undo step (call when focus leaves a field).
    pub fn seal(&mut self) {
        self.history.seal();
    }

    /// Whether the issue differs from the last saved or loaded state.
    pub fn is_modified(&self) -> bool {
        self.state != self.saved_state
    }

    /// Record that the current state is on disk.
    pub fn mark_saved(&mut self) {
        self.saved_state = self.state;
        self.history.seal();
    }

    /// Record that the current state is not on disk (a restored recovery copy).
    pub fn mark_unsaved(&mut self) {
        self.saved_state = u64::MAX;
    }

    /// A number that changes whenever the issue changes.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Apply one edit, recording an undo step; on error nothing changes.
    ///
    /// An edit of one article (typing, status) clones and compares only that article, so
    /// a keystroke costs the same in a small issue and a large one.
    pub fn apply(&mut self, edit: Edit) -> Result<(), EditError> {
        match edit.single_article() {
            Some(id) => self.apply_to_one_article(id, &edit),
            None => self.apply_to_issue(&edit),
        }
    }

    fn apply_to_one_article(&mut self, id: &ArticleId, edit: &Edit) -> Result<(), EditError> {
        let index = self
            .issue
            .articles
            .iter()
            .position(|a| &a.id == id)
            .ok_or_else(|| EditError::NoSuchArticle(id.clone()))?;
        let mut article = self.issue.articles[index].clone();
        apply_to_article(&mut article, edit, &self.user)?;
        if article == self.issue.articles[index] {
            return Ok(());
        }
        self.record_step(edit.merge_key());
        self.shared[index] = Arc::new(article.clone());
        self.issue.articles[index] = article;
        Ok(())
    }

    fn apply_to_issue(&mut self, edit: &Edit) -> Result<(), EditError> {
        let next = applied(&self.issue, edit, &self.user, &self.grids)?;
        if next == self.issue {
            return Ok(());
        }
        self.record_step(edit.merge_key());
        self.shared = share_reusing(&next, &self.shared);
        self.issue = next;
        Ok(())
    }

    /// Before a change: push an undo step unless the change merges into the open one.
    fn record_step(&mut self, key: Option<MergeKey>) {
        let merges = key.is_some() && key == self.history.open_key;
        if !merges {
            let snapshot = self.snapshot();
            self.history.undo.push(snapshot);
            if self.history.undo.len() > UNDO_LIMIT {
                self.history.undo.remove(0);
            }
        }
        // A merged step is still a new state unless it returns to the saved text.
        self.state = self.fresh_state();
        self.history.open_key = key;
        self.history.redo.clear();
        self.revision += 1;
    }

    /// The current state as a snapshot sharing the articles.
    fn snapshot(&self) -> Snapshot {
        Snapshot {
            shell: shell(&self.issue),
            articles: self.shared.clone(),
            state: self.state,
        }
    }

    /// Make `snapshot` the current state; returns the state it replaced.
    fn restore(&mut self, snapshot: Snapshot) -> Snapshot {
        let current = self.snapshot();
        self.issue = snapshot.issue();
        self.shared = snapshot.articles;
        self.state = snapshot.state;
        self.history.seal();
        self.revision += 1;
        current
    }

    /// Undo the last step; returns false when there is nothing to undo.
    pub fn undo(&mut self) -> bool {
        let Some(snapshot) = self.history.undo.pop() else {
            return false;
        };
        let current = self.restore(snapshot);
        self.history.redo.push(current);
        true
    }

    /// Redo the last undone step; returns false when there is nothing to redo.
    pub fn redo(&mut self) -> bool {
        let Some(snapshot) = self.history.redo.pop() else {
            return false;
        };
        let current = self.restore(snapshot);
        self.history.undo.push(current);
        true
    }

    fn fresh_state(&mut self) -> u64 {
        let id = self.next_state;
        self.next_state += 1;
        id
    }
}

/// The issue without its articles (what a snapshot copies).
fn shell(issue: &Issue) -> Issue {
    Issue {
        schema_version: issue.schema_version,
        paper_name: issue.paper_name.clone(),
        publisher: issue.publisher.clone(),
        issue_number: issue.issue_number,
        running_number: issue.running_number,
        date: issue.date,
        credits: issue.credits.clone(),
        pages: issue.pages.clone(),
        articles: Vec::new(),
        inbox: issue.inbox.clone(),
    }
}

/// Shared copies of every article of `issue`.
fn share(issue: &Issue) -> Vec<Arc<Article>> {
    issue.articles.iter().cloned().map(Arc::new).collect()
}

/// Shared copies of every article of `issue`, reusing those of `old` that are unchanged.
fn share_reusing(issue: &Issue, old: &[Arc<Article>]) -> Vec<Arc<Article>> {
    issue
        .articles
        .iter()
        .map(|article| {
            old.iter()
                .find(|shared| shared.id == article.id && ***shared == *article)
                .cloned()
                .unwrap_or_else(|| Arc::new(article.clone()))
        })
        .collect()
}

/// Apply an edit that changes one article only (see [`Edit::single_article`]).
fn apply_to_article(target: &mut Article, edit: &Edit, user: &str) -> Result<(), EditError> {
    match edit {
        Edit::SetText { field, value, .. } => {
            *target.field_mut(*field) = value.clone();
        }
        Edit::SetStatus { status, .. } if target.status != *status => {
            let what = format!("状态\u{FF1A}{} → {}", target.status.label(), status.label());
            target.status = *status;
            target.history.push(history_entry(user, what));
        }
        Edit::IgnoreFinding { entry, .. } if !target.ignored.contains(entry) => {
            target.ignored.push(entry.clone());
        }
        Edit::SetMeeting { meeting, .. } => target.meeting = meeting.as_deref().cloned(),
        Edit::SetPhotos { photos, .. } => target.photos = photos.clone(),
        Edit::SetArticleTexts { values, .. } => {
            for (field, value) in values {
                *target.field_mut(*field) = value.clone();
            }
        }
        // Every other edit goes through `apply_to`.
        _ => {}
    }
    Ok(())
}

/// The issue as it would be after `edit`, every check made, or why the edit is refused
/// (`issue` itself never changes). `Document::apply` records it; tools such as 自动组版
/// and the UI's ghost previews use it to try an edit first.
pub fn applied(
    issue: &Issue,
    edit: &Edit,
    user: &str,
    grids: &PageGrids,
) -> Result<Issue, EditError> {
    let mut next = issue.clone();
    apply_to(&mut next, edit, user, grids)?;
    if edit.is_makeup() {
        makeup::check_change(issue, &next, grids)?;
    }
    Ok(next)
}

/// Apply `edit` to `issue` without recording history or checks (see [`applied`]).
pub fn apply_to(
    issue: &mut Issue,
    edit: &Edit,
    user: &str,
    grids: &PageGrids,
) -> Result<(), EditError> {
    match edit {
        Edit::SetTexts(changes) => {
            for (article, field, value) in changes {
                let target = issue
                    .article_mut(article)
                    .ok_or_else(|| EditError::NoSuchArticle(article.clone()))?;
                *target.field_mut(*field) = value.clone();
            }
        }
        Edit::SetText { article, .. }
        | Edit::SetStatus { article, .. }
        | Edit::IgnoreFinding { article, .. }
        | Edit::SetMeeting { article, .. }
        | Edit::SetPhotos { article, .. }
        | Edit::SetArticleTexts { article, .. } => {
            let target = issue
                .article_mut(article)
                .ok_or_else(|| EditError::NoSuchArticle(article.clone()))?;
            apply_to_article(target, edit, user)?;
        }
        Edit::AddArticle(article) => {
            if issue.article(&article.id).is_some() {
                return Err(EditError::DuplicateId(article.id.clone()));
            }
            let mut article = (**article).clone();
            article
                .history
                .push(history_entry(user, "新建稿件".to_string()));
            issue.articles.push(article);
        }
        Edit::DuplicateArticle { source, copy } => {
            if issue.article(copy).is_some() {
                return Err(EditError::DuplicateId(copy.clone()));
            }
            let index = issue
                .articles
                .iter()
                .position(|a| &a.id == source)
                .ok_or_else(|| EditError::NoSuchArticle(source.clone()))?;
            let mut duplicate = issue.articles[index].clone();
            duplicate.id = copy.clone();
            duplicate.status = Status::Draft;
            duplicate
                .history
                .push(history_entry(user, format!("复制自 {source}")));
            issue.articles.insert(index + 1, duplicate);
        }
        Edit::DeleteArticle(id) => {
            let index = issue
                .articles
                .iter()
                .position(|a| &a.id == id)
                .ok_or_else(|| EditError::NoSuchArticle(id.clone()))?;
            issue.articles.remove(index);
            for page in &mut issue.pages {
                page.placements.retain(|p| &p.article != id);
            }
        }
        Edit::SetMasthead {
            paper_name,
            publisher,
            issue_number,
            running_number,
            date,
            credits,
        } => {
            makeup::check_date(*date)?;
            issue.paper_name = paper_name.clone();
            issue.publisher = publisher.clone();
            issue.issue_number = *issue_number;
            issue.running_number = *running_number;
            issue.date = *date;
            issue.credits = credits.clone();
        }
        Edit::Batch(edits) => {
            for edit in edits {
                apply_to(issue, edit, user, grids)?;
            }
        }
        Edit::ImportArticle { article, inbox } => {
            if issue.article(&article.id).is_some() {
                return Err(EditError::DuplicateId(article.id.clone()));
            }
            let mut article = (**article).clone();
            article
                .history
                .push(history_entry(user, "导入稿件".to_string()));
            issue.articles.push(article);
            if let Some(record) = inbox {
                let settings = issue.inbox.get_or_insert_with(InboxSettings::default);
                settings.imported.push(record.clone());
            }
        }
        Edit::ReplaceArticle { article, inbox } => {
            let index = issue
                .articles
                .iter()
                .position(|a| a.id == article.id)
                .ok_or_else(|| EditError::NoSuchArticle(article.id.clone()))?;
            let mut article = (**article).clone();
            article
                .history
                .push(history_entry(user, "以导入的新版本替换".to_string()));
            issue.articles[index] = article;
            if let Some(record) = inbox {
                let settings = issue.inbox.get_or_insert_with(InboxSettings::default);
                settings.imported.push(record.clone());
            }
        }
        Edit::SetInboxFolder(folder) => match folder {
            Some(folder) => {
                issue
                    .inbox
                    .get_or_insert_with(InboxSettings::default)
                    .folder = folder.clone();
            }
            None => {
                if let Some(settings) = issue.inbox.as_mut() {
                    settings.folder.clear();
                }
            }
        },
        _ => makeup::apply(issue, edit, grids)?,
    }
    Ok(())
}

fn history_entry(user: &str, what: String) -> HistoryEntry {
    let who = if user.is_empty() { "编辑" } else { user };
    HistoryEntry {
        at: Local::now().fixed_offset(),
        who: who.to_string(),
        what,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Placement;

    fn document() -> Document {
        let mut issue = Issue::new_empty(NaiveDate::from_ymd_opt(2022, 9, 22).unwrap());
        let mut article = Article::new(ArticleId("art-0001".into()));
        article.headline = "old".into();
        issue.articles.push(article);
        issue.pages[0].placements.push(Placement {
            article: ArticleId("art-0001".into()),
            part: 0,
            column: 0,
            span: 2,
            line: 0,
            depth: 20,
        });
        Document::new(issue)
    }

    fn set_headline(doc: &mut Document, text: &str) {
        doc.apply(Edit::SetText {
            article: ArticleId("art-0001".into()),
            field: TextField::Headline,
            value: text.into(),
        })
        .unwrap();
    }

    fn headline(doc: &Document) -> String {
        doc.issue().articles[0].headline.clone()
    }

    #[test]
    fn typing_in_one_field_is_one_undo_step() {
        let mut doc = document();
        set_headline(&mut doc, "o");
        set_headline(&mut doc, "ne");
        set_headline(&mut doc, "new");
        assert!(doc.is_modified());
        assert!(doc.undo());
        assert_eq!(headline(&doc), "old");
        assert!(
            !doc.is_modified(),
            "undo back to the loaded state is unmodified"
        );
        assert!(doc.redo());
        assert_eq!(headline(&doc), "new");
        assert!(doc.is_modified());
    }

    #[test]
    fn sealing_starts_a_new_step() {
        let mut doc = document();
        set_headline(&mut doc, "first");
        doc.seal();
        set_headline(&mut doc, "second");
        doc.undo();
        assert_eq!(headline(&doc), "first");
    }

    #[test]
    fn delete_removes_placements_and_undo_restores_them() {
        let mut doc = document();
        let id = ArticleId("art-0001".into());
        doc.apply(Edit::DeleteArticle(id.clone())).unwrap();
        assert!(doc.issue().articles.is_empty());
        assert!(doc.issue().pages[0].placements.is_empty());
        doc.undo();
        assert_eq!(doc.issue().articles.len(), 1);
        assert_eq!(doc.issue().pages[0].placements.len(), 1);
    }

    #[test]
    fn duplicate_gets_new_id_and_lands_in_pool() {
        let mut doc = document();
        let copy = doc.issue().next_article_id();
        doc.apply(Edit::DuplicateArticle {
            source: ArticleId("art-0001".into()),
            copy: copy.clone(),
        })
        .unwrap();
        let issue = doc.issue();
        assert_eq!(issue.articles.len(), 2);
        assert_eq!(issue.article(&copy).unwrap().headline, "old");
        assert!(!issue.is_placed(&copy));
        assert!(
            doc.apply(Edit::DuplicateArticle {
                source: ArticleId("art-0001".into()),
                copy,
            })
            .is_err()
        );
    }

    #[test]
    fn status_change_is_recorded_in_history() {
        let mut doc = document();
        doc.user = "tester".into();
        doc.apply(Edit::SetStatus {
            article: ArticleId("art-0001".into()),
            status: Status::Pending,
        })
        .unwrap();
        let article = &doc.issue().articles[0];
        assert_eq!(article.status, Status::Pending);
        assert_eq!(article.history.last().unwrap().who, "tester");
    }

    #[test]
    fn several_texts_are_one_undo_step() {
        let mut doc = document();
        let id = ArticleId("art-0001".into());
        doc.apply(Edit::SetTexts(vec![
            (id.clone(), TextField::Headline, "a".into()),
            (id.clone(), TextField::Body, "b".into()),
        ]))
        .unwrap();
        assert_eq!(doc.issue().articles[0].body, "b");
        doc.undo();
        assert_eq!(headline(&doc), "old");
        assert_eq!(doc.issue().articles[0].body, "");
        let bad = doc.apply(Edit::SetTexts(vec![
            (id, TextField::Body, "c".into()),
            (ArticleId("nope".into()), TextField::Body, "d".into()),
        ]));
        assert!(bad.is_err());
        assert_eq!(doc.issue().articles[0].body, "", "all or nothing");
    }

    #[test]
    fn typing_in_a_meeting_field_merges_but_a_picked_value_does_not() {
        let mut doc = document();
        let id = ArticleId("art-0001".into());
        let meeting = |organisation: &str| {
            Some(Box::new(MeetingInfo {
                organisation: organisation.into(),
                ..MeetingInfo::default()
            }))
        };
        for text in ["a", "ab", "abc"] {
            doc.apply(Edit::SetMeeting {
                article: id.clone(),
                meeting: meeting(text),
                typing: Some("organisation".into()),
            })
            .unwrap();
        }
        let mut picked = meeting("abc").unwrap();
        picked.date = NaiveDate::from_ymd_opt(2022, 9, 16);
        doc.apply(Edit::SetMeeting {
            article: id.clone(),
            meeting: Some(picked),
            typing: None,
        })
        .unwrap();
        doc.undo();
        assert_eq!(doc.issue().articles[0].meeting, meeting("abc").map(|m| *m));
        doc.undo();
        assert_eq!(doc.issue().articles[0].meeting, None);
    }

    #[test]
    fn set_texts_is_one_step() {
        let mut doc = document();
        let id = ArticleId("art-0001".into());
        set_headline(&mut doc, "typed");
        doc.apply(Edit::SetArticleTexts {
            article: id,
            values: vec![
                (TextField::Dateline, "d".into()),
                (TextField::Body, "b".into()),
            ],
        })
        .unwrap();
        assert_eq!(doc.issue().articles[0].body, "b");
        doc.undo();
        let article = &doc.issue().articles[0];
        assert_eq!((article.dateline.as_str(), article.body.as_str()), ("", ""));
        assert_eq!(article.headline, "typed");
    }

    #[test]
    fn failed_edit_changes_nothing() {
        let mut doc = document();
        let err = doc.apply(Edit::DeleteArticle(ArticleId("nope".into())));
        assert!(err.is_err());
        assert!(!doc.is_modified());
        assert!(!doc.history().can_undo());
    }

    #[test]
    fn undo_steps_share_the_articles_they_did_not_change() {
        let mut doc = document();
        doc.apply(Edit::AddArticle(Box::new(Article::new(ArticleId(
            "art-0002".into(),
        )))))
        .unwrap();
        doc.seal();
        set_headline(&mut doc, "changed");
        doc.seal();
        set_headline(&mut doc, "changed again");
        let steps = &doc.history().undo;
        let untouched = |snapshot: &Snapshot| snapshot.articles[1].clone();
        // The untouched article is one allocation across both steps and the document.
        assert!(Arc::ptr_eq(&untouched(&steps[1]), &untouched(&steps[2])));
        assert!(Arc::ptr_eq(&untouched(&steps[2]), &doc.shared[1]));
        // The typed-in one differs from step to step.
        assert!(!Arc::ptr_eq(&steps[1].articles[0], &steps[2].articles[0]));
        assert!(doc.undo() && doc.undo());
        assert_eq!(headline(&doc), "old");
        assert_eq!(doc.issue().articles.len(), 2);
        assert!(doc.redo());
        assert_eq!(headline(&doc), "changed");
    }
}
