"""Forms of the achievements pages: the HR quest editor, the reward editor, redeeming."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from flexperf.achievements import services as svc
from flexperf.achievements.kinds import KIND_LABELS
from flexperf.achievements.models import Quest, Reward
from flexperf.org.models import Unit

LEVEL_ROWS = 5
TASK_ROWS = 3


def _kind_choices() -> list[tuple[str, Any]]:
    return [("", "—"), *KIND_LABELS.items()]


class QuestForm(forms.Form):
    """A quest with up to five levels of up to three tasks each (blank rows are skipped)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    starts_on = forms.DateField(label=_("Starts on"), widget=forms.DateInput(
        attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Ends on"), widget=forms.DateInput(attrs={"type": "date"}))
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    audience_units = forms.ModelMultipleChoiceField(
        label=_("Open to these units (and the units below them)"), required=False,
        queryset=Unit.objects.filter(archived=False).order_by("path"),
        help_text=_("Leave empty to open the quest to everyone."))
    badge_code = forms.ChoiceField(label=_("Badge on completion"), required=False)
    badge_each_level = forms.BooleanField(label=_("Award the badge at every level"),
                                          required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from flexperf.badges import selectors as badges

        badge = self.fields["badge_code"]
        assert isinstance(badge, forms.ChoiceField)
        badge.choices = [("", _("No badge"))] + [
            (c.code, c.name) for c in badges.badge_classes()]
        for i in range(1, LEVEL_ROWS + 1):
            self.fields[f"level_{i}_title"] = forms.CharField(
                label=_("Level %(n)d: title") % {"n": i}, max_length=200, required=False)
            self.fields[f"level_{i}_points"] = forms.IntegerField(
                label=_("Level %(n)d: points") % {"n": i}, required=False, min_value=0)
            for j in range(1, TASK_ROWS + 1):
                self.fields[f"level_{i}_task_{j}_kind"] = forms.ChoiceField(
                    label=_("Level %(n)d, task %(m)d") % {"n": i, "m": j},
                    choices=_kind_choices(), required=False)
                self.fields[f"level_{i}_task_{j}_count"] = forms.IntegerField(
                    label=_("How many"), required=False, min_value=1)
        self.sent: list[int] = []  # form level numbers, in the order sent to the service
        self.sent_tasks: dict[int, list[int]] = {}

    def level_rows(self) -> list[dict[str, Any]]:
        return [{"n": i, "title": self[f"level_{i}_title"], "points": self[f"level_{i}_points"],
                 "tasks": [(self[f"level_{i}_task_{j}_kind"], self[f"level_{i}_task_{j}_count"])
                           for j in range(1, TASK_ROWS + 1)]}
                for i in range(1, LEVEL_ROWS + 1)]

    def head_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("title", "description", "starts_on", "ends_on",
                                        "active", "audience_units", "badge_code",
                                        "badge_each_level")]

    def to_input(self) -> svc.QuestIn:
        data = self.cleaned_data
        levels: list[svc.LevelIn] = []
        self.sent, self.sent_tasks = [], {}
        for i in range(1, LEVEL_ROWS + 1):
            tasks: list[svc.TaskIn] = []
            sent_tasks: list[int] = []
            for j in range(1, TASK_ROWS + 1):
                kind = data.get(f"level_{i}_task_{j}_kind") or ""
                count = data.get(f"level_{i}_task_{j}_count")
                if kind or count:
                    tasks.append(svc.TaskIn(kind, count or 0))
                    sent_tasks.append(j)
            title = (data.get(f"level_{i}_title") or "").strip()
            if title or tasks:
                levels.append(svc.LevelIn(title, data.get(f"level_{i}_points") or 0, tasks))
                self.sent.append(i)
                self.sent_tasks[i] = sent_tasks
        return svc.QuestIn(
            title=data["title"], description=data.get("description") or "",
            starts_on=data["starts_on"], ends_on=data["ends_on"], active=data["active"],
            audience_unit_ids=[u.pk for u in data["audience_units"]],
            badge_code=data.get("badge_code") or "",
            badge_each_level=data["badge_each_level"], levels=levels)

    def field_for(self, path: str) -> str | None:
        """The form field a service problem path (levels.0.tasks.1.count) points at."""
        parts = path.split(".")
        if parts[0] == "audience_unit_ids":
            return "audience_units"
        if parts[0] != "levels" or len(parts) < 3 or not parts[1].isdigit():
            return path if path in self.fields else None
        index = int(parts[1])
        if index >= len(self.sent):
            return None
        n = self.sent[index]
        if parts[2] == "tasks":
            if len(parts) >= 5 and parts[3].isdigit() and int(parts[3]) < len(
                    self.sent_tasks[n]):
                return f"level_{n}_task_{self.sent_tasks[n][int(parts[3])]}_{parts[4]}"
            return f"level_{n}_task_1_kind"
        return f"level_{n}_{parts[2]}"

    @classmethod
    def initial_for(cls, quest: Quest) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "title": quest.title, "description": quest.description,
            "starts_on": quest.starts_on, "ends_on": quest.ends_on, "active": quest.active,
            "audience_units": list(quest.audience_units.all()),
            "badge_code": quest.badge_code, "badge_each_level": quest.badge_each_level}
        for level in quest.levels.prefetch_related("tasks").order_by("number")[:LEVEL_ROWS]:
            initial[f"level_{level.number}_title"] = level.title
            initial[f"level_{level.number}_points"] = level.points
            for j, task in enumerate(list(level.tasks.all())[:TASK_ROWS], start=1):
                initial[f"level_{level.number}_task_{j}_kind"] = task.kind
                initial[f"level_{level.number}_task_{j}_count"] = task.count
        return initial


class RewardForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("object", "Name"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    cost = forms.IntegerField(label=_("Cost in points"))
    stock = forms.IntegerField(label=_("Stock"), required=False,
                               help_text=_("Leave empty for unlimited."))
    active = forms.BooleanField(label=_("In the store"), required=False, initial=True)
    approval_required = forms.BooleanField(label=_("Needs HR approval"), required=False)

    def to_input(self) -> svc.RewardIn:
        d = self.cleaned_data
        return svc.RewardIn(name=d["name"], description=d.get("description") or "",
                            cost=d["cost"], stock=d.get("stock"), active=d["active"],
                            approval_required=d["approval_required"])

    @classmethod
    def initial_for(cls, reward: Reward) -> dict[str, Any]:
        return {"name": reward.name, "description": reward.description, "cost": reward.cost,
                "stock": reward.stock, "active": reward.active,
                "approval_required": reward.approval_required}


class RedeemForm(forms.Form):
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=10, initial=1)


class DecisionForm(forms.Form):
    note = forms.CharField(label=_("Note to the person"), max_length=500, required=False)
