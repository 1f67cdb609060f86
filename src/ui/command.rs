//! The one command enum behind menus, shortcuts and buttons, and the shortcut table.

use std::path::PathBuf;

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::model::{ArticleId, Edit, IgnoredFinding, TextField};

/// Everything the user can ask the app to do. Panels emit these; the app applies them
/// after all panels have drawn.
#[derive(Debug, Clone, PartialEq)]
pub enum AppCommand {
    /// 新建: a fresh empty issue.
    NewIssue,
    /// 退出: close the window (asks first when there are unsaved changes).
    Quit,
    /// A make-up command on pages and blocks (版面 menu, the preview's block menu).
    Makeup(MakeupCommand),
    /// 打开: pick a file in a dialog.
    OpenDialog,
    /// Open this file.
    Open(PathBuf),
    /// 保存: to the current file, or ask for one.
    Save,
    /// 另存为: pick a file in a dialog.
    SaveAsDialog,
    /// Save to this file and make it the current one.
    SaveTo(PathBuf),
    /// 导出: open the export window.
    ShowExport,
    /// 版式: open the template editor.
    ShowTemplates,
    /// 设置: open the settings window.
    ShowSettings,
    /// 撤销.
    Undo,
    /// 重做.
    Redo,
    /// 新建稿件 in the pool.
    AddArticle,
    /// 复制稿件.
    DuplicateArticle(ArticleId),
    /// 删除稿件: ask first.
    RequestDelete(ArticleId),
    /// The user confirmed the deletion.
    ConfirmDelete(ArticleId),
    /// The user cancelled the deletion.
    CancelDelete,
    /// Show this article in the form.
    Select(ArticleId),
    /// Show this article in the form, keeping the page the preview shows (a click on one
    /// of its blocks).
    SelectOnPage(ArticleId),
    /// Show this article in the form with the cursor at a character of a field
    /// (a click on the page preview).
    JumpTo {
        /// The article.
        article: ArticleId,
        /// The field, when the text came from one.
        field: Option<TextField>,
        /// The character index within the field.
        char_index: usize,
    },
    /// Change the issue.
    Edit(Edit),
    /// 添加图片: copy this file beside the issue and add it to the article's photos.
    AddPhoto {
        /// The article.
        article: ArticleId,
        /// The picked JPEG or PNG.
        source: PathBuf,
    },
    /// End the current undo step (a field lost focus).
    SealHistory,
    /// Dismiss the message in the status bar.
    DismissNotice,
    /// 校对: show or hide the checks panel.
    ToggleChecks,
    /// 词典: open the window that adds house-style entries.
    ShowDictionary,
    /// Show a check finding: select its article and its characters in the form, and turn
    /// the preview to its page.
    ShowFinding {
        /// The article.
        article: ArticleId,
        /// The field, if the finding lies in one.
        field: Option<TextField>,
        /// The characters, if any.
        range: Option<std::ops::Range<usize>>,
        /// The page, if known.
        page: Option<u32>,
    },
    /// 修正: replace a finding's characters with its fix (one undo step).
    ApplyFix {
        /// The article.
        article: ArticleId,
        /// The field.
        field: TextField,
        /// The characters to replace.
        range: std::ops::Range<usize>,
        /// What to put there.
        replacement: String,
    },
    /// 修正全部安全项: every safe fix of one article, or of the issue, as one undo step.
    FixAllSafe(Option<ArticleId>),
    /// 忽略: mark a finding ignored for its article.
    IgnoreFinding {
        /// The article.
        article: ArticleId,
        /// What to ignore.
        entry: IgnoredFinding,
    },
    /// The user answered the unsaved-changes question.
    AnswerUnsaved(UnsavedChoice),
    /// The user answered the question about a file changed on disk.
    AnswerConflict(ConflictChoice),
    /// The user answered the question about a file open elsewhere.
    AnswerLock(LockChoice),
    /// The user answered the question about a recovery copy.
    AnswerRecovery(RecoveryChoice),
    /// 导入稿件…: pick article files, Word or text files in a dialog.
    ImportDialog,
    /// Import these files into the pool.
    ImportFiles(Vec<PathBuf>),
    /// 导出稿件…: pick where to write the article file.
    ExportArticleDialog(ArticleId),
    /// Write the article as an article file here.
    ExportArticleTo(ArticleId, PathBuf),
    /// The user answered the offer to replace an article with an imported version.
    AnswerReplace(ReplaceChoice),
    /// 收稿文件夹…: show the inbox window.
    ShowInbox,
    /// Pick the issue's inbox folder in a dialog.
    ChooseInboxFolder,
    /// Set the issue's inbox folder (None: stop watching).
    SetInboxFolder(Option<PathBuf>),
    /// Import a sync conflict copy the user chose, as a new article.
    ImportConflictCopy(PathBuf),
    /// Take a listed conflict copy off the list without importing it.
    DismissConflict(PathBuf),
    /// 发送到收稿文件夹: write the article file into the folder the desk watches.
    SendToInbox(ArticleId),
    /// Pick the folder 发送到收稿文件夹 writes into.
    ChooseSendFolder,
    /// Switch the correspondent mode (a simpler window) on or off.
    SetCorrespondentMode(bool),
}

