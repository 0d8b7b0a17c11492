"""The three groups of issue 4: Admins change data, Editors and Researchers only read.

Permissions are created here first because Django only creates them in post_migrate, after
every migration has run; without this the groups would be created empty on a fresh database.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

APP_LABELS = ("claims", "articles")
READERS = ("Editors", "Researchers")
ADMINS = "Admins"


def _ensure_permissions(apps, using: str) -> None:
    for label in (*APP_LABELS, "auth", "contenttypes"):
        app_config = apps.get_app_config(label)
        # Migration-state app configs have no models module, which create_permissions
        # takes as "nothing to do"; flag it for the duration of the call.
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, using=using, apps=apps)
        app_config.models_module = None


def create_groups(apps, schema_editor) -> None:
    db = schema_editor.connection.alias
    _ensure_permissions(apps, db)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    perms = Permission.objects.using(db).filter(content_type__app_label__in=APP_LABELS)
    admins, _ = Group.objects.using(db).get_or_create(name=ADMINS)
    admins.permissions.add(*perms)
    viewers = perms.filter(codename__startswith="view_")
    for name in READERS:
        group, _ = Group.objects.using(db).get_or_create(name=name)
        group.permissions.add(*viewers)


def remove_groups(apps, schema_editor) -> None:
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(
        name__in=(ADMINS, *READERS)
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0002_search_vector_trigger"),
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_groups, remove_groups)]
