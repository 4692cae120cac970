"""Leaderboards for 100,000 people with about a million ledger entries.

In a fresh embedded database (SQLite), untimed: one company, 100 units, 100,000 people
(1,000 managers with 99 reports each under one chief) and 500,000 points grants spread over
a year (1,000,000 ledger entries: a pool leg and a person leg each), written by bulk insert
(executemany) straight into recognition's tables (the benchmark only; the product writes
through recognition's services, which keep the earned-points rollup in step), then the rollup
rebuilt from the entries with recognition's rebuild_earned_totals, plus 1 % of the people
opted out of leaderboards. Timed: the pure ranking function over 100,000 people; the company
board for the year and for a month as an employee (top 20 from the rollup's index, people
ranked, the employee's rank); a team board (one manager's 99 reports).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time

import numpy as np

from benchmarks.common import Report, emit, percentile, run_child, setup_django, timed

SIZE, QUICK_SIZE = 100_000, 10_000
GRANTS_PER_PERSON = 5
SEED = 11


def run(quick: bool = False) -> Report:
    report = Report("leaderboard")
    size = QUICK_SIZE if quick else SIZE
    child = run_child("benchmarks.leaderboard", "--child", str(size))
    report.details = child
    people, entries = child["people"], child["entries"]
    for key, label in (("rank", f"ranking function alone, {people:,} people, top 20"),
                       ("company", f"company board (year), {people:,} people, "
                                   f"{entries:,} ledger entries"),
                       ("company_month", "company board (June), same ledger"),
                       ("team", "team board (99 reports), same ledger")):
        figures = child[key]
        report.add(f"{label}: p50", figures["p50"], "ms", f"p95 {figures['p95']:.1f} ms")
    report.add("setup: people and ledger by bulk insert (not timed above)",
               child["setup_seconds"], "s")
    report.add("setup: earned-points rollup rebuilt from the ledger (included above)",
               child["rebuild_seconds"], "s", f"{child['rollup_rows']:,} rows")
    return report


def _build(size: int) -> tuple[int, int, list[int], float, int]:
    from django.db import connection, transaction

    from flexperf.achievements.models import PersonSettings
    from flexperf.core import tree
    from flexperf.org.models import Company, Person, Unit
    from flexperf.recognition.models import Account, Entry, Txn
    from flexperf.recognition.services.totals import rebuild_earned_totals

    rng = random.Random(SEED)
    with transaction.atomic():
        company = Company.objects.create(code="HX", name="华信集团")
        root = Unit(pk=1, code="G", name="集团", company=company, segment="mature",
                    path=tree.child_path(None, 1))
        units = [root] + [Unit(pk=i, code=f"U{i}", name=f"部门{i}", company=company,
                               parent_id=1, segment="mature", path=tree.child_path(root.path, i))
                          for i in range(2, 102)]
        Unit.objects.bulk_create(units)
        hire = dt.date(2020, 1, 1)
        chief = Person(pk=1, employee_number="E1", name="首席", unit_id=1,
                       job_family="management", hire_date=hire, path=tree.child_path(None, 1))
        people = [chief]
        managers = max(1, size // 100)
        for m in range(managers):
            pk = 2 + m
            people.append(Person(pk=pk, employee_number=f"E{pk}", name=f"经理{pk}",
                                 unit_id=2 + m % 100, manager_id=1, job_family="management",
                                 hire_date=hire, path=tree.child_path(chief.path, pk)))
        next_pk = 2 + managers
        manager_paths = {p.pk: p.path for p in people[1:]}
        while next_pk <= size:
            boss = 2 + (next_pk - 2 - managers) % managers
            people.append(Person(pk=next_pk, employee_number=f"E{next_pk}",
                                 name=f"员工{next_pk}", unit_id=2 + (boss - 2) % 100,
                                 manager_id=boss, job_family="sales", hire_date=hire,
                                 path=tree.child_path(manager_paths[boss], next_pk)))
            next_pk += 1
        Person.objects.bulk_create(people, batch_size=5000)
        pool = Account.objects.create(code="pool:rule", kind="pool")
        accounts = Account.objects.bulk_create(
            [Account(code=f"person:{p.pk}", kind="person", person_id=p.pk) for p in people],
            batch_size=5000)
        account_ids = [a.pk for a in accounts]
        grants = size * GRANTS_PER_PERSON
        start = dt.date(2026, 1, 1)
        created = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
        q = connection.ops.quote_name
        txn_sql = (f"INSERT INTO {q(Txn._meta.db_table)} (id, kind, {q('on')}, created_at, "  # noqa: S608
                   "source, source_key, reason, actor_username) "
                   "VALUES (%s, %s, %s, %s, %s, %s, %s, %s)")
        entry_sql = (f"INSERT INTO {q(Entry._meta.db_table)} (id, txn_id, account_id, amount) "  # noqa: S608
                     "VALUES (%s, %s, %s, %s)")
        with connection.cursor() as cursor:
            for chunk in range(0, grants, 50_000):
                n = min(50_000, grants - chunk)
                txns, entries = [], []
                for i in range(chunk + 1, chunk + n + 1):
                    points = rng.randrange(1, 40)
                    txns.append((i, "grant", start + dt.timedelta(days=rng.randrange(365)),
                                 created, "rule", f"bench:{i}", "", ""))
                    entries.append((2 * i - 1, i, pool.pk, -points))
                    entries.append((2 * i, i, rng.choice(account_ids), points))
                cursor.executemany(txn_sql, txns)
                cursor.executemany(entry_sql, entries)
        PersonSettings.objects.bulk_create(
            [PersonSettings(person_id=pid, leaderboard_opt_out=True)
             for pid in rng.sample(range(1, size + 1), size // 100)])
        began = time.perf_counter()
        rollup_rows = rebuild_earned_totals()
        rebuild_seconds = time.perf_counter() - began
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return size, grants * 2, [2, managers + 2], rebuild_seconds, rollup_rows


def child(size: int) -> None:
    setup_django()
    from flexperf.achievements.ranking import rank
    from flexperf.achievements.selectors.leaderboards import leaderboard
    from flexperf.core.actors import Actor
    from flexperf.org.models import Person

    began = time.perf_counter()
    people, entries, (manager_id, employee_id), rebuild_seconds, rollup_rows = _build(size)
    setup_seconds = time.perf_counter() - began
    rng = np.random.default_rng(SEED)
    ids = np.arange(1, people + 1, dtype=np.int64)
    points = rng.integers(0, 500, size=people, dtype=np.int64)
    rank_ms = timed(lambda: rank(ids, points, top=20), repeat=50, warmup=3)
    employee = Person.objects.get(pk=employee_id)
    manager = Person.objects.get(pk=manager_id)
    as_employee = Actor(user_id=None, username="e", person_id=employee.pk,
                        reporting_path=employee.path)
    as_manager = Actor(user_id=None, username="m", person_id=manager.pk,
                       reporting_path=manager.path)
    on = dt.date(2026, 6, 30)
    company_ms = timed(lambda: leaderboard(as_employee, scope="company", period="year", on=on),
                       repeat=50, warmup=3)
    month_ms = timed(lambda: leaderboard(as_employee, scope="company", period="month", on=on),
                     repeat=50, warmup=3)
    team_ms = timed(lambda: leaderboard(as_manager, scope="team", period="year", on=on),
                    repeat=50, warmup=3)
    board = leaderboard(as_employee, scope="company", period="year", on=on)

    def figures(samples: list[float]) -> dict[str, float]:
        return {"p50": percentile(samples, 50), "p95": percentile(samples, 95)}

    emit({"people": people, "entries": entries, "setup_seconds": setup_seconds,
          "rebuild_seconds": rebuild_seconds, "rollup_rows": rollup_rows,
          "rank": figures(rank_ms), "company": figures(company_ms),
          "company_month": figures(month_ms), "team": figures(team_ms),
          "ranked": board.ranked, "hidden": board.hidden, "my_rank": board.my_rank,
          "top": [(r.rank, r.points) for r in board.rows[:3]]})


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", type=int, required=True)
    child(parser.parse_args().child)
