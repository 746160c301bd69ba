"""The command line (``cpaudit``): thin commands over :mod:`cpframework.evaluation.service` and the
report, project and screening packages.  ``run`` holds the exit-code policy.  Importing this package
imports nothing else: ``entry`` shows a kept ``--help``/``standards`` output without click
(:mod:`cpframework.cli.output_cache`)."""
from __future__ import annotations

import sys
from typing import Any

__all__ = ["EXIT_CODES", "cli", "entry", "main"]


def entry() -> None:
    """The ``cpaudit`` console script."""
    from cpframework.cli import output_cache

    argv = sys.argv[1:]
    if output_cache.replay(output_cache.key(argv)):
        sys.exit(0)
    from cpframework.cli.run import entry as run

    output_cache.run_and_keep(argv, run)


def __getattr__(name: str) -> Any:
    if name in ("EXIT_CODES", "cli", "main"):
        from cpframework.cli import commands

        return getattr(commands, name)
    raise AttributeError(name)
