//! Photos beside the issue file: safe path resolution and size-limited decoding.

use std::path::{Component, Path, PathBuf};

/// Photo files larger than this are refused (64 MiB).
pub const MAX_PHOTO_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// Images with a side longer than this are refused before decoding.
pub const MAX_PHOTO_SIDE_PX: u32 = 16_000;
/// Decoding may allocate at most this much (512 MiB).
const MAX_DECODE_BYTES: u64 = 512 * 1024 * 1024;

/// Why a photo could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhotoError {
    /// The path is absolute or climbs out of the issue's folder.
    #[error("图片路径 {0} 超出了期次文件所在的文件夹")]
    OutsideIssueFolder(String),
    /// The file cannot be found or read.
    #[error("找不到或无法读取图片 {path}\u{FF1A}{message}")]
    Unreadable {
        /// The path as written in the issue.
        path: String,
        /// What the system said.
        message: String,
    },
    /// The file is too large or its image too big.
    #[error("图片 {0} 过大")]
    TooLarge(String),
    /// The file is not an image this program reads (JPEG, PNG).
    #[error("图片 {path} 无法解码\u{FF1A}{message}")]
    Undecodable {
        /// The path as written in the issue.
        path: String,
        /// What the decoder said.
        message: String,
    },
}

/// The folder an issue file's photo paths are relative to (`.` for a bare file name).
pub fn issue_folder(issue_file: &Path) -> PathBuf {
    match issue_file.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Resolve a photo's path, written relative to the issue's folder, refusing absolute
/// paths, `..` and links that lead outside that folder.
pub fn resolve_photo(issue_folder: &Path, relative: &str) -> Result<PathBuf, PhotoError> {
    let outside = || PhotoError::OutsideIssueFolder(relative.to_owned());
    let path = Path::new(relative);
    let plain = path
        .components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    if relative.is_empty() || !plain {
        return Err(outside());
    }
    let joined = issue_folder.join(path);
    let unreadable = |e: std::io::Error| PhotoError::Unreadable {
        path: relative.to_owned(),
        message: e.to_string(),
    };
    let real = std::fs::canonicalize(&joined).map_err(unreadable)?;
    let folder = std::fs::canonicalize(issue_folder).map_err(unreadable)?;
    if !real.starts_with(&folder) {
        return Err(outside());
    }
    Ok(real)
}

/// Why a photo cannot be used (unsafe path, missing, unreadable, too large), or `None`
/// when it can: the check behind the photo-missing finding. Reads no image data.
pub fn photo_problem(issue_folder: &Path, relative: &str) -> Option<String> {
    let path = match resolve_photo(issue_folder, relative) {
        Ok(path) => path,
        Err(e) => return Some(e.to_string()),
    };
    match std::fs::metadata(&path) {
        Ok(meta) if !meta.is_file() => Some(format!("{relative} 不是文件")),
        Ok(meta) if meta.len() > MAX_PHOTO_FILE_BYTES => {
            Some(PhotoError::TooLarge(relative.to_owned()).to_string())
        }
        Ok(_) => None,
        Err(e) => Some(e.to_string()),
    }
}

/// Copy the photos an issue names from `from_folder` to `to_folder` (saving an issue
/// into another folder), keeping their relative paths. Photos already there are left
/// alone. Returns how many were copied and, for each that could not be, why.
pub fn carry_photos<'a>(
    paths: impl Iterator<Item = &'a str>,
    from_folder: &Path,
    to_folder: &Path,
) -> (usize, Vec<String>) {
    let mut copied = 0;
    let mut problems = Vec::new();
    for relative in paths {
        let target = to_folder.join(relative);
        if target.exists() {
            continue;
        }
        let copy = resolve_photo(from_folder, relative)
            .map_err(|e| e.to_string())
            .and_then(|source| {
                if let Some(parent) = target.parent() {
                    std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
                }
                std::fs::copy(source, &target).map_err(|e| format!("{relative}: {e}"))
            });
        match copy {
            Ok(_) => copied += 1,
            Err(problem) => problems.push(problem),
        }
    }
    (copied, problems)
}

/// A decoded photo: 8-bit RGBA, row by row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodedPhoto {
    /// Width in pixels.
    pub width_px: u32,
    /// Height in pixels.
    pub height_px: u32,
    /// RGBA bytes.
    pub rgba: Vec<u8>,
}

/// A photo's pixel size from its header alone, with the same checks as [`decode_photo`]
/// short of decoding (file size, format, side and memory limits): what the print PDF needs,
/// since it embeds a JPEG file as it is.
pub fn photo_header(path: &Path, label: &str) -> Result<(u32, u32), PhotoError> {
    let (width_px, height_px) = open_photo(path, label)?
        .into_dimensions()
        .map_err(|e| undecodable(label, e))?;
    let rgba_bytes = u64::from(width_px) * u64::from(height_px) * 4;
    if width_px > MAX_PHOTO_SIDE_PX
        || height_px > MAX_PHOTO_SIDE_PX
        || rgba_bytes > MAX_DECODE_BYTES
    {
        return Err(PhotoError::TooLarge(label.to_owned()));
    }
    Ok((width_px, height_px))
}

