"""Fixtures for the web app: a served directory holding a copy of the park demo, a test client that
has passed the token gate, and synthetic screening inputs."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
TOKEN = "test-token-123"



def pytest_configure(config):
    # Starlette 1.x nudges towards the httpx2 fork; httpx is what every Starlette version's test client takes
    config.addinivalue_line("filterwarnings", "ignore:Using `httpx` with `starlette.testclient`")


@pytest.fixture()
def served(tmp_path: Path) -> Path:
    root = tmp_path / "projects"
    root.mkdir()
    shutil.copytree(EXAMPLES / "park_demo", root / "park")
    return root


def make_client(root: Path, **kwargs):
    from starlette.testclient import TestClient

    from cpframework.web.app import create_app

    client = TestClient(create_app(root, TOKEN, **kwargs), raise_server_exceptions=False)
    r = client.get(f"/?token={TOKEN}")
    assert r.status_code == 200
    return client


@pytest.fixture()
def client(served: Path):
    with make_client(served) as c:
        yield c


def csrf() -> str:
    from cpframework.web.security import csrf_token

    return csrf_token(TOKEN)


def wait_job(client, location: str, timeout: float = 180.0):
    """Follow a job page until it is finished; returns the last response."""
    import time

    deadline = time.monotonic() + timeout
    while True:
        r = client.get(location, follow_redirects=True)
        if 'data-running="1"' not in r.text or time.monotonic() > deadline:
            return r
        time.sleep(0.2)


def synthetic(kind: str, n: int, seed: int = 3):
    sys.path.insert(0, str(REPO / "benchmarks"))
    from screen_synthetic import industry_frame, yunnan_frame

    return (yunnan_frame if kind == "yunnan" else industry_frame)(n, seed=seed)
