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
use pdf_writer::{Chunk, Content, Date, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

use crate::fonts::{Face, FontSet};
use crate::model::Issue;
use crate::render::photos::{EXPORT_PHOTO_PX, Photos};
use crate::store::StoreError;
use crate::store::photo::{DecodedPhoto, MAX_PHOTO_FILE_BYTES};
use crate::typeset::display::{
    DisplayItem, GlyphRun, ImageBox, PageList, RectItem, RectPt, Rgb, Rule,
};

use super::pdf_deflate::zlib_all;
use super::pdf_fonts::{FaceRefs, FaceUsage, write_face};
use crate::units::PT_PER_MM;

/// Bleed around the trimmed page when crop marks are on, in millimetres.
pub const BLEED_MM: f32 = 3.0;
/// Room for crop marks outside the bleed, in millimetres.
pub const MARK_AREA_MM: f32 = 10.0;
/// Length of a crop mark, in millimetres (drawn from the bleed edge outwards).
const MARK_LENGTH_MM: f32 = 7.0;
/// Stroke width of crop marks, in points.
const MARK_WIDTH_PT: f32 = 0.25;
/// JPEG quality used when a photo has to be re-encoded (too large, or not a JPEG).
const REENCODE_JPEG_QUALITY: u8 = 90;

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
    crate::store::write_atomically(path, bytes).map_err(|e| match e {
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
struct PageGeometry {
    /// The PDF page's size.
    media: (f32, f32),
    /// Offset of the trimmed page's top-left corner.
    offset: f32,
    /// Bleed width.
    bleed: f32,
    /// The trimmed page's size.
    trim: (f32, f32),
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
}

impl PageGeometry {
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

/// A photo as the PDF embeds it.
enum PdfImage {
    /// A JPEG file as it is (`/DCTDecode`).
    Jpeg {
        bytes: Vec<u8>,
        width_px: u32,
        height_px: u32,
        /// 1 (grey) or 3 (colour).
        components: u8,
    },
    /// Decoded pixels with transparency: RGB plus an alpha soft mask, both deflated.
    Pixels {
        rgb: Vec<u8>,
        alpha: Vec<u8>,
        width_px: u32,
        height_px: u32,
    },
}

impl PdfImage {
    fn size_px(&self) -> (u32, u32) {
        match self {
            PdfImage::Jpeg {
                width_px,
                height_px,
                ..
            }
            | PdfImage::Pixels {
                width_px,
                height_px,
                ..
            } => (*width_px, *height_px),
        }
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
struct Used {
    faces: Vec<FaceUsage>,
    images: Vec<std::sync::Arc<PdfImage>>,
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
        let subsets = self.subsets(&used.faces)?;
        let to_unicode: Vec<Vec<u8>> = used.faces.iter().map(FaceUsage::to_unicode).collect();
        // Every stream compresses at once, on every core.
        let mut streams: Vec<&[u8]> = Vec::new();
        streams.extend(drawn.iter().map(|p| p.content.as_slice()));
        streams.extend(subsets.iter().map(Vec::as_slice));
        streams.extend(to_unicode.iter().map(Vec::as_slice));
        for image in &used.images {
            if let PdfImage::Pixels { rgb, alpha, .. } = image.as_ref() {
                streams.push(rgb);
                streams.push(alpha);
            }
        }
        let mut zlib = zlib_all(&streams).into_iter();
        let contents: Vec<Vec<u8>> = zlib.by_ref().take(drawn.len()).collect();
        let font_files: Vec<Vec<u8>> = zlib.by_ref().take(subsets.len()).collect();
        let cmaps: Vec<Vec<u8>> = zlib.by_ref().take(to_unicode.len()).collect();
        let pixels: Vec<Vec<u8>> = zlib.collect();

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
                subsets[i].len(),
                &font_files[i],
                &cmaps[i],
            );
        }
        pdf.extend(&fonts);
        write_images(&mut pdf, &used.images, &image_refs, &pixels);
        write_info(&mut pdf, info, issue, single_page);
        Ok(pdf.finish())
    }

    /// Each face cut down to its glyphs, the faces at once.
    fn subsets(&self, faces: &[FaceUsage]) -> Result<Vec<Vec<u8>>, PdfError> {
        let cut: Vec<Option<Vec<u8>>> = std::thread::scope(|scope| {
            let handles: Vec<_> = faces
                .iter()
                .map(|usage| {
                    let data = self.fonts.bytes(usage.face).as_slice();
                    scope.spawn(move || usage.subset(data))
                })
                .collect();
            handles
                .into_iter()
                .map(|handle| handle.join().unwrap_or(None))
                .collect()
        });
        cut.into_iter()
            .zip(faces)
            .map(|(subset, usage)| {
                subset.ok_or(PdfError::Subset {
                    face: usage.face.label(),
                })
            })
            .collect()
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
        let mut painter = Painter {
            content: Content::new(),
            fonts: self.fonts,
            used,
            images: &images,
            faces_drawn: Vec::new(),
            images_drawn: Vec::new(),
            font_error: None,
        };
        // Top-left origin, y down, as the display list has it.
        painter
            .content
            .transform([1.0, 0.0, 0.0, -1.0, 0.0, geometry.media.1]);
        if self.options.crop_marks {
            painter.crop_marks(&geometry);
        }
        painter.content.save_state();
        painter
            .content
            .transform([1.0, 0.0, 0.0, 1.0, geometry.offset, geometry.offset]);
        for item in &page.items {
            painter.item(item);
        }
        painter.content.restore_state();
        if let Some(face) = painter.font_error {
            return Err(PdfError::Font { face: face.label() });
        }
        let Painter {
            content,
            faces_drawn,
            images_drawn,
            ..
        } = painter;
        Ok(DrawnPage {
            geometry,
            number: page.number,
            content: content.finish().to_vec(),
            faces: faces_drawn,
            images: images_drawn,
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
        for item in &page.items {
            let DisplayItem::Image(image_box) = item else {
                continue;
            };
            if on_page.contains_key(&image_box.path) {
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
                    on_page.insert(image_box.path.clone(), usize::MAX);
                }
            }
        }
        on_page.retain(|_, index| *index != usize::MAX);
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

fn font_name(face_index: usize) -> String {
    format!("F{face_index}")
}

fn image_name(image_index: usize) -> String {
    format!("Im{image_index}")
}

/// The image objects; `pixels` holds the deflated RGB and alpha of each pixel image, in
/// order.
fn write_images(
    pdf: &mut Pdf,
    images: &[std::sync::Arc<PdfImage>],
    refs: &[(Ref, Ref)],
    pixels: &[Vec<u8>],
) {
    let mut pixels = pixels.iter();
    for (image, &(image_ref, mask_ref)) in images.iter().zip(refs) {
        let (width, height) = image.size_px();
        let (width, height) = (
            i32::try_from(width).unwrap_or(1),
            i32::try_from(height).unwrap_or(1),
        );
        match image.as_ref() {
            PdfImage::Jpeg {
                bytes, components, ..
            } => {
                let mut xobject = pdf.image_xobject(image_ref, bytes);
                xobject.filter(Filter::DctDecode);
                xobject.width(width).height(height).bits_per_component(8);
                xobject.color_space_name(Name(if *components == 1 {
                    b"DeviceGray"
                } else {
                    b"DeviceRGB"
                }));
            }
            PdfImage::Pixels { .. } => {
                let (Some(rgb), Some(alpha)) = (pixels.next(), pixels.next()) else {
                    continue;
                };
                let mut xobject = pdf.image_xobject(image_ref, rgb);
                xobject.filter(Filter::FlateDecode);
                xobject.width(width).height(height).bits_per_component(8);
                xobject.color_space_name(Name(b"DeviceRGB"));
                xobject.s_mask(mask_ref);
                xobject.finish();
                let mut mask = pdf.image_xobject(mask_ref, alpha);
                mask.filter(Filter::FlateDecode);
                mask.width(width).height(height).bits_per_component(8);
                mask.color_space_name(Name(b"DeviceGray"));
            }
        }
    }
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

/// A photo as a PDF image: the JPEG file itself when it is a JPEG of sensible size,
/// otherwise the decoded pixels (re-encoded as JPEG when opaque).
fn load_image(photos: &mut Photos, relative: &str) -> Result<PdfImage, String> {
    // The header is checked as the preview's decoder would (size, format, limits), so a
    // photo the preview cannot open is a stand-in here too; a JPEG then goes in as it is,
    // without decoding its pixels.
    let header_px = photos.header(relative).map_err(|e| e.to_string())?;
    if let Some(image) = jpeg_passthrough(photos, relative, header_px) {
        return Ok(image);
    }
    let decoded = photos.get(relative).map_err(|e| e.to_string())?;
    image_from_pixels(&decoded)
}

/// The photo's own JPEG bytes, when it is a grey or RGB JPEG no larger than exports need.
fn jpeg_passthrough(photos: &Photos, relative: &str, header_px: (u32, u32)) -> Option<PdfImage> {
    let file = photos.resolve(relative).ok()?;
    let size = std::fs::metadata(&file).ok()?.len();
    if size > MAX_PHOTO_FILE_BYTES {
        return None;
    }
    let bytes = std::fs::read(&file).ok()?;
    let frame = jpeg_frame(&bytes)?;
    // Larger ones are shrunk by decoding, as the preview and the page images show them.
    let within_limit =
        frame.width_px.max(frame.height_px) <= EXPORT_PHOTO_PX.min(photos.max_side_px());
    // The frame says the same size as the header check did.
    let same_pixels = (frame.width_px, frame.height_px) == header_px;
    let plain = matches!(frame.components, 1 | 3);
    (within_limit && same_pixels && plain).then_some(PdfImage::Jpeg {
        bytes,
        width_px: frame.width_px,
        height_px: frame.height_px,
        components: frame.components,
    })
}

/// What a JPEG's frame header says.
struct JpegFrame {
    width_px: u32,
    height_px: u32,
    components: u8,
}

/// Reads the frame header (SOFn) of a JPEG file, walking its marker segments.
fn jpeg_frame(bytes: &[u8]) -> Option<JpegFrame> {
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    let mut at = 2;
    loop {
        // Markers may be padded with any number of 0xFF bytes.
        while *bytes.get(at)? == 0xFF && *bytes.get(at + 1)? == 0xFF {
            at += 1;
        }
        if *bytes.get(at)? != 0xFF {
            return None;
        }
        let marker = *bytes.get(at + 1)?;
        let length = usize::from(u16::from_be_bytes([
            *bytes.get(at + 2)?,
            *bytes.get(at + 3)?,
        ]));
        let is_frame = matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if is_frame {
            let segment = bytes.get(at + 4..at + 2 + length)?;
            return Some(JpegFrame {
                height_px: u32::from(u16::from_be_bytes([*segment.get(1)?, *segment.get(2)?])),
                width_px: u32::from(u16::from_be_bytes([*segment.get(3)?, *segment.get(4)?])),
                components: *segment.get(5)?,
            });
        }
        if marker == 0xDA || length < 2 {
            return None;
        }
        at += 2 + length;
    }
}

fn image_from_pixels(decoded: &DecodedPhoto) -> Result<PdfImage, String> {
    let rgb: Vec<u8> = decoded
        .rgba
        .chunks_exact(4)
        .flat_map(|px| [px[0], px[1], px[2]])
        .collect();
    let opaque = decoded.rgba.chunks_exact(4).all(|px| px[3] == 255);
    if !opaque {
        return Ok(PdfImage::Pixels {
            rgb,
            alpha: decoded.rgba.chunks_exact(4).map(|px| px[3]).collect(),
            width_px: decoded.width_px,
            height_px: decoded.height_px,
        });
    }
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, REENCODE_JPEG_QUALITY)
        .encode(
            &rgb,
            decoded.width_px,
            decoded.height_px,
            image::ExtendedColorType::Rgb8,
        )
        .map_err(|e| e.to_string())?;
    Ok(PdfImage::Jpeg {
        bytes: jpeg,
        width_px: decoded.width_px,
        height_px: decoded.height_px,
        components: 3,
    })
}

/// Draws one page's display items into its content stream.
struct Painter<'p> {
    content: Content,
    fonts: &'p FontSet,
    used: &'p mut Used,
    /// The page's photos that could be had: path to the document's image index.
    images: &'p HashMap<String, usize>,
    faces_drawn: Vec<usize>,
    images_drawn: Vec<usize>,
    /// A face that could not be read as a font.
    font_error: Option<Face>,
}

impl Painter<'_> {
    /// Draws one display item; the only place that knows the item kinds.
    fn item(&mut self, item: &DisplayItem) {
        match item {
            DisplayItem::Glyphs(run) => self.glyph_run(run),
            DisplayItem::Rule(rule) => self.rule(rule),
            DisplayItem::Rect(rect) => self.rect(rect),
            DisplayItem::Image(image_box) => match self.images.get(&image_box.path) {
                Some(&index) => self.image(image_box, index),
                None => {
                    for stand_in in &image_box.missing {
                        self.item(stand_in);
                    }
                }
            },
        }
    }

    /// The document's index of `face`, added on first use.
    fn face_index(&mut self, face: Face) -> Option<usize> {
        let index = match self.used.faces.iter().position(|u| u.face == face) {
            Some(index) => index,
            None => {
                let Some(usage) = FaceUsage::new(face, self.fonts.bytes(face)) else {
                    self.font_error = Some(face);
                    return None;
                };
                self.used.faces.push(usage);
                self.used.faces.len() - 1
            }
        };
        if !self.faces_drawn.contains(&index) {
            self.faces_drawn.push(index);
        }
        Some(index)
    }

    /// Glyphs exactly where the display list puts them, with their characters as the
    /// text behind them: one text object per baseline, each glyph moved to its own x.
    fn glyph_run(&mut self, run: &GlyphRun) {
        let size = run.size_pt;
        if run.glyphs.is_empty() || !size.is_finite() || size <= 0.0 {
            return;
        }
        let Some(face) = self.face_index(run.face) else {
            return;
        };
        set_fill(&mut self.content, run.colour);
        let data = self.fonts.bytes(run.face).as_slice();
        let name = font_name(face);
        let mut start = 0;
        while start < run.glyphs.len() {
            let y = run.glyphs[start].y_pt;
            let end = run.glyphs[start..]
                .iter()
                .position(|g| (g.y_pt - y).abs() > 0.001)
                .map_or(run.glyphs.len(), |n| start + n);
            let line = &run.glyphs[start..end];
            // Pieces of the line: glyph codes, then how far to move back (thousandths
            // of the size) so the next glyph lands on its own x.
            let mut pieces: Vec<(Vec<u8>, f32)> = vec![(Vec::new(), 0.0)];
            for (i, glyph) in line.iter().enumerate() {
                let (id, width) = self.used.faces[face].use_glyph(data, glyph.glyph_id, glyph.ch);
                if let Some(piece) = pieces.last_mut() {
                    piece.0.extend_from_slice(&id.to_be_bytes());
                }
                if let Some(next) = line.get(i + 1) {
                    let adjust = width - (next.x_pt - glyph.x_pt) * 1000.0 / size;
                    if adjust.abs() > 0.001 {
                        if let Some(piece) = pieces.last_mut() {
                            piece.1 = adjust;
                        }
                        pieces.push((Vec::new(), 0.0));
                    }
                }
            }
            self.content.begin_text();
            self.content.set_font(Name(name.as_bytes()), size);
            self.content
                .set_text_matrix([1.0, 0.0, 0.0, -1.0, line[0].x_pt, y]);
            {
                let mut shown = self.content.show_positioned();
                let mut items = shown.items();
                for (codes, adjust) in &pieces {
                    if !codes.is_empty() {
                        items.show(Str(codes));
                    }
                    if *adjust != 0.0 {
                        items.adjust(*adjust);
                    }
                }
            }
            self.content.end_text();
            start = end;
        }
    }

    fn rule(&mut self, rule: &Rule) {
        let width = rule.width_pt;
        if !width.is_finite() || width <= 0.0 {
            return;
        }
        set_stroke(&mut self.content, rule.colour);
        self.content.set_line_width(width);
        self.content.move_to(rule.from.0, rule.from.1);
        self.content.line_to(rule.to.0, rule.to.1);
        self.content.stroke();
    }

    fn rect(&mut self, item: &RectItem) {
        if let Some(fill) = item.fill
            && is_drawable(&item.rect)
        {
            set_fill(&mut self.content, fill);
            let r = &item.rect;
            self.content.rect(r.x, r.y, r.width, r.height);
            self.content.fill_nonzero();
        }
        if let Some((colour, width)) = item.stroke {
            self.stroke_inside(&item.rect, colour, width);
        }
    }

    /// A rectangle's frame stroked inside its edges (as the preview and PNG export draw it).
    fn stroke_inside(&mut self, rect: &RectPt, colour: Rgb, width_pt: f32) {
        let width = width_pt.min(rect.width).min(rect.height);
        if !width.is_finite() || width <= 0.0 {
            return;
        }
        let half = width / 2.0;
        let inset = RectPt {
            x: rect.x + half,
            y: rect.y + half,
            width: rect.width - width,
            height: rect.height - width,
        };
        set_stroke(&mut self.content, colour);
        self.content.set_line_width(width);
        if inset.width > 0.0 && inset.height > 0.0 {
            self.content
                .rect(inset.x, inset.y, inset.width, inset.height);
        } else {
            // A frame as thick as the box is narrow: a line through its middle.
            self.content.move_to(inset.x, inset.y);
            self.content.line_to(
                inset.x + inset.width.max(0.0),
                inset.y + inset.height.max(0.0),
            );
        }
        self.content.stroke();
    }

    /// The photo scaled to cover its box, centred, and clipped to the box.
    fn image(&mut self, image_box: &ImageBox, index: usize) {
        let rect = &image_box.rect;
        let (width_px, height_px) = self.used.images[index].size_px();
        if width_px == 0 || height_px == 0 || !is_drawable(rect) {
            return;
        }
        let scale = (rect.width / width_px as f32).max(rect.height / height_px as f32);
        let (width, height) = (width_px as f32 * scale, height_px as f32 * scale);
        let x = rect.x + (rect.width - width) / 2.0;
        let y = rect.y + (rect.height - height) / 2.0;
        self.content.save_state();
        self.content.rect(rect.x, rect.y, rect.width, rect.height);
        self.content.clip_nonzero();
        self.content.end_path();
        // An image fills the unit square with its first row at the top (y = 1); the page
        // runs y down, so the square is flipped back.
        self.content
            .transform([width, 0.0, 0.0, -height, x, y + height]);
        self.content.x_object(Name(image_name(index).as_bytes()));
        self.content.restore_state();
        if !self.images_drawn.contains(&index) {
            self.images_drawn.push(index);
        }
    }

    /// Thin marks at the four trim corners, outside the bleed.
    fn crop_marks(&mut self, geometry: &PageGeometry) {
        let o = geometry.offset;
        let (w, h) = geometry.trim;
        let near = geometry.bleed;
        let far = geometry.bleed + MARK_LENGTH_MM * PT_PER_MM;
        set_stroke(&mut self.content, Rgb::BLACK);
        self.content.set_line_width(MARK_WIDTH_PT);
        for (cx, sx) in [(o, -1.0), (o + w, 1.0)] {
            for (cy, sy) in [(o, -1.0), (o + h, 1.0)] {
                // Horizontal mark along the trim line y = cy, pointing away from the page.
                self.content.move_to(cx + sx * near, cy);
                self.content.line_to(cx + sx * far, cy);
                // Vertical mark along x = cx.
                self.content.move_to(cx, cy + sy * near);
                self.content.line_to(cx, cy + sy * far);
            }
        }
        self.content.stroke();
    }
}

fn is_drawable(rect: &RectPt) -> bool {
    [rect.x, rect.y, rect.width, rect.height]
        .iter()
        .all(|v| v.is_finite())
        && rect.width > 0.0
        && rect.height > 0.0
}

/// Neutral colours (black, greys) go in as DeviceGray, so a print RIP separates them to
/// the black plate only instead of a four-colour "rich" black that smears small type.
fn set_fill(content: &mut Content, colour: Rgb) {
    let Rgb(r, g, b) = colour;
    if r == g && g == b {
        content.set_fill_gray(unit(r));
    } else {
        content.set_fill_rgb(unit(r), unit(g), unit(b));
    }
}

fn set_stroke(content: &mut Content, colour: Rgb) {
    let Rgb(r, g, b) = colour;
    if r == g && g == b {
        content.set_stroke_gray(unit(r));
    } else {
        content.set_stroke_rgb(unit(r), unit(g), unit(b));
    }
}

fn unit(channel: u8) -> f32 {
    f32::from(channel) / 255.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jpeg(colour: image::ExtendedColorType, width: u32, height: u32) -> Vec<u8> {
        let channels = match colour {
            image::ExtendedColorType::L8 => 1,
            _ => 3,
        };
        let pixels = vec![128u8; (width * height) as usize * channels];
        let mut bytes = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 80)
            .encode(&pixels, width, height, colour)
            .expect("in memory");
        bytes
    }

    #[test]
    fn jpeg_frames_give_size_and_components() {
        let grey = jpeg_frame(&jpeg(image::ExtendedColorType::L8, 40, 30)).expect("frame");
        assert_eq!(
            (grey.width_px, grey.height_px, grey.components),
            (40, 30, 1)
        );
        let colour = jpeg_frame(&jpeg(image::ExtendedColorType::Rgb8, 7, 300)).expect("frame");
        assert_eq!(
            (colour.width_px, colour.height_px, colour.components),
            (7, 300, 3)
        );
        let mut cut = jpeg(image::ExtendedColorType::Rgb8, 7, 3);
        cut.truncate(20);
        assert!(jpeg_frame(&cut).is_none());
        assert!(jpeg_frame(b"\x89PNG\r\n").is_none());
        assert!(jpeg_frame(&[0xFF, 0xD8, 0xFF]).is_none());
    }

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
