"""Tests of handouts.layout: fonts, line counts, fitting and what the templates draw."""
