"""The forms of the reviews pages; the services check the rules and name the field of each
problem, which `core.forms.add_problems` puts back under it."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from flexperf.core.forms import DateInput
from flexperf.goals.models import Period
from flexperf.org.models import Person, Unit
from flexperf.reviews.models import Basis, Evaluation, Potential, default_guidance
from flexperf.reviews.rules import guidance_text
from flexperf.reviews.services.cycles import DATE_FIELDS


def _choices(ratings: Sequence[str]) -> list[tuple[str, str]]:
    return [("", "—"), *((r, r) for r in ratings)]


class CycleForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=40,
                           help_text=_("Letters, digits, - and _, e.g. 2026-annual."))
    name = forms.CharField(label=_("Cycle name"), max_length=200)
    period = forms.ModelChoiceField(label=_("Period"), queryset=Period.objects.all(),
                                    to_field_name="code")
    units = forms.ModelMultipleChoiceField(
        label=_("Units"), queryset=Unit.objects.filter(archived=False).order_by("path"),
        to_field_name="code", help_text=_("Each unit covers the units below it."))
    as_of = forms.DateField(label=_("Scored as of"), required=False, widget=DateInput(),
                            help_text=_("Default: the period's last day."))
    basis = forms.ChoiceField(
        label=_("Scoring basis"), choices=Basis.choices, initial=Basis.FULL, required=False,
        help_text=_("Paced: while a goal's period runs, its targets are where the expected "
                    "path stands on the scoring date, so a mid-year review judges pace."))
    start = forms.DateField(label=_("Self review starts"), required=False, widget=DateInput(),
                            help_text=_("Default today; each phase lasts two weeks unless "
                                        "you give its dates."))
    max_adjustment = forms.DecimalField(label=_("Largest manager adjustment (points)"),
                                        initial=Decimal(10), max_digits=6, decimal_places=2)
    tolerance = forms.DecimalField(label=_("Tolerance (percentage points)"), initial=Decimal(5),
                                   max_digits=5, decimal_places=2)
    guidance = forms.CharField(
        label=_("Guidance distribution"), max_length=500, required=False,
        initial=guidance_text(default_guidance()),
        help_text=_("Groups of ratings and their guided share in percent, highest first: "
                    "guidance for calibration, not a quota."))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["units"].label_from_instance = (  # type: ignore[attr-defined]
            lambda unit: f"{unit.code} · {unit.name}")
        for name in DATE_FIELDS[1:]:
            self.fields[name] = forms.DateField(
                label=str(_field_label(name)), required=False, widget=DateInput())


def _field_label(name: str) -> object:
    from flexperf.reviews.models import Cycle
    return getattr(Cycle._meta.get_field(name), "verbose_name", name)


class SelfReviewForm(forms.Form):
    text = forms.CharField(label=_("Your self review"), max_length=20_000,
                           widget=forms.Textarea(attrs={"rows": 6}))
    rating = forms.ChoiceField(label=_("Your rating of yourself"), choices=())

    def __init__(self, *args: object, ratings: Sequence[str] = (), **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["rating"].choices = _choices(ratings)  # type: ignore[attr-defined]


class ManagerReviewForm(forms.Form):
    text = forms.CharField(label=_("Review"), max_length=20_000,
                           widget=forms.Textarea(attrs={"rows": 6}))
    potential = forms.ChoiceField(label=_("Potential"),
                                  choices=[("", "—"), *Potential.choices])
    adjustment = forms.DecimalField(label=_("Adjustment (points)"), initial=Decimal(0),
                                    max_digits=6, decimal_places=2)
    reason = forms.CharField(label=_("Reason for the adjustment"), required=False,
                             max_length=5_000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: object, limit: Decimal | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if limit is not None:
            self.fields["adjustment"].help_text = _(
                "Between −%(limit)s and +%(limit)s points; a reason is required."
            ) % {"limit": f"{limit.normalize():f}"}


class SessionForm(forms.Form):
    name = forms.CharField(label=_("Session name"), max_length=200)
    units = forms.ModelMultipleChoiceField(
        label=_("Units"), queryset=Unit.objects.none(), to_field_name="code")
    calibrators = forms.ModelMultipleChoiceField(label=_("Calibrators"),
                                                 queryset=Person.objects.none())

    def __init__(self, *args: object, units: object = None, people: object = None,
                 **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if units is not None:
            self.fields["units"].queryset = units  # type: ignore[attr-defined]
        if people is not None:
            self.fields["calibrators"].queryset = people  # type: ignore[attr-defined]
        self.fields["units"].label_from_instance = (  # type: ignore[attr-defined]
            lambda unit: f"{unit.code} · {unit.name}")


class ChangeForm(forms.Form):
    evaluation = forms.TypedChoiceField(label=_("Person"), coerce=int, choices=())
    rating = forms.ChoiceField(label=_("New rating"), choices=())
    reason = forms.CharField(label=_("Why"), max_length=5_000,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: object, evaluations: Sequence[Evaluation] = (),
                 ratings: Sequence[str] = (), **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["evaluation"].choices = [  # type: ignore[attr-defined]
            ("", "—"), *((e.pk, f"{e.person.name} ({e.rating or '—'})") for e in evaluations)]
        self.fields["rating"].choices = _choices(ratings)  # type: ignore[attr-defined]
