"""The forms of a goal's page: progress (values, ratings, survey answers, milestones),
alignment, signal links and proposing an adjustment."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from flexperf.core.forms import DateInput
from flexperf.goals.forms.goal import NUMBER
from flexperf.goals.models import (
    AdjustmentKind,
    ExternalSeries,
    Goal,
    Metric,
    MetricKind,
    Milestone,
    SignalLink,
)
from flexperf.goals.validation import KPI_LIKE


def _number(label: Any, required: bool = False, **attrs: str) -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=40,
                           widget=forms.NumberInput(attrs={**NUMBER, **attrs}))


class MeasurementForm(forms.Form):
    """A value of a KPI, key result, scorecard measure or SLA on a day."""

    on = forms.DateField(label=_("Date"), widget=DateInput())
    value = _number(_("Value"), required=True)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class RatingForm(forms.Form):
    """A behaviour rating by the caller."""

    on = forms.DateField(label=_("Date"), widget=DateInput())
    rating = _number(_("Rating"), required=True, min="1", max="5", step="0.5")
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class SurveyForm(forms.Form):
    """An internal customer's answer to a satisfaction survey."""

    score = forms.TypedChoiceField(
        label=_("Your satisfaction"), coerce=int, widget=forms.RadioSelect,
        choices=[(1, _("1 · very dissatisfied")), (2, _("2 · dissatisfied")),
                 (3, _("3 · neutral")), (4, _("4 · satisfied")), (5, _("5 · very satisfied"))])
    note = forms.CharField(label=_("Comment"), required=False, max_length=500)


class AcceptForm(forms.Form):
    accepted_on = forms.DateField(label=_("Accepted on"), widget=DateInput())


class AlignForm(forms.Form):
    """This goal contributes to a parent goal."""

    parent_id = forms.TypedChoiceField(label=_("Contributes to"), coerce=int)
    contribution = _number(_("Contribution weight"), min="0")

    def __init__(self, *args: Any, parents: Sequence[Goal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent_id"].choices = [  # type: ignore[attr-defined]
            (g.pk, f"{g.title} · {g.period.code}") for g in parents]


class SignalLinkForm(forms.Form):
    """The goal watches an external series."""

    series_id = forms.TypedChoiceField(label=_("Series"), coerce=int)
    plan_value = _number(_("Planned value"))
    threshold_pct = _number(_("Deviation threshold (%)"), min="0")
    consecutive_periods = _number(_("Consecutive periods"), min="1", max="24", step="1")

    def __init__(self, *args: Any, series: Sequence[ExternalSeries], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"consecutive_periods": "2"})
        super().__init__(*args, **kwargs)
        self.fields["series_id"].choices = [  # type: ignore[attr-defined]
            (s.pk, f"{s.name} ({s.code})") for s in series]
        self.fields["plan_value"].help_text = _(
            "What the goal's target assumed the series would be.")


class AdjustmentForm(forms.Form):
    """New values for an active goal (only what changes), or its withdrawal; a reason and
    evidence always."""

    kind = forms.ChoiceField(label=_("Proposal"), choices=AdjustmentKind.choices,
                             initial=AdjustmentKind.CHANGE, widget=forms.RadioSelect)
    weight = _number(_("New weight"), min="0")
    due_date = forms.DateField(label=_("New due date"), required=False, widget=DateInput())
    reason = forms.CharField(label=_("Reason"), required=False, max_length=5000,
                             widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.CharField(label=_("Evidence"), required=False, max_length=5000,
                               widget=forms.Textarea(attrs={"rows": 3}))
    trigger_id = forms.TypedChoiceField(label=_("Triggered by"), required=False, coerce=int,
                                        empty_value=None)

    def __init__(self, *args: Any, goal: Goal, metrics: Sequence[Metric],
                 milestones: Sequence[Milestone], links: Sequence[SignalLink],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.goal = goal
        self.aliases: dict[str, str] = {"changes.weight": "weight",
                                        "changes.due_date": "due_date"}
        self.metric_fields: list[tuple[Metric, list[forms.BoundField]]] = []
        self.milestone_fields: list[tuple[Milestone, list[forms.BoundField]]] = []
        self.fields["trigger_id"].choices = [  # type: ignore[attr-defined]
            ("", _("No signal")), *((link.pk, f"{link.series.name} ({link.series.code})")
                                    for link in links)]
        for metric in metrics:
            names = (("threshold", "target", "stretch") if metric.kind in KPI_LIKE
                     else ("target",) if metric.kind == MetricKind.KEY_RESULT else ())
            bound = []
            for name in names:
                key = f"m{metric.pk}_{name}"
                self.fields[key] = _number(_("New %(what)s") % {"what": _label(name)})
                current = getattr(metric, name)
                self.fields[key].widget.attrs["placeholder"] = (
                    "" if current is None else f"{current.normalize():f}")
                self.aliases[f"changes.metrics.{metric.pk}.{name}"] = key
                bound.append(self[key])
            if bound:
                self.aliases[f"changes.metrics.{metric.pk}"] = bound[-1].name
                self.metric_fields.append((metric, bound))
        for item in milestones:
            if item.accepted_on is not None:
                continue
            due, weight = f"ms{item.pk}_due", f"ms{item.pk}_weight"
            self.fields[due] = forms.DateField(label=_("New due date"), required=False,
                                               widget=DateInput())
            self.fields[weight] = _number(_("New weight"), min="0")
            self.fields[weight].widget.attrs["placeholder"] = f"{item.weight.normalize():f}"
            self.aliases.update({f"changes.milestones.{item.pk}.due": due,
                                 f"changes.milestones.{item.pk}.weight": weight,
                                 f"changes.milestones.{item.pk}": due})
            self.milestone_fields.append((item, [self[due], self[weight]]))

    def changes(self) -> dict[str, Any]:
        """The new values given, in the shape the adjustment service takes."""
        data = self.cleaned_data
        out: dict[str, Any] = {}
        if (data.get("weight") or "").strip():
            out["weight"] = data["weight"].strip()
        if data.get("due_date") is not None:
            out["due_date"] = data["due_date"]
        metrics: dict[str, dict[str, str]] = {}
        for metric, fields in self.metric_fields:
            for field in fields:
                value = (data.get(field.name) or "").strip()
                if value:
                    metrics.setdefault(str(metric.pk), {})[field.name.split("_", 1)[1]] = value
        if metrics:
            out["metrics"] = metrics
        milestones: dict[str, dict[str, Any]] = {}
        for item, fields in self.milestone_fields:
            due, weight = data.get(fields[0].name), (data.get(fields[1].name) or "").strip()
            if due is not None:
                milestones.setdefault(str(item.pk), {})["due"] = due.isoformat()
            if weight:
                milestones.setdefault(str(item.pk), {})["weight"] = weight
        if milestones:
            out["milestones"] = milestones
        return out


def _label(name: str) -> str:
    return str({"threshold": _("threshold"), "target": _("target"),
                "stretch": _("stretch")}[name])


def today_within(start: dt.date, end: dt.date, today: dt.date) -> dt.date:
    """The default date of a new value: today, kept inside the goal's period."""
    return min(max(today, start), end)
