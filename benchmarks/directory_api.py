"""Latency of the people APIs through Django's full request stack (test Client, real SQLite
file, production settings), for a manager and for an HR admin, plus the reporting-subtree query
on a group of 100,000.
"""

from __future__ import annotations

import argparse
import functools
from collections.abc import Callable
from typing import Any

from benchmarks.common import Report, emit, percentile, run_child, setup_django, timed

API_SIZE, SUBTREE_SIZE = 10_000, 100_000
QUICK_API_SIZE, QUICK_SUBTREE_SIZE = 2_000, 10_000
REQUESTS, SUBTREE_REPEATS = 200, 50
# 王 is the most common surname: a search that matches many people (a worst case for paging).
ENDPOINTS = {
    "directory?q=王": "/api/v1/directory?q=王",
    "directory?q=<name>": "/api/v1/directory?q={name}",
    "people": "/api/v1/people",
    "people?q=王": "/api/v1/people?q=王",
}


def run(quick: bool = False) -> Report:
    report = Report("directory_api")
    api_size = QUICK_API_SIZE if quick else API_SIZE
    subtree_size = QUICK_SUBTREE_SIZE if quick else SUBTREE_SIZE
    api = run_child("benchmarks.directory_api", "--child", "api", str(api_size))
    report.details["api"] = api
    for endpoint in ENDPOINTS:
        per_role = {}
        for role in ("manager", "hr_admin"):
            stats = api["latency"][role][endpoint]
            per_role[role] = stats
            report.add(f"GET {endpoint} as {role} p50", stats["p50"], "ms",
                       f"{stats['count']:,} found")
            report.add(f"GET {endpoint} as {role} p95", stats["p95"], "ms")
        report.add(f"  {endpoint}: HR / manager (p50)",
                   per_role["hr_admin"]["p50"] / per_role["manager"]["p50"], "×")
    subtree = run_child("benchmarks.directory_api", "--child", "subtree", str(subtree_size))
    report.details["subtree"] = subtree
    for name, stats in subtree["queries"].items():
        report.add(f"{name} p50", stats["p50"], "ms", f"{stats['rows']:,} rows")
        report.add(f"{name} p95", stats["p95"], "ms")
    return report


def _stats(samples: list[float], **extra: Any) -> dict[str, Any]:
    return {"p50": percentile(samples, 50), "p95": percentile(samples, 95),
            "n": len(samples), **extra}


def child_api(size: int) -> None:
    setup_django()
    from django.test import Client

    from flexperf.accounts.models import User
    from flexperf.core.actors import Actor
    from flexperf.org.demo import loader
    from flexperf.org.models import Person

    loader.load_demo(actor=Actor.system(username="benchmark"), size=size)
    # A name that exists once or a few times: the everyday "find a colleague" search.
    someone = Person.objects.filter(status="active").order_by("pk")[size // 2]
    latency: dict[str, dict[str, Any]] = {}
    for role in ("manager", "hr_admin"):
        client = Client()
        client.force_login(User.objects.get(username=role))
        latency[role] = {}
        for endpoint, path in ENDPOINTS.items():
            url = path.format(name=someone.name)
            first = client.get(url)
            if first.status_code != 200:
                raise RuntimeError(f"{url} as {role}: {first.status_code}")
            samples = timed(functools.partial(client.get, url), repeat=REQUESTS, warmup=20)
            latency[role][endpoint] = _stats(samples, count=first.json()["count"])
    emit({"size": size, "requests": REQUESTS, "latency": latency})


def child_subtree(size: int) -> None:
    setup_django()
    from flexperf.accounts.models import User
    from flexperf.accounts.selectors import actor_for_user
    from flexperf.core import tree
    from flexperf.core.actors import Actor
    from flexperf.org import selectors
    from flexperf.org.demo import loader
    from flexperf.org.models import Person, Unit

    loader.load_demo(actor=Actor.system(username="benchmark"), size=size)
    manager = actor_for_user(User.objects.get(username="manager"))
    hr_admin = actor_for_user(User.objects.get(username="hr_admin"))
    sales_head = Unit.objects.get(code="HXS").head
    if sales_head is None:
        raise RuntimeError("the sales company has no head")

    def sales_subtree() -> Any:
        return Person.objects.filter(tree.subtree_q("path", sales_head.path))

    queries: dict[str, Callable[[], Any]] = {
        "manager: count own subtree": lambda: selectors.people_visible_to(manager).count(),
        "manager: first page of own subtree": lambda: list(
            selectors.search_people(manager)[:50]),
        "sales GM: count subtree": lambda: sales_subtree().count(),
        "sales GM: first page of subtree": lambda: list(
            sales_subtree().select_related("unit", "position", "manager")
            .order_by("name", "pk")[:50]),
        "HR admin: first page of everyone": lambda: list(
            selectors.search_people(hr_admin)[:50]),
    }
    results = {}
    for name, query in queries.items():
        value = query()
        rows = value if isinstance(value, int) else len(value)
        results[f"{name} at {size:,}"] = _stats(
            timed(query, repeat=SUBTREE_REPEATS, warmup=5), rows=rows)
    emit({"size": size, "queries": results})


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", choices=("api", "subtree"), required=True)
    parser.add_argument("size", type=int)
    options = parser.parse_args()
    (child_api if options.child == "api" else child_subtree)(options.size)
