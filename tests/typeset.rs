//! Page composition: the sample fills its pages, text flows through blocks and jumps,
//! overflow is counted, the display list is deterministic, and edits reuse the cache.

mod common;

use common::sample;

use caibian::model::{Article, ArticleId, Issue, Page, Placement, TextField};
use caibian::typeset::display::{DisplayItem, PageList};
use caibian::typeset::placeholder;
use caibian::typeset::{Typesetter, jump_from_text, jump_to_text};

fn typesetter() -> Typesetter {
    Typesetter::bundled().expect("fonts and templates load")
}

/// Body glyphs of an article across all pages, in reading order.
fn body_chars(pages: &[PageList], id: &ArticleId) -> Vec<(usize, char)> {
    let mut chars = Vec::new();
    for page in pages {
        for item in &page.items {
            if let DisplayItem::Glyphs(run) = item
                && let Some(source) = &run.source
                && &source.article == id
                && source.field == Some(TextField::Body)
            {
                chars.extend(run.glyphs.iter().map(|g| (g.char_index, g.ch)));
            }
        }
    }
    chars
}

#[test]
fn sample_typesets_without_overflow_or_overlaps() {
    let issue = sample();
    let pages = typesetter().typeset(&issue);
    assert_eq!(pages.len(), issue.pages.len());
    for page in &pages {
        for block in &page.blocks {
            assert_eq!(
                block.overflow_chars, 0,
                "page {} {} overflows",
                page.number, block.article
            );
        }
        for (i, a) in page.blocks.iter().enumerate() {
            for b in &page.blocks[i + 1..] {
                assert!(
                    !a.rect.overlaps(&b.rect),
                    "page {}: {} overlaps {}",
                    page.number,
                    a.article,
                    b.article
                );
            }
        }
    }
}

#[test]
fn sample_placements_fill_the_pages() {
    let issue = sample();
    let mut typesetter = typesetter();
    let pages = typesetter.typeset(&issue);
    for (page, list) in issue.pages.iter().zip(&pages) {
        let template = typesetter.template_for(page);
        let reserved = if page.number == 1 {
            template.nameplate_lines
        } else {
            0
        };
        let grid_cells = template.columns * (template.lines_per_column - reserved);
        let placed: u32 = page.placements.iter().map(|p| p.span * p.depth).sum();
        assert_eq!(
            placed, grid_cells,
            "page {} is tiled completely",
            page.number
        );
        for block in &list.blocks {
            let columns = block.columns.len() as u32;
            assert!(
                block.empty_lines <= 3 * columns,
                "page {} block {} leaves {} empty lines",
                page.number,
                block.article,
                block.empty_lines
            );
        }
    }
}

#[test]
fn every_body_character_is_set_once_in_order() {
    let issue = sample();
    let pages = typesetter().typeset(&issue);
    for article in issue.articles.iter().filter(|a| issue.is_placed(&a.id)) {
        let set = body_chars(&pages, &article.id);
        let body: Vec<char> = article.body.chars().collect();
        for pair in set.windows(2) {
            assert!(pair[0].0 < pair[1].0, "{}: indices increase", article.id);
        }
        for (index, ch) in &set {
            assert_eq!(
                body[*index], *ch,
                "{}: glyph maps back to its char",
                article.id
            );
        }
        let visible = body.iter().filter(|c| !c.is_whitespace()).count();
        let set_visible = set.iter().filter(|(_, c)| !c.is_whitespace()).count();
        assert_eq!(set_visible, visible, "{}: every body char set", article.id);
    }
}

#[test]
fn typesetting_is_deterministic() {
    let issue = sample();
    let first = typesetter().typeset(&issue);
    let second = typesetter().typeset(&issue);
    assert_eq!(first, second);
}

