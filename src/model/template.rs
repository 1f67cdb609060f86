//! Page templates as data: page size, margins, the character grid and the type styles.

use serde::{Deserialize, Serialize};

use crate::units::{Hao, Mm, Pt};

/// Pages larger than this (in either direction) are no newspaper page.
const MAX_PAGE_MM: f32 = 2000.0;
/// Space between lines is at most this many body sizes.
const MAX_LINE_GAP_EM: f32 = 4.0;
/// Grid limits: far beyond any paper, small enough that no grid arithmetic overflows.
const MAX_COLUMNS: u32 = 64;
/// See [`MAX_COLUMNS`].
const MAX_CHARS_PER_LINE: u32 = 200;
/// See [`MAX_COLUMNS`].
const MAX_GUTTER_CHARS: u32 = 20;
/// See [`MAX_COLUMNS`].
const MAX_LINES_PER_COLUMN: u32 = 1000;

/// How a headline group sits in its block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Alignment {
    /// Centred over the block.
    Centre,
    /// Flush left.
    Left,
}

/// A face and a size in 号 for one kind of text.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TextStyle {
    /// The bundled face.
    pub face: FaceName,
    /// The size.
    pub size: Hao,
}

impl TextStyle {
    /// The size in points.
    pub fn size_pt(&self) -> f32 {
        self.size.size_pt().0
    }
}

/// The bundled faces by the names template files use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FaceName {
    /// 宋体 (Noto Serif SC Regular).
    Song,
    /// 宋体粗 (Noto Serif SC Bold).
    SongBold,
    /// 黑体 (Noto Sans SC Regular).
    Hei,
    /// 黑体粗 (Noto Sans SC Bold).
    HeiBold,
    /// 楷体 (LXGW WenKai).
    Kai,
}

impl FaceName {
    /// Every face, in the order the template editor lists them.
    pub const ALL: [FaceName; 5] = [
        FaceName::Song,
        FaceName::SongBold,
        FaceName::Hei,
        FaceName::HeiBold,
        FaceName::Kai,
    ];
}

/// A page template: the page, its grid and the styles of each kind of text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    /// The name pages refer to, e.g. 对开.
    pub name: String,
    /// Page width.
    pub page_width: Mm,
    /// Page height.
    pub page_height: Mm,
    /// Margin above the type area (the header strip sits in it).
    pub margin_top: Mm,
    /// Margin below the type area (the credits line sits in it).
    pub margin_bottom: Mm,
    /// Margin left of the type area.
    pub margin_left: Mm,
    /// Margin right of the type area.
    pub margin_right: Mm,
    /// Number of grid columns.
    pub columns: u32,
    /// Body characters per column line.
    pub chars_per_line: u32,
    /// Gutter between columns, in body characters.
    pub gutter_chars: u32,
    /// Grid lines per column.
    pub lines_per_column: u32,
    /// Space between body lines as a fraction of the body size (0.5 gives a 1.5 em pitch).
    pub line_gap_em: f32,
    /// Grid lines the nameplate takes at the top of page one.
    pub nameplate_lines: u32,
    /// Columns at the right of the nameplate left to a block: the 报眼 (an important short
    /// item, a photo or an index). It is as deep as the nameplate less its last line, where
    /// the rules under the nameplate run. 0: the nameplate takes the whole width.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub ear_columns: u32,
    /// Body text.
    pub body: TextStyle,
    /// 电头, set at the start of the first paragraph.
    pub dateline: TextStyle,
    /// 引题.
    pub kicker: TextStyle,
    /// 主题 of a block spanning one or two columns.
    pub headline: TextStyle,
    /// 主题 of a block spanning three columns or more.
    pub headline_wide: TextStyle,
    /// 副题.
    pub subtitle: TextStyle,
    /// Byline lines of features.
    pub byline: TextStyle,
    /// Photo captions.
    pub caption: TextStyle,
    /// The header strip (date, page number, page name).
    pub header: TextStyle,
    /// The paper's name in the nameplate.
    pub nameplate: TextStyle,
    /// How headline groups align.
    pub headline_alignment: Alignment,
}

