from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Paradigm(models.TextChoices):
    KPI = "kpi", _("KPI")
    OKR = "okr", _("OKR")
    BSC = "bsc", _("Balanced Scorecard")
    PROJECT = "project", _("Project")
    SERVICE = "service", _("Service quality")
    BEHAVIOUR = "behaviour", _("Behaviour / competency")


class MetricKind(models.TextChoices):
    """What a metric measures, which decides how it scores."""

    KPI = "kpi", _("KPI")                          # KPI curve
    KEY_RESULT = "key_result", _("Key result")     # OKR grade
    BSC_MEASURE = "bsc_measure", _("Scorecard measure")  # KPI curve, grouped by perspective
    SLA = "sla", _("Service level")                # KPI curve
    CSAT = "csat", _("Internal-customer satisfaction")   # survey 1–5
    BEHAVIOUR = "behaviour", _("Behavioural indicator")  # rating 1–5


# Which metric kinds a paradigm's goal may hold.
PARADIGM_METRICS: dict[str, tuple[str, ...]] = {
    Paradigm.KPI: (MetricKind.KPI,),
    Paradigm.OKR: (MetricKind.KEY_RESULT,),
    Paradigm.BSC: (MetricKind.BSC_MEASURE,),
    Paradigm.PROJECT: (),
    Paradigm.SERVICE: (MetricKind.SLA, MetricKind.CSAT),
    Paradigm.BEHAVIOUR: (MetricKind.BEHAVIOUR,),
}


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class Perspective(models.TextChoices):
    FINANCIAL = "financial", _("Financial")
    CUSTOMER = "customer", _("Customer")
    INTERNAL_PROCESS = "internal_process", _("Internal process")
    LEARNING_GROWTH = "learning_growth", _("Learning & growth")


class Aggregation(models.TextChoices):
    LAST = "last", _("Latest value")
    SUM = "sum", _("Sum over the period")
    MEAN = "mean", _("Mean over the period")


class Cadence(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")


class PeriodKind(models.TextChoices):
    YEAR = "year", _("Year")
    HALF = "half", _("Half year")
    QUARTER = "quarter", _("Quarter")
    MONTH = "month", _("Month")


class OwnerKind(models.TextChoices):
    PERSON = "person", _("Person")
    UNIT = "unit", _("Unit")
    COMPANY = "company", _("Company")


class GoalStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    UNDER_DISCUSSION = "under_discussion", _("Under discussion")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class OkrType(models.TextChoices):
    COMMITTED = "committed", _("Committed")
    ASPIRATIONAL = "aspirational", _("Aspirational")


class MeasurementSource(models.TextChoices):
    MANUAL = "manual", _("Manual")
    IMPORT = "import", _("Import")
    SIGNAL = "signal", _("Data source")
    CHECKIN = "checkin", _("Check-in")
    RATING = "rating", _("Rating")
    SURVEY = "survey", _("Survey")


class Approver(models.TextChoices):
    MANAGER = "manager", _("Manager")
    HRBP = "hrbp", _("HR business partner")
    HR = "hr", _("HR (beyond the adjustment guard)")


class AdjustmentStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")


class AdjustmentKind(models.TextChoices):
    CHANGE = "change", _("Change")
    WITHDRAW = "withdraw", _("Withdraw")
