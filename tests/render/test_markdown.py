"""The Markdown page: text from a report is inert."""

from __future__ import annotations

from nianbao.render.markdown import md


def test_html_and_markdown_from_a_report_are_inert():
    text = md("<script>alert(1)</script> [点此](javascript:alert(1)) a|b *c* `d`\n下一行")
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "\\[点此\\]" in text and "a\\|b" in text and "\\*c\\*" in text and "\\`d\\`" in text
    assert "\n" not in text
