from __future__ import annotations

import datetime as dt
import json
import uuid
from collections import OrderedDict
from decimal import Decimal
from enum import Enum

from django.db import models

from flexperf.core.jsonable import to_jsonable
from flexperf.org.models import Status, Unit


class Colour(Enum):
    RED = 1


def test_plain_values_come_back_as_they_are() -> None:
    text = "周总"
    assert to_jsonable(text) is text
    assert [to_jsonable(v) for v in (0, -7, True, False, None, 1.5)] == [0, -7, True, False,
                                                                        None, 1.5]
    assert type(to_jsonable(True)) is bool


def test_nested_dicts_and_lists_are_converted_all_the_way_down() -> None:
    value = {"name": ["张三", "李四"], 3: {"hired": dt.date(2020, 7, 15), "pay": Decimal("1.50")},
             "ids": [uuid.UUID(int=1), None, (1, 2)]}
    assert to_jsonable(value) == {
        "name": ["张三", "李四"],
        "3": {"hired": "2020-07-15", "pay": "1.50"},
        "ids": ["00000000-0000-0000-0000-000000000001", None, [1, 2]],
    }


def test_moments_enums_records_sets_and_other_mappings() -> None:
    moment = dt.datetime(2024, 3, 1, 8, 30, tzinfo=dt.UTC)
    assert to_jsonable(moment) == "2024-03-01T08:30:00+00:00"
    assert to_jsonable(Colour.RED) == 1
    assert to_jsonable(Unit(pk=42)) == 42
    assert to_jsonable({"b", "a", "c"}) == ["a", "b", "c"]
    assert to_jsonable(OrderedDict([(1, Colour.RED)])) == {"1": 1}
    assert to_jsonable(models.F("x")) == "F(x)"  # anything else: its text


def test_a_text_choice_stays_text_and_serialises_to_its_value() -> None:
    converted = to_jsonable({"status": Status.LEFT, Status.ACTIVE: [Status.LEFT]})
    assert json.dumps(converted) == '{"status": "left", "active": ["left"]}'
