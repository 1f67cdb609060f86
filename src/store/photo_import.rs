//! Adding a photo to an issue: checked like a loaded photo, copied into `photos/` under a
//! name not yet used, referenced relatively.

use std::path::Path;

use super::photo::{PhotoError, decode_photo, resolve_photo};

/// The folder, beside the issue file, that added photos are copied into.
pub const PHOTO_DIR: &str = "photos";

/// Copy the JPEG or PNG at `source` into `issue_folder/photos/` and return the path to
/// write into the issue (`photos/name.jpg`). The photo must pass the limits that loading
/// applies (file size, pixel dimensions, decoding memory); an existing file of the same
/// name is never overwritten: the copy gets `-2`, `-3` … before its extension.
pub fn import_photo(issue_folder: &Path, source: &Path) -> Result<String, PhotoError> {
    let label = source
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| source.display().to_string());
    let extension = source
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if !matches!(extension.as_str(), "jpg" | "jpeg" | "png") {
        return Err(PhotoError::Undecodable {
            path: label,
            message: "只能添加 JPEG 或 PNG 图片".to_owned(),
        });
    }
    // The same refusals as when the issue is opened: too big, too many pixels, garbage.
    decode_photo(source, &label, 64)?;
    let folder = issue_folder.join(PHOTO_DIR);
    let unreadable = |e: std::io::Error| PhotoError::Unreadable {
        path: label.clone(),
        message: e.to_string(),
    };
    std::fs::create_dir_all(&folder).map_err(unreadable)?;
    let stem = safe_stem(source);
    let mut name = format!("{stem}.{extension}");
    let mut counter = 2;
    while folder.join(&name).exists() {
        name = format!("{stem}-{counter}.{extension}");
        counter += 1;
    }
    let relative = format!("{PHOTO_DIR}/{name}");
    std::fs::copy(source, folder.join(&name)).map_err(unreadable)?;
    // The copy must resolve inside the issue's folder like any photo the issue names.
    resolve_photo(issue_folder, &relative)?;
    Ok(relative)
}

/// The file name without extension, with anything but letters, digits (any script), `-`
/// and `_` turned into `-`, so the relative path stays plain on every system.
fn safe_stem(source: &Path) -> String {
    let stem = source
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let cleaned: String = stem
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .take(80)
        .collect();
    if cleaned.trim_matches('-').is_empty() {
        "photo".to_owned()
    } else {
        cleaned
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(path: &Path) {
        image::RgbImage::from_pixel(30, 20, image::Rgb([10, 200, 10]))
            .save(path)
            .unwrap();
    }

    #[test]
    fn copies_under_a_unique_name() {
        let source_dir = tempfile::tempdir().unwrap();
        let issue_dir = tempfile::tempdir().unwrap();
        let source = source_dir.path().join("会场 照片.PNG");
        png(&source);
        let first = import_photo(issue_dir.path(), &source).unwrap();
        let second = import_photo(issue_dir.path(), &source).unwrap();
        assert_eq!(first, "photos/会场-照片.png");
        assert_eq!(second, "photos/会场-照片-2.png");
        assert!(issue_dir.path().join(&second).is_file());
    }

    #[test]
    fn refuses_other_formats_and_garbage() {
        let dir = tempfile::tempdir().unwrap();
        let gif = dir.path().join("a.gif");
        std::fs::write(&gif, b"GIF89a").unwrap();
        assert!(import_photo(dir.path(), &gif).is_err());
        let bad = dir.path().join("b.jpg");
        std::fs::write(&bad, b"\xFF\xD8\xFF garbage").unwrap();
        assert!(matches!(
            import_photo(dir.path(), &bad),
            Err(PhotoError::Undecodable { .. })
        ));
        assert!(!dir.path().join("photos/b.jpg").exists());
        let missing = dir.path().join("missing.png");
        assert!(import_photo(dir.path(), &missing).is_err());
    }
}
