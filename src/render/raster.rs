//! PNG export: draws a page's display list into pixels with vello_cpu.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use image::imageops::{self, FilterType};
use image::{ImageBuffer, ImageEncoder, Rgba, RgbaImage};
use vello_cpu::color::{AlphaColor, PremulRgba8, Srgb};
use vello_cpu::kurbo::{Affine, BezPath, Cap, Join, Rect, Stroke};
use vello_cpu::peniko::{Blob, FontData, ImageQuality, ImageSampler};
use vello_cpu::{Glyph, Image, ImageSource, Pixmap, RenderContext, Resources};

use crate::fonts::{Face, FontSet};
use crate::render::photos::Photos;
use crate::store::photo::DecodedPhoto;
use crate::typeset::display::{
    DisplayItem, GlyphRun, ImageBox, PageList, RectItem, RectPt, Rgb, Rule,
};

/// The resolution PNGs are exported at unless the user picks another.
pub const DEFAULT_DPI: f32 = 150.0;
/// The lowest resolution accepted.
pub const MIN_DPI: f32 = 36.0;
/// The highest resolution accepted.
pub const MAX_DPI: f32 = 600.0;
/// Pages larger than this many pixels are refused (200 megapixels, 800 MB of RGBA).
pub const MAX_PAGE_PIXELS: u64 = 200_000_000;
/// Width of the thumbnails [`export_pngs`] writes beside each page.
pub const THUMBNAIL_WIDTH_PX: u32 = 400;

/// Rules are never drawn thinner than this many device pixels, so hairlines stay visible.
const MIN_RULE_PX: f32 = 1.0;

/// An 8-bit sRGB image, row by row from the top-left, four bytes a pixel.
///
/// The bytes are *straight* (not premultiplied) RGBA; pages are painted on opaque white, so
/// every alpha byte of a rendered page is 255.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RasterImage {
    /// Width in pixels.
    pub width_px: u32,
    /// Height in pixels.
    pub height_px: u32,
    /// `width_px * height_px * 4` bytes of straight RGBA.
    pub rgba: Vec<u8>,
}

impl RasterImage {
    /// The RGBA of the pixel at (`x`, `y`), or `None` outside the image.
    pub fn pixel(&self, x: u32, y: u32) -> Option<[u8; 4]> {
        if x >= self.width_px || y >= self.height_px {
            return None;
        }
        let i = (y as usize * self.width_px as usize + x as usize) * 4;
        let px = self.rgba.get(i..i + 4)?;
        Some([px[0], px[1], px[2], px[3]])
    }
}

/// A rendered page and what could not be drawn as asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderOutcome {
    /// The page's pixels.
    pub image: RasterImage,
    /// One message per photo that could not be loaded (drawn as a marked grey box instead),
    /// naming the page and the photo's path.
    pub warnings: Vec<String>,
}

/// The files [`export_pngs`] wrote and what could not be drawn as asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportOutcome {
    /// Per page, in page order: the full page, then its thumbnail.
    pub files: Vec<PathBuf>,
    /// The warnings of every page, in page order (see [`RenderOutcome::warnings`]).
    pub warnings: Vec<String>,
}

/// Why a page could not be rendered or written.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RenderError {
    /// A file or folder could not be created or written.
    #[error("无法写入 {} (cannot write): {message}", .path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The operating system's message.
        message: String,
    },
    /// The pixels could not be encoded as PNG.
    #[error("PNG 编码失败 {} (cannot encode PNG): {message}", .path.display())]
    Encode {
        /// The file being written.
        path: PathBuf,
        /// The encoder's message.
        message: String,
    },
    /// The resolution asked for is outside [`MIN_DPI`]..=[`MAX_DPI`].
    #[error("分辨率 {dpi} dpi 超出范围 {MIN_DPI}–{MAX_DPI} dpi (resolution out of range)")]
    DpiOutOfRange {
        /// The resolution asked for.
        dpi: f32,
    },
    /// The page would need more pixels than [`MAX_PAGE_PIXELS`] (or more than 65,535 on a side).
    #[error(
        "第 {page} 版在 {dpi} dpi 下过大\u{FF1A}{width_px}×{height_px} 像素 (page too large; at most {} megapixels and 65535 pixels a side)",
        MAX_PAGE_PIXELS / 1_000_000
    )]
    PageTooLarge {
        /// The page number.
        page: u32,
        /// The resolution asked for.
        dpi: f32,
        /// Width it would have.
        width_px: u64,
        /// Height it would have.
        height_px: u64,
    },
    /// The page has no area (zero, negative or non-finite size).
    #[error("第 {page} 版尺寸无效\u{FF1A}{width_pt}×{height_pt} pt (invalid page size)")]
    InvalidPageSize {
        /// The page number.
        page: u32,
        /// Its width in points.
        width_pt: f32,
        /// Its height in points.
        height_pt: f32,
    },
}

/// Checks that `dpi` lies within [`MIN_DPI`]..=[`MAX_DPI`].
pub fn check_dpi(dpi: f32) -> Result<(), RenderError> {
    if (MIN_DPI..=MAX_DPI).contains(&dpi) {
        Ok(())
    } else {
        Err(RenderError::DpiOutOfRange { dpi })
    }
}

