"""What a text is about, as a short vector: the mean of its tokens' static embeddings.

The words the model has seen as features are only the words of the training corpus; an unseen
phrasing of the same thing ("the pup's TPLO", "después de la cirugía de su perrita") falls back on
the evidence alone. A static embedding carries what the words *mean*, so the post head can learn
that replies about an animal's care, or about a shop order, are not about a patient's. The vectors
are WordLlama's (``wordllama`` on PyPI, MIT licence: token embeddings distilled from large language
models, shipped inside its wheel with their tokenizer); we read its files directly (its loader
looks for the tokenizer in a folder the wheel does not have, then tries the network) and keep the
first ``DIMS`` dimensions, which it trains to stand on their own (Matryoshka).
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

import numpy as np

DIMS = 64
NAME = f"wordllama-l2_supercat-{DIMS}"
TOKENIZER = "tokenizers/l2_supercat_tokenizer_config.json"
WEIGHTS = "weights/l2_supercat_256.safetensors"


@lru_cache(maxsize=1)
def _table():
    from safetensors.numpy import load_file
    from tokenizers import Tokenizer

    spec = importlib.util.find_spec("wordllama")     # its files, without importing it (that pulls in requests)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the learned verdict needs the wordllama package: pip install wordllama==0.4.0.post1")
    package = Path(spec.submodule_search_locations[0])
    tokenizer = Tokenizer.from_file(str(package / TOKENIZER))
    weights = next(iter(load_file(str(package / WEIGHTS)).values()))
    return tokenizer, np.ascontiguousarray(weights[:, :DIMS], dtype=np.float32)


def embed(text: str) -> np.ndarray:
    """The text's unit-length vector (zeros for a text without tokens)."""
    tokenizer, table = _table()
    try:
        ids = tokenizer.encode(text, add_special_tokens=False).ids
    except Exception:      # lone surrogates cannot reach the Rust tokenizer; they carry no meaning anyway
        ids = tokenizer.encode(text.encode("utf-8", "replace").decode("utf-8"), add_special_tokens=False).ids
    if not ids:
        return np.zeros(DIMS, dtype=np.float32)
    v = table[ids].mean(axis=0)
    return v / (float(np.linalg.norm(v)) or 1.0)


def embed_many(texts: list[str]) -> np.ndarray:
    """One row per text, as ``embed`` (batched: for training)."""
    return np.vstack([embed(t) for t in texts]) if texts else np.zeros((0, DIMS), dtype=np.float32)
