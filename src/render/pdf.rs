//! PDF export: draws the typeset display list with krilla, fonts embedded and subset.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::fmt;
use std::num::NonZeroU32;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::Datelike;
use krilla::Document;
use krilla::color::{luma, rgb};
use krilla::geom::{PathBuilder, Point, Rect, Size, Transform};
use krilla::image::Image;
use krilla::metadata::{DateTime, Metadata};
use krilla::num::NormalizedF32;
use krilla::page::{NumberingStyle, PageLabel, PageSettings};
use krilla::paint::{Fill, FillRule, LineCap, LineJoin, Paint, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, GlyphId, KrillaGlyph};

use crate::fonts::{Face, FontSet};
use crate::model::Issue;
use crate::render::photos::{EXPORT_PHOTO_PX, Photos};
use crate::store::StoreError;
use crate::store::photo::{DecodedPhoto, MAX_PHOTO_FILE_BYTES};
use crate::typeset::display::{
    DisplayItem, GlyphRun, ImageBox, PageList, RectItem, RectPt, Rgb, Rule,
};
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
    /// The PDF writer failed.
    #[error("生成 PDF 失败 (PDF writer error): {0}")]
    Writer(#[from] krilla::error::KrillaError),
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

fn metadata(issue: &Issue, single_page: Option<u32>) -> Metadata {
    let date = issue.date;
    let created = DateTime::new(u16::try_from(date.year().clamp(0, 9999)).unwrap_or(0))
        .month(u8::try_from(date.month()).unwrap_or(1))
        .day(u8::try_from(date.day()).unwrap_or(1));
    let mut metadata = Metadata::new()
        .title(title(issue, single_page))
        .language("zh-CN".to_owned())
        .creator(format!("caibian {}", env!("CARGO_PKG_VERSION")))
        .creation_date(created);
    if !issue.paper_name.is_empty() {
        metadata = metadata.authors(vec![issue.paper_name.clone()]);
    }
    metadata
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

    fn settings(&self, page: &PageList) -> Option<PageSettings> {
        let settings = PageSettings::from_wh(self.media.0, self.media.1)?;
        let label = PageLabel::new(
            Some(NumberingStyle::Arabic),
            None,
            NonZeroU32::new(page.number),
        );
        let settings = settings.with_page_label(label);
        if self.offset <= 0.0 {
            return Some(settings);
        }
        let trim = Rect::from_xywh(self.offset, self.offset, self.trim.0, self.trim.1)?;
        let bleed = Rect::from_xywh(
            self.offset - self.bleed,
            self.offset - self.bleed,
            self.trim.0 + 2.0 * self.bleed,
            self.trim.1 + 2.0 * self.bleed,
        )?;
        Some(
            settings
                .with_trim_box(Some(trim))
                .with_bleed_box(Some(bleed)),
        )
    }
}

/// State shared by the pages of one export: fonts and photos, loaded once.
struct Writer<'a> {
    fonts: &'a FontSet,
    options: PdfOptions,
    font_cache: HashMap<Face, Font>,
    /// Each photo path's image, or why it cannot be had (warned about on each page).
    images: HashMap<String, Result<Image, String>>,
    warnings: Vec<PdfWarning>,
}

