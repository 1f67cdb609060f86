//! Typesetting: model -> display list; fonts, CJK line breaking, columns, flow.

mod block;
mod compose;
pub mod display;
mod furniture;
pub mod headline;
pub mod linebreak;
mod measure;
pub mod metrics;
pub mod placeholder;
mod runs;
pub mod shaping;
pub mod template;

pub use block::{jump_from_text, jump_to_text};
pub use compose::{PhotoSizes, TypesetError, Typesetter, UnknownPhotoSizes};
pub use measure::{ArticleMeasure, photo_aspects};
