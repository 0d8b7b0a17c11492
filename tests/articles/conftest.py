"""Fixtures for the ingest tests: small story texts written here, plus the seed folder."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
DATA = Path(__file__).parent / "data"

STORY = (
    "Title: Ministers weigh offshore centres\n"
    "Date: 2025-03-04\n"
    "Source: The Daily Example\n"
    "\n"
    "Ministers are weighing plans to build processing centres abroad, officials said on "
    "Tuesday, after months of talks with partner countries across the region.\n"
    "\n"
    "\u201cWe will not rule anything out,\u201d the home secretary told reporters outside "
    "the Home Office, adding that any scheme would respect international law.\n"
    "\n"
    "Opposition parties said the plan was unworkable and far too expensive to run.\n"
)


@pytest.fixture
def story_text() -> str:
    return STORY


@pytest.fixture
def seed_files() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))
