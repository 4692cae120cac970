"""Install the built-in scheme templates as schemes, the profit-centre one as the group
default, so that every person's scheme resolves on a fresh installation."""

from django.db import migrations

from flexperf.goals.scheme_templates import DEFAULT_TEMPLATE, TEMPLATES


def install(apps, schema_editor):
    Scheme = apps.get_model("goals", "Scheme")
    SchemeComponent = apps.get_model("goals", "SchemeComponent")
    for spec in TEMPLATES:
        if Scheme.objects.filter(code=spec["key"]).exists():
            continue
        scheme = Scheme.objects.create(
            code=spec["key"], name=spec["name"], name_en=spec["name_en"],
            description=spec["description"], template_key=spec["key"],
            is_default=spec["key"] == DEFAULT_TEMPLATE and not Scheme.objects.filter(
                is_default=True).exists(),
            checkin_cadence=spec["checkin_cadence"], review_period=spec["review_period"],
        )
        for order, component in enumerate(spec["components"]):
            SchemeComponent.objects.create(scheme=scheme, order=order, **component)


class Migration(migrations.Migration):
    dependencies = [("goals", "0001_initial")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
