//! Drawing one page's display items into its PDF content stream.

use std::collections::HashMap;

use pdf_writer::{Content, Name, Str};

use crate::fonts::{Face, FontSet};
use crate::typeset::display::{DisplayItem, GlyphRun, ImageBox, RectItem, RectPt, Rgb, Rule};
use crate::units::PT_PER_MM;

use super::pdf::{PageGeometry, Used};
use super::pdf_fonts::FaceUsage;

/// Length of a crop mark, in millimetres (drawn from the bleed edge outwards).
const MARK_LENGTH_MM: f32 = 7.0;
/// Stroke width of crop marks, in points.
const MARK_WIDTH_PT: f32 = 0.25;

/// The page resource name of the document's face number `face_index`.
pub(super) fn font_name(face_index: usize) -> String {
    format!("F{face_index}")
}

/// The page resource name of the document's image number `image_index`.
pub(super) fn image_name(image_index: usize) -> String {
    format!("Im{image_index}")
}

/// Draws one page's display items into its content stream.
pub(super) struct Painter<'p> {
    content: Content,
    fonts: &'p FontSet,
    /// The faces and photos of the whole document, which this page adds to.
    used: &'p mut Used,
    /// The page's photos that could be had: path to the document's image index.
    images: &'p HashMap<String, usize>,
    faces_drawn: Vec<usize>,
    images_drawn: Vec<usize>,
    /// A face that could not be read as a font.
    font_error: Option<Face>,
}

/// A page's content stream and the document's faces and photos it names.
pub(super) struct PaintedPage {
    /// The content stream, not yet compressed.
    pub(super) content: Vec<u8>,
    /// Indexes into the document's faces.
    pub(super) faces: Vec<usize>,
    /// Indexes into the document's photos.
    pub(super) images: Vec<usize>,
}

impl<'p> Painter<'p> {
    /// A painter for one page of the document whose faces and photos are `used`.
    pub(super) fn new(
        fonts: &'p FontSet,
        used: &'p mut Used,
        images: &'p HashMap<String, usize>,
    ) -> Painter<'p> {
        Painter {
            content: Content::new(),
            fonts,
            used,
            images,
            faces_drawn: Vec::new(),
            images_drawn: Vec::new(),
            font_error: None,
        }
    }

    /// The page's items drawn on a PDF page laid out by `geometry`, with crop marks when
    /// asked; the face that could not be read, if one could not.
    pub(super) fn paint(
        mut self,
        items: &[DisplayItem],
        geometry: &PageGeometry,
        crop_marks: bool,
    ) -> Result<PaintedPage, Face> {
        // Top-left origin, y down, as the display list has it.
        self.content
            .transform([1.0, 0.0, 0.0, -1.0, 0.0, geometry.media.1]);
        if crop_marks {
            self.crop_marks(geometry);
        }
        self.content.save_state();
        self.content
            .transform([1.0, 0.0, 0.0, 1.0, geometry.offset, geometry.offset]);
        for item in items {
            self.item(item);
        }
        self.content.restore_state();
        if let Some(face) = self.font_error {
            return Err(face);
        }
        Ok(PaintedPage {
            content: self.content.finish().to_vec(),
            faces: self.faces_drawn,
            images: self.images_drawn,
        })
    }
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
