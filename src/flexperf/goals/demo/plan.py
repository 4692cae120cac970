"""The shape of the demo group's goal year: periods, which scheme each part of the group uses,
when things happen, and the external series that move the dynamic goals. No randomness.

The story, as of the demo's "today" (30 June 2026, the org demo's AS_OF): goals were set and
confirmed in December, in force from 1 January; measurements arrive monthly; most people are
on track, some at risk, a few off track, and the North China sales region lags behind. Copper
became dearer than planned, so the gross-margin goals of the demo manager's team went under
discussion; North China's order volume fell, so a few revenue targets there were cut in May.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flexperf.org.demo.generator import AS_OF, DEMO_COMPANY_CODE

__all__ = ["AS_OF", "DEMO_COMPANY_CODE"]

YEAR = 2026
TZ = dt.timezone(dt.timedelta(hours=8))  # the group works on Beijing time
SET_AT = dt.datetime(2025, 12, 15, 10, 0, tzinfo=TZ)  # goals drafted
# Goals confirmed by the managers before the year began: version 1, in force from 1 January.
ACTIVATED_AT = dt.datetime(2025, 12, 29, 10, 0, tzinfo=TZ)
ASSIGNED_AT = dt.datetime(2025, 12, 1, 9, 0, tzinfo=TZ)  # schemes attached to the units
PERIOD_CODE = "2026"  # unit and company goals; a person's follow their scheme's review period

DEMO_COMPANIES = ("HXG", "HXS", "HXI")

# Which built-in scheme each part of the group uses, by unit code; units below inherit.
# Sales operations is a service function inside the sales company: it overrides the sales
# scheme (the designer shows where each person's scheme comes from).
SCHEME_BY_UNIT = {
    "HX": "group_strategy",  # the CEO's office; the strategy department inherits it
    "HX-HR": "support_function", "HX-FIN": "support_function", "HX-IT": "support_function",
    "HX-LEG": "support_function", "HX-AUD": "support_function",
    "HXS": "mature_sales",
    "HXS-OPS": "support_function",
    "HX-RND": "innovation_unit", "HXI": "innovation_unit",
    "HX-SVC": "profit_centre",
}

# The division a unit belongs to, by the code of its top unit below the group.
DIVISION_BY_TOP_UNIT = {
    "HX-STR": "strategy", "HX-HR": "hr", "HX-FIN": "finance", "HX-IT": "it",
    "HX-LEG": "legal", "HX-AUD": "audit", "HXS": "sales", "HX-RND": "rnd",
    "HX-SVC": "service", "HXI": "innovation",
}
SALES_OPS_UNIT = "HXS-OPS"
LAGGING_REGION = "HXS-NORTH"  # North China: order volume fell, revenue lags
LAGGING_FACTOR = 0.86


def month_end(month: int, year: int = YEAR) -> dt.date:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


MONTHS = tuple(range(1, AS_OF.month + 1))  # January to June: measured so far
QUARTER_ENDS = tuple(m for m in MONTHS if m % 3 == 0)
# Share of a year's amounts that falls in each month (Chinese New Year in February); half in
# each half year, so a year's linear expected path holds at mid-year.
SEASON = (0.075, 0.065, 0.085, 0.09, 0.09, 0.095, 0.08, 0.08, 0.085, 0.08, 0.08, 0.095)
# Above this many active people the demo is lean, so the largest groups load in time: person
# metrics are measured at quarter ends only (March and June: a quarter's amount for summed
# metrics), and only goals that the dynamic story touches get version 1 (the others' current
# rows are their definition).
FULL_DETAIL_MAX_PEOPLE = 20_000


def entered_at(day: dt.date) -> dt.datetime:
    """When a value for `day` reached flexperf: that evening."""
    return dt.datetime(day.year, day.month, day.day, 18, 0, tzinfo=TZ)


@dataclass(frozen=True)
class Span:
    """A goal's period as its values need it: the months it covers, those measured so far, how
    far along the period each month's end is, and what share of an amount summed over the
    period each measurement carries."""

    code: str
    months: tuple[int, ...]
    measured: tuple[int, ...]
    elapsed: dict[int, float]
    share: dict[int, float]

    @property
    def mean_lift(self) -> float:
        """Lifts a path so the mean of the values so far lands where the latest one would."""
        if not self.measured:
            return 0.0
        mean = sum(self.elapsed[m] for m in self.measured) / len(self.measured)
        return self.elapsed[self.measured[-1]] - mean


def span(code: str, start: dt.date, end: dt.date, measured: tuple[int, ...],
         covered: dict[int, tuple[int, ...]]) -> Span:
    """`measured`: the month ends with a measurement; `covered`: the months each stands for."""
    months = tuple(range(start.month, end.month + 1))
    total = sum(SEASON[m - 1] for m in months)
    mine = tuple(m for m in measured if m in months)
    return Span(code, months, mine,
                {m: (m - months[0] + 1) / len(months) for m in months},
                {m: sum(SEASON[k - 1] for k in covered[m] if k in months) / total
                 for m in mine})


def period_of(kind: str, day: dt.date = AS_OF) -> str:
    """The code of the period of `kind` that holds `day`."""
    return next(code for code, k, start, end in periods() if k == kind and start <= day <= end)


def periods() -> list[tuple[str, str, dt.date, dt.date]]:
    """(code, kind, start, end) of the year, its halves, quarters and months."""
    out = [(str(YEAR), "year", dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31))]
    for half in (1, 2):
        out.append((f"{YEAR}-H{half}", "half", dt.date(YEAR, 6 * half - 5, 1),
                    month_end(6 * half)))
    for quarter in range(1, 5):
        out.append((f"{YEAR}-Q{quarter}", "quarter", dt.date(YEAR, 3 * quarter - 2, 1),
                    month_end(3 * quarter)))
    for month in range(1, 13):
        out.append((f"{YEAR}-{month:02d}", "month", dt.date(YEAR, month, 1), month_end(month)))
    return out


# --- external series: (code, name, English name, unit, description, plan, monthly values
# from July 2025 to June 2026) ---------------------------------------------------------------

SERIES_MONTHS = tuple((2025, m) for m in range(7, 13)) + tuple((YEAR, m) for m in MONTHS)
COPPER = "copper-price"
CSI = "customer-satisfaction"
ORDERS_NORTH = "order-volume-north"
SERIES: tuple[tuple[str, str, str, str, str, float, tuple[float, ...]], ...] = (
    (COPPER, "铜价（长江现货均价）", "Copper price (Changjiang spot average)", "元/吨",
     "Monthly average spot price; the 2026 budget assumed 72,000 yuan per tonne.",
     72_000, (69_800, 70_400, 71_200, 70_900, 71_500, 72_300,
              71_800, 73_500, 76_200, 80_100, 82_400, 83_900)),
    (CSI, "客户满意度指数", "Customer satisfaction index", "分",
     "Quarterly survey of the group's customers, published monthly as a rolling index.",
     82, (82.6, 82.1, 82.9, 83.0, 82.4, 82.2,
          81.5, 80.9, 79.2, 74.6, 74.9, 73.8)),
    (ORDERS_NORTH, "华北大区订单量", "North China order volume", "台",
     "Units ordered by customers of the North China sales region per month.",
     12_000, (12_400, 12_150, 11_900, 12_300, 12_600, 13_100,
              11_600, 10_900, 10_150, 9_700, 11_100, 11_350)),
)

# --- the dynamic-goal story ------------------------------------------------------------------
# Triggers are checked as each month's point is loaded (that evening); they fire when the last
# two points are both beyond the threshold: copper in May (April +11.3 %, May +14.4 %) and
# June, satisfaction in May (April −9.0 %, May −8.7 %) and June, North China's orders in April
# (March −15.4 %, April −19.2 %) and then no more (May −7.5 %, June −5.4 %).

COPPER_THRESHOLD = 10
COPPER_WATCH_THRESHOLD = 20  # the South China branches watch copper too, with more room
COPPER_WATCHERS = 4
ORDERS_THRESHOLD = 12
CSI_THRESHOLD = 8
CONSECUTIVE = 2
NORTH_CUTS = 3  # North China revenue targets cut (approved adjustments); one more rejected
CHECKED_AFTER = dt.timedelta(minutes=5)  # the check runs when the point is loaded
