"""`flexperf cycle list|open|advance|close`."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from flexperf.reviews import services
from flexperf.reviews.models import Cycle, Phase
from tests.reviews.conftest import ReviewOrg


def run(*args: str) -> str:
    out = StringIO()
    call_command("cycle", *args, stdout=out)
    return out.getvalue()


def test_open_advance_close_and_list(review_org: ReviewOrg) -> None:
    out = run("open", "h2", "--name", "研发下半年", "--period", "2026", "--units", "R",
              "--as-of", "2026-12-31", "--start", "2027-01-04")
    # R holds 吴博士 and 郑工
    assert out.strip() == "Opened cycle h2: 2 evaluations, self review until 2027-01-17."
    assert run("advance", "h2").strip() == "Cycle h2 is now in Manager review."
    assert run("advance", "h2").strip() == "Cycle h2 is now in Calibration."
    assert run("close", "h2").strip() == "Cycle h2 is now in Published."
    run("open", "g", "--name", "g", "--period", "2026", "--units", "R",
        "--guidance", "top: S A 30; rest: B C D 70")
    assert Cycle.objects.get(code="g").guidance[0] == {"group": "top", "ratings": ["S", "A"],
                                                        "share": 30.0}
    listing = run("list").splitlines()
    assert listing[0].split() == ["code", "name", "period", "phase", "evaluations"]
    assert listing[1].split() == ["2026-annual", "2026", "年度评估", "2026", "Draft", "0"]
    assert listing[2].split() == ["g", "g", "2026", "Self", "review", "2"]
    assert listing[3].split() == ["h2", "研发下半年", "2026", "Published", "2"]


@pytest.mark.parametrize(("args", "message"), [
    (("advance", "nope"), "There is no cycle 'nope'."),
    (("open", "x", "--name", "x", "--period", "1999", "--units", "S"),
     "period: There is no period '1999'."),
    (("open", "x", "--name", "x", "--period", "2026", "--units", "S", "--as-of", "June"),
     "Not a date (YYYY-MM-DD): June"),
    (("open", "x", "--name", "x", "--period", "2026", "--units", "S", "--max-adjustment",
      "many"), "--max-adjustment: not a number: many"),
    (("open", "x", "--name", "x", "--period", "2026", "--units", "S", "--guidance", "top S"),
     "guidance: Write each group as 'name: ratings share', e.g. top: S A 20; middle: B 70; "
     "bottom: C D 10 (group 1)."),
    (("close", "2026-annual"), "phase: Only a cycle in calibration or finalised can be closed; "
                               "'2026 年度评估' is in Draft."),
])
def test_bad_input_is_one_line_and_writes_nothing(review_org: ReviewOrg, args: tuple[str, ...],
                                                  message: str) -> None:
    with pytest.raises(CommandError) as error:
        run(*args)
    assert str(error.value) == message
    assert Cycle.objects.count() == 1


def test_close_refuses_while_calibration_is_open(review_org: ReviewOrg) -> None:
    review_org.advance(Phase.CALIBRATION)
    services.create_session(actor=review_org.actor("hr_admin"), cycle_id=review_org.cycle.pk,
                            name="销售", units=["S"], calibrators=[review_org.people["ceo"].pk])
    with pytest.raises(CommandError) as error:
        run("close", "2026-annual")
    assert str(error.value).startswith("phase: Calibration is still open in: 销售.")
    assert Cycle.objects.get().phase == Phase.CALIBRATION
