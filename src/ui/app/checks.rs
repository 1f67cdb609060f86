//! The app's side of checking: findings kept per revision, and the check commands
//! (show a finding, 修正, 修正全部安全项, 忽略).

use std::ops::Range;

use crate::model::{ArticleId, Edit, IgnoredFinding, TextField};
use crate::proof::Dictionary;
use crate::proof::dictionary::{add_user_entry, read_file};
use crate::proof::{Finding, Severity, TEXT_FIELDS, apply_safe_fixes, check_pages, is_ignored};
use crate::store::photo::photo_problem;

use super::CaibianApp;
use crate::ui::dialogs::Notice;

impl CaibianApp {
    /// The check findings of the issue as it stands (text, article and page rules).
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// The selected characters of a field in the form (after a click in the 校对 panel).
    pub fn form_selection(&self, ctx: &egui::Context, field: TextField) -> Option<Range<usize>> {
        self.form.selection(ctx, field)
    }

    /// Check the issue again if it changed since the last check; only changed fields are
    /// checked afresh (the checker caches by content).
    pub(super) fn refresh_checks(&mut self) {
        if self.checks_revision != Some(self.doc.revision()) {
            self.recheck();
        }
        // The form underlines the selected article's findings (the selection may change
        // without the issue changing).
        let selected = self.selected.as_ref();
        self.form.findings = self
            .findings
            .iter()
            .filter(|f| f.field.is_some() && f.article.is_some() && f.article.as_ref() == selected)
            .cloned()
            .collect();
    }

    fn recheck(&mut self) {
        let folder = self.photo_folder.clone();
        let problem = move |path: &str| folder.as_deref().and_then(|f| photo_problem(f, path));
        let issue = self.doc.issue();
        let mut findings = self.checker.check_issue(issue, Some(&problem));
        findings.extend(check_pages(issue, &self.pages, false));
        self.findings = findings;
        self.preview.preflight = self
            .findings
            .iter()
            .filter(|f| f.field.is_none() && f.range.is_none())
            .filter_map(|f| {
                let colour = crate::ui::checks_panel::severity_colour(f.severity);
                Some((f.page?, f.article.clone()?, colour))
            })
            .collect();
        self.checks_revision = Some(self.doc.revision());
    }

    /// Errors that a print export should ask about.
    pub(super) fn print_error_count(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count()
    }

    pub(super) fn show_finding(
        &mut self,
        article: ArticleId,
        field: Option<TextField>,
        range: Option<Range<usize>>,
        page: Option<u32>,
    ) {
        self.doc.seal();
        match page {
            Some(page) => self.preview.page_number = page,
            None => self.show_page_of(&article),
        }
        self.selected = Some(article);
        if let (Some(field), Some(range)) = (field, range) {
            self.form.pending_selection = Some((field, range));
        }
    }

    pub(super) fn apply_fix(
        &mut self,
        article: ArticleId,
        field: TextField,
        range: Range<usize>,
        replacement: &str,
    ) {
        let Some(text) = self.doc.issue().article(&article).map(|a| a.field(field)) else {
            return;
        };
        let chars: Vec<char> = text.chars().collect();
        if range.start > range.end || range.end > chars.len() {
            return;
        }
        let mut value: String = chars[..range.start].iter().collect();
        value.push_str(replacement);
        value.extend(&chars[range.end..]);
        // A fix is its own undo step, apart from any typing before or after it.
        self.doc.seal();
        self.edit(Edit::SetText {
            article,
            field,
            value,
        });
        self.doc.seal();
    }

    pub(super) fn fix_all_safe(&mut self, scope: Option<ArticleId>) {
        let issue = self.doc.issue();
        let mut changes = Vec::new();
        let mut fixes = 0;
        for article in issue.articles.iter() {
            if scope.as_ref().is_some_and(|id| id != &article.id) {
                continue;
            }
            for field in TEXT_FIELDS {
                let text = article.field(field);
                if text.is_empty() {
                    continue;
                }
                let findings: Vec<Finding> = self
                    .checker
                    .check_field(Some(field), text)
                    .iter()
                    .filter(|f| f.has_safe_fix() && !is_ignored(article, f))
                    .cloned()
                    .collect();
                if findings.is_empty() {
                    continue;
                }
                fixes += findings.len();
                changes.push((article.id.clone(), field, apply_safe_fixes(text, &findings)));
            }
        }
        if changes.is_empty() {
            self.notice = Some(Notice::info("没有可安全修正的问题"));
            return;
        }
        self.doc.seal();
        self.edit(Edit::SetTexts(changes));
        self.doc.seal();
        self.notice = Some(Notice::info(format!(
            "已修正{fixes}处\u{FF08}可撤销\u{FF09}"
        )));
    }

    /// Use `path` as the user's dictionary file (instead of the one in the data folder).
    pub fn set_dictionary_path(&mut self, path: std::path::PathBuf) {
        match Dictionary::with_user_file(&path) {
            Ok(dictionary) => self.checker.set_dictionary(dictionary),
            Err(error) => self.notice = Some(Notice::error(error.to_string())),
        }
        self.dictionary_path = Some(path);
        self.checks_revision = None;
    }

    /// The 词典 window; an added entry goes into the user's file and checking restarts.
    pub(super) fn dictionary_ui(&mut self, ctx: &egui::Context) {
        if !self.dictionary.open {
            return;
        }
        let count = self
            .dictionary_path
            .as_deref()
            .and_then(|p| read_file(p).ok())
            .map_or(0, |f| f.entries.len());
        let Some(entry) = self.dictionary.ui(ctx, count) else {
            return;
        };
        let Some(path) = self.dictionary_path.clone() else {
            self.notice = Some(Notice::error("找不到本机数据文件夹\u{FF0C}无法保存词典"));
            return;
        };
        let wrong = entry.wrong.clone();
        match add_user_entry(&path, entry).and_then(|()| Dictionary::with_user_file(&path)) {
            Ok(dictionary) => {
                self.checker.set_dictionary(dictionary);
                self.checks_revision = None;
                self.notice = Some(Notice::info(format!("已将\u{201C}{wrong}\u{201D}加入词典")));
            }
            Err(error) => self.notice = Some(Notice::error(error.to_string())),
        }
    }

    pub(super) fn ignore_finding(&mut self, article: ArticleId, entry: IgnoredFinding) {
        self.doc.seal();
        self.edit(Edit::IgnoreFinding { article, entry });
        self.doc.seal();
    }
}
