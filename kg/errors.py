"""One error hierarchy for the whole project.

Library code raises these; each front end (CLI, web) translates them in one place, so a
user always gets a one-line message and never a stack trace.
"""


class KGError(Exception):
    """Base of every error this project raises on purpose."""

    status = 500


class BadInput(KGError):
    """A document could not be read or parsed."""

    status = 400


class BadQuery(KGError):
    """A query or request was malformed."""

    status = 400


class NotFound(KGError):
    """The requested document or entity does not exist."""

    status = 404


class ConfigError(KGError):
    """A setting has an invalid value or names an unknown backend."""

    status = 500


class StoreError(KGError):
    """The store could not be opened, read or written."""

    status = 503
