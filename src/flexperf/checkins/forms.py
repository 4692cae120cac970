"""Forms of the checkins pages. The check-in form is built from the person's goals: per goal
a metric (when it has measured ones), the new value, a confidence 0–10 and a note."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from flexperf.checkins.services.checkins import measured_metrics
from flexperf.checkins.stages import stage_ratings
from flexperf.core.errors import ServiceError
from flexperf.goals.models import Goal

LINE_FIELDS = ("metric_id", "value", "confidence", "note")


class CheckinForm(forms.Form):
    obstacles = forms.CharField(label=_("Obstacles"), required=False,
                                widget=forms.Textarea(attrs={"rows": 3}))
    resource_needs = forms.CharField(label=_("Resource needs"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 3}))
    context = forms.CharField(label=_("Context and constraints"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, goals: list[Goal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.goals = goals
        for goal in goals:
            metrics = measured_metrics(goal)
            if metrics:
                self.fields[f"g{goal.pk}_metric_id"] = forms.TypedChoiceField(
                    label=_("Metric"), coerce=int, required=False,
                    choices=[(m.pk, m.name) for m in metrics], initial=metrics[0].pk)
                self.fields[f"g{goal.pk}_value"] = forms.CharField(
                    label=_("New value"), required=False, max_length=40)
            self.fields[f"g{goal.pk}_confidence"] = forms.CharField(
                label=_("Confidence (0–10)"), required=False, max_length=4,
                widget=forms.NumberInput(attrs={"min": 0, "max": 10, "step": 1}))
            self.fields[f"g{goal.pk}_note"] = forms.CharField(
                label=_("Note"), required=False, max_length=500)

    def rows(self) -> list[tuple[Goal, list[forms.BoundField]]]:
        return [(goal, [self[f"g{goal.pk}_{name}"] for name in LINE_FIELDS
                        if f"g{goal.pk}_{name}" in self.fields]) for goal in self.goals]

    def lines(self) -> tuple[list[dict[str, Any]], list[int]]:
        """The lines to send (a goal with anything but the preset metric filled in) and the
        goal of each, to place the service's problems."""
        data = self.cleaned_data
        out: list[dict[str, Any]] = []
        sent: list[int] = []
        for goal in self.goals:
            value = data.get(f"g{goal.pk}_value") or ""
            confidence = data.get(f"g{goal.pk}_confidence") or ""
            note = data.get(f"g{goal.pk}_note") or ""
            if not (value or confidence or note):
                continue
            line: dict[str, Any] = {"goal_id": goal.pk, "confidence": confidence,
                                    "note": note}
            if value:
                line["value"] = value
                line["metric_id"] = data.get(f"g{goal.pk}_metric_id")
            out.append(line)
            sent.append(goal.pk)
        return out, sent

    def place(self, error: ServiceError, sent: list[int]) -> None:
        for problem in error.problems:
            head, _dot, rest = problem.field.partition(".")
            name: str | None = problem.field if problem.field in self.fields else None
            if head == "lines":
                index, _dot, field = rest.partition(".")
                if index.isdigit() and int(index) < len(sent):
                    candidate = f"g{sent[int(index)]}_{field or 'confidence'}"
                    if field == "goal_id" or candidate not in self.fields:
                        candidate = f"g{sent[int(index)]}_confidence"
                    name = candidate
            self.add_error(name, problem.message)


class DiscussForm(forms.Form):
    coaching_note = forms.CharField(label=_("Coaching note"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 4}))


class MilestoneReviewForm(forms.Form):
    delivered = forms.CharField(label=_("What was delivered"), required=False,
                                widget=forms.Textarea(attrs={"rows": 3}))
    quality = forms.CharField(label=_("Quality (1–5)"), required=False, max_length=4,
                              widget=forms.NumberInput(attrs={"min": 1, "max": 5, "step": 1}))
    lessons = forms.CharField(label=_("Lessons"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    stage_rating = forms.ChoiceField(label=_("Stage rating"), required=False, choices=())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stage_rating"].choices = [("", "—"), *stage_ratings()]  # type: ignore[attr-defined]

    def place(self, error: ServiceError) -> None:
        for problem in error.problems:
            self.add_error(problem.field if problem.field in self.fields else None,
                           problem.message)
