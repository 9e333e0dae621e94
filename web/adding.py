"""Adding a document from the web: permission, file naming, validation, ingest, index sync.

Shared by the ``/add`` page and ``POST /api/documents``. A document goes through the same
reader and ingest as ``kg ingest`` (limits, encodings, binary refused), after being saved as
``<store>/uploads/<name>``. Ingest identifies a document by its file path, so an add never
reuses the name of a different document: two titles or file names that slug alike ("Báo cáo
tình hình", "Bao cao tinh hinh") are saved as ``bao-cao-tinh-hinh.txt`` and
``bao-cao-tinh-hinh-2.txt`` (the same bytes again keep their name: nothing changes).
Replacing a document is an explicit action: the ``replace`` field names it (its file name
under ``uploads/`` or its document id), and only documents added from the web qualify.

Time: the document's processing has the ingest's time budget (``KG_DOC_SECONDS``), and
embedding its passages for search gets what is left of it; passages not embedded by then
are found by lexical search at once and get their vectors at the next index sync.

Nothing is written until the input has been read successfully: the upload is first read
from a temporary copy with the same name (so format detection is identical), and only a
readable document is moved into ``uploads/`` and ingested. If ingest still fails, the
previous file comes back, so a refused upload leaves the store and the folder as they were.

Permission: on a loopback address anyone local may add; elsewhere a ``KG_WEB_TOKEN`` is
required (form field ``token`` or ``Authorization: Bearer``), and without one configured
adding is disabled. Cross-site posts are refused: when the browser sends ``Origin`` (or,
failing that, ``Referer``), its host must be this server's.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import current_app, request
from werkzeug.exceptions import Forbidden, RequestEntityTooLarge
from werkzeug.utils import secure_filename

from kg.catalog import find_document
from kg.errors import BadInput, KGError, NotFound
from kg.ingest import IngestReport
from kg.kb import DOC_SECONDS, KnowledgeBase, setting
from kg.reader import Failure, read_file
from kg.text import slugify

from .cli import is_loopback
from .state import readable_kb, writable_kb

SUFFIXES = (".txt", ".text", ".jsonl", ".ndjson")
MAX_TITLE = 300
MAX_SUFFIX = 999  # name-2 ... name-999, then a content hash


def check_permission() -> None:
    """Raise Forbidden unless this request may add documents (see the module docstring)."""
    _check_same_origin()
    if is_loopback(str(current_app.config.get("KG_SERVE_HOST", "127.0.0.1"))):
        return
    expected = str(current_app.config.get("KG_WEB_TOKEN") or "")
    if not expected:
        raise Forbidden(
            "adding documents is disabled on this server: it is not on a loopback address and no KG_WEB_TOKEN is set"
        )
    given = request.form.get("token") or ""
    auth = request.headers.get("Authorization", "")
    if auth.lower().startswith("bearer "):
        given = auth[7:].strip()
    if not hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8")):
        raise Forbidden(
            "wrong or missing token: give KG_WEB_TOKEN as the 'token' field or an 'Authorization: Bearer' header"
        )


def _check_same_origin() -> None:
    source = request.headers.get("Origin") or request.headers.get("Referer")
    if source is None:
        return  # not a browser form (curl, scripts): the token rule still applies
    if urlsplit(source).netloc.lower() != request.host.lower():
        raise Forbidden("cross-site request refused: submit the form from this server's own page")


def file_name(name: str) -> str:
    """A safe file name for ``uploads/``: an ASCII slug of the stem plus an allowed suffix.

    Raises:
        BadInput: the name has no usable characters or a suffix ``kg ingest`` does not read.
    """
    stem, suffix = os.path.splitext(os.path.basename(name.replace("\\", "/")))
    suffix = suffix.lower() or ".txt"
    if suffix not in SUFFIXES:
        raise BadInput(f"{name}: only text files ({', '.join(SUFFIXES)}) can be added, not {suffix}")
    safe = secure_filename(f"{slugify(stem)[:120]}{suffix}")
    if not safe or safe.startswith("."):
        raise BadInput(f"{name!r} is not a usable file name")
    return safe


def pasted(title: str, text: str) -> tuple[str, bytes, str]:
    """A pasted title and text as (file name, bytes, ingest format); the title is the first line."""
    title = " ".join((title or "").split())
    text = (text or "").strip()
    if not text:
        raise BadInput("the text is empty: paste the document's text or choose a file")
    if len(title) > MAX_TITLE:
        raise BadInput(f"the title is {len(title)} characters long; the limit is {MAX_TITLE}")
    stem = slugify(title or " ".join(text.split()[:8])) or "document"
    data = f"{title}\n\n{text}\n" if title else f"{text}\n"
    return file_name(f"{stem}.txt"), data.encode("utf-8"), ("seed" if title else "text")


def check_size(data: bytes) -> None:
    limit = int(current_app.config["KG_MAX_BYTES"])
    if len(data) > limit:
        raise RequestEntityTooLarge(
            f"the document is {len(data):,} bytes, over the {limit:,}-byte limit (KG_MAX_BYTES)"
        )


def _preflight(name: str, data: bytes, fmt: str | None) -> None:
    """Read the document exactly as ingest will, from a temporary copy; BadInput if it fails."""
    config = current_app.config
    with tempfile.TemporaryDirectory(prefix="vnkg-add-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        items = list(read_file(path, int(config["KG_MAX_BYTES"]), fmt, int(config["KG_MAX_JSONL_BYTES"])))
        failures = [_public(item, path, name) for item in items if isinstance(item, Failure)]
    if failures:
        more = f" (and {len(failures) - 1} more)" if len(failures) > 1 else ""
        raise BadInput(f"{failures[0]}{more}")
    if not items:
        raise BadInput(f"{name}: no document found in the file")


def add(name: str, data: bytes, fmt: str | None = None, replace: str | None = None) -> dict:
    """Save, ingest and index one upload; the result shown to the user.

    Args:
        name: the file name asked for (a slug, see :func:`file_name`); another name is
            chosen when a different document already has it.
        replace: the document to replace (file name under ``uploads/`` or document id);
            default: the request's ``replace`` field (:func:`replace_field`).

    Raises:
        BadInput: unreadable document, over the time budget, or a ``replace`` that cannot
        be replaced; NotFound: ``replace`` names no document added from the web;
        RequestEntityTooLarge: over ``KG_MAX_BYTES``; StoreError: the store is locked by
        another process (a running ``kg ingest``; the message names it).
    """
    started = time.monotonic()
    replace = replace_field() if replace is None else replace
    check_size(data)
    _preflight(name, data, fmt)
    with writable_kb() as kb:
        folder = kb.layout.uploads
        folder.mkdir(parents=True, exist_ok=True)
        chosen = replaced_name(kb, replace, name) if replace else unique_name(folder, name, data)
        result = _ingest(kb, folder / chosen, data, fmt)
    if chosen != name and not replace:
        result["note"] = (
            f"another document is stored as {folder.name}/{name}; this one was saved as "
            f"{folder.name}/{chosen} (to replace that one instead, send replace={name})"
        )
    budget = float(setting(current_app.config, "KG_DOC_SECONDS", DOC_SECONDS))
    result["index"] = _sync(started + budget if budget > 0 else None)
    return result


def _ingest(kb: KnowledgeBase, target: Path, data: bytes, fmt: str | None) -> dict[str, Any]:
    """Save ``data`` as ``target`` and ingest it; the previous file comes back on failure."""
    backup = _stage(target, data)
    try:
        report = kb.ingest([target], fmt)
    except BaseException:
        _restore(target, backup)
        raise
    if report.failures and not (report.added or report.updated or report.unchanged):
        _restore(target, backup)
        raise BadInput(_public(report.failures[0], target, target.name))
    _drop(backup)
    result = _result(kb, target.name, report)
    result["errors"] = [_public(f, target, target.name) for f in report.failures]
    return result


def replace_field() -> str | None:
    """The request's ``replace`` field (a form field, or a key of the JSON body), if any."""
    body = request.get_json(silent=True) if request.is_json else None
    value = body.get("replace") if isinstance(body, dict) else request.form.get("replace")
    return str(value).strip() or None if value else None


