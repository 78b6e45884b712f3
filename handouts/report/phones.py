"""Phone numbers in text: an emergency number after a word for calling, or seven digits and more that
are neither a date nor a measurement. Used to tell whether a "get help now" box says whom to call."""

from __future__ import annotations

import re

# An emergency number after a word for calling (in English or Spanish): "call 911", "Call 9-1-1",
# "Llame al 112".
_EMERGENCY = re.compile(
    r"\b(?:call|dial|phone|ring|llame|llamar|llama|marque|marcar)\s+(?:al\s+|a\s+|the\s+)?"
    r"\d(?:[-.\s]?\d){1,3}\b",
    re.IGNORECASE,
)
# A phone number: digits with the usual separators, seven digits or more, that is not a date.
_LONG_NUMBER = re.compile(r"(?<![\w.-])\+?\(?\d[\d\s().\u00a0-]{5,}\d(?![\w-])")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}")
_DECIMAL = re.compile(r"\d\.\d(?!\d)")
# A short number, as emergency numbers are ("Appelez le 15").
SHORT_NUMBER = re.compile(r"(?<![\w.,-])\d{2,4}(?![\w.,-]\d)")


def has_phone(text: str) -> bool:
    return bool(_EMERGENCY.search(text)) or any(
        is_phone(match.group()) for match in _LONG_NUMBER.finditer(text)
    )


def without_phones(text: str) -> str:
    text = _EMERGENCY.sub("", text)
    return _LONG_NUMBER.sub(lambda match: "" if is_phone(match.group()) else match.group(), text)


def is_phone(number: str) -> bool:
    """Seven digits or more, and neither a date nor a measurement ("38.0 (100.4 F)")."""
    return (
        sum(char.isdigit() for char in number) >= 7
        and not _DATE.search(number)
        and not _DECIMAL.search(number)
    )
