//! Recognising a report's parts in a flat list of paragraphs: headline group, dateline,
//! byline, body and photo captions, from styles where the source has them and from
//! position and wording where it does not (plain text).

use crate::model::{Article, Photo};

const FULL_OPEN_PAREN: char = '\u{FF08}';
const FULL_CLOSE_PAREN: char = '\u{FF09}';
/// `——`, the dash a feature's subtitle starts with.
const DOUBLE_DASH: &str = "\u{2014}\u{2014}";
/// Sentence-ending punctuation: a line ending in one is copy, not a headline.
const SENTENCE_ENDS: [char; 4] = ['\u{3002}', '\u{FF01}', '\u{FF1F}', '\u{FF1B}'];
/// A headline line is at most this many characters.
const MAX_HEADLINE_CHARS: usize = 60;
/// A dateline's 讯 comes within this many characters of 本报.
const MAX_DATELINE_PLACE_CHARS: usize = 20;

/// What a source's styles say about a paragraph's role in the headline group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum HeadingHint {
    /// A "Title" / 标题 style: ranks above every numbered heading.
    Title,
    /// Heading level 0 (heading 1), 1 (heading 2) …, from a style name or outline level.
    Level(u8),
    /// A "Subtitle" / 副标题 style.
    Subtitle,
}

/// One paragraph as a reader found it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SourceParagraph {
    /// Its text as written (line breaks inside it as `\n`).
    pub text: String,
    /// A heading role from its style, if any.
    pub heading: Option<HeadingHint>,
    /// The largest font size of its text, in half points (Word's unit), if known.
    pub size_half_pt: Option<u32>,
    /// Whether all its text is bold.
    pub bold: bool,
    /// Whether its style marks a caption (Caption / 题注).
    pub caption_style: bool,
    /// Photos anchored in it, as keys of the reader's photos.
    pub photos: Vec<String>,
}

impl SourceParagraph {
    /// A plain paragraph with no style information.
    pub fn plain(text: &str) -> SourceParagraph {
        SourceParagraph {
            text: text.to_owned(),
            ..SourceParagraph::default()
        }
    }

    fn trimmed(&self) -> &str {
        self.text.trim()
    }
}

/// Fill `article`'s headline group, dateline, byline, body and photos from `paragraphs`.
/// Text is kept as written, only trimmed of surrounding white space (indentation).
pub fn recognise(article: &mut Article, paragraphs: Vec<SourceParagraph>) {
    let (mut flow, photos) = take_photos(paragraphs);
    article.photos = photos;
    // Blank lines carry no structure (chat apps and typists put them anywhere).
    flow.retain(|p| !p.trimmed().is_empty());
    let dateline_at = flow
        .iter()
        .take(8)
        .position(|p| dateline_split(p.trimmed()).is_some());
    let mut body_start = 0;
    if let Some(at) = dateline_at {
        let (dateline, rest) = dateline_split(flow[at].trimmed()).unwrap_or_default();
        article.dateline = dateline.to_owned();
        flow[at].text = rest.to_owned();
        let head: Vec<SourceParagraph> = flow.drain(..at).collect();
        assign_head(article, head);
    } else {
        let head_len = leading_head_len(&flow);
        let head: Vec<SourceParagraph> = flow.drain(..head_len).collect();
        assign_head(article, head);
    }
    // A byline line (通讯员 … / 本报记者 …) right at the top of the copy.
    if let Some(first) = flow.iter().position(|p| !p.trimmed().is_empty())
        && is_byline(flow[first].trimmed())
    {
        article.byline = flow[first].trimmed().to_owned();
        body_start = first + 1;
    }
    let body: Vec<&str> = flow[body_start..]
        .iter()
        .map(SourceParagraph::trimmed)
        .filter(|t| !t.is_empty())
        .collect();
    article.body = body.join("\n");
}

