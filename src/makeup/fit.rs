//! 适应文字, 续排到第N版, default block size and page fill: tools that measure with the typesetter.

use crate::model::makeup::{find_block, page_index};
use crate::model::{BlockRef, Edit, GridRect, Issue, PageGrids, Placement};
use crate::typeset::{PhotoSizes, Typesetter, photo_aspects};

use super::{MakeupError, Occupancy};

/// The depth at which `block` holds the rest of its article's text with no overflow and
/// at most one empty line per column at its foot (its later parts, if any, ignored). The
/// block may not grow over another block or past the grid; if even that depth leaves text
/// over, the answer is [`MakeupError::DoesNotFit`].
pub fn fit_depth(
    typesetter: &Typesetter,
    issue: &Issue,
    grids: &PageGrids,
    block: &BlockRef,
    sizes: &dyn PhotoSizes,
) -> Result<u32, MakeupError> {
    let (page_index, index) = find_block(issue, block)
        .ok_or_else(|| crate::model::EditError::NoSuchBlock(block.article.clone(), block.part))?;
    let page = &issue.pages[page_index];
    let placement = page.placements[index].clone();
    let deepest = deepest(issue, grids, page.number, &placement)?;
    // The block as the last part: later parts would take the overflow and hide it.
    let mut trial = issue.clone();
    for page in &mut trial.pages {
        page.placements
            .retain(|p| p.article != block.article || p.part <= block.part);
    }
    let mut overflow_at = |depth: u32| -> usize {
        trial.pages[page_index].placements[index].depth = depth;
        typesetter
            .article_reports(&trial, &block.article, sizes)
            .into_iter()
            .find(|(_, report)| report.part == block.part)
            .map_or(0, |(_, report)| report.overflow_chars)
    };
    // A first block keeps its photo only at depths leaving text room under it; below
    // that depth the photo drops out, so start the search where the photo stays.
    let mut low = 1;
    if block.part == 0
        && let Some(article) = issue.article(&block.article)
        && !article.photos.is_empty()
    {
        let template = typesetter.template_for(page);
        let aspect = photo_aspects(article, sizes);
        let measure = typesetter.measure(article, template, placement.span, &aspect);
        low = measure
            .photo_depth(placement.span)
            .unwrap_or(1)
            .min(deepest);
    }
    if overflow_at(deepest) > 0 {
        return Err(MakeupError::DoesNotFit {
            article: block.article.clone(),
            depth: deepest,
        });
    }
    let mut high = deepest;
    while low < high {
        let middle = low + (high - low) / 2;
        if overflow_at(middle) == 0 {
            high = middle;
        } else {
            low = middle + 1;
        }
    }
    Ok(high)
}

/// The deepest the block can go: to the grid's foot or the first block below it.
fn deepest(
    issue: &Issue,
    grids: &PageGrids,
    page: u32,
    placement: &Placement,
) -> Result<u32, MakeupError> {
    // The page without this block: it may grow into its own cells.
    let mut without = issue.clone();
    let index = page_index(issue, page)?;
    without.pages[index]
        .placements
        .retain(|p| p.article != placement.article || p.part != placement.part);
    let occupancy = Occupancy::of_page(&without, grids, page)?;
    let mut depth = 0;
    while occupancy.rect_is_free(GridRect {
        depth: depth + 1,
        ..placement.rect()
    }) {
        depth += 1;
    }
    Ok(depth.max(1))
}

/// 适应文字 as an edit: resize `block` to [`fit_depth`].
pub fn fit_edit(
    typesetter: &Typesetter,
    issue: &Issue,
    grids: &PageGrids,
    block: &BlockRef,
    sizes: &dyn PhotoSizes,
) -> Result<Edit, MakeupError> {
    let depth = fit_depth(typesetter, issue, grids, block, sizes)?;
    let (page, index) = find_block(issue, block)
        .ok_or_else(|| crate::model::EditError::NoSuchBlock(block.article.clone(), block.part))?;
    Ok(Edit::ResizeBlock {
        block: block.clone(),
        rect: GridRect {
            depth,
            ..issue.pages[page].placements[index].rect()
        },
    })
}