impl<'a> Writer<'a> {
    fn new(fonts: &'a FontSet, options: PdfOptions) -> Writer<'a> {
        Writer {
            fonts,
            options,
            font_cache: HashMap::new(),
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
        let mut document = Document::new();
        document.set_metadata(metadata(issue, single_page));
        for (i, page) in pages.iter().enumerate() {
            self.page(&mut document, page, photos)?;
            progress(i + 1, pages.len());
        }
        Ok(document.finish()?)
    }

    fn page(
        &mut self,
        document: &mut Document,
        page: &PageList,
        photos: &mut Photos,
    ) -> Result<(), PdfError> {
        let geometry = PageGeometry::new(page, &self.options);
        let settings = geometry.settings(page).ok_or(PdfError::PageSize {
            page: page.number,
            width_pt: page.width_pt,
            height_pt: page.height_pt,
        })?;
        // Everything fallible happens before drawing starts, so a surface is never left
        // with unbalanced pushes.
        let resources = self.prepare(page, photos)?;
        let mut pdf_page = document.start_page_with(settings);
        let mut surface = pdf_page.surface();
        if self.options.crop_marks {
            draw_crop_marks(&mut surface, &geometry);
        }
        surface.push_transform(&Transform::from_translate(geometry.offset, geometry.offset));
        for item in &page.items {
            draw_item(&mut surface, item, &resources);
        }
        surface.pop();
        surface.finish();
        pdf_page.finish();
        Ok(())
    }

    /// The fonts and images a page needs; missing photos become warnings.
    fn prepare(&mut self, page: &PageList, photos: &mut Photos) -> Result<Resources, PdfError> {
        let mut resources = Resources {
            fonts: HashMap::new(),
            images: HashMap::new(),
        };
        for item in &page.items {
            match item {
                DisplayItem::Glyphs(run) => {
                    if let Entry::Vacant(slot) = resources.fonts.entry(run.face) {
                        slot.insert(self.font(run.face)?);
                    }
                }
                DisplayItem::Image(image_box) => {
                    if resources.images.contains_key(&image_box.path) {
                        continue;
                    }
                    let loaded = self
                        .images
                        .entry(image_box.path.clone())
                        .or_insert_with(|| load_image(photos, &image_box.path))
                        .clone();
                    match loaded {
                        Ok(image) => {
                            resources.images.insert(image_box.path.clone(), Some(image));
                        }
                        Err(message) => {
                            self.warnings.push(PdfWarning {
                                page: page.number,
                                message: format!(
                                    "稿件 {} 的图片无法使用\u{FF0C}已以灰框代替\u{FF1A}{message}",
                                    image_box.article
                                ),
                            });
                            // The stand-in's label needs its face.
                            for stand_in in &image_box.missing {
                                if let DisplayItem::Glyphs(run) = stand_in
                                    && let Entry::Vacant(slot) = resources.fonts.entry(run.face)
                                {
                                    slot.insert(self.font(run.face)?);
                                }
                            }
                            resources.images.insert(image_box.path.clone(), None);
                        }
                    }
                }
                DisplayItem::Rule(_) | DisplayItem::Rect(_) => {}
            }
        }
        Ok(resources)
    }

    fn font(&mut self, face: Face) -> Result<Font, PdfError> {
        if let Some(font) = self.font_cache.get(&face) {
            return Ok(font.clone());
        }
        let bytes: Arc<dyn AsRef<[u8]> + Send + Sync> = self.fonts.bytes(face).clone();
        let font = Font::new(bytes.into(), 0).ok_or(PdfError::Font { face: face.label() })?;
        self.font_cache.insert(face, font.clone());
        Ok(font)
    }
}

/// What one page draws with.
struct Resources {
    fonts: HashMap<Face, Font>,
    /// Each photo's image; `None` for one that is missing.
    images: HashMap<String, Option<Image>>,
}

/// A photo as a PDF image: the JPEG file itself when it is a JPEG of sensible size,
/// otherwise the decoded pixels (re-encoded as JPEG when opaque).
fn load_image(photos: &mut Photos, relative: &str) -> Result<Image, String> {
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

/// The photo's own JPEG bytes, when it is a JPEG no larger than exports need.
fn jpeg_passthrough(photos: &Photos, relative: &str, header_px: (u32, u32)) -> Option<Image> {
    let file = photos.resolve(relative).ok()?;
    let size = std::fs::metadata(&file).ok()?.len();
    if size > MAX_PHOTO_FILE_BYTES {
        return None;
    }
    let bytes = std::fs::read(&file).ok()?;
    if !bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return None;
    }
    let image = Image::from_jpeg(bytes.into(), true).ok()?;
    let (width, height) = image.size();
    // Larger ones are shrunk by decoding, as the preview and the page images show them.
    let within_limit = width.max(height) <= EXPORT_PHOTO_PX.min(photos.max_side_px());
    // krilla read the same size as the header check did.
    let same_pixels = (width, height) == header_px;
    (within_limit && same_pixels).then_some(image)
}

fn image_from_pixels(decoded: &DecodedPhoto) -> Result<Image, String> {
    let opaque = decoded.rgba.chunks_exact(4).all(|px| px[3] == 255);
    if !opaque {
        return Ok(Image::from_rgba8(
            decoded.rgba.clone(),
            decoded.width_px,
            decoded.height_px,
        ));
    }
    let rgb: Vec<u8> = decoded
        .rgba
        .chunks_exact(4)
        .flat_map(|px| [px[0], px[1], px[2]])
        .collect();
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, REENCODE_JPEG_QUALITY)
        .encode(
            &rgb,
            decoded.width_px,
            decoded.height_px,
            image::ExtendedColorType::Rgb8,
        )
        .map_err(|e| e.to_string())?;
    Image::from_jpeg(jpeg.into(), true)
}

/// Draw one display item; the only place that knows the item kinds.
fn draw_item(surface: &mut Surface<'_>, item: &DisplayItem, resources: &Resources) {
    match item {
        DisplayItem::Glyphs(run) => {
            if let Some(font) = resources.fonts.get(&run.face) {
                draw_glyph_run(surface, run, font);
            }
        }
        DisplayItem::Rule(rule) => draw_rule(surface, rule),
        DisplayItem::Rect(rect) => draw_rect(surface, rect),
        DisplayItem::Image(image_box) => match resources.images.get(&image_box.path) {
            Some(Some(image)) => draw_image(surface, image_box, image),
            _ => {
                for stand_in in &image_box.missing {
                    draw_item(surface, stand_in, resources);
                }
            }
        },
    }
}

/// Neutral colours (black, greys) go in as DeviceGray, so a print RIP separates them to
/// the black plate only instead of a four-colour "rich" black that smears small type.
fn paint(colour: Rgb) -> Paint {
    let Rgb(r, g, b) = colour;
    if r == g && g == b {
        luma::Color::new(r).into()
    } else {
        rgb::Color::new(r, g, b).into()
    }
}

fn paint_fill(colour: Rgb) -> Fill {
    Fill {
        paint: paint(colour),
        opacity: NormalizedF32::ONE,
        rule: FillRule::NonZero,
    }
}

fn paint_stroke(colour: Rgb, width: f32) -> Stroke {
    Stroke {
        paint: paint(colour),
        width,
        line_cap: LineCap::Butt,
        line_join: LineJoin::Miter,
        ..Stroke::default()
    }
}

/// Glyphs exactly where the display list puts them, with their characters as the
/// text behind them. A run is drawn as one PDF glyph run per baseline.
fn draw_glyph_run(surface: &mut Surface<'_>, run: &GlyphRun, font: &Font) {
    if run.glyphs.is_empty() || !run.size_pt.is_finite() || run.size_pt <= 0.0 {
        return;
    }
    surface.set_fill(Some(paint_fill(run.colour)));
    surface.set_stroke(None);
    let mut start = 0;
    while start < run.glyphs.len() {
        let y = run.glyphs[start].y_pt;
        let end = run.glyphs[start..]
            .iter()
            .position(|g| (g.y_pt - y).abs() > 0.001)
            .map_or(run.glyphs.len(), |n| start + n);
        let line = &run.glyphs[start..end];
        let mut text = String::with_capacity(line.len() * 3);
        let mut glyphs = Vec::with_capacity(line.len());
        for (i, glyph) in line.iter().enumerate() {
            let from = text.len();
            text.push(glyph.ch);
            // Each glyph advances to the next one's position, so every glyph lands on
            // its own x whatever the font's advance says.
            let advance_pt = line
                .get(i + 1)
                .map_or(glyph.advance_pt, |next| next.x_pt - glyph.x_pt);
            glyphs.push(KrillaGlyph::new(
                GlyphId::new(u32::from(glyph.glyph_id)),
                advance_pt / run.size_pt,
                0.0,
                0.0,
                0.0,
                from..text.len(),
                None,
            ));
        }
        surface.draw_glyphs(
            Point::from_xy(line[0].x_pt, y),
            &glyphs,
            font.clone(),
            &text,
            run.size_pt,
            false,
        );
        start = end;
    }
    surface.set_fill(None);
}

fn draw_rule(surface: &mut Surface<'_>, rule: &Rule) {
    let mut builder = PathBuilder::new();
    builder.move_to(rule.from.0, rule.from.1);
    builder.line_to(rule.to.0, rule.to.1);
    if let Some(path) = builder.finish() {
        surface.set_fill(None);
        surface.set_stroke(Some(paint_stroke(rule.colour, rule.width_pt)));
        surface.draw_path(&path);
        surface.set_stroke(None);
    }
}

fn rect_path(rect: &RectPt) -> Option<krilla::geom::Path> {
    let mut builder = PathBuilder::new();
    builder.push_rect(Rect::from_xywh(rect.x, rect.y, rect.width, rect.height)?);
    builder.finish()
}

fn draw_rect(surface: &mut Surface<'_>, item: &RectItem) {
    if let Some(fill) = item.fill
        && let Some(path) = rect_path(&item.rect)
    {
        surface.set_stroke(None);
        surface.set_fill(Some(paint_fill(fill)));
        surface.draw_path(&path);
        surface.set_fill(None);
    }
    if let Some((colour, width)) = item.stroke {
        stroke_inside(surface, &item.rect, colour, width);
    }
}

/// A rectangle's frame stroked inside its edges (as the preview and PNG export draw it).
fn stroke_inside(surface: &mut Surface<'_>, rect: &RectPt, colour: Rgb, width_pt: f32) {
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
    let path = if inset.width > 0.0 && inset.height > 0.0 {
        rect_path(&inset)
    } else {
        // A frame as thick as the box is narrow: a line through its middle.
        let mut builder = PathBuilder::new();
        builder.move_to(inset.x, inset.y);
        builder.line_to(
            inset.x + inset.width.max(0.0),
            inset.y + inset.height.max(0.0),
        );
        builder.finish()
    };
    if let Some(path) = path {
        surface.set_fill(None);
        surface.set_stroke(Some(paint_stroke(colour, width)));
        surface.draw_path(&path);
        surface.set_stroke(None);
    }
}

/// The photo scaled to cover its box, centred, and clipped to the box.
fn draw_image(surface: &mut Surface<'_>, image_box: &ImageBox, image: &Image) {
    let rect = &image_box.rect;
    let (width_px, height_px) = image.size();
    let Some(clip) = rect_path(rect) else {
        return;
    };
    if width_px == 0 || height_px == 0 {
        return;
    }
    let scale = (rect.width / width_px as f32).max(rect.height / height_px as f32);
    let (width, height) = (width_px as f32 * scale, height_px as f32 * scale);
    let Some(size) = Size::from_wh(width, height) else {
        return;
    };
    let x = rect.x + (rect.width - width) / 2.0;
    let y = rect.y + (rect.height - height) / 2.0;
    surface.push_clip_path(&clip, &FillRule::NonZero);
    surface.push_transform(&Transform::from_translate(x, y));
    surface.draw_image(image.clone(), size);
    surface.pop();
    surface.pop();
}

/// Thin marks at the four trim corners, outside the bleed.
fn draw_crop_marks(surface: &mut Surface<'_>, geometry: &PageGeometry) {
    let o = geometry.offset;
    let (w, h) = geometry.trim;
    let near = geometry.bleed;
    let far = geometry.bleed + MARK_LENGTH_MM * PT_PER_MM;
    let mut builder = PathBuilder::new();
    for (cx, sx) in [(o, -1.0), (o + w, 1.0)] {
        for (cy, sy) in [(o, -1.0), (o + h, 1.0)] {
            // Horizontal mark along the trim line y = cy, pointing away from the page.
            builder.move_to(cx + sx * near, cy);
            builder.line_to(cx + sx * far, cy);
            // Vertical mark along x = cx.
            builder.move_to(cx, cy + sy * near);
            builder.line_to(cx, cy + sy * far);
        }
    }
    if let Some(path) = builder.finish() {
        surface.set_fill(None);
        surface.set_stroke(Some(paint_stroke(Rgb::BLACK, MARK_WIDTH_PT)));
        surface.draw_path(&path);
        surface.set_stroke(None);
    }
}
