"""5.2.2 确定审核诊断重点 as data-driven checks: project flags → focus kinds the focus table must hold
(rules in ``data/focus_rules.toml``)."""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Any

import attrs


@attrs.frozen(kw_only=True)
class FocusRule:
    flag: str
    kinds: tuple[str, ...] = attrs.field()
    message: str
    clause: str = ""
    from_subject: str = ""

    @kinds.validator
    def _not_empty(self, _attribute: attrs.Attribute, value: tuple[str, ...]) -> None:
        if not value:
            raise ValueError("kinds 至少要有一个重点类型")


@attrs.frozen(kw_only=True)
class FocusRules:
    """data/focus_rules.toml: ``[[rule]]`` tables."""

    rule: tuple[FocusRule, ...]


@lru_cache(maxsize=None)
def load_rules() -> tuple[FocusRule, ...]:
    from cpframework.api import load_data
    return load_data(resources.files(__package__) / "data" / "focus_rules.toml", FocusRules).rule


def split_list(text: Any) -> list[str]:
    return [x.strip() for x in re.split(r"[,，、;；\s]+", str(text or "")) if x.strip()]


def missing_focus(flags: dict[str, bool], subject: dict[str, Any], focus_rows: list[dict[str, Any]],
                  rules: tuple[FocusRule, ...] | None = None) -> list[str]:
    """What the focus table lacks given the flags (empty = covered).  Pure."""
    rules = load_rules() if rules is None else rules
    out = []
    for rule in rules:
        if not flags.get(rule.flag):
            continue
        rows = [r for r in focus_rows if r.get("kind") in rule.kinds]
        clause = f"（{rule.clause}）" if rule.clause else ""
        if not rows:
            out.append(f"{rule.message}：审核诊断重点中没有“{'/'.join(rule.kinds)}”类型的重点{clause}")
            continue
        if rule.from_subject:
            wanted = split_list(subject.get(rule.from_subject))
            if not wanted:
                out.append(f"{rule.message}：项目清单 [subject] {rule.from_subject} 未写明名单中的审核方向{clause}")
            text = " ".join(f"{r.get('focus', '')} {r.get('basis', '')}" for r in rows)
            lacking = [w for w in wanted if w not in text]
            if lacking:
                out.append(f"{rule.message}：名单方向“{'、'.join(lacking)}”未出现在“名单审核方向”类型的重点中{clause}")
    return out
