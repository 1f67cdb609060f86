//! missing-glyph: characters no bundled font covers (生僻字 in names), remembered per
//! character so a keystroke costs one lookup.

use std::collections::HashMap;

use crate::fonts::{Face, FontSet};
use crate::model::TextField;

use super::{Finding, Severity};

/// Which characters the fonts cover, asked once per character.
#[derive(Debug, Default)]
pub struct Coverage {
    fonts: Option<&'static FontSet>,
    known: HashMap<char, bool>,
}

impl Coverage {
    /// Coverage by the process-wide bundled fonts; with no fonts, nothing is reported.
    pub fn bundled() -> Coverage {
        Coverage {
            fonts: FontSet::shared().ok(),
            known: HashMap::new(),
        }
    }

    /// Whether some face covers `c`.
    pub fn covers(&mut self, c: char) -> bool {
        let Some(fonts) = self.fonts else {
            return true;
        };
        // The body face covers ASCII and all of U+4E00..U+9FEA (fonts/README.md).
        if c.is_ascii()
            || c.is_control()
            || c.is_whitespace()
            || ('\u{4E00}'..='\u{9FEA}').contains(&c)
        {
            return true;
        }
        *self
            .known
            .entry(c)
            .or_insert_with(|| Face::ALL.iter().any(|&face| fonts.has_glyph(face, c)))
    }

    /// One finding per character of `text` that no face covers, at every place it occurs.
    pub fn check(&mut self, text: &str, field: Option<TextField>) -> Vec<Finding> {
        let mut findings = Vec::new();
        for (i, c) in text.chars().enumerate() {
            if self.covers(c) {
                continue;
            }
            findings.push(Finding {
                rule: "missing-glyph",
                severity: Severity::Error,
                article: None,
                page: None,
                field,
                range: Some(i..i + 1),
                message: format!(
                    "字库缺字 {c}\u{FF08}U+{:04X}\u{FF09}\u{FF0C}印刷时无法显示",
                    c as u32
                ),
                fix: None,
                photo: None,
            });
        }
        findings
    }
}
