"""The pure engines on constructed data: exact numbers, and calibration on generated data."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest
from scipy.stats import norm

from flexperf.org.demographics import age_band
from flexperf.predictions.engines import delay, target_miss
from flexperf.predictions.engines.calibration import expected_calibration_error, reliability
from flexperf.predictions.engines.fairness import group_metrics
from flexperf.predictions.types import band_of

# --- project delay ----------------------------------------------------------------------


def _milestones(due: list[float], accepted: list[float], as_of: float) -> delay.Milestones:
    return delay.Milestones(due=np.array(due), weight=np.ones(len(due)),
                            accepted=np.array(accepted), start=0.0, as_of=as_of)


def test_delay_features_exact() -> None:
    # span 0–100; at day 50: milestone due 20 accepted at 30 (50 % late), due 40 still open
    # (at least 25 % late), due 100 not due yet
    x = delay.features(_milestones([20, 40, 100], [30, math.nan, math.nan], 50))
    assert x is not None
    assert x.tolist() == pytest.approx([(0.5 + 0.25) / 2, 2 / 3 - 1 / 3, 0.5])
    p = delay.probability(x)
    z = delay.INTERCEPT + sum(c * v for c, v in zip(delay.COEFFICIENTS, x, strict=True))
    assert p == pytest.approx(1 / (1 + math.exp(-z)))
    reasons = dict((name, c) for name, c, _v in delay.contributions(x))
    assert reasons == {"slip": pytest.approx(round(9.0585 * 0.375, 4)),
                       "progress_gap": pytest.approx(round(10.1048 / 3, 4))}


def test_delay_on_plan_is_low_and_slipping_is_high() -> None:
    on_plan = delay.features(_milestones([25, 50, 75, 100], [24, 49, math.nan, math.nan], 60))
    slipping = delay.features(_milestones([25, 50, 75, 100], [40, math.nan, math.nan, math.nan],
                                          60))
    assert on_plan is not None
    assert slipping is not None
    # on plan, the simulated base rate remains (four in ten projects finish late)
    assert delay.probability(on_plan) == pytest.approx(1 / (1 + math.exp(0.572 + 0.4477 * 0.6)))
    assert band_of(delay.probability(slipping)) == "high"
    assert delay.features(_milestones([], [], 10)) is None


def test_delay_bands_match_observed_frequencies() -> None:
    """Fresh simulated projects (another seed than the fit): in each band, the mean predicted
    probability and the observed delay rate agree within 0.06."""
    x, y = delay.simulate(3000, seed=11)
    p = np.array([delay.probability(row) for row in x])
    for low, high in ((0.0, 0.25), (0.25, 0.5), (0.5, 1.01)):
        mask = (p >= low) & (p < high)
        assert mask.sum() > 200
        assert abs(p[mask].mean() - y[mask].mean()) < 0.06, (low, high)


# --- target miss ------------------------------------------------------------------------


def test_target_miss_without_spread_is_not_certain() -> None:
    """Three identical months do not prove there is no spread: the prior (σ0 = 20 % of the
    monthly rate the target needs, 2 pseudo readings) keeps the probability off 0 and 1, and
    it still leans the right way (and flips with the direction)."""
    steady = np.array([10.0, 10.0, 10.0])
    ahead = target_miss.simulate(target_miss.RunRate(steps=steady, current=30, remaining=9,
                                                     target=110))
    behind = target_miss.simulate(target_miss.RunRate(steps=steady, current=30, remaining=9,
                                                      target=130))
    assert 0.0 < ahead.probability < 0.25 < 0.75 < behind.probability < 1.0
    lower = target_miss.simulate(target_miss.RunRate(steps=steady, current=30, remaining=9,
                                                     target=110, higher_is_better=False))
    assert lower.probability == pytest.approx(1 - ahead.probability, abs=0.01)


def _student(gap: float, scale: float, dof: int) -> float:
    from scipy.stats import t as student

    return float(student.cdf(gap / scale, dof))


def test_target_miss_matches_the_posterior_predictive() -> None:
    """With n observed months (mean m, sd s), r left and the prior (ν0 = 2, σ0), the posterior
    predictive of the final total is Student-t with ν = ν0 + n − 1 degrees of freedom, centre
    current + r·m, scale σ_n·√(r + r²/n), σ_n² = (ν0·σ0² + (n − 1)·s²) / ν; 5,000 paths land
    within 0.02 of it, and the same seed repeats exactly."""
    steps = np.array([10.0, 12.0, 9.0, 11.0, 10.0, 8.0])
    run = target_miss.RunRate(steps=steps, current=60, remaining=6, target=125)
    outcome = target_miss.simulate(run, seed=3)
    m, s, n, r = steps.mean(), steps.std(ddof=1), 6, 6
    sd0 = target_miss.PRIOR_CV * 125 / 12
    nu = target_miss.PRIOR_DOF + n - 1
    sigma = math.sqrt((target_miss.PRIOR_DOF * sd0**2 + (n - 1) * s**2) / nu)
    exact = _student(125 - 60 - r * m, sigma * math.sqrt(r + r * r / n), nu)
    assert outcome.probability == pytest.approx(exact, abs=0.02)
    assert outcome.volatility == pytest.approx(sigma)
    assert target_miss.simulate(run, seed=3).probability == outcome.probability
    assert outcome.needed_rate == pytest.approx(65 / 6)
    reasons = {name: (c, v) for name, c, v in outcome.reasons}
    assert reasons["run_rate_gap"][1] == pytest.approx(round(10 - 65 / 6, 4))
    assert reasons["run_rate_gap"][0] > 0.2  # behind the needed rate: most of the risk
    assert reasons["remaining_periods"] == (0.0, 6.0)
    assert norm.cdf(0) == 0.5  # scipy is present for the exact references


def test_target_miss_level_matches_the_posterior_predictive() -> None:
    """A level (latest value) on the goals domain's path, a line from the origin: β̂ =
    Σt·(y − o) / Σt², final = o + β at t = 1, Student-t with scale σ_n·√(1 + 1/Σt²)."""
    t = np.array([0.25, 0.5])
    y = np.array([66.4, 64.0])  # days sales outstanding, lower is better, from 68 towards 60
    series = target_miss.Series(summed=False, x=t, y=y, target=60.0, higher_is_better=False,
                                origin=68.0, months=12, months_left=6)
    outcome = target_miss.score([series])[0]
    sxx = float((t * t).sum())
    beta = float((t * (y - 68)).sum()) / sxx
    ss = float(((y - 68 - beta * t) ** 2).sum())
    nu = target_miss.PRIOR_DOF + 1
    sigma = math.sqrt((target_miss.PRIOR_DOF * (0.1 * 8) ** 2 + ss) / nu)
    # a miss: the final above 60
    exact = 1 - _student(60 - (68 + beta), sigma * math.sqrt(1 + 1 / sxx), nu)
    assert outcome.probability == pytest.approx(exact, abs=0.02)
    assert outcome.mean_final == pytest.approx(68 + beta)
    assert outcome.run_rate == pytest.approx(beta / 12)


def test_target_miss_scores_each_goal_alike_in_any_company() -> None:
    """Common random numbers: a goal's probability does not depend on the others scored."""
    one = target_miss.Series(summed=True, x=np.ones(4), y=np.array([9.0, 11, 10, 9]),
                             target=125.0, ahead=8, months_left=8)
    other = target_miss.Series(summed=False, x=np.array([0.5]), y=np.array([3.0]), target=5.0,
                               origin=1.0, months_left=6)
    alone = target_miss.score([one])[0].probability
    together = target_miss.score([other, one, other])
    assert together[1].probability == alone
    assert together[0].probability == together[2].probability


