"""`flexperf demo`: migrate, load the demo group 华信集团 with its goals, check-ins, feedback,
reviews and payouts (once), print the logins, serve it."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import BaseCommand, CommandError, CommandParser, call_command
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from flexperf.achievements.demo import loader as achievements_loader
from flexperf.badges.demo import loader as badges_loader
from flexperf.checkins.demo import loader as checkins_loader
from flexperf.core import server
from flexperf.core.management import cli_actor, service_errors
from flexperf.core.seeds import reinstall_migration_seeds
from flexperf.feedback.demo import loader as feedback_loader
from flexperf.goals.demo import loader as goals_loader
from flexperf.incentives.demo import loader as incentives_loader
from flexperf.incentives.models import IncentivePolicy
from flexperf.insights.demo import loader as insights_loader
from flexperf.org.demo import generator, loader
from flexperf.org.demo.loader import LoadResult
from flexperf.predictions.demo import loader as predictions_loader
from flexperf.recognition.demo import loader as recognition_loader
from flexperf.reviews.demo import loader as reviews_loader
from flexperf.signals.demo import loader as signals_loader


@dataclass(frozen=True)
class Layer:
    """One domain's part of the demo, loaded after the group and its goals, in this order."""

    loaded: Callable[[], bool]
    load: Callable[[int], dict[str, int]]  # seed → counts
    summary: str | Promise  # a sentence over the counts and "seconds"


def _counts(result: LoadResult | dict[str, int]) -> dict[str, int]:
    return result.counts if isinstance(result, LoadResult) else result


LAYERS: tuple[Layer, ...] = (
    Layer(checkins_loader.checkins_demo_loaded,
          lambda seed: _counts(checkins_loader.load_checkins_demo(actor=cli_actor(), seed=seed)),
          gettext_lazy("Check-ins January–June: %(checkins)d (%(discussed)d discussed, "
                       "%(overdue)d overdue), %(milestone_reviews)d milestone reviews, in "
                       "%(seconds).1f s.")),
    Layer(feedback_loader.feedback_demo_loaded,
          lambda seed: _counts(feedback_loader.load_feedback_demo(actor=cli_actor(), seed=seed)),
          gettext_lazy("Feedback: %(feedback)d items and %(request_answers)d answers to "
                       "requests, %(requests_open)d requests open, "
                       "%(campaigns)d finished 360 campaign, %(plans)d development plans, in "
                       "%(seconds).1f s.")),
    Layer(reviews_loader.reviews_demo_loaded,
          lambda seed: _counts(reviews_loader.load_reviews_demo(actor=cli_actor(), seed=seed)),
          gettext_lazy("Review cycles: a finished one with %(evaluations)d evaluations and "
                       "%(calibration_changes)d calibration changes, an open one with "
                       "%(open_evaluations)d, in %(seconds).1f s.")),
    # Before incentives: the payout run's micro-rewards pay the recognition points.
    Layer(recognition_loader.recognition_demo_loaded,
          lambda seed: _counts(recognition_loader.load_recognition_demo(actor=cli_actor(),
                                                                         seed=seed)),
          gettext_lazy("Recognition July 2025–June 2026: %(budgets)d monthly budgets, "
                       "%(awards)d peer awards, %(contributions)d contributions, %(grants)d rule "
                       "grants, %(flags)d flagged pair held for HR, in %(seconds).1f s.")),
    Layer(badges_loader.badges_demo_loaded,
          lambda seed: _counts(badges_loader.load_badges_demo(actor=cli_actor(), seed=seed)),
          gettext_lazy("Badges: %(awards)d awards to %(people)d people, %(revoked)d revoked by "
                       "two approvers, %(chain_entries)d signed chain entries, in "
                       "%(seconds).1f s.")),
    Layer(lambda: IncentivePolicy.objects.filter(code=incentives_loader.POLICY_CODE).exists(),
          lambda seed: _counts(incentives_loader.load_incentives_demo(actor=cli_actor(),
                                                                       seed=seed)),
          gettext_lazy("Incentives: %(salaries)d base salaries, an approved payout run with "
                       "%(payout_lines)d lines, in %(seconds).1f s.")),
    Layer(achievements_loader.achievements_demo_loaded,
          lambda seed: _counts(achievements_loader.load_achievements_demo(actor=cli_actor(),
                                                                           seed=seed)),
          gettext_lazy("Achievements: %(quests)d quests (%(levels)d levels reached), "
                       "%(rewards)d rewards, %(redemptions)d redemptions (%(pending)d awaiting "
                       "HR), %(opt_outs)d leaderboard opt-outs, in %(seconds).1f s.")),
    Layer(signals_loader.signals_demo_loaded,
          lambda seed: _counts(signals_loader.load_signals_demo(actor=cli_actor(), seed=seed)),
          gettext_lazy("Work signals January–June: %(events)d events from %(sources)d sources "
                       "for %(people)d people, %(person_weeks)d person-weeks of features, in "
                       "%(seconds).1f s.")),
    Layer(predictions_loader.predictions_demo_loaded,
          lambda seed: _counts(predictions_loader.load_predictions_demo(actor=cli_actor(),
                                                                         seed=seed)),
          gettext_lazy("Attrition model trained on the group's own history: %(rows)d people, "
                       "%(leavers)d leavers, %(features)d features, in %(seconds).1f s.")),
    Layer(insights_loader.insights_demo_loaded,
          lambda seed: _counts(insights_loader.load_insights_demo(actor=cli_actor(), seed=seed)),
          gettext_lazy("Insights: %(insights)d raised (%(open)d open), %(acted)d acted on and "
                       "%(dismissed)d dismissed in May, %(followed_up)d measured again, in "
                       "%(seconds).1f s.")),
)


