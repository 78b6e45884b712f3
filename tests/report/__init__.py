"""Tests of handouts.report: the quality report on built documents."""
