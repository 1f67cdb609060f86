//! The faces a PDF draws with: which glyphs each page used, then one subset per face.

use std::hash::{Hash, Hasher};

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Chunk, Filter, Finish, Name, Rect, Ref, Str};
use skrifa::instance::{LocationRef, Size};
use skrifa::raw::TableProvider;
use skrifa::{FontRef, GlyphId, MetadataProvider, string::StringId};
use subsetter::GlyphRemapper;

use crate::fonts::Face;

/// PDF fonts measure in thousandths of the text size.
const PDF_UNITS_PER_EM: f32 = 1000.0;

/// The glyphs one face has drawn so far, numbered as they will be in its subset.
pub(super) struct FaceUsage {
    pub(super) face: Face,
    remapper: GlyphRemapper,
    /// Per subset glyph id: the character it shows (for copying text out of the PDF).
    chars: Vec<char>,
    /// Per subset glyph id: its advance in thousandths of the text size.
    widths: Vec<f32>,
    units_per_em: f32,
}

impl FaceUsage {
    /// A face with only `.notdef` used; `None` when its bytes are not a font.
    pub(super) fn new(face: Face, data: &[u8]) -> Option<FaceUsage> {
        let font = FontRef::new(data).ok()?;
        let units_per_em = f32::from(font.head().ok()?.units_per_em()).max(1.0);
        let mut usage = FaceUsage {
            face,
            remapper: GlyphRemapper::new(),
            chars: Vec::new(),
            widths: Vec::new(),
            units_per_em,
        };
        usage.record(&font, 0, '\u{FFFD}');
        Some(usage)
    }

    /// The subset's id for `glyph` (a glyph of the whole face) drawing `ch`, and its
    /// advance in thousandths of the text size.
    pub(super) fn use_glyph(&mut self, data: &[u8], glyph: u16, ch: char) -> (u16, f32) {
        if let Some(id) = self.remapper.get(glyph) {
            return (id, self.widths[usize::from(id)]);
        }
        match FontRef::new(data) {
            Ok(font) => self.record(&font, glyph, ch),
            Err(_) => (0, 0.0),
        }
    }

    fn record(&mut self, font: &FontRef<'_>, glyph: u16, ch: char) -> (u16, f32) {
        let id = self.remapper.remap(glyph);
        let advance = font
            .glyph_metrics(Size::unscaled(), LocationRef::default())
            .advance_width(GlyphId::new(u32::from(glyph)))
            .unwrap_or(0.0);
        let width = advance * PDF_UNITS_PER_EM / self.units_per_em;
        self.chars.push(ch);
        self.widths.push(width);
        (id, width)
    }

    /// How many glyphs the subset holds (`.notdef` included).
    pub(super) fn glyph_count(&self) -> usize {
        self.chars.len()
    }

    /// The face cut down to the glyphs used (TrueType outlines only: the bundled faces
    /// carry them, see `fonts/README.md`); `None` when the subsetter refuses it.
    pub(super) fn subset(&self, data: &[u8]) -> Option<Vec<u8>> {
        let font = FontRef::new(data).ok()?;
        font.glyf().ok()?;
        subsetter::subset(data, 0, &self.remapper).ok()
    }

    /// The ToUnicode CMap: each subset glyph to the character it was drawn for.
    pub(super) fn to_unicode(&self) -> Vec<u8> {
        let info = SystemInfo {
            registry: Str(b"Adobe"),
            ordering: Str(b"UCS"),
            supplement: 0,
        };
        let mut cmap = UnicodeCmap::new(Name(b"Custom"), info);
        for (id, &ch) in self.chars.iter().enumerate().skip(1) {
            if let Ok(id) = u16::try_from(id) {
                cmap.pair(id, ch);
            }
        }
        cmap.finish().to_vec()
    }