/// The page's size in pixels at `dpi`.
fn page_size_px(page: &PageList, dpi: f32) -> Result<(u16, u16), RenderError> {
    let valid = |v: f32| v.is_finite() && v > 0.0;
    if !valid(page.width_pt) || !valid(page.height_pt) {
        return Err(RenderError::InvalidPageSize {
            page: page.number,
            width_pt: page.width_pt,
            height_pt: page.height_pt,
        });
    }
    let scale = f64::from(dpi) / f64::from(crate::units::PT_PER_INCH);
    let width = (f64::from(page.width_pt) * scale).round().max(1.0);
    let height = (f64::from(page.height_pt) * scale).round().max(1.0);
    // Saturating float-to-int casts: anything absurd lands above the limits below.
    let (width_px, height_px) = (width as u64, height as u64);
    let too_large = width_px > u64::from(u16::MAX)
        || height_px > u64::from(u16::MAX)
        || width_px.saturating_mul(height_px) > MAX_PAGE_PIXELS;
    if too_large {
        return Err(RenderError::PageTooLarge {
            page: page.number,
            dpi,
            width_px,
            height_px,
        });
    }
    Ok((width_px as u16, height_px as u16))
}

fn paint(rgb: Rgb) -> AlphaColor<Srgb> {
    AlphaColor::from_rgb8(rgb.0, rgb.1, rgb.2)
}

/// Fonts as vello_cpu wants them, made once per face and page; the bytes are shared.
struct FaceCache<'a> {
    fonts: &'a FontSet,
    faces: HashMap<Face, FontData>,
}

impl FaceCache<'_> {
    fn get(&mut self, face: Face) -> FontData {
        self.faces
            .entry(face)
            .or_insert_with(|| {
                let bytes: Arc<dyn AsRef<[u8]> + Send + Sync> = self.fonts.bytes(face).clone();
                FontData::new(Blob::new(bytes), 0)
            })
            .clone()
    }
}

/// One page being drawn: the vello context in page points (scaled to pixels).
struct Painter<'a> {
    ctx: RenderContext,
    resources: Resources,
    faces: FaceCache<'a>,
    /// Pixels per point.
    scale: f32,
    page_transform: Affine,
    /// The band of the page this painter draws: its first row, and its rows.
    band: Band,
}

/// Decoded photos of a page, by path.
type PagePhotos = HashMap<String, Result<Arc<DecodedPhoto>, crate::store::photo::PhotoError>>;

/// A page's photos, decoded on their own thread while the bands start drawing: a band
/// waits for them only when it reaches a photo.
type PendingPhotos = OnceLock<PagePhotos>;

/// Publishes an empty set of photos if the decoding thread ends without publishing
/// (it panicked), so that no band waits for ever; the panic then ends the page.
struct PublishOnDrop<'a>(&'a PendingPhotos);

impl Drop for PublishOnDrop<'_> {
    fn drop(&mut self) {
        let _ = self.0.set(PagePhotos::new());
    }
}

/// Rows of a page drawn by one thread.
#[derive(Debug, Clone, Copy)]
struct Band {
    top_px: u16,
    rows_px: u16,
}

