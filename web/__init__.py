"""vnkg's web front end: a Flask app over one knowledge base, and the ``kg`` command.

``create_app(config)`` (in :mod:`web.app`) builds the app; ``kg serve`` runs it with waitress.
:mod:`web.commands` assembles the installed ``kg`` command from kg's, search's and web's.
Imports point one way: web uses kg and search, never the reverse. Flask is imported only
when the app is asked for, so ``kg --help`` (which imports this package) stays fast.
"""

from __future__ import annotations

__all__ = ["create_app"]


def __getattr__(name: str) -> object:  # create_app, imported on first use
    if name == "create_app":
        from .app import create_app

        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
