from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.sessions.models import Session
from django.core import serializers
from django.db import models

from flexperf.accounts import services as accounts
from flexperf.accounts.models import ApiToken, RoleAssignment, User
from flexperf.audit.models import Action, AuditEntry, ChainHead
from flexperf.audit.selectors import verify_chain
from flexperf.core import backup
from flexperf.core.actors import Actor
from flexperf.core.errors import Forbidden, ServiceError
from flexperf.org.models import Person, Unit
from tests import factories as f
from tests.conftest import SmallOrg
from tests.services import on_postgres

SYSTEM = Actor.system()


def everything() -> dict[str, list[dict[str, Any]]]:
    """Every row of every table a backup covers, serialized, in primary-key order."""
    return {
        model._meta.label_lower: serializers.serialize(
            "python", model._base_manager.order_by("pk"))  # type: ignore[dict-item]
        for model in backup.backed_up_models()
    }


def row_counts() -> dict[str, int]:
    return {m._meta.label_lower: m._base_manager.count() for m in backup.backed_up_models()}


@pytest.fixture
def org_with_accounts(small_org: SmallOrg) -> tuple[SmallOrg, str]:
    """The small org, a token (its secret returned) and a revoked one, and a group."""
    secret = accounts.create_token(actor=SYSTEM, user=small_org.users["manager"], name="ci",
                                   scopes=["read"]).secret
    old = accounts.create_token(actor=SYSTEM, user=small_org.users["hrbp"], name="old")
    accounts.revoke_token(actor=SYSTEM, token_id=old.token.pk)
    group = Group.objects.create(name="reviewers")
    group.permissions.set(Permission.objects.filter(codename__in=["view_person", "view_unit"]))
    small_org.users["auditor"].groups.add(group)
    small_org.users["hr_admin"].set_password("s3cret-pass")
    small_org.users["hr_admin"].save(update_fields=["password"])
    return small_org, secret


def test_export_then_restore_reproduces_every_row_and_the_audit_chain_still_verifies(
    org_with_accounts: tuple[SmallOrg, str], tmp_path: Path,
) -> None:
    path = tmp_path / "backup.json"
    summary = backup.export_database(actor=SYSTEM, path=path)
    saved = everything()
    counts = row_counts()
    assert summary.rows == counts
    # The export is audited, and its own entry is in the file.
    assert AuditEntry.objects.order_by("-seq").first().action == Action.EXPORT  # type: ignore[union-attr]

    restored = backup.restore_database(actor=SYSTEM, path=path, force=True)

    assert restored.rows == {label: n for label, n in counts.items() if n}
    assert restored.cleared == restored.rows
    result = verify_chain()
    assert result.ok, result.describe()
    after = everything()
    restore_entry = after["audit.auditentry"].pop()
    assert restore_entry["fields"]["action"] == Action.RESTORE
    assert restore_entry["fields"]["context"]["rows"] == sum(counts.values())
    assert after["audit.chainhead"][0]["fields"]["seq"] == counts["audit.auditentry"] + 1
    after["audit.chainhead"] = saved["audit.chainhead"]
    assert after == saved
    assert result.checked == counts["audit.auditentry"] + 1


def test_passwords_tokens_roles_and_groups_work_after_a_restore(
    org_with_accounts: tuple[SmallOrg, str], tmp_path: Path,
) -> None:
    small_org, secret = org_with_accounts
    small_org.client("manager")  # a signed-in session
    path = tmp_path / "backup.json.gz"
    backup.export_database(actor=SYSTEM, path=path)
    assert Session.objects.count() == 1
    assert path.read_bytes()[:2] == b"\x1f\x8b"  # .gz: compressed
    backup.restore_database(actor=SYSTEM, path=path, force=True)
    token = accounts.authenticate_token(secret)
    assert token is not None
    assert (token.user.username, token.scopes) == ("manager", ["read"])
    assert ApiToken.objects.filter(revoked_at__isnull=False).count() == 1
    assert User.objects.get(username="hr_admin").check_password("s3cret-pass")
    hrbp = RoleAssignment.objects.get(role="hrbp")
    assert [u.code for u in hrbp.units.all()] == ["S"]
    auditor = User.objects.get(username="auditor")
    assert auditor.has_perm("org.view_person")
    assert Person.objects.get(pk=small_org.people["rep1"].pk).user == small_org.users["employee"]
    assert Session.objects.count() == 0  # everyone signs in again