def unique_name(folder: Path, name: str, data: bytes) -> str:
    """``name``, or ``stem-2.txt``, ``stem-3.txt``, ...: the first that is free or already
    holds exactly ``data`` (an add never takes over a different document's file)."""
    stem, suffix = os.path.splitext(name)
    for n in range(1, MAX_SUFFIX + 1):
        candidate = name if n == 1 else f"{stem}-{n}{suffix}"
        path = folder / candidate
        if not path.exists() or (path.is_file() and path.read_bytes() == data):
            return candidate
    return f"{stem}-{hashlib.sha256(data).hexdigest()[:16]}{suffix}"


def replaced_name(kb: KnowledgeBase, ref: str, name: str) -> str:
    """The file under ``uploads/`` of the document ``ref`` names, which this add replaces.

    Raises:
        NotFound: no such document; BadInput: it was not added from the web, or it is
        another kind of file (``.jsonl`` replaced by ``.txt``).
    """
    ref = ref.strip()
    folder = kb.layout.uploads
    candidate = os.path.basename(ref.replace("\\", "/"))
    if not (candidate and not candidate.startswith(".") and (folder / candidate).is_file()):
        try:
            doc = find_document(kb.store, kb.iris, ref)
        except NotFound:
            raise NotFound(
                f"no document added from the web is named {ref!r}: give its file name "
                f"({folder.name}/…) or its document id"
            ) from None
        if Path(doc.path).parent != folder.resolve():
            raise BadInput(
                f"{ref!r} was not added from the web (it comes from {Path(doc.path).name}); "
                f"only documents added here can be replaced here: use `kg ingest`"
            )
        candidate = Path(doc.path).name
    if os.path.splitext(candidate)[1].lower() != os.path.splitext(name)[1].lower():
        raise BadInput(
            f"{candidate} cannot be replaced by a {os.path.splitext(name)[1]} file: send the same kind of file"
        )
    return candidate


