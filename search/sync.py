"""Keep the search index in step with the graph store, embedding each passage once.

:func:`sync_index` compares the documents in the store (id and content hash) with those in
the index: passages of new or changed documents are read from their named graphs, documents
gone from the store leave the index, and everything else is carried over as it is, vectors
included. The lexical part is committed first (cheap), then the missing vectors are
embedded in batches and committed in checkpoints, so a long embedding run can be stopped
and resumed and lexical search is never waiting for it. ``kg ingest`` and ``kg remove``
call it; ``kg reindex`` calls it with ``rebuild=True``.

Locking. The sync reads the store through a read-only view and writes the index under the
index's own lock (``index/.lock``, naming its holder), never under the store's writer lock:
writers commit documents while passages are embedded. A sync that finds the index lock
taken leaves the work to the holder (the report says so): every sync, after releasing the
lock, checks whether a writer committed since its view was opened and, if so, syncs again
from a fresh view. So a change committed before a deferred sync is indexed by the holder.
"""

from __future__ import annotations

import fcntl
import json
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kg.catalog import DocInfo
from kg.embeddings import Encoder
from kg.errors import ConfigError, StoreError
from kg.kb import KnowledgeBase, describe_holder, holder_record
from kg.read import reader
from kg.settings import DEFAULTS

from .analyzer import passage_tokens
from .ann import update_ann
from .index import DocEntry, Index, save_npy_atomic
from .passages import WINDOW_CHARS, embedding_text, read_passages, topic_ancestors
from .writer import GenerationWriter, publish, write_manifest

ANALYZER_VERSION = 1
PASSAGE_VERSION = f"w{WINDOW_CHARS}-a{ANALYZER_VERSION}"
BATCH = 32  # passages per encoder call
CHECKPOINT = 512  # passages embedded between two commits of the vectors
ROUNDS = 5  # syncs in a row when writers keep committing meanwhile (the next sync catches up)


class IndexBusy(StoreError):
    """Another process holds the index lock (``holder`` says who)."""

    def __init__(self, root: Path, holder: str):
        super().__init__(f"search index {root} is being updated by another process ({holder})")
        self.holder = holder


@dataclass
class SyncReport:
    """What one sync changed (``kg ingest`` and ``kg reindex`` print :meth:`summary`)."""

    added: int = 0
    removed: int = 0
    unchanged: int = 0
    passages: int = 0
    embedded: int = 0
    pending: int = 0
    model_id: str | None = None
    seconds: float = 0.0
    deferred_to: str = ""  # the holder of the index lock, who takes this change in

    def summary(self) -> str:
        if self.deferred_to:
            return (
                f"search index: being updated by another process ({self.deferred_to}); "
                f"it takes these changes in when it finishes"
            )
        text = (
            f"search index: {self.added} documents added, {self.removed} removed, "
            f"{self.unchanged} unchanged; {self.passages} passages, {self.embedded} embedded "
            f"in {self.seconds:.1f} s"
        )
        return text + (f"; {self.pending} passages still without vectors" if self.pending else "")


def index_dir(kb: KnowledgeBase) -> Path:
    return kb.layout.index


def sync_index(
    kb: KnowledgeBase,
    progress: Callable[[Iterable], Iterable] = iter,
    encoder: Encoder | None = None,
    embed: bool = True,
    rebuild: bool = False,
    deadline: float | None = None,
) -> SyncReport:
    """Bring ``<store>/index`` up to date with the documents in ``kb.store``.

    With a read-only ``kb`` (what ``kg ingest`` passes, after closing the store for
    writing) the sync repeats from a fresh view while writers committed meanwhile (at most
    :data:`ROUNDS` times), so nothing committed before it ended is left out.

    Args:
        kb: an open :class:`kg.kb.KnowledgeBase` (read-only, or open for writing).
        progress: wraps the iterable of passages to embed (``tqdm`` on a terminal).
        encoder: an :class:`kg.embeddings.Encoder`; default: the configured model
            (``KG_EMBED_MODEL``), loaded only when there is something to embed.
        embed: False leaves new passages without vectors (lexical only until a later sync).
        rebuild: ignore the existing index (even a damaged one) and rebuild from the store.
        deadline: a ``time.monotonic()`` value: embedding stops there (what is embedded is
            committed; the rest waits for the next sync, lexical search finds it already).

    Returns:
        What changed; ``deferred_to`` names the holder of the index lock when another
        process was updating the index (it takes the change in: see the module docstring).

    Raises:
        ConfigError: the index holds vectors of another model than ``encoder``'s; the
            lexical part is synced all the same.
        StoreError: the existing index is damaged (``kg reindex`` rebuilds it), or
            (``rebuild``) another process is updating it.
    """
    started = time.perf_counter()
    report = _sync_rounds(kb, progress, encoder, embed, rebuild, deadline)
    report.seconds = time.perf_counter() - started
    return report