/// An issue of two tabloid pages with one long article split across them.
fn continued_issue(depth_first: u32, with_continuation: bool) -> Issue {
    let mut issue = common::generated_issue(2, 0);
    let mut article = Article::new(ArticleId("art-0001".into()));
    article.headline = "\u{4F1A}\u{8BAE}\u{53EC}\u{5F00}".into();
    let paragraph = "\u{4F1A}\u{8BAE}\u{5F3A}\u{8C03}\u{FF0C}\u{8981}\u{575A}\u{6301}\u{95EE}\u{9898}\u{5BFC}\u{5411}\u{3002}".repeat(8);
    article.body = vec![paragraph; 12].join("\n");
    issue.articles.push(article);
    let place = |part, depth| Placement {
        article: ArticleId("art-0001".into()),
        part,
        column: 0,
        span: 2,
        line: 20,
        depth,
    };
    issue.pages[0].placements.push(place(0, depth_first));
    if with_continuation {
        issue.pages[1].placements.push(place(1, 60));
    }
    issue
}

#[test]
fn text_continues_on_another_page_with_jump_lines() {
    let issue = continued_issue(20, true);
    let pages = typesetter().typeset(&issue);
    let first = &pages[0].blocks[0];
    let second = &pages[1].blocks[0];
    assert_eq!(first.overflow_chars, 0);
    assert_eq!(second.overflow_chars, 0);
    let last_line = first.columns.last().unwrap().lines.last().unwrap();
    assert_eq!(last_line, &jump_to_text(2));
    assert_eq!(second.columns[0].lines[0], jump_from_text(1));
    let visible = issue.articles[0]
        .body
        .chars()
        .filter(|c| !c.is_whitespace())
        .count();
    assert_eq!(body_chars(&pages, &issue.articles[0].id).len(), visible);
}

#[test]
fn overflow_counts_the_characters_left_over() {
    let issue = continued_issue(20, false);
    let pages = typesetter().typeset(&issue);
    let block = &pages[0].blocks[0];
    let visible = issue.articles[0]
        .body
        .chars()
        .filter(|c| !c.is_whitespace())
        .count();
    let set = body_chars(&pages, &issue.articles[0].id).len();
    assert!(block.overflow_chars > 0);
    assert_eq!(set + block.overflow_chars, visible);
}

#[test]
fn editing_one_article_lays_out_only_that_article() {
    let mut issue = sample();
    let mut typesetter = typesetter();
    let before = typesetter.typeset(&issue);
    let placed = issue
        .articles
        .iter()
        .filter(|a| issue.is_placed(&a.id))
        .count();
    assert_eq!(typesetter.fresh_layouts(), placed);
    let target = issue.pages[1].placements[2].article.clone();
    issue.article_mut(&target).unwrap().body.push('\u{4E00}');
    let after = typesetter.typeset(&issue);
    assert_eq!(typesetter.fresh_layouts(), 1);
    let fresh = Typesetter::bundled().unwrap().typeset(&issue);
    assert_eq!(
        after, fresh,
        "the cache gives what a fresh typesetter gives"
    );
    assert_ne!(before, after);
}

#[test]
fn page_one_has_nameplate_with_issue_numbers_and_lunar_date() {
    let issue = sample();
    let pages = typesetter().typeset(&issue);
    let texts: Vec<String> = pages[0]
        .items
        .iter()
        .filter_map(|item| match item {
            DisplayItem::Glyphs(run) if run.source.is_none() => Some(run.text()),
            _ => None,
        })
        .collect();
    assert!(texts.contains(&issue.paper_name));
    let numbers = format!(
        "\u{7B2C}{}\u{671F}  \u{603B}\u{7B2C}{}\u{671F}",
        issue.issue_number, issue.running_number
    );
    assert!(texts.contains(&numbers), "{texts:?}");
    // The sample is dated 2022-09-22: 农历壬寅年八月廿七, written out, not recomputed.
    assert_eq!(issue.date.to_string(), "2022-09-22");
    let lunar = "\u{519C}\u{5386}\u{58EC}\u{5BC5}\u{5E74}\u{516B}\u{6708}\u{5EFF}\u{4E03}";
    assert!(texts.iter().any(|t| t == lunar), "{texts:?}");
    let header = format!("\u{7B2C}2\u{7248}  {}", issue.pages[1].name);
    let page_two: Vec<String> = pages[1]
        .items
        .iter()
        .filter_map(|item| match item {
            DisplayItem::Glyphs(run) => Some(run.text()),
            _ => None,
        })
        .collect();
    assert!(page_two.contains(&header), "{page_two:?}");
}

