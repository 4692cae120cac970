from django.contrib import admin
from django.urls import include, path

from flexperf.api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("flexperf.accounts.urls")),
    path("", include("flexperf.audit.urls")),
    path("", include("flexperf.org.urls")),
    path("", include("flexperf.goals.urls")),
    path("", include("flexperf.notifications.urls")),
    path("", include("flexperf.checkins.urls")),
    path("", include("flexperf.feedback.urls")),
    path("", include("flexperf.reviews.urls")),
    path("", include("flexperf.incentives.urls")),
    path("", include("flexperf.recognition.urls")),
    path("", include("flexperf.badges.urls")),
    path("", include("flexperf.achievements.urls")),
    path("", include("flexperf.signals.urls")),
    path("", include("flexperf.insights.urls")),
    path("", include("flexperf.predictions.urls")),
    path("", include("flexperf.core.urls")),
]

handler403 = "flexperf.core.views.forbidden"
handler404 = "flexperf.core.views.not_found"
handler500 = "flexperf.core.views.server_error"
