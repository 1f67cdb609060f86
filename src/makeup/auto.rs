//! 自动组版: the pool's articles onto a page's free area, no overflow, no overlap, filled.

// How (MAKEUP.md, 自动组版): each free rectangle of the page is filled in bands, top down.
// A band's lead is the heaviest article still unplaced (approved first, then page wish,
// priority, file order) at the band's top left or right, with knapsack stacks of other
// articles beside it (stacks.rs); a lead may instead head a column group (stacks under it
// and beside it), and what the leads leave is filled with stacks. The span and side of
// each lead are chosen by a greedy search that completes every choice and scores the
// whole page: unfilled cells, approved articles left out, 碰题 pairs, over-long columns,
// spans far from an article's natural one. Blocks are as deep as their text needs, at
// most one line more; what no article fits stays free for the editor. Deterministic.

use crate::model::makeup::page_index;
use crate::model::{
    Article, ArticleId, BlockRef, Edit, GridRect, Issue, PageGrids, Placement, Status, applied,
};
use crate::typeset::{ArticleMeasure, PhotoSizes, Typesetter, photo_aspects};

use super::stacks::{Step, fill_stacks};
use super::{MakeupError, Occupancy, free_rects};

/// The widest span 自动组版 gives a block.
pub(super) const MAX_SPAN: u32 = 6;
/// A block has at least this many body lines per column under its headline group (no
/// headline alone at a column foot, no block shorter than its headline and three lines).
const MIN_BODY_LINES: u32 = 3;
/// Headlines of neighbouring blocks whose tops are closer than this collide (碰题).
const COLLISION_LINES: u32 = 3;
/// Bands with a lead story the search tries, top down.
const MAX_BANDS: usize = 3;
/// Score weights, in cells of unfilled page: a 碰题 pair, a column line beyond half the
/// page's depth, a span one step from the article's natural span, an approved article
/// left out (more than any page of cells).
const COLLISION_COST: f64 = 4.0;
const LONG_COLUMN_COST: f64 = 0.25;
const SHAPE_COST: f64 = 3.0;
const MISSED_APPROVED_COST: f64 = 100_000.0;

/// What 自动组版 proposes for a page.
#[derive(Debug, Clone, PartialEq)]
pub struct AutoLayout {
    /// The placements as one undo step ([`Edit::Batch`] of [`Edit::PlaceBlock`]).
    pub edit: Edit,
    /// The articles placed, in placement order.
    pub placed: Vec<ArticleId>,
    /// Approved articles meant for this page that found no room.
    pub left_out_approved: Vec<ArticleId>,
    /// Free cells (column lines) of the page before 自动组版.
    pub free_cells: u64,
    /// Cells the new blocks fill with type (headlines, photos and text; not empty lines).
    pub filled_cells: u64,
}

impl AutoLayout {
    /// Filled share of the free area, 0 to 1 (1 when there was nothing free).
    pub fn fill(&self) -> f64 {
        if self.free_cells == 0 {
            1.0
        } else {
            self.filled_cells as f64 / self.free_cells as f64
        }
    }
}

/// One article that may go on the page, measured.
pub(super) struct Candidate {
    /// The article.
    pub id: ArticleId,
    /// 签发: placed before any article that is not.
    pub approved: bool,
    /// Place in the weight order (0 heaviest).
    pub rank: usize,
    /// Articles of one tier (approval, page wish, priority) weigh the same.
    tier: (bool, bool, std::cmp::Reverse<i32>),
    measure: ArticleMeasure,
    /// Depth needed at span 1, 2 … (None: that span is not offered).
    needs: Vec<Option<u32>>,
    /// The span an editor would give it first: the narrowest whose columns stay within a
    /// third of the page's depth.
    natural_span: u32,
}

impl Candidate {
    /// Lines the block needs at `span` (None: not offered at that span).
    pub fn need(&self, span: u32) -> Option<u32> {
        self.needs
            .get(usize::try_from(span).ok()?.checked_sub(1)?)
            .copied()
            .flatten()
    }