impl Template {
    /// The body size (1 em) in points.
    pub fn body_pt(&self) -> f32 {
        self.body.size_pt()
    }

    /// The distance between two body lines in points.
    pub fn line_pitch_pt(&self) -> f32 {
        self.body_pt() * (1.0 + self.line_gap_em)
    }

    /// Width of one column in points.
    pub fn column_width_pt(&self) -> f32 {
        self.chars_per_line as f32 * self.body_pt()
    }

    /// Distance from one column's left edge to the next one's.
    pub fn column_step_pt(&self) -> f32 {
        (self.chars_per_line + self.gutter_chars) as f32 * self.body_pt()
    }

    /// Width of a block spanning `span` columns (its gutters included).
    pub fn span_width_pt(&self, span: u32) -> f32 {
        let span = span.max(1);
        span as f32 * self.column_width_pt()
            + (span - 1) as f32 * self.gutter_chars as f32 * self.body_pt()
    }

    /// Width of the type area.
    pub fn type_width_pt(&self) -> f32 {
        self.span_width_pt(self.columns)
    }

    /// Height of the type area.
    pub fn type_height_pt(&self) -> f32 {
        self.lines_per_column as f32 * self.line_pitch_pt()
    }

    /// Left edge of the type area. The grid is centred between the side margins, so a
    /// whole number of characters per line never leaves a ragged right margin.
    pub fn type_left_pt(&self) -> f32 {
        let available =
            self.page_width.to_pt().0 - self.margin_left.to_pt().0 - self.margin_right.to_pt().0;
        self.margin_left.to_pt().0 + (available - self.type_width_pt()).max(0.0) / 2.0
    }

    /// Top edge of the type area.
    pub fn type_top_pt(&self) -> f32 {
        self.margin_top.to_pt().0
    }

    /// Page width in points.
    pub fn page_width_pt(&self) -> Pt {
        self.page_width.to_pt()
    }

    /// Page height in points.
    pub fn page_height_pt(&self) -> Pt {
        self.page_height.to_pt()
    }

    /// The grid make-up edits check blocks against.
    pub fn grid(&self) -> GridSize {
        GridSize {
            columns: self.columns,
            lines: self.lines_per_column,
            nameplate_lines: self.nameplate_lines.min(self.lines_per_column),
            ear_columns: self.ear_columns.min(self.columns),
        }
    }

    /// Width of the nameplate's own part in points: the type area left of the 报眼.
    pub fn nameplate_width_pt(&self) -> f32 {
        self.span_width_pt(self.columns.saturating_sub(self.ear_columns))
    }

    /// Whether every number is usable and the grid fits on the page; returns a message
    /// naming the problem if not. A template that passes can be typeset without any
    /// arithmetic overflowing or a line pitch of zero.
    pub fn validate(&self) -> Result<(), String> {
        let name = &self.name;
        let lengths = [
            ("页宽", self.page_width, true),
            ("页高", self.page_height, true),
            ("上边距", self.margin_top, false),
            ("下边距", self.margin_bottom, false),
            ("左边距", self.margin_left, false),
            ("右边距", self.margin_right, false),
        ];
        for (label, length, positive) in lengths {
            let ok = length.0.is_finite()
                && length.0 <= MAX_PAGE_MM
                && if positive {
                    length.0 > 0.0
                } else {
                    length.0 >= 0.0
                };
            if !ok {
                return Err(format!(
                    "版式\u{201C}{name}\u{201D}的{label}须在 0 到 {MAX_PAGE_MM} 毫米之间\u{FF08}现为 {}\u{FF09}",
                    length.0
                ));
            }
        }
        if !(self.line_gap_em.is_finite() && (0.0..=MAX_LINE_GAP_EM).contains(&self.line_gap_em)) {
            return Err(format!(
                "版式\u{201C}{name}\u{201D}的行距须在 0 到 {MAX_LINE_GAP_EM} 字之间\u{FF08}现为 {}\u{FF09}",
                self.line_gap_em
            ));
        }
        let counts = [
            ("栏数", self.columns, 1, MAX_COLUMNS),
            ("每行字数", self.chars_per_line, 1, MAX_CHARS_PER_LINE),
            ("栏间距", self.gutter_chars, 0, MAX_GUTTER_CHARS),
            ("每栏行数", self.lines_per_column, 1, MAX_LINES_PER_COLUMN),
            ("报头行数", self.nameplate_lines, 0, self.lines_per_column),
            // The nameplate keeps at least one column.
            (
                "报眼栏数",
                self.ear_columns,
                0,
                self.columns.saturating_sub(1),
            ),
        ];
        for (label, value, min, max) in counts {
            if !(min..=max).contains(&value) {
                return Err(format!(
                    "版式\u{201C}{name}\u{201D}的{label}须在 {min} 到 {max} 之间\u{FF08}现为 {value}\u{FF09}"
                ));
            }
        }
        let width =
            self.page_width.to_pt().0 - self.margin_left.to_pt().0 - self.margin_right.to_pt().0;
        if self.type_width_pt() > width + 0.5 {
            return Err(format!("版式“{}”的版心宽于页面", self.name));
        }
        let height =
            self.page_height.to_pt().0 - self.margin_top.to_pt().0 - self.margin_bottom.to_pt().0;
        if self.type_height_pt() > height + 0.5 {
            return Err(format!("版式“{}”的版心高于页面", self.name));
        }
        Ok(())
    }
}

