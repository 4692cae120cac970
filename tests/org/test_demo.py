"""The demo group: deterministic, scaled by --size, with real roles, reporting lines and leavers."""

from __future__ import annotations

import collections
import hashlib
import io
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import models

from flexperf.accounts.models import RoleAssignment, User
from flexperf.accounts.selectors import actor_for_user
from flexperf.audit.models import Action, AuditEntry
from flexperf.core import tree
from flexperf.core.actors import Actor, Role
from flexperf.core.errors import ServiceError
from flexperf.core.management.commands import demo as demo_command
from flexperf.org.demo import generator, loader, plan
from flexperf.org.models import Company, Person, Position, Status, Unit
from tests import factories as f
from tests.goals.test_demo import sqlite_goals_digest
from tests.services import need_sqlite_run

SYSTEM = Actor.system()
ORG_MODELS: tuple[type[models.Model], ...] = (Company, Unit, Position, Person)


def _digest_rows(tables: Iterable[tuple[str, Iterable[tuple[object, ...]]]]) -> str:
    digest = hashlib.sha256()
    for name, rows in tables:
        digest.update(name.encode())
        for row in rows:
            digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


def _db_digest() -> str:
    """Every column of every org row (ordered by id), and who holds which role on which units."""
    tables: list[tuple[str, Iterable[tuple[object, ...]]]] = []
    for model in ORG_MODELS:
        columns = [field.attname for field in model._meta.concrete_fields]
        tables.append((model._meta.db_table, model.objects.order_by("pk").values_list(*columns)))
    tables.append(("roles", RoleAssignment.objects.order_by("user__username").values_list(
        "user__username", "role", "units__code")))
    return _digest_rows(tables)


def _people_by_username() -> dict[str, Person | None]:
    users = User.objects.filter(username__in=loader.DEMO_USERNAMES)
    return {u.username: Person.objects.filter(user=u).first() for u in users}


# --- generation (pure) ---------------------------------------------------------------------


def test_the_same_seed_generates_the_same_rows_and_another_seed_other_people() -> None:
    first = generator.generate(size=600, seed=2026)
    again = generator.generate(size=600, seed=2026)
    other = generator.generate(size=600, seed=2027)
    assert first.people == again.people
    assert first.positions == again.positions
    # The structure comes from the size alone; the seed decides who the people are.
    assert first.units == other.units
    assert [p.name for p in first.people] != [p.name for p in other.people]


@pytest.mark.parametrize(("size", "units", "leavers"), [
    (200, 20, 17),
    (600, 35, 61),
    (1500, 60, 159),
    (10000, 264, 1049),
])
def test_size_gives_exactly_that_many_people_and_more_units_as_it_grows(
    size: int, units: int, leavers: int
) -> None:
    org = generator.generate(size=size)
    assert len(org.people) == size
    assert org.counts()["units"] == units
    assert org.counts()["leavers"] == leavers
    assert len({p.employee_number for p in org.people}) == size
    assert len({p.email for p in org.people}) == size


def test_leavers_per_division_follow_the_designed_rates() -> None:
    # size 600: 598 people below the CEO's office are shared by division weight, each division
    # at least 8 (strategy, legal, audit get 8); the others split the remaining 574:
    # hr 14, finance 14, it 16, sales 278, rnd 89, service 92, innovation 71.
    # Leavers = round(total × rate): 0 + 1 + 1 + 1 + 0 + 0 + 36 + 6 + 8 + 8 = 61.
    assert plan.division_sizes(600) == [(8, 0), (14, 1), (14, 1), (16, 1), (8, 0), (8, 0),
                                        (278, 36), (89, 6), (92, 8), (71, 8)]
    org = generator.generate(size=600, seed=2026)
    leavers = [p for p in org.people if p.status == Status.LEFT]
    assert len(leavers) == 61  # 10.2 %
    for size in (200, 600, 1500, 10000, 100000):
        share = sum(n for _, n in plan.division_sizes(size)) / size
        assert 0.08 <= share <= 0.12, size
    for person in leavers:
        assert person.leave_date is not None
        assert person.leave_reason
        assert person.hire_date < person.leave_date <= generator.AS_OF