    /// Cells the block fills with type at `span`, `depth`: headline group, photo, text.
    pub fn filled(&self, span: u32, depth: u32) -> u64 {
        let index = usize::try_from(span.max(1) - 1).unwrap_or(usize::MAX);
        let (headline, photo) = self.measure.tops.get(index).copied().unwrap_or((0, 0));
        let top = u64::from(headline) + u64::from(photo);
        let text = u64::from(self.measure.text_lines);
        (u64::from(span) * top + text).min(u64::from(span) * u64::from(depth))
    }
}

/// One band's lead in a plan: its span wish, on which side, and whether it heads a column
/// group (stacks under it) instead of a band across the rectangle.
#[derive(Debug, Clone, Copy)]
struct Lead {
    span: u32,
    right: bool,
    column_group: bool,
}

/// A complete layout of the free area: its blocks and score (lower is better).
struct Outcome {
    steps: Vec<Step>,
    filled: u64,
    cost: f64,
}

/// The page as 自动组版 sees it: the candidates and the free area.
struct Page<'a> {
    candidates: &'a [Candidate],
    occupancy: &'a Occupancy,
    free: Vec<GridRect>,
    existing: Vec<GridRect>,
}

/// 自动组版 on page `page`: the pool's articles that are not withdrawn and wish for no
/// other page go onto the page's free area, approved ones first, then by page wish,
/// priority and file order. Every block gets the depth its text needs at its span (at
/// most one line more), so nothing overflows and no block is left half empty; blocks never
/// overlap; a free area no article fits stays free. The result is one [`Edit::Batch`],
/// checked against the grids.
pub fn auto_layout(
    typesetter: &Typesetter,
    issue: &Issue,
    grids: &PageGrids,
    page: u32,
    sizes: &dyn PhotoSizes,
) -> Result<AutoLayout, MakeupError> {
    let index = page_index(issue, page)?;
    let occupancy = Occupancy::of_page(issue, grids, page)?;
    let template = typesetter.template_for(&issue.pages[index]);
    let columns = MAX_SPAN.min(occupancy.columns);
    let candidates: Vec<Candidate> = eligible(issue, page)
        .into_iter()
        .enumerate()
        .map(|(rank, article)| {
            let measure =
                typesetter.measure(article, template, columns, &photo_aspects(article, sizes));
            let needs = offered_needs(&measure, occupancy.lines);
            let natural_span = natural_span(&measure, &needs, occupancy.lines);
            Candidate {
                id: article.id.clone(),
                approved: article.status == Status::Approved,
                rank,
                tier: weight(article, page),
                measure,
                needs,
                natural_span,
            }
        })
        .collect();
    let view = Page {
        candidates: &candidates,
        occupancy: &occupancy,
        free: free_rects(&occupancy),
        existing: issue.pages[index]
            .placements
            .iter()
            .map(Placement::rect)
            .collect(),
    };
    let best = search(&view);
    let placements: Vec<Edit> = best
        .steps
        .iter()
        .map(|step| Edit::PlaceBlock {
            page,
            placement: Placement::at(
                &BlockRef {
                    article: candidates[step.candidate].id.clone(),
                    part: 0,
                },
                step.rect,
            ),
        })
        .collect();
    let edit = Edit::Batch(placements);
    // The model's own checks: a layout that breaks a rule is a bug, reported, not applied.
    applied(issue, &edit, "", grids)?;
    let placed: Vec<ArticleId> = best
        .steps
        .iter()
        .map(|s| candidates[s.candidate].id.clone())
        .collect();
    let left_out_approved = candidates
        .iter()
        .filter(|c| c.approved && !placed.contains(&c.id))
        .map(|c| c.id.clone())
        .collect();
    Ok(AutoLayout {
        edit,
        placed,
        left_out_approved,
        free_cells: occupancy.free_cells(),
        filled_cells: best.filled,
    })
}

/// The pool articles 自动组版 may place on `page`, in weight order: approved first, then
/// those wishing for this page, then by priority (higher first), then file order.
fn eligible(issue: &Issue, page: u32) -> Vec<&Article> {
    let mut articles: Vec<&Article> = issue
        .pool()
        .filter(|a| a.status != Status::Withdrawn)
        .filter(|a| a.page_wish.is_none_or(|wish| wish == page))
        .collect();
    // A stable sort keeps file order among equals.
    articles.sort_by_key(|a| weight(a, page));
    articles
}

