//! Page furniture: the nameplate on page one, the header strip, the credits line.

use crate::model::{EditorCredits, Issue, Page};

use super::display::{DisplayItem, Rgb, Rule};
use super::metrics::FontMetrics;
use super::runs::{BASELINE_EM, RunStyle, text_run, text_width_pt};
use super::template::Template;
use crate::dates;

/// How far below the page's top edge the nameplate band starts.
const NAMEPLATE_TOP_MM: f32 = 12.0;

/// Nameplates are set larger than any 号 size: this multiplies the template's size.
const NAMEPLATE_SCALE: f32 = 2.0;

/// Items for the furniture of `page`.
pub fn furniture(
    metrics: &FontMetrics,
    template: &Template,
    issue: &Issue,
    page: &Page,
) -> Vec<DisplayItem> {
    let mut items = Vec::new();
    if page.number == 1 {
        nameplate(metrics, template, issue, &mut items);
    } else {
        header_strip(metrics, template, issue, page, &mut items);
    }
    let credits = page.credits.as_ref().unwrap_or(&issue.credits);
    credits_line(metrics, template, credits, &mut items);
    items
}

fn header_style(template: &Template) -> RunStyle {
    RunStyle {
        face: template.header.face.face(),
        size_pt: template.header.size_pt(),
        colour: Rgb::BLACK,
    }
}

/// A line of furniture text aligned left, centred or right in the type area.
fn place(
    metrics: &FontMetrics,
    style: RunStyle,
    text: &str,
    template: &Template,
    align: f32,
    baseline: f32,
    items: &mut Vec<DisplayItem>,
) {
    let extent = (template.type_left_pt(), template.type_width_pt());
    place_within(metrics, style, text, extent, align, baseline, items);
}

/// A line of furniture text aligned left (0), centred (0.5) or right (1) within the
/// `width` from `left`.
fn place_within(
    metrics: &FontMetrics,
    style: RunStyle,
    text: &str,
    (left, extent_width): (f32, f32),
    align: f32,
    baseline: f32,
    items: &mut Vec<DisplayItem>,
) {
    let width = text_width_pt(metrics, style.face, style.size_pt, text);
    let x = left + (extent_width - width) * align;
    items.push(DisplayItem::Glyphs(text_run(
        metrics, style, text, x, baseline, None,
    )));
}

fn header_strip(
    metrics: &FontMetrics,
    template: &Template,
    issue: &Issue,
    page: &Page,
    items: &mut Vec<DisplayItem>,
) {
    let style = header_style(template);
    let rule_y = template.type_top_pt() - template.body_pt();
    let baseline = rule_y - 0.4 * style.size_pt;
    let page_label = format!("第{}版  {}", page.number, page.name);
    let mut bold = style;
    bold.face = template.headline.face.face();
    place(metrics, bold, &page_label, template, 0.0, baseline, items);
    place(
        metrics,
        style,
        &issue.paper_name,
        template,
        0.5,
        baseline,
        items,
    );
    place(
        metrics,
        style,
        &dates::gregorian_with_weekday(issue.date),
        template,
        1.0,
        baseline,
        items,
    );
    items.push(DisplayItem::Rule(Rule {
        from: (template.type_left_pt(), rule_y),
        to: (template.type_left_pt() + template.type_width_pt(), rule_y),
        width_pt: 1.0,
        colour: Rgb::BLACK,
    }));
}

fn nameplate(
    metrics: &FontMetrics,
    template: &Template,
    issue: &Issue,
    items: &mut Vec<DisplayItem>,
) {
    let pitch = template.line_pitch_pt();
    // Page one has no header strip: the nameplate band reaches up into the top margin.
    let top = template
        .type_top_pt()
        .min(crate::units::Mm(NAMEPLATE_TOP_MM).to_pt().0);
    let height = template.type_top_pt() + template.nameplate_lines as f32 * pitch - top;
    let name_style = RunStyle {
        face: template.nameplate.face.face(),
        size_pt: template.nameplate.size_pt() * NAMEPLATE_SCALE,
        colour: Rgb::RED,
    };
    let name_baseline =
        top + (height - name_style.size_pt) / 2.0 + BASELINE_EM * name_style.size_pt;
    items.push(DisplayItem::Glyphs(text_run(
        metrics,
        name_style,
        &issue.paper_name,
        template.type_left_pt(),
        name_baseline,
        None,
    )));
    let style = header_style(template);
    let info = [
        format!("第{}期  总第{}期", issue.issue_number, issue.running_number),
        dates::gregorian_with_weekday(issue.date),
        dates::lunar(issue.date),
        issue.publisher.clone(),
    ];
    let line_height = style.size_pt * 1.6;
    let block_height = info.len() as f32 * line_height;
    let mut baseline = top + (height - block_height) / 2.0 + BASELINE_EM * style.size_pt;
    // Flush right against the 报眼 when there is one, else against the type area.
    let extent = (template.type_left_pt(), template.nameplate_width_pt());
    for text in info.iter().filter(|t| !t.is_empty()) {
        place_within(metrics, style, text, extent, 1.0, baseline, items);
        baseline += line_height;
    }
    let rule_y = top + height - 0.5 * pitch;
    let left = template.type_left_pt();
    let right = left + template.type_width_pt();
    items.push(DisplayItem::Rule(Rule {
        from: (left, rule_y - 2.0),
        to: (right, rule_y - 2.0),
        width_pt: 2.0,
        colour: Rgb::RED,
    }));
    items.push(DisplayItem::Rule(Rule {
        from: (left, rule_y + 0.5),
        to: (right, rule_y + 0.5),
        width_pt: 0.5,
        colour: Rgb::RED,
    }));
}

fn credits_line(
    metrics: &FontMetrics,
    template: &Template,
    credits: &EditorCredits,
    items: &mut Vec<DisplayItem>,
) {
    let mut parts = Vec::new();
    if !credits.editor.is_empty() {
        parts.push(format!("责任编辑\u{FF1A}{}", credits.editor));
    }
    if !credits.proofreader.is_empty() {
        parts.push(format!("校对\u{FF1A}{}", credits.proofreader));
    }
    if !credits.designer.is_empty() {
        parts.push(format!("美编\u{FF1A}{}", credits.designer));
    }
    if parts.is_empty() {
        return;
    }
    let mut style = header_style(template);
    style.colour = Rgb::GREY;
    let baseline = template.type_top_pt() + template.type_height_pt() + 1.5 * template.body_pt();
    place(
        metrics,
        style,
        &parts.join("  "),
        template,
        1.0,
        baseline,
        items,
    );
}
