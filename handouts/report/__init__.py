"""The quality report: for one built document, the evidence that it meets the standards a clinic is held to.

`model` (checks and parts), the measures (`prose`, `readability`, `plain_language`, `actionability`
with `phones` and `items`, `legibility`, `governance`), `make` (a report on a built document) and
`output` (text and JSON); `words` (which language a report is in, and its words from the catalogues).
"""