def _sync_rounds(
    kb: KnowledgeBase,
    progress: Callable[[Iterable], Iterable],
    encoder: Encoder | None,
    embed: bool,
    rebuild: bool,
    deadline: float | None,
) -> SyncReport:
    """Sync, then again from a fresh read-only view while writers committed meanwhile."""
    report, view, fresh = SyncReport(), kb, None
    try:
        for _ in range(ROUNDS):
            try:
                _merge(report, _sync_once(view, progress, encoder, embed, rebuild, deadline))
            except IndexBusy as busy:
                if rebuild:
                    raise
                report.deferred_to = busy.holder  # the holder syncs again after it lets go
                break
            if not (view.read_only and view.changed_since_opened()):
                break
            if fresh is not None:
                fresh.close()
            fresh = view = KnowledgeBase(kb.config, read_only=True)
            rebuild = False
    finally:
        if fresh is not None:
            fresh.close()
    return report


def _merge(total: SyncReport, part: SyncReport) -> None:
    total.added += part.added
    total.removed += part.removed
    total.embedded += part.embedded
    total.unchanged, total.passages, total.pending = part.unchanged, part.passages, part.pending
    total.model_id = part.model_id


def _sync_once(
    kb: KnowledgeBase,
    progress: Callable[[Iterable], Iterable],
    encoder: Encoder | None,
    embed: bool,
    rebuild: bool,
    deadline: float | None,
) -> SyncReport:
    """One sync of the index with ``kb``'s view, under the index lock."""
    report = SyncReport()
    root = index_dir(kb)
    root.mkdir(parents=True, exist_ok=True)
    model_id = encoder.model_id if encoder is not None else kb.config["KG_EMBED_MODEL"]
    with _locked(root):
        old = None if rebuild else Index.open(root)
        index = _sync_passages(kb, old, report)
        if index.model_id and index.model_id != model_id and index.embedded().any():
            raise ConfigError(
                f"the search index holds vectors of model {index.model_id!r} but the configured "
                f"model is {model_id!r}; run `kg reindex` to embed every passage with {model_id!r}"
            )
        if embed:
            report.embedded = _embed_pending(index, kb, encoder, progress, deadline)
        final = Index(index.path)
        update_ann(final, kb.config.get("KG_ANN_MIN", DEFAULTS["KG_ANN_MIN"]), rebuild=rebuild)
        report.pending = int((~final.embedded()).sum()) if index.count else 0
        report.passages, report.model_id = index.count, final.model_id
    return report


@contextmanager
def _locked(root: Path) -> Iterator[None]:
    """One writer at a time (two syncs would race for the next generation); the lock file
    names its holder, for the message another process gets."""
    with open(root / ".lock", "a+", encoding="utf-8") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fh.seek(0)
            raise IndexBusy(root, describe_holder(fh.read())) from None
        try:
            fh.seek(0)
            fh.truncate()
            fh.write(holder_record())
            fh.flush()
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _sync_passages(kb: KnowledgeBase, old: Index | None, report: SyncReport) -> Index:
    """Write a new generation when documents came or went; the index to embed into."""
    stored = {d.doc_id: d for d in kb.documents()}
    same_version = old is not None and old.manifest.get("passage_version") == PASSAGE_VERSION
    kept = (
        [
            d
            for d in old.docs
            if same_version and stored.get(d.id, None) is not None and stored[d.id].content_hash == d.hash
        ]
        if old
        else []
    )
    kept_ids = {d.id for d in kept}
    new = [d for d in stored.values() if d.doc_id not in kept_ids]
    report.unchanged, report.added = len(kept), len(new)
    report.removed = (len(old.docs) - len(kept)) if old else 0
    if old is not None and not new and not report.removed:
        return old
    writer = GenerationWriter(Path(old.path.parent) if old else index_dir(kb), PASSAGE_VERSION)
    carried = _carry_over(old, kept, writer) if old else []
    broader = topic_ancestors(kb.store) if new else {}
    entities = reader(kb).entities() if new else {}
    for info in sorted(new, key=lambda d: (d.source, d.doc_id)):
        passages = read_passages(kb.store, info, broader, entities)
        writer.add_document(
            _doc_info(info), [p.record() for p in passages], [passage_tokens(p.text, p.segmented) for p in passages]
        )
    model_id = old.model_id if old and old.has_vectors else None
    dim = old.manifest.get("dim") if old and model_id else None
    writer.write(model_id, dim, carried)
    writer.publish()
    return Index(writer.path)


