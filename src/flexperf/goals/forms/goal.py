"""Creating and editing a goal: the goal's own fields, its metrics (one row each) and its
milestones, laid out per paradigm. Numbers travel as text and are read by the service, so a bad
value gets the same message as over the API."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.forms import formset_factory
from django.forms.formsets import BaseFormSet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from flexperf.core.forms import DateInput
from flexperf.goals.forms.problems import Rows
from flexperf.goals.models import (
    Aggregation,
    Direction,
    Goal,
    MetricKind,
    OkrType,
    Paradigm,
    Period,
    Perspective,
    SchemeComponent,
)
from flexperf.goals.services.goals import MetricSpec, MilestoneSpec

MAX_ROWS = 40
NUMBER = {"step": "any", "inputmode": "decimal"}
NUMBER_FIELDS = ("baseline", "threshold", "target", "stretch", "start", "confidence")
ANCHORS = ("1", "2", "3", "4", "5")

# Which inputs a metric row shows for each paradigm, in order.
ROW_FIELDS: dict[str, tuple[str, ...]] = {
    Paradigm.KPI: ("name", "unit_label", "direction", "baseline", "threshold", "target",
                   "stretch", "aggregation"),
    Paradigm.OKR: ("name", "unit_label", "start", "target", "weight", "confidence"),
    Paradigm.BSC: ("perspective", "name", "unit_label", "direction", "baseline", "threshold",
                   "target", "stretch", "weight"),
    Paradigm.SERVICE: ("kind", "name", "unit_label", "direction", "threshold", "target",
                       "stretch", "weight"),
    Paradigm.BEHAVIOUR: ("name", "weight", *(f"anchors_{a}" for a in ANCHORS)),
    Paradigm.PROJECT: (),
}
# Rows shown on a new form (and the most a list may grow to with "add a row").
ROWS: dict[str, tuple[int, int]] = {
    Paradigm.KPI: (1, 1), Paradigm.OKR: (5, 5), Paradigm.BSC: (6, MAX_ROWS),
    Paradigm.SERVICE: (4, MAX_ROWS), Paradigm.BEHAVIOUR: (4, MAX_ROWS),
    Paradigm.PROJECT: (0, 0),
}
MILESTONE_ROWS = (5, MAX_ROWS)
# The kind of every metric of a paradigm with one kind (a service row chooses its own).
KIND_OF: dict[str, str] = {
    Paradigm.KPI: MetricKind.KPI, Paradigm.OKR: MetricKind.KEY_RESULT,
    Paradigm.BSC: MetricKind.BSC_MEASURE, Paradigm.BEHAVIOUR: MetricKind.BEHAVIOUR,
}
PERSPECTIVE_FIELDS = {p: f"pw_{p}" for p in Perspective.values}
_LINK = re.compile(r"^\s*(\d+)\s*(?:→|->|>)\s*(\d+)\s*$")


def _number(label: Any, **attrs: str) -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=40,
                           widget=forms.NumberInput(attrs={**NUMBER, **attrs}))


class MetricForm(forms.Form):
    """One metric: what each paradigm needs (the template shows the paradigm's inputs only)."""

    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[
        (MetricKind.SLA, MetricKind.SLA.label), (MetricKind.CSAT, MetricKind.CSAT.label)])
    perspective = forms.ChoiceField(label=_("Perspective"), required=False,
                                    choices=[("", "—"), *Perspective.choices])
    name = forms.CharField(label=pgettext_lazy("object", "Name"), required=False,
                           max_length=300)
    unit_label = forms.CharField(label=_("Unit of measure"), required=False, max_length=40)
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices,
                                  initial=Direction.HIGHER, required=False)
    baseline = _number(_("Baseline"))
    threshold = _number(_("Threshold"))
    target = _number(_("Target"))
    stretch = _number(_("Stretch"))
    start = _number(_("Start"))
    confidence = _number(_("Confidence (0–10)"), min="0", max="10", step="1")
    weight = _number(_("Weight"), min="0")
    aggregation = forms.ChoiceField(label=_("Aggregation"), choices=Aggregation.choices,
                                    initial=Aggregation.LAST, required=False)
    anchors_1 = forms.CharField(label=_("Anchor 1"), required=False, max_length=500)
    anchors_2 = forms.CharField(label=_("Anchor 2"), required=False, max_length=500)
    anchors_3 = forms.CharField(label=_("Anchor 3"), required=False, max_length=500)
    anchors_4 = forms.CharField(label=_("Anchor 4"), required=False, max_length=500)
    anchors_5 = forms.CharField(label=_("Anchor 5"), required=False, max_length=500)

    def is_blank(self, paradigm: str) -> bool:
        """Nothing typed into the row (choices keep their defaults): not sent."""
        data = self.cleaned_data
        typed = [name for name in ROW_FIELDS.get(paradigm, ())
                 if name not in {"kind", "direction", "aggregation", "weight", "perspective"}]
        return not any(str(data.get(name) or "").strip() for name in typed)

    def spec(self, paradigm: str) -> MetricSpec:
        data = self.cleaned_data
        shown = set(ROW_FIELDS.get(paradigm, ()))

        def value(name: str) -> str | None:
            text = str(data.get(name) or "").strip()
            return text if name in shown and text else None

        kind = KIND_OF.get(paradigm) or data.get("kind") or MetricKind.SLA
        return MetricSpec(
            kind=kind, name=data.get("name") or "", unit_label=data.get("unit_label") or "",
            direction=data.get("direction") or Direction.HIGHER,
            baseline=value("baseline"), threshold=value("threshold"), target=value("target"),
            stretch=value("stretch"), start=value("start"), confidence=value("confidence"),
            weight=value("weight") or "1",
            perspective=(data.get("perspective") or "") if "perspective" in shown else "",
            aggregation=(data.get("aggregation") or "") if "aggregation" in shown else "",
            anchors={a: data[f"anchors_{a}"].strip() for a in ANCHORS
                     if f"anchors_{a}" in shown and (data.get(f"anchors_{a}") or "").strip()})


class MilestoneForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("object", "Name"), required=False,
                           max_length=300)
    due = forms.DateField(label=_("Due date"), required=False, widget=DateInput())
    weight = _number(_("Weight"), min="0")

    def is_blank(self) -> bool:
        return not (self.cleaned_data.get("name") or "").strip() \
            and self.cleaned_data.get("due") is None

    def spec(self) -> MilestoneSpec:
        data = self.cleaned_data
        return MilestoneSpec(name=data.get("name") or "", due=data.get("due"),
                             weight=(data.get("weight") or "").strip() or "1")


MetricFormSet = formset_factory(MetricForm, extra=0, max_num=MAX_ROWS, absolute_max=MAX_ROWS)
MilestoneFormSet = formset_factory(MilestoneForm, extra=0, max_num=MAX_ROWS,
                                   absolute_max=MAX_ROWS)


class GoalForm(forms.Form):
    """The goal's own fields; those that do not apply to the paradigm are left out."""

    period = forms.ChoiceField(label=_("Period"))
    component = forms.ChoiceField(label=_("Scheme component"), required=False)
    title = forms.CharField(label=_("Title"), required=False, max_length=300)
    description = forms.CharField(label=_("Description"), required=False, max_length=20_000,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    weight = _number(_("Weight within the component"), min="0")
    due_date = forms.DateField(label=_("Due date"), required=False, widget=DateInput())
    okr_type = forms.ChoiceField(label=_("Objective type"), choices=OkrType.choices,
                                 initial=OkrType.COMMITTED,
                                 help_text=_("An aspirational objective graded 0.7 is on "
                                             "target."))
    pw_financial = _number(_("Financial weight"), min="0")
    pw_customer = _number(_("Customer weight"), min="0")
    pw_internal_process = _number(_("Internal process weight"), min="0")
    pw_learning_growth = _number(_("Learning & growth weight"), min="0")
    links = forms.CharField(
        label=_("Strategy map"), required=False, max_length=500,
        help_text=_("Cause → effect between measures by their row numbers, e.g. 1→3, 2→3."))

    def __init__(self, *args: Any, paradigm: str, periods: Sequence[Period],
                 components: Sequence[SchemeComponent] | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.paradigm = paradigm
        self.fields["period"].choices = [(p.code, p.code) for p in periods]  # type: ignore[attr-defined]
        if components is None:  # a unit's or the company's goal counts towards no scheme
            del self.fields["component"]
        else:
            self.fields["component"].choices = [  # type: ignore[attr-defined]
                (c.key, f"{c.label} · {c.weight.normalize():f}") for c in components]
        if paradigm != Paradigm.OKR:
            del self.fields["okr_type"]
        if paradigm != Paradigm.BSC:
            for name in (*PERSPECTIVE_FIELDS.values(), "links"):
                del self.fields[name]
        if paradigm == Paradigm.PROJECT:
            self.fields["due_date"].help_text = _("The project's end; milestones are below.")

    @property
    def perspective_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in PERSPECTIVE_FIELDS.values() if name in self.fields]

    @property
    def main_fields(self) -> list[forms.BoundField]:
        skip = {*PERSPECTIVE_FIELDS.values(), "links"}
        return [field for field in self.visible_fields() if field.name not in skip]

    def perspective_weights(self) -> dict[str, str]:
        return {p: self.cleaned_data[name].strip() for p, name in PERSPECTIVE_FIELDS.items()
                if (self.cleaned_data.get(name) or "").strip()}

    def parsed_links(self, rows: Sequence[int]) -> list[tuple[int, int]] | None:
        """Links between row numbers as positions among the metrics sent; None (with the
        problem on the field) when the text does not read."""
        text = (self.cleaned_data.get("links") or "").strip()
        if not text:
            return []
        position = {row: i for i, row in enumerate(rows)}
        pairs = []
        for part in re.split(r"[,，;；]", text):
            if not part.strip():
                continue
            match = _LINK.match(part)
            cause = effect = None
            if match is not None:
                cause = position.get(int(match[1]) - 1)
                effect = position.get(int(match[2]) - 1)
            if cause is None or effect is None:
                self.add_error("links", _("'%(part)s' does not join two filled-in measure rows "
                                          "(write 1→3).") % {"part": part.strip()})
                return None
            pairs.append((cause, effect))
        return pairs


@dataclass
class GoalForms:
    """The goal form with its lists of metrics and milestones, read together."""

    paradigm: str
    form: GoalForm
    metrics: BaseFormSet  # type: ignore[type-arg]
    milestones: BaseFormSet  # type: ignore[type-arg]

    @property
    def row_fields(self) -> tuple[str, ...]:
        return ROW_FIELDS.get(self.paradigm, ())

    @property
    def has_metrics(self) -> bool:
        return self.paradigm != Paradigm.PROJECT

    @property
    def max_rows(self) -> int:
        return ROWS[self.paradigm][1]

    def is_valid(self) -> bool:
        valid = [self.form.is_valid(), self.metrics.is_valid(), self.milestones.is_valid()]
        return all(valid)

    def definition(self) -> tuple[dict[str, Any], dict[str, Rows]] | None:
        """Keyword arguments for the goal services and the rows they describe; None when the
        strategy-map text did not read."""
        data = self.form.cleaned_data
        metric_rows = ([i for i, row in enumerate(self.metrics.forms)
                        if not row.is_blank(self.paradigm)]
                       if self.has_metrics else [])
        milestone_rows = ([i for i, row in enumerate(self.milestones.forms)
                           if not row.is_blank()]
                          if self.paradigm == Paradigm.PROJECT else [])
        values: dict[str, Any] = {
            "period": data["period"], "title": data.get("title") or "",
            "description": data.get("description") or "",
            "weight": (data.get("weight") or "").strip() or "1",
            "due_date": data.get("due_date"),
        }
        if "component" in self.form.fields:
            values["component"] = data.get("component") or ""
        if self.paradigm == Paradigm.OKR:
            values["okr_type"] = data.get("okr_type") or OkrType.COMMITTED
        if self.has_metrics:
            values["metrics"] = [self.metrics.forms[i].spec(self.paradigm)
                                 for i in metric_rows]
        if self.paradigm == Paradigm.PROJECT:
            values["milestones"] = [self.milestones.forms[i].spec()
                                    for i in milestone_rows]
        if self.paradigm == Paradigm.BSC:
            values["perspective_weights"] = self.form.perspective_weights()
            links = self.form.parsed_links(metric_rows)
            if links is None:
                return None
            values["links"] = links
        rows = {"metrics": Rows(self.metrics, metric_rows),
                "milestones": Rows(self.milestones, milestone_rows)}
        return values, rows


def _extra(paradigm: str, filled: int, rows: tuple[int, int]) -> int:
    shown, most = rows
    return max(0, min(most, max(shown, filled + 1 if most > 1 else filled)) - filled)


def goal_forms(paradigm: str, *, data: Any = None, periods: Sequence[Period],
               components: Sequence[SchemeComponent] | None, goal: Goal | None = None,
               period: Period | None = None, links: Sequence[tuple[int, int]] = ()
               ) -> GoalForms:
    """Blank forms (a new goal in `period`), a draft's values, or the posted `data`."""
    initial: dict[str, Any] = {"weight": "1", "period": period.code if period else ""}
    metric_initial: list[dict[str, Any]] = []
    milestone_initial: list[dict[str, Any]] = []
    if goal is not None:
        initial = initial_for_goal(goal, links)
        metric_initial = [initial_for_metric(m) for m in goal.metrics.order_by("order", "pk")]
        milestone_initial = [{"name": m.name, "due": m.due, "weight": _plain(m.weight)}
                             for m in goal.milestones.order_by("order", "due", "pk")]
    metric_rows = ROWS[paradigm]
    # Bound: the posted rows alone (initial values would let an unchanged row count as blank).
    metrics = MetricFormSet(
        data, prefix="metrics", initial=(metric_initial or None) if data is None else None,
        form_kwargs={"use_required_attribute": False})
    if data is None:
        metrics.extra = _extra(paradigm, len(metric_initial), metric_rows)
    milestones = MilestoneFormSet(
        data, prefix="milestones",
        initial=(milestone_initial or None) if data is None else None,
        form_kwargs={"use_required_attribute": False})
    if data is None and paradigm == Paradigm.PROJECT:
        milestones.extra = _extra(paradigm, len(milestone_initial), MILESTONE_ROWS)
    form = GoalForm(data, initial=initial, paradigm=paradigm, periods=periods,
                    components=components)
    return GoalForms(paradigm, form, metrics, milestones)


def _plain(value: Any) -> str:
    return "" if value is None else f"{value.normalize():f}"


def initial_for_goal(goal: Goal, links: Sequence[tuple[int, int]]) -> dict[str, Any]:
    values: dict[str, Any] = {
        "period": goal.period.code, "component": goal.component.key if goal.component else "",
        "title": goal.title, "description": goal.description, "weight": _plain(goal.weight),
        "due_date": goal.due_date, "okr_type": goal.okr_type or OkrType.COMMITTED,
        "links": ", ".join(f"{c + 1}→{e + 1}" for c, e in links),
    }
    for p, name in PERSPECTIVE_FIELDS.items():
        raw = (goal.perspective_weights or {}).get(p)
        values[name] = "" if raw in (None, "") else str(raw)
    return values


def initial_for_metric(metric: Any) -> dict[str, Any]:
    values = {name: _plain(getattr(metric, name)) if name != "confidence" else
              ("" if metric.confidence is None else str(metric.confidence))
              for name in NUMBER_FIELDS}
    values.update({
        "kind": metric.kind, "perspective": metric.perspective, "name": metric.name,
        "unit_label": metric.unit_label, "direction": metric.direction,
        "weight": _plain(metric.weight), "aggregation": metric.aggregation,
    })
    for a in ANCHORS:
        values[f"anchors_{a}"] = (metric.anchors or {}).get(a, "")
    return values