def test_target_miss_seasonality() -> None:
    months = np.tile(np.arange(1, 13), 2)
    values = np.where(months == 12, 30.0, 10.0)
    factors = target_miss.seasonal_factors(months, values)
    assert factors is not None
    assert factors.mean() == pytest.approx(1.0)
    assert factors[11] / factors[0] == pytest.approx(3.0)
    assert target_miss.seasonal_factors(months[:20], values[:20]) is None
    # eleven steady months of 10, December ahead at three times the run-rate: 30 expected,
    # so a target of 135 is all but met and 145 all but missed (without the season, December
    # would be expected at 10: both missed)
    past = factors[:11]
    steps = np.full(11, 10.0)
    for target, low, high in ((135.0, 0.0, 0.02), (145.0, 0.98, 1.0)):
        run = target_miss.RunRate(steps=steps, current=float(steps.sum()), remaining=1,
                                  target=target, past_season=past, future_season=factors[11:])
        assert low <= target_miss.simulate(run).probability <= high
        flat = target_miss.RunRate(steps=steps, current=float(steps.sum()), remaining=1,
                                   target=target)
        assert target_miss.simulate(flat).probability > 0.98


def test_target_miss_bands_match_observed_frequencies() -> None:
    rng = np.random.default_rng(3)
    predicted, missed = [], []
    for i in range(600):
        mu, sd = rng.uniform(5, 15), rng.uniform(0.5, 5)
        n = int(rng.integers(2, 10))
        year = rng.normal(mu, sd, 12)
        target = rng.uniform(0.8, 1.2) * mu * 12
        run = target_miss.RunRate(steps=year[:n], current=float(year[:n].sum()),
                                  remaining=12 - n, target=target)
        predicted.append(target_miss.simulate(run, seed=i, paths=1000).probability)
        missed.append(year.sum() < target)
    p, y = np.array(predicted), np.array(missed)
    for low, high in ((0.0, 0.25), (0.25, 0.5), (0.5, 1.01)):
        mask = (p >= low) & (p < high)
        assert mask.sum() > 60
        assert abs(p[mask].mean() - y[mask].mean()) < 0.08, (low, high)


