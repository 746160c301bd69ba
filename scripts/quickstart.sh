#!/usr/bin/env bash
# 一键体验 / Quick start: create .venv, install cpframework with its built-in standards, then run
# check / evaluate / status / report on the bundled park example.  Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet .

# Charts need a CJK font.  On Debian/Ubuntu install fonts-noto-cjk when none is present.
if ! .venv/bin/python -c "import sys; from cpframework.report.charts import cjk_font; sys.exit(0 if cjk_font() else 1)" 2>/dev/null; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "未找到中文字体，正在安装 fonts-noto-cjk …"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends fonts-noto-cjk >/dev/null) \
      || echo "提示：fonts-noto-cjk 安装失败；报告照常生成，但图表位置会显示缺字体的说明。"
  elif command -v apt-get >/dev/null 2>&1 && command -v sudo >/dev/null 2>&1; then
    sudo apt-get install -y -qq --no-install-recommends fonts-noto-cjk >/dev/null \
      || echo "提示：请安装中文字体：sudo apt-get install fonts-noto-cjk"
  else
    echo "提示：未找到中文字体（如 Noto Sans CJK SC / 思源黑体 / 宋体）。报告照常生成，但图表需要中文字体才能显示。"
  fi
fi

DEMO=examples/park_demo
mkdir -p out
set -x
.venv/bin/cpaudit standards
.venv/bin/cpaudit check "$DEMO"
.venv/bin/cpaudit evaluate "$DEMO"
.venv/bin/cpaudit evaluate "$DEMO" --format json -o out/park_demo-evaluation.json --force
.venv/bin/cpaudit status "$DEMO"
.venv/bin/cpaudit report "$DEMO" -o out/park_demo-审核报告.docx --force
