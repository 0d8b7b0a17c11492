"""The command-line CSV export guards spreadsheet formulas exactly as the web export does."""

import csv

import pytest
from django.core.management import call_command

from tests import factories


@pytest.mark.django_db
@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_export_claims_csv_neutralises_formula_cells(tmp_path, start):
    speaker = factories.speaker(f"{start}Evil Speaker")
    text = f'{start}HYPERLINK("http://x.example","hi")'
    article = factories.article(f"The speaker wrote: {text} and left.")
    factories.statement(speaker=speaker, text=text, article=article)
    out = tmp_path / "claims.csv"
    call_command("export_claims", "--format", "csv", "--output", str(out))
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows
    for row in rows:
        assert row["text"] == f'\'{start}HYPERLINK("http://x.example","hi")'
        assert row["speaker"] == f"'{start}Evil Speaker"
        assert not any(value[:1] in "=+-@" for value in row.values() if value)
