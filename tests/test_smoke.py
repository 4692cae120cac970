from tests.conftest import SmallOrg


def test_manager_lists_exactly_their_reporting_subtree(small_org: SmallOrg) -> None:
    response = small_org.client("manager").get("/api/v1/people?page_size=100")
    names = sorted(item["name"] for item in response.json()["items"])
    assert response.status_code == 200
    assert names == sorted(["陈经理", "林小雨", "赵磊", "钱进"])
