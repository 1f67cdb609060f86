//! Page make-up edits: blocks on the page grid, pages, sign-off and masthead, each checked.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::edit::{Edit, EditError};
use super::{ArticleId, GridSize, Issue, Page, Placement, Template};

/// At most this many pages (the same limit `store` applies on load, so an issue made up
/// here can always be reopened).
pub const MAX_PAGES: usize = 500;
/// At most this many blocks on one page (as `store` checks on load).
pub const MAX_PLACEMENTS: usize = 1_000;

/// One block of an article: the article and which part of it (0 first, then 1, 2 …).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct BlockRef {
    /// The article.
    pub article: ArticleId,
    /// The part: 0 for the first block, 1, 2 … for continuations.
    pub part: u32,
}

/// A rectangle on a page's grid, in whole columns and lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct GridRect {
    /// First column, 0-based.
    pub column: u32,
    /// Columns spanned.
    pub span: u32,
    /// First line, 0-based from the top of the type area.
    pub line: u32,
    /// Depth in lines.
    pub depth: u32,
}

impl GridRect {
    /// The column after the last one (widened so huge values cannot overflow).
    pub fn right(&self) -> u64 {
        u64::from(self.column) + u64::from(self.span)
    }

    /// The line after the last one (widened so huge values cannot overflow).
    pub fn bottom(&self) -> u64 {
        u64::from(self.line) + u64::from(self.depth)
    }

    /// Grid cells covered (column lines).
    pub fn cells(&self) -> u64 {
        u64::from(self.span) * u64::from(self.depth)
    }

    /// Whether the two rectangles share a cell.
    pub fn overlaps(&self, other: &GridRect) -> bool {
        u64::from(self.column) < other.right()
            && u64::from(other.column) < self.right()
            && u64::from(self.line) < other.bottom()
            && u64::from(other.line) < self.bottom()
    }
}

impl Placement {
    /// The block's rectangle on the grid.
    pub fn rect(&self) -> GridRect {
        GridRect {
            column: self.column,
            span: self.span,
            line: self.line,
            depth: self.depth,
        }
    }

    /// Which block this is.
    pub fn block(&self) -> BlockRef {
        BlockRef {
            article: self.article.clone(),
            part: self.part,
        }
    }

    /// A placement of `block` at `rect`.
    pub fn at(block: &BlockRef, rect: GridRect) -> Placement {
        Placement {
            article: block.article.clone(),
            part: block.part,
            column: rect.column,
            span: rect.span,
            line: rect.line,
            depth: rect.depth,
        }
    }

    fn set_rect(&mut self, rect: GridRect) {
        self.column = rect.column;
        self.span = rect.span;
        self.line = rect.line;
        self.depth = rect.depth;
    }
}

/// The grid of each template by name, so edits can check blocks without knowing fonts or
/// files. A page whose template is unknown uses the first grid, as the typesetter uses
/// its first template.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageGrids {
    grids: Vec<(String, GridSize)>,
}

impl PageGrids {
    /// The grids of these templates, in this order.
    pub fn from_templates(templates: &[Template]) -> PageGrids {
        PageGrids {
            grids: templates
                .iter()
                .map(|t| (t.name.clone(), t.grid()))
                .collect(),
        }
    }

    /// Grids by name, in this order.
    pub fn new(grids: Vec<(String, GridSize)>) -> PageGrids {
        PageGrids { grids }
    }

    /// Whether a template of this name is known.
    pub fn contains(&self, template: &str) -> bool {
        self.grids.iter().any(|(name, _)| name == template)
    }

    /// The grid of the named template, or the first grid when the name is unknown; None
    /// when no grid is known at all.
    pub fn get(&self, template: &str) -> Option<GridSize> {
        self.grids
            .iter()
            .find(|(name, _)| name == template)
            .or(self.grids.first())
            .map(|(_, grid)| *grid)
    }

