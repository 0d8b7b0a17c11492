import pytest
from django.urls import reverse

from claims.models import SpeakerRole


@pytest.mark.django_db
def test_speaker_page_shows_name_aliases_roles_country_and_statements(reader, story):
    SpeakerRole.objects.create(
        speaker=story["osmani"], role="President", role_key="president", country=story["kosovo"]
    )
    html = reader.get(story["osmani"].get_absolute_url()).content.decode()
    assert "<h1>Vjosa Osmani</h1>" in html
    assert "Osmani" in html and "President (Kosovo)" in html
    assert html.index("we are open to talks") < html.index("Kosovo wants to help")
    assert html.count('class="mark"') == 2


@pytest.mark.django_db
def test_speaker_page_query_count(reader, story, pile, django_assert_num_queries):
    url = story["osmani"].get_absolute_url()
    # session, user, speaker, aliases, topics, chart, undated count, roles, statements,
    # countries, appearances
    with django_assert_num_queries(11):
        reader.get(url)
    pile(20)
    for _ in range(10):
        from tests import factories

        factories.statement(speaker=story["osmani"], countries=[story["uk"]], article=story["may"])
    with django_assert_num_queries(11):
        reader.get(url)


@pytest.mark.django_db
def test_speaker_without_statements(reader):
    from tests import factories

    s = factories.speaker("Quiet Person")
    html = reader.get(reverse("claims:speaker", args=[s.slug])).content.decode()
    assert "No statements by Quiet Person on this question are on record" in html
