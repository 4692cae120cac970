"""The scheme designer's forms: settings with the rating scale and scoring rules, the components,
a copy of a built-in template, unit assignment."""

from __future__ import annotations

from dataclasses import fields as dataclass_fields
from typing import Any

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from flexperf.core import tree
from flexperf.core.actors import Actor
from flexperf.goals.forms.goal import NUMBER
from flexperf.goals.models import Approver, Cadence, Paradigm, PeriodKind, Scheme
from flexperf.goals.rules import RatingScale, ScoringRules
from flexperf.goals.scheme_templates import TEMPLATES
from flexperf.goals.services.schemes import ComponentSpec
from flexperf.org.forms import unit_choices

RULE_LABELS: dict[str, Any] = {
    "kpi_threshold_points": _("KPI points at the threshold"),
    "kpi_target_points": _("KPI points at the target"),
    "kpi_cap_points": _("KPI points at the stretch (cap)"),
    "project_late_penalty_per_day": _("Project: points off per day late"),
    "project_late_floor": _("Project: floor for a late milestone"),
    "aspirational_on_target": _("OKR: aspirational grade that is on target"),
    "rating_min": _("Lowest rating (behaviour, surveys)"),
    "rating_max": _("Highest rating (behaviour, surveys)"),
}
RULE_NAMES = tuple(f.name for f in dataclass_fields(ScoringRules))
DEFAULTS = ScoringRules()


def _number(label: Any, **attrs: str) -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=40,
                           widget=forms.NumberInput(attrs={**NUMBER, **attrs}))


