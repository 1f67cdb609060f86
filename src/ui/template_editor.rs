//! 版式: edit a page template (page, margins, grid, type styles), see the pages change at
//! once, and save it as the user's copy, which shadows the bundled template of that name
//! (the program's own files are never written).

use std::path::{Path, PathBuf};

use egui::RichText;

use crate::model::{Alignment, FaceName, Template, TextStyle};
use crate::store::template::{ShadowedTemplate, shadowed_templates};
use crate::units::{Hao, Mm};

use super::dialogs::Notice;
use super::theme;

/// What the editor asks the app to do.
pub enum TemplateAction {
    /// Typeset with this template from now on.
    Apply(Template),
    /// Show this message.
    Notice(Notice),
}

/// One template in the editor: as it is being edited, as it was when the window opened
/// (for 取消), and the bundled and saved versions it comes from.
struct Entry {
    source: ShadowedTemplate,
    opened: Template,
    edited: Template,
}

/// The template editor window.
#[derive(Default)]
pub struct TemplateEditor {
    /// Whether the window is shown.
    pub open: bool,
    entries: Vec<Entry>,
    /// Where the user's copies are saved; `None` when there is no data folder.
    user_dir: Option<PathBuf>,
    /// Index of the template shown.
    current: usize,
}

impl TemplateEditor {
    /// Open the window on the bundled templates in `dir`, shadowed by the user's copies in
    /// `user_dir`, showing the one named `shown` (the current page's template).
    pub fn show(&mut self, dir: &Path, user_dir: Option<&Path>, shown: &str) -> Option<Notice> {
        match shadowed_templates(dir, user_dir) {
            Ok(templates) => {
                self.entries = templates
                    .into_iter()
                    .map(|source| Entry {
                        opened: source.effective().clone(),
                        edited: source.effective().clone(),
                        source,
                    })
                    .collect();
                self.user_dir = user_dir.map(Path::to_path_buf);
                self.current = self
                    .entries
                    .iter()
                    .position(|e| e.edited.name == shown)
                    .unwrap_or(0);
                self.open = true;
                None
            }
            Err(error) => Some(Notice::error(format!("无法读取版式\u{FF1A}{error}"))),
        }
    }

    /// Draw the window; returns what the app should do.
    pub fn ui(&mut self, ctx: &egui::Context) -> Vec<TemplateAction> {
        let mut actions = Vec::new();
        if !self.open {
            return actions;
        }
        let mut open = self.open;
        egui::Window::new("版式")
            .open(&mut open)
            .resizable(false)
            .show(ctx, |ui| {
                self.picker_ui(ui);
                let user_dir = self.user_dir.clone();
                let Some(entry) = self.entries.get_mut(self.current) else {
                    return;
                };
                let before = entry.edited.clone();
                egui::ScrollArea::vertical()
                    .max_height(560.0)
                    .show(ui, |ui| {
                        grid_ui(ui, &mut entry.edited);
                        ui.separator();
                        styles_ui(ui, &mut entry.edited);
                    });
                let valid = entry.edited.validate();
                if let Err(problem) = &valid {
                    ui.label(RichText::new(problem).color(theme::ERROR_COLOUR));
                }
                if entry.edited != before && valid.is_ok() {
                    actions.push(TemplateAction::Apply(entry.edited.clone()));
                }
                ui.separator();
                let mut cancel = false;
                ui.horizontal(|ui| {
                    let save_button = egui::Button::new("保存版式");
                    if ui
                        .add_enabled(valid.is_ok() && user_dir.is_some(), save_button)
                        .clicked()
                        && let Some(dir) = &user_dir
                    {
                        actions.push(TemplateAction::Notice(save(dir, entry)));
                    }
                    if ui.button("还原默认").clicked() {
                        actions.extend(restore_bundled(user_dir.as_deref(), entry));
                    }
                    cancel = ui.button("取消").clicked();
                });
                if cancel {
                    actions.extend(self.cancel());
                }
            });
        self.open = self.open && open;
        actions
    }

    /// 取消: every template back to how it was when the window opened; the window closes.
    fn cancel(&mut self) -> Vec<TemplateAction> {
        self.open = false;
        self.entries
            .iter_mut()
            .filter(|e| e.edited != e.opened)
            .map(|e| {
                e.edited = e.opened.clone();
                TemplateAction::Apply(e.edited.clone())
            })
            .collect()
    }

    fn picker_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            for (index, entry) in self.entries.iter().enumerate() {
                let saved = if entry.source.user.is_some() {
                    "\u{FF08}已修改\u{FF09}"
                } else {
                    ""
                };
                let label = format!("{}{saved}", entry.edited.name);
                if ui.selectable_label(index == self.current, label).clicked() {
                    self.current = index;
                }
            }
        });
    }
}

/// Save the template as the user's copy, under the bundled file's name in `user_dir`.
fn save(user_dir: &Path, entry: &mut Entry) -> Notice {
    let path = user_dir.join(&entry.source.file_name);
    let written = std::fs::create_dir_all(user_dir)
        .map_err(|e| e.to_string())
        .and_then(|()| {
            crate::store::template::save(&path, &entry.edited).map_err(|e| e.to_string())
        });
    match written {
        Ok(()) => {
            entry.source.user = Some(entry.edited.clone());
            entry.opened = entry.edited.clone();
            Notice::info(format!(
                "版式“{}”已保存到 {}",
                entry.edited.name,
                path.display()
            ))
        }
        Err(error) => Notice::error(format!("版式未保存\u{FF1A}{error}")),
    }
}

