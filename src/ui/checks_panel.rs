//! The 校对 panel: findings grouped by page and article, with severity, rule, message and a
//! snippet; a click shows the finding in the form; 修正, 修正全部安全项 and 忽略.

use std::collections::BTreeMap;

use egui::{Color32, RichText};

use crate::model::{Article, ArticleId, Issue};
use crate::proof::{Finding, Severity, finding_text};

use super::command::AppCommand;
use super::panel::PanelContext;
use super::theme;

/// Characters of context shown on each side of a finding in its snippet.
const SNIPPET_CONTEXT: usize = 8;

/// The 校对 panel.
pub struct ChecksPanel {
    /// Whether the panel is shown.
    pub open: bool,
    /// Whether notes (提示) are listed as well as errors and warnings.
    pub show_notes: bool,
}

impl Default for ChecksPanel {
    fn default() -> Self {
        ChecksPanel {
            open: true,
            show_notes: false,
        }
    }
}

/// The colour of a severity in the panel and the form's underlines.
pub fn severity_colour(severity: Severity) -> Color32 {
    match severity {
        Severity::Error => theme::ERROR_COLOUR,
        Severity::Warning => theme::WARNING_COLOUR,
        Severity::Note => theme::INFO_COLOUR,
    }
}

/// The finding's characters with a little context, the finding in 【】.
pub fn snippet(article: &Article, finding: &Finding) -> String {
    let (Some(field), Some(range)) = (finding.field, finding.range.as_ref()) else {
        return String::new();
    };
    let chars: Vec<char> = article.field(field).chars().collect();
    let start = range.start.min(chars.len());
    let end = range.end.clamp(start, chars.len());
    let from = start.saturating_sub(SNIPPET_CONTEXT);
    let to = (end + SNIPPET_CONTEXT).min(chars.len());
    let show =
        |s: &[char]| -> String { s.iter().map(|&c| if c == '\n' { '/' } else { c }).collect() };
    format!(
        "{}\u{3010}{}\u{3011}{}",
        show(&chars[from..start]),
        show(&chars[start..end]),
        show(&chars[end..to])
    )
}

/// Findings of one page group, by article (None: the page itself).
type Groups<'a> = BTreeMap<Option<u32>, BTreeMap<Option<&'a ArticleId>, Vec<&'a Finding>>>;

impl ChecksPanel {
    /// The panel docked at the bottom of the window, when it is open (the editor's and
    /// the correspondent's windows both have it).
    pub fn dock(&mut self, ui: &mut egui::Ui, ctx: &mut PanelContext<'_>, findings: &[Finding]) {
        if self.open {
            egui::Panel::bottom("checks-panel")
                .resizable(true)
                .default_size(theme::CHECKS_PANEL_HEIGHT)
                .show(ui, |ui| self.ui(ui, ctx, findings));
        }
    }

    /// Draw the panel over `findings` (text, article and page findings of the issue).
    pub fn ui(&mut self, ui: &mut egui::Ui, ctx: &mut PanelContext<'_>, findings: &[Finding]) {
        let shown: Vec<&Finding> = findings
            .iter()
            .filter(|f| self.show_notes || f.severity != Severity::Note)
            .collect();
        self.header_ui(ui, ctx, findings);
        ui.separator();
        if shown.is_empty() {
            ui.label(RichText::new("没有发现问题").color(theme::WEAK_COLOUR));
            return;
        }
        let mut groups: Groups<'_> = BTreeMap::new();
        for finding in shown {
            groups
                .entry(finding.page)
                .or_default()
                .entry(finding.article.as_ref())
                .or_default()
                .push(finding);
        }
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                for (page, articles) in &groups {
                    let count: usize = articles.values().map(Vec::len).sum();
                    let title = match page {
                        Some(n) => format!("第{n}版 · {count}项"),
                        None => format!("未上版 · {count}项"),
                    };
                    egui::CollapsingHeader::new(title)
                        .id_salt(("checks-page", page))
                        .default_open(true)
                        .show(ui, |ui| {
                            for (article, list) in articles {
                                article_group_ui(ui, ctx, *article, list);
                            }
                        });
                }
            });
    }

    fn header_ui(&mut self, ui: &mut egui::Ui, ctx: &mut PanelContext<'_>, findings: &[Finding]) {
        let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
        ui.horizontal(|ui| {
            ui.label(RichText::new("校对").strong());
            ui.label(
                RichText::new(format!("错误 {}", count(Severity::Error)))
                    .color(theme::ERROR_COLOUR),
            );
            ui.label(
                RichText::new(format!("警告 {}", count(Severity::Warning)))
                    .color(theme::WARNING_COLOUR),
            );
            ui.label(
                RichText::new(format!("提示 {}", count(Severity::Note))).color(theme::INFO_COLOUR),
            );
            ui.checkbox(&mut self.show_notes, "显示提示");
            let safe = findings.iter().filter(|f| f.has_safe_fix()).count();
            if ui
                .add_enabled(safe > 0, egui::Button::new("修正全部安全项"))
                .on_hover_text(format!("整期共{safe}处可安全修正\u{FF0C}一次撤销即可还原"))
                .clicked()
            {
                ctx.emit(AppCommand::FixAllSafe(None));
            }
        });
    }
}

