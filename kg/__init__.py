"""vnkg core: parse Vietnamese documents, normalise text, build and store the RDF graph.

Imports point one way (``kg`` <- ``search`` <- ``web``); nothing here imports the other
two packages, so the CLI, extraction and the store stay fast to import.
"""

__version__ = "0.1.0"
