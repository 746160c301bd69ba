"""Typesetting profile (排版配置): TOML data declared by a plugin, loaded into attrs classes.

A plugin's profile only states what differs from the built-in default (``data/default_profile.toml``);
both are merged key by key.  Every value is checked, and an error names the file and the key path in
Chinese, e.g. ``配置文件 …/profile.toml 中的 styles.heading1.size：无法识别的字号「三 号」…``.
"""
from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import attrs

from cpframework.errors import ProfileError
from cpframework.report.units import size_pt

DEFAULT_PROFILE = Path(__file__).parent / "data" / "default_profile.toml"

ALIGN = {"left": "left", "center": "center", "right": "right", "justify": "both", "both": "both",
         "居左": "left", "左对齐": "left", "顶格": "left", "居中": "center", "居右": "right",
         "右对齐": "right", "两端对齐": "both"}
LINE_RULES = {"multiple": "auto", "auto": "auto", "exact": "exact", "固定值": "exact",
              "at_least": "atLeast", "最小值": "atLeast"}
#: Chinese names of the known style keys (shown in Word's style list).
STYLE_LABELS = {
    "body": "正文缩进", "heading1": "heading 1", "heading2": "heading 2", "heading3": "heading 3",
    "heading4": "heading 4", "table": "表格文字", "table_header": "表头文字", "caption": "caption",
    "note": "表注", "figure": "图片", "toc_title": "目录标题", "toc1": "toc 1", "toc2": "toc 2",
    "toc3": "toc 3", "toc4": "toc 4", "cover_title": "封面标题", "cover_subtitle": "封面副标题",
    "cover_org": "封面单位", "cover_date": "封面日期", "inner_title": "内封标题",
    "inner_text": "内封文字", "appendix_label": "附件标识", "trace": "计算过程",
    "placeholder": "待填写提示", "footer": "页脚", "list": "列表",
}
REQUIRED_STYLES = tuple(STYLE_LABELS)


@attrs.frozen
class TextStyle:
    key: str
    label: str
    font: str                      # East Asian font (w:eastAsia)
    latin: str                     # Latin/digits (w:ascii, w:hAnsi, w:cs)
    size_pt: float
    bold: bool = False
    italic: bool = False
    align: str = "both"            # OOXML w:jc value
    line_spacing: float = 1.0      # multiple (line_rule auto) or points (exact / atLeast)
    line_rule: str = "auto"
    first_line_chars: float = 0.0
    left_chars: float = 0.0
    before_lines: float = 0.0
    after_lines: float = 0.0
    keep_next: bool = False
    outline_level: int | None = None


@attrs.frozen
class PageSpec:
    width_cm: float = 21.0
    height_cm: float = 29.7
    margin_top_cm: float = 2.54
    margin_bottom_cm: float = 2.54
    margin_left_cm: float = 3.17
    margin_right_cm: float = 3.17
    page_number: str = "{PAGE}"            # footer text of the body; {PAGE} is the field
    toc_page_number: str = "{PAGE}"
    toc_numbering: str = "upperRoman"      # upperRoman | lowerRoman | decimal | none

    @property
    def text_width_cm(self) -> float:
        return self.width_cm - self.margin_left_cm - self.margin_right_cm


@attrs.frozen
class TocSpec:
    title: str = "目  录"
    depth: int = 3


@attrs.frozen
class TableSpec:
    empty_cell: str = "—"
    number_format: str = "表 {chapter}-{n}"
    unnumbered_format: str = "表 {n}"


@attrs.frozen
class FigureSpec:
    number_format: str = "图 {chapter}-{n}"
    unnumbered_format: str = "图 {n}"
    width_cm: float = 14.0
    dpi: int = 150          # 150 dpi at 14 cm ≈ 830 px: sharp in print, half the rendering time of 200 dpi


@attrs.frozen
class ListSpec:
    bullet: str = "●"
    numbered: tuple[str, ...] = ("({n})", "{n})", "{circled}")