/// 续排到第N版: the article's overflow continues on page `page` in the first free slot
/// (top to bottom, left to right) big enough for it, at the span of its last block if
/// possible, else the widest that fits. Returns the [`Edit::ContinueArticle`] to apply.
pub fn continue_on_page(
    typesetter: &Typesetter,
    issue: &Issue,
    grids: &PageGrids,
    article: &crate::model::ArticleId,
    page: u32,
    sizes: &dyn PhotoSizes,
) -> Result<Edit, MakeupError> {
    let last = issue
        .pages
        .iter()
        .flat_map(|p| &p.placements)
        .filter(|p| &p.article == article)
        .max_by_key(|p| p.part)
        .cloned()
        .ok_or_else(|| crate::model::EditError::NotPlaced(article.clone()))?;
    let overflowing = typesetter
        .article_reports(issue, article, sizes)
        .iter()
        .any(|(_, report)| report.part == last.part && report.overflow_chars > 0);
    if !overflowing {
        return Err(MakeupError::NoOverflow(article.clone()));
    }
    let occupancy = Occupancy::of_page(issue, grids, page)?;
    let target = page_index(issue, page)?;
    let preferred = last.span.min(occupancy.columns);
    let spans =
        std::iter::once(preferred).chain((1..=occupancy.columns).rev().filter(|s| *s != preferred));
    for span in spans {
        let Some(depth) = continuation_depth(typesetter, issue, target, &last, span, sizes) else {
            continue;
        };
        if let Some(rect) = occupancy.first_slot(span, depth) {
            return Ok(Edit::ContinueArticle {
                article: article.clone(),
                page,
                rect,
            });
        }
    }
    Err(MakeupError::NoRoom {
        page,
        article: article.clone(),
    })
}

/// Lines per column a continuation of `span` columns needs for the rest of the text
/// (its 上接 line included, and the 下转 line it adds to the part before), laid out for
/// real in a block as deep as the grid.
fn continuation_depth(
    typesetter: &Typesetter,
    issue: &Issue,
    target: usize,
    last: &Placement,
    span: u32,
    sizes: &dyn PhotoSizes,
) -> Option<u32> {
    let template = typesetter.template_for(&issue.pages[target]);
    let mut trial = issue.clone();
    let part = last.part.checked_add(1)?;
    trial.pages[target].placements.push(Placement {
        article: last.article.clone(),
        part,
        column: 0,
        span,
        line: 0,
        depth: template.lines_per_column,
    });
    let (_, report) = typesetter
        .article_reports(&trial, &last.article, sizes)
        .into_iter()
        .find(|(_, report)| report.part == part)?;
    if report.overflow_chars > 0 {
        return None;
    }
    let lines = report.columns.iter().map(|c| c.lines.len()).sum::<usize>();
    u32::try_from(lines)
        .ok()
        .map(|lines| lines.div_ceil(span).max(1))
}

/// The size a block dropped from the pool gets on a page of `template`: the narrowest span
/// (up to four columns) whose columns stay within a third of the page's depth, and the
/// depth at which the article fits at that span, at most the page's depth.
pub fn default_size(
    typesetter: &Typesetter,
    article: &crate::model::Article,
    template: &crate::model::Template,
    sizes: &dyn PhotoSizes,
) -> (u32, u32) {
    const MAX_DEFAULT_SPAN: u32 = 4;
    let widest = MAX_DEFAULT_SPAN.min(template.columns).max(1);
    let measure = typesetter.measure(article, template, widest, &photo_aspects(article, sizes));
    let comfortable = (template.lines_per_column / 3).max(1);
    let span = (1..=widest)
        .find(|&span| measure.body_depth(span) <= comfortable)
        .unwrap_or(widest);
    let depth = measure
        .fit_depth(span)
        .unwrap_or(1)
        .clamp(1, template.lines_per_column.max(1));
    (span, depth)
}

/// Page fill for the status bar: (lines used, lines on the page), counted in column
/// lines: the cells of the page's blocks less their empty lines, and the cells below the
/// nameplate. `list` is the page as typeset.
pub fn page_fill(
    issue: &Issue,
    grids: &PageGrids,
    page: u32,
    list: &crate::typeset::display::PageList,
) -> Result<(u64, u64), MakeupError> {
    let index = page_index(issue, page)?;
    let grid = grids.of_page(&issue.pages[index])?;
    let total = (u64::from(grid.columns) * u64::from(grid.lines))
        .saturating_sub(grid.nameplate_cells(page));
    let covered: u64 = issue.pages[index]
        .placements
        .iter()
        .map(|p| p.rect().cells())
        .sum();
    let empty: u64 = list.blocks.iter().map(|b| u64::from(b.empty_lines)).sum();
    Ok((covered.saturating_sub(empty).min(total), total))
}
