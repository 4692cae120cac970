from django.urls import path

from flexperf.audit import views

urlpatterns = [
    path("audit/", views.trail, name="audit_trail"),
    path("audit/verify/", views.verify, name="audit_verify"),
    path("audit/export.csv", views.export_csv, name="audit_export"),
]
