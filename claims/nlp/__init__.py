"""Text processing for ClaimTrack: spaCy components and pure functions, no Django imports.

Everything here returns the frozen dataclasses of ``claims.nlp.types``; storing them is
``claims.services``' job.
"""
