"""Passages shared between reports: verbatim and near copies, and suspected rewordings.

Each narrative sentence is cleaned (mandated formulas, punctuation and spaces removed) and
cut into its rare wording n-grams (see below); pieces sharing enough of them are candidate
pairs, verified exactly by alignment (difflib) and classed as verbatim or near. Sentences
with no such match are compared by sentence embeddings: a pair that is each other's best match
above ``SUSPECTED`` is a suspected rewording, listed for review, never counted. Matched
sentences that follow each other on one side are merged into passages. Pairs of reports of
different units are copies; a unit's report and its own report of the year before give its
stickiness.

Wording written by many units (``TEMPLATE_UNITS``) is a template handed down to all of them,
not a copy between two (as MOSS ignores code that many programs share). Its measure is the
wording n-gram: ``common_text`` counts, for every ``GRAM`` characters of wording (numbers and
the unit's own names blanked), how many units write them; n-grams of at least
``TEMPLATE_UNITS`` units are common. A piece with fewer than ``MIN_RARE`` other n-grams is a
template piece: left out of the comparison and counted as boilerplate. Two pieces must share
``MIN_RARE`` n-grams that are not common to be a shared passage. This keeps the pair count
linear in the number of reports, however much stock wording a province hands down. Copy
detection never enumerates report pairs: candidates come from a join of the pieces on their
rare n-grams and, for rewordings, from a similarity join of the sentence vectors (exact in
blocks up to ``EXACT_JOIN`` pieces, by k-means cells beyond).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import pairwise
from pathlib import Path

import numpy as np

from nianbao.corpus.engine import LOCAL, Local, in_sorted, writer_counts
from nianbao.records import CopyPair, Passage, Report, Span
from nianbao.segment.meta import county_of, unit_key
from nianbao.text.nlp import common_wording_mask

MIN_CHARS = 10  # a cleaned sentence shorter than this is not compared
NEAR = 0.75  # aligned-region similarity for a near copy
VERBATIM = 0.97
# A pair of sentences that only the sentence model links (no rare wording in common) is a
# suspected rewording (疑似改写), never counted as copied: on 394 real report pages of other
# provinces (``text_eval --negatives``), 200 pairs of units of two counties reach cosine
# 0.985–0.9997 with the genre's stock wording reworded, so no cosine bar tells a township's
# rewording from the genre's. Above this bar, between sentences of some length,
# each the other's best match, such pairs of neighbours (``_neighbours``) are listed for the
# auditor, ordered by similarity, when SUSPECTED_SENTENCES follow each other: of the 665
# pairs of single sentences the same pages give at 0.975, 3 are passages of two.
SUSPECTED = 0.975
SUSPECTED_SENTENCES = 2
SUSPECTED_MIN_CHARS = 20
MIN_MATCHED = 16  # shorter shared runs are set phrases, not copied passages
TEMPLATE_UNITS = 5  # wording written by this many units is a template
GRAM = 8  # characters of wording in the n-grams that tell common from rare text
MIN_RARE = 3  # a shared passage shares at least this many n-grams that are not common
# A rare n-gram has fewer than TEMPLATE_UNITS writers; one held by more reports than this is
# one unit's wording of many years, left out of the join (its pieces meet on their others)
MOST_HOLDERS = 64
# A pair is reported when its passages share this many rare n-grams (wording few units write,
# outside the genre's common wording): about 15 characters that no template explains. Its
# strength orders the pairs, so the strongest evidence of copying comes first.
MIN_STRENGTH = 8
# Between units of two counties, a shared passage that states no fact of either (no village or
# community named, at most one count) is wording two units may write alike — the genre's, or a
# template filled with the same item: it names a copier only when long, this many rare n-grams
# (some 40 characters). A passage carrying the other's villages or counts needs MIN_STRENGTH, and
# so does any passage two townships of one county share (they borrow from each other), and
# two sentences of a passage that each share MIN_STRENGTH: on 394 real pages of other provinces
# no two units share such a pair, while edited copies keep it (text_eval, cross county).
GENERIC_STRENGTH = 30
_PLACE_FACT = re.compile(
    r"[\u4e00-\u9fff]{2}(?<![乡农渔全各本该政城])(?:村|社区|居委会)(?![务民委级干部集组规两道])"
)
_COUNT_FACT = re.compile(
    r"(?<![\d.])(?!(?:19|20)\d\d\s*年)\d+(?:\.\d+)?\s*"
    r"(?:%|％|个|户|人次|人|条|件|份|期|块|天|处|类|场|次|村|名|万元|元|项|家|所|篇)"
)  # not 月 and 日: the dates of the reporting period are everybody's
EXACT_JOIN = 30_000  # rewording candidates: an exact join up to this many pieces (squared)
PROBES = 8  # … and beyond, each piece compared within its 8 nearest cells (``_cell_join``)
_KEEP = re.compile(r"[\u4e00-\u9fff0-9A-Za-z]")


@dataclass(frozen=True)
class Unit:
    report: int  # index into the reports
    sentence: int  # index of the sentence among the report's units
    text: str
    span: Span
    clean: str
    offsets: tuple[int, ...]  # clean char → index in text
    template: str  # clean with numbers and the unit's own names blanked: the wording alone


@dataclass(frozen=True)
class Piece:
    """What corpus-wide copy detection needs of a unit (its wording and place): held for every
    report, while a ``Unit``'s text and alignment maps are loaded only for candidates."""

    report: int
    sentence: int
    span: Span
    template: str


