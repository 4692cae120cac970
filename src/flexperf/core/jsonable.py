"""Plain JSON values for anything we store in audit entries and exports."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from decimal import Decimal
from enum import Enum
from typing import Any

from django.db.models import Model
from django.db.models.fields.files import FieldFile

JsonValue = None | bool | int | float | str | list["JsonValue"] | dict[str, "JsonValue"]

# Exact types that are already JSON. Most audit values are one of these (a big import records
# hundreds of thousands), and a set lookup on the type is far cheaper than the isinstance chain
# below. Subclasses (a TextChoices member is a str) still take the long way.
_PLAIN: frozenset[type] = frozenset({str, int, bool, float, type(None)})


def to_jsonable(value: Any) -> JsonValue:
    kind = type(value)
    if kind in _PLAIN:
        return value  # type: ignore[no-any-return]
    if kind is dict:
        return {k if type(k) is str else str(k): v if type(v) in _PLAIN else to_jsonable(v)
                for k, v in value.items()}
    if kind is list:
        return [v if type(v) in _PLAIN else to_jsonable(v) for v in value]
    return _converted(value)


def _converted(value: Any) -> JsonValue:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Enum):
        return to_jsonable(value.value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, Model):
        return to_jsonable(value.pk)
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [to_jsonable(v) for v in value]
        if isinstance(value, set | frozenset):
            items.sort(key=repr)
        return items
    return str(value)