def test_new_records_after_a_restore_get_fresh_ids(small_org: SmallOrg, tmp_path: Path) -> None:
    path = tmp_path / "backup.json"
    backup.export_database(actor=SYSTEM, path=path)
    backup.restore_database(actor=SYSTEM, path=path, force=True)
    top = max(Person.objects.values_list("pk", flat=True))
    newcomer = f.person("新人", Unit.objects.get(code="SE"))
    assert newcomer.pk > top


def test_the_file_is_one_json_document_with_one_row_per_line(
    small_org: SmallOrg, tmp_path: Path,
) -> None:
    path = tmp_path / "backup.json"
    backup.export_database(actor=SYSTEM, path=path)
    document = json.loads(path.read_text())
    header = document["header"]
    assert (header["format"], header["format_version"]) == ("flexperf-backup", 1)
    assert header["migrations"]["org"][0] == "0001_initial"
    assert {"accounts", "audit", "auth", "org"} <= set(header["migrations"])
    assert document["counts"]["org.person"] == 11
    assert len(document["rows"]) == sum(document["counts"].values())
    lines = path.read_text().splitlines()
    assert len(lines) == 2 + len(document["rows"]) + 2
    assert json.loads(lines[2].rstrip(","))["model"] == document["rows"][0]["model"]
    # Timestamps keep their microseconds (the audit hashes cover them).
    entry = next(r for r in document["rows"] if r["model"] == "audit.auditentry")
    stored = AuditEntry.objects.get(pk=entry["pk"]).at
    assert entry["fields"]["at"] == stored.isoformat()


def test_a_database_that_holds_data_is_refused_without_force(
    small_org: SmallOrg, tmp_path: Path,
) -> None:
    path = tmp_path / "backup.json"
    backup.export_database(actor=SYSTEM, path=path)
    before = row_counts()
    with pytest.raises(ServiceError, match=r"already holds data \(11 people, 7 users"):
        backup.restore_database(actor=SYSTEM, path=path)
    assert row_counts() == before


def _rewrite_header(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    lines = path.read_text().split("\n")
    header = json.loads(lines[0].rstrip(",") + "}")
    change(header["header"])
    lines[0] = json.dumps(header)[:-1] + ","
    path.write_text("\n".join(lines))


def test_a_file_made_with_other_migrations_is_refused(small_org: SmallOrg,
                                                      tmp_path: Path) -> None:
    path = tmp_path / "backup.json"
    backup.export_database(actor=SYSTEM, path=path)
    _rewrite_header(path, lambda h: h["migrations"]["org"].append("0099_future"))
    before = everything()
    with pytest.raises(ServiceError, match=r"org\.0099_future \(only in the file\)"):
        backup.restore_database(actor=SYSTEM, path=path, force=True)
    assert everything() == before


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        pytest.param(lambda text: text[: len(text) // 2], "damaged at line",
                     id="cut-in-the-middle"),
        pytest.param(lambda text: text.rsplit("\n", 2)[0], "cut off", id="trailer-missing"),
        pytest.param(lambda text: text.replace('"org.person":11', '"org.person":12'),
                     "row counts do not match", id="counts-wrong"),
        pytest.param(lambda text: text.replace('"model":"org.unit"', '"model":"org.gone"', 1),
                     "org.gone", id="unknown-model"),
        pytest.param(lambda text: "hello\n", "not a flexperf export", id="not-a-backup"),
    ],
)
def test_a_damaged_file_is_refused_and_force_leaves_the_database_as_it_was(
    small_org: SmallOrg, tmp_path: Path, damage: Callable[[str], str], message: str,
) -> None:
    path = tmp_path / "backup.json"
    backup.export_database(actor=SYSTEM, path=path)
    path.write_text(damage(path.read_text()))
    before = everything()
    with pytest.raises(ServiceError, match=message):
        backup.restore_database(actor=SYSTEM, path=path, force=True)
    assert everything() == before


