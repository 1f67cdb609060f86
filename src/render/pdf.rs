//! PDF export: draws the typeset display list with pdf-writer, fonts embedded and subset.
//!
//! Why not krilla (used until issue 14): krilla serialises every font one after another
//! on one core, draws every glyph of each subset to find the font's bounding box, and
//! compresses at a fixed level; for the sample that was 13 of the export's 27 ms. Here
//! the subsets are cut by the same subsetter krilla uses, all streams compress at once on
//! every core (`pdf_deflate`), and the font's bounding box is the one its `head` records.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use chrono::Datelike;
use pdf_writer::types::NumberingStyle;
use pdf_writer::writers::PageLabel;
use pdf_writer::{Chunk, Date, Filter, Finish, Name, Pdf, Rect, Ref, TextStr};

use crate::fonts::FontSet;
use crate::model::Issue;
use crate::render::photos::Photos;
use crate::store::StoreError;
use crate::typeset::display::{DisplayItem, PageList};
use crate::units::PT_PER_MM;

use super::pdf_deflate::{Source, Zlib, zlib_all};
use super::pdf_fonts::{FaceRefs, FaceUsage, write_face};
use super::pdf_images::{PdfImage, load_image, write_images};
use super::pdf_paint::{Painter, font_name, image_name};

/// Bleed around the trimmed page when crop marks are on, in millimetres.
pub const BLEED_MM: f32 = 3.0;
/// Room for crop marks outside the bleed, in millimetres.
pub const MARK_AREA_MM: f32 = 10.0;

/// How to lay out the PDF pages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PdfOptions {
    /// Add 3 mm bleed and crop marks around each page (for the printer); without them
    /// each PDF page is exactly the template's page size.
    pub crop_marks: bool,
}

/// Something in the issue that the PDF shows only as a stand-in (a missing photo).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfWarning {
    /// The page number (第N版).
    pub page: u32,
    /// What is wrong, for the editor.
    pub message: String,
}

impl fmt::Display for PdfWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "第{}版\u{FF1A}{}", self.page, self.message)
    }
}

/// A PDF in memory and what it could only show as a stand-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfOutput {
    /// The PDF file.
    pub bytes: Vec<u8>,
    /// Missing or unreadable photos and the like.
    pub warnings: Vec<PdfWarning>,
}

/// The files of a page-by-page export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PerPageExport {
    /// The files written, one per page, in page order.
    pub files: Vec<PathBuf>,
    /// Missing or unreadable photos and the like.
    pub warnings: Vec<PdfWarning>,
}

/// Why no PDF could be made.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// A file or folder could not be written.
    #[error("无法写入 PDF {} (cannot write PDF): {source}", .path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// A bundled face could not be read as a font for the PDF.
    #[error("字体 {face} 无法嵌入 PDF (font cannot be used for PDF)")]
    Font {
        /// The face's Chinese name.
        face: &'static str,
    },
    /// A page has no area.
    #[error("第{page}版的页面尺寸无效\u{FF1A}{width_pt} × {height_pt} pt (invalid page size)")]
    PageSize {
        /// The page number.
        page: u32,
        /// Its width.
        width_pt: f32,
        /// Its height.
        height_pt: f32,
    },
    /// There is nothing to print.
    #[error("期次没有版面\u{FF0C}无法生成 PDF (the issue has no pages)")]
    NoPages,
    /// A face could not be cut down to the glyphs used.
    #[error("字体 {face} 无法生成子集 (font cannot be subset for PDF)")]
    Subset {
        /// The face's Chinese name.
        face: &'static str,
    },
}

/// The whole issue as one PDF in memory, one PDF page per typeset page.
///
/// `photos` should be made with [`EXPORT_PHOTO_PX`]; a photo that cannot be found or
/// decoded is drawn as a grey box with a red frame and reported in the warnings.
pub fn pdf_bytes(
    issue: &Issue,
    pages: &[PageList],
    fonts: &FontSet,
    photos: &mut Photos,
    options: &PdfOptions,
) -> Result<PdfOutput, PdfError> {
    let mut writer = Writer::new(fonts, *options);
    let bytes = writer.document(issue, pages, photos, None, &mut |_, _| {})?;
    Ok(PdfOutput {
        bytes,
        warnings: writer.warnings,
    })
}

