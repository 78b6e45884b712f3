"""The bundled typefaces (Noto, Nanum and Droid derived faces: see NOTICE.txt).

Shipped in the package as handouts.font_files.
"""