@attrs.frozen
class Profile:
    id: str
    name: str
    page: PageSpec
    toc: TocSpec
    table: TableSpec
    figure: FigureSpec
    lists: ListSpec
    styles: dict[str, TextStyle]
    source: str = ""

    def style(self, key: str) -> TextStyle:
        try:
            return self.styles[key]
        except KeyError:
            raise ProfileError(self.source, f"styles.{key}", "未定义该样式") from None


# --------------------------------------------------------------------------- reading


def _deep_merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for k, v in over.items():
        out[k] = _deep_merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


class _Checker:
    def __init__(self, file):
        self.file = file

    def fail(self, path: str, msg: str):
        raise ProfileError(self.file, path, msg)

    def table(self, data, path: str, allowed: set[str]) -> dict:
        if not isinstance(data, dict):
            self.fail(path, "应为表（[…] 段）")
        for k in data:
            if k not in allowed:
                self.fail(f"{path}.{k}" if path else k, f"未知的键；可用的键：{'、'.join(sorted(allowed))}")
        return data

    def num(self, v, path, lo=None, hi=None) -> float:
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            self.fail(path, f"应为数值，实为「{v}」")
        if (lo is not None and v < lo) or (hi is not None and v > hi):
            self.fail(path, f"数值 {v} 超出范围 [{lo}, {hi}]")
        return float(v)

    def text(self, v, path) -> str:
        if not isinstance(v, str):
            self.fail(path, f"应为字符串，实为「{v}」")
        return v

    def flag(self, v, path) -> bool:
        if not isinstance(v, bool):
            self.fail(path, f"应为 true 或 false，实为「{v}」")
        return v


_STYLE_KEYS = {"label", "font", "latin", "size", "bold", "italic", "align", "line_spacing",
               "line_rule", "first_line_chars", "left_chars", "before_lines", "after_lines",
               "keep_next", "outline_level"}


def _style(c: _Checker, key: str, d: dict, latin_default: str) -> TextStyle:
    p = f"styles.{key}"
    c.table(d, p, _STYLE_KEYS)
    for req in ("font", "size"):
        if req not in d:
            c.fail(f"{p}.{req}", "缺少此项")
    try:
        size = size_pt(d["size"])
    except ValueError:
        c.fail(f"{p}.size", f"无法识别的字号「{d['size']}」，应为中文字号名（如 三号、小四）或磅值（如 16 或 \"16pt\"）")
    align = c.text(d.get("align", "justify"), f"{p}.align")
    if align not in ALIGN:
        c.fail(f"{p}.align", f"无法识别的对齐方式「{align}」；可选：{'、'.join(ALIGN)}")
    rule = c.text(d.get("line_rule", "multiple"), f"{p}.line_rule")
    if rule not in LINE_RULES:
        c.fail(f"{p}.line_rule", f"无法识别的行距类型「{rule}」；可选：{'、'.join(LINE_RULES)}")
    ol = d.get("outline_level")
    return TextStyle(
        key=key, label=c.text(d.get("label", STYLE_LABELS.get(key, key)), f"{p}.label"),
        font=c.text(d["font"], f"{p}.font"), latin=c.text(d.get("latin", latin_default), f"{p}.latin"),
        size_pt=size, bold=c.flag(d.get("bold", False), f"{p}.bold"),
        italic=c.flag(d.get("italic", False), f"{p}.italic"), align=ALIGN[align],
        line_spacing=c.num(d.get("line_spacing", 1.0), f"{p}.line_spacing", 0.5, 100),
        line_rule=LINE_RULES[rule],
        first_line_chars=c.num(d.get("first_line_chars", 0), f"{p}.first_line_chars", 0, 10),
        left_chars=c.num(d.get("left_chars", 0), f"{p}.left_chars", 0, 20),
        before_lines=c.num(d.get("before_lines", 0), f"{p}.before_lines", 0, 10),
        after_lines=c.num(d.get("after_lines", 0), f"{p}.after_lines", 0, 10),
        keep_next=c.flag(d.get("keep_next", False), f"{p}.keep_next"),
        outline_level=None if ol is None else int(c.num(ol, f"{p}.outline_level", 0, 8)),
    )


