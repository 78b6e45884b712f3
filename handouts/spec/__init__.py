"""The first stage: a content spec as a validated model.

`model` (what a spec may hold), `walking` (every value in it, and which are printed text), `markup`
(its inline text), `toml` and `loading` (bytes to a validated spec), `wording` (pydantic's errors in
an author's words), `rules` (cross-field checks), `governance` (content hash, review status) and
`starter` (the spec `handouts new` writes).
"""
