"""Reads of the achievements domain, always scoped by the caller."""