/// 还原默认: the bundled template again, and the user's saved copy removed.
fn restore_bundled(user_dir: Option<&Path>, entry: &mut Entry) -> Vec<TemplateAction> {
    entry.edited = entry.source.bundled.clone();
    let mut actions = vec![TemplateAction::Apply(entry.edited.clone())];
    if entry.source.user.take().is_some()
        && let Some(dir) = user_dir
    {
        let path = dir.join(&entry.source.file_name);
        let notice = match std::fs::remove_file(&path) {
            Ok(()) => Notice::info(format!("已还原默认版式“{}”", entry.edited.name)),
            Err(error) => Notice::error(format!("无法删除 {}\u{FF1A}{error}", path.display())),
        };
        actions.push(TemplateAction::Notice(notice));
    }
    entry.opened = entry.edited.clone();
    actions
}

fn mm_row(ui: &mut egui::Ui, label: &str, value: &mut Mm) {
    let label = ui.label(label);
    ui.add(
        egui::DragValue::new(&mut value.0)
            .range(0.0..=2000.0)
            .speed(0.5)
            .suffix(" mm"),
    )
    .labelled_by(label.id);
    ui.end_row();
}

/// A whole-number row. `range` must hold every value the template allows: egui moves a
/// value outside it into it as soon as the row is shown.
fn count_row(
    ui: &mut egui::Ui,
    label: &str,
    value: &mut u32,
    range: std::ops::RangeInclusive<u32>,
) {
    let label = ui.label(label);
    ui.add(egui::DragValue::new(value).range(range))
        .labelled_by(label.id);
    ui.end_row();
}

fn grid_ui(ui: &mut egui::Ui, template: &mut Template) {
    egui::Grid::new("template-grid")
        .num_columns(2)
        .spacing([12.0, theme::FORM_ROW_SPACING])
        .show(ui, |ui| {
            mm_row(ui, "页宽", &mut template.page_width);
            mm_row(ui, "页高", &mut template.page_height);
            mm_row(ui, "上边距", &mut template.margin_top);
            mm_row(ui, "下边距", &mut template.margin_bottom);
            mm_row(ui, "左边距", &mut template.margin_left);
            mm_row(ui, "右边距", &mut template.margin_right);
            count_row(ui, "栏数", &mut template.columns, 1..=20);
            count_row(ui, "每行字数", &mut template.chars_per_line, 1..=60);
            count_row(
                ui,
                "栏间距\u{FF08}字\u{FF09}",
                &mut template.gutter_chars,
                0..=6,
            );
            count_row(ui, "每栏行数", &mut template.lines_per_column, 1..=300);
            count_row(ui, "报头行数", &mut template.nameplate_lines, 0..=100);
            let ear_max = template.columns.saturating_sub(1);
            count_row(ui, "报眼栏数", &mut template.ear_columns, 0..=ear_max);
            let label = ui.label("行距\u{FF08}字高\u{FF09}");
            ui.add(
                egui::DragValue::new(&mut template.line_gap_em)
                    .range(0.0..=2.0)
                    .speed(0.05),
            )
            .labelled_by(label.id);
            ui.end_row();
            let label = ui.label("标题对齐");
            ui.horizontal(|ui| {
                ui.radio_value(&mut template.headline_alignment, Alignment::Centre, "居中");
                ui.radio_value(&mut template.headline_alignment, Alignment::Left, "居左");
            })
            .response
            .labelled_by(label.id);
            ui.end_row();
        });
}

fn styles_ui(ui: &mut egui::Ui, template: &mut Template) {
    let rows: [(&str, &mut TextStyle); 10] = [
        ("正文", &mut template.body),
        ("电头", &mut template.dateline),
        ("引题", &mut template.kicker),
        ("主题\u{FF08}一二栏\u{FF09}", &mut template.headline),
        ("主题\u{FF08}三栏以上\u{FF09}", &mut template.headline_wide),
        ("副题", &mut template.subtitle),
        ("署名", &mut template.byline),
        ("图片说明", &mut template.caption),
        ("版头", &mut template.header),
        ("报头", &mut template.nameplate),
    ];
    egui::Grid::new("template-styles")
        .num_columns(3)
        .spacing([12.0, theme::FORM_ROW_SPACING])
        .show(ui, |ui| {
            for (name, style) in rows {
                ui.label(name);
                let face_label = format!("{name}字体");
                egui::ComboBox::from_id_salt(("face", name))
                    .selected_text(style.face.face().label())
                    .show_ui(ui, |ui| {
                        for face in FaceName::ALL {
                            ui.selectable_value(&mut style.face, face, face.face().label());
                        }
                    })
                    .response
                    .widget_info(|| named(egui::accesskit::Role::ComboBox, &face_label));
                let size_label = format!("{name}字号");
                egui::ComboBox::from_id_salt(("size", name))
                    .selected_text(size_text(style.size))
                    .show_ui(ui, |ui| {
                        for size in Hao::ALL {
                            ui.selectable_value(&mut style.size, size, size_text(size));
                        }
                    })
                    .response
                    .widget_info(|| named(egui::accesskit::Role::ComboBox, &size_label));
                ui.end_row();
            }
        });
}

/// A size as the editor shows it: 小五（9 pt）.
fn size_text(size: Hao) -> String {
    format!("{}\u{FF08}{} pt\u{FF09}", size.name(), size.size_pt().0)
}

fn named(role: egui::accesskit::Role, name: &str) -> egui::WidgetInfo {
    egui::WidgetInfo::labeled(role, true, name)
}
