//! 自动组版: the pool's articles onto a page's free area, no overflow, no overlap, filled.

// How (MAKEUP.md, 自动组版): the first free rectangle of the page is filled in bands, top
// down. A band's lead is one of the heaviest articles still unplaced (approved first, then
// page wish, priority; the longest of its tier or class: the 头条 is the big story) at the
// band's top left (the first band) or right, with knapsack stacks of other articles beside
// it (stacks.rs); a lead may instead head a column group (stacks under it and beside it).
// What the leads leave, and the other free rectangles, are filled with stacks. A beam
// search chooses each band's lead, span, side and form, completing every draft and
// scoring the whole page: unfilled cells (heavily once the fill drops below what the pool
// allows), approved articles left out, heavier stories passed over or set low, 碰题 pairs,
// long columns, blocks wider than the lead, spans far from an article's natural one. It
// runs under four stacking policies; the best page wins. Blocks are as deep as their text
// needs, at most one line more; what no article fits stays free for the editor. No
// randomness: the same issue gives the same page.

use crate::model::makeup::page_index;
use crate::model::{
    Article, ArticleId, BlockRef, Edit, GridRect, Issue, PageGrids, Placement, Status, applied,
};
use crate::typeset::{ArticleMeasure, PhotoSizes, Typesetter, photo_aspects};

use super::stacks::{POLICIES, Policy, Step, fill_stacks};
use super::{MakeupError, Occupancy, free_rects};

/// The widest span 自动组版 gives a block.
pub(super) const MAX_SPAN: u32 = 6;
/// A block has at least this many body lines per column under its headline group (no
/// headline alone at a column foot, no block shorter than its headline and three lines).
const MIN_BODY_LINES: u32 = 3;
/// The longest text a one-column block may have, as a share of the page's depth.
const LONGEST_COLUMN: f64 = 0.75;
/// Headlines of neighbouring blocks whose tops are closer than this collide (碰题).
const COLLISION_LINES: u32 = 3;
/// Bands with a lead story the search tries, top down.
const MAX_BANDS: usize = 4;
/// Plans the search carries from one band to the next.
const BEAM: usize = 6;
/// Score weights, in cells of unfilled page: a 碰题 pair, a column line beyond half the
/// page's depth, a span one step from the article's natural span, an approved article
/// left out (more than any page of cells).
const COLLISION_COST: f64 = 4.0;
const LONG_COLUMN_COST: f64 = 0.25;
const SHAPE_COST: f64 = 3.0;
const MISSED_APPROVED_COST: f64 = 100_000.0;
/// The share of the free area that may stay unfilled before filling outweighs every other
/// rule, and what each cell beyond it costs.
const UNFILLED_ALLOWANCE: f64 = 0.07;
const SHORTFALL_COST: f64 = 10.0;
/// A step of weight by which a story left out outweighs a lighter story placed.
const PASSED_OVER_COST: f64 = 30.0;
/// A column a block is wider than the page's lead story (头条 has the widest span).
const WIDER_THAN_LEAD_COST: f64 = 10.0;
/// The heaviest story on the pool moved from the page's top to its foot (heavy stories
/// high; lighter ones pay in proportion to their weight).
const POSITION_COST: f64 = 12.0;
/// Weight steps the knapsack tells apart (more would outweigh approval).
const MAX_WEIGHT_STEPS: u32 = 64;

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
    /// Tiers below this one's among the candidates (its weight as a count of steps, at
    /// most [`MAX_WEIGHT_STEPS`]).
    pub lightness_steps: u32,
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
    pick: Pick,
}

/// Which article leads a band, among those still unplaced that fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pick {
    /// The longest of the heaviest tier (the big story among equals).
    LongestOfTier,
    /// The longest of the heaviest class, approved or not (the big approved story even
    /// when a short one has more priority).
    LongestOfClass,
}

