"""Errors a user can see: each names the file and the reason, never a traceback."""

from __future__ import annotations

import re
from pathlib import Path


class NianbaoError(Exception):
    """Base class: ``str(err)`` is a complete, user-facing Chinese/English message."""

    def __init__(self, path: str | Path | None, reason: str, hint: str = "") -> None:
        if path is not None:
            from nianbao.io.names import path_key, visible

            path = visible(path_key(path))
        self.path = path
        self.reason = reason
        self.hint = hint
        where = f"{self.path}: " if self.path else ""
        tail = f"（{hint}）" if hint else ""
        super().__init__(f"{where}{reason}{tail}")

    def __reduce__(self):  # crosses process boundaries whole (its arguments are not its args)
        return type(self), (self.path, self.reason, self.hint)


class UnsupportedFormat(NianbaoError):
    """The file is of a kind nianbao does not read."""


class EmptyDocument(NianbaoError):
    """The file is empty or holds no text."""


class CorruptDocument(NianbaoError):
    """The file is damaged, truncated, encrypted or not what its name says."""


class NoTextLayer(NianbaoError):
    """A PDF whose pages are images (scanned): it needs OCR."""


class EncodingError(NianbaoError):
    """The bytes are not text in any encoding nianbao recognises."""


class MissingDependency(NianbaoError):
    """An optional program or library is needed to read this file."""


class GarbledText(EncodingError):
    """Mojibake: text decoded with the wrong encoding and saved again (“鏀垮簻”, “æ”¿åºœ”, 锟斤拷)."""


class LimitExceeded(CorruptDocument):
    """The file breaks one of the limits in ``nianbao.io.limits`` (size, zip bomb, table size).

    A ``CorruptDocument``: nianbao will not read it, like a damaged file."""


class StoreFault(NianbaoError):
    """The output folder or the database cannot be written or read."""


DAMAGED_STORE_HINT = "删除或改名这个数据库文件后重新运行：报告会重新读取，原文件不受影响"


def fault(path: str | Path | None, exc: BaseException) -> NianbaoError:
    """A file-system or database fault as one line: the path, what is wrong, what to do."""
    import errno
    import sqlite3

    if isinstance(exc, NianbaoError):
        return exc
    if isinstance(exc, OSError):
        path = exc.filename if exc.filename is not None else path
        code = exc.errno
        if code == errno.ENOSPC or code == errno.EDQUOT:
            return StoreFault(
                path, "磁盘空间已满，无法写入", "腾出空间后重新运行，已保存的结果不会丢失"
            )
        if code in (errno.EROFS, errno.EACCES, errno.EPERM):
            return StoreFault(
                path, "没有写入权限（只读）", "换一个可写的文件夹（--out）或修改权限后重新运行"
            )
        if code in (errno.ENOTDIR, errno.EEXIST):
            return StoreFault(
                path,
                "这里已有一个同名文件，不是文件夹",
                "删除或改名后重新运行，或用 --out 指定另一个文件夹",
            )
        if code == errno.ENAMETOOLONG:
            return StoreFault(path, "路径或文件名过长", "换一个较短的文件夹后重新运行")
        return StoreFault(path, f"无法读写：{exc.strerror or exc}", "检查这个路径后重新运行")
    if isinstance(exc, sqlite3.Error):
        text = str(exc).lower()
        if "readonly" in text or "read-only" in text:
            return StoreFault(
                path, "数据库只读，无法写入", "换一个可写的文件夹（--out）或修改权限后重新运行"
            )
        if "full" in text:
            return StoreFault(
                path, "磁盘空间已满，无法写入数据库", "腾出空间后重新运行，已保存的结果不会丢失"
            )
        if "unable to open" in text:
            return StoreFault(path, "无法打开数据库文件", "检查文件夹是否存在、可写后重新运行")
        if "locked" in text or "busy" in text:
            return StoreFault(path, "数据库正被另一个程序使用", "等它结束后重新运行")
        return StoreFault(path, f"数据库文件已损坏（{exc}）", DAMAGED_STORE_HINT)
    return NianbaoError(path, f"{type(exc).__name__}: {exc}")


def library_words(exc: BaseException) -> str:
    """What a library said about a damaged file, without its internals: no object addresses
    (``<_io.BytesIO object at 0x…>``), nothing after the first line, at most 120 characters."""
    text = re.sub(r"<[^<>]{0,80} at 0x[0-9a-fA-F]+>", "…", str(exc)).split("\n")[0].strip()
    text = text[:120] + ("…" if len(text) > 120 else "")
    if isinstance(exc, (TypeError, AttributeError, KeyError, IndexError)) or not text:
        return f"内容结构不符合格式 ({type(exc).__name__})"  # the library's own wording means nothing here
    return f"{type(exc).__name__}: {text}"
