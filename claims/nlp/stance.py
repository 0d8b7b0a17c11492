"""Stance of a claim on a tracked question, from a topic lexicon that is data, not code.

How news states a position on hosting or joining an offshore return arrangement is a
small set of phrase families — refusal ("ruled out", "would not participate", "one-off"),
openness ("open to discussing", "not averse", "would not rule out"), conditions ("contingent
on", "in return for"), absence of talks ("no formal talks", "not been approached") and
commitment or praise ("willing to", "friendly duty", "important innovation"). The lexicon
lists them per label; this module matches them on word boundaries, lets a negator flip
a supportive phrase, weighs the claim's own words above its context, and settles
conflicts with two rules that follow how such statements are meant:

* openness beats "no talks yet": "no formal talks ... but we would be open to it" is open;
* a condition beats support or openness: "prepared to negotiate, contingent on investment"
  is conditional.

The reporting cue's category then adjusts: a denial ("ruled out", "rejected") turns a
supportive reading into opposition; a commitment ("pledged") makes an on-topic claim with
no stance words supportive. A claim not about the topic is neutral with low confidence.
Regex only, no spaCy: this runs once per claim.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from claims.nlp.countries import fold_accents
from claims.nlp.types import STANCES, TopicLexicon

TOPICS_DIR = Path(__file__).parent / "data" / "topics"
DEFAULT_TOPIC = "return_hubs"

# A cue in the surrounding sentence counts half as much as one in the claim, and less
# again when the claim has cues of its own (the context may hold another speaker's words).
CONTEXT_WEIGHT = 0.5
CONTEXT_WEIGHT_BESIDE_TEXT_CUES = 0.3
# A claim with no topic word at all still gets a label from a long, specific cue ("our first
# obligation is to help"), but only with low confidence.
OFF_TOPIC_MIN_WEIGHT = 1.3
OFF_TOPIC_MIN_TOTAL = 2.0
OFF_TOPIC_MAX_CONFIDENCE = 0.35
_WEIGHT_SUFFIX = re.compile(r"\s+@(\d+(?:\.\d+)?)$")
_GAP = r"(?:\W+[\w'-]+){0,3}?\W+"  # a standalone "*": up to three words
_CLAUSE_BREAK = re.compile(r"[.;:!?,()]|\s(?:but|however|although|though|while)\s")
_DOUBLE_QUOTES = re.compile(r"[\"“”„«»]|(?<![\w])['‘’]|['‘’](?![\w])")
_DASHES = re.compile(r"[–—]")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class StanceResult:
    """A stance label, how sure the rules are (0..1), and the phrase that decided it."""

    label: str
    confidence: float
    cue: str


@dataclass(frozen=True)
class _Cue:
    label: str
    phrase: str
    pattern: re.Pattern[str]
    weight: float
    negatable: bool
    probe: str  # a literal substring every match contains: a cheap test before the regex


@dataclass(frozen=True)
class _Hit:
    cue: _Cue
    start: int
    end: int
    label: str  # after negation
    weight: float


@dataclass(frozen=True)
class _Compiled:
    cues: tuple[_Cue, ...]
    strong: re.Pattern[str] | None
    weak: re.Pattern[str] | None
    mask: re.Pattern[str] | None
    contrast: re.Pattern[str] | None
    negators: frozenset[str]
    negator_phrases: tuple[str, ...]


@lru_cache(maxsize=1024)  # a claim and its sentence are read once per tracked question
def normalise(text: str) -> str:
    """Lower-case, accents folded, quote marks dropped (apostrophes kept), dashes spaced.

    Length is preserved so that spans found here map back to the input.
    """
    text = fold_accents(text).lower().replace("’", "'").replace("‘", "'")
    text = _DOUBLE_QUOTES.sub(" ", text)
    return _DASHES.sub("-", text)


def _phrase_core(phrase: str) -> str:
    """'not * approached' -> regex; a trailing '*' on a word is a prefix ('criticis*')."""
    out, gap = "", False
    for tok in phrase.split():
        if tok == "*":
            gap = True
            continue
        word = re.escape(tok[:-1]) + r"[\w'-]*" if tok.endswith("*") else re.escape(tok)
        if out:
            out += _GAP if gap else r"\W+"
        out += word
        gap = False
    return out


_LEFT, _RIGHT = r"(?<![\w'])", r"(?![\w'])"


def _phrase_regex(phrase: str) -> str:
    return _LEFT + _phrase_core(phrase) + _RIGHT


def _alternation(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    if not phrases:
        return None
    ordered = sorted(phrases, key=len, reverse=True)
    # One boundary test outside the alternation: far faster than one per alternative.
    return re.compile(_LEFT + "(?:" + "|".join(_phrase_core(p) for p in ordered) + ")" + _RIGHT)


def _parse_cue(label: str, raw: str, negators: frozenset[str]) -> _Cue:
    match = _WEIGHT_SUFFIX.search(raw)
    phrase = raw[: match.start()] if match else raw
    words = [w for w in phrase.split() if w != "*"]
    weight = float(match.group(1)) if match else min(2.0, 1.0 + 0.3 * (len(words) - 1))
    has_negator = any(w in negators or w.endswith("n't") for w in words)
    pattern = re.compile(_phrase_regex(phrase))
    probe = max((w.rstrip("*") for w in words), key=len)
    return _Cue(label, phrase, pattern, weight, negatable=not has_negator, probe=probe)


# Grammar every topic shares, beside its lexicon's phrases. "It's only going to be used if
# those people come", "we will only take them in if ...": "only" restricting a clause that an
# "if" then qualifies states a condition however many words stand between them (the
# lexicon's "only * if" allows three, and may cross punctuation; this stays in one clause).
_BUILTIN_CUES = (
    _Cue(
        label="conditional",
        phrase="only ... if",
        pattern=re.compile(r"(?<![\w'])only(?:[ \t]+[\w'-]+){1,6}?[ \t]+(?:if|unless)(?![\w'])"),
        weight=1.3,
        negatable=False,
        probe="only",
    ),
)


# Lexicons are frozen but hold a dict (unhashable), so compiled forms are cached by id,
# keeping a reference to the lexicon so the id cannot be reused while cached.
_COMPILED: dict[int, tuple[TopicLexicon, _Compiled]] = {}


def _compile(lexicon: TopicLexicon) -> _Compiled:
    cached = _COMPILED.get(id(lexicon))
    if cached is not None and cached[0] is lexicon:
        return cached[1]
    single = frozenset(n for n in lexicon.negators if " " not in n)
    cues = (
        tuple(
            _parse_cue(label, raw, single)
            for label, phrases in lexicon.cues.items()
            if label in STANCES
            for raw in phrases
        )
        + _BUILTIN_CUES
    )
    compiled = _Compiled(
        cues=cues,
        strong=_alternation(lexicon.keywords),
        weak=_alternation(lexicon.weak_keywords),
        mask=_alternation(lexicon.mask),
        contrast=_alternation(lexicon.contrast),
        negators=single,
        negator_phrases=tuple(n for n in lexicon.negators if " " in n),
    )
    _COMPILED[id(lexicon)] = (lexicon, compiled)
    return compiled


def load_lexicon(path: Path | str) -> TopicLexicon:
    """Read a topic lexicon JSON file (the format of data/topics/return_hubs.json)."""
    with Path(path).open(encoding="utf-8") as fh:
        data = json.load(fh)
    return lexicon_from_dict(data)


def lexicon_from_dict(data: dict) -> TopicLexicon:
    """Build a TopicLexicon from its JSON form (also what an admin-edited Topic stores)."""
    return TopicLexicon(
        slug=data["slug"],
        keywords=tuple(data.get("keywords", ())),
        cues={label: tuple(items) for label, items in data.get("cues", {}).items()},
        default_stance=data.get("default_stance", "neutral"),
        weak_keywords=tuple(data.get("weak_keywords", ())),
        mask=tuple(data.get("mask", ())),
        negators=tuple(data.get("negators", ())),
        contrast=tuple(data.get("contrast", ())),
        name=data.get("name", ""),
        question=data.get("question", ""),
        scheme=data.get("scheme", ""),
        proposer=data.get("proposer") or None,
        participants=tuple(data.get("participants", ())),
    )


@cache
def shipped_lexicons() -> tuple[TopicLexicon, ...]:
    """Every topic shipped in data/topics, the default one first (read once a process)."""
    return read_topic_files(TOPICS_DIR)


def read_topic_files(folder: Path) -> tuple[TopicLexicon, ...]:
    """Every topic file in ``folder``, the default topic first when it is there."""
    paths = sorted(Path(folder).glob("*.json"), key=lambda p: (p.stem != DEFAULT_TOPIC, p.name))
    return tuple(load_lexicon(path) for path in paths)


@cache
def default_lexicon() -> TopicLexicon:
    """The return-hubs topic shipped with the code (data/topics/return_hubs.json)."""
    return load_lexicon(TOPICS_DIR / f"{DEFAULT_TOPIC}.json")


def _blank(match: re.Match[str]) -> str:
    return " " * (match.end() - match.start())


_CONTRAST_WORDS = 20
_CONTRAST_STOP = re.compile(r"[.;:!?,(]|\s(?:but|however)\s")
_WORD = re.compile(r"[\w'-]+")


# "We have been asked if we were open to it, and we said no": what follows "asked if" is
# the question put to the speaker, not the speaker's own openness or condition.
_REPORTED_QUESTION = re.compile(
    r"\b(?:ask|asks|asked|asking|wondered|wonders)\b(?:\W+[\w'-]+){0,4}?\W+(?:if|whether)\b"
    r"[^.;:!?,(]*?(?=[.;:!?,(]|\s(?:and|but|so)\s|$)"
)


def _blank_question(match: re.Match[str]) -> str:
    at = match.group().rfind(" if ")
    at = at if at >= 0 else match.group().rfind(" whether ")
    return match.group()[:at] + " " * (len(match.group()) - at)


# "return hubs - a scheme where asylum seekers would be sent back if they have exhausted all
# options": a clause saying how a scheme works describes it; its "if" is the scheme's rule,
# not a condition the speaker sets, and its words are no position of the speaker's.
_SCHEME_NOUN = (
    r"scheme|plan|system|policy|deal|arrangement|agreement|programme|program|model|process"
    r"|mechanism|partnership|protocol|hubs?|cent(?:re|er)s?|facilit(?:y|ies)"
)
_SCHEME_DESCRIPTION = re.compile(
    rf"\b(?:{_SCHEME_NOUN}),?\s+(?:where|whereby|under which|in which|through which|by which)\b"
)
# The description ends where the sentence, or a clause of the speaker's own, goes on:
# "a scheme in which Albania hosts the centres, and we back it fully".
_DESCRIPTION_END = re.compile(r"[.;:!?(]|,?\s(?:and|but|however|while|though|although)\s|\s-\s")


def _blank_descriptions(text: str) -> str:
    for m in list(_SCHEME_DESCRIPTION.finditer(text)):
        relative = re.search(r"\s(?:where|whereby|under|in|through|by)\b", m.group())
        start = m.start() + (relative.start() if relative else len(m.group()))
        stop = _DESCRIPTION_END.search(text, m.end())
        end = stop.start() if stop else len(text)
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def _masked(text: str, comp: _Compiled) -> str:
    """Blank out topic phrases that look like cues, questions put to the speaker, clauses
    describing how a scheme works, and what follows a contrast marker: in "different from
    the gimmick plan, which he scrapped" the scorn is for the other plan."""
    if comp.mask is not None:
        text = comp.mask.sub(_blank, text)
    text = _REPORTED_QUESTION.sub(_blank_question, text)
    text = _blank_descriptions(text)
    if comp.contrast is not None:
        for m in list(comp.contrast.finditer(text)):
            stop = _CONTRAST_STOP.search(text, m.end())
            limit = stop.start() if stop else len(text)
            words = list(_WORD.finditer(text, m.end(), limit))[:_CONTRAST_WORDS]
            if words:
                a, b = words[0].start(), words[-1].end()
                kept = _refusals_kept(text, a, b, comp) if m.group() in _REJECTING else []
                blanked = text[:a] + " " * (b - a) + text[b:]
                for s, e in kept:
                    blanked = blanked[:s] + text[s:e] + blanked[e:]
                text = blanked
    return text


