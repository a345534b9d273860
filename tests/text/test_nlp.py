from __future__ import annotations

from nianbao.text.nlp import concrete_items, formula_mask, tokens, vague_phrases
from nianbao.text.numbers import quantities, to_number


def test_concrete_items():
    text = "严格落实“三审三校”制度，在政府网站和微信公众号发布信息57条，制定《政务公开清单》（海政发〔2024〕3号），12月31日前由综合办公室负责。"
    labels = {(i.label, i.text) for i in concrete_items(text)}
    assert {
        ("NAME", "“三审三校”"),
        ("PLATFORM", "政府网站"),
        ("PLATFORM", "微信公众号"),
        ("QUANTITY", "57条"),
        ("TITLE", "《政务公开清单》"),
        ("DOCNO", "海政发〔2024〕3号"),
        ("DATE", "12月31日"),
        ("BODY", "综合办公室"),
    } <= labels


def test_vague_phrases_longest_first_without_overlap():
    found = [i.text for i in vague_phrases("公开质量有待进一步提升，工作取得了一定成效。")]
    assert found == ["有待进一步", "取得了一定成效"]


def test_jieba_with_domain_dictionary():
    assert "三审三校" in tokens("严格落实三审三校制度")
    assert "依申请公开" in tokens("规范依申请公开流程")


def test_formula_mask_covers_statutory_titles():
    text = "根据《中华人民共和国政府信息公开条例》规定"
    mask = formula_mask(text)
    assert all(mask[2:19]) and not mask[0] and not mask[19]


def test_chinese_numerals():
    assert to_number("二十一") == 21 and to_number("1,136") == 1136
    assert [q.value for q in quantities("收到申请二十一件，第一条规定")] == [21]


def test_jieba_dictionary_from_the_pickle_cache_segments_the_same(tmp_path):
    import os
    import subprocess
    import sys

    probe = (
        "import jieba; from nianbao.text.nlp import tokens; "
        "print(jieba.dt.total, len(jieba.dt.FREQ), '/'.join(tokens('乡政府信息公开专栏按期更新办件量统计')))"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    command = [sys.executable, "-c", probe]
    runs = [
        subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
        for _ in range(2)
    ]
    cached = list((tmp_path / "nianbao").glob("jieba-*.pickle"))
    assert len(cached) == 1 and cached[0].stat().st_mode & 0o077 == 0
    assert runs[0] == runs[1] and "信息公开专栏" in runs[0]  # built by jieba, then loaded
