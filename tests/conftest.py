import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

settings.register_profile("default", deadline=None, max_examples=60)
settings.register_profile("fast", deadline=None, max_examples=15)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"


@pytest.fixture(scope="session")
def registry():
    from cpframework.host.registry import get_registry

    reg = get_registry()
    if "park_cppc" not in {s.id for s in reg.standards()}:
        pytest.fail("内置插件未安装：请先运行 pip install -e . （入口点只有安装后才存在）")
    return reg


@pytest.fixture()
def park_copy(tmp_path):
    """A writable copy of examples/park_demo."""
    dst = tmp_path / "park"
    shutil.copytree(EXAMPLES / "park_demo", dst)
    return dst
