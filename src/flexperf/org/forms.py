"""Forms of the org pages. They parse and present; the services decide and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from flexperf.core import tree
from flexperf.core.actors import Actor
from flexperf.core.forms import DateInput
from flexperf.org import selectors
from flexperf.org.models import (
    Company,
    Gender,
    JobFamily,
    LeaveReason,
    Person,
    Position,
    Segment,
    Status,
    Unit,
)

MAX_IMPORT_BYTES = 20 * 1024 * 1024


class UnitChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """Units in tree order, indented by depth so the select reads like the org chart."""

    def label_from_instance(self, obj: Unit) -> str:
        return f"{'—' * tree.depth(obj.path)} {obj.name} ({obj.code})".strip()


def unit_choices(actor: Actor, *, include_archived: bool = False) -> QuerySet[Unit]:
    units = selectors.units_visible_to(actor).order_by("path")
    return units if include_archived else units.filter(archived=False)


def unit_options(actor: Actor) -> list[tuple[int, str]]:
    """(id, indented label) of the active units in tree order, for the filter selects. Written
    out by the template itself: rendering hundreds of options through the widget templates
    costs more than the search."""
    rows = unit_choices(actor).values_list("pk", "name", "code", "path")
    return [(pk, f"{'—' * tree.depth(path)} {name} ({code})".strip())
            for pk, name, code, path in rows]


class DirectoryForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=100, required=False)
    unit = UnitChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False,
                           empty_label=_("All units"))

    def __init__(self, actor: Actor, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = unit_choices(actor)  # type: ignore[attr-defined]
        self.fields["q"].widget.attrs.update({
            "placeholder": _("Name, English name, employee number or e-mail"),
            "type": "search", "autocomplete": "off",
        })


class PeopleFilterForm(DirectoryForm):
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Any status")), *Status.choices])


class PersonNumberField(forms.CharField):
    """A colleague picked by employee number (a select of 100,000 names would not load)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)


class _ColleagueMixin:
    """Resolves employee numbers to active colleagues through the directory selector."""

    actor: Actor

    def colleague(self, number: str, current: Person | None) -> Person | None:
        number = number.strip()
        if not number:
            return None
        if current is not None and current.employee_number == number:
            return current  # unchanged, even if no longer active
        found = selectors.directory(self.actor).filter(employee_number=number).first()
        if found is None:
            raise forms.ValidationError(
                _("No active colleague has employee number %(number)s."),
                params={"number": number}, code="unknown")
        return found


class PersonForm(_ColleagueMixin, forms.Form):
    employee_number = forms.CharField(label=_("Employee number"), max_length=32)
    name = forms.CharField(label=_("Name"), max_length=200)
    name_en = forms.CharField(label=_("English name"), max_length=200, required=False)
    email = forms.CharField(label=_("E-mail"), max_length=254, required=False)
    unit = UnitChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    position = forms.CharField(label=_("Position"), max_length=32, required=False,
                               help_text=_("The position's code (positions belong to a unit)."))
    manager = PersonNumberField(label=pgettext_lazy("reporting line", "Manager"),
                                help_text=_("The manager's employee number."))
    job_family = forms.ChoiceField(label=_("Job family"), choices=JobFamily.choices)
    level = forms.CharField(label=_("Level"), max_length=16, required=False)
    location = forms.CharField(label=_("Location"), max_length=100, required=False)
    hire_date = forms.DateField(label=_("Hire date"), widget=DateInput())
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices, initial=Status.ACTIVE)
    leave_date = forms.DateField(label=_("Leave date"), required=False, widget=DateInput())
    leave_reason = forms.ChoiceField(label=_("Leave reason"), required=False,
                                     choices=[("", "—"), *LeaveReason.choices])
    gender = forms.ChoiceField(label=_("Gender"), required=False,
                               choices=[("", "—"), *Gender.choices])
    birth_date = forms.DateField(label=_("Birth date"), required=False, widget=DateInput())

    def __init__(self, actor: Actor, *args: Any, person: Person | None = None,
                 **kwargs: Any) -> None:
        self.actor = actor
        self.person = person
        if person is not None:
            kwargs.setdefault("initial", initial_for_person(person))
        super().__init__(*args, **kwargs)
        units = unit_choices(actor)
        if person is not None:  # a leaver may sit in a unit archived since
            units = units | selectors.units_visible_to(actor).filter(pk=person.unit_id)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]

    def clean_position(self) -> Position | None:
        code = self.cleaned_data["position"].strip()
        if not code:
            return None
        found = selectors.positions_visible_to(self.actor).filter(code=code).first()
        if found is None:
            raise forms.ValidationError(_("No position has the code %(code)s."),
                                        params={"code": code}, code="unknown")
        return found

    def clean_manager(self) -> Person | None:
        current = self.person.manager if self.person is not None else None
        return self.colleague(self.cleaned_data["manager"], current)

    def values(self) -> dict[str, Any]:
        """Keyword arguments for org.services.create_person / update_person."""
        return dict(self.cleaned_data)


