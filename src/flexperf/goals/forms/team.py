"""The team goals page's filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from flexperf.core.actors import Actor
from flexperf.org.forms import UnitChoiceField, unit_choices
from flexperf.org.models import Unit


class TeamFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=100, required=False)
    unit = UnitChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False,
                           empty_label=_("All units"))
    attention = forms.BooleanField(label=_("Only people with goals at risk or off track"),
                                   required=False)

    def __init__(self, actor: Actor, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = unit_choices(actor)  # type: ignore[attr-defined]
        self.fields["q"].widget.attrs.update({"type": "search", "autocomplete": "off",
                                              "placeholder": _("Name or employee number")})
