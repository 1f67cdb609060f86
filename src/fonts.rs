//! Bundled fonts: the faces caibian ships and how to find and load them.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use skrifa::{FontRef, MetadataProvider};

/// Environment variable naming the font folder; when set (and non-empty) it is
/// the only place searched.
pub const FONTS_ENV: &str = "CAIBIAN_FONTS";

/// The faces bundled in `fonts/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Face {
    /// Noto Serif CJK SC Regular: the body face; covers all of U+4E00–U+9FEA.
    SongRegular,
    /// Noto Serif CJK SC Bold (GB 2312 subset).
    SongBold,
    /// Noto Sans CJK SC Regular (GB 2312 subset).
    HeiRegular,
    /// Noto Sans CJK SC Bold (GB 2312 subset).
    HeiBold,
    /// LXGW WenKai Regular (GB 2312 subset).
    Kai,
}

impl Face {
    /// Every face, in a fixed order.
    pub const ALL: [Face; 5] = [
        Face::SongRegular,
        Face::SongBold,
        Face::HeiRegular,
        Face::HeiBold,
        Face::Kai,
    ];

    /// File name of the face inside the fonts folder.
    pub fn file_name(self) -> &'static str {
        match self {
            Face::SongRegular => "NotoSerifSC-Regular.ttf",
            Face::SongBold => "NotoSerifSC-Bold.ttf",
            Face::HeiRegular => "NotoSansSC-Regular.ttf",
            Face::HeiBold => "NotoSansSC-Bold.ttf",
            Face::Kai => "LXGWWenKai-Regular.ttf",
        }
    }

    /// Chinese name shown to users.
    pub fn label(self) -> &'static str {
        match self {
            Face::SongRegular => "宋体",
            Face::SongBold => "宋体粗",
            Face::HeiRegular => "黑体",
            Face::HeiBold => "黑体粗",
            Face::Kai => "楷体",
        }
    }

    fn index(self) -> usize {
        match self {
            Face::SongRegular => 0,
            Face::SongBold => 1,
            Face::HeiRegular => 2,
            Face::HeiBold => 3,
            Face::Kai => 4,
        }
    }
}

/// The file whose presence marks a folder as the fonts folder.
const MARKER_FILE: &str = "NotoSerifSC-Regular.ttf";

/// Errors finding or loading the bundled fonts. `Clone` so that
/// [`shared`] can hand out its cached result.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FontError {
    /// No candidate folder contained the fonts.
    #[error(
        "找不到字体文件夹 fonts/ (font folder not found; searched: {}; set {FONTS_ENV} to the folder holding {MARKER_FILE})",
        display_paths(.searched)
    )]
    NotFound {
        /// Folders looked at, in search order.
        searched: Vec<PathBuf>,
    },
    /// A font file could not be read.
    #[error("读取字体文件失败 {} (cannot read font file): {message}", .path.display())]
    Io {
        /// The file being read.
        path: PathBuf,
        /// The operating system's message.
        message: String,
    },
    /// A font file was read but is not a usable font.
    #[error("字体文件无效 {} (invalid font file)", .path.display())]
    InvalidFont {
        /// The offending file.
        path: PathBuf,
    },
}

fn display_paths(paths: &[PathBuf]) -> String {
    if paths.is_empty() {
        return "(nothing)".to_owned();
    }
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Finds the fonts folder.
///
/// Search order: the `CAIBIAN_FONTS` environment variable (if set and
/// non-empty it is the only candidate, so a wrong setting is reported rather
/// than silently ignored); then a `fonts` folder beside the running executable
/// and in up to three of its ancestors (so `target/release/caibian` finds the
/// repository's `fonts/`); then the `fonts` folder of the source tree this
/// binary was built from. A folder counts if it holds `NotoSerifSC-Regular.ttf`.
pub fn fonts_dir() -> Result<PathBuf, FontError> {
    let exe = std::env::current_exe().ok();
    let candidates = candidate_dirs(std::env::var_os(FONTS_ENV), exe.as_deref());
    find_fonts_dir(&candidates).ok_or(FontError::NotFound {
        searched: candidates,
    })
}

/// The folders [`fonts_dir`] looks at, in order, given the value of
/// `CAIBIAN_FONTS` and the path of the running executable.
fn candidate_dirs(env_value: Option<OsString>, exe: Option<&Path>) -> Vec<PathBuf> {
    crate::assets::candidate_dirs(
        "fonts",
        env_value,
        exe,
        concat!(env!("CARGO_MANIFEST_DIR"), "/fonts"),
    )
}

/// The first candidate folder that holds the marker font file.
fn find_fonts_dir(candidates: &[PathBuf]) -> Option<PathBuf> {
    candidates
        .iter()
        .find(|dir| dir.join(MARKER_FILE).is_file())
        .cloned()
}

/// The bytes of one font file: memory-mapped, so that only the pages a face actually
/// uses (its tables, the glyphs drawn) are ever read from disk, instead of reading all
/// 36 MB of the bundled faces at start; read into memory where mapping is not possible.
pub enum FontBytes {
    /// The file mapped read-only.
    Mapped(memmap2::Mmap),
    /// The file read whole (mapping failed, e.g. on a file system that cannot map).
    Read(Vec<u8>),
}

impl FontBytes {
    /// Maps `path`, falling back to reading it.
    fn open(path: &Path) -> std::io::Result<FontBytes> {
        let file = std::fs::File::open(path)?;
        // SAFETY: the map is read-only and the bundled font files are not written while
        // caibian runs (they ship with the program); memmap2 is the well-kept crate for
        // this. A file truncated underneath would fault, the same risk every program that
        // maps its fonts (fontconfig, browsers) takes for the memory saved.
        match unsafe { memmap2::Mmap::map(&file) } {
            Ok(map) => Ok(FontBytes::Mapped(map)),
            Err(_) => std::fs::read(path).map(FontBytes::Read),
        }
    }

    /// The whole file.
    pub fn as_slice(&self) -> &[u8] {
        match self {
            FontBytes::Mapped(map) => map,
            FontBytes::Read(bytes) => bytes,
        }
    }
}

impl AsRef<[u8]> for FontBytes {
    fn as_ref(&self) -> &[u8] {
        self.as_slice()
    }
}

impl std::ops::Deref for FontBytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        self.as_slice()
    }
}

