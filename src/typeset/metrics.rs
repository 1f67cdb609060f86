//! Glyph ids and advances from the bundled fonts, for the typesetter.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

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
    /// The lookups made so far.
    cache: GlyphCache,
}

/// Chars per block of [`GlyphCache`].
const BLOCK_CHARS: usize = 256;
/// Marks a filled slot of [`GlyphCache`].
const CACHED: u64 = 1 << 63;

/// A face's glyph lookups for chars below U+10000, kept as they are first made: the
/// charmap search and the advance read cost about a third of typesetting a page, and a
/// page uses a few thousand distinct chars. Blocks of 256 chars are allocated when first
/// used (the Han block is 82 of them, 2 KB each); the slots are atomics so that the
/// metrics stay shareable between threads.
struct GlyphCache {
    blocks: Box<[OnceLock<Box<[AtomicU64]>>]>,
}

impl GlyphCache {
    fn new() -> GlyphCache {
        GlyphCache {
            blocks: (0..0x10000 / BLOCK_CHARS)
                .map(|_| OnceLock::new())
                .collect(),
        }
    }

    /// The cached lookup of `ch`, or `lookup`'s answer, kept.
    fn get(&self, ch: char, lookup: impl FnOnce() -> GlyphInfo) -> GlyphInfo {
        let code = ch as usize;
        let Some(block) = self.blocks.get(code / BLOCK_CHARS) else {
            return lookup();
        };
        let slots = block.get_or_init(|| (0..BLOCK_CHARS).map(|_| AtomicU64::new(0)).collect());
        let slot = &slots[code % BLOCK_CHARS];
        let packed = slot.load(Ordering::Relaxed);
        if packed & CACHED != 0 {
            return GlyphInfo {
                glyph_id: (packed >> 32) as u16,
                advance_em: f32::from_bits(packed as u32),
            };
        }
        let info = lookup();
        let packed = CACHED | u64::from(info.glyph_id) << 32 | u64::from(info.advance_em.to_bits());
        slot.store(packed, Ordering::Relaxed);
        info
    }
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
        metrics.cache.get(ch, || lookup_glyph(metrics, ch))
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

/// The glyph for `ch` from the face's tables; glyph 0 with a 1 em advance when it lacks it.
fn lookup_glyph(metrics: &FaceMetrics, ch: char) -> GlyphInfo {
    let Some(glyph) = metrics.charmap.map(ch) else {
        return GlyphInfo {
            glyph_id: 0,
            advance_em: 1.0,
        };
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
        cache: GlyphCache::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cached_lookups_are_the_faces_own() {
        let metrics = FontMetrics::shared().expect("fonts");
        // Every 7th char of the BMP (surrogates are no chars), the Han block whole, and
        // chars past U+FFFF, which are not cached; each asked twice.
        let chars = (0..0x10000u32)
            .step_by(7)
            .chain(0x4E00..0xA000)
            .chain([0x1F600, 0x20000, 0x10FFFF])
            .filter_map(char::from_u32);
        for ch in chars {
            for face in Face::ALL {
                let own = metrics.face(face).map(|m| lookup_glyph(m, ch));
                assert_eq!(Some(metrics.glyph(face, ch)), own, "{face:?} {ch:?}");
                assert_eq!(Some(metrics.glyph(face, ch)), own, "{face:?} {ch:?}");
            }
        }
    }
}
