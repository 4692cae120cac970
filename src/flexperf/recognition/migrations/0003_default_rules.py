"""The default points rules and giving policy (HR edits them on the rules and budgets pages)."""

from django.db import migrations

DEFAULT_RULES = [
    # code, points, most points per person per month
    ("feedback_given", 2, 20),
    ("knowledge_shared", 10, 40),
    ("mentoring_logged", 8, 32),
    ("cross_team_help", 6, 30),
    ("checkin_on_time", 5, 10),
    ("milestone_on_time", 10, 30),
]


def seed(apps, schema_editor):
    Rule = apps.get_model("recognition", "Rule")
    Policy = apps.get_model("recognition", "Policy")
    for code, points, cap in DEFAULT_RULES:
        Rule.objects.get_or_create(code=code, defaults={"points": points,
                                                        "cap_per_period": cap})
    Policy.objects.get_or_create(pk=1)


def unseed(apps, schema_editor):
    apps.get_model("recognition", "Rule").objects.filter(
        code__in=[c for c, _, _ in DEFAULT_RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("recognition", "0002_append_only")]
    operations = [migrations.RunPython(seed, unseed)]
