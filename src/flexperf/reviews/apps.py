from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "flexperf.reviews"
    label = "reviews"
    verbose_name = "Reviews"
