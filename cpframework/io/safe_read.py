"""Opening input files defensively: limits, and a clear Chinese message for every way a file the user
points us at can be wrong (missing, a folder, unreadable, empty, old .xls, not a zip, a zip bomb).

The limits are module constants so a deployment can raise them (``cpframework.io.safe_read.MAX_SHEET_ROWS
= …``) without a code change elsewhere.  They are far above what a real audit workbook needs.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

from cpframework.errors import ProjectError

MAX_INPUT_BYTES = 100 * 1024 * 1024      # size of a workbook / docx / CSV file on disk
MAX_ZIP_MEMBERS = 5_000                  # files inside an xlsx/docx container
MAX_UNCOMPRESSED_BYTES = 1024 * 1024 * 1024  # sum of the declared uncompressed sizes
MAX_MEMBER_RATIO = 200                   # compression ratio of one member (only checked above 10 MB)
MAX_SHEET_ROWS = 200_000                 # rows read from one worksheet
MAX_SHEET_COLUMNS = 1_000                # header width of one worksheet
MAX_TEXT_BYTES = 20 * 1024 * 1024        # manifest, narrative and CSV text

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def check_file(path: Path, what: str, *, error: type[Exception] = ProjectError, limit: int = MAX_INPUT_BYTES) -> int:
    """The file exists, is a regular readable file, is not empty and not too big; returns its size."""
    path = Path(path)
    if not path.exists():
        raise error(f"找不到{what} {path}")
    if path.is_dir():
        raise error(f"{what} {path} 是一个文件夹，不是文件")
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            fh.read(1)
    except PermissionError:
        raise error(f"没有权限读取{what} {path}；请检查文件权限，或关闭正在占用它的程序") from None
    except OSError as exc:
        raise error(f"无法读取{what} {path}：{exc.strerror or exc}") from None
    if size == 0:
        raise error(f"{what} {path} 是空文件（0 字节）")
    if size > limit:
        raise error(f"{what} {path} 有 {size / 1048576:.0f} MB，超过上限 {limit / 1048576:.0f} MB，已拒绝读取")
    return size


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
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise error(f"{what} {path} 已损坏，无法作为 {suffix or '.xlsx'} 打开（{exc}）。请用 Excel 打开后重新保存") from None
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
