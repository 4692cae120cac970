from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from flexperf.achievements import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("achievements/quests/", views.quest_list, name="achievements_quests"),
    path("achievements/quests/new/", views.quest_edit, name="achievements_quest_new"),
    path("achievements/quests/recompute/", views.quest_recompute,
         name="achievements_quest_recompute"),
    path("achievements/quests/<int:quest_id>/", views.quest_detail, name="achievements_quest"),
    path("achievements/quests/<int:quest_id>/edit/", views.quest_edit,
         name="achievements_quest_edit"),
    path("achievements/quests/<int:quest_id>/join/", views.quest_join,
         name="achievements_quest_join"),
    path("achievements/leaderboards/", views.leaderboard_page, name="achievements_leaderboards"),
    path("achievements/settings/leaderboards/", views.opt_out, name="achievements_opt_out"),
    path("achievements/hall/", views.my_hall, name="achievement_hall"),
    path("achievements/hall/<int:person_id>/", views.person_hall,
         name="achievement_hall_person"),
    path("achievements/rewards/", views.store_page, name="achievements_store"),
    path("achievements/rewards/<int:reward_id>/redeem/", views.redeem,
         name="achievements_redeem"),
    path("achievements/redemptions/", views.my_redemptions, name="achievements_my_redemptions"),
    path("achievements/catalogue/", views.catalogue, name="achievements_catalogue"),
    path("achievements/catalogue/<int:reward_id>/", views.catalogue,
         name="achievements_reward_edit"),
    path("achievements/approvals/", views.redemption_queue,
         name="achievements_redemption_queue"),
    path("achievements/approvals/<int:redemption_id>/<str:decision>/", views.decide,
         name="achievements_decide"),
]
