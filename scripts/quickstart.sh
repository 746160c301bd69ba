#!/usr/bin/env bash
# 一键体验 / Quick start: create .venv, install cpframework with its built-in standards, then run
# check / evaluate / status / report on the bundled park example.  Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "正在安装 cpframework 及全部内置标准到 .venv（首次约需几分钟）…"
bash scripts/install.sh

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
REPORT=out/park_demo-审核报告.docx
mkdir -p out
step() { echo; echo "▶ $1：cpaudit ${*:2}"; .venv/bin/cpaudit "${@:2}"; }
step "可用标准" standards
step "检查园区示例的数据" check "$DEMO"
step "计算并分级指标" evaluate "$DEMO"
step "导出评价结果" evaluate "$DEMO" --format json -o out/park_demo-evaluation.json --force
step "审核进度" status "$DEMO"
step "生成审核报告" report "$DEMO" -o "$REPORT" --force

CPAUDIT="$PWD/.venv/bin/cpaudit"
cat <<DONE

完成。示例报告：$PWD/$REPORT
下一步：
  检查本机环境（字体、LibreOffice）：   $CPAUDIT doctor
  把 cpaudit 装到命令路径上（任何终端、任何文件夹都能用）：bash scripts/install-cpaudit.sh
  或在本终端激活环境后直接用 cpaudit：  source .venv/bin/activate
  或在任何文件夹中用完整路径运行：     $CPAUDIT
  创建自己的项目：                     $CPAUDIT init 我的园区 -s park_cppc -n "某某经济开发区"
  然后填写 我的园区/data.xlsx，再运行： $CPAUDIT check 我的园区
  查看全部命令：                       $CPAUDIT --help
DONE
