//! Measuring an article for make-up: how deep its first block must be at each span.

use crate::model::{Article, ArticleId, Issue, Placement};

use super::block::{BlockSlot, DEFAULT_PHOTO_ASPECT, layout_article, text_lines, top_lines};
use super::compose::{PhotoSizes, Typesetter};
use super::display::BlockReport;
use super::template::Template;

/// Text that leaves fewer body lines than this under a photo drops the photo (as
/// `block::photo` decides); a block keeps its photo only with this many lines to spare.
const LINES_UNDER_PHOTO: u32 = 2;

/// What an article's first block needs on one template, span by span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleMeasure {
    /// Body lines at column width, the byline line included.
    pub text_lines: u32,
    /// For span 1, 2 … : grid lines of the headline group and of the photo with caption.
    pub tops: Vec<(u32, u32)>,
}

impl ArticleMeasure {
    /// The headline-group lines at `span` (0 for a span not measured).
    pub fn headline_lines(&self, span: u32) -> u32 {
        self.top(span).0
    }

    fn top(&self, span: u32) -> (u32, u32) {
        let index = usize::try_from(span.max(1) - 1).unwrap_or(usize::MAX);
        self.tops.get(index).copied().unwrap_or((0, 0))
    }

    /// The smallest depth at `span` that keeps the photo (None without a photo).
    pub fn photo_depth(&self, span: u32) -> Option<u32> {
        let (headline, photo) = self.top(span);
        (photo > 0).then(|| headline + photo + LINES_UNDER_PHOTO)
    }

    /// Body lines per column at `span` once the text is balanced over the columns.
    pub fn body_depth(&self, span: u32) -> u32 {
        self.text_lines.div_ceil(span.max(1))
    }

    /// The smallest depth at which a first block of `span` columns holds the whole article
    /// with its photo: no overflow, and fewer than one empty line per column at its foot.
    /// None for a span that was not measured.
    pub fn fit_depth(&self, span: u32) -> Option<u32> {
        if span == 0 || span as usize > self.tops.len() {
            return None;
        }
        let (headline, photo) = self.top(span);
        let body = self.body_depth(span);
        let body = if photo > 0 {
            body.max(LINES_UNDER_PHOTO)
        } else {
            body
        };
        Some(headline.saturating_add(photo).saturating_add(body))
    }
}

impl Typesetter {
    /// Measure `article`'s first block on `template` for spans 1 to `max_span`.
    /// `photo_aspects` are its photos' heights over widths ([`photo_aspects`]).
    pub fn measure(
        &self,
        article: &Article,
        template: &Template,
        max_span: u32,
        photo_aspects: &[f32],
    ) -> ArticleMeasure {
        let metrics = self.metrics();
        ArticleMeasure {
            text_lines: text_lines(metrics, template, article),
            tops: (1..=max_span.min(template.columns))
                .map(|span| top_lines(metrics, template, article, span, photo_aspects))
                .collect(),
        }
    }

    /// The reports of one article's blocks as they would set in `issue` (page number and
    /// report, part 0 first), laid out afresh without touching the cache.
    pub fn article_reports(
        &self,
        issue: &Issue,
        article: &ArticleId,
        sizes: &dyn PhotoSizes,
    ) -> Vec<(u32, BlockReport)> {
        let Some(article) = issue.article(article) else {
            return Vec::new();
        };
        let mut parts: Vec<(u32, &Placement, &Template)> = issue
            .pages
            .iter()
            .flat_map(|page| {
                page.placements
                    .iter()
                    .filter(|p| p.article == article.id)
                    .map(move |p| (page.number, p, self.template_for(page)))
            })
            .collect();
        parts.sort_by_key(|(page, p, _)| (p.part, *page));
        let slots: Vec<BlockSlot<'_>> = parts
            .iter()
            .map(|(page_number, placement, template)| BlockSlot {
                page_number: *page_number,
                placement,
                template,
            })
            .collect();
        let aspects = photo_aspects(article, sizes);
        layout_article(self.metrics(), article, &slots, &aspects)
            .into_iter()
            .map(|layout| (layout.page_number, layout.report))
            .collect()
    }
}

/// Each photo's height over width, in the article's order (3:2 when its size is unknown),
/// as the typesetter gives photos their boxes.
pub fn photo_aspects(article: &Article, sizes: &dyn PhotoSizes) -> Vec<f32> {
    article
        .photos
        .iter()
        .map(|photo| {
            sizes
                .size_px(&photo.path)
                .filter(|&(width, height)| width > 0 && height > 0)
                .map_or(DEFAULT_PHOTO_ASPECT, |(width, height)| {
                    height as f32 / width as f32
                })
        })
        .collect()
}
