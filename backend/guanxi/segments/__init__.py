"""Segments: static and rule-based dynamic groups of customers, membership history, strategies."""
