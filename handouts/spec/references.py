"""A spec's references: the sources it cites by number, with journal details, and DOIs and PMIDs kept
in one form whatever form they were given in (a DOI as its doi.org address, a PMID with its label)."""

from __future__ import annotations

import re
from typing import Annotated
from urllib.parse import unquote

from pydantic import AfterValidator, Field

from .fields import Model, Short, Text, WebAddress, about

_DOI_PREFIX = re.compile(r"(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_DOI = re.compile(r"10\.[0-9]{4,9}/\S+\Z")
_PMID = re.compile(
    r"(?:pmid:?\s*)?(?P<id>[0-9]{1,9})\Z"
    r"|https?://(?:www\.)?(?:pubmed\.ncbi\.nlm\.nih\.gov|ncbi\.nlm\.nih\.gov/pubmed)/(?P<linked>[0-9]{1,9})/?\Z",
    re.IGNORECASE,
)


def _doi(text: str) -> str:
    """A DOI as its bare name, 10.prefix/suffix: a doi.org address or a "doi:" label is taken off (the
    page prints "doi:" and links to doi.org itself)."""
    bare = _DOI_PREFIX.sub("", text, count=1)
    if bare != text and bare.startswith("10.") and "%" in bare:  # an address may escape the name
        bare = unquote(bare)
    if not _DOI.match(bare):
        raise ValueError(
            "must be a DOI such as '10.1056/NEJMoa2034577' (its https://doi.org/ address will do)"
        )
    return bare


def _pmid(text: str) -> str:
    """A PubMed id as its digits: a "PMID" label or a PubMed address is taken off."""
    found = _PMID.match(text)
    if not found:
        raise ValueError(
            "must be a PubMed id: digits, e.g. '31415926' (a PMCID such as 'PMC1234' is another id)"
        )
    return found["id"] or found["linked"]


# Volume and issue of a journal ("19", "4", "Suppl 2") and its pages ("112-9", "e0123", "S1-S10").
Numbering = Annotated[str, Field(min_length=1, max_length=20, pattern=r"^[0-9A-Za-z][0-9A-Za-z .\-\u2013]*$")]
Doi = Annotated[str, Field(max_length=300), AfterValidator(_doi)]
Pmid = Annotated[str, Field(max_length=80), AfterValidator(_pmid)]


class Reference(Model):
    """A numbered source; the first in the list is [1]."""

    authors: Short | None = about(
        "The authors, as the reference list prints them.", "Smith J, Lee A", default=None
    )
    title: Text = about("The title of the article, book or guideline.", "Outcomes of surgery for neck pain")
    source: Short = about("The journal or publisher.", "Spine J")
    year: Annotated[int, Field(ge=1800, le=2100)] = about("The year it was published.", 2019)
    volume: Numbering | None = about("The journal's volume.", "19", default=None)
    issue: Numbering | None = about("The journal's issue.", "4", default=None)
    pages: Numbering | None = about("The pages, or the article number.", "112-9", default=None)
    doi: Doi | None = about(
        "Its DOI; a https://doi.org/ address or a 'doi:' label is taken off.", "10.1000/xyz123", default=None
    )
    pmid: Pmid | None = about(
        "Its PubMed id; a 'PMID' label or a PubMed address is taken off.", "12345678", default=None
    )
    url: WebAddress | None = about(
        "Where to read it online, when it has no DOI.", "https://example.org/guideline", default=None
    )
