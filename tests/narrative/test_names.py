"""Narrative files named by chapter number and Chinese title, with an index; the older names still work."""
from __future__ import annotations

import docx

from cpframework.project.narrative import INDEX_FILE, file_names, resolve, upgrade_files


def test_names_are_number_and_title(project):
    names = {stem: name for stem, (name, _h) in project.names.items()}
    assert names["background"] == "1.1 项目背景.md" and names["overview"] == "1 项目概况.md"
    assert names["preface"] == "前言.md"          # unnumbered: the title alone
    assert len(set(names.values())) == len(names)


def test_a_hidden_section_is_named_by_its_title_and_numbers_follow_the_flags(project):
    off = file_names(project.std, {})
    on = file_names(project.std, {"has_previous_round": True})
    assert off["review"][0] == "审核回顾.md" and on["review"][0] == "2 审核回顾.md"


def test_the_older_name_is_read_when_only_it_exists(project):
    folder = project.root / "narrative"
    assert resolve(folder, "background", project.names).name == "background.md"
    (folder / "1.1 项目背景.md").write_text("新文件\n", encoding="utf-8")
    assert resolve(folder, "background", project.names).name == "1.1 项目背景.md"


def test_a_file_numbered_for_other_flags_is_found_by_its_title(project):
    folder = project.root / "narrative"
    (folder / "2 审核回顾.md").write_text("上一轮审核情况。\n", encoding="utf-8")
    assert resolve(folder, "review", file_names(project.std, {})).name == "2 审核回顾.md"


def test_upgrade_renames_older_files_and_writes_the_index(project):
    folder = project.root / "narrative"
    before = (folder / "background.md").read_bytes()
    dry = upgrade_files(project.root, project.std, {}, dry_run=True)
    assert any("background.md 将改名为 1.1 项目背景.md" in n for n in dry) and (folder / "background.md").exists()
    notes = upgrade_files(project.root, project.std, {})
    assert any("已改名为 1.1 项目背景.md" in n for n in notes)
    assert (folder / "1.1 项目背景.md").read_bytes() == before and not (folder / "background.md").exists()
    index = (folder / INDEX_FILE).read_text(encoding="utf-8")
    assert "- [1.1 项目背景](<1.1 项目背景.md>)" in index
    assert upgrade_files(project.root, project.std, {}) == []    # nothing left to do


def test_placeholders_name_the_file_to_edit(build, project):
    (project.root / "narrative" / "preface.md").unlink()
    texts = [p.text for p in docx.Document(str(build())).paragraphs]
    holder = next(t for t in texts if t.startswith("【待编写】介绍工业园区开展清洁生产审核"))
    assert holder.endswith("（请在叙述文件“前言.md”中撰写）")


def test_init_creates_named_files_and_the_index(registry, tmp_path):
    from cpframework.project.create import create_project

    std = registry.standard("zhengzhou_enterprise")
    create_project(tmp_path / "p", std, name="示例企业", year=2025)
    files = {p.name for p in (tmp_path / "p" / "narrative").glob("*.md")}
    assert INDEX_FILE in files and all(f == INDEX_FILE or f[0].isdigit() or not f[0].isascii() for f in files)
    assert not any(f.isascii() for f in files)


def test_a_standard_without_a_default_report_is_named_by_its_first_kind(project):
    from types import SimpleNamespace

    std = SimpleNamespace(report_kinds=project.std.report_kinds, info=SimpleNamespace(default_report=""))
    assert file_names(std, {})["background"][0] == "1.1 项目背景.md"


def test_text_in_an_old_named_file_beside_the_new_one_is_a_warning(tmp_path):
    import shutil

    from cpframework.project.folder import load_project

    from tests.conftest import EXAMPLES

    root = tmp_path / "park"
    shutil.copytree(EXAMPLES / "park_demo", root)
    project, _std = load_project(root)
    new = root / "narrative" / project.narrative_names["conclusions"][0]
    assert new.name != "conclusions.md"
    new.write_text("<!-- 本节要求：…… -->\n", encoding="utf-8")  # as init writes it: the older file is used
    (root / "narrative" / "conclusions.md").write_text("本轮审核达到一般水平。\n", encoding="utf-8")
    project, _std = load_project(root)
    assert project.narrative_path("conclusions").name == "conclusions.md"
    assert not [p for p in project.problems if p.code == "narrative_shadowed"]
    new.write_text("结论另写于此。\n", encoding="utf-8")  # both written: the chapter-named one is used
    project, _std = load_project(root)
    shadowed = [p for p in project.problems if p.code == "narrative_shadowed"]
    assert len(shadowed) == 1 and new.name in shadowed[0].message and shadowed[0].level == "warning"