/// The character grid of a page, as make-up edits see it: whole columns and lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct GridSize {
    /// Grid columns.
    pub columns: u32,
    /// Grid lines per column.
    pub lines: u32,
    /// Lines the nameplate takes at the top of page one (no block may sit there, except
    /// in the 报眼).
    pub nameplate_lines: u32,
    /// Columns at the right of the nameplate a block may take (the 报眼), above the
    /// nameplate's last line.
    pub ear_columns: u32,
}

impl GridSize {
    /// Lines of the 报眼 a block may use on page `page_number` (0: there is none).
    pub fn ear_lines(&self, page_number: u32) -> u32 {
        if page_number == 1 && self.ear_columns > 0 {
            self.nameplate_lines.saturating_sub(1)
        } else {
            0
        }
    }

    /// The first line a block may start on, on the page numbered `page_number`.
    pub fn first_line(&self, page_number: u32) -> u32 {
        match page_number {
            1 if self.ear_lines(1) > 0 => 0,
            1 => self.nameplate_lines,
            _ => 0,
        }
    }

    /// Whether the cell belongs to the nameplate on page `page_number`: on page one its
    /// lines left of the 报眼, and its last line (the rules under it) across the page.
    pub fn is_nameplate(&self, page_number: u32, column: u32, line: u32) -> bool {
        page_number == 1
            && line < self.nameplate_lines
            && (column < self.columns.saturating_sub(self.ear_columns)
                || line >= self.ear_lines(page_number))
    }

    /// Whether any cell of `rect` belongs to the nameplate.
    pub fn overlaps_nameplate(&self, page_number: u32, rect: super::GridRect) -> bool {
        if page_number != 1 || rect.span == 0 || rect.depth == 0 {
            return false;
        }
        let top = u64::from(rect.line);
        if top >= u64::from(self.nameplate_lines) {
            return false;
        }
        let ear_left = u64::from(self.columns.saturating_sub(self.ear_columns));
        u64::from(rect.column) < ear_left || rect.bottom() > u64::from(self.ear_lines(page_number))
    }

    /// How many cells the nameplate takes on page `page_number`.
    pub fn nameplate_cells(&self, page_number: u32) -> u64 {
        if page_number != 1 {
            return 0;
        }
        let all = u64::from(self.columns) * u64::from(self.nameplate_lines);
        all - u64::from(self.ear_columns.min(self.columns)) * u64::from(self.ear_lines(1))
    }
}

