//! Installs the bundled Chinese faces into egui, with the full-coverage body face as
//! fallback in every family so that nothing renders as tofu.

use egui::epaint::text::FontTweak;
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

/// The egui font name of 黑体 as the UI's own labels use it (hinted, see [`definitions`]).
const UI_HEI: &str = "caibian-hei-ui";

/// The named egui family that draws with one bundled face (e.g. for headlines).
pub fn family(face: Face) -> FontFamily {
    FontFamily::Name(font_name(face).into())
}

/// Font definitions with every bundled face: the UI's proportional and monospace
/// families get 黑体 after egui's Latin fonts, and every family ends with the body face.
///
/// The page preview's faces are drawn unhinted, as print and the page images have them;
/// the faces carry no hinting instructions, so hinting them would run skrifa's
/// auto-hinter, which re-derives its metrics at each new size (the preview draws many)
/// and took about a tenth of the window's first frame. The UI's own Chinese labels keep
/// hinting, under a name of their own, for crisp small text.
pub fn definitions(set: &'static FontSet) -> FontDefinitions {
    let mut definitions = FontDefinitions::default();
    let unhinted = FontTweak {
        hinting: Some(false),
        ..FontTweak::default()
    };
    for face in Face::ALL {
        let data: &'static [u8] = set.bytes(face).as_slice();
        definitions.font_data.insert(
            font_name(face).to_owned(),
            FontData::from_static(data).tweak(unhinted.clone()).into(),
        );
    }
    definitions.font_data.insert(
        UI_HEI.to_owned(),
        FontData::from_static(set.bytes(Face::HeiRegular).as_slice()).into(),
    );
    let fallback = font_name(Face::SongRegular).to_owned();
    for family in [FontFamily::Proportional, FontFamily::Monospace] {
        let list = definitions.families.entry(family).or_default();
        list.push(UI_HEI.to_owned());
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preview_faces_are_unhinted_and_the_ui_keeps_a_hinted_hei() {
        let set = FontSet::shared().expect("bundled fonts");
        let definitions = definitions(set);
        for face in Face::ALL {
            let data = &definitions.font_data[font_name(face)];
            assert_eq!(data.tweak.hinting, Some(false), "{face:?}");
            assert_eq!(definitions.families[&family(face)][0], font_name(face));
        }
        assert_eq!(definitions.font_data[UI_HEI].tweak.hinting, None);
        let proportional = &definitions.families[&FontFamily::Proportional];
        let hei = proportional.iter().position(|name| name == UI_HEI);
        let song = proportional
            .iter()
            .position(|name| *name == font_name(Face::SongRegular));
        assert!(hei.is_some() && hei < song, "{proportional:?}");
    }
}
