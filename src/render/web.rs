//! The web edition: a self-contained static HTML site of the published articles.

use std::collections::{HashMap, HashSet};
use std::io;
use std::path::{Path, PathBuf};

use super::photos::Photos;
use super::text::{file_stems, one_line};
use crate::dates::{gregorian_with_weekday, lunar};
use crate::model::{Article, ArticleId, Issue, Status};
use crate::typeset::display::PageList;

/// Why an export failed; every message names the path concerned.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// An output folder could not be created.
    #[error("无法创建文件夹 {}\u{FF1A}{source}", path.display())]
    CreateDir {
        /// The folder.
        path: PathBuf,
        /// What the system said.
        source: io::Error,
    },
    /// An output file could not be written.
    #[error("无法写入文件 {}\u{FF1A}{source}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: io::Error,
    },
    /// A file could not be copied into the output.
    #[error("无法把 {} 复制到 {}\u{FF1A}{source}", from.display(), to.display())]
    Copy {
        /// The file to copy.
        from: PathBuf,
        /// Where it was to go.
        to: PathBuf,
        /// What the system said.
        source: io::Error,
    },
}

/// What the web export produced.
#[derive(Debug, Default)]
pub struct WebOutput {
    /// Every file the export wrote or copied: `index.html`, then the page images, the
    /// article pages and their photos as they were written.
    pub files: Vec<PathBuf>,
    /// What was left out and why (photos that could not be found or copied).
    pub warnings: Vec<String>,
}

