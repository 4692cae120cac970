from __future__ import annotations

from django.urls import URLPattern, path

from flexperf.reviews.views import calibration, cycles, evaluations

urlpatterns: list[URLPattern] = [
    path("reviews/", evaluations.my_reviews, name="my_reviews"),
    path("reviews/team/", evaluations.team_reviews, name="team_reviews"),
    path("reviews/evaluations/<int:evaluation_id>/", evaluations.evaluation_page,
         name="review_evaluation"),
    path("reviews/evaluations/<int:evaluation_id>/self/", evaluations.self_review,
         name="review_self"),
    path("reviews/evaluations/<int:evaluation_id>/manager/", evaluations.manager_review,
         name="review_manager"),
    path("reviews/cycles/", cycles.cycle_list, name="review_cycles"),
    path("reviews/cycles/<int:cycle_id>/", cycles.cycle_page, name="review_cycle"),
    path("reviews/cycles/<int:cycle_id>/advance/", cycles.advance, name="review_cycle_advance"),
    path("reviews/cycles/<int:cycle_id>/back/", cycles.step_back, name="review_cycle_back"),
    path("reviews/cycles/<int:cycle_id>/sessions/", cycles.create_session,
         name="review_session_create"),
    path("reviews/cycles/<int:cycle_id>/shift/", cycles.shift_report, name="review_shift"),
    path("reviews/sessions/<int:session_id>/", calibration.session_page, name="review_session"),
    path("reviews/sessions/<int:session_id>/change/", calibration.change_rating,
         name="review_change"),
    path("reviews/sessions/<int:session_id>/close/", calibration.close_session,
         name="review_session_close"),
]
