"""Tests of handouts.spec: the content model, its markup, loading and validation."""