impl Painter<'_> {
    /// Draws one display item; the only place that knows the item kinds. Returns why a
    /// photo could not be drawn.
    fn item(&mut self, item: &DisplayItem, photos: &PendingPhotos) -> Option<String> {
        match item {
            DisplayItem::Glyphs(run) if self.outside_band(run) => {}
            DisplayItem::Glyphs(run) => self.glyphs(run),
            DisplayItem::Rule(rule) => self.rule(rule),
            DisplayItem::Rect(rect) => self.rect(rect),
            DisplayItem::Image(image) => return self.image(image, photos),
        }
        None
    }

    /// Whether a run of glyphs leaves no ink in this painter's band (its glyphs reach at
    /// most 1.5 em above and below their baselines), so drawing it can be skipped.
    fn outside_band(&self, run: &GlyphRun) -> bool {
        let Some(origins) = run.origins_bounds() else {
            return true;
        };
        let reach = 1.5 * run.size_pt.abs();
        self.outside_band_px(origins.y - reach, origins.y + origins.height + reach)
    }

    /// Whether the rows from `top_pt` to `bottom_pt` on the page (with a pixel to spare)
    /// all lie outside this painter's band.
    fn outside_band_px(&self, top_pt: f32, bottom_pt: f32) -> bool {
        let band_top = f32::from(self.band.top_px);
        let band_bottom = band_top + f32::from(self.band.rows_px);
        bottom_pt * self.scale + 1.0 < band_top || top_pt * self.scale - 1.0 > band_bottom
    }

    fn glyphs(&mut self, run: &GlyphRun) {
        if run.glyphs.is_empty() || !run.size_pt.is_finite() || run.size_pt <= 0.0 {
            return;
        }
        let font = self.faces.get(run.face);
        self.ctx.set_paint(paint(run.colour));
        self.ctx
            .glyph_run(&mut self.resources, &font)
            .font_size(run.size_pt)
            .hint(false)
            .fill_glyphs(run.glyphs.iter().map(|g| Glyph {
                id: u32::from(g.glyph_id),
                x: g.x_pt,
                y: g.y_pt,
            }));
    }

    fn rule(&mut self, rule: &Rule) {
        let width = rule.width_pt.max(MIN_RULE_PX / self.scale);
        let mut path = BezPath::new();
        path.move_to((f64::from(rule.from.0), f64::from(rule.from.1)));
        path.line_to((f64::from(rule.to.0), f64::from(rule.to.1)));
        self.ctx.set_paint(paint(rule.colour));
        self.ctx
            .set_stroke(Stroke::new(f64::from(width)).with_caps(Cap::Butt));
        self.ctx.stroke_path(&path);
    }

    fn rect(&mut self, item: &RectItem) {
        let rect = kurbo_rect(&item.rect);
        if let Some(fill) = item.fill {
            self.ctx.set_paint(paint(fill));
            self.ctx.fill_rect(&rect);
        }
        if let Some((ink, width)) = item.stroke {
            self.stroke_inside(&item.rect, ink, width);
        }
    }

    /// Strokes a rectangle's frame inside its edges (as the on-screen preview does).
    fn stroke_inside(&mut self, rect: &RectPt, ink: Rgb, width_pt: f32) {
        let width = width_pt.min(rect.width).min(rect.height);
        if width.is_nan() || width <= 0.0 {
            return;
        }
        let half = f64::from(width) / 2.0;
        let inset = kurbo_rect(rect).inset(-half);
        self.ctx.set_paint(paint(ink));
        self.ctx
            .set_stroke(Stroke::new(f64::from(width)).with_join(Join::Miter));
        self.ctx.stroke_rect(&inset);
    }

    /// Draws a photo to cover its box (cropping the longer side, centred), or a marked grey
    /// box when the photo cannot be had; returns the reason in that case.
    fn image(&mut self, image: &ImageBox, photos: &PendingPhotos) -> Option<String> {
        match photos.wait().get(&image.path)? {
            Ok(photo) => {
                if !self.outside_band_px(image.rect.y, image.rect.y + image.rect.height) {
                    self.photo(&image.rect, photo);
                }
                None
            }
            Err(err) => {
                for stand_in in &image.missing {
                    self.item(stand_in, photos);
                }
                Some(err.to_string())
            }
        }
    }

    fn photo(&mut self, rect: &RectPt, photo: &DecodedPhoto) {
        // Snap the box to whole pixels and resample the photo to exactly that size, so it
        // is drawn 1:1 (no sampling by the rasteriser, crisp edges).
        let s = f64::from(self.scale);
        let x0 = (f64::from(rect.x) * s).round();
        let y0 = (f64::from(rect.y) * s).round();
        let x1 = (f64::from(rect.x + rect.width) * s).round();
        let y1 = (f64::from(rect.y + rect.height) * s).round();
        let (width_px, height_px) = ((x1 - x0) as u32, (y1 - y0) as u32);
        if width_px == 0 || height_px == 0 {
            return;
        }
        let Some(pixels) = cover(photo, width_px, height_px) else {
            return;
        };
        let (Ok(w16), Ok(h16)) = (u16::try_from(width_px), u16::try_from(height_px)) else {
            return;
        };
        let premultiplied = pixels
            .pixels()
            .map(|&Rgba([r, g, b, a])| {
                let mul = |c: u8| ((u16::from(c) * u16::from(a) + 127) / 255) as u8;
                PremulRgba8 {
                    r: mul(r),
                    g: mul(g),
                    b: mul(b),
                    a,
                }
            })
            .collect();
        let pixmap = Pixmap::from_parts(premultiplied, w16, h16);
        let brush = Image {
            image: ImageSource::Pixmap(Arc::new(pixmap)),
            sampler: ImageSampler::new().with_quality(ImageQuality::Low),
        };
        self.ctx.set_transform(self.band_shift());
        self.ctx.set_paint_transform(Affine::translate((x0, y0)));
        self.ctx.set_paint(brush);
        self.ctx.fill_rect(&Rect::new(x0, y0, x1, y1));
        self.ctx.reset_paint_transform();
        self.ctx.set_transform(self.page_transform);
    }
}

impl Painter<'_> {
    /// Page pixels to this band's pixels.
    fn band_shift(&self) -> Affine {
        Affine::translate((0.0, -f64::from(self.band.top_px)))
    }
}

fn kurbo_rect(rect: &RectPt) -> Rect {
    Rect::new(
        f64::from(rect.x),
        f64::from(rect.y),
        f64::from(rect.x + rect.width),
        f64::from(rect.y + rect.height),
    )
}

