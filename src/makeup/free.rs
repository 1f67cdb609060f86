//! The free area of a page: which grid cells no block covers, as cells and as rectangles.

use crate::model::makeup::page_index;
use crate::model::{GridRect, Issue, PageGrids};

use super::MakeupError;

/// Which cells of a page's grid are taken (by blocks or the nameplate).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occupancy {
    /// Grid columns.
    pub columns: u32,
    /// Grid lines.
    pub lines: u32,
    /// The first line blocks may use (below the nameplate on page one).
    pub first_line: u32,
    /// Row-major: `taken[line * columns + column]`.
    taken: Vec<bool>,
}

impl Occupancy {
    /// The page's cells, with every block on it marked taken.
    pub fn of_page(issue: &Issue, grids: &PageGrids, page: u32) -> Result<Occupancy, MakeupError> {
        let page = &issue.pages[page_index(issue, page)?];
        let grid = grids.of_page(page)?;
        let mut occupancy = Occupancy {
            columns: grid.columns,
            lines: grid.lines,
            first_line: grid.first_line(page.number).min(grid.lines),
            taken: vec![false; grid.columns as usize * grid.lines as usize],
        };
        for line in 0..grid.nameplate_lines.min(grid.lines) {
            for column in 0..grid.columns {
                if grid.is_nameplate(page.number, column, line) {
                    occupancy.set(column, line);
                }
            }
        }
        for placement in &page.placements {
            occupancy.take(placement.rect());
        }
        Ok(occupancy)
    }

    fn index(&self, column: u32, line: u32) -> Option<usize> {
        (column < self.columns && line < self.lines)
            .then(|| line as usize * self.columns as usize + column as usize)
    }

    fn set(&mut self, column: u32, line: u32) {
        if let Some(index) = self.index(column, line) {
            self.taken[index] = true;
        }
    }

    /// Mark a rectangle taken (the parts outside the grid are ignored).
    pub fn take(&mut self, rect: GridRect) {
        let right = rect.right().min(u64::from(self.columns)) as u32;
        let bottom = rect.bottom().min(u64::from(self.lines)) as u32;
        for line in rect.line..bottom {
            for column in rect.column..right {
                self.set(column, line);
            }
        }
    }

    /// Whether the cell is free (cells outside the grid are not).
    pub fn is_free(&self, column: u32, line: u32) -> bool {
        self.index(column, line).is_some_and(|i| !self.taken[i])
    }

    /// Whether every cell of `rect` is free.
    pub fn rect_is_free(&self, rect: GridRect) -> bool {
        rect.span > 0
            && rect.depth > 0
            && rect.right() <= u64::from(self.columns)
            && rect.bottom() <= u64::from(self.lines)
            && (rect.line..rect.line + rect.depth)
                .all(|line| (rect.column..rect.column + rect.span).all(|c| self.is_free(c, line)))
    }

    /// Free cells (column lines) on the page: the page fill's denominator.
    pub fn free_cells(&self) -> u64 {
        self.taken.iter().filter(|t| !**t).count() as u64
    }

    /// The first place, top to bottom then left to right, where a `span` × `depth` block
    /// fits on free cells.
    pub fn first_slot(&self, span: u32, depth: u32) -> Option<GridRect> {
        for line in self.first_line..self.lines {
            for column in 0..self.columns {
                let rect = GridRect {
                    column,
                    span,
                    line,
                    depth,
                };
                if self.rect_is_free(rect) {
                    return Some(rect);
                }
            }
        }
        None
    }
}

/// The free area as disjoint rectangles covering every free cell: from the topmost,
/// leftmost free cell, as wide as the free run and then as deep as that run stays free.
pub fn free_rects(occupancy: &Occupancy) -> Vec<GridRect> {
    let mut left = occupancy.clone();
    let mut rects = Vec::new();
    for line in left.first_line..left.lines {
        for column in 0..left.columns {
            if !left.is_free(column, line) {
                continue;
            }
            let span = (column..left.columns)
                .take_while(|&c| left.is_free(c, line))
                .count() as u32;
            let depth = (line..left.lines)
                .take_while(|&l| (column..column + span).all(|c| left.is_free(c, l)))
                .count() as u32;
            let rect = GridRect {
                column,
                span,
                line,
                depth,
            };
            left.take(rect);
            rects.push(rect);
        }
    }
    rects
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::model::{ArticleId, GridSize, Placement};

    #[test]
    fn free_rects_cover_exactly_the_free_cells() {
        let mut issue = Issue::new_empty(NaiveDate::from_ymd_opt(2022, 9, 22).unwrap());
        issue.pages[0].placements.push(Placement {
            article: ArticleId("a".into()),
            part: 0,
            column: 1,
            span: 2,
            line: 4,
            depth: 6,
        });
        let grids = PageGrids::new(vec![(
            issue.pages[0].template.clone(),
            GridSize {
                columns: 4,
                lines: 20,
                nameplate_lines: 4,
                ear_columns: 0,
            },
        )]);
        let occupancy = Occupancy::of_page(&issue, &grids, 1).unwrap();
        assert_eq!(occupancy.free_cells(), 4 * 16 - 12);
        let rects = free_rects(&occupancy);
        let covered: u64 = rects.iter().map(GridRect::cells).sum();
        assert_eq!(covered, occupancy.free_cells());
        for (i, a) in rects.iter().enumerate() {
            assert!(occupancy.rect_is_free(*a));
            assert!(rects[i + 1..].iter().all(|b| !a.overlaps(b)));
        }
        assert_eq!(
            occupancy.first_slot(2, 6),
            Some(GridRect {
                column: 0,
                span: 2,
                line: 10,
                depth: 6
            })
        );
        assert_eq!(occupancy.first_slot(1, 17), None);
    }
}
