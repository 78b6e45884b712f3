"""One patient's "Prepared for" details, and the check that they reach the page and nothing else."""

from __future__ import annotations

from datetime import date

from handouts import Prepared

PATIENT, ON, CLINICIAN = "Jane Q. Public", date(2026, 11, 21), "Dr A. Lee"
PREPARED = Prepared(PATIENT, ON, CLINICIAN)
PREPARED_LINE = f"Prepared for {PATIENT} on November 21, 2026 by {CLINICIAN}"  # the date in words (en-US)
PERSONAL = ["--patient", PATIENT, "--date", ON.isoformat(), "--clinician", CLINICIAN]  # the options
# Every piece of them that must never appear outside the printed page (messages, metadata, file names).
DETAILS = (PATIENT, "Jane", "Public", CLINICIAN, ON.isoformat(), ON.strftime("%Y%m%d"), "November 21")
