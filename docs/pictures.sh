#!/usr/bin/env bash
# Rebuild the README's pictures: the bundled handouts as built, rendered at 80 dpi (poppler's pdftoppm).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
handouts=(.venv/bin/python -m handouts build --jobs 1)
"${handouts[@]}" specs/myelomalacia.toml -o "$out/m.pdf"
"${handouts[@]}" specs/myelopathy-vs-myelomalacia.toml -o "$out/c.pdf"
"${handouts[@]}" specs/myelomalacia.toml -o "$out/b.pdf" --clinic examples/clinic/clinic.toml \
    --patient "Jane Q. Public" --date 2026-11-21 --clinician "Dr A. Lee"
"${handouts[@]}" specs/myelomalacia.toml -o "$out/l.pdf" --large-print
"${handouts[@]}" specs/myelomalacia-es.toml -o "$out/e.pdf" --clinic examples/clinic/clinic.toml
"${handouts[@]}" tests/fixtures/scripts/wrist-ar.toml -o "$out/ar.pdf"
"${handouts[@]}" tests/fixtures/scripts/wrist-zh.toml -o "$out/zh.pdf"
pdftoppm -png -r 80 -singlefile "$out/m.pdf" docs/myelomalacia
pdftoppm -png -r 80 -singlefile "$out/c.pdf" docs/myelopathy-vs-myelomalacia
pdftoppm -png -r 80 -singlefile "$out/b.pdf" docs/myelomalacia-clinic
pdftoppm -png -r 80 -singlefile "$out/e.pdf" docs/myelomalacia-es-clinic
# The test pages in other scripts: their upper part, where the text is.
pdftoppm -png -r 80 -singlefile -H 600 "$out/ar.pdf" docs/scripts-ar
pdftoppm -png -r 80 -singlefile -H 440 "$out/zh.pdf" docs/scripts-zh
pdftoppm -png -r 80 "$out/l.pdf" "$out/large"
cp "$out/large-1.png" docs/myelomalacia-large-print-1.png
cp "$out/large-2.png" docs/myelomalacia-large-print-2.png
rm -r "$out"