/// Split `本报张掖讯（通讯员 王某）9月16日，…` into the dateline and the rest.
fn dateline_split(text: &str) -> Option<(&str, &str)> {
    let rest = text.strip_prefix("本报")?;
    let (place_len, _) = rest
        .char_indices()
        .take(MAX_DATELINE_PLACE_CHARS)
        .find(|(_, c)| *c == '讯')?;
    let after = place_len + '讯'.len_utf8();
    let tail = &rest[after..];
    let mut end = "本报".len() + after;
    let tail_trimmed = tail.trim_start();
    if tail_trimmed.starts_with([FULL_OPEN_PAREN, '(']) {
        let skipped = tail.len() - tail_trimmed.len();
        if let Some(close) = tail_trimmed.find([FULL_CLOSE_PAREN, ')']) {
            let close_len = tail_trimmed[close..]
                .chars()
                .next()
                .map_or(1, char::len_utf8);
            end += skipped + close + close_len;
        }
    }
    Some((&text[..end], text[end..].trim_start()))
}

fn is_byline(text: &str) -> bool {
    let starts = ["通讯员", "本报记者", "记者"]
        .iter()
        .any(|s| text.starts_with(s));
    starts && text.chars().count() <= 30 && !text.ends_with(SENTENCE_ENDS)
}

fn looks_like_headline(p: &SourceParagraph) -> bool {
    let text = p.trimmed();
    !text.is_empty()
        && text.chars().count() <= MAX_HEADLINE_CHARS
        && !text.ends_with(SENTENCE_ENDS)
        && !is_byline(text)
}

/// Without a dateline: how many leading paragraphs form the headline group. Styled
/// headings (or text larger or bolder than the copy) when the source has styles, else up
/// to three short lines that do not end a sentence, leaving at least one for the body.
fn leading_head_len(flow: &[SourceParagraph]) -> usize {
    let styled = |p: &SourceParagraph| {
        p.heading.is_some() || p.bold || p.size_half_pt.is_some_and(|s| s > body_size(flow))
    };
    // Styles count when the top of the document uses them; bold further down says
    // nothing about the headline.
    let any_styles = flow.iter().take(4).any(|p| p.heading.is_some() || p.bold);
    let mut len = 0;
    for p in flow.iter().take(3) {
        let fits = looks_like_headline(p) && (!any_styles || styled(p));
        if !fits {
            break;
        }
        len += 1;
    }
    if len == 0 && flow.len() > 1 && flow.first().is_some_and(looks_like_headline) {
        // Styled copy with a plain title line: the first line is still the headline.
        return 1;
    }
    // Everything short (a note of a few lines): only the first line is a headline.
    if len == flow.len() { len.min(1) } else { len }
}

/// The most common text size, standing for the size of the copy.
fn body_size(flow: &[SourceParagraph]) -> u32 {
    let mut counts: Vec<(u32, usize)> = Vec::new();
    for size in flow.iter().filter_map(|p| p.size_half_pt) {
        match counts.iter_mut().find(|(s, _)| *s == size) {
            Some((_, n)) => *n += 1,
            None => counts.push((size, 1)),
        }
    }
    counts
        .iter()
        .max_by_key(|(_, n)| *n)
        .map_or(u32::MAX, |(s, _)| *s)
}

/// Share the headline-group paragraphs out into 引题, 主题 and 副题: the highest-ranked
/// one is the 主题, what stands above it the 引题, below it the 副题. A dash or a subtitle
/// style always makes a 副题.
fn assign_head(article: &mut Article, head: Vec<SourceParagraph>) {
    let head: Vec<SourceParagraph> = head
        .into_iter()
        .filter(|p| !p.trimmed().is_empty())
        .collect();
    if head.is_empty() {
        return;
    }
    let is_sub = |p: &SourceParagraph| {
        p.heading == Some(HeadingHint::Subtitle) || p.trimmed().starts_with(DOUBLE_DASH)
    };
    let candidates: Vec<usize> = (0..head.len()).filter(|&i| !is_sub(&head[i])).collect();
    let main = main_index(&head, &candidates);
    let line = |p: &SourceParagraph| p.trimmed().replace('\n', "");
    let mut kicker = Vec::new();
    let mut subtitle = Vec::new();
    for (i, p) in head.iter().enumerate() {
        if i == main {
            article.headline = line(p);
        } else if i < main && !is_sub(p) {
            kicker.push(line(p));
        } else {
            subtitle.push(line(p));
        }
    }
    article.kicker = kicker.join(" ");
    article.subtitle = subtitle.join(" ");
}