/// An article's weight for `page`, lowest heaviest: approved, wished for the page, priority.
fn weight(article: &Article, page: u32) -> (bool, bool, std::cmp::Reverse<i32>) {
    (
        article.status != Status::Approved,
        article.page_wish != Some(page),
        std::cmp::Reverse(article.priority),
    )
}

/// The depth offered at each span: the fit depth, at least the headline group plus
/// [`MIN_BODY_LINES`] (no headline alone at a column foot), and only spans that still
/// give each column that many lines of text (short items stay narrow).
fn offered_needs(measure: &ArticleMeasure, lines: u32) -> Vec<Option<u32>> {
    (1..=measure.tops.len() as u32)
        .map(|span| {
            let fit = measure.fit_depth(span)?;
            let body = measure.body_depth(span);
            if span > 1 && body < MIN_BODY_LINES {
                return None;
            }
            let need = fit + MIN_BODY_LINES.saturating_sub(body);
            (need <= lines).then_some(need)
        })
        .collect()
}

/// The narrowest offered span whose columns stay within a third of the page's depth (as a
/// block dropped by hand gets, `default_size`), else the widest offered.
fn natural_span(measure: &ArticleMeasure, needs: &[Option<u32>], lines: u32) -> u32 {
    let comfortable = (lines / 3).max(MIN_BODY_LINES);
    let offered = (1..=needs.len() as u32).filter(|&s| needs[s as usize - 1].is_some());
    offered
        .clone()
        .find(|&span| measure.body_depth(span) <= comfortable)
        .or_else(|| offered.clone().next_back())
        .unwrap_or(1)
}

/// The greedy search over plans: each band's lead span, side and form is chosen by
/// completing the page with every option and keeping the best; it stops when another band
/// does not improve the page.
fn search(page: &Page<'_>) -> Outcome {
    let mut plan: Vec<Lead> = Vec::new();
    let mut best = evaluate(page, &plan);
    let widest = MAX_SPAN.min(page.occupancy.columns);
    for band in 0..MAX_BANDS {
        let mut improved: Option<(Outcome, Lead)> = None;
        // The lead story (头条) takes the top left; later leads may stand right.
        let sides: &[bool] = if band == 0 { &[false] } else { &[false, true] };
        for span in 2..=widest {
            for &right in sides {
                for column_group in [false, true] {
                    let lead = Lead {
                        span,
                        right,
                        column_group,
                    };
                    plan.push(lead);
                    let outcome = evaluate(page, &plan);
                    plan.pop();
                    let bar = improved.as_ref().map_or(best.cost, |(o, _)| o.cost);
                    if outcome.cost < bar {
                        improved = Some((outcome, lead));
                    }
                }
            }
        }
        let Some((outcome, lead)) = improved else {
            break;
        };
        best = outcome;
        plan.push(lead);
        if lead.column_group {
            break;
        }
    }
    best
}

/// Lay the page out by `plan` (its leads in the first free rectangle), fill what is left
/// with stacks, and score it.
fn evaluate(page: &Page<'_>, plan: &[Lead]) -> Outcome {
    let candidates = page.candidates;
    let mut used = vec![false; candidates.len()];
    let mut steps: Vec<Step> = Vec::new();
    for (k, rect) in page.free.iter().enumerate() {
        let leads = if k == 0 { plan } else { &[] };
        fill_rect(candidates, &mut used, *rect, leads, &mut steps);
    }
    // A second pass over what is still free, as rectangles: pieces beside each other
    // may now take an article none of them could alone.
    let mut left = page.occupancy.clone();
    for step in &steps {
        left.take(step.rect);
    }
    for hole in free_rects(&left) {
        fill_stacks(candidates, &mut used, hole, &mut steps);
    }
    score(page, steps)
}

