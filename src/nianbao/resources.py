"""Where nianbao's own files are, installed or not: ``models/`` (patterns, lexicons, weights,
the default rubric), shipped inside the package as ``nianbao.models``, and the user's cache
folder, where the sentence model is built (never inside the package or the checkout)."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path


def _models() -> Path:
    spec = importlib.util.find_spec("nianbao.models")
    if spec is None or not spec.submodule_search_locations:  # pragma: no cover - broken install
        raise ModuleNotFoundError("nianbao.models: reinstall nianbao (pip install nianbao)")
    return Path(next(iter(spec.submodule_search_locations)))


MODELS = _models()


def cache_dir() -> Path:
    """The user's cache folder for nianbao (``$NIANBAO_CACHE``, else the platform's, through
    ``platformdirs``)."""
    if os.environ.get("NIANBAO_CACHE"):
        return Path(os.environ["NIANBAO_CACHE"])
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("nianbao", appauthor=False))
