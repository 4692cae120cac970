"""A chat tool's channel export (Slack-like JSON): each message → a ``message`` event with its
channel, time, reply count and the people it mentions or who replied (counterparts). The text
is read only to count mentions and is never kept.

Accepted shapes: a list of messages; or {"channel": "...", "messages": [...],
"users": {"U123": "employee number or e-mail"}}. A message: {"user", "ts", "reply_count",
"reply_users", "text", "client_msg_id"}; `ts` is Unix seconds."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from pathlib import PurePath
from typing import Any

from django.utils.translation import gettext as _

from flexperf.core.errors import Problem, ServiceError
from flexperf.signals.drafts import EventDraft

_MENTION = re.compile(r"<@([A-Z0-9]+)>")


class SlackExport:
    code = "slack"

    def parse(self, data: bytes, filename: str) -> Iterator[EventDraft]:
        try:
            value = json.loads(data.decode("utf-8-sig"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise ServiceError(Problem("file", _("%(file)s is not a JSON chat export.")
                                       % {"file": filename})) from exc
        channel = PurePath(filename).parent.name or PurePath(filename).stem
        users: Mapping[str, Any] = {}
        if isinstance(value, dict):
            channel = str(value.get("channel") or channel)
            users = value.get("users") or {}
            value = value.get("messages", [])
        if not isinstance(value, list):
            raise ServiceError(Problem("file", _("%(file)s is not a JSON chat export.")
                                       % {"file": filename}))
        for line, message in enumerate(value, start=1):
            if not isinstance(message, dict):
                yield EventDraft(line=line, external_id="", kind="message")
                continue
            yield self.draft(line, message, channel, users)

    @staticmethod
    def draft(line: int, message: Mapping[str, Any], channel: str,
              users: Mapping[str, Any]) -> EventDraft:
        def who(user: Any) -> str:
            return str(users.get(str(user), user) or "").strip()

        text = str(message.get("text") or "")
        mentioned = _MENTION.findall(text)
        repliers = [u for u in message.get("reply_users") or [] if isinstance(u, str)]
        others = tuple(dict.fromkeys(who(u) for u in [*mentioned, *repliers] if u))
        ts = str(message.get("ts") or "")
        return EventDraft(
            line=line, external_id=f"{channel}:{ts}" if ts else "", kind="message",
            person=who(message.get("user")), occurred_at=ts or None,
            counterparts=others, participants=len(others) + 1,
            metadata={"channel": channel, "reply_count": message.get("reply_count") or 0,
                      "mentions": len(mentioned),
                      "thread": bool(message.get("thread_ts"))})