LONG = 60  # a sentence longer than this (cleaned) is compared clause group by clause group


def _pieces(text: str) -> list[tuple[int, int]]:
    """The sentence, or for a long one, runs of clauses of at least 15 characters."""
    if len(text) <= LONG:
        return [(0, len(text))]
    out: list[tuple[int, int]] = []
    start = 0
    for m in re.finditer(r"[，,；;：:]", text):
        if m.end() - start >= 15:
            out.append((start, m.end()))
            start = m.end()
    if start < len(text):
        if out and len(text) - start < 15:
            out[-1] = (out[-1][0], len(text))
        else:
            out.append((start, len(text)))
    return out


def own_names(unit: str | None) -> list[str]:
    """The names a unit calls itself by, longest first: 淮安市洪泽区, 洪泽区."""
    key = unit_key(unit)
    if not key:
        return []
    names = {key}
    for m in re.finditer(r"[省市县区州盟旗]", key[:-1]):
        if len(key) - m.end() >= 2:
            names.add(key[m.end() :])
    return sorted(names, key=len, reverse=True)


def _wording(clean: str, names: Sequence[str]) -> str:
    """The wording alone: numbers → #, the unit's own names → @."""
    blanks = "|".join([*map(re.escape, names), r"\d+"])
    return re.sub(blanks, lambda m: "#" if m.group()[0].isdigit() else "@", clean)


def units_of(report: Report, index: int) -> list[Unit]:
    out: list[Unit] = []
    names = own_names(report.meta.unit)
    for s in report.sentences:
        if s.heading:
            continue
        for a, b in _pieces(s.text):
            text = s.text[a:b]
            masked = common_wording_mask(text)
            keep = [i for i, ch in enumerate(text) if not masked[i] and _KEEP.match(ch)]
            clean = "".join(text[i] for i in keep)
            if len(clean) < MIN_CHARS:
                continue
            span = (s.span[0] + a, s.span[0] + b)
            out.append(
                Unit(index, len(out), text, span, clean, tuple(keep), _wording(clean, names))
            )
    return out


@dataclass
class _Match:
    a: Unit
    b: Unit
    a_region: Span
    b_region: Span
    similarity: float
    kind: str
    a_shared: tuple[Span, ...] = ()  # aligned characters (all of a region for a rewording)
    b_shared: tuple[Span, ...] = ()
    rare: int = 0  # rare n-grams the two pieces share (see ``CommonText.shared_rare``)


