//! 文件 → 导出: choose outputs and folders, run the export on a worker thread with a
//! progress bar, and report when it is done or failed.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use crate::model::Issue;
use crate::render::export::{ExportProgress, ExportReport, ExportRequest, run_export};
use crate::render::raster::{MAX_DPI, MIN_DPI};
use crate::typeset::display::PageList;

use super::dialogs::Notice;
use super::theme;

/// One output the user can switch on, with where it goes.
#[derive(Debug, Clone, Default)]
struct Target {
    enabled: bool,
    path: String,
}

/// A running export.
struct Job {
    handle: JoinHandle<Result<ExportReport, String>>,
    progress: Arc<Mutex<Option<ExportProgress>>>,
}

/// The export window.
pub struct ExportDialog {
    /// Whether the window is shown.
    pub open: bool,
    pdf: Target,
    pdf_pages: Target,
    crop_marks: bool,
    png: Target,
    dpi: f32,
    html: Target,
    txt: Target,
    job: Option<Job>,
}

impl Default for ExportDialog {
    fn default() -> Self {
        ExportDialog {
            open: false,
            pdf: Target::default(),
            pdf_pages: Target::default(),
            crop_marks: false,
            png: Target::default(),
            dpi: crate::render::raster::DEFAULT_DPI,
            html: Target::default(),
            txt: Target::default(),
            job: None,
        }
    }
}

impl ExportDialog {
    /// Open the window, proposing folders beside the issue file.
    pub fn show(&mut self, issue_file: Option<&Path>) {
        self.open = true;
        let (folder, stem) = match issue_file {
            Some(path) => (
                crate::store::photo::issue_folder(path),
                path.file_stem()
                    .map_or_else(|| "issue".to_owned(), |s| s.to_string_lossy().into_owned()),
            ),
            None => (
                std::env::current_dir().unwrap_or_default(),
                "issue".to_owned(),
            ),
        };
        let out = folder.join(format!("{stem}-导出"));
        let fill = |target: &mut Target, path: PathBuf| {
            if target.path.is_empty() {
                target.path = path.display().to_string();
            }
        };
        fill(&mut self.pdf, out.join(format!("{stem}.pdf")));
        fill(&mut self.pdf_pages, out.join("分版PDF"));
        fill(&mut self.png, out.join("版面图片"));
        fill(&mut self.html, out.join("网络版"));
        fill(&mut self.txt, out.join("纯文本"));
        if !(self.pdf.enabled
            || self.pdf_pages.enabled
            || self.png.enabled
            || self.html.enabled
            || self.txt.enabled)
        {
            self.pdf.enabled = true;
        }
    }

    /// Whether an export is running.
    pub fn is_running(&self) -> bool {
        self.job.is_some()
    }

    fn request(&self) -> ExportRequest {
        let chosen = |target: &Target| {
            (target.enabled && !target.path.trim().is_empty())
                .then(|| PathBuf::from(target.path.trim()))
        };
        ExportRequest {
            pdf: chosen(&self.pdf),
            pdf_pages_dir: chosen(&self.pdf_pages),
            crop_marks: self.crop_marks,
            png_dir: chosen(&self.png),
            dpi: self.dpi,
            html_dir: chosen(&self.html),
            txt_dir: chosen(&self.txt),
        }
    }

