"""The ``kg`` command as installed: kg's commands, search's and the web server, assembled here.

Imports point one way (``kg`` <- ``search`` <- ``web``), so only the package on top may know
all three: kg's group (:mod:`kg.cli`) gets search's commands (``search``, ``reindex``,
``ask``), ``serve``, and the after-change hook that keeps the search index in step with the
store after ``kg ingest`` and ``kg remove``. Commands are named as ``"module:attr"`` and
imported only when run, so ``kg --help`` loads neither Flask nor the embedding model.
"""

from __future__ import annotations

from kg import cli as kg_cli

COMMANDS: dict[str, str] = {  # name -> "module:attr"
    "search": "search.cli:search",
    "reindex": "search.cli:reindex",
    "ask": "search.cli:ask",
    "serve": "web.cli:serve",
}
AFTER_CHANGE: tuple[str, ...] = ("search.sync:sync_index",)  # hook(kb, progress=...) -> report

cli = kg_cli.extend(COMMANDS, AFTER_CHANGE, help="vnkg: knowledge graph and search over Vietnamese documents.")


def main() -> None:
    """The ``kg`` console script."""
    cli(prog_name="kg")