# "Instead of treating the Balkans as a warehouse for migrants, ...": what follows "instead
# of" or "rather than" is the course the speaker rejects, so scorn for it is the speaker's
# own; what follows "different from" or "unlike" is only compared with. The course's own
# first word is not scorn but the act rejected: "instead of scrapping the scheme, we will
# fix it" rejects scrapping it.
_REJECTING = frozenset({"instead of", "rather than"})


def _refusals_kept(text: str, start: int, end: int, comp: _Compiled) -> list[tuple[int, int]]:
    span = text[:end]
    return [
        (m.start(), m.end())
        for cue in comp.cues
        if cue.label == "opposes" and cue.probe in span[start:]
        for m in cue.pattern.finditer(span, start)
        if m.start() > start
    ]


# "I don't think X would agree": a negated opinion verb negates the clause it governs.
# "No country has agreed", "nobody is willing": a negated subject negates its verb phrase.
_NEG_RAISING = re.compile(
    r"(?:n't|\bnot|\bnever)\s+(?:think|believe|expect|see)\b"
    r"|\b(?:no (?:country|government|state|nation|one|member state)|nobody|none)\b"
)
_NEG_WINDOW = 3  # words before a cue a negator may stand in: "would not even be willing"


def _negated(text: str, start: int, comp: _Compiled) -> bool:
    """A negator up to three words before ``start`` in the same clause (six for "don't think")."""
    clause = _CLAUSE_BREAK.split(text[max(0, start - 80) : start])[-1]
    words = clause.split()
    near = words[-_NEG_WINDOW:]
    if any(w in comp.negators or w.endswith("n't") for w in near):
        return True
    if _NEG_RAISING.search(" ".join(words[-6:])):
        return True
    window = " ".join(words[-(_NEG_WINDOW + 1) :])
    return any(p in window for p in comp.negator_phrases)


