"""Tests of handouts.pdf: reading PDFs back, checking them against their specs, and letters."""
