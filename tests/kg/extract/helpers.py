"""Helpers shared by the extractor tests: documents from text, hand-built places, corpus lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.document import prepare
from kg.extract.model import Entity
from kg.extract.spans import span
from kg.reader import RawDocument

ROOT = Path(__file__).resolve().parents[3]
CORPUS = ROOT.parent / "shared" / "corpus"
SEED = CORPUS / "seed" / "000_21c30ca8b6a13368.txt"
DEMO = ROOT / "kg" / "data" / "demo" / SEED.name


def make_doc(body: str, title: str = "Tin địa phương"):
    """A prepared document from a title and a body."""
    return prepare(RawDocument("test.txt", "test.txt", "text", title, body))


def place(doc, type_, key, label, *surfaces, within=None) -> Entity:
    """A place entity mentioned wherever one of ``surfaces`` occurs in the text."""
    spans = []
    for surface in surfaces:
        at = doc.text.find(surface)
        while at >= 0:
            spans.append(span(doc, at, at + len(surface)))
            at = doc.text.find(surface, at + 1)
    return Entity(
        type_,
        key,
        label,
        (label.split(" ", 1)[-1],),
        code=key,
        located_in=(within,) if within else (),
        mentions=tuple(sorted(spans)),
    )


def seed_places():
    """The seed article (the demo copy without ../shared) and its place context: Tỉnh Thái Nguyên
    and Thành phố Sông Công, mentioned where the text names them."""
    from kg.extract.model import PlaceContext
    from kg.reader import read_file

    doc = prepare(next(read_file(SEED if SEED.is_file() else DEMO, 10**7)))
    province = place(doc, "Province", "19", "Tỉnh Thái Nguyên", "tỉnh Thái Nguyên")
    city = place(
        doc,
        "City",
        "165",
        "Thành phố Sông Công",
        "thành phố Sông Công",
        "Thành phố Sông Công",
        "TP Sông Công",
        within=province.ref,
    )
    return doc, PlaceContext((province, city), province, city)


def corpus_sentence(name: str, needle: str) -> str:
    """The sentence of a real vnnews article that contains ``needle`` (skip when absent)."""
    path = CORPUS / "vnnews" / name
    if not path.is_file():
        pytest.skip(f"{path} is absent (a fresh clone without ../shared); CI provides it")
    text = path.read_text(encoding="utf-8")
    at = text.index(needle)
    start = max(text.rfind(". ", 0, at), text.rfind("\n", 0, at)) + 1
    end = min(i for i in (text.find(". ", at), text.find("\n", at), len(text)) if i >= 0)
    return text[start:end].strip()
