//! Word / WPS `.docx` import: reads `word/document.xml`, `word/styles.xml` and the image
//! relationships straight from the zip with `quick-xml`, rather than through a full docx
//! model (docx-rs panics on real files and builds far more than import needs).

use std::collections::HashMap;
use std::io::Cursor;
use std::path::Path;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use zip::ZipArchive;

use super::{
    HeadingHint, ImportError, IncomingPhoto, Parsed, SourceKind, SourceParagraph, read_zip_entry,
    recognise,
};
use crate::model::{Article, ArticleId};
use crate::store::photo::MAX_PHOTO_FILE_BYTES;

/// XML parts larger than this are refused (64 MiB of XML is thousands of pages).
const MAX_XML_BYTES: u64 = 64 * 1024 * 1024;
/// How far `basedOn` chains are followed; real ones are 2–4 deep, cycles exist in the wild.
const MAX_STYLE_DEPTH: usize = 16;

type Archive<'a> = ZipArchive<Cursor<&'a [u8]>>;

/// Read a `.docx` file's bytes as an article with id `id`.
pub fn read_docx(path: &Path, bytes: &[u8], id: ArticleId) -> Result<Parsed, ImportError> {
    let corrupt = |message: String| ImportError::corrupt(path, SourceKind::Docx, message);
    let mut archive = ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| corrupt(format!("不是 zip 压缩包 ({e})")))?;
    let document = read_zip_entry(&mut archive, "word/document.xml", MAX_XML_BYTES)
        .map_err(&corrupt)?
        .ok_or_else(|| corrupt("缺少 word/document.xml".to_owned()))?;
    let styles =
        match read_zip_entry(&mut archive, "word/styles.xml", MAX_XML_BYTES).map_err(&corrupt)? {
            Some(xml) => parse_styles(&xml).map_err(&corrupt)?,
            None => Styles::default(),
        };
    let rels = match read_zip_entry(&mut archive, "word/_rels/document.xml.rels", MAX_XML_BYTES)
        .map_err(&corrupt)?
    {
        Some(xml) => parse_rels(&xml).map_err(&corrupt)?,
        None => HashMap::new(),
    };
    let body = parse_document(&document).map_err(&corrupt)?;
    let mut notes = body.notes;
    let photos = collect_photos(&mut archive, &body.paragraphs, &rels, &mut notes);
    let paragraphs = body
        .paragraphs
        .into_iter()
        .map(|p| p.resolve(&styles))
        .collect();
    let mut article = Article::new(id);
    recognise(&mut article, paragraphs);
    article
        .photos
        .retain(|photo| photos.iter().any(|p| p.key == photo.path));
    Ok((article, photos, notes))
}

/// What styles.xml says about one paragraph style.
#[derive(Debug, Default, Clone)]
struct StyleInfo {
    name: String,
    based_on: Option<String>,
    outline_level: Option<u8>,
    size_half_pt: Option<u32>,
    bold: Option<bool>,
}

/// The paragraph styles by id, and the defaults.
#[derive(Debug, Default)]
struct Styles {
    by_id: HashMap<String, StyleInfo>,
    default_style: Option<String>,
    default_size_half_pt: Option<u32>,
}

impl Styles {
    /// The style and the styles it is based on, nearest first.
    fn chain<'a>(&'a self, id: Option<&'a str>) -> Vec<&'a StyleInfo> {
        let mut chain = Vec::new();
        let mut next = id.or(self.default_style.as_deref());
        while let Some(id) = next {
            let Some(style) = self.by_id.get(id) else {
                break;
            };
            chain.push(style);
            if chain.len() >= MAX_STYLE_DEPTH {
                break;
            }
            next = style.based_on.as_deref();
        }
        chain
    }

