//! The typesetter: templates, per-article layout cache, and page assembly.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use crate::fonts::FontError;
use crate::model::{Article, ArticleId, Issue, Page, Placement};

use super::block::{BlockLayout, BlockSlot, layout_article};
use super::display::{DisplayItem, PageList, RectPt, Rgb, Rule};
use super::furniture::furniture;
use super::metrics::FontMetrics;
use super::template::Template;

/// Pixel sizes of photos, by their path in the issue; the typesetter reads no files, so
/// the caller (which knows where the issue lives) answers.
pub trait PhotoSizes {
    /// Width and height in pixels, if known.
    fn size_px(&self, path: &str) -> Option<(u32, u32)>;
}

/// Photo sizes when nothing is known: every photo gets a 3:2 box.
pub struct UnknownPhotoSizes;

impl PhotoSizes for UnknownPhotoSizes {
    fn size_px(&self, _path: &str) -> Option<(u32, u32)> {
        None
    }
}

/// The tabloid template compiled in, for when no template files can be found.
const BUILTIN_TEMPLATE: &str = include_str!("../../assets/templates/tabloid.ron");

/// Why the typesetter could not start.
#[derive(Debug, thiserror::Error)]
pub enum TypesetError {
    /// The bundled fonts are missing or broken.
    #[error(transparent)]
    Fonts(#[from] FontError),
}

/// Typesets issues into display lists, remembering each article's layout so that an
/// edit re-typesets only the article it touched.
pub struct Typesetter {
    metrics: FontMetrics,
    templates: Vec<Template>,
    cache: HashMap<ArticleId, (u64, Vec<BlockLayout>)>,
    /// Articles laid out afresh (not from the cache) by the last `typeset` call.
    fresh_layouts: usize,
}

impl Typesetter {
    /// A typesetter over the given metrics and templates; with no templates it uses the
    /// built-in tabloid.
    pub fn new(metrics: FontMetrics, mut templates: Vec<Template>) -> Typesetter {
        if templates.is_empty()
            && let Ok(builtin) = ron::from_str(BUILTIN_TEMPLATE)
        {
            templates.push(builtin);
        }
        Typesetter {
            metrics,
            templates,
            cache: HashMap::new(),
            fresh_layouts: 0,
        }
    }

    /// A typesetter with the bundled fonts and these templates (read by the caller:
    /// `store::template::load_templates`, or `Typesetter::bundled` in `assets`).
    pub fn with_bundled_fonts(templates: Vec<Template>) -> Result<Typesetter, TypesetError> {
        Ok(Typesetter::new(FontMetrics::shared()?, templates))
    }

    /// Use `template` in place of the one with its name (or add it), and forget every
    /// layout, since any page may use it.
    pub fn replace_template(&mut self, template: Template) {
        match self.templates.iter_mut().find(|t| t.name == template.name) {
            Some(slot) => *slot = template,
            None => self.templates.push(template),
        }
        self.cache.clear();
    }

    /// The font metrics typesetting measures with.
    pub(super) fn metrics(&self) -> &FontMetrics {
        &self.metrics
    }

    /// The templates, in file-name order.
    pub fn templates(&self) -> &[Template] {
        &self.templates
    }

    /// The template a page names, or the first one when the name is unknown.
    pub fn template_for(&self, page: &Page) -> &Template {
        template_for(&self.templates, page)
    }

    /// Forget every cached layout (the next `typeset` starts from scratch).
    pub fn clear_cache(&mut self) {
        self.cache.clear();
    }

    /// How many articles the last `typeset` call laid out afresh rather than taking from
    /// its cache.
    pub fn fresh_layouts(&self) -> usize {
        self.fresh_layouts
    }

    /// Typeset every page of the issue, with photos in 3:2 boxes.
    pub fn typeset(&mut self, issue: &Issue) -> Vec<PageList> {
        self.typeset_with_photos(issue, &UnknownPhotoSizes)
    }

