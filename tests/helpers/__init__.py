"""Helpers shared by the tests: paths, specs written in a test, clinic profiles, reading PDFs back and
running the command line. Each test file imports what it needs from the module that defines it."""
