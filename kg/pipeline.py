"""Read, prepare and extract one file without a store: the ``kg extract`` path."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .document import Document, prepare
from .errors import BadInput
from .extract import extract_document
from .extract.model import Extraction
from .reader import Failure, read_file


def extract_file(
    path: Path, fmt: str | None, config: dict[str, Any], model: str | None = None
) -> list[tuple[Document, Extraction]]:
    """Every document of a file with its extraction; the first unreadable part is an error."""
    encoder = None
    if model:
        from .embeddings import default_encoder

        encoder = default_encoder(model)
    results = []
    for item in read_file(Path(path), config["KG_MAX_BYTES"], fmt, config["KG_MAX_JSONL_BYTES"]):
        if isinstance(item, Failure):
            raise BadInput(str(item))
        doc = prepare(item)
        results.append((doc, extract_document(doc, encoder)))
    return results
