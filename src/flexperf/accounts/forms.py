from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from flexperf.accounts.services import MAX_TOKEN_DAYS, TOKEN_SCOPES

SCOPE_LABELS = {"read": _("Read"), "write": _("Write")}


class TokenForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("object", "Name"), max_length=100,
                           help_text=_("What the token is for, e.g. the HR system sync."))
    expires_days = forms.IntegerField(label=_("Expires after (days)"), min_value=1,
                                      max_value=MAX_TOKEN_DAYS)
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"), widget=forms.CheckboxSelectMultiple,
        choices=[(scope, SCOPE_LABELS[scope]) for scope in TOKEN_SCOPES],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"expires_days": settings.FLEXPERF_TOKEN_DEFAULT_DAYS,
                                      "scopes": list(TOKEN_SCOPES)})
        super().__init__(*args, **kwargs)
