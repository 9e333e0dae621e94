"""One translation point from errors to responses (STYLE.md point 14).

Library errors (:class:`kg.errors.KGError`) carry their HTTP status. ``/api`` and
``/sparql`` answer ``{"ok": false, "error": message, "status": n}``; pages render
``error.html``. Unexpected exceptions are logged with their traceback and reach the client
as a plain 500 message: never a stack trace.
"""

from __future__ import annotations

from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from kg.errors import KGError

JSON_PREFIXES = ("/api/", "/sparql")
MESSAGES = {  # Vietnamese first, English after: shown on error pages
    400: "Yêu cầu không hợp lệ · Bad request",
    403: "Không được phép · Forbidden",
    404: "Không tìm thấy · Not found",
    405: "Phương thức không được hỗ trợ · Method not allowed",
    413: "Dữ liệu gửi lên quá lớn · Request too large",
    500: "Lỗi máy chủ · Server error",
    503: "Tạm thời không phục vụ được · Service unavailable",
}


def wants_json() -> bool:
    if request.path.startswith(JSON_PREFIXES):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]


def error_response(message: str, status: int) -> tuple[Response | str, int]:
    if wants_json():
        return jsonify({"ok": False, "error": message, "status": status}), status
    title = MESSAGES.get(status, MESSAGES[500] if status >= 500 else MESSAGES[400])
    return render_template("error.html", title=title, message=message, status=status), status


def init_app(app: Flask) -> None:
    @app.errorhandler(KGError)
    def kg_error(err: KGError) -> tuple[Response | str, int]:
        return error_response(str(err), err.status)

    @app.errorhandler(HTTPException)
    def http_error(err: HTTPException) -> tuple[Response | str, int]:
        return error_response(err.description or err.name, err.code or 500)

    @app.errorhandler(Exception)
    def unexpected(err: Exception) -> tuple[Response | str, int]:
        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        return error_response("internal error; the server log has the details", 500)
