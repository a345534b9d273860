"""File names as they come: any bytes, any length, invisible characters."""

from __future__ import annotations

import os

from nianbao.io.names import path_key, short_name, visible


def test_a_gbk_name_is_shown_in_chinese_and_undecodable_bytes_escaped():
    gbk = os.fsdecode("公开年报.txt".encode("gbk"))
    assert path_key(gbk) == "公开年报.txt"
    junk = os.fsdecode(b"\xff\xfe\xfa.txt")
    key = path_key(junk)
    key.encode("utf-8")  # storable and printable
    assert key.endswith(".txt") and key != junk
    assert path_key("好.txt") == "好.txt"


def test_names_are_cut_to_bytes_and_cleared_of_invisible_characters():
    assert len(short_name("😀" * 62, 100).encode("utf-8")) <= 100
    assert short_name("abc", 100) == "abc"
    assert visible("a\u202etxt.exe\u200b\x00b") == "atxt.exeb"
