"""The payout engine: plain values in, payout lines with their statements out. No ORM, no clock.

Five kinds of payout (R3):

* short-term bonus = base salary × target bonus % × coefficient(rating, population, level band)
  × company factor × tier short-term weight;
* stage bonus per accepted milestone: "fixed" pays the policy amount per milestone, "weight" pays
  the policy amount × the milestone's weight ÷ the total weight of its goal's milestones;
* project pool shares: the pool split by recorded contribution weights, largest remainder, so
  the shares add up to the pool to the cent;
* long-term pool: vests when the average rating value over the last N periods (this cycle and
  the N − 1 before it) reaches the threshold; pays the policy amount × tier long-term weight;
* micro-rewards: recognition points × conversion rate (0, and the statement says why, when no
  points source is connected).

Each line is quantised to the cent with ROUND_HALF_UP (see :mod:`flexperf.incentives.money`);
totals are sums of lines. Each line carries its statement: sentences as (msgid, values), the
msgids marked for translation and rendered in the reader's language by :func:`render`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from django.utils.translation import gettext, gettext_noop

from flexperf.incentives.money import ZERO, cents, fmt_money, fmt_number, split_largest_remainder
from flexperf.incentives.rules import ANY, PolicyRules

Sentence = tuple[str, dict[str, str]]

# The sentences of statements (msgids; rendered in the reader's language by render).
NO_RATING = gettext_noop("Short-term bonus: there is no final rating for this cycle, so there is "
                         "no short-term bonus.")
NO_SALARY = gettext_noop("Short-term bonus: no base salary is on record, so there is no "
                         "short-term bonus.")
NO_COEFFICIENT = gettext_noop("Short-term bonus: the policy has no coefficient for rating "
                              "%(rating)s, so there is no short-term bonus.")
NO_TARGET = gettext_noop("Short-term bonus: the policy sets no target bonus for level %(level)s, "
                         "so there is no short-term bonus.")
SHORT_TERM = gettext_noop("Base salary %(base)s × target bonus %(pct)s%% × coefficient "
                          "%(coefficient)s (rating %(rating)s, %(population)s, %(band)s) × "
                          "company factor %(factor)s = %(amount)s")
SHORT_TERM_TIER = gettext_noop("Base salary %(base)s × target bonus %(pct)s%% × coefficient "
                               "%(coefficient)s (rating %(rating)s, %(population)s, %(band)s) × "
                               "company factor %(factor)s × %(tier)s tier short-term weight "
                               "%(weight)s = %(amount)s")
STAGE_FIXED = gettext_noop("Stage bonus for the accepted milestone “%(milestone)s” of “%(goal)s”: "
                           "a fixed %(amount)s per milestone.")
STAGE_WEIGHT = gettext_noop("Stage bonus for the accepted milestone “%(milestone)s” of "
                            "“%(goal)s”: %(pool)s × weight %(weight)s ÷ %(total)s (all its "
                            "milestones) = %(amount)s")
POOL_SHARE = gettext_noop("Project pool “%(pool)s” %(amount)s × your contribution weight "
                          "%(weight)s ÷ %(total)s (all members) = %(share)s (shares rounded to "
                          "the cent so they add up to the pool)")
LONG_TERM_TOO_FEW = gettext_noop("Long-term pool: %(found)s of the %(needed)s rated periods it "
                                 "needs are on record, so nothing vests yet.")
LONG_TERM_BELOW = gettext_noop("Long-term pool: the average rating over the last %(n)s periods "
                               "(%(ratings)s) is %(average)s, below the threshold %(threshold)s, "
                               "so nothing vests.")
LONG_TERM_VESTS = gettext_noop("Long-term pool: the average rating over the last %(n)s periods "
                               "(%(ratings)s) is %(average)s, at or above the threshold "
                               "%(threshold)s, so it vests: %(pool)s × %(tier)s tier long-term "
                               "weight %(weight)s = %(amount)s")
MICRO_NO_SOURCE = gettext_noop("Micro-rewards: no recognition points are recorded in flexperf "
                               "yet, so micro-rewards are 0.")
MICRO = gettext_noop("Micro-rewards: %(points)s recognition points × %(rate)s per point = "
                     "%(amount)s")


class Kind(StrEnum):
    SHORT_TERM = "short_term"
    STAGE = "stage"
    POOL = "pool"
    LONG_TERM = "long_term"
    MICRO = "micro"


KIND_ORDER = tuple(Kind)


@dataclass(frozen=True)
class PersonIn:
    person_id: int
    rating: str | None
    population: str  # job family
    level: str
    base_salary: Decimal | None
    salary_currency: str = "CNY"
    company_factor: Decimal = Decimal(1)
    earlier_ratings: tuple[str | None, ...] = ()  # final ratings of earlier cycles, newest first
    points: int | None = None  # None: no recognition points source is connected


@dataclass(frozen=True)
class MilestoneIn:
    person_id: int
    goal_title: str
    name: str
    weight: Decimal
    goal_weight_total: Decimal


@dataclass(frozen=True)
class PoolIn:
    pool_id: int
    name: str
    amount: Decimal
    members: tuple[tuple[int, Decimal], ...]  # (person_id, contribution weight)


@dataclass(frozen=True)
class PayoutLine:
    person_id: int
    kind: Kind
    amount: Decimal
    currency: str
    sentences: tuple[Sentence, ...] = field(default=())
    reference: str = ""  # the pool or milestone the line is for


def compute(rules: PolicyRules, people: Sequence[PersonIn],
            milestones: Iterable[MilestoneIn] = (), pools: Iterable[PoolIn] = ()
            ) -> list[PayoutLine]:
    """Every payout line of a run, person by person in the order given, kinds in KIND_ORDER;
    then the pool shares of pool members who are not among `people` (a pool is always paid out
    in full), by person id."""
    lines: dict[int, list[PayoutLine]] = {p.person_id: [] for p in people}
    for person in people:
        lines[person.person_id].append(short_term(rules, person))
    for milestone in milestones:
        if milestone.person_id in lines:
            lines[milestone.person_id].append(stage_bonus(rules, milestone))
    others: dict[int, list[PayoutLine]] = {}  # pool members who are not in the cycle
    for pool in pools:
        for line in pool_shares(rules, pool):
            (lines if line.person_id in lines else others).setdefault(
                line.person_id, []).append(line)
    for person in people:
        if rules.long_term_amount > 0:
            lines[person.person_id].append(long_term(rules, person))
        lines[person.person_id].append(micro_reward(rules, person))
    return ([line for person in people for line in lines[person.person_id]]
            + [line for pid in sorted(others) for line in others[pid]])


def short_term(rules: PolicyRules, person: PersonIn) -> PayoutLine:
    currency = person.salary_currency

    def nothing(msgid: str, **values: str) -> PayoutLine:
        return PayoutLine(person.person_id, Kind.SHORT_TERM, ZERO, currency,
                          ((msgid, values),))

    if person.rating is None:
        return nothing(NO_RATING)
    if person.base_salary is None:
        return nothing(NO_SALARY)
    band = rules.band_of(person.level)
    coefficient = rules.coefficient(person.rating, person.population, band)
    if coefficient is None:
        return nothing(NO_COEFFICIENT, rating=person.rating)
    pct = rules.target_pct(person.level)
    if pct is None:
        return nothing(NO_TARGET, level=person.level or "—")
    tier = rules.tier_of(person.level, person.population)
    amount = cents(person.base_salary * pct / 100 * coefficient * person.company_factor
                   * tier.short_term)
    values = {"base": fmt_money(person.base_salary, currency), "pct": fmt_number(pct),
              "coefficient": fmt_number(coefficient), "rating": person.rating,
              "population": person.population, "band": person.level if band == ANY else band,
              "factor": fmt_number(person.company_factor),
              "amount": fmt_money(amount, currency)}
    if tier.short_term == 1:
        msgid = SHORT_TERM
    else:
        msgid = SHORT_TERM_TIER
        values |= {"tier": tier.code, "weight": fmt_number(tier.short_term)}
    return PayoutLine(person.person_id, Kind.SHORT_TERM, amount, currency, ((msgid, values),))


def stage_bonus(rules: PolicyRules, milestone: MilestoneIn) -> PayoutLine:
    currency = rules.currency
    values = {"milestone": milestone.name, "goal": milestone.goal_title}
    if rules.stage_mode == "fixed":
        amount = cents(rules.stage_amount)
        sentence = (STAGE_FIXED, values | {"amount": fmt_money(amount, currency)})
    else:
        total = milestone.goal_weight_total
        amount = (cents(rules.stage_amount * milestone.weight / total) if total > 0 else ZERO)
        sentence = (STAGE_WEIGHT,
                    values | {"pool": fmt_money(rules.stage_amount, currency),
                              "weight": fmt_number(milestone.weight),
                              "total": fmt_number(total), "amount": fmt_money(amount, currency)})
    return PayoutLine(milestone.person_id, Kind.STAGE, amount, currency, (sentence,),
                      reference=milestone.name)


def pool_shares(rules: PolicyRules, pool: PoolIn) -> list[PayoutLine]:
    currency = rules.currency
    weights = [w for _pid, w in pool.members]
    shares = split_largest_remainder(pool.amount, weights, [pid for pid, _w in pool.members])
    total = sum(weights, Decimal(0))
    lines = []
    for (pid, weight), share in zip(pool.members, shares, strict=True):
        values = {"pool": pool.name, "amount": fmt_money(pool.amount, currency),
                  "weight": fmt_number(weight), "total": fmt_number(total),
                  "share": fmt_money(share, currency)}
        lines.append(PayoutLine(pid, Kind.POOL, share, currency, ((POOL_SHARE, values),),
                                reference=pool.name))
    return lines


def long_term(rules: PolicyRules, person: PersonIn) -> PayoutLine:
    currency = rules.currency
    needed = rules.long_term_periods
    window = (person.rating, *person.earlier_ratings)[:needed]
    known = [r for r in window if r is not None and r in rules.rating_values]
    if len(known) < needed:
        return PayoutLine(person.person_id, Kind.LONG_TERM, ZERO, currency, (
            (LONG_TERM_TOO_FEW, {"found": str(len(known)), "needed": str(needed)}),))
    numbers = [rules.rating_values[r] for r in known]
    average = sum(numbers, Decimal(0)) / needed
    values = {"ratings": ", ".join(f"{r} = {fmt_number(rules.rating_values[r])}" for r in known),
              "n": str(needed), "average": fmt_number(average.quantize(Decimal("0.01"))),
              "threshold": fmt_number(rules.long_term_threshold)}
    if average < rules.long_term_threshold:
        return PayoutLine(person.person_id, Kind.LONG_TERM, ZERO, currency,
                          ((LONG_TERM_BELOW, values),))
    tier = rules.tier_of(person.level, person.population)
    amount = cents(rules.long_term_amount * tier.long_term)
    values |= {"pool": fmt_money(rules.long_term_amount, currency), "tier": tier.code,
               "weight": fmt_number(tier.long_term), "amount": fmt_money(amount, currency)}
    return PayoutLine(person.person_id, Kind.LONG_TERM, amount, currency,
                      ((LONG_TERM_VESTS, values),))


def micro_reward(rules: PolicyRules, person: PersonIn) -> PayoutLine:
    currency = rules.currency
    if person.points is None:
        return PayoutLine(person.person_id, Kind.MICRO, ZERO, currency,
                          ((MICRO_NO_SOURCE, {}),))
    amount = cents(Decimal(person.points) * rules.micro_rate)
    values = {"points": str(person.points), "rate": fmt_money(rules.micro_rate, currency),
              "amount": fmt_money(amount, currency)}
    return PayoutLine(person.person_id, Kind.MICRO, amount, currency, ((MICRO, values),))


def totals(lines: Iterable[PayoutLine]) -> dict[tuple[int, str], Decimal]:
    """(person, currency) → the sum of their lines: exact, since every line is in cents."""
    out: dict[tuple[int, str], Decimal] = {}
    for line in lines:
        key = (line.person_id, line.currency)
        out[key] = out.get(key, ZERO) + line.amount
    return out


def render(sentences: Iterable[Sequence[object]]) -> list[str]:
    """A statement's sentences in the active language."""
    out = []
    for msgid, values in sentences:
        out.append(_fill(gettext(str(msgid)), values) or _fill(str(msgid), values) or str(msgid))
    return out


def _fill(text: str, values: object) -> str | None:
    """The sentence with its numbers, or None if a (translated) text does not fit them."""
    try:
        return (text % values if isinstance(values, Mapping) and values
                else text.replace("%%", "%"))
    except (KeyError, ValueError, TypeError):
        return None