/// The photo scaled to cover `width` × `height` pixels: the longer side (relative to the
/// box) is cropped, centred.
fn cover(photo: &DecodedPhoto, width: u32, height: u32) -> Option<RgbaImage> {
    let expected = photo.width_px as usize * photo.height_px as usize * 4;
    if photo.width_px == 0 || photo.height_px == 0 || photo.rgba.len() != expected {
        return None;
    }
    let image_aspect = f64::from(photo.width_px) / f64::from(photo.height_px);
    let box_aspect = f64::from(width) / f64::from(height);
    let (crop_w, crop_h) = if image_aspect > box_aspect {
        let w = (f64::from(photo.height_px) * box_aspect).round() as u32;
        (w.clamp(1, photo.width_px), photo.height_px)
    } else {
        let h = (f64::from(photo.width_px) / box_aspect).round() as u32;
        (photo.width_px, h.clamp(1, photo.height_px))
    };
    let left = ((photo.width_px - crop_w) / 2) as usize;
    let top = ((photo.height_px - crop_h) / 2) as usize;
    let stride = photo.width_px as usize * 4;
    let mut bytes = Vec::with_capacity(crop_w as usize * crop_h as usize * 4);
    for row in photo
        .rgba
        .chunks_exact(stride)
        .skip(top)
        .take(crop_h as usize)
    {
        bytes.extend_from_slice(&row[left * 4..(left + crop_w as usize) * 4]);
    }
    let cropped = RgbaImage::from_raw(crop_w, crop_h, bytes)?;
    Some(resample(&cropped, width, height))
}

/// Resizes with an area-averaging filter when shrinking a lot (fast, no aliasing) and
/// Catmull-Rom otherwise.
fn resample(image: &RgbaImage, width: u32, height: u32) -> RgbaImage {
    if image.width() == width && image.height() == height {
        return image.clone();
    }
    if image.width() >= 2 * width && image.height() >= 2 * height {
        imageops::thumbnail(image, width, height)
    } else {
        imageops::resize(image, width, height, FilterType::CatmullRom)
    }
}

/// Renders one page at `dpi` (36–600): white paper, then every display item in order.
///
/// A photo that cannot be loaded is drawn as a light grey box with a red frame and a
/// label, and reported in [`RenderOutcome::warnings`]; it never fails the page.
pub fn render_page(
    page: &PageList,
    fonts: &FontSet,
    photos: &mut Photos,
    dpi: f32,
) -> Result<RenderOutcome, RenderError> {
    check_dpi(dpi)?;
    let (width, height) = page_size_px(page, dpi)?;
    let scale = dpi / crate::units::PT_PER_INCH;
    let bands = balanced_bands(page, scale, height, PAGE_BANDS);
    let row_bytes = usize::from(width) * 4;
    let mut rgba = vec![0u8; row_bytes * usize::from(height)];
    let photos_ready = PendingPhotos::new();
    // The bands draw at once, each in its own vello context on its own thread, straight
    // into its rows of the page: a page's drawing is mostly per-pixel work, which splits
    // by rows. Each band draws every item but the lines of text that leave no ink in it.
    // The photos decode meanwhile on a third thread (about 10 ms for the sample's).
    let warnings = std::thread::scope(|scope| {
        let photos_ready = &photos_ready;
        scope.spawn(move || {
            let _publish = PublishOnDrop(photos_ready);
            let _ = photos_ready.set(decode_page_photos(page, photos));
        });
        let mut rows = band_rows(&mut rgba, &bands, row_bytes);
        let first = rows.remove(0);
        let others: Vec<_> = rows
            .into_iter()
            .zip(&bands[1..])
            .map(|(out, &band)| {
                scope.spawn(move || draw_band(page, fonts, photos_ready, scale, width, band, out))
            })
            .collect();
        let warnings = draw_band(page, fonts, photos_ready, scale, width, bands[0], first);
        for handle in others {
            // Every band meets the same photos, so the first band's warnings are the page's.
            let _ = handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        }
        warnings
    });
    Ok(RenderOutcome {
        image: RasterImage {
            width_px: u32::from(width),
            height_px: u32::from(height),
            rgba,
        },
        warnings,
    })
}

/// Bands a page is drawn in, at once. Fixed rather than one per core so that a page's
/// pixels do not depend on the machine: a band below the first draws with coordinates
/// shifted by its top, which moves a few anti-aliased edge pixels by 1 in 255 against
/// drawing the page whole (267 of the sample page 1's 3.7 million pixels at 150 dpi).
const PAGE_BANDS: usize = 2;

/// Rows per band are a multiple of this (vello works in strips of 4 rows; whole tiles keep
/// a band's edge where a single-band page has no seam).
const BAND_ALIGN_PX: u16 = 16;

/// The page's rows split into `count` bands (fewer for a short page), top to bottom.
fn bands(height: u16, count: usize) -> Vec<Band> {
    let count = u16::try_from(count.clamp(1, 8)).unwrap_or(1);
    let per = height.div_ceil(count).div_ceil(BAND_ALIGN_PX) * BAND_ALIGN_PX;
    let mut bands = Vec::new();
    let mut top = 0u16;
    while top < height || bands.is_empty() {
        let rows = per.max(1).min(height - top);
        bands.push(Band {
            top_px: top,
            rows_px: rows,
        });
        top += rows;
        if rows == 0 {
            break;
        }
    }
    bands
}