def _public(failure: Failure, target: Path, name: str) -> str:
    """A failure message without the server's directory names."""
    return str(failure).replace(str(target.resolve()), name).replace(str(target), name)


def _stage(target: Path, data: bytes) -> Path | None:
    """Write ``data`` to ``target`` atomically; the previous file is kept as a backup."""
    backup = None
    if target.exists():
        backup = target.with_name(f".{target.name}.previous")
        shutil.copy2(target, backup)
    tmp = target.with_name(f".{target.name}.incoming")
    tmp.write_bytes(data)
    os.replace(tmp, target)
    return backup


def _restore(target: Path, backup: Path | None) -> None:
    if backup is not None:
        os.replace(backup, target)
    else:
        target.unlink(missing_ok=True)


def _drop(backup: Path | None) -> None:
    if backup is not None:
        backup.unlink(missing_ok=True)


def _sync(deadline: float | None) -> str:
    """Bring the search index up to date from a read-only view, the store's writer lock
    released (embedding stops at ``deadline``); a note for the user (never fails the upload)."""
    from search.index import Index
    from search.sync import sync_index

    try:
        with readable_kb() as kb:
            current = Index.open(kb.layout.index)
            embed = bool(current_app.config.get("SYNC_EMBED", True)) and current is not None and current.has_vectors
            report = sync_index(kb, embed=embed, deadline=deadline)
        note = report.summary()
        if embed and report.pending:
            note += " (lexical search finds them now; the next index sync embeds them)"
        return note
    except (KGError, OSError) as err:
        current_app.logger.warning("search index sync after an upload failed: %s", err)
        return f"the search index was not updated ({err}); `kg reindex` will catch up"


def _result(kb: KnowledgeBase, name: str, report: IngestReport) -> dict[str, Any]:
    titles = {d.doc_id: d.title for d in kb.documents()}
    status = "added" if report.added else "updated" if report.updated else "unchanged"
    documents = [{"doc_id": i, "title": titles.get(i, ""), "path": f"/doc/{i}"} for i in dict.fromkeys(report.doc_ids)]
    return {
        "ok": True,
        "status": status,
        "file": f"{kb.layout.uploads.name}/{name}",
        "added": report.added,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "failed": report.failed,
        "errors": [],
        "documents": documents,
        "summary": report.summary(),
        "index": "",
    }
