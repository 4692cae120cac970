"""Audit trail page (auditors, HR admins): filters, readable changes, chain verification, and a
CSV download that is itself audited."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.utils import timezone

from flexperf.audit.models import Action, AuditEntry
from flexperf.org import services
from tests import factories as f
from tests.audit.tampering import tamper
from tests.conftest import SmallOrg
from tests.pages.conftest import Node, field_errors, page


def _rows(root: Node) -> list[list[str]]:
    return [[td.text for td in tr.find_all("td")]
            for tr in root.one(id="audit-entries").one("tbody").find_all("tr")]


@pytest.mark.parametrize("role", ["auditor", "hr_admin"])
def test_auditors_and_hr_admins_browse_the_trail_newest_first(
    small_org: SmallOrg, role: str
) -> None:
    root = page(small_org.client(role).get("/audit/"))
    total = AuditEntry.objects.count()
    assert root.one(cls="result-count").text == f"{total} entries"
    seqs = [int(row[0]) for row in _rows(root)]
    assert seqs == list(range(total, max(total - 50, 0), -1))  # one page of 50


@pytest.mark.parametrize("role", ["employee", "manager", "hrbp", "executive", "partner"])
def test_other_roles_get_403(small_org: SmallOrg, role: str) -> None:
    client = small_org.client(role)
    assert client.get("/audit/").status_code == 403
    assert client.get("/audit/verify/").status_code == 403
    assert client.get("/audit/export.csv").status_code == 403
    assert not AuditEntry.objects.filter(action=Action.EXPORT).exists()


def test_filters_by_action_and_object_type(small_org: SmallOrg) -> None:
    root = page(small_org.client("auditor").get(
        "/audit/", {"action": "create", "object_type": "org.unit"}))
    assert [row[4] for row in _rows(root)] == [
        f"org.unit:{small_org.units[c].pk} {name}"
        for c, name in (("H", "人力资源部"), ("R", "研发中心"), ("SE", "华东销售"),
                        ("S", "销售事业部"), ("G", "集团总部"))]


def test_filters_by_actor_object_id_and_text(small_org: SmallOrg) -> None:
    rep2 = small_org.people["rep2"]
    client = small_org.client("hr_admin")
    client.get(f"/people/{rep2.pk}/")  # an audited read
    by_actor = _rows(page(client.get("/audit/", {"actor": "hr_admin"})))
    assert [row[3] for row in by_actor] == ["Read", "Sign-in"]
    by_object = _rows(page(client.get("/audit/", {"object_type": "org.person",
                                                  "object_id": str(rep2.pk)})))
    assert [row[3] for row in by_object] == ["Read", "Create"]
    by_text = _rows(page(client.get("/audit/", {"q": "赵磊"})))
    assert [row[4] for row in by_text] == [f"org.person:{rep2.pk} 赵磊"] * 2


def test_filters_by_dates_in_whole_local_days(small_org: SmallOrg) -> None:
    client = small_org.client("auditor")
    today = timezone.localdate()
    total = AuditEntry.objects.count()
    same_day = page(client.get("/audit/", {"since": today.isoformat(),
                                           "until": today.isoformat()}))
    assert same_day.one(cls="result-count").text == f"{total} entries"
    tomorrow = (today + dt.timedelta(days=1)).isoformat()
    assert _rows(page(client.get("/audit/", {"since": tomorrow}))) == [
        ["No entries match."]]


def test_bad_filters_come_back_on_the_form(small_org: SmallOrg) -> None:
    root = page(small_org.client("auditor").get(
        "/audit/", {"since": "2026-05-02", "until": "2026-05-01", "action": "explode"}))
    errors = field_errors(root)
    assert errors["until"] == ["The end date is before the start date."]
    assert list(errors) == ["action", "until"]
    assert _rows(root) == [["No entries match."]]


def test_changes_read_as_before_and_after_in_words(small_org: SmallOrg) -> None:
    services.update_person(actor=f.SYSTEM, person_id=small_org.people["rep2"].pk,
                           status="on_leave", unit=small_org.units["S"].pk)
    root = page(small_org.client("auditor").get(
        "/audit/", {"action": "update", "object_type": "org.person"}))
    change = root.one(id="audit-entries").one("tbody").find_all("tr")[0]
    assert change.texts("li") == [
        "Status Active → On leave",
        f"Unit 华东销售 (#{small_org.units['SE'].pk}) → 销售事业部 (#{small_org.units['S'].pk})",
    ]


def test_verify_chain_reports_an_intact_chain(small_org: SmallOrg) -> None:
    client = small_org.client("auditor")
    total = AuditEntry.objects.count()
    full = page(client.get("/audit/verify/"))
    assert full.one(id="verify-outcome").text == f"Chain intact: all {total} entries verified."
    fragment = client.get("/audit/verify/", headers={"hx-request": "true"})
    assert b"<html" not in fragment.content
    assert page(fragment).one(id="verify-outcome").attrs["data-ok"] == "true"


def test_verify_chain_names_the_first_altered_entry(small_org: SmallOrg) -> None:
    client = small_org.client("auditor")
    tamper("UPDATE audit_auditentry SET object_repr = %s WHERE seq = %s", ["forged", 3])
    outcome = page(client.get("/audit/verify/")).one(id="verify-outcome")
    assert outcome.attrs["data-ok"] == "false"
    assert outcome.text.startswith("Chain broken at entry #3 (2 entries before it hold).")


def test_csv_download_holds_the_filtered_entries_and_is_audited(small_org: SmallOrg) -> None:
    client = small_org.client("auditor")
    response = client.get("/audit/export.csv", {"object_type": "org.unit"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="audit-trail-')
    text = b"".join(response.streaming_content).decode("utf-8")  # type: ignore[attr-defined]
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    units = AuditEntry.objects.filter(object_type="org.unit").order_by("-seq")
    assert [int(r["seq"]) for r in rows] == [e.seq for e in units]
    assert [r["object"] for r in rows][-1] == "集团总部"
    export = AuditEntry.objects.get(action=Action.EXPORT)
    assert (export.actor_username, export.object_type) == ("auditor", "audit.auditentry")
    assert export.context == {"filters": {"object_type": "org.unit"}}
    assert export.seq > max(int(r["seq"]) for r in rows)  # the download is not in itself


def test_csv_cells_cannot_run_as_spreadsheet_formulas(small_org: SmallOrg) -> None:
    f.person("=HYPERLINK(1)", small_org.units["R"])
    response = small_org.client("auditor").get("/audit/export.csv", {"action": "create",
                                                                     "q": "HYPERLINK"})
    text = b"".join(response.streaming_content).decode("utf-8")  # type: ignore[attr-defined]
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert [r["object"] for r in rows] == ["'=HYPERLINK(1)"]


def test_csv_download_with_bad_filters_goes_back_to_the_form(small_org: SmallOrg) -> None:
    response = small_org.client("auditor").get("/audit/export.csv", {"since": "someday"})
    assert response.status_code == 302
    assert response["Location"] == "/audit/?since=someday"
    assert not AuditEntry.objects.filter(action=Action.EXPORT).exists()