/// Write the web edition of the issue into `dir`: `index.html` with the masthead and
/// each page (its thumbnail linking to the full page image, and its articles in
/// placement order), one `articles/{id}.html` per published article, the page images
/// in `pages/` and the photos in `photos/`.
///
/// Published means placed on one of `pages` and not withdrawn (撤稿); the pool is not
/// published. An article continued over several pages is listed once, under the page
/// of its first part. `page_images` holds, per page number, the full page PNG and its
/// thumbnail; they are copied into `dir/pages/` unless already there. A photo that
/// cannot be found or copied is left out with a warning. `progress(done, total)` is
/// called before the first file and after each file written.
pub fn export_web(
    issue: &Issue,
    pages: &[PageList],
    page_images: &[(u32, PathBuf, PathBuf)],
    photos: &Photos,
    dir: &Path,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<WebOutput, ExportError> {
    let edition = Edition::plan(issue, pages);
    let total = edition.published.len() + 1;
    progress(0, total);
    create_dir(dir)?;
    let mut output = WebOutput::default();

    // Page images first: the index and the article pages link to them.
    let mut images: HashMap<u32, PageImages> = HashMap::new();
    if !page_images.is_empty() {
        let mut folder = Folder::create(dir.join("pages"))?;
        for (_, full, thumb) in page_images {
            folder.adopt(full);
            folder.adopt(thumb);
        }
        let mut copied = Vec::new();
        for (number, full, thumb) in page_images {
            if images.contains_key(number) {
                continue;
            }
            let full = folder.place(full, &mut copied)?;
            let thumb = folder.place(thumb, &mut copied)?;
            images.insert(
                *number,
                PageImages {
                    full: url_path(&full),
                    thumb: url_path(&thumb),
                },
            );
        }
        output.files.extend(copied);
    }

    let index = dir.join("index.html");
    write_file(&index, &index_html(issue, &edition, &images))?;
    output.files.insert(0, index);

    let resolved: Vec<Vec<Result<PathBuf, String>>> = edition
        .published
        .iter()
        .map(|article| {
            article
                .photos
                .iter()
                .map(|photo| photos.resolve(&photo.path).map_err(|e| e.to_string()))
                .collect()
        })
        .collect();
    let mut photo_folder = None;
    if resolved.iter().flatten().any(Result::is_ok) {
        let mut folder = Folder::create(dir.join("photos"))?;
        for path in resolved.iter().flatten().flatten() {
            folder.adopt(path);
        }
        photo_folder = Some(folder);
    }

    let articles_dir = dir.join("articles");
    create_dir(&articles_dir)?;
    for (done, (article, sources)) in edition.published.iter().zip(&resolved).enumerate() {
        let mut figures = Vec::new();
        for (photo, source) in article.photos.iter().zip(sources) {
            let placed = match (source, photo_folder.as_mut()) {
                (Ok(path), Some(folder)) => folder
                    .place(path, &mut output.files)
                    .map_err(|e| e.to_string()),
                (Ok(_), None) => continue,
                (Err(e), _) => Err(e.clone()),
            };
            match placed {
                Ok(name) => figures.push(Figure {
                    href: format!("../photos/{}", url_path(&name)),
                    caption: one_line(&photo.caption),
                    credit: one_line(&photo.credit),
                }),
                Err(message) => output.warnings.push(format!(
                    "{} {}\u{FF1A}{message}\u{FF0C}网页版略去此图",
                    article.id,
                    one_line(&article.headline)
                )),
            }
        }
        let path = articles_dir.join(format!("{}.html", edition.stem(&article.id)));
        write_file(
            &path,
            &article_html(issue, &edition, &images, article, &figures),
        )?;
        output.files.push(path);
        progress(done + 1, total);
    }
    progress(total, total);
    Ok(output)
}

/// Escape text for HTML element content and quoted attribute values. Written out here
/// rather than taken from a crate: the five characters `& < > " '` are all there is
/// to it, and every text from the issue goes through this function.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A file name as a URL path segment: bytes other than `A-Z a-z 0-9 - _ . ~` are
/// percent-encoded (UTF-8), so the result is also safe inside an attribute.
fn url_path(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for byte in name.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A file name safe in any folder: letters and digits (any script), `-`, `_` and one
/// extension kept, everything else `_`, shortened to a sensible length.
fn safe_file_name(name: &str) -> String {
    let (stem, ext) = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => (stem, ext),
        _ => (name, ""),
    };
    let stem = super::text::clean_file_stem(stem, "file");
    let ext: String = ext
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(10)
        .collect::<String>()
        .to_ascii_lowercase();
    if ext.is_empty() {
        stem
    } else {
        format!("{stem}.{ext}")
    }
}

fn create_dir(path: &Path) -> Result<(), ExportError> {
    std::fs::create_dir_all(path).map_err(|source| ExportError::CreateDir {
        path: path.to_path_buf(),
        source,
    })
}

/// Write one output file under a temporary name and rename it, so a failed export
/// leaves no half file.
pub(crate) fn write_file(path: &Path, contents: &str) -> Result<(), ExportError> {
    crate::store::write_export(path, contents.as_bytes()).map_err(|e| ExportError::Write {
        path: path.to_path_buf(),
        source: match e {
            crate::store::StoreError::Io { source, .. } => source,
            other => std::io::Error::other(other.to_string()),
        },
    })
}

/// An output folder that files are copied into under distinct names.
struct Folder {
    dir: PathBuf,
    canonical: PathBuf,
    /// Names taken, lower-cased (some disks ignore case).
    used: HashSet<String>,
    /// Canonical source file to its name in the folder.
    placed: HashMap<PathBuf, String>,
}

impl Folder {
    fn create(dir: PathBuf) -> Result<Folder, ExportError> {
        create_dir(&dir)?;
        let canonical = std::fs::canonicalize(&dir).map_err(|source| ExportError::CreateDir {
            path: dir.clone(),
            source,
        })?;
        Ok(Folder {
            dir,
            canonical,
            used: HashSet::new(),
            placed: HashMap::new(),
        })
    }

    /// Keep a file that already lies in the folder where it is, reserving its name.
    fn adopt(&mut self, source: &Path) {
        let Ok(real) = std::fs::canonicalize(source) else {
            return;
        };
        if real.parent() != Some(self.canonical.as_path()) {
            return;
        }
        let Some(name) = real.file_name().and_then(|n| n.to_str()) else {
            return;
        };
        let name = name.to_owned();
        self.used.insert(name.to_lowercase());
        self.placed.insert(real, name);
    }

    /// The file's name in the folder, copying it in under a fresh name the first time;
    /// a copy made is added to `copied`.
    fn place(&mut self, source: &Path, copied: &mut Vec<PathBuf>) -> Result<String, ExportError> {
        let real = std::fs::canonicalize(source).map_err(|e| ExportError::Copy {
            from: source.to_path_buf(),
            to: self.dir.clone(),
            source: e,
        })?;
        if let Some(name) = self.placed.get(&real) {
            return Ok(name.clone());
        }
        let wanted = real
            .file_name()
            .map(|n| safe_file_name(&n.to_string_lossy()))
            .unwrap_or_else(|| "file".to_owned());
        let name = self.fresh_name(&wanted);
        let to = self.dir.join(&name);
        std::fs::copy(&real, &to).map_err(|e| ExportError::Copy {
            from: source.to_path_buf(),
            to: to.clone(),
            source: e,
        })?;
        self.placed.insert(real, name.clone());
        copied.push(to);
        Ok(name)
    }

    /// `wanted`, or `wanted` with `-2`, `-3` … before its extension, whichever is free.
    fn fresh_name(&mut self, wanted: &str) -> String {
        let (stem, ext) = match wanted.rsplit_once('.') {
            Some((stem, ext)) => (stem, format!(".{ext}")),
            None => (wanted, String::new()),
        };
        let mut name = wanted.to_owned();
        let mut n = 2;
        while !self.used.insert(name.to_lowercase()) {
            name = format!("{stem}-{n}{ext}");
            n += 1;
        }
        name
    }
}

/// A page's images as URL paths relative to `dir/pages/`.
struct PageImages {
    full: String,
    thumb: String,
}

/// A photo as the article page shows it.
struct Figure {
    href: String,
    caption: String,
    credit: String,
}

/// A page of the web edition and the articles listed under it.
struct WebPage<'a> {
    number: u32,
    name: &'a str,
    articles: Vec<&'a Article>,
}

