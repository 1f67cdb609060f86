//! Make-up in the window: page commands, the masthead, block commands and 自动组版, each
//! turned into one undoable `Edit` through the headless `makeup` module.

use crate::makeup;
use crate::model::{ArticleId, Edit};

use super::super::command::MakeupCommand;
use super::super::dialogs::Notice;
use super::super::page_dialogs::{MastheadForm, PageForm};
use super::CaibianApp;

/// Make-up windows and questions waiting for the user.
#[derive(Default)]
pub struct MakeupState {
    /// The page whose deletion waits for confirmation.
    pub pending_delete_page: Option<u32>,
    /// The page properties window, when open.
    pub page_form: Option<PageForm>,
    /// The masthead window, when open.
    pub masthead_form: Option<MastheadForm>,
}

impl CaibianApp {
    /// Carry out one make-up command.
    pub(super) fn apply_makeup(&mut self, command: MakeupCommand) {
        match command {
            MakeupCommand::AddPage => self.add_page(),
            MakeupCommand::RequestDeletePage(page) => self.makeup.pending_delete_page = Some(page),
            MakeupCommand::CancelDeletePage => self.makeup.pending_delete_page = None,
            MakeupCommand::ConfirmDeletePage(page) => {
                self.makeup.pending_delete_page = None;
                self.edit(Edit::DeletePage(page));
                self.keep_preview_page_valid();
            }
            MakeupCommand::MovePage { from, to } => {
                self.edit(Edit::MovePage { from, to });
                if self.doc.issue().pages.iter().any(|p| p.number == to) {
                    self.preview.page_number = to;
                }
            }
            MakeupCommand::ShowPageProperties(page) => {
                let templates = self.template_names();
                self.makeup.page_form = self
                    .doc
                    .issue()
                    .pages
                    .iter()
                    .find(|p| p.number == page)
                    .map(|p| PageForm::of(p, templates));
            }
            MakeupCommand::SetSignedOff { page, signed_off } => {
                self.edit(Edit::SetSignedOff { page, signed_off })
            }
            MakeupCommand::ShowMasthead => {
                self.makeup.masthead_form = Some(MastheadForm::of(self.doc.issue()))
            }
            MakeupCommand::AutoLayout(page) => self.auto_layout(page),
            MakeupCommand::FitBlock(block) => {
                self.with_typesetter(|app, typesetter| {
                    makeup::fit_edit(
                        typesetter,
                        app.doc.issue(),
                        app.doc.grids(),
                        &block,
                        &app.photo_sizes,
                    )
                });
            }
            MakeupCommand::ContinueOn { article, page } => {
                self.with_typesetter(|app, typesetter| {
                    makeup::continue_on_page(
                        typesetter,
                        app.doc.issue(),
                        app.doc.grids(),
                        &article,
                        page,
                        &app.photo_sizes,
                    )
                });
            }
            MakeupCommand::RemoveBlock(block) => self.edit(Edit::RemoveBlock(block)),
            MakeupCommand::PlaceOnPage { article, page } => self.place_on_page(article, page),
        }
    }

    /// The names of the loaded templates, for the page properties window.
    fn template_names(&self) -> Vec<String> {
        self.typesetter
            .as_ref()
            .map(|t| t.templates().iter().map(|t| t.name.clone()).collect())
            .unwrap_or_default()
    }

    fn add_page(&mut self) {
        let issue = self.doc.issue();
        let at = u32::try_from(issue.pages.len())
            .unwrap_or(u32::MAX)
            .saturating_add(1);
        let template = issue
            .pages
            .last()
            .map(|p| p.template.clone())
            .or_else(|| self.template_names().into_iter().next())
            .unwrap_or_default();
        self.edit(Edit::AddPage {
            at,
            name: "新版面".to_owned(),
            template,
        });
        if self.doc.issue().pages.iter().any(|p| p.number == at) {
            self.preview.page_number = at;
        }
    }

