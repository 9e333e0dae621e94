"""Search over the stored documents: Vietnamese-aware BM25, dense vectors, and their fusion.

The index is built from the graph store (never from files) and lives next to it in
``<store>/index``; :func:`search.sync.sync_index` keeps it in step with the store, and
:class:`search.api.Searcher` answers queries. Importing this package loads nothing heavy:
bm25s, numpy memory maps and the embedding model are opened on first use.

Layout (one concept per module):

* ``analyzer`` — BM25 tokens (word segments, accent-free forms, abbreviations both ways)
* ``rewrite`` — what the dense side embeds (abbreviations written out, diacritics restored)
* ``passages`` — sentence windows read from a document's named graph
* ``index`` / ``writer`` — the on-disk index: generations, manifest, atomic commits, checks
* ``retrievers`` — the ``search()`` shape and the retrievers by name;
  ``lexical`` / ``dense`` / ``hybrid`` implement it; ``filters`` — document/entity/type/topic
* ``sync`` — incremental indexing; ``api`` — ``Searcher`` and ``Hit``; ``snippets``;
  ``cli`` — ``kg search`` and ``kg reindex``
"""

__all__ = ["api", "sync"]
