"""Review-queue writes: verify, reject, fix the speaker, stance or span, and undo.

Keyword-only and atomic, like claims.services (whose verify/reject/mark_corrected they
call). Each one also

* writes the statement's machine state into its history before the first human change
  (machine rows are bulk-inserted without history, so the first correction would
  otherwise have no "before"),
* passes the reviewer's reason to django-simple-history (``history_change_reason``),
* keeps a ReviewAction holding what it replaced, so the reviewer can undo it.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone

from claims import review_spans, services
from claims.models import Appearance, Speaker, Stance, Statement
from claims.review_models import ReviewAction

logger = logging.getLogger(__name__)

BASELINE_REASON = "machine extraction (recorded at the first human change)"
# The statement fields a review action may change, and so what undo puts back.
REVIEWED_FIELDS = (
    "review",
    "reviewed_by_id",
    "reviewed_at",
    "speaker_id",
    "speaker_country_id",
    "stance",
    "text",
)
SPAN_FIELDS = ("start", "end", "raw_start", "raw_end", "text")


class SpanError(ValueError):
    """A span fix that does not land on the article's own words."""


# --------------------------------------------------------------------------- history


def record_baseline(*, statement: Statement) -> bool:
    """Write the statement's stored (machine) state as a history record, unless its latest
    history record already holds exactly that. True when a record was written.

    Call before changing anything: extraction writes statements with bulk_create and
    bulk_update, which record no history, so without this the first correction's history
    row would be the only one, with nothing to compare it with.
    """
    stored = Statement.objects.filter(pk=statement.pk).first()
    if stored is None:
        return False
    historical = Statement.history.model
    latest = Statement.history.filter(id=statement.pk).order_by("-history_date", "-pk").first()
    compared = [f.attname for f in historical.tracked_fields if f.attname != "updated_at"]
    if latest is not None and all(
        getattr(latest, name) == getattr(stored, name) for name in compared
    ):
        return False
    stored._history_user = None  # the machine's state, whoever is asking
    Statement.history.bulk_history_create(
        [stored], default_change_reason=BASELINE_REASON, default_date=stored.updated_at
    )
    return True


def _snapshot(statement: Statement, appearance: Appearance | None = None) -> dict:
    before = {name: _json(getattr(statement, name)) for name in REVIEWED_FIELDS}
    if appearance is not None:
        span = {f: getattr(appearance, f) for f in SPAN_FIELDS}
        before["appearance"] = {"id": appearance.pk, **span}
    return before


def _json(value):
    return value.isoformat() if isinstance(value, dt.datetime) else value


def _begin(statement: Statement, reason: str, user) -> None:
    record_baseline(statement=statement)
    _sign(statement, reason, user)


def _sign(statement: Statement, reason: str, user) -> None:
    """Who and why, for the history record the next save writes (outside a request too)."""
    statement._change_reason = reason[:100]
    if getattr(user, "is_authenticated", False):
        statement._history_user = user


def _act(kind: str, statement: Statement, user, reason: str, before: dict) -> ReviewAction:
    return ReviewAction.objects.create(
        statement=statement,
        user=user if getattr(user, "is_authenticated", False) else None,
        kind=kind,
        reason=reason[:300],
        before=before,
    )


# --------------------------------------------------------------------------- actions


@transaction.atomic
def verify(*, statement: Statement, user=None, reason: str = "") -> ReviewAction:
    """The machine's statement is right as it stands."""
    before = _snapshot(statement)
    _begin(statement, reason or "verified", user)
    services.verify_statement(statement=statement, user=user)
    return _act(ReviewAction.Kind.VERIFY, statement, user, reason, before)


@transaction.atomic
def reject(*, statement: Statement, user=None, reason: str = "") -> ReviewAction:
    """Not a claim: hidden everywhere and never extracted again (the durable removal)."""
    before = _snapshot(statement)
    _begin(statement, reason or "rejected: not a claim", user)
    services.reject_statement(statement=statement, user=user)
    return _act(ReviewAction.Kind.REJECT, statement, user, reason, before)


@transaction.atomic
def set_speaker(
    *, statement: Statement, speaker: Speaker, user=None, reason: str = ""
) -> ReviewAction:
    """Someone else said it. The statement speaks for the new speaker's country when the
    registry knows it, since "speaking for" follows the person."""
    before = _snapshot(statement)
    _begin(statement, reason or f"speaker set to {speaker.name}", user)
    statement.speaker = speaker
    if speaker.country_id:
        statement.speaker_country_id = speaker.country_id
    services.mark_corrected(statement=statement, user=user)
    return _act(ReviewAction.Kind.SPEAKER, statement, user, reason, before)


@transaction.atomic
def set_stance(*, statement: Statement, stance: str, user=None, reason: str = "") -> ReviewAction:
    if stance not in Stance.values:
        raise ValueError(f"Unknown stance {stance!r}: expected one of {', '.join(Stance.values)}.")
    before = _snapshot(statement)
    _begin(statement, reason or f"stance set to {stance}", user)
    statement.stance = stance
    services.mark_corrected(statement=statement, user=user)
    return _act(ReviewAction.Kind.STANCE, statement, user, reason, before)


