"""The seed and dev articles against the shared gold files, with the issue's targets."""

import pytest

from claims.evaluation import devscore

pytestmark = pytest.mark.slow

TARGETS = {"detection": 0.90, "attribution": 0.85}


@pytest.mark.parametrize("which", ["seeds", "dev"])
def test_gold_targets_hold_on_seeds_and_dev(which):
    folder, gold, _ = devscore.SETS[which]
    if not gold.exists() or not folder.exists():
        pytest.skip("shared gold files are not beside this checkout")
    result, predictions = devscore.run(which)
    for metric, floor in TARGETS.items():
        assert result[metric]["f1"] >= floor, (metric, result[metric])
    assert result["completeness"] >= 0.8
    assert result["stance_accuracy"] >= 0.80
    assert result["speaker_country_accuracy"] >= 0.90
    assert all(p["text"] for p in predictions)
