//! Latin and digit runs shaped with harfrust, so their advances include kerning; Han
//! and punctuation keep their metrics-table advances, which is all CJK needs.

use harfrust::{Feature, UnicodeBuffer};

use crate::fonts::Face;

use super::linebreak::Advances;
use super::metrics::FontMetrics;

/// Whether a character belongs to a run that is shaped (Latin letters, digits, ASCII
/// punctuation and spaces between them).
fn is_shaped(ch: char) -> bool {
    ch.is_ascii_graphic() || ch == ' ' || ('\u{00C0}'..='\u{024F}').contains(&ch)
}

/// Ligatures off: one glyph per character keeps each glyph mapped to its source char
/// (for clicks, text extraction and line breaking); kerning stays on.
const NO_LIGATURES: &str = "-liga";

/// Advances (pt) for every char of `text`: shaped for Latin runs, from the metrics table
/// for the rest. `face_of` gives each char's face (the dateline prefix differs).
pub fn paragraph_advances(
    metrics: &FontMetrics,
    text: &str,
    size_pt: f32,
    face_of: &dyn Fn(usize) -> Face,
) -> Vec<f32> {
    let chars: Vec<char> = text.chars().collect();
    let mut advances: Vec<f32> = chars
        .iter()
        .enumerate()
        .map(|(index, &ch)| metrics.advance_pt(face_of(index), ch, size_pt))
        .collect();
    let mut start = 0;
    while start < chars.len() {
        if !is_shaped(chars[start]) {
            start += 1;
            continue;
        }
        let face = face_of(start);
        let mut end = start;
        while end < chars.len() && is_shaped(chars[end]) && face_of(end) == face {
            end += 1;
        }
        // A run of one char has nothing to kern.
        if end - start > 1 {
            shape_run(
                metrics,
                face,
                &chars[start..end],
                size_pt,
                &mut advances[start..end],
            );
        }
        start = end;
    }
    advances
}

/// Replace `advances` with the shaped advances of `run`.
fn shape_run(metrics: &FontMetrics, face: Face, run: &[char], size_pt: f32, advances: &mut [f32]) {
    let Some((font, data, units_per_em)) = metrics.shaping(face) else {
        return;
    };
    let text: String = run.iter().collect();
    // Byte offset of each char, to map clusters (byte offsets) back to chars.
    let offsets: Vec<usize> = text.char_indices().map(|(offset, _)| offset).collect();
    let mut buffer = UnicodeBuffer::new();
    buffer.push_str(&text);
    buffer.guess_segment_properties();
    let features: Vec<Feature> = NO_LIGATURES.parse().ok().into_iter().collect();
    let shaper = data.shaper(font).build();
    let glyphs = shaper.shape(buffer, harfrust::ShapeOptions::new().features(&features));
    advances.iter_mut().for_each(|a| *a = 0.0);
    for (info, position) in glyphs.glyph_infos().iter().zip(glyphs.glyph_positions()) {
        let cluster = info.cluster as usize;
        let index = offsets
            .partition_point(|&offset| offset < cluster)
            .min(advances.len() - 1);
        advances[index] += position.x_advance as f32 / units_per_em * size_pt;
    }
}

/// Advances read from a precomputed table, offset into a paragraph.
pub struct TableAdvances<'a> {
    /// Advances of the whole paragraph.
    pub advances: &'a [f32],
    /// Index of the first char the line breaker sees.
    pub offset: usize,
}

impl Advances for TableAdvances<'_> {
    fn advance_pt(&self, index: usize, _ch: char) -> f32 {
        self.advances
            .get(self.offset + index)
            .copied()
            .unwrap_or(0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kerned_pairs_differ_from_the_sum_of_advances() {
        let metrics = FontMetrics::shared().unwrap();
        let face = Face::SongRegular;
        let shaped = paragraph_advances(&metrics, "AVAVAV", 10.0, &|_| face);
        let plain: f32 = "AVAVAV"
            .chars()
            .map(|c| metrics.advance_pt(face, c, 10.0))
            .sum();
        let total: f32 = shaped.iter().sum();
        assert!(total < plain - 0.1, "AV kerns: {total} vs {plain}");
    }

    #[test]
    fn han_text_keeps_table_advances() {
        let metrics = FontMetrics::shared().unwrap();
        // 政协报 2022 年: Han at 1 em, digits shaped.
        let text = "\u{653F}\u{534F}\u{62A5}2022\u{5E74}";
        let advances = paragraph_advances(&metrics, text, 9.0, &|_| Face::SongRegular);
        assert_eq!(advances.len(), 8);
        assert!((advances[0] - 9.0).abs() < 0.01);
        assert!((advances[7] - 9.0).abs() < 0.01);
        assert!(advances[3] > 0.0 && advances[3] < 9.0);
    }
}
