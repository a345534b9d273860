"""National scale: copy detection against the alternatives, and how the main job grows with N.

Each figure is a ratio measured in the same run:
- Copy candidates on generated corpora (``--copies 1000 [10000]``): our exact join of the
  compared pieces on their rare wording n-grams (``find_copies``'s candidates: the pairs sharing
  ``MIN_RARE`` of them) against ``datasketch.MinHashLSH`` on the same n-grams (threshold 0.3,
  64 permutations, recall-weighted, as nianbao used it before the join): wall time, and the
  share of the pairs sharing ``MIN_RARE`` rare n-grams each finds (LSH misses a short sentence
  contained in a longer one), against exact all-pairs by sparse products on the smallest corpus.
- Scaling (``--scale 1000 3000 [10000]``): `nianbao assess` (embeddings off) on generated
  corpora of each size in a fresh process: total time, peak memory, and the log-log slope of
  time against N (target ≤ 1.15; memory under 4 GB at 10,000).
- Embedding (``--embed``): the default model through ONNX Runtime against sentence-transformers
  (the baseline): start-up in a fresh process, sentences per second on this machine, the lowest
  cosine between their vectors, and the cache hit rate of a second pass.
- Paraphrase candidates (``--paraphrase N``): on the sentence vectors of N generated reports,
  the inverted-file join used beyond ``EXACT_JOIN`` pieces against the exact join: time and
  recall of the exact pairs.
Run: ``python -m evaluation.bench_scale [--copies 1000] [--scale 1000 3000] [--embed]
[--paraphrase 300]``.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

THRESHOLD, NUM_PERM = 0.3, 64
FP_WEIGHT, FN_WEIGHT = 0.3, 0.7  # datasketch's LSH weighted to recall, as nianbao used it


def pieces(folder: Path) -> list[np.ndarray]:
    """The rare n-grams of the pieces copy detection compares, for every report of ``folder``."""
    from nianbao.assess import assess
    from nianbao.corpus.copies import common_text, units_of
    from nianbao.corpus.store import Store

    db = folder.parent / f"{folder.name}.db"
    assess(folder, db=db, embeddings=False)
    store = Store(db)
    try:
        reports = [e.report for e in store.entries() if e.status == "ok"]
    finally:
        store.close()
    units = [units_of(r, i) for i, r in enumerate(reports)]
    common = common_text(reports, units)
    return [np.unique(common.rare(u)) for us in units for u in us if not common.is_template(u)]


def ours(grams: list[np.ndarray]) -> tuple[np.ndarray, float]:
    from nianbao.corpus.copies import MIN_RARE, MOST_HOLDERS
    from nianbao.corpus.engine import LOCAL

    start = time.perf_counter()
    holders = np.repeat(np.arange(len(grams)), [len(g) for g in grams])
    keys = np.concatenate(grams)
    pairs = LOCAL.sharing_pairs(keys, holders, holders, MIN_RARE, MOST_HOLDERS)
    return pairs, time.perf_counter() - start


def datasketch(grams: list[np.ndarray]) -> tuple[np.ndarray, float]:
    from datasketch import MinHash, MinHashLSH

    start = time.perf_counter()
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM, weights=(FP_WEIGHT, FN_WEIGHT))
    hashes = []
    for i, ids in enumerate(grams):
        m = MinHash(num_perm=NUM_PERM, seed=1)
        m.update_batch([int(x).to_bytes(8, "little") for x in ids])
        lsh.insert(i, m)
        hashes.append(m)
    found = {(min(i, j), max(i, j)) for i, m in enumerate(hashes) for j in lsh.query(m) if i != j}
    return np.array(sorted(found), dtype=np.int64).reshape(-1, 2), time.perf_counter() - start


def sharing(pairs: np.ndarray, matrix, least: int) -> np.ndarray:
    """The pairs that share at least ``least`` n-grams."""
    inter = np.asarray(matrix[pairs[:, 0]].multiply(matrix[pairs[:, 1]]).sum(axis=1)).ravel()
    return pairs[inter >= least]


def exact_pairs(matrix, least: int, chunk: int = 2000) -> tuple[np.ndarray, float]:
    """Every pair sharing at least ``least`` n-grams, by sparse products of the n-gram matrix."""
    start = time.perf_counter()
    found: list[np.ndarray] = []
    transposed = matrix.T.tocsc()
    for lo in range(0, matrix.shape[0], chunk):
        inter = (matrix[lo : lo + chunk] @ transposed).tocoo()
        i, j = inter.row + lo, inter.col
        keep = (i < j) & (inter.data >= least)
        found.append(np.stack([i[keep], j[keep]], axis=1))
    return np.concatenate(found), time.perf_counter() - start


def gram_matrix(grams: list[np.ndarray]):
    from scipy.sparse import csr_matrix

    lengths = np.array([len(s) for s in grams])
    flat = np.concatenate(grams)
    _, columns = np.unique(flat, return_inverse=True)
    rows = np.repeat(np.arange(len(grams)), lengths)
    return csr_matrix((np.ones(len(flat), dtype=np.float32), (rows, columns.ravel())))


def _codes(pairs: np.ndarray, n: int) -> set[int]:
    return set((pairs[:, 0] * n + pairs[:, 1]).tolist())


def bench_copies(n_reports: int, work: Path, exact: bool) -> None:
    from evaluation.synth import generate
    from nianbao.corpus.copies import MIN_RARE

    folder = work / f"copies-{n_reports}"
    generate(n_reports, seed=2026, out=folder)
    (folder / "truth.json").unlink()
    grams = pieces(folder)
    matrix = gram_matrix(grams)
    n = len(grams)
    mine, t_mine = ours(grams)
    theirs, t_theirs = datasketch(grams)
    theirs_ok = sharing(theirs, matrix, MIN_RARE) if len(theirs) else theirs
    print(f"copies-{n_reports}: {n} pieces; candidates ours {t_mine:.1f}s ({len(mine):,}), "
          f"datasketch {t_theirs:.1f}s ({len(theirs):,}, {len(theirs_ok):,} sharing {MIN_RARE}) "
          f"= {t_theirs / t_mine:.1f}x faster")  # fmt: skip
    if exact:
        truth, t_exact = exact_pairs(matrix, MIN_RARE)
        codes = _codes(truth, n)
        for name, found, t in (("ours", mine, t_mine), ("datasketch", theirs_ok, t_theirs)):
            recall = len(_codes(found, n) & codes) / max(1, len(codes))
            print(f"copies-{n_reports}:   {name}: recall of the pairs sharing {MIN_RARE} rare "
                  f"n-grams {recall:.4f}, wall time {t:.2f}s against exact all-pairs (sparse "
                  f"products) {t_exact:.2f}s = {t_exact / t:.2f}x ({len(truth):,} pairs)")  # fmt: skip
    else:
        same = len(_codes(theirs_ok, n) & _codes(mine, n)) / max(1, len(theirs_ok))
        print(
            f"copies-{n_reports}:   datasketch's pairs sharing {MIN_RARE} also found by ours: {same:.4f}"
        )


def bench_scaling(sizes: list[int], work: Path) -> None:
    from evaluation.synth import generate

    times, peaks = [], []
    for n in sizes:
        folder = work / f"scale-{n}"
        generate(n, seed=7, out=folder)
        (folder / "truth.json").unlink()
        command = ["/usr/bin/time", "-f", "%M", sys.executable, "-m", "nianbao.cli.main",
                   "assess", str(folder), "--out", str(work / f"scale-out-{n}"),
                   "--no-embeddings"]  # fmt: skip
        start = time.perf_counter()
        run = subprocess.run(command, capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        peak_mb = int(run.stderr.strip().splitlines()[-1]) / 1024
        times.append(elapsed)
        peaks.append(peak_mb)
        print(f"scale-{n}: assess {elapsed:.1f}s = {n / elapsed:.1f} reports/s, "
              f"peak memory {peak_mb:.0f} MB (largest process)")  # fmt: skip
        shutil.rmtree(folder)
    if len(sizes) >= 2:
        slope = np.polyfit(np.log(sizes), np.log(times), 1)[0]
        print(f"scaling: log-log slope of time against N = {slope:.2f} (target ≤ 1.15)")


def _start_up(backend: str) -> float:
    """Seconds from a fresh interpreter to a loaded model of ``backend``."""
    code = ("import time; t = time.perf_counter()\n"
            "from nianbao.embed import Embedder\n"
            f"Embedder(backend={backend!r}).model\n"
            "print(time.perf_counter() - t)")  # fmt: skip
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(run.stdout.split()[-1])


def bench_embedding(work: Path) -> None:
    """The default model through ONNX Runtime (``embed.onnx``) against sentence-transformers
    (the baseline): start-up, throughput on the shipped corpus's pieces, agreement."""
    from nianbao.corpus.copies import units_of
    from nianbao.embed import Embedder
    from nianbao.report import read_report

    root = Path(__file__).resolve().parent.parent / "corpora"
    reports = [read_report(p) for p in sorted(root.rglob("*")) if p.suffix in {".txt", ".html"}]
    sentences = sorted({u.text for i, r in enumerate(reports) for u in units_of(r, i)})
    Embedder().model  # noqa: B018 - the ONNX graph is exported on first use: not timed
    start = {b: _start_up(b) for b in ("torch", "auto")}
    speed, vectors = {}, {}
    for backend in ("torch", "auto"):
        embedder = Embedder(None, cache=work / f"embed-{backend}.db", backend=backend)
        embedder.model  # noqa: B018  (loaded before timing: throughput, not start-up)
        t = time.perf_counter()
        vectors[backend] = embedder.encode(sentences)
        speed[backend] = len(sentences) / (time.perf_counter() - t)
    hits, misses = embedder.cache.hits, embedder.cache.misses
    t = time.perf_counter()
    embedder.encode(sentences)
    warm = time.perf_counter() - t
    hits, misses = embedder.cache.hits - hits, embedder.cache.misses - misses
    agree = float((vectors["torch"] * vectors["auto"]).sum(axis=1).min())
    print(f"embedding: start-up in a fresh process {start['auto']:.1f}s (ONNX Runtime) against "
          f"{start['torch']:.1f}s (sentence-transformers) = {start['torch'] / start['auto']:.1f}x "
          f"faster; {len(sentences)} sentences: {speed['auto']:.1f} against "
          f"{speed['torch']:.1f} sentences/s = {speed['auto'] / speed['torch']:.2f}x; lowest "
          f"cosine between the two {agree:.6f}; second pass {warm:.2f}s, cache hit rate "
          f"{hits / max(1, hits + misses):.3f}")  # fmt: skip


