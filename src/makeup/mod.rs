//! Make-up tools above typesetting: free area, 适应文字, 续排, and 自动组版, each returning an `Edit`.

mod auto;
mod drop;
mod fit;
mod free;
mod stacks;

pub use auto::{AutoLayout, auto_layout};
pub use drop::slot_at;
pub use fit::{continue_on_page, default_size, fit_depth, fit_edit, page_fill};
pub use free::{Occupancy, free_rects};

use crate::model::{ArticleId, EditError};

/// Why a make-up tool could not propose an edit.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MakeupError {
    /// The page, block or grid is not there (the model's reason).
    #[error(transparent)]
    Edit(#[from] EditError),
    /// The article's text fits already: nothing to continue.
    #[error("稿件 {0} 没有超版文字\u{FF0C}无需续排")]
    NoOverflow(ArticleId),
    /// No free slot on the page is big enough.
    #[error("第{page}版没有能放下稿件 {article} 的空位")]
    NoRoom {
        /// The page number.
        page: u32,
        /// The article.
        article: ArticleId,
    },
    /// Even the deepest block the page allows leaves text over.
    #[error("稿件 {article} 加深到 {depth} 行仍放不下")]
    DoesNotFit {
        /// The article.
        article: ArticleId,
        /// The deepest depth tried.
        depth: u32,
    },
}
