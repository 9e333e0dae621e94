"""Turtle data of the vnkg ontology; loaded via importlib.resources."""