/// Fill `rect` with the leads of `plan`, each with stacks beside it, and stacks below.
fn fill_rect(
    candidates: &[Candidate],
    used: &mut [bool],
    rect: GridRect,
    plan: &[Lead],
    steps: &mut Vec<Step>,
) {
    let mut rest = rect;
    for lead in plan {
        if rest.depth == 0 {
            return;
        }
        let Some((choice, span, depth)) = pick_lead(candidates, used, rest, lead.span) else {
            break;
        };
        used[choice] = true;
        let (column, beside_column) = if lead.right {
            (rest.column + rest.span - span, rest.column)
        } else {
            (rest.column, rest.column + span)
        };
        steps.push(Step {
            candidate: choice,
            rect: GridRect {
                column,
                span,
                line: rest.line,
                depth,
            },
        });
        let beside = GridRect {
            column: beside_column,
            span: rest.span - span,
            line: rest.line,
            depth: if lead.column_group { rest.depth } else { depth },
        };
        fill_stacks(candidates, used, beside, steps);
        let below = GridRect {
            line: rest.line + depth,
            depth: rest.depth - depth,
            ..rest
        };
        if lead.column_group {
            fill_stacks(
                candidates,
                used,
                GridRect {
                    column,
                    span,
                    ..below
                },
                steps,
            );
            return;
        }
        rest = below;
    }
    fill_stacks(candidates, used, rest, steps);
}

/// The lead for `rect`: of the heaviest unused articles that fit in it at some offered
/// span, the longest (an editor's 头条 among stories of one weight is the big one), at the
/// span nearest `wish` (the wider of two as near), with its depth.
fn pick_lead(
    candidates: &[Candidate],
    used: &[bool],
    rect: GridRect,
    wish: u32,
) -> Option<(usize, u32, u32)> {
    let fits = |candidate: &Candidate| -> Option<(u32, u32)> {
        (1..=rect.span.min(MAX_SPAN))
            .filter_map(|span| {
                let need = candidate.need(span)?;
                (need <= rect.depth).then_some((span, need))
            })
            .min_by_key(|(span, _)| (span.abs_diff(wish), std::cmp::Reverse(*span)))
    };
    let fitting = || {
        candidates
            .iter()
            .enumerate()
            .filter(|(i, _)| !used[*i])
            .filter_map(|(i, c)| fits(c).map(|(span, need)| (i, span, need)))
    };
    let (first, _, _) = fitting().next()?;
    let tier = candidates[first].tier;
    // max_by_key keeps the last of equals: reversing the rank keeps the first.
    fitting()
        .filter(|(i, _, _)| candidates[*i].tier == tier)
        .max_by_key(|(i, _, _)| {
            (
                candidates[*i].measure.text_lines,
                std::cmp::Reverse(candidates[*i].rank),
            )
        })
}

/// Score a complete layout: unfilled cells of the free area, approved articles left out,
/// 碰题 pairs, over-long columns and spans far from an article's natural one.
fn score(page: &Page<'_>, steps: Vec<Step>) -> Outcome {
    let candidates = page.candidates;
    let filled: u64 = steps
        .iter()
        .map(|s| candidates[s.candidate].filled(s.rect.span, s.rect.depth))
        .sum();
    let unfilled = page.occupancy.free_cells().saturating_sub(filled);
    let placed = |i: usize| steps.iter().any(|s| s.candidate == i);
    let missed_approved = (0..candidates.len())
        .filter(|&i| candidates[i].approved && !placed(i))
        .count();
    let collisions: usize = steps
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let earlier = steps[..i].iter().map(|s| s.rect);
            earlier
                .chain(page.existing.iter().copied())
                .filter(|b| collides(a.rect, *b))
                .count()
        })
        .sum();
    let half = page.occupancy.lines / 2;
    let long: u64 = steps
        .iter()
        .map(|s| {
            let body = candidates[s.candidate].measure.body_depth(s.rect.span);
            u64::from(body.saturating_sub(half)) * u64::from(s.rect.span)
        })
        .sum();
    let shape: u32 = steps
        .iter()
        .map(|s| s.rect.span.abs_diff(candidates[s.candidate].natural_span))
        .sum();
    let cost = unfilled as f64
        + missed_approved as f64 * MISSED_APPROVED_COST
        + collisions as f64 * COLLISION_COST
        + long as f64 * LONG_COLUMN_COST
        + f64::from(shape) * SHAPE_COST;
    Outcome {
        steps,
        filled,
        cost,
    }
}

/// Two blocks side by side whose tops (where their headlines sit) are level (碰题).
fn collides(a: GridRect, b: GridRect) -> bool {
    let side_by_side = u64::from(a.column) == b.right() || u64::from(b.column) == a.right();
    let overlapping_lines = u64::from(a.line) < b.bottom() && u64::from(b.line) < a.bottom();
    side_by_side && overlapping_lines && a.line.abs_diff(b.line) < COLLISION_LINES
}