def test_sales_loses_most_people_and_mostly_to_pay_and_careers() -> None:
    org = generator.generate(size=10000, seed=2026)
    sales_units = {u.id for u in org.units if u.code.startswith("HXS")}
    rnd_units = {u.id for u in org.units if u.code.startswith("HX-RND")}

    def rate(units: set[int]) -> float:
        people = [p for p in org.people if p.unit_id in units]
        return sum(p.status == Status.LEFT for p in people) / len(people)

    assert rate(sales_units) == pytest.approx(611 / 4699)  # 13 %
    assert rate(rnd_units) == pytest.approx(105 / 1500)  # 7 %
    reasons = collections.Counter(p.leave_reason for p in org.people
                                  if p.unit_id in sales_units and p.leave_reason)
    assert {reason for reason, _ in reasons.most_common(2)} == {"compensation", "career"}


@pytest.mark.parametrize("size", [200, 600, 10000])
def test_every_manager_has_four_to_twelve_current_reports(size: int) -> None:
    org = generator.generate(size=size)
    spans = collections.Counter(p.manager_id for p in org.people
                                if p.manager_id is not None and p.status != Status.LEFT)
    assert min(spans.values()) >= 4
    assert max(spans.values()) <= 12
    leaver_ids = {p.id for p in org.people if p.status == Status.LEFT}
    assert not leaver_ids & set(spans), "a leaver manages nobody"


