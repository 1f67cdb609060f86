//! Where a block dropped on a page lands: its own size where that fits, else the largest
//! part of the free area around the pointer that the size allows.

use crate::model::GridRect;

use super::Occupancy;

/// The rectangle a `span` × `depth` block dropped with the pointer on `cell` (column,
/// line) takes: `wanted` (the block centred on the pointer) when it is free, else the
/// free rectangle covering the pointer's cell that holds the most cells, at most `span`
/// wide and `depth` deep (a narrower or shallower block in the gap the editor aimed at;
/// its overflow shows). `None` when the pointer's cell is taken.
pub fn slot_at(occupancy: &Occupancy, cell: (u32, u32), wanted: GridRect) -> Option<GridRect> {
    if occupancy.rect_is_free(wanted) {
        return Some(wanted);
    }
    let (column, line) = cell;
    if !occupancy.is_free(column, line) {
        return None;
    }
    let mut best: Option<GridRect> = None;
    for span in 1..=wanted.span.min(occupancy.columns) {
        let first = column.saturating_sub(span - 1);
        for left in first..=column {
            if left + span > occupancy.columns {
                break;
            }
            let Some(rect) = deepest_at(occupancy, left, span, line, wanted.depth) else {
                continue;
            };
            let better = best.is_none_or(|b| {
                (rect.cells(), rect.span, u32::MAX - rect.line)
                    > (b.cells(), b.span, u32::MAX - b.line)
            });
            if better {
                best = Some(rect);
            }
        }
    }
    best
}

/// The free columns `left..left + span` around `line`: up while the lines above are free,
/// then down to at most `depth` lines.
fn deepest_at(
    occupancy: &Occupancy,
    left: u32,
    span: u32,
    line: u32,
    depth: u32,
) -> Option<GridRect> {
    let row_free = |l: u32| (left..left + span).all(|c| occupancy.is_free(c, l));
    if !row_free(line) {
        return None;
    }
    let mut top = line;
    while top > occupancy.first_line && line - top + 1 < depth && row_free(top - 1) {
        top -= 1;
    }
    let mut bottom = line + 1;
    while bottom - top < depth && bottom < occupancy.lines && row_free(bottom) {
        bottom += 1;
    }
    Some(GridRect {
        column: left,
        span,
        line: top,
        depth: bottom - top,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ArticleId, GridSize};
    use crate::model::{Issue, Page, PageGrids, Placement};

    /// A page of 4 columns by 40 lines with one block over columns 0–1, lines 0–19.
    fn occupancy() -> Occupancy {
        let mut issue = Issue::new_empty(chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap());
        issue.pages = vec![Page {
            number: 2,
            name: String::new(),
            template: "t".into(),
            placements: vec![Placement {
                article: ArticleId("a".into()),
                part: 0,
                column: 0,
                span: 2,
                line: 0,
                depth: 20,
            }],
            credits: None,
            signed_off: false,
        }];
        let grids = PageGrids::new(vec![(
            "t".into(),
            GridSize {
                columns: 4,
                lines: 40,
                nameplate_lines: 0,
                ear_columns: 0,
            },
        )]);
        Occupancy::of_page(&issue, &grids, 2).unwrap()
    }

    fn rect(column: u32, span: u32, line: u32, depth: u32) -> GridRect {
        GridRect {
            column,
            span,
            line,
            depth,
        }
    }

    #[test]
    fn a_block_that_fits_lands_as_it_is() {
        let wanted = rect(2, 2, 5, 10);
        assert_eq!(slot_at(&occupancy(), (2, 5), wanted), Some(wanted));
    }

    #[test]
    fn a_block_too_big_for_the_gap_takes_the_gap() {
        // Three columns wide, 30 deep, aimed at column 3 line 4: the free two columns
        // right of the block, from the top, 30 lines down.
        let slot = slot_at(&occupancy(), (3, 4), rect(2, 3, 4, 30));
        assert_eq!(slot, Some(rect(2, 2, 0, 30)));
    }

    #[test]
    fn a_drop_on_a_block_is_refused() {
        assert_eq!(slot_at(&occupancy(), (1, 5), rect(0, 2, 5, 10)), None);
    }
}