# --- calibration and fairness -----------------------------------------------------------


def test_reliability_bins_exact() -> None:
    points = reliability(np.array([0, 1, 0, 1]), np.array([0.05, 0.05, 0.95, 0.95]))
    assert points == [{"bin": 0.0, "predicted": 0.05, "observed": 0.5, "n": 2.0},
                      {"bin": 9.0, "predicted": 0.95, "observed": 0.5, "n": 2.0}]
    assert expected_calibration_error(points) == pytest.approx(0.45)


def test_group_warnings_on_constructed_groups() -> None:
    """Group A: 100 rows ranked perfectly; group B: 100 rows ranked at random and flagged
    twice as often; group C: 10 rows (too few to judge, never warned)."""
    rng = np.random.default_rng(0)
    y_a = np.array([1] * 20 + [0] * 80)
    p_a = np.where(y_a == 1, 0.6, 0.1)
    y_b = rng.integers(0, 2, 100)
    p_b = np.where(rng.random(100) < 0.5, 0.6, 0.1)
    y_c, p_c = np.array([1] * 5 + [0] * 5), np.full(10, 0.9)
    y = np.concatenate([y_a, y_b, y_c])
    p = np.concatenate([p_a, p_b, p_c])
    groups = {"team": np.array(["A"] * 100 + ["B"] * 100 + ["C"] * 10, dtype=object)}
    rows = {r["group"]: r for r in group_metrics(y, p, groups)}
    assert rows["A"]["roc_auc"] == 1.0
    assert rows["A"]["rows"] == 100
    assert "auc_gap" in rows["A"]["warnings"]  # better than overall by more than 0.05
    assert "auc_gap" in rows["B"]["warnings"]
    assert rows["C"]["too_few"] is True
    assert rows["C"]["warnings"] == []
    overall = float((p >= 0.25).mean())
    assert rows["A"]["selection_ratio"] == pytest.approx(round(0.2 / overall, 4))
    assert "selection_ratio" in rows["A"]["warnings"]  # 0.2 / 0.43 < 0.8


def test_age_band() -> None:
    assert age_band(dt.date(2000, 7, 1), dt.date(2026, 6, 30)) == "25–34"
    assert age_band(dt.date(2001, 7, 1), dt.date(2026, 6, 30)) == "<25"
    assert age_band(None, dt.date(2026, 6, 30)) == "—"


# --- attrition features from weekly signals ---------------------------------------------


def test_signal_window_means_exact() -> None:
    import polars as pl

    from flexperf.predictions.engines import attrition_features as af

    mondays = [dt.date(2026, 1, 5) + dt.timedelta(weeks=w) for w in range(20)]
    frame = pl.DataFrame({"person_id": [1] * 20 + [2] * 20, "week_start": mondays * 2,
                          "hours": [float(w) for w in range(20)] + [40.0] * 20,
                          "quality_avg": [None] * 40},
                         schema={"person_id": pl.Int64, "week_start": pl.Date,
                                 "hours": pl.Float64, "quality_avg": pl.Float64})
    anchor = mondays[16]  # window: the 12 weeks ending 2 weeks before → weeks 2..13
    assert af.window_of(anchor) == (mondays[2], mondays[14])
    means = af.aggregate(frame, {1: anchor, 2: dt.date(2025, 1, 1)}, ["hours", "quality_avg"])
    assert means == {1: {"hours": sum(range(2, 14)) / 12}}  # person 2: no week in the window