/// The page's rows split into `count` bands of about the same drawing work (fewer for a
/// short page), top to bottom, on whole tiles. Text is most of a page's drawing and is
/// rarely spread evenly (page 1's nameplate and photo leave its top half light), so the
/// bands are cut where the text's weight, each glyph counted by its size, is shared out
/// equally; a page without text is cut into equal rows. The cut depends only on the page.
fn balanced_bands(page: &PageList, scale: f32, height: u16, count: usize) -> Vec<Band> {
    let tiles = usize::from(height.div_ceil(BAND_ALIGN_PX));
    let mut work = vec![0f32; tiles];
    for item in &page.items {
        let DisplayItem::Glyphs(run) = item else {
            continue;
        };
        for glyph in &run.glyphs {
            let row_px = (glyph.y_pt * scale).max(0.0);
            if row_px.is_finite() {
                let tile = (row_px as usize / usize::from(BAND_ALIGN_PX)).min(tiles - 1);
                work[tile] += run.size_pt.clamp(1.0, 1000.0);
            }
        }
    }
    let total: f32 = work.iter().sum();
    if total <= 0.0 || count <= 1 || tiles < 2 {
        return bands(height, count);
    }
    let count = count.min(8);
    let mut tops = vec![0usize];
    let mut done = 0.0;
    for (tile, tile_work) in work.iter().enumerate() {
        done += tile_work;
        let share = total * tops.len() as f32 / count as f32;
        if tops.len() < count && done >= share && tile + 1 < tiles {
            tops.push(tile + 1);
        }
    }
    let tile_px = usize::from(BAND_ALIGN_PX);
    tops.iter()
        .enumerate()
        .map(|(index, &top_tile)| {
            let top_px = top_tile * tile_px;
            let end_px = tops
                .get(index + 1)
                .map_or(usize::from(height), |&next| next * tile_px);
            Band {
                top_px: u16::try_from(top_px).unwrap_or(u16::MAX),
                rows_px: u16::try_from(end_px - top_px).unwrap_or(0),
            }
        })
        .collect()
}

/// The page's pixel rows cut into each band's rows, top to bottom.
fn band_rows<'a>(rgba: &'a mut [u8], bands: &[Band], row_bytes: usize) -> Vec<&'a mut [u8]> {
    let mut rest = rgba;
    let mut rows = Vec::with_capacity(bands.len());
    for band in bands {
        let (this, after) = rest.split_at_mut(usize::from(band.rows_px) * row_bytes);
        rows.push(this);
        rest = after;
    }
    rows
}

/// Every photo of the page decoded (or why not), once, in the order the page draws them.
fn decode_page_photos(page: &PageList, photos: &mut Photos) -> PagePhotos {
    let mut decoded = PagePhotos::new();
    for item in &page.items {
        if let DisplayItem::Image(image) = item
            && !decoded.contains_key(&image.path)
        {
            decoded.insert(image.path.clone(), photos.get(&image.path));
        }
    }
    decoded
}

/// Draws one band of the page into `out`, its unpremultiplied RGBA rows; returns the
/// page's warnings.
fn draw_band(
    page: &PageList,
    fonts: &FontSet,
    photos: &PendingPhotos,
    scale: f32,
    width: u16,
    band: Band,
    out: &mut [u8],
) -> Vec<String> {
    let mut painter = Painter {
        ctx: RenderContext::new(width, band.rows_px),
        resources: Resources::new(),
        faces: FaceCache {
            fonts,
            faces: HashMap::new(),
        },
        scale,
        page_transform: Affine::IDENTITY,
        band,
    };
    painter.page_transform = painter.band_shift() * Affine::scale(f64::from(scale));
    painter.ctx.set_paint(paint(Rgb(255, 255, 255)));
    painter.ctx.fill_rect(&Rect::new(
        0.0,
        0.0,
        f64::from(width),
        f64::from(band.rows_px),
    ));
    painter.ctx.set_transform(painter.page_transform);

    let mut warnings: Vec<String> = Vec::new();
    for item in &page.items {
        if let Some(reason) = painter.item(item, photos) {
            let warning = format!("第 {} 版 (page {}): {reason}", page.number, page.number);
            if !warnings.contains(&warning) {
                warnings.push(warning);
            }
        }
    }

    painter.ctx.flush();
    let mut pixmap = Pixmap::new(width, band.rows_px);
    painter.ctx.render(&mut pixmap, &mut painter.resources);
    unpremultiply_into(&pixmap, out);
    warnings
}

/// Writes the pixmap into `out` as unpremultiplied RGBA bytes, as
/// `Pixmap::take_unpremultiplied` gives them. A page is painted on opaque white, so nearly
/// every pixel is opaque and already what unpremultiplying gives: the bytes are copied
/// whole and only pixels that are not opaque are divided (with vello's own rounding),
/// instead of converting every pixel.
fn unpremultiply_into(pixmap: &Pixmap, out: &mut [u8]) {
    let premultiplied = pixmap.data_as_u8_slice();
    let len = premultiplied.len().min(out.len());
    out[..len].copy_from_slice(&premultiplied[..len]);
    for px in out[..len].chunks_exact_mut(4) {
        let a = px[3];
        if a != 255 && a != 0 {
            let alpha = 255.0 / f32::from(a);
            for c in &mut px[..3] {
                *c = (f32::from(*c) * alpha + 0.5) as u8;
            }
        }
    }
}

