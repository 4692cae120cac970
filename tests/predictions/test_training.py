"""The generic trainer on generated tables: it finds a known signal, finds none where there is
none, never sees the target or a held-out fold while fitting, and drops duplicates first."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest
from sklearn.compose import ColumnTransformer

from flexperf.core.errors import ServiceError
from flexperf.predictions import tabular, training


def _table(n: int, *, signal: bool, seed: int = 1) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    hours = rng.normal(180, 30, n)
    satisfaction = rng.uniform(0, 1, n)
    team = rng.choice(["north", "south", "east"], n)
    logit = (hours - 180) / 15 - 4 * (satisfaction - 0.5) - 1 if signal else np.zeros(n) - 1
    left = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
    return pl.DataFrame({
        "employee_id": [f"E{i:05d}" for i in range(n)], "name": [f"Person {i}" for i in range(n)],
        "hours": hours.round(1).astype(str), "satisfaction": satisfaction.round(3).astype(str),
        "remote": np.where(rng.random(n) < 0.5, "Yes", "No"), "team": team,
        "hired": [f"2020-{1 + i % 12:02d}-01" for i in range(n)],
        "left": left.astype(str)})


def test_column_types_are_inferred_and_reported() -> None:
    data = tabular.prepare(_table(200, signal=True), target="left", positive="1",
                           id_column="employee_id", group_columns=["team"])
    assert data.plan.numeric == ("hours", "satisfaction")
    assert data.plan.boolean == ("remote",)
    assert data.plan.dates == ("hired",)
    assert data.plan.categorical == ("team",)
    assert dict(data.plan.dropped) == {
        "employee_id": "id column",
        "name": "text with 200 distinct values (names, ids or free text)"}
    assert "left" not in data.features  # the target is never a feature
    assert data.features == ("hours", "satisfaction", "remote", "hired", "team")
    assert data.x[0, 2] in (0.0, 1.0)
    assert data.groups["team"].shape == (200,)


def test_duplicates_are_dropped_and_counted() -> None:
    table = _table(100, signal=False).drop("employee_id", "name")
    doubled = pl.concat([table, table.head(30)])
    data = tabular.prepare(doubled, target="left", positive="1")
    assert data.rows_read == 130
    assert data.duplicates_dropped == 30
    assert data.rows == 100


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"target": "gone", "positive": "1"}, "target"),
    ({"target": "left", "positive": "maybe"}, "positive"),
    ({"target": "left", "positive": "1", "id_column": "nope"}, "id"),
    ({"target": "left", "positive": "1", "group_columns": ["nope"]}, "group"),
])
def test_bad_arguments_name_the_field(kwargs: dict[str, Any], field: str) -> None:
    with pytest.raises(ServiceError) as error:
        tabular.prepare(_table(50, signal=True), **kwargs)
    assert error.value.problems[0].field == field


def test_one_class_and_missing_file(tmp_path: Path) -> None:
    table = _table(50, signal=True).with_columns(pl.lit("1").alias("left"))
    with pytest.raises(ServiceError, match="one class only"):
        tabular.prepare(table, target="left", positive="1")
    with pytest.raises(ServiceError) as error:
        tabular.read_csv(tmp_path / "absent.csv")
    assert error.value.problems[0].field == "csv"


def test_positive_value_matches_numbers_as_numbers() -> None:
    table = _table(60, signal=True).with_columns(
        pl.col("left").replace({"1": "1.0", "0": "0.0"}))
    assert tabular.prepare(table, target="left", positive="1").positives > 0


def test_known_signal_is_found_and_no_signal_is_chance() -> None:
    settings = training.Settings(seed=0, max_iter=40)
    strong = training.cross_validate(
        tabular.prepare(_table(300, signal=True), target="left", positive="1",
                        id_column="employee_id"), settings)
    assert strong.folds == 5
    assert strong.calibrated
    assert strong.roc_auc.mean > 0.85
    assert strong.roc_auc.std > 0
    assert 0 < strong.brier.mean < 0.2
    none = training.cross_validate(
        tabular.prepare(_table(300, signal=False, seed=2), target="left", positive="1",
                        id_column="employee_id"), settings)
    assert 0.4 < none.roc_auc.mean < 0.6
    logistic = training.cross_validate(
        tabular.prepare(_table(300, signal=True), target="left", positive="1",
                        id_column="employee_id"), training.Settings(algorithm="logistic"))
    assert logistic.roc_auc.mean > 0.85
    assert not logistic.calibrated


def test_same_seed_same_numbers() -> None:
    data = tabular.prepare(_table(200, signal=True), target="left", positive="1",
                           id_column="employee_id")
    first = training.cross_validate(data, training.Settings(seed=4, max_iter=15))
    second = training.cross_validate(data, training.Settings(seed=4, max_iter=15))
    assert first.fold_metrics == second.fold_metrics


def test_preprocessing_is_fitted_on_training_folds_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every fit of the column transformer (imputation medians, one-hot categories) sees at
    most the training rows of one outer fold — never the whole table."""
    seen: list[int] = []
    original = ColumnTransformer.fit_transform

    def spy(self: ColumnTransformer, x: Any, y: Any = None, **params: Any) -> Any:
        seen.append(len(x))
        return original(self, x, y, **params)

    monkeypatch.setattr(ColumnTransformer, "fit_transform", spy)
    data = tabular.prepare(_table(250, signal=True), target="left", positive="1",
                           id_column="employee_id")
    training.cross_validate(data, training.Settings(algorithm="logistic"))
    assert len(seen) == 5
    assert max(seen) <= 200


def test_a_category_seen_only_in_the_held_out_fold_is_unknown_to_its_model() -> None:
    """A proxy category present in the table once (a held-out row) is not among the encoder's
    categories of the model that predicts that row: the encoder was fitted on the others."""
    rng = np.random.default_rng(5)
    n = 60
    y = np.array([1] * 20 + [0] * 40)
    proxy = np.array(["common"] * n, dtype=object)
    proxy[0] = "only-here"
    data = tabular.from_arrays({"noise": rng.normal(size=n)}, y, {"proxy": proxy})
    model = training.build(data, training.Settings(algorithm="logistic"))
    train = np.arange(1, n)
    model.fit(data.x[train], data.y[train])
    encoder = model.named_steps["prep"].named_transformers_["cat"].named_steps["onehot"]
    assert encoder.categories_[0].tolist() == ["common"]
    assert model.predict_proba(data.x[:1]).shape == (1, 2)  # unknown category: ignored
