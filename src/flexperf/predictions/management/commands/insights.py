"""`flexperf insights train-attrition --csv FILE --target COL --positive VAL [--id COL]
[--group COL …] [--seed N] [--algorithm gbm|logistic] [--json]`: train and evaluate an
attrition model on any HR table;
`flexperf insights retrain [--as-of DATE]`: retrain the own-history attrition model;
`flexperf insights refresh [--as-of DATE]`: refresh signals and insights (the insights domain)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from flexperf.core import clock
from flexperf.core.management import cli_actor, service_errors
from flexperf.predictions.models import ModelVersion
from flexperf.predictions.services import (
    train_attrition_from_csv,
    train_attrition_from_history,
)


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(_("Not a date (YYYY-MM-DD): %(value)s") % {"value": value}) from exc


def _spread(metric: dict[str, float]) -> str:
    return f"{metric['mean']:.3f} ± {metric['std']:.3f}"


class Command(BaseCommand):
    help = _("Insights: train-attrition from an HR table, retrain from the organisation's own "
             "history, refresh signals and insights.")

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        train = actions.add_parser("train-attrition", help=_(
            "Train and evaluate an attrition model on an HR table (CSV), 5-fold "
            "cross-validated, and save it as a model version."))
        train.add_argument("--csv", required=True, metavar="FILE")
        train.add_argument("--target", required=True, metavar="COLUMN")
        train.add_argument("--positive", required=True, metavar="VALUE",
                           help=_("The target's value for a leaver (e.g. 1 or Yes)."))
        train.add_argument("--id", metavar="COLUMN", dest="id_column",
                           help=_("An id column, never used as a feature."))
        train.add_argument("--group", metavar="COLUMN", action="append", default=[],
                           help=_("A column to report the model's metrics by (repeatable)."))
        train.add_argument("--seed", type=int, default=0, metavar="N")
        train.add_argument("--algorithm", choices=("gbm", "logistic"), default="gbm",
                           help=_("Gradient boosting (default) or logistic regression."))
        train.add_argument("--json", action="store_true",
                           help=_("Print the result as JSON."))
        retrain = actions.add_parser("retrain", help=_(
            "Retrain the attrition model on the organisation's own leavers and stayers."))
        retrain.add_argument("--as-of", metavar="YYYY-MM-DD", dest="as_of")
        retrain.add_argument("--json", action="store_true", help=_("Print the result as JSON."))
        refresh = actions.add_parser("refresh", help=_(
            "Refresh signals features and insights as of a day (default today)."))
        refresh.add_argument("--as-of", metavar="YYYY-MM-DD", dest="as_of")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "train-attrition":
            with service_errors():
                version = train_attrition_from_csv(
                    actor=cli_actor(), path=options["csv"], target=options["target"],
                    positive=options["positive"], id_column=options["id_column"],
                    group_columns=options["group"], seed=options["seed"],
                    algorithm=options["algorithm"])
            self._report(version, options["json"])
        elif action == "retrain":
            as_of = _date(options["as_of"]) if options["as_of"] else clock.today()
            with service_errors():
                version = train_attrition_from_history(actor=cli_actor(), as_of=as_of)
            self._report(version, options["json"])
        else:
            self._refresh(options)

    def _refresh(self, options: dict[str, Any]) -> None:
        as_of = _date(options["as_of"]) if options["as_of"] else clock.today()
        try:
            from flexperf.insights.services import refresh_insights
        except ImportError as exc:
            self.stderr.write(_("The insights domain is not available: %(error)s")
                              % {"error": exc})
            raise SystemExit(2) from exc
        with service_errors():
            report = refresh_insights(actor=cli_actor(), as_of=as_of)
        self.stdout.write(_("Refreshed as of %(day)s: %(weeks)d weeks of signals, "
                            "%(created)d insights created, %(updated)d updated.")
                          % {"day": as_of.isoformat(), "weeks": report.weeks_refreshed,
                             "created": report.insights_created,
                             "updated": report.insights_updated})
        for kind, count in sorted(report.by_type.items()):
            self.stdout.write(f"  {kind}: {count}")

    def _report(self, version: ModelVersion, as_json: bool) -> None:
        metrics = version.metrics
        if as_json:
            self.stdout.write(json.dumps({
                "roc_auc": metrics["roc_auc"], "pr_auc": metrics["pr_auc"],
                "brier": metrics["brier"], "folds": metrics["folds"], "rows": version.rows,
                "positives": version.positives, "rows_read": version.rows_read,
                "duplicates_dropped": version.duplicates_dropped,
                "features": version.features, "dropped_columns": version.notes,
                "model_version": version.label, "model_id": version.pk,
                "warnings": [f"{g['dimension']}={g['group']}: {','.join(g['warnings'])}"
                             for g in version.groups if g["warnings"]],
            }, ensure_ascii=False))
            return
        lines = [
            _("Model %(label)s (%(algorithm)s), %(folds)d-fold stratified cross-validation:")
            % {"label": version.label, "algorithm": version.algorithm,
               "folds": metrics["folds"]},
            f"  ROC-AUC  {_spread(metrics['roc_auc'])}",
            f"  PR-AUC   {_spread(metrics['pr_auc'])}",
            f"  Brier    {_spread(metrics['brier'])}",
            _("Rows: %(rows)d (read %(read)d, %(dups)d exact duplicates dropped); "
              "positives: %(pos)d.") % {"rows": version.rows, "read": version.rows_read,
                                        "dups": version.duplicates_dropped,
                                        "pos": version.positives},
            _("Features used (%(n)d): %(names)s") % {"n": len(version.features),
                                                     "names": ", ".join(version.features)},
        ]
        lines += [_("Dropped %(column)s: %(why)s") % {"column": c, "why": why}
                  for c, why in version.notes]
        lines += [_("Warning: %(dimension)s = %(group)s: %(what)s")
                  % {"dimension": g["dimension"], "group": g["group"],
                     "what": ", ".join(g["warnings"])}
                  for g in version.groups if g["warnings"]]
        self.stdout.write("\n".join(lines))
