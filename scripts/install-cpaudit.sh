#!/usr/bin/env bash
# 一条命令安装 cpaudit（Linux / macOS），之后在任何文件夹中都能直接输入 cpaudit。
#   bash scripts/install-cpaudit.sh
# 做的事：在 ~/.local/share/cpaudit 中建一个独立的 Python 环境，装入 cpframework 和全部内置标准
# （不是开发用的可编辑安装），再把 cpaudit 链接到 ~/.local/bin。再次运行即更新到本仓库的版本。
# 可用环境变量改位置：CPAUDIT_HOME（环境所在文件夹）、CPAUDIT_BIN（放 cpaudit 的文件夹）、PYTHON（解释器）。
# Windows 请在 PowerShell 中运行 scripts\install.ps1。
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
HOME_DIR=${CPAUDIT_HOME:-${XDG_DATA_HOME:-$HOME/.local/share}/cpaudit}
BIN=${CPAUDIT_BIN:-$HOME/.local/bin}
PY=${PYTHON:-python3}

if ! command -v "$PY" >/dev/null 2>&1; then
  echo "未找到 $PY：请先安装 Python 3.11 或更高版本（Debian/Ubuntu：sudo apt-get install python3 python3-venv；macOS：从 python.org 安装）。" >&2
  exit 1
fi
if ! "$PY" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)'; then
  echo "cpaudit 需要 Python 3.11 或更高版本，当前 $PY 是 $("$PY" -V 2>&1)。可用 PYTHON=python3.12 bash $0 指定解释器。" >&2
  exit 1
fi

echo "正在安装 cpaudit 到 $HOME_DIR（首次约需几分钟）…"
mkdir -p "$HOME_DIR" "$BIN"
if [ ! -x "$HOME_DIR/venv/bin/python" ]; then
  "$PY" -m venv "$HOME_DIR/venv" || { echo "无法创建 Python 环境：请安装 venv 模块（Debian/Ubuntu：sudo apt-get install python3-venv）。" >&2; exit 1; }
fi
"$HOME_DIR/venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
args=("$REPO")
for p in "$REPO"/plugins/*/; do args+=("$p"); done
"$HOME_DIR/venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade "${args[@]}"
ln -sf "$HOME_DIR/venv/bin/cpaudit" "$BIN/cpaudit"

echo
"$BIN/cpaudit" doctor || true
echo
echo "安装完成：$BIN/cpaudit"
case ":$PATH:" in
  *":$BIN:"*)
    echo "下一步：在任何文件夹中运行  cpaudit standards  查看可用标准，"
    echo "        cpaudit init 我的项目 -s park_cppc -n \"某某经济开发区\"  创建项目。" ;;
  *)
    echo "$BIN 还不在命令搜索路径（PATH）中。请运行下面一行（之后新开的终端都有效），再新开一个终端："
    shell_rc="$HOME/.bashrc"; [ "${SHELL##*/}" = zsh ] && shell_rc="$HOME/.zshrc"
    echo "  echo 'export PATH=\"$BIN:\$PATH\"' >> $shell_rc"
    echo "或直接用完整路径运行：$BIN/cpaudit standards" ;;
esac
