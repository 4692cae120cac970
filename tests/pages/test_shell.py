"""The page shell: navigation per role, who is signed in, language switch, sign-out, messages;
the login, locked-out and error pages."""

from __future__ import annotations

import pytest
from django.test import Client

from tests import factories as f
from tests.conftest import SmallOrg
from tests.pages.conftest import page, parse

EVERYONE = ["/", "/directory/", "/org-chart/", "/me/", "/tokens/"]
# Goals: everyone with a person record has their own; managers and HR see teams; whoever may be
# asked to approve an adjustment has the queue.
GOALS = ["/goals/", "/goals/alignment/"]
LEADS = ["/goals/", "/goals/team/", "/goals/alignment/", "/goals/adjustments/"]
# Conversations: one's own check-ins, feedback and requests; 360 campaigns and development plans
# for every member of the group; managers (and HR) the team board, managers the 360 approvals.
TALKS = ["/checkins/", "/feedback/", "/feedback/requests/", "/feedback360/", "/development/"]
COACH = ["/checkins/", "/checkins/team/", "/feedback/", "/feedback/requests/", "/feedback360/",
         "/feedback360/approvals/", "/development/"]
HR_TALKS = ["/checkins/", "/checkins/team/", "/feedback/", "/feedback/requests/",
            "/feedback360/", "/development/"]
# Reviews and rewards: one's own reviews and payout statement; teams for managers and HR; the
# cycles for HR and executives.
MINE = ["/reviews/", "/incentives/statements/"]
HR_REWARDS = ["/incentives/policies/", "/incentives/runs/", "/incentives/compensation/",
              "/incentives/fairness/"]
# Recognition: every member of the group reads the wall, the badges, quests, boards and the
# rewards store; people give, log, hold points, badges and a hall; whoever a badge class lets
# award one (managers, HRBPs, HR admins, executives) has the award form.
GIVE = ["/recognition/give/", "/recognition/", "/recognition/me/", "/recognition/contributions/",
        "/badges/mine/", "/badges/"]
PLAY = ["/achievements/quests/", "/achievements/leaderboards/", "/achievements/hall/",
        "/achievements/rewards/"]
RECOGNITION = [*GIVE, *PLAY]
AWARDING = [*GIVE, "/badges/award/", *PLAY]
# Insights: one's own insights and work signals; the inbox, team signals and outcomes for
# managers and HR; model cards for the HR admin and executives.
OWN_INSIGHTS = ["/insights/mine/", "/signals/me/"]
LEAD_INSIGHTS = ["/insights/", "/insights/mine/", "/signals/team/", "/signals/me/",
                 "/insights/outcomes/"]
# HRBPs keep the rewards catalogue, approve redemptions and request badge revocations; the HR
# admin also sets points budgets, rules and flags, signal sources and insight rules.
HR_RECOGNITION = ["/achievements/catalogue/", "/achievements/approvals/", "/badges/revocations/"]
ADMIN_RECOGNITION = ["/recognition/hr/budgets/", "/recognition/hr/rules/",
                     "/recognition/hr/flags/", *HR_RECOGNITION, "/signals/sources/",
                     "/signals/batches/", "/insights/settings/"]
AUDIT = ["/audit/", "/badges/chain/"]
NAV = {
    "employee": [*EVERYONE, *GOALS, *TALKS, *MINE, *RECOGNITION, *OWN_INSIGHTS],
    "manager": [*EVERYONE, *LEADS, *COACH, "/reviews/", "/reviews/team/",
                "/incentives/statements/", *AWARDING, *LEAD_INSIGHTS],
    "executive": [*EVERYONE, *GOALS, "/goals/adjustments/", *TALKS, "/reviews/",
                  "/reviews/cycles/", "/incentives/statements/", *AWARDING, *OWN_INSIGHTS,
                  "/predictions/models/"],
    "hrbp": [*EVERYONE, *LEADS, *HR_TALKS, "/reviews/", "/reviews/team/", "/reviews/cycles/",
             "/incentives/statements/", *AWARDING, *LEAD_INSIGHTS, "/hr/people/",
             "/goals/schemes/", *HR_REWARDS, *HR_RECOGNITION],
    # The HR admin (孙敏) also manages the HRBP, so has the 360 approvals too.
    "hr_admin": [*EVERYONE, *LEADS, *COACH, "/reviews/", "/reviews/team/", "/reviews/cycles/",
                 "/incentives/statements/", *AWARDING, *LEAD_INSIGHTS, "/predictions/models/",
                 "/hr/people/", "/hr/units/", "/hr/import-export/", "/goals/schemes/",
                 "/goals/series/", "/feedback360/questions/", *HR_REWARDS, *ADMIN_RECOGNITION,
                 *AUDIT],
    "auditor": [*EVERYONE, *GOALS, *TALKS, *MINE, *RECOGNITION, *OWN_INSIGHTS, *AUDIT],
    # No person record and not a member of the group: nothing but home and tokens.
    "partner": ["/", "/tokens/"],
}


@pytest.mark.parametrize(("role", "links"), NAV.items())
def test_navigation_lists_exactly_the_pages_of_the_role(
    small_org: SmallOrg, role: str, links: list[str]
) -> None:
    root = page(small_org.client(role).get("/"))
    nav = root.one("nav", cls="nav")
    assert [a.attrs["href"] for a in nav.find_all("a")] == links


def test_every_navigation_link_opens_for_its_role(small_org: SmallOrg) -> None:
    for role, links in NAV.items():
        client = small_org.client(role)
        for link in links:
            assert client.get(link, follow=True).status_code == 200, (role, link)