class SchemeForm(forms.Form):
    """A scheme's settings (and its code, when it is new)."""

    code = forms.CharField(label=_("Code"), max_length=40, required=False,
                           help_text=_("Lower-case letters, digits, - and _; fixed once saved."))
    name = forms.CharField(label=pgettext_lazy("object", "Name"), max_length=200,
                           required=False)
    name_en = forms.CharField(label=_("English name"), max_length=200, required=False)
    description = forms.CharField(label=_("Description"), max_length=5000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    checkin_cadence = forms.ChoiceField(label=_("Check-in cadence"), choices=Cadence.choices)
    review_period = forms.ChoiceField(label=_("Review period"), choices=PeriodKind.choices)
    adjustment_approver = forms.ChoiceField(
        label=_("Adjustments approved by"),
        choices=[(Approver.MANAGER, Approver.MANAGER.label), (Approver.HRBP, Approver.HRBP.label)])
    min_days_between_adjustments = _number(_("Minimum days between adjustments of a goal"),
                                           min="0", step="1")
    max_adjustments_per_period = _number(_("Maximum adjustments of a goal per period"),
                                         min="0", step="1")

    def __init__(self, *args: Any, scheme: Scheme | None = None, **kwargs: Any) -> None:
        if scheme is not None:
            kwargs.setdefault("initial", initial_for_scheme(scheme))
        else:
            kwargs.setdefault("initial", {"checkin_cadence": Cadence.QUARTERLY,
                                          "review_period": PeriodKind.YEAR,
                                          "adjustment_approver": Approver.MANAGER,
                                          "min_days_between_adjustments": "30",
                                          "max_adjustments_per_period": "2"})
        super().__init__(*args, **kwargs)
        self.scheme = scheme
        if scheme is not None:
            del self.fields["code"]
        for name in RULE_NAMES:
            self.fields[f"rule_{name}"] = _number(RULE_LABELS.get(name, name))
            self.fields[f"rule_{name}"].widget.attrs["placeholder"] = \
                f"{getattr(DEFAULTS, name):g}"

    @property
    def setting_fields(self) -> list[forms.BoundField]:
        return [self[n] for n in self.fields if not n.startswith("rule_")]

    @property
    def rule_fields(self) -> list[forms.BoundField]:
        return [self[n] for n in self.fields if n.startswith("rule_")]

    aliases = {f"rules.{name}": f"rule_{name}" for name in RULE_NAMES}

    def settings(self, scale: list[dict[str, Any]]) -> dict[str, Any]:
        """Keyword arguments for create_scheme / update_scheme."""
        data = self.cleaned_data
        values = {name: data.get(name, "") for name in (
            "name", "name_en", "description", "checkin_cadence", "review_period",
            "adjustment_approver", "min_days_between_adjustments",
            "max_adjustments_per_period")}
        values["rules"] = {name: data[f"rule_{name}"].strip() for name in RULE_NAMES
                           if (data.get(f"rule_{name}") or "").strip()}
        values["scale"] = scale
        return values


def initial_for_scheme(scheme: Scheme) -> dict[str, Any]:
    values: dict[str, Any] = {
        "name": scheme.name, "name_en": scheme.name_en, "description": scheme.description,
        "checkin_cadence": scheme.checkin_cadence, "review_period": scheme.review_period,
        "adjustment_approver": scheme.adjustment_approver,
        "min_days_between_adjustments": str(scheme.min_days_between_adjustments),
        "max_adjustments_per_period": str(scheme.max_adjustments_per_period),
    }
    for name, value in (scheme.rules or {}).items():
        values[f"rule_{name}"] = f"{float(value):g}"
    return values


class BandForm(forms.Form):
    """One band of the rating scale: its name and its lowest score (none for the last)."""

    rating = forms.CharField(label=_("Rating"), max_length=12, required=False)
    min = _number(_("From score"))

    def is_blank(self) -> bool:
        return not (self.cleaned_data.get("rating") or "").strip() \
            and not (self.cleaned_data.get("min") or "").strip()

    def band(self) -> dict[str, Any]:
        minimum = (self.cleaned_data.get("min") or "").strip()
        return {"rating": (self.cleaned_data.get("rating") or "").strip(),
                "min": minimum or None}


class ComponentForm(forms.Form):
    key = forms.CharField(label=_("Key"), max_length=40, required=False)
    paradigm = forms.ChoiceField(label=_("Paradigm"), required=False,
                                 choices=[("", "—"), *Paradigm.choices])
    label = forms.CharField(label=_("Label"), max_length=200, required=False)
    label_en = forms.CharField(label=_("English label"), max_length=200, required=False)
    weight = _number(_("Weight"), min="0")
    pay_linked = forms.BooleanField(label=_("Pay-linked"), required=False, initial=True)

    def is_blank(self) -> bool:
        data = self.cleaned_data
        return not any((data.get(n) or "").strip()
                       for n in ("key", "paradigm", "label", "label_en", "weight"))

    def spec(self) -> ComponentSpec:
        data = self.cleaned_data
        return ComponentSpec(key=data.get("key") or "", paradigm=data.get("paradigm") or "",
                             label=data.get("label") or "", label_en=data.get("label_en") or "",
                             weight=(data.get("weight") or "").strip() or None,
                             pay_linked=bool(data.get("pay_linked")))


BandFormSet = formset_factory(BandForm, extra=0, max_num=12, absolute_max=12)
ComponentFormSet = formset_factory(ComponentForm, extra=0, max_num=12, absolute_max=12)


def band_formset(data: Any = None, scheme: Scheme | None = None) -> Any:
    bands = RatingScale.from_json(scheme.scale).to_json() if scheme else RatingScale().to_json()
    initial = [{"rating": b["rating"], "min": "" if b["min"] is None else f"{b['min']:g}"}
               for b in bands]
    # Bound: the posted rows alone (initial values would let an unchanged row count as blank).
    formset = BandFormSet(data, prefix="scale", initial=initial if data is None else None,
                          form_kwargs={"use_required_attribute": False})
    if data is None:
        formset.extra = 2
    return formset


def component_formset(data: Any = None, scheme: Scheme | None = None) -> Any:
    initial = ([{"key": c.key, "paradigm": c.paradigm, "label": c.label,
                 "label_en": c.label_en, "weight": f"{c.weight.normalize():f}",
                 "pay_linked": c.pay_linked}
                for c in scheme.components.order_by("order", "pk")] if scheme else [])
    formset = ComponentFormSet(data, prefix="components",
                               initial=(initial or None) if data is None else None,
                               form_kwargs={"use_required_attribute": False})
    if data is None:
        formset.extra = max(1, 4 - len(initial))
    return formset


class FromTemplateForm(forms.Form):
    template = forms.ChoiceField(label=_("Template"), choices=[
        (t["key"], f"{t['name']} · {t['name_en']}") for t in TEMPLATES])
    code = forms.CharField(label=_("Code of the new scheme"), max_length=40, required=False,
                           help_text=_("Lower-case letters, digits, - and _."))
    name = forms.CharField(label=_("Name (optional)"), max_length=200, required=False)


class AssignForm(forms.Form):
    unit = forms.TypedChoiceField(label=_("Unit"), coerce=int)

    def __init__(self, actor: Actor, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = list(unit_choices(actor))
        if not actor.is_hr_admin:  # HR business partners assign within their units
            units = [u for u in units
                     if any(tree.is_within(u.path, p) for p in actor.hrbp_unit_paths)]
        self.fields["unit"].choices = [  # type: ignore[attr-defined]
            (u.pk, f"{'—' * tree.depth(u.path)} {u.name} ({u.code})".strip()) for u in units]
