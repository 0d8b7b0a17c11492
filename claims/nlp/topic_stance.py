"""A claim's stance on every tracked question it is about: relevance first, then the cue
lexicon and the learned model together.

    judge_claim(view, lexicons) -> ClaimJudgement(topics=(TopicStance, ...), primary=...)

How a stance is decided, per relevant topic:

1. **Explicit patterns decide** (``method="lexicon"``): the claim's own words deny talks
   ("we have not been asked", "no talks"), set a condition ("only if", "provided that",
   a bare "if" the lexicon weighed against the support it qualifies), say it is open
   ("open to", "would consider") or refuse ("ruled out", "we said no", "unacceptable"),
   or the claim is a bare "no" to the question its sentence reports ("Asked if talks had
   begun, he said: 'No'"), or speaks of the talks in a sentence that denies them, or says
   "no talks yet" in a sentence where the speaker is open to them, and the lexicon's
   verdict is that label. The first are rare in
   training data, where a model is weakest; refusals are the lexicon's most precise family,
   which the model, having seen supportive government claims far more often, overrode.
   Confidence: the share of such decisions that matched people's labels in training.
2. **Otherwise the model decides** (``method="model"``, or ``"hybrid"`` when it agrees with
   a cue of the lexicon, whose phrase is then the evidence). Confidence: the calibrated
   probability of its label.
3. Without a trained model, the lexicon alone (``method="lexicon"``).

A speaker of the country proposing the scheme is never open to it, waiting for talks on it
or setting conditions for it (:data:`PROPOSER_LABELS`): those are the answers of a country
asked to take part.

Evidence always names the decider: the cue phrase, or ``model <version>``.

Which questions a claim is linked to comes from relevance (claims/nlp/relevance.py), and
from its story: a claim that names no scheme but takes a position, in an article about one
scheme only, is linked to that scheme (the default question's own version of this rule is
older: "Never in Albania" in a story about UK hubs).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from claims.nlp.relevance import (
    DEFAULT_SCOPE,
    IN_CONTEXT,
    MIN_RELEVANCE,
    ClaimView,
    Relevance,
    relevances,
)
from claims.nlp.stance import LexiconReading, read_stance
from claims.nlp.stance_model import (
    Example,
    StanceModel,
    features,
    load_model,
    speaker_relation,
)
from claims.nlp.stance_training import EXPLICIT_LABELS, MIN_RULE_EXAMPLES
from claims.nlp.types import ExtractedClaim, TopicLexicon, TopicStance

# Labels an explicit phrase in the claim decides. Refusals too: the lexicon's refusal
# phrases ("ruled out", "said no", "unacceptable") are its most precise family, and the
# model, which has seen supportive government claims far more often, overrode them.
DECIDING_LABELS = (*EXPLICIT_LABELS, "opposes")
# Where the lexicon's verdict rests on its own reading of the claim, not on one phrase: a
# denial of talks, a bare "no" to a reported question, a claim about talks in a sentence
# that denies them.
DECIDING_CUES = ("denial", "answer:", "sentence:")
# The stances the proposing country's own speakers can take on its scheme. Being open to
# it, having had no talks about it, or setting conditions for it are the answers of a
# country asked to take part; the one asking backs its scheme, drops it, or speaks of
# something else. "Starmer has shown great interest in Italy's deal", from the Italian
# prime minister, is a proposer promoting its scheme, not Italy's openness to it.
PROPOSER_LABELS = ("supports", "opposes", "neutral")
# The least cue weight of an explicit phrase: a full-weight cue in the claim's own words;
# for a condition, a bare "if" or "unless" (weight 0.9) in the claim, when the lexicon
# already weighed it against the support it qualifies.
EXPLICIT_MIN_WEIGHT = {"conditional": 0.9}


@dataclass(frozen=True)
class ClaimJudgement:
    topics: tuple[TopicStance, ...]  # the topics the claim is about, most relevant first
    primary: TopicStance  # the stance on the first (default) topic, relevant or not


_SHIPPED = object()  # the default model: the weights file, read once


def judge_claim(
    view: ClaimView, lexicons: Sequence[TopicLexicon], *, model=_SHIPPED
) -> ClaimJudgement:
    """Relevance to every topic and the stance on each relevant one (and on the default).

    ``model``: a :class:`StanceModel`, None for the lexicon alone, or (by default) the
    shipped or last trained weights."""
    model = load_model() if model is _SHIPPED else model
    rels = relevances(view, lexicons)
    elsewhere = any(r.score >= MIN_RELEVANCE for r in rels[1:])
    judged: list[TopicStance] = []
    primary = None
    story = _story_topic(view, rels)
    for i, (lexicon, rel) in enumerate(zip(lexicons, rels, strict=True)):
        if i > 0 and rel.topic == story:
            stance = judge_topic(view, lexicon, rel, model)
            if stance.stance != "neutral":
                # "If Italy calls, Albania will be there", "the government plans to challenge
                # the ruling": no scheme named, yet in a story about one scheme only, a
                # position taken is a position on it.
                judged.append(replace(stance, relevance=max(stance.relevance, DEFAULT_SCOPE)))
            continue
        if rel.score < MIN_RELEVANCE and (i > 0 or elsewhere):
            continue  # the model runs only where a claim is about the question
        stance = judge_topic(view, lexicon, rel, model)
        if i == 0:
            primary = stance
            if (
                rel.score < MIN_RELEVANCE
                and not _names_another_scheme(rels, rel.topic)
                and _position_in_default_story(view, stance)
            ):
                # "I repeat ... Never in Albania" names no scheme, yet in a story about the
                # default question only, a position taken is a position on it.
                stance = replace(stance, relevance=max(stance.relevance, DEFAULT_SCOPE))
                primary = stance
                judged.append(stance)
                continue
        if rel.score >= MIN_RELEVANCE:
            judged.append(stance)
    if primary is None:
        # About another question only: no evidence on the default one.
        primary = TopicStance(
            topic=rels[0].topic,
            relevance=rels[0].score,
            stance="neutral",
            confidence=0.5,
            evidence="about another topic",
            method="lexicon",
        )
    judged.sort(key=lambda t: -t.relevance)
    return ClaimJudgement(topics=tuple(judged), primary=primary)


def judge_again(
    claim: ExtractedClaim,
    lexicons: Sequence[TopicLexicon],
    *,
    speaker_country: str | None,
    context: str,
    article_topics: tuple[str, ...],
    model=_SHIPPED,
) -> ExtractedClaim:
    """The claim with its stances judged again for ``speaker_country``: what the claim
    says and its sentence (``context``) as extraction read them, the speaker's country as
    another article gave it. "Starmer said ..." in an article that never says whom he
    speaks for is still the proposer speaking of its own scheme."""
    view = ClaimView(
        text=claim.text,
        context=context,
        cue_category=claim.cue_category,
        speaker_country=speaker_country,
        speaker_kind=claim.speaker.speaker_kind,
        countries=claim.countries,
        article_topics=article_topics,
    )
    judged = judge_claim(view, lexicons, model=model)
    return replace(
        claim,
        stance=judged.primary.stance,
        stance_confidence=judged.primary.confidence,
        stance_cue=judged.primary.evidence,
        topics=judged.topics,
    )


def _story_topic(view: ClaimView, rels: Sequence[Relevance]) -> str | None:
    """The one scheme, other than the default question's, that the claim's article is about
    and that the claim itself can only be about: the article names no other scheme enough
    to count, and the claim is linked to no question by its own words. None otherwise."""
    if len(view.article_topics) != 1 or view.article_topics[0] == rels[0].topic:
        return None
    story = view.article_topics[0]
    if any(r.score >= MIN_RELEVANCE for r in rels if r.topic != story):
        return None
    return None if _names_another_scheme(rels, story) else story


def _names_another_scheme(rels: Sequence[Relevance], topic: str) -> bool:
    """The claim or its sentence names another question's scheme, proposer or participant:
    "when Italy asks us for something we say yes" is about Italy's scheme, whatever the
    story."""
    return any(
        r.scope >= IN_CONTEXT and r.why in ("text", "context") for r in rels if r.topic != topic
    )


def _position_in_default_story(view: ClaimView, stance: TopicStance) -> bool:
    """A stance other than neutral, in an article whose scheme is the default question's
    (or names none); judge_claim only asks when no other question claims the words."""
    on_default = not view.article_topics or stance.topic in view.article_topics
    return stance.stance != "neutral" and on_default


def judge_topic(
    view: ClaimView, lexicon: TopicLexicon, rel: Relevance, model: StanceModel | None
) -> TopicStance:
    """The claim's stance on one question."""
    reading = read_stance(
        view.text, context=view.context, lexicon=lexicon, cue_category=view.cue_category
    )
    proposer = speaker_relation(view.speaker_country, lexicon) == "proposer"
    rule = explicit_rule(reading)
    if proposer and rule not in PROPOSER_LABELS:
        rule = ""
    if model is None or rule:
        precision = model.rule_precision.get(rule, None) if model and rule else None
        confidence = precision if precision is not None else reading.result.confidence
        return _stance(rel, reading.result.label, confidence, reading.result.cue, "lexicon")
    probs = model.probabilities(features(view, reading, rel, lexicon))
    label = best_label(probs, proposer=proposer)
    phrase = next((p for lab, p in reading.text_cues if lab == label), "")
    if phrase:
        return _stance(rel, label, probs[label], f"{phrase} (model {model.version})", "hybrid")
    return _stance(rel, label, probs[label], f"model {model.version}", "model")


