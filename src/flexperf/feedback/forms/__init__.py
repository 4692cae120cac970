"""Forms of the feedback pages. Rules live in the services; the forms only parse."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from flexperf.core.forms import DateInput
from flexperf.feedback.models import ActionStatus, Kind, Relationship, Visibility
from flexperf.org.models import Person, Status


def colleagues() -> Any:
    return Person.objects.filter(status__in=[Status.ACTIVE, Status.ON_LEAVE]).order_by(
        "name", "pk")


class PersonField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} · {obj.employee_number}"


class GiveForm(forms.Form):
    recipient = PersonField(label=_("To"), queryset=colleagues())
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    text = forms.CharField(label=_("Feedback"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 4}))
    visibility = forms.ChoiceField(label=_("Who may read it"), choices=Visibility.choices,
                                   initial=Visibility.MANAGER)
    behaviour = forms.CharField(label=_("Behaviour or competency (optional)"), required=False,
                                max_length=200)
    goal_id = forms.IntegerField(label=_("Goal id (optional)"), required=False, min_value=1)


class AnswerForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    text = forms.CharField(label=_("Feedback"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 4}))
    visibility = forms.ChoiceField(label=_("Who may read it"), choices=Visibility.choices,
                                   initial=Visibility.MANAGER)
    behaviour = forms.CharField(label=_("Behaviour or competency (optional)"), required=False,
                                max_length=200)


class RequestForm(forms.Form):
    requested = PersonField(label=_("Ask"), queryset=colleagues())
    question = forms.CharField(label=_("Question"), max_length=2000,
                               widget=forms.Textarea(attrs={"rows": 3}))
    goal_id = forms.IntegerField(label=_("About your goal (id, optional)"), required=False,
                                 min_value=1)


class CampaignForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    period = forms.CharField(label=_("Period"), max_length=16, help_text=_('e.g. "2026-H1"'))
    units = forms.CharField(label=_("Units"), max_length=1000,
                            help_text=_("Unit codes, separated by commas."))
    opens_on = forms.DateField(label=_("Opens on"), widget=DateInput())
    closes_on = forms.DateField(label=_("Closes on"), widget=DateInput())
    max_requests_per_rater = forms.IntegerField(label=_("Requests per rater at most"),
                                                initial=5, min_value=1, max_value=50)


class QuestionForm(forms.Form):
    competency = forms.CharField(label=_("Competency"), max_length=120)
    text = forms.CharField(label=_("Question"), max_length=500)
    order = forms.IntegerField(label=_("Order"), initial=0, min_value=0, max_value=999)


class NominationForm(forms.Form):
    relationship = forms.ChoiceField(label=_("Relationship"), choices=Relationship.choices)
    rater_id = PersonField(label=_("Colleague"), queryset=colleagues(), required=False)
    external_name = forms.CharField(label=_("Partner's name"), required=False, max_length=200)
    external_email = forms.EmailField(label=_("Partner's e-mail"), required=False)


class DecisionForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class PlanForm(forms.Form):
    strengths = forms.CharField(label=_("Strengths"), required=False, max_length=5000,
                                widget=forms.Textarea(attrs={"rows": 3}))
    improvements = forms.CharField(label=_("Areas to improve"), required=False,
                                   max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    path = forms.CharField(label=_("Development path"), required=False, max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 2}))
    target_role = forms.CharField(label=_("Target role"), required=False, max_length=200)
    mentor_id = PersonField(label=_("Mentor"), queryset=colleagues(), required=False)


class ActionForm(forms.Form):
    title = forms.CharField(label=_("Action"), required=False, max_length=300)
    due = forms.DateField(label=_("Due date"), required=False, widget=DateInput())
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices,
                               initial=ActionStatus.PLANNED)


ActionFormSet = forms.formset_factory(ActionForm, extra=2, max_num=50)
