#!/usr/bin/env bash
# 安装并运行全部测试 / Install (editable, with test extras) and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh --dev
exec .venv/bin/python -m pytest "$@"
