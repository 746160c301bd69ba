"""The command line (``cpaudit``): thin commands over :mod:`cpframework.evaluation.service` and the
report, project and screening packages.  ``run`` holds the exit-code policy."""
from cpframework.cli.commands import EXIT_CODES, cli, entry, main

__all__ = ["EXIT_CODES", "cli", "entry", "main"]