def _section(c: _Checker, data: dict, name: str, cls, kinds: dict[str, str]):
    d = c.table(data.get(name, {}), name, set(kinds))
    kw: dict[str, Any] = {}
    for k, v in d.items():
        kind, path = kinds[k], f"{name}.{k}"
        if kind == "num":
            kw[k] = c.num(v, path, 0, 1000)
        elif kind == "int":
            kw[k] = int(c.num(v, path, 1, 9))
        elif kind == "dpi":
            kw[k] = int(c.num(v, path, 72, 600))
        elif kind == "strs":
            if not isinstance(v, list) or not v:
                c.fail(path, "应为非空字符串列表")
            kw[k] = tuple(c.text(x, f"{path}[{i}]") for i, x in enumerate(v))
        else:
            kw[k] = c.text(v, path)
    return cls(**kw)


def profile_from_dict(data: dict, file="<内置>") -> Profile:
    """Validate a merged profile dict and build the :class:`Profile`."""
    c = _Checker(file)
    c.table(data, "", {"profile", "page", "toc", "table", "figure", "lists", "styles"})
    meta = c.table(data.get("profile", {}), "profile", {"id", "name", "latin_font"})
    latin = c.text(meta.get("latin_font", "Times New Roman"), "profile.latin_font")
    page = _section(c, data, "page", PageSpec, {
        **{f: "num" for f in ("width_cm", "height_cm", "margin_top_cm", "margin_bottom_cm",
                              "margin_left_cm", "margin_right_cm")},
        "page_number": "str", "toc_page_number": "str", "toc_numbering": "str"})
    if page.toc_numbering not in ("upperRoman", "lowerRoman", "decimal", "none"):
        c.fail("page.toc_numbering", "应为 upperRoman、lowerRoman、decimal 或 none")
    styles_raw = c.table(data.get("styles", {}), "styles", set(data.get("styles", {})))
    styles = {k: _style(c, k, v, latin) for k, v in styles_raw.items()}
    for k in REQUIRED_STYLES:
        if k not in styles:
            c.fail(f"styles.{k}", "缺少此样式")
    return Profile(
        id=c.text(meta.get("id", "default"), "profile.id"), name=c.text(meta.get("name", ""), "profile.name"),
        page=page, toc=_section(c, data, "toc", TocSpec, {"title": "str", "depth": "int"}),
        table=_section(c, data, "table", TableSpec, {"empty_cell": "str", "number_format": "str",
                                                      "unnumbered_format": "str"}),
        figure=_section(c, data, "figure", FigureSpec, {"number_format": "str", "width_cm": "num",
                                                         "unnumbered_format": "str", "dpi": "dpi"}),
        lists=_section(c, data, "lists", ListSpec, {"bullet": "str", "numbered": "strs"}),
        styles=styles, source=str(file))


def _read_toml(path: Path) -> dict:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise ProfileError(path, "", "文件不存在") from None
    except tomllib.TOMLDecodeError as e:
        raise ProfileError(path, "", f"TOML 语法错误：{e}") from None


def load_profile(path: Path | str | None = None) -> Profile:
    """Load a plugin's profile merged over the built-in default (``None`` → the default alone)."""
    base = _read_toml(DEFAULT_PROFILE)
    if path is None:
        return profile_from_dict(base, DEFAULT_PROFILE)
    path = Path(path)
    own = _read_toml(path)
    # check the plugin's own keys first so that errors point at the plugin's file
    c = _Checker(path)
    c.table(own, "", {"profile", "page", "toc", "table", "figure", "lists", "styles"})
    for k, v in own.get("styles", {}).items():
        if not isinstance(v, dict):
            c.fail(f"styles.{k}", "应为表（[styles.键名] 段）")
        c.table(v, f"styles.{k}", _STYLE_KEYS)
    merged = _deep_merge(base, own)
    return profile_from_dict(merged, path)
