//! Length and type-size units: millimetres, points and the Chinese 号 sizes.

use serde::{Deserialize, Serialize};

/// PostScript points per inch: the unit the PDF page, DPI and screen scales start from.
pub const PT_PER_INCH: f32 = 72.0;

/// Millimetres per inch.
pub const MM_PER_INCH: f32 = 25.4;

/// Millimetres per PostScript point (1 pt = 1/72 in = 25.4/72 mm).
pub const MM_PER_PT: f32 = MM_PER_INCH / PT_PER_INCH;

/// PostScript points per millimetre (72/25.4).
pub const PT_PER_MM: f32 = PT_PER_INCH / MM_PER_INCH;

/// A length in millimetres (page sizes, margins).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Mm(pub f32);

/// A length in PostScript points (type sizes, glyph positions).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Pt(pub f32);

impl Mm {
    /// This length in points.
    pub fn to_pt(self) -> Pt {
        Pt(self.0 / MM_PER_PT)
    }
}

impl Pt {
    /// This length in millimetres.
    pub fn to_mm(self) -> Mm {
        Mm(self.0 * MM_PER_PT)
    }
}

/// The traditional Chinese type sizes (字号), from 初号 down to 八号.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Hao {
    Chu,
    XiaoChu,
    Yi,
    XiaoYi,
    Er,
    XiaoEr,
    San,
    XiaoSan,
    Si,
    XiaoSi,
    Wu,
    XiaoWu,
    Liu,
    XiaoLiu,
    Qi,
    Ba,
}

impl Hao {
    /// Every size, largest first.
    pub const ALL: [Hao; 16] = [
        Hao::Chu,
        Hao::XiaoChu,
        Hao::Yi,
        Hao::XiaoYi,
        Hao::Er,
        Hao::XiaoEr,
        Hao::San,
        Hao::XiaoSan,
        Hao::Si,
        Hao::XiaoSi,
        Hao::Wu,
        Hao::XiaoWu,
        Hao::Liu,
        Hao::XiaoLiu,
        Hao::Qi,
        Hao::Ba,
    ];

    /// The size in points, as TYPESETTING.md tabulates it.
    pub fn size_pt(self) -> Pt {
        Pt(match self {
            Hao::Chu => 42.0,
            Hao::XiaoChu => 36.0,
            Hao::Yi => 26.0,
            Hao::XiaoYi => 24.0,
            Hao::Er => 22.0,
            Hao::XiaoEr => 18.0,
            Hao::San => 16.0,
            Hao::XiaoSan => 15.0,
            Hao::Si => 14.0,
            Hao::XiaoSi => 12.0,
            Hao::Wu => 10.5,
            Hao::XiaoWu => 9.0,
            Hao::Liu => 7.5,
            Hao::XiaoLiu => 6.5,
            Hao::Qi => 5.5,
            Hao::Ba => 5.0,
        })
    }

    /// The Chinese name of the size, e.g. 小五.
    pub fn name(self) -> &'static str {
        match self {
            Hao::Chu => "初号",
            Hao::XiaoChu => "小初",
            Hao::Yi => "一号",
            Hao::XiaoYi => "小一",
            Hao::Er => "二号",
            Hao::XiaoEr => "小二",
            Hao::San => "三号",
            Hao::XiaoSan => "小三",
            Hao::Si => "四号",
            Hao::XiaoSi => "小四",
            Hao::Wu => "五号",
            Hao::XiaoWu => "小五",
            Hao::Liu => "六号",
            Hao::XiaoLiu => "小六",
            Hao::Qi => "七号",
            Hao::Ba => "八号",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mm_and_pt_convert_both_ways() {
        assert!((Mm(25.4).to_pt().0 - 72.0).abs() < 1e-3);
        assert!((Pt(72.0).to_mm().0 - 25.4).abs() < 1e-3);
    }

    #[test]
    fn hao_sizes_match_the_table() {
        assert_eq!(Hao::XiaoWu.size_pt(), Pt(9.0));
        assert_eq!(Hao::Wu.size_pt(), Pt(10.5));
        assert_eq!(Hao::Chu.size_pt(), Pt(42.0));
        assert_eq!(Hao::XiaoWu.name(), "\u{5C0F}\u{4E94}");
        // Sizes strictly decrease from 初号 to 八号.
        for pair in Hao::ALL.windows(2) {
            assert!(pair[0].size_pt().0 > pair[1].size_pt().0);
        }
    }
}
