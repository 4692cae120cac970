"""What every page's shell needs: the caller, the navigation for their roles, who is signed in,
and the unread-notification count of the bell.

Built lazily, so a page that never shows the shell (an error page) runs no query for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise, SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from flexperf.core.actors import Actor, Role


@dataclass(frozen=True)
class NavItem:
    url: str
    label: str | Promise
    icon: str
    active: bool
    count: int | None = None  # shown beside the label when there is something waiting


@dataclass(frozen=True)
class NavSection:
    title: str | Promise
    items: list[NavItem]


@dataclass(frozen=True)
class Shell:
    sections: list[NavSection]
    display_name: str
    role_labels: list[str]
    show_admin: bool
    unread: int  # the caller's unread notifications (the bell)


Spec = tuple[str, Any, str, tuple[str, ...]]

# (url name, label, icon, which url names light it up)
_EVERYONE: list[Spec] = [
    ("home", _("Home"), "home", ("home",)),
    ("directory", _("Directory"), "people", ("directory",)),
    ("org_chart", _("Org chart"), "tree", ("org_chart",)),
    ("my_profile", _("My profile"), "person", ("my_profile",)),
    ("tokens", _("API tokens"), "key", ("tokens", "token_revoke")),
]
_GOALS: list[Spec] = [
    ("my_goals", _("My goals"), "target",
     ("my_goals", "goal_create", "goal_edit", "goal_detail")),
    ("team_goals", _("Team goals"), "team", ("team_goals", "person_goals")),
    ("alignment_tree", _("Alignment"), "tree", ("alignment_tree",)),
    ("adjustment_queue", _("Adjustments"), "scales", ("adjustment_queue", "adjustment_report")),
]
_HR: list[Spec] = [
    ("people_admin", _("People admin"), "list",
     ("people_admin", "person_create", "person_edit")),
    ("units_admin", _("Org units"), "units", ("units_admin", "unit_create", "unit_edit")),
    ("import_export", _("Import/export"), "upload", ("import_export",)),
    ("scheme_list", _("Schemes"), "layers",
     ("scheme_list", "scheme_create", "scheme_edit", "calculator")),
    ("series_list", _("Series"), "chart", ("series_list", "series_detail")),
]
_CONVERSATIONS: list[Spec] = [
    ("my_checkins", _("My check-ins"), "calendar",
     ("my_checkins", "checkin_detail", "checkin_timeline", "milestone_review")),
    ("checkin_board", _("Team check-ins"), "team", ("checkin_board",)),
    ("feedback_mine", _("My feedback"), "chat",
     ("feedback_mine", "feedback_mine_given", "feedback_give", "feedback_detail",
      "feedback_person")),
    ("feedback_requests", _("Feedback requests"), "repeat",
     ("feedback_requests", "feedback_request_answer")),
    ("review360_campaigns", _("360 reviews"), "compass",
     ("review360_campaigns", "review360_campaign", "review360_nominate", "review360_results")),
    ("review360_approvals", _("360 rater approvals"), "check", ("review360_approvals",)),
    ("development_plans", _("Development plans"), "star",
     ("development_plans", "development_plan_new", "development_plan", "development_plan_edit")),
]
_REVIEWS: list[Spec] = [
    ("my_reviews", _("My reviews"), "clipboard", ("my_reviews", "review_self")),
    ("team_reviews", _("Team reviews"), "team", ("team_reviews", "review_manager")),
    ("review_cycles", _("Review cycles"), "calendar",
     ("review_cycles", "review_cycle", "review_session", "review_shift")),
    ("incentives_my_statements", _("My payout statement"), "coins",
     ("incentives_my_statements", "incentives_statement")),
]
_HR_REWARDS: list[Spec] = [
    ("review360_questions", _("360 questions"), "list", ("review360_questions",)),
    ("incentives_policies", _("Incentive policies"), "scales",
     ("incentives_policies", "incentives_policy")),
    ("incentives_runs", _("Payout runs"), "coins",
     ("incentives_runs", "incentives_run", "incentives_cycle_setup")),
    ("incentives_compensation", _("Compensation"), "key", ("incentives_compensation",)),
    ("incentives_fairness", _("Fairness report"), "shield", ("incentives_fairness",)),
]
_RECOGNITION: list[Spec] = [
    ("recognition_give", _("Give recognition"), "heart", ("recognition_give",)),
    ("recognition_wall", _("Recognition wall"), "star", ("recognition_wall",)),
    ("recognition_mine", _("My points"), "coins", ("recognition_mine",)),
    ("recognition_contribute", _("Log a contribution"), "plus", ("recognition_contribute",)),
    ("badges_mine", _("My badges"), "medal",
     ("badges_mine", "badges_person", "badges_award_detail")),
    ("badges_catalogue", _("Badges"), "shield", ("badges_catalogue", "badges_class")),
    ("badges_award", _("Award a badge"), "plus", ("badges_award",)),
    ("achievements_quests", _("Quests"), "target",
     ("achievements_quests", "achievements_quest", "achievements_quest_new",
      "achievements_quest_edit")),
    ("achievements_leaderboards", _("Leaderboards"), "trophy", ("achievements_leaderboards",)),
    ("achievement_hall", _("My achievement hall"), "star",
     ("achievement_hall", "achievement_hall_person")),
    ("achievements_store", _("Rewards"), "gift",
     ("achievements_store", "achievements_my_redemptions")),
]
_INSIGHTS: list[Spec] = [
    ("insights_inbox", _("Insight inbox"), "inbox", ("insights_inbox", "insight_detail")),
    ("insights_mine", _("My insights"), "bulb", ("insights_mine",)),
    ("signals_team", _("Team signals"), "pulse", ("signals_team", "signals_person")),
    ("signals_mine", _("My work signals"), "pulse", ("signals_mine",)),
    ("insights_outcomes", _("Insight outcomes"), "chart", ("insights_outcomes",)),
    ("predictions_models", _("Model cards"), "layers",
     ("predictions_models", "predictions_model", "predictions_train")),
]
_HR_RECOGNITION: list[Spec] = [
    ("recognition_hr_budgets", _("Points budgets"), "coins", ("recognition_hr_budgets",)),
    ("recognition_hr_rules", _("Points rules"), "list", ("recognition_hr_rules",)),
    ("recognition_hr_flags", _("Points flags"), "alert", ("recognition_hr_flags",)),
    ("achievements_catalogue", _("Rewards catalogue"), "gift",
     ("achievements_catalogue", "achievements_reward_edit")),
    ("achievements_redemption_queue", _("Redemptions to approve"), "check",
     ("achievements_redemption_queue",)),
    ("badges_revocations", _("Badge revocations"), "alert", ("badges_revocations",)),
    ("signals_sources", _("Signal sources"), "settings", ("signals_sources",)),
    ("signals_batches", _("Ingestion log"), "upload",
     ("signals_batches", "signals_batch", "signals_upload")),
    ("insights_settings", _("Insight rules"), "settings", ("insights_settings",)),
]
_AUDIT: list[Spec] = [
    ("audit_trail", _("Audit trail"), "shield", ("audit_trail", "audit_verify")),
    ("badges_chain", _("Badge chain"), "key", ("badges_chain",)),
]


def _items(spec: list[Spec], current: str, counts: dict[str, int] | None = None
           ) -> list[NavItem]:
    counts = counts or {}
    return [NavItem(reverse(name), label, icon, current in names, counts.get(name))
            for name, label, icon, names in spec]


def may_approve(actor: Actor) -> bool:
    """Roles that may be asked to decide goal adjustments (and read the period report)."""
    return actor.has(Role.MANAGER) or actor.is_hr or actor.has(Role.EXECUTIVE)


def _goal_items(actor: Actor, current: str) -> list[NavItem]:
    if not actor.is_internal:
        return []
    wanted = {"alignment_tree"}
    if actor.person_id is not None:
        wanted.add("my_goals")
    if actor.has(Role.MANAGER) or actor.is_hr:
        wanted.add("team_goals")
    counts: dict[str, int] = {}
    if may_approve(actor):
        wanted.add("adjustment_queue")
        from flexperf.goals.selectors.dynamic import adjustment_queue

        counts["adjustment_queue"] = len(adjustment_queue(actor))
    return _items([item for item in _GOALS if item[0] in wanted], current, counts)


def _conversation_items(actor: Actor, current: str) -> list[NavItem]:
    if not actor.is_internal:
        return []
    wanted = {"review360_campaigns", "development_plans"}
    counts: dict[str, int] = {}
    if actor.person_id is not None:
        from flexperf.feedback.selectors.feedback import requests_incoming

        wanted |= {"my_checkins", "feedback_mine", "feedback_requests"}
        counts["feedback_requests"] = requests_incoming(actor, only_open=True).count()
    if actor.has(Role.MANAGER) or actor.is_hr:
        wanted.add("checkin_board")
    if actor.has(Role.MANAGER):
        from flexperf.feedback.services.nominations import nominations_to_decide

        wanted.add("review360_approvals")
        counts["review360_approvals"] = len(nominations_to_decide(actor))
    return _items([item for item in _CONVERSATIONS if item[0] in wanted], current, counts)


def _review_items(actor: Actor, current: str) -> list[NavItem]:
    if not actor.is_internal:
        return []
    wanted = set()
    if actor.person_id is not None:
        wanted |= {"my_reviews", "incentives_my_statements"}
    if actor.has(Role.MANAGER) or actor.is_hr:
        wanted.add("team_reviews")
    if actor.is_hr or actor.has(Role.EXECUTIVE):
        wanted.add("review_cycles")
    return _items([item for item in _REVIEWS if item[0] in wanted], current)


def _recognition_items(actor: Actor, current: str) -> list[NavItem]:
    if not actor.is_internal:
        return []
    wanted = {"recognition_wall", "badges_catalogue", "achievements_quests",
              "achievements_leaderboards", "achievements_store"}
    if actor.person_id is not None:
        wanted |= {"recognition_give", "recognition_mine", "recognition_contribute",
                   "badges_mine", "achievement_hall"}
    from flexperf.badges.views import may_award_some

    if may_award_some(actor):
        wanted.add("badges_award")
    return _items([item for item in _RECOGNITION if item[0] in wanted], current)


def _insight_items(actor: Actor, current: str) -> list[NavItem]:
    if not actor.is_internal:
        return []
    wanted = set()
    if actor.person_id is not None:
        wanted |= {"insights_mine", "signals_mine"}
    if actor.has(Role.MANAGER) or actor.is_hr:
        wanted |= {"insights_inbox", "signals_team", "insights_outcomes"}
    if actor.is_hr_admin or actor.has(Role.EXECUTIVE):
        wanted.add("predictions_models")
    return _items([item for item in _INSIGHTS if item[0] in wanted], current)


def _hr_recognition_items(actor: Actor, current: str) -> list[NavItem]:
    """Points policy, rules and flags, signal sources and insight rules are the HR admin's;
    HRBPs keep the rewards catalogue, approve redemptions and request badge revocations."""
    admin_only = {"recognition_hr_budgets", "recognition_hr_rules", "recognition_hr_flags",
                  "signals_sources", "signals_batches", "insights_settings"}
    counts: dict[str, int] = {}
    from flexperf.achievements.selectors.rewards import approval_queue
    from flexperf.badges.selectors import revocation_requests

    counts["achievements_redemption_queue"] = approval_queue(actor).count()
    counts["badges_revocations"] = revocation_requests(actor, status="pending").count()
    return _items([item for item in _HR_RECOGNITION
                   if item[0] not in admin_only or actor.is_hr_admin], current, counts)


def build_shell(request: HttpRequest, actor: Actor) -> Shell:
    match = getattr(request, "resolver_match", None)
    current = match.url_name if match is not None and match.url_name else ""
    everyone = [item for item in _EVERYONE
                if (item[0] not in {"directory", "org_chart"} or actor.is_internal)
                and (item[0] != "my_profile" or actor.person_id is not None)]
    sections = [NavSection(_("Workspace"), _items(everyone, current))]
    goals = _goal_items(actor, current)
    if goals:
        sections.append(NavSection(_("Goals"), goals))
    conversations = _conversation_items(actor, current)
    if conversations:
        sections.append(NavSection(_("Conversations"), conversations))
    reviews = _review_items(actor, current)
    if reviews:
        sections.append(NavSection(_("Reviews and rewards"), reviews))
    recognition = _recognition_items(actor, current)
    if recognition:
        sections.append(NavSection(_("Recognition"), recognition))
    insights = _insight_items(actor, current)
    if insights:
        sections.append(NavSection(_("Insights"), insights))
    admin: list[NavItem] = []
    if actor.is_hr:
        # Units, import/export and series are the HR admin's (the services say so); HRBPs
        # edit people and design schemes for their units.
        hr = [item for item in _HR
              if item[0] not in {"units_admin", "import_export", "series_list"}
              or actor.is_hr_admin]
        admin += _items(hr, current)
        # 360 question templates are the HR admin's; HRBPs read policies, runs, compensation
        # and fairness for their units (changes need the HR admin).
        admin += _items([item for item in _HR_REWARDS
                         if item[0] != "review360_questions" or actor.is_hr_admin], current)
        admin += _hr_recognition_items(actor, current)
    if actor.can_read_audit:
        admin += _items(_AUDIT, current)
    if admin:
        sections.append(NavSection(_("Administration"), admin))

    from flexperf.notifications.selectors import unread_count
    from flexperf.org.selectors import person_for_user

    user = request.user
    person = person_for_user(user) if actor.person_id is not None else None  # type: ignore[arg-type]
    roles = sorted(actor.roles, key=lambda r: list(Role).index(r))
    return Shell(
        sections=sections,
        display_name=person.name if person is not None else user.get_username(),
        role_labels=[role.label for role in roles],
        show_admin=bool(getattr(user, "is_staff", False)),
        unread=unread_count(actor),
    )


def navigation(request: HttpRequest) -> dict[str, Any]:
    actor = getattr(request, "actor", None)

    def shell() -> Shell | None:
        return build_shell(request, actor) if isinstance(actor, Actor) else None

    return {"actor": actor, "shell": SimpleLazyObject(shell)}