def test_a_cut_off_compressed_file_is_refused(small_org: SmallOrg, tmp_path: Path) -> None:
    path = tmp_path / "backup.json.gz"
    backup.export_database(actor=SYSTEM, path=path)
    path.write_bytes(path.read_bytes()[:-200])
    before = everything()
    with pytest.raises(ServiceError, match="damaged or cut off"):
        backup.restore_database(actor=SYSTEM, path=path, force=True)
    assert everything() == before


def test_only_the_operator_or_an_hr_admin_may_back_up_or_restore(
    small_org: SmallOrg, tmp_path: Path,
) -> None:
    path = tmp_path / "backup.json"
    for role in ("hrbp", "auditor", "manager"):
        with pytest.raises(Forbidden):
            backup.export_database(actor=f.actor(small_org.users[role]), path=path)
    assert not path.exists()
    backup.export_database(actor=SYSTEM, path=path)
    with pytest.raises(Forbidden):
        backup.restore_database(actor=f.actor(small_org.users["hrbp"]), path=path, force=True)


def test_the_chain_head_and_entries_come_back_exactly(small_org: SmallOrg,
                                                     tmp_path: Path) -> None:
    path = tmp_path / "backup.json"
    backup.export_database(actor=SYSTEM, path=path)
    head = ChainHead.objects.get()
    backup.restore_database(actor=SYSTEM, path=path, force=True)
    restore = AuditEntry.objects.order_by("-seq").first()
    assert restore is not None
    assert (restore.seq, restore.prev_hash) == (head.seq + 1, head.hash)


# --- the real command line, against a fresh database --------------------------------------


class Site:
    """One flexperf installation for subprocesses: its own SQLite folder or PostgreSQL database."""

    def __init__(self, folder: Path, database_url: str | None) -> None:
        self.folder = folder
        self.database_url = database_url

    def run(self, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
        environ = {k: v for k, v in os.environ.items()
                   if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}}
        environ.update(FLEXPERF_DATA_DIR=str(self.folder), FLEXPERF_QUEUE="immediate", **env)
        if self.database_url:
            environ["DATABASE_URL"] = self.database_url
        flexperf = Path(sys.executable).with_name("flexperf")
        return subprocess.run([str(flexperf), *args], env=environ, text=True,
                              capture_output=True, timeout=300, check=False)


@pytest.fixture
def sites(tmp_path: Path) -> Iterator[Callable[[str], Site]]:
    """Fresh installations: on PostgreSQL a throwaway database each, dropped afterwards."""
    created: list[str] = []
    server = settings.DATABASES["default"]

    def make(name: str) -> Site:
        folder = tmp_path / name
        folder.mkdir()
        if not on_postgres():
            return Site(folder, None)
        import psycopg

        database = f"flexperf_cli_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(dbname="postgres", user=server["USER"], host=server["HOST"],
                             port=server["PORT"] or 5432, password=server["PASSWORD"] or None,
                             autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{database}"')
        created.append(database)
        auth = server["USER"] + (f":{server['PASSWORD']}" if server["PASSWORD"] else "")
        return Site(folder, f"postgres://{auth}@{server['HOST']}:{server['PORT'] or 5432}/"
                            f"{database}")

    yield make
    if created:
        import psycopg

        with psycopg.connect(dbname="postgres", user=server["USER"], host=server["HOST"],
                             port=server["PORT"] or 5432, password=server["PASSWORD"] or None,
                             autocommit=True) as admin:
            for database in created:
                admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


