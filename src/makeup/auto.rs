//! 自动组版: the pool's articles onto a page's free area, no overflow, no overlap, filled.

// How: greedy guillotine packing over the free rectangles, topmost slot first, each step
// choosing the article, span and split that score best (weight order, wasted lines,
// leftovers nothing can fill, over-long columns, 碰题), approved articles before any
// other; or knapsack stacks (a 0/1 knapsack per column stack over the lines). Several
// weightings are tried and the complete layout with the fewest unfilled cells wins;
// blocks with many empty lines are then re-filled locally. Deterministic throughout.

use crate::model::makeup::page_index;
use crate::model::{
    Article, ArticleId, BlockRef, Edit, GridRect, Issue, PageGrids, Placement, Status, applied,
};
use crate::typeset::{ArticleMeasure, PhotoSizes, Typesetter, photo_aspects};

use super::{MakeupError, Occupancy, free_rects};

/// The widest span 自动组版 gives a block.
const MAX_SPAN: u32 = 6;
/// A block has at least this many body lines per column under its headline group.
const MIN_BODY_LINES: u32 = 3;
/// Headlines of neighbouring blocks whose tops are closer than this collide (碰题).
const COLLISION_LINES: u32 = 3;

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
struct Candidate {
    id: ArticleId,
    approved: bool,
    measure: ArticleMeasure,
    /// Depth needed at span 1, 2 … (None: that span is not offered).
    needs: Vec<Option<u32>>,
}

impl Candidate {
    fn need(&self, span: u32) -> Option<u32> {
        self.needs
            .get(usize::try_from(span).ok()?.checked_sub(1)?)
            .copied()
            .flatten()
    }

    /// Cells the block fills with type at `span`, `depth`: headline group, photo, text.
    fn filled(&self, span: u32, depth: u32) -> u64 {
        let index = usize::try_from(span.max(1) - 1).unwrap_or(usize::MAX);
        let (headline, photo) = self.measure.tops.get(index).copied().unwrap_or((0, 0));
        let top = u64::from(headline) + u64::from(photo);
        let text = u64::from(self.measure.text_lines);
        (u64::from(span) * top + text).min(u64::from(span) * u64::from(depth))
    }
}

/// For each width, the shallowest depth any article still unplaced needs, and which
/// article that is, with the runner-up: answers "can anything else fill this?" in O(1).
struct MinNeeds {
    /// Index = width - 1: (depth, candidate) of the shallowest, and the runner-up depth.
    by_width: Vec<(u32, usize, u32)>,
}

impl MinNeeds {
    fn new(candidates: &[Candidate], remaining: &[usize], columns: u32) -> MinNeeds {
        let mut by_width = Vec::with_capacity(columns as usize);
        for width in 1..=columns {
            let mut best = (u32::MAX, usize::MAX, u32::MAX);
            for &i in remaining {
                let need = (1..=width.min(MAX_SPAN))
                    .filter_map(|span| candidates[i].need(span))
                    .min()
                    .unwrap_or(u32::MAX);
                if need < best.0 {
                    best = (need, i, best.0);
                } else if need < best.2 {
                    best.2 = need;
                }
            }
            by_width.push(best);
        }
        MinNeeds { by_width }
    }

    /// Whether an article other than `except` fits in `rect`.
    fn fillable(&self, rect: GridRect, except: Option<usize>) -> bool {
        let Some(&(depth, who, runner_up)) = self
            .by_width
            .get(rect.span.saturating_sub(1) as usize)
            .or(self.by_width.last())
        else {
            return false;
        };
        let need = if Some(who) == except {
            runner_up
        } else {
            depth
        };
        need <= rect.depth
    }
}

/// The weights of one try.
#[derive(Debug, Clone, Copy)]
struct Weights {
    /// Cost of passing over an article for a later one, per place in the order.
    rank: f64,
    /// Cost per body line per column beyond a comfortable column length.
    long_column: f64,
    /// Cost of a 碰题 pair.
    collision: f64,
    /// Cost per grid line a block starts below the page top; None fills strictly the
    /// topmost free rectangle first.
    position: Option<f64>,
    /// Fill what the approved articles leave with knapsack stacks instead of greedily.
    stacks: bool,
    /// Place the approved articles in knapsack stacks too, instead of greedily.
    approved_stacks: bool,
}

