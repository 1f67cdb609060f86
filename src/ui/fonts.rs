//! Installs the bundled Chinese faces into egui, with the full-coverage body face as
//! fallback in every family so that nothing renders as tofu.

use egui::{FontData, FontDefinitions, FontFamily};

use crate::fonts::{Face, FontError, FontSet};

/// The egui font name of a bundled face.
fn font_name(face: Face) -> &'static str {
    match face {
        Face::SongRegular => "caibian-song",
        Face::SongBold => "caibian-song-bold",
        Face::HeiRegular => "caibian-hei",
        Face::HeiBold => "caibian-hei-bold",
        Face::Kai => "caibian-kai",
    }
}

/// The named egui family that draws with one bundled face (e.g. for headlines).
pub fn family(face: Face) -> FontFamily {
    FontFamily::Name(font_name(face).into())
}

/// Font definitions with every bundled face: the UI's proportional and monospace
/// families get 黑体 after egui's Latin fonts, and every family ends with the body face.
pub fn definitions(set: &'static FontSet) -> FontDefinitions {
    let mut definitions = FontDefinitions::default();
    for face in Face::ALL {
        let data: &'static [u8] = set.bytes(face).as_slice();
        definitions.font_data.insert(
            font_name(face).to_owned(),
            FontData::from_static(data).into(),
        );
    }
    let fallback = font_name(Face::SongRegular).to_owned();
    for family in [FontFamily::Proportional, FontFamily::Monospace] {
        let list = definitions.families.entry(family).or_default();
        list.push(font_name(Face::HeiRegular).to_owned());
        list.push(fallback.clone());
    }
    for face in Face::ALL {
        let mut list = vec![font_name(face).to_owned()];
        if face != Face::SongRegular {
            list.push(fallback.clone());
        }
        definitions.families.insert(family(face), list);
    }
    definitions
}

/// Load the bundled fonts and install them into `ctx`.
pub fn install(ctx: &egui::Context) -> Result<(), FontError> {
    let set = FontSet::shared()?;
    ctx.set_fonts(definitions(set));
    Ok(())
}
