"""The one adapter between the web app and the core: every call the pages make into cpframework goes
through here, so a changed core signature is fixed in this file only.  Nothing here decides anything
about audits: it loads, checks, evaluates, writes and screens with the same functions as the CLI, and
memoises a project's check result until one of its files changes.
"""
from __future__ import annotations

import functools
import hashlib
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs

from cpframework.errors import CpfError, OutputError, ProjectError, UsageError

OUTPUT_DIR = "输出"          # reports and screening results, inside DIR, beside the project folders
SCREEN_DIR = "筛查"


# ---------------------------------------------------------------- standards


def registry() -> Any:
    from cpframework.host.registry import get_registry

    return get_registry()


def warm() -> list[str]:
    """Assemble every standard once (before requests arrive, so threads never race to build them);
    returns the plugin warnings, which the pages show."""
    reg = registry()
    for info in reg.standards():
        try:
            reg.standard(info.id)
        except CpfError:
            pass
    return list(reg.warnings)



def standards() -> list[Any]:
    """Every installed standard's info (``id``, ``code``, ``title``, ``subject``, ``description``)."""
    return list(registry().standards())


def standard(std_id: str) -> Any:
    return registry().standard(std_id)


def subject_fields(std_id: str) -> list[Any]:
    return list(standard(std_id).info.subject_fields)


# ---------------------------------------------------------------- projects


def project_dirs(root: Path) -> list[Path]:
    from cpframework.project.listing import project_dirs as find

    return find(root)


@attrs.frozen
class State:
    """A project as ``check`` and ``status`` see it (computed once per change of its files)."""

    project: Any = None
    std: Any = None
    problems: tuple = ()
    evaluation: Any = None
    stages: tuple = ()
    error: str = ""              # the project cannot be loaded at all (manifest, workbook unreadable …)

    @property
    def errors(self) -> list[Any]:
        return [p for p in self.problems if p.level == "error"]

    @property
    def warnings(self) -> list[Any]:
        return [p for p in self.problems if p.level != "error"]

    @property
    def blocking(self) -> list[Any]:
        """Errors that make ``evaluate``/``report`` refuse (as the CLI: selection rules do not block)."""
        return [p for p in self.errors if p.code != "selection"]


_cache: dict[Path, tuple[tuple, State]] = {}
_locks: dict[Path, threading.Lock] = {}
_guard = threading.Lock()


def _fingerprint(root: Path) -> tuple:
    files = [root / "project.toml", *sorted(root.glob("*.xlsx")), *sorted(root.glob("*.xlsm")),
             *sorted((root / "narrative").glob("*.md"))]
    out: list[tuple[str, int | None, int | None]] = []
    for f in files:
        try:
            st = f.stat()
            out.append((f.name, st.st_mtime_ns, st.st_size))
        except OSError:
            out.append((f.name, None, None))
    return tuple(out)


def state(root: Path) -> State:
    """Load, check and evaluate the project at ``root`` (cached while its files are unchanged)."""
    root = Path(root)
    with _guard:
        lock = _locks.setdefault(root, threading.Lock())
    with lock:
        fp = _fingerprint(root)
        hit = _cache.get(root)
        if hit and hit[0] == fp:
            return hit[1]
        result = _compute(root)
        _cache[root] = (fp, result)
        return result



def _compute(root: Path) -> State:
    from cpframework.evaluation.service import check_project
    from cpframework.evaluation.status import project_status
    from cpframework.project.folder import load_project

    reg = registry()
    try:
        project, std = load_project(root, reg)
        problems, ev = check_project(reg, std, project)
        stages = project_status(std, project, ev)
    except CpfError as exc:
        return State(error=str(exc))
    return State(project=project, std=std, problems=tuple(problems), evaluation=ev, stages=tuple(stages))


def forget(root: Path) -> None:
    _cache.pop(Path(root), None)


def create(directory: Path, std_id: str, *, name: str, year: int | None, subject: dict[str, str]) -> list[Path]:
    from cpframework.project.create import create_project

    return create_project(directory, standard(std_id), name=name, year=year, subject=subject)


# ---------------------------------------------------------------- workbook


def workbook_path(root: Path) -> Path:
    from cpframework.project.folder import read_manifest

    return Path(root) / read_manifest(Path(root)).workbook


