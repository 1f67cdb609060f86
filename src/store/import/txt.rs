//! Plain-text import: UTF-8, UTF-16 with a byte-order mark, or GB18030/GBK (what Chinese
//! Windows writes by default), then the same recognition as Word files.

use crate::model::{Article, ArticleId};

use super::{Parsed, SourceParagraph, recognise};

/// Decode text bytes: a byte-order mark decides; otherwise valid UTF-8 is UTF-8 and
/// anything else is read as GB18030, the superset of GBK and GB2312.
pub fn decode_text(bytes: &[u8]) -> String {
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return text.into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => {
            let (text, _, _) = encoding_rs::GB18030.decode(bytes);
            text.into_owned()
        }
    }
}

/// Read a text file's bytes as an article with id `id`: one paragraph per line.
pub fn read_txt(bytes: &[u8], id: ArticleId) -> Parsed {
    // Windows, Unix and old Mac line ends alike.
    let text = decode_text(bytes).replace("\r\n", "\n").replace('\r', "\n");
    let paragraphs = text.split('\n').map(SourceParagraph::plain).collect();
    let mut article = Article::new(id);
    recognise(&mut article, paragraphs);
    (article, Vec::new(), Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_decode_alike() {
        // 政协 (U+653F U+534F) in three encodings.
        let text = "\u{653F}\u{534F}";
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        let mut utf16 = vec![0xFF, 0xFE];
        for unit in text.encode_utf16() {
            utf16.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(decode_text(text.as_bytes()), text);
        assert_eq!(decode_text(&gbk), text);
        assert_eq!(decode_text(&utf16), text);
        let mut with_bom = vec![0xEF, 0xBB, 0xBF];
        with_bom.extend_from_slice(text.as_bytes());
        assert_eq!(decode_text(&with_bom), text);
    }
}
