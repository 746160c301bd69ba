"""Opening input files defensively: limits, and a clear Chinese message for every way a file the user
points us at can be wrong (missing, a folder, unreadable, empty, old .xls, not a zip, a zip bomb).

The limits are module constants so a deployment can raise them (``cpframework.io.safe_read.MAX_SHEET_ROWS
= …``) without a code change elsewhere.  They are far above what a real audit workbook needs.
"""
from __future__ import annotations

import codecs
import csv
import os
import stat
import zipfile
from pathlib import Path
from typing import Any

from cpframework.errors import ProjectError
from cpframework.io.oserror import os_error_text

MAX_INPUT_BYTES = 100 * 1024 * 1024      # size of a workbook / docx / CSV file on disk
MAX_ZIP_MEMBERS = 5_000                  # files inside an xlsx/docx container
MAX_UNCOMPRESSED_BYTES = 1024 * 1024 * 1024  # sum of the declared uncompressed sizes
MAX_MEMBER_RATIO = 200                   # compression ratio of one member (only checked above 10 MB)
MAX_SHEET_ROWS = 200_000                 # rows read from one worksheet
MAX_SHEET_COLUMNS = 1_000                # header width of one worksheet
MAX_TEXT_BYTES = 20 * 1024 * 1024        # manifest and CSV text
MAX_NARRATIVE_BYTES = 2 * 1024 * 1024    # one narrative Markdown file (a long chapter is ~100 KB)
MAX_TABLE_BYTES = 4 * 1024 ** 3          # a screening input (CSV / Parquet, read in chunks)
MAX_TABLE_ROWS = 50_000_000              # rows of a screening input
MAX_HEADER_BYTES = 1024 * 1024           # the header line of a CSV file
MAX_IMAGE_BYTES = 20 * 1024 * 1024       # a cover or narrative image
MAX_IMAGE_PIXELS = 40_000_000            # width × height of an image (40 megapixels)

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def check_file(path: Path, what: str, *, error: type[Exception] = ProjectError, limit: int = MAX_INPUT_BYTES) -> int:
    """The file exists, is a regular readable file (not a folder, named pipe or device: those are refused
    before they are opened, so a FIFO cannot hang the run), is not empty and not too big; returns its size."""
    path = Path(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise error(f"找不到{what} {path}") from None
    except OSError as exc:
        raise error(f"无法读取{what} {path}：{os_error_text(exc)}") from None
    if stat.S_ISDIR(st.st_mode):
        raise error(f"{what} {path} 是一个文件夹，不是文件")
    if not stat.S_ISREG(st.st_mode):
        raise error(f"{what} {path} 是{special_kind(st.st_mode)}，不是普通文件，已拒绝读取")
    size = st.st_size
    try:
        with path.open("rb") as fh:
            fh.read(1)
    except PermissionError:
        raise error(f"没有权限读取{what} {path}；请检查文件权限，或关闭正在占用它的程序") from None
    except OSError as exc:
        raise error(f"无法读取{what} {path}：{os_error_text(exc)}") from None
    if size == 0:
        raise error(f"{what} {path} 是空文件（0 字节）")
    if size > limit:
        raise error(f"{what} {path} 有 {size / 1048576:.0f} MB，超过上限 {limit / 1048576:.0f} MB，已拒绝读取")
    return size


def special_kind(mode: int) -> str:
    """What a non-regular file is, in Chinese."""
    if stat.S_ISFIFO(mode):
        return "命名管道（FIFO）"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备文件"
    if stat.S_ISSOCK(mode):
        return "套接字"
    if stat.S_ISDIR(mode):
        return "文件夹"
    return "特殊文件"


def is_regular(path: Path) -> bool:
    """A regular file (symlinks followed); False for folders, FIFOs, devices and what cannot be stat'ed."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def check_zip_container(path: Path, what: str = "工作簿", *, error: type[Exception] = ProjectError) -> None:
    """An Office Open XML file (xlsx/docx) that is safe to hand to openpyxl/python-docx.

    Checked before any XML is parsed: the magic bytes (old .xls / encrypted files are OLE2), the
    zip directory, the member count and the *declared* uncompressed sizes (a zip bomb declares them
    honestly or fails the CRC when read; openpyxl never reads more than a member declares)."""
    path = Path(path)
    check_file(path, what, error=error)
    with path.open("rb") as fh:
        head = fh.read(8)
    suffix = path.suffix.lower()
    if head == _OLE2:
        raise error(f"{what} {path} 是旧版 Excel 97-2003（.xls）格式或加密（设置了打开密码）的文件，无法读取。"
                    f"请在 Excel 中“另存为 → Excel 工作簿(*.xlsx)”，并取消打开密码")
    if not head.startswith(b"PK"):
        kind = "文本/CSV 文件" if _looks_text(head) else "未知格式的文件"
        raise error(f"{what} {path} 不是 {suffix or '.xlsx'} 文件（看起来是{kind}）。请用 Excel 另存为 .xlsx 格式")
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise error(f"{what} {path} 已损坏，无法作为 {suffix or '.xlsx'} 打开。请用 Excel 打开后重新保存") from None
    if len(infos) > MAX_ZIP_MEMBERS:
        raise error(f"{what} {path} 内含 {len(infos)} 个部件，超过上限 {MAX_ZIP_MEMBERS}，疑似恶意文件，已拒绝读取")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > 10 * 1024 * 1024 and info.file_size > MAX_MEMBER_RATIO * max(info.compress_size, 1):
            raise error(f"{what} {path} 中的部件 {info.filename} 压缩比异常（{info.compress_size} 字节解压为 "
                        f"{info.file_size} 字节），疑似“压缩炸弹”，已拒绝读取")
    if total > MAX_UNCOMPRESSED_BYTES:
        raise error(f"{what} {path} 解压后共 {total / 1048576:.0f} MB，超过上限 {MAX_UNCOMPRESSED_BYTES / 1048576:.0f} MB，"
                    f"疑似“压缩炸弹”，已拒绝读取")


def _looks_text(head: bytes) -> bool:
    return all(b >= 0x20 or b in b"\t\r\n" for b in head)


def read_text(path: Path, what: str, *, error: type[Exception] = ProjectError, limit: int = MAX_TEXT_BYTES) -> str:
    """A UTF-8 text file (BOM accepted); a GBK file gets a message saying how to re-save it."""
    check_file(path, what, error=error, limit=limit)
    raw = Path(path).read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        raw.decode("gbk")
    except UnicodeDecodeError:
        raise error(f"{what} {path} 既不是 UTF-8 也不是 GBK 编码的文本，请确认文件类型并另存为 UTF-8") from None
    raise error(GBK_HELP.format(what=what, path=path)) from None


GBK_HELP = ("{what} {path} 不是 UTF-8 编码（看起来是 GBK/ANSI，Excel 中文版“CSV（逗号分隔）”和记事本的默认编码）。"
            "请在 Excel 中用“文件 → 另存为 → 文件类型：CSV UTF-8（逗号分隔）(*.csv)”重新保存；"
            "或在 WPS/记事本中另存为时选择编码“UTF-8”。")


def check_encoding(name: str, *, error: type[Exception] = ProjectError) -> str:
    """A text encoding Python knows (``gbk``, ``utf-8`` …); anything else is ``error`` in Chinese."""
    try:
        info = codecs.lookup(name)
    except (LookupError, TypeError, ValueError):
        info = None
    if info is None or not getattr(info, "_is_text_encoding", True):
        raise error(f"未知的文本编码“{name}”。常用的有：utf-8（默认，Excel“CSV UTF-8”）、gbk 或 gb18030"
                    f"（Excel 中文版“CSV（逗号分隔）”）、big5")
    return info.name


def check_csv_header(path: Path, what: str, *, encoding: str = "utf-8-sig", delimiter: str = ",",
                     error: type[Exception] = ProjectError) -> list[str]:
    """The header row of a CSV file, read without reading the rest: refused when longer than
    :data:`MAX_HEADER_BYTES` or wider than :data:`MAX_SHEET_COLUMNS` columns (checked before any parser
    sees the file, so a file with a million columns is refused at once)."""
    with open(path, "rb") as fh:
        head = fh.readline(MAX_HEADER_BYTES + 1)
    if len(head) > MAX_HEADER_BYTES:
        raise error(f"{what} {path} 的第 1 行（表头）超过 {MAX_HEADER_BYTES // 1024} KB，疑似不是正常的表格文件"
                    f"（列数过多或缺少换行），已拒绝读取")
    text = head.decode(encoding, errors="replace").lstrip("\ufeff")
    try:
        names = next(csv.reader([text.rstrip("\r\n")], delimiter=delimiter), [])
    except csv.Error:
        names = text.split(delimiter)
    used = len(names)
    while used and not names[used - 1].strip():
        used -= 1
    if used > MAX_SHEET_COLUMNS:
        raise error(f"{what} {path} 的表头有 {used} 列，超过上限 {MAX_SHEET_COLUMNS} 列，已拒绝读取；"
                    f"请只保留需要的列")
    return names


def parse_toml(text: str, where: str, *, error: type[Exception] = ProjectError) -> dict[str, Any]:
    """``tomllib.loads`` with Chinese errors: a syntax error names the line; nesting so deep that the parser
    would overflow (a hostile file) is refused instead of crashing."""
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{where} 不是有效的 TOML：{exc}") from None
    except RecursionError:
        raise error(f"{where} 中数组或表的嵌套层次过深，无法读取（疑似损坏或恶意构造的文件）") from None
