"""The PDF stage: writing a laid-out document, and reading PDFs back.

`writing` (draw and save), `reading` (the one guarded way any PDF is opened), `printed` (a page as it
comes off the printer, replayed from its content stream), `check` (a built PDF against its spec) and
`letters` (handouts attached to a patient letter), with what a merge needs: `refusals` (letters not
to attach to), `active` (nothing that runs or reaches out left in the merged file), `pruning` (what
nothing refers to any more taken out of its bytes), `tag_merge` (one structure tree), `subsets` (font
names kept apart) and `resources` (what pages draw with).
"""
