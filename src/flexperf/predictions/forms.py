"""Forms of the model pages (HR admin): train on an uploaded HR table, or on own history."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class TrainCsvForm(forms.Form):
    file = forms.FileField(label=_("HR table (CSV)"))
    target = forms.CharField(label=_("Target column"), max_length=200)
    positive = forms.CharField(label=_("Value of the target for a leaver"), max_length=200)
    id_column = forms.CharField(label=_("Id column (optional)"), max_length=200, required=False)
    groups = forms.CharField(label=_("Report metrics by these columns (optional, commas)"),
                             max_length=500, required=False)

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload


class TrainHistoryForm(forms.Form):
    as_of = forms.DateField(label=_("As of"), widget=forms.DateInput(attrs={"type": "date"}))
