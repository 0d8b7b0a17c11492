"""Shared fixtures. Tests talk to real PostgreSQL and use the real spaCy model."""
