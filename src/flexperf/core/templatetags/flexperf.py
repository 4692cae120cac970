"""Small presentation helpers for the templates: names in the reader's language, age bands."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext, pgettext

from flexperf.core import clock

register = template.Library()


def _english() -> bool:
    return (get_language() or "").startswith("en")


@register.filter
def local_name(obj: Any) -> str:
    """A unit's, company's or position's name in the reader's language when it has one."""
    if obj is None:
        return ""
    native = getattr(obj, "name", None) or getattr(obj, "title", "") or str(obj)
    english = getattr(obj, "name_en", None) or getattr(obj, "title_en", None)
    return str(english) if english and _english() else str(native)


@register.filter
def person_name(person: Any) -> str:
    """Chinese name, with the English name beside it for English readers."""
    if person is None:
        return ""
    if _english() and person.name_en and person.name_en != person.name:
        return f"{person.name} · {person.name_en}"
    return str(person.name)


@register.filter
def age_band(birth_date: dt.date | None) -> str:
    """Ten-year band ("30–39"): enough for fairness reports, less than an exact age."""
    if birth_date is None:
        return ""
    today = clock.today()
    age = today.year - birth_date.year - ((today.month, today.day) < (birth_date.month,
                                                                       birth_date.day))
    low = age // 10 * 10
    return f"{low}–{low + 9}"


@register.filter
def contains(collection: Any, item: Any) -> bool:
    try:
        return item in collection
    except TypeError:
        return False


@register.simple_tag
def unit_row(node: Any, directory_url: str) -> SafeString:
    """One unit of the org chart. Written in Python, not an included template: the chart has
    a row per unit, hundreds in a large group, and an include per row took most of the page's
    time."""
    unit = node.unit
    head = (format_html(' <span class="unit-head muted">{}</span>',
                        gettext("Head: %(name)s") % {"name": unit.head.name})
            if unit.head_id is not None else "")
    return format_html(
        '<span class="unit-row" data-unit="{code}"><a class="unit-name" href="{url}?unit={pk}">'
        '{name}</a> <span class="badge badge-{segment}">{segment_label}</span>{head} '
        '<span class="unit-count" title="{title}"><span data-headcount>{count}</span> '
        '{people}</span></span>',
        code=unit.code, url=directory_url, pk=unit.pk, name=local_name(unit),
        segment=unit.segment, segment_label=unit.get_segment_display(), head=head,
        title=gettext("Active people in this unit and below it"), count=node.headcount,
        people=pgettext("count", "people"),
    )


@register.inclusion_tag("core/_icon.html")
def icon(name: str, label: str = "") -> dict[str, str]:
    return {"name": name, "label": label}


# --- numbers ------------------------------------------------------------------------------


@register.filter
def points(value: float | None) -> str:
    """Engine points to one decimal ("92.8"); a dash when there are none."""
    if value is None or not math.isfinite(value):
        return "—"
    return f"{value:.1f}"


@register.filter
def percent(share: float | None) -> str:
    """A share 0–1 as a whole percentage ("52%"); a dash when unknown."""
    if share is None or not math.isfinite(share):
        return "—"
    return f"{share * 100:.0f}%"


@register.filter
def bar(share: float | None) -> str:
    """A share 0–1 as a bar length on a 0–100 scale (for inline SVG), clamped."""
    if share is None or not math.isfinite(share):
        return "0"
    return f"{min(max(share, 0.0), 1.0) * 100:.1f}"


@register.filter
def plain(value: Decimal | float | int | str | None) -> str:
    """A stored number as people write it: 100.0000 → "100", 95.5000 → "95.5"."""
    if value is None or value == "":
        return "—"
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (ArithmeticError, ValueError):
        return str(value)
    if not number.is_finite():
        return str(value)
    text = f"{number.normalize():f}"
    return "0" if text in {"-0", ""} else text


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """`mapping[key]` in a template (None when missing)."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def local_label(obj: Any) -> str:
    """A scheme component's label in the reader's language when it has one."""
    if obj is None:
        return ""
    english = getattr(obj, "label_en", "")
    return str(english) if english and _english() else str(getattr(obj, "label", obj))


@register.filter
def field(form: Any, name: str) -> Any:
    """A form's bound field by a name held in a variable: `{{ form|field:name }}`."""
    return form[name]
