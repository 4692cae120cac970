"""Forms of the signals pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from flexperf.signals.connectors import CONNECTORS
from flexperf.signals.models import SourceKind

FORMAT_LABELS = {"auto": _("Detect from the file"), "events": _("flexperf event columns"),
                 "jira": _("Issue tracker export (Jira-like CSV)"),
                 "slack": _("Chat export (Slack-like JSON)"),
                 "salesforce": _("CRM opportunities (Salesforce-like CSV)")}


class SourceForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=40, help_text=_(
        "Lower-case letters, digits, - and _; used in the webhook address."))
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=SourceKind.choices)
    enabled = forms.BooleanField(label=_("Enabled"), required=False, initial=True)


class UploadForm(forms.Form):
    source = forms.ChoiceField(label=_("Source"))
    file = forms.FileField(label=_("File"), help_text=_(
        "CSV or XLSX with external_id, kind, person, occurred_at (and optional hours, "
        "quality, due_on, done_on, value, counterparts), or a tool's export."))
    format = forms.ChoiceField(label=_("Layout"), initial="auto",
                               choices=[(c, FORMAT_LABELS[c]) for c in ("auto", *CONNECTORS)])
    atomic = forms.BooleanField(label=_("All or nothing"), required=False, help_text=_(
        "Keep nothing when any row is bad."))

    def __init__(self, *args: Any, sources: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["source"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = sources

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not (upload.name or "").lower().endswith((".csv", ".xlsx", ".json", ".txt")):
            raise forms.ValidationError(_("Upload a .csv, .xlsx or .json file."))
        return upload
