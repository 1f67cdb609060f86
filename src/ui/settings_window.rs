//! 设置: the user's name for article histories, the autosave interval and the number of
//! backups kept.

use super::app::SafetySettings;
use super::theme;

/// What the settings window edits.
#[derive(Debug, Clone, PartialEq)]
pub struct UserSettings {
    /// The name written into article histories.
    pub user_name: String,
    /// Autosave and backups.
    pub safety: SafetySettings,
    /// The simpler correspondent window (通讯员模式).
    pub correspondent: bool,
}

/// The settings window.
#[derive(Default)]
pub struct SettingsWindow {
    /// Whether the window is shown.
    pub open: bool,
}

impl SettingsWindow {
    /// Draw the window over `settings`; returns true when something changed.
    pub fn ui(&mut self, ctx: &egui::Context, settings: &mut UserSettings) -> bool {
        if !self.open {
            return false;
        }
        let before = settings.clone();
        let mut open = self.open;
        egui::Window::new("设置")
            .open(&mut open)
            .resizable(false)
            .show(ctx, |ui| {
                egui::Grid::new("settings")
                    .num_columns(2)
                    .spacing([12.0, theme::FORM_ROW_SPACING])
                    .show(ui, |ui| {
                        let label = ui.label("用户名");
                        ui.text_edit_singleline(&mut settings.user_name)
                            .labelled_by(label.id);
                        ui.end_row();
                        let label = ui.label("自动保存间隔");
                        ui.add(
                            egui::DragValue::new(&mut settings.safety.autosave_seconds)
                                .range(5.0..=3600.0)
                                .suffix(" 秒"),
                        )
                        .labelled_by(label.id);
                        ui.end_row();
                        let label = ui.label("保留备份份数");
                        ui.add(egui::DragValue::new(&mut settings.safety.backups).range(0..=100))
                            .labelled_by(label.id);
                        ui.end_row();
                        ui.label("窗口");
                        ui.checkbox(&mut settings.correspondent, "通讯员模式");
                        ui.end_row();
                    });
            });
        self.open = open;
        *settings != before
    }
}