def test_the_current_page_is_marked_in_the_navigation(small_org: SmallOrg) -> None:
    root = page(small_org.client("manager").get("/org-chart/"))
    current = root.find_all("a", aria_current="page")
    assert [a.attrs["href"] for a in current] == ["/org-chart/"]


def test_staff_see_the_django_admin_link(small_org: SmallOrg) -> None:
    user = small_org.users["hr_admin"]
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    root = page(small_org.client("hr_admin").get("/"))
    assert root.one("ul", cls="nav-extra").one("a").attrs["href"] == "/admin/"
    assert page(small_org.client("manager").get("/")).find_all("ul", cls="nav-extra") == []


def test_the_top_bar_names_the_user_and_their_roles(small_org: SmallOrg) -> None:
    root = page(small_org.client("hrbp").get("/"))
    assert root.one(cls="who-name").text == "何静"
    assert root.texts(cls="badge-role") == ["Employee", "HR business partner"]
    partner = page(small_org.client("partner").get("/"))
    assert partner.one(cls="who-name").text == "partner"
    assert partner.texts(cls="badge-role") == ["Partner user"]


def test_language_switch_and_sign_out_are_plain_post_forms(small_org: SmallOrg) -> None:
    root = page(small_org.client("employee").get("/directory/?q=x"))
    switch = root.one("form", cls="lang-switch")
    assert switch.attrs["action"] == "/i18n/setlang/"
    assert switch.attrs["method"] == "post"
    assert switch.one("input", type="hidden", name="next").attrs["value"] == "/directory/?q=x"
    assert [o.attrs["value"] for o in switch.find_all("option")] == ["zh-hans", "en"]
    assert switch.one("button").attrs["type"] == "submit"
    sign_out = root.one("form", action="/logout/")
    assert sign_out.attrs["method"] == "post"


def test_sign_out_ends_the_session(small_org: SmallOrg) -> None:
    client = small_org.client("employee")
    assert client.post("/logout/").status_code == 302
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/"


def test_pages_need_a_signed_in_user() -> None:
    for url in ["/", "/directory/", "/org-chart/", "/people/1/", "/hr/people/", "/audit/",
                "/tokens/"]:
        response = Client().get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/login/?next="), url


@pytest.mark.django_db
def test_login_page_offers_the_language_switch_before_sign_in() -> None:
    root = page(Client().get("/login/"))
    assert root.one("form", cls="lang-switch").attrs["action"] == "/i18n/setlang/"
    assert root.one("h1").text == "Sign in to flexperf"
    zh = page(Client(headers={"accept-language": "zh-hans"}).get("/login/"))
    assert zh.one("h1").text == "登录 flexperf"


@pytest.mark.django_db
def test_signing_in_with_the_form_lands_on_home() -> None:
    f.user("ada", password="a long enough password")
    client = Client()
    response = client.post("/login/", {"username": "ada", "password": "a long enough password"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert page(client.get("/")).one(cls="who-name").text == "ada"


@pytest.mark.django_db
def test_a_wrong_password_shows_the_form_again_with_the_error() -> None:
    f.user("ada", password="a long enough password")
    root = page(Client().post("/login/", {"username": "ada", "password": "nope"}))
    assert "Please enter a correct username and password." in root.one(cls="form-errors").text


@pytest.mark.django_db
def test_five_failures_lock_the_account_and_show_the_locked_out_page() -> None:
    f.user("ada", password="a long enough password")
    client = Client()
    for _attempt in range(5):
        client.post("/login/", {"username": "ada", "password": "wrong"})
    response = client.post("/login/", {"username": "ada", "password": "a long enough password"})
    root = page(response, status=429)
    assert root.one("h1").text == "Account locked for now"
    assert "Try again in 15 minutes" in root.one(cls="auth-card").text


def test_messages_are_shown_once(small_org: SmallOrg) -> None:
    client = small_org.client("employee")
    response = client.post("/tokens/", {"name": "", "expires_days": 30, "scopes": ["read"]})
    assert page(response).find_all(cls="messages") == []
    token = client.post("/tokens/", {"name": "sync", "expires_days": 30, "scopes": ["read"]})
    token_id = parse(token.content).one("tr", data_token=True).attrs["data-token"]
    client.post(f"/tokens/{token_id}/revoke/")
    assert page(client.get("/tokens/")).texts(cls="message") == ["Token sync was revoked."]
    assert page(client.get("/tokens/")).find_all(cls="message") == []


def test_404_page_is_the_shell_with_a_way_home(small_org: SmallOrg) -> None:
    root = page(small_org.client("employee").get("/no/such/page/"), status=404)
    assert root.one("h1").text == "We couldn't find that page"
    assert root.one("nav", cls="nav") is not None
    assert root.one("a", cls="btn-primary").attrs["href"] == "/"


def test_403_page_explains_the_role(small_org: SmallOrg) -> None:
    root = page(small_org.client("auditor").get("/hr/people/"), status=403)
    assert root.one("h1").text == "This page is not part of your role"


def test_500_page_renders_without_a_request(small_org: SmallOrg) -> None:
    from flexperf.core.views import server_error

    response = server_error(Client().get("/").wsgi_request)
    root = page(response, status=500)
    assert root.one("h1").text == "Something went wrong on our side"


def test_pages_carry_a_strict_content_security_policy(small_org: SmallOrg) -> None:
    response = small_org.client("employee").get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    root = parse(response.content)
    scripts = root.find_all("script")
    assert [s.attrs["src"] for s in scripts] == ["/static/django_htmx/htmx-2.min.js",
                                                 "/static/flexperf/app.js"]
    assert all(s.text == "" for s in scripts)  # no inline code
    assert not any(name.startswith("on") for node in root.find_all() for name in node.attrs)
