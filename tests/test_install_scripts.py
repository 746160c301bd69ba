"""The install scripts parse: bash with ``bash -n``; PowerShell with pwsh's own parser where pwsh exists,
otherwise with a small tokenizer (strings, comments, here-strings left out; brackets must balance). The
PowerShell script must be UTF-8 with a BOM, or Windows PowerShell 5.1 reads its Chinese as ANSI.
(The fresh-environment install itself runs in CI: scripts/test-install.sh.)"""
from __future__ import annotations

import shutil
import subprocess

import pytest

from .conftest import REPO

SCRIPTS = REPO / "scripts"
PS1 = SCRIPTS / "install.ps1"


@pytest.mark.parametrize("name", sorted(p.name for p in SCRIPTS.glob("*.sh")))
def test_bash_scripts_parse(name):
    res = subprocess.run(["bash", "-n", str(SCRIPTS / name)], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr


def ps_brackets(text: str) -> list[str]:
    """Problems with PowerShell's brackets and quotes, strings and comments skipped."""
    pairs, stack, problems, i, line = {")": "(", "}": "{", "]": "["}, [], [], 0, 1
    while i < len(text):
        c = text[i]
        if c == "\n":
            line += 1
        if c == "#":
            i = text.find("\n", i)
            if i < 0:
                break
            continue
        if c in "'\"":
            j = i + 1
            while j < len(text):
                if c == '"' and text[j] == "`":
                    j += 2
                    continue
                if text[j] == c:
                    if text[j + 1:j + 2] == c:  # '' or "" inside the string
                        j += 2
                        continue
                    break
                if text[j] == "\n" and c == "'":
                    problems.append(f"第 {line} 行：单引号字符串未闭合")
                    break
                j += 1
            else:
                problems.append(f"第 {line} 行：字符串未闭合")
            line += text.count("\n", i, j)
            i = j + 1
            continue
        if c in "({[":
            stack.append((c, line))
        elif c in ")}]":
            if not stack or stack[-1][0] != pairs[c]:
                problems.append(f"第 {line} 行：多余的 {c}")
            else:
                stack.pop()
        i += 1
    problems += [f"第 {ln} 行：{c} 未闭合" for c, ln in stack]
    return problems


def test_powershell_script_is_utf8_with_bom_and_parses():
    raw = PS1.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw[3:].decode("utf-8")
    assert "$ErrorActionPreference = 'Stop'" in text
    assert ps_brackets(text) == []
    pwsh = shutil.which("pwsh") or shutil.which("powershell")
    if pwsh:
        cmd = ("$e=$null; [void][System.Management.Automation.Language.Parser]::ParseFile("
               f"'{PS1}', [ref]$null, [ref]$e); if ($e) {{ $e | Out-String; exit 1 }}")
        res = subprocess.run([pwsh, "-NoProfile", "-Command", cmd], capture_output=True, text=True)
        assert res.returncode == 0, res.stdout + res.stderr


def test_bracket_checker_finds_mistakes():
    assert ps_brackets("if ($a) { 'x' }") == []
    assert ps_brackets("Write-Host \"a `\" (b\"") == []
    assert ps_brackets("# ( only in a comment\n'it''s'") == []
    assert ps_brackets("if ($a) { 'x' ") == ["第 1 行：{ 未闭合"]
    assert ps_brackets("foo)") == ["第 1 行：多余的 )"]
    assert ps_brackets("'open\n") == ["第 1 行：单引号字符串未闭合"]
