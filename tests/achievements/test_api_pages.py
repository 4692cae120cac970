"""The achievements API and pages, per role."""

from __future__ import annotations

from typing import Any

from flexperf.achievements.models import Redemption
from tests.achievements.conftest import TODAY, grant, mentor_path
from tests.conftest import SmallOrg

API = "/api/v1/achievements"
JSON = "application/json"


def _fields(response: Any) -> list[str]:
    assert response.status_code == 422, response.content
    return sorted(d["field"] for d in response.json()["detail"])


QUEST = {"title": "Helper path", "starts_on": "2026-01-01", "ends_on": "2026-12-31",
         "levels": [{"title": "Help another team", "points": 15,
                     "tasks": [{"kind": "cross_team_help", "count": 2}]}]}


def test_quest_api_create_join_and_422(small_org: SmallOrg) -> None:
    hr, emp = small_org.client("hr_admin"), small_org.client("employee")
    assert emp.post(f"{API}/quests", QUEST, content_type=JSON).status_code == 403
    created = hr.post(f"{API}/quests", QUEST, content_type=JSON)
    assert created.status_code == 201, created.content
    quest_id = created.json()["id"]
    bad = {**QUEST, "ends_on": "2025-01-01",
           "levels": [{"title": "x", "points": 1, "tasks": [{"kind": "nope", "count": 1}]}]}
    assert _fields(hr.put(f"{API}/quests/{quest_id}", bad, content_type=JSON)) == [
        "ends_on", "levels.0.tasks.0.kind"]
    joined = emp.post(f"{API}/quests/{quest_id}/join")
    assert joined.status_code == 200
    assert joined.json()["joined"] is True
    mine = emp.get(f"{API}/progress").json()
    assert [(q["id"], q["percent"], q["levels"][0]["tasks"][0]["needed"]) for q in mine] == [
        (quest_id, 0, 2)]
    assert emp.post(f"{API}/quests/recompute").status_code == 403
    assert hr.post(f"{API}/quests/recompute").json()["quests"] == 1


def test_leaderboard_api_scopes(small_org: SmallOrg) -> None:
    p = small_org.people
    grant(p["rep1"].pk, 40, TODAY, "x1")
    grant(p["engineer"].pk, 60, TODAY, "x2")
    emp = small_org.client("employee")
    board = emp.get(f"{API}/leaderboards?scope=company&period=month").json()
    assert [(r["rank"], r["points"]) for r in board["rows"]] == [(1, 60), (2, 40)]
    assert board["my_rank"] == 2
    other_team = emp.get(f"{API}/leaderboards?scope=team&manager_id={p['rnd_head'].pk}")
    assert other_team.status_code == 404
    assert _fields(emp.get(f"{API}/leaderboards?scope=x&period=y")) == ["period", "scope"]
    assert small_org.client("partner").get(f"{API}/leaderboards").status_code == 403
    assert emp.put(f"{API}/settings", {"leaderboard_opt_out": True},
                   content_type=JSON).json() == {"leaderboard_opt_out": True}
    board = emp.get(f"{API}/leaderboards").json()
    assert (board["hidden"], board["ranked"], board["my_rank"]) == (1, 1, None)


def test_hall_api_hides_private_parts_from_peers(small_org: SmallOrg) -> None:
    p = small_org.people
    grant(p["rep1"].pk, 40, TODAY, "h1")
    from tests import factories as f

    f.user("rep2", p["rep2"])
    from django.test import Client

    rep2 = Client()
    rep2.force_login(p["rep2"].user)
    public = rep2.get(f"{API}/hall/{p['rep1'].pk}").json()
    assert public["full"] is False
    assert public["points_history"] is None
    assert public["contribution_share"] is None
    own = small_org.client("employee").get(f"{API}/hall").json()
    assert own["full"] is True
    assert own["points_history"][-1] == {"month": "26-06",
                                                                 "points": 40}
    assert own["contribution_share"]["mine"] == 40
    assert small_org.client("manager").get(f"{API}/hall/{p['rep1'].pk}").json()["full"]
    assert small_org.client("partner").get(f"{API}/hall/{p['rep1'].pk}").status_code == 404


