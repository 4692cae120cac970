"""Telling people: in-app notifications, e-mailed after the change that caused them commits.

Other domains call :func:`notify` inside their own transaction, so a notification exists exactly
when the change it announces does. Texts are translatable: pass ``gettext_lazy`` strings (or
:func:`message` for texts with values) and each recipient's copy is stored rendered in that
recipient's language.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone, translation
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext as _

from flexperf.accounts.models import User
from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.core.actors import Actor
from flexperf.notifications.models import Notification
from flexperf.notifications.selectors import access_notification, notifications_of

Text = str | Promise

TITLE_MAX = Notification._meta.get_field("title").max_length or 300


def _render(template: Text, params: Mapping[str, object]) -> str:
    text = str(template)
    return text % params if params else text


_lazy_render = lazy(_render, str)


def message(template: Text, **params: object) -> Text:
    """A translatable text with values, rendered when it is read (a lazy string): in the
    recipient's language when :func:`notify` stores it. Values may themselves be lazy."""
    return _lazy_render(template, params)


def language_of(user: User) -> str:
    """The language a user reads. There is no per-user preference yet, so this is the
    deployment's language (settings.LANGUAGE_CODE) unless a `preferred_language` appears."""
    preferred = getattr(user, "preferred_language", "")
    return str(preferred) if preferred else str(settings.LANGUAGE_CODE)


def notify(*, recipients: Iterable[User | None], kind: str, title: Text, body: Text = "",
           url: str = "", email: bool = True) -> list[Notification]:
    """Create one notification per distinct, active recipient (None entries are skipped) in the
    caller's transaction; after it commits, e-mail those who have an address (a background
    job). Returns the created rows."""
    users: dict[int, User] = {}
    for user in recipients:
        if user is not None and user.is_active and user.pk not in users:
            users[user.pk] = user
    rows = []
    for user in users.values():
        with translation.override(language_of(user)):
            rows.append(Notification(recipient=user, kind=kind, title=str(title)[:TITLE_MAX],
                                     body=str(body), url=url))
    Notification.objects.bulk_create(rows)
    to_email = [row.pk for row in rows if email and row.recipient.email]
    if to_email:
        transaction.on_commit(partial(_enqueue_emails, to_email))
    return rows


def _enqueue_emails(ids: list[int]) -> None:
    from flexperf.notifications import tasks  # the job module imports this one

    tasks.send_emails(ids)


def send_emails(notification_ids: Iterable[int]) -> int:
    """E-mail the given notifications not yet e-mailed, through Django's mail backend; each is
    marked `emailed_at` as soon as it is sent, so a retried job never sends one twice. Returns
    how many were sent."""
    pending = (Notification.objects.filter(pk__in=list(notification_ids), emailed_at__isnull=True)
               .exclude(recipient__email="").select_related("recipient").order_by("pk"))
    sent = 0
    with get_connection() as connection:
        for notification in pending:
            user = notification.recipient
            with translation.override(language_of(user)):
                mail = EmailMessage(subject=notification.title, body=_email_body(notification),
                                    to=[user.email], connection=connection)
            mail.send()
            Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
            sent += 1
    return sent


def _email_body(notification: Notification) -> str:
    parts = [notification.body] if notification.body else []
    if notification.url:
        base = str(getattr(settings, "FLEXPERF_PUBLIC_URL", "")).rstrip("/")
        parts.append(_("Open it in flexperf: %(url)s") % {"url": base + notification.url})
    return "\n\n".join(parts) + "\n"


def mark_read(*, actor: Actor, notification_id: int) -> Notification:
    """Mark one of the caller's notifications read (NotFound for anyone else's)."""
    with transaction.atomic():
        notification = access_notification(actor, notification_id, for_update=True)
        if notification.read_at is None:
            notification.read_at = timezone.now()
            notification.save(update_fields=["read_at"])
            audit.record(actor, audit.draft_for(notification, Action.UPDATE, changes={
                "read_at": [None, notification.read_at]}))
    return notification


def mark_all_read(*, actor: Actor) -> int:
    """Mark every unread notification of the caller read; how many were."""
    with transaction.atomic():
        unread = list(notifications_of(actor, unread=True).select_for_update())
        now = timezone.now()
        Notification.objects.filter(pk__in=[n.pk for n in unread]).update(read_at=now)
        audit.record_many(actor, [
            audit.draft_for(n, Action.UPDATE, changes={"read_at": [None, now]}) for n in unread])
    return len(unread)