PEOPLE_CSV = """employee_number,name,unit_code,manager_employee_number,job_family,hire_date
E1,周总,G,,management,2020-01-01
E2,陈经理,S,E1,sales,2021-02-03
E3,林小雨,S,E2,sales,2022-03-04
"""
UNITS_CSV = """code,name,company_code,parent_code,segment
G,集团总部,HX,,support
S,销售事业部,HX,G,mature
"""
COMPANIES_CSV = "code,name\nHX,华信集团\n"


def test_the_command_line_backs_up_one_installation_and_restores_it_into_another(
    sites: Callable[[str], Site], tmp_path: Path,
) -> None:
    for name, text in (("people.csv", PEOPLE_CSV), ("units.csv", UNITS_CSV),
                       ("companies.csv", COMPANIES_CSV)):
        (tmp_path / name).write_text(text)
    source, target = sites("source"), sites("target")
    assert source.run("migrate", "-v0").returncode == 0
    imported = source.run("org", "import", str(tmp_path / "companies.csv"),
                          str(tmp_path / "units.csv"), str(tmp_path / "people.csv"))
    assert imported.returncode == 0, imported.stderr
    assert source.run("createsuperuser", "--noinput", "--username", "admin", "--email",
                      "admin@example.com", DJANGO_SUPERUSER_PASSWORD="pw").returncode == 0
    token = source.run("token", "create", "admin", "--scope", "read")
    assert token.returncode == 0, token.stderr
    assert token.stdout.startswith("fpt_")
    assert token.stdout.count("\n") == 1
    backup_file = tmp_path / "backup.json"
    exported = source.run("export", str(backup_file))
    assert exported.returncode == 0, exported.stderr
    assert source.run("org", "export", str(tmp_path / "source.zip")).returncode == 0

    assert target.run("migrate", "-v0").returncode == 0
    restored = target.run("restore", str(backup_file))
    assert restored.returncode == 0, restored.stderr
    verified = target.run("audit", "verify")
    assert verified.returncode == 0, verified.stderr
    assert verified.stdout.startswith("audit chain intact:")

    again = target.run("restore", str(backup_file))
    assert again.returncode == 1
    assert again.stderr.count("\n") == 1
    assert again.stderr.startswith("CommandError: This database already holds data (3 people, "
                                   "1 users")
    forced = target.run("restore", str(backup_file), "--force")
    assert forced.returncode == 0, forced.stderr
    assert target.run("audit", "verify").returncode == 0

    # The same org, and new rows after the restore get fresh ids (sequences were reset).
    assert target.run("org", "export", str(tmp_path / "target.zip")).returncode == 0
    with zipfile.ZipFile(tmp_path / "source.zip") as a, \
            zipfile.ZipFile(tmp_path / "target.zip") as b:
        for member in ("companies.csv", "units.csv", "positions.csv", "people.csv"):
            assert a.read(member) == b.read(member), member
    assert target.run("token", "create", "admin").returncode == 0
    (tmp_path / "new.csv").write_text(PEOPLE_CSV.splitlines()[0] + "\nE4,新人,S,E2,sales,"
                                      "2024-01-02\n")
    assert target.run("org", "import", str(tmp_path / "new.csv")).returncode == 0
    assert target.run("audit", "verify").returncode == 0


def _model_labels(chosen: list[type[models.Model]]) -> list[str]:
    return [m._meta.label_lower for m in chosen]


def test_every_flexperf_table_and_the_auth_groups_are_covered() -> None:
    labels = _model_labels(backup.backed_up_models())
    assert {"accounts.user", "accounts.roleassignment", "accounts.apitoken", "org.company",
            "org.unit", "org.position", "org.person", "audit.auditentry", "audit.chainhead",
            "auth.group"} <= set(labels)
    assert "auth.permission" not in labels
    assert "sessions.session" not in labels
