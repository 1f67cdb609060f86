//! What the article form shows of the checks: the TextEdit layouter that underlines
//! findings, the red and amber wavy lines, the finding's context menu, and the paste
//! cleanup offer.

use std::sync::Arc;

use egui::text::{CCursor, LayoutJob, TextFormat};
use egui::text_edit::TextEditOutput;
use egui::{Color32, FontId, Pos2, Rect, RichText, Stroke};

use crate::model::{Article, TextField};
use crate::proof::paste::{clean_paste, needs_cleanup};
use crate::proof::{Finding, Severity, finding_text};

use super::checks_panel::severity_colour;
use super::command::AppCommand;
use super::panel::PanelContext;

/// Wave of the underline: half a period and the height, in points.
const WAVE_STEP: f32 = 2.5;
const WAVE_HEIGHT: f32 = 1.5;
/// Characters of pasted text shown in the cleanup preview.
const PREVIEW_CHARS: usize = 600;

/// The most severe finding over each character of `text`.
fn severities(text: &str, findings: &[Finding]) -> Vec<Option<Severity>> {
    let mut marks = vec![None; text.chars().count()];
    for finding in findings {
        let Some(range) = &finding.range else {
            continue;
        };
        for mark in marks.iter_mut().take(range.end).skip(range.start) {
            *mark = Some(mark.map_or(finding.severity, |m: Severity| m.min(finding.severity)));
        }
    }
    marks
}

/// A layout of `text` with the characters of findings underlined in their colour.
pub fn underlined_job(
    text: &str,
    font: &FontId,
    colour: Color32,
    findings: &[Finding],
    wrap_width: f32,
) -> LayoutJob {
    let mut job = LayoutJob::default();
    job.wrap.max_width = wrap_width;
    let marks = severities(text, findings);
    let mut start_byte = 0;
    let mut current: Option<Severity> = marks.first().copied().flatten();
    let format = |mark: Option<Severity>| {
        let mut format = TextFormat::simple(font.clone(), colour);
        if let Some(severity) = mark {
            format.underline = Stroke::new(1.0, severity_colour(severity));
        }
        format
    };
    for ((byte, _), mark) in text.char_indices().zip(marks.iter().copied()) {
        if mark != current {
            job.append(&text[start_byte..byte], 0.0, format(current));
            start_byte = byte;
            current = mark;
        }
    }
    job.append(&text[start_byte..], 0.0, format(current));
    job
}

/// The layouter the form's TextEdits use: findings underlined as the user types.
pub fn underline_layouter(
    font: FontId,
    colour: Color32,
    findings: &[Finding],
) -> impl FnMut(&egui::Ui, &dyn egui::TextBuffer, f32) -> Arc<egui::Galley> + '_ {
    move |ui, buffer, wrap_width| {
        let job = underlined_job(buffer.as_str(), &font, colour, findings, wrap_width);
        ui.fonts_mut(|f| f.layout_job(job))
    }
}

/// Screen rectangles of each finding's characters, one per row run: (finding index, rect).
pub fn finding_rects(
    output: &TextEditOutput,
    findings: &[Finding],
    font_size: f32,
) -> Vec<(usize, Rect)> {
    let galley = &output.galley;
    let count = galley.text().chars().count();
    let offset = output.galley_pos.to_vec2();
    let mut rects: Vec<(usize, Rect)> = Vec::new();
    for (index, finding) in findings.iter().enumerate() {
        let Some(range) = &finding.range else {
            continue;
        };
        for c in range.start.min(count)..range.end.min(count) {
            let a = galley.pos_from_cursor(CCursor::new(c));
            let b = galley.pos_from_cursor(CCursor::new(c + 1));
            let width = if (b.min.y - a.min.y).abs() < 1.0 {
                b.min.x - a.min.x
            } else {
                font_size * 0.5
            };
            let rect =
                Rect::from_min_max(a.min, Pos2::new(a.min.x + width, a.max.y)).translate(offset);
            match rects.last_mut() {
                Some((i, last))
                    if *i == index
                        && (last.min.y - rect.min.y).abs() < 1.0
                        && (last.max.x - rect.min.x).abs() < 1.0 =>
                {
                    *last = last.union(rect);
                }
                _ => rects.push((index, rect)),
            }
        }
    }
    rects
}

/// The wave points along the foot of `rect`.
pub fn wave(rect: Rect) -> Vec<Pos2> {
    let y = rect.max.y - WAVE_HEIGHT;
    let mut points = Vec::new();
    let mut x = rect.min.x;
    let mut up = true;
    while x <= rect.max.x {
        points.push(Pos2::new(
            x,
            if up { y - WAVE_HEIGHT } else { y + WAVE_HEIGHT },
        ));
        up = !up;
        x += WAVE_STEP;
    }
    points
}

/// Paint the waves of each finding in its severity's colour.
pub fn paint_finding_waves(
    ui: &egui::Ui,
    output: &TextEditOutput,
    findings: &[Finding],
    marks: &[(usize, Rect)],
) {
    let painter = ui.painter().with_clip_rect(output.text_clip_rect);
    for (index, rect) in marks {
        let colour = severity_colour(findings[*index].severity);
        let points = wave(*rect);
        if points.len() >= 2 {
            painter.add(egui::Shape::line(points, Stroke::new(1.2, colour)));
        }
    }
}

