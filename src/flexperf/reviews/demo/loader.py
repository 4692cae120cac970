"""The reviews demo: one finished cycle with calibration (2026 mid-year, scored on pace as of
2026-06-30, finalised and published) and one open cycle (2026 annual, full period, in self
review), over
the whole demo group, after the org and goals demo loaders.

Phases move through the services (opening creates the evaluations in bulk, the engine's
snapshots come from `score_period`, sessions are opened and closed, finalising checks them);
the people's own writing — self reviews, managers' reviews, calibrators' changes — is
generated from the seed and written in bulk, with the same rules the services apply (bounded
adjustments with reasons, ratings on the scheme's scale, steps on the scale)."""

from __future__ import annotations

import datetime as dt
import random
import time
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.core.actors import Actor
from flexperf.core.errors import Problem, ServiceError
from flexperf.goals.demo.loader import goals_demo_loaded
from flexperf.goals.rules import RatingScale
from flexperf.notifications.models import Notification
from flexperf.org.demo.loader import LoadResult, demo_loaded
from flexperf.org.models import Person, Unit
from flexperf.reviews import rules, services
from flexperf.reviews.models import Basis, Cycle, Evaluation, RatingChange
from flexperf.reviews.services.common import BATCH, scales_by_code, write_fields

FINISHED = "2026-mid-year"
OPEN = "2026-annual"
UTC = dt.UTC

SELF_TEXTS = (
    "上半年完成了主要指标，客户拓展超出预期。",
    "项目按期交付，跨部门协作顺畅；下半年需加强数据分析能力。",
    "部分目标受市场影响未达成，已复盘原因并调整计划。",
    "团队稳定，流程改进带来效率提升。",
)
MANAGER_TEXTS = (
    "目标达成扎实，主动承担额外工作。",
    "专业能力强，需在沟通与影响力上继续提升。",
    "结果受外部因素影响，过程投入到位。",
    "稳定可靠，建议承担更大范围的职责。",
)
ADJUST_REASONS = (
    "承担了计划外的重点项目，目标未体现。",
    "部分收入来自一次性订单，剔除影响。",
    "跨团队支援占用大量时间。",
)
CALIBRATION_REASONS = (
    "与同级横向对比后对齐。",
    "结合 360 反馈调整。",
    "关键项目贡献未在目标中体现。",
    "分数受一次性因素抬高。",
)


def reviews_demo_loaded() -> bool:
    return Cycle.objects.filter(code__in=(FINISHED, OPEN)).exists()


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def _dates(start: dt.date) -> dict[str, dt.date]:
    days = (0, 13, 14, 27, 28, 35, 36, 37)
    return {name: start + dt.timedelta(days=d)
            for name, d in zip(services.cycles.DATE_FIELDS, days, strict=True)}


def _spec(code: str, name: str, as_of: dt.date, start: dt.date, roots: list[str],
          basis: Basis) -> services.CycleSpec:
    return services.CycleSpec(code=code, name=name, period="2026", units=roots, as_of=as_of,
                              dates=_dates(start), max_adjustment=Decimal(5), basis=basis)


def _last_notification() -> int:
    return Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _date_notifications(after: int, day: dt.date) -> int:
    """The notifications the services sent since `after` dated on the demo's calendar, not
    the loading moment (the same seed gives the same rows)."""
    return Notification.objects.filter(pk__gt=after).update(created_at=_at(day, 9))


def _date_cycles(finished: Cycle, current: Cycle) -> None:
    """The cycles' moments on the demo's calendar, not the loading moment: created and opened
    on the first day of self review, the finished one's engine snapshot on its finalising day."""
    for cycle in (finished, current):
        opened = _at(cycle.self_review_start, 9)
        Cycle.objects.filter(pk=cycle.pk).update(created_at=opened, opened_at=opened)
    Cycle.objects.filter(pk=finished.pk).update(finalised_at=_at(finished.finalise_on),
                                                published_at=_at(finished.publish_on, 9))
    Evaluation.objects.filter(cycle=finished).update(scored_at=_at(finished.finalise_on))
    Evaluation.objects.filter(cycle=current).update(
        scored_at=_at(current.self_review_start, 9))


