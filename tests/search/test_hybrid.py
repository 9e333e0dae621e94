"""Fusion of two rankings."""

import pytest

from kg.errors import ConfigError
from search.hybrid import HybridRetriever, convex, rrf


def test_rrf_rewards_agreement():
    dense = [(1, 0.9), (2, 0.8), (3, 0.7)]
    lexical = [(3, 12.0), (4, 11.0), (1, 2.0)]
    fused = rrf([dense, lexical], (1, 1), limit=4)
    assert [row for row, _ in fused][:2] == [1, 3]
    assert len(fused) == 4


def test_convex_scales_each_side_to_its_candidates():
    dense = [(1, 0.85), (2, 0.84)]
    lexical = [(2, 30.0), (5, 1.0)]
    fused = dict(convex([dense, lexical], (0.5, 0.5), limit=3))
    assert fused[2] == pytest.approx(0.5)  # lowest dense (0) + best lexical (1)
    assert fused[1] == pytest.approx(0.5) and fused[5] == pytest.approx(0.0)


def test_unknown_fusion_is_a_config_error():
    with pytest.raises(ConfigError, match="rrf"):
        HybridRetriever(index=None, fusion="max")
