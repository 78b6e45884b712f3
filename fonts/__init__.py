"""The bundled typefaces (Noto Sans, SIL Open Font License 1.1: see OFL.txt).

Shipped in the package as handouts.font_files.
"""
