#!/usr/bin/env bash
# 安装并运行全部测试 / Install (editable, with test extras) and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh --dev
# Tests run on every core (pytest-xdist; a module's tests stay on one worker, so its fixtures are built once);
# CPF_TEST_WORKERS=0 runs them in this process, e.g. to debug one test.
exec .venv/bin/python -m pytest -n "${CPF_TEST_WORKERS:-auto}" --dist loadscope "$@"
