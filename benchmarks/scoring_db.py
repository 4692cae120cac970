"""Scoring a period from the database for 10,000 people, next to the time of merely reading the
same rows with the same queries (`evaluation.load_rows`): the ratio is the figure (target under
3×).

The demo group (10,000 person records) gets schemes by segment, a year period and eight active
goals per person spread over their scheme's components (KPI: 1 metric; OKR: 3 key results;
scorecard: 4 measures; project: 4 milestones; service: 2 SLAs and a survey; behaviour: 3
indicators), three measurements per metric (ratings and survey answers for the rated ones) and,
for 1 % of goals, a version approved after the period (so the definition in force is used).
All rows are written with plain multi-row INSERTs into a temporary SQLite database.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import time
from decimal import Decimal
from typing import Any

from benchmarks.common import Report, emit, run_child, setup_django

SIZE, QUICK_SIZE = 10_000, 1_000
GOALS_PER_PERSON = 8
REPEATS = 3
TARGET_RATIO = 3.0
YEAR = 2026
QUARTER_ENDS = (dt.date(YEAR, 3, 31), dt.date(YEAR, 6, 30), dt.date(YEAR, 9, 30))
SCHEME_OF_SEGMENT = {"mature": "mature_sales", "growth": "profit_centre",
                     "innovation": "innovation_unit", "support": "support_function"}


def run(quick: bool = False) -> Report:
    report = Report("scoring_db")
    size = QUICK_SIZE if quick else SIZE
    child = run_child("benchmarks.scoring_db", "--child", str(size))
    report.details = child
    read, scored = child["read"]["median"], child["score"]["median"]
    counts = child["counts"]
    report.add(f"read the rows of {child['people']:,} people (median of {REPEATS})", read, "s",
               f"{counts['goals']:,} goals, {counts['metrics']:,} metrics, "
               f"{counts['milestones']:,} milestones")
    report.add(f"score the period for {child['people']:,} people (median of {REPEATS})",
               scored, "s", f"mean score {child['mean_score']:.1f}")
    report.add("  ratio score / read", scored / read, "×",
               f"target under {TARGET_RATIO:.0f}×")
    report.add("  of which rows → engine → results", child["evaluate"]["median"], "s")
    report.add("writing the rows (plain INSERTs, not timed above)", child["setup_seconds"], "s",
               f"{counts['measurements']:,} measurements")
    return report


def _insert(model: Any, rows: list[dict[str, Any]]) -> None:
    """Plain INSERTs of many rows (explicit ids; unset columns take the field's default) —
    far faster than building model instances for bulk_create."""
    import json

    from django.db import connection

    fields = model._meta.concrete_fields
    defaults = {f.attname: f.get_default() for f in fields}
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    table = connection.ops.quote_name(model._meta.db_table)
    # Names come from the model's own metadata, never from input.
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608

    def plain(value: Any) -> Any:
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, dt.date | dt.datetime):
            return value.isoformat()
        if isinstance(value, dict):
            return json.dumps(value)
        return value

    with connection.cursor() as cursor:
        for first in range(0, len(rows), 5000):
            cursor.executemany(sql, [[plain(row.get(f.attname, defaults[f.attname]))
                                      for f in fields] for row in rows[first:first + 5000]])


def _generate(size: int, rng: random.Random) -> dict[str, int]:
    """Goals, metrics, milestones, measurements and versions for everyone."""
    from django.db import transaction

    from flexperf.goals import versioning
    from flexperf.goals.models import (
        Goal,
        Measurement,
        Metric,
        Milestone,
        Period,
        Scheme,
        SchemeAssignment,
        SchemeComponent,
    )
    from flexperf.goals.selectors.schemes import schemes_for_units
    from flexperf.org.models import Person, Unit

    with transaction.atomic():
        period = Period.objects.create(code=str(YEAR), kind="year", start=dt.date(YEAR, 1, 1),
                                       end=dt.date(YEAR, 12, 31))
        schemes = {s.code: s for s in Scheme.objects.all()}
        roots = [u for u in Unit.objects.select_related("parent")
                 if u.parent is None or u.parent.segment != u.segment]
        SchemeAssignment.objects.bulk_create([
            SchemeAssignment(unit=u, scheme=schemes[SCHEME_OF_SEGMENT.get(u.segment,
                                                                          "profit_centre")])
            for u in roots])
        people = list(Person.objects.values_list("pk", "unit__path"))
        resolved = schemes_for_units({path for _pk, path in people})
        components: dict[int, list[SchemeComponent]] = {}
        for component in SchemeComponent.objects.order_by("order", "pk"):
            components.setdefault(component.scheme_id, []).append(component)

        goals: list[dict[str, Any]] = []
        metrics: list[dict[str, Any]] = []
        milestones: list[dict[str, Any]] = []
        measurements: list[dict[str, Any]] = []
        for pk, path in people:
            parts = components[resolved[path].pk]
            for i in range(GOALS_PER_PERSON):
                component = parts[i % len(parts)]
                goal = {"id": len(goals) + 1, "period_id": period.pk,
                        "paradigm": component.paradigm, "owner_kind": "person",
                        "person_id": pk, "component_id": component.pk,
                        "title": f"{component.paradigm} {i + 1}",
                        "weight": Decimal(rng.randint(1, 3)), "status": "active", "version": 1,
                        "okr_type": "aspirational" if component.paradigm == "okr" else "",
                        "perspective_weights": ({"financial": 40, "customer": 30,
                                                 "internal_process": 20, "learning_growth": 10}
                                                if component.paradigm == "bsc" else {})}
                goals.append(goal)
                for metric in _metrics(goal, rng):
                    metric["id"] = len(metrics) + 1
                    metrics.append(metric)
                    measurements += _measurements(metric, rng)
                if goal["paradigm"] == "project":
                    milestones += _milestones(goal, len(milestones), rng)
        for k, row in enumerate(measurements):
            row["id"] = k + 1
        _insert(Goal, goals)
        _insert(Metric, metrics)
        _insert(Milestone, milestones)
        _insert(Measurement, measurements)

        # 1 % of goals: version 1 from the start, version 2 (a higher target) after the period.
        changed = list(Goal.objects.filter(pk__in=[g["id"] for g in goals[::100]]))
        for goal in changed:
            versioning.record_version(goal, effective_from=period.start, reason="activated",
                                      created_by="benchmark")
            Metric.objects.filter(goal=goal, kind="kpi").update(target=Decimal(1000))
            versioning.record_version(goal, effective_from=dt.date(YEAR + 1, 1, 15),
                                      reason="adjusted", created_by="benchmark")
    return {"people": len(people), "goals": len(goals), "metrics": len(metrics),
            "milestones": len(milestones), "measurements": len(measurements),
            "changed_after_period": len(changed)}


def _metrics(goal: dict[str, Any], rng: random.Random) -> list[dict[str, Any]]:
    def curve(kind: str, name: str, perspective: str = "", lower: bool = False
              ) -> dict[str, Any]:
        target = Decimal(rng.randint(50, 150))
        factor = Decimal("0.8") if not lower else Decimal("1.2")
        return {"goal_id": goal["id"], "kind": kind, "name": name,
                "direction": "lower" if lower else "higher", "threshold": target * factor,
                "target": target,
                "stretch": target * (2 - factor) if rng.random() < 0.8 else None,
                "perspective": perspective,
                "aggregation": "sum" if rng.random() < 0.2 else "last"}

    def rated(kind: str, name: str) -> dict[str, Any]:
        return {"goal_id": goal["id"], "kind": kind, "name": name, "aggregation": "mean"}

    paradigm = goal["paradigm"]
    if paradigm == "kpi":
        return [curve("kpi", "营业收入", lower=rng.random() < 0.2)]
    if paradigm == "okr":
        return [{"goal_id": goal["id"], "kind": "key_result", "name": f"KR{k}",
                 "start": Decimal(0), "target": Decimal(rng.randint(5, 20)), "order": k}
                for k in range(3)]
    if paradigm == "bsc":
        return [curve("bsc_measure", p, perspective=p)
                for p in ("financial", "customer", "internal_process", "learning_growth")]
    if paradigm == "service":
        return [curve("sla", "工单按时率"), curve("sla", "首次解决率"),
                rated("csat", "内部客户满意度")]
    if paradigm == "behaviour":
        return [rated("behaviour", name) for name in ("协作", "担当", "学习")]
    return []


def _measurements(metric: dict[str, Any], rng: random.Random) -> list[dict[str, Any]]:
    """A value at each quarter's end (5 % missing); ratings 1–5 for the rated kinds."""
    rated = metric["kind"] in ("csat", "behaviour")
    rows = []
    for on in QUARTER_ENDS:
        if rng.random() < 0.05:
            continue
        value = (Decimal(rng.randint(1, 5)) if rated else
                 metric.get("target", Decimal(100)) * Decimal(rng.randint(60, 140)) / 100)
        rows.append({"metric_id": metric["id"], "on": on, "value": value, "source": "import"})
    return rows


def _milestones(goal: dict[str, Any], first: int, rng: random.Random) -> list[dict[str, Any]]:
    rows = []
    for k, due in enumerate((dt.date(YEAR, 3, 31), dt.date(YEAR, 6, 30),
                             dt.date(YEAR, 9, 30), dt.date(YEAR, 12, 31))):
        accepted = due + dt.timedelta(days=rng.randint(-3, 20)) if rng.random() < 0.7 else None
        rows.append({"id": first + k + 1, "goal_id": goal["id"], "name": f"M{k + 1}", "due": due,
                     "weight": Decimal(rng.randint(1, 2)),
                     "accepted_on": accepted if accepted and accepted.year == YEAR else None,
                     "order": k})
    return rows


def child(size: int) -> None:
    setup_django()
    from flexperf.core.actors import Actor
    from flexperf.goals import evaluation
    from flexperf.goals.evaluation.assembly import evaluate
    from flexperf.goals.models import Period
    from flexperf.org.demo import loader

    actor = Actor.system(username="benchmark")
    loader.load_demo(actor=actor, size=size)
    started = time.perf_counter()
    counts = _generate(size, random.Random(7))
    setup_seconds = time.perf_counter() - started
    period = Period.objects.get(code=str(YEAR))
    as_of = period.end

    def read() -> Any:
        people, goals = evaluation.period_scope(actor, period)
        return evaluation.load_rows(period, as_of, goals=goals, people=people)

    read()
    evaluation.score_period(actor, period, as_of=as_of)  # warm-up
    read_s, score_s, evaluate_s = [], [], []
    result = None
    for _ in range(REPEATS):
        started = time.perf_counter()
        rows = read()
        read_s.append(time.perf_counter() - started)
        started = time.perf_counter()
        evaluate(rows)
        evaluate_s.append(time.perf_counter() - started)
        started = time.perf_counter()
        result = evaluation.score_period(actor, period, as_of=as_of)
        score_s.append(time.perf_counter() - started)
    assert result is not None
    scores = [p.score for p in result.people if p.score is not None]
    emit({
        "people": len(result.people), "counts": counts, "setup_seconds": setup_seconds,
        "read": {"seconds": read_s, "median": statistics.median(read_s)},
        "evaluate": {"seconds": evaluate_s, "median": statistics.median(evaluate_s)},
        "score": {"seconds": score_s, "median": statistics.median(score_s)},
        "mean_score": sum(scores) / len(scores),
        "missing_components": sum(len(p.missing) for p in result.people),
    })


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", type=int, required=True)
    child(parser.parse_args().child)