# A negated supportive or open phrase is a refusal ("would not participate", "not open to").
# A negated refusal is left out rather than read as openness: "no prior connection creates
# fear" is not a negation of "fear"; real double negatives ("not rule out", "not averse")
# are phrases of their own in the lexicon.
_FLIP = {"supports": "opposes", "open": "opposes"}


def _hits(text: str, comp: _Compiled) -> list[_Hit]:
    """Cue matches, longest first and never overlapping, with negation applied."""
    found = [
        (m.start(), m.end(), cue)
        for cue in comp.cues
        if cue.probe in text
        for m in cue.pattern.finditer(text)
    ]
    found.sort(key=lambda f: (-(f[1] - f[0]), -f[2].weight, f[0]))
    taken: list[tuple[int, int]] = []
    hits: list[_Hit] = []
    for start, end, cue in found:
        if any(start < e and s < end for s, e in taken):
            continue
        taken.append((start, end))
        label = cue.label
        if cue.negatable and _negated(text, start, comp):
            label = _FLIP.get(label, "")
        if label:
            hits.append(_Hit(cue, start, end, label, cue.weight))
    return hits


def _topic_strength(text: str, context: str, comp: _Compiled) -> float:
    """1.0 when the claim names the topic; less when only a back-reference or the context does."""

    def has(pattern: re.Pattern[str] | None, s: str) -> bool:
        return bool(pattern and s and pattern.search(s))

    strong_text, weak_text = has(comp.strong, text), has(comp.weak, text)
    strong_ctx, weak_ctx = has(comp.strong, context), has(comp.weak, context)
    if strong_text:
        return 1.0
    if weak_text:
        return 0.85 if strong_ctx else 0.6
    if strong_ctx or weak_ctx:
        return 0.4 if strong_ctx else 0.3  # cues in the claim may still carry it
    return 0.0