    /// The heading role the style gives, by name first and outline level second at each
    /// step: Chinese Word names its heading styles by id "1", "2" but keeps the names
    /// "heading 1" …; WPS writes "标题 1"; custom styles inherit through `basedOn`.
    fn heading(&self, id: Option<&str>) -> Option<HeadingHint> {
        self.chain(id).into_iter().find_map(|style| {
            hint_from_name(&style.name).or(style
                .outline_level
                .filter(|level| *level < 9)
                .map(HeadingHint::Level))
        })
    }

    fn is_caption(&self, id: Option<&str>) -> bool {
        self.chain(id).into_iter().any(|style| {
            let name = normalised_name(&style.name);
            name == "caption" || name == "题注"
        })
    }

    fn size(&self, id: Option<&str>) -> Option<u32> {
        let from_chain = self.chain(id).into_iter().find_map(|s| s.size_half_pt);
        from_chain.or(self.default_size_half_pt)
    }

    fn bold(&self, id: Option<&str>) -> bool {
        self.chain(id)
            .into_iter()
            .find_map(|s| s.bold)
            .unwrap_or(false)
    }
}

fn normalised_name(name: &str) -> String {
    name.to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

fn hint_from_name(name: &str) -> Option<HeadingHint> {
    let name = normalised_name(name);
    match name.as_str() {
        "title" | "标题" => return Some(HeadingHint::Title),
        "subtitle" | "副标题" => return Some(HeadingHint::Subtitle),
        _ => {}
    }
    let number = name
        .strip_prefix("heading")
        .or_else(|| name.strip_prefix("标题"))?;
    let level: u8 = number.parse().ok()?;
    (1..=9)
        .contains(&level)
        .then(|| HeadingHint::Level(level - 1))
}

/// An attribute's value by local name (`w:val` → `val`), entities resolved.
fn attr(e: &BytesStart, local: &[u8]) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == local).then(|| {
            let raw = String::from_utf8_lossy(&a.value).into_owned();
            quick_xml::escape::unescape(&raw).map_or(raw.clone(), |s| s.into_owned())
        })
    })
}

/// Word's on/off properties: present without a value means on.
fn on_off(e: &BytesStart) -> bool {
    !matches!(
        attr(e, b"val").as_deref(),
        Some("0" | "false" | "off" | "none")
    )
}

fn local(e: &BytesStart) -> Vec<u8> {
    e.local_name().as_ref().to_vec()
}

fn xml_text(bytes: &[u8]) -> Result<&str, String> {
    std::str::from_utf8(bytes).map_err(|e| format!("XML 不是 UTF-8: {e}"))
}

fn parse_styles(xml: &[u8]) -> Result<Styles, String> {
    let mut reader = Reader::from_str(xml_text(xml)?);
    let mut styles = Styles::default();
    let mut stack: Vec<Vec<u8>> = Vec::new();
    let mut current: Option<(String, StyleInfo)> = None;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("styles.xml: {e}"))?;
        let (e, is_start) = match &event {
            Event::Start(e) => (e, true),
            Event::Empty(e) => (e, false),
            Event::End(_) => {
                if stack.pop().as_deref() == Some(b"style")
                    && let Some((id, style)) = current.take()
                {
                    styles.by_id.insert(id, style);
                }
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        let name = local(e);
        let in_rpr = stack.last().is_some_and(|n| n == b"rPr");
        let in_defaults = stack.iter().any(|n| n == b"rPrDefault");
        match name.as_slice() {
            b"style" if attr(e, b"type").as_deref() == Some("paragraph") => {
                let id = attr(e, b"styleId").unwrap_or_default();
                if attr(e, b"default").is_some_and(|v| v == "1" || v == "true") {
                    styles.default_style = Some(id.clone());
                }
                current = Some((id, StyleInfo::default()));
            }
            b"sz" if in_defaults => {
                styles.default_size_half_pt = attr(e, b"val").and_then(|v| v.parse().ok())
            }
            _ => {}
        }
        if let Some((_, style)) = current.as_mut() {
            match name.as_slice() {
                b"name" => style.name = attr(e, b"val").unwrap_or_default(),
                b"basedOn" => style.based_on = attr(e, b"val"),
                b"outlineLvl" => style.outline_level = attr(e, b"val").and_then(|v| v.parse().ok()),
                b"sz" if in_rpr => {
                    style.size_half_pt = attr(e, b"val").and_then(|v| v.parse().ok())
                }
                b"b" if in_rpr => style.bold = Some(on_off(e)),
                _ => {}
            }
        }
        if is_start {
            stack.push(name);
        }
    }
    Ok(styles)
}

