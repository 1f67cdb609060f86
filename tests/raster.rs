//! PNG export: the sample's pages render at the right size, with ink where the display
//! list puts it, deterministically; missing photos and unwritable folders are reported.

mod common;

use common::{sample, sample_photos, typeset};

use std::sync::OnceLock;
use std::time::Instant;

use caibian::fonts::FontSet;
use caibian::model::TextField;
use caibian::render::photos::Photos;
use caibian::render::raster::{
    self, DEFAULT_DPI, RasterImage, RenderError, RenderOutcome, THUMBNAIL_WIDTH_PX,
};
use caibian::typeset::display::{DisplayItem, GlyphRun, PageList, RectPt, Rgb};

fn fonts() -> &'static FontSet {
    FontSet::shared().expect("bundled fonts")
}

fn render(page: &PageList, photos: &mut Photos, dpi: f32) -> RenderOutcome {
    raster::render_page(page, fonts(), photos, dpi).expect("page renders")
}

/// The sample, typeset once for all tests (rendering is slow in debug builds).
fn sample_pages() -> &'static [PageList] {
    static PAGES: OnceLock<Vec<PageList>> = OnceLock::new();
    PAGES.get_or_init(|| typeset(&sample()))
}

/// The sample's page 1 at the default resolution, rendered once for all tests.
fn page_one() -> &'static RenderOutcome {
    static PAGE_ONE: OnceLock<RenderOutcome> = OnceLock::new();
    PAGE_ONE.get_or_init(|| {
        let started = Instant::now();
        let out = render(&sample_pages()[0], &mut sample_photos(), DEFAULT_DPI);
        eprintln!(
            "page 1 at {DEFAULT_DPI} dpi rendered in {:?}",
            started.elapsed()
        );
        out
    })
}

/// Pixels per point at `dpi`.
fn px(dpi: f32) -> f32 {
    dpi / 72.0
}

fn luminance(image: &RasterImage, x: u32, y: u32) -> u32 {
    let [r, g, b, _] = image.pixel(x, y).expect("pixel inside the image");
    (u32::from(r) * 299 + u32::from(g) * 587 + u32::from(b) * 114) / 1000
}

/// Every pixel of a rectangle given in points, clipped to the image.
fn pixels_in(image: &RasterImage, rect: &RectPt, dpi: f32) -> Vec<(u32, u32)> {
    let s = px(dpi);
    let x0 = (rect.x * s).floor().max(0.0) as u32;
    let y0 = (rect.y * s).floor().max(0.0) as u32;
    let x1 = ((rect.x + rect.width) * s)
        .ceil()
        .min(image.width_px as f32) as u32;
    let y1 = ((rect.y + rect.height) * s)
        .ceil()
        .min(image.height_px as f32) as u32;
    (y0..y1)
        .flat_map(|y| (x0..x1).map(move |x| (x, y)))
        .collect()
}

fn runs(page: &PageList) -> impl Iterator<Item = &GlyphRun> {
    page.items.iter().filter_map(|item| match item {
        DisplayItem::Glyphs(run) => Some(run),
        _ => None,
    })
}

fn body_runs(page: &PageList) -> impl Iterator<Item = &GlyphRun> {
    runs(page).filter(|run| {
        run.source
            .as_ref()
            .is_some_and(|s| s.field == Some(TextField::Body))
    })
}

