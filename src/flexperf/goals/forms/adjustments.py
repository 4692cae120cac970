"""Deciding adjustments, and the period report's filter."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from flexperf.core.forms import DateInput


class ApproveForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 2}))
    effective_from = forms.DateField(label=_("In force from"), required=False,
                                     widget=DateInput(),
                                     help_text=_("Default: today."))


class RejectForm(forms.Form):
    note = forms.CharField(label=_("Why not"), required=False, max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 2}))
