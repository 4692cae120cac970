"""Forms of the recognition pages. Rules live in the services; the forms only parse."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from flexperf.core.forms import DateInput
from flexperf.org.models import Person, Status
from flexperf.recognition.models import ContributionKind, Visibility
from flexperf.recognition.tags import tag_choices


def active_people() -> Any:
    return Person.objects.filter(status=Status.ACTIVE).order_by("name", "pk")


class PersonField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} · {obj.employee_number}"


class GiveForm(forms.Form):
    recipient = PersonField(label=_("To"), queryset=active_people())
    points = forms.IntegerField(label=_("Points"), min_value=1, initial=10)
    tag = forms.ChoiceField(label=_("Behaviour or value"), choices=tag_choices)
    message = forms.CharField(label=_("Message"), max_length=1000,
                              widget=forms.Textarea(attrs={"rows": 3}))
    visibility = forms.ChoiceField(label=_("Who may read it"), choices=Visibility.choices,
                                   initial=Visibility.PUBLIC)
    goal_id = forms.IntegerField(label=_("Goal or project id (optional)"), required=False,
                                 min_value=1)


class ContributionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ContributionKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    link = forms.CharField(label=_("Link"), max_length=500, required=False,
                           help_text=_("Required for knowledge shared."))
    other_person = PersonField(label=_("Mentee or colleague helped"), required=False,
                               queryset=active_people())
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))
    on = forms.DateField(label=_("Date"), widget=DateInput(), required=False)


class PolicyForm(forms.Form):
    budget_per_period = forms.IntegerField(label=_("Budget per person per month"), min_value=0)
    max_per_award = forms.IntegerField(label=_("Most points in one award"), min_value=1)
    pair_cap = forms.IntegerField(
        label=_("Most points from one giver to one colleague per month"), min_value=1)
    free_awards = forms.IntegerField(
        label=_("Awards to the same colleague per month at full value"), min_value=0)
    decay_percent = forms.IntegerField(
        label=_("Value of each further award, as a percentage of the previous one"), min_value=0,
        max_value=100)
    pingpong_window_days = forms.IntegerField(label=_("Reciprocal pair window (days)"),
                                              min_value=1)
    pingpong_min_each = forms.IntegerField(
        label=_("Awards each way within the window that raise a flag"), min_value=1)


class AllocateForm(forms.Form):
    period = forms.CharField(label=_("Month (YYYY-MM)"), max_length=7)


class RuleForm(forms.Form):
    points = forms.IntegerField(label=_("Points"), min_value=0)
    cap_per_period = forms.IntegerField(label=_("Most points per person per month"),
                                        min_value=0)
    active = forms.BooleanField(label=_("Active"), required=False)


class DecideForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=[
        ("release", _("Release: the points become available")),
        ("reverse", _("Reverse: the points return to the pool"))])
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
