//! Chinese punctuation the drafts and checks write, named so the source stays ASCII-safe.

/// ，
pub const COMMA: &str = "\u{FF0C}";
/// 、
pub const ENUM_COMMA: &str = "\u{3001}";
/// 。
pub const PERIOD: &str = "\u{3002}";
/// ：
pub const COLON: &str = "\u{FF1A}";
/// （
pub const PAREN_OPEN: &str = "\u{FF08}";
/// ）
pub const PAREN_CLOSE: &str = "\u{FF09}";
/// 《
pub const BOOK_OPEN: &str = "\u{300A}";
/// 》
pub const BOOK_CLOSE: &str = "\u{300B}";
/// “
pub const QUOTE_OPEN: &str = "\u{201C}";
/// ”
pub const QUOTE_CLOSE: &str = "\u{201D}";

/// Characters that end a sentence: 。！？
pub const SENTENCE_ENDS: [char; 3] = ['\u{3002}', '\u{FF01}', '\u{FF1F}'];
/// Characters trimmed from the end of a requirement before its full stop: 。；，、 and ASCII . ; ,
pub const TRAILING: [char; 7] = [
    '\u{3002}', '\u{FF1B}', '\u{FF0C}', '\u{3001}', '.', ';', ',',
];
