"""The `handouts` command end to end: one file per group of commands (handouts/cli/*_commands.py),
and the entry point itself (test_main.py)."""
