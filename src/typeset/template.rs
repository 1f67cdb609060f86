//! Which font face each template face name sets in (templates themselves are `model` data).

// The template types are re-exported here for the typesetting code that reads them.

pub use crate::model::{Alignment, FaceName, Template, TextStyle};

use crate::fonts::Face;

// The mapping lives here, not in `model`: the model names faces, only typesetting (and
// what draws its output) knows the font files behind them.
impl FaceName {
    /// The bundled font face this name sets in.
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
