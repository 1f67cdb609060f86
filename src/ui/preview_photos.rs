//! The preview's photos: decoded and shrunk on a worker thread (a newspaper photo takes
//! tens of milliseconds, which the window's first frame should not wait for), then kept
//! as textures.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use egui::{ColorImage, TextureHandle};

use crate::store::photo::{decode_photo, resolve_photo};

/// Photos are shown at most this many pixels on a side.
const PREVIEW_PHOTO_PX: u32 = 1024;

enum Slot {
    /// Being decoded; the image (or `None` when it cannot be read) arrives here.
    Loading(mpsc::Receiver<Option<ColorImage>>),
    /// Decoded, or `None` for a photo that could not be loaded.
    Ready(Option<TextureHandle>),
}

/// The photos of the issue shown, by path.
#[derive(Default)]
pub struct PreviewPhotos {
    /// The folder photo paths are relative to (the issue file's folder).
    folder: Option<PathBuf>,
    slots: HashMap<String, Slot>,
}

impl PreviewPhotos {
    /// Set the folder photo paths are relative to; forgets photos loaded from another.
    pub fn set_folder(&mut self, folder: Option<&Path>) {
        if self.folder.as_deref() != folder {
            self.folder = folder.map(Path::to_path_buf);
            self.slots.clear();
        }
    }

    /// The photo's texture: `None` while it is decoded (the window repaints when it is
    /// ready) and for a photo that cannot be loaded.
    pub fn texture(&mut self, ctx: &egui::Context, path: &str) -> Option<TextureHandle> {
        let folder = self.folder.clone()?;
        let slot = self
            .slots
            .entry(path.to_owned())
            .or_insert_with(|| Slot::Loading(decode_in_background(ctx, &folder, path)));
        if let Slot::Loading(receiver) = slot {
            match receiver.try_recv() {
                Ok(image) => {
                    let texture = image.map(|image| {
                        ctx.load_texture(
                            format!("photo:{path}"),
                            image,
                            egui::TextureOptions::LINEAR,
                        )
                    });
                    *slot = Slot::Ready(texture);
                }
                Err(mpsc::TryRecvError::Empty) => return None,
                Err(mpsc::TryRecvError::Disconnected) => *slot = Slot::Ready(None),
            }
        }
        match slot {
            Slot::Ready(texture) => texture.clone(),
            Slot::Loading(_) => None,
        }
    }

    /// The photos that could not be loaded (not those still being decoded).
    pub fn missing(&self) -> HashSet<String> {
        self.slots
            .iter()
            .filter(|(_, slot)| matches!(slot, Slot::Ready(None)))
            .map(|(path, _)| path.clone())
            .collect()
    }
}

fn decode_in_background(
    ctx: &egui::Context,
    folder: &Path,
    path: &str,
) -> mpsc::Receiver<Option<ColorImage>> {
    let (sender, receiver) = mpsc::channel();
    let (ctx, folder, path) = (ctx.clone(), folder.to_path_buf(), path.to_owned());
    std::thread::spawn(move || {
        let image = resolve_photo(&folder, &path)
            .ok()
            .and_then(|file| decode_photo(&file, &path, PREVIEW_PHOTO_PX).ok())
            .map(|photo| {
                let size = [photo.width_px as usize, photo.height_px as usize];
                ColorImage::from_rgba_unmultiplied(size, &photo.rgba)
            });
        // The window may have closed; nothing waits for the photo then.
        let _ = sender.send(image);
        ctx.request_repaint();
    });
    receiver
}
