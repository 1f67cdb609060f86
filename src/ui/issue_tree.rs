//! The left panel: the issue as a tree of pages with their articles, and the pool.

use egui::{CollapsingHeader, RichText};

use crate::model::{Article, ArticleId};

use super::command::AppCommand;
use super::makeup_drop::DraggedArticle;
use super::panel::PanelContext;
use super::theme;

/// The issue tree panel.
#[derive(Default)]
pub struct IssueTree;

impl IssueTree {
    /// Draw the tree and the article buttons.
    pub fn ui(&mut self, ui: &mut egui::Ui, ctx: &mut PanelContext<'_>) {
        self.buttons_ui(ui, ctx);
        ui.separator();
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                self.pages_ui(ui, ctx);
                self.pool_ui(ui, ctx);
            });
    }

    fn buttons_ui(&mut self, ui: &mut egui::Ui, ctx: &mut PanelContext<'_>) {
        ui.horizontal(|ui| {
            if ui.button("新建稿件").clicked() {
                ctx.emit(AppCommand::AddArticle);
            }
            let selected = ctx.selected.cloned();
            ui.add_enabled_ui(selected.is_some(), |ui| {
                if ui.button("复制稿件").clicked()
                    && let Some(id) = selected.clone()
                {
                    ctx.emit(AppCommand::DuplicateArticle(id));
                }
                if ui.button("删除稿件").clicked()
                    && let Some(id) = selected.clone()
                {
                    ctx.emit(AppCommand::RequestDelete(id));
                }
            });
        });
    }

    fn pages_ui(&mut self, ui: &mut egui::Ui, ctx: &mut PanelContext<'_>) {
        let issue = ctx.issue;
        for page in &issue.pages {
            let articles: Vec<&Article> = issue.articles_on_page(page).collect();
            let title = format!(
                "第{}版 {}\u{FF08}{}篇\u{FF09}",
                page.number,
                page.name,
                articles.len()
            );
            CollapsingHeader::new(RichText::new(title).strong())
                .id_salt(("page", page.number))
                .default_open(true)
                .show(ui, |ui| {
                    for article in articles {
                        let continued = page
                            .placements
                            .iter()
                            .filter(|p| p.article == article.id)
                            .all(|p| p.part > 0);
                        article_row_ui(ui, ctx, article, continued);
                    }
                });
        }
    }

    fn pool_ui(&mut self, ui: &mut egui::Ui, ctx: &mut PanelContext<'_>) {
        let pool: Vec<&Article> = ctx.issue.pool().collect();
        let title = format!("稿件池\u{FF08}{}篇\u{FF09}", pool.len());
        CollapsingHeader::new(RichText::new(title).strong())
            .id_salt("pool")
            .default_open(true)
            .show(ui, |ui| {
                if pool.is_empty() {
                    ui.label(RichText::new("\u{FF08}空\u{FF09}").color(theme::WEAK_COLOUR));
                }
                let pages: Vec<u32> = ctx.issue.pages.iter().map(|p| p.number).collect();
                for article in pool {
                    let row = article_row_ui(ui, ctx, article, false);
                    place_menu_ui(&row, ctx, article, &pages);
                }
            });
    }
}

/// The text an article shows in lists: its headline, or a placeholder with its id.
pub fn article_title(article: &Article) -> String {
    if article.headline.trim().is_empty() {
        format!("\u{FF08}无题 {}\u{FF09}", article.id)
    } else {
        article.headline.clone()
    }
}

/// A title marked （续） when it names a continuation.
pub fn marked_title(title: String, continued: bool) -> String {
    if continued {
        format!("\u{FF08}续\u{FF09}{title}")
    } else {
        title
    }
}

/// One article in the tree; a continuation is marked 续 so that each label stays unique.
fn article_row_ui(
    ui: &mut egui::Ui,
    ctx: &mut PanelContext<'_>,
    article: &Article,
    continued: bool,
) -> egui::Response {
    let is_selected = ctx.selected == Some(&article.id);
    let title = marked_title(article_title(article), continued);
    let title = if super::inbox_window::is_new_arrival(ui.ctx(), &article.id) {
        format!("{}{title}", super::inbox_window::NEW_ARRIVAL_MARK)
    } else {
        title
    };
    let response = ui
        .horizontal_top(|ui| {
            status_tag_ui(ui, article.status);
            ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Wrap);
            ui.selectable_label(is_selected, title)
        })
        .inner
        // The row itself can be dragged onto the page (one widget: click and drag).
        .interact(egui::Sense::click_and_drag())
        .on_hover_text(format!(
            "{} \u{00B7} {} \u{00B7} {}字",
            article.id,
            article.status.label(),
            article.body_chars()
        ));
    if response.clicked() && !is_selected {
        ctx.emit(AppCommand::Select(ArticleId(article.id.0.clone())));
    }
    drag_to_page_ui(ui, &response, article);
    response
}

/// The row can be dragged onto the page preview: the article's id goes with the pointer,
/// shown by its title beside it.
fn drag_to_page_ui(ui: &mut egui::Ui, drag: &egui::Response, article: &Article) {
    if !drag.dragged() {
        return;
    }
    drag.dnd_set_drag_payload(DraggedArticle(article.id.clone()));
    ui.ctx().set_cursor_icon(egui::CursorIcon::Grabbing);
    if let Some(pointer) = ui.ctx().pointer_interact_pos() {
        egui::Area::new(drag.id.with("drag-label"))
            .order(egui::Order::Tooltip)
            .fixed_pos(pointer + egui::vec2(14.0, 10.0))
            .interactable(false)
            .show(ui.ctx(), |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.label(format!("拖到版面\u{FF1A}{}", article_title(article)));
                });
            });
    }
}

/// The right-click menu of a pool article: 放到第N版 (the first free slot big enough, at a
/// size that fits its text).
fn place_menu_ui(
    row: &egui::Response,
    ctx: &mut PanelContext<'_>,
    article: &Article,
    pages: &[u32],
) {
    row.context_menu(|ui| {
        for page in pages {
            if ui.button(format!("放到第{page}版")).clicked() {
                ctx.emit(AppCommand::Makeup(
                    super::command::MakeupCommand::PlaceOnPage {
                        article: article.id.clone(),
                        page: *page,
                    },
                ));
                ui.close();
            }
        }
    });
}

/// A small coloured status tag. Painted rather than a label, so that it does not repeat
/// the status names of the form's status box for assistive technology (the row's hover
/// text names the status).
fn status_tag_ui(ui: &mut egui::Ui, status: crate::model::Status) {
    let font = egui::TextStyle::Small.resolve(ui.style());
    let galley = ui.painter().layout_no_wrap(
        status.label().to_owned(),
        font,
        theme::status_colour(status),
    );
    let (rect, _) = ui.allocate_exact_size(galley.size(), egui::Sense::hover());
    ui.painter()
        .galley(rect.min, galley, theme::status_colour(status));
}