/// The weightings tried; the layout with the lowest cost wins. Rank 0 is pure best fit
/// (the order only decides ties), high rank keeps strictly to the weight order.
const TRIES: [Weights; 13] = [
    Weights {
        rank: 40.0,
        long_column: 1.0,
        collision: 30.0,
        position: None,
        stacks: false,
        approved_stacks: false,
    },
    Weights {
        rank: 10.0,
        long_column: 1.0,
        collision: 30.0,
        position: Some(0.5),
        stacks: false,
        approved_stacks: false,
    },
    Weights {
        rank: 120.0,
        long_column: 0.5,
        collision: 15.0,
        position: None,
        stacks: false,
        approved_stacks: false,
    },
    Weights {
        rank: 25.0,
        long_column: 3.0,
        collision: 60.0,
        position: Some(2.0),
        stacks: false,
        approved_stacks: false,
    },
    Weights {
        rank: 0.0,
        long_column: 0.0,
        collision: 0.0,
        position: Some(0.2),
        stacks: false,
        approved_stacks: false,
    },
    Weights {
        rank: 2.0,
        long_column: 0.5,
        collision: 10.0,
        position: None,
        stacks: false,
        approved_stacks: false,
    },
    Weights {
        rank: 5.0,
        long_column: 2.0,
        collision: 30.0,
        position: Some(1.0),
        stacks: false,
        approved_stacks: false,
    },
    Weights {
        rank: 0.5,
        long_column: 1.0,
        collision: 5.0,
        position: Some(5.0),
        stacks: false,
        approved_stacks: false,
    },
    Weights {
        rank: 40.0,
        long_column: 1.0,
        collision: 30.0,
        position: None,
        stacks: true,
        approved_stacks: false,
    },
    Weights {
        rank: 2.0,
        long_column: 0.5,
        collision: 10.0,
        position: Some(0.5),
        stacks: true,
        approved_stacks: false,
    },
    Weights {
        rank: 0.0,
        long_column: 0.0,
        collision: 0.0,
        position: Some(0.2),
        stacks: true,
        approved_stacks: false,
    },
    Weights {
        rank: 0.0,
        long_column: 0.0,
        collision: 0.0,
        position: None,
        stacks: true,
        approved_stacks: true,
    },
    Weights {
        rank: 10.0,
        long_column: 1.0,
        collision: 30.0,
        position: Some(0.5),
        stacks: true,
        approved_stacks: true,
    },
];

/// How a block splits the free rectangle it takes the top left of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Split {
    /// The rest of the width keeps the full height (column stacks).
    Vertical,
    /// The rest of the width keeps the block's depth; below spans the full width.
    Horizontal,
}

/// One placement chosen during a try.
struct Step {
    candidate: usize,
    rect: GridRect,
}

/// A complete try: its placements and score (lower is better).
struct Outcome {
    steps: Vec<Step>,
    filled: u64,
    cost: f64,
}

/// 自动组版 on page `page`: the pool's articles that are not withdrawn and wish for no
/// other page go onto the page's free area, approved ones first, then by page wish,
/// priority and file order. Every block gets the depth its text needs at its span, so
/// nothing overflows; blocks never overlap; leftovers too small for any article are given
/// to the block above. The result is one [`Edit::Batch`], checked against the grids.
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
    let candidates: Vec<Candidate> = eligible(issue, page)
        .into_iter()
        .map(|article| {
            let measure = typesetter.measure(
                article,
                template,
                MAX_SPAN.min(occupancy.columns),
                &photo_aspects(article, sizes),
            );
            let needs = offered_needs(&measure, occupancy.lines);
            Candidate {
                id: article.id.clone(),
                approved: article.status == Status::Approved,
                measure,
                needs,
            }
        })
        .collect();
    let existing: Vec<GridRect> = issue.pages[index]
        .placements
        .iter()
        .map(Placement::rect)
        .collect();
    let free = free_rects(&occupancy);
    let best = TRIES
        .iter()
        .map(|weights| one_try(&candidates, &free, &existing, occupancy.lines, *weights))
        .min_by(|a, b| a.cost.total_cmp(&b.cost))
        .unwrap_or(Outcome {
            steps: Vec::new(),
            filled: 0,
            cost: 0.0,
        });
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
    articles.sort_by_key(|a| {
        (
            a.status != Status::Approved,
            a.page_wish != Some(page),
            std::cmp::Reverse(a.priority),
        )
    });
    articles
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

