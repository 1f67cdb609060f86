//! The whole app in an egui_kittest harness, for UI tests.
#![allow(dead_code)]

use caibian::ui::CaibianApp;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

/// A harness drawing the whole app, with the bundled fonts installed (kittest fails on a
/// missing glyph, so every Chinese label must render).
pub fn harness(app: CaibianApp) -> Harness<'static, CaibianApp> {
    harness_with_step(app, 1.0 / 60.0)
}

/// The same, with each step advancing the UI clock by `step_s` seconds.
pub fn harness_with_step(app: CaibianApp, step_s: f32) -> Harness<'static, CaibianApp> {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .with_step_dt(step_s)
        .with_context_setup(|ctx| caibian::ui::setup_context(ctx).expect("bundled fonts load"))
        .build_ui_state(|ui, app: &mut CaibianApp| app.ui_root(ui), app);
    harness.run();
    harness
}

/// Type into the 主题 field of the selected article.
pub fn type_into_headline(harness: &mut Harness<'_, CaibianApp>, text: &str) {
    harness.get_by_label("\u{4E3B}\u{9898}").focus();
    harness.run();
    harness.get_by_label("\u{4E3B}\u{9898}").type_text(text);
    harness.run();
}
