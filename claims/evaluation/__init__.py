"""Scoring the extractor against reference sets (gold files, PolNeAR).

Not used by the product at run time."""
