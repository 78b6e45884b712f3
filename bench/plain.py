"""The baseline: the same words laid out by one plain, untagged ReportLab platypus pass.

`words_of` (set-up, not timed) composes a handout's page with `handouts` at the size its fitting chose
and writes down, as plain data, every paragraph it holds: its markup, bullet and style attributes, and
each table's cells and column widths. `plain_pdf` (timed) uses nothing of `handouts`: ReportLab's own
TTFont faces read from the bundled font files under names of their own, ParagraphStyles made from the
data, one `SimpleDocTemplate.build` on the same paper and margins (two column frames for a clinician
summary), compressed binary page streams as `handouts` writes them, no tags, no fitting.

Run as a script, `python bench/plain.py WORDS.json OUT.pdf` is the cold plain command: a new process
that imports ReportLab, reads the faces and writes the PDF, to set beside a cold `handouts build`.
"""

from __future__ import annotations

import io
import json
import re
import sys
from pathlib import Path
from typing import Any

FONTS = Path(__file__).resolve().parent.parent / "fonts"
FACES = {
    "PlainSans": "NotoSans-Regular.ttf",
    "PlainSans-Bold": "NotoSans-Bold.ttf",
    "PlainSans-Italic": "NotoSans-Italic.ttf",
    "PlainSans-BoldItalic": "NotoSans-BoldItalic.ttf",
    "PlainSymbols": "NotoSansMath-Regular.ttf",
}
RENAMED = (("HandoutsSans", "PlainSans"), ("HandoutsSymbols", "PlainSymbols"))


# --- set-up: the words of a handout, as plain data (uses handouts; never timed) ----------------------


def words_of(spec: Any, body_size: float, level: int = 0) -> dict[str, Any]:
    """Everything the plain pass lays out for `spec` at `body_size`: JSON-ready, no handouts objects."""
    from reportlab.platypus import Paragraph, Table

    from handouts import Document
    from handouts.layout.page_layout import Layout

    layout = Layout(Document(spec))
    page = layout.compose(body_size, level)

    def paragraph(flowable: Any) -> dict[str, Any]:
        key = flowable.__dict__.get("_key")
        markup, bullet = (key[0], key[1]) if key else (flowable.text, getattr(flowable, "bulletText", None))
        return {"markup": _renamed(markup), "bullet": bullet, "style": _style(flowable.style)}

    def walk(flowable: Any, depth: int = 0) -> list[dict[str, Any]]:
        if isinstance(flowable, Paragraph):
            return [paragraph(flowable)]
        if isinstance(flowable, Table):
            rows = [[_flat(cell, walk) for cell in row] for row in flowable._cellvalues]
            return [{"table": rows, "widths": [float(w) for w in flowable._colWidths]}]
        found: list[dict[str, Any]] = []
        if depth < 4:
            for value in vars(flowable).values():
                for child in _flowables(value):
                    found += walk(child, depth + 1)
        return found

    items = [
        item
        for unit in page.top + page.body + page.bottom
        for flowable in unit.flowables
        for item in walk(flowable)
    ]
    margin = layout.template.margin
    return {"paper": list(layout.paper), "margin": margin, "columns": page.columns,
            "gap": page.column_gap, "items": items, "faces": faces_of(items)}  # fmt: skip


def _flowables(value: Any) -> list[Any]:
    from reportlab.platypus import Flowable

    if isinstance(value, Flowable):
        return [value]
    if isinstance(value, list | tuple):
        return [child for item in value for child in _flowables(item)]
    return []


def _flat(cell: Any, walk: Any) -> list[dict[str, Any]]:
    return [item for flowable in _flowables(cell) for item in walk(flowable)]


_TAG_MARKER = re.compile(r"<onDraw [^>]*/>")  # handouts' tagging callbacks: not part of a plain pass


def _renamed(text: str) -> str:
    text = _TAG_MARKER.sub("", text)
    for old, new in RENAMED:
        text = text.replace(old, new)
    return text