fn article_group_ui(
    ui: &mut egui::Ui,
    ctx: &mut PanelContext<'_>,
    id: Option<&ArticleId>,
    list: &[&Finding],
) {
    let issue: &Issue = ctx.issue;
    let article = id.and_then(|id| issue.article(id));
    ui.horizontal(|ui| {
        let title = match article {
            Some(a) => format!("稿件 {} {}", a.id, short(&a.headline, 16)),
            None => "版面".to_string(),
        };
        ui.label(RichText::new(title).strong());
        if let Some(a) = article
            && list.iter().any(|f| f.has_safe_fix())
            && ui.small_button("修正本稿安全项").clicked()
        {
            ctx.emit(AppCommand::FixAllSafe(Some(a.id.clone())));
        }
    });
    for finding in list {
        finding_row_ui(ui, ctx, article, finding);
    }
}

fn short(text: &str, max_chars: usize) -> String {
    let mut out: String = text.chars().take(max_chars).collect();
    if text.chars().count() > max_chars {
        out.push('\u{2026}');
    }
    out
}

fn finding_row_ui(
    ui: &mut egui::Ui,
    ctx: &mut PanelContext<'_>,
    article: Option<&Article>,
    finding: &Finding,
) {
    ui.horizontal(|ui| {
        ui.label(RichText::new(finding.severity.label()).color(severity_colour(finding.severity)));
        ui.label(
            RichText::new(finding.rule)
                .color(theme::WEAK_COLOUR)
                .small(),
        );
        let snippet = article.map(|a| snippet(a, finding)).unwrap_or_default();
        let text = if snippet.is_empty() {
            finding.message.clone()
        } else {
            format!("{} · {snippet}", finding.message)
        };
        if ui.selectable_label(false, text).clicked()
            && let Some(article) = &finding.article
        {
            ctx.emit(AppCommand::ShowFinding {
                article: article.clone(),
                field: finding.field,
                range: finding.range.clone(),
                page: finding.page,
            });
        }
        let Some(article) = article else {
            return;
        };
        if let (Some(field), Some(range), Some(fix)) =
            (finding.field, finding.range.clone(), &finding.fix)
        {
            let hint = if fix.safe {
                format!("改为\u{201C}{}\u{201D}", fix.replacement)
            } else {
                format!(
                    "改为\u{201C}{}\u{201D}\u{FF08}请先确认\u{FF09}",
                    fix.replacement
                )
            };
            if ui.small_button("修正").on_hover_text(hint).clicked() {
                ctx.emit(AppCommand::ApplyFix {
                    article: article.id.clone(),
                    field,
                    range,
                    replacement: fix.replacement.clone(),
                });
            }
        }
        // A fault in the text (a field's range, or a photo's caption) can be ignored; an
        // article-wide finding (a missing photo, an overflow) has to be dealt with.
        let in_text =
            (finding.field.is_some() && finding.range.is_some()) || finding.photo.is_some();
        if in_text
            && ui
                .small_button("忽略")
                .on_hover_text("本稿不再提示这一处")
                .clicked()
        {
            ctx.emit(AppCommand::IgnoreFinding {
                article: article.id.clone(),
                entry: finding.ignore_entry(&finding_text(article, finding)),
            });
        }
    });
}