    /// The grid of a page.
    pub fn of_page(&self, page: &Page) -> Result<GridSize, EditError> {
        self.get(&page.template)
            .ok_or_else(|| EditError::NoGrid(page.template.clone()))
    }

    /// The template names, in order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.grids.iter().map(|(name, _)| name.as_str())
    }
}

/// The index of the page numbered `number`.
pub fn page_index(issue: &Issue, number: u32) -> Result<usize, EditError> {
    issue
        .pages
        .iter()
        .position(|p| p.number == number)
        .ok_or(EditError::NoSuchPage(number))
}

/// Where a block sits: (page index, placement index).
pub fn find_block(issue: &Issue, block: &BlockRef) -> Option<(usize, usize)> {
    issue
        .pages
        .iter()
        .enumerate()
        .find_map(|(page_index, page)| {
            page.placements
                .iter()
                .position(|p| p.article == block.article && p.part == block.part)
                .map(|index| (page_index, index))
        })
}

/// The part number the article's next block takes (0 when it is on no page).
pub fn next_part(issue: &Issue, article: &ArticleId) -> u32 {
    issue
        .pages
        .iter()
        .flat_map(|page| &page.placements)
        .filter(|p| &p.article == article)
        .map(|p| p.part.saturating_add(1))
        .max()
        .unwrap_or(0)
}

/// Whether `rect` may hold a block of `article` on the page numbered `page`: inside the
/// grid, below the nameplate on page one, over no other block (`moving`, the block being
/// dragged, does not count). The UI colours its ghost rectangle with this.
pub fn check_rect(
    issue: &Issue,
    grids: &PageGrids,
    page: u32,
    rect: GridRect,
    article: &ArticleId,
    moving: Option<&BlockRef>,
) -> Result<(), EditError> {
    let page = &issue.pages[page_index(issue, page)?];
    let grid = grids.of_page(page)?;
    check_in_grid(page, grid, rect, article)?;
    let other = page
        .placements
        .iter()
        .filter(|p| moving.is_none_or(|m| p.article != m.article || p.part != m.part))
        .find(|p| p.rect().overlaps(&rect));
    match other {
        Some(other) => Err(EditError::Overlap {
            page: page.number,
            article: article.clone(),
            other: other.article.clone(),
        }),
        None => Ok(()),
    }
}

fn check_in_grid(
    page: &Page,
    grid: GridSize,
    rect: GridRect,
    article: &ArticleId,
) -> Result<(), EditError> {
    if rect.span == 0 || rect.depth == 0 {
        return Err(EditError::EmptyBlock(article.clone()));
    }
    if rect.right() > u64::from(grid.columns) || rect.bottom() > u64::from(grid.lines) {
        return Err(EditError::OutsideGrid {
            page: page.number,
            article: article.clone(),
            columns: grid.columns,
            lines: grid.lines,
        });
    }
    if grid.overlaps_nameplate(page.number, rect) {
        return Err(EditError::UnderNameplate(article.clone()));
    }
    Ok(())
}

fn refuse_signed(page: &Page) -> Result<(), EditError> {
    if page.signed_off {
        Err(EditError::SignedOff(page.number))
    } else {
        Ok(())
    }
}

/// Give the pages the numbers of their positions, 1 first.
fn renumber(issue: &mut Issue) {
    for (index, page) in issue.pages.iter_mut().enumerate() {
        page.number = u32::try_from(index + 1).unwrap_or(u32::MAX);
    }
}

/// The blocks that go when `block` goes: it and the article's later parts, since a part
/// sequence may not skip one.
fn blocks_from(issue: &Issue, block: &BlockRef) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    for (page_index, page) in issue.pages.iter().enumerate() {
        for (index, p) in page.placements.iter().enumerate() {
            if p.article == block.article && p.part >= block.part {
                found.push((page_index, index));
            }
        }
    }
    found
}

/// Take `block` and the article's later parts off their pages (refused on a signed page).
fn remove_from(issue: &mut Issue, block: &BlockRef) -> Result<(), EditError> {
    for (page_index, _) in blocks_from(issue, block) {
        refuse_signed(&issue.pages[page_index])?;
    }
    for page in &mut issue.pages {
        page.placements
            .retain(|p| p.article != block.article || p.part < block.part);
    }
    Ok(())
}

