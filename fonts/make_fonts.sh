#!/bin/sh
# Rebuild caibian's bundled font subsets from the Debian font packages.
#
#   apt-get install fonts-noto-cjk fonts-lxgw-wenkai
#   pip install fonttools
#   sh fonts/make_fonts.sh
#
# Writes the five font files next to this script, overwriting earlier output. The four Noto
# faces are converted from CFF to TrueType outlines (see README.md, "Why TrueType outlines").
# Override the source folders with NOTO_DIR / LXGW_DIR if the fonts live elsewhere.
set -eu

OUT_DIR=$(cd "$(dirname "$0")" && pwd)
NOTO_DIR=${NOTO_DIR:-/usr/share/fonts/opentype/noto}
LXGW_DIR=${LXGW_DIR:-/usr/share/fonts/truetype/lxgw-wenkai}
PYTHON=${PYTHON:-python3}
PYFTSUBSET=${PYFTSUBSET:-pyftsubset}
# Face index inside Noto's .ttc collections: 0 JP, 1 KR, 2 SC, 3 TC, 4 HK.
SC_INDEX=2

for f in "$NOTO_DIR/NotoSerifCJK-Regular.ttc" "$NOTO_DIR/NotoSerifCJK-Bold.ttc" \
         "$NOTO_DIR/NotoSansCJK-Regular.ttc" "$NOTO_DIR/NotoSansCJK-Bold.ttc" \
         "$LXGW_DIR/LXGWWenKai-Regular.ttf"; do
    if [ ! -f "$f" ]; then
        echo "make_fonts.sh: missing source font $f" >&2
        echo "  (apt-get install fonts-noto-cjk fonts-lxgw-wenkai)" >&2
        exit 1
    fi
done

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT INT TERM

# Code point lists, one "U+XXXX" per line.
#   common.txt: GB 2312 + punctuation, ASCII/Latin-1, full-width forms, symbols
#   body.txt:   common.txt + the whole CJK Unified Ideographs block as Noto CJK has it
"$PYTHON" - "$WORK" <<'PY'
import os
import sys

work = sys.argv[1]

def gb2312():
    """Every code point GB 2312 encodes (Python's 'gb2312' codec)."""
    cps = set()
    for lead in range(0xA1, 0xF8):
        for trail in range(0xA1, 0xFF):
            try:
                text = bytes([lead, trail]).decode("gb2312")
            except UnicodeDecodeError:
                continue
            if len(text) == 1:
                cps.add(ord(text))
    return cps

def span(first, last):
    return set(range(first, last + 1))

common = gb2312()
common |= span(0x0020, 0x00FF)   # ASCII and Latin-1 (includes U+00B7 middle dot)
common |= span(0x2000, 0x206F)   # General Punctuation (— … “ ” ‘ ’ ‰ ※ …)
common |= span(0x3000, 0x303F)   # CJK Symbols and Punctuation
common |= span(0xFF00, 0xFFEF)   # Halfwidth and Fullwidth Forms
common |= span(0x2190, 0x21FF)   # Arrows
common |= span(0x2460, 0x24FF)   # Enclosed Alphanumerics (circled numbers)
common |= span(0x25A0, 0x25FF)   # Geometric Shapes
# Small extras used in Chinese text that GBK/GB 18030 add inside GB 2312's
# symbol rows: vertical punctuation forms, Roman numerals, euro sign, and
# the pinyin letters ɑ ḿ ń ň ǹ ɡ.
common |= span(0xFE10, 0xFE19)   # Vertical Forms
common |= span(0xFE30, 0xFE4F)   # CJK Compatibility Forms
common |= span(0x2150, 0x218F)   # Number Forms
common |= {0x20AC, 0x0251, 0x1E3F, 0x0144, 0x0148, 0x01F9, 0x0261}

body = common | span(0x4E00, 0x9FEA)  # CJK Unified Ideographs (Noto CJK stops at U+9FEA)

def write(name, cps):
    with open(os.path.join(work, name), "w", encoding="ascii") as f:
        for cp in sorted(cps):
            f.write("U+%04X\n" % cp)
    print("%s: %d code points" % (name, len(cps)))

write("common.txt", common)
write("body.txt", body)
PY

# subset SOURCE OUTPUT UNICODES_FILE [extra pyftsubset options]
subset() {
    src=$1
    out=$2
    list=$3
    shift 3
    echo "subsetting $(basename "$src") -> $(basename "$out")"
    "$PYFTSUBSET" "$src" "$@" \
        --unicodes-file="$list" \
        --layout-features='*' \
        --name-IDs='*' \
        --name-languages='*' \
        --notdef-outline \
        --no-hinting \
        --output-file="$out.tmp"
    mv -f "$out.tmp" "$out"
}