    /// The font's name in the PDF: a tag made from the glyphs used (so different subsets
    /// of one face differ, as PDF readers expect), `+`, the PostScript name.
    fn base_font(&self, font: &FontRef<'_>) -> String {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        self.face.file_name().hash(&mut hasher);
        self.remapper
            .remapped_gids()
            .for_each(|g| g.hash(&mut hasher));
        let mut hash = Hasher::finish(&hasher);
        let tag: String = (0..6)
            .map(|_| {
                let letter = char::from(b'A' + (hash % 26) as u8);
                hash /= 26;
                letter
            })
            .collect();
        let name = font
            .localized_strings(StringId::POSTSCRIPT_NAME)
            .english_or_first()
            .map(|s| s.chars().filter(char::is_ascii_graphic).collect::<String>())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| format!("caibian-{:?}", self.face));
        format!("{tag}+{name}")
    }
}

/// The objects of one embedded face.
pub(super) struct FaceRefs {
    /// The Type 0 font the pages name.
    pub(super) font: Ref,
    pub(super) cid_font: Ref,
    pub(super) descriptor: Ref,
    pub(super) font_file: Ref,
    pub(super) to_unicode: Ref,
}

/// Writes one face's font dictionaries into `chunk`; the compressed font file and CMap
/// go in as streams.
pub(super) fn write_face(
    chunk: &mut Chunk,
    refs: &FaceRefs,
    usage: &FaceUsage,
    data: &[u8],
    subset_len: usize,
    font_file_zlib: &[u8],
    to_unicode_zlib: &[u8],
) {
    let Ok(font) = FontRef::new(data) else {
        return;
    };
    let base_font = usage.base_font(&font);
    chunk
        .type0_font(refs.font)
        .base_font(Name(base_font.as_bytes()))
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(refs.cid_font)
        .to_unicode(refs.to_unicode);
    let mut cid = chunk.cid_font(refs.cid_font);
    cid.subtype(CidFontType::Type2)
        .base_font(Name(base_font.as_bytes()))
        .system_info(SystemInfo {
            registry: Str(b"Adobe"),
            ordering: Str(b"Identity"),
            supplement: 0,
        })
        .font_descriptor(refs.descriptor)
        .default_width(0.0)
        .cid_to_gid_map_predefined(Name(b"Identity"));
    cid.widths().consecutive(0, usage.widths.iter().copied());
    cid.finish();
    write_descriptor(chunk, refs, usage, &font, &base_font);
    chunk
        .stream(refs.font_file, font_file_zlib)
        .filter(Filter::FlateDecode)
        .pair(
            Name(b"Length1"),
            i32::try_from(subset_len).unwrap_or(i32::MAX),
        );
    chunk
        .cmap(refs.to_unicode, to_unicode_zlib)
        .filter(Filter::FlateDecode);
}

fn write_descriptor(
    chunk: &mut Chunk,
    refs: &FaceRefs,
    usage: &FaceUsage,
    font: &FontRef<'_>,
    base_font: &str,
) {
    let metrics = font.metrics(Size::unscaled(), LocationRef::default());
    let scale = PDF_UNITS_PER_EM / usage.units_per_em;
    let bbox = metrics
        .bounds
        .map_or(Rect::new(0.0, -200.0, 1000.0, 900.0), |b| {
            Rect::new(
                b.x_min * scale,
                b.y_min * scale,
                b.x_max * scale,
                b.y_max * scale,
            )
        });
    let mut flags = FontFlags::SYMBOLIC;
    if matches!(usage.face, Face::SongRegular | Face::SongBold | Face::Kai) {
        flags |= FontFlags::SERIF;
    }
    chunk
        .font_descriptor(refs.descriptor)
        .name(Name(base_font.as_bytes()))
        .flags(flags)
        .bbox(bbox)
        .italic_angle(0.0)
        .ascent(metrics.ascent * scale)
        .descent(metrics.descent * scale)
        .cap_height(metrics.cap_height.unwrap_or(metrics.ascent) * scale)
        .stem_v(80.0)
        .font_file2(refs.font_file);
}
