"""A spec's figures: each image read from the spec's own folder and checked (handouts.images, the rules
of a clinic's logo with a figure's limits), then kept on its block, so the bytes checked are the bytes
printed. Read from the file's table as written, so that a figure's image is checked even when other
parts of the spec are wrong: every mistake in one run.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import Problem, shown
from .blocks import Figure
from .draft import Draft
from .model import Spec

if TYPE_CHECKING:
    from ..images import Picture, Rules

MAX_FIGURE_BYTES = 4 * 1024 * 1024  # a picture printed across a column at 300 dpi needs less


def figure_rules() -> Rules:
    from ..images import Rules  # Pillow and its checks load only for a spec with a figure

    return Rules(
        noun="a figure",
        folder="the spec's folder",
        max_bytes=MAX_FIGURE_BYTES,
        min_side=32,  # pixels: smaller prints as a blur at any useful size
        max_side=4000,  # pixels: 16 megapixels at most, so decoding one stays cheap
        max_aspect=6,  # wider or taller than this prints as a sliver in a column
    )


def read_figures(draft: Draft, spec: Spec | None, folder: Path | None, file: str) -> list[Problem]:
    """Read and check the image of every figure in the draft; give each figure of `spec` its picture.

    `folder` is the spec's folder (None when the spec was given as text: then a figure cannot be read).
    """
    found = list(named_figures(draft))
    if not found:
        return []
    pictures: dict[str, Picture] = {}
    problems: list[Problem] = []
    for path, name in found:
        if folder is None:
            message = "cannot be read: the spec's folder is not known (validate the file, not its text)"
            problems.append(Problem(file, draft.where(f"{path}.image"), message))
            continue
        if name not in pictures:
            refusal = _read(name, folder, pictures)
            if refusal:
                problems.append(Problem(file, draft.where(f"{path}.image"), f"{shown(name)} {refusal}"))
    if spec is not None and not problems:
        for figure in spec_figures(spec):
            figure.keep_picture(pictures[figure.image])
    return problems


def _read(name: str, folder: Path, pictures: dict[str, Picture]) -> str | None:
    """Read `name` into `pictures`; why it cannot be used, if it cannot."""
    from ..images import Refused, read_image

    try:
        pictures[name] = read_image(name, folder, figure_rules())
    except Refused as error:
        return str(error)
    return None


def named_figures(draft: Draft) -> Iterator[tuple[str, str]]:
    """(path of the block, image name) for each figure whose image is named and sound in the draft."""
    for number, section in enumerate(draft.sections(), start=1):
        blocks = section.get("blocks") if isinstance(section, Mapping) else None
        if not isinstance(blocks, list):
            continue
        for place, block in enumerate(blocks, start=1):
            path = f"sections[{number}].blocks[{place}]"
            if not isinstance(block, Mapping) or block.get("kind") != "figure":
                continue
            image = block.get("image")
            if isinstance(image, str) and draft.usable(f"{path}.image"):
                yield path, image


def image_files(draft: Draft | None, spec: Path) -> list[Path]:
    """The image files the figures of a spec (its draft) name, in the spec's folder."""
    return [spec.parent / image for _, image in named_figures(draft)] if draft is not None else []


def spec_figures(spec: Spec) -> Iterator[Figure]:
    """Every figure of a spec, in reading order."""
    for section in spec.sections:
        for block in section.blocks:
            if isinstance(block, Figure):
                yield block
