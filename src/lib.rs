//! caibian (采编): an editorial workstation for a Chinese-language newspaper.

pub mod assets;
pub mod cli;
pub mod dates;
pub mod fonts;
pub mod makeup;
pub mod meeting;
pub mod model;
pub mod parallel;
pub mod proof;
pub mod render;
pub mod store;
pub mod typeset;
pub mod ui;
pub mod units;
