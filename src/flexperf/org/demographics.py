"""Demographic groups for fairness reports (incentives) and model cards (predictions)."""

from __future__ import annotations

import datetime as dt

AGE_BANDS = ((25, "<25"), (35, "25–34"), (45, "35–44"), (55, "45–54"))
UNKNOWN = "—"


def age_band(birth_date: dt.date | None, as_of: dt.date) -> str:
    """Age in whole years at `as_of`, in bands: <25, 25–34, 35–44, 45–54, 55+."""
    if birth_date is None:
        return UNKNOWN
    age = as_of.year - birth_date.year - ((as_of.month, as_of.day)
                                           < (birth_date.month, birth_date.day))
    for limit, label in AGE_BANDS:
        if age < limit:
            return label
    return "55+"