    fn auto_layout(&mut self, page: u32) {
        self.refresh_layout();
        let Some(typesetter) = &self.typesetter else {
            return;
        };
        let result = makeup::auto_layout(
            typesetter,
            self.doc.issue(),
            self.doc.grids(),
            page,
            &self.photo_sizes,
        );
        match result {
            Ok(layout) if layout.placed.is_empty() => {
                self.notice = Some(Notice::info("稿件池里没有能放上本版的稿件"));
            }
            Ok(layout) => {
                let placed = layout.placed.len();
                let left_out = layout.left_out_approved.clone();
                self.edit(layout.edit);
                let mut text = format!("自动组版\u{FF1A}第{page}版放入 {placed} 篇稿件");
                if !left_out.is_empty() {
                    let names: Vec<String> = left_out.iter().map(ToString::to_string).collect();
                    text.push_str(&format!(
                        "\u{FF1B}已签发但放不下\u{FF1A}{}",
                        names.join("\u{3001}")
                    ));
                }
                self.notice = Some(Notice::info(text));
            }
            Err(error) => self.notice = Some(Notice::error(error.to_string())),
        }
    }

    fn place_on_page(&mut self, article: ArticleId, page: u32) {
        self.refresh_layout();
        self.with_typesetter(|app, typesetter| {
            let issue = app.doc.issue();
            let target = issue
                .article(&article)
                .ok_or_else(|| crate::model::EditError::NoSuchArticle(article.clone()))?;
            let page_ref = issue
                .pages
                .iter()
                .find(|p| p.number == page)
                .ok_or(crate::model::EditError::NoSuchPage(page))?;
            let template = typesetter.template_for(page_ref);
            let (span, depth) =
                makeup::default_size(typesetter, target, template, &app.photo_sizes);
            let occupancy = makeup::Occupancy::of_page(issue, app.doc.grids(), page)?;
            let rect = (1..=span)
                .rev()
                .find_map(|s| occupancy.first_slot(s, depth))
                .ok_or_else(|| makeup::MakeupError::NoRoom {
                    page,
                    article: article.clone(),
                })?;
            Ok(Edit::PlaceBlock {
                page,
                placement: crate::model::Placement {
                    article: article.clone(),
                    part: 0,
                    column: rect.column,
                    span: rect.span,
                    line: rect.line,
                    depth: rect.depth,
                },
            })
        });
    }

    /// Build an edit with the typesetter and apply it, or say why not.
    fn with_typesetter(
        &mut self,
        build: impl FnOnce(&Self, &crate::typeset::Typesetter) -> Result<Edit, makeup::MakeupError>,
    ) {
        self.refresh_layout();
        let Some(typesetter) = self.typesetter.take() else {
            return;
        };
        let result = build(self, &typesetter);
        self.typesetter = Some(typesetter);
        match result {
            Ok(edit) => self.edit(edit),
            Err(error) => self.notice = Some(Notice::error(error.to_string())),
        }
    }

    /// The preview shows a page that exists.
    fn keep_preview_page_valid(&mut self) {
        let pages = &self.doc.issue().pages;
        if !pages.iter().any(|p| p.number == self.preview.page_number) {
            self.preview.page_number = pages.last().map_or(1, |p| p.number);
        }
    }

    /// Draw the make-up windows and questions.
    pub(super) fn makeup_windows_ui(
        &mut self,
        ctx: &egui::Context,
        commands: &mut Vec<super::super::command::AppCommand>,
    ) {
        if let Some(page) = self.makeup.pending_delete_page {
            super::super::page_dialogs::confirm_delete_page_ui(ctx, page, commands);
        }
        if let Some(form) = &mut self.makeup.page_form {
            match form.ui(ctx) {
                Some(Some(edit)) => {
                    self.makeup.page_form = None;
                    commands.push(super::super::command::AppCommand::Edit(edit));
                }
                Some(None) => self.makeup.page_form = None,
                None => {}
            }
        }
        if let Some(form) = &mut self.makeup.masthead_form {
            match form.ui(ctx) {
                Some(Some(edit)) => {
                    self.makeup.masthead_form = None;
                    commands.push(super::super::command::AppCommand::Edit(edit));
                }
                Some(None) => self.makeup.masthead_form = None,
                None => {}
            }
        }
    }
}

/// The size (span, depth) an article dropped on `page` gets: its text fitted at the
/// width its length asks for, as 放到第N版 places it.
pub(super) fn drop_size(
    typesetter: &crate::typeset::Typesetter,
    issue: &crate::model::Issue,
    article: &ArticleId,
    page: u32,
    photo_sizes: &crate::render::photos::PhotoSizeCache,
) -> Option<(u32, u32)> {
    let target = issue.article(article)?;
    let page = issue.pages.iter().find(|p| p.number == page)?;
    let template = typesetter.template_for(page);
    Some(makeup::default_size(
        typesetter,
        target,
        template,
        photo_sizes,
    ))
}
