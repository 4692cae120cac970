"""Service problems back onto the form, list row and field they name.

A service names a field by its path in the input: ``title``, ``metrics.2.threshold``,
``milestones.0.due``, ``components``. A path into a list finds the row's form through the map
of the list's rows the service saw (blank rows are not sent), so the message appears under the
very input that holds the bad value; a problem of a whole list goes above the list, anything
else above the form.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django import forms
from django.forms.formsets import BaseFormSet

from flexperf.core.errors import ServiceError


@dataclass(frozen=True)
class Rows:
    """A list the service received: the formset and, for each item it was sent, the index of
    the formset form it came from."""

    formset: BaseFormSet  # type: ignore[type-arg]
    sent: Sequence[int]


def _add(form: forms.BaseForm, name: str | None, message: str) -> None:
    if name is not None and name in form.fields:
        if message not in (form.errors.get(name) or []):
            form.add_error(name, message)
    elif message not in form.non_field_errors():
        form.add_error(None, message)


def list_error(formset: BaseFormSet, message: str) -> None:  # type: ignore[type-arg]
    """A problem of the list as a whole (its count, its weights' sum), shown above it."""
    errors = formset.non_form_errors()  # the formset's own list: appending shows it
    if message not in errors:
        errors.append(message)


def place(error: ServiceError, form: forms.BaseForm, rows: Mapping[str, Rows] | None = None,
          aliases: Mapping[str, str] | None = None) -> None:
    """Every problem of `error` under the field that it names."""
    rows = rows or {}
    aliases = aliases or {}
    for problem in error.problems:
        path = aliases.get(problem.field, problem.field)
        head, _dot, rest = path.partition(".")
        listed = rows.get(head)
        if listed is not None:
            index, _dot, name = rest.partition(".")
            if not index:
                list_error(listed.formset, problem.message)
                continue
            if index.isdigit() and int(index) < len(listed.sent):
                row = listed.formset.forms[listed.sent[int(index)]]
                name = name.replace(".", "_")  # anchors.3 → anchors_3
                _add(row, name or None, problem.message)
                continue
            if not index.isdigit():  # e.g. components.weights: the list as a whole
                list_error(listed.formset, problem.message)
                continue
        _add(form, path if path in form.fields else None, problem.message)


def carrier() -> forms.Form:
    """An empty, checked form that holds problems belonging to no input (shown above a
    section)."""
    form = forms.Form({})
    form.is_valid()
    return form
