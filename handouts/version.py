"""The version of handouts: printed by --version, in every PDF's producer line and in the report's JSON."""

__version__ = "0.1.0"
