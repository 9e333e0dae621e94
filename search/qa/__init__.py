"""Question answering over the knowledge graph.

A question is read into an intent and slots linked to graph nodes (:mod:`.understand`,
with names from :mod:`.lexicon` and similarity from :mod:`.similar`), answered by a
parameterised SPARQL template (:mod:`.templates`) or networkx analytics
(:mod:`kg.read`), and returned with the evidence sentences and the best passages
(:mod:`.answer`, :mod:`.render`).
"""

from .answer import Answerer, check_question
from .result import Answer, Evidence, Result

__all__ = ["Answer", "Answerer", "Evidence", "Result", "check_question"]
