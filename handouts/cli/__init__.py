"""The last stage: the `handouts` command, a thin shell over the public API (`handouts/__init__.py`).

`main` (the command group and its entry point), `errors` (the one place errors become lines and exit
codes), `options` (the options commands share), one module per group of commands, and `progress`
(what a batch shows while it runs).
"""
