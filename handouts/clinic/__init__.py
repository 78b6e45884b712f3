"""The second stage: a clinic profile (identity, contact numbers, colour, logo), checked like a spec.

Finding the profile to use is here, light to import: most builds have none, and should not load the
profile's models and image checks (profile.py, logo.py) to learn that.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING

from ..errors import Problem, SpecError, setting_problem
from ..files import file_name

if TYPE_CHECKING:
    from .profile import Profile

ENVIRONMENT = "HANDOUTS_CLINIC"  # the profile to use when none is named


def find_profile(path: str | None, environ: Mapping[str, str] = os.environ) -> Profile | None:
    """The profile at `path`, else the one HANDOUTS_CLINIC names, else None (a neutral handout)."""
    if path is not None:
        if not path:
            raise SpecError([setting_problem("clinic", "needs the path of a clinic profile")])
        from .profile import load_profile

        return load_profile(path)
    path = environ.get(ENVIRONMENT, "")
    if not path:  # set but empty counts as not set, as shells make unsetting awkward
        return None
    from .profile import load_profile

    try:
        return load_profile(path)
    except SpecError as error:
        # Name the variable: whoever runs handouts may not know it is set, or where.
        named = f"{ENVIRONMENT}={file_name(path)}"
        raise SpecError([Problem(named, p.where, p.message, p.severity) for p in error.problems]) from None