def best_label(probs: dict[str, float], *, proposer: bool) -> str:
    """The most probable label; for the proposing country's speakers, the most probable of
    the stances a proposer can take (:data:`PROPOSER_LABELS`)."""
    allowed = [k for k in probs if not proposer or k in PROPOSER_LABELS]
    return max(allowed, key=lambda k: probs[k])


def explicit_rule(reading: LexiconReading) -> str:
    """The label an explicit phrase in the claim itself decides, or ''."""
    label = reading.result.label
    if label not in DECIDING_LABELS:
        return ""
    if label in ("no_talks", "opposes") and reading.result.cue.startswith(DECIDING_CUES):
        return label  # "denied that talks were taking place"; "Asked if ...: 'No.'"
    if label == "open" and _open_beside_no_talks(
        reading.text_scores.get("no_talks", 0.0), reading.context_scores.get("open", 0.0)
    ):
        return label
    return label if reading.text_scores.get(label, 0.0) >= _min_weight(label) else ""


def _open_beside_no_talks(text_no_talks: float, context_open: float) -> bool:
    """ "has indicated openness to discussing the proposal but emphasized that no formal
    talks have yet taken place": "no talks yet" in the claim, openness in its sentence.
    Openness beats no talks (the lexicon's own rule), and decides as it does in the claim."""
    return text_no_talks >= 1.0 - 0.001 and context_open > 0