/// Write the whole issue to one PDF file at `path`, returning the warnings.
///
/// `progress(done, total)` is called after each page; the last call comes once the
/// file is written.
pub fn export_pdf(
    issue: &Issue,
    pages: &[PageList],
    fonts: &FontSet,
    photos: &mut Photos,
    options: &PdfOptions,
    path: &Path,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Vec<PdfWarning>, PdfError> {
    let mut writer = Writer::new(fonts, *options);
    let total = pages.len();
    let mut on_page = |done: usize, total: usize| {
        if done < total {
            progress(done, total);
        }
    };
    let bytes = writer.document(issue, pages, photos, None, &mut on_page)?;
    write_file(path, &bytes)?;
    progress(total, total);
    Ok(writer.warnings)
}

/// Write one PDF per page into `dir` (created if need be), named `page-{N}.pdf` after
/// the page number.
///
/// `progress(done, total)` is called after each file is written.
pub fn export_pdf_per_page(
    issue: &Issue,
    pages: &[PageList],
    fonts: &FontSet,
    photos: &mut Photos,
    options: &PdfOptions,
    dir: &Path,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<PerPageExport, PdfError> {
    if pages.is_empty() {
        return Err(PdfError::NoPages);
    }
    std::fs::create_dir_all(dir).map_err(|source| PdfError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut writer = Writer::new(fonts, *options);
    let mut files = Vec::with_capacity(pages.len());
    for (i, page) in pages.iter().enumerate() {
        let bytes = writer.document(
            issue,
            std::slice::from_ref(page),
            photos,
            Some(page.number),
            &mut |_, _| {},
        )?;
        let path = dir.join(format!("page-{}.pdf", page.number));
        write_file(&path, &bytes)?;
        files.push(path);
        progress(i + 1, pages.len());
    }
    Ok(PerPageExport {
        files,
        warnings: writer.warnings,
    })
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), PdfError> {
    crate::store::write_export(path, bytes).map_err(|e| match e {
        StoreError::Io { path, source } => PdfError::Io { path, source },
        other => PdfError::Io {
            path: path.to_path_buf(),
            source: std::io::Error::other(other.to_string()),
        },
    })
}

/// The document title: `{paper_name} 第{issue_number}期`, plus the page for a single page.
fn title(issue: &Issue, single_page: Option<u32>) -> String {
    let mut title = format!("{} 第{}期", issue.paper_name, issue.issue_number);
    if let Some(page) = single_page {
        title.push_str(&format!(" 第{page}版"));
    }
    title
}

/// Where the trimmed page sits on the PDF page.
pub(super) struct PageGeometry {
    /// The PDF page's size.
    pub(super) media: (f32, f32),
    /// Offset of the trimmed page's top-left corner.
    pub(super) offset: f32,
    /// Bleed width.
    pub(super) bleed: f32,
    /// The trimmed page's size.
    pub(super) trim: (f32, f32),
}

impl PageGeometry {
    fn new(page: &PageList, options: &PdfOptions) -> PageGeometry {
        let (bleed, offset) = if options.crop_marks {
            (BLEED_MM * PT_PER_MM, (BLEED_MM + MARK_AREA_MM) * PT_PER_MM)
        } else {
            (0.0, 0.0)
        };
        PageGeometry {
            media: (page.width_pt + 2.0 * offset, page.height_pt + 2.0 * offset),
            offset,
            bleed,
            trim: (page.width_pt, page.height_pt),
        }
    }

    /// `(x, y, width, height)` as a PDF rectangle (PDF's y axis points up; the page is
    /// symmetric about its centre, so only the corners' order changes).
    fn pdf_rect(&self, x: f32, y: f32, width: f32, height: f32) -> Rect {
        let top = self.media.1 - y;
        Rect::new(x, top - height, x + width, top)
    }

    fn media_box(&self) -> Rect {
        Rect::new(0.0, 0.0, self.media.0, self.media.1)
    }

    fn trim_box(&self) -> Rect {
        self.pdf_rect(self.offset, self.offset, self.trim.0, self.trim.1)
    }

    fn bleed_box(&self) -> Rect {
        let at = self.offset - self.bleed;
        self.pdf_rect(
            at,
            at,
            self.trim.0 + 2.0 * self.bleed,
            self.trim.1 + 2.0 * self.bleed,
        )
    }

    fn is_valid(&self) -> bool {
        let (w, h) = self.media;
        w.is_finite() && h.is_finite() && w > 0.0 && h > 0.0
    }
}

/// State shared by the pages of one export: photos, loaded once.
struct Writer<'a> {
    fonts: &'a FontSet,
    options: PdfOptions,
    /// Each photo path's image, or why it cannot be had (warned about on each page).
    images: HashMap<String, Result<std::sync::Arc<PdfImage>, String>>,
    warnings: Vec<PdfWarning>,
}

/// Numbers the PDF's objects.
struct RefAlloc(i32);

impl RefAlloc {
    fn next(&mut self) -> Ref {
        self.0 += 1;
        Ref::new(self.0)
    }
}

/// The next `count` compressed streams that were at hand (only a subset, which is made,
/// can be missing).
fn ready_streams(zlib: &mut impl Iterator<Item = Option<Zlib>>, count: usize) -> Vec<Vec<u8>> {
    zlib.take(count)
        .map(|z| z.map(|z| z.bytes).unwrap_or_default())
        .collect()
}

/// A document's streams as zlib, in the order `Writer::compress` lists them.
struct CompressedStreams {
    contents: Vec<Vec<u8>>,
    font_files: Vec<Zlib>,
    cmaps: Vec<Vec<u8>>,
    pixels: Vec<Vec<u8>>,
}

/// One page drawn: its content stream and what it draws with.
struct DrawnPage {
    geometry: PageGeometry,
    number: u32,
    content: Vec<u8>,
    /// Indexes into the document's faces.
    faces: Vec<usize>,
    /// Indexes into the document's images.
    images: Vec<usize>,
}

/// What a document's pages have drawn with so far.
#[derive(Default)]
pub(super) struct Used {
    /// Each face drawn with, numbered in order of first use.
    pub(super) faces: Vec<FaceUsage>,
    /// Each photo drawn, numbered in order of first use.
    pub(super) images: Vec<std::sync::Arc<PdfImage>>,
    image_index: HashMap<String, usize>,
}

impl<'a> Writer<'a> {
    fn new(fonts: &'a FontSet, options: PdfOptions) -> Writer<'a> {
        Writer {
            fonts,
            options,
            images: HashMap::new(),
            warnings: Vec::new(),
        }
    }

    /// One PDF of `pages`; `progress(done, total)` after each page is drawn.
    fn document(
        &mut self,
        issue: &Issue,
        pages: &[PageList],
        photos: &mut Photos,
        single_page: Option<u32>,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<Vec<u8>, PdfError> {
        if pages.is_empty() {
            return Err(PdfError::NoPages);
        }
        let mut used = Used::default();
        let mut drawn = Vec::with_capacity(pages.len());
        for (i, page) in pages.iter().enumerate() {
            drawn.push(self.page(page, photos, &mut used)?);
            progress(i + 1, pages.len());
        }
        let to_unicode: Vec<Vec<u8>> = used.faces.iter().map(FaceUsage::to_unicode).collect();
        let CompressedStreams {
            contents,
            font_files,
            cmaps,
            pixels,
        } = self.compress(&drawn, &used, &to_unicode)?;

        let mut refs = RefAlloc(0);
        let catalog = refs.next();
        let page_tree = refs.next();
        let info = refs.next();
        let page_refs: Vec<(Ref, Ref, Ref)> = drawn
            .iter()
            .map(|_| (refs.next(), refs.next(), refs.next()))
            .collect();
        let face_refs: Vec<FaceRefs> = used
            .faces
            .iter()
            .map(|_| FaceRefs {
                font: refs.next(),
                cid_font: refs.next(),
                descriptor: refs.next(),
                font_file: refs.next(),
                to_unicode: refs.next(),
            })
            .collect();
        let image_refs: Vec<(Ref, Ref)> = used
            .images
            .iter()
            .map(|_| (refs.next(), refs.next()))
            .collect();

        let mut pdf = Pdf::new();
        write_catalog(&mut pdf, catalog, page_tree, &drawn, &page_refs);
        pdf.pages(page_tree)
            .kids(page_refs.iter().map(|(page, _, _)| *page))
            .count(i32::try_from(drawn.len()).unwrap_or(i32::MAX));
        for ((page, refs), content) in drawn.iter().zip(&page_refs).zip(&contents) {
            write_page(
                &mut pdf,
                page,
                *refs,
                page_tree,
                content,
                &face_refs,
                &image_refs,
            );
        }
        let mut fonts = Chunk::new();
        for (i, usage) in used.faces.iter().enumerate() {
            let data = self.fonts.bytes(usage.face).as_slice();
            write_face(
                &mut fonts,
                &face_refs[i],
                usage,
                data,
                font_files[i].raw_len,
                &font_files[i].bytes,
                &cmaps[i],
            );
        }
        pdf.extend(&fonts);
        write_images(&mut pdf, &used.images, &image_refs, &pixels);
        write_info(&mut pdf, info, issue, single_page);
        Ok(pdf.finish())
    }

    /// Every stream of the document compressed at once, on every core, the faces' subsets
    /// cut as part of the same work: the pages' contents, the font files, the ToUnicode
    /// maps and the photos' pixels, in that order.
    fn compress(
        &self,
        drawn: &[DrawnPage],
        used: &Used,
        to_unicode: &[Vec<u8>],
    ) -> Result<CompressedStreams, PdfError> {
        let mut sources: Vec<Source<'_>> = Vec::new();
        sources.extend(drawn.iter().map(|p| Source::Ready(&p.content)));
        for usage in &used.faces {
            let data = self.fonts.bytes(usage.face).as_slice();
            sources.push(Source::Made {
                expected_len: usage.glyph_count(),
                make: Box::new(move || usage.subset(data)),
            });
        }
        sources.extend(to_unicode.iter().map(|map| Source::Ready(map)));
        for image in &used.images {
            if let PdfImage::Pixels { rgb, alpha, .. } = image.as_ref() {
                sources.push(Source::Ready(rgb));
                sources.push(Source::Ready(alpha));
            }
        }
        let mut zlib = zlib_all(sources).into_iter();
        let contents = ready_streams(&mut zlib, drawn.len());
        let font_files = zlib
            .by_ref()
            .take(used.faces.len())
            .zip(&used.faces)
            .map(|(z, usage)| {
                z.ok_or(PdfError::Subset {
                    face: usage.face.label(),
                })
            })
            .collect::<Result<Vec<Zlib>, PdfError>>()?;
        let cmaps = ready_streams(&mut zlib, to_unicode.len());
        let pixels = ready_streams(&mut zlib, usize::MAX);
        Ok(CompressedStreams {
            contents,
            font_files,
            cmaps,
            pixels,
        })
    }

    fn page(
        &mut self,
        page: &PageList,
        photos: &mut Photos,
        used: &mut Used,
    ) -> Result<DrawnPage, PdfError> {
        let geometry = PageGeometry::new(page, &self.options);
        if !geometry.is_valid() {
            return Err(PdfError::PageSize {
                page: page.number,
                width_pt: page.width_pt,
                height_pt: page.height_pt,
            });
        }
        let images = self.prepare_images(page, photos, used);
        let painted = Painter::new(self.fonts, used, &images).paint(
            &page.items,
            &geometry,
            self.options.crop_marks,
        );
        let painted = painted.map_err(|face| PdfError::Font { face: face.label() })?;
        Ok(DrawnPage {
            geometry,
            number: page.number,
            content: painted.content,
            faces: painted.faces,
            images: painted.images,
        })
    }

    /// The page's photos as the document's images (by path); a missing one becomes a
    /// warning and is left out.
    fn prepare_images(
        &mut self,
        page: &PageList,
        photos: &mut Photos,
        used: &mut Used,
    ) -> HashMap<String, usize> {
        let mut on_page = HashMap::new();
        let mut seen = std::collections::HashSet::new();
        for item in &page.items {
            let DisplayItem::Image(image_box) = item else {
                continue;
            };
            // One image object, or one warning, a photo a page.
            if !seen.insert(&image_box.path) {
                continue;
            }
            let loaded = self
                .images
                .entry(image_box.path.clone())
                .or_insert_with(|| load_image(photos, &image_box.path).map(std::sync::Arc::new))
                .clone();
            match loaded {
                Ok(image) => {
                    let index = *used
                        .image_index
                        .entry(image_box.path.clone())
                        .or_insert_with(|| {
                            used.images.push(image);
                            used.images.len() - 1
                        });
                    on_page.insert(image_box.path.clone(), index);
                }
                Err(message) => {
                    self.warnings.push(PdfWarning {
                        page: page.number,
                        message: format!(
                            "稿件 {} 的图片无法使用\u{FF0C}已以灰框代替\u{FF1A}{message}",
                            image_box.article
                        ),
                    });
                }
            }
        }
        on_page
    }
}

/// The catalog: the page tree, page labels (第N版 as the page number), the language.
fn write_catalog(
    pdf: &mut Pdf,
    catalog: Ref,
    page_tree: Ref,
    drawn: &[DrawnPage],
    page_refs: &[(Ref, Ref, Ref)],
) {
    let mut writer = pdf.catalog(catalog);
    writer.pages(page_tree);
    writer.lang(TextStr("zh-CN"));
    {
        let mut labels = writer.page_labels();
        let mut nums = labels.nums();
        for (i, (_, _, label)) in page_refs.iter().enumerate() {
            nums.insert(i32::try_from(i).unwrap_or(i32::MAX), *label);
        }
    }
    writer.finish();
    for (page, (_, _, label)) in drawn.iter().zip(page_refs) {
        let mut label = pdf.indirect(*label).start::<PageLabel>();
        label.style(NumberingStyle::Arabic);
        label.offset(i32::try_from(page.number).unwrap_or(1));
    }
}

fn write_page(
    pdf: &mut Pdf,
    page: &DrawnPage,
    (page_ref, content_ref, _): (Ref, Ref, Ref),
    page_tree: Ref,
    content: &[u8],
    faces: &[FaceRefs],
    images: &[(Ref, Ref)],
) {
    let mut writer = pdf.page(page_ref);
    writer
        .parent(page_tree)
        .media_box(page.geometry.media_box());
    if page.geometry.offset > 0.0 {
        writer
            .trim_box(page.geometry.trim_box())
            .bleed_box(page.geometry.bleed_box());
    }
    writer.contents(content_ref);
    {
        let mut resources = writer.resources();
        let mut fonts = resources.fonts();
        for &face in &page.faces {
            fonts.pair(Name(font_name(face).as_bytes()), faces[face].font);
        }
        fonts.finish();
        let mut objects = resources.x_objects();
        for &image in &page.images {
            objects.pair(Name(image_name(image).as_bytes()), images[image].0);
        }
    }
    writer.finish();
    pdf.stream(content_ref, content).filter(Filter::FlateDecode);
}

/// The document information: title, the paper as author, the issue date.
fn write_info(pdf: &mut Pdf, info: Ref, issue: &Issue, single_page: Option<u32>) {
    let date = issue.date;
    let created = Date::new(u16::try_from(date.year().clamp(0, 9999)).unwrap_or(0))
        .month(u8::try_from(date.month()).unwrap_or(1))
        .day(u8::try_from(date.day()).unwrap_or(1));
    let title = title(issue, single_page);
    let creator = format!("caibian {}", env!("CARGO_PKG_VERSION"));
    let mut writer = pdf.document_info(info);
    writer
        .title(TextStr(&title))
        .creator(TextStr(&creator))
        .producer(TextStr(&creator))
        .creation_date(created);
    if !issue.paper_name.is_empty() {
        writer.author(TextStr(&issue.paper_name));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boxes_sit_centred_on_the_media() {
        let page = PageList {
            number: 1,
            width_pt: 400.0,
            height_pt: 600.0,
            items: Vec::new(),
            blocks: Vec::new(),
            grid_columns: Vec::new(),
            line_pitch_pt: 12.0,
        };
        let geometry = PageGeometry::new(&page, &PdfOptions { crop_marks: true });
        let offset = (BLEED_MM + MARK_AREA_MM) * PT_PER_MM;
        let trim = geometry.trim_box();
        assert!((trim.x1 - offset).abs() < 1e-3 && (trim.y1 - offset).abs() < 1e-3);
        assert!((trim.x2 - (offset + 400.0)).abs() < 1e-3);
        assert!((trim.y2 - (offset + 600.0)).abs() < 1e-3);
        let bleed = geometry.bleed_box();
        assert!((trim.x1 - bleed.x1 - BLEED_MM * PT_PER_MM).abs() < 1e-3);
        assert!((bleed.y2 - trim.y2 - BLEED_MM * PT_PER_MM).abs() < 1e-3);
    }
}
