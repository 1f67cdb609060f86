//! What each `AppCommand` does to the app: edits, selection, files, panels.

use super::*;

impl CaibianApp {
    /// Carry out one command.
    pub fn apply(&mut self, command: AppCommand) {
        match command {
            AppCommand::NewIssue => self.after_unsaved_check(AfterUnsaved::NewIssue),
            AppCommand::Quit => self.after_unsaved_check(AfterUnsaved::Quit),
            AppCommand::Makeup(command) => self.apply_makeup(command),
            AppCommand::OpenDialog => self.after_unsaved_check(AfterUnsaved::OpenDialog),
            AppCommand::Open(path) => self.after_unsaved_check(AfterUnsaved::Open(path)),
            AppCommand::AnswerUnsaved(choice) => self.answer_unsaved(choice),
            AppCommand::AnswerConflict(choice) => self.answer_conflict(choice),
            AppCommand::AnswerLock(choice) => self.answer_lock(choice),
            AppCommand::AnswerRecovery(choice) => self.answer_recovery(choice),
            AppCommand::Save => match self.path.clone() {
                Some(path) => self.save_checked(&path),
                None => self.apply(AppCommand::SaveAsDialog),
            },
            AppCommand::SaveAsDialog => {
                if let Some(path) = pick_file_to_save(self.path.as_deref(), &self.untitled_name) {
                    self.save_unchecked(&path);
                }
            }
            AppCommand::SaveTo(path) => self.save_checked(&path),
            AppCommand::ShowSettings => self.settings_window.open = true,
            AppCommand::ShowTemplates => {
                let shown = self
                    .doc
                    .issue()
                    .pages
                    .iter()
                    .find(|p| p.number == self.preview.page_number)
                    .or(self.doc.issue().pages.first())
                    .map(|p| p.template.clone())
                    .unwrap_or_default();
                if let Some(problem) = self.templates.show(
                    &self.templates_dir,
                    self.user_templates_dir.as_deref(),
                    &shown,
                ) {
                    self.notice = Some(problem);
                }
            }
            AppCommand::ShowExport => {
                self.refresh_layout();
                self.export.show(self.path.as_deref());
            }
            AppCommand::Undo => {
                if !self.doc.undo() {
                    self.notice = Some(Notice::info("没有可撤销的操作"));
                }
                self.keep_selection_valid();
            }
            AppCommand::Redo => {
                if !self.doc.redo() {
                    self.notice = Some(Notice::info("没有可重做的操作"));
                }
                self.keep_selection_valid();
            }
            AppCommand::AddArticle => self.add_article(),
            AppCommand::DuplicateArticle(source) => self.duplicate_article(source),
            AppCommand::RequestDelete(id) => self.pending_delete = Some(id),
            AppCommand::ConfirmDelete(id) => {
                self.pending_delete = None;
                self.edit(Edit::DeleteArticle(id));
                self.keep_selection_valid();
            }
            AppCommand::CancelDelete => self.pending_delete = None,
            AppCommand::Select(id) => {
                self.doc.seal();
                self.show_page_of(&id);
                self.selected = Some(id);
            }
            AppCommand::SelectOnPage(id) => {
                self.doc.seal();
                self.selected = Some(id);
            }
            AppCommand::JumpTo {
                article,
                field,
                char_index,
            } => {
                self.doc.seal();
                self.selected = Some(article);
                if let Some(field) = field {
                    self.form.pending_cursor = Some((field, char_index));
                }
            }
            AppCommand::Edit(edit) => self.edit(edit),
            AppCommand::AddPhoto { article, source } => self.add_photo(&article, &source),
            AppCommand::SealHistory => self.doc.seal(),
            AppCommand::DismissNotice => self.notice = None,
            AppCommand::ToggleChecks => self.checks.open = !self.checks.open,
            AppCommand::ShowDictionary => self.dictionary.open = true,
            AppCommand::ShowFinding {
                article,
                field,
                range,
                page,
            } => self.show_finding(article, field, range, page),
            AppCommand::ApplyFix {
                article,
                field,
                range,
                replacement,
            } => self.apply_fix(article, field, range, &replacement),
            AppCommand::FixAllSafe(scope) => self.fix_all_safe(scope),
            AppCommand::IgnoreFinding { article, entry } => self.ignore_finding(article, entry),
            command @ (AppCommand::ImportDialog
            | AppCommand::ImportFiles(_)
            | AppCommand::ExportArticleDialog(_)
            | AppCommand::ExportArticleTo(..)
            | AppCommand::AnswerReplace(_)
            | AppCommand::ShowInbox
            | AppCommand::ChooseInboxFolder
            | AppCommand::SetInboxFolder(_)
            | AppCommand::ImportConflictCopy(_)
            | AppCommand::DismissConflict(_)
            | AppCommand::SendToInbox(_)
            | AppCommand::ChooseSendFolder
            | AppCommand::SetCorrespondentMode(_)) => self.apply_exchange(command),
        }
    }

    /// Turn the preview to the page that carries the article's first part.
    pub(super) fn show_page_of(&mut self, id: &ArticleId) {
        let issue = self.doc.issue();
        let page = issue
            .pages
            .iter()
            .filter_map(|page| {
                let part = page.placements.iter().find(|p| &p.article == id)?.part;
                Some((part, page.number))
            })
            .min();
        if let Some((_, number)) = page {
            self.preview.page_number = number;
        }
    }

    pub(super) fn edit(&mut self, edit: Edit) {
        if self.safety.read_only {
            self.notice = Some(Notice::error(READ_ONLY_NOTICE));
            return;
        }
        if let Err(error) = self.doc.apply(edit) {
            self.notice = Some(Notice::error(error.to_string()));
        }
    }

    pub(super) fn add_photo(&mut self, article: &ArticleId, source: &Path) {
        let target = self.doc.issue().article(article);
        // Only beside a saved issue file: the bundled sample's folder is never written to.
        let folder = self.path.as_deref().map(issue_folder);
        match super::super::photo_editor::add_photo(target, article, folder.as_deref(), source) {
            Ok(edit) => {
                self.doc.seal();
                self.edit(edit);
                self.notice = Some(Notice::info("已添加图片"));
            }
            Err(message) => self.notice = Some(Notice::error(message)),
        }
    }

    pub(super) fn new_issue(&mut self) {
        self.install(empty_issue(), None, false);
        self.notice = Some(Notice::info("已新建期次"));
    }

    pub(super) fn add_article(&mut self) {
        // A correspondent's articles meet others' in the desk's issue: their ids must not
        // collide there.
        let id = if self.correspondent_mode() {
            self.doc.issue().unique_article_id()
        } else {
            self.doc.issue().next_article_id()
        };
        let mut article = Article::new(id.clone());
        article.headline = "新稿件".to_owned();
        self.edit(Edit::AddArticle(Box::new(article)));
        self.selected = Some(id);
    }

    pub(super) fn duplicate_article(&mut self, source: ArticleId) {
        let copy = self.doc.issue().next_article_id();
        self.edit(Edit::DuplicateArticle {
            source,
            copy: copy.clone(),
        });
        if self.doc.issue().article(&copy).is_some() {
            self.selected = Some(copy);
        }
    }

    pub(super) fn keep_selection_valid(&mut self) {
        let issue = self.doc.issue();
        let valid = self
            .selected
            .as_ref()
            .is_some_and(|id| issue.article(id).is_some());
        if !valid {
            self.selected = issue.articles.first().map(|a| a.id.clone());
        }
    }
}
