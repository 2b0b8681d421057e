from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "safepost.app.audit"
    label = "audit"
    verbose_name = "Audit log"
