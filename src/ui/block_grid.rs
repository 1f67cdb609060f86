//! The page's column grid in page points: where a grid rectangle lies, which cell a point
//! falls in, and the column and line edges a dragged block snaps to.

use crate::model::GridRect;
use crate::typeset::display::{PageList, RectPt};

/// The type area's columns and lines of one typeset page.
#[derive(Debug, Clone)]
pub struct BlockGrid {
    /// Each column's rectangle, left to right.
    columns: Vec<RectPt>,
    /// Distance between grid lines.
    pitch_pt: f32,
    /// Lines in a column.
    lines: u32,
}

impl BlockGrid {
    /// The grid of a typeset page; `None` when the page has no columns.
    pub fn of_page(page: &PageList) -> Option<BlockGrid> {
        let first = page.grid_columns.first()?;
        if page.line_pitch_pt.is_nan() || page.line_pitch_pt <= 0.0 {
            return None;
        }
        let lines = (first.height / page.line_pitch_pt).round().max(1.0) as u32;
        Some(BlockGrid {
            columns: page.grid_columns.clone(),
            pitch_pt: page.line_pitch_pt,
            lines,
        })
    }

    /// Columns on the page.
    pub fn column_count(&self) -> u32 {
        u32::try_from(self.columns.len()).unwrap_or(u32::MAX)
    }

    fn top_pt(&self) -> f32 {
        self.columns.first().map_or(0.0, |c| c.y)
    }

    /// The left edge of column `index` (the right edge of the last column past the end).
    fn left_pt(&self, index: u32) -> f32 {
        match self.columns.get(index as usize) {
            Some(column) => column.x,
            None => self.columns.last().map_or(0.0, |c| c.x + c.width),
        }
    }

    /// The right edge of the column before `index`, the end of a span ending there.
    fn right_pt(&self, end: u32) -> f32 {
        match end
            .checked_sub(1)
            .and_then(|i| self.columns.get(i as usize))
        {
            Some(column) => column.x + column.width,
            None => self.left_pt(0),
        }
    }

    /// Where a grid rectangle lies on the page, as the typesetter places a block.
    pub fn rect_pt(&self, rect: GridRect) -> RectPt {
        let x = self.left_pt(rect.column);
        let right = self.right_pt(rect.column.saturating_add(rect.span));
        RectPt {
            x,
            y: self.top_pt() + rect.line as f32 * self.pitch_pt,
            width: (right - x).max(0.0),
            height: rect.depth as f32 * self.pitch_pt,
        }
    }

    /// The cell (column, line) a page point falls in; outside the grid the numbers run on
    /// (negative or past the last), so a drag off the edge can be clamped.
    pub fn cell_at(&self, x_pt: f32, y_pt: f32) -> (i64, i64) {
        let column = match self.columns.iter().position(|c| x_pt < c.x + c.width) {
            Some(index) => index as i64 - i64::from(x_pt < self.left_pt(0)),
            None => self.columns.len() as i64,
        };
        let line = ((y_pt - self.top_pt()) / self.pitch_pt).floor() as i64;
        (column, line)
    }

    /// The column edge nearest `x_pt` (0 the left of the first column, `column_count` the
    /// right of the last), for a block's left side.
    pub fn nearest_left_edge(&self, x_pt: f32) -> u32 {
        self.nearest(self.column_count(), |k| self.left_pt(k), x_pt)
    }

    /// The same for a block's right side: the end of the span nearest `x_pt`.
    pub fn nearest_right_edge(&self, x_pt: f32) -> u32 {
        self.nearest(self.column_count(), |k| self.right_pt(k), x_pt)
    }

    /// The line edge nearest `y_pt` (0 the top of the type area, `line_count` its foot).
    pub fn nearest_line_edge(&self, y_pt: f32) -> u32 {
        let line = ((y_pt - self.top_pt()) / self.pitch_pt).round();
        line.clamp(0.0, self.lines as f32) as u32
    }

    fn nearest(&self, count: u32, edge: impl Fn(u32) -> f32, at: f32) -> u32 {
        (0..=count)
            .min_by(|a, b| (edge(*a) - at).abs().total_cmp(&(edge(*b) - at).abs()))
            .unwrap_or(0)
    }

    /// `rect` moved so that it lies inside the grid (its size kept where it fits).
    pub fn clamp(&self, column: i64, line: i64, span: u32, depth: u32) -> GridRect {
        let span = span.clamp(1, self.column_count().max(1));
        let depth = depth.clamp(1, self.lines.max(1));
        let max_column = i64::from(self.column_count() - span);
        let max_line = i64::from(self.lines - depth);
        GridRect {
            column: column.clamp(0, max_column) as u32,
            span,
            line: line.clamp(0, max_line) as u32,
            depth,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Four columns of 100 pt with 10 pt gaps from x = 20, 50 lines of 12 pt from y = 30.
    fn grid() -> BlockGrid {
        BlockGrid {
            columns: (0..4)
                .map(|i| RectPt {
                    x: 20.0 + i as f32 * 110.0,
                    y: 30.0,
                    width: 100.0,
                    height: 600.0,
                })
                .collect(),
            pitch_pt: 12.0,
            lines: 50,
        }
    }

    #[test]
    fn a_grid_rect_lies_where_the_typesetter_puts_the_block() {
        let rect = grid().rect_pt(GridRect {
            column: 1,
            span: 2,
            line: 3,
            depth: 10,
        });
        assert_eq!(
            (rect.x, rect.y, rect.width, rect.height),
            (130.0, 66.0, 210.0, 120.0)
        );
    }

    #[test]
    fn points_fall_in_cells_and_run_on_outside_the_grid() {
        let grid = grid();
        assert_eq!(grid.cell_at(25.0, 31.0), (0, 0));
        // In the gap after column 0: the next column.
        assert_eq!(grid.cell_at(125.0, 43.0), (1, 1));
        assert_eq!(grid.cell_at(5.0, 10.0), (-1, -2));
        assert_eq!(grid.cell_at(500.0, 700.0), (4, 55));
    }

    #[test]
    fn edges_snap_to_the_nearest_column_and_line() {
        let grid = grid();
        assert_eq!(grid.nearest_left_edge(128.0), 1);
        assert_eq!(grid.nearest_right_edge(225.0), 2);
        assert_eq!(grid.nearest_right_edge(1000.0), 4);
        assert_eq!(grid.nearest_line_edge(30.0 + 12.0 * 7.4), 7);
        assert_eq!(grid.nearest_line_edge(-100.0), 0);
    }

    #[test]
    fn clamping_keeps_the_size_and_the_grid() {
        let rect = grid().clamp(3, 45, 2, 10);
        assert_eq!(
            (rect.column, rect.line, rect.span, rect.depth),
            (2, 40, 2, 10)
        );
        let rect = grid().clamp(-3, -1, 9, 90);
        assert_eq!(
            (rect.column, rect.line, rect.span, rect.depth),
            (0, 0, 4, 50)
        );
    }
}