#[test]
fn sample_page_one_has_the_right_size_ink_and_red_nameplate() {
    let page = &sample_pages()[0];
    let out = page_one();
    let image = &out.image;
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);

    // The sample uses the 四开 tabloid template: 270 × 390 mm.
    let expected_w = 270.0 / 25.4 * DEFAULT_DPI;
    let expected_h = 390.0 / 25.4 * DEFAULT_DPI;
    assert!(
        (image.width_px as f32 - expected_w).abs() <= 1.0,
        "{} vs {expected_w}",
        image.width_px
    );
    assert!(
        (image.height_px as f32 - expected_h).abs() <= 1.0,
        "{} vs {expected_h}",
        image.height_px
    );
    assert_eq!(
        image.rgba.len(),
        image.width_px as usize * image.height_px as usize * 4
    );
    assert!(image.rgba.chunks_exact(4).all(|p| p[3] == 255), "opaque");

    // Not blank: the type area (the grid columns' bounding box) holds a good share of ink.
    let left = page
        .grid_columns
        .iter()
        .map(|c| c.x)
        .fold(f32::MAX, f32::min);
    let right = page
        .grid_columns
        .iter()
        .map(|c| c.x + c.width)
        .fold(f32::MIN, f32::max);
    let top = page
        .grid_columns
        .iter()
        .map(|c| c.y)
        .fold(f32::MAX, f32::min);
    let bottom = page
        .grid_columns
        .iter()
        .map(|c| c.y + c.height)
        .fold(f32::MIN, f32::max);
    let type_area = RectPt {
        x: left,
        y: top,
        width: right - left,
        height: bottom - top,
    };
    let area = pixels_in(image, &type_area, DEFAULT_DPI);
    let dark = area
        .iter()
        .filter(|&&(x, y)| luminance(image, x, y) < 128)
        .count();
    let share = dark as f32 / area.len() as f32;
    assert!(share > 0.05, "only {:.1}% dark pixels", share * 100.0);

    // The nameplate: red runs in the top fifth of the page, with red ink inside their
    // glyph boxes.
    let band = page.height_pt / 5.0;
    let red_runs: Vec<&GlyphRun> = runs(page)
        .filter(|run| run.colour == Rgb::RED && run.glyphs.iter().all(|g| g.y_pt < band))
        .collect();
    assert!(!red_runs.is_empty(), "no red run in the nameplate band");
    let mut red_pixels = 0;
    for run in &red_runs {
        for glyph in &run.glyphs {
            let em = RectPt {
                x: glyph.x_pt,
                y: glyph.y_pt - 0.88 * run.size_pt,
                width: glyph.advance_pt,
                height: run.size_pt,
            };
            red_pixels += pixels_in(image, &em, DEFAULT_DPI)
                .into_iter()
                .filter(|&(x, y)| {
                    let [r, g, b, _] = image.pixel(x, y).expect("inside");
                    r > 160 && g < 80 && b < 80
                })
                .count();
        }
    }
    assert!(
        red_pixels > 100,
        "only {red_pixels} red pixels in the nameplate"
    );
}

#[test]
fn rendering_is_deterministic() {
    let again = render(&sample_pages()[0], &mut sample_photos(), DEFAULT_DPI);
    assert!(page_one() == &again, "two renders of page 1 differ");
}

#[test]
fn a_body_glyph_lands_where_the_display_list_puts_it_and_gutters_stay_white() {
    let page = &sample_pages()[0];
    let image = &page_one().image;
    let s = px(DEFAULT_DPI);

    // A body glyph (skip punctuation, which is light and off-centre).
    let (run, glyph) = body_runs(page)
        .flat_map(|run| run.glyphs.iter().map(move |g| (run, g)))
        .find(|(_, g)| ('\u{4E00}'..='\u{9FFF}').contains(&g.ch))
        .expect("a Han body glyph on page 1");
    let em = RectPt {
        x: glyph.x_pt,
        y: glyph.y_pt - 0.88 * run.size_pt,
        width: glyph.advance_pt,
        height: run.size_pt,
    };
    let inked = pixels_in(image, &em, DEFAULT_DPI)
        .into_iter()
        .filter(|&(x, y)| luminance(image, x, y) < 100)
        .count();
    assert!(
        inked >= 5,
        "glyph {:?} (U+{:04X}) at ({}, {}) has no ink in its em box",
        glyph.ch,
        glyph.ch as u32,
        glyph.x_pt,
        glyph.y_pt
    );

    // A gutter: between two neighbouring grid columns, on a baseline where both columns
    // carry body text, and with no rule nearby. It must be white.
    let rules: Vec<RectPt> = page
        .items
        .iter()
        .filter_map(|item| match item {
            DisplayItem::Rule(rule) => {
                let half = rule.width_pt / 2.0 + 1.0;
                let (x0, x1) = (rule.from.0.min(rule.to.0), rule.from.0.max(rule.to.0));
                let (y0, y1) = (rule.from.1.min(rule.to.1), rule.from.1.max(rule.to.1));
                Some(RectPt {
                    x: x0 - half,
                    y: y0 - half,
                    width: x1 - x0 + 2.0 * half,
                    height: y1 - y0 + 2.0 * half,
                })
            }
            _ => None,
        })
        .collect();
    let baselines_in = |column: &RectPt| -> Vec<(f32, f32)> {
        body_runs(page)
            .flat_map(|run| run.glyphs.iter().map(move |g| (g, run.size_pt)))
            .filter(|(g, _)| g.x_pt >= column.x - 0.5 && g.x_pt < column.x + column.width)
            .map(|(g, size)| (g.y_pt, size))
            .collect()
    };
    let mut checked = 0;
    for pair in page.grid_columns.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        let right_of_a = baselines_in(a);
        let left_of_b = baselines_in(b);
        let Some(&(baseline, size)) = right_of_a
            .iter()
            .find(|(y, _)| left_of_b.iter().any(|(y2, _)| (y - y2).abs() < 0.01))
        else {
            continue;
        };
        // Shrink by a pixel on each side so antialiased glyph edges do not count.
        let gutter = RectPt {
            x: a.x + a.width + 1.0 / s,
            y: baseline - 0.8 * size,
            width: b.x - (a.x + a.width) - 2.0 / s,
            height: 0.8 * size,
        };
        if gutter.width <= 0.0 || rules.iter().any(|r| r.overlaps(&gutter)) {
            continue;
        }
        for (x, y) in pixels_in(image, &gutter, DEFAULT_DPI) {
            assert!(
                luminance(image, x, y) >= 250,
                "gutter pixel ({x}, {y}) is not white: {:?}",
                image.pixel(x, y)
            );
        }
        checked += 1;
    }
    assert!(checked > 0, "no gutter without rules was found to check");
}

