"""The layout stage: a document's content as ReportLab flowables, measured and placed on its page(s).

`fonts`, `styles`, `memory` and `measuring` (type, colour, what a build learns about its text and the
paragraphs measured with it; `fragments` reads the layout's own markup), `page` (the
contract between templates and fitting), `writer`, `blocks`, `grid`, `callouts` and `furniture` (the
pieces), `patient` and `clinician` (one template per audience), `fitting` (the largest size that fits)
and `page_layout` (a whole document laid out, at a size or fitted).
"""
