"""Forms of the incentives pages (HR): a policy, a new version with the coefficient table
editor, salary upload, computing a run."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


class RulesField(forms.CharField):
    """The policy rules (all but the coefficient tables) as JSON."""

    widget = forms.Textarea(attrs={"rows": 18, "class": "mono", "spellcheck": "false"})

    def to_python(self, value: Any) -> Any:
        text = super().to_python(value)
        if not text:
            return {}
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise forms.ValidationError(_("This is not valid JSON: %(error)s"),
                                        params={"error": exc}) from exc
        if not isinstance(data, dict):
            raise forms.ValidationError(_("Give a JSON object."))
        return data


class PolicyForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=40)
    name = forms.CharField(label=pgettext_lazy("object", "Name"), max_length=200)
    rules = RulesField(label=_("Rules (JSON)"), required=False)
    note = forms.CharField(label=_("What this version is for"), max_length=500,
                           required=False)


class VersionForm(forms.Form):
    rules = RulesField(label=_("Other rules (JSON)"), required=False, help_text=_(
        "Level bands, target bonus % per level, stage bonus, long-term pool, micro-reward "
        "rate, tiers and top ratings. The coefficient tables are edited in the table above."))
    note = forms.CharField(label=_("What changed"), max_length=500, required=False)


class SalaryUploadForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=_(
        "CSV with the columns employee_number, amount, currency (empty: CNY) and "
        "effective_from (YYYY-MM-DD)."))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not (upload.name or "").lower().endswith(".csv"):
            raise forms.ValidationError(_("Upload a .csv file."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than %(mb)d MB."),
                                        params={"mb": MAX_UPLOAD_BYTES // (1024 * 1024)})
        return upload


class ComputeForm(forms.Form):
    cycle = forms.TypedChoiceField(label=_("Cycle"), coerce=int)
    policy = forms.TypedChoiceField(label=_("Policy"), coerce=int)

    def __init__(self, *args: Any, cycles: list[tuple[int, str]],
                 policies: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cycle"].choices = cycles  # type: ignore[attr-defined]
        self.fields["policy"].choices = policies  # type: ignore[attr-defined]


class CompanyFactorForm(forms.Form):
    company = forms.TypedChoiceField(label=_("Company"), coerce=int)
    factor = forms.DecimalField(label=_("Company factor"), max_digits=6, decimal_places=3,
                                min_value=0, max_value=5)

    def __init__(self, *args: Any, companies: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["company"].choices = companies  # type: ignore[attr-defined]


class PoolForm(forms.Form):
    goal = forms.IntegerField(label=_("Project goal id"), min_value=1)
    name = forms.CharField(label=pgettext_lazy("object", "Name"), max_length=200)
    amount = forms.DecimalField(label=_("Pool amount"), max_digits=14, decimal_places=2,
                                min_value=0)
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="CNY")
    members = forms.CharField(
        label=_("Members and contribution weights"),
        widget=forms.Textarea(attrs={"rows": 4, "class": "mono"}),
        help_text=_("One member a line: employee number, then weight (the weights add up to "
                    "100), e.g. E00012 60"))

    def clean_members(self) -> list[tuple[str, str]]:
        rows = []
        for number, line in enumerate(self.cleaned_data["members"].splitlines(), start=1):
            parts = line.replace(",", " ").split()
            if not parts:
                continue
            if len(parts) != 2:
                raise forms.ValidationError(
                    _("Line %(n)d: give an employee number and a weight."), params={"n": number})
            rows.append((parts[0], parts[1]))
        if not rows:
            raise forms.ValidationError(_("Add at least one member."))
        return rows
