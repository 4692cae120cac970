"""An incentive policy version's rules as plain values, read from (and written to) the JSON a
policy version stores; every problem is named by its path in that JSON (422 names the field).

Shape of the JSON::

    {"currency": "CNY",
     "level_bands": [{"code": "P5–P6", "levels": ["P5", "P6"]}, …],
     "coefficients": [{"population": "sales", "band": "P5–P6",
                       "ratings": {"S": "1.5", "A": "1.2", "B": "1.0", "C": "0.5", "D": "0"}},
                      {"population": "*", "band": "*", "ratings": {…}}],      # "*": any
     "target_bonus_pct": {"P5": "15", "*": "10"},                             # per level
     "stage_bonus": {"mode": "weight" | "fixed", "amount": "6000"},
     "long_term": {"periods": 2, "threshold": "3.5", "amount": "20000",
                   "rating_values": {"S": 5, "A": 4, "B": 3, "C": 2, "D": 1}},
     "micro": {"rate": "0.50"},                                    # currency per point
     "tiers": [{"code": "executive", "levels": ["M4", "M5"], "job_families": [],
                "short_term": "0.6", "long_term": "1.4"}, …],
     "top_ratings": ["S", "A"]}

Tiered linkage (the exact formula): a person's tier is the first tier whose levels (empty: any)
and job families (empty: any) both match, else the standard tier (1, 1). The tier's two weights
w_s and w_l add up to 2, so a tier shifts the mix without changing its sum:
short-term bonus = base × target % × coefficient × company factor × w_s, and the vested long-term
amount is the policy's amount × w_l. Project pools and stage bonuses are not weighted (a pool is
split exactly as contributed).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from flexperf.core.errors import Problem, ServiceError

ANY = "*"
STAGE_MODES = ("weight", "fixed")
ONE = Decimal(1)
TWO = Decimal(2)


@dataclass(frozen=True)
class Tier:
    code: str
    levels: frozenset[str] = frozenset()
    job_families: frozenset[str] = frozenset()
    short_term: Decimal = ONE
    long_term: Decimal = ONE

    def matches(self, level: str, job_family: str) -> bool:
        return ((not self.levels or level in self.levels)
                and (not self.job_families or job_family in self.job_families))


STANDARD_TIER = Tier("standard")


@dataclass(frozen=True)
class PolicyRules:
    currency: str = "CNY"
    level_bands: tuple[tuple[str, frozenset[str]], ...] = ()
    # (population, band) → rating → coefficient; "*" matches any population or band.
    coefficients: Mapping[tuple[str, str], Mapping[str, Decimal]] = field(default_factory=dict)
    target_bonus_pct: Mapping[str, Decimal] = field(default_factory=dict)
    stage_mode: str = "fixed"
    stage_amount: Decimal = Decimal(0)
    long_term_periods: int = 1
    long_term_threshold: Decimal = Decimal(0)
    long_term_amount: Decimal = Decimal(0)
    rating_values: Mapping[str, Decimal] = field(default_factory=dict)
    micro_rate: Decimal = Decimal(0)
    tiers: tuple[Tier, ...] = ()
    top_ratings: frozenset[str] = frozenset({"S", "A"})

    def band_of(self, level: str) -> str:
        for code, levels in self.level_bands:
            if level in levels:
                return code
        return ANY

    def coefficient(self, rating: str, population: str, band: str) -> Decimal | None:
        for key in ((population, band), (population, ANY), (ANY, band), (ANY, ANY)):
            table = self.coefficients.get(key)
            if table is not None:
                return table.get(rating)
        return None

    def target_pct(self, level: str) -> Decimal | None:
        return self.target_bonus_pct.get(level, self.target_bonus_pct.get(ANY))

    def tier_of(self, level: str, job_family: str) -> Tier:
        for tier in self.tiers:
            if tier.matches(level, job_family):
                return tier
        return STANDARD_TIER


class _Reader:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def decimal(self, value: Any, where: str, *, minimum: Decimal | None = Decimal(0),
                maximum: Decimal | None = None) -> Decimal:
        try:
            number = Decimal(str(value))
            if not number.is_finite():
                raise InvalidOperation
        except (InvalidOperation, ValueError, TypeError):
            self.problems.append(Problem(where, _("Must be a number.")))
            return Decimal(0)
        if minimum is not None and number < minimum:
            self.problems.append(Problem(where, _("Must be at least %(min)s.")
                                         % {"min": minimum}))
        if maximum is not None and number > maximum:
            self.problems.append(Problem(where, _("Must be at most %(max)s.")
                                         % {"max": maximum}))
        return number

    def mapping(self, value: Any, where: str) -> Mapping[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            self.problems.append(Problem(where, _("Must be an object.")))
            return {}
        return value

    def items(self, value: Any, where: str) -> Sequence[Any]:
        if value is None:
            return ()
        if not isinstance(value, list | tuple):
            self.problems.append(Problem(where, _("Must be a list.")))
            return ()
        return value

    def strings(self, value: Any, where: str) -> frozenset[str]:
        return frozenset(str(v).strip() for v in self.items(value, where) if str(v).strip())


def parse_rules(raw: Mapping[str, Any]) -> PolicyRules:
    """The rules of a policy version, or ServiceError naming every bad field."""
    r = _Reader()
    currency = str(raw.get("currency") or "CNY").strip().upper()
    if len(currency) != 3 or not currency.isalpha():
        r.problems.append(Problem("currency", _("Give a three-letter currency code (CNY).")))
    bands: list[tuple[str, frozenset[str]]] = []
    for i, band in enumerate(r.items(raw.get("level_bands"), "level_bands")):
        band = r.mapping(band, f"level_bands.{i}")
        code = str(band.get("code", "")).strip()
        if not code:
            r.problems.append(Problem(f"level_bands.{i}.code", _("Name the band.")))
        bands.append((code, r.strings(band.get("levels"), f"level_bands.{i}.levels")))
    band_codes = {code for code, _levels in bands} | {ANY}
    coefficients: dict[tuple[str, str], dict[str, Decimal]] = {}
    for i, row in enumerate(r.items(raw.get("coefficients"), "coefficients")):
        where = f"coefficients.{i}"
        row = r.mapping(row, where)
        population = str(row.get("population") or ANY).strip()
        band = str(row.get("band") or ANY).strip()
        if band not in band_codes:
            r.problems.append(Problem(f"{where}.band", _("No level band %(band)s.")
                                      % {"band": band}))
        if (population, band) in coefficients:
            r.problems.append(Problem(where, _("This population and band already have a "
                                               "table.")))
        ratings = r.mapping(row.get("ratings"), f"{where}.ratings")
        if not ratings:
            r.problems.append(Problem(f"{where}.ratings", _("Give a coefficient per rating.")))
        coefficients[(population, band)] = {
            str(rating): r.decimal(value, f"{where}.ratings.{rating}", maximum=Decimal(10))
            for rating, value in ratings.items()}
    targets = {str(level): r.decimal(value, f"target_bonus_pct.{level}", maximum=Decimal(500))
               for level, value in r.mapping(raw.get("target_bonus_pct"),
                                             "target_bonus_pct").items()}
    stage = r.mapping(raw.get("stage_bonus"), "stage_bonus")
    mode = str(stage.get("mode") or "fixed")
    if mode not in STAGE_MODES:
        r.problems.append(Problem("stage_bonus.mode", _("Choose weight or fixed.")))
    long_term = r.mapping(raw.get("long_term"), "long_term")
    periods = long_term.get("periods", 1)
    if not isinstance(periods, int) or isinstance(periods, bool) or not 1 <= periods <= 10:
        r.problems.append(Problem("long_term.periods", _("Give a whole number from 1 to 10.")))
        periods = 1
    values = {str(k): r.decimal(v, f"long_term.rating_values.{k}") for k, v in
              r.mapping(long_term.get("rating_values"), "long_term.rating_values").items()}
    tiers = []
    for i, item in enumerate(r.items(raw.get("tiers"), "tiers")):
        where = f"tiers.{i}"
        item = r.mapping(item, where)
        short = r.decimal(item.get("short_term", 1), f"{where}.short_term", maximum=TWO)
        long = r.decimal(item.get("long_term", 1), f"{where}.long_term", maximum=TWO)
        if short + long != TWO:
            r.problems.append(Problem(where, _("The short-term and long-term weights must add "
                                               "up to 2 (they are %(sum)s).")
                                      % {"sum": short + long}))
        tiers.append(Tier(str(item.get("code") or f"tier {i + 1}"),
                          r.strings(item.get("levels"), f"{where}.levels"),
                          r.strings(item.get("job_families"), f"{where}.job_families"),
                          short, long))
    rules = PolicyRules(
        currency=currency, level_bands=tuple(bands), coefficients=coefficients,
        target_bonus_pct=targets, stage_mode=mode,
        stage_amount=r.decimal(stage.get("amount", 0), "stage_bonus.amount"),
        long_term_periods=periods,
        long_term_threshold=r.decimal(long_term.get("threshold", 0), "long_term.threshold"),
        long_term_amount=r.decimal(long_term.get("amount", 0), "long_term.amount"),
        rating_values=values,
        micro_rate=r.decimal(r.mapping(raw.get("micro"), "micro").get("rate", 0), "micro.rate"),
        tiers=tuple(tiers),
        top_ratings=r.strings(raw.get("top_ratings", ["S", "A"]), "top_ratings"),
    )
    if r.problems:
        raise ServiceError(r.problems)
    return rules


EXAMPLE_RULES: dict[str, Any] = {
    "currency": "CNY",
    "level_bands": [{"code": "P1–P4", "levels": ["P1", "P2", "P3", "P4"]},
                    {"code": "P5–P6", "levels": ["P5", "P6"]},
                    {"code": "P7–P8", "levels": ["P7", "P8"]},
                    {"code": "M1–M3", "levels": ["M1", "M2", "M3"]},
                    {"code": "M4–M5", "levels": ["M4", "M5"]}],
    "coefficients": [
        {"population": "sales", "band": "*",
         "ratings": {"S": "1.6", "A": "1.2", "B": "1.0", "C": "0.5", "D": "0"}},
        {"population": "*", "band": "*",
         "ratings": {"S": "1.5", "A": "1.2", "B": "1.0", "C": "0.6", "D": "0"}}],
    "target_bonus_pct": {"P1": "8", "P2": "8", "P3": "10", "P4": "10", "P5": "15", "P6": "15",
                         "P7": "20", "P8": "20", "M1": "15", "M2": "20", "M3": "25",
                         "M4": "30", "M5": "35", "*": "10"},
    "stage_bonus": {"mode": "weight", "amount": "6000"},
    "long_term": {"periods": 2, "threshold": "3.5", "amount": "20000",
                  "rating_values": {"S": 5, "A": 4, "B": 3, "C": 2, "D": 1}},
    "micro": {"rate": "0.50"},
    "tiers": [{"code": "executive", "levels": ["M4", "M5"], "job_families": [],
               "short_term": "0.6", "long_term": "1.4"},
              {"code": "front line", "levels": ["P1", "P2", "P3", "P4"], "job_families": [],
               "short_term": "1.2", "long_term": "0.8"}],
    "top_ratings": ["S", "A"],
}
