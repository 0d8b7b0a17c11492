"""The reporting-verb lexicon (data/cues.json): which words introduce speech, and how.

Each cue has a category (neutral, distancing, commitment, denial, assertion) used by the
stance classifier, and a content type: ``clause`` verbs take what was said as a clause
("said that ..."), ``object`` verbs as their object ("described X as Y", "ruled out X").
Forms are listed in the data so the pipeline can run without the lemmatizer.
"""

from __future__ import annotations

import functools
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Token

DATA = Path(__file__).parent / "data" / "cues.json"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Cue:
    lemma: str
    category: str
    content: str  # clause | object | both
    particle: str = ""
    needs: str = ""  # "as" (described X as Y) | "complement" (called X a Y)


@dataclass(frozen=True)
class CueLexicon:
    by_form: dict[str, tuple[Cue, ...]]
    no_wh_content: frozenset[str]
    # Nouns that report a statement their owner made ("Rubio's claim that ..."), by form.
    nouns: dict[str, Cue] = field(default_factory=dict)

    def words(self) -> frozenset[str]:
        """Every form that may report speech: the verbs' and the nouns'."""
        return frozenset(self.by_form) | frozenset(self.nouns)


@functools.cache
def load_cues(path: str | None = None) -> CueLexicon:
    """Load the reporting-verb lexicon once per process."""
    raw = json.loads(Path(path or DATA).read_text(encoding="utf-8"))
    by_form: dict[str, list[Cue]] = {}
    for lemma, entry in raw["verbs"].items():
        cue = Cue(
            lemma=lemma,
            category=entry["category"],
            content=entry["content"],
            particle=entry.get("particle", ""),
            needs=entry.get("needs", ""),
        )
        for form in entry["forms"]:
            by_form.setdefault(form.lower(), []).append(cue)
    nouns = {
        form.lower(): Cue(lemma=lemma, category=entry["category"], content=entry["content"])
        for lemma, entry in raw.get("nouns", {}).items()
        for form in entry["forms"]
    }
    return CueLexicon(
        by_form={k: tuple(v) for k, v in by_form.items()},
        no_wh_content=frozenset(raw.get("no_wh_content", ())),
        nouns=nouns,
    )


def _has_particle(token: Token, particle: str) -> bool:
    if any(c.dep_ == "prt" and c.lower_ == particle for c in token.children):
        return True
    nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return nxt is not None and nxt.lower_ == particle


def cue_for(token: Token, lexicon: CueLexicon | None = None) -> Cue | None:
    """The reporting cue this token is, if it is a verb in the lexicon."""
    if token.pos_ not in ("VERB", "AUX") and not token.tag_.startswith("VB"):
        return None
    candidates = (lexicon or load_cues()).by_form.get(token.lower_)
    if not candidates:
        return None
    # A particle verb ("ruled out") wins over the bare verb only when the particle is there.
    for cue in candidates:
        if cue.particle and _has_particle(token, cue.particle):
            return cue
    for cue in candidates:
        if not cue.particle:
            return cue
    return None


def cue_text(token: Token, cue: Cue) -> str:
    """The cue as written, with its particle: 'ruled out', 'pointed out'."""
    return f"{token.text} {cue.particle}" if cue.particle else token.text
