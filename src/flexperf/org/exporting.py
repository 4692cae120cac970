"""Org export (interface fixed here; implementation to follow)."""

from __future__ import annotations

from dataclasses import dataclass

from flexperf.core.actors import Actor


@dataclass(frozen=True)
class ExportedFile:
    content: bytes
    filename: str
    content_type: str


def export_org(actor: Actor, fmt: str) -> ExportedFile:
    raise NotImplementedError
