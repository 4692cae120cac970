"""Model pages: list, card (reliability diagram, groups), train form (HR admin), by role."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from flexperf.core.actors import Actor
from flexperf.predictions.models import ModelVersion
from flexperf.predictions.services import train_attrition_from_history
from tests.conftest import SmallOrg
from tests.predictions.conftest import AS_OF


def test_pages_by_role(history_org: SmallOrg) -> None:
    version = train_attrition_from_history(actor=Actor.system(), as_of=AS_OF)
    admin = history_org.client("hr_admin")
    listing = admin.get(reverse("predictions_models"))
    assert listing.status_code == 200
    assert b"attrition-v1" in listing.content
    card = admin.get(reverse("predictions_model", args=[version.pk]))
    html = card.content.decode()
    assert card.status_code == 200
    assert '<svg class="reliability"' in html
    assert "<script" not in html.split("</main>")[0][-2000:]
    assert 'data-metric="ROC-AUC"' in html
    assert "Too few to judge" in html
    assert admin.get(reverse("predictions_train")).status_code == 200
    manager = history_org.client("manager")
    assert manager.get(reverse("predictions_model", args=[version.pk])).status_code == 200
    assert manager.get(reverse("predictions_train")).status_code == 403
    employee = history_org.client("employee")
    assert employee.get(reverse("predictions_models")).status_code == 403
    assert employee.get(reverse("predictions_model", args=[version.pk])).status_code == 403


def test_train_form_re_renders_naming_the_field(history_org: SmallOrg) -> None:
    admin = history_org.client("hr_admin")
    upload = SimpleUploadedFile("hr.csv", b"a,b,left\n1,2,0\n2,3,1\n3,4,0\n")
    response = admin.post(reverse("predictions_train"), {
        "mode": "csv", "file": upload, "target": "quit", "positive": "1"})
    assert response.status_code == 422
    assert "no column &#x27;quit&#x27;" in response.content.decode()
    assert not ModelVersion.objects.exists()
    response = admin.post(reverse("predictions_train"), {"mode": "history", "as_of": "2026-06-30"})
    assert response.status_code == 302
    version = ModelVersion.objects.get()
    assert response["Location"] == reverse("predictions_model", args=[version.pk])


def test_zh_hans_card(history_org: SmallOrg) -> None:
    version = train_attrition_from_history(actor=Actor.system(), as_of=AS_OF)
    client = history_org.client("hr_admin")
    response = client.get(reverse("predictions_model", args=[version.pk]),
                          headers={"accept-language": "zh-hans"})
    assert response.status_code == 200
