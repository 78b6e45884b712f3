"""Tests of handouts.batch: many specs built in worker processes, through the library."""
