"""Fitted models as joblib files in the data folder (``<data>/models/<kind>-v<n>-<random>.joblib``,
a fresh name per save), loaded once per process and file."""

from __future__ import annotations

import threading
import uuid
from pathlib import Path
from typing import Any

import joblib
from django.conf import settings

_cache: dict[str, Any] = {}
_lock = threading.Lock()


def folder() -> Path:
    path = Path(settings.DATA_DIR) / "models"
    path.mkdir(parents=True, exist_ok=True)
    return path


def save(name: str, payload: dict[str, Any]) -> str:
    """Write the payload; the path relative to the data folder."""
    target = folder() / f"{name}-{uuid.uuid4().hex[:8]}.joblib"
    joblib.dump(payload, target, compress=3)
    return str(target.relative_to(Path(settings.DATA_DIR)))


def load(relative: str) -> dict[str, Any] | None:
    """The payload, or None when the file is gone."""
    with _lock:
        if relative in _cache:
            return _cache[relative]  # type: ignore[no-any-return]
    path = Path(settings.DATA_DIR) / relative
    if not path.is_file():
        return None
    payload = joblib.load(path)
    with _lock:
        _cache[relative] = payload
    return payload  # type: ignore[no-any-return]
