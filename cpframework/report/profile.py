"""Typesetting profile (排版配置): TOML data declared by a plugin, loaded into attrs records.

A plugin's profile only states what differs from the built-in default (``data/default_profile.toml``);
both are merged key by key and the result is structured by the one data-file loader
(:func:`cpframework.host.loader.structure`), so an error names the file and the key path in Chinese,
e.g. ``定义文件 …/typesetting.toml 有误：$.styles.heading1.size：无法识别的字号「三 号」…``.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs

from cpframework.errors import ProfileError
from cpframework.host.loader import read_toml, structure
from cpframework.report.numbers import NumberKind, NumberSpec
from cpframework.report.strict import invalid, one_of, strict_records, within
from cpframework.report.units import size_pt

DEFAULT_PROFILE = Path(__file__).parent / "data" / "default_profile.toml"

ALIGN = {"left": "left", "center": "center", "right": "right", "justify": "both", "both": "both",
         "居左": "left", "左对齐": "left", "顶格": "left", "居中": "center", "居右": "right",
         "右对齐": "right", "两端对齐": "both"}
LINE_RULES = {"multiple": "auto", "auto": "auto", "exact": "exact", "固定值": "exact",
              "at_least": "atLeast", "最小值": "atLeast"}
TOC_NUMBERING = ("upperRoman", "lowerRoman", "decimal", "none")
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


@attrs.frozen(kw_only=True)
class TextStyle:
    """A paragraph style as the writer uses it (sizes in points, OOXML alignment and line rule)."""

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


def _size(inst: Any, attribute: Any, value: Any) -> None:
    try:
        size_pt(value)
    except (TypeError, ValueError):
        raise invalid(type(inst), attribute.name, f"无法识别的字号「{value}」，应为中文字号名（如 三号、小四）"
                      "或磅值（如 16 或 \"16pt\"）") from None


def _size_hook(value: Any, _type: Any) -> Any:
    return value  # checked by the validator: a 字号 name, "16pt" or a number


@attrs.frozen(kw_only=True)
class StyleEntry:
    """One ``[styles.<key>]`` table as written in the file."""

    font: str
    size: Any = attrs.field(validator=_size, metadata={"structure": _size_hook})
    label: str | None = None
    latin: str | None = None
    bold: bool = False
    italic: bool = False
    align: str = attrs.field(default="justify", validator=one_of(ALIGN, "对齐方式"))
    line_spacing: float = attrs.field(default=1.0, validator=within(0.5, 100))
    line_rule: str = attrs.field(default="multiple", validator=one_of(LINE_RULES, "行距类型"))
    first_line_chars: float = attrs.field(default=0.0, validator=within(0, 10))
    left_chars: float = attrs.field(default=0.0, validator=within(0, 20))
    before_lines: float = attrs.field(default=0.0, validator=within(0, 10))
    after_lines: float = attrs.field(default=0.0, validator=within(0, 10))
    keep_next: bool = False
    outline_level: int | None = attrs.field(default=None, validator=within(0, 8))

    def resolve(self, key: str, latin_default: str) -> TextStyle:
        return TextStyle(key=key, label=self.label or STYLE_LABELS.get(key, key), font=self.font,
                         latin=self.latin or latin_default, size_pt=size_pt(self.size), bold=self.bold,
                         italic=self.italic, align=ALIGN[self.align], line_spacing=self.line_spacing,
                         line_rule=LINE_RULES[self.line_rule], first_line_chars=self.first_line_chars,
                         left_chars=self.left_chars, before_lines=self.before_lines, after_lines=self.after_lines,
                         keep_next=self.keep_next, outline_level=self.outline_level)


_LENGTH = within(0, 1000)


@attrs.frozen(kw_only=True)
class PageSpec:
    width_cm: float = attrs.field(default=21.0, validator=_LENGTH)
    height_cm: float = attrs.field(default=29.7, validator=_LENGTH)
    margin_top_cm: float = attrs.field(default=2.54, validator=_LENGTH)
    margin_bottom_cm: float = attrs.field(default=2.54, validator=_LENGTH)
    margin_left_cm: float = attrs.field(default=3.17, validator=_LENGTH)
    margin_right_cm: float = attrs.field(default=3.17, validator=_LENGTH)
    page_number: str = "{PAGE}"            # footer text of the body; {PAGE} is the field
    toc_page_number: str = "{PAGE}"
    toc_numbering: str = attrs.field(default="upperRoman", validator=one_of(TOC_NUMBERING, "目录页码格式"))

    @property
    def text_width_cm(self) -> float:
        return self.width_cm - self.margin_left_cm - self.margin_right_cm


@attrs.frozen(kw_only=True)
class TocSpec:
    title: str = "目  录"
    depth: int = attrs.field(default=3, validator=within(1, 9))


@attrs.frozen(kw_only=True)
class TableSpec:
    empty_cell: str = "—"
    number_format: str = "表 {chapter}-{n}"
    unnumbered_format: str = "表 {n}"
    landscape: bool = True   # a table too wide for a portrait page gets a landscape page of its own


@attrs.frozen(kw_only=True)
class FigureSpec:
    number_format: str = "图 {chapter}-{n}"
    unnumbered_format: str = "图 {n}"
    width_cm: float = attrs.field(default=14.0, validator=_LENGTH)
    dpi: int = attrs.field(default=150, validator=within(72, 600))  # 150 dpi at 14 cm ≈ 830 px: sharp in print


def _not_empty(inst: Any, attribute: Any, value: tuple[str, ...]) -> None:
    if not value:
        raise invalid(type(inst), attribute.name, "应为非空的文字列表")


@attrs.frozen(kw_only=True)
class ListSpec:
    bullet: str = "●"
    numbered: tuple[str, ...] = attrs.field(default=("({n})", "{n})", "{circled}"), validator=_not_empty)


@attrs.frozen(kw_only=True)
class ProfileMeta:
    id: str = "default"
    name: str = ""
    latin_font: str = "Times New Roman"


def _all_styles(inst: Any, attribute: Any, value: dict[str, StyleEntry]) -> None:
    for key in REQUIRED_STYLES:
        if key not in value:
            raise invalid(type(inst), f"styles.{key}", "缺少此样式")


@attrs.frozen(kw_only=True)
class ProfileFile:
    """The merged typesetting file (default + plugin) as written."""

    profile: ProfileMeta = ProfileMeta()
    page: PageSpec = PageSpec()
    toc: TocSpec = TocSpec()
    table: TableSpec = TableSpec()
    figure: FigureSpec = FigureSpec()
    lists: ListSpec = ListSpec()
    numbers: NumberSpec = NumberSpec()
    styles: dict[str, StyleEntry] = attrs.field(factory=dict, validator=_all_styles)


@attrs.frozen(kw_only=True)
class Profile:
    """The typesetting of a report kind: page, TOC, table/figure numbering, lists and styles."""

    id: str
    name: str
    page: PageSpec
    toc: TocSpec
    table: TableSpec
    figure: FigureSpec
    lists: ListSpec
    styles: dict[str, TextStyle]
    source: str = ""
    numbers: NumberSpec = NumberSpec()

    def style(self, key: str) -> TextStyle:
        try:
            return self.styles[key]
        except KeyError:
            raise ProfileError(self.source, f"styles.{key}", "未定义该样式") from None


strict_records(StyleEntry, PageSpec, TocSpec, TableSpec, FigureSpec, ListSpec, ProfileMeta, NumberKind, NumberSpec,
               ProfileFile)


# --------------------------------------------------------------------------- reading


def _deep_merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for k, v in over.items():
        out[k] = _deep_merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def profile_from_dict(data: dict[str, Any], file: object = "<内置>") -> Profile:
    """Structure a merged profile dict (default + plugin) into a :class:`Profile`."""
    f = structure(data, ProfileFile, file=str(file), path="$")
    latin = f.profile.latin_font
    return Profile(id=f.profile.id, name=f.profile.name, page=f.page, toc=f.toc, table=f.table, figure=f.figure,
                   lists=f.lists, styles={k: s.resolve(k, latin) for k, s in f.styles.items()}, source=str(file),
                   numbers=f.numbers)


def load_profile(path: Any = None, label: str | None = None) -> Profile:
    """Load a plugin's profile (a path or an importlib resource, shown as ``label`` in errors) merged
    over the built-in default (``None`` → the default alone).  Errors name the plugin's file: the
    default is known to be sound."""
    base = read_toml(DEFAULT_PROFILE)
    if path is None:
        return profile_from_dict(base, DEFAULT_PROFILE)
    own = Path(path) if isinstance(path, str) else path
    label = label or str(own)
    return profile_from_dict(_deep_merge(base, read_toml(own, label=label)), label)
