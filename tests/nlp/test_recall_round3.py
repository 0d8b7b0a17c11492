"""Speech forms found missing on PolNeAR train batches 1-6 (issue 7, round 3), each on a
short sentence written for the test: groups the text ties to someone, ..."""

import pytest

pytestmark = pytest.mark.slow


def the_claim(claims, snippet):
    """The one claim whose text holds ``snippet`` (unpacking fails on none or two)."""
    (claim,) = [c for c in claims if snippet in c.text]
    return claim


# --------------------------------------------------------------------------- groups
@pytest.mark.parametrize(
    "body, mention",
    [
        ("Campaign officials said the rally in Toledo was cancelled.", "Campaign officials"),
        ("Her advisers said the referendum did not mirror the election.", "Her advisers"),
        ("Security experts say the leak may hold forged documents.", "Security experts"),
        ("Officials in both cities said the permits were ready.", "Officials in both cities"),
    ],
)
def test_a_group_the_text_ties_to_someone_speaks(run, body, mention):
    claims = run(body)
    claim = the_claim(claims, body.split(" said " if " said " in body else " say ")[1][:12])
    assert claim.speaker.mention == mention
    assert claim.speaker.resolution == "described"


@pytest.mark.parametrize(
    "body",
    [
        "Critics said the plan was cruel and unworkable.",
        "Officials said the camp would close in March.",
        "Some experts say the law is unclear.",
    ],
)
def test_a_bare_or_counted_group_stays_unnamed_and_out(run, body):
    assert run(body) == ()