def install_workbook(root: Path, staged: Path, shown: str) -> Path | None:
    """Check an uploaded workbook (hostile-file checks, openpyxl opens it) and swap it in, keeping the
    previous version; returns the kept copy.  ``staged`` must be in the project folder; messages name
    the file as the user knows it (``shown``), not the hidden temp file."""
    from cpframework.project.versions import check_workbook_file, replace_keeping_previous

    try:
        check_workbook_file(staged, "上传的工作簿")
    except ProjectError as exc:
        raise ProjectError(str(exc).replace(str(staged), f"“{shown}”")) from None
    kept = replace_keeping_previous(workbook_path(root), staged)
    forget(root)
    return kept


def workbook_versions(root: Path) -> list[Path]:
    from cpframework.project.versions import previous_versions

    return previous_versions(workbook_path(root))


def restore_workbook(root: Path, version: Path) -> Path | None:
    """Put a kept version back (the current one is kept in turn)."""
    import shutil

    from cpframework.io.safe_write import temp_prefix

    target = workbook_path(root)
    staged = target.parent / f"{temp_prefix(target)}restore{target.suffix}"
    shutil.copy2(version, staged)
    try:
        return install_workbook(root, staged, version.name)
    finally:
        staged.unlink(missing_ok=True)



# ---------------------------------------------------------------- narrative


@attrs.frozen
class Section:
    stem: str
    number: str
    title: str
    requirement: str
    clause: str
    kinds: tuple[str, ...]       # titles of the report kinds that contain it
    depth: int


def sections(std: Any) -> list[Section]:
    """Report sections that take narrative, in outline order, once per narrative file."""
    seen: dict[str, Section] = {}
    for kind in std.report_kinds.values():
        for depth, node in kind.iter_nodes():
            if not node.requirement:
                continue
            stem = node.narrative_stem
            if stem in seen:
                old = seen[stem]
                if kind.title not in old.kinds:
                    seen[stem] = attrs.evolve(old, kinds=old.kinds + (kind.title,))
                continue
            seen[stem] = Section(stem=stem, number=node.number, title=node.title, requirement=node.requirement,
                                 clause=node.clause, kinds=(kind.title,), depth=depth)
    return list(seen.values())


def narrative_file(project: Any, stem: str) -> Path:
    return project.narrative_path(stem)


def read_narrative(path: Path) -> str:
    from cpframework.io.safe_read import read_text

    if not path.exists():
        return ""
    return read_text(path, "叙述文件")