/// Apply a make-up edit to `issue`; other edits are not handled here. Checks that need
/// the result (grid, overlap, part sequence) run afterwards in [`check_change`].
pub(super) fn apply(issue: &mut Issue, edit: &Edit, grids: &PageGrids) -> Result<(), EditError> {
    match edit {
        Edit::PlaceBlock { page, placement } => place(issue, *page, placement.clone()),
        Edit::ContinueArticle {
            article,
            page,
            rect,
        } => {
            let part = next_part(issue, article);
            if part == 0 {
                return Err(EditError::NotPlaced(article.clone()));
            }
            let block = BlockRef {
                article: article.clone(),
                part,
            };
            place(issue, *page, Placement::at(&block, *rect))
        }
        Edit::MoveBlock {
            block,
            page,
            column,
            line,
        } => {
            let (from, index) = find_block(issue, block)
                .ok_or_else(|| EditError::NoSuchBlock(block.article.clone(), block.part))?;
            let to = page_index(issue, *page)?;
            refuse_signed(&issue.pages[from])?;
            refuse_signed(&issue.pages[to])?;
            let mut placement = issue.pages[from].placements.remove(index);
            placement.column = *column;
            placement.line = *line;
            if from == to {
                issue.pages[to].placements.insert(index, placement);
            } else {
                issue.pages[to].placements.push(placement);
            }
            Ok(())
        }
        Edit::ResizeBlock { block, rect } => {
            let (page, index) = find_block(issue, block)
                .ok_or_else(|| EditError::NoSuchBlock(block.article.clone(), block.part))?;
            refuse_signed(&issue.pages[page])?;
            issue.pages[page].placements[index].set_rect(*rect);
            Ok(())
        }
        Edit::RemoveBlock(block) => {
            if find_block(issue, block).is_none() {
                return Err(EditError::NoSuchBlock(block.article.clone(), block.part));
            }
            remove_from(issue, block)
        }
        Edit::AddPage { at, name, template } => add_page(issue, grids, *at, name, template),
        Edit::DeletePage(number) => {
            let index = page_index(issue, *number)?;
            if issue.pages.len() == 1 {
                return Err(EditError::LastPage);
            }
            refuse_signed(&issue.pages[index])?;
            let blocks: Vec<BlockRef> = issue.pages[index]
                .placements
                .iter()
                .map(Placement::block)
                .collect();
            for block in &blocks {
                remove_from(issue, block)?;
            }
            issue.pages.remove(index);
            renumber(issue);
            Ok(())
        }
        Edit::MovePage { from, to } => {
            let index = page_index(issue, *from)?;
            let count = issue.pages.len();
            let target = usize::try_from(*to).unwrap_or(usize::MAX);
            if !(1..=count).contains(&target) {
                return Err(EditError::BadPagePosition { at: *to, count });
            }
            let page = issue.pages.remove(index);
            issue.pages.insert(target - 1, page);
            renumber(issue);
            Ok(())
        }
        Edit::SetPage {
            page,
            name,
            template,
            credits,
        } => {
            let index = page_index(issue, *page)?;
            let target = &mut issue.pages[index];
            refuse_signed(target)?;
            if &target.template != template && !grids.contains(template) {
                return Err(EditError::UnknownTemplate(template.clone()));
            }
            target.name = name.clone();
            target.template = template.clone();
            target.credits = credits.clone();
            Ok(())
        }
        Edit::SetSignedOff { page, signed_off } => {
            let index = page_index(issue, *page)?;
            issue.pages[index].signed_off = *signed_off;
            Ok(())
        }
        _ => Ok(()),
    }
}