def _align(a: Unit, b: Unit) -> _Match | None:
    """The aligned region of two pieces, if they share at least ``MIN_MATCHED`` characters at
    ``NEAR`` similarity or above."""
    sm = SequenceMatcher(None, a.clean, b.clean, autojunk=False)
    blocks = [blk for blk in sm.get_matching_blocks() if blk.size >= 3]
    matched = sum(blk.size for blk in blocks)
    if matched < MIN_MATCHED:
        return None
    a0, a1 = blocks[0].a, blocks[-1].a + blocks[-1].size
    b0, b1 = blocks[0].b, blocks[-1].b + blocks[-1].size
    similarity = 2 * matched / ((a1 - a0) + (b1 - b0))
    if similarity < NEAR:
        return None
    kind = "verbatim" if similarity >= VERBATIM and a.clean[a0:a1] == b.clean[b0:b1] else "near"
    return _Match(
        a, b, _region(a, a0, a1), _region(b, b0, b1), similarity, kind,
        tuple(_region(a, blk.a, blk.a + blk.size) for blk in blocks),
        tuple(_region(b, blk.b, blk.b + blk.size) for blk in blocks),
    )  # fmt: skip


def _region(u: Unit, c0: int, c1: int) -> Span:
    start = u.span[0] + u.offsets[c0]
    end = u.span[0] + u.offsets[c1 - 1] + 1
    if c0 == 0:
        start = u.span[0]
    if c1 == len(u.clean):
        end = u.span[1]
    return (start, end)


def _unit_keys(reports: Sequence[Report]) -> list[str]:
    """Who wrote each report: its unit; where the name is missing, its title without the year
    on its site (folder), so that one unit's reports of two years are never two units."""
    keys = []
    for i, r in enumerate(reports):
        key = unit_key(r.meta.unit)
        if not key and r.meta.title:
            title = re.sub(r"[\d〇○零一二三四五六七八九]{4}\s*年度?|\s+", "", r.meta.title)
            key = f"{Path(r.path).parent}/{title}"
        keys.append(key or f"#{i}")
    # a name without its county (梨金街道) is the unit whose full name ends with it (川西县梨金街道)
    # when exactly one does: the same unit's pages often name it both ways
    longer: dict[str, set[str]] = defaultdict(set)
    for key in {k for k in keys if not k.startswith("#") and "/" not in k}:
        for k in range(1, len(key) - 2):
            longer[key[k:]].add(key)
    return [next(iter(longer[k])) if len(longer.get(k, ())) == 1 else k for k in keys]


_HASH_BASE = np.uint64(0x100000001B3)


@dataclass
class CommonText:
    """Which wording is common: n-grams of ``GRAM`` wording characters written by at least
    ``TEMPLATE_UNITS`` units. For every piece: the hashes of its n-grams, and of those that are
    rare. Computed for all pieces at once with numpy (rolling hashes); held as flat arrays
    with offsets, compact at 10,000 reports."""

    grams: np.ndarray  # sorted hashes of the common n-grams
    first: np.ndarray  # report i's pieces are numbers first[i] … first[i + 1] - 1
    window_hashes: np.ndarray  # every n-gram of every piece, piece after piece …
    window_reports: np.ndarray  # … the report it is in
    window_starts: np.ndarray  # piece k's n-grams: window_hashes[starts[k]:starts[k + 1]]
    rare_hashes: np.ndarray  # the same for the n-grams that are not common
    rare_starts: np.ndarray

    def _piece(self, u: Unit | Piece) -> int:
        return int(self.first[u.report]) + u.sentence

    def rare(self, u: Unit | Piece) -> np.ndarray:
        k = self._piece(u)
        return self.rare_hashes[self.rare_starts[k] : self.rare_starts[k + 1]]

    def windows(self, u: Unit | Piece) -> np.ndarray:
        k = self._piece(u)
        return self.window_hashes[self.window_starts[k] : self.window_starts[k + 1]]

    def is_template(self, u: Unit | Piece) -> bool:
        """Nothing in it but common wording: no evidence of copying, whoever writes it."""
        k = self._piece(u)
        return int(self.rare_starts[k + 1] - self.rare_starts[k]) < MIN_RARE

    def templates(self) -> np.ndarray:
        """``is_template`` of every piece, report after report (report i's from ``first[i]``)."""
        return np.diff(self.rare_starts) < MIN_RARE

    def shared_rare(self, a: Unit | Piece, b: Unit | Piece) -> int:
        """How many of a's rare n-grams b writes too."""
        return int(np.isin(self.rare(a), self.windows(b)).sum())

    def holders(self, grams: np.ndarray) -> set[int]:
        """The reports holding any of ``grams``."""
        if len(grams) == 0:
            return set()
        hit = np.isin(self.window_hashes, grams)
        return set(np.unique(self.window_reports[hit]).tolist())