/// Run the greedy packing once: approved articles, then the others.
fn one_try(
    candidates: &[Candidate],
    free: &[GridRect],
    existing: &[GridRect],
    page_lines: u32,
    weights: Weights,
) -> Outcome {
    let mut free = free.to_vec();
    let mut placed: Vec<GridRect> = existing.to_vec();
    let mut steps: Vec<Step> = Vec::new();
    let mut used = vec![false; candidates.len()];
    let columns = free.iter().map(|r| r.right()).max().unwrap_or(0) as u32;
    let tiers: &[bool] = match (weights.approved_stacks, weights.stacks) {
        (true, _) => &[],
        (false, true) => &[true],
        (false, false) => &[true, false],
    };
    if weights.approved_stacks {
        fill_stacks(candidates, &mut used, &mut free, &mut steps, true);
    }
    for &approved in tiers {
        loop {
            let remaining: Vec<usize> = (0..candidates.len())
                .filter(|&i| !used[i] && candidates[i].approved == approved)
                .collect();
            let later: Vec<usize> = (0..candidates.len()).filter(|&i| !used[i]).collect();
            let min_needs = MinNeeds::new(candidates, &later, columns);
            let Some((choice, rect_index, span, depth, split)) = best_step(
                candidates, &remaining, &min_needs, &free, &placed, page_lines, weights,
            ) else {
                break;
            };
            used[choice] = true;
            let rect = free.remove(rect_index);
            let (block, rest) = split_rect(rect, span, depth, split);
            let mut block = block;
            for piece in rest {
                // A strip below the block that no article could fill is given to it.
                if piece.column == block.column
                    && piece.span == block.span
                    && piece.line == block.line + block.depth
                    && !min_needs.fillable(piece, Some(choice))
                {
                    block.depth += piece.depth;
                } else {
                    free.push(piece);
                }
            }
            placed.push(block);
            steps.push(Step {
                candidate: choice,
                rect: block,
            });
        }
    }
    if weights.stacks {
        fill_stacks(candidates, &mut used, &mut free, &mut steps, false);
    }
    absorb_leftovers(candidates, &mut steps, &mut free);
    refill_loose_blocks(candidates, &mut used, &mut steps);
    let filled: u64 = steps
        .iter()
        .map(|s| candidates[s.candidate].filled(s.rect.span, s.rect.depth))
        .sum();
    let free_cells: u64 = free.iter().map(GridRect::cells).sum();
    let covered: u64 = steps.iter().map(|s| s.rect.cells()).sum();
    let empty_in_blocks = covered.saturating_sub(filled);
    let missed_approved = candidates
        .iter()
        .enumerate()
        .filter(|(i, c)| c.approved && !steps.iter().any(|s| s.candidate == *i))
        .count();
    let collisions = steps
        .iter()
        .enumerate()
        .map(|(i, a)| {
            steps[..i]
                .iter()
                .filter(|b| collides(a.rect, b.rect))
                .count()
        })
        .sum::<usize>();
    let cost = free_cells as f64
        + empty_in_blocks as f64
        + missed_approved as f64 * 10_000.0
        + collisions as f64 * weights.collision;
    Outcome {
        steps,
        filled,
        cost,
    }
}

/// Fill each free rectangle, top to bottom, with stacks of the remaining articles: for each
/// stack the width and the set of articles (a 0/1 knapsack over the lines) that leave the
/// fewest empty cells; the stack's last block takes the few lines left over.
fn fill_stacks(
    candidates: &[Candidate],
    used: &mut [bool],
    free: &mut Vec<GridRect>,
    steps: &mut Vec<Step>,
    approved_only: bool,
) {
    free.sort_by_key(|r| (r.line, r.column));
    let mut holes = Vec::new();
    for rect in std::mem::take(free) {
        let mut column = rect.column;
        let end = rect.column + rect.span;
        while column < end {
            let mut best: Option<(u64, u32, Vec<usize>)> = None;
            for width in 1..=(end - column).min(MAX_SPAN) {
                let (value, chosen) = knapsack(candidates, used, width, rect.depth, approved_only);
                // Compare filled share of the stack: value / width, cross-multiplied.
                let better = best.as_ref().is_none_or(|(best_value, best_width, _)| {
                    value * u64::from(*best_width) > *best_value * u64::from(width)
                });
                if !chosen.is_empty() && better {
                    best = Some((value, width, chosen));
                }
            }
            let Some((_, width, chosen)) = best else {
                holes.push(GridRect {
                    column,
                    span: 1,
                    line: rect.line,
                    depth: rect.depth,
                });
                column += 1;
                continue;
            };
            let mut line = rect.line;
            let count = chosen.len();
            for (n, choice) in chosen.into_iter().enumerate() {
                used[choice] = true;
                let need = candidates[choice].need(width).unwrap_or(0);
                // The last block takes the lines left over, unless other articles are
                // still to come (the approved-only pass leaves them free for those).
                let depth = if n + 1 == count && !approved_only {
                    rect.line + rect.depth - line
                } else {
                    need
                };
                steps.push(Step {
                    candidate: choice,
                    rect: GridRect {
                        column,
                        span: width,
                        line,
                        depth,
                    },
                });
                line += depth;
            }
            if line < rect.line + rect.depth {
                holes.push(GridRect {
                    column,
                    span: width,
                    line,
                    depth: rect.line + rect.depth - line,
                });
            }
            column += width;
        }
    }
    *free = holes;
}

