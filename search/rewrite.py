"""What the dense side embeds for a query: abbreviations written out, diacritics restored.

The e5 model reads Vietnamese well but accent-free Vietnamese poorly ("quy binh on gia xang
dau" is, to it, a different string from "quỹ bình ổn giá xăng dầu"; ``bench/eval_search.py``
measured nDCG@10 0.36 without diacritics against 0.99 with them), and it knows "bảo hiểm y
tế" far better than "BHYT". So before embedding a query:

* abbreviations are written out (:func:`kg.abbreviations.expand`);
* a query that has no diacritics yet reads as Vietnamese gets them back with the title
  restorer of ingest (:func:`kg.titles.restore_title`). In a hybrid search it is given as
  evidence the passages that lexical search (which matches accent-free text well) ranks
  first, which fixes most of the dictionary's guesses ("quy binh on" -> "Quỹ bình ổn", not
  "Quy bình ổn"). The restorer loads its dictionaries once per process (a few seconds),
  then takes a few milliseconds per query.

The lexical side keeps the query as typed.
"""

from __future__ import annotations

from kg.abbreviations import expand

EVIDENCE = 5  # lexical hits whose text is evidence for the diacritics


def dense_query(query: str, evidence: list[str] | None = None) -> str:
    """The text to embed for ``query`` (``evidence``: passages likely to contain its words)."""
    from kg.titles import needs_restoration, restore_title

    text = expand(query)
    if needs_restoration(text):
        text = restore_title(text, "\n".join(evidence or ()))
    return text