def common_text(
    reports: Sequence[Report],
    units: Sequence[list[Unit]] | Sequence[list[Piece]],
    counts: Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]] = writer_counts,
) -> CommonText:
    """``counts``: how many units write each n-gram (``corpus.engine``: here or on a cluster)."""
    flat = [u for us in units for u in us]
    first = np.cumsum([0] + [len(us) for us in units])
    lengths = np.array([len(u.template) for u in flat], dtype=np.int64)
    ends = np.cumsum(lengths)
    codes = np.frombuffer("".join(u.template for u in flat).encode("utf-32-le"), dtype=np.uint32)
    codes = codes.astype(np.uint64)
    n = max(0, len(codes) - GRAM + 1)
    hashes = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for t in range(GRAM):
            hashes = hashes * _HASH_BASE + codes[t : t + n]
    del codes
    piece_of = np.repeat(np.arange(len(flat)), lengths)[:n]
    inside = np.arange(n) + GRAM <= ends[piece_of] if n else np.zeros(0, dtype=bool)
    hashes, piece_of = hashes[inside], piece_of[inside]
    report_of = np.repeat(np.arange(len(units)), np.diff(first))[piece_of]
    keys = _unit_keys(reports)
    key_ids = {k: i for i, k in enumerate(dict.fromkeys(keys))}
    writer = np.array([key_ids[k] for k in keys], dtype=np.int64)[report_of]
    distinct, writers = counts(hashes, writer)
    del writer
    grams = distinct[writers >= TEMPLATE_UNITS]  # sorted
    is_rare = ~in_sorted(grams, hashes)
    per_piece = np.bincount(piece_of, minlength=len(flat))
    rare_per_piece = np.bincount(piece_of[is_rare], minlength=len(flat))
    return CommonText(
        grams, first, hashes, report_of, np.r_[0, np.cumsum(per_piece)],
        hashes[is_rare], np.r_[0, np.cumsum(rare_per_piece)],
    )  # fmt: skip


def template_pieces(reports: Sequence[Report], units: Sequence[list[Unit]]) -> set[str]:
    """The wordings of the template pieces (see ``CommonText.is_template``)."""
    common = common_text(reports, units)
    return {u.template for us in units for u in us if common.is_template(u)}


def _relation(reports: Sequence[Report], keys: list[str], i: int, j: int) -> str | None:
    """Reports of different units are compared for copies; a unit's reports of consecutive
    years for stickiness; other pairs not at all."""
    if keys[i] != keys[j]:
        return "copy"
    yi, yj = reports[i].meta.year, reports[j].meta.year
    return "stickiness" if yi and yj and abs(yi - yj) == 1 else None


