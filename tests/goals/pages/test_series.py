"""External series (HR admin): the list, a new series, points loaded from a file with the
row-level report, and the goals watching a series."""

from __future__ import annotations

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from flexperf.goals.models import ExternalSeries, SeriesPoint
from flexperf.goals.services import series as services
from tests.goals import factories as f
from tests.goals.pages.conftest import Scored
from tests.pages.conftest import field_errors, page


def _csv(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("points.csv", text.encode(), content_type="text/csv")


def test_hr_admin_creates_a_series_and_bad_input_stays_on_the_form(scored: Scored) -> None:
    client = scored.org.org.client("hr_admin")
    root = page(client.post("/goals/series/", {"code": "copper price", "name": "",
                                               "frequency": "month"}), 422)
    assert field_errors(root) == {"code": ["Use letters, digits, '-' and '_' only."],
                                  "name": ["This field is required."]}
    assert not ExternalSeries.objects.exists()
    response = client.post("/goals/series/", {"code": "copper", "name": "铜价",
                                              "unit_label": "USD/t", "frequency": "month"})
    series = ExternalSeries.objects.get()
    assert response["Location"] == f"/goals/series/{series.pk}/"
    rows = page(client.get("/goals/series/")).one(id="series").find_all("tr", data_series=True)
    assert [[td.text for td in row.find_all("td")] for row in rows] == [
        ["铜价copper · USD/t", "Month", "0", "0"]]
    for role in ("hrbp", "manager", "employee"):
        assert scored.org.org.client(role).get("/goals/series/").status_code == 403, role


def test_points_from_a_csv_file_with_the_row_report(scored: Scored) -> None:
    series = services.create_series(actor=f.SYSTEM, code="copper", name="铜价")
    client = scored.org.org.client("hr_admin")
    url = f"/goals/series/{series.pk}/"
    root = page(client.post(url, {"file": _csv("date,value\n2026-04-30,120\n2026-05-31,abc\n"
                                                "2026-06-31,1\n")}), 422)
    problems = root.one(id="upload-problems").one("tbody").find_all("tr")
    assert [[td.text for td in tr.find_all("td")] for tr in problems] == [
        ["3", "value", "'abc' is not a number."],
        ["4", "date", "'2026-06-31' is not a date (YYYY-MM-DD)."]]
    assert not SeriesPoint.objects.exists()
    response = client.post(url, {"file": _csv("date,value\n2026-04-30,120\n2026-05-31,125\n")})
    assert response.status_code == 302
    assert [(p.on.isoformat(), p.value) for p in SeriesPoint.objects.order_by("on")] == [
        ("2026-04-30", Decimal(120)), ("2026-05-31", Decimal(125))]
    assert page(client.get(url)).one("p", cls="message-success").text == (
        "2 new and 0 changed points were loaded; 0 were already there.")
    wrong = page(client.post(url, {"file": SimpleUploadedFile("p.txt", b"x")}), 422)
    assert field_errors(wrong) == {"file": ["Upload a .csv or .xlsx file."]}


def test_a_series_lists_the_goals_watching_it(scored: Scored) -> None:
    series = services.create_series(actor=f.SYSTEM, code="copper", name="铜价")
    services.create_signal_link(actor=f.SYSTEM, goal_id=scored.kpi1.pk, series_id=series.pk,
                                plan_value=100, threshold_pct=10, consecutive_periods=2)
    root = page(scored.org.org.client("hr_admin").get(f"/goals/series/{series.pk}/"))
    watcher = root.one(id="watchers").one("li")
    assert watcher.one("a").attrs["href"] == f"/goals/{scored.kpi1.pk}/"
    assert watcher.one(cls="sub").text == "plan 100, beyond 10 % for 2 points"