/// The context menu of a field: the finding under the pointer with 修正 and 忽略.
pub fn finding_menu_ui(
    ui: &mut egui::Ui,
    ctx: &mut PanelContext<'_>,
    article: &Article,
    finding: Option<&Finding>,
) {
    let Some(finding) = finding else {
        ui.label(RichText::new("此处没有校对提示").weak());
        return;
    };
    ui.label(RichText::new(&finding.message).color(severity_colour(finding.severity)));
    if let (Some(fix), Some(field), Some(range)) =
        (&finding.fix, finding.field, finding.range.clone())
        && ui.button("修正").clicked()
    {
        ctx.emit(AppCommand::ApplyFix {
            article: article.id.clone(),
            field,
            range,
            replacement: fix.replacement.clone(),
        });
        ui.close();
    }
    if ui.button("忽略").clicked() {
        ctx.emit(AppCommand::IgnoreFinding {
            article: article.id.clone(),
            entry: finding.ignore_entry(&finding_text(article, finding)),
        });
        ui.close();
    }
}

/// A paste into a field that cleanup would change: the field's text after the paste,
/// split into what was there before and after the pasted part.
#[derive(Debug, Clone, PartialEq)]
pub struct PasteOffer {
    /// The field pasted into.
    pub field: TextField,
    /// The field's whole text right after the paste.
    pub pasted_text: String,
    prefix: String,
    suffix: String,
    /// The pasted part as it came.
    pub pasted: String,
    /// The pasted part cleaned.
    pub cleaned: String,
}

impl PasteOffer {
    /// The field's text with the pasted part cleaned.
    pub fn cleaned_text(&self) -> String {
        format!("{}{}{}", self.prefix, self.cleaned, self.suffix)
    }
}

/// The part of `after` that replaced part of `before`: (prefix, inserted, suffix).
fn inserted_part(before: &str, after: &str) -> (String, String, String) {
    let b: Vec<char> = before.chars().collect();
    let a: Vec<char> = after.chars().collect();
    let prefix = b.iter().zip(&a).take_while(|(x, y)| x == y).count();
    let max_suffix = a.len().min(b.len()) - prefix;
    let suffix = b
        .iter()
        .rev()
        .zip(a.iter().rev())
        .take(max_suffix)
        .take_while(|(x, y)| x == y)
        .count();
    (
        a[..prefix].iter().collect(),
        a[prefix..a.len() - suffix].iter().collect(),
        a[a.len() - suffix..].iter().collect(),
    )
}

/// The cleanup offer for a paste into this field this frame, if cleanup would change it.
pub fn paste_offer(
    ui: &egui::Ui,
    response: &egui::Response,
    article: &Article,
    field: TextField,
    text: &str,
) -> Option<PasteOffer> {
    if !response.changed() {
        return None;
    }
    let pasted = ui.input(|i| i.events.iter().any(|e| matches!(e, egui::Event::Paste(_))));
    if !pasted {
        return None;
    }
    let (prefix, inserted, suffix) = inserted_part(article.field(field), text);
    if !needs_cleanup(&inserted) {
        return None;
    }
    // Keep the paragraph breaks at the edges of the pasted part.
    let mut cleaned = String::new();
    if inserted.starts_with('\n') {
        cleaned.push('\n');
    }
    cleaned.push_str(&clean_paste(&inserted));
    if inserted.ends_with('\n') && !cleaned.ends_with('\n') {
        cleaned.push('\n');
    }
    Some(PasteOffer {
        field,
        pasted_text: text.to_owned(),
        prefix,
        suffix,
        pasted: inserted,
        cleaned,
    })
}

fn preview(text: &str) -> String {
    let mut shown: String = text.chars().take(PREVIEW_CHARS).collect();
    if text.chars().count() > PREVIEW_CHARS {
        shown.push('\u{2026}');
    }
    shown
}

/// The paste cleanup window: the pasted text before and after; `Some(true)` to clean,
/// `Some(false)` to keep it as pasted, `None` while unanswered.
pub fn paste_offer_ui(ctx: &egui::Context, offer: &PasteOffer) -> Option<bool> {
    let mut answer = None;
    egui::Window::new("粘贴清理")
        .collapsible(false)
        .resizable(false)
        .default_width(480.0)
        .show(ctx, |ui| {
            ui.label(
                "粘贴的文字可以清理\u{FF1A}去掉汉字间的空格\u{3001}合并段内断行\u{3001}半角标点和直引号改为全角",
            );
            ui.label(RichText::new("原文").strong());
            egui::ScrollArea::vertical()
                .id_salt("paste-before")
                .max_height(120.0)
                .show(ui, |ui| ui.label(preview(&offer.pasted)));
            ui.label(RichText::new("清理后").strong());
            egui::ScrollArea::vertical()
                .id_salt("paste-after")
                .max_height(120.0)
                .show(ui, |ui| ui.label(preview(&offer.cleaned)));
            ui.horizontal(|ui| {
                if ui.button("清理").clicked() {
                    answer = Some(true);
                }
                if ui.button("保留原样").clicked() {
                    answer = Some(false);
                }
            });
        });
    answer
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inserted_part_splits_around_the_paste() {
        let (p, i, s) = inserted_part("ab|cd", "ab|XYcd");
        assert_eq!((p.as_str(), i.as_str(), s.as_str()), ("ab|", "XY", "cd"));
        let (p, i, s) = inserted_part("", "new");
        assert_eq!((p.as_str(), i.as_str(), s.as_str()), ("", "new", ""));
        // Pasting over a selection: "bc" replaced by "bb".
        let (p, i, s) = inserted_part("abcd", "abbd");
        assert_eq!(format!("{p}{i}{s}"), "abbd");
    }
}
