//! Column stacks for 自动组版: a free rectangle filled with stacks of blocks side by side.

// A stack is a run of blocks of one width, one under the other. Which articles go in a
// stack is a 0/1 knapsack over the stack's lines (written here: a few dozen lines, and a
// crate would not know our values), so the blocks fill the stack as exactly as the pool
// allows. The lines the stack has left over go one each to its blocks from the foot up
// (at most one empty line per block, MAKEUP.md); what remains stays free.

use crate::model::GridRect;

use super::auto::{Candidate, MAX_SPAN};

/// A block chosen for the page: which candidate, where.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Step {
    /// Index into the candidates.
    pub candidate: usize,
    /// The block's rectangle on the grid.
    pub rect: GridRect,
}

/// How a region is cut into stacks: which way they run and which width wins a near tie.
#[derive(Debug, Clone, Copy)]
pub(super) struct Policy {
    /// Stacks from the region's right edge leftwards.
    pub from_right: bool,
    /// A wider stack worth nearly as much per column (within 3 %) wins.
    pub wide: bool,
}

/// The policies 自动组版 tries; the best page of all wins.
pub(super) const POLICIES: [Policy; 4] = [
    Policy {
        from_right: false,
        wide: false,
    },
    Policy {
        from_right: false,
        wide: true,
    },
    Policy {
        from_right: true,
        wide: false,
    },
    Policy {
        from_right: true,
        wide: true,
    },
];

/// Knapsack values: an approved article is worth more than anything else on the page; a
/// step up in weight (page wish, priority) as much as a few cells of type (an editor gives
/// up a little fill for weight order, not a hole in the page); a cell of type
/// [`CELL_VALUE`]; a heavier article (lower rank) a little more than a lighter one of the
/// same size, never as much as a cell.
const CELL_VALUE: u64 = 1 << 10;
const APPROVED_VALUE: u64 = 1 << 44;
const WEIGHT_STEP_VALUE: u64 = 6 * CELL_VALUE;

/// What placing `candidate` at `width` is worth to the knapsack.
fn value(candidate: &Candidate, width: u32, need: u32, count: usize) -> u64 {
    let rank_bonus = (count.saturating_sub(candidate.rank) as u64).min(CELL_VALUE / 32);
    candidate.filled(width, need) * CELL_VALUE
        + if candidate.approved {
            APPROVED_VALUE
        } else {
            0
        }
        + u64::from(candidate.lightness_steps) * WEIGHT_STEP_VALUE
        + rank_bonus
}

/// The unused articles to stack at `width` in `depth` lines that are worth the most, in
/// weight order (heaviest first), with their total value.
fn knapsack(candidates: &[Candidate], used: &[bool], width: u32, depth: u32) -> (u64, Vec<usize>) {
    let items: Vec<(usize, usize, u64)> = (0..candidates.len())
        .filter(|&i| !used[i])
        .filter_map(|i| {
            let need = candidates[i].need(width)?;
            (need <= depth).then(|| {
                let worth = value(&candidates[i], width, need, candidates.len());
                (i, need as usize, worth)
            })
        })
        .collect();
    if items.is_empty() {
        return (0, Vec::new());
    }
    let capacity = depth as usize;
    let mut best = vec![0u64; capacity + 1];
    let mut take = vec![false; items.len() * (capacity + 1)];
    for (k, &(_, need, worth)) in items.iter().enumerate() {
        for h in (need..=capacity).rev() {
            let with = best[h - need] + worth;
            if with > best[h] {
                best[h] = with;
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
    chosen.sort_by_key(|&i| candidates[i].rank);
    (best[capacity], chosen)
}

/// Fill `region` with stacks of unused articles, side by side from one edge (`policy`).
/// Each stack takes the width (up to [`MAX_SPAN`]) whose knapsack is worth the most per
/// column; a column where nothing fits stays free. Placed articles are marked in `used`,
/// blocks pushed to `steps`.
pub(super) fn fill_stacks(
    candidates: &[Candidate],
    used: &mut [bool],
    region: GridRect,
    steps: &mut Vec<Step>,
    policy: Policy,
) {
    if region.span == 0 || region.depth == 0 {
        return;
    }
    let mut left = region.span;
    while left > 0 {
        let mut best: Option<(u64, u32, Vec<usize>)> = None;
        for width in 1..=left.min(MAX_SPAN) {
            let (worth, chosen) = knapsack(candidates, used, width, region.depth);
            // Worth per column, cross-multiplied; ties keep the narrower stack unless the
            // policy prefers wide ones.
            let better = best.as_ref().is_none_or(|(best_worth, best_width, _)| {
                let here = u128::from(worth) * u128::from(*best_width);
                let there = u128::from(*best_worth) * u128::from(width);
                if policy.wide {
                    here * 100 >= there * 97
                } else {
                    here > there
                }
            });
            if !chosen.is_empty() && better {
                best = Some((worth, width, chosen));
            }
        }
        let width = best.as_ref().map_or(1, |b| b.1);
        let column = if policy.from_right {
            region.column + left - width
        } else {
            region.column + region.span - left
        };
        if let Some((_, _, chosen)) = best {
            stack(candidates, used, region, column, width, &chosen, steps);
        }
        left -= width;
    }
}

/// Put `chosen` one under the other at `column`, `width` wide, from the region's top; the
/// lines left over go one each to the lowest blocks, the rest stays free at the foot.
fn stack(
    candidates: &[Candidate],
    used: &mut [bool],
    region: GridRect,
    column: u32,
    width: u32,
    chosen: &[usize],
    steps: &mut Vec<Step>,
) {
    let needs: Vec<u32> = chosen
        .iter()
        .map(|&i| candidates[i].need(width).unwrap_or(0))
        .collect();
    let total: u32 = needs.iter().sum();
    let left_over = region.depth.saturating_sub(total);
    let extra = (left_over as usize).min(chosen.len());
    let mut line = region.line;
    for (n, (&choice, &need)) in chosen.iter().zip(&needs).enumerate() {
        used[choice] = true;
        let depth = need + u32::from(n >= chosen.len() - extra);
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
}
