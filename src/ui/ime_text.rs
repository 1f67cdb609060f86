//! Text fields whose input-method pre-edit stays in the field until it is committed.
//!
//! egui writes the pre-edit (uncommitted pinyin such as `xin wen`) into the text buffer.
//! The form rebuilds its buffers from the issue every frame, so without care the pre-edit
//! would become an `Edit`: an undo step, a relayout, an autosave. Here the buffer of a
//! composing field is kept in egui's memory instead, and only committed text comes out.

use egui::text_edit::TextEditOutput;
use egui::{Event, Id, ImeEvent, Response, TextEdit, Ui};

/// A field's text while the input method composes in it.
#[derive(Clone)]
struct Composition {
    /// The committed text the composition started from.
    base: String,
    /// That text with the pre-edit in it, as the field shows it.
    buffer: String,
}

/// Show a text edit (single line, or multiline) with id `id` over the committed text,
/// shaped by `configure`. Returns the response and the new committed text when the user
/// changed it; text still in pre-edit never comes out.
pub fn committed_text_ui(
    ui: &mut Ui,
    id: Id,
    committed: &str,
    multiline: bool,
    configure: impl for<'b> FnOnce(TextEdit<'b>) -> TextEdit<'b>,
) -> (Response, Option<String>) {
    let (output, _shown, changed) = committed_text_show(ui, id, committed, |ui, buffer| {
        let edit = if multiline {
            TextEdit::multiline(buffer)
        } else {
            TextEdit::singleline(buffer)
        };
        configure(edit).id(id).show(ui)
    });
    (output.response.response, changed)
}

/// The same for a caller that builds and shows the text edit itself (with a layouter, as
/// the form's checked fields do) over the buffer it is given. Returns the output, the text
/// as shown (pre-edit included), and the new committed text when the user changed it.
pub fn committed_text_show(
    ui: &mut Ui,
    id: Id,
    committed: &str,
    show: impl FnOnce(&mut Ui, &mut String) -> TextEditOutput,
) -> (TextEditOutput, String, Option<String>) {
    let key = id.with("ime-composition");
    let held: Option<Composition> = ui.data(|d| d.get_temp(key));
    // A composition over text that has since changed (undo) is dropped.
    let held = held.filter(|c| c.base == committed);
    let mut buffer = match &held {
        Some(composition) => composition.buffer.clone(),
        None => committed.to_owned(),
    };
    let output = show(ui, &mut buffer);
    let response = &output.response.response;
    let composing = response.has_focus() && composing_after(ui, held.is_some());
    if composing {
        let composition = Composition {
            base: committed.to_owned(),
            buffer: buffer.clone(),
        };
        ui.data_mut(|d| d.insert_temp(key, composition));
        return (output, buffer, None);
    }
    ui.data_mut(|d| d.remove::<Composition>(key));
    if held.is_some() && !response.has_focus() {
        // Focus left in mid-composition: the pre-edit is dropped, never committed.
        return (output, buffer, None);
    }
    let changed = (buffer != committed).then(|| buffer.clone());
    (output, buffer, changed)
}

/// Whether the input method is still composing after this frame's events.
fn composing_after(ui: &Ui, was_composing: bool) -> bool {
    ui.input(|input| {
        input
            .events
            .iter()
            .fold(was_composing, |composing, event| match event {
                Event::Ime(ImeEvent::Preedit { text, .. }) => !text.is_empty(),
                Event::Ime(ImeEvent::Commit(_)) => false,
                _ => composing,
            })
    })
}