@transaction.atomic
def correct_span(
    *,
    statement: Statement,
    appearance: Appearance,
    move: str = "",
    text: str = "",
    user=None,
    reason: str = "",
) -> ReviewAction:
    """Move the quote's span in one article: to sentence or quote bounds (``move``, one of
    review_spans.MOVES; it wins when both are given), or to ``text``, which must occur
    verbatim in the article body (the occurrence nearest the old span is taken). The
    statement's text follows; its key does not, so later copies of the machine's words
    still land on this statement.
    """
    body = appearance.article.body
    start, end = _new_span(body, appearance, move, text)
    if not body[start:end].strip():
        raise SpanError("The corrected span is empty.")
    before = _snapshot(statement, appearance)
    _begin(statement, reason or "span corrected", user)
    _place(appearance, start, end)
    statement.text = appearance.text
    services.mark_corrected(statement=statement, user=user)
    return _act(ReviewAction.Kind.SPAN, statement, user, reason, before)


def _new_span(body: str, appearance: Appearance, move: str, text: str) -> tuple[int, int]:
    # A move wins: the form always carries the text box, filled with the current words.
    if move:
        if move not in review_spans.MOVES:
            raise SpanError(f"Unknown span move {move!r}.")
        return review_spans.MOVES[move](body, appearance.start, appearance.end)
    if text.strip():
        text = text.strip()
        found = review_spans.find_verbatim(body, text, appearance.start)
        if found is None:
            raise SpanError(
                "That text does not occur word for word in the article; "
                "copy it from the paragraph shown."
            )
        return found, found + len(text)
    raise SpanError("Choose a move or give the words.")


def _place(appearance: Appearance, start: int, end: int) -> None:
    appearance.start, appearance.end = start, end
    appearance.text = appearance.article.body[start:end]
    appearance.raw_start, appearance.raw_end = appearance.article.raw_span(start, end)
    appearance.save(update_fields=list(SPAN_FIELDS))


# --------------------------------------------------------------------------- undo


def last_action(*, user) -> ReviewAction | None:
    """The user's latest action that can still be undone."""
    return (
        ReviewAction.objects.filter(user=user, undone_at__isnull=True)
        .select_related("statement")
        .first()
    )


@transaction.atomic
def undo_last(*, user, reason: str = "") -> ReviewAction | None:
    """Put back what the user's latest review action replaced; None when there is none.

    The statement's history gets a record of its own for the undo (nothing is erased), and
    a statement that goes back to "machine" is again the extractor's to replace.
    """
    action = last_action(user=user)
    if action is None:
        return None
    statement = Statement.objects.select_for_update().get(pk=action.statement_id)
    before = dict(action.before)
    span = before.pop("appearance", None)
    for name, value in before.items():
        setattr(statement, name, value)
    _sign(statement, reason or f"undo: {action.get_kind_display().lower()}", user)
    statement.save()
    if span is not None:
        Appearance.objects.filter(pk=span.pop("id")).update(**span)
    action.undone_at = timezone.now()
    action.save(update_fields=["undone_at"])
    logger.info("review action %s on statement %s undone", action.kind, statement.pk)
    return action


# --------------------------------------------------------------------------- reading history

# Fields a reader cares to see change; bookkeeping (timestamps, reviewer ids) is left out.
SHOWN_FIELDS = {
    "text": "Text",
    "speaker": "Speaker",
    "speaker_role": "Role",
    "speaker_country": "Speaking for",
    "stance": "Stance",
    "kind": "Kind",
    "date_said": "Date said",
    "review": "Review",
}


def human_changes(*, statement: Statement, limit: int = 5) -> list[dict]:
    """The latest ``limit`` changes people made, newest first: who, when, why, and each
    shown field's value before and after. One query."""
    records = list(
        Statement.history.filter(id=statement.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[: limit + 1]
    )
    changes = []
    for newer, older in zip(records, records[1:], strict=False):
        if newer.history_change_reason == BASELINE_REASON:
            continue
        delta = newer.diff_against(older, included_fields=list(SHOWN_FIELDS))
        changes.append(
            {
                "date": newer.history_date,
                "user": newer.history_user,
                "reason": newer.history_change_reason or "",
                "fields": [
                    {
                        "label": SHOWN_FIELDS[c.field],
                        "old": _shown(statement, c.field, c.old),
                        "new": _shown(statement, c.field, c.new),
                    }
                    for c in delta.changes
                ],
            }
        )
    return changes[:limit]


def _shown(statement: Statement, field: str, value) -> str:
    """A value as readers know it: labels for choices, names for speakers and countries."""
    if value is None or value == "":
        return "—"
    model_field = Statement._meta.get_field(field)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation:
        obj = model_field.related_model._default_manager.filter(pk=value).first()
        return str(obj) if obj is not None else f"#{value} (gone)"
    return str(value)
