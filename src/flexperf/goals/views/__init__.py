"""Goals pages, one module per group: mine (my and a person's goals), team, detail (a goal and
everything done on it), editing (create and change drafts), alignment, schemes (the designer
and the calculator), adjustments (the queue and the period report), series.

Thin like every page: parse the form, call one selector, service or the evaluation, render.
Scope and permission come from the selectors and services (NotFound → 404, Forbidden → 403).
"""
