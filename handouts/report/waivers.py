"""A spec's waivers of the report's gates (`[report] waive`): a waived gate shows what it found and the
reason it does not apply, and does not fail the report; a waiver never hides anything silently.

A waiver of a gate that passes, or of one this document is not judged by, is itself a warning: the
author should take it out.
"""

from __future__ import annotations

from dataclasses import replace

from ..spec.model import Waiver
from .model import Check, Part
from .words import Words


def apply_waivers(parts: list[Part], waivers: list[Waiver], words: Words) -> list[Part]:
    """`parts` with each waived gate marked, and a part for waivers that found no gate to waive."""
    by_check: dict[str, str] = {waiver.check: waiver.reason for waiver in waivers}
    used: set[str] = set()
    marked = []
    for part in parts:
        checks = []
        for check in part.checks:
            reason = by_check.get(check.key) if check.gate else None
            if reason is not None:
                used.add(check.key)
                check = _waived(check, reason, words)
            checks.append(check)
        marked.append(replace(part, checks=checks))
    idle = [
        # Named as the spec names it: there is no check to take a name from.
        Check(waiver.check, waiver.check, "warn", words("waiver_idle", reason=waiver.reason))
        for waiver in waivers
        if waiver.check not in used
    ]
    return marked + ([Part(words("part_waivers"), idle)] if idle else [])


def _waived(check: Check, reason: str, words: Words) -> Check:
    if check.outcome == "pass":
        shown = words("waiver_passes", shown=check.shown, reason=reason)
        return replace(check, outcome="warn", shown=shown, waived=reason)
    shown = words("waived_shown", shown=check.shown, reason=reason)
    return replace(check, outcome="waived", shown=shown, waived=reason)
