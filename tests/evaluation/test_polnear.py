"""The PolNeAR harness exports claim offsets into the file's decoded text, not the body."""

import json

import pytest

from claims.evaluation import polnear

# Written for this test: a header, furniture and a CRLF file, so the cleaned body the
# extractor sees is shorter than the file and shifted against it.
ARTICLE = (
    "Title: Councils weigh the new bus plan\r\n"
    "URL: https://example.org/news/2026/03/04/bus-plan\r\n"
    "\r\n"
    "Advertisement\r\n"
    "\r\n"
    "The county council met on Tuesday to discuss the timetable.\r\n"
    "\r\n"
    "Share this article\r\n"
    "\r\n"
    '"We will run the buses every ten minutes," Maria Costa, the council leader, said.\r\n'
    "\r\n"
    "Mark Ellis said the plan would cost more than the council expects.\r\n"
)


@pytest.fixture
def corpus(tmp_path):
    (tmp_path / "dev__bus-plan.txt").write_bytes(ARTICLE.encode("utf-8"))
    return tmp_path


def test_the_cleaned_body_is_shifted_against_the_file(corpus):
    text = polnear.read_text(corpus / "dev__bus-plan.txt")
    assert text.raw == ARTICLE
    assert "Advertisement" not in text.body
    assert text.body.index("We will run") != ARTICLE.index("We will run")


@pytest.mark.slow
def test_exported_offsets_point_into_the_files_decoded_text(corpus):
    rows = list(polnear.export(polnear.read_corpus([corpus / "dev__bus-plan.txt"])))
    quote = next(r for r in rows if "ten minutes" in r["text"])
    assert ARTICLE[quote["start"] : quote["end"]] == quote["text"]
    assert quote["start"] <= ARTICLE.index("We will run") < quote["end"]
    assert quote["speaker"] == "Maria Costa" and quote["article"] == "dev__bus-plan.txt"
    for row in rows:
        assert ARTICLE[row["start"] : row["end"]] == row["text"]


@pytest.mark.slow
def test_the_command_writes_one_json_line_per_claim_and_skips_a_refused_file(corpus, caplog):
    (corpus / "dev__empty.txt").write_bytes(b"   \n")
    out = corpus / "export.jsonl"
    assert polnear.main([str(corpus), "--out", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {r["article"] for r in rows} == {"dev__bus-plan.txt"}
    assert "dev__empty.txt: empty file" in caplog.text


def test_ids_files_allow_comments_and_names_with_or_without_the_suffix(corpus, tmp_path):
    (corpus / "train__b.txt").write_text("B", encoding="utf-8")
    ids = tmp_path / "batch.ids"
    ids.write_text("# seed 7\ndev__bus-plan\n\ntrain__b.txt\n", encoding="utf-8")
    files = polnear.corpus_files(corpus, polnear.read_ids(ids), limit=0)
    assert [f.name for f in files] == ["dev__bus-plan.txt", "train__b.txt"]
    assert len(polnear.corpus_files(corpus, None, limit=1)) == 1
