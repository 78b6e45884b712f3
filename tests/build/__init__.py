"""Tests of handouts.build: whole documents built from specs (and clinic profiles) into PDFs."""
