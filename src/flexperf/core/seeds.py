"""Rows that data migrations install (default points rules, seeded badge classes).

A wipe of the database (`flexperf demo --reset`, a test's flush) removes them with everything
else; :func:`reinstall_migration_seeds` puts them back by running the same migration functions.
The goals domain reinstalls its built-in schemes itself (`goals.demo.loader`).
"""

from __future__ import annotations

import importlib

from django.apps import apps

# (migration module, function taking (apps, schema_editor)), each idempotent (get_or_create).
MIGRATION_SEEDS = (
    ("flexperf.recognition.migrations.0003_default_rules", "seed"),
    ("flexperf.badges.migrations.0003_seed_classes", "seed"),
)


def reinstall_migration_seeds() -> None:
    for module, function in MIGRATION_SEEDS:
        getattr(importlib.import_module(module), function)(apps, None)
