"""vnkg's web front end: a Flask app over one knowledge base.

``create_app(config)`` (in :mod:`web.app`) builds the app; ``kg serve`` runs it with waitress.
Imports point one way: web uses kg and search, never the reverse.
"""

from .app import create_app

__all__ = ["create_app"]
