"""The Chinese spaCy pipeline (jieba segmenter, domain user dictionary) and the rules that
find concrete items in the narrative (after Hope, Hu & Lu 2016).

Concrete items: numbers with units, dates, document numbers (〔2024〕3号), 《titles》,
quoted names of mechanisms (“三审三校”), and named platforms and bodies (an EntityRuler with
the domain's terms). Vague formulas come from ``models/lexicons/vague.txt``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from nianbao.errors import MissingDependency
from nianbao.resources import MODELS

_SPACY_HINT = "pip install spacy jieba"

_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (label, re.compile(p))
    for label, p in (
        (
            "DOCNO",
            r"[\u4e00-\u9fff]{1,12}〔\d{4}〕\d+号|[\u4e00-\u9fff]{1,8}[\[［(（]\d{4}[\]］)）]\d+号",
        ),
        ("TITLE", r"《[^《》\n]{2,60}》"),
        (
            "DATE",
            r"(?:19|20)\d\d\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?|\d{1,2}\s*月\s*\d{1,2}\s*日",
        ),
        (
            "QUANTITY",
            r"\d[\d,，.]*\s*(?:%|％|万元|亿元|元|件|条|次|个|项|期|场|人次|人|户|篇|份|批|家|期|小时|天|分钟|个工作日|万)",
        ),
        ("QUANTITY", r"[一二三四五六七八九十两百千万]+\s*(?:期|场|次|批|篇|人次)"),
        ("NAME", r"“[^“”\n]{2,16}”"),
        ("CONTACT", r"\d{3,4}-\d{7,8}|[\w.]+@[\w.]+|(?:https?://)?www\.[\w./-]+"),
    )
)

_PLATFORMS = (
    "政府网站", "门户网站", "政府门户网站", "政务公开专栏", "信息公开专栏", "政务新媒体", "微信公众号", "公众号",
    "微博", "抖音", "视频号", "小程序", "公开栏", "公示栏", "政务公开栏", "村务公开栏", "电子显示屏", "LED屏",
    "广播", "电视", "报刊", "热线", "12345", "政务服务大厅", "便民服务中心", "政务服务中心", "公开查阅点",
    "政府公报", "新闻发布会", "政务服务网",
)  # fmt: skip
_BODIES = (
    "领导小组", "综合办公室", "党政办", "政府办", "办公室", "司法所", "财政所", "民政所", "便民服务中心",
    "政务公开办", "保密办", "第三方", "人大代表", "政协委员", "村委会", "居委会", "党工委", "管委会",
)  # fmt: skip


@dataclass(frozen=True)
class Item:
    label: str
    start: int
    end: int
    text: str


def _import_spacy():
    """spaCy, without letting thinc import torch (a second, where torch is installed, for
    PyTorch layers a blank pipeline with the jieba segmenter never uses): this is paid by every
    run that reads a report, and by each reading worker."""
    import sys

    if "torch" in sys.modules or "thinc" in sys.modules:
        import spacy

        return spacy
    sys.modules["torch"] = None  # type: ignore[assignment]  # makes `import torch` fail
    try:
        import spacy
    finally:
        del sys.modules["torch"]
    return spacy


def _load_dictionary(jieba) -> None:
    """jieba's prefix dictionary, from a pickle in the user's cache: jieba keeps it as a
    marshal file that loads three times slower (0.57 s against 0.16 s here), and every run
    and every reading worker pays it. The pickle is of the dictionary jieba built itself."""
    import hashlib
    import os
    import pickle
    import tempfile

    tk = jieba.dt
    if tk.initialized or tk.dictionary is not jieba.DEFAULT_DICT:
        return
    source = Path(jieba.__file__).with_name(jieba.DEFAULT_DICT_NAME)
    try:
        stat = source.stat()
    except OSError:
        return
    stamp = f"{jieba.__version__}:{stat.st_size}:{stat.st_mtime_ns}"
    folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "nianbao"
    cache = folder / f"jieba-{hashlib.sha1(stamp.encode()).hexdigest()[:16]}.pickle"
    with tk.lock:
        try:  # a pickle is only loaded from a folder no one else can write to
            if _private(folder):
                with cache.open("rb") as f:
                    tk.FREQ, tk.total = pickle.load(f)
                tk.initialized = True
                return
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError):
            pass
    tk.initialize()
    part = None
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if _private(folder):
            fd, part = tempfile.mkstemp(dir=folder)
            with os.fdopen(fd, "wb") as f:
                pickle.dump((tk.FREQ, tk.total), f, protocol=5)
            os.replace(part, cache)
    except OSError:  # no cache: jieba's own is used next time too
        if part:
            Path(part).unlink(missing_ok=True)


def _private(folder: Path) -> bool:
    import os

    st = folder.stat()
    return st.st_mode & 0o022 == 0 and (not hasattr(os, "getuid") or st.st_uid == os.getuid())


@lru_cache(maxsize=1)
def pipeline():
    """spaCy ``zh`` with the jieba segmenter, the domain dictionary and an EntityRuler."""
    try:
        import jieba

        spacy = _import_spacy()
    except ImportError as exc:
        raise MissingDependency(None, "文本分析需要 spaCy 和 jieba", _SPACY_HINT) from exc
    jieba.setLogLevel(60)
    _load_dictionary(jieba)
    userdict = MODELS / "lexicons" / "jieba_userdict.txt"
    if userdict.exists():
        jieba.load_userdict(str(userdict))
    for term in (*_PLATFORMS, *_BODIES):
        jieba.add_word(term, freq=10_000)
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(
        [{"label": "PLATFORM", "pattern": t} for t in _PLATFORMS]
        + [{"label": "BODY", "pattern": t} for t in _BODIES]
    )
    return nlp


def tokens(text: str) -> list[str]:
    """jieba words of a text, through the spaCy tokenizer."""
    return [t.text for t in pipeline().tokenizer(text) if not t.is_space]


def concrete_items(text: str) -> list[Item]:
    items = [
        Item(label, m.start(), m.end(), m.group())
        for label, rx in _RULES
        for m in rx.finditer(text)
    ]
    doc = pipeline()(text)
    items += [Item(e.label_, e.start_char, e.end_char, e.text) for e in doc.ents]
    return items


@lru_cache(maxsize=1)
def vague_lexicon() -> tuple[str, ...]:
    path = MODELS / "lexicons" / "vague.txt"
    words = [w.strip() for w in path.read_text(encoding="utf-8").splitlines()]
    return tuple(
        sorted({w for w in words if w and not w.startswith("#")}, key=lambda w: (-len(w), w))
    )


def vague_phrases(text: str) -> list[Item]:
    """Non-overlapping vague formulas, longest first."""
    taken = [False] * len(text)
    out: list[Item] = []
    for phrase in vague_lexicon():
        for m in re.finditer(re.escape(phrase), text):
            if any(taken[m.start() : m.end()]):
                continue
            for i in range(m.start(), m.end()):
                taken[i] = True
            out.append(Item("VAGUE", m.start(), m.end(), phrase))
    return sorted(out, key=lambda i: i.start)


def coverage_mask(length: int, items: list[Item]) -> list[bool]:
    mask = [False] * length
    for it in items:
        for i in range(max(0, it.start), min(length, it.end)):
            mask[i] = True
    return mask


@lru_cache(maxsize=1)
def formulas() -> tuple[re.Pattern[str], ...]:
    path = MODELS / "formulas.txt"
    lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()]
    return tuple(re.compile(ln) for ln in lines if ln and not ln.startswith("#"))


def formula_mask(text: str) -> list[bool]:
    """True where a mandated formula stands (excluded from boilerplate and copies)."""
    mask = [False] * len(text)
    for rx in formulas():
        for m in rx.finditer(text):
            for i in range(m.start(), m.end()):
                mask[i] = True
    return mask


@lru_cache(maxsize=1)
def stock_wording() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The genre's common wording (``models/stock_wording.txt``): (family, pattern)."""
    path = MODELS / "stock_wording.txt"
    out: list[tuple[str, re.Pattern[str]]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            family, pattern = line.split("\t", 1)
            out.append((family, re.compile(pattern.strip())))
    return tuple(out)


# contact details and addresses are shared by every unit of one site, and prove nothing; nor does
# the title of a document that several units cite because they all carry it out (《…的通知》)
_CONTACT = re.compile(
    r"(?:https?://|www\.)[\w./?=&%#:-]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?:\d{3,4}[-—－])?\d{7,8}"
    r"|\d{6}(?!\d)|\d{11}|[\w.-]+\.(?:gov|com|net|org)\.cn[\w./-]*"
    r"|《[^《》\n]{4,80}》"
)


def common_wording_mask(text: str) -> list[bool]:
    """True where text is never evidence of copying between units: the mandated formulas, the
    genre's common wording, contact details, addresses, URLs and cited document titles."""
    mask = formula_mask(text)
    for rx in (*(rx for _, rx in stock_wording()), _CONTACT):
        for m in rx.finditer(text):
            mask[m.start() : m.end()] = [True] * (m.end() - m.start())
    return mask


def stock_family(text: str) -> str | None:
    """The family of common wording that covers most of ``text``, if it covers most of it."""
    best, size = None, 0
    for family, rx in stock_wording():
        for m in rx.finditer(text):
            if m.end() - m.start() > size:
                best, size = family, m.end() - m.start()
    return best if size >= 0.6 * len(text.strip("。；; ")) else None