#[test]
fn thumbnail_is_400_wide_with_the_page_aspect() {
    let image = &page_one().image;
    let thumb = raster::thumbnail(image, THUMBNAIL_WIDTH_PX);
    assert_eq!(thumb.width_px, 400);
    let expected = image.height_px as f32 * 400.0 / image.width_px as f32;
    assert!(
        (thumb.height_px as f32 - expected).abs() <= 1.0,
        "{}",
        thumb.height_px
    );
    assert_eq!(thumb.rgba.len(), 400 * thumb.height_px as usize * 4);
    // Still recognisably a page: some dark pixels survive the shrink.
    let dark = thumb.rgba.chunks_exact(4).filter(|p| p[0] < 128).count();
    assert!(dark > 100, "{dark}");
}

#[test]
fn a_missing_photo_is_drawn_as_a_box_and_reported() {
    let mut issue = sample();
    let missing = "photos/does-not-exist.jpg";
    let article = issue
        .articles
        .iter_mut()
        .find(|a| !a.photos.is_empty())
        .expect("the sample has a photo");
    article.photos[0].path = missing.into();
    let pages = typeset(&issue);
    let (page, image_box) = pages
        .iter()
        .find_map(|page| {
            page.items.iter().find_map(|item| match item {
                DisplayItem::Image(image) if image.path == missing => Some((page, image)),
                _ => None,
            })
        })
        .expect("the photo's box is on a page");
    let out = render(page, &mut sample_photos(), DEFAULT_DPI);
    assert_eq!(out.warnings.len(), 1, "{:?}", out.warnings);
    assert!(out.warnings[0].contains(missing), "{}", out.warnings[0]);
    // Light grey inside the box, red frame at its left edge.
    let s = px(DEFAULT_DPI);
    let r = &image_box.rect;
    let inside = out
        .image
        .pixel(((r.x + 10.0) * s) as u32, ((r.y + 10.0) * s) as u32)
        .expect("inside");
    assert_eq!(inside, [215, 215, 215, 255]);
    let [red, g, b, _] = out
        .image
        .pixel(
            ((r.x + 0.75) * s) as u32,
            ((r.y + r.height / 3.0) * s) as u32,
        )
        .expect("frame");
    assert!(red > 200 && g < 80 && b < 80, "frame {red} {g} {b}");
}

