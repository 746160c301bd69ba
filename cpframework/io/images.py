"""Images a report embeds (the cover photo, figures in narratives), checked before Word sees them: a
regular file of bounded size, a format Word takes (PNG, JPEG, GIF, BMP, TIFF), a bounded number of
pixels, and pixels that actually decode — so a truncated file, a renamed text file or a
60000×60000 "pixel bomb" gives a Chinese message instead of a crash or a 200 MB report.
Limits: ``MAX_IMAGE_BYTES`` and ``MAX_IMAGE_PIXELS`` in :mod:`cpframework.io.safe_read`."""
from __future__ import annotations

import os
import stat
import warnings
from pathlib import Path

from cpframework.io import safe_read
from cpframework.io.oserror import os_error_text

FORMATS = {"PNG": "PNG", "JPEG": "JPEG", "MPO": "JPEG", "GIF": "GIF", "BMP": "BMP", "TIFF": "TIFF"}


def image_problem(path: Path) -> str | None:
    """Why ``path`` cannot be embedded (Chinese, to follow “图片“x.png””), or None when it can."""
    try:
        st = os.stat(path)
    except OSError as exc:
        return f"无法读取：{os_error_text(exc)}"
    if stat.S_ISDIR(st.st_mode):
        return "是一个文件夹，不是图片文件"
    if not stat.S_ISREG(st.st_mode):
        return f"是{safe_read.special_kind(st.st_mode)}，不是图片文件"
    if st.st_size == 0:
        return "是空文件（0 字节）"
    if st.st_size > safe_read.MAX_IMAGE_BYTES:
        return (f"有 {st.st_size / 1048576:.0f} MB，超过上限 {safe_read.MAX_IMAGE_BYTES / 1048576:.0f} MB；"
                f"请压缩后再用（如另存为 JPEG，宽度 2000 像素左右即可）")
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # DecompressionBombWarning: our own limit decides below
            with Image.open(path) as img:
                fmt, (w, h) = img.format, img.size
                if fmt not in FORMATS:
                    return f"是 {fmt or '未知'} 格式，Word 报告只能插入 PNG、JPEG、GIF、BMP 或 TIFF 图片；请另存为 PNG 或 JPEG"
                if w <= 0 or h <= 0 or w * h > safe_read.MAX_IMAGE_PIXELS:
                    return (f"有 {w}×{h} 像素，超过上限 {safe_read.MAX_IMAGE_PIXELS // 1_000_000} 百万像素；"
                            f"请缩小后再用（宽度 2000 像素左右即可）")
                img.load()  # decode every pixel: a truncated or corrupt file fails here, not in Word
    except UnidentifiedImageError:
        return "不是可识别的图片文件（可能已损坏，或只是改了扩展名）；请用 PNG 或 JPEG 格式"
    except Image.DecompressionBombError:
        return f"像素数过多，超过上限 {safe_read.MAX_IMAGE_PIXELS // 1_000_000} 百万像素；请缩小后再用"
    except OSError as exc:
        if exc.errno is not None:
            return f"无法读取：{os_error_text(exc)}"
        return "已损坏或不完整，无法解码；请重新导出图片（PNG 或 JPEG）"
    except (ValueError, SyntaxError, MemoryError, EOFError, IndexError, KeyError, TypeError, ZeroDivisionError):
        return "已损坏或格式有误，无法解码；请重新导出图片（PNG 或 JPEG）"
    return None


def confined(root: Path, rel: str) -> Path | None:
    """``root/rel`` with every link resolved, if it stays inside ``root`` (resolved); else None."""
    try:
        base = Path(root).resolve()
        path = (base / rel).resolve()
    except (OSError, RuntimeError, ValueError):
        return None
    return path if path.is_relative_to(base) else None
