"""A CRM's opportunities export (Salesforce-like CSV): each opportunity → ``crm_opportunity``
at its Created Date with its Amount; a won one also → ``crm_won`` at its Close Date. The
opportunity name and description are never read.

Columns: Opportunity ID, Owner Email (or Owner), Created Date; optional Stage, Amount,
Close Date, Probability (%)."""

from __future__ import annotations

from collections.abc import Iterator

from flexperf.signals.connectors import records, require, stamp
from flexperf.signals.drafts import EventDraft


class SalesforceOpportunities:
    code = "salesforce"

    def parse(self, data: bytes, filename: str) -> Iterator[EventDraft]:
        first = True
        for line, row in records(data, filename):
            if first:
                require(row, ("opportunity id", "created date"), filename)
                first = False
            key = str(row.get("opportunity id") or "").strip()
            owner = str(row.get("owner email") or row.get("owner") or "").strip()
            stage = str(row.get("stage") or "").strip()
            meta = {"stage": stage, "probability": row.get("probability") or None}
            amount = row.get("amount") or None
            yield EventDraft(line=line, external_id=f"{key}:open", kind="crm_opportunity",
                             person=owner, occurred_at=stamp(row.get("created date")),
                             value=amount, metadata=meta)
            if stage.lower() == "closed won" and row.get("close date"):
                yield EventDraft(line=line, external_id=f"{key}:won", kind="crm_won",
                                 person=owner, occurred_at=stamp(row.get("close date")),
                                 value=amount, metadata=meta)