def bench_paraphrase_join(n_reports: int, work: Path, synthetic: int = 60_000) -> None:
    """Paraphrase candidates: the inverted-file join (``_cell_join``, used beyond
    ``EXACT_JOIN`` pieces) against the exact join, time and recall of the exact report pairs.
    On the sentence vectors of the pieces ``find_copies`` compares (not templates) in N
    generated reports, and, for time at scale, on ``synthetic`` vectors as crowded as those."""
    from evaluation.synth import generate
    from nianbao.corpus.copies import SUSPECTED, Piece, _vector_neighbours, common_text, units_of
    from nianbao.embed import Embedder
    from nianbao.report import read_report

    folder = work / f"paraphrase-{n_reports}"
    generate(n_reports, seed=31, out=folder)
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.name != "truth.json")
    reports = [read_report(p) for p in files]
    units = [units_of(r, i) for i, r in enumerate(reports)]
    common = common_text(reports, units)
    flat = [u for us in units for u in us if not common.is_template(u)]
    embedder = Embedder(None, cache=work / "paraphrase-embed.db")
    start = time.perf_counter()
    vectors = embedder.encode([u.text for u in flat])
    embedded = time.perf_counter() - start

    def compare(name: str, flat, vectors) -> None:
        start = time.perf_counter()
        exact = set(_vector_neighbours(flat, vectors, SUSPECTED, None, exact=len(flat)))
        t_exact = time.perf_counter() - start
        start = time.perf_counter()
        cells = set(_vector_neighbours(flat, vectors, SUSPECTED, None, exact=0))
        t_cells = time.perf_counter() - start
        print(f"{name}: {len(flat):,} pieces; candidate report pairs: exact join {t_exact:.1f}s "
              f"({len(exact):,}), cell join {t_cells:.1f}s ({len(cells):,}) = "
              f"{t_exact / t_cells:.1f}x faster; recall of the exact join "
              f"{len(cells & exact) / max(1, len(exact)):.4f}")  # fmt: skip

    sample = vectors[np.random.default_rng(0).choice(len(vectors), 2000)]
    crowd = float(np.median(sample @ sample.T))
    print(f"paraphrase-{n_reports}: {len(flat):,} pieces embedded in {embedded:.0f}s; median "
          f"cosine of two pieces {crowd:.3f}")  # fmt: skip
    compare(f"paraphrase-{n_reports}", flat, vectors)
    # as crowded: the sentences' mean direction plus noise, and near twins of some of them
    rng = np.random.default_rng(1)
    mean = vectors.mean(axis=0)
    spread = np.sqrt((1 - crowd) / crowd / vectors.shape[1])
    fake = mean / np.linalg.norm(mean) + spread * rng.standard_normal((synthetic, vectors.shape[1]))
    twins = synthetic // 20
    fake[-twins:] = fake[:twins] + spread / 4 * rng.standard_normal((twins, vectors.shape[1]))
    fake = (fake / np.linalg.norm(fake, axis=1, keepdims=True)).astype(np.float32)
    compare(
        "paraphrase-synthetic",
        [Piece(k, 0, (0, 0), "") for k in range(synthetic)],
        fake,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, nargs="*", default=[1000])
    parser.add_argument("--scale", type=int, nargs="*", default=[1000, 3000])
    parser.add_argument("--embed", action="store_true")
    parser.add_argument(
        "--paraphrase",
        type=int,
        default=0,
        metavar="N",
        help="paraphrase join on the sentence vectors of N generated reports",
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for k, n in enumerate(sorted(args.copies)):
            bench_copies(n, work, exact=k == 0)
        if args.scale:
            bench_scaling(sorted(args.scale), work)
        if args.embed:
            bench_embedding(work)
        if args.paraphrase:
            bench_paraphrase_join(args.paraphrase, work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