# to_truetype SOURCE OUTPUT: CFF outlines to quadratic TrueType ones (cu2qu, at most
# 1 font unit = 1/1000 em from the cubic curve), everything else kept as it is.
to_truetype() {
    echo "converting $(basename "$1") -> $(basename "$2") (TrueType outlines)"
    "$PYTHON" - "$1" "$2.tmp" <<'PY'
import sys
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

source, output = sys.argv[1], sys.argv[2]
font = TTFont(source)
order = font.getGlyphOrder()
glyphs = font.getGlyphSet()
glyf = newTable("glyf")
glyf.glyphOrder = order
glyf.glyphs = {}
for name in order:
    pen = TTGlyphPen(glyphs)
    # TrueType contours run the other way round from CFF's.
    glyphs[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
    glyf[name] = pen.glyph()
font["loca"] = newTable("loca")
font["glyf"] = glyf
del font["CFF "]
font["head"].glyphDataFormat = 0
maxp = newTable("maxp")
maxp.tableVersion = 0x00010000
for field in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
              "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
              "maxComponentElements", "maxPoints", "maxContours", "maxCompositePoints",
              "maxCompositeContours", "maxComponentDepth"):
    setattr(maxp, field, 0)
maxp.maxZones = 1
maxp.numGlyphs = len(order)
font["maxp"] = maxp  # the counts are recomputed on save
post = font["post"]
post.formatType = 3.0  # no glyph names: nothing here reads them
post.extraNames = []
post.mapping = {}
font.sfntVersion = "\x00\x01\x00\x00"
font.save(output)
PY
    mv -f "$2.tmp" "$2"
}

# by_frequency FILE: renumber the glyphs so that those of running text come first (ASCII and
# the punctuation of text, then the Han characters from the most frequent down, counted in
# jieba's dictionary, which caibian bundles), every other glyph after them as before. A
# page's glyphs then lie together near the start of the outlines: a PDF export or the
# window reads (and maps) a few MB of each face, not the whole file.
by_frequency() {
    echo "ordering glyphs of $(basename "$1") by frequency"
    "$PYTHON" - "$OUT_DIR/../assets/jieba/dict.txt" "$1" "$1.tmp" <<'PY'
import sys
from collections import Counter
from fontTools.ttLib import TTFont
from fontTools.ttLib.reorderGlyphs import reorderGlyphs
dict_path, font_path, out_path = sys.argv[1:]
freq = Counter()
with open(dict_path, encoding="utf-8") as f:
    for line in f:
        parts = line.split(" ")
        if len(parts) >= 2 and parts[1].isdigit():
            for ch in parts[0]:
                freq[ch] += int(parts[1])
first = [chr(c) for c in range(0x20, 0x7F)]
first += [chr(c) for c in range(0x3000, 0x3040)] + [chr(c) for c in range(0xFF00, 0xFF66)]
first += [chr(c) for c in range(0x2010, 0x2028)]
chars = first + [ch for ch, _ in freq.most_common() if ord(ch) >= 0x3400]
font = TTFont(font_path)
font.ensureDecompiled()
old = font.getGlyphOrder()
cmap = font.getBestCmap()
seen = {old[0]}
new = [old[0]]
for ch in chars:
    name = cmap.get(ord(ch))
    if name is not None and name not in seen:
        seen.add(name)
        new.append(name)
new += [name for name in old if name not in seen]
reorderGlyphs(font, new)
font.save(out_path)
PY
    mv -f "$1.tmp" "$1"
}

subset "$NOTO_DIR/NotoSerifCJK-Regular.ttc" "$WORK/NotoSerifSC-Regular.otf" "$WORK/body.txt" --font-number=$SC_INDEX
subset "$NOTO_DIR/NotoSerifCJK-Bold.ttc" "$WORK/NotoSerifSC-Bold.otf" "$WORK/common.txt" --font-number=$SC_INDEX
subset "$NOTO_DIR/NotoSansCJK-Regular.ttc" "$WORK/NotoSansSC-Regular.otf" "$WORK/common.txt" --font-number=$SC_INDEX
subset "$NOTO_DIR/NotoSansCJK-Bold.ttc" "$WORK/NotoSansSC-Bold.otf" "$WORK/common.txt" --font-number=$SC_INDEX
for face in NotoSerifSC-Regular NotoSerifSC-Bold NotoSansSC-Regular NotoSansSC-Bold; do
    to_truetype "$WORK/$face.otf" "$OUT_DIR/$face.ttf"
done
subset "$LXGW_DIR/LXGWWenKai-Regular.ttf" "$OUT_DIR/LXGWWenKai-Regular.ttf" "$WORK/common.txt"
for face in NotoSerifSC-Regular NotoSerifSC-Bold NotoSansSC-Regular NotoSansSC-Bold LXGWWenKai-Regular; do
    by_frequency "$OUT_DIR/$face.ttf"
done

du -sh "$OUT_DIR"
