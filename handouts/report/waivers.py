"""A spec's waivers of the report's gates (`[report] waive`): a waived gate shows what it found and the
reason it does not apply, and does not fail the report; a waiver never hides anything silently.

A waiver of a gate that passes, or of one this document is not judged by, is itself a warning: the
author should take it out.
"""

from __future__ import annotations

from dataclasses import replace

from ..spec.model import Waiver
from .model import Check, Part

TITLE = "Waivers"


def apply_waivers(parts: list[Part], waivers: list[Waiver]) -> list[Part]:
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
                check = _waived(check, reason)
            checks.append(check)
        marked.append(replace(part, checks=checks))
    idle = [
        Check(
            waiver.check, "warn", f"waived ({waiver.reason}), but this document has no such gate: remove it"
        )
        for waiver in waivers
        if waiver.check not in used
    ]
    return marked + ([Part(TITLE, idle)] if idle else [])


def _waived(check: Check, reason: str) -> Check:
    if check.outcome == "pass":
        shown = f"{check.shown}; waived ({reason}), but it passes: remove the waiver"
        return replace(check, outcome="warn", shown=shown, waived=reason)
    return replace(check, outcome="waived", shown=f"{check.shown}; waived: {reason}", waived=reason)
