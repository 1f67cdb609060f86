//! What every panel gets while it draws: the issue to read and a queue for commands.

use crate::model::{ArticleId, Issue};

use super::command::AppCommand;

/// Read-only state plus the command queue, handed to each panel's `ui` method.
/// Panels never change the issue; they push commands that the app applies afterwards.
pub struct PanelContext<'a> {
    /// The issue as it stands this frame.
    pub issue: &'a Issue,
    /// The article shown in the form, if any.
    pub selected: Option<&'a ArticleId>,
    /// Commands emitted while drawing.
    pub commands: &'a mut Vec<AppCommand>,
}

impl PanelContext<'_> {
    /// Queue a command for after the panels have drawn.
    pub fn emit(&mut self, command: AppCommand) {
        self.commands.push(command);
    }
}
