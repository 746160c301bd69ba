"""The metamorphic sweep on the fifth standard (built on the public API only, outside the core): every
deletion, duplication, blanked required cell and ×100 of a row of its example project is flagged by
``check`` or leaves every result unchanged."""
import sys

import pytest

from cpframework.project.create import create_project
from cpframework.testing import make_registry
from cpframework.testing.metamorphic import Sweep

from .conftest import REPO
from .unido_project import fill


@pytest.fixture(scope="module")
def sweep(tmp_path_factory):
    sys.path.insert(0, str(REPO / "examples" / "plugins" / "unido_cpa"))
    try:
        from cpf_unido_cpa.plugin import plugin

        registry = make_registry(("unido_cpa", plugin))
        root = tmp_path_factory.mktemp("unido") / "acme"
        create_project(root, registry.standard("unido_cpa"), name="ACME Textiles", year=2025)
        fill(root)
        yield Sweep.load(root, registry=registry)
    finally:
        sys.path.remove(str(REPO / "examples" / "plugins" / "unido_cpa"))


def test_every_mutation_is_flagged_or_changes_nothing(sweep):
    mutations = sweep.all()
    assert len(mutations) > 20
    failures = [v for v in sweep.run(mutations) if not v.ok]
    assert not failures, "\n".join(v.text() for v in failures[:15])
