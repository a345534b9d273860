"""Errors a user can see: each names the file and the reason, never a traceback."""

from __future__ import annotations

from pathlib import Path


class NianbaoError(Exception):
    """Base class: ``str(err)`` is a complete, user-facing Chinese/English message."""

    def __init__(self, path: str | Path | None, reason: str, hint: str = "") -> None:
        self.path = str(path) if path is not None else None
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
