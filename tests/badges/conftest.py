from __future__ import annotations

import importlib
from collections.abc import Iterator

import pytest
from django.db import connection

from flexperf.accounts.models import User
from flexperf.badges import keys
from flexperf.badges.models import BadgeClass
from flexperf.core.actors import Role
from tests import factories as f
from tests.conftest import SmallOrg


@pytest.fixture(autouse=True)
def _fresh_keys(tmp_path_factory: pytest.TempPathFactory,
                settings: object) -> Iterator[None]:
    """Each test signs with the data folder's key of its own process (one per worker)."""
    keys.reset()
    yield
    keys.reset()


SEED = importlib.import_module("flexperf.badges.migrations.0003_seed_classes")


@pytest.fixture(autouse=True)
def _seeded_classes(request: pytest.FixtureRequest) -> None:
    """The classes the data migration seeds: another app's transactional test may have flushed
    them out of the test database before this test runs."""
    if not {"db", "small_org", "transactional_db"} & set(request.fixturenames):
        return
    request.getfixturevalue("db")
    for code, name, name_en, image, description, criteria, roles, auto_only in SEED.CLASSES:
        BadgeClass.objects.get_or_create(code=code, defaults={
            "name": name, "name_en": name_en, "image": image, "description": description,
            "criteria": criteria, "awarder_roles": roles, "auto_only": auto_only})


@pytest.fixture
def second_admin(small_org: SmallOrg) -> User:
    person = f.person("梁审批", small_org.units["H"], small_org.people["hr_admin_p"],
                      job_family="support")
    return f.user("hr_admin2", person, roles={Role.HR_ADMIN: []})


def tamper(sql: str, params: list[str]) -> None:
    """Change stored chain rows the way someone with DDL rights could."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE badges_chainentry DISABLE TRIGGER badges_chain_no_change")
            cursor.execute(sql, params)
            cursor.execute("ALTER TABLE badges_chainentry ENABLE TRIGGER badges_chain_no_change")
        else:
            cursor.execute("DROP TRIGGER badges_chain_no_update")
            cursor.execute(sql, params)
