//! Undoable edits to an issue and the document that records their history.

use chrono::{Local, NaiveDate};

use super::{
    Article, ArticleId, HistoryEntry, InboxRecord, InboxSettings, Issue, Status, TextField,
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
    /// Change the masthead data.
    SetMasthead {
        /// Paper name.
        paper_name: String,
        /// 第N期.
        issue_number: u32,
        /// 总第N期.
        running_number: u32,
        /// Publication date.
        date: NaiveDate,
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

impl Edit {
    /// Consecutive edits with the same key merge into one undo step (typing in one field).
    fn merge_key(&self) -> Option<(ArticleId, TextField)> {
        match self {
            Edit::SetText { article, field, .. } => Some((article.clone(), *field)),
            _ => None,
        }
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
}

/// One remembered state for undo or redo.
#[derive(Debug, Clone)]
struct Snapshot {
    issue: Issue,
    state: u64,
}

/// Undo and redo stacks of whole-issue snapshots.
///
/// Snapshots rather than inverse operations: an issue is small (a full one is a few hundred
/// kilobytes), cloning it is microseconds, and a snapshot cannot get an inverse wrong.
#[derive(Debug, Clone, Default)]
pub struct History {
    undo: Vec<Snapshot>,
    redo: Vec<Snapshot>,
    /// The merge key of the last applied edit, while merging is allowed.
    open_key: Option<(ArticleId, TextField)>,
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
}

impl Document {
    /// A document on `issue`, unmodified.
    pub fn new(issue: Issue) -> Document {
        Document {
            issue,
            history: History::default(),
            state: 0,
            saved_state: 0,
            next_state: 1,
            revision: 0,
            user: String::new(),
        }
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
    pub fn apply(&mut self, edit: Edit) -> Result<(), EditError> {
        let mut next = self.issue.clone();
        apply_to(&mut next, &edit, &self.user)?;
        if next == self.issue {
            return Ok(());
        }
        let key = edit.merge_key();
        let merges = key.is_some() && key == self.history.open_key;
        if !merges {
            self.history.undo.push(Snapshot {
                issue: std::mem::replace(&mut self.issue, next),
                state: self.state,
            });
            if self.history.undo.len() > UNDO_LIMIT {
                self.history.undo.remove(0);
            }
            self.state = self.fresh_state();
        } else {
            self.issue = next;
            // A merged step is still a new state unless it returns to the saved text.
            self.state = self.fresh_state();
        }
        self.history.open_key = key;
        self.history.redo.clear();
        self.revision += 1;
        Ok(())
    }

    /// Undo the last step; returns false when there is nothing to undo.
    pub fn undo(&mut self) -> bool {
        let Some(snapshot) = self.history.undo.pop() else {
            return false;
        };
        let current = Snapshot {
            issue: std::mem::replace(&mut self.issue, snapshot.issue),
            state: self.state,
        };
        self.history.redo.push(current);
        self.state = snapshot.state;
        self.history.seal();
        self.revision += 1;
        true
    }

    /// Redo the last undone step; returns false when there is nothing to redo.
    pub fn redo(&mut self) -> bool {
        let Some(snapshot) = self.history.redo.pop() else {
            return false;
        };
        let current = Snapshot {
            issue: std::mem::replace(&mut self.issue, snapshot.issue),
            state: self.state,
        };
        self.history.undo.push(current);
        self.state = snapshot.state;
        self.history.seal();
        self.revision += 1;
        true
    }

    fn fresh_state(&mut self) -> u64 {
        let id = self.next_state;
        self.next_state += 1;
        id
    }
}

fn apply_to(issue: &mut Issue, edit: &Edit, user: &str) -> Result<(), EditError> {
    match edit {
        Edit::SetText {
            article,
            field,
            value,
        } => {
            let target = issue
                .article_mut(article)
                .ok_or_else(|| EditError::NoSuchArticle(article.clone()))?;
            *target.field_mut(*field) = value.clone();
        }
        Edit::SetStatus { article, status } => {
            let target = issue
                .article_mut(article)
                .ok_or_else(|| EditError::NoSuchArticle(article.clone()))?;
            if target.status != *status {
                let what = format!("状态\u{FF1A}{} → {}", target.status.label(), status.label());
                target.status = *status;
                target.history.push(history_entry(user, what));
            }
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
            issue_number,
            running_number,
            date,
        } => {
            issue.paper_name = paper_name.clone();
            issue.issue_number = *issue_number;
            issue.running_number = *running_number;
            issue.date = *date;
        }
        Edit::ImportArticle { article, inbox } => {
            if issue.article(&article.id).is_some() {
                return Err(EditError::DuplicateId(article.id.clone()));
            }
            let mut article = (**article).clone();
            article
                .history
                .push(history_entry(user, "导入稿件".to_string()));
            #[allow(clippy::useless_conversion)] // `articles` may come to hold `Arc<Article>`.
            issue.articles.push(article.into());
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
            #[allow(clippy::useless_conversion)] // `articles` may come to hold `Arc<Article>`.
            {
                issue.articles[index] = article.into();
            }
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
    fn failed_edit_changes_nothing() {
        let mut doc = document();
        let err = doc.apply(Edit::DeleteArticle(ArticleId("nope".into())));
        assert!(err.is_err());
        assert!(!doc.is_modified());
        assert!(!doc.history().can_undo());
    }
}