fn main_index(head: &[SourceParagraph], candidates: &[usize]) -> usize {
    let Some(&first) = candidates.first() else {
        return 0;
    };
    // Styles decide first: the best heading rank, then the largest size.
    let best_hint = candidates.iter().filter_map(|&i| head[i].heading).min();
    if let Some(hint) = best_hint {
        let ranked: Vec<usize> = candidates
            .iter()
            .copied()
            .filter(|&i| head[i].heading == Some(hint))
            .collect();
        if ranked.len() == 1 {
            return ranked[0];
        }
    }
    let sizes: Vec<u32> = candidates
        .iter()
        .filter_map(|&i| head[i].size_half_pt)
        .collect();
    if let (Some(&max), Some(&min)) = (sizes.iter().max(), sizes.iter().min())
        && max > min
    {
        return candidates
            .iter()
            .copied()
            .find(|&i| head[i].size_half_pt == Some(max))
            .unwrap_or(first);
    }
    // By position: one line is the 主题; two are 主题 + 副题; three are 引题, 主题, 副题.
    if head.len() >= 3 && candidates.len() >= 2 {
        candidates[1]
    } else {
        first
    }
}

/// Take photo paragraphs out of the flow, each with its caption: the text of its own
/// paragraph, or the paragraph after it when that is styled as a caption or reads like
/// one (图为…, …摄).
fn take_photos(paragraphs: Vec<SourceParagraph>) -> (Vec<SourceParagraph>, Vec<Photo>) {
    let mut flow = Vec::new();
    let mut photos = Vec::new();
    let mut iter = paragraphs.into_iter().peekable();
    while let Some(p) = iter.next() {
        if p.photos.is_empty() {
            if !p.caption_style || p.trimmed().is_empty() {
                flow.push(p);
            }
            continue;
        }
        let mut caption = p.trimmed().to_owned();
        if caption.is_empty()
            && let Some(next) = iter.peek()
            && next.photos.is_empty()
            && (next.caption_style || reads_like_caption(next.trimmed()))
        {
            caption = next.trimmed().to_owned();
            iter.next();
        }
        let (caption, credit) = split_credit(&caption);
        for (n, key) in p.photos.iter().enumerate() {
            // Several pictures in one paragraph share one caption: the first carries it.
            let first = n == 0;
            photos.push(Photo {
                path: key.clone(),
                caption: if first {
                    caption.to_owned()
                } else {
                    String::new()
                },
                credit: if first {
                    credit.to_owned()
                } else {
                    String::new()
                },
            });
        }
    }
    (flow, photos)
}

/// Split a caption's closing credit off: `图为会议现场。（王某 摄）` → the caption and
/// `王某 摄`. Without a bracketed credit the caption stays whole.
fn split_credit(caption: &str) -> (&str, &str) {
    let trimmed = caption.trim_end();
    let Some(inner_end) = trimmed
        .strip_suffix(FULL_CLOSE_PAREN)
        .or_else(|| trimmed.strip_suffix(')'))
    else {
        return (caption, "");
    };
    let Some(open) = inner_end.rfind([FULL_OPEN_PAREN, '(']) else {
        return (caption, "");
    };
    let open_len = inner_end[open..].chars().next().map_or(1, char::len_utf8);
    let credit = inner_end[open + open_len..].trim();
    if !credit.ends_with('摄') {
        return (caption, "");
    }
    (inner_end[..open].trim_end(), credit)
}

