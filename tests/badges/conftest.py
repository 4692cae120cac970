from __future__ import annotations

import pytest

from flexperf.badges import keys
from tests.conftest import SmallOrg
from tests import factories as f
from flexperf.core.actors import Role


@pytest.fixture(autouse=True)
def _fresh_keys() -> None:
    keys.reset()


@pytest.fixture
def second_admin(small_org: SmallOrg) -> object:
    person = f.person("梁审批", small_org.units["H"], small_org.people["hr_admin_p"],
                      job_family="support")
    return f.user("hr_admin2", person, roles={Role.HR_ADMIN: []})
