"""Can a reviewer redo a trace?  Re-evaluate its printed substitution and compare with its printed result.

A trace passes when the arithmetic printed under “代入” — with the numbers exactly as printed — gives the
number printed under “结果” to its last printed digit.  Units and words between the numbers are ignored,
``%`` is a hundredth on both sides, ``×`` ``÷`` ``−`` ``^`` and square brackets mean what they mean on paper,
full-width parentheses hold remarks (“（i = 8%，Y = 10）”) and are skipped.  Of several statements
separated by “；” the last is the calculation of the result: each side of its “=” that is arithmetic must
give the result; an earlier statement ending in “= number” must give that number.  A substitution that is not arithmetic (a list, a look-up) cannot be redone and is not
judged.

:func:`fit_substitution` uses the same evaluation to print the substituted values with just enough
decimals for the trace to redo; :func:`redo_problems` is the check (``cpframework.testing`` re-exports it
as ``trace_redo_problems``).
"""
from __future__ import annotations

import ast
import math
import re
from collections.abc import Callable
from typing import Any

# Programming notation a reader of a Chinese report does not write; the method named by its algorithm.
NOTATION = (("_{", "下标花括号"), ("cf[", "数组下标"), ("..", "区间记号“..”"), ("二分法", "算法名称"),
            ("Σ_", "求和下标记法"), ("**", "乘方记号“**”"))

_NUMBER = r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?"
_UNIT_CHAR = r"[A-Za-z\u00b0\u00b2\u00b3\u00b7\u2070-\u209f\u2100-\u214f\u3000-\u303f\u4e00-\u9fff\uff01-\uff5e·‰]"
_TOKEN = re.compile(rf"\s+|(?P<num>{_NUMBER})\s*(?P<pct>%)?|(?P<op>[-+−×÷*/^()\[\]])"
                    rf"|(?P<unit>{_UNIT_CHAR}+(?:/{_UNIT_CHAR}+)*)|(?P<other>.)")
_REMARK = re.compile(r"（[^（）]*）")
_ALLOWED = (ast.Expression, ast.BinOp, ast.UnaryOp, ast.Constant, ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow,
            ast.USub, ast.UAdd)


def evaluate(text: str) -> float | None:
    """The value of a printed arithmetic expression, or None when the text is not one."""
    text = _REMARK.sub(" ", text)
    out: list[str] = []
    for m in _TOKEN.finditer(text):
        if m.group("num"):
            num = m.group("num").replace(",", "")
            out.append(f"({num}/100)" if m.group("pct") else num)
        elif m.group("op"):
            out.append({"−": "-", "×": "*", "÷": "/", "^": "**", "[": "(", "]": ")"}.get(m.group("op"), m.group("op")))
        elif m.group("other"):
            return None
    expr = " ".join(out)
    if not expr.strip() or not any(o in expr for o in "+-*/"):
        return None
    try:
        tree = ast.parse(expr, mode="eval")
    except SyntaxError:
        return None
    if not all(isinstance(node, _ALLOWED) for node in ast.walk(tree)):
        return None
    try:
        value = _eval(tree.body)
    except (ZeroDivisionError, OverflowError, ValueError, TypeError):
        return None
    return value if isinstance(value, float) and math.isfinite(value) else None


def _eval(node: ast.AST) -> Any:
    if isinstance(node, ast.Constant):
        return float(node.value)  # type: ignore[arg-type]  # _parse admits only numeric constants
    if isinstance(node, ast.UnaryOp):
        v = _eval(node.operand)
        return -v if isinstance(node.op, ast.USub) else v
    if not isinstance(node, ast.BinOp):
        raise ValueError("expression")
    a, b = _eval(node.left), _eval(node.right)
    if isinstance(node.op, ast.Pow):
        if abs(b) > 1000 or (a < 0 and not float(b).is_integer()):
            raise ValueError("exponent")
        return float(a ** b)
    if isinstance(node.op, ast.Add):
        return a + b
    if isinstance(node.op, ast.Sub):
        return a - b
    return a * b if isinstance(node.op, ast.Mult) else a / b