/// Which articles go where.
struct Edition<'a> {
    pages: Vec<WebPage<'a>>,
    /// The published articles, page by page in placement order.
    published: Vec<&'a Article>,
    /// Per published article, the indices in `pages` it appears on, its first part's
    /// page first.
    appears: HashMap<&'a ArticleId, Vec<usize>>,
    stems: HashMap<&'a ArticleId, String>,
}

impl<'a> Edition<'a> {
    fn plan(issue: &'a Issue, lists: &'a [PageList]) -> Edition<'a> {
        // Per page, (article, part) in placement order; the issue's page gives the
        // order, the typeset blocks stand in for a page the issue does not have.
        let entries: Vec<Vec<(&'a ArticleId, u32)>> = lists
            .iter()
            .map(
                |list| match issue.pages.iter().find(|p| p.number == list.number) {
                    Some(page) => page
                        .placements
                        .iter()
                        .map(|p| (&p.article, p.part))
                        .collect(),
                    None => list.blocks.iter().map(|b| (&b.article, b.part)).collect(),
                },
            )
            .collect();
        let publishable =
            |id: &ArticleId| issue.article(id).filter(|a| a.status != Status::Withdrawn);
        let mut first_part: HashMap<&'a ArticleId, usize> = HashMap::new();
        let mut seen_on: HashMap<&'a ArticleId, Vec<usize>> = HashMap::new();
        for (index, page) in entries.iter().enumerate() {
            for &(id, part) in page {
                if publishable(id).is_none() {
                    continue;
                }
                let on = seen_on.entry(id).or_default();
                if !on.contains(&index) {
                    on.push(index);
                }
                if part == 0 {
                    first_part.entry(id).or_insert(index);
                }
            }
        }
        let mut appears = HashMap::new();
        for (id, mut on) in seen_on {
            if let Some(&home) = first_part.get(id) {
                on.retain(|&i| i != home);
                on.insert(0, home);
            }
            appears.insert(id, on);
        }
        let mut pages = Vec::with_capacity(lists.len());
        let mut published = Vec::new();
        for (index, (list, page_entries)) in lists.iter().zip(&entries).enumerate() {
            let mut articles: Vec<&'a Article> = Vec::new();
            for &(id, _) in page_entries {
                let home = appears.get(id).and_then(|on: &Vec<usize>| on.first());
                if home != Some(&index) {
                    continue;
                }
                if let Some(article) = publishable(id)
                    && !articles.iter().any(|a| a.id == *id)
                {
                    articles.push(article);
                }
            }
            published.extend(articles.iter().copied());
            let name = issue
                .pages
                .iter()
                .find(|p| p.number == list.number)
                .map_or("", |p| p.name.as_str());
            pages.push(WebPage {
                number: list.number,
                name,
                articles,
            });
        }
        let stems = file_stems(published.iter().map(|a| &a.id));
        Edition {
            pages,
            published,
            appears,
            stems,
        }
    }