/// Whether a count is zero (the 报眼 is left out of files that have none).
fn is_zero(value: &u32) -> bool {
    *value == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn broadsheet() -> Template {
        ron::from_str(include_str!("../../assets/templates/broadsheet.ron"))
            .expect("the bundled broadsheet parses")
    }

    #[test]
    fn bundled_template_is_valid() {
        assert_eq!(broadsheet().validate(), Ok(()));
        assert_eq!(broadsheet().grid().columns, 8);
    }

    /// A 对开 grid with a 报眼 of two columns beside an 18-line nameplate.
    fn grid_with_ear() -> GridSize {
        GridSize {
            columns: 8,
            lines: 104,
            nameplate_lines: 18,
            ear_columns: 2,
        }
    }

    #[test]
    fn the_ear_is_free_above_the_nameplate_rules_on_page_one_only() {
        let grid = grid_with_ear();
        assert_eq!(grid.ear_lines(1), 17);
        assert_eq!(grid.ear_lines(2), 0);
        assert_eq!(grid.first_line(1), 0);
        // Left of the ear: the nameplate; in the ear: free down to the rules' line.
        assert!(grid.is_nameplate(1, 5, 0));
        assert!(!grid.is_nameplate(1, 6, 0));
        assert!(!grid.is_nameplate(1, 7, 16));
        assert!(grid.is_nameplate(1, 7, 17));
        assert!(!grid.is_nameplate(1, 7, 18));
        assert!(!grid.is_nameplate(2, 0, 0));
        assert_eq!(grid.nameplate_cells(1), 8 * 18 - 2 * 17);
        assert_eq!(grid.nameplate_cells(2), 0);
        let rect = |column, span, line, depth| super::super::GridRect {
            column,
            span,
            line,
            depth,
        };
        assert!(!grid.overlaps_nameplate(1, rect(6, 2, 0, 17)));
        assert!(
            grid.overlaps_nameplate(1, rect(6, 2, 0, 18)),
            "reaches the rules"
        );
        assert!(
            grid.overlaps_nameplate(1, rect(5, 2, 0, 10)),
            "reaches the nameplate"
        );
        assert!(!grid.overlaps_nameplate(1, rect(0, 8, 18, 10)));
        assert!(!grid.overlaps_nameplate(2, rect(0, 8, 0, 10)));
    }

    #[test]
    fn without_an_ear_the_nameplate_takes_the_whole_width() {
        let grid = GridSize {
            ear_columns: 0,
            ..grid_with_ear()
        };
        assert_eq!(grid.first_line(1), 18);
        assert!(grid.is_nameplate(1, 7, 0));
        assert_eq!(grid.nameplate_cells(1), 8 * 18);
        let ear = super::super::GridRect {
            column: 6,
            span: 2,
            line: 0,
            depth: 17,
        };
        assert!(grid.overlaps_nameplate(1, ear));
    }

    #[test]
    fn an_ear_as_wide_as_the_page_is_refused_and_none_is_not_written() {
        let mut template = broadsheet();
        template.ear_columns = template.columns;
        let message = template.validate().expect_err("no room for the nameplate");
        assert!(message.contains("报眼栏数"), "{message}");
        template.ear_columns = 0;
        let text = ron::to_string(&template).unwrap();
        assert!(!text.contains("ear_columns"), "{text}");
        template.ear_columns = 2;
        let text = ron::to_string(&template).unwrap();
        let back: Template = ron::from_str(&text).unwrap();
        assert_eq!(back.ear_columns, 2);
        assert!(back.nameplate_width_pt() < back.type_width_pt());
    }

    #[test]
    fn bad_line_gap_is_refused() {
        for gap in [-0.5, f32::NAN, f32::INFINITY, 100.0] {
            let mut template = broadsheet();
            template.line_gap_em = gap;
            let message = template.validate().expect_err("a bad gap is refused");
            // 行距 (U+884C U+8DDD) names the field.
            assert!(message.contains("\u{884C}\u{8DDD}"), "{message}");
        }
    }

    #[test]
    fn bad_lengths_and_counts_are_refused() {
        let mut template = broadsheet();
        template.margin_left = crate::units::Mm(f32::NAN);
        assert!(template.validate().is_err());
        let mut template = broadsheet();
        template.page_width = crate::units::Mm(-1.0);
        assert!(template.validate().is_err());
        let mut template = broadsheet();
        template.columns = 100_000_000;
        assert!(template.validate().is_err());
        let mut template = broadsheet();
        template.nameplate_lines = template.lines_per_column + 1;
        assert!(template.validate().is_err());
    }
}