/// Every bundled face, mapped once. Cloning the `Arc`s shares the bytes with egui, the
/// typesetter and the exporters without copying.
#[derive(Clone)]
pub struct FontSet {
    dir: PathBuf,
    faces: [Arc<FontBytes>; 5],
}

impl std::fmt::Debug for FontSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut list = f.debug_map();
        for face in Face::ALL {
            list.entry(&face, &self.bytes(face).len());
        }
        list.finish()?;
        write!(f, " from {}", self.dir.display())
    }
}

impl FontSet {
    /// Loads every face from the folder found by [`fonts_dir`].
    pub fn load() -> Result<FontSet, FontError> {
        FontSet::load_from(&fonts_dir()?)
    }

    /// Maps every face from `dir`, checking that each parses as a font with a
    /// Unicode character map (this touches only the table directory and the cmap, so
    /// a face's outlines are read from disk only when it is drawn or subset).
    pub fn load_from(dir: &Path) -> Result<FontSet, FontError> {
        let mut faces: Vec<Arc<FontBytes>> = Vec::with_capacity(Face::ALL.len());
        for face in Face::ALL {
            let path = dir.join(face.file_name());
            let bytes = FontBytes::open(&path).map_err(|e| FontError::Io {
                path: path.clone(),
                message: e.to_string(),
            })?;
            let usable = FontRef::new(&bytes)
                .map(|font| font.charmap().has_map())
                .unwrap_or(false);
            if !usable {
                return Err(FontError::InvalidFont { path });
            }
            faces.push(Arc::new(bytes));
        }
        let faces: [Arc<FontBytes>; 5] = faces
            .try_into()
            .map_err(|_| FontError::InvalidFont { path: dir.into() })?;
        Ok(FontSet {
            dir: dir.to_path_buf(),
            faces,
        })
    }

    /// The process-wide font set; same as [`shared`].
    pub fn shared() -> Result<&'static FontSet, FontError> {
        shared()
    }

    /// The folder the faces were read from.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The raw font file of `face`.
    pub fn bytes(&self, face: Face) -> &Arc<FontBytes> {
        &self.faces[face.index()]
    }

    /// Whether `face` maps `ch` to a real glyph (not `.notdef`).
    pub fn has_glyph(&self, face: Face, ch: char) -> bool {
        match FontRef::new(self.bytes(face)) {
            Ok(font) => maps(&font, ch),
            Err(_) => false,
        }
    }

    /// The characters of `text` that `face` has no glyph for, each listed
    /// once, in order of first appearance. Control characters (line breaks,
    /// tabs) are never reported.
    pub fn missing_chars(&self, face: Face, text: &str) -> Vec<char> {
        let font = FontRef::new(self.bytes(face)).ok();
        let mut missing: Vec<char> = Vec::new();
        for ch in text.chars() {
            if ch.is_control() || missing.contains(&ch) {
                continue;
            }
            let found = font.as_ref().is_some_and(|font| maps(font, ch));
            if !found {
                missing.push(ch);
            }
        }
        missing
    }
}

fn maps(font: &FontRef<'_>, ch: char) -> bool {
    font.charmap().map(ch).is_some_and(|gid| gid.to_u32() != 0)
}

