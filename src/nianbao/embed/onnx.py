"""The default sentence model run by ONNX Runtime: the vectors sentence-transformers gives
(checked to a cosine of 0.9999 before the graph is kept), without importing torch. A run is
ready to embed in about 2 s instead of 6, and embeds some 15% faster on a CPU
(``python -m evaluation.bench_scale --copies --scale --embed``).

The graph of the transformer (token ids and mask → last hidden state) is exported once, with
torch and the ``onnx`` package, into ``onnx/model.onnx`` of the sentence-transformers
directory; mean pooling, L2 normalisation and the ``"passage: "`` / ``"query: "`` prompts
are done here as that directory's configuration says. Where the graph cannot be made or
checked, the reason is kept in ``onnx/unavailable.txt`` and sentence-transformers is used.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Sequence
from contextlib import suppress
from pathlib import Path

import numpy as np

GRAPH = Path("onnx") / "model.onnx"
UNAVAILABLE = Path("onnx") / "unavailable.txt"
PARITY = 0.9999  # the lowest cosine to sentence-transformers' vector that is accepted

_CHECK = (
    "本机关2023年共主动公开政府信息1234条，其中政策文件56件。",
    "全年未收取信息处理费。",
    "全年共收取信息处理费1200元。",
    "存在的主要问题是政策解读形式单一，群众参与度不高。",
    "下一步，我们将进一步加强政务公开工作，不断提高工作水平。",
    "收到政府信息公开申请12件，均已按期答复。",
    "依申请公开",
    "Report 2023: 15 requests, 3 appeals.",
)


class OnnxModel:
    """Sentence vectors from the exported graph, as ``SentenceTransformer.encode`` gives them
    (normalised)."""

    def __init__(self, model_dir: Path, graph: Path | None = None) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        config = json.loads((model_dir / "sentence_bert_config.json").read_text(encoding="utf-8"))
        prompts = model_dir / "config_sentence_transformers.json"
        self.prompts: dict[str, str] = (
            json.loads(prompts.read_text(encoding="utf-8")).get("prompts", {})
            if prompts.exists()
            else {}
        )
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.enable_truncation(int(config.get("max_seq_length", 512)))
        pad = self.tokenizer.token_to_id("<pad>")
        self.tokenizer.enable_padding(pad_id=pad if pad is not None else 0)
        options = ort.SessionOptions()
        options.intra_op_num_threads = os.cpu_count() or 1
        self.session = ort.InferenceSession(
            str(graph or model_dir / GRAPH), options, providers=["CPUExecutionProvider"]
        )

    def encode(
        self, texts: Sequence[str], prompt_name: str = "passage", batch_size: int = 64
    ) -> np.ndarray:
        prefix = self.prompts.get(prompt_name, "")
        order = np.argsort([len(t) for t in texts], kind="stable")  # little padding per batch
        out: np.ndarray | None = None
        for lo in range(0, len(texts), batch_size):
            rows = order[lo : lo + batch_size]
            batch = self.tokenizer.encode_batch([prefix + texts[i] for i in rows])
            ids = np.array([e.ids for e in batch], dtype=np.int64)
            mask = np.array([e.attention_mask for e in batch], dtype=np.int64)
            hidden = self.session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
            summed = (hidden * mask[..., None]).sum(axis=1)
            vectors = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1)
            vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
            if out is None:
                out = np.empty((len(texts), vectors.shape[1]), dtype=np.float32)
            out[rows] = vectors
        if out is None:  # no text
            width = self.session.get_outputs()[0].shape[-1]
            return np.zeros((0, width if isinstance(width, int) else 0), dtype=np.float32)
        return out


def export(model_dir: Path) -> Path:
    """Export the transformer of the sentence-transformers directory ``model_dir`` to
    ``onnx/model.onnx`` and keep it only if its vectors match sentence-transformers'."""
    import warnings

    import torch
    from sentence_transformers import SentenceTransformer
    from transformers import AutoModel

    from nianbao.embed.model import quiet

    quiet()

    class Hidden(torch.nn.Module):  # token ids and mask → last hidden state
        def __init__(self, bert) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask):
            return self.bert(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    target = model_dir / GRAPH
    target.parent.mkdir(parents=True, exist_ok=True)
    # a name of its own: two runs exporting at once never write one file
    fd, name = tempfile.mkstemp(dir=target.parent, suffix=".partial")
    os.close(fd)
    part = Path(name)
    bert = AutoModel.from_pretrained(str(model_dir)).eval()
    ids = torch.ones((2, 8), dtype=torch.long)
    dynamic = {0: "batch", 1: "tokens"}
    try:
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the exporter's notes on operators e5 does not use
            torch.onnx.export(
                Hidden(bert), (ids, torch.ones_like(ids)), str(part),
                input_names=["input_ids", "attention_mask"], output_names=["hidden"],
                dynamic_axes={"input_ids": dynamic, "attention_mask": dynamic, "hidden": dynamic},
                opset_version=17, dynamo=False,
            )  # fmt: skip
        reference = SentenceTransformer(str(model_dir), device="cpu")
        exported = OnnxModel(model_dir, graph=part)
        for prompt in ("passage", "query"):
            want = reference.encode(list(_CHECK), prompt_name=prompt, normalize_embeddings=True)
            worst = float((want * exported.encode(_CHECK, prompt)).sum(axis=1).min())
            if worst < PARITY:
                raise ValueError(
                    f"exported graph differs from sentence-transformers (cos {worst:.6f})"
                )
        del exported
        part.replace(target)  # only a checked graph is ever seen under its name
    finally:
        part.unlink(missing_ok=True)
    return target


def load(model_dir: Path) -> OnnxModel | None:
    """The ONNX model of ``model_dir``, exported on first use; None where it cannot be (the
    reason is kept, and the caller uses sentence-transformers)."""
    if (model_dir / UNAVAILABLE).exists():
        return None
    try:
        import onnxruntime  # noqa: F401
        import tokenizers  # noqa: F401
    except ImportError:
        return None
    if not (model_dir / GRAPH).exists():
        try:
            export(model_dir)
        except ImportError:  # onnx not installed: perhaps later
            return None
        except Exception as exc:  # a model that does not export or check: not again
            with suppress(OSError):  # (a folder it may not write to: tried each run)
                (model_dir / UNAVAILABLE).parent.mkdir(exist_ok=True)
                (model_dir / UNAVAILABLE).write_text(f"{type(exc).__name__}: {exc}\n", "utf-8")
            return None
    return OnnxModel(model_dir)
