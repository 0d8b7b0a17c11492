"""Hostile query parameters get a 400 or a clean page, never a 500 (issue 10, item 9)."""

import pytest
from django.urls import reverse

from claimtrack.params import MAX_PAGE, BadParameter, page_number
from tests import factories

NASTY = [
    "10" + "0" * 17,  # 10**18
    str(2**63),
    "-5",
    "a\x00b",
    "99999-01-01",
    "0001-01-01",
    "'; DROP TABLE claims_statement; --",
    "x" * 2001,
]


def urls(story) -> dict[str, list[str]]:
    """Each page and the parameters it reads."""
    statement_params = ["q", "speaker", "country", "mentioned", "stance", "kind", "outlet"]
    statement_params += ["start", "end", "verified", "sort", "page"]
    return {
        reverse("claims:overview"): ["page"],
        reverse("claims:country", args=["kosovo"]): [
            "stance",
            "speaker",
            "start",
            "end",
            "count",
            "page",
        ],
        reverse("claims:statement_list"): statement_params,
        reverse("claims:export", args=["csv"]): ["page", "start", "q"],
        reverse("claims:speaker", args=[story["osmani"].slug]): ["page"],
        reverse("claims:speaker_autocomplete"): ["q", "speaker"],
        reverse("articles:detail", args=[story["may"].pk]): ["page"],
    }


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["claims:statement_list", "claims:country", "claims:speaker"])
def test_a_page_number_of_ten_to_the_eighteen_is_a_400(reader, story, name):
    args = {"claims:country": ["kosovo"], "claims:speaker": [story["osmani"].slug]}
    response = reader.get(reverse(name, args=args.get(name)), {"page": 10**18})
    assert response.status_code == 400
    assert "page" in response.content.decode()


@pytest.mark.django_db
def test_a_nul_byte_in_the_autocomplete_query_is_a_400(reader, story):
    response = reader.get("/speakers/autocomplete/?q=%00")
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


@pytest.mark.django_db
def test_no_hostile_parameter_on_any_page_gives_a_500(reader, story):
    failures = []
    for url, params in urls(story).items():
        for param in params:
            for value in NASTY:
                status = reader.get(url, {param: value}).status_code
                if status not in (200, 400):
                    failures.append((url, param, value[:20], status))
    assert failures == []


@pytest.mark.django_db
def test_htmx_partials_refuse_hostile_parameters_too(reader, story):
    response = reader.get(
        reverse("claims:statement_list"), {"page": 10**18}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 400


@pytest.mark.django_db
def test_the_admin_changelist_survives_a_huge_page_number(client):
    client.force_login(factories.user(is_staff=True, is_superuser=True))
    url = reverse("admin:claims_statement_changelist")
    for value in ("99999", str(MAX_PAGE)):
        assert client.get(url, {"p": value}).status_code in (200, 302)
    assert client.get(url, {"p": 10**18}).status_code == 400


@pytest.mark.django_db
def test_huge_ids_in_the_path_are_404s(reader):
    for url in (f"/claims/{10**20}/", f"/articles/{10**20}/", f"/articles/{10**20}/raw/"):
        assert reader.get(url).status_code == 404, url


def test_page_numbers_parse_to_a_clean_first_page_or_refuse():
    assert page_number(None) == 1
    assert page_number("abc") == 1
    assert page_number("-3") == 1
    assert page_number("7") == 7
    with pytest.raises(BadParameter):
        page_number(str(MAX_PAGE + 1))
