"""File names as they come: bytes that are not UTF-8 (a GBK name unpacked from a Windows zip),
very long names, right-to-left overrides and zero-width characters.

``path_key`` is the name nianbao stores, shows and writes for a file: the path itself when it
is valid Unicode, else its bytes read as GB18030 (what Chinese Windows writes), else with each
undecodable byte as ``\\xNN``. The file is still opened by its real path."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

# format and control characters: bidirectional overrides, zero-width joiners, BOMs …
_INVISIBLE = {"Cc", "Cf", "Co", "Cs", "Zl", "Zp"}


def path_key(path: str | Path) -> str:
    text = str(path)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        raw = os.fsencode(text)
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            pass
    return raw.decode("utf-8", "backslashreplace")


def visible(text: str) -> str:
    """``text`` without the characters that reorder or hide what is shown."""
    return "".join(c for c in text if unicodedata.category(c) not in _INVISIBLE or c in "\t\n")


def short_name(text: str, max_bytes: int = 120) -> str:
    """``text`` cut to at most ``max_bytes`` bytes of UTF-8, on a character boundary (file
    systems allow 255 bytes a name; a page name also gets a suffix and a number)."""
    data = text.encode("utf-8")
    if len(data) <= max_bytes:
        return text
    return data[:max_bytes].decode("utf-8", "ignore")