/// Image relationships: id → the zip entry the image is stored in.
fn parse_rels(xml: &[u8]) -> Result<HashMap<String, String>, String> {
    let mut reader = Reader::from_str(xml_text(xml)?);
    let mut rels = HashMap::new();
    loop {
        match reader
            .read_event()
            .map_err(|e| format!("document.xml.rels: {e}"))?
        {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"Relationship" => {
                let external = attr(&e, b"TargetMode").is_some_and(|m| m == "External");
                if let (Some(id), Some(target), false) =
                    (attr(&e, b"Id"), attr(&e, b"Target"), external)
                {
                    rels.insert(id, entry_for_target(&target));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(rels)
}

/// `media/image1.png` (relative to `word/`) or `/word/media/image1.png` → the entry name.
fn entry_for_target(target: &str) -> String {
    let joined = match target.strip_prefix('/') {
        Some(absolute) => absolute.to_owned(),
        None => format!("word/{target}"),
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/') {
        match part {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            other => parts.push(other),
        }
    }
    parts.join("/")
}

/// One run's properties and text.
#[derive(Debug, Default)]
struct Run {
    text: String,
    size_half_pt: Option<u32>,
    bold: Option<bool>,
}

/// A paragraph as document.xml has it, before styles are applied.
#[derive(Debug, Default)]
struct RawParagraph {
    style: Option<String>,
    outline_level: Option<u8>,
    runs: Vec<Run>,
    images: Vec<String>,
}

impl RawParagraph {
    fn resolve(self, styles: &Styles) -> SourceParagraph {
        let style = self.style.as_deref();
        let text: String = self.runs.iter().map(|r| r.text.as_str()).collect();
        let visible: Vec<&Run> = self
            .runs
            .iter()
            .filter(|r| !r.text.trim().is_empty())
            .collect();
        let size_half_pt = visible
            .iter()
            .filter_map(|r| r.size_half_pt.or_else(|| styles.size(style)))
            .max();
        let bold = !visible.is_empty()
            && visible
                .iter()
                .all(|r| r.bold.unwrap_or_else(|| styles.bold(style)));
        let heading = self
            .outline_level
            .filter(|level| *level < 9)
            .map(HeadingHint::Level)
            .or_else(|| styles.heading(style));
        SourceParagraph {
            text,
            heading,
            size_half_pt,
            bold,
            caption_style: styles.is_caption(style),
            photos: self.images.iter().map(|id| photo_key(id)).collect(),
        }
    }
}

fn photo_key(relationship: &str) -> String {
    format!("docx:{relationship}")
}

/// The body's paragraphs, and notes on what was skipped.
struct Body {
    paragraphs: Vec<RawParagraph>,
    notes: Vec<String>,
}

/// Elements whose content import leaves out: tables (with a note), text boxes, and the
/// fallback copies of drawings (which repeat what the preferred form holds).
fn skipped(name: &[u8]) -> bool {
    matches!(name, b"tbl" | b"txbxContent" | b"Fallback")
}

fn parse_document(xml: &[u8]) -> Result<Body, String> {
    let mut reader = Reader::from_str(xml_text(xml)?);
    let mut paragraphs = Vec::new();
    let mut stack: Vec<Vec<u8>> = Vec::new();
    let mut paragraph: Option<RawParagraph> = None;
    let mut run: Option<Run> = None;
    let mut skip: Option<(Vec<u8>, usize)> = None;
    let (mut tables, mut text_boxes) = (0, 0);
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("document.xml: {e}"))?;
        if let Some((name, depth)) = skip.as_mut() {
            match &event {
                Event::Start(e) if e.local_name().as_ref() == name.as_slice() => *depth += 1,
                Event::End(e) if e.local_name().as_ref() == name.as_slice() => {
                    *depth -= 1;
                    if *depth == 0 {
                        skip = None;
                    }
                }
                Event::Eof => break,
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(e) => {
                let name = local(&e);
                if skipped(&name) {
                    match name.as_slice() {
                        b"tbl" => tables += 1,
                        b"txbxContent" => text_boxes += 1,
                        _ => {}
                    }
                    skip = Some((name, 1));
                    continue;
                }
                element(&e, &name, &stack, &mut paragraph, &mut run);
                stack.push(name);
            }
            Event::Empty(e) => {
                let name = local(&e);
                element(&e, &name, &stack, &mut paragraph, &mut run);
            }
            Event::End(e) => {
                stack.pop();
                match e.local_name().as_ref() {
                    b"r" => {
                        if let (Some(p), Some(r)) = (paragraph.as_mut(), run.take()) {
                            p.runs.push(r);
                        }
                    }
                    b"p" => {
                        if let Some(p) = paragraph.take() {
                            paragraphs.push(p);
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) if stack.last().is_some_and(|n| n == b"t") => {
                if let Some(r) = run.as_mut() {
                    let text = t.xml10_content().map_err(|e| e.to_string())?;
                    r.text.push_str(&text);
                }
            }
            Event::CData(t) if stack.last().is_some_and(|n| n == b"t") => {
                if let Some(r) = run.as_mut() {
                    r.text.push_str(&String::from_utf8_lossy(&t));
                }
            }
            Event::GeneralRef(reference) if stack.last().is_some_and(|n| n == b"t") => {
                if let Some(r) = run.as_mut() {
                    let resolved = match reference.resolve_char_ref() {
                        Ok(Some(c)) => Some(c),
                        _ => predefined_entity(&reference.decode().unwrap_or_default()),
                    };
                    r.text.extend(resolved);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let mut notes = Vec::new();
    if tables > 0 {
        notes.push(format!(
            "跳过了 {tables} 个表格\u{FF08}表格内容未导入\u{FF09}"
        ));
    }
    if text_boxes > 0 {
        notes.push(format!("跳过了 {text_boxes} 个文本框"));
    }
    Ok(Body { paragraphs, notes })
}

fn predefined_entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => None,
    }
}

/// Handle an opening or empty element inside the body.
fn element(
    e: &BytesStart,
    name: &[u8],
    stack: &[Vec<u8>],
    paragraph: &mut Option<RawParagraph>,
    run: &mut Option<Run>,
) {
    let parent = stack.last().map(Vec::as_slice);
    match name {
        b"p" => *paragraph = Some(RawParagraph::default()),
        b"r" if paragraph.is_some() => *run = Some(Run::default()),
        _ => {}
    }
    let Some(p) = paragraph.as_mut() else {
        return;
    };
    match (name, parent) {
        (b"pStyle", Some(b"pPr")) => p.style = attr(e, b"val"),
        (b"outlineLvl", Some(b"pPr")) => {
            p.outline_level = attr(e, b"val").and_then(|v| v.parse().ok())
        }
        (b"blip", _) => p.images.extend(attr(e, b"embed")),
        (b"imagedata", _) => p.images.extend(attr(e, b"id")),
        _ => {}
    }
    let Some(r) = run.as_mut() else {
        return;
    };
    let in_run_props =
        parent == Some(b"rPr") && stack.iter().rev().nth(1).is_some_and(|n| n == b"r");
    match name {
        b"sz" if in_run_props => r.size_half_pt = attr(e, b"val").and_then(|v| v.parse().ok()),
        b"b" if in_run_props => r.bold = Some(on_off(e)),
        b"tab" if parent == Some(b"r") => r.text.push('\t'),
        b"br" | b"cr" if parent == Some(b"r") => r.text.push('\n'),
        _ => {}
    }
}

/// Copy out the images the paragraphs anchor, each once; missing or oversized ones are
/// noted and left out.
fn collect_photos(
    archive: &mut Archive,
    paragraphs: &[RawParagraph],
    rels: &HashMap<String, String>,
    notes: &mut Vec<String>,
) -> Vec<IncomingPhoto> {
    let mut photos: Vec<IncomingPhoto> = Vec::new();
    for id in paragraphs.iter().flat_map(|p| p.images.iter()) {
        let key = photo_key(id);
        if photos.iter().any(|p| p.key == key) {
            continue;
        }
        let Some(entry) = rels.get(id) else {
            notes.push(format!("图片 {id} 未嵌入文档\u{FF0C}未导入"));
            continue;
        };
        match read_zip_entry(archive, entry, MAX_PHOTO_FILE_BYTES) {
            Ok(Some(bytes)) if !is_printable_image(&bytes) => notes.push(format!(
                "图片 {entry} 不是 JPEG 或 PNG\u{FF08}如 Word 的 EMF 图形\u{FF09}\u{FF0C}未导入"
            )),
            Ok(Some(bytes)) => photos.push(IncomingPhoto {
                key,
                file_name: entry.rsplit('/').next().unwrap_or(entry).to_owned(),
                bytes,
            }),
            Ok(None) => notes.push(format!("文档中缺少图片 {entry}\u{FF0C}未导入")),
            Err(message) => notes.push(format!("图片未导入\u{FF1A}{message}")),
        }
    }
    photos
}

/// Whether the bytes start like a JPEG or PNG, the formats the typesetter places.
fn is_printable_image(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xFF, 0xD8, 0xFF]) || bytes.starts_with(b"\x89PNG\r\n\x1a\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn style_names_and_outline_levels_are_found_through_based_on() {
        let xml = br#"<w:styles xmlns:w="w">
            <w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="21"/></w:rPr></w:rPrDefault></w:docDefaults>
            <w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>
            <w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/>
              <w:rPr><w:b/><w:sz w:val="44"/></w:rPr></w:style>
            <w:style w:type="paragraph" w:styleId="x"><w:name w:val="My Big"/><w:basedOn w:val="1"/></w:style>
            <w:style w:type="paragraph" w:styleId="o"><w:name w:val="Outlined"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
            <w:style w:type="paragraph" w:styleId="loop"><w:name w:val="Loop"/><w:basedOn w:val="loop"/></w:style>
        </w:styles>"#;
        let styles = parse_styles(xml).unwrap();
        assert_eq!(styles.heading(Some("1")), Some(HeadingHint::Level(0)));
        assert_eq!(styles.heading(Some("x")), Some(HeadingHint::Level(0)));
        assert_eq!(styles.heading(Some("o")), Some(HeadingHint::Level(1)));
        assert_eq!(styles.heading(Some("loop")), None);
        assert_eq!(styles.heading(None), None);
        assert_eq!(styles.size(Some("x")), Some(44));
        assert_eq!(styles.size(None), Some(21));
        assert!(styles.bold(Some("x")));
        assert_eq!(hint_from_name("标题 2"), Some(HeadingHint::Level(1)));
    }

    #[test]
    fn targets_become_entry_names() {
        assert_eq!(
            entry_for_target("media/image1.png"),
            "word/media/image1.png"
        );
        assert_eq!(entry_for_target("/word/media/a.jpeg"), "word/media/a.jpeg");
        assert_eq!(entry_for_target("../media/b.png"), "media/b.png");
    }
}
