"""What a prediction is, for every caller (insights, pages, API): a calibrated probability, its
band, and the reasons behind it (the contract in `.i18n-fragments/CONTRACT.md`)."""

from __future__ import annotations

from dataclasses import dataclass

BANDS = ("low", "medium", "high")

# A probability below MEDIUM is "low", below HIGH "medium", else "high". The same cut points for
# every model, so a band means the same thing on every page:
#   attrition — "high" is a coin flip or worse that the person leaves within the horizon;
#   project delay / target miss — "high" means the goal misses more often than not.
MEDIUM = 0.25
HIGH = 0.5


def band_of(probability: float, *, medium: float = MEDIUM, high: float = HIGH) -> str:
    if probability >= high:
        return "high"
    if probability >= medium:
        return "medium"
    return "low"


@dataclass(frozen=True)
class Reason:
    """One reason behind a prediction: the feature, its label for people, how much it moved the
    prediction (log-odds for the attrition model, probability points for the engines: positive
    raises the risk), and the person's or goal's value (None when not a number)."""

    feature: str
    label: str
    contribution: float
    value: float | None


@dataclass(frozen=True)
class Prediction:
    probability: float
    band: str  # "low" | "medium" | "high"
    reasons: tuple[Reason, ...]
    model_version: str
