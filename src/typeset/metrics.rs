//! Glyph ids and advances from the bundled fonts, for the typesetter.

use skrifa::charmap::Charmap;
use skrifa::instance::{LocationRef, Size};
use skrifa::metrics::GlyphMetrics;
use skrifa::{FontRef, MetadataProvider};

use crate::fonts::{Face, FontError, FontSet};

/// One face's lookup tables, borrowed from font bytes that live for the whole process.
struct FaceMetrics {
    font: FontRef<'static>,
    shaper_data: harfrust::ShaperData,
    charmap: Charmap<'static>,
    glyph_metrics: GlyphMetrics<'static>,
    units_per_em: f32,
    /// Ascent as a fraction of the em, for placing baselines.
    ascent_em: f32,
}

/// Glyph lookups for every bundled face. Cheap to query: a charmap search and a
/// metrics-table read per character, no allocation.
pub struct FontMetrics {
    faces: Vec<(Face, FaceMetrics)>,
}

/// A character's glyph in a face.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GlyphInfo {
    /// The glyph id (0 is .notdef: the face lacks the character).
    pub glyph_id: u16,
    /// The advance as a fraction of the em.
    pub advance_em: f32,
}

impl FontMetrics {
    /// Metrics for the process-wide bundled fonts.
    pub fn shared() -> Result<FontMetrics, FontError> {
        Ok(FontMetrics::new(FontSet::shared()?))
    }

    /// Metrics over a loaded font set that lives for the whole process.
    pub fn new(set: &'static FontSet) -> FontMetrics {
        let faces = Face::ALL
            .iter()
            .filter_map(|&face| {
                let font = FontRef::new(set.bytes(face).as_slice()).ok()?;
                Some((face, face_metrics(&font)))
            })
            .collect();
        FontMetrics { faces }
    }

    fn face(&self, face: Face) -> Option<&FaceMetrics> {
        self.faces.iter().find(|(f, _)| *f == face).map(|(_, m)| m)
    }

    /// The glyph for `ch` in `face`; glyph 0 with a 1 em advance when the face lacks it.
    pub fn glyph(&self, face: Face, ch: char) -> GlyphInfo {
        let missing = GlyphInfo {
            glyph_id: 0,
            advance_em: 1.0,
        };
        let Some(metrics) = self.face(face) else {
            return missing;
        };
        let Some(glyph) = metrics.charmap.map(ch) else {
            return missing;
        };
        let advance = metrics
            .glyph_metrics
            .advance_width(glyph)
            .unwrap_or(metrics.units_per_em);
        GlyphInfo {
            glyph_id: u16::try_from(glyph.to_u32()).unwrap_or(0),
            advance_em: advance / metrics.units_per_em,
        }
    }

    /// The advance of `ch` in `face` at `size_pt`.
    pub fn advance_pt(&self, face: Face, ch: char, size_pt: f32) -> f32 {
        self.glyph(face, ch).advance_em * size_pt
    }

    /// What harfrust needs to shape text in `face`: the font, its tables, its em size.
    pub fn shaping(&self, face: Face) -> Option<(&FontRef<'static>, &harfrust::ShaperData, f32)> {
        self.face(face)
            .map(|m| (&m.font, &m.shaper_data, m.units_per_em))
    }

    /// The ascent of `face` as a fraction of the em (where the baseline sits below the
    /// top of a line box).
    pub fn ascent_em(&self, face: Face) -> f32 {
        self.face(face).map_or(0.88, |m| m.ascent_em)
    }
}

fn face_metrics(font: &FontRef<'static>) -> FaceMetrics {
    let metrics = font.metrics(Size::unscaled(), LocationRef::default());
    let units_per_em = f32::from(metrics.units_per_em.max(1));
    FaceMetrics {
        font: font.clone(),
        shaper_data: harfrust::ShaperData::new(font),
        charmap: font.charmap(),
        glyph_metrics: font.glyph_metrics(Size::unscaled(), LocationRef::default()),
        units_per_em,
        ascent_em: metrics.ascent / units_per_em,
    }
}
