//! The display list: what typesetting produces and every output draws.
//!
//! Coordinates are points from the page's top-left corner, y growing downwards; glyph
//! positions are baselines.

use serde::Serialize;

use crate::fonts::Face;
use crate::model::{ArticleId, TextField};

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// Black ink.
    pub const BLACK: Rgb = Rgb(0, 0, 0);
    /// The paper's accent red (nameplate, rules on page one).
    pub const RED: Rgb = Rgb(0xC8, 0x10, 0x1E);
    /// Grey for secondary furniture.
    pub const GREY: Rgb = Rgb(0x60, 0x60, 0x60);
}

/// A rectangle in points.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RectPt {
    /// Left edge.
    pub x: f32,
    /// Top edge.
    pub y: f32,
    /// Width.
    pub width: f32,
    /// Height.
    pub height: f32,
}

impl RectPt {
    /// Whether the point lies inside.
    pub fn contains(&self, x: f32, y: f32) -> bool {
        x >= self.x && x <= self.x + self.width && y >= self.y && y <= self.y + self.height
    }

    /// Whether two rectangles overlap by more than a hair.
    pub fn overlaps(&self, other: &RectPt) -> bool {
        const HAIR: f32 = 0.01;
        self.x + self.width > other.x + HAIR
            && other.x + other.width > self.x + HAIR
            && self.y + self.height > other.y + HAIR
            && other.y + other.height > self.y + HAIR
    }
}

/// Where a glyph's character came from, so a click maps back to the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TextSource {
    /// The article.
    pub article: ArticleId,
    /// The field of the article; `None` for text the typesetter wrote (jump lines).
    #[serde(skip)]
    pub field: Option<TextField>,
}

/// One glyph placed on the page.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PositionedGlyph {
    /// Glyph id in the run's face.
    pub glyph_id: u16,
    /// The character it draws.
    pub ch: char,
    /// Left edge of the glyph's origin.
    pub x_pt: f32,
    /// Baseline.
    pub y_pt: f32,
    /// The width it takes on the line (after compression or stretching).
    pub advance_pt: f32,
    /// The character's index (in chars) within the source field's text.
    pub char_index: usize,
}

/// Glyphs of one face and size.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GlyphRun {
    /// The face.
    #[serde(skip)]
    pub face: Face,
    /// The size.
    pub size_pt: f32,
    /// Ink colour.
    pub colour: Rgb,
    /// The glyphs in reading order.
    pub glyphs: Vec<PositionedGlyph>,
    /// Where the text came from, when it came from an article.
    pub source: Option<TextSource>,
}

impl GlyphRun {
    /// The characters of the run in order.
    pub fn text(&self) -> String {
        self.glyphs.iter().map(|g| g.ch).collect()
    }

    /// The smallest rectangle holding every glyph's origin (its left edge on its
    /// baseline); `None` for a run without glyphs. The ink reaches beyond it by up to
    /// about an em, which each user allows for.
    pub fn origins_bounds(&self) -> Option<RectPt> {
        let first = self.glyphs.first()?;
        let (mut left, mut right, mut top, mut bottom) =
            (first.x_pt, first.x_pt, first.y_pt, first.y_pt);
        for glyph in &self.glyphs[1..] {
            left = left.min(glyph.x_pt);
            right = right.max(glyph.x_pt);
            top = top.min(glyph.y_pt);
            bottom = bottom.max(glyph.y_pt);
        }
        Some(RectPt {
            x: left,
            y: top,
            width: right - left,
            height: bottom - top,
        })
    }
}

/// A straight line.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Rule {
    /// Start point.
    pub from: (f32, f32),
    /// End point.
    pub to: (f32, f32),
    /// Stroke width.
    pub width_pt: f32,
    /// Colour.
    pub colour: Rgb,
}

/// A filled and/or stroked rectangle.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RectItem {
    /// Where.
    pub rect: RectPt,
    /// Fill colour.
    pub fill: Option<Rgb>,
    /// Stroke colour and width.
    pub stroke: Option<(Rgb, f32)>,
}

/// A photo's box; the image is drawn scaled to fill it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImageBox {
    /// Where.
    pub rect: RectPt,
    /// The photo's path relative to the issue file.
    pub path: String,
    /// The article it belongs to.
    pub article: ArticleId,
    /// What to draw instead when the photo cannot be had (a marked grey box), laid out
    /// here once so that PDF, PNG and preview show the same stand-in.
    pub missing: Vec<DisplayItem>,
}

/// One thing to draw.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum DisplayItem {
    /// Text.
    Glyphs(GlyphRun),
    /// A rule.
    Rule(Rule),
    /// A rectangle.
    Rect(RectItem),
    /// A photo.
    Image(ImageBox),
}