def _style(style: Any) -> dict[str, Any]:
    from reportlab.lib.colors import Color
    from reportlab.lib.styles import ParagraphStyle

    data: dict[str, Any] = {}
    for key in ParagraphStyle.defaults:
        value = getattr(style, key)
        if isinstance(value, Color):
            data[key] = {"color": value.hexval()}
        elif isinstance(value, str):
            data[key] = _renamed(value)
        elif value is None or isinstance(value, int | float | bool):
            data[key] = value
    return data


# --- the plain pass (ReportLab alone; this is what is timed) -----------------------------------------

_registered: set[str] = set()


def faces_of(items: list[dict[str, Any]]) -> list[str]:
    """The faces the words use: regular and bold, the italics and the symbols face only when some
    markup asks for them (as handouts reads its faces). Set-up, not timed."""
    text = json.dumps(items)
    wanted = ["PlainSans", "PlainSans-Bold"]
    if "<i>" in text:
        wanted += ["PlainSans-Italic", "PlainSans-BoldItalic"]
    if "PlainSymbols" in text:
        wanted.append("PlainSymbols")
    return wanted


def register_faces(wanted: list[str]) -> None:
    """ReportLab's own TTFont for each face, read once per process."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name in wanted:
        if name not in _registered:
            font = TTFont(name, str(FONTS / FACES[name]))
            # registerFont would hand back an object already registered for the same font file, and in
            # the benchmark's process that is handouts' own face (which keeps word widths): the plain
            # pass must measure with ReportLab's, so the face is set under its name directly.
            pdfmetrics._fonts[name] = font
            pdfmetrics.registerFontFamily(name)  # as registerFont does: the face stands in for its styles
            _registered.add(name)
    for bold, italic, name in ((0, 0, "PlainSans"), (1, 0, "PlainSans-Bold"),
                               (0, 1, "PlainSans-Italic"), (1, 1, "PlainSans-BoldItalic")):  # fmt: skip
        addMapping("PlainSans", bold, italic, name)


def plain_pdf(words: dict[str, Any]) -> bytes:
    """One platypus pass over the words: no fitting, no tags."""
    from reportlab import rl_config
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

    register_faces(words["faces"])
    width, height = words["paper"]
    margin, columns, gap = words["margin"], words["columns"], words["gap"]
    column = (width - 2 * margin - (columns - 1) * gap) / columns
    frames = [
        Frame(margin + n * (column + gap), margin, column, height - 2 * margin, id=f"c{n}")
        for n in range(columns)
    ]
    buffer = io.BytesIO()
    document = BaseDocTemplate(buffer, pagesize=(width, height), invariant=1, pageCompression=1)
    document.addPageTemplates([PageTemplate("page", frames)])
    story = [_flowable(item, column) for item in words["items"]]
    before, rl_config.useA85 = rl_config.useA85, 0  # binary streams, as handouts writes them
    try:
        document.build(story)
    finally:
        rl_config.useA85 = before
    return buffer.getvalue()


def _flowable(item: dict[str, Any], room: float) -> Any:
    from reportlab.platypus import Paragraph, Table

    if "table" not in item:
        return Paragraph(item["markup"], _paragraph_style(item["style"]), item["bullet"])
    widths = item["widths"]
    scale = min(1.0, room / sum(widths))
    cells = [[[_flowable(part, room) for part in cell] for cell in row] for row in item["table"]]
    return Table(cells, colWidths=[w * scale for w in widths])


_styles: dict[str, Any] = {}


def _paragraph_style(data: dict[str, Any]) -> Any:
    from reportlab.lib.colors import HexColor
    from reportlab.lib.styles import ParagraphStyle

    values = {k: HexColor(v["color"]) if isinstance(v, dict) else v for k, v in data.items()}
    return ParagraphStyle("plain", **values)


def main() -> None:
    words = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    Path(sys.argv[2]).write_bytes(plain_pdf(words))


if __name__ == "__main__":
    main()
