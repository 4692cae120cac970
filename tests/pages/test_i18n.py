"""Every page in Simplified Chinese and English: the switch sets the language cookie, and the
next page is in Chinese."""

from __future__ import annotations

from django.test import Client

from tests.conftest import SmallOrg
from tests.pages.conftest import page


def test_language_switch_sets_the_cookie_and_the_next_page_is_in_chinese(
    small_org: SmallOrg,
) -> None:
    client = small_org.client("manager")
    assert page(client.get("/org-chart/")).one("h1").text == "Org chart"
    response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/org-chart/"})
    assert response.status_code == 302
    assert response["Location"] == "/org-chart/"
    assert response.cookies["flexperf_language"].value == "zh-hans"
    root = page(client.get("/org-chart/"))
    assert root.one("h1").text == "组织架构"
    assert root.one("html").attrs["lang"] == "zh-Hans"
    nav = [a.text for a in root.one("nav", cls="nav").find_all("a")]
    assert nav == ["首页", "通讯录", "组织架构", "我的档案", "API 令牌",
                   "我的目标", "团队目标", "目标对齐", "目标调整",
                   "我的复盘", "团队复盘", "我的反馈", "反馈请求", "360 评估", "360 评估人审批",
                   "发展计划", "我的评估", "团队评估", "我的激励明细",
                   "给予认可", "认可墙", "我的积分", "记录贡献", "我的徽章", "徽章", "授予徽章",
                   "闯关", "排行榜", "我的荣誉主页", "积分商城",
                   "洞察收件箱", "我的洞察", "团队信号", "我的工作信号", "洞察效果"]
    assert root.texts(cls="badge-role") == ["员工", "经理"]
    # and back
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert page(client.get("/org-chart/")).one("h1").text == "Org chart"


def test_the_switch_works_before_sign_in(db: None) -> None:
    client = Client()
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/login/"})
    root = page(client.get("/login/"))
    assert root.one("h1").text == "登录 flexperf"
    assert root.one("button", type="submit", cls="btn-primary").text == "登录"


def test_the_browser_language_is_used_until_one_is_chosen(small_org: SmallOrg) -> None:
    client = small_org.client("employee")
    root = page(client.get("/", headers={"accept-language": "zh-CN,zh;q=0.9"}))
    assert root.one("h1").text == "欢迎，林小雨"


def test_choices_and_form_errors_are_translated(small_org: SmallOrg) -> None:
    client = small_org.client("hr_admin")
    client.cookies["flexperf_language"] = "zh-hans"
    root = page(client.get(f"/people/{small_org.people['leaver'].pk}/"))
    facts = {d.text: v.text for d, v in zip(root.find_all("dt"), root.find_all("dd"),
                                            strict=True)}
    assert facts["状态"] == "已离职"
    assert facts["离职原因"] == "薪酬"
    form = page(client.post("/hr/people/new/", {"name": ""}))
    errors = {p.attrs["id"]: p.text for p in form.find_all("p", cls="error")}
    assert errors["id_name-error"] == "此项为必填项。"
