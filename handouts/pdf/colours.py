"""Colours in a content stream: the device colour spaces (and calibrated or ICC spaces standing in for
them) as red, green and blue, for judging contrast. A colour in any other space is not understood."""

from __future__ import annotations

from typing import Any

from pypdf.generic import DictionaryObject

from ..standards import RGB
from .objects import as_dict, number, resolve, resource

# Components of the colour spaces understood; calibrated spaces are read as their device twins.
_SPACES = {
    "/DeviceGray": 1,
    "/DeviceRGB": 3,
    "/DeviceCMYK": 4,
    "/CalGray": 1,
    "/CalRGB": 3,
    "/G": 1,
    "/RGB": 3,
}


def rgb(values: list[float]) -> RGB | None:
    """Device gray, RGB or CMYK as RGB; CMYK by the naive formula, which is what a viewer shows too."""
    v = [min(max(value, 0.0), 1.0) for value in values]
    if len(v) == 1:
        return v[0], v[0], v[0]
    if len(v) == 3:
        return v[0], v[1], v[2]
    if len(v) == 4:
        c, m, y, k = v
        return (1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)
    return None


def space_components(name: Any, resources: DictionaryObject) -> int:
    """How many numbers a colour in this space takes, or 0 for a space whose colours are not understood."""
    if not isinstance(name, str):
        return 0
    if name in _SPACES or name == "/CMYK":
        return 4 if name == "/CMYK" else _SPACES[name]
    space = resolve(resource(resources, "/ColorSpace", name))
    if isinstance(space, list) and space:
        family = resolve(space[0])
        if family == "/ICCBased" and len(space) > 1:
            components = int(number(as_dict(space[1]).get("/N")))
            return components if components in (1, 3, 4) else 0
        return _SPACES.get(family, 0) if family in ("/CalGray", "/CalRGB") else 0
    return _SPACES.get(space, 0) if isinstance(space, str) else 0
