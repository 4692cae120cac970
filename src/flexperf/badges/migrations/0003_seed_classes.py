"""The starter badge classes every deployment has (HR adds more on the catalogue page)."""

from django.db import migrations

CLASSES = [
    ("mentor", "导师之星", "Mentor", "mentor",
     "带教新同事、分享经验，帮助他人成长。",
     "在一个季度内持续带教至少一位新同事，并得到被带教者的认可。",
     ["manager", "hrbp", "hr_admin"], False),
    ("knowledge-sharer", "知识分享者", "Knowledge sharer", "knowledge",
     "把经验写成文章、做分享，让团队一起变强。",
     "发布至少三篇被同事采纳的知识文章或完成一次内部分享。",
     ["manager", "hrbp", "hr_admin"], False),
    ("customer-hero", "客户英雄", "Customer hero", "customer",
     "为客户多走一步，赢得客户的信任与赞誉。",
     "获得客户书面表扬，或在关键时刻挽回重要客户。",
     ["manager", "hrbp", "hr_admin", "executive"], False),
    ("cross-team-helper", "跨团队援手", "Cross-team helper", "bridge",
     "主动支援其他团队，打破部门壁垒。",
     "为其他部门的项目提供了被对方确认的实质性帮助。",
     ["manager", "hrbp", "hr_admin"], False),
    ("quest-finisher", "闯关达人", "Quest finisher", "quest",
     "完成一条完整的成长任务路径。",
     "完成任一任务路径的全部关卡（由系统自动授予）。",
     [], True),
]


def seed(apps, schema_editor):
    BadgeClass = apps.get_model("badges", "BadgeClass")
    for code, name, name_en, image, description, criteria, roles, auto_only in CLASSES:
        BadgeClass.objects.get_or_create(code=code, defaults={
            "name": name, "name_en": name_en, "image": image, "description": description,
            "criteria": criteria, "awarder_roles": roles, "auto_only": auto_only})


class Migration(migrations.Migration):
    dependencies = [("badges", "0002_append_only")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
