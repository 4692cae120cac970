"""The one check that weights which must sum to a total do (scheme components: 100)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.utils.translation import gettext as _

from flexperf.core.errors import Problem

TOLERANCE = Decimal("0.01")


def check_weights(weights: Sequence[Decimal | int | float], *, field: str,
                  total: Decimal | int = 100) -> list[Problem]:
    """Problems if any weight is not positive or the weights do not add up to `total`."""
    problems: list[Problem] = []
    values = [Decimal(str(w)) for w in weights]
    if not values:
        return [Problem(field, _("Add at least one part with a weight."))]
    bad = [i + 1 for i, w in enumerate(values) if w <= 0]
    if bad:
        problems.append(Problem(field, _("Weights must be greater than 0 (part %(parts)s).")
                                % {"parts": ", ".join(map(str, bad))}))
    found = sum(values, Decimal(0))
    if abs(found - Decimal(total)) > TOLERANCE:
        problems.append(Problem(field, _("Weights add up to %(found)s; they must add up to "
                                         "%(total)s.") % {"found": f"{found.normalize():f}",
                                                          "total": total}))
    return problems
