"""The PDF stage: writing a laid-out document, and reading PDFs back.

`writing` (draw and save), `reading` (the one guarded way any PDF is opened), `printed` (a page as it
comes off the printer, replayed from its content stream), `check` (a built PDF against its spec) and
`letters` (handouts attached to a patient letter).
"""