def find_copies(
    reports: Sequence[Report],
    embeddings: Sequence[np.ndarray] | None = None,
    *,
    suspected: float = SUSPECTED,
    fresh: set[int] | None = None,
    known: dict[tuple[int, int], list[CopyPair]] | None = None,
    computed: dict[tuple[int, int], list[CopyPair]] | None = None,
    units: Sequence[list[Unit]] | Sequence[list[Piece]] | None = None,
    common: CommonText | None = None,
    changed: np.ndarray | None = None,
    full: Callable[[int], list[Unit]] | None = None,
    engine: Local = LOCAL,
) -> list[CopyPair]:
    """Shared passages between every related pair of reports (see ``_relation``).

    ``embeddings[i]`` are the vectors of report i's units (``units_of``), or None to skip
    rewordings. ``common`` (see ``common_text``) is computed when not given. Incremental use:
    only report pairs involving a ``fresh`` report, or a report holding one of the ``changed``
    n-grams (those that became, or ceased to be, common since the pairs in ``known`` were
    found), are compared; the other pairs are taken from ``known`` (by report indices); what
    was compared is written into ``computed`` (an empty list where nothing is shared now).
    ``units`` may be ``Piece``s, with ``full(i)`` giving report i's ``Unit``s when needed.
    ``engine`` runs the join on rare n-grams (``corpus.engine``).
    """
    if units is None:
        units = [units_of(r, i) for i, r in enumerate(reports)]
    if full is None:
        full = units.__getitem__  # type: ignore[assignment]
    if common is None:
        common = common_text(reports, units, engine.writer_counts)
    keys = _unit_keys(reports)
    redo: set[int] | None = None
    if fresh is not None:
        redo = set(fresh) | common.holders(changed if changed is not None else np.zeros(0))
    template = common.templates().tolist()
    flat = [u for u, t in zip((u for us in units for u in us), template, strict=True) if not t]
    # the same wording repeated in one report is compared once: a page of 40,000 lines alike
    # would otherwise make every line a candidate of every other
    first: dict[tuple[int, str], Unit | Piece] = {}
    for u in flat:
        first.setdefault((u.report, u.template), u)
    flat = list(first.values())
    only = {k for k, u in enumerate(flat) if u.report in redo} if redo is not None else None
    matches: dict[tuple[int, int], list[_Match]] = defaultdict(list)
    if only is not None and not only:
        flat = []  # nothing new to compare
    if flat:
        candidates = _candidates(flat, common, only, engine)
        for x, y in candidates.tolist():
            a, b = flat[x], flat[y]
            if a.report == b.report:
                continue
            if a.report > b.report:
                a, b = b, a
            if _relation(reports, keys, a.report, b.report) is None:
                continue
            rare = common.shared_rare(a, b)
            if rare < MIN_RARE:
                continue  # what they share is what many units write
            m = _align(full(a.report)[a.sentence], full(b.report)[b.sentence])
            if m is not None:
                m.rare = rare
                matches[(a.report, b.report)].append(m)
    if embeddings is not None and flat:
        vectors = np.concatenate([embeddings[u.report][u.sentence][None] for u in flat])
        for i, j in _vector_neighbours(flat, vectors, suspected, only):
            if _relation(reports, keys, i, j) is not None:
                _rewordings(full(i), full(j), embeddings[i], embeddings[j],
                            matches[(i, j)], suspected, common)  # fmt: skip
    out: list[CopyPair] = []
    for (i, j), ms in sorted(matches.items()):
        if not ms:
            continue
        found = _passages(reports, i, j, ms, _relation(reports, keys, i, j) or "copy")
        out += found
        if computed is not None:
            computed[(i, j)] = found
    if redo is not None and known:
        for key, ps in known.items():
            if key[0] in redo or key[1] in redo:
                if computed is not None and key not in computed:
                    computed[key] = []  # compared again: shares nothing now
            else:
                out += ps
    return out