    fn stem(&self, id: &ArticleId) -> String {
        self.stems
            .get(id)
            .cloned()
            .unwrap_or_else(|| super::text::file_stem(&id.0))
    }
}

/// 第N版 and the page's name, e.g. 第2版 市县政协.
fn page_label(page: &WebPage<'_>) -> String {
    let name = one_line(page.name);
    if name.is_empty() {
        format!("第{}版", page.number)
    } else {
        format!("第{}版 {name}", page.number)
    }
}

/// The headline to show for an article, its id when it has none.
fn headline_or_id(article: &Article) -> String {
    let headline = one_line(&article.headline);
    if headline.is_empty() {
        article.id.0.clone()
    } else {
        headline
    }
}

fn paper_name(issue: &Issue) -> String {
    let name = one_line(&issue.paper_name);
    if name.is_empty() {
        "电子版".to_owned()
    } else {
        name
    }
}

const STYLE: &str = r#"
:root { --ink: #1b1b1b; --red: #c8101e; --paper: #f7f4ec; --rule: #d9d2c3; --muted: #5a5a5a; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--paper); color: var(--ink);
  font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", serif;
  font-size: 18px; line-height: 1.8; }
a { color: inherit; text-decoration-color: var(--rule); text-underline-offset: .2em; }
a:hover, a:focus { color: var(--red); text-decoration-color: var(--red); }
.masthead { background: #fff; text-align: center; padding: 1.6rem 1rem .8rem;
  border-bottom: 5px double var(--red); }
.nameplate { margin: 0; color: var(--red); font-size: 3.4rem; font-weight: 900;
  letter-spacing: .3em; text-indent: .3em; line-height: 1.2; }
.publisher { margin: .3rem 0 0; color: var(--muted); font-size: .9rem; }
.issue-line { max-width: 60rem; margin: .7rem auto 0; padding-top: .5rem;
  border-top: 1px solid var(--rule); font-size: .95rem;
  display: flex; flex-wrap: wrap; justify-content: center; gap: .2rem 1.6rem; }
.pages { max-width: 78rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; display: grid;
  grid-template-columns: repeat(auto-fit, minmax(18rem, 24rem)); gap: 1.5rem;
  justify-content: center; align-items: start; }
