//! Theme values in one place: colours, spacing, panel sizes.

use egui::Color32;

use crate::model::Status;

/// Width of the issue tree panel in points.
pub const TREE_PANEL_WIDTH: f32 = 260.0;
/// Width of the page preview panel in points.
pub const PREVIEW_PANEL_WIDTH: f32 = 560.0;
/// Height of the 校对 panel in points.
pub const CHECKS_PANEL_HEIGHT: f32 = 200.0;
/// Colour of error notices.
pub const ERROR_COLOUR: Color32 = Color32::from_rgb(0xC0, 0x1C, 0x28);
/// Colour of information notices.
pub const INFO_COLOUR: Color32 = Color32::from_rgb(0x1A, 0x5F, 0xB4);
/// Colour of warnings (check findings, amber).
pub const WARNING_COLOUR: Color32 = Color32::from_rgb(0xD0, 0x8A, 0x00);
/// Colour of secondary text (counts, hints).
pub const WEAK_COLOUR: Color32 = Color32::from_rgb(0x77, 0x77, 0x77);
/// Hovered headline: where the breaker broke a line.
pub const HEADLINE_BREAK_COLOUR: Color32 = INFO_COLOUR;
/// Hovered headline: where the editor typed a line break.
pub const HEADLINE_MANUAL_BREAK_COLOUR: Color32 = Color32::from_rgb(0x1E, 0x7B, 0x34);
/// Hovered headline: word boundaries where a line could break.
pub const HEADLINE_POSSIBLE_BREAK_COLOUR: Color32 = Color32::from_rgb(0xB0, 0xB0, 0xB0);
/// Space between form rows.
pub const FORM_ROW_SPACING: f32 = 6.0;
/// Body text size in the form editor.
pub const BODY_TEXT_SIZE: f32 = 16.0;
/// Headline text size in the form editor.
pub const HEADLINE_TEXT_SIZE: f32 = 20.0;

/// Apply the app's look to the egui context.
pub fn apply(ctx: &egui::Context) {
    ctx.set_visuals(egui::Visuals::light());
    ctx.global_style_mut(|style| {
        style.spacing.item_spacing = egui::vec2(8.0, FORM_ROW_SPACING);
    });
}

/// The colour of a workflow status tag in the issue tree.
pub fn status_colour(status: Status) -> Color32 {
    match status {
        Status::Draft => WEAK_COLOUR,
        Status::Pending => Color32::from_rgb(0xC6, 0x6A, 0x00),
        Status::Edited => INFO_COLOUR,
        Status::Approved => Color32::from_rgb(0x1E, 0x7B, 0x34),
        Status::Withdrawn => ERROR_COLOUR,
    }
}

/// Text added by an imported version, in the replace offer's diff.
pub const DIFF_ADDED_COLOUR: Color32 = Color32::from_rgb(0x1E, 0x7B, 0x34);
/// Text an imported version removes, in the replace offer's diff.
pub const DIFF_REMOVED_COLOUR: Color32 = Color32::from_rgb(0xC0, 0x1C, 0x28);
/// Height of the diff list in the replace offer, in points.
pub const DIFF_LIST_HEIGHT: f32 = 360.0;
/// Width of the output path fields in the export window: a whole path stays readable.
pub const EXPORT_PATH_FIELD_WIDTH: f32 = 560.0;