/// The answers to "replace the article with the imported version?".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplaceChoice {
    /// 替换: the imported version replaces the article (one undo step).
    Replace,
    /// 作为新稿件: keep both, the imported one under a new id.
    KeepBoth,
    /// 取消: import nothing.
    Cancel,
}

/// The answers when the file changed on disk since it was opened or saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConflictChoice {
    /// 覆盖: write our version over theirs.
    Overwrite,
    /// 另存为: keep theirs, save ours elsewhere.
    SaveAs,
    /// 重新载入: drop ours, load theirs.
    Reload,
    /// 取消: do nothing now.
    Cancel,
}

/// The answers when another caibian has the file open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LockChoice {
    /// 只读打开.
    ReadOnly,
    /// 仍然编辑.
    EditAnyway,
    /// 取消.
    Cancel,
}

/// The answers when a recovery copy is found at start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecoveryChoice {
    /// 恢复.
    Restore,
    /// 丢弃.
    Discard,
}

/// The answers to "save the changes first?".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnsavedChoice {
    /// 保存, then go on.
    Save,
    /// 不保存: go on and lose the changes.
    Discard,
    /// 取消: stay.
    Cancel,
}

/// What waits for the unsaved-changes question to be answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AfterUnsaved {
    /// Start a new issue.
    NewIssue,
    /// Pick a file and open it.
    OpenDialog,
    /// Open this file.
    Open(PathBuf),
    /// Close the window.
    Quit,
}

/// A shortcut and the command it triggers.
pub struct Shortcut {
    /// The key combination.
    pub keys: KeyboardShortcut,
    /// What it does.
    pub command: AppCommand,
}

/// The app's keyboard shortcuts. Entries with Shift come before their plain twins, because
/// egui matches Shift loosely.
pub fn shortcuts() -> Vec<Shortcut> {
    let ctrl = Modifiers::COMMAND;
    let ctrl_shift = Modifiers::COMMAND | Modifiers::SHIFT;
    let entry = |modifiers, key, command| Shortcut {
        keys: KeyboardShortcut::new(modifiers, key),
        command,
    };
    vec![
        entry(ctrl_shift, Key::S, AppCommand::SaveAsDialog),
        entry(ctrl_shift, Key::Z, AppCommand::Redo),
        entry(ctrl, Key::N, AppCommand::NewIssue),
        entry(ctrl, Key::Q, AppCommand::Quit),
        entry(ctrl, Key::O, AppCommand::OpenDialog),
        entry(ctrl, Key::S, AppCommand::Save),
        entry(ctrl, Key::Z, AppCommand::Undo),
        entry(ctrl, Key::Y, AppCommand::Redo),
    ]
}

/// The shortcut text shown beside a menu entry, e.g. "Ctrl+S".
pub fn shortcut_text(ctx: &egui::Context, command: &AppCommand) -> String {
    shortcuts()
        .into_iter()
        .find(|s| &s.command == command)
        .map(|s| ctx.format_shortcut(&s.keys))
        .unwrap_or_default()
}

/// The commands whose shortcuts were pressed this frame (consumed, so text fields do
/// not also act on them).
pub fn pressed_shortcuts(ctx: &egui::Context) -> Vec<AppCommand> {
    ctx.input_mut(|input| {
        shortcuts()
            .into_iter()
            .filter(|s| input.consume_shortcut(&s.keys))
            .map(|s| s.command)
            .collect()
    })
}

/// Make-up commands: pages, the masthead, blocks and 自动组版.
#[derive(Debug, Clone, PartialEq)]
pub enum MakeupCommand {
    /// 新增版面: a page after the last one, with the last page's template.
    AddPage,
    /// 删除版面: ask first.
    RequestDeletePage(u32),
    /// The answer to 删除版面.
    ConfirmDeletePage(u32),
    /// Close the question without deleting.
    CancelDeletePage,
    /// Move a page from one number to another (上移/下移).
    MovePage {
        /// Its number now.
        from: u32,
        /// The number it gets.
        to: u32,
    },
    /// 版面属性…: open the page properties window.
    ShowPageProperties(u32),
    /// 签版 / 撤销签版.
    SetSignedOff {
        /// The page.
        page: u32,
        /// Signed off or not.
        signed_off: bool,
    },
    /// 期次信息…: open the masthead window.
    ShowMasthead,
    /// 自动组版 on a page.
    AutoLayout(u32),
    /// 适应文字: the block's depth fits its text.
    FitBlock(crate::model::BlockRef),
    /// 续排到第N版: the article's overflow continues on that page.
    ContinueOn {
        /// The article.
        article: ArticleId,
        /// The page.
        page: u32,
    },
    /// 移回稿件池: the block (and later parts) leaves the page.
    RemoveBlock(crate::model::BlockRef),
    /// 放到第N版: an article from the pool onto the first free slot of a page.
    PlaceOnPage {
        /// The article.
        article: ArticleId,
        /// The page.
        page: u32,
    },
}
