//! Page templates: page size, margins and the character grid, stored as RON.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::fonts::Face;
use crate::store::{self, StoreError};
use crate::units::{Hao, Mm, Pt};

/// Template files are small; anything larger is not a template.
const MAX_TEMPLATE_FILE_BYTES: u64 = 1024 * 1024;

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

    /// The font face.
    pub fn face(self) -> Face {
        match self {
            FaceName::Song => Face::SongRegular,
            FaceName::SongBold => Face::SongBold,
            FaceName::Hei => Face::HeiRegular,
            FaceName::HeiBold => Face::HeiBold,
            FaceName::Kai => Face::Kai,
        }
    }
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

    /// Whether the grid fits on the page; returns a message naming the problem if not.
    pub fn validate(&self) -> Result<(), String> {
        if self.columns == 0 || self.chars_per_line == 0 || self.lines_per_column == 0 {
            return Err(format!(
                "版式“{}”的栏数、每行字数和行数都须大于零",
                self.name
            ));
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

/// The template as RON, the format of template files.
pub fn template_to_ron(template: &Template) -> Result<String, StoreError> {
    let config = ron::ser::PrettyConfig::new()
        .struct_names(false)
        .indentor("  ");
    ron::ser::to_string_pretty(template, config)
        .map(|mut text| {
            text.push('\n');
            text
        })
        .map_err(|e| StoreError::Serialize(e.to_string()))
}

/// Read a template file.
pub fn load_template(path: &Path) -> Result<Template, StoreError> {
    let bytes = store::read_limited(path, MAX_TEMPLATE_FILE_BYTES)?;
    let text = String::from_utf8_lossy(&bytes);
    store::from_ron(&text)
}