#[test]
fn unknown_template_falls_back_to_the_first() {
    let mut issue = continued_issue(20, false);
    issue.pages[0] = Page {
        template: "no such template".into(),
        ..issue.pages[0].clone()
    };
    let pages = typesetter().typeset(&issue);
    assert_eq!(pages[0].blocks.len(), 1);
}

/// Photo sizes given by the test.
struct FixedSize(u32, u32);

impl caibian::typeset::PhotoSizes for FixedSize {
    fn size_px(&self, _path: &str) -> Option<(u32, u32)> {
        Some((self.0, self.1))
    }
}

fn photo_box(pages: &[PageList]) -> caibian::typeset::display::RectPt {
    pages
        .iter()
        .flat_map(|p| &p.items)
        .find_map(|item| match item {
            DisplayItem::Image(image) => Some(image.rect),
            _ => None,
        })
        .expect("the sample has a photo")
}

#[test]
fn photos_get_boxes_of_their_own_proportions() {
    let issue = sample();
    let mut typesetter = typesetter();
    let unknown = photo_box(&typesetter.typeset(&issue));
    let landscape = photo_box(&typesetter.typeset_with_photos(&issue, &FixedSize(1200, 800)));
    let portrait = photo_box(&typesetter.typeset_with_photos(&issue, &FixedSize(800, 1000)));
    assert!(
        (unknown.height - landscape.height).abs() < 0.01,
        "unknown sizes are set 3:2"
    );
    assert!(
        portrait.height > landscape.height * 1.5,
        "{} vs {}",
        portrait.height,
        landscape.height
    );
    assert_eq!(portrait.width, landscape.width);
}

#[test]
fn the_sample_photo_is_read_for_its_size() {
    use caibian::typeset::PhotoSizes;
    let folder = caibian::store::photo::issue_folder(&common::sample_path());
    let sizes = caibian::render::photos::PhotoSizeCache::new(Some(&folder));
    let issue = sample();
    let photo = issue
        .articles
        .iter()
        .find_map(|a| a.photos.first())
        .unwrap();
    assert_eq!(sizes.size_px(&photo.path), Some((1200, 800)));
    assert_eq!(sizes.size_px("../outside.jpg"), None);
}

/// The stand-in for a photo that cannot be had is laid out by the typesetter, once, for
/// PDF, PNG and preview alike: a grey box framed in red, labelled with the photo's path.
#[test]
fn a_photo_carries_its_stand_in() {
    let pages = typesetter().typeset(&sample());
    let image = pages
        .iter()
        .flat_map(|page| &page.items)
        .find_map(|item| match item {
            DisplayItem::Image(image) => Some(image),
            _ => None,
        })
        .expect("the sample has a photo");
    let frame = image.missing.iter().find_map(|item| match item {
        DisplayItem::Rect(rect) => Some(rect),
        _ => None,
    });
    let frame = frame.expect("a box");
    assert_eq!(frame.rect, image.rect);
    assert_eq!(frame.fill, Some(placeholder::MISSING_FILL));
    assert_eq!(
        frame.stroke,
        Some((placeholder::MISSING_INK, placeholder::MISSING_FRAME_PT))
    );
    let label: String = image
        .missing
        .iter()
        .filter_map(|item| match item {
            DisplayItem::Glyphs(run) => Some(run.text()),
            _ => None,
        })
        .collect();
    // 图片缺失 (U+56FE U+7247 U+7F3A U+5931), then U+FF1A and the path.
    assert_eq!(
        label,
        format!("\u{56FE}\u{7247}\u{7F3A}\u{5931}\u{FF1A}{}", image.path)
    );
    for item in &image.missing {
        if let DisplayItem::Glyphs(run) = item {
            assert!(run.glyphs.iter().all(|g| {
                g.x_pt >= image.rect.x && g.x_pt + g.advance_pt <= image.rect.x + image.rect.width
            }));
        }
    }
}
