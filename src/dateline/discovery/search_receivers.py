"""Keeps the search index in step with publishing (see search.py)."""