_SENTENCE_END = re.compile(r"[.!?][\"'”’]*(?:\s+|$)")


def _context_without_text(context: str, text: str) -> str:
    """The context with the claim blanked out and cut at the end of the claim's sentence:
    what follows a claim is usually the next speaker's, what precedes it frames it."""
    if not context:
        return ""
    at = context.find(text) if text else -1
    if at < 0:
        return context
    end = at + len(text)
    stop = _SENTENCE_END.search(context, max(end - 2, at))
    cut = stop.end() if stop else len(context)
    return context[:at] + " " * len(text) + context[end:cut]


def _decide(scores: dict[str, float], conditioned: bool) -> str:
    """Pick a label: openness beats no-talks; a condition in the claim beats the support or
    openness it qualifies (unless refusal dominates); else the highest score, ties going to
    the more committal negative reading."""
    if scores.get("open", 0) > 0:
        scores["no_talks"] = 0.0
    positive = scores.get("supports", 0) + scores.get("open", 0) + scores.get("conditional", 0)
    if conditioned and scores.get("opposes", 0) < positive:
        return "conditional"
    order = ("opposes", "conditional", "open", "no_talks", "supports")
    return max(order, key=lambda label: (scores.get(label, 0.0), -order.index(label)))


@dataclass(frozen=True)
class LexiconReading:
    """What the cue lexicon found in a claim: its verdict and the evidence behind it, which
    the learned model (stance_model.py) takes as features."""

    result: StanceResult
    topic: float  # 0..1, how much the claim and its sentence name the topic
    text_scores: dict[str, float]  # cue weight per label in the claim's own words
    context_scores: dict[str, float]  # ... and in its sentence, outside the claim
    text_cues: tuple[tuple[str, str], ...]  # (label, phrase) of each cue in the claim
    flipped: int  # supportive cues in the claim read as refusals because negated