.page { background: #fff; border: 1px solid var(--rule); padding: 1rem 1.2rem 1.2rem; }
.page h2 { margin: 0 0 .8rem; padding-bottom: .3rem; font-size: 1.25rem;
  border-bottom: 2px solid var(--red); }
.thumb { display: block; margin-bottom: .9rem; }
.thumb img { display: block; width: 100%; height: auto; border: 1px solid var(--rule);
  box-shadow: 0 1px 4px rgba(0, 0, 0, .15); }
.headlines { margin: 0; padding-left: 1.6em; font-size: 1rem; line-height: 1.6; }
.headlines li { margin: .4rem 0; }
.headlines a { text-decoration: none; }
.empty { color: var(--muted); }
.colophon { text-align: center; color: var(--muted); font-size: .85rem; padding: 0 1rem 2rem; }
.crumbs, .article-foot { max-width: 36rem; margin: 0 auto; padding: .8rem 1rem;
  font-size: .9rem; color: var(--muted); }
.crumbs { border-bottom: 1px solid var(--rule); }
.article-foot { border-top: 1px solid var(--rule); }
.article-foot p { margin: .3rem 0; }
article { max-width: 36rem; margin: 0 auto; padding: 1.6rem 1rem 1.5rem; }
article header { text-align: center; margin-bottom: 1.6rem; }
article h1 { margin: .2rem 0; font-size: 2rem; line-height: 1.4; font-weight: 700;
  text-wrap: balance; }
.kicker, .subtitle { margin: .2rem 0; font-size: 1.1rem; color: #333; text-wrap: balance; }
.byline { margin: .7rem 0 0; font-size: .95rem; color: var(--muted); }
article p { margin: 0 0 .8em; text-indent: 2em; text-align: justify; }
article header p { text-indent: 0; text-align: center; }
.dateline { font-weight: 700; }
figure { margin: 0 0 1.6rem; }
figure img { display: block; max-width: 100%; height: auto; margin: 0 auto; }
figcaption { margin-top: .5rem; font-size: .9rem; line-height: 1.6; color: #444; }
@media (max-width: 40rem) {
  body { font-size: 17px; }
  .nameplate { font-size: 2.3rem; }
  article h1 { font-size: 1.6rem; }
}
"#;

/// A whole HTML document around `body`.
fn document(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        escape(title)
    )
}

fn index_html(issue: &Issue, edition: &Edition<'_>, images: &HashMap<u32, PageImages>) -> String {
    let paper = paper_name(issue);
    let date = gregorian_with_weekday(issue.date);
    let mut body = String::new();
    body.push_str("<header class=\"masthead\">\n");
    body.push_str(&format!(
        "<h1 class=\"nameplate\">{}</h1>\n",
        escape(&paper)
    ));
    let publisher = one_line(&issue.publisher);
    if !publisher.is_empty() {
        body.push_str(&format!(
            "<p class=\"publisher\">{}</p>\n",
            escape(&publisher)
        ));
    }
    body.push_str(&format!(
        "<p class=\"issue-line\"><span>第{}期</span><span>总第{}期</span>\
         <time datetime=\"{}\">{}</time><span>{}</span></p>\n</header>\n",
        issue.issue_number,
        issue.running_number,
        issue.date.format("%Y-%m-%d"),
        escape(&date),
        escape(&lunar(issue.date)),
    ));
    body.push_str("<main class=\"pages\">\n");
    for page in &edition.pages {
        let label = page_label(page);
        body.push_str(&format!(
            "<section class=\"page\" id=\"page-{n}\" aria-labelledby=\"page-{n}-title\">\n\
             <h2 id=\"page-{n}-title\">{}</h2>\n",
            escape(&label),
            n = page.number,
        ));
        if let Some(image) = images.get(&page.number) {
            body.push_str(&format!(
                "<a class=\"thumb\" href=\"pages/{}\"><img src=\"pages/{}\" alt=\"{}版面图\"></a>\n",
                image.full,
                image.thumb,
                escape(&label),
            ));
        }
        if page.articles.is_empty() {
            body.push_str("<p class=\"empty\">本版无刊发稿件</p>\n"); // 本版无刊发稿件
        } else {
            body.push_str("<ol class=\"headlines\">\n");
            for article in &page.articles {
                body.push_str(&format!(
                    "<li><a href=\"articles/{}.html\">{}</a></li>\n",
                    url_path(&edition.stem(&article.id)),
                    escape(&headline_or_id(article)),
                ));
            }
            body.push_str("</ol>\n");
        }
        body.push_str("</section>\n");
    }
    body.push_str("</main>\n");
    body.push_str(&format!(
        "<footer class=\"colophon\"><p>{} \u{00B7} 第{}期 \u{00B7} {}</p></footer>\n",
        escape(&paper),
        issue.issue_number,
        escape(&date),
    ));
    document(&format!("{paper} {date}"), &body)
}

fn article_html(
    issue: &Issue,
    edition: &Edition<'_>,
    images: &HashMap<u32, PageImages>,
    article: &Article,
    figures: &[Figure],
) -> String {
    let paper = paper_name(issue);
    let date = gregorian_with_weekday(issue.date);
    let on: Vec<&WebPage<'_>> = edition
        .appears
        .get(&article.id)
        .map(|on| on.iter().filter_map(|&i| edition.pages.get(i)).collect())
        .unwrap_or_default();
    let page_link = |page: &WebPage<'_>| {
        format!(
            "<a href=\"../index.html#page-{}\">{}</a>",
            page.number,
            escape(&page_label(page))
        )
    };

    let mut body = String::new();
    body.push_str(&format!(
        "<nav class=\"crumbs\"><a href=\"../index.html\">{}</a> \u{00B7} {}",
        escape(&paper),
        escape(&date),
    ));
    if let Some(home) = on.first() {
        body.push_str(&format!(" \u{00B7} {}", page_link(home)));
    }
    body.push_str("</nav>\n<main>\n<article>\n<header>\n");
    let kicker = one_line(&article.kicker);
    if !kicker.is_empty() {
        body.push_str(&format!("<p class=\"kicker\">{}</p>\n", escape(&kicker)));
    }
    body.push_str(&format!(
        "<h1>{}</h1>\n",
        escape(&one_line(&article.headline))
    ));
    let subtitle = one_line(&article.subtitle);
    if !subtitle.is_empty() {
        body.push_str(&format!(
            "<p class=\"subtitle\">{}</p>\n",
            escape(&subtitle)
        ));
    }
    let byline = one_line(&article.byline);
    if !byline.is_empty() {
        body.push_str(&format!("<p class=\"byline\">{}</p>\n", escape(&byline)));
    }
    body.push_str("</header>\n");
    for figure in figures {
        let caption = match (figure.caption.is_empty(), figure.credit.is_empty()) {
            (false, false) => format!("{}\u{FF08}{}\u{FF09}", figure.caption, figure.credit),
            (false, true) => figure.caption.clone(),
            (true, _) => figure.credit.clone(),
        };
        body.push_str(&format!(
            "<figure><img src=\"{}\" alt=\"{}\">",
            figure.href,
            escape(&figure.caption)
        ));
        if !caption.is_empty() {
            body.push_str(&format!("<figcaption>{}</figcaption>", escape(&caption)));
        }
        body.push_str("</figure>\n");
    }
    for paragraph in article.paragraphs_with_dateline() {
        body.push_str("<p>");
        if !paragraph.dateline.is_empty() {
            body.push_str(&format!(
                "<strong class=\"dateline\">{}</strong>",
                escape(&paragraph.dateline)
            ));
        }
        body.push_str(&escape(paragraph.text));
        body.push_str("</p>\n");
    }
    body.push_str("</article>\n</main>\n<footer class=\"article-foot\">\n");
    if !on.is_empty() {
        // 刊于 第1版 要闻、第2版 市县政协
        let links: Vec<String> = on.iter().map(|p| page_link(p)).collect();
        body.push_str(&format!("<p>刊于 {}</p>\n", links.join("\u{3001}")));
    }
    body.push_str("<p><a href=\"../index.html\">返回本期目录</a>"); // 返回本期目录
    for page in &on {
        if let Some(image) = images.get(&page.number) {
            body.push_str(&format!(
                " \u{00B7} <a href=\"../pages/{}\">查看{}版面</a>", // 查看…版面
                image.full,
                escape(&format!("第{}版", page.number)),
            ));
        }
    }
    body.push_str("</p>\n</footer>\n");
    document(&format!("{} - {paper}", headline_or_id(article)), &body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_the_five() {
        assert_eq!(
            escape("<a href=\"x\">Tom's & co</a>"),
            "&lt;a href=&quot;x&quot;&gt;Tom&#39;s &amp; co&lt;/a&gt;"
        );
        assert_eq!(escape("\u{4E2D}\u{6587}"), "\u{4E2D}\u{6587}");
    }

    #[test]
    fn url_paths_are_percent_encoded() {
        assert_eq!(url_path("a b.png"), "a%20b.png");
        assert_eq!(url_path("\u{56FE}.jpg"), "%E5%9B%BE.jpg");
        assert_eq!(url_path("x\"><script>"), "x%22%3E%3Cscript%3E");
    }

    #[test]
    fn file_names_are_tamed() {
        assert_eq!(
            safe_file_name("weiyuan-jiangtang.JPG"),
            "weiyuan-jiangtang.jpg"
        );
        assert_eq!(safe_file_name(".hidden"), "_hidden");
        assert_eq!(safe_file_name("a b/c.png"), "a_b_c.png");
        assert_eq!(safe_file_name("\u{56FE} 1.jpeg"), "\u{56FE}_1.jpeg");
        assert_eq!(safe_file_name(""), "file");
    }

    #[test]
    fn fresh_names_avoid_collisions() {
        let mut folder = Folder {
            dir: PathBuf::from("x"),
            canonical: PathBuf::from("x"),
            used: HashSet::new(),
            placed: HashMap::new(),
        };
        assert_eq!(folder.fresh_name("a.jpg"), "a.jpg");
        assert_eq!(folder.fresh_name("A.JPG"), "A-2.JPG");
        assert_eq!(folder.fresh_name("a.jpg"), "a-3.jpg");
        assert_eq!(folder.fresh_name("noext"), "noext");
        assert_eq!(folder.fresh_name("noext"), "noext-2");
    }
}
