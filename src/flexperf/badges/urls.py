from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from flexperf.badges import views

urlpatterns: list[URLPattern | URLResolver] = [
    path(".well-known/jwks.json", views.jwks, name="badges_jwks"),
    path("badges/", views.catalogue, name="badges_catalogue"),
    path("badges/award/", views.award, name="badges_award"),
    path("badges/mine/", views.mine, name="badges_mine"),
    path("badges/people/<int:person_id>/", views.person_badges, name="badges_person"),
    path("badges/awards/<int:award_id>/", views.award_detail, name="badges_award_detail"),
    path("badges/awards/<int:award_id>/credential/", views.credential_download,
         name="badges_credential"),
    path("badges/revocations/", views.revocations, name="badges_revocations"),
    path("badges/revocations/<int:request_id>/approve/", views.decide,
         {"decision": "approve"}, name="badges_revocation_approve"),
    path("badges/revocations/<int:request_id>/reject/", views.decide,
         {"decision": "reject"}, name="badges_revocation_reject"),
    path("badges/chain/", views.chain_status, name="badges_chain"),
    path("badges/verify/", views.verify, name="badges_verify"),
    path("badges/issuer/", views.issuer, name="badges_issuer"),
    path("badges/classes/<slug:code>/", views.class_page, name="badges_class"),
]