def _candidates(
    flat: list[Unit] | list[Piece], common: CommonText, only: set[int] | None, engine: Local
) -> np.ndarray:
    """The pairs of pieces (indices into ``flat``) sharing ``MIN_RARE`` rare n-grams, found
    exactly by joining the pieces on them: a rare n-gram has few writers, so the join stays
    linear. It finds a sentence merged into a longer one or grown by a clause, which a
    similarity of the pieces as wholes (MinHash LSH, used before) misses. With ``only``, just
    the pairs of those pieces."""
    piece = np.array([common._piece(u) for u in flat], dtype=np.int64)
    begin, end = common.rare_starts[piece], common.rare_starts[piece + 1]
    sizes = end - begin
    rows = np.repeat(begin - np.cumsum(sizes) + sizes, sizes) + np.arange(int(sizes.sum()))
    holders = np.repeat(np.arange(len(flat), dtype=np.int64), sizes)
    owners = np.array([u.report for u in flat], dtype=np.int64)[holders]
    wanted = None
    if only is not None:
        wanted = np.zeros(len(flat), dtype=bool)
        wanted[list(only)] = True
    return engine.sharing_pairs(
        common.rare_hashes[rows], owners, holders, MIN_RARE, MOST_HOLDERS, wanted
    )


def _vector_neighbours(
    flat: list[Unit] | list[Piece],
    vectors: np.ndarray,
    threshold: float,
    only: set[int] | None,
    block: int = 2048,
    exact: int = EXACT_JOIN,
) -> list[tuple[int, int]]:
    """Report pairs (i < j) holding a piece pair at or above ``threshold`` cosine.

    Up to ``exact``² piece pairs to compare (with ``only``, just those rows against all: an
    incremental run is linear in the corpus), an exact similarity join in blocks of matrix
    products. Beyond, an inverted-file join (``_cell_join``): n·√n products instead of n².
    LSH cannot cut this one: the sentence model crowds unrelated report sentences so close
    (cosine 0.90–0.96) that bands tight enough to skip them would miss the rewordings."""
    reports = np.array([u.report for u in flat], dtype=np.int64)
    rows = np.array(sorted(only), dtype=np.int64) if only is not None else np.arange(len(flat))
    found: set[tuple[int, int]] = set()

    def add(x: np.ndarray, y: np.ndarray) -> None:
        a, b = reports[x], reports[y]
        lo_, hi_ = np.minimum(a, b)[a != b], np.maximum(a, b)[a != b]
        found.update(zip(lo_.tolist(), hi_.tolist(), strict=True))

    if len(rows) * len(flat) > exact * exact:
        _cell_join(vectors, rows, threshold, add, block)
        return sorted(found)
    for lo in range(0, len(rows), block):
        r = rows[lo : lo + block]
        x, y = np.nonzero(vectors[r] @ vectors.T >= threshold)
        add(r[x], y)
    return sorted(found)


