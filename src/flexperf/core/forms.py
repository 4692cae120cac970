"""Form helpers shared by every page: service problems back onto the form's fields."""

from __future__ import annotations

from collections.abc import Mapping

from django import forms

from flexperf.core.errors import ServiceError


def add_problems(form: forms.BaseForm, error: ServiceError,
                 aliases: Mapping[str, str] | None = None) -> None:
    """Show each of the service's problems under the field it names (or above the form when
    the form has no such field), so the user sees the same message as the API would give."""
    for problem in error.problems:
        name = (aliases or {}).get(problem.field, problem.field)
        if name in form.fields and (form.errors.get(name) is None
                                    or problem.message not in form.errors[name]):
            form.add_error(name, problem.message)
        else:
            form.add_error(None, problem.message)


class DateInput(forms.DateInput):
    """The browser's own date picker; ISO dates travel both ways."""

    input_type = "date"

    def __init__(self, attrs: dict[str, str] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")