/// Local improvement: a block with many empty lines gives its rectangle back, and the
/// rectangle is filled again with knapsack stacks of the unused articles and its own; the
/// new blocks stay if they fill more and keep an approved article on the page.
fn refill_loose_blocks(candidates: &[Candidate], used: &mut [bool], steps: &mut Vec<Step>) {
    let mut index = 0;
    while index < steps.len() {
        let step = &steps[index];
        let old_filled = candidates[step.candidate].filled(step.rect.span, step.rect.depth);
        let empty = step.rect.cells().saturating_sub(old_filled);
        if empty < u64::from(step.rect.span) * u64::from(MIN_BODY_LINES) {
            index += 1;
            continue;
        }
        let own = step.candidate;
        let mut trial_used = used.to_vec();
        trial_used[own] = false;
        let mut free = vec![step.rect];
        let mut new_steps = Vec::new();
        fill_stacks(
            candidates,
            &mut trial_used,
            &mut free,
            &mut new_steps,
            false,
        );
        let new_filled: u64 = new_steps
            .iter()
            .map(|s| candidates[s.candidate].filled(s.rect.span, s.rect.depth))
            .sum();
        let keeps_approved = !candidates[own].approved || trial_used[own];
        if free.is_empty() && keeps_approved && new_filled > old_filled {
            used.copy_from_slice(&trial_used);
            steps.splice(index..=index, new_steps);
        } else {
            index += 1;
        }
    }
}

/// The unused articles to stack at `width` in `depth` lines that fill the most cells,
/// in weight order, with the cells they fill.
fn knapsack(
    candidates: &[Candidate],
    used: &[bool],
    width: u32,
    depth: u32,
    approved_only: bool,
) -> (u64, Vec<usize>) {
    let items: Vec<(usize, usize, u64)> = (0..candidates.len())
        .filter(|&i| !used[i] && (candidates[i].approved || !approved_only))
        .filter_map(|i| {
            let need = candidates[i].need(width)?;
            (need <= depth).then(|| (i, need as usize, candidates[i].filled(width, need)))
        })
        .collect();
    let capacity = depth as usize;
    let mut value = vec![0u64; capacity + 1];
    let mut take = vec![false; items.len() * (capacity + 1)];
    for (k, &(_, need, gain)) in items.iter().enumerate() {
        for h in (need..=capacity).rev() {
            let with = value[h - need] + gain;
            if with > value[h] {
                value[h] = with;
                take[k * (capacity + 1) + h] = true;
            }
        }
    }
    let mut chosen = Vec::new();
    let mut h = capacity;
    for k in (0..items.len()).rev() {
        if take[k * (capacity + 1) + h] {
            chosen.push(items[k].0);
            h -= items[k].1;
        }
    }
    chosen.sort_unstable();
    (value[capacity], chosen)
}

/// The best (candidate, free rect, span, depth, split) for the topmost free rectangle
/// that can take any of `remaining`, or None when none fits anywhere.
#[allow(clippy::type_complexity)]
fn best_step(
    candidates: &[Candidate],
    remaining: &[usize],
    min_needs: &MinNeeds,
    free: &[GridRect],
    placed: &[GridRect],
    page_lines: u32,
    weights: Weights,
) -> Option<(usize, usize, u32, u32, Split)> {
    let mut order: Vec<usize> = (0..free.len()).collect();
    order.sort_by_key(|&i| (free[i].line, free[i].column));
    let comfortable = (page_lines / 2).max(MIN_BODY_LINES);
    let mut best: Option<(f64, usize, u32, u32, Split)> = None;
    let mut best_rect = 0;
    for rect_index in order {
        let rect = free[rect_index];
        let mut here: Option<(f64, usize, u32, u32, Split)> = None;
        let lower = weights
            .position
            .map_or(0.0, |weight| weight * f64::from(rect.line));
        for (rank, &choice) in remaining.iter().enumerate() {
            let candidate = &candidates[choice];
            for span in 1..=rect.span.min(MAX_SPAN) {
                let Some(depth) = candidate.need(span) else {
                    continue;
                };
                if depth > rect.depth {
                    continue;
                }
                for split in [Split::Vertical, Split::Horizontal] {
                    if split == Split::Horizontal && span == rect.span {
                        continue;
                    }
                    let (block, rest) = split_rect(rect, span, depth, split);
                    let mut cost = rank as f64 * weights.rank + lower;
                    let mut block_depth = block.depth;
                    for piece in &rest {
                        if min_needs.fillable(*piece, Some(choice)) {
                            continue;
                        }
                        if piece.column == block.column && piece.span == block.span {
                            block_depth += piece.depth;
                        } else {
                            cost += piece.cells() as f64;
                        }
                    }
                    let grown = GridRect {
                        depth: block_depth,
                        ..block
                    };
                    cost += grown.cells() as f64 - candidate.filled(span, block_depth) as f64;
                    let body = candidate.measure.body_depth(span);
                    cost += f64::from(body.saturating_sub(comfortable))
                        * f64::from(span)
                        * weights.long_column;
                    cost += placed.iter().filter(|b| collides(grown, **b)).count() as f64
                        * weights.collision;
                    if here.as_ref().is_none_or(|b| cost < b.0) {
                        here = Some((cost, choice, span, depth, split));
                    }
                }
            }
        }
        if let Some(found) = here
            && best.as_ref().is_none_or(|b| found.0 < b.0)
        {
            best = Some(found);
            best_rect = rect_index;
            if weights.position.is_none() {
                break;
            }
        }
    }
    best.map(|(_, choice, span, depth, split)| (choice, best_rect, span, depth, split))
}

