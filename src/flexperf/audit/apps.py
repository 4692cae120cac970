from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "flexperf.audit"
    label = "audit"
    verbose_name = "Audit trail"
