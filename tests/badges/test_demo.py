"""The badges demo on a small org demo: ~2 % of people with badges, one revoked by two
different approvers, the chain audits clean, the same seed gives the same awards."""

from __future__ import annotations

import json

from flexperf.badges import selectors
from flexperf.badges.demo.loader import badges_demo_loaded, load_badges_demo
from flexperf.badges.models import BadgeAward, ChainEntry, RevocationRequest
from flexperf.core.actors import Actor
from flexperf.org.demo import loader as org_loader


def test_demo(db: None) -> None:
    system = Actor.system()
    org_loader.load_demo(actor=system, size=300, seed=7)
    assert not badges_demo_loaded()
    counts = load_badges_demo(actor=system, seed=7)
    assert badges_demo_loaded()
    # 2 % of the active people (fewer than 300: some have left)
    assert counts["awards"] == BadgeAward.objects.count() == 5
    assert counts["revoked"] == 1
    assert ChainEntry.objects.count() == counts["chain_entries"] == 6
    request = RevocationRequest.objects.get()
    assert request.status == "approved"
    assert request.requested_by_name != request.decided_by_name
    assert selectors.audit_chain().ok
    days = [a.issued_on.isoformat() for a in BadgeAward.objects.order_by("entry_seq")]
    assert days == sorted(days)
    assert days[0] >= "2025-07-01"
    assert days[-1] <= "2026-06-30"
    first = json.loads(ChainEntry.objects.get(seq=1).payload)
    assert first["issued_on"] == days[0]