def _cell_join(
    vectors: np.ndarray,
    rows: np.ndarray,
    threshold: float,
    add: Callable[[np.ndarray, np.ndarray], None],
    block: int = 2048,
) -> None:
    """The pairs (row, any piece) at or above ``threshold`` cosine, as an inverted-file join
    (IVF, as in FAISS): k-means (scikit-learn) cuts the vectors into √n cells; each piece lives
    in its nearest cell, and each row is compared with the pieces of its ``PROBES`` nearest
    cells only. Pieces this alike (cosine ≥ 0.985) almost always share a cell or a near one:
    recall of the exact join is measured in the tests and by ``bench_scale --paraphrase``."""
    from sklearn.cluster import MiniBatchKMeans

    n = len(vectors)
    cells = max(1, int(np.sqrt(n)))
    rng = np.random.default_rng(0)
    sample = vectors[np.sort(rng.choice(n, size=min(n, 40 * cells), replace=False))]
    kmeans = MiniBatchKMeans(n_clusters=cells, random_state=0, n_init=1, batch_size=4096)
    centroids = kmeans.fit(sample).cluster_centers_.astype(np.float32)
    centroids /= np.maximum(np.linalg.norm(centroids, axis=1, keepdims=True), 1e-12)
    probes = min(PROBES, cells)
    home = np.empty(n, dtype=np.int64)
    for lo in range(0, n, block):
        home[lo : lo + block] = (vectors[lo : lo + block] @ centroids.T).argmax(axis=1)
    near = np.empty((len(rows), probes), dtype=np.int64)
    for lo in range(0, len(rows), block):
        sims = vectors[rows[lo : lo + block]] @ centroids.T
        near[lo : lo + block] = np.argpartition(-sims, probes - 1, axis=1)[:, :probes]
    members = np.argsort(home, kind="stable")
    starts = np.searchsorted(home[members], np.arange(cells + 1))
    asking = np.argsort(near.ravel(), kind="stable")  # the rows probing each cell, cell by cell
    asked = np.searchsorted(near.ravel()[asking], np.arange(cells + 1))
    for c in range(cells):
        m = members[starts[c] : starts[c + 1]]
        q = rows[asking[asked[c] : asked[c + 1]] // probes]
        if len(m) and len(q):
            x, y = np.nonzero(vectors[q] @ vectors[m].T >= threshold)
            add(q[x], m[y])


def _rewordings(ua, ub, ea, eb, found: list[_Match], threshold: float, common: CommonText) -> None:
    """Sentences each the other's best match by their vectors, at ``threshold`` or above, that
    share no rare wording already: suspected rewordings."""
    if len(ua) == 0 or len(ub) == 0:
        return
    taken_a = {m.a.sentence for m in found} | {u.sentence for u in ua if common.is_template(u)}
    taken_b = {m.b.sentence for m in found} | {u.sentence for u in ub if common.is_template(u)}
    sims = ea @ eb.T
    best_b = sims.argmax(axis=1)
    best_a = sims.argmax(axis=0)
    for x, y in enumerate(best_b):
        if best_a[y] != x or x in taken_a or y in taken_b:
            continue
        cos = float(sims[x, y])
        if cos < threshold or min(len(ua[x].clean), len(ub[y].clean)) < SUSPECTED_MIN_CHARS:
            continue
        if _facts(ua[x].text) != _facts(ub[y].text):
            continue  # look-alikes that state other numbers or the opposite are not the same text
        found.append(_Match(ua[x], ub[y], ua[x].span, ub[y].span, cos, "suspected",
                            (ua[x].span,), (ub[y].span,)))  # fmt: skip


def _facts(text: str) -> tuple[frozenset[str], bool]:
    """The numbers a sentence states and whether it negates: embeddings barely see either."""
    numbers = frozenset(re.findall(r"\d+(?:\.\d+)?", text))
    return numbers, bool(re.search(r"未|没有|无(?!论)|不(?:予|再)", text))


_RANK = {"verbatim": 0, "near": 1, "suspected": 2}


def _passages(reports, i: int, j: int, ms: list[_Match], relation: str) -> list[CopyPair]:
    ms = sorted(ms, key=lambda m: (m.a.sentence, m.b.sentence))
    groups: list[list[_Match]] = []
    for m in ms:
        g = groups[-1] if groups else None
        if (
            g
            and m.a.sentence - g[-1].a.sentence <= 1
            and any(abs(m.b.sentence - o.b.sentence) <= 3 for o in g)
        ):
            g.append(m)
        else:
            groups.append([m])
    out: list[CopyPair] = []
    for g in groups:
        a_span = (min(m.a_region[0] for m in g), max(m.a_region[1] for m in g))
        b_span = (min(m.b_region[0] for m in g), max(m.b_region[1] for m in g))
        kinds = {m.kind for m in g}
        kind = max(kinds, key=_RANK.__getitem__)
        if kind == "suspected" and len(kinds) > 1:
            kind = "near"  # next to shared wording: a copy with a sentence reworded
        weight = sum(m.a_region[1] - m.a_region[0] for m in g)
        similarity = sum(m.similarity * (m.a_region[1] - m.a_region[0]) for m in g) / max(1, weight)
        strength = sum(m.rare for m in g)  # the shared wording's evidence alone
        if kind == "suspected":
            if len(g) < SUSPECTED_SENTENCES or (
                relation == "copy" and not _neighbours(reports[i], reports[j])
            ):
                continue  # the genre's wording reworded: see SUSPECTED
        elif strength < MIN_STRENGTH:
            continue  # a short run of rare wording: not enough to name a copier
        elif (
            relation == "copy"
            and strength < GENERIC_STRENGTH
            and _sentences(reports[i], [m.a_region for m in g if m.rare >= MIN_STRENGTH]) < 2
            and not _same_county(reports[i], reports[j])
        ):
            text_a = reports[i].document.text[a_span[0] : a_span[1]]
            text_b = reports[j].document.text[b_span[0] : b_span[1]]
            places = set(_PLACE_FACT.findall(text_a)) & set(_PLACE_FACT.findall(text_b))
            counts = set(_COUNT_FACT.findall(text_a)) & set(_COUNT_FACT.findall(text_b))
            if not places and len(counts) < 2:
                continue  # wording two units may write alike, and no fact of theirs in common
        out.append(
            CopyPair(
                a=_passage(reports[i], a_span, [s for m in g for s in m.a_shared]),
                b=_passage(reports[j], b_span, [s for m in g for s in m.b_shared]),
                similarity=round(similarity, 4),
                kind=kind,  # type: ignore[arg-type]
                relation=relation,  # type: ignore[arg-type]
                strength=strength,
            )
        )
    return out


def _same_county(a: Report, b: Report) -> bool:
    """Whether two units are known to be of one county: their full names start with the same
    county (海原县李俊乡, 海原县郑旗乡). Unknown counts as two counties."""
    ca, cb = county_of(a.meta.unit), county_of(b.meta.unit)
    return bool(ca) and ca == cb


def _sentences(report: Report, regions: list[Span]) -> int:
    """How many sentences the regions lie in (a full stop after one region's start and before
    the next's starts a new sentence)."""
    text = report.document.text
    regions = sorted(regions)
    return (1 if regions else 0) + sum(
        1 for (a, _), (b, _) in pairwise(regions) if re.search(r"[。！？!?]", text[a:b])
    )


def _neighbours(a: Report, b: Report) -> bool:
    """Units that may borrow each other's text: of one county, or, where a name does not say
    its county, filed in one folder (one county's or one batch's reports)."""
    if _same_county(a, b):
        return True
    known = all(county_of(r.meta.unit) for r in (a, b))
    return not known and Path(a.path).parent == Path(b.path).parent


def _passage(report: Report, span: Span, shared: list[Span]) -> Passage:
    doc = report.document
    return Passage(report.path, span, doc.text[span[0] : span[1]], doc.to_source(span),
                   tuple(_union(shared)))  # fmt: skip


def _union(spans: Sequence[Span]) -> list[Span]:
    """The spans merged where they overlap or touch, in order (empty ones dropped)."""
    out: list[Span] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        elif a < b:
            out.append((a, b))
    return out


def covered_share(report: Report, spans: Sequence[Span], part: str | None = None) -> float:
    """Share of the report's narrative sentences' characters (of ``part``'s, if given) inside
    ``spans``."""
    union = _union(spans)
    starts = [a for a, _ in union]
    total = covered = 0
    for s in report.sentences:
        if s.heading or (part is not None and s.part != part):
            continue
        lo, hi = s.span
        total += hi - lo
        k = max(0, bisect_right(starts, lo) - 1)
        while k < len(union) and union[k][0] < hi:
            covered += max(0, min(hi, union[k][1]) - max(lo, union[k][0]))
            k += 1
    return covered / total if total else 0.0
