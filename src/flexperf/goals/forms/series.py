"""External series: create one, upload points."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from flexperf.goals.models import PeriodKind

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class SeriesForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=60, required=False,
                           help_text=_("Letters, digits, - and _; used in CSV files."))
    name = forms.CharField(label=pgettext_lazy("object", "Name"), max_length=200,
                           required=False)
    name_en = forms.CharField(label=_("English name"), max_length=200, required=False)
    unit_label = forms.CharField(label=_("Unit of measure"), max_length=40, required=False)
    frequency = forms.ChoiceField(label=_("Frequency"), choices=PeriodKind.choices,
                                  initial=PeriodKind.MONTH)
    description = forms.CharField(label=_("Description"), max_length=5000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))


class PointsUploadForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=_(
        "CSV with the columns date and value (and series, to load several series at once), "
        "or an XLSX workbook with a sheet named points."))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if not name.endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."), code="type")
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than %(mb)d MB."),
                                        params={"mb": MAX_UPLOAD_BYTES // (1024 * 1024)},
                                        code="size")
        return upload