def test_rewards_api_redeem_and_approve(small_org: SmallOrg) -> None:
    hr, emp = small_org.client("hr_admin"), small_org.client("employee")
    grant(small_org.people["rep1"].pk, 100, TODAY, "r1")
    item = {"name": "额外半天假", "cost": 80, "stock": 1, "approval_required": True}
    assert emp.post(f"{API}/rewards", item, content_type=JSON).status_code == 403
    assert _fields(hr.post(f"{API}/rewards", {**item, "cost": 0}, content_type=JSON)) == [
        "cost"]
    reward_id = hr.post(f"{API}/rewards", item, content_type=JSON).json()["id"]
    store = emp.get(f"{API}/rewards").json()
    assert store["balance"] == 100
    assert [r["id"] for r in store["rewards"]] == [reward_id]
    made = emp.post(f"{API}/redemptions", {"reward_id": reward_id}, content_type=JSON)
    assert made.status_code == 201
    assert made.json()["status"] == "pending"
    assert _fields(emp.post(f"{API}/redemptions", {"reward_id": reward_id},
                            content_type=JSON)) == ["quantity"]
    queue = hr.get(f"{API}/redemptions?status=pending").json()
    assert [r["id"] for r in queue] == [made.json()["id"]]
    assert emp.post(f"{API}/redemptions/{made.json()['id']}/approve", {},
                    content_type=JSON).status_code == 403
    done = hr.post(f"{API}/redemptions/{made.json()['id']}/reject", {"note": "抱歉"},
                   content_type=JSON)
    assert done.json()["status"] == "rejected"
    assert emp.get(f"{API}/rewards").json()["balance"] == 100


def test_hr_pages_are_for_hr(small_org: SmallOrg) -> None:
    for role, status in (("employee", 403), ("manager", 403), ("hrbp", 200),
                         ("hr_admin", 200)):
        client = small_org.client(role)
        for url in ("/achievements/quests/new/", "/achievements/catalogue/",
                    "/achievements/approvals/"):
            assert client.get(url).status_code == status, (role, url)


def test_pages_render_and_forms_rerender_on_error(small_org: SmallOrg) -> None:
    quest = mentor_path(small_org)
    grant(small_org.people["rep1"].pk, 100, TODAY, "p1")
    emp = small_org.client("employee")
    for url in ("/achievements/quests/", f"/achievements/quests/{quest.pk}/",
                "/achievements/leaderboards/", "/achievements/hall/",
                f"/achievements/hall/{small_org.people['rep2'].pk}/",
                "/achievements/rewards/", "/achievements/redemptions/"):
        response = emp.get(url)
        assert response.status_code == 200, url
    assert emp.post(f"/achievements/quests/{quest.pk}/join/").status_code == 302
    assert "Level 0 of 3" in emp.get("/achievements/quests/").content.decode()
    hr = small_org.client("hr_admin")
    response = hr.post("/achievements/quests/new/", {
        "title": "T", "starts_on": "2026-05-01", "ends_on": "2026-04-01",
        "level_1_title": "L1", "level_1_points": "5", "level_1_task_1_kind": "mentoring",
        "level_1_task_1_count": "1", "level_2_title": "L2"})
    assert response.status_code == 422
    body = response.content.decode()
    assert "The quest cannot end before it starts." in body
    assert "A level needs at least one task." in body
    response = hr.post("/achievements/catalogue/", {"name": "咖啡券", "cost": "0"})
    assert response.status_code == 422
    assert hr.post("/achievements/catalogue/", {"name": "咖啡券", "cost": "20",
                                                "stock": "5", "active": "on"}
                   ).status_code == 302
    reward_id = hr.get("/achievements/catalogue/").context["rewards"][0].pk
    assert emp.post(f"/achievements/rewards/{reward_id}/redeem/",
                    {"quantity": "1"}).status_code == 302
    assert Redemption.objects.get().points == 20
    opt = emp.post("/achievements/settings/leaderboards/", {"leaderboard_opt_out": "1"})
    assert opt.status_code == 302
    board = emp.get("/achievements/leaderboards/?scope=company")
    assert board.context["board"].hidden == 1
