"""The bundled typefaces (Noto Sans, SIL Open Font License 1.1: see OFL.txt), shipped as handouts.font_files."""
