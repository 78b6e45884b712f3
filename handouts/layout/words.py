"""The few words the layout writes itself that depend on the page's language and region: dates in
words, and how a page says "call us". (A catalogue per language replaces this as more are needed.)"""

from __future__ import annotations

from datetime import date

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def region(language: str) -> str:
    """The region of a language tag, "US" for plain English: the wording a US clinic expects."""
    parts = language.replace("_", "-").split("-")
    if len(parts) > 1 and parts[1].isalpha() and len(parts[1]) == 2:
        return parts[1].upper()
    return "US" if parts[0].lower() == "en" else ""


def date_in_words(day: date, language: str) -> str:
    """ "November 21, 2026" in the US, "21 November 2026" elsewhere: never a date to decode."""
    month = MONTHS[day.month - 1]
    return f"{month} {day.day}, {day.year}" if region(language) == "US" else f"{day.day} {month} {day.year}"


def call_us(language: str) -> str:
    """ "Call us at" in American English, "Call us on" in British and other English."""
    return "Call us at" if region(language) == "US" else "Call us on"
