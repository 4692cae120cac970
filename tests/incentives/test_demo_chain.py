"""The incentives demo after the org, goals and reviews demo loaders (600 people): an approved
run for the finished cycle, and the demo employee opens their statement."""

from __future__ import annotations

from decimal import Decimal as D

from django.test import Client

from flexperf.accounts.models import User
from flexperf.core.actors import Actor
from flexperf.goals.demo.loader import load_goals_demo
from flexperf.incentives.demo.loader import load_incentives_demo
from flexperf.incentives.models import PayoutLine, PayoutRun
from flexperf.org.demo import loader
from flexperf.reviews.demo.loader import FINISHED, load_reviews_demo
from tests.pages.conftest import page


def test_demo_chain(db: None) -> None:
    actor = Actor.system(username="demo")
    loader.load_demo(actor=actor)
    load_goals_demo(actor=actor, seed=7)
    load_reviews_demo(actor=actor, seed=7)
    counts = load_incentives_demo(actor=actor, seed=7)
    assert counts["salaries"] == 600
    assert counts["runs"] == 1
    assert counts["pools"] == 2
    run = PayoutRun.objects.get()
    assert run.status == "approved"
    assert run.cycle.code == FINISHED
    # Totals reconcile: the run's total is the sum of its lines, to the cent (summed here in
    # Decimal: SQLite's SUM of a decimal column is a float).
    amounts = PayoutLine.objects.filter(run=run).values_list("amount", flat=True)
    assert D(run.totals["CNY"]) == sum(amounts, D(0))
    employee = User.objects.get(username="employee")
    client = Client()
    client.force_login(employee)
    response = client.get("/incentives/statements/")
    assert response.status_code == 302
    root = page(client.get(response["Location"]))
    assert root.one("tr", data_kind="short_term")
