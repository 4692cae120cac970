"""`flexperf insights …`: train-attrition on a CSV (text and JSON), its one-line errors, retrain,
refresh."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import numpy as np
import pytest
from django.core.management import CommandError, call_command

from flexperf.predictions.models import Kind, ModelVersion
from tests.conftest import SmallOrg


def _csv(path: Path, *, single_class: bool = False) -> Path:
    rng = np.random.default_rng(0)
    lines = ["id,hours,satisfaction,team,left"]
    for i in range(120):
        hours = rng.normal(180, 30)
        satisfaction = rng.uniform(0, 1)
        risk = 1 / (1 + np.exp(-((hours - 180) / 15 - 4 * (satisfaction - 0.5) - 1)))
        left = 1 if single_class else int(rng.random() < risk)
        lines.append(f"{i},{hours:.1f},{satisfaction:.3f},{'ab'[i % 2]},{left}")
    lines += [lines[1], lines[2]]  # two exact duplicates, ids included
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.django_db
def test_train_attrition_json(tmp_path: Path) -> None:
    out = StringIO()
    call_command("insights", "train-attrition", "--csv", str(_csv(tmp_path / "hr.csv")),
                 "--target", "left", "--positive", "1", "--id", "id", "--group", "team",
                 "--json", stdout=out)
    body = json.loads(out.getvalue())
    assert set(body["roc_auc"]) == {"mean", "std"}
    assert body["roc_auc"]["mean"] > 0.7
    assert set(body["pr_auc"]) == {"mean", "std"}
    assert set(body["brier"]) == {"mean", "std"}
    assert body["rows"] == 120
    assert body["duplicates_dropped"] == 2
    assert body["features"] == ["hours", "satisfaction", "team"]
    assert body["model_version"] == "attrition_table-v1"
    version = ModelVersion.objects.get()
    assert version.kind == Kind.ATTRITION_TABLE
    assert not version.is_active
    assert [g["group"] for g in version.groups] == ["a", "b"]


@pytest.mark.django_db
def test_train_attrition_text(tmp_path: Path) -> None:
    out = StringIO()
    call_command("insights", "train-attrition", "--csv", str(_csv(tmp_path / "hr.csv")),
                 "--target", "left", "--positive", "1", stdout=out)
    text = out.getvalue()
    assert "ROC-AUC" in text
    assert "PR-AUC" in text
    assert "Brier" in text
    assert " ± " in text
    assert "2 exact duplicates dropped" in text
    assert "Dropped id: looks like an identifier (all values distinct)" in text


@pytest.mark.django_db
@pytest.mark.parametrize(("args", "message"), [
    (["--csv", "MISSING", "--target", "left", "--positive", "1"], "csv: no such file"),
    (["--target", "quit", "--positive", "1"], "target: no column 'quit'"),
    (["--target", "left", "--positive", "yes"], "positive: value 'yes' does not occur"),
])
def test_train_attrition_errors(tmp_path: Path, args: list[str], message: str) -> None:
    if "--csv" not in args:
        args = ["--csv", str(_csv(tmp_path / "hr.csv")), *args]
    with pytest.raises(CommandError) as error:
        call_command("insights", "train-attrition", *args)
    assert str(error.value).startswith(message)
    assert "\n" not in str(error.value)
    assert not ModelVersion.objects.exists()


@pytest.mark.django_db
def test_single_class_target(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="one class only"):
        call_command("insights", "train-attrition", "--csv",
                     str(_csv(tmp_path / "hr.csv", single_class=True)), "--target", "left",
                     "--positive", "1")


def test_retrain_from_history(history_org: SmallOrg) -> None:
    out = StringIO()
    call_command("insights", "retrain", "--as-of", "2026-06-30", "--json", stdout=out)
    body = json.loads(out.getvalue())
    assert body["model_version"] == "attrition-v1"
    assert body["positives"] == 6
    with pytest.raises(CommandError, match="Not a date"):
        call_command("insights", "retrain", "--as-of", "June")


@pytest.mark.django_db
def test_refresh_prints_the_report_or_says_insights_is_missing() -> None:
    out, err = StringIO(), StringIO()
    try:
        from flexperf.insights.services import refresh_insights  # noqa: F401
    except ImportError:
        with pytest.raises(SystemExit) as exit_:
            call_command("insights", "refresh", "--as-of", "2026-06-30", stdout=out, stderr=err)
        assert exit_.value.code == 2
        assert "insights domain is not available" in err.getvalue()
    else:
        call_command("insights", "refresh", "--as-of", "2026-06-30", stdout=out, stderr=err)
        assert out.getvalue().startswith("Refreshed as of 2026-06-30:")
