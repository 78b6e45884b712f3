"""Where a line may break, beyond what ReportLab decides by itself.

Some words belong together on the page: a time and its "a.m.", a day and its month, the parts of a
phone number, a dose and its unit. Between them a no-break space takes the place of the space, so
"8 a.m. to 5 p.m." never leaves "p.m." alone on the next line. A line never starts with the "·"
that separates items. A web address breaks only after "/", "." or "-", where a reader sees that it
goes on.
"""

from __future__ import annotations

import re
from functools import lru_cache

from reportlab.pdfbase.pdfmetrics import stringWidth

NBSP = "\u00a0"
_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
    "|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre"
)
_UNITS = (
    r"mg|mcg|µg|μg|g|kg|ml|mL|l|L|IU|units?|mmol|mmHg|cm|mm|°C|°F|%|tablets?|capsules?|puffs?|drops?"
    r"|hours?|hrs?|minutes?|mins?|days?|weeks?|times"
)


@lru_cache(maxsize=32)
def _together(months: tuple[str, ...]) -> list[re.Pattern[str]]:
    """The patterns of what belongs together, with the page language's month names beside the English
    and Spanish ones (names that are numbers, as in Chinese and Korean, are left out)."""
    names = _MONTHS + "".join(f"|{re.escape(month)}" for month in months if not month.isdigit())
    return [
        # 8 a.m., 10:30 pm, 17 h
        re.compile(r"\b(\d{1,2}(?::\d\d)?) (a\.m\.|p\.m\.|am\b|pm\b|AM\b|PM\b|h\b)"),
        # 21 November 2026, November 21, 2026, 3 de mayo, 3 mai 2026
        re.compile(rf"\b(\d{{1,2}}) ((?:de )?(?:{names})\b)"),
        re.compile(rf"\b((?:{names})\.?) (\d{{1,2}}\b)"),
        re.compile(rf"((?:{names})[ \u00a0]\d{{1,2}},?) (\d{{4}})\b"),
        re.compile(rf"(\d{{1,2}}[ \u00a0](?:de[ \u00a0])?(?:{names})(?: de)?) (\d{{4}})\b"),
        # 500 mg, 2 tablets, 1.5 mL
        re.compile(rf"\b(\d+(?:[.,]\d+)?) ({_UNITS})(?![\w])"),
    ]


# A phone number: digits in groups, with an optional + or brackets; its spaces are kept.
_PHONE = re.compile(r"(?<![\w.])\+?\(?\d[\d ()\-]{5,}\d(?![\w.])")
_SEPARATOR = re.compile(r" ·")
_DIGIT = re.compile(r"\d")


def keep_together(text: str, months: tuple[str, ...] = ()) -> str:
    """`text` (plain, not markup) with no-break spaces where a break would part what belongs together;
    `months`: the month names of the page's language."""
    if _DIGIT.search(text) is None:  # every pattern but the separator's holds a digit: most texts skip them
        return _SEPARATOR.sub(f"{NBSP}·", text)
    for pattern in _together(months):
        text = pattern.sub(lambda match: f"{match[1]} {match[2]}".replace(" ", NBSP), text)
    text = _PHONE.sub(lambda match: match[0].replace(" ", NBSP) if _is_phone(match[0]) else match[0], text)
    return _SEPARATOR.sub(f"{NBSP}·", text)


def _is_phone(candidate: str) -> bool:
    """Seven digits or more in groups: a phone number rather than a sum or a list of numbers."""
    return sum(char.isdigit() for char in candidate) >= 7 and " " in candidate


def address_lines(address: str, font: str, size: float, width: float) -> list[str]:
    """A web or e-mail address cut into lines of at most `width`, each ending after "/", "." or "-"
    (a part longer than a line, which has no such place, is cut where it must be)."""
    parts = re.findall(r"[^/.\-]*[/.\-]+|[^/.\-]+", address)
    lines = [""]
    for part in parts:
        if lines[-1] and stringWidth(lines[-1] + part, font, size) > width:
            lines.append("")
        lines[-1] += part
    return lines
