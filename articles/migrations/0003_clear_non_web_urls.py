"""Articles stored before only http(s) URLs were kept may hold a `javascript:` or `data:`
URL from their header, which a page would render as a live link: clear them."""

from django.db import migrations
from django.db.models import Q


def clear_non_web_urls(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    web = Q(url__istartswith="http://") | Q(url__istartswith="https://") | Q(url="")
    Article.objects.exclude(web).update(url="")


class Migration(migrations.Migration):
    dependencies = [("articles", "0002_extraction_state_path_keys_and_date_sources")]

    operations = [migrations.RunPython(clear_non_web_urls, migrations.RunPython.noop)]
