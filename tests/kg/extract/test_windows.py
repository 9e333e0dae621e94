"""Long documents are extracted in bounded pieces whose findings map back to the whole text."""

from __future__ import annotations

from itertools import pairwise

import pytest

import kg.extract.windows as windows_module
from kg.extract import extract_document
from kg.extract.model import Span
from kg.extract.spans import sentence_at
from kg.extract.windows import windows

from .helpers import DEMO, SEED, make_doc


@pytest.fixture(scope="module")
def seed_doc():
    path = SEED if SEED.exists() else DEMO
    title, body = path.read_text(encoding="utf-8").split("\n", 1)
    return make_doc(body, title)


def _spans(value):
    if isinstance(value, Span):
        yield value
    elif isinstance(value, tuple):
        for v in value:
            yield from _spans(v)
    elif hasattr(value, "__dataclass_fields__"):
        for name in value.__dataclass_fields__:
            yield from _spans(getattr(value, name))


def test_a_document_that_fits_is_one_piece(seed_doc):
    assert [w.doc for w in windows(seed_doc)] == [seed_doc]


def test_pieces_cover_the_body_once_in_order_under_the_title(seed_doc):
    pieces = windows(seed_doc, limit=800)
    assert len(pieces) > 3
    head = pieces[0].head
    read = [[w.first + s.index - w.head for s in w.doc.sentences[w.head :]] for w in pieces]
    assert sorted(set(i for piece in read for i in piece)) == list(range(head, len(seed_doc.sentences)))
    for before, after in pairwise(read):  # in order, each repeating a few of the last
        assert after[0] <= before[-1] + 1 and after[-1] > before[-1]
        assert len(set(before) & set(after)) <= windows_module.OVERLAP
    for w in pieces:
        assert w.doc.text.startswith(seed_doc.title)
        assert (
            len(w.doc.text) - len(seed_doc.title) - 2 <= 800
            or len(w.doc.sentences) <= head + windows_module.OVERLAP + 1
        )
        for s in w.doc.sentences:
            assert w.doc.text[s.start : s.end] == s.text


def test_windowed_extraction_maps_every_span_back_and_keeps_what_the_whole_finds(seed_doc, monkeypatch):
    whole = extract_document(seed_doc)
    monkeypatch.setattr(windows_module, "WINDOW_CHARS", 1_500)
    assert len(windows(seed_doc)) > 2
    pieces = extract_document(seed_doc)
    spans = list(_spans(pieces))
    assert spans
    for sp in spans:  # provenance points at the whole document's text and sentence
        assert seed_doc.text[sp.start : sp.end] == sp.text
        assert sentence_at(seed_doc, sp.start).index == sp.sentence
    assert {e.ref for e in whole.entities} <= {e.ref for e in pieces.entities}
    found = {(o.value, o.unit, o.subject) for o in pieces.observations}
    assert sum((o.value, o.unit, o.subject) in found for o in whole.observations) >= 0.9 * len(whole.observations)
    assert {s.text for s in whole.statements} == {s.text for s in pieces.statements}


def test_a_restated_request_in_two_pieces_is_one_statement(seed_doc, monkeypatch):
    title, body = seed_doc.title, seed_doc.text[len(seed_doc.title) + 2 :]
    doubled = make_doc(body + "\n\n" + body, title)
    monkeypatch.setattr(windows_module, "WINDOW_CHARS", len(body) + 10)
    assert len(windows(doubled)) >= 2
    once = extract_document(seed_doc)
    twice = extract_document(doubled)
    assert len(twice.statements) == len(once.statements)
