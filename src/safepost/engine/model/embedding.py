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


# Token ids per word, for `_token_ids` (bounded: cleared when full).
_WORD_IDS: dict[str, list[int]] = {}
WORD_CACHE_SIZE = 50_000


def _encode(tokenizer, text: str) -> list[int]:
    try:
        return tokenizer.encode(text, add_special_tokens=False).ids
    except Exception:      # lone surrogates cannot reach the Rust tokenizer; they carry no meaning anyway
        return tokenizer.encode(text.encode("utf-8", "replace").decode("utf-8"), add_special_tokens=False).ids


def _word_ids(tokenizer, word: str) -> list[int]:
    """``_encode(tokenizer, word)`` for a word (not empty, no space, no "▁", no "<"): its "▁" put
    in front as the tokenizer's normalizer does, then its BPE model alone, a quarter of the cost of
    a whole ``encode`` (which also works out offsets and special tokens nobody reads here)."""
    try:
        return [t.id for t in tokenizer.model.tokenize("▁" + word)]
    except UnicodeEncodeError:      # a lone surrogate, as in _encode
        return [t.id for t in tokenizer.model.tokenize("▁" + word.encode("utf-8", "replace").decode("utf-8"))]


def _token_ids(tokenizer, text: str) -> list[int]:
    """The tokenizer's ids for the text, word by word from a cache (for speed: one call of the
    Rust tokenizer costs as much as a dozen words looked up here).

    Exact, not an approximation: the tokenizer has no pre-tokenizer; it writes each space as "▁",
    puts one "▁" in front and runs BPE over the whole text. A BPE merge can only make a token of
    the vocabulary, and the only tokens with a "▁" after their first character are runs of "▁"
    (tests/engine/test_embedding.py checks both), so with single spaces no merge crosses the
    start of a word and the text's ids are its words' ids, each word encoded alone with the same
    "▁" in front (`_word_ids`). Encoded whole: a text with two spaces in a row, a space first or last
    (an empty word has no "▁" put in front), a "▁" of its own, or a "<" (the special tokens "<s>",
    "</s>", "<unk>" are cut out of the text first, and what is around them is encoded apart)."""
    if "  " in text or text[:1] == " " or text[-1:] == " " or "▁" in text or "<" in text or not text:
        return _encode(tokenizer, text)
    if len(_WORD_IDS) > WORD_CACHE_SIZE:
        _WORD_IDS.clear()
    ids: list[int] = []
    for word in text.split(" "):
        word_ids = _WORD_IDS.get(word)
        if word_ids is None:
            word_ids = _WORD_IDS[word] = _word_ids(tokenizer, word)
        ids += word_ids
    return ids


def embed(text: str) -> np.ndarray:
    """The text's unit-length vector (zeros for a text without tokens)."""
    tokenizer, table = _table()
    ids = _token_ids(tokenizer, text)
    if not ids:
        return np.zeros(DIMS, dtype=np.float32)
    # what `table[ids].mean(axis=0)` and `np.linalg.norm` compute, the same operations on the
    # same types (so the same bits), without their Python-level checks: in the scan loop those
    # cost more than the arithmetic
    v = np.add.reduce(table[ids], axis=0)
    np.true_divide(v, np.intp(len(ids)), out=v, casting="unsafe")
    return v / (float(np.sqrt(v.dot(v))) or 1.0)


def embed_many(texts: list[str]) -> np.ndarray:
    """One row per text, as ``embed`` (batched: for training)."""
    return np.vstack([embed(t) for t in texts]) if texts else np.zeros((0, DIMS), dtype=np.float32)
