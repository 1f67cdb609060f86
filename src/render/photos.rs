//! Photos for the renderers: resolved beside the issue file, decoded once, shared.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::store::photo::{DecodedPhoto, PhotoError, decode_photo, resolve_photo};

/// Exports decode photos at most this many pixels on a side (about 300 dpi over a
/// broadsheet's full width of 33 cm would need 3,900; page photos are far narrower).
pub const EXPORT_PHOTO_PX: u32 = 3000;

/// Photos of one issue, loaded on first use and kept.
pub struct Photos {
    folder: Option<PathBuf>,
    max_side_px: u32,
    cache: HashMap<String, Result<Arc<DecodedPhoto>, PhotoError>>,
}

impl Photos {
    /// Photos relative to `folder` (the issue file's folder); `None` when the issue has
    /// no file yet, in which case every photo is missing.
    pub fn new(folder: Option<&Path>, max_side_px: u32) -> Photos {
        Photos {
            folder: folder.map(Path::to_path_buf),
            max_side_px,
            cache: HashMap::new(),
        }
    }

    /// The folder photo paths are relative to.
    pub fn folder(&self) -> Option<&Path> {
        self.folder.as_deref()
    }

    /// The file a photo path names, checked to stay inside the folder.
    pub fn resolve(&self, relative: &str) -> Result<PathBuf, PhotoError> {
        let folder = self
            .folder
            .as_deref()
            .ok_or_else(|| PhotoError::Unreadable {
                path: relative.to_owned(),
                message: "期次尚未保存\u{FF0C}图片无处可找".to_owned(),
            })?;
        resolve_photo(folder, relative)
    }

    /// The decoded photo, or why it cannot be had.
    pub fn get(&mut self, relative: &str) -> Result<Arc<DecodedPhoto>, PhotoError> {
        if let Some(cached) = self.cache.get(relative) {
            return cached.clone();
        }
        let result = self
            .resolve(relative)
            .and_then(|file| decode_photo(&file, relative, self.max_side_px))
            .map(Arc::new);
        self.cache.insert(relative.to_owned(), result.clone());
        result
    }
}

/// Photo pixel sizes read from the files' headers (no decoding), remembered per path;
/// what the typesetter needs to give each photo a box of its own proportions.
pub struct PhotoSizeCache {
    folder: Option<PathBuf>,
    sizes: std::cell::RefCell<HashMap<String, Option<(u32, u32)>>>,
}

impl PhotoSizeCache {
    /// Sizes of photos relative to `folder` (none known without a folder).
    pub fn new(folder: Option<&Path>) -> PhotoSizeCache {
        PhotoSizeCache {
            folder: folder.map(Path::to_path_buf),
            sizes: std::cell::RefCell::new(HashMap::new()),
        }
    }

    /// The folder photo paths are relative to.
    pub fn folder(&self) -> Option<&Path> {
        self.folder.as_deref()
    }
}

impl crate::typeset::PhotoSizes for PhotoSizeCache {
    fn size_px(&self, path: &str) -> Option<(u32, u32)> {
        if let Some(known) = self.sizes.borrow().get(path) {
            return *known;
        }
        let size = self
            .folder
            .as_deref()
            .and_then(|folder| resolve_photo(folder, path).ok())
            .and_then(|file| image::image_dimensions(file).ok());
        self.sizes.borrow_mut().insert(path.to_owned(), size);
        size
    }
}
