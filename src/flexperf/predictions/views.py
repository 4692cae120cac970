"""Model pages: the list of model versions, a model card, training (HR admin)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from flexperf.core import clock
from flexperf.core.errors import ServiceError
from flexperf.core.views import current_actor, page
from flexperf.goals.forms.problems import place
from flexperf.predictions import selectors
from flexperf.predictions.charts import reliability_svg
from flexperf.predictions.engines import fairness
from flexperf.predictions.forms import TrainCsvForm, TrainHistoryForm
from flexperf.predictions.labels import WARNING_LABELS, dimension_label, feature_label
from flexperf.predictions.models import ModelVersion
from flexperf.predictions.services import (
    activate_model,
    train_attrition_from_csv,
    train_attrition_from_history,
)
from flexperf.predictions.services.models import require_hr_admin


def _is_hr_admin(actor: Any) -> bool:
    return bool(actor.is_hr_admin)


@page(allow=selectors.can_read_cards)
def model_list(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    versions = list(selectors.models_visible_to(actor))
    return render(request, "predictions/models.html",
                  {"versions": versions, "can_edit": actor.is_hr_admin})


def _groups(version: ModelVersion) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for dimension in dict.fromkeys(str(g["dimension"]) for g in version.groups):
        rows = [{**g, "warning_labels": [str(WARNING_LABELS.get(w, w)) for w in g["warnings"]]}
                for g in version.groups if g["dimension"] == dimension]
        out.append({"name": dimension_label(dimension), "rows": rows,
                    "flagged": any(r["warnings"] for r in rows)})
    return out


@page(allow=selectors.can_read_cards)
def model_card(request: HttpRequest, model_id: int) -> HttpResponse:
    actor = current_actor(request)
    version = selectors.access_model(actor, model_id)
    metrics = version.metrics
    return render(request, "predictions/card.html", {
        "v": version, "metrics": [(name, metrics.get(key)) for key, name in
                                  (("roc_auc", "ROC-AUC"), ("pr_auc", "PR-AUC"),
                                   ("brier", "Brier"))],
        "chart": reliability_svg(version.calibration),
        "features": [(f, feature_label(f)) for f in version.features],
        "groups": _groups(version), "can_edit": actor.is_hr_admin,
        "min_group": fairness.MIN_GROUP, "auc_gap": fairness.AUC_GAP,
        "ratio_low": fairness.RATIO_LOW, "ratio_high": fairness.RATIO_HIGH,
    })


@require_http_methods(["GET", "POST"])
@page(allow=_is_hr_admin)
def model_train(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    require_hr_admin(actor)
    mode = request.POST.get("mode", "history")
    history_form = TrainHistoryForm(request.POST if mode == "history" and request.method == "POST"
                                    else None, initial={"as_of": clock.today()})
    csv_form = TrainCsvForm(request.POST if mode == "csv" else None,
                            request.FILES if mode == "csv" else None)
    if request.method == "POST":
        form = history_form if mode == "history" else csv_form
        if form.is_valid():
            try:
                version = _train(actor, mode, form.cleaned_data)
            except ServiceError as error:
                place(error, form, aliases={"csv": "file", "id": "id_column",
                                            "group": "groups", "positive": "positive",
                                            "target": "target"})
            else:
                messages.success(request, _("Model %(label)s was trained.")
                                 % {"label": version.label})
                return redirect("predictions_model", model_id=version.pk)
    failed = request.method == "POST"
    return render(request, "predictions/train.html",
                  {"history_form": history_form, "csv_form": csv_form, "mode": mode},
                  status=422 if failed else 200)


def _train(actor: Any, mode: str, data: dict[str, Any]) -> ModelVersion:
    if mode == "history":
        return train_attrition_from_history(actor=actor, as_of=data["as_of"])
    upload = data["file"]
    groups = [g.strip() for g in (data.get("groups") or "").split(",") if g.strip()]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / Path(upload.name or "table.csv").name
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        return train_attrition_from_csv(actor=actor, path=path, target=data["target"].strip(),
                                        positive=data["positive"].strip(),
                                        id_column=(data.get("id_column") or "").strip() or None,
                                        group_columns=groups)


@require_POST
@page(allow=_is_hr_admin)
def model_activate(request: HttpRequest, model_id: int) -> HttpResponse:
    try:
        version = activate_model(actor=current_actor(request), model_id=model_id)
    except ServiceError as error:
        messages.error(request, "; ".join(p.message for p in error.problems))
    else:
        messages.success(request, _("Model %(label)s now scores people.")
                         % {"label": version.label})
    return redirect("predictions_model", model_id=model_id)