    /// Typeset every page, giving photos boxes of their own proportions.
    pub fn typeset_with_photos(&mut self, issue: &Issue, sizes: &dyn PhotoSizes) -> Vec<PageList> {
        // Loading refuses placements outside the grid, but typesetting stays total for any
        // issue a caller builds: such blocks are clamped to the grid, never trusted.
        let clamped;
        let issue = if self.check_placements(issue).is_ok() {
            issue
        } else {
            clamped = self.clamped_to_grid(issue);
            &clamped
        };
        let layouts = if crate::dates::lunar_is_known(issue.date) {
            self.article_layouts(issue, sizes)
        } else {
            // Page 1's nameplate needs the lunar date, which takes half a millisecond to
            // work out: that happens beside the layouts, and the nameplate finds it known.
            std::thread::scope(|scope| {
                scope.spawn(|| crate::dates::lunar(issue.date));
                self.article_layouts(issue, sizes)
            })
        };
        issue
            .pages
            .iter()
            .map(|page| self.assemble_page(issue, page, &layouts))
            .collect()
    }

    /// Every placement lies inside its page's grid, or a message naming the first that
    /// does not (page and article).
    pub fn check_placements(&self, issue: &Issue) -> Result<(), String> {
        let grid_of = |name: &str| {
            let template = self
                .templates
                .iter()
                .find(|t| t.name == name)
                .or(self.templates.first())?;
            Some((template.columns, template.lines_per_column))
        };
        match issue.placement_outside_grid(grid_of) {
            Some(message) => Err(message),
            None => Ok(()),
        }
    }

    /// A copy of the issue with every block clamped into its page's grid (at least one
    /// column and one line).
    fn clamped_to_grid(&self, issue: &Issue) -> Issue {
        let mut issue = issue.clone();
        for page in &mut issue.pages {
            let template = template_for(&self.templates, page);
            let (columns, lines) = (template.columns.max(1), template.lines_per_column.max(1));
            for p in &mut page.placements {
                p.column = p.column.min(columns - 1);
                p.span = p.span.clamp(1, columns - p.column);
                p.line = p.line.min(lines - 1);
                p.depth = p.depth.clamp(1, lines - p.line);
            }
        }
        issue
    }

    /// The blocks of every placed article, from the cache where nothing changed.
    fn article_layouts(&mut self, issue: &Issue, sizes: &dyn PhotoSizes) -> Vec<BlockLayout> {
        let mut parts: HashMap<&ArticleId, Vec<(u32, &Placement)>> = HashMap::new();
        for page in &issue.pages {
            for placement in &page.placements {
                parts
                    .entry(&placement.article)
                    .or_default()
                    .push((page.number, placement));
            }
        }
        // Each placed article with what its layout depends on, in the issue's order.
        let mut placed = Vec::with_capacity(parts.len());
        for article in &issue.articles {
            let Some(article_parts) = parts.get_mut(&article.id) else {
                continue;
            };
            article_parts.sort_by_key(|(page, p)| (p.part, *page));
            let slots: Vec<BlockSlot<'_>> = article_parts
                .iter()
                .filter_map(|(page_number, placement)| {
                    let page = issue.pages.iter().find(|p| p.number == *page_number)?;
                    Some(BlockSlot {
                        page_number: *page_number,
                        placement,
                        template: template_for(&self.templates, page),
                    })
                })
                .collect();
            let aspects = super::measure::photo_aspects(article, sizes);
            let key = layout_key(article, &slots, &aspects);
            let cached = match self.cache.remove(&article.id) {
                Some((cached_key, blocks)) if cached_key == key => Some(blocks),
                _ => None,
            };
            placed.push(Placed {
                article,
                slots,
                aspects,
                key,
                blocks: cached,
            });
        }
        // Articles not in the cache are laid out on every core, the longest first.
        let mut to_lay_out: Vec<usize> = (0..placed.len())
            .filter(|&i| placed[i].blocks.is_none())
            .collect();
        to_lay_out.sort_by_key(|&i| std::cmp::Reverse(placed[i].article.body.len()));
        let metrics = &self.metrics;
        let laid_out = crate::parallel::map_with(
            &to_lay_out,
            || (),
            |(), &i| {
                let p = &placed[i];
                layout_article(metrics, p.article, &p.slots, &p.aspects)
            },
        );
        self.fresh_layouts = laid_out.len();
        for (i, blocks) in to_lay_out.into_iter().zip(laid_out) {
            placed[i].blocks = Some(blocks);
        }
        let mut fresh = HashMap::with_capacity(placed.len());
        let mut result = Vec::new();
        for p in placed {
            let (article, key) = (p.article, p.key);
            let blocks = p.blocks.unwrap_or_default();
            result.extend(blocks.iter().cloned());
            fresh.insert(article.id.clone(), (key, blocks));
        }
        self.cache = fresh;
        result
    }