#[test]
fn the_sample_photo_is_drawn() {
    let image_box = sample_pages()[0]
        .items
        .iter()
        .find_map(|item| match item {
            DisplayItem::Image(image) => Some(image),
            _ => None,
        })
        .expect("the sample places a photo on page 1");
    let out = page_one();
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    let pixels = pixels_in(&out.image, &image_box.rect, DEFAULT_DPI);
    let distinct: std::collections::HashSet<[u8; 4]> = pixels
        .iter()
        .filter_map(|&(x, y)| out.image.pixel(x, y))
        .collect();
    assert!(
        distinct.len() > 1000,
        "photo box looks flat: {} colours",
        distinct.len()
    );
}

#[test]
fn export_writes_pages_and_thumbs_and_reports_progress() {
    let pages = sample_pages();
    assert_eq!(pages.len(), 2);
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("png/out");
    let mut calls = Vec::new();
    let outcome = raster::export_pngs(
        pages,
        fonts(),
        &mut sample_photos(),
        &target,
        DEFAULT_DPI,
        &mut |done, total| calls.push((done, total)),
    )
    .expect("export");
    assert_eq!(calls, vec![(1, 2), (2, 2)]);
    assert!(outcome.warnings.is_empty(), "{:?}", outcome.warnings);
    let names: Vec<String> = outcome
        .files
        .iter()
        .map(|p| p.file_name().expect("name").to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [
            "page-1.png",
            "page-1-thumb.png",
            "page-2.png",
            "page-2-thumb.png"
        ]
    );
    for file in &outcome.files {
        assert!(file.starts_with(&target));
        let decoded = image::open(file).expect("a readable PNG");
        if file.to_string_lossy().ends_with("-thumb.png") {
            assert_eq!(decoded.width(), 400);
        } else {
            assert!((decoded.width() as f32 - 270.0 / 25.4 * DEFAULT_DPI).abs() <= 1.0);
        }
    }
}

#[test]
fn export_into_an_unwritable_place_is_an_error() {
    let pages = sample_pages();
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("a-file");
    std::fs::write(&file, b"x").expect("write");
    let target = file.join("pngs");
    let mut calls = 0;
    let err = raster::export_pngs(
        pages,
        fonts(),
        &mut sample_photos(),
        &target,
        DEFAULT_DPI,
        &mut |_, _| calls += 1,
    )
    .expect_err("a folder under a regular file cannot be made");
    assert!(
        matches!(&err, RenderError::Io { path, .. } if path == &target),
        "{err:?}"
    );
    assert!(err.to_string().contains("a-file"), "{err}");
    assert_eq!(calls, 0);

    let err = raster::export_pngs(
        pages,
        fonts(),
        &mut sample_photos(),
        dir.path(),
        1000.0,
        &mut |_, _| {},
    )
    .expect_err("1000 dpi is refused");
    assert!(matches!(err, RenderError::DpiOutOfRange { .. }));
}

/// Writes each sample page to the temp folder as `raster-page-N.png` for a look by eye
/// (`cargo test --test raster -- --ignored save_sample_renders_on_request`).
#[test]
#[ignore = "writes PNGs to the temp folder for a look by eye; checks only that they are written"]
fn save_sample_renders_on_request() {
    let pages = typeset(&sample());
    let mut photos = sample_photos();
    for page in &pages {
        let started = Instant::now();
        let out = render(page, &mut photos, DEFAULT_DPI);
        eprintln!("page {} rendered in {:?}", page.number, started.elapsed());
        let path = std::env::temp_dir().join(format!("raster-page-{}.png", page.number));
        raster::write_png(&out.image, &path).expect("write");
        assert!(path.is_file(), "{}", path.display());
        eprintln!("wrote {}", path.display());
    }
    let mut issue = sample();
    for article in &mut issue.articles {
        for photo in &mut article.photos {
            photo.path = "photos/does-not-exist.jpg".into();
        }
    }
    let pages = typeset(&issue);
    let out = render(&pages[0], &mut sample_photos(), DEFAULT_DPI);
    let path = std::env::temp_dir().join("raster-missing-photo.png");
    raster::write_png(&out.image, &path).expect("write");
    assert!(path.is_file(), "{}", path.display());
    assert!(!out.warnings.is_empty(), "a missing photo is a warning");
    eprintln!("wrote {} ({:?})", path.display(), out.warnings);
}