/// The set lines of one column of a block, as text (for inspection and tests).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ColumnText {
    /// Each line's characters, jump lines included, headline lines excluded.
    pub lines: Vec<String>,
}

/// What ends a headline line, for the preview's hover.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum HeadBreakKind {
    /// The breaker chose this word boundary.
    Chosen,
    /// The editor typed a line break here.
    Manual,
    /// A word boundary where the line could break but does not.
    Possible,
}

/// A break point of a headline, where it sits on the page.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct HeadBreak {
    /// Chosen, typed or merely possible.
    pub kind: HeadBreakKind,
    /// The field (引题, 主题 or 副题).
    #[serde(skip)]
    pub field: Option<TextField>,
    /// The char index (in the field's text) of the char before the break.
    pub after_char: usize,
    /// Horizontal position of the break: the right edge of that char.
    pub x_pt: f32,
    /// Top of the line the char is set on.
    pub top_pt: f32,
    /// Height of that line.
    pub height_pt: f32,
}

/// A block's headline group as set, line by line.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct HeadLines {
    /// The 主题 lines.
    pub headline: Vec<String>,
    /// The 引题 lines.
    pub kicker: Vec<String>,
    /// The 副题 lines.
    pub subtitle: Vec<String>,
    /// The area the group takes on the page; `None` when the block has no group.
    #[serde(skip)]
    pub rect: Option<RectPt>,
    /// Where the lines break, and where they could.
    #[serde(skip)]
    pub breaks: Vec<HeadBreak>,
}

/// What typesetting found about one block. Serialised (without its frame) as a block of
/// `caibian typeset --json`; fields in alphabetical order, the order of that output.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BlockReport {
    /// The article.
    pub article: ArticleId,
    /// Body lines per column.
    pub columns: Vec<ColumnText>,
    /// Grid lines at the foot of the block left empty, added over its columns.
    pub empty_lines: u32,
    /// The most grid lines left empty at the foot of any one column: what the eye sees
    /// as a gap (balanced columns leave the last one shorter).
    pub foot_empty_lines: u32,
    /// The headline group as set (empty for continuations).
    pub heads: HeadLines,
    /// Characters that did not fit and have nowhere to go.
    pub overflow_chars: usize,
    /// Which part of the article (0 first, 1… continuations).
    pub part: u32,
    /// The block's frame on the page.
    #[serde(skip)]
    pub rect: RectPt,
}

/// What `caibian typeset --json` prints: each page's number and its block reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TypesetReport<'a> {
    /// The pages, in order.
    pub pages: Vec<PageReport<'a>>,
}

/// One page of a [`TypesetReport`] (fields in the output's alphabetical order).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageReport<'a> {
    /// One report per block.
    pub blocks: &'a [BlockReport],
    /// The page number.
    pub number: u32,
}

impl<'a> TypesetReport<'a> {
    /// The report of typeset pages.
    pub fn new(pages: &'a [PageList]) -> TypesetReport<'a> {
        TypesetReport {
            pages: pages
                .iter()
                .map(|page| PageReport {
                    blocks: &page.blocks,
                    number: page.number,
                })
                .collect(),
        }
    }
}

/// One typeset page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageList {
    /// The page number.
    pub number: u32,
    /// Page width.
    pub width_pt: f32,
    /// Page height.
    pub height_pt: f32,
    /// Everything to draw, in painting order.
    pub items: Vec<DisplayItem>,
    /// One report per block.
    pub blocks: Vec<BlockReport>,
    /// The column grid (type area columns), for showing on demand.
    pub grid_columns: Vec<RectPt>,
    /// Distance between grid lines.
    pub line_pitch_pt: f32,
}

impl PageList {
    /// The headline group under a point, if any (for showing its break points on hover).
    pub fn heads_at(&self, x: f32, y: f32) -> Option<&HeadLines> {
        self.blocks
            .iter()
            .map(|block| &block.heads)
            .find(|heads| heads.rect.is_some_and(|rect| rect.contains(x, y)))
    }

    /// The glyph under a point, with its run's source.
    pub fn glyph_at(&self, x: f32, y: f32) -> Option<(&TextSource, &PositionedGlyph, f32)> {
        self.items.iter().find_map(|item| {
            let DisplayItem::Glyphs(run) = item else {
                return None;
            };
            let source = run.source.as_ref()?;
            run.glyphs
                .iter()
                .find(|g| {
                    x >= g.x_pt
                        && x < g.x_pt + g.advance_pt.max(run.size_pt * 0.5)
                        && y <= g.y_pt + run.size_pt * 0.25
                        && y >= g.y_pt - run.size_pt
                })
                .map(|g| (source, g, run.size_pt))
        })
    }
}