def classify_stance(
    text: str,
    *,
    context: str = "",
    lexicon: TopicLexicon | None = None,
    cue_category: str = "neutral",
) -> StanceResult:
    """The claim's stance on the lexicon's question.

    ``text`` is the claim; ``context`` the sentence(s) around it (it may contain the claim);
    ``cue_category`` the reporting cue's category (neutral, distancing, commitment, denial,
    assertion). Returns the label, a confidence in 0..1 and the deciding cue phrase.
    """
    return read_stance(text, context=context, lexicon=lexicon, cue_category=cue_category).result


def _scores(hits: list[_Hit]) -> dict[str, float]:
    out: dict[str, float] = {}
    for h in hits:
        out[h.label] = out.get(h.label, 0.0) + h.weight
    return out


def read_stance(
    text: str,
    *,
    context: str = "",
    lexicon: TopicLexicon | None = None,
    cue_category: str = "neutral",
) -> LexiconReading:
    """:func:`classify_stance` with the evidence it weighed."""
    lexicon = lexicon or default_lexicon()
    comp = _compile(lexicon)
    plain_text = normalise(text)
    plain_ctx = _context_without_text(normalise(context), plain_text)
    topic = _topic_strength(plain_text, plain_ctx, comp)
    norm_text, norm_ctx = _masked(plain_text, comp), _masked(plain_ctx, comp)
    text_hits = _hits(norm_text, comp)
    # Context cues count only when the claim itself names the topic or takes a position:
    # "a steadfast ally" next to a sentence about talks is not a position on the talks.
    ctx_hits = _hits(norm_ctx, comp) if topic >= 0.6 or text_hits else []
    denied = (
        _denied_talks(plain_text, cue_category)
        or _answer(plain_text, plain_ctx)
        or _talks_denied_beside(plain_text, text_hits, norm_ctx, comp)
    )
    if denied is not None:
        result = denied
    elif topic == 0.0:
        result = _off_topic(text_hits)
    else:
        result = _weigh(text_hits, ctx_hits, topic, cue_category, lexicon)
    return LexiconReading(
        result=result,
        topic=topic,
        text_scores=_scores(text_hits),
        context_scores=_scores(ctx_hits),
        text_cues=tuple((h.label, h.cue.phrase) for h in text_hits),
        flipped=sum(1 for h in text_hits if h.label != h.cue.label),
    )


# "denied that talks were taking place", "denied reports that it is negotiating": a denial
# whose object is talks says there are none, which is not a refusal of the scheme.
_TALKS = re.compile(
    r"\b(?:talks|negotiat\w*|discussions|approached|request(?:ed)?|speculation|reports)\b"
)


# "Asked if formal talks had begun, he said: 'No, not yet.'": a bare "no" takes its meaning
# from the question the reporter gives; "no" to talks says there are none, "no" to hosting
# is a refusal.
_BARE_NO = re.compile(r"^\W*(?:no|not yet|not at all|never|absolutely not|of course not)\b")
_QUESTION = re.compile(r"\basked\b(?:\W+[\w'-]+){0,4}?\W+(?:if|whether)\b([^.;:!?]*)")
_BARE_NO_MAX_WORDS = 5


def _answer(plain_text: str, plain_context: str) -> StanceResult | None:
    if len(plain_text.split()) > _BARE_NO_MAX_WORDS or not _BARE_NO.search(plain_text):
        return None
    asked = _QUESTION.search(plain_context)
    if asked is None:
        return None
    if _TALKS.search(asked.group(1)):
        return StanceResult("no_talks", 0.6, f"answer: {plain_text.strip()[:40]}")
    return StanceResult("opposes", 0.6, f"answer: {plain_text.strip()[:40]}")


def _talks_denied_beside(
    plain_text: str, text_hits: list[_Hit], norm_context: str, comp: _Compiled
) -> StanceResult | None:
    """ "told SDK.mk that the British reports were for domestic political use and insisted no
    negotiations were under way": a claim about the talks, or the reports of them, that
    takes no position of its own, in a sentence that says there are no talks, is part of
    that denial."""
    if text_hits or not _TALKS.search(plain_text):
        return None
    denial = next((h for h in _hits(norm_context, comp) if h.label == "no_talks"), None)
    if denial is None:
        return None
    return StanceResult("no_talks", 0.5, f"sentence: {denial.cue.phrase}")