def _self_reviews(rng: random.Random, evaluations: list[Evaluation], share: float,
                  scales: dict[str, RatingScale], when: dt.date) -> int:
    written = []
    for e in evaluations:
        if rng.random() >= share:
            continue
        labels = scales.get(e.scheme_code, RatingScale()).labels
        e.self_text = rng.choice(SELF_TEXTS)
        e.self_rating = labels[min(len(labels) - 1, max(0, rng.choice((1, 1, 2, 2, 2, 3))))]
        e.self_submitted_at = _at(when + dt.timedelta(days=rng.randrange(10)))
        written.append(e)
    write_fields(written, ["self_text", "self_rating", "self_submitted_at"])
    return len(written)


def _manager_reviews(rng: random.Random, cycle: Cycle, scales: dict[str, RatingScale]) -> int:
    evaluations = list(Evaluation.objects.filter(cycle=cycle).order_by("person__employee_number"))
    when = cycle.manager_review_start
    written = []
    for e in evaluations:
        if e.manager_id is None or rng.random() >= 0.92:
            continue
        e.manager_text = rng.choice(MANAGER_TEXTS)
        e.potential = rng.choices(("high", "medium", "low"), weights=(2, 6, 2))[0]
        if e.engine_score is not None and rng.random() < 0.08:
            e.adjustment = Decimal(rng.choice((-5, -3, -2, 2, 3, 5)))
            e.adjustment_reason = rng.choice(ADJUST_REASONS)
        e.reviewed_by_id = e.manager_id
        e.manager_submitted_at = _at(when + dt.timedelta(days=rng.randrange(12)))
        e.score = rules.adjusted_score(e.engine_score, e.adjustment)
        e.rating = rules.rate(scales.get(e.scheme_code, RatingScale()), e.score)
        written.append(e)
    write_fields(written, ["manager_text", "potential", "adjustment", "adjustment_reason",
                           "reviewed_by", "manager_submitted_at", "score", "rating"])
    return len(written)


def _calibrate(actor: Actor, rng: random.Random, cycle: Cycle, scales: dict[str, RatingScale],
               hrbp: Person | None) -> tuple[int, int]:
    """A session per division (the units right below the roots), calibrated by its head and
    the demo HRBP; about one rated person in sixteen moves one step, toward the guidance
    (top ratings down, bottom ones up, the middle either way)."""
    groups = rules.parse_guidance(cycle.guidance)
    divisions = list(Unit.objects.filter(parent__in=cycle.units.all(), archived=False)
                     .select_related("head").order_by("path"))
    changes: list[RatingChange] = []
    changed: list[Evaluation] = []
    drafts = []
    calibrators_named: dict[int, str] = dict(Person.objects.filter(
        pk__in=[d.head_id for d in divisions if d.head_id]
        + ([hrbp.pk] if hrbp else [])).values_list("pk", "name"))
    for division in divisions:
        calibrators = [pk for pk in (division.head_id, hrbp.pk if hrbp else None) if pk]
        if not calibrators:
            continue
        session = services.create_session(actor=actor, cycle_id=cycle.pk,
                                          name=f"{division.name} 校准", units=[division.code],
                                          calibrators=calibrators)
        rated = [e for e in services.calibration.session_evaluations(session)
                 .order_by("person__employee_number") if e.rating]
        for e in rated:
            if rng.random() >= 0.06:
                continue
            labels = scales.get(e.scheme_code, RatingScale()).labels
            index = labels.index(e.rating)
            group = rules.group_of(groups, e.rating)
            move = -1 if group == groups[0].group else 1 if group == groups[-1].group \
                else rng.choice((-1, 1))
            after = labels[min(len(labels) - 1, max(0, index - move))]
            if after == e.rating:
                continue
            who = rng.choice(calibrators)
            change = RatingChange(
                session=session, evaluation=e, changed_by_id=who,
                changed_by_name=calibrators_named[who], reason=rng.choice(CALIBRATION_REASONS),
                before=e.rating, after=after, steps=rules.steps(labels, e.rating, after),
                at=_at(cycle.calibration_start + dt.timedelta(days=rng.randrange(6)), 15))
            changes.append(change)
            drafts.append(audit.draft_for(e, Action.UPDATE,
                                          changes={"rating": [e.rating, after]},
                                          context={"session": session.pk,
                                                   "reason": change.reason}))
            e.rating, e.calibrated = after, True
            changed.append(e)
        services.close_session(actor=actor, session_id=session.pk)
    RatingChange.objects.bulk_create(changes, batch_size=BATCH)
    write_fields(changed, ["rating", "calibrated"])
    audit.record_many(actor, drafts)
    return len(divisions), len(changes)