def initial_for_person(person: Person) -> dict[str, Any]:
    return {
        "employee_number": person.employee_number, "name": person.name,
        "name_en": person.name_en, "email": person.email, "unit": person.unit_id,
        "position": person.position.code if person.position else "",
        "manager": person.manager.employee_number if person.manager else "",
        "job_family": person.job_family, "level": person.level, "location": person.location,
        "hire_date": person.hire_date, "status": person.status,
        "leave_date": person.leave_date, "leave_reason": person.leave_reason,
        "gender": person.gender, "birth_date": person.birth_date,
    }


class UnitForm(_ColleagueMixin, forms.Form):
    code = forms.CharField(label=_("Code"), max_length=32)
    name = forms.CharField(label=pgettext_lazy("object", "Name"), max_length=200)
    name_en = forms.CharField(label=_("English name"), max_length=200, required=False)
    company = forms.ModelChoiceField(label=_("Company"), queryset=Company.objects.none())
    parent = UnitChoiceField(label=_("Parent unit"), queryset=Unit.objects.none(),
                             required=False, empty_label=_("(top level)"),
                             help_text=_("Choose another parent to move the unit and "
                                         "everything below it."))
    segment = forms.ChoiceField(label=_("Segment"), choices=Segment.choices)
    head = PersonNumberField(label=_("Unit head"), help_text=_("The head's employee number."))

    def __init__(self, actor: Actor, *args: Any, unit: Unit | None = None,
                 **kwargs: Any) -> None:
        self.actor = actor
        self.unit = unit
        if unit is not None:
            kwargs.setdefault("initial", {
                "code": unit.code, "name": unit.name, "name_en": unit.name_en,
                "company": unit.company_id, "parent": unit.parent_id,
                "segment": unit.segment, "head": unit.head.employee_number if unit.head else "",
            })
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = (  # type: ignore[attr-defined]
            selectors.companies_visible_to(actor))
        parents = unit_choices(actor)
        if unit is not None:  # not itself or below itself
            parents = parents.exclude(tree.subtree_q("path", unit.path))
        self.fields["parent"].queryset = parents  # type: ignore[attr-defined]

    def clean_head(self) -> Person | None:
        current = self.unit.head if self.unit is not None else None
        return self.colleague(self.cleaned_data["head"], current)

    def values(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("File"),
                           help_text=_("An XLSX workbook (sheets companies, units, positions, "
                                       "people), a CSV of one of them, or a zip of such CSV "
                                       "files."))
    dry_run = forms.BooleanField(label=_("Dry run: check only, write nothing"), required=False,
                                 initial=True)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if not name.endswith((".xlsx", ".csv", ".zip")):
            raise forms.ValidationError(_("Upload an .xlsx, .csv or .zip file."), code="type")
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than %(mb)d MB."),
                                        params={"mb": MAX_IMPORT_BYTES // (1024 * 1024)},
                                        code="size")
        return upload
