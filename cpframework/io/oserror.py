"""What the operating system said, in Chinese: the reason a file could not be read or written and what
to do about it (``No space left on device`` → 磁盘空间不足 …)."""
from __future__ import annotations

import errno

_TEXT = {
    errno.ENOSPC: "磁盘空间不足；请清理磁盘或换一个输出位置",
    errno.EROFS: "所在的文件系统是只读的（如光盘、只读挂载的网络盘）；请换一个可写的位置",
    errno.ENAMETOOLONG: "文件名或路径过长；请用较短的文件名或较浅的文件夹",
    errno.EEXIST: "文件已存在（可能刚被另一个程序创建）",
    errno.EACCES: "没有权限（或文件正被其他程序占用，如 Excel/Word 打开着它）",
    errno.EPERM: "操作不被允许（没有权限，或文件被设为只读/不可修改）",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOTDIR: "路径中的某一级不是文件夹",
    errno.ENOENT: "文件或文件夹不存在",
    errno.ELOOP: "符号链接过多或形成了循环",
    errno.EIO: "读写出错（磁盘、U 盘或网络盘故障）",
    errno.EBUSY: "文件或设备正被占用",
    errno.ETXTBSY: "文件正被占用",
    errno.EMFILE: "打开的文件过多；请关闭其他程序后重试",
    errno.ENFILE: "系统打开的文件过多；请稍后重试",
    errno.EFBIG: "文件过大，超出文件系统的上限",
    errno.EINVAL: "文件名或参数无效（文件名中可能含有不允许的字符）",
    errno.EXDEV: "不能跨磁盘/分区移动文件",
    errno.ENODEV: "设备不存在",
    errno.ENXIO: "设备不存在或未就绪",
}
if hasattr(errno, "EDQUOT"):
    _TEXT[errno.EDQUOT] = "超出磁盘配额；请清理空间或换一个输出位置"


def os_error_text(exc: BaseException) -> str:
    """The Chinese reason for an ``OSError`` (falls back to the system text with its error number)."""
    if isinstance(exc, OSError) and exc.errno in _TEXT:
        return _TEXT[exc.errno]
    if isinstance(exc, OSError) and exc.strerror:
        return f"系统错误 {exc.errno}（{exc.strerror}）"
    return f"系统错误（{exc}）"
