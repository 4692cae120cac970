"""The alignment tree: company → unit → team → person goals of a period that the caller may
see, each with its progress rolled up from the goals contributing to it (the evaluation's
roll-up), collapsible."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from flexperf.core.views import current_actor, internal, page
from flexperf.goals import evaluation
from flexperf.goals.evaluation import AlignedProgress
from flexperf.goals.selectors.goals import AlignmentNode, alignment_tree
from flexperf.goals.views.common import owner_name, pick_period


@dataclass(frozen=True)
class Step:
    """Entering a node (with its progress) or leaving one that has children: the template
    writes nested lists from this flat walk."""

    node: AlignmentNode
    enter: bool
    depth: int
    progress: AlignedProgress | None
    owner: str


def _walk(nodes: list[AlignmentNode], depth: int,
          progress: dict[int, AlignedProgress]) -> list[Step]:
    steps: list[Step] = []
    for node in nodes:
        found = progress.get(node.goal.pk)
        steps.append(Step(node, True, depth, found, owner_name(node.goal)))
        if node.children:
            steps += _walk(node.children, depth + 1, progress)
            steps.append(Step(node, False, depth, found, ""))
    return steps


@require_GET
@page(allow=internal)
def alignment_tree_page(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    period, periods = pick_period(actor, request.GET.get("period"))
    steps: list[Step] = []
    loose: list[Step] = []
    count = 0
    if period is not None:
        tree = alignment_tree(actor, period.code)
        progress = evaluation.alignment_progress(actor, period)
        # Personal goals that contribute to nothing and have no contributors are listed apart,
        # so the cascade stays readable.
        apart = [n for n in tree.roots if n.level == "person" and not n.children]
        steps = _walk([n for n in tree.roots if n not in apart], 0, progress)
        loose = _walk(apart, 0, progress)
        count = len(tree.goals)
    return render(request, "goals/alignment.html", {
        "period": period, "periods": periods, "steps": steps, "loose": loose, "count": count,
    })
