"""click's own frame in Chinese: usage lines, error messages, "did you mean", the help option.

click marks its texts for ``gettext`` (``from gettext import gettext as _`` in each module); ``install``
points those module names at a small catalogue below, so no message catalogue file or locale setting is
needed and a text click adds in a later version simply stays English until it is added here.
``localize`` gives a command's usage line Chinese placeholders ([选项], 命令 [参数]..., 文本, 整数 …).
"""
from __future__ import annotations

import re
from typing import Any

import click

CATALOGUE = {
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "参数",
    "Show this message and exit.": "显示此帮助并退出。",
    "Show the version and exit.": "显示版本并退出。",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行“{command} {option}”查看说明和示例。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Missing command.": "缺少命令。",
    "No such option {name!r}.": "没有“{name}”选项。",
    "No such command {name!r}.": "没有“{name}”命令。",
    "Did you mean {possibility}?": "是否想用{possibility}？",
    "(Did you mean one of: {possibilities}?)": "（是否想用其中之一：{possibilities}？）",
    "Got unexpected extra argument ({args})": "多余的参数（{args}）",
    "Got unexpected extra arguments ({args})": "多余的参数（{args}）",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "Invalid value: {message}": "值无效：{message}",
    "Option {name!r} requires an argument.": "选项“{name}”需要一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项“{name}”需要 {nargs} 个值。",
    "Option {name!r} does not take a value.": "选项“{name}”不带值。",
    "Argument {name!r} takes {nargs} values.": "参数“{name}”需要 {nargs} 个值。",
    "Takes {nargs} values but 1 was given.": "需要 {nargs} 个值，只给了 1 个。",
    "Takes {nargs} values but {len} were given.": "需要 {nargs} 个值，给了 {len} 个。",
    "{value!r} is not {choice}.": "“{value}”不可用，只能是 {choice}。",
    "{value!r} is not one of {choices}.": "“{value}”不可用，只能是以下之一：{choices}。",
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
    "{value} is not in the range {range}.": "{value} 不在允许范围 {range} 内。",
    "{value!r} is not a valid {number_type}.": "“{value}”不是有效的{number_type}。",
    "{value!r} is not a valid boolean. Recognized values: {states}": "“{value}”不是有效的是/否值，可用：{states}",
    "{value!r} does not match the format {format}.": "“{value}”不符合格式 {format}。",
    "{value!r} does not match the formats {formats}.": "“{value}”不符合以下任一格式：{formats}。",
    "{len_type} values are required, but {len_value} was given.": "需要 {len_type} 个值，给了 {len_value} 个。",
    "{len_type} values are required, but {len_value} were given.": "需要 {len_type} 个值，给了 {len_value} 个。",
    "{name} {filename!r} does not exist.": "{name}“{filename}”不存在。",
    "{name} {filename!r} is a file.": "{name}“{filename}”是文件，这里需要文件夹。",
    "{name} {filename!r} is a directory.": "{name}“{filename}”是文件夹，这里需要文件。",
    "{name} {filename!r} is not readable.": "{name}“{filename}”无法读取。",
    "{name} {filename!r} is not writable.": "{name}“{filename}”无法写入。",
    "{name} {filename!r} is not executable.": "{name}“{filename}”不能执行。",
    "Could not open file {filename!r}: {message}": "无法打开文件“{filename}”：{message}",
    "file": "文件", "directory": "文件夹", "path": "路径",
    "default: {default}": "默认：{default}",
    "env var: {var}": "环境变量：{var}",
    "(dynamic)": "（动态）",
    "Aborted!": "已中止。",
    "Do you want to continue?": "是否继续？",
    "Confirm the action without prompting.": "不询问，直接执行。",
    "Repeat for confirmation": "请再输入一次确认",
    "Error: The two entered values do not match.": "错误：两次输入不一致。",
    "Error: invalid input": "错误：输入无效",
    "Press any key to continue...": "按任意键继续…",
    "unknown error": "未知错误",
    "deprecated": "已弃用",
    "required": "必填",
}
NUMBER_TYPES = {"integer": "整数", "float": "数值"}
METAVARS = {"TEXT": "文本", "INTEGER": "整数", "FLOAT": "数值", "PATH": "路径", "FILENAME": "文件",
            "BOOLEAN": "是/否", "DIRECTORY": "文件夹", "FILE": "文件", "INTEGER RANGE": "整数",
            "FLOAT RANGE": "数值"}
ARGUMENTS = {"directory": "项目目录", "project": "项目目录", "file": "文件", "csv_file": "CSV文件", "path": "路径",
             "output": "输出文件"}
MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "types", "termui")


def gettext(message: str) -> str:
    return CATALOGUE.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return gettext(singular if n == 1 else plural)


def install() -> None:
    """Point click's ``_``/``ngettext`` at the catalogue (idempotent; affects only texts click formats)."""
    import importlib

    for name in MODULES:
        mod = importlib.import_module(f"click.{name}")
        if hasattr(mod, "_"):
            mod._ = gettext
        if hasattr(mod, "ngettext"):
            mod.ngettext = ngettext
    _patch_number_message()
    click.Context.formatter_class = ZhHelpFormatter


class ZhHelpFormatter(click.HelpFormatter):
    """Full-width colons after headings and after 用法 (click writes ``Usage: `` and ``Options:``)."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, "用法：" if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")


def _patch_number_message() -> None:
    """"not a valid integer": the type name is inserted untranslated, so translate it here."""
    cls = click.types._NumberParamTypeBase
    if getattr(cls, "_cpf_zh", False):
        return
    original = cls.convert

    def convert(self: Any, value: Any, param: Any, ctx: Any) -> Any:
        try:
            return original(self, value, param, ctx)
        except click.BadParameter as exc:
            exc.message = exc.message.replace(f"有效的{self.name}", f"有效的{NUMBER_TYPES.get(self.name, self.name)}")
            raise

    cls.convert = convert
    cls._cpf_zh = True


def quotes(text: str) -> str:
    """click quotes names with ASCII apostrophes ('--name', 'evaluate'); Chinese text uses “…”."""
    return re.sub(r"'([^'\n]{1,80})'", r"“\1”", text)


def message(exc: click.ClickException) -> str:
    """The error text of ``exc`` in Chinese punctuation."""
    text = quotes(exc.format_message()).strip()
    text = re.sub(r"。\s+(是否想用|（是否想用)", r"，\1", text.replace(". ", "。"))
    return text[:-1] + "。" if text.endswith(".") else text


def localize(cmd: click.Command) -> click.Command:
    """Chinese placeholders in the usage line and option list of ``cmd`` and its sub-commands."""
    if getattr(cmd, "_cpf_zh", False):
        return cmd
    cmd._cpf_zh = True  # type: ignore[attr-defined]
    if cmd.options_metavar == "[OPTIONS]":
        cmd.options_metavar = "[选项]"
    if isinstance(cmd, click.Group):
        if cmd.subcommand_metavar in ("COMMAND [ARGS]...", "[COMMAND] [ARGS]..."):  # noqa: SIM102
            cmd.subcommand_metavar = "命令 [参数]..."
        for sub in cmd.commands.values():
            localize(sub)
    for p in cmd.params:
        if isinstance(p, click.Option) and p.metavar is None and not p.is_flag and not isinstance(p.type, click.Choice):
            name = (getattr(p.type, "name", "") or "").upper()
            if name in METAVARS:
                p.metavar = METAVARS[name]
        if isinstance(p, click.Argument) and p.metavar is None:
            name = ARGUMENTS.get(p.name or "", (p.name or "").upper())
            p.metavar = name if p.required else f"[{name}]"
    return cmd
