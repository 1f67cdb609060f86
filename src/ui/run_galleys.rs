//! The page's glyph runs as egui galleys, each run laid out once per zoom and kept from
//! frame to frame: a 对开 page holds some 12,000 glyphs, and looking each one up in
//! egui's galley cache every frame cost most of the frame.

use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use egui::{Color32, FontId, Galley, Pos2, Vec2};

use crate::typeset::display::GlyphRun;

use super::fonts::family;

/// A glyph laid out to check whether egui has dropped its galleys (it does when the font
/// atlas fills up or the text options change, and the glyphs' places in the atlas go).
const SENTINEL: &str = "\u{7248}"; // 版

/// Galleys of the runs drawn last frame, by run and scale.
#[derive(Default)]
pub struct RunGalleys {
    galleys: HashMap<u64, Arc<Galley>>,
    used: HashSet<u64>,
    sentinel: Option<Arc<Galley>>,
}

impl RunGalleys {
    /// Start a frame: forget everything when egui has renewed its font atlas.
    pub fn begin(&mut self, painter: &egui::Painter) {
        let sentinel = painter.layout_no_wrap(
            SENTINEL.to_owned(),
            FontId::proportional(13.0),
            Color32::BLACK,
        );
        if !self
            .sentinel
            .as_ref()
            .is_some_and(|old| Arc::ptr_eq(old, &sentinel))
        {
            self.galleys.clear();
        }
        self.sentinel = Some(sentinel);
        self.used.clear();
    }

    /// End a frame: drop the runs not drawn in it (an edited line, another page).
    pub fn end(&mut self) {
        let used = &self.used;
        self.galleys.retain(|key, _| used.contains(key));
    }

    /// The run as one galley whose origin is the page's top left corner at `scale`
    /// (screen points per page point); `None` when the text is too small to draw.
    pub fn galley(
        &mut self,
        painter: &egui::Painter,
        scale: f32,
        run: &GlyphRun,
    ) -> Option<Arc<Galley>> {
        let size = run.size_pt * scale;
        if size < 1.0 || run.glyphs.is_empty() {
            return None;
        }
        let key = run_key(run, scale, painter.pixels_per_point());
        self.used.insert(key);
        let galley = self
            .galleys
            .entry(key)
            .or_insert_with(|| lay_out(painter, scale, run));
        Some(galley.clone())
    }
}

/// Where the run's glyphs lie on screen, at `scale` with the page's top left corner at
/// `origin`: from a full em above the highest baseline to a quarter below the lowest, and
/// from the first glyph's left to a full em past the last one's.
pub fn screen_rect(run: &GlyphRun, origin: Pos2, scale: f32) -> egui::Rect {
    let Some(origins) = run.origins_bounds() else {
        return egui::Rect::NOTHING;
    };
    let em = run.size_pt;
    egui::Rect::from_min_max(
        origin + Vec2::new(origins.x, origins.y - em) * scale,
        origin
            + Vec2::new(
                origins.x + origins.width + em,
                origins.y + origins.height + em * 0.25,
            ) * scale,
    )
}

fn run_key(run: &GlyphRun, scale: f32, pixels_per_point: f32) -> u64 {
    let mut hasher = DefaultHasher::new();
    scale.to_bits().hash(&mut hasher);
    pixels_per_point.to_bits().hash(&mut hasher);
    run.face.hash(&mut hasher);
    run.size_pt.to_bits().hash(&mut hasher);
    (run.colour.0, run.colour.1, run.colour.2).hash(&mut hasher);
    for glyph in &run.glyphs {
        glyph.ch.hash(&mut hasher);
        glyph.x_pt.to_bits().hash(&mut hasher);
        glyph.y_pt.to_bits().hash(&mut hasher);
    }
    hasher.finish()
}

/// Each glyph laid out on its own (so egui never breaks or positions the page's text),
/// then the glyphs' rows gathered into one galley, each row where the typesetter put
/// its glyph's baseline.
fn lay_out(painter: &egui::Painter, scale: f32, run: &GlyphRun) -> Arc<Galley> {
    let font = FontId::new(run.size_pt * scale, family(run.face));
    let ink = Color32::from_rgb(run.colour.0, run.colour.1, run.colour.2);
    let glyphs: Vec<Arc<Galley>> = run
        .glyphs
        .iter()
        .map(|g| painter.layout_no_wrap(g.ch.to_string(), font.clone(), ink))
        .collect();
    let job = Arc::new(egui::text::LayoutJob::simple_singleline(
        run.text(),
        font.clone(),
        ink,
    ));
    let mut merged = Galley::concat(job, &glyphs, painter.pixels_per_point());
    merged.mesh_bounds = egui::Rect::NOTHING;
    merged.rect = egui::Rect::NOTHING;
    for ((row, galley), glyph) in merged.rows.iter_mut().zip(&glyphs).zip(&run.glyphs) {
        // Where the glyph's own galley would go, plus its row's place in it.
        let baseline = baseline_in(galley).unwrap_or(font.size * 0.88);
        let row_in_glyph = galley.rows.first().map_or(Vec2::ZERO, |r| r.pos.to_vec2());
        row.pos = Pos2::new(glyph.x_pt * scale, glyph.y_pt * scale - baseline) + row_in_glyph;
        merged.mesh_bounds |= row.visuals.mesh_bounds.translate(row.pos.to_vec2());
        merged.rect |= egui::Rect::from_min_size(row.pos, row.size);
    }
    if merged.rect == egui::Rect::NOTHING {
        merged.rect = egui::Rect::from_min_size(Pos2::ZERO, Vec2::ZERO);
    }
    Arc::new(merged)
}

/// How far below a galley's top its first glyph's baseline lies.
fn baseline_in(galley: &Galley) -> Option<f32> {
    let row = galley.rows.first()?;
    row.row.glyphs.first().map(|g| row.pos.y + g.pos.y)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::Face;
    use crate::typeset::display::{PositionedGlyph, Rgb};

    fn run(glyphs: &[(f32, f32)]) -> GlyphRun {
        GlyphRun {
            face: Face::SongRegular,
            size_pt: 10.0,
            colour: Rgb::BLACK,
            glyphs: glyphs
                .iter()
                .map(|&(x_pt, y_pt)| PositionedGlyph {
                    glyph_id: 1,
                    ch: '\u{7248}',
                    x_pt,
                    y_pt,
                    advance_pt: 10.0,
                    char_index: 0,
                })
                .collect(),
            source: None,
        }
    }

    #[test]
    fn a_runs_screen_rect_covers_its_glyphs_scaled_from_the_origin() {
        let rect = screen_rect(
            &run(&[(100.0, 50.0), (110.0, 50.0), (100.0, 65.0)]),
            Pos2::new(5.0, 7.0),
            2.0,
        );
        // x from 100 to 110 + one em, y from 50 − one em to 65 + a quarter em; doubled.
        assert_eq!(rect.min, Pos2::new(5.0 + 200.0, 7.0 + 80.0));
        assert_eq!(rect.max, Pos2::new(5.0 + 240.0, 7.0 + 135.0));
        assert_eq!(screen_rect(&run(&[]), Pos2::ZERO, 1.0), egui::Rect::NOTHING);
    }
}
