from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from flexperf.audit.models import Action
from flexperf.core.forms import DateInput


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("Actor"), max_length=150, required=False,
                            help_text=_("Username of whoever acted."))
    action = forms.ChoiceField(label=_("Action"), required=False,
                               choices=[("", _("Any action")), *Action.choices])
    object_type = forms.CharField(label=_("Object type"), max_length=60, required=False,
                                  help_text=_("For example org.person"))
    object_id = forms.CharField(label=_("Object id"), max_length=64, required=False)
    since = forms.DateField(label=_("From"), required=False, widget=DateInput())
    until = forms.DateField(label=_("To"), required=False, widget=DateInput())
    q = forms.CharField(label=_("Text"), max_length=100, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end date is before the start date."))
        return data

    def filters(self) -> dict[str, Any]:
        """Keyword arguments for audit.selectors.entries_visible_to: whole days in the local
        time zone, the end date included."""
        data = self.cleaned_data
        return {
            "actor_username": data["actor"].strip(),
            "action": data["action"],
            "object_type": data["object_type"].strip(),
            "object_id": data["object_id"].strip(),
            "since": _start_of(data["since"]),
            "until": _start_of(data["until"] + dt.timedelta(days=1)) if data["until"] else None,
            "q": data["q"].strip(),
        }


def _start_of(day: dt.date | None) -> dt.datetime | None:
    if day is None:
        return None
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
