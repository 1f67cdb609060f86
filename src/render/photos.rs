//! Photos for the renderers: resolved beside the issue file, decoded once, shared.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::store::photo::{DecodedPhoto, PhotoError, decode_photo, photo_header, resolve_photo};

/// Exports decode photos at most this many pixels on a side (about 300 dpi over a
/// broadsheet's full width of 33 cm would need 3,900; page photos are far narrower).
pub const EXPORT_PHOTO_PX: u32 = 3000;

/// Decoded pixels kept at once by one export run (256 MiB): enough for dozens of page
/// photos, bounded for an issue with hundreds of them.
pub const PHOTO_CACHE_BYTES: usize = 256 * 1024 * 1024;

/// Photos of one issue, loaded on first use and kept while they fit the cache budget
/// (least recently used go first; errors are always kept, they are small).
pub struct Photos {
    folder: Option<PathBuf>,
    max_side_px: u32,
    cache: HashMap<String, Result<Arc<DecodedPhoto>, PhotoError>>,
    /// Pixel sizes read from the headers, for checks and the PDF (which embeds JPEGs as
    /// they are and so needs no pixels).
    headers: HashMap<String, Result<(u32, u32), PhotoError>>,
    /// Decoded photos in use order, oldest first, for eviction.
    recent: Vec<String>,
    cached_bytes: usize,
    budget_bytes: usize,
}

impl Photos {
    /// Photos relative to `folder` (the issue file's folder); `None` when the issue has
    /// no file yet, in which case every photo is missing.
    pub fn new(folder: Option<&Path>, max_side_px: u32) -> Photos {
        Photos {
            folder: folder.map(Path::to_path_buf),
            max_side_px,
            cache: HashMap::new(),
            headers: HashMap::new(),
            recent: Vec::new(),
            cached_bytes: 0,
            budget_bytes: PHOTO_CACHE_BYTES,
        }
    }

    /// The same with another cache budget (tests use a small one).
    pub fn with_budget(folder: Option<&Path>, max_side_px: u32, budget_bytes: usize) -> Photos {
        Photos {
            budget_bytes,
            ..Photos::new(folder, max_side_px)
        }
    }

    /// Bytes of decoded pixels held now.
    pub fn cached_bytes(&self) -> usize {
        self.cached_bytes
    }

    /// The folder photo paths are relative to.
    pub fn folder(&self) -> Option<&Path> {
        self.folder.as_deref()
    }

    /// The longest side, in pixels, a photo is decoded at (larger ones are shrunk).
    pub fn max_side_px(&self) -> u32 {
        self.max_side_px
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

    /// The photo's pixel size read from its header (no decoding), or why it cannot be had.
    pub fn header(&mut self, relative: &str) -> Result<(u32, u32), PhotoError> {
        if let Some(known) = self.headers.get(relative) {
            return known.clone();
        }
        let result = self
            .resolve(relative)
            .and_then(|file| photo_header(&file, relative));
        self.headers.insert(relative.to_owned(), result.clone());
        result
    }

    /// The decoded photo, or why it cannot be had.
    pub fn get(&mut self, relative: &str) -> Result<Arc<DecodedPhoto>, PhotoError> {
        if let Some(cached) = self.cache.get(relative).cloned() {
            self.touch(relative);
            return cached;
        }
        let result = self
            .resolve(relative)
            .and_then(|file| decode_photo(&file, relative, self.max_side_px))
            .map(Arc::new);
        if let Ok(photo) = &result {
            self.cached_bytes += photo.rgba.len();
            self.recent.push(relative.to_owned());
            self.evict_beyond_budget(relative);
        }
        self.cache.insert(relative.to_owned(), result.clone());
        result
    }

    /// Move a photo to the young end of the use order.
    fn touch(&mut self, relative: &str) {
        if let Some(index) = self.recent.iter().position(|r| r == relative) {
            let name = self.recent.remove(index);
            self.recent.push(name);
        }
    }

    /// Drop the least recently used photos until the budget holds (never `keep`).
    fn evict_beyond_budget(&mut self, keep: &str) {
        while self.cached_bytes > self.budget_bytes && self.recent.len() > 1 {
            let oldest = self.recent.remove(0);
            if oldest == keep {
                self.recent.push(oldest);
                continue;
            }
            if let Some(Ok(photo)) = self.cache.remove(&oldest) {
                self.cached_bytes -= photo.rgba.len();
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_decoded_photo_cache_stays_within_its_budget() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["a.png", "b.png", "c.png"] {
            image::RgbaImage::new(100, 100)
                .save(dir.path().join(name))
                .unwrap();
        }
        let one_photo = 100 * 100 * 4;
        let mut photos = Photos::with_budget(Some(dir.path()), 1000, one_photo * 2);
        for name in ["a.png", "b.png", "c.png", "a.png"] {
            assert_eq!(photos.get(name).unwrap().width_px, 100);
            assert!(photos.cached_bytes() <= one_photo * 2);
        }
        // The most recently used two are kept: c and a; b was dropped.
        assert_eq!(photos.cached_bytes(), one_photo * 2);
        assert!(photos.cache.contains_key("a.png") && photos.cache.contains_key("c.png"));
        assert!(!photos.cache.contains_key("b.png"));
    }
}