    fn assemble_page(&self, issue: &Issue, page: &Page, layouts: &[BlockLayout]) -> PageList {
        let template = self.template_for(page);
        let mut items = furniture(&self.metrics, template, issue, page);
        let mut blocks = Vec::new();
        // Blocks in the page's placement order, which is its reading order.
        for placement in &page.placements {
            let layout = layouts.iter().find(|l| {
                l.page_number == page.number
                    && l.report.article == placement.article
                    && l.report.part == placement.part
            });
            if let Some(layout) = layout {
                items.extend(layout.items.iter().cloned());
                blocks.push(layout.report.clone());
            }
        }
        items.extend(block_rules(
            template,
            &blocks.iter().map(|b| b.rect).collect::<Vec<_>>(),
        ));
        PageList {
            number: page.number,
            width_pt: template.page_width_pt().0,
            height_pt: template.page_height_pt().0,
            items,
            blocks,
            grid_columns: grid_columns(template),
            line_pitch_pt: template.line_pitch_pt(),
        }
    }
}

/// A placed article, what its layout depends on, and its blocks once known.
struct Placed<'a> {
    article: &'a Article,
    slots: Vec<BlockSlot<'a>>,
    aspects: Vec<f32>,
    key: u64,
    /// From the cache, or laid out afresh.
    blocks: Option<Vec<BlockLayout>>,
}

/// The template a page names, or the first one when the name is unknown.
fn template_for<'a>(templates: &'a [Template], page: &Page) -> &'a Template {
    // `new` guarantees at least one template.
    templates
        .iter()
        .find(|t| t.name == page.template)
        .or(templates.first())
        .expect("the typesetter always holds a template")
}

/// A hash of everything an article's layout depends on.
fn layout_key(article: &Article, slots: &[BlockSlot<'_>], photo_aspects: &[f32]) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for aspect in photo_aspects {
        aspect.to_bits().hash(&mut hasher);
    }
    (&article.kicker, &article.headline, &article.subtitle).hash(&mut hasher);
    (&article.dateline, &article.byline, &article.body).hash(&mut hasher);
    for photo in &article.photos {
        (&photo.path, &photo.caption, &photo.credit).hash(&mut hasher);
    }
    for slot in slots {
        slot.page_number.hash(&mut hasher);
        slot.placement.hash(&mut hasher);
        slot.template.name.hash(&mut hasher);
    }
    hasher.finish()
}

/// The type area's columns.
fn grid_columns(template: &Template) -> Vec<RectPt> {
    (0..template.columns)
        .map(|column| RectPt {
            x: template.type_left_pt() + column as f32 * template.column_step_pt(),
            y: template.type_top_pt(),
            width: template.column_width_pt(),
            height: template.type_height_pt(),
        })
        .collect()
}

/// Thin rules between blocks: in the gutter right of a block and under a block, except at
/// the edges of the type area.
fn block_rules(template: &Template, rects: &[RectPt]) -> Vec<DisplayItem> {
    let right_edge = template.type_left_pt() + template.type_width_pt() - 1.0;
    let bottom_edge = template.type_top_pt() + template.type_height_pt() - 1.0;
    let gutter = template.gutter_chars as f32 * template.body_pt();
    let gap = template.line_gap_em * template.body_pt();
    let rule = |from, to| {
        DisplayItem::Rule(Rule {
            from,
            to,
            width_pt: 0.5,
            colour: Rgb::BLACK,
        })
    };
    let mut rules = Vec::new();
    for rect in rects {
        let right = rect.x + rect.width;
        let bottom = rect.y + rect.height;
        if right < right_edge {
            let x = right + gutter / 2.0;
            rules.push(rule((x, rect.y), (x, bottom - gap / 2.0)));
        }
        if bottom < bottom_edge {
            let y = bottom - gap / 2.0;
            rules.push(rule((rect.x, y), (right + gutter / 2.0, y)));
        }
    }
    rules
}
