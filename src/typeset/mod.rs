//! Typesetting: model -> display list; fonts, CJK line breaking, columns, flow.

pub mod dates;
pub mod display;
pub mod linebreak;
pub mod metrics;
pub mod template;
mod block;
mod compose;
mod furniture;
mod headline;
mod runs;

pub use block::{jump_from_text, jump_to_text};
pub use compose::{Typesetter, TypesetError, load_templates};
