"""Any HR table → a feature matrix for the attrition trainer (pure: a file or a DataFrame in,
arrays out; no ORM, no clock).

Column types are inferred from the values, never from the file's own claims:

* the target column becomes y (1 where the cell equals the positive value, compared as text,
  or as a number when both parse as numbers: "1" matches 1.0); it is never a feature;
* the id column (``--id``) is dropped; so is, with a note, an integer column named like an id
  (``…id``) whose values are all distinct;
* numbers stay numbers (missing → NaN, imputed inside the pipeline);
* booleans (true/false, yes/no, y/n, 0/1 as text) become 0/1;
* dates (ISO, m/d/Y, Y/m/d) become the age in days relative to the column's newest date —
  deterministic, no clock;
* text with at most ``MAX_CATEGORIES`` distinct values becomes a category (one-hot inside the
  pipeline); text with more (names, ids, free text) is dropped with a note;
* a column with one value only, or empty, is dropped with a note.

Exact duplicate rows (every column but the id) are dropped before anything else and counted:
a duplicated row in both a training and a test fold inflates cross-validated scores.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import polars as pl
from django.utils.translation import gettext as _

from flexperf.core.errors import Problem, ServiceError

MAX_CATEGORIES = 30
TRUE_WORDS = frozenset({"true", "yes", "y", "1", "t"})
FALSE_WORDS = frozenset({"false", "no", "n", "0", "f"})
DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%Y/%m/%d", "%d.%m.%Y")
MISSING = "(missing)"


@dataclass(frozen=True)
class ColumnPlan:
    numeric: tuple[str, ...] = ()
    boolean: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()
    categorical: tuple[str, ...] = ()
    dropped: tuple[tuple[str, str], ...] = ()  # (column, why)


@dataclass(frozen=True)
class Dataset:
    """Rows after deduplication. `x` is an object array: numeric columns (numbers, booleans,
    dates) as floats first, in `numeric_columns` order, then categorical columns as text."""

    x: np.ndarray
    y: np.ndarray
    numeric_columns: tuple[str, ...]
    categorical_columns: tuple[str, ...]
    plan: ColumnPlan
    rows_read: int
    duplicates_dropped: int
    groups: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def features(self) -> tuple[str, ...]:
        return self.numeric_columns + self.categorical_columns

    @property
    def rows(self) -> int:
        return int(self.y.shape[0])

    @property
    def positives(self) -> int:
        return int(self.y.sum())


def read_csv(path: str | Path) -> pl.DataFrame:
    """Every column as text (types are inferred later, the same way for every source); a
    UTF-8 byte-order mark and surrounding blanks in the header are removed."""
    file = Path(path)
    if not file.is_file():
        raise ServiceError(Problem("csv", _("no such file: %(file)s") % {"file": file}))
    try:
        frame = pl.read_csv(file, infer_schema=False, encoding="utf8-lossy",
                            truncate_ragged_lines=True)
    except (pl.exceptions.PolarsError, OSError, ValueError) as exc:
        raise ServiceError(Problem("csv", _("cannot read %(file)s: %(error)s")
                                           % {"file": file.name, "error": exc})) from exc
    names = [c.lstrip("\ufeff").strip() for c in frame.columns]
    frame.columns = names
    if frame.height == 0:
        raise ServiceError(Problem("csv", _("%(file)s has no rows") % {"file": file.name}))
    return frame


def _texts(series: pl.Series) -> list[str | None]:
    values: list[str | None] = []
    for value in series.cast(pl.String).to_list():
        text = None if value is None else str(value).strip()
        values.append(text or None)
    return values


def _number(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _is_target(text: str | None, positive: str) -> bool:
    if text is None:
        return False
    if text == positive:
        return True
    a, b = _number(text), _number(positive)
    return a is not None and b is not None and a == b


def _looks_like_id(name: str) -> bool:
    lowered = name.lower().replace("_", "").replace(" ", "")
    return lowered == "id" or lowered.endswith("id") or lowered.endswith("number")


def _infer(name: str, values: list[str | None]) -> tuple[str, str]:
    """(kind, note) for one column: kind ∈ numeric, boolean, date, categorical, drop."""
    present = [v for v in values if v is not None]
    if not present:
        return "drop", _("empty")
    distinct = set(present)
    if len(distinct) == 1:
        return "drop", _("one value only")
    lowered = {v.lower() for v in distinct}
    if lowered <= TRUE_WORDS | FALSE_WORDS and len(lowered) == 2 and \
            (lowered & TRUE_WORDS) and (lowered & FALSE_WORDS):
        return "boolean", ""
    numbers = [_number(v) for v in present]
    if all(n is not None for n in numbers):
        if len(distinct) == len(values) and _looks_like_id(name) and \
                all(float(n).is_integer() for n in numbers if n is not None):
            return "drop", _("looks like an identifier (all values distinct)")
        return "numeric", ""
    dated = sum(1 for v in present if _date(v) is not None)
    if dated >= 0.95 * len(present):
        return "date", ""
    if len(distinct) <= MAX_CATEGORIES:
        return "categorical", ""
    return "drop", _("text with %(n)d distinct values (names, ids or free text)") % {
        "n": len(distinct)}


def prepare(frame: pl.DataFrame, *, target: str, positive: str, id_column: str | None = None,
            group_columns: Sequence[str] = ()) -> Dataset:
    """Deduplicate, split off the target, infer column types and build the feature matrix."""
    columns = list(frame.columns)
    if target not in columns:
        raise ServiceError(Problem("target", _("no column %(name)s (columns: %(columns)s)")
                                   % {"name": repr(target), "columns": ", ".join(columns)}))
    if id_column is not None and id_column not in columns:
        raise ServiceError(Problem("id", _("no column %(name)s") % {"name": repr(id_column)}))
    if id_column == target:
        raise ServiceError(Problem("id", _("the id column cannot be the target")))
    for group in group_columns:
        if group not in columns:
            raise ServiceError(Problem("group", _("no column %(name)s") % {"name": repr(group)}))
    rows_read = frame.height
    subset = [c for c in columns if c != id_column]
    frame = frame.unique(subset=subset, keep="first", maintain_order=True)
    duplicates = rows_read - frame.height

    target_text = _texts(frame[target])
    y = np.array([_is_target(v, positive.strip()) for v in target_text], dtype=np.int64)
    if not y.any():
        present = sorted({v for v in target_text if v is not None})[:10]
        raise ServiceError(Problem("positive", _(
            "value %(value)s does not occur in %(name)s (values: %(values)s)")
            % {"value": repr(positive), "name": repr(target), "values": ", ".join(present)}))
    if y.all():
        raise ServiceError(Problem("target", _(
            "every row of %(name)s is %(value)s: one class only, nothing to learn")
            % {"name": repr(target), "value": repr(positive)}))

    numeric: list[str] = []
    boolean: list[str] = []
    dates: list[str] = []
    categorical: list[str] = []
    dropped: list[tuple[str, str]] = []
    numeric_values: list[np.ndarray] = []
    categorical_values: list[np.ndarray] = []
    for name in columns:
        if name == target:
            continue
        if name == id_column:
            dropped.append((name, _("id column")))
            continue
        values = _texts(frame[name])
        kind, note = _infer(name, values)
        if kind == "drop":
            dropped.append((name, note))
        elif kind == "numeric":
            numeric.append(name)
            numeric_values.append(np.array([np.nan if (n := _number(v)) is None else n
                                            for v in values], dtype=np.float64))
        elif kind == "boolean":
            boolean.append(name)
            numeric_values.append(np.array(
                [np.nan if v is None else float(v.lower() in TRUE_WORDS) for v in values],
                dtype=np.float64))
        elif kind == "date":
            dates.append(name)
            parsed = [_date(v) for v in values]
            newest = max(d for d in parsed if d is not None)
            numeric_values.append(np.array(
                [np.nan if d is None else float((newest - d).days) for d in parsed],
                dtype=np.float64))
        else:
            categorical.append(name)
            categorical_values.append(np.array([MISSING if v is None else v for v in values],
                                               dtype=object))
    numeric_columns = tuple(numeric + boolean + dates)
    if not numeric_columns and not categorical:
        raise ServiceError(Problem("csv", _("no usable feature columns")))
    # the numeric list above interleaves kinds in column order; rebuild in numeric_columns order
    by_name = dict(zip([c for c in columns if c in set(numeric_columns)],
                       numeric_values, strict=True))
    blocks = [by_name[c].astype(object) for c in numeric_columns] + categorical_values
    x = np.column_stack(blocks) if blocks else np.empty((frame.height, 0), dtype=object)
    groups = {g: np.array([MISSING if v is None else v for v in _texts(frame[g])], dtype=object)
              for g in group_columns}
    plan = ColumnPlan(numeric=tuple(numeric), boolean=tuple(boolean), dates=tuple(dates),
                      categorical=tuple(categorical), dropped=tuple(dropped))
    return Dataset(x=x, y=y, numeric_columns=numeric_columns,
                   categorical_columns=tuple(categorical), plan=plan, rows_read=rows_read,
                   duplicates_dropped=duplicates, groups=groups)


def from_arrays(numeric: dict[str, np.ndarray], y: np.ndarray,
                categorical: dict[str, np.ndarray] | None = None,
                groups: dict[str, np.ndarray] | None = None) -> Dataset:
    """A Dataset from ready columns (the organisation's own history, generated test data)."""
    categorical = categorical or {}
    blocks = [np.asarray(v, dtype=np.float64).astype(object) for v in numeric.values()]
    blocks += [np.asarray(v, dtype=object) for v in categorical.values()]
    x = np.column_stack(blocks)
    plan = ColumnPlan(numeric=tuple(numeric), categorical=tuple(categorical))
    return Dataset(x=x, y=np.asarray(y, dtype=np.int64), numeric_columns=tuple(numeric),
                   categorical_columns=tuple(categorical), plan=plan, rows_read=len(y),
                   duplicates_dropped=0, groups=dict(groups or {}))