fn place(issue: &mut Issue, page: u32, placement: Placement) -> Result<(), EditError> {
    if issue.article(&placement.article).is_none() {
        return Err(EditError::NoSuchArticle(placement.article.clone()));
    }
    let index = page_index(issue, page)?;
    refuse_signed(&issue.pages[index])?;
    let expected = next_part(issue, &placement.article);
    if placement.part != expected {
        return Err(EditError::PartSequence {
            article: placement.article.clone(),
            part: placement.part,
            expected,
        });
    }
    if issue.pages[index].placements.len() >= MAX_PLACEMENTS {
        return Err(EditError::TooManyBlocks(page));
    }
    issue.pages[index].placements.push(placement);
    Ok(())
}

fn add_page(
    issue: &mut Issue,
    grids: &PageGrids,
    at: u32,
    name: &str,
    template: &str,
) -> Result<(), EditError> {
    let count = issue.pages.len();
    if count >= MAX_PAGES {
        return Err(EditError::TooManyPages);
    }
    let position = usize::try_from(at).unwrap_or(usize::MAX);
    if !(1..=count + 1).contains(&position) {
        return Err(EditError::BadPagePosition { at, count });
    }
    if !grids.contains(template) {
        return Err(EditError::UnknownTemplate(template.to_owned()));
    }
    issue.pages.insert(
        position - 1,
        Page {
            number: at,
            name: name.to_owned(),
            template: template.to_owned(),
            placements: Vec::new(),
            credits: None,
            signed_off: false,
        },
    );
    renumber(issue);
    Ok(())
}

/// Where each block sits: page number, template and rectangle.
fn block_sites(issue: &Issue) -> HashMap<BlockRef, (u32, &str, GridRect)> {
    let mut sites = HashMap::new();
    for page in &issue.pages {
        for p in &page.placements {
            sites.insert(p.block(), (page.number, page.template.as_str(), p.rect()));
        }
    }
    sites
}

/// Check what an edit changed: every block that is new, moved, resized, renumbered or
/// given another template lies inside its page's grid and over no other block, and every
/// article whose blocks came or went has parts 0, 1, 2 … without a gap. Blocks an edit did
/// not touch are not judged, so an issue loaded with a fault can still be edited.
pub(super) fn check_change(
    before: &Issue,
    after: &Issue,
    grids: &PageGrids,
) -> Result<(), EditError> {
    if before.pages == after.pages {
        return Ok(());
    }
    let old = block_sites(before);
    let mut changed_articles: HashSet<&ArticleId> = HashSet::new();
    for page in &after.pages {
        for placement in &page.placements {
            let block = placement.block();
            let site = (page.number, page.template.as_str(), placement.rect());
            match old.get(&block) {
                Some(previous) if *previous == site => continue,
                Some(_) => {}
                None => {
                    changed_articles.insert(&placement.article);
                }
            }
            let grid = grids.of_page(page)?;
            check_in_grid(page, grid, site.2, &placement.article)?;
            if let Some(other) = page.placements.iter().find(|other| {
                (other.article != placement.article || other.part != placement.part)
                    && other.rect().overlaps(&site.2)
            }) {
                return Err(EditError::Overlap {
                    page: page.number,
                    article: placement.article.clone(),
                    other: other.article.clone(),
                });
            }
        }
    }
    let new = block_sites(after);
    for block in old.keys().filter(|b| !new.contains_key(*b)) {
        changed_articles.insert(&block.article);
    }
    for article in changed_articles {
        check_parts(after, article)?;
    }
    Ok(())
}

/// The article's parts are 0, 1, 2 … each once.
fn check_parts(issue: &Issue, article: &ArticleId) -> Result<(), EditError> {
    let mut parts: Vec<u32> = issue
        .pages
        .iter()
        .flat_map(|page| &page.placements)
        .filter(|p| &p.article == article)
        .map(|p| p.part)
        .collect();
    parts.sort_unstable();
    for (expected, part) in (0u32..).zip(parts) {
        if part != expected {
            return Err(EditError::PartSequence {
                article: article.clone(),
                part,
                expected,
            });
        }
    }
    Ok(())
}

