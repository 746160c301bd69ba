#!/usr/bin/env bash
# 安装 cpframework 及全部内置标准到 .venv / Install the core and every built-in standard into .venv.
#   bash scripts/install.sh          普通安装（scripts/quickstart.sh 使用）
#   bash scripts/install.sh --dev    可编辑安装，含测试依赖（scripts/test.sh 使用；开发时用它）
# 每个内置标准是 plugins/ 下的一个独立发行包（自己的 pyproject.toml），这里用一条 pip 命令把核心和它们一起装上。
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv || { echo "无法创建虚拟环境 .venv：请安装 Python ≥ 3.11 及其 venv 模块（Debian/Ubuntu：sudo apt-get install python3-venv）。" >&2; exit 1; }
fi
.venv/bin/python -m pip install --quiet --upgrade pip
if [ "${1:-}" = "--dev" ]; then
  args=(-e ".[test]")
  for p in plugins/*/; do args+=(-e "${p}[test]"); done
else
  args=(.)
  for p in plugins/*/; do args+=("$p"); done
fi
.venv/bin/python -m pip install --quiet "${args[@]}"