def _doc_info(info: DocInfo) -> dict:
    return {"id": info.doc_id, "hash": info.content_hash, "source": info.source, "title": info.title}


def _carry_over(old: Index, kept: list[DocEntry], writer: GenerationWriter) -> list:
    """Copy the kept documents' rows into ``writer``; returns their vectors to carry."""
    tokens, records = _read_tokens(old), old.records()
    embedded = old.embedded() if old.has_vectors else None
    carried = []
    for doc in kept:
        rows = range(doc.first, doc.stop)
        first = len(writer.records)
        writer.add_document(
            {"id": doc.id, "hash": doc.hash, "source": doc.source, "title": doc.title},
            [records[r] for r in rows],
            [tokens[r] for r in rows],
        )
        if embedded is not None:
            have = np.flatnonzero(embedded[doc.first : doc.stop])
            if len(have):
                carried.append((first + have, np.asarray(old.vectors[doc.first + have])))
    return carried


def _read_tokens(old: Index) -> list[list[str]]:
    path = old.path / "tokens.jsonl"
    try:
        with open(path, encoding="utf-8") as fh:
            tokens = [json.loads(line) for line in fh]
    except (OSError, ValueError) as err:
        raise StoreError(f"search index file {path} is damaged ({err}); run `kg reindex`") from None
    if len(tokens) != old.count:
        raise StoreError(f"search index file {path} is damaged (row count); run `kg reindex`")
    return tokens


def _embed_pending(
    index: Index,
    kb: KnowledgeBase,
    encoder: Encoder | None,
    progress: Callable[[Iterable], Iterable],
    deadline: float | None = None,
) -> int:
    """Embed every row without a vector, committing every :data:`CHECKPOINT` rows and when
    the ``deadline`` (``time.monotonic()``) has passed, where it stops."""
    embedded = index.embedded().copy()
    pending = np.flatnonzero(~embedded)
    if not len(pending) or (deadline is not None and time.monotonic() >= deadline):
        return 0
    if encoder is None:
        from .api import load_encoder

        encoder = load_encoder(kb.config["KG_EMBED_MODEL"])
    vectors = _vectors_for(index, encoder)
    done, batch = 0, []
    for row in progress(pending.tolist()):
        batch.append(row)
        if len(batch) == BATCH or row == pending[-1]:
            texts = [embedding_text_of(index, r) for r in batch]
            vectors[batch] = encoder.encode_passages(texts)
            embedded[batch] = True
            done, batch = done + len(batch), []
            late = deadline is not None and time.monotonic() >= deadline
            if done % CHECKPOINT < BATCH or done == len(pending) or late:
                vectors.flush()
                save_npy_atomic(index.path / "embedded.npy", embedded)
            if late:
                break
    return done


def embedding_text_of(index: Index, row: int) -> str:
    from .passages import Passage

    return embedding_text(Passage.from_record(index.record(row)), index.doc_of(row).title)


def _vectors_for(index: Index, encoder: Encoder) -> np.memmap:
    """The generation's vector file, writable; created when it has none yet."""
    path = index.path / "vectors.npy"
    if not index.has_vectors or index.model_id != encoder.model_id or index.manifest.get("dim") != encoder.dim:
        vectors = np.lib.format.open_memmap(path, mode="w+", dtype=np.float32, shape=(index.count, encoder.dim))
        save_npy_atomic(index.path / "embedded.npy", np.zeros(index.count, dtype=bool))
        write_manifest(index.path, {**index.manifest, "model_id": encoder.model_id, "dim": encoder.dim})
        publish(index.path.parent, index.path)  # a new revision: readers reopen and see vectors
        return vectors
    loaded: np.memmap = np.load(path, mmap_mode="r+")
    return loaded
