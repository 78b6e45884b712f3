"""Make the bundled Chinese and Korean faces: subsets of open-licensed fonts, renamed.

Run by a maintainer when a face changes, never by a build (it needs fontTools, which handouts does not):

    python tools/subset_fonts.py DroidSansFallbackFull.ttf NanumGothic.ttf NanumGothicBold.ttf

The sources are Debian's fonts-droid-fallback (Apache 2.0) and fonts-nanum (SIL OFL 1.1). A whole face
is 4 to 5 MB; the subsets keep the characters of the national standard character sets (GB 2312's 6,763
hanzi; KS X 1001's 2,350 Hangul syllables), which cover everyday text, so the wheel stays small. A
character outside them is refused before layout like any other the fonts lack, naming its script.
Each subset is renamed: the OFL reserves the name Nanum for the unmodified fonts, and a modified Apache
file must say it was changed (fonts/NOTICE.txt).
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

OUT = Path(__file__).resolve().parent.parent / "fonts"
# Spaces (drawn at the end of a line in the line's last face), CJK and full-width punctuation, quotes.
PUNCTUATION = [0x20, 0xA0, 0xB7, 0x2014, 0x2026, 0x2018, 0x2019, 0x201C, 0x201D]
PUNCTUATION += [*range(0x3000, 0x3040), *range(0xFF00, 0xFFF0)]


def standard(first: int, last: int, codec: str) -> list[int]:
    """The characters between `first` and `last` that a national character set (its codec) holds."""
    kept = []
    for code in range(first, last + 1):
        try:
            chr(code).encode(codec)
        except UnicodeEncodeError:
            continue
        kept.append(code)
    return kept


def make(source: str, target: str, family: str, style: str, codes: list[int]) -> None:
    font = TTFont(source)
    have = set(font.getBestCmap())
    options = subset.Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False  # hinting serves screens at small sizes; a printed page does not need it
    options.drop_tables += ["hdmx", "VDMX", "LTSH", "TSI0", "TSI1", "TSI2", "TSI3", "TSI5"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[code for code in codes if code in have])
    subsetter.subset(font)
    full = family if style == "Regular" else f"{family} {style}"
    postscript = f"{family.replace(' ', '')}-{style}"
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 2, 3, 4, 6, 16, 17):
            names.removeNames(nameID=record.nameID)
    unique = f"handouts: {postscript}"
    for name_id, value in ((1, family), (2, style), (3, unique), (4, full), (6, postscript)):
        names.setName(value, name_id, 3, 1, 0x409)
        names.setName(value, name_id, 1, 0, 0)
    font.save(OUT / target)
    print(target, (OUT / target).stat().st_size, "bytes")


def main(droid: str, nanum: str, nanum_bold: str) -> None:
    hanzi = standard(0x4E00, 0x9FFF, "gb2312")
    hangul = standard(0xAC00, 0xD7A3, "euc_kr") + list(range(0x3131, 0x318F))
    make(droid, "HandoutsHan-Regular.ttf", "Handouts Han", "Regular", hanzi + PUNCTUATION)
    make(nanum, "HandoutsHangul-Regular.ttf", "Handouts Hangul", "Regular", hangul + PUNCTUATION)
    make(nanum_bold, "HandoutsHangul-Bold.ttf", "Handouts Hangul", "Bold", hangul + PUNCTUATION)


if __name__ == "__main__":
    main(*sys.argv[1:4])
