//! 词典: the user adds house-style entries (wrong form -> right form) to the dictionary
//! file in the data folder, which extends the bundled one.

use crate::proof::dictionary::{Entry, EntrySeverity};

use super::theme;

/// The dictionary window.
#[derive(Default)]
pub struct DictionaryWindow {
    /// Whether the window is shown.
    pub open: bool,
    wrong: String,
    right: String,
    note: String,
    safe: bool,
}

impl DictionaryWindow {
    /// Draw the window; returns the entry the user added this frame.
    pub fn ui(&mut self, ctx: &egui::Context, user_entries: usize) -> Option<Entry> {
        if !self.open {
            return None;
        }
        let mut added = None;
        let mut open = self.open;
        egui::Window::new("词典")
            .open(&mut open)
            .resizable(false)
            .show(ctx, |ui| {
                ui.label(
                    egui::RichText::new(format!(
                        "本机词典已有{user_entries}条\u{FF0C}与内置词典一起用于校对"
                    ))
                    .color(theme::WEAK_COLOUR),
                );
                egui::Grid::new("dictionary-entry")
                    .num_columns(2)
                    .spacing([12.0, theme::FORM_ROW_SPACING])
                    .show(ui, |ui| {
                        for (label, text) in [
                            ("错误写法", &mut self.wrong),
                            ("正确写法", &mut self.right),
                            ("说明", &mut self.note),
                        ] {
                            let label = ui.label(label);
                            ui.text_edit_singleline(text).labelled_by(label.id);
                            ui.end_row();
                        }
                    });
                ui.checkbox(&mut self.safe, "可自动修正\u{FF08}错误写法从不正确\u{FF09}");
                let ready = !self.wrong.trim().is_empty() && self.wrong.trim() != self.right.trim();
                if ui
                    .add_enabled(ready, egui::Button::new("加入词典"))
                    .clicked()
                {
                    added = Some(Entry {
                        wrong: self.wrong.trim().to_owned(),
                        right: self.right.trim().to_owned(),
                        note: self.note.trim().to_owned(),
                        exceptions: Vec::new(),
                        severity: if self.safe {
                            EntrySeverity::Error
                        } else {
                            EntrySeverity::Warning
                        },
                        safe: self.safe,
                    });
                    self.wrong.clear();
                    self.right.clear();
                    self.note.clear();
                }
            });
        self.open = open;
        added
    }
}