/// The process-wide font set, loaded on first use. A failed load is cached
/// too: every call returns the same error.
pub fn shared() -> Result<&'static FontSet, FontError> {
    static SHARED: OnceLock<Result<FontSet, FontError>> = OnceLock::new();
    SHARED
        .get_or_init(FontSet::load)
        .as_ref()
        .map_err(Clone::clone)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repo_fonts() -> PathBuf {
        PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/fonts"))
    }

    #[test]
    fn env_var_is_the_only_candidate_when_set() {
        let c = candidate_dirs(
            Some(OsString::from("/somewhere/fonts")),
            Some(Path::new("/opt/caibian/bin/caibian")),
        );
        assert_eq!(c, vec![PathBuf::from("/somewhere/fonts")]);
    }

    #[test]
    fn empty_env_var_is_ignored() {
        let c = candidate_dirs(Some(OsString::new()), None);
        assert_eq!(c, vec![repo_fonts()]);
    }

    #[test]
    fn exe_folder_and_three_ancestors_then_manifest() {
        let c = candidate_dirs(None, Some(Path::new("/a/b/c/d/e/caibian")));
        assert_eq!(
            c,
            vec![
                PathBuf::from("/a/b/c/d/e/fonts"),
                PathBuf::from("/a/b/c/d/fonts"),
                PathBuf::from("/a/b/c/fonts"),
                PathBuf::from("/a/b/fonts"),
                repo_fonts(),
            ]
        );
    }

    #[test]
    fn release_binary_finds_repo_fonts() {
        let exe = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/caibian");
        let c = candidate_dirs(None, Some(&exe));
        assert_eq!(find_fonts_dir(&c), Some(repo_fonts()));
        // found via target/release/../.. before the manifest fallback
        assert_eq!(c.iter().position(|d| *d == repo_fonts()), Some(2));
    }

    #[test]
    fn folder_without_marker_is_skipped() {
        let empty = tempfile::tempdir().expect("tempdir");
        let c = vec![empty.path().to_path_buf(), repo_fonts()];
        assert_eq!(find_fonts_dir(&c), Some(repo_fonts()));
        assert_eq!(find_fonts_dir(&c[..1]), None);
        assert_eq!(find_fonts_dir(&[]), None);
    }

    #[test]
    fn env_var_pointing_at_folder_without_fonts_is_an_error() {
        let empty = tempfile::tempdir().expect("tempdir");
        let c = candidate_dirs(Some(empty.path().into()), None);
        assert_eq!(find_fonts_dir(&c), None);
        let err = FontError::NotFound { searched: c };
        let msg = err.to_string();
        assert!(msg.contains("找不到字体文件夹"), "{msg}");
        assert!(msg.contains(&empty.path().display().to_string()), "{msg}");
    }

    #[test]
    fn load_from_missing_file_is_io_error() {
        let empty = tempfile::tempdir().expect("tempdir");
        match FontSet::load_from(empty.path()) {
            Err(FontError::Io { path, .. }) => {
                assert_eq!(path, empty.path().join(Face::SongRegular.file_name()))
            }
            other => panic!("expected Io error, got {other:?}"),
        }
    }

    #[test]
    fn load_from_garbage_is_invalid_font() {
        let dir = tempfile::tempdir().expect("tempdir");
        for face in Face::ALL {
            std::fs::write(dir.path().join(face.file_name()), b"not a font").expect("write");
        }
        match FontSet::load_from(dir.path()) {
            Err(FontError::InvalidFont { path }) => {
                assert_eq!(path, dir.path().join(Face::SongRegular.file_name()))
            }
            other => panic!("expected InvalidFont, got {other:?}"),
        }
    }

    #[test]
    fn loads_bundled_fonts() {
        let set = FontSet::load_from(&repo_fonts()).expect("bundled fonts");
        for face in Face::ALL {
            assert!(!set.bytes(face).is_empty());
            assert!(set.has_glyph(face, '中'), "{face:?}");
            assert!(set.has_glyph(face, 'A'), "{face:?}");
        }
        // U+9FFF is past Noto CJK's coverage; U+E000 is private use.
        assert!(!set.has_glyph(Face::SongRegular, '\u{9FFF}'));
        assert_eq!(
            set.missing_chars(Face::Kai, "采编\n\u{E000}采\u{E000}\u{9FFF}"),
            vec!['\u{E000}', '\u{9FFF}']
        );
        assert!(set.missing_chars(Face::SongRegular, "").is_empty());
    }

    #[test]
    fn shared_loads_once() {
        let a = shared().expect("shared fonts");
        let b = FontSet::shared().expect("shared fonts");
        assert!(std::ptr::eq(a, b));
    }

    #[test]
    fn faces_are_distinct() {
        let mut names: Vec<_> = Face::ALL.iter().map(|f| f.file_name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Face::ALL.len());
        let labels: Vec<_> = Face::ALL.iter().map(|f| f.label()).collect();
        assert_eq!(labels, ["宋体", "宋体粗", "黑体", "黑体粗", "楷体"]);
        for (i, face) in Face::ALL.iter().enumerate() {
            assert_eq!(face.index(), i);
        }
    }
}
