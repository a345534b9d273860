"""Speed of the narrative stage, with baselines measured in the same run.

- Embedding: sentences per second with the default model on this CPU (cold cache), and the
  cache hit rate of a second pass.
- Copy detection on the shipped corpus and on a generated corpus (``--reports``, default
  1,000): wall time, and planted-copy recall on the generated corpus (verbatim/near/reordered;
  with ``--embed``, suspected rewordings too). The candidates against datasketch's MinHash LSH:
  ``bench_scale --copies``.
Run: ``python -m evaluation.bench_text [--reports 1000] [--embed]``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from nianbao.corpus.copies import find_copies, units_of
from nianbao.report import read_report

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpora"


def _reports(folder: Path):
    return [
        read_report(p)
        for p in sorted(folder.rglob("*"))
        if p.suffix in {".txt", ".md", ".html", ".pdf"}
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument(
        "--embed", action="store_true", help="also embed the generated corpus (slow on a CPU)"
    )
    args = parser.parse_args(argv)
    shipped = _reports(CORPUS)
    start = time.perf_counter()
    find_copies(shipped)
    print(f"shipped: copy detection (lexical) {time.perf_counter() - start:.2f}s")

    from nianbao.embed import Embedder

    with tempfile.TemporaryDirectory() as tmp:
        embedder = Embedder(cache=Path(tmp) / "e.sqlite")
        _ = embedder.model  # load outside the timing
        sentences = [u.text for i, r in enumerate(shipped) for u in units_of(r, i)]
        start = time.perf_counter()
        embedder.encode(sentences)
        cold = time.perf_counter() - start
        distinct = len(set(sentences))
        print(
            f"embedding: {distinct} distinct sentences in {cold:.1f}s = {distinct / cold:.1f} sentences/s (cold cache)"
        )
        start = time.perf_counter()
        embedder.encode(sentences)
        warm = time.perf_counter() - start
        hits = embedder.cache.hits / max(1, embedder.cache.hits + embedder.cache.misses)
        print(f"embedding: second pass {warm:.2f}s, cache hit rate over both passes {hits:.3f} "
              f"(second pass alone: {len(sentences)}/{len(sentences)} hits)")  # fmt: skip

    from evaluation.synth import generate

    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        truth = generate(args.reports, seed=2026, out=Path(tmp))
        print(f"generated: {len(truth['reports'])} reports in {time.perf_counter() - start:.1f}s")
        start = time.perf_counter()
        reports = _reports(Path(tmp))
        print(f"generated: parsed in {time.perf_counter() - start:.1f}s")
        embeddings = None
        if args.embed:
            embedder = Embedder(cache=Path(tmp) / "e.sqlite")
            embeddings = [
                embedder.encode([u.text for u in units_of(r, i)]) for i, r in enumerate(reports)
            ]
        start = time.perf_counter()
        pairs = find_copies(reports, embeddings)
        print(f"generated: copy detection {time.perf_counter() - start:.2f}s, {len(pairs)} pairs")
        by_path = {r.path: r for r in reports}
        per_kind: dict[str, list[int]] = {}
        for c in truth["copies"]:
            src, dst = str(Path(tmp) / c["source"]), str(Path(tmp) / c["target"])
            hit = any(
                {p.a.report, p.b.report} == {src, dst} and p.relation == "copy" for p in pairs
            )
            per_kind.setdefault(c["kind"], [0, 0])
            per_kind[c["kind"]][0] += hit
            per_kind[c["kind"]][1] += 1
        print(
            "generated: planted copies found "
            + ", ".join(f"{k} {a}/{b}" for k, (a, b) in sorted(per_kind.items()))
        )
        assert by_path
    return 0


if __name__ == "__main__":
    sys.exit(main())