def is_written(project: Any, stem: str) -> bool:
    from cpframework.project.narrative import narrative_text

    return bool(narrative_text(project.narrative_path(stem)))


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def save_narrative(root: Path, path: Path, text: str) -> None:
    from cpframework.io.safe_write import atomic_output

    with atomic_output(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    forget(root)


def preview_blocks(text: str) -> list[dict]:
    """The Markdown as the report reads it: comments removed, then the report's own parser."""
    from cpframework.project.narrative import strip_comments
    from cpframework.report.markdown import parse

    return parse(strip_comments(text))


def draft(project: Any, std: Any, evaluation: Any, stem: str) -> str | None:
    """A paragraph drafted from the data for this section, when the core offers one (issue 15's
    "drafts from data"); ``None`` otherwise — the page then shows no draft panel."""
    import importlib

    try:
        mod = importlib.import_module("cpframework.report.drafts")
    except ImportError:
        return None
    fn = getattr(mod, "section_draft", None)
    if fn is None:
        return None
    text = fn(std, project, evaluation, stem)
    return text or None


# ---------------------------------------------------------------- evaluation and report


def report_kinds(std: Any) -> list[Any]:
    return list(std.report_kinds.values())


def output_dir(root_dir: Path, project_root: Path) -> Path:
    return Path(root_dir) / OUTPUT_DIR / Path(project_root).name


def report_path(root_dir: Path, project: Any, kind: Any) -> Path:
    from cpframework.report.generate import default_output

    return output_dir(root_dir, project.root) / default_output(project, kind).name


def pdf_available() -> bool:
    from cpframework.report.render import soffice

    return soffice() is not None


def generate(root_dir: Path, project_root: Path, kind_id: str, *, force: bool, pdf: bool,
             progress: Callable[[str], None]) -> dict[str, Any]:
    """Check, then build the report (and its PDF); what ``cpaudit report`` does, into ``DIR/输出/<项目>/``."""
    from cpframework.evaluation.service import check_project, errors_only
    from cpframework.project.folder import load_project
    from cpframework.report.generate import choose_kind, generate_report

    progress("正在读取和检查数据")
    reg = registry()
    project, std = load_project(project_root, reg)
    kind = choose_kind(std, kind_id)
    problems, ev = check_project(reg, std, project)
    blocking = [p for p in errors_only(problems) if p.code != "selection"]
    if blocking:
        raise ProjectError(f"数据有 {len(blocking)} 个错误，未生成报告。请先在“检查结果”页修正：\n"
                           + "\n".join(p.text() for p in blocking[:10]))
    out = report_path(root_dir, project, kind)
    out.parent.mkdir(parents=True, exist_ok=True)
    from cpframework.report.fingerprint import may_overwrite  # as the CLI: Word edits are never lost

    try:  # our own unedited report is simply regenerated; one edited in Word is refused, or kept as a copy
        force, _note = may_overwrite(out, force, project, std)
    except OutputError:
        raise UsageError(f"报告 {out.name} 生成后已在 Word 中修改过，重新生成会覆盖这些修改。请先用命令 "
                         f"cpaudit narrative pull 把在 Word 中写的文字收回叙述文件；确定不要这些修改时，勾选“覆盖已有报告”"
                         "后重新生成（原文件会先另存一份）。") from None
    if out.exists() and not force:
        raise UsageError(f"报告 {out.name} 已存在。如要用新报告替换它，请勾选“覆盖已有报告”后重新生成"
                         "（若您在 Word 中改过这份报告，请先另存为其他文件名）。")
    progress("正在生成报告（编排章节、表格和图表）")
    info = generate_report(std, project, ev, kind, out, force=force)
    files = [info.path]
    if pdf and pdf_available():
        from cpframework.report.render import render_pdf

        progress("正在用 LibreOffice 转换 PDF")
        made = render_pdf(info.path, info.path.parent)
        if made:
            files.append(made)
    return {"files": files, "chapters": info.chapters, "tables": info.tables, "figures": info.figures,
            "placeholders": info.placeholders, "warnings": [*info.warnings, *(p.text() for p in errors_only(problems))]}


def figures(docx: Path) -> list[Any]:
    """The report's figures (read once per version of the file: the dashboard asks for each image)."""
    return _figures(str(docx), Path(docx).stat().st_mtime_ns)


@functools.lru_cache(maxsize=4)
def _figures(path: str, _version: int) -> list[Any]:
    from cpframework.report.figures import report_figures

    return report_figures(Path(path))


# ---------------------------------------------------------------- screening


def screen_standards() -> list[Any]:
    from cpframework.screen import supported_ids

    reg = registry()
    return [reg.infos()[i][0] for i in supported_ids(reg)]


def screener(std_id: str) -> Any:
    from cpframework.screen import screener as find

    return find(std_id)


def screen_options(mod: Any) -> dict[str, str]:
    """The screener's ``--option`` keys with their help text."""
    return dict(mod.options) if mod is not None else {}


def parse_screen_options(mod: Any, raw: dict[str, str]) -> Any:
    return mod.parse_options(raw)


def screen_columns(mod: Any) -> str:
    from cpframework.screen import columns_help

    return columns_help(mod)


def check_screen_input(path: Path) -> None:
    """The hostile-file checks for an uploaded Excel input (CSV and Parquet are parsed by pandas/pyarrow
    chunk by chunk, with their own errors)."""
    from cpframework.io.safe_read import check_zip_container
    from cpframework.screen import ScreenError
    from cpframework.screen.io import input_kind

    if input_kind(path) == "xlsx":
        check_zip_container(path, "筛查输入文件", error=ScreenError)


def run_screen(mod: Any, path: Path, raw_options: dict[str, str], encoding: str | None,
               progress: Callable[[float], None]) -> Any:
    """``cpaudit screen`` in process: options checked by the screener, chunks of 200 000 rows."""
    from cpframework.screen.engine import DEFAULT_CHUNK, run_local

    opts = mod.parse_options(raw_options)
    check_screen_input(path)
    return run_local(mod, path, opts, chunksize=DEFAULT_CHUNK, encoding=encoding, on_progress=progress)


def write_screen(result: Any, out: Path, fmt: str) -> list[Path]:
    from cpframework.screen.io import write_result

    return write_result(result, out, fmt, force=False)



def screen_figures(result: Any) -> list[tuple[str, Any]]:
    from cpframework.screen.charts import result_figures

    return result_figures(result)


def save_png(fig: Any, path: Path) -> None:
    from cpframework.report.chart_cache import close

    fig.savefig(path, dpi=110)
    close(fig)


def show(value: Any) -> str:
    """A number or value as the CLI and report print it."""
    from cpframework.calc import show_value

    return show_value(value)
