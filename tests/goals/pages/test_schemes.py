"""The scheme designer: schemes and where they apply, a new scheme from a template or from
scratch, settings, components (the weights-sum problem on the form), unit assignment, the
default; and the calculator, which answers with the preview engine's numbers."""

from __future__ import annotations

from typing import Any

from flexperf.goals import evaluation
from flexperf.goals.models import Scheme, SchemeAssignment
from flexperf.goals.schemas.scoring import PreviewIn
from tests.goals.conftest import GoalOrg
from tests.goals.pages.test_editing import _rows
from tests.pages.conftest import field_errors, page


def _components(rows: list[tuple[str, str, str, str]], initial: int = 0) -> dict[str, str]:
    return _rows("components", [
        {"key": key, "paradigm": paradigm, "label": label, "weight": weight, "pay_linked": "on"}
        for key, paradigm, label, weight in rows], initial)


def test_hr_sees_the_schemes_and_where_they_are_assigned(goal_org: GoalOrg) -> None:
    root = page(goal_org.org.client("hr_admin").get("/goals/schemes/"))
    rows = {tr.attrs["data-scheme"]: tr for tr in root.one(id="schemes").find_all(
        "tr", data_scheme=True)}
    assert sorted(rows) == ["group_strategy", "innovation_unit", "mature_sales",
                            "profit_centre", "support_function"]
    assert rows["innovation_unit"].find_all("td")[2].text == "研发中心"
    assert rows["support_function"].find_all("td")[2].text == "人力资源部"
    assert rows["profit_centre"].find_all("td")[2].text == "everyone without another scheme"
    assert rows["profit_centre"].find_all("td")[1].texts("li") == [
        "Business KPIs KPI · 70", "Behaviour and competency Behaviour / competency · 30"]
    assert goal_org.org.client("hrbp").get("/goals/schemes/").status_code == 200
    for role in ("employee", "manager", "executive", "partner"):
        assert goal_org.org.client(role).get("/goals/schemes/").status_code == 403, role


def test_a_scheme_from_a_built_in_template(goal_org: GoalOrg) -> None:
    client = goal_org.org.client("hr_admin")
    bad = page(client.post("/goals/schemes/from-template/",
                           {"template": "mature_sales", "code": "Sales 2027"}), 422)
    assert field_errors(bad) == {"code": [
        "Use lower-case letters, digits, - and _ (e.g. sales_2026)."]}
    response = client.post("/goals/schemes/from-template/",
                           {"template": "mature_sales", "code": "sales_2027"})
    scheme = Scheme.objects.get(code="sales_2027")
    assert response["Location"] == f"/goals/schemes/{scheme.pk}/"
    assert [(c.key, c.weight) for c in scheme.components.order_by("order")] == [
        ("result_kpi", 70), ("process_kpi", 30)]


def test_a_scheme_from_scratch_and_the_weights_problem_on_the_form(goal_org: GoalOrg) -> None:
    client = goal_org.org.client("hr_admin")
    base = {"code": "lab", "name": "实验室", "checkin_cadence": "monthly",
            "review_period": "year", "adjustment_approver": "manager",
            "min_days_between_adjustments": "30", "max_adjustments_per_period": "2",
            **_rows("scale", [{"rating": "A", "min": "90"}, {"rating": "B", "min": ""}])}
    root = page(client.post("/goals/schemes/new/", {**base, **_components([
        ("okr", "okr", "OKR", "60"), ("kpi", "kpi", "KPI", "30")])}), 422)
    assert root.one(id="components-errors").text == (
        "Weights add up to 90; they must add up to 100.")
    assert not Scheme.objects.filter(code="lab").exists()
    response = client.post("/goals/schemes/new/", {**base, **_components([
        ("okr", "okr", "OKR", "60"), ("kpi", "kpi", "KPI", "40")])})
    scheme = Scheme.objects.get(code="lab")
    assert response["Location"] == f"/goals/schemes/{scheme.pk}/"
    assert scheme.scale == [{"rating": "A", "min": 90.0}, {"rating": "B", "min": None}]


def test_components_settings_assignment_of_an_existing_scheme(goal_org: GoalOrg) -> None:
    scheme = goal_org.schemes["innovation_unit"]
    client = goal_org.org.client("hr_admin")
    url = f"/goals/schemes/{scheme.pk}"
    root = page(client.post(f"{url}/components/", _components(
        [("okr", "okr", "OKR", "50"), ("project", "project", "项目", "40")], initial=2)), 422)
    assert root.one(id="components-errors").text == (
        "Weights add up to 90; they must add up to 100.")
    assert client.post(f"{url}/components/", _components(
        [("okr", "okr", "OKR", "60"), ("project", "project", "项目", "40")], initial=2)
    ).status_code == 302
    assert [c.weight for c in scheme.components.order_by("order")] == [60, 40]
    settings = {"name": "创新单元", "name_en": "Innovation unit", "checkin_cadence": "monthly",
                "review_period": "half", "adjustment_approver": "hrbp",
                "min_days_between_adjustments": "14", "max_adjustments_per_period": "3",
                "rule_kpi_cap_points": "150", **_rows("scale", [
                    {"rating": "S", "min": "110"}, {"rating": "D", "min": "120"}])}
    root = page(client.post(f"{url}/settings/", settings), 422)
    assert root.one(id="scale-errors").text == (
        "The lowest rating takes every score below the others: leave its minimum empty.")
    settings.update(_rows("scale", [{"rating": "S", "min": "110"}, {"rating": "D", "min": ""}]))
    assert client.post(f"{url}/settings/", settings).status_code == 302
    scheme.refresh_from_db()
    assert (scheme.adjustment_approver, scheme.rules["kpi_cap_points"]) == ("hrbp", 150.0)
    unit = goal_org.org.units["SE"]
    assert client.post(f"{url}/assign/", {"unit": str(unit.pk)}).status_code == 302
    assert SchemeAssignment.objects.get(unit=unit).scheme_id == scheme.pk