/// A copy of `image` scaled to `width_px` wide (at least 1), keeping its aspect ratio.
pub fn thumbnail(image: &RasterImage, width_px: u32) -> RasterImage {
    let width = width_px.max(1);
    let height = if image.width_px == 0 {
        1
    } else {
        let h = f64::from(image.height_px) * f64::from(width) / f64::from(image.width_px);
        (h.round() as u32).max(1)
    };
    let source: Option<ImageBuffer<Rgba<u8>, &[u8]>> =
        ImageBuffer::from_raw(image.width_px, image.height_px, image.rgba.as_slice());
    let scaled = match source {
        Some(source) if image.width_px > 0 && image.height_px > 0 => {
            if image.width_px >= 2 * width {
                imageops::thumbnail(&source, width, height)
            } else {
                imageops::resize(&source, width, height, FilterType::CatmullRom)
            }
        }
        // A malformed image (buffer of the wrong length) gives a blank thumbnail.
        _ => RgbaImage::from_pixel(width, height, Rgba([255, 255, 255, 255])),
    };
    RasterImage {
        width_px: scaled.width(),
        height_px: scaled.height(),
        rgba: scaled.into_raw(),
    }
}

/// Writes `image` as a PNG file at `path`.
pub fn write_png(image: &RasterImage, path: &Path) -> Result<(), RenderError> {
    let io = |e: std::io::Error| RenderError::Io {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    let expected = u64::from(image.width_px) * u64::from(image.height_px) * 4;
    if image.width_px == 0 || image.height_px == 0 || image.rgba.len() as u64 != expected {
        return Err(RenderError::Encode {
            path: path.to_path_buf(),
            message: format!(
                "{}×{} 像素的图像有 {} 字节\u{FF0C}应为 {expected} (pixel buffer has the wrong size)",
                image.width_px,
                image.height_px,
                image.rgba.len()
            ),
        });
    }
    // Encoded in memory, then written under a temporary name and renamed, so a failed
    // export never leaves half a file under the real name.
    let mut bytes = Vec::new();
    let encoder = image::codecs::png::PngEncoder::new_with_quality(
        &mut bytes,
        image::codecs::png::CompressionType::Fast,
        image::codecs::png::FilterType::Adaptive,
    );
    encoder
        .write_image(
            &image.rgba,
            image.width_px,
            image.height_px,
            image::ExtendedColorType::Rgba8,
        )
        .map_err(|e| match e {
            image::ImageError::IoError(e) => io(e),
            other => RenderError::Encode {
                path: path.to_path_buf(),
                message: other.to_string(),
            },
        })?;
    crate::store::write_export(path, &bytes).map_err(|e| match e {
        crate::store::StoreError::Io { source, .. } => io(source),
        other => io(std::io::Error::other(other.to_string())),
    })
}

/// Renders every page at `dpi` into `dir` (created if missing) as `page-{N}.png` plus a
/// [`THUMBNAIL_WIDTH_PX`]-wide `page-{N}-thumb.png`, `N` being the page number; calls
/// `progress(done, total)` after each page.
pub fn export_pngs(
    pages: &[PageList],
    fonts: &FontSet,
    photos: &mut Photos,
    dir: &Path,
    dpi: f32,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ExportOutcome, RenderError> {
    check_dpi(dpi)?;
    for page in pages {
        page_size_px(page, dpi)?;
    }
    std::fs::create_dir_all(dir).map_err(|e| RenderError::Io {
        path: dir.to_path_buf(),
        message: e.to_string(),
    })?;
    let mut outcome = ExportOutcome {
        files: Vec::with_capacity(pages.len() * 2),
        warnings: Vec::new(),
    };
    // Pages draw on this thread (the photo cache is not shared) while the page before is
    // shrunk and PNG-encoded on another: the two take about as long, so both cores work.
    std::thread::scope(|scope| {
        let mut writing: Option<std::thread::ScopedJoinHandle<'_, Result<(), RenderError>>> = None;
        for (done, page) in pages.iter().enumerate() {
            let rendered = render_page(page, fonts, photos, dpi)?;
            let full = dir.join(format!("page-{}.png", page.number));
            let thumb = dir.join(format!("page-{}-thumb.png", page.number));
            if let Some(previous) = writing.take() {
                join_writer(previous)?;
                progress(done, pages.len());
            }
            outcome.files.push(full.clone());
            outcome.files.push(thumb.clone());
            outcome.warnings.extend(rendered.warnings);
            let image = rendered.image;
            writing = Some(scope.spawn(move || {
                write_png(&image, &full)?;
                write_png(&thumbnail(&image, THUMBNAIL_WIDTH_PX), &thumb)
            }));
        }
        if let Some(last) = writing {
            join_writer(last)?;
            progress(pages.len(), pages.len());
        }
        Ok(outcome)
    })
}

/// Waits for a page's PNG files; a panic there is the caller's panic.
fn join_writer(
    handle: std::thread::ScopedJoinHandle<'_, Result<(), RenderError>>,
) -> Result<(), RenderError> {
    handle
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_cover_every_row_once_on_whole_tiles() {
        for (height, count) in [(2303u16, 2usize), (10, 2), (16, 3), (1, 1), (4000, 8)] {
            let bands = bands(height, count);
            assert!(
                !bands.is_empty() && bands.len() <= count,
                "{height} {count}"
            );
            let mut next = 0;
            for band in &bands {
                assert_eq!(band.top_px, next);
                assert_eq!(band.top_px % BAND_ALIGN_PX, 0);
                assert!(band.rows_px > 0);
                next += band.rows_px;
            }
            assert_eq!(next, height);
        }
        assert_eq!(bands(2303, 2).len(), 2);
        assert_eq!(bands(10, 2).len(), 1);
    }

    /// A run of `count` 10 pt glyphs on the baseline `y_pt`.
    fn text_line(y_pt: f32, count: usize) -> DisplayItem {
        DisplayItem::Glyphs(GlyphRun {
            face: Face::SongRegular,
            size_pt: 10.0,
            colour: Rgb::BLACK,
            glyphs: (0..count)
                .map(|i| crate::typeset::display::PositionedGlyph {
                    glyph_id: 1,
                    ch: '\u{4E00}',
                    x_pt: i as f32 * 10.0,
                    y_pt,
                    advance_pt: 10.0,
                    char_index: i,
                })
                .collect(),
            source: None,
        })
    }

    #[test]
    fn bands_share_the_text_not_the_rows() {
        let scale: f32 = 150.0 / 72.0;
        // 1000 pt tall; all the text in the bottom fifth: the cut falls among it.
        let items = (0..20)
            .map(|i| text_line(810.0 + i as f32 * 9.0, 30))
            .collect();
        let bottom_heavy = page(500.0, 1000.0, items);
        let height = (1000.0 * scale).round() as u16;
        let bands = balanced_bands(&bottom_heavy, scale, height, 2);
        assert_eq!(bands.len(), 2);
        let cut_pt = f32::from(bands[1].top_px) / scale;
        assert!((810.0..990.0).contains(&cut_pt), "cut at {cut_pt} pt");
        assert_eq!(bands[0].top_px, 0);
        assert_eq!(bands[1].top_px % BAND_ALIGN_PX, 0);
        assert_eq!(bands[0].rows_px + bands[1].rows_px, height);
        // No text: equal rows, as before.
        let blank = page(500.0, 1000.0, Vec::new());
        assert_eq!(
            balanced_bands(&blank, scale, height, 2)
                .iter()
                .map(|b| (b.top_px, b.rows_px))
                .collect::<Vec<_>>(),
            bands_of(height, 2)
        );
    }

    fn bands_of(height: u16, count: usize) -> Vec<(u16, u16)> {
        bands(height, count)
            .iter()
            .map(|b| (b.top_px, b.rows_px))
            .collect()
    }

    #[test]
    fn unpremultiplied_bytes_match_vellos_conversion() {
        let mut pixmap = Pixmap::new(64, 4);
        for (i, px) in pixmap
            .data_as_u8_slice_mut()
            .chunks_exact_mut(4)
            .enumerate()
        {
            // Every alpha, with colours no greater than it (premultiplied).
            let a = (i % 256) as u8;
            px.copy_from_slice(&[a / 2, a, a / 3, a]);
        }
        let expected: Vec<u8> = pixmap
            .clone()
            .take_unpremultiplied()
            .into_iter()
            .flat_map(|px| [px.r, px.g, px.b, px.a])
            .collect();
        let mut out = vec![0u8; expected.len()];
        unpremultiply_into(&pixmap, &mut out);
        assert_eq!(out, expected);
    }

    fn page(width_pt: f32, height_pt: f32, items: Vec<DisplayItem>) -> PageList {
        PageList {
            number: 1,
            width_pt,
            height_pt,
            items,
            blocks: Vec::new(),
            grid_columns: Vec::new(),
            line_pitch_pt: 12.0,
        }
    }

    fn fonts() -> &'static FontSet {
        FontSet::shared().expect("bundled fonts")
    }

    #[test]
    fn dpi_outside_range_is_refused() {
        let mut photos = Photos::new(None, 100);
        let p = page(72.0, 72.0, Vec::new());
        for dpi in [35.9, 600.1, f32::NAN, 0.0, -150.0] {
            let err = render_page(&p, fonts(), &mut photos, dpi).unwrap_err();
            assert!(matches!(err, RenderError::DpiOutOfRange { .. }), "{dpi}");
            assert!(err.to_string().contains("dpi"));
        }
        assert!(render_page(&p, fonts(), &mut photos, 36.0).is_ok());
        assert!(render_page(&p, fonts(), &mut photos, 600.0).is_ok());
    }

    #[test]
    fn huge_or_empty_pages_are_refused() {
        let mut photos = Photos::new(None, 100);
        let huge = page(20_000.0, 20_000.0, Vec::new());
        assert!(matches!(
            render_page(&huge, fonts(), &mut photos, 600.0),
            Err(RenderError::PageTooLarge { .. })
        ));
        let empty = page(0.0, 100.0, Vec::new());
        assert!(matches!(
            render_page(&empty, fonts(), &mut photos, 150.0),
            Err(RenderError::InvalidPageSize { .. })
        ));
    }

    #[test]
    fn blank_page_is_white_and_sized_by_dpi() {
        let mut photos = Photos::new(None, 100);
        let out = render_page(&page(144.0, 72.0, Vec::new()), fonts(), &mut photos, 150.0)
            .expect("render");
        assert_eq!((out.image.width_px, out.image.height_px), (300, 150));
        assert!(out.image.rgba.iter().all(|&b| b == 255));
        assert!(out.warnings.is_empty());
    }

    #[test]
    fn rect_fill_rule_and_missing_photo() {
        let mut photos = Photos::new(None, 100);
        let items = vec![
            DisplayItem::Rect(RectItem {
                rect: RectPt {
                    x: 0.0,
                    y: 0.0,
                    width: 36.0,
                    height: 36.0,
                },
                fill: Some(Rgb(0, 0, 255)),
                stroke: None,
            }),
            DisplayItem::Rule(Rule {
                from: (0.0, 54.0),
                to: (72.0, 54.0),
                width_pt: 2.0,
                colour: Rgb::BLACK,
            }),
            DisplayItem::Image(ImageBox {
                rect: RectPt {
                    x: 72.0,
                    y: 0.0,
                    width: 72.0,
                    height: 72.0,
                },
                path: "nowhere.jpg".into(),
                article: crate::model::ArticleId("a".into()),
                missing: crate::typeset::placeholder::missing_photo(
                    &crate::typeset::metrics::FontMetrics::shared().expect("fonts"),
                    RectPt {
                        x: 72.0,
                        y: 0.0,
                        width: 72.0,
                        height: 72.0,
                    },
                    "nowhere.jpg",
                ),
            }),
        ];
        let out =
            render_page(&page(144.0, 72.0, items), fonts(), &mut photos, 72.0).expect("render");
        let img = &out.image;
        assert_eq!(img.pixel(10, 10), Some([0, 0, 255, 255]));
        assert_eq!(img.pixel(10, 54), Some([0, 0, 0, 255]));
        assert_eq!(img.pixel(10, 60), Some([255, 255, 255, 255]));
        // Missing photo: grey inside, red frame at the edge.
        assert_eq!(img.pixel(80, 20), Some([215, 215, 215, 255]));
        let [r, g, b, _] = img.pixel(72, 36).expect("inside");
        assert!(r > 200 && g < 80 && b < 80, "{r} {g} {b}");
        assert_eq!(out.warnings.len(), 1);
        assert!(
            out.warnings[0].contains("nowhere.jpg"),
            "{:?}",
            out.warnings
        );
    }

    #[test]
    fn photo_covers_its_box() {
        // 4×2 photo: left half red, right half blue; a square box keeps the middle 2×2.
        let mut rgba = Vec::new();
        for _y in 0..2 {
            for x in 0..4 {
                rgba.extend_from_slice(if x < 2 {
                    &[255, 0, 0, 255]
                } else {
                    &[0, 0, 255, 255]
                });
            }
        }
        let photo = DecodedPhoto {
            width_px: 4,
            height_px: 2,
            rgba,
        };
        let covered = cover(&photo, 2, 2).expect("cover");
        assert_eq!(covered.get_pixel(0, 0).0, [255, 0, 0, 255]);
        assert_eq!(covered.get_pixel(1, 1).0, [0, 0, 255, 255]);
        // A wide box keeps full width, cropping top and bottom.
        let wide = cover(&photo, 8, 2).expect("cover");
        assert_eq!(wide.dimensions(), (8, 2));
        assert_eq!(wide.get_pixel(0, 1).0[0], 255);
        assert_eq!(wide.get_pixel(7, 1).0[2], 255);
    }

    #[test]
    fn thumbnail_keeps_aspect() {
        let image = RasterImage {
            width_px: 1000,
            height_px: 1500,
            rgba: vec![255; 1000 * 1500 * 4],
        };
        let t = thumbnail(&image, 400);
        assert_eq!((t.width_px, t.height_px), (400, 600));
        assert_eq!(t.rgba.len(), 400 * 600 * 4);
        let broken = RasterImage {
            width_px: 10,
            height_px: 10,
            rgba: Vec::new(),
        };
        assert_eq!(thumbnail(&broken, 5).width_px, 5);
    }

    #[test]
    fn write_png_reports_path() {
        let dir = tempfile::tempdir().expect("tempdir");
        let image = RasterImage {
            width_px: 2,
            height_px: 1,
            rgba: vec![0, 0, 0, 255, 255, 255, 255, 255],
        };
        let ok = dir.path().join("a.png");
        write_png(&image, &ok).expect("write");
        let back = image::open(&ok).expect("decode").to_rgba8();
        assert_eq!(back.into_raw(), image.rgba);
        let bad = dir.path().join("missing/a.png");
        match write_png(&image, &bad) {
            Err(RenderError::Io { path, .. }) => assert_eq!(path, bad),
            other => panic!("expected Io, got {other:?}"),
        }
        let short = RasterImage {
            width_px: 3,
            height_px: 3,
            rgba: vec![0; 4],
        };
        assert!(write_png(&short, &dir.path().join("b.png")).is_err());
    }
}
