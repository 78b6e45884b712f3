"""The words the tool prints itself, in the page's language (see catalogue.py)."""