/// The picks the search tries for each band.
const PICKS: [Pick; 2] = [Pick::LongestOfTier, Pick::LongestOfClass];

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
    policy: Policy,
    /// Cells the whole pool would fill at its narrowest spans.
    pool_cells: u64,
    /// Free cells beyond what the pool can fill (0 when it has the text).
    free_cells_beyond_pool: u64,
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
    let mut candidates: Vec<Candidate> = eligible(issue, page)
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
                lightness_steps: 0,
                measure,
                needs,
                natural_span,
            }
        })
        .collect();
    // Candidates come in weight order: their tiers, deduplicated, are sorted too.
    let tiers: Vec<_> = {
        let mut tiers: Vec<_> = candidates.iter().map(|c| c.tier).collect();
        tiers.dedup();
        tiers
    };
    for candidate in &mut candidates {
        let below = tiers.iter().filter(|t| **t > candidate.tier).count();
        candidate.lightness_steps = u32::try_from(below)
            .unwrap_or(u32::MAX)
            .min(MAX_WEIGHT_STEPS);
    }
    let pool_cells: u64 = candidates
        .iter()
        .filter_map(|c| (1..=MAX_SPAN).find_map(|span| Some(c.filled(span, c.need(span)?))))
        .sum();
    let free = free_rects(&occupancy);
    let existing: Vec<GridRect> = issue.pages[index]
        .placements
        .iter()
        .map(Placement::rect)
        .collect();
    let best = POLICIES
        .iter()
        .map(|&policy| {
            search(&Page {
                candidates: &candidates,
                occupancy: &occupancy,
                free: free.clone(),
                existing: existing.clone(),
                policy,
                pool_cells,
                free_cells_beyond_pool: occupancy.free_cells().saturating_sub(pool_cells),
            })
        })
        .reduce(|best, next| if next.cost < best.cost { next } else { best })
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
/// give each column that many lines of text (short items stay narrow), and no single
/// column longer than [`LONGEST_COLUMN`] of the page (no sliver down the whole page).
fn offered_needs(measure: &ArticleMeasure, lines: u32) -> Vec<Option<u32>> {
    let longest = (f64::from(lines) * LONGEST_COLUMN) as u32;
    (1..=measure.tops.len() as u32)
        .map(|span| {
            let fit = measure.fit_depth(span)?;
            let body = measure.body_depth(span);
            if (span > 1 && body < MIN_BODY_LINES) || (span == 1 && body > longest) {
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

/// A page part-way through a plan: the blocks so far and what the bands leave of the
/// first free rectangle.
#[derive(Clone)]
struct Draft {
    used: Vec<bool>,
    steps: Vec<Step>,
    rest: GridRect,
    led: bool,
}

/// A beam search over plans, band by band: each draft kept so far is extended by every
/// lead (pick, side, form, span) that gives a different block, each completed with
/// stacks and scored, and the best [`BEAM`] drafts go on to the next band; the best page
/// seen wins. Every plan has a lead in its first band: a page of stacks alone has no 头条
/// and reads as a wall of columns.
fn search(page: &Page<'_>) -> Outcome {
    let widest = MAX_SPAN.min(page.occupancy.columns);
    let start = Draft {
        used: vec![false; page.candidates.len()],
        steps: Vec::new(),
        rest: page.free.first().copied().unwrap_or(GridRect {
            column: 0,
            span: 0,
            line: 0,
            depth: 0,
        }),
        led: false,
    };
    let mut best: Option<Outcome> = None;
    let mut frontier = vec![start.clone()];
    for band in 0..MAX_BANDS {
        // The lead story (头条) takes the top left; later leads may stand right.
        let sides: &[bool] = if band == 0 { &[false] } else { &[false, true] };
        let mut next: Vec<(f64, Draft)> = Vec::new();
        for draft in &frontier {
            // Span wishes and picks often come to the same block: lay each out once.
            let mut seen: Vec<(usize, u32, bool, bool)> = Vec::new();
            for &pick in &PICKS {
                for &right in sides {
                    for column_group in [false, true] {
                        for span in 1..=widest {
                            let lead = Lead {
                                span,
                                right,
                                column_group,
                                pick,
                            };
                            let Some(block) =
                                pick_lead(page.candidates, &draft.used, draft.rest, &lead)
                            else {
                                continue;
                            };
                            let key = (block.0, block.1, right, column_group);
                            if seen.contains(&key) {
                                continue;
                            }
                            seen.push(key);
                            let mut extended = draft.clone();
                            place_lead(page, &mut extended, block, &lead);
                            let outcome = complete(page, extended.clone());
                            // A column group ends the plan: nothing is left below.
                            if !column_group {
                                next.push((outcome.cost, extended));
                            }
                            if best.as_ref().is_none_or(|b| outcome.cost < b.cost) {
                                best = Some(outcome);
                            }
                        }
                    }
                }
            }
        }
        // Best first; drafts scoring the same are most often the same page: keep one.
        next.sort_by(|a, b| a.0.total_cmp(&b.0));
        next.dedup_by(|a, b| a.0 == b.0);
        next.truncate(BEAM);
        frontier = next.into_iter().map(|(_, draft)| draft).collect();
        if frontier.is_empty() {
            break;
        }
    }
    best.unwrap_or_else(|| complete(page, start))
}

/// Put the lead `block` (candidate, span, depth) at the top of the draft's rest, left or
/// right, with stacks beside it (and under it for a column group); the rest moves below.
fn place_lead(page: &Page<'_>, draft: &mut Draft, block: (usize, u32, u32), lead: &Lead) {
    let (choice, span, depth) = block;
    let rest = draft.rest;
    draft.used[choice] = true;
    draft.led = true;
    let (column, beside_column) = if lead.right {
        (rest.column + rest.span - span, rest.column)
    } else {
        (rest.column, rest.column + span)
    };
    draft.steps.push(Step {
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
    fill_stacks(
        page.candidates,
        &mut draft.used,
        beside,
        &mut draft.steps,
        page.policy,
    );
    let below = GridRect {
        line: rest.line + depth,
        depth: rest.depth - depth,
        ..rest
    };
    if lead.column_group {
        let under = GridRect {
            column,
            span,
            ..below
        };
        fill_stacks(
            page.candidates,
            &mut draft.used,
            under,
            &mut draft.steps,
            page.policy,
        );
        draft.rest = GridRect { depth: 0, ..below };
    } else {
        draft.rest = below;
    }
}

/// Complete a draft: stacks in what its bands left, in the other free rectangles, then a
/// second pass over what is still free, as rectangles (pieces beside each other may now
/// take an article none of them could alone); and score it.
fn complete(page: &Page<'_>, mut draft: Draft) -> Outcome {
    let candidates = page.candidates;
    let policy = page.policy;
    fill_stacks(
        candidates,
        &mut draft.used,
        draft.rest,
        &mut draft.steps,
        policy,
    );
    for rect in page.free.iter().skip(1) {
        fill_stacks(candidates, &mut draft.used, *rect, &mut draft.steps, policy);
    }
    let mut left = page.occupancy.clone();
    for step in &draft.steps {
        left.take(step.rect);
    }
    for hole in free_rects(&left) {
        fill_stacks(candidates, &mut draft.used, hole, &mut draft.steps, policy);
    }
    score(page, draft.steps, draft.led)
}

/// The lead for `rect`: of the heaviest unused articles that fit in it at some offered
/// span (by tier or by class, `lead.pick`), the longest (an editor's 头条 among stories of
/// one weight is the big one), at the span nearest `lead.span` (the wider of two as near),
/// with its depth.
fn pick_lead(
    candidates: &[Candidate],
    used: &[bool],
    rect: GridRect,
    lead: &Lead,
) -> Option<(usize, u32, u32)> {
    let wish = lead.span;
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
    let heaviest = &candidates[first];
    let alike = |c: &Candidate| match lead.pick {
        Pick::LongestOfTier => c.tier == heaviest.tier,
        Pick::LongestOfClass => c.approved == heaviest.approved,
    };
    // max_by_key keeps the last of equals: reversing the rank keeps the first.
    fitting()
        .filter(|(i, _, _)| alike(&candidates[*i]))
        .max_by_key(|(i, _, _)| {
            (
                candidates[*i].measure.text_lines,
                std::cmp::Reverse(candidates[*i].rank),
            )
        })
}

/// Score a complete layout: unfilled cells of the free area, approved articles left out,
/// 碰题 pairs, over-long columns, spans far from an article's natural one, blocks wider
/// than the lead (the first step when `led`), heavy stories low on the page.
fn score(page: &Page<'_>, steps: Vec<Step>, led: bool) -> Outcome {
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
    // Steps of weight by which a story left out outweighs the lightest story placed.
    let lightest = steps
        .iter()
        .map(|s| candidates[s.candidate].lightness_steps)
        .min()
        .unwrap_or(0);
    let passed_over: u32 = (0..candidates.len())
        .filter(|&i| !placed(i))
        .map(|i| candidates[i].lightness_steps.saturating_sub(lightest))
        .sum();
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
    let lead_span = steps
        .first()
        .filter(|_| led)
        .map_or(MAX_SPAN, |s| s.rect.span);
    let wider: u32 = steps
        .iter()
        .map(|s| s.rect.span.saturating_sub(lead_span))
        .sum();
    let lines = f64::from(page.occupancy.lines.max(1));
    let low: f64 = steps
        .iter()
        .map(|s| {
            f64::from(candidates[s.candidate].lightness_steps) * f64::from(s.rect.line) / lines
        })
        .sum();
    // Filling the free area comes first: below the fill the editor may expect, every
    // unfilled cell counts many times, so the other weights only choose among pages
    // filled nearly as well.
    let allowance = page.free_cells_beyond_pool as f64
        + page.pool_cells.min(page.occupancy.free_cells()) as f64 * UNFILLED_ALLOWANCE;
    let shortfall = (unfilled as f64 - allowance).max(0.0);
    let cost = unfilled as f64
        + shortfall * SHORTFALL_COST
        + missed_approved as f64 * MISSED_APPROVED_COST
        + f64::from(passed_over) * PASSED_OVER_COST
        + f64::from(wider) * WIDER_THAN_LEAD_COST
        + low * POSITION_COST
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