class Command(BaseCommand):
    help = _("Migrate the database, load a deterministic demo group (华信集团, Huaxin Group), "
             "print the demo logins and serve it on 127.0.0.1.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--size", type=int, default=generator.DEFAULT_SIZE, metavar="N",
            help=_("People records to generate, leavers included (%(min)d–%(max)d; "
                   "default %(default)d).") % {"min": generator.MIN_SIZE,
                                               "max": generator.MAX_SIZE,
                                               "default": generator.DEFAULT_SIZE})
        parser.add_argument(
            "--seed", type=int, default=generator.DEFAULT_SEED, metavar="S",
            help=_("Random seed: the same seed gives the same data (default %(default)d).")
            % {"default": generator.DEFAULT_SEED})
        parser.add_argument(
            "--data-dir", metavar="DIR",
            help=_("Data folder for the SQLite database and secret key (or FLEXPERF_DATA_DIR); "
                   "`flexperf` reads it before anything else."))
        parser.add_argument("--no-serve", action="store_true",
                            help=_("Load and print the logins, then exit."))
        parser.add_argument("--port", type=int, default=8000, metavar="P",
                            help=_("Port on 127.0.0.1 to serve on (default 8000)."))
        parser.add_argument("--reset", action="store_true",
                            help=_("Wipe the database (every table, the audit trail too) and "
                                   "load the demo again. Only allowed on a database that holds "
                                   "the demo."))

    def handle(self, *args: Any, **options: Any) -> None:
        given = options["data_dir"]
        if given and Path(given).expanduser().resolve() != Path(settings.DATA_DIR):
            # Reached only through django-admin: settings are loaded before options are parsed.
            raise CommandError(_("Give the data folder before the command: "
                                 "`flexperf --data-dir DIR demo`."))
        size, seed = options["size"], options["seed"]
        if not generator.MIN_SIZE <= size <= generator.MAX_SIZE:
            raise CommandError(_("--size must be between %(min)d and %(max)d.")
                               % {"min": generator.MIN_SIZE, "max": generator.MAX_SIZE})
        plan = None
        if not options["no_serve"]:
            with service_errors():  # a taken port fails now, not after the load
                plan = server.plan(host="127.0.0.1", port=options["port"], workers=None)

        self.stdout.write(_("Preparing the database in %(where)s …")
                          % {"where": _database_label()})
        call_command("migrate", interactive=False, verbosity=0)
        if options["reset"]:
            with service_errors():
                loader.wipe_demo_database()
                # The wipe took the rows migrations install too: the built-in schemes, the
                # default points rules and the seeded badge classes.
                goals_loader.install_builtin_schemes(actor=cli_actor())
                reinstall_migration_seeds()
            self.stdout.write(_("Wiped the database."))
        if loader.demo_loaded():
            info = loader.loaded_demo_info()
            self.stdout.write(_("The database already holds the demo group (%(people)s people, "
                                "seed %(seed)s); not loading it again. Use --reset to wipe and "
                                "reload it.") % {"people": info.get("people", "?"),
                                                 "seed": info.get("seed", "?")})
            # A demo loaded by an earlier version lacks the later layers: add what is missing.
            seed = int(info.get("seed", seed))
            with service_errors(), transaction.atomic():
                if not goals_loader.goals_demo_loaded():
                    self._goals_loaded(goals_loader.load_goals_demo(actor=cli_actor(),
                                                                    seed=seed))
                self._load_layers(seed, only_missing=True)
        else:
            with service_errors(), transaction.atomic():
                result = loader.load_demo(actor=cli_actor(), size=size, seed=seed,
                                          reset=options["reset"])
                counts = result.counts
                self.stdout.write(_("Loaded the demo group 华信集团 (Huaxin Group): %(people)d "
                                    "people (%(leavers)d leavers) in %(units)d units, "
                                    "%(companies)d companies, seed %(seed)d, in %(seconds).1f s.")
                                  % {**counts, "seed": seed, "seconds": result.seconds})
                self._goals_loaded(goals_loader.load_goals_demo(actor=cli_actor(), seed=seed))
                self._load_layers(seed, only_missing=False)
        self._print_logins()
        if plan is None:
            self.stdout.write(_("Serve it with `FLEXPERF_TODAY=%(day)s flexperf serve` (the "
                                "demo's own date), then open http://127.0.0.1:8000/.")
                              % {"day": generator.AS_OF.isoformat()})
            return
        if settings.FLEXPERF_TODAY is None:
            # The demo's story (goals on track or behind, check-ins due) is told as of its own
            # date; the workers fork from this process and keep it.
            settings.FLEXPERF_TODAY = generator.AS_OF
        self.stdout.write(_("The demo is shown as of %(day)s, its own date: progress, due "
                            "check-ins and scores are judged on that day (FLEXPERF_TODAY).")
                          % {"day": settings.FLEXPERF_TODAY.isoformat()})
        server.serve(plan, stdout=self.stdout)

    def _load_layers(self, seed: int, *, only_missing: bool) -> None:
        for layer in LAYERS:
            if only_missing and layer.loaded():
                continue
            started = time.perf_counter()
            counts = layer.load(seed)
            self.stdout.write(str(layer.summary) % {
                **counts, "seconds": time.perf_counter() - started})

    def _goals_loaded(self, result: LoadResult) -> None:
        counts = result.counts
        self.stdout.write(_("Loaded their goals for 2026: %(goals)d goals of every paradigm, "
                            "%(measurements)d measurements, %(under_discussion)d goals under "
                            "discussion, %(adjustments_approved)d approved adjustments, in "
                            "%(seconds).1f s.") % {**counts, "seconds": result.seconds})

    def _print_logins(self) -> None:
        accounts = loader.demo_accounts()
        self.stdout.write("")
        self.stdout.write(_("Demo logins (password for all: %(password)s):")
                          % {"password": loader.DEMO_PASSWORD})
        width = max((len(a.username) for a in accounts), default=8)
        role_width = max((len(a.role) for a in accounts), default=8)
        for account in accounts:
            self.stdout.write(f"  {account.username.ljust(width)}  "
                              f"{account.role.ljust(role_width)}  {account.person}".rstrip())
        self.stdout.write("")


def _database_label() -> str:
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        return str(database["NAME"])
    return f"{database.get('HOST') or 'localhost'}/{database['NAME']}"
