"""pytest fixtures over :mod:`cpframework.testing.registries`.

Bring them into a test module with ``from cpframework.testing.fixtures import cpf_registry, cpf_make_registry``,
or into a whole suite with ``pytest_plugins = ["cpframework.testing.fixtures"]`` in the top-level conftest.py.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from cpframework.testing.registries import installed_registry, make_registry


@pytest.fixture()
def cpf_registry() -> Any:
    """A fresh registry over the installed plugins."""
    return installed_registry()


@pytest.fixture()
def cpf_make_registry() -> Callable[..., Any]:
    """The :func:`make_registry` factory, as a fixture."""
    return make_registry