def printed_number(text: str) -> tuple[float, float] | None:
    """The first number printed in ``text`` and half a unit of its last digit (both ×0.01 for a percentage)."""
    m = re.search(rf"(?P<sign>[-−])?\s*(?P<num>{_NUMBER})\s*(?P<pct>%)?", text)
    if m is None:
        return None
    digits = m.group("num").replace(",", "")
    value = float(digits) * (-1 if m.group("sign") else 1)
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    half = 0.5 * 10.0 ** -decimals
    if m.group("pct"):
        value, half = value / 100, half / 100
    return value, half


def agrees(computed: float, printed: tuple[float, float]) -> bool:
    value, half = printed
    return abs(computed - value) <= half * (1 + 1e-9) + 1e-12 * max(abs(value), 1.0)


def _claims(substitution: str, result: str) -> list[tuple[str, tuple[float, float]]]:
    """(arithmetic, printed number it must give): each statement before the last that ends in “= number”
    claims that number; the last statement claims the result."""
    statements = [st for st in re.split(r"[；;]", _REMARK.sub(" ", substitution)) if st.strip()]
    claims: list[tuple[str, tuple[float, float]]] = []
    for k, statement in enumerate(statements):
        parts = [part for part in statement.split("=") if part.strip()]
        if k == len(statements) - 1:
            target = printed_number(result)
        elif len(parts) > 1 and re.fullmatch(rf"\s*[-−]?\s*(?:{_NUMBER})\s*%?\s*{_UNIT_CHAR}*(?:/{_UNIT_CHAR}+)*\s*",
                                               parts[-1]):
            target, parts = printed_number(parts[-1]), parts[:-1]
        else:
            continue
        if target is not None:
            claims.extend((part, target) for part in parts)
    return claims


def redo_problems(trace: Any) -> list[str]:
    """What stops a reviewer from redoing ``trace`` (anything with name/formula/substitution/result); [] if fine."""
    name = getattr(trace, "name", "")
    found = [f"“{name}”的计算过程含程序记法{label}：{token}"
             for token, label in NOTATION
             for text in (getattr(trace, "formula", ""), getattr(trace, "substitution", ""),
                          *getattr(trace, "notes", ()))
             if token in str(text)]
    result = str(getattr(trace, "result", ""))
    for part, printed in _claims(str(getattr(trace, "substitution", "")), result):
        value = evaluate(part)
        if value is not None and not agrees(value, printed):
            found.append(f"“{name}”的代入数值算得 {value:.10g}，与印出的结果“{result}”不符（{part.strip()}）")
    return found


def with_decimals(x: float, decimals: int) -> str:
    """``x`` with exactly ``decimals`` decimals, trailing zeros dropped, thousands separated from 10 000."""
    s = f"{x:,.{decimals}f}" if abs(x) >= 10000 else f"{x:.{decimals}f}"
    return s.rstrip("0").rstrip(".") if "." in s else s


def fit_substitution(render: Callable[[Callable[[float], str]], str], result_text: str,
                     shown: Callable[[float], str]) -> str:
    """The substitution ``render(number_format)`` with the fewest extra decimals that redoes ``result_text``.

    ``shown`` is how a number is printed elsewhere (tables); each attempt adds a decimal to every
    substituted value until the printed arithmetic gives the printed result.  Falls back to 10 decimals.
    """
    def finer(k: int) -> Callable[[float], str]:
        return lambda x: _more(shown(x), x, k)

    candidates = (render(shown if k == 0 else finer(k)) for k in range(9))  # rendered only until one redoes
    for text in candidates:
        if all((v := evaluate(part)) is None or agrees(v, printed) for part, printed in _claims(text, result_text)):
            return text
    return render(lambda x: with_decimals(x, 10))


def _more(text: str, x: float, extra: int) -> str:
    """``x`` printed with ``extra`` more decimals than ``text`` shows it (integers stay integers)."""
    if isinstance(x, int) or (float(x).is_integer() and "." not in text):
        return text
    shown = text.replace(",", "").lstrip("-−")
    decimals = len(shown.split(".")[1]) if "." in shown else 0
    return with_decimals(float(x), decimals + extra)
