"""The bell in the top bar and the notifications page: open (read and follow), mark read, mark
all read; someone else's notification does not exist for you."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from flexperf.notifications.models import Notification
from flexperf.notifications.services import notify
from tests.conftest import SmallOrg
from tests.pages.conftest import page


def _tell(org: SmallOrg, role: str, title: str, url: str = "") -> Notification:
    return notify(recipients=[org.users[role]], kind="test", title=gettext_lazy(title),
                  body="正文", url=url, email=False)[0]


def test_the_bell_shows_the_unread_count(small_org: SmallOrg) -> None:
    root = page(small_org.client("employee").get("/"))
    bell = root.one("a", id="bell")
    assert (bell.attrs["href"], bell.attrs["data-unread"]) == ("/notifications/", "0")
    assert bell.find_all(cls="bell-count") == []
    _tell(small_org, "employee", "One")
    _tell(small_org, "employee", "Two")
    _tell(small_org, "manager", "Not yours")
    bell = page(small_org.client("employee").get("/")).one("a", id="bell")
    assert bell.one(cls="bell-count").text == "2"
    assert bell.one(cls="bell-count").attrs["aria-label"] == "2 unread notifications"


def test_the_page_lists_mine_newest_first_and_marks_them_read(small_org: SmallOrg) -> None:
    first = _tell(small_org, "employee", "First")
    second = _tell(small_org, "employee", "Second", url=f"/goals/{first.pk}/")
    _tell(small_org, "manager", "Not yours")
    client = small_org.client("employee")
    root = page(client.get("/notifications/"))
    items = root.one(id="notifications").find_all("li", data_notification=True)
    assert [i.one(cls="notification-title").text for i in items] == [
        "Unread: Second", "Unread: First"]
    assert root.one("h1").text == "Notifications"
    assert client.post(f"/notifications/{first.pk}/read/").status_code == 302
    first.refresh_from_db()
    assert first.read_at is not None
    # Open: read, and off to where it points.
    response = client.post(f"/notifications/{second.pk}/open/")
    assert response["Location"] == f"/goals/{first.pk}/"
    second.refresh_from_db()
    assert second.read_at is not None
    assert page(client.get("/notifications/?unread=1")).find_all("li", data_notification=True) \
        == []


def test_mark_all_read_and_someone_elses_is_404(small_org: SmallOrg) -> None:
    _tell(small_org, "employee", "One")
    _tell(small_org, "employee", "Two")
    theirs = _tell(small_org, "manager", "Not yours")
    client = small_org.client("employee")
    assert client.post("/notifications/read-all/").status_code == 302
    assert Notification.objects.filter(recipient=small_org.users["employee"],
                                       read_at__isnull=True).count() == 0
    assert page(client.get("/notifications/")).one("p", cls="message-success").text == (
        "2 notifications were marked read.")
    assert client.post(f"/notifications/{theirs.pk}/read/").status_code == 404
    assert client.post(f"/notifications/{theirs.pk}/open/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_a_link_out_of_flexperf_is_not_followed(small_org: SmallOrg) -> None:
    odd = _tell(small_org, "employee", "Odd", url="//evil.example/")
    response = small_org.client("employee").post(f"/notifications/{odd.pk}/open/")
    assert response["Location"] == "/notifications/"