def _denied_talks(plain_text: str, cue_category: str) -> StanceResult | None:
    if cue_category != "denial":
        return None
    m = _TALKS.search(plain_text)
    return StanceResult("no_talks", 0.6, f"denial: {m.group()}") if m else None


def _weigh(
    text_hits: list[_Hit],
    ctx_hits: list[_Hit],
    topic: float,
    cue_category: str,
    lexicon: TopicLexicon,
) -> StanceResult:
    ctx_factor = CONTEXT_WEIGHT_BESIDE_TEXT_CUES if text_hits else CONTEXT_WEIGHT
    scores: dict[str, float] = {}
    best: dict[str, tuple[float, _Hit]] = {}
    for hit, factor in [(h, 1.0) for h in text_hits] + [(h, ctx_factor) for h in ctx_hits]:
        w = hit.weight * factor
        scores[hit.label] = scores.get(hit.label, 0.0) + w
        if hit.label not in best or w > best[hit.label][0]:
            best[hit.label] = (w, hit)
    # A condition in the claim itself ("ready to host it if London pays") outranks the
    # support or openness it qualifies; a passing "if" beside a run of commitments does
    # not, nor does a condition in the context.
    own = _scores(text_hits)
    positive = own.get("supports", 0.0) + own.get("open", 0.0)
    conditioned = 0 < positive <= 2 * own.get("conditional", 0.0)
    return _finish(scores, best, conditioned, topic, cue_category, lexicon)


def plain_topic_strength(plain_text: str, plain_context: str, lexicon: TopicLexicon) -> float:
    """0..1: 1.0 when the claim names the topic, less when only its sentence or a
    back-reference ("the scheme", "it") does. Takes :func:`normalise`d words, the context
    without the claim (:func:`context_without_text`)."""
    return _topic_strength(plain_text, plain_context, _compile(lexicon))


def context_without_text(plain_context: str, plain_text: str) -> str:
    """The context with the claim blanked out, cut at the end of the claim's sentence."""
    return _context_without_text(plain_context, plain_text)


def phrase_alternation(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    """One regex for lexicon phrases (the lexicon's syntax: '*' gaps, 'prefix*' words)."""
    return _alternation(phrases)


def _off_topic(text_hits: list[_Hit]) -> StanceResult:
    """No topic word in the claim or its context: neutral, unless a long specific cue, or
    several cues agreeing, speak ("enriches a historic friendship ... very important")."""
    totals: dict[str, float] = {}
    for h in text_hits:
        totals[h.label] = totals.get(h.label, 0.0) + h.weight
    strong = [h for h in text_hits if h.weight >= OFF_TOPIC_MIN_WEIGHT]
    agreeing = [lab for lab, total in totals.items() if total >= OFF_TOPIC_MIN_TOTAL]
    if not strong and not agreeing:
        return StanceResult("neutral", 0.2, "")
    label = max(totals, key=lambda lab: totals[lab])
    cue = max((h for h in text_hits if h.label == label), key=lambda h: h.weight).cue.phrase
    return StanceResult(label, OFF_TOPIC_MAX_CONFIDENCE, cue)


def _finish(
    scores: dict[str, float],
    best: dict[str, tuple[float, _Hit]],
    conditioned: bool,
    topic: float,
    cue_category: str,
    lexicon: TopicLexicon,
) -> StanceResult:
    if not scores:
        if topic >= 0.6 and cue_category == "denial":
            return StanceResult("opposes", 0.5 * topic, cue_category)
        if topic >= 0.6 and cue_category == "commitment":
            return StanceResult("supports", 0.5 * topic, cue_category)
        return StanceResult(lexicon.default_stance, 0.45 * topic, "")
    label = _decide(dict(scores), conditioned)
    deciding = best[label][1] if label in best else None
    cue = deciding.cue.phrase if deciding else ""
    negatable = deciding is None or deciding.cue.negatable
    if cue_category == "denial" and label in ("supports", "open") and negatable:
        # "ruled out being a host", "denied it would take part": the cue negates the content.
        return StanceResult("opposes", round(0.6 * max(topic, 0.6), 3), f"{cue_category}: {cue}")
    total = sum(scores.values())
    share = scores.get(label, 0.0) / total if total else 0.0
    confidence = max(topic, 0.5) * (0.5 + 0.45 * share)
    if cue_category == "commitment" and label == "supports":
        confidence = min(0.95, confidence + 0.1)
    return StanceResult(label, round(min(confidence, 0.95), 3), cue)
