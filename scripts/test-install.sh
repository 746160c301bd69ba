#!/usr/bin/env bash
# 全新环境安装测试（CI 使用）：把 cpaudit 装进一个临时位置，然后在另一个文件夹中按 PATH 调用它，
# 创建并检查一个新项目 —— 与新用户运行 scripts/install-cpaudit.sh 之后做的一样。
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
CPAUDIT_HOME="$TMP/home" CPAUDIT_BIN="$TMP/bin" bash "$REPO/scripts/install-cpaudit.sh" > "$TMP/install.log" 2>&1 \
  || { cat "$TMP/install.log"; exit 1; }
grep -q "安装完成" "$TMP/install.log"
if grep -E "SetuptoolsDeprecationWarning|ambiguous|Traceback" "$TMP/install.log"; then
  echo "安装输出中有 setuptools 警告或回溯（见上）" >&2; exit 1
fi
mkdir "$TMP/work" && cd "$TMP/work"
export PATH="$TMP/bin:$PATH"
[ "$(command -v cpaudit)" = "$TMP/bin/cpaudit" ]
cpaudit doctor >/dev/null
cpaudit standards | grep -q zhengzhou_enterprise
cpaudit init 新项目 -s park_cppc -n "某某经济开发区" -y 2025 >/dev/null
(cd 新项目 && cpaudit check >/dev/null) || [ $? -eq 1 ]   # an unfilled workbook may have errors: exit 1, not 2/3
echo "全新环境安装测试通过：$(cpaudit --version)"