/// The block at the top left of `rect` and the free pieces left beside and below it.
fn split_rect(rect: GridRect, span: u32, depth: u32, split: Split) -> (GridRect, Vec<GridRect>) {
    let block = GridRect {
        column: rect.column,
        span,
        line: rect.line,
        depth,
    };
    let (right, below) = match split {
        Split::Vertical => (
            GridRect {
                column: rect.column + span,
                span: rect.span - span,
                line: rect.line,
                depth: rect.depth,
            },
            GridRect {
                column: rect.column,
                span,
                line: rect.line + depth,
                depth: rect.depth - depth,
            },
        ),
        Split::Horizontal => (
            GridRect {
                column: rect.column + span,
                span: rect.span - span,
                line: rect.line,
                depth,
            },
            GridRect {
                column: rect.column,
                span: rect.span,
                line: rect.line + depth,
                depth: rect.depth - depth,
            },
        ),
    };
    let rest = [right, below]
        .into_iter()
        .filter(|r| r.span > 0 && r.depth > 0)
        .collect();
    (block, rest)
}

/// Two blocks side by side whose tops (where their headlines sit) are level (碰题).
fn collides(a: GridRect, b: GridRect) -> bool {
    let side_by_side = u64::from(a.column) == b.right() || u64::from(b.column) == a.right();
    side_by_side && a.line.abs_diff(b.line) < COLLISION_LINES
}

/// Give free rectangles that are left over to a new block: the one right above of the
/// same width grows deeper, or one beside them over the same lines grows wider when its
/// text still fits at the wider span (more empty lines, but no hole in the page).
fn absorb_leftovers(candidates: &[Candidate], steps: &mut [Step], free: &mut Vec<GridRect>) {
    // Pieces of one column side by side over the same lines act as one.
    free.sort_by_key(|r| (r.line, r.depth, r.column));
    let mut merged: Vec<GridRect> = Vec::new();
    for piece in free.drain(..) {
        match merged.last_mut() {
            Some(last)
                if last.line == piece.line
                    && last.depth == piece.depth
                    && last.right() == u64::from(piece.column) =>
            {
                last.span += piece.span;
            }
            _ => merged.push(piece),
        }
    }
    // Growing one block can line it up with another piece: repeat until nothing moves.
    loop {
        let before = merged.len();
        merged.retain(|piece| {
            if let Some(step) = steps.iter_mut().find(|s| {
                s.rect.column == piece.column
                    && s.rect.span == piece.span
                    && u64::from(piece.line) == s.rect.bottom()
            }) {
                step.rect.depth += piece.depth;
                return false;
            }
            let beside = steps.iter_mut().find(|s| {
                let touches = s.rect.right() == u64::from(piece.column)
                    || piece.right() == u64::from(s.rect.column);
                let wider = s.rect.span + piece.span;
                touches
                    && s.rect.line == piece.line
                    && s.rect.depth == piece.depth
                    && candidates[s.candidate]
                        .measure
                        .fit_depth(wider)
                        .is_some_and(|need| need <= s.rect.depth)
            });
            match beside {
                Some(step) => {
                    step.rect.column = step.rect.column.min(piece.column);
                    step.rect.span += piece.span;
                    false
                }
                None => true,
            }
        });
        if merged.len() == before {
            break;
        }
    }
    *free = merged;
}
