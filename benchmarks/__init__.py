"""Benchmarks: `python -m benchmarks [NAME ...]` (or `make bench`).

Each benchmark runs its measurements in child processes with a fresh temporary data folder, so
figures never depend on the developer's own database. Results print as a table and are written
as JSON to benchmarks/results/ (git-ignored). Not part of the test suite.
"""
