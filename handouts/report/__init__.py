"""The quality report: for one built document, the evidence that it meets the standards a clinic is held to.

`model` (checks and parts), the measures (`prose`, `readability`, `plain_language`, `actionability`
with `phones` and `items`, `legibility`), `make` (a report on a built document) and `output` (text and
JSON).
"""
