"""notify(): rows in the caller's transaction, e-mail after commit, in the reader's language."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.db import transaction
from django.test import override_settings
from django.utils import translation
from django.utils.translation import gettext_lazy

from flexperf.accounts.models import User
from flexperf.audit.models import AuditEntry
from flexperf.core.errors import NotFound
from flexperf.notifications import selectors, services
from flexperf.notifications.models import Notification
from tests import factories as f
from tests.conftest import SmallOrg


def with_email(user: User, address: str) -> User:
    user.email = address
    user.save(update_fields=["email"])
    return user


def test_each_recipient_gets_one_row_and_those_with_an_address_an_email_after_commit(
    small_org: SmallOrg, django_capture_on_commit_callbacks: Callable[..., Any], settings: Any,
) -> None:
    settings.FLEXPERF_PUBLIC_URL = "https://perf.example.com/"  # the link starts with it
    employee = with_email(small_org.users["employee"], "lin@example.com")
    manager = small_org.users["manager"]  # no e-mail address: in-app only
    with django_capture_on_commit_callbacks(execute=True):
        rows = services.notify(recipients=[employee, manager, employee, None],
                               kind="test", title="Goal under discussion: 铜价",
                               body="Copper is 20 % above plan.", url="/goals/7/")
        assert len(mail.outbox) == 0  # nothing leaves before the transaction commits
    assert sorted(r.recipient.username for r in rows) == ["employee", "manager"]
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert (sent.to, sent.subject) == (["lin@example.com"], "Goal under discussion: 铜价")
    assert sent.body == ("Copper is 20 % above plan.\n\n"
                         "Open it in flexperf: https://perf.example.com/goals/7/\n")
    stored = {n.recipient.username: n for n in Notification.objects.select_related("recipient")}
    assert stored["employee"].emailed_at is not None
    assert stored["manager"].emailed_at is None


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_leaves_no_notification_and_sends_nothing(
    small_org: SmallOrg,
) -> None:
    employee = with_email(small_org.users["employee"], "lin@example.com")

    def change_that_fails() -> None:
        with transaction.atomic():
            services.notify(recipients=[employee], kind="test", title="never")
            raise RuntimeError("the change failed")

    with pytest.raises(RuntimeError):
        change_that_fails()
    assert Notification.objects.count() == 0
    assert mail.outbox == []


def test_email_false_keeps_it_in_app(
    small_org: SmallOrg, django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    employee = with_email(small_org.users["employee"], "lin@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(recipients=[employee], kind="test", title="quiet", email=False)
    assert mail.outbox == []
    assert Notification.objects.get().emailed_at is None


def test_a_retried_email_job_never_sends_twice(
    small_org: SmallOrg, django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    employee = with_email(small_org.users["employee"], "lin@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        row = services.notify(recipients=[employee], kind="test", title="once")[0]
    assert services.send_emails([row.pk]) == 0
    assert len(mail.outbox) == 1


def test_inactive_accounts_are_not_notified(small_org: SmallOrg) -> None:
    gone = small_org.users["employee"]
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    assert services.notify(recipients=[gone], kind="test", title="x") == []


@override_settings(LANGUAGE_CODE="zh-hans")
def test_titles_are_stored_in_the_recipients_language_not_the_senders(
    small_org: SmallOrg,
) -> None:
    # No per-user language exists yet: the recipient reads the deployment's language.
    with translation.override("en"):
        row = services.notify(recipients=[small_org.users["employee"]], kind="test",
                              title=services.message(gettext_lazy("Employee")),
                              body=services.message("%(role)s: %(name)s",
                                                    role=gettext_lazy("Employee"), name="林"))[0]
    assert (row.title, row.body) == ("员工", "员工: 林")


def test_unread_counts_and_marking_read_are_audited(small_org: SmallOrg) -> None:
    employee = small_org.users["employee"]
    first, second, third = (services.notify(recipients=[employee], kind="test",
                                            title=f"n{i}")[0] for i in range(3))
    actor = f.actor(employee)
    assert selectors.unread_count(actor) == 3
    services.mark_read(actor=actor, notification_id=second.pk)
    services.mark_read(actor=actor, notification_id=second.pk)  # already read: nothing new
    assert selectors.unread_count(actor) == 2
    assert [n.title for n in selectors.notifications_of(actor, unread=True)] == ["n2", "n0"]
    assert services.mark_all_read(actor=actor) == 2
    assert selectors.unread_count(actor) == 0
    entries = AuditEntry.objects.filter(object_type="notifications.notification")
    assert sorted(int(e.object_id) for e in entries) == sorted([first.pk, second.pk, third.pk])


def test_someone_elses_notification_does_not_exist_for_you(small_org: SmallOrg) -> None:
    theirs = services.notify(recipients=[small_org.users["manager"]], kind="test",
                             title="private")[0]
    with pytest.raises(NotFound):
        services.mark_read(actor=f.actor(small_org.users["employee"]), notification_id=theirs.pk)
    hr = f.actor(small_org.users["hr_admin"])
    with pytest.raises(NotFound):
        selectors.access_notification(hr, theirs.pk)
    assert Notification.objects.get(pk=theirs.pk).read_at is None