def test_the_innovation_company_is_flat_young_and_recently_hired() -> None:
    org = generator.generate(size=10000)
    inno = {u.id: u for u in org.units if u.code.startswith("HXI")}
    assert {tree.depth(u.path) for u in inno.values()} == {1, 2}  # the company and its squads
    people = [p for p in org.people if p.unit_id in inno and p.status != Status.LEFT]
    recent = sum(p.hire_date >= generator.AS_OF.replace(year=2024) for p in people)
    assert recent / len(people) > 0.7
    ages = sorted((generator.AS_OF - p.birth_date).days / 365.25 for p in people)
    assert ages[len(ages) // 2] < 32  # median age


def test_generated_codes_fit_their_columns() -> None:
    biggest = plan.build(generator.MAX_SIZE).walk()
    # Position codes add at most four characters ("-SAL") to their unit's code.
    assert max(len(u.code) for u in biggest) + 4 <= 32
    org = generator.generate(size=10000)
    assert max(len(p.code) for p in org.positions) <= 32
    # Seven levels from the CEO down: far below the 28 that a 255-character path holds.
    assert max(tree.depth(p.path) for p in org.people) == 6


def test_sizes_outside_the_range_are_refused() -> None:
    with pytest.raises(ValueError, match="between 200 and 200000"):
        generator.generate(size=199)


# --- loading -------------------------------------------------------------------------------


# Committed loads, as on the command line: wiping (TRUNCATE on PostgreSQL) must not run in
# the transaction that inserted the rows.
@pytest.mark.django_db(transaction=True)
def test_reloading_with_the_same_seed_gives_identical_rows() -> None:
    loader.load_demo(actor=SYSTEM, size=300, seed=7)
    first = _db_digest()
    loader.wipe_demo_database()
    assert Person.objects.count() == 0
    loader.load_demo(actor=SYSTEM, size=300, seed=7)
    assert _db_digest() == first
    loader.wipe_demo_database()
    loader.load_demo(actor=SYSTEM, size=300, seed=8)
    assert _db_digest() != first


def _sqlite_digest(database: Path) -> str:
    with sqlite3.connect(database) as db:
        tables = [(table, db.execute(f"SELECT * FROM {table} ORDER BY id").fetchall())  # noqa: S608
                  for table in ("org_company", "org_unit", "org_position", "org_person")]
        tables.append(("roles", db.execute(
            "SELECT u.username, r.role, un.code FROM accounts_roleassignment r "
            "JOIN accounts_user u ON u.id = r.user_id "
            "LEFT JOIN accounts_roleassignment_units ru ON ru.roleassignment_id = r.id "
            "LEFT JOIN org_unit un ON un.id = ru.unit_id ORDER BY u.username").fetchall()))
    return _digest_rows(tables)


def test_two_fresh_databases_get_byte_identical_demo_data(tmp_path: Path) -> None:
    """The whole `flexperf demo` twice, each into a fresh data folder: the same org, the same
    goals (and the same exports), row for row."""
    need_sqlite_run()
    env = {k: v for k, v in os.environ.items()
           if k not in {"DATABASE_URL", "FLEXPERF_DATA_DIR", "DJANGO_SETTINGS_MODULE"}}
    digests, goals_digests = [], []
    for name in ("a", "b"):
        folder = tmp_path / name
        for command in (["demo", "--no-serve", "--size", "300", "--seed", "7"],
                        ["org", "export", f"{folder / 'export'}/"]):
            done = subprocess.run(
                [sys.executable, "-m", "flexperf", "--data-dir", str(folder), *command],
                env=env, capture_output=True, text=True, timeout=300, check=False)
            assert done.returncode == 0, done.stderr
        digests.append(_sqlite_digest(folder / "flexperf.sqlite3"))
        goals_digests.append(sqlite_goals_digest(folder / "flexperf.sqlite3"))
    assert digests[0] == digests[1]
    assert goals_digests[0] == goals_digests[1]
    exported = sorted(p.name for p in (tmp_path / "a" / "export").iterdir())
    assert exported == ["companies.csv", "people.csv", "positions.csv", "units.csv"]
    for name in exported:
        assert (tmp_path / "a" / "export" / name).read_bytes() == \
            (tmp_path / "b" / "export" / name).read_bytes(), name


@pytest.mark.django_db
def test_load_writes_exactly_one_audit_entry_with_the_counts() -> None:
    before = AuditEntry.objects.count()
    result = loader.load_demo(actor=SYSTEM, size=600, seed=2026)
    assert AuditEntry.objects.count() == before + 1
    entry = AuditEntry.objects.get(object_type="org.demo")
    assert entry.action == Action.IMPORT
    assert entry.context["people"] == 600
    assert entry.context["leavers"] == 61
    assert entry.context["seed"] == 2026
    assert result.counts == {"companies": 3, "units": 35, "positions": 126, "people": 600,
                             "leavers": 61, "users": 7}
    assert Person.objects.filter(status=Status.LEFT).count() == 61


@pytest.mark.django_db
def test_the_demo_users_hold_their_roles() -> None:
    loader.load_demo(actor=SYSTEM, size=600, seed=2026)
    people = _people_by_username()
    assert set(people) == set(loader.DEMO_USERNAMES)
    actors = {u.username: actor_for_user(u) for u in User.objects.filter(
        username__in=loader.DEMO_USERNAMES)}
    assert actors["hr_admin"].is_hr_admin
    assert actors["auditor"].roles == {Role.EMPLOYEE, Role.AUDITOR}
    assert actors["partner"].roles == {Role.PARTNER}
    assert people["partner"] is None
    assert actors["employee"].roles == {Role.EMPLOYEE}
    assert Role.MANAGER in actors["manager"].roles
    sales = Unit.objects.get(code="HXS")
    group = Unit.objects.get(code="HX")
    assert actors["hrbp"].hrbp_unit_paths == (sales.path,)
    assert actors["executive"].executive_unit_paths == (group.path,)
    hashes = set(User.objects.filter(username__in=loader.DEMO_USERNAMES)
                 .values_list("password", flat=True))
    assert len(hashes) == 1
    assert hashes.pop().startswith("argon2$")
    assert User.objects.get(username="manager").check_password(loader.DEMO_PASSWORD)


@pytest.mark.django_db
def test_the_manager_runs_a_real_team_and_the_employee_is_in_it() -> None:
    loader.load_demo(actor=SYSTEM, size=600, seed=2026)
    people = _people_by_username()
    manager, employee = people["manager"], people["employee"]
    assert manager is not None
    assert employee is not None
    team = list(Person.objects.filter(manager=manager, status=Status.ACTIVE))
    assert 5 <= len(team) <= 10
    assert employee in team
    assert any(Person.objects.filter(manager=member).exists() for member in team)
    assert manager.unit.code == "HXS-EAST-SHANGHAI"
    assert tree.is_within(manager.unit.path, Unit.objects.get(code="HXS").path)


@pytest.mark.django_db
def test_paths_agree_with_parents_and_managers_and_heads_are_set() -> None:
    loader.load_demo(actor=SYSTEM, size=600, seed=2026)
    units = {u.pk: u for u in Unit.objects.all()}
    for unit in units.values():
        parent = units[unit.parent_id].path if unit.parent_id else None
        assert unit.path == tree.child_path(parent, unit.pk)
        assert unit.head_id is not None
    paths = dict(Person.objects.values_list("pk", "path"))
    for pk, manager_id in Person.objects.values_list("pk", "manager_id"):
        assert paths[pk] == tree.child_path(paths[manager_id] if manager_id else None, pk)
    heads = Person.objects.filter(pk__in=[u.head_id for u in units.values()])
    assert all(units[h.unit_id].head_id == h.pk for h in heads)


@pytest.mark.django_db
def test_ids_continue_after_existing_rows_and_new_rows_still_get_fresh_ids() -> None:
    company = f.company(code="OLD", name="旧公司")
    unit = f.unit("OLD-1", company=company)
    old = f.person("老员工", unit)
    loader.load_demo(actor=SYSTEM, size=200, seed=1)
    demo_people = Person.objects.exclude(pk=old.pk)
    assert min(demo_people.values_list("pk", flat=True)) == old.pk + 1
    assert Unit.objects.get(code="HX").pk == unit.pk + 1
    # The database's own id sequence moved past the preassigned ids (PostgreSQL).
    newcomer = f.person("新同事", unit)
    assert newcomer.pk == old.pk + 201


# Committed loads, as on the command line: wiping (TRUNCATE on PostgreSQL) must not run in
# the transaction that inserted the rows.
@pytest.mark.django_db(transaction=True)
def test_loading_twice_or_over_taken_usernames_writes_nothing() -> None:
    loader.load_demo(actor=SYSTEM, size=200, seed=1)
    with pytest.raises(ServiceError, match="already holds the demo"):
        loader.load_demo(actor=SYSTEM, size=200, seed=1)
    assert Person.objects.count() == 200
    loader.wipe_demo_database()
    User.objects.create_user(username="manager")
    with pytest.raises(ServiceError, match="username: Already used in this database: manager"):
        loader.load_demo(actor=SYSTEM, size=200, seed=1)
    assert Person.objects.count() == 0
    assert Unit.objects.count() == 0
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_wiping_refuses_a_database_without_the_demo() -> None:
    f.company(code="REAL", name="真实公司")
    with pytest.raises(ServiceError, match="no demo group"):
        loader.wipe_demo_database()
    assert Company.objects.filter(code="REAL").exists()


# --- the command ---------------------------------------------------------------------------


# Committed loads, as on the command line: wiping (TRUNCATE on PostgreSQL) must not run in
# the transaction that inserted the rows.
@pytest.mark.django_db(transaction=True)
def test_demo_command_loads_once_prints_logins_and_resets(monkeypatch: pytest.MonkeyPatch) -> None:
    # The group's part of the command; the later layers have tests/core/test_demo_layers.py.
    monkeypatch.setattr(demo_command, "LAYERS", ())
    out = io.StringIO()
    call_command("demo", "--no-serve", "--size", "200", "--seed", "3", stdout=out)
    text = out.getvalue()
    assert "200 people (17 leavers)" in text
    assert "password for all: flexperf-demo" in text
    for username in loader.DEMO_USERNAMES:
        assert f"\n  {username} " in text
    out = io.StringIO()
    call_command("demo", "--no-serve", "--size", "300", stdout=out)
    assert "already holds the demo group (200 people, seed 3)" in out.getvalue()
    assert Person.objects.count() == 200
    out = io.StringIO()
    call_command("demo", "--no-serve", "--size", "300", "--reset", stdout=out)
    assert "Wiped the database." in out.getvalue()
    assert Person.objects.count() == 300


@pytest.mark.django_db
def test_demo_command_refuses_a_bad_size() -> None:
    with pytest.raises(CommandError, match="--size must be between 200 and 200000"):
        call_command("demo", "--no-serve", "--size", "50")
    assert Person.objects.count() == 0


@pytest.mark.django_db
def test_demo_command_through_django_admin_cannot_switch_the_data_folder(tmp_path: Path) -> None:
    # `flexperf` takes --data-dir out before settings load; a late one would be ignored silently.
    with pytest.raises(CommandError, match="Give the data folder before the command"):
        call_command("demo", "--no-serve", "--data-dir", str(tmp_path / "elsewhere"))
    assert Person.objects.count() == 0
