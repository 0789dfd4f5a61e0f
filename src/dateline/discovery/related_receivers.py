"""Keeps stored Related Articles in step with publishing (see related.py)."""
