"""Reviews in the Django admin are for browsing (flexperf.reviews.admin)."""

from __future__ import annotations

from django.test import Client

from flexperf.accounts.models import User
from flexperf.reviews.models import Phase
from tests.reviews.conftest import ReviewOrg


def test_every_reviews_table_is_browsable_and_nothing_can_be_added_or_changed(
        review_org: ReviewOrg) -> None:
    review_org.advance(Phase.SELF_REVIEW)
    client = Client()
    client.force_login(User.objects.create_superuser("root", password="x" * 12))
    for model in ("cycle", "evaluation", "calibrationsession", "ratingchange"):
        assert client.get(f"/admin/reviews/{model}/").status_code == 200, model
        assert client.get(f"/admin/reviews/{model}/add/").status_code == 403, model
    cycle = review_org.cycle
    assert client.get(f"/admin/reviews/cycle/{cycle.pk}/change/").status_code == 200
    assert client.post(f"/admin/reviews/cycle/{cycle.pk}/change/",
                       {"name": "x"}).status_code == 403
    cycle.refresh_from_db()
    assert cycle.name == "2026 年度评估"
