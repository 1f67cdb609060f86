//! One export run for the CLI and the GUI alike: checks photos first, then writes the
//! chosen outputs (PDF, page images, web edition, plain text) with progress.

use std::path::{Path, PathBuf};

use crate::fonts::{FontError, FontSet};
use crate::model::Issue;
use crate::typeset::display::{DisplayItem, PageList};

use super::pdf::{PdfError, PdfOptions, export_pdf, export_pdf_per_page};
use super::photos::{EXPORT_PHOTO_PX, Photos};
use super::raster::{DEFAULT_DPI, RenderError, export_pngs};
use super::text::export_text;
use super::web::{ExportError, export_web};

/// What to export and where.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportRequest {
    /// The whole issue as one print PDF.
    pub pdf: Option<PathBuf>,
    /// One PDF per page, into this folder.
    pub pdf_pages_dir: Option<PathBuf>,
    /// Crop marks and 3 mm bleed on the PDF pages.
    pub crop_marks: bool,
    /// Page images (PNG and thumbnails), into this folder.
    pub png_dir: Option<PathBuf>,
    /// Resolution of the page images.
    pub dpi: f32,
    /// The web edition, into this folder.
    pub html_dir: Option<PathBuf>,
    /// Plain text per article, into this folder.
    pub txt_dir: Option<PathBuf>,
}

impl Default for ExportRequest {
    fn default() -> Self {
        ExportRequest {
            pdf: None,
            pdf_pages_dir: None,
            crop_marks: false,
            png_dir: None,
            dpi: DEFAULT_DPI,
            html_dir: None,
            txt_dir: None,
        }
    }
}

impl ExportRequest {
    /// Whether anything at all is asked for.
    pub fn is_empty(&self) -> bool {
        self.pdf.is_none()
            && self.pdf_pages_dir.is_none()
            && self.png_dir.is_none()
            && self.html_dir.is_none()
            && self.txt_dir.is_none()
    }
}

/// Where an export run stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportProgress {
    /// The output being written, in Chinese (e.g. 印刷PDF).
    pub stage: &'static str,
    /// Steps done within the stage.
    pub done: usize,
    /// Steps in the stage.
    pub total: usize,
}

/// What an export run wrote.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExportReport {
    /// The files written.
    pub files: Vec<PathBuf>,
    /// Things the editor should know (nothing fatal).
    pub warnings: Vec<String>,
}

/// Why an export run stopped.
#[derive(Debug, thiserror::Error)]
pub enum ExportFailure {
    /// Nothing was chosen.
    #[error("没有选择任何导出内容 (nothing to export)")]
    NothingChosen,
    /// Photos the pages need are missing or unreadable; nothing was written.
    #[error("图片缺失或无法读取\u{FF0C}未导出 (missing photos, nothing exported)\u{FF1A}{}", .0.join("\u{FF1B}"))]
    MissingPhotos(Vec<String>),
    /// The fonts could not be loaded.
    #[error(transparent)]
    Fonts(#[from] FontError),
    /// The PDF could not be written.
    #[error(transparent)]
    Pdf(#[from] PdfError),
    /// The page images could not be written.
    #[error(transparent)]
    Raster(#[from] RenderError),
    /// The web edition or the text files could not be written.
    #[error(transparent)]
    Files(#[from] ExportError),
}

/// Every photo the pages show that cannot be loaded, with the reason; from the files'
/// headers, so that checking does not decode every photo.
pub fn missing_photos(pages: &[PageList], photos: &mut Photos) -> Vec<String> {
    let mut missing = Vec::new();
    for page in pages {
        for item in &page.items {
            if let DisplayItem::Image(image) = item
                && let Err(error) = photos.header(&image.path)
            {
                let message = format!("第{}版 {}", page.number, error);
                if !missing.contains(&message) {
                    missing.push(message);
                }
            }
        }
    }
    missing
}

/// Run an export. Photos are checked before anything is written.
pub fn run_export(
    issue: &Issue,
    pages: &[PageList],
    photo_folder: Option<&Path>,
    request: &ExportRequest,
    progress: &mut dyn FnMut(ExportProgress),
) -> Result<ExportReport, ExportFailure> {
    if request.is_empty() {
        return Err(ExportFailure::NothingChosen);
    }
    if request.png_dir.is_some() || request.html_dir.is_some() {
        // Before anything is written: a bad resolution must not leave a PDF behind.
        super::raster::check_dpi(request.dpi)?;
    }
    let fonts = FontSet::shared()?;
    let mut photos = Photos::new(photo_folder, EXPORT_PHOTO_PX);
    let missing = missing_photos(pages, &mut photos);
    if !missing.is_empty() {
        return Err(ExportFailure::MissingPhotos(missing));
    }
    let mut report = ExportReport::default();
    let options = PdfOptions {
        crop_marks: request.crop_marks,
    };
    if let Some(path) = &request.pdf {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|source| ExportError::CreateDir {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        let mut step = stage(progress, "印刷PDF");
        let warnings = export_pdf(issue, pages, fonts, &mut photos, &options, path, &mut step)?;
        report.files.push(path.clone());
        report
            .warnings
            .extend(warnings.iter().map(ToString::to_string));
    }
    if let Some(dir) = &request.pdf_pages_dir {
        let mut step = stage(progress, "分版PDF");
        let written =
            export_pdf_per_page(issue, pages, fonts, &mut photos, &options, dir, &mut step)?;
        report.files.extend(written.files);
        report
            .warnings
            .extend(written.warnings.iter().map(ToString::to_string));
    }
    if let Some(dir) = &request.png_dir {
        let mut step = stage(progress, "版面图片");
        let written = export_pngs(pages, fonts, &mut photos, dir, request.dpi, &mut step)?;
        report.files.extend(written.files);
        report.warnings.extend(written.warnings);
    }
    if let Some(dir) = &request.html_dir {
        let images_dir = dir.join("pages");
        let images = {
            let mut step = stage(progress, "网络版图片");
            export_pngs(
                pages,
                fonts,
                &mut photos,
                &images_dir,
                request.dpi,
                &mut step,
            )?
        };
        let pairs: Vec<(u32, PathBuf, PathBuf)> = pages
            .iter()
            .zip(images.files.chunks(2))
            .filter_map(|(page, files)| match files {
                [full, thumb] => Some((page.number, full.clone(), thumb.clone())),
                _ => None,
            })
            .collect();
        // The page images of the web edition are files written too.
        report.files.extend(images.files.iter().cloned());
        let mut step = stage(progress, "网络版");
        let written = export_web(issue, pages, &pairs, &photos, dir, &mut step)?;
        report.files.extend(written.files);
        report.warnings.extend(written.warnings);
    }
    if let Some(dir) = &request.txt_dir {
        let mut step = stage(progress, "纯文本");
        report.files.extend(export_text(issue, dir, &mut step)?);
    }
    Ok(report)
}

/// A `(done, total)` callback that reports under a stage name.
fn stage<'a>(
    progress: &'a mut dyn FnMut(ExportProgress),
    name: &'static str,
) -> impl FnMut(usize, usize) + 'a {
    move |done, total| {
        progress(ExportProgress {
            stage: name,
            done,
            total,
        })
    }
}