def test_an_hrbp_cannot_change_the_group_default(goal_org: GoalOrg) -> None:
    scheme = goal_org.schemes["profit_centre"]
    root = page(goal_org.org.client("hrbp").post(
        f"/goals/schemes/{scheme.pk}/components/", _components(
            [("kpi", "kpi", "KPI", "60"), ("behaviour", "behaviour", "行为", "40")])), 422)
    assert root.one(cls="form-errors").text == (
        "Only an HR admin changes the group-default scheme.")


# --- the calculator ---------------------------------------------------------------------------


def _samples(rows: list[dict[str, str]]) -> dict[str, str]:
    return _rows("samples", rows, initial=len(rows))


KPI_110 = {"component": "kpi", "title": "营业收入", "direction": "higher", "threshold": "80",
           "target": "100", "stretch": "120", "actual": "110"}
RATED_4 = {"component": "behaviour", "title": "协作", "rating": "4"}


def test_the_calculator_answers_with_the_engines_numbers(goal_org: GoalOrg) -> None:
    scheme = goal_org.schemes["profit_centre"]  # KPI 70 + behaviour 30
    client = goal_org.org.client("hr_admin")
    root = page(client.post("/goals/calculator/", {
        "scheme": str(scheme.pk), **_samples([KPI_110, RATED_4])}))
    result = root.one(id="calc-result")
    # KPI: 100 + (110 − 100) / (120 − 100) × 20 = 110; behaviour: (4 − 1) / 4 × 100 = 75;
    # scheme: (70 × 110 + 30 × 75) / 100 = 99.5 → B (85 ≤ 99.5 < 100).
    assert result.one("p", data_score=True).text == "99.5"
    assert result.one(data_rating=True).text == "B"
    assert result.one(id="calc-components").texts("td", data_points=True) == ["110.0", "75.0"]
    assert result.one(id="calc-explanation").texts("li") == [
        "Component 'Business KPIs' (weight 70): weighted mean of 1 scored goal = 110.0 points.",
        "Component 'Behaviour and competency' (weight 30): weighted mean of 1 scored goal = "
        "75.0 points.",
        "Score = (70 × 110.0 + 30 × 75.0) / 100 = 99.5 → rating B (from 85)."]
    # The same body through the API's preview function gives the same numbers.
    same = evaluation.preview(PreviewIn.model_validate({
        "scheme": {"components": [{"paradigm": "kpi", "weight": 70},
                                  {"paradigm": "behaviour", "weight": 30}]},
        "goals": [{"paradigm": "kpi", "threshold": 80, "target": 100, "stretch": 120,
                   "actual": 110},
                  {"paradigm": "behaviour", "indicators": [{"rating": 4}]}]}),
        today=goal_org.periods["2026"].start)
    assert (same.score, same.rating) == (99.5, "B")


def test_a_missing_component_and_htmx_gets_the_fragment(goal_org: GoalOrg) -> None:
    scheme = goal_org.schemes["profit_centre"]
    response = goal_org.org.client("hr_admin").post(
        "/goals/calculator/", {"scheme": str(scheme.pk), **_samples([KPI_110, {}])},
        headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert b"<html" not in response.content
    root = page(response)
    assert root.one("p", data_score=True).text == "110.0"
    assert root.one(data_rating=True).text == "S"
    assert root.one(id="calc-result").one(cls="notice").text == (
        "Component 'Behaviour and competency' has no scored goals: left out of the score.")


def test_calculator_problems_come_back_under_the_sample_input(goal_org: GoalOrg) -> None:
    scheme = goal_org.schemes["profit_centre"]
    client = goal_org.org.client("hr_admin")
    root = page(client.post("/goals/calculator/", {"scheme": str(scheme.pk), **_samples([
        {**KPI_110, "target": ""}, {"component": "behaviour", "rating": "7"}])}), 422)
    assert field_errors(root) == {
        "samples-0-target": ["This field is required."],
    }
    root = page(client.post("/goals/calculator/", {"scheme": str(scheme.pk), **_samples([
        {**KPI_110, "threshold": "130"}, {"component": "behaviour", "rating": "7"}])}), 422)
    assert field_errors(root) == {
        "samples-0-threshold": [
            "With higher-is-better the threshold must be below the target (130 ≥ 100)."],
        "samples-1-rating": ["Ratings run from 1 to 5."],
    }


def test_the_designer_calculator_uses_the_components_being_edited(goal_org: GoalOrg) -> None:
    scheme = goal_org.schemes["profit_centre"]
    client = goal_org.org.client("hr_admin")
    edit = page(client.get(f"/goals/schemes/{scheme.pk}/"))
    calculator = edit.one("form", id="calculator")
    assert calculator.attrs["hx-include"] == "#components-form"
    assert calculator.one("input", name="base").attrs["value"] == str(scheme.pk)
    # Unsaved: KPI 50 + behaviour 50 → (50 × 110 + 50 × 75) / 100 = 92.5 → B.
    data: dict[str, Any] = {"base": str(scheme.pk), "scheme": "", **_samples([KPI_110, RATED_4]),
                            **_components([("kpi", "kpi", "KPI", "50"),
                                           ("behaviour", "behaviour", "行为", "50")], 2)}
    root = page(client.post("/goals/calculator/", data, headers={"HX-Request": "true"}))
    assert root.one("p", data_score=True).text == "92.5"
    assert [c.weight for c in scheme.components.all()] == [70, 30]  # nothing stored
    assert goal_org.org.client("employee").get("/goals/calculator/").status_code == 403