def load_reviews_demo(*, actor: Actor, seed: int) -> LoadResult:
    """Both demo cycles; ServiceError (nothing written) without the demo group and its goals,
    or when the cycles exist already."""
    started = time.perf_counter()
    with transaction.atomic():
        if not demo_loaded() or not goals_demo_loaded():
            raise ServiceError(Problem("demo", _("Load the demo group and its goals first.")))
        if reviews_demo_loaded():
            raise ServiceError(Problem("demo", _("The demo group already has its reviews.")))
        rng = random.Random(f"reviews-{seed}")
        roots = list(Unit.objects.filter(parent=None, archived=False).order_by("path")
                     .values_list("code", flat=True))
        hrbp = Person.objects.filter(user__username="hrbp").first()
        finished = services.create_cycle(actor=actor, spec=_spec(
            FINISHED, "2026 年中评估", dt.date(2026, 6, 30), dt.date(2026, 7, 1), roots,
            Basis.PACED))
        sent = _last_notification()
        finished = services.advance_cycle(actor=actor, cycle_id=finished.pk)
        _date_notifications(sent, finished.self_review_start)
        evaluations = list(Evaluation.objects.filter(cycle=finished)
                           .order_by("person__employee_number"))
        scales = scales_by_code({e.scheme_code for e in evaluations})
        counts = {"evaluations": len(evaluations)}
        counts["self_reviews"] = _self_reviews(rng, evaluations, 0.95, scales,
                                               finished.self_review_start)
        finished = services.advance_cycle(actor=actor, cycle_id=finished.pk)
        counts["manager_reviews"] = _manager_reviews(rng, finished, scales)
        finished = services.advance_cycle(actor=actor, cycle_id=finished.pk)
        counts["sessions"], counts["calibration_changes"] = _calibrate(
            actor, rng, finished, scales, hrbp)
        finished = services.advance_cycle(actor=actor, cycle_id=finished.pk)  # finalised
        sent = _last_notification()
        services.advance_cycle(actor=actor, cycle_id=finished.pk)  # published
        _date_notifications(sent, finished.publish_on)

        current = services.create_cycle(actor=actor, spec=_spec(
            OPEN, "2026 年度评估", dt.date(2026, 12, 31), dt.date(2026, 11, 16), roots, Basis.FULL))
        sent = _last_notification()
        current = services.advance_cycle(actor=actor, cycle_id=current.pk)
        _date_notifications(sent, current.self_review_start)
        open_evaluations = list(Evaluation.objects.filter(cycle=current)
                                .order_by("person__employee_number"))
        counts["open_evaluations"] = len(open_evaluations)
        scales = scales_by_code({e.scheme_code for e in open_evaluations})
        counts["open_self_reviews"] = _self_reviews(rng, open_evaluations, 0.4, scales,
                                                    current.self_review_start)
        _date_cycles(finished, current)
    return LoadResult(counts=counts, seconds=time.perf_counter() - started)
