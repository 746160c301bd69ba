"""Test helpers shipped to plugin authors (like tox's ``tox.pytest``).

* :func:`check_standard` / :func:`assert_standard_ok` — the contract every standard must meet
  (:mod:`cpframework.testing.contract`);
* :func:`uses` — declare the data tables a renderer or status check reads;
* :func:`make_registry` / :func:`installed_registry` — fresh registries with inline or installed
  plugins (:mod:`cpframework.testing.registries`), and the pytest fixtures ``cpf_registry`` /
  ``cpf_make_registry`` (:mod:`cpframework.testing.fixtures`, the only module here importing pytest);
* :func:`set_cells` / :func:`append_rows` — fill a project's workbook from a test;
* :func:`deliverable_problems` / :func:`text_problems` — developer notes, research codes, English identifiers
  and code notation in a report or CLI output (:mod:`cpframework.testing.deliverable`);
* :func:`trace_redo_problems` / :func:`docx_trace_problems` — a trace (or every trace printed in a report)
  whose printed substitution does not give its printed result, or that uses programming notation
  (:mod:`cpframework.testing.traces`);
* :func:`cpaudit_main` (``cpaudit ARGS`` in process: exit code as the shell sees it) and :data:`cpaudit_cli`
  (the click group, for ``click.testing.CliRunner``).

A plugin's contract test is two lines::

    from cpframework.testing import assert_standard_ok

    def test_contract():
        assert_standard_ok("my_standard")
"""
from cpframework.testing.contract import assert_standard_ok, check_standard, uses
from cpframework.testing.deliverable import deliverable_problems, text_problems
from cpframework.testing.registries import installed_registry, make_registry
from cpframework.testing.traces import docx_trace_problems, trace_redo_problems
from cpframework.testing.workbook import append_rows, set_cells


def cpaudit_main(argv: list[str]) -> int:
    """Run ``cpaudit`` with ``argv`` in this process and return its exit code (0/1/2/3)."""
    from cpframework.cli import main

    return main(argv)


def __getattr__(name: str):  # the click group and the metamorphic sweep, imported only when a test asks
    if name == "cpaudit_cli":
        from cpframework.cli import cli

        return cli
    if name in ("Sweep", "Mutation", "MUTATION_KINDS"):
        from cpframework.testing import metamorphic

        return {"Sweep": metamorphic.Sweep, "Mutation": metamorphic.Mutation, "MUTATION_KINDS": metamorphic.KINDS}[name]
    raise AttributeError(name)


__all__ = ["MUTATION_KINDS", "Mutation", "Sweep", "append_rows", "assert_standard_ok", "check_standard", "cpaudit_cli", "cpaudit_main", "deliverable_problems", "docx_trace_problems",
           "installed_registry",
           "make_registry", "set_cells", "text_problems", "trace_redo_problems", "uses"]
