"""Build every kind of PDF the project makes and print a SHA-256 per file: proof that a change of
structure kept the output byte for byte.

    python bench/corpus.py OUT/              # builds into OUT/, prints "digest  name" lines
    python bench/corpus.py OUT/ > after.txt && diff before.txt after.txt

It goes through the command line only (which a change of structure keeps), so the same script runs
against the code before and after. The specs: the bundled ones, the test fixtures that build, and a
generated library of 100 (bench.py's seeded generator, written once into OUT/library/ and reused).
Each is built on letter and A4, neutral and with the example clinic, with a "Prepared for" line,
in large print where it is a patient handout, and attached to the example letter.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLINIC = ROOT / "examples" / "clinic" / "clinic.toml"
LETTER = ROOT / "examples" / "letter" / "letter.pdf"
PERSONAL = ["--patient", "Jane Q. Public", "--date", "2026-11-21", "--clinician", "Dr A. Lee"]
VARIANTS: dict[str, list[str]] = {
    "letter": [],
    "a4": ["--page-size", "a4"],
    "clinic": ["--clinic", str(CLINIC)],
    "clinic-a4": ["--clinic", str(CLINIC), "--page-size", "a4"],
    "personal": ["--clinic", str(CLINIC), *PERSONAL],
    "large": ["--large-print"],
    "large-clinic-a4": ["--large-print", "--clinic", str(CLINIC), "--page-size", "a4"],
}


def handouts(*arguments: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600"}
    environment.pop("HANDOUTS_CLINIC", None)
    command = [sys.executable, "-m", "handouts", *arguments]
    return subprocess.run(command, capture_output=True, text=True, env=environment, check=False)


def folders(out: Path) -> list[Path]:
    library = out / "library"
    if not library.exists():
        sys.path.insert(0, str(ROOT / "bench"))
        from bench import make_library  # type: ignore[import-not-found]

        library.mkdir(parents=True)
        make_library(library, 100)
    return [ROOT / "specs", ROOT / "tests" / "fixtures" / "build", library]


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "corpus").resolve()
    pdfs = out / "pdf"
    for folder in folders(out):
        for name, options in VARIANTS.items():
            # Large print refuses clinician summaries: those lines are expected, and not printed.
            handouts("build", str(folder), "-o", f"{pdfs / name / folder.name}/", "--jobs", "2", *options)
        for spec in sorted(folder.glob("*.toml")):
            target = pdfs / "attached" / folder.name / f"{spec.stem}.pdf"
            result = handouts("attach", str(LETTER), str(spec), "-o", str(target), *PERSONAL)
            if result.returncode:
                print(f"{target.relative_to(pdfs)}: exit {result.returncode}: {result.stderr.strip()[:200]}")
    for pdf in sorted(pdfs.rglob("*.pdf")):
        print(f"{hashlib.sha256(pdf.read_bytes()).hexdigest()}  {pdf.relative_to(pdfs)}")


if __name__ == "__main__":
    main()
