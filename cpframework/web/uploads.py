"""Receiving an uploaded file: size limit enforced while the body streams in (announced size first,
then the bytes actually received), the form's CSRF token checked, and the file copied in 1 MB pieces
to a hidden temp file in the folder where it will be used (never held in memory whole)."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request

from cpframework.web import security

MARGIN = 64 * 1024  # the multipart envelope and the other fields


class UploadError(Exception):
    """A refused upload; the message is Chinese and says what to do."""


class _TooLarge(Exception):
    pass


def _limited(receive: Any, limit: int) -> Any:
    seen = 0

    async def wrapped() -> dict:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit + MARGIN:
                raise _TooLarge
        return message
    return wrapped


def _too_large(limit: int) -> UploadError:
    return UploadError(f"文件超过上限 {limit / 1048576:.0f} MB，已拒绝接收。请检查是否选错了文件。")


async def receive(request: Request, token: str, *, field: str, dest: Path, limit: int,
                  suffixes: tuple[str, ...], what: str, prefix: str) -> tuple[Any, Path, str]:
    """``(form, staged path, original file name)``.  The staged file is hidden, named ``prefix…<suffix>``
    (``temp_prefix(target)``: :func:`cpframework.io.safe_write.clean_stale` removes it after a crash) and
    keeps the upload's suffix, which the readers go by."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit + MARGIN:
        raise _too_large(limit)
    limited = Request(request.scope, receive=_limited(request.receive, limit))
    try:
        form = await limited.form(max_files=1, max_fields=50)
    except _TooLarge:
        raise _too_large(limit) from None
    security.check_csrf(token, form.get("csrf"))
    upload = form.get(field)
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise UploadError(f"请先选择要上传的{what}。")
    name = Path(upload.filename.replace("\\", "/")).name
    suffix = Path(name).suffix.lower()
    if suffix not in suffixes:
        raise UploadError(f"“{name}”不是可接受的{what}：应为 {'、'.join(suffixes)} 文件。")
    if upload.size is not None and upload.size > limit:
        raise _too_large(limit)
    dest.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=dest)
    staged = Path(tmp)
    try:
        with os.fdopen(fd, "wb") as out:
            await run_in_threadpool(shutil.copyfileobj, upload.file, out, 1024 * 1024)
    except BaseException:
        staged.unlink(missing_ok=True)
        raise
    finally:
        await upload.close()
    if staged.stat().st_size == 0:
        staged.unlink(missing_ok=True)
        raise UploadError(f"上传的{what}“{name}”是空文件（0 字节）。")
    return form, staged, name
