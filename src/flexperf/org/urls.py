from django.urls import path

from flexperf.org import views

urlpatterns = [
    path("directory/", views.directory, name="directory"),
    path("org-chart/", views.org_chart, name="org_chart"),
    path("me/", views.my_profile, name="my_profile"),
    path("people/<int:person_id>/", views.person_detail, name="person"),
    path("hr/people/", views.people_admin, name="people_admin"),
    path("hr/people/new/", views.person_create, name="person_create"),
    path("hr/people/<int:person_id>/edit/", views.person_edit, name="person_edit"),
    path("hr/units/", views.units_admin, name="units_admin"),
    path("hr/units/new/", views.unit_create, name="unit_create"),
    path("hr/units/<int:unit_id>/edit/", views.unit_edit, name="unit_edit"),
    path("hr/units/<int:unit_id>/archive/", views.unit_archive, name="unit_archive"),
    path("hr/import-export/", views.import_export, name="import_export"),
    path("hr/export/", views.export, name="org_export"),
]
