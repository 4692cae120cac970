from __future__ import annotations

from django.urls import path

from flexperf.incentives.views import policies, runs, setup, statements

urlpatterns = [
    path("incentives/statements/", statements.my_statements, name="incentives_my_statements"),
    path("incentives/statements/<int:cycle_id>/<int:person_id>/", statements.statement,
         name="incentives_statement"),
    path("incentives/policies/", policies.policy_list, name="incentives_policies"),
    path("incentives/policies/<int:policy_id>/", policies.policy_detail,
         name="incentives_policy"),
    path("incentives/runs/", runs.run_list, name="incentives_runs"),
    path("incentives/runs/<int:run_id>/", runs.run_detail, name="incentives_run"),
    path("incentives/runs/<int:run_id>/approve/", runs.run_approve,
         name="incentives_run_approve"),
    path("incentives/runs/<int:run_id>/export/", runs.run_export, name="incentives_run_export"),
    path("incentives/cycles/<int:cycle_id>/setup/", setup.cycle_setup,
         name="incentives_cycle_setup"),
    path("incentives/compensation/", runs.compensation_page, name="incentives_compensation"),
    path("incentives/fairness/", runs.fairness_page, name="incentives_fairness"),
]