fn reads_like_caption(text: &str) -> bool {
    let short = !text.is_empty() && text.chars().count() <= 120;
    let ends_with_credit = text
        .trim_end_matches([FULL_CLOSE_PAREN, ')', ' '])
        .ends_with('摄');
    short && (text.starts_with("图为") || text.starts_with('图') || ends_with_credit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ArticleId;

    fn run(lines: &[&str]) -> Article {
        let mut article = Article::new(ArticleId("t".into()));
        recognise(
            &mut article,
            lines.iter().map(|l| SourceParagraph::plain(l)).collect(),
        );
        article
    }

    #[test]
    fn dateline_is_split_from_the_lead() {
        // 本报张掖讯（通讯员王某）9月16日，会议召开。
        let text = "本报张掖讯\u{FF08}通讯员王某\u{FF09}9月16日\u{FF0C}会议召开\u{3002}";
        let (dateline, rest) = dateline_split(text).unwrap();
        assert_eq!(dateline, "本报张掖讯\u{FF08}通讯员王某\u{FF09}");
        assert_eq!(rest, "9月16日\u{FF0C}会议召开\u{3002}");
        assert_eq!(dateline_split("本报讯 消息"), Some(("本报讯", "消息")));
        assert!(dateline_split("本报告指出").is_none());
    }

    #[test]
    fn plain_lines_make_headline_subtitle_and_body() {
        let a = run(&[
            "市政协召开主席会议",
            "\u{2014}\u{2014}某社区协商议事记事",
            "本报临洮讯\u{FF08}通讯员李某\u{FF09}",
            "  会议强调\u{3002}",
        ]);
        assert_eq!(a.headline, "市政协召开主席会议");
        assert_eq!(a.subtitle, "\u{2014}\u{2014}某社区协商议事记事");
        assert_eq!(a.dateline, "本报临洮讯\u{FF08}通讯员李某\u{FF09}");
        assert_eq!(a.body, "会议强调\u{3002}");
    }

    #[test]
    fn three_lines_before_the_dateline_are_kicker_headline_subtitle() {
        let a = run(&["引", "主", "副", "本报讯 正文\u{3002}"]);
        assert_eq!((a.kicker.as_str(), a.headline.as_str()), ("引", "主"));
        assert_eq!(
            (a.subtitle.as_str(), a.body.as_str()),
            ("副", "正文\u{3002}")
        );
    }

    #[test]
    fn blank_lines_do_not_hide_the_headline() {
        let a = run(&["", "标题", "", "正文一\u{3002}", "", "正文二\u{3002}"]);
        assert_eq!(a.headline, "标题");
        assert_eq!(a.body, "正文一\u{3002}\n正文二\u{3002}");
    }

    #[test]
    fn a_bracketed_credit_leaves_the_caption() {
        let caption = "图为会议现场\u{3002}\u{FF08}王某 摄\u{FF09}";
        assert_eq!(split_credit(caption), ("图为会议现场\u{3002}", "王某 摄"));
        let plain = "图为会议现场\u{3002}\u{FF08}资料\u{FF09}";
        assert_eq!(split_credit(plain), (plain, ""));
    }

    #[test]
    fn a_feature_byline_is_recognised() {
        let a = run(&[
            "时间银行",
            "通讯员 张某 李某",
            "正文一\u{3002}",
            "正文二\u{3002}",
        ]);
        assert_eq!(a.headline, "时间银行");
        assert_eq!(a.byline, "通讯员 张某 李某");
        assert_eq!(a.body, "正文一\u{3002}\n正文二\u{3002}");
    }

    #[test]
    fn styles_pick_the_main_headline() {
        let mut kicker = SourceParagraph::plain("引题");
        kicker.heading = Some(HeadingHint::Level(1));
        let mut main = SourceParagraph::plain("主题");
        main.heading = Some(HeadingHint::Level(0));
        let body = SourceParagraph::plain("正文\u{3002}");
        let mut article = Article::new(ArticleId("t".into()));
        recognise(&mut article, vec![kicker, main, body]);
        assert_eq!(article.kicker, "引题");
        assert_eq!(article.headline, "主题");
        assert_eq!(article.subtitle, "");
    }
}