def rule_from_features(ex: Example) -> str:
    """:func:`explicit_rule`, read back from a training example's features (cross-validation
    and rule precision work on stored features, not on the text), with the proposer's
    restriction of :func:`judge_topic`."""
    label = next((k[4:] for k in ex.feats if k.startswith("lex:")), "neutral")
    if label not in DECIDING_LABELS:
        return ""
    if ex.feats.get("who:proposer") and label not in PROPOSER_LABELS:
        return ""
    if label in ("no_talks", "opposes") and (
        ex.feats.get("lex_answer")
        or ex.feats.get("lex_sentence_denial")
        or (label == "no_talks" and ex.feats.get("cue:denial"))
    ):
        return label
    # Weights are stored scaled by 1/3 and rounded to four places (0.3333 for 1.0).
    if label == "open" and _open_beside_no_talks(
        3 * ex.feats.get("lex_text:no_talks", 0.0), ex.feats.get("lex_context:open", 0.0)
    ):
        return label
    weight = 3 * ex.feats.get(f"lex_text:{label}", 0.0)
    return label if weight >= _min_weight(label) - 0.001 else ""


def rule_precisions(examples: Sequence[Example]) -> dict[str, float]:
    """Per deciding label, the share of the rule's decisions that match the people's label:
    the rule's confidence. Laplace-smoothed, so that 30 right of 30 reads 0.97, not a
    certainty no rule has."""
    out = {}
    for label in DECIDING_LABELS:
        fired = [ex for ex in examples if rule_from_features(ex) == label]
        if len(fired) >= MIN_RULE_EXAMPLES:
            right = sum(label in ex.labels for ex in fired)
            out[label] = round((right + 1) / (len(fired) + 2), 3)
    return out


def _min_weight(label: str) -> float:
    return EXPLICIT_MIN_WEIGHT.get(label, 1.0)


def _stance(rel: Relevance, label: str, confidence: float, evidence: str, method: str):
    return TopicStance(
        topic=rel.topic,
        relevance=rel.score,
        stance=label,
        confidence=round(float(confidence), 3),
        evidence=evidence[:200],
        method=method,
    )


def topic_set(lexicon: TopicLexicon | Sequence[TopicLexicon]) -> tuple[TopicLexicon, ...]:
    """The topics to judge: a sequence as given (the default first); a single lexicon with
    the other shipped topics after it."""
    from claims.nlp.stance import shipped_lexicons

    given = (lexicon,) if isinstance(lexicon, TopicLexicon) else tuple(lexicon)
    given = tuple(_scoped(lex) for lex in given)
    if not isinstance(lexicon, TopicLexicon):
        return given
    return (*given, *(lex for lex in shipped_lexicons() if lex.slug != lexicon.slug))


_SCOPED: dict[int, tuple[TopicLexicon, TopicLexicon]] = {}


def _scoped(lex: TopicLexicon) -> TopicLexicon:
    """A topic stored before topics had a scope (no scheme) takes the shipped topic's scope
    of the same slug: without its proposer, "the UK" would not place a claim on UK hubs."""
    if lex.scheme:
        return lex
    cached = _SCOPED.get(id(lex))
    if cached is None or cached[0] is not lex:
        from claims.nlp.stance import shipped_lexicons

        shipped = next((s for s in shipped_lexicons() if s.slug == lex.slug), None)
        scoped = lex
        if shipped is not None:
            scoped = replace(
                lex,
                scheme=shipped.scheme,
                proposer=shipped.proposer,
                participants=shipped.participants,
            )
        if len(_SCOPED) > 32:
            _SCOPED.clear()
        cached = _SCOPED[id(lex)] = (lex, scoped)
    return cached[1]


def labelled_example(
    view: ClaimView,
    *,
    topic: str,
    labels: tuple[str, ...],
    group: str,
    lexicons: Sequence[TopicLexicon],
    weight: float = 1.0,
) -> Example:
    """A training example: the claim's features on ``topic``, as the judge computes them."""
    lexicon = next(lex for lex in lexicons if lex.slug == topic)
    rel = next(r for r in relevances(view, lexicons) if r.topic == topic)
    reading = read_stance(
        view.text, context=view.context, lexicon=lexicon, cue_category=view.cue_category
    )
    return Example(features(view, reading, rel, lexicon), labels, group, weight)
