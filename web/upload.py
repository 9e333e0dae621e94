"""``/add``: the page to add a document (upload a file, or paste a title and text).

The work is in :mod:`web.adding` (shared with ``POST /api/documents``); this module reads the
form and renders the result or a one-line error on the same page, keeping what was typed.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask import Blueprint, current_app, render_template, request
from werkzeug.datastructures import FileStorage
from werkzeug.exceptions import HTTPException

from kg.errors import BadInput, KGError

from . import adding
from .cli import is_loopback

bp = Blueprint("upload", __name__)


def needs_token() -> bool:
    return not is_loopback(str(current_app.config.get("KG_SERVE_HOST", "127.0.0.1")))


def read_submission(files: Mapping[str, FileStorage], form: Mapping[str, str]) -> tuple[str, bytes, str | None]:
    """(file name, bytes, ingest format) from an uploaded ``file`` or pasted ``title``/``text``.

    Raises:
        BadInput: neither a file nor text, or both.
    """
    upload = files.get("file")
    filename = upload.filename if upload is not None else None
    has_text = bool((form.get("text") or "").strip())
    if filename and has_text:
        raise BadInput("choose a file or paste text, not both")
    if upload is not None and filename:
        name = adding.file_name(filename)
        return name, upload.read(), None
    if has_text:
        return adding.pasted(form.get("title", ""), form.get("text", ""))
    raise BadInput("no document: choose a .txt or .jsonl file, or paste a title and text")


@bp.route("/add", methods=["GET", "POST"])
def add_page() -> str | tuple[str, int]:
    """GET: the form. POST: add the document and show what happened (or why not)."""
    context = {
        "result": None,
        "error": None,
        "needs_token": needs_token(),
        "disabled": needs_token() and not current_app.config.get("KG_WEB_TOKEN"),
        "title": "",
        "text": "",
        "max_bytes": current_app.config["KG_MAX_BYTES"],
    }
    if request.method == "GET":
        return render_template("upload/add.html", **context)
    status = 200
    try:
        adding.check_permission()
        context.update(title=request.form.get("title", ""), text=request.form.get("text", ""))
        name, data, fmt = read_submission(request.files, request.form)
        context["result"] = adding.add(name, data, fmt)
        status = 201 if context["result"]["status"] == "added" else 200
        context.update(title="", text="")
    except KGError as err:
        context["error"], status = str(err), err.status
    except HTTPException as err:
        context["error"], status = err.description, err.code or 400  # raised ones carry their code
    if status == 403:
        context.update(title="", text="")  # never echo a refused cross-site submission
    return render_template("upload/add.html", **context), status
