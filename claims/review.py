"""The review queue at /review/: unverified statements, one at a time, for the Admins group.

Every action is one POST (htmx swaps the #queue fragment; without JavaScript the form posts
and the page reloads), carries an optional reason, and leaves the next statement in view
with an undo for the last action. Writes go through claims.review_services.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect

from claims import review_queue, review_services, review_spans
from claims.models import Appearance, Speaker, Stance, Statement
from claims.nlp.types import SPEAKER_KINDS
from claims.review_models import ReviewAction

ADMINS = "Admins"
TEMPLATE = "review/queue.html"
CONTEXT_MAX = 1200  # characters of paragraph shown on each side of a long quote


def is_reviewer(user) -> bool:
    return user.is_active and (user.is_superuser or user.groups.filter(name=ADMINS).exists())


def admins_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Anonymous visitors go to the login page; signed-in users outside Admins get 403."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            if request.htmx:
                current = request.htmx.current_url_abs_path or reverse("review:queue")
                return HttpResponseClientRedirect(redirect_to_login(current).url)
            return redirect_to_login(request.get_full_path())
        if not is_reviewer(request.user):
            raise PermissionDenied("The review queue is for the Admins group.")
        return view(request, *args, **kwargs)

    return wrapper


@dataclass(frozen=True)
class Context:
    """The paragraph around the quote, split so the template escapes each part."""

    before: str
    quote: str
    after: str


def paragraph_context(appearance: Appearance | None) -> Context | None:
    if appearance is None:
        return None
    body = appearance.article.body
    start, end = review_spans.paragraph_bounds(body, appearance.start, appearance.end)
    before = body[max(start, appearance.start - CONTEXT_MAX) : appearance.start]
    after = body[appearance.end : min(end, appearance.end + CONTEXT_MAX)]
    return Context(before, body[appearance.start : appearance.end], after)


def speaker_kind(statement: Statement) -> str:
    """The kind of speaker, where the statement or speaker records one."""
    kind = getattr(statement, "speaker_kind", "") or getattr(statement.speaker, "speaker_kind", "")
    return SPEAKER_KINDS.get(kind, kind or "")


def position(request: HttpRequest) -> int:
    try:
        return max(int(request.GET.get("pos", request.POST.get("pos", 0))), 0)
    except ValueError:
        return 0


def queue_context(request: HttpRequest, pos: int, **extra) -> dict:
    """The item at ``pos`` (or the statement ``extra['focus']``), with what to judge it by."""
    focus = extra.pop("focus", None)
    items = review_queue.queue_items(pos, 1)
    item = items[0] if items else None
    if focus is not None and focus.review == Statement.Review.MACHINE:
        changes = review_queue.unverified().filter(review_queue.changes_current_stance())
        item = review_queue.QueueItem(focus, changes.filter(pk=focus.pk).exists())
    statement = item.statement if item else None
    size, more = review_queue.queue_size()
    appearance = review_queue.shown_appearance(statement) if statement else None
    return {
        "item": item,
        "statement": statement,
        "appearance": appearance,
        "context": paragraph_context(appearance),
        "speaker_kind": speaker_kind(statement) if statement else "",
        "pos": pos,
        "size": size,
        "more": more,
        "stances": Stance.choices,
        "moves": SPAN_MOVES,
        "undo": review_services.last_action(user=request.user),
        **extra,
    }


SPAN_MOVES = [
    ("sentence", "Widen to the sentence"),
    ("first-sentence", "Narrow to the first sentence"),
    ("quote", "Widen to the whole quote"),
    ("inside-quotes", "Narrow to the quoted words"),
]


def respond(request: HttpRequest, context: dict, status: int = 200) -> HttpResponse:
    template = TEMPLATE
    if request.htmx and not request.htmx.history_restore_request:
        template = f"{TEMPLATE}#queue"
    return render(request, template, context, status=status)


@admins_only
@require_GET
@vary_on_headers("HX-Request")
def queue(request: HttpRequest) -> HttpResponse:
    # An action sent as a plain form (no JavaScript, or a button pressed before htmx had
    # wired it) redirects here; its notice comes along as a message.
    notice = " ".join(str(m) for m in messages.get_messages(request))
    return respond(request, queue_context(request, position(request), notice=notice))


# --------------------------------------------------------------------------- actions


class ActionError(ValueError):
    """A request the reviewer can fix: shown with the item, nothing changed."""


def find_speaker(value: str) -> Speaker:
    """The speaker typed or picked: a slug, a name or an alias, exactly (case aside)."""
    value = value.strip()
    found = (
        Speaker.objects.filter(Q(slug=value) | Q(name__iexact=value)).order_by("-name").first()
    ) or Speaker.objects.filter(aliases__alias__iexact=value).first()
    if found is None:
        raise ActionError(f"No speaker is called “{value}”: pick one from the suggestions.")
    return found


def _verify(request: HttpRequest, statement: Statement, reason: str) -> ReviewAction:
    return review_services.verify(statement=statement, user=request.user, reason=reason)


def _reject(request: HttpRequest, statement: Statement, reason: str) -> ReviewAction:
    return review_services.reject(statement=statement, user=request.user, reason=reason)


def _speaker(request: HttpRequest, statement: Statement, reason: str) -> ReviewAction:
    speaker = find_speaker(request.POST.get("speaker", ""))
    return review_services.set_speaker(
        statement=statement, speaker=speaker, user=request.user, reason=reason
    )


def _stance(request: HttpRequest, statement: Statement, reason: str) -> ReviewAction:
    stance = request.POST.get("stance", "")
    if stance not in Stance.values:
        raise ActionError("Choose a stance from the list.")
    return review_services.set_stance(
        statement=statement, stance=stance, user=request.user, reason=reason
    )


def _span(request: HttpRequest, statement: Statement, reason: str) -> ReviewAction:
    appearance = review_queue.shown_appearance(statement)
    if appearance is None:
        raise ActionError("This statement has no article to take a span from.")
    try:
        return review_services.correct_span(
            statement=statement,
            appearance=appearance,
            move=request.POST.get("move", ""),
            text=request.POST.get("text", ""),
            user=request.user,
            reason=reason,
        )
    except review_services.SpanError as exc:
        raise ActionError(str(exc)) from exc


ACTIONS = {
    "verify": _verify,
    "reject": _reject,
    "speaker": _speaker,
    "stance": _stance,
    "span": _span,
}


@admins_only
@require_POST
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    statement = get_object_or_404(Statement.objects.select_related("speaker"), pk=pk)
    pos = position(request)
    reason = request.POST.get("reason", "").strip()
    try:
        done = ACTIONS[action](request, statement, reason)
    except ActionError as exc:
        context = queue_context(request, pos, error=str(exc), focus=statement)
        return respond(request, context, status=200 if request.htmx else 400)
    notice = f"{done.get_kind_display()}: statement {statement.pk}."
    if not request.htmx:
        messages.info(request, notice + (f" Reason: “{done.reason}”." if done.reason else ""))
        return redirect(f"{reverse('review:queue')}?pos={pos}")
    return respond(request, queue_context(request, pos, notice=notice, done=done))


@admins_only
@require_POST
def undo(request: HttpRequest) -> HttpResponse:
    pos = position(request)
    action = review_services.undo_last(user=request.user, reason=request.POST.get("reason", ""))
    notice = (
        f"Undone: {action.get_kind_display().lower()} of statement {action.statement_id}."
        if action is not None
        else "Nothing to undo."
    )
    if not request.htmx:
        messages.info(request, notice)
        return redirect(f"{reverse('review:queue')}?pos={pos}")
    if action is None:
        return respond(request, queue_context(request, pos, notice=notice))
    statement = Statement.objects.select_related("speaker").get(pk=action.statement_id)
    return respond(request, queue_context(request, pos, notice=notice, focus=statement))
