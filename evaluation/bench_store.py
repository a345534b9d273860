"""What a safe store costs: the store's encoding (``corpus.codec``, MessagePack with checked
records) against pickle — which the store used before and which runs code from a tampered file
— on the values a run writes and reads back: each report, its meta (read for every report on
every run), its features (n-grams, pieces, units, own scores) and its findings.

Prints per kind: bytes, encode and decode time per value for both, and the ratios (codec ÷
pickle) of the same run. Run: ``python -m evaluation.bench_store [--reports 40]``.
"""

from __future__ import annotations

import argparse
import pickle
import sys
import tempfile
import time
from pathlib import Path

from nianbao.corpus import codec


def _time(fn, values: list, repeats: int = 3) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        for v in values:
            fn(v)
        best = min(best, time.perf_counter() - start)
    return best / max(1, len(values))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=40)
    args = parser.parse_args(argv)
    from evaluation.synth import generate
    from nianbao.checks import run_checks
    from nianbao.report import read_report
    from nianbao.scores import own_features

    with tempfile.TemporaryDirectory() as tmp:
        generate(args.reports, seed=3, out=Path(tmp))
        files = sorted(p for p in Path(tmp).rglob("*.*") if p.name != "truth.json")
        reports = []
        for f in files:
            try:
                reports.append(read_report(f))
            except Exception:  # an image without OCR, say: not what this bench measures
                continue
    features = [own_features(r, True) for r in reports]
    kinds = {
        "report": reports,
        "meta": [r.meta for r in reports],
        "features": features,
        "findings": [run_checks(r) for r in reports],
    }
    print(f"reports = {len(reports)}")
    print(f"{'kind':<10}{'codec KB':>10}{'pickle KB':>10}{'enc ms':>9}{'pickle':>8}{'ratio':>7}"
          f"{'dec ms':>9}{'pickle':>8}{'ratio':>7}")  # fmt: skip
    for kind, values in kinds.items():
        packed = [codec.dumps(v) for v in values]
        pickled = [pickle.dumps(v, protocol=5) for v in values]
        enc = _time(codec.dumps, values)
        enc_p = _time(lambda v: pickle.dumps(v, protocol=5), values)
        dec = _time(codec.loads, packed)
        dec_p = _time(pickle.loads, pickled)
        size = sum(map(len, packed)) / len(values) / 1024
        size_p = sum(map(len, pickled)) / len(values) / 1024
        print(f"{kind:<10}{size:>10.1f}{size_p:>10.1f}{enc * 1e3:>9.2f}{enc_p * 1e3:>8.2f}"
              f"{enc / enc_p:>7.1f}{dec * 1e3:>9.2f}{dec_p * 1e3:>8.2f}{dec / dec_p:>7.1f}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
