from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connection

from flexperf.accounts.models import User
from flexperf.badges import keys
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
