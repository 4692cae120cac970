"""The scoring calculator: a scheme's components (saved, or the designer's unsaved rows) and
sample goals, one row each, turned into the body of the one engine's preview
(`goals.evaluation.preview`, the same function as POST /api/v1/scoring/preview)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.forms import formset_factory
from django.forms.formsets import BaseFormSet
from django.utils.translation import gettext_lazy as _

from flexperf.core.forms import DateInput
from flexperf.goals.models import Direction, OkrType, Paradigm, Perspective

NUMBER = {"step": "any", "inputmode": "decimal"}
KEY_RESULTS = (1, 2, 3)
MILESTONES = (1, 2, 3)
# Inputs of a sample row by paradigm (the page shows the ones of the row's component).
GROUPS: dict[str, tuple[str, ...]] = {
    "curve": ("direction", "threshold", "target", "stretch", "actual"),
    Paradigm.OKR: ("okr_type", *(f"kr{j}_{n}" for j in KEY_RESULTS
                                for n in ("start", "target", "current"))),
    Paradigm.BSC: ("perspective",),
    Paradigm.PROJECT: ("as_of", *(f"m{j}_{n}" for j in MILESTONES
                                  for n in ("due", "accepted", "weight"))),
    Paradigm.SERVICE: ("csat_mean",),
    Paradigm.BEHAVIOUR: ("rating",),
}
CURVE_PARADIGMS = (Paradigm.KPI, Paradigm.BSC, Paradigm.SERVICE)


GROUP_LAYOUT: tuple[tuple[str, tuple[str, ...], Any], ...] = (
    ("curve", (Paradigm.KPI, Paradigm.BSC, Paradigm.SERVICE),
     _("Measure: threshold → target → stretch")),
    (Paradigm.BSC, (Paradigm.BSC,), _("Scorecard perspective")),
    (Paradigm.OKR, (Paradigm.OKR,), _("Key results")),
    (Paradigm.PROJECT, (Paradigm.PROJECT,), _("Milestones")),
    (Paradigm.SERVICE, (Paradigm.SERVICE,), _("Internal-customer survey")),
    (Paradigm.BEHAVIOUR, (Paradigm.BEHAVIOUR,), _("Behaviour rating")),
)


@dataclass(frozen=True)
class Group:
    key: str
    paradigms: str  # space-separated: which components' rows show it
    label: Any
    fields: list[forms.BoundField]



def _number(label: Any, **attrs: str) -> forms.FloatField:
    return forms.FloatField(label=label, required=False,
                            widget=forms.NumberInput(attrs={**NUMBER, **attrs}))


@dataclass(frozen=True)
class CalcComponent:
    key: str
    paradigm: str
    label: str
    weight: float


class SampleGoalForm(forms.Form):
    """One sample goal: the component it counts towards and the values its paradigm scores."""

    component = forms.ChoiceField(label=_("Component"), required=False)
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    weight = _number(_("Weight"), min="0")
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices,
                                  initial=Direction.HIGHER, required=False)
    threshold = _number(_("Threshold"))
    target = _number(_("Target"))
    stretch = _number(_("Stretch"))
    actual = _number(_("Actual"))
    perspective = forms.ChoiceField(label=_("Perspective"), choices=Perspective.choices,
                                    required=False, initial=Perspective.FINANCIAL)
    okr_type = forms.ChoiceField(label=_("Objective type"), choices=OkrType.choices,
                                 initial=OkrType.COMMITTED, required=False)
    kr1_start = _number(_("KR 1 start"))
    kr1_target = _number(_("KR 1 target"))
    kr1_current = _number(_("KR 1 current"))
    kr2_start = _number(_("KR 2 start"))
    kr2_target = _number(_("KR 2 target"))
    kr2_current = _number(_("KR 2 current"))
    kr3_start = _number(_("KR 3 start"))
    kr3_target = _number(_("KR 3 target"))
    kr3_current = _number(_("KR 3 current"))
    as_of = forms.DateField(label=_("Judged on"), required=False, widget=DateInput())
    m1_due = forms.DateField(label=_("Milestone 1 due"), required=False, widget=DateInput())
    m1_accepted = forms.DateField(label=_("Milestone 1 accepted"), required=False,
                                  widget=DateInput())
    m1_weight = _number(_("Milestone 1 weight"), min="0")
    m2_due = forms.DateField(label=_("Milestone 2 due"), required=False, widget=DateInput())
    m2_accepted = forms.DateField(label=_("Milestone 2 accepted"), required=False,
                                  widget=DateInput())
    m2_weight = _number(_("Milestone 2 weight"), min="0")
    m3_due = forms.DateField(label=_("Milestone 3 due"), required=False, widget=DateInput())
    m3_accepted = forms.DateField(label=_("Milestone 3 accepted"), required=False,
                                  widget=DateInput())
    m3_weight = _number(_("Milestone 3 weight"), min="0")
    csat_mean = _number(_("Survey mean (1–5)"))
    rating = _number(_("Rating (1–5)"))

    def __init__(self, *args: Any, components: Sequence[CalcComponent] = (),
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.components = {c.key: c for c in components}
        self.fields["component"].choices = [  # type: ignore[attr-defined]
            ("", "—"), *((c.key, f"{c.label or c.key} · {c.paradigm}") for c in components)]

    def group(self, name: str) -> list[forms.BoundField]:
        return [self[n] for n in GROUPS[name]]

    @property
    def groups(self) -> list[Group]:
        """The inputs by paradigm, each saying which components' rows show it."""
        return [Group(key, " ".join(paradigms), label, self.group(key))
                for key, paradigms, label in GROUP_LAYOUT]

    @property
    def paradigm(self) -> str:
        chosen = self.components.get(self.data.get(self.add_prefix("component"), "")
                                     if self.is_bound else self.initial.get("component", ""))
        return chosen.paradigm if chosen else ""

    def is_blank(self) -> bool:
        """No value typed (a row may come with its component chosen): left out."""
        data = self.cleaned_data
        return not any(data.get(n) not in (None, "") for n in self.fields
                       if n not in {"component", "direction", "perspective", "okr_type"})

    def _require(self, *names: str) -> None:
        for name in names:
            if self.cleaned_data.get(name) is None:
                self.add_error(name, _("This field is required."))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        key = data.get("component") or ""
        if self.is_blank():
            return data
        if not key:
            self.add_error("component", _("Choose the component this goal counts towards."))
            return data
        paradigm = self.components[key].paradigm if key in self.components else ""
        if paradigm in (Paradigm.KPI, Paradigm.BSC):
            self._require("threshold", "target")
        elif paradigm == Paradigm.OKR:
            filled = [j for j in KEY_RESULTS if any(
                data.get(f"kr{j}_{n}") is not None for n in ("start", "target", "current"))]
            if not filled:
                self._require("kr1_start", "kr1_target")
            for j in filled:
                self._require(f"kr{j}_start", f"kr{j}_target")
        elif paradigm == Paradigm.PROJECT:
            filled = [j for j in MILESTONES if data.get(f"m{j}_due") is not None
                      or data.get(f"m{j}_accepted") is not None]
            if not filled:
                self._require("m1_due")
            for j in filled:
                self._require(f"m{j}_due")
        elif paradigm == Paradigm.SERVICE:
            has_sla = any(data.get(n) is not None
                          for n in ("threshold", "target", "stretch", "actual"))
            if has_sla:
                self._require("threshold", "target")
            elif data.get("csat_mean") is None:
                self.add_error("csat_mean", _("Give an SLA measure, a survey mean or both."))
        return data

    def goal(self) -> dict[str, Any]:
        """This row as one goal of the preview body."""
        data = self.cleaned_data
        component = self.components[data["component"]]
        paradigm = component.paradigm
        goal: dict[str, Any] = {"paradigm": paradigm, "component": component.key,
                                "title": data.get("title") or "",
                                "weight": data.get("weight") or 1}
        curve = {"direction": data.get("direction") or Direction.HIGHER,
                 "threshold": data.get("threshold"), "target": data.get("target"),
                 "stretch": data.get("stretch"), "actual": data.get("actual")}
        if paradigm == Paradigm.KPI:
            goal.update(curve)
        elif paradigm == Paradigm.OKR:
            goal["okr_type"] = data.get("okr_type") or OkrType.COMMITTED
            goal["key_results"] = [
                {"name": f"KR {j}", "start": data.get(f"kr{j}_start"),
                 "target": data.get(f"kr{j}_target"), "current": data.get(f"kr{j}_current")}
                for j in KEY_RESULTS if any(data.get(f"kr{j}_{n}") is not None
                                            for n in ("start", "target", "current"))]
        elif paradigm == Paradigm.BSC:
            perspective = data.get("perspective") or Perspective.FINANCIAL
            goal["measures"] = [{"name": data.get("title") or "", "perspective": perspective,
                                 **curve}]
            goal["perspective_weights"] = {perspective: 1}
        elif paradigm == Paradigm.PROJECT:
            goal["as_of"] = data.get("as_of")
            goal["milestones"] = [
                {"name": f"#{j}", "due": data.get(f"m{j}_due"),
                 "accepted_on": data.get(f"m{j}_accepted"),
                 "weight": data.get(f"m{j}_weight") or 1}
                for j in MILESTONES if data.get(f"m{j}_due") is not None]
        elif paradigm == Paradigm.SERVICE:
            if any(curve[n] is not None for n in ("threshold", "target")):
                goal["sla"] = [{"name": data.get("title") or "", **curve}]
            if data.get("csat_mean") is not None:
                goal["csat"] = {"name": "CSAT", "mean": data.get("csat_mean")}
        elif paradigm == Paradigm.BEHAVIOUR:
            goal["indicators"] = [{"name": data.get("title") or "",
                                   "rating": data.get("rating")}]
        return goal

    def field_for(self, path: Sequence[str]) -> str | None:
        """The input behind a path inside this goal of the preview body (after
        `goals.<i>.`), e.g. ("key_results", "1", "target") → kr2_target."""
        if not path:
            return None
        head = path[0]
        if head == "key_results" and len(path) >= 3 and path[1].isdigit():
            return f"kr{int(path[1]) + 1}_{path[2]}"
        if head == "milestones" and len(path) >= 3 and path[1].isdigit():
            name = {"accepted_on": "accepted"}.get(path[2], path[2])
            return f"m{int(path[1]) + 1}_{name}"
        if head in {"measures", "sla"} and len(path) >= 3:
            return path[2] if path[2] in self.fields else None
        if head == "csat":
            return "csat_mean"
        if head == "indicators":
            return "rating"
        if head == "paradigm":
            return "component"
        if head == "perspective_weights":
            return "perspective"
        return head if head in self.fields else None


SampleFormSet = formset_factory(SampleGoalForm, extra=0, max_num=40, absolute_max=40)


def sample_formset(data: Any = None, *, components: Sequence[CalcComponent]
                   ) -> BaseFormSet:  # type: ignore[type-arg]
    """Sample goals: one blank row per component of the scheme (two at least)."""
    initial = [{"component": c.key} for c in components]
    formset = SampleFormSet(data, prefix="samples",
                            initial=(initial or None) if data is None else None,
                            form_kwargs={"components": components,
                                         "use_required_attribute": False})
    if data is None and len(initial) < 2:
        formset.extra = 2 - len(initial)
    return formset


class CalculatorForm(forms.Form):
    """Which scheme: a saved one, or the components posted beside it (the designer's rows)."""

    scheme = forms.TypedChoiceField(label=_("Scheme"), coerce=int, required=False,
                                    empty_value=None)

    def __init__(self, *args: Any, schemes: Sequence[tuple[int, str]] = (),
                 unsaved: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        first = [("", _("The components being edited"))] if unsaved else []
        self.fields["scheme"].choices = [*first, *schemes]  # type: ignore[attr-defined]
