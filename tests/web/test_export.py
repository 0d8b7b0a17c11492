import csv
import io
import json

import pytest
from django.urls import reverse


def download(reader, fmt: str, query: str = "") -> tuple:
    response = reader.get(reverse("claims:export", args=[fmt]) + query)
    assert response.status_code == 200
    assert response.streaming
    return response, b"".join(response.streaming_content).decode()


@pytest.mark.django_db
def test_csv_export_contains_the_filtered_rows(reader, story):
    response, body = download(reader, "csv", "?speaker=Vjosa+Osmani&sort=date")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="claims-return-hubs.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(body)))
    assert [r["text"] for r in rows] == [story["open"].text, story["supports"].text]
    assert rows[1]["stance"] == "supports"
    assert rows[1]["speaker_country"] == "Kosovo"
    assert rows[1]["countries"] == "Kosovo; United Kingdom"
    assert rows[1]["outlets"] == "BBC News"
    assert rows[1]["url"].endswith(reverse("claims:statement", args=[story["supports"].pk]))


@pytest.mark.django_db
def test_json_export_contains_the_filtered_rows(reader, story):
    response, body = download(reader, "json", "?stance=opposes")
    assert response["Content-Type"] == "application/json"
    rows = json.loads(body)
    assert [r["id"] for r in rows] == [story["opposes"].pk]
    assert rows[0]["speaker"] == "Edi Rama" and rows[0]["date_said"] == "2025-05-26"


@pytest.mark.django_db
def test_export_of_nothing_is_valid(reader, story):
    _, body = download(reader, "json", "?q=zebra")
    assert json.loads(body) == []
    _, body = download(reader, "csv", "?q=zebra")
    assert body.strip().startswith("id,date_said,date_found_by,speaker")


@pytest.mark.django_db
def test_export_excludes_rejected_statements(reader, story):
    story["open"].review = "rejected"
    story["open"].save()
    _, body = download(reader, "json")
    assert story["open"].pk not in [r["id"] for r in json.loads(body)]


@pytest.mark.django_db
def test_csv_cells_cannot_run_as_spreadsheet_formulas(reader, story):
    from tests import factories

    factories.statement(speaker=story["rama"], text='=HYPERLINK("http://evil.example","x")')
    _, body = download(reader, "csv", "?speaker=Rama")
    texts = [r["text"] for r in csv.DictReader(io.StringIO(body))]
    assert '\'=HYPERLINK("http://evil.example","x")' in texts
    _, body = download(reader, "json", "?speaker=Rama")
    assert '=HYPERLINK("http://evil.example","x")' in [r["text"] for r in json.loads(body)]


@pytest.mark.django_db
@pytest.mark.parametrize("sort", ["-date", "date"])
def test_export_in_chunks_keeps_the_explorer_order_with_undated_rows_last(
    reader, story, monkeypatch, sort
):
    import datetime as dt

    from claims import export_stream
    from claims.models import Statement
    from tests import factories

    for day in (None, dt.date(2025, 5, 26), None, dt.date(2025, 7, 1), dt.date(2025, 5, 26)):
        factories.statement(speaker=story["rama"], date_said=day)
    monkeypatch.setattr(export_stream, "EXPORT_FIRST_CHUNK", 1)
    monkeypatch.setattr(export_stream, "EXPORT_CHUNK", 2)  # chunk edges fall inside a day
    _, body = download(reader, "json", f"?sort={sort}")
    rows = Statement.objects.values_list("pk", "date_said")
    dated = sorted((d, pk) for pk, d in rows if d)
    undated = sorted(pk for pk, d in rows if d is None)
    if sort == "-date":
        dated, undated = dated[::-1], undated[::-1]
    assert [r["id"] for r in json.loads(body)] == [pk for _, pk in dated] + undated