/// Whether every block of the issue lies in its page's grid, over no other block, and
/// every article's parts run 0, 1, 2 … (what tests and the CLI check after make-up).
pub fn check_issue(issue: &Issue, grids: &PageGrids) -> Result<(), EditError> {
    let empty = Issue {
        pages: Vec::new(),
        ..issue.clone()
    };
    check_change(&empty, issue, grids)?;
    for article in &issue.articles {
        check_parts(issue, &article.id)?;
    }
    Ok(())
}

/// Refuse a date the typesetter and the lunar calendar cannot print.
pub(super) fn check_date(date: chrono::NaiveDate) -> Result<(), EditError> {
    use chrono::Datelike;
    if (1..=9999).contains(&date.year()) {
        Ok(())
    } else {
        Err(EditError::BadDate(date.year()))
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::model::{Article, Document, EditorCredits};

    /// 要闻 (U+8981 U+95FB).
    const NEWS: &str = "\u{8981}\u{95FB}";

    fn id(n: u32) -> ArticleId {
        ArticleId(format!("art-{n:04}"))
    }

    fn block(n: u32, part: u32) -> BlockRef {
        BlockRef {
            article: id(n),
            part,
        }
    }

    fn rect(column: u32, span: u32, line: u32, depth: u32) -> GridRect {
        GridRect {
            column,
            span,
            line,
            depth,
        }
    }

    fn grids() -> PageGrids {
        let grid = |columns, lines| GridSize {
            columns,
            lines,
            nameplate_lines: 5,
            ear_columns: 0,
        };
        PageGrids::new(vec![
            ("big".into(), grid(4, 20)),
            ("small".into(), grid(2, 10)),
        ])
    }

    /// Two pages of the 4 × 20 grid, four articles in the pool; article 1 sits on page 1.
    // `.into()` keeps this compiling when articles become `Arc<Article>`.
    #[allow(clippy::useless_conversion)]
    fn document() -> Document {
        let mut issue = Issue::new_empty(NaiveDate::from_ymd_opt(2022, 9, 22).unwrap());
        issue.pages[0].template = "big".into();
        let mut second = issue.pages[0].clone();
        second.number = 2;
        issue.pages.push(second);
        for n in 1..=4 {
            issue.articles.push(Article::new(id(n)).into());
        }
        issue.pages[0]
            .placements
            .push(Placement::at(&block(1, 0), rect(0, 2, 5, 10)));
        let mut doc = Document::new(issue);
        doc.set_grids(grids());
        doc
    }

    fn place(page: u32, n: u32, part: u32, at: GridRect) -> Edit {
        Edit::PlaceBlock {
            page,
            placement: Placement::at(&block(n, part), at),
        }
    }

    /// Apply an edit that must be refused; the issue and the history stay as they were.
    fn refused(doc: &mut Document, edit: Edit) -> EditError {
        let before = doc.issue().clone();
        let could_undo = doc.history().can_undo();
        let error = doc.apply(edit).expect_err("the edit is refused");
        assert_eq!(doc.issue(), &before, "a refused edit changes nothing");
        assert_eq!(doc.history().can_undo(), could_undo);
        assert!(!error.to_string().is_empty());
        error
    }

    fn placements(doc: &Document, page: usize) -> Vec<(BlockRef, GridRect)> {
        doc.issue().pages[page]
            .placements
            .iter()
            .map(|p| (p.block(), p.rect()))
            .collect()
    }

    #[test]
    fn place_puts_a_pool_article_on_the_page_and_undo_takes_it_off() {
        let mut doc = document();
        doc.apply(place(1, 2, 0, rect(2, 2, 5, 10))).unwrap();
        assert!(doc.issue().is_placed(&id(2)));
        assert_eq!(doc.issue().pool().count(), 2);
        assert!(doc.undo());
        assert!(!doc.issue().is_placed(&id(2)));
    }

    #[test]
    fn placing_outside_the_grid_under_the_nameplate_or_over_a_block_is_refused() {
        let mut doc = document();
        let error = refused(&mut doc, place(1, 2, 0, rect(3, 2, 5, 10)));
        assert!(matches!(error, EditError::OutsideGrid { .. }), "{error}");
        let error = refused(&mut doc, place(2, 2, 0, rect(0, 1, 15, 6)));
        assert!(matches!(error, EditError::OutsideGrid { .. }), "{error}");
        let error = refused(&mut doc, place(1, 2, 0, rect(2, 1, 0, 4)));
        assert_eq!(error, EditError::UnderNameplate(id(2)));
        let error = refused(&mut doc, place(1, 2, 0, rect(1, 2, 10, 3)));
        assert_eq!(
            error,
            EditError::Overlap {
                page: 1,
                article: id(2),
                other: id(1)
            }
        );
        let error = refused(&mut doc, place(1, 2, 0, rect(2, 0, 5, 3)));
        assert_eq!(error, EditError::EmptyBlock(id(2)));
        let error = refused(&mut doc, place(1, 2, 0, rect(u32::MAX, 2, 5, 3)));
        assert!(matches!(error, EditError::OutsideGrid { .. }));
        let error = refused(&mut doc, place(3, 2, 0, rect(0, 1, 0, 3)));
        assert_eq!(error, EditError::NoSuchPage(3));
        let error = refused(&mut doc, place(2, 9, 0, rect(0, 1, 0, 3)));
        assert_eq!(error, EditError::NoSuchArticle(id(9)));
        // The page says 超出 (U+8D85 U+51FA) in Chinese.
        let message = EditError::OutsideGrid {
            page: 1,
            article: id(2),
            columns: 4,
            lines: 20,
        }
        .to_string();
        assert!(message.contains("\u{8D85}\u{51FA}"), "{message}");
    }

    #[test]
    fn a_part_number_that_skips_or_repeats_is_refused() {
        let mut doc = document();
        let error = refused(&mut doc, place(2, 1, 2, rect(0, 1, 0, 3)));
        assert_eq!(
            error,
            EditError::PartSequence {
                article: id(1),
                part: 2,
                expected: 1
            }
        );
        refused(&mut doc, place(2, 1, 0, rect(0, 1, 0, 3)));
        refused(&mut doc, place(2, 2, 1, rect(0, 1, 0, 3)));
        doc.apply(place(2, 1, 1, rect(0, 1, 0, 3))).unwrap();
    }

    #[test]
    fn continue_adds_the_next_part_and_needs_a_placed_article() {
        let mut doc = document();
        let continued = |article, page, at| Edit::ContinueArticle {
            article,
            page,
            rect: at,
        };
        doc.apply(continued(id(1), 2, rect(0, 2, 0, 8))).unwrap();
        doc.apply(continued(id(1), 2, rect(2, 2, 0, 8))).unwrap();
        let parts: Vec<u32> = doc.issue().pages[1]
            .placements
            .iter()
            .map(|p| p.part)
            .collect();
        assert_eq!(parts, vec![1, 2]);
        assert_eq!(
            refused(&mut doc, continued(id(2), 2, rect(0, 1, 10, 3))),
            EditError::NotPlaced(id(2))
        );
        refused(&mut doc, continued(id(1), 2, rect(1, 2, 2, 3)));
    }

    #[test]
    fn move_and_resize_keep_to_the_grid_and_off_other_blocks() {
        let mut doc = document();
        doc.apply(place(1, 2, 0, rect(2, 2, 5, 10))).unwrap();
        let moved = |page, column, line| Edit::MoveBlock {
            block: block(1, 0),
            page,
            column,
            line,
        };
        doc.apply(moved(1, 0, 10)).unwrap();
        assert_eq!(placements(&doc, 0)[0].1, rect(0, 2, 10, 10));
        refused(&mut doc, moved(1, 1, 10));
        refused(&mut doc, moved(1, 0, 11));
        refused(&mut doc, moved(1, 0, 0));
        doc.apply(moved(2, 0, 0)).unwrap();
        assert!(
            doc.issue().pages[0]
                .placements
                .iter()
                .all(|p| p.article != id(1))
        );
        assert_eq!(placements(&doc, 1), vec![(block(1, 0), rect(0, 2, 0, 10))]);
        let resized = |at| Edit::ResizeBlock {
            block: block(1, 0),
            rect: at,
        };
        doc.apply(resized(rect(0, 4, 0, 20))).unwrap();
        refused(&mut doc, resized(rect(0, 5, 0, 20)));
        refused(&mut doc, resized(rect(0, 4, 0, 0)));
        let missing = Edit::ResizeBlock {
            block: block(3, 0),
            rect: rect(0, 1, 0, 1),
        };
        assert_eq!(refused(&mut doc, missing), EditError::NoSuchBlock(id(3), 0));
        assert!(doc.undo() && doc.undo());
        assert_eq!(placements(&doc, 0)[0].1, rect(0, 2, 10, 10));
    }

    #[test]
    fn removing_a_block_takes_the_later_parts_with_it() {
        let mut doc = document();
        doc.apply(place(2, 1, 1, rect(0, 1, 0, 5))).unwrap();
        doc.apply(place(2, 1, 2, rect(1, 1, 0, 5))).unwrap();
        doc.apply(Edit::RemoveBlock(block(1, 1))).unwrap();
        assert!(doc.issue().pages[1].placements.is_empty());
        assert!(doc.issue().is_placed(&id(1)));
        doc.apply(Edit::RemoveBlock(block(1, 0))).unwrap();
        assert!(!doc.issue().is_placed(&id(1)));
        assert_eq!(doc.issue().pool().count(), 4);
        refused(&mut doc, Edit::RemoveBlock(block(1, 0)));
    }

    #[test]
    fn pages_are_added_deleted_and_moved_with_renumbering() {
        let mut doc = document();
        let add = |at, template: &str| Edit::AddPage {
            at,
            name: NEWS.into(),
            template: template.into(),
        };
        doc.apply(add(2, "small")).unwrap();
        let numbers: Vec<(u32, String)> = doc
            .issue()
            .pages
            .iter()
            .map(|p| (p.number, p.template.clone()))
            .collect();
        assert_eq!(
            numbers,
            vec![(1, "big".into()), (2, "small".into()), (3, "big".into())]
        );
        assert!(matches!(
            refused(&mut doc, add(5, "big")),
            EditError::BadPagePosition { .. }
        ));
        assert_eq!(
            refused(&mut doc, add(1, "nope")),
            EditError::UnknownTemplate("nope".into())
        );
        // A continuation on page 3 follows its page when page 3 moves to 2.
        doc.apply(place(3, 1, 1, rect(0, 1, 0, 5))).unwrap();
        doc.apply(Edit::MovePage { from: 3, to: 2 }).unwrap();
        assert_eq!(doc.issue().pages[1].placements[0].block(), block(1, 1));
        assert_eq!(doc.issue().pages[1].number, 2);
        // Page 2 has a block at line 0: as page one it would sit under the nameplate.
        assert_eq!(
            refused(&mut doc, Edit::MovePage { from: 2, to: 1 }),
            EditError::UnderNameplate(id(1))
        );
        assert!(matches!(
            refused(&mut doc, Edit::MovePage { from: 2, to: 4 }),
            EditError::BadPagePosition { .. }
        ));
        // Deleting page 1 sends article 1 (both parts) back to the pool.
        doc.apply(Edit::DeletePage(1)).unwrap();
        assert_eq!(doc.issue().pages.len(), 2);
        assert!(!doc.issue().is_placed(&id(1)));
        assert_eq!(doc.issue().pages[0].number, 1);
        doc.apply(Edit::DeletePage(2)).unwrap();
        assert_eq!(refused(&mut doc, Edit::DeletePage(1)), EditError::LastPage);
    }

    #[test]
    fn page_properties_and_a_template_the_blocks_do_not_fit() {
        let mut doc = document();
        let credits = Some(EditorCredits {
            editor: "A".into(),
            proofreader: "B".into(),
            designer: String::new(),
        });
        let set = |template: &str| Edit::SetPage {
            page: 1,
            name: NEWS.into(),
            template: template.into(),
            credits: credits.clone(),
        };
        // Article 1 spans lines 5–14: the 2 × 10 grid cannot hold it.
        assert!(matches!(
            refused(&mut doc, set("small")),
            EditError::OutsideGrid { .. }
        ));
        doc.apply(set("big")).unwrap();
        assert_eq!(doc.issue().pages[0].credits, credits);
    }

    #[test]
    fn a_signed_page_refuses_block_edits_until_unsigned() {
        let mut doc = document();
        let sign = |signed_off| Edit::SetSignedOff {
            page: 1,
            signed_off,
        };
        doc.apply(sign(true)).unwrap();
        assert_eq!(
            refused(&mut doc, place(1, 2, 0, rect(2, 1, 5, 3))),
            EditError::SignedOff(1)
        );
        refused(&mut doc, Edit::RemoveBlock(block(1, 0)));
        refused(&mut doc, Edit::DeletePage(1));
        doc.apply(sign(false)).unwrap();
        doc.apply(place(1, 2, 0, rect(2, 1, 5, 3))).unwrap();
        assert!(doc.undo() && doc.undo());
        assert!(doc.issue().pages[0].signed_off);
    }

    #[test]
    fn masthead_sets_every_field_and_refuses_an_unprintable_date() {
        let mut doc = document();
        let masthead = |date| Edit::SetMasthead {
            paper_name: "\u{7518}\u{8083}\u{653F}\u{534F}\u{62A5}".into(), // 甘肃政协报
            publisher: "P".into(),
            issue_number: 7,
            running_number: 3000,
            date,
            credits: EditorCredits {
                editor: "E".into(),
                ..EditorCredits::default()
            },
        };
        doc.apply(masthead(NaiveDate::from_ymd_opt(2023, 1, 2).unwrap()))
            .unwrap();
        let issue = doc.issue();
        assert_eq!(
            (
                issue.issue_number,
                issue.running_number,
                issue.publisher.as_str()
            ),
            (7, 3000, "P")
        );
        assert_eq!(issue.credits.editor, "E");
        let error = refused(
            &mut doc,
            masthead(NaiveDate::from_ymd_opt(0, 1, 1).unwrap()),
        );
        assert_eq!(error, EditError::BadDate(0));
    }

    #[test]
    fn a_batch_is_one_step_and_all_or_nothing() {
        let mut doc = document();
        let good = place(1, 2, 0, rect(2, 2, 5, 10));
        let bad = place(1, 3, 0, rect(2, 2, 10, 5));
        refused(&mut doc, Edit::Batch(vec![good.clone(), bad]));
        let also = place(1, 3, 0, rect(0, 4, 15, 5));
        doc.apply(Edit::Batch(vec![good, also])).unwrap();
        assert_eq!(doc.issue().pool().count(), 1);
        assert!(doc.undo());
        assert_eq!(doc.issue().pool().count(), 3);
        assert!(!doc.history().can_undo());
    }

    #[test]
    fn without_grids_block_edits_are_refused() {
        let mut doc = document();
        doc.set_grids(PageGrids::default());
        assert_eq!(
            refused(&mut doc, place(2, 2, 0, rect(0, 1, 0, 3))),
            EditError::NoGrid("big".into())
        );
    }

    #[test]
    fn check_rect_ignores_the_block_being_moved() {
        let doc = document();
        let issue = doc.issue();
        let at = rect(0, 2, 6, 10);
        assert!(check_rect(issue, doc.grids(), 1, at, &id(1), None).is_err());
        assert!(check_rect(issue, doc.grids(), 1, at, &id(1), Some(&block(1, 0))).is_ok());
        assert!(check_issue(issue, doc.grids()).is_ok());
    }
}
