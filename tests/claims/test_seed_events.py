"""With the seeds ingested, the changes feed names Kosovo's change (issue 9's done-when)."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

from claims import events
from claims.models import StanceEvent

pytestmark = pytest.mark.django_db
SEEDS = str(settings.BASE_DIR / "seeds")


def test_the_seeds_changes_feed_names_kosovos_change(client, settings):
    settings.CLAIMTRACK_PUBLIC_READ = True
    call_command("ingest", SEEDS, "--quiet", stdout=StringIO())
    events.settle()  # the test's transaction never commits: settle as a commit would
    kosovo = StanceEvent.objects.for_list().filter(country__slug="kosovo").newest_first()
    assert [e.headline for e in kosovo] == [
        "Kosovo: Open to talks → Supports, 22 Oct 2025, Albin Kurti",
        "Kosovo: No position → Open to talks, 26 May 2025, Vjosa Osmani",
    ]
    feed = client.get("/feeds/changes/")
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert "Kosovo: Open to talks → Supports, 22 Oct 2025, Albin Kurti" in feed.content.decode()