/// A reader over the photo file with its format guessed, once the file's size is within
/// [`MAX_PHOTO_FILE_BYTES`]: the checks header reading and decoding share.
fn open_photo(
    path: &Path,
    label: &str,
) -> Result<image::ImageReader<std::io::BufReader<std::fs::File>>, PhotoError> {
    let size = std::fs::metadata(path)
        .map_err(|e| PhotoError::Unreadable {
            path: label.to_owned(),
            message: e.to_string(),
        })?
        .len();
    if size > MAX_PHOTO_FILE_BYTES {
        return Err(PhotoError::TooLarge(label.to_owned()));
    }
    image::ImageReader::open(path)
        .map_err(|e| undecodable(label, e))?
        .with_guessed_format()
        .map_err(|e| undecodable(label, e))
}

fn undecodable(label: &str, error: impl std::fmt::Display) -> PhotoError {
    PhotoError::Undecodable {
        path: label.to_owned(),
        message: error.to_string(),
    }
}

/// Read and decode a photo, shrinking it so that neither side exceeds `max_side_px`.
pub fn decode_photo(
    path: &Path,
    label: &str,
    max_side_px: u32,
) -> Result<DecodedPhoto, PhotoError> {
    let mut reader = open_photo(path, label)?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_PHOTO_SIDE_PX);
    limits.max_image_height = Some(MAX_PHOTO_SIDE_PX);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    let image = reader.decode().map_err(|e| match e {
        image::ImageError::Limits(_) => PhotoError::TooLarge(label.to_owned()),
        other => undecodable(label, other),
    })?;
    let image = if image.width() > max_side_px || image.height() > max_side_px {
        image.thumbnail(max_side_px, max_side_px)
    } else {
        image
    };
    let rgba = image.to_rgba8();
    Ok(DecodedPhoto {
        width_px: rgba.width(),
        height_px: rgba.height(),
        rgba: rgba.into_raw(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn photos_are_carried_to_a_new_folder() {
        let from = tempfile::tempdir().unwrap();
        let to = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(from.path().join("photos")).unwrap();
        std::fs::write(from.path().join("photos/a.jpg"), b"a").unwrap();
        let paths = ["photos/a.jpg", "photos/missing.jpg", "../escape.jpg"];
        let (copied, problems) = carry_photos(paths.into_iter(), from.path(), to.path());
        assert_eq!(copied, 1);
        assert_eq!(std::fs::read(to.path().join("photos/a.jpg")).unwrap(), b"a");
        assert_eq!(problems.len(), 2);
        assert!(!to.path().parent().unwrap().join("escape.jpg").exists());
    }

    #[test]
    fn paths_that_leave_the_folder_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        for bad in ["../x.jpg", "/etc/passwd", "a/../../x.jpg", ""] {
            assert!(
                matches!(
                    resolve_photo(dir.path(), bad),
                    Err(PhotoError::OutsideIssueFolder(_))
                ),
                "{bad}"
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn links_out_of_the_folder_are_refused() {
        let outside = tempfile::tempdir().unwrap();
        let target = outside.path().join("secret.jpg");
        std::fs::write(&target, b"x").unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(&target, dir.path().join("link.jpg")).unwrap();
        assert!(matches!(
            resolve_photo(dir.path(), "link.jpg"),
            Err(PhotoError::OutsideIssueFolder(_))
        ));
    }

    #[test]
    fn decodes_and_shrinks_a_png() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.png");
        image::RgbImage::from_pixel(400, 200, image::Rgb([200, 10, 10]))
            .save(&path)
            .unwrap();
        let photo = decode_photo(&path, "p.png", 100).unwrap();
        assert_eq!((photo.width_px, photo.height_px), (100, 50));
        assert_eq!(&photo.rgba[..4], &[200, 10, 10, 255]);
    }

    #[test]
    fn an_image_claiming_giant_dimensions_is_refused_before_decoding() {
        // A PNG whose header claims 100,000 × 100,000 pixels (40 GB of RGBA).
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("giant.png");
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        let mut ihdr = b"IHDR".to_vec();
        ihdr.extend_from_slice(&100_000u32.to_be_bytes());
        ihdr.extend_from_slice(&100_000u32.to_be_bytes());
        ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
        png.extend_from_slice(&13u32.to_be_bytes());
        png.extend_from_slice(&ihdr);
        png.extend_from_slice(&crc32(&ihdr).to_be_bytes());
        std::fs::write(&path, &png).unwrap();
        assert!(matches!(
            decode_photo(&path, "giant.png", 100),
            Err(PhotoError::TooLarge(_))
        ));
    }

    /// CRC-32 as PNG chunks use it.
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &byte in bytes {
            crc ^= u32::from(byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    #[test]
    fn garbage_is_undecodable_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.jpg");
        std::fs::write(&path, b"\xFF\xD8\xFF garbage").unwrap();
        assert!(matches!(
            decode_photo(&path, "p.jpg", 100),
            Err(PhotoError::Undecodable { .. })
        ));
    }
}