    /// Draw the window; returns a notice when an export finished this frame.
    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        issue: &Issue,
        pages: &[PageList],
        photo_folder: Option<&Path>,
    ) -> Option<Notice> {
        let finished = self.poll();
        if !self.open && self.job.is_none() {
            return finished;
        }
        let mut open = self.open;
        egui::Window::new("导出")
            .open(&mut open)
            .resizable(true)
            .show(ctx, |ui| {
                ui.add_enabled_ui(self.job.is_none(), |ui| self.choices_ui(ui));
                ui.separator();
                match &self.job {
                    Some(job) => progress_ui(ui, job),
                    None => {
                        let request = self.request();
                        if ui
                            .add_enabled(!request.is_empty(), egui::Button::new("开始导出"))
                            .clicked()
                        {
                            self.job = Some(start(
                                ctx.clone(),
                                issue.clone(),
                                pages.to_vec(),
                                photo_folder.map(Path::to_path_buf),
                                request,
                            ));
                        }
                    }
                }
            });
        self.open = open;
        if self.job.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
        finished
    }

    fn choices_ui(&mut self, ui: &mut egui::Ui) {
        egui::Grid::new("export-choices")
            .num_columns(3)
            .spacing([8.0, theme::FORM_ROW_SPACING])
            .show(ui, |ui| {
                target_row(ui, "印刷PDF\u{FF08}整期\u{FF09}", &mut self.pdf, false);
                target_row(
                    ui,
                    "分版PDF\u{FF08}每版一个文件\u{FF09}",
                    &mut self.pdf_pages,
                    true,
                );
                ui.label("");
                ui.checkbox(&mut self.crop_marks, "裁切标记与3毫米出血");
                ui.end_row();
                target_row(ui, "版面图片 PNG", &mut self.png, true);
                let label = ui.label("分辨率");
                ui.add(
                    egui::DragValue::new(&mut self.dpi)
                        .range(MIN_DPI..=MAX_DPI)
                        .suffix(" dpi"),
                )
                .labelled_by(label.id);
                ui.end_row();
                target_row(ui, "网络版 HTML", &mut self.html, true);
                target_row(ui, "纯文本", &mut self.txt, true);
            });
    }

    /// Collect a finished job.
    fn poll(&mut self) -> Option<Notice> {
        if !self
            .job
            .as_ref()
            .is_some_and(|job| job.handle.is_finished())
        {
            return None;
        }
        let job = self.job.take()?;
        let notice = match job.handle.join() {
            Ok(Ok(report)) => {
                let mut text = format!("导出完成\u{FF0C}共写出 {} 个文件", report.files.len());
                if !report.warnings.is_empty() {
                    text.push_str(&format!(
                        "\u{FF1B}注意\u{FF1A}{}",
                        report.warnings.join("\u{FF1B}")
                    ));
                }
                Notice::info(text)
            }
            Ok(Err(message)) => Notice::error(format!("导出失败\u{FF1A}{message}")),
            Err(_) => Notice::error("导出失败\u{FF1A}导出过程意外中止"),
        };
        Some(notice)
    }
}

/// A checkbox, a path field and a 选择… button for one output.
fn target_row(ui: &mut egui::Ui, label: &str, target: &mut Target, folder: bool) {
    ui.checkbox(&mut target.enabled, label);
    let field_label = if folder {
        format!("{label}文件夹")
    } else {
        format!("{label}文件")
    };
    ui.add(
        egui::TextEdit::singleline(&mut target.path).desired_width(theme::EXPORT_PATH_FIELD_WIDTH),
    )
    .widget_info(|| {
        egui::WidgetInfo::labeled(egui::accesskit::Role::TextInput, true, &field_label)
    });
    if ui.button("选择…").on_hover_text(field_label).clicked() {
        let dialog = rfd::FileDialog::new().set_title(label);
        let picked = if folder {
            dialog.pick_folder()
        } else {
            dialog.add_filter("PDF", &["pdf"]).save_file()
        };
        if let Some(path) = picked {
            target.path = path.display().to_string();
            target.enabled = true;
        }
    }
    ui.end_row();
}

fn progress_ui(ui: &mut egui::Ui, job: &Job) {
    let progress = job.progress.lock().ok().and_then(|p| p.clone());
    match progress {
        Some(step) if step.total > 0 => {
            let fraction = step.done as f32 / step.total as f32;
            ui.add(
                egui::ProgressBar::new(fraction)
                    .text(format!("{} {}/{}", step.stage, step.done, step.total)),
            );
        }
        _ => {
            ui.add(egui::ProgressBar::new(0.0).text("正在准备…"));
        }
    }
}

/// Run the export on a worker thread so the window stays responsive.
fn start(
    ctx: egui::Context,
    issue: Issue,
    pages: Vec<PageList>,
    photo_folder: Option<PathBuf>,
    request: ExportRequest,
) -> Job {
    let progress = Arc::new(Mutex::new(None));
    let shared = Arc::clone(&progress);
    let handle = std::thread::spawn(move || {
        let mut report = |step: ExportProgress| {
            if let Ok(mut slot) = shared.lock() {
                *slot = Some(step);
            }
            ctx.request_repaint();
        };
        let result = run_export(
            &issue,
            &pages,
            photo_folder.as_deref(),
            &request,
            &mut report,
        )
        .map_err(|e| e.to_string());
        // Wake the window: an idle window would otherwise show the result only at the
        // next input event.
        ctx.request_repaint();
        result
    });
    Job { handle, progress }
}
