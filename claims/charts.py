"""Geometry for the server-rendered SVG stance timeline.

Drawn on the server so the chart needs no JavaScript library, works without JS and is
readable by assistive technology (each mark is a link with a text label). The template only
places what this computes; no numbers are worked out in templates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from django.utils.dateformat import format as date_format
from django.utils.safestring import SafeString, mark_safe

from claims.models import Stance

WIDTH = 760
ROW = 34
LEFT = 120  # room for the stance labels
RIGHT = 16
TOP = 12
AXIS = 28
# Top to bottom, from most to least willing; neutral last because it carries no position.
STANCE_ROWS = [s.value for s in Stance]
STANCE_LABELS = dict(Stance.choices)


@dataclass(frozen=True)
class Mark:
    date: dt.date
    stance: str
    label: str  # what hover, focus and screen readers get
    url: str
    n: int = 1


@dataclass(frozen=True)
class ChangeMark:
    """A stance-change event: a flag across the chart on the day the stance changed."""

    date: dt.date
    stance: str  # the stance it changed to
    label: str
    url: str


def timeline(marks: list[Mark], *, changes: Sequence[ChangeMark] = ()) -> dict:
    """Place marks on a date axis (x) and a stance row (y); join stance changes with a step
    line, and flag each stance-change event (``changes``) in the dates shown."""
    height = TOP + ROW * len(STANCE_ROWS) + AXIS
    chart: dict = {
        "width": WIDTH,
        "height": height,
        "rows": [{"stance": s, "label": STANCE_LABELS[s], "y": _row_y(s)} for s in STANCE_ROWS],
        "marks": [],
        "marks_svg": "",
        "table_rows": "",
        "ticks": [],
        "step_path": "",
        "changes_svg": "",
        "axis_y": height - AXIS + 6,
        "plot_left": LEFT,
        "plot_right": WIDTH - RIGHT,
    }
    dated = sorted((m for m in marks if m.date), key=lambda m: m.date)
    if not dated:
        return chart
    start, end = dated[0].date, dated[-1].date
    span = max((end - start).days, 1)
    # Pad a single-day range so its marks sit mid-chart rather than on the edge.
    if start == end:
        start -= dt.timedelta(days=15)
        span = 30

    def x(d: dt.date) -> float:
        return round(LEFT + 10 + (d - start).days / span * (WIDTH - LEFT - RIGHT - 20), 1)

    chart["marks"] = [
        {
            "x": x(m.date),
            "y": _row_y(m.stance),
            "r": min(5 + (m.n - 1) * 1.5, 12),
            "stance": m.stance,
            "stance_label": STANCE_LABELS.get(m.stance, m.stance),
            "date": m.date,
            "label": m.label,
            "url": m.url,
        }
        for m in dated
    ]
    _spread(chart["marks"])
    chart["marks_svg"], chart["table_rows"] = _render_marks(chart["marks"])
    ticks = [(t, t.strftime("%b %Y")) for t in _month_ticks(start, end)]
    if not ticks:  # less than a month: label the first and last day instead
        ticks = [(d, f"{d.day} {d:%b %Y}") for d in sorted({dated[0].date, end})]
    chart["ticks"] = [{"x": x(t), "label": label} for t, label in ticks]
    shown = [c for c in changes if start <= c.date <= end]
    chart["changes_svg"] = _render_changes(shown, x, height - AXIS)
    chart["step_path"] = _step_path(
        [(x(m.date), _row_y(m.stance)) for m in dated if m.stance != "neutral"]
    )
    return chart


def _render_marks(marks: list[dict]) -> tuple[SafeString, SafeString]:
    """The marks as SVG links and as table rows, written here rather than in a template loop:
    a few hundred marks, each with several fields, cost tens of milliseconds as template
    lookups. Every text is escaped (labels quote untrusted articles); numbers are written
    with a dot whatever the locale, as SVG needs."""
    days: dict[dt.date, str] = {}
    svg, rows = [], []
    for m in marks:
        label, url, stance = escape(m["label"]), escape(m["url"]), escape(m["stance"])
        svg.append(
            f'<a href="{url}" class="mark" aria-label="{label}" data-label="{label}">'
            f'<title>{label}</title><circle cx="{m["x"]}" cy="{m["y"]}" r="{m["r"]}" '
            f'class="dot stance-{stance}"/></a>'
        )
        if m["date"] not in days:
            days[m["date"]] = escape(date_format(m["date"], "j M Y"))
        rows.append(
            f"<tr><td>{days[m['date']]}</td><td>{escape(m['stance_label'])}</td>"
            f'<td><a href="{url}">{label}</a></td></tr>'
        )
    # Escaped above, piece by piece.
    return mark_safe("\n".join(svg)), mark_safe("".join(rows))  # noqa: S308


def _render_changes(
    changes: list[ChangeMark], x: Callable[[dt.date], float], bottom: int
) -> SafeString:
    """Each change as a link: a dashed rule across the rows and a flag above them, placed
    behind the statement marks (drawn first) so it never covers one."""
    out = []
    for c in changes:
        label, url, stance = escape(c.label), escape(c.url), escape(c.stance)
        cx = x(c.date)
        out.append(
            f'<a href="{url}" class="mark change" aria-label="{label}" data-label="{label}">'
            f'<title>{label}</title><line x1="{cx}" x2="{cx}" y1="{TOP}" y2="{bottom}" '
            f'class="change-rule"/><path d="M{cx - 6},0H{cx + 6}L{cx},{TOP}Z" '
            f'class="change-flag stance-{stance}"/></a>'
        )
    return mark_safe("\n".join(out))  # noqa: S308 - escaped above, piece by piece


def _spread(marks: list[dict]) -> None:
    """Side by side, not on top of each other: same-day marks in one row would hide all but one."""
    groups: dict[tuple[float, int], list[dict]] = {}
    for m in marks:
        groups.setdefault((m["x"], m["y"]), []).append(m)
    for group in groups.values():
        step = 2 * max(m["r"] for m in group) + 1
        for i, m in enumerate(group):
            m["x"] = round(m["x"] + (i - (len(group) - 1) / 2) * step, 1)


def _row_y(stance: str) -> int:
    i = STANCE_ROWS.index(stance) if stance in STANCE_ROWS else len(STANCE_ROWS) - 1
    return TOP + ROW * i + ROW // 2


def _month_ticks(start: dt.date, end: dt.date, most: int = 8) -> list[dt.date]:
    months = []
    m = dt.date(start.year, start.month, 1)
    if m < start:
        m = _next_month(m)
    while m <= end:
        months.append(m)
        m = _next_month(m)
    step = max(1, -(-len(months) // most))
    return months[::step]


def _next_month(d: dt.date) -> dt.date:
    return dt.date(d.year + d.month // 12, d.month % 12 + 1, 1)


def _step_path(points: list[tuple[float, int]]) -> str:
    """Horizontal then vertical segments: a stance holds until the next statement changes it."""
    if len(points) < 2:
        return ""
    parts = [f"M{points[0][0]},{points[0][1]}"]
    for px, py in points[1:]:
        parts.append(f"H{px}V{py}")
    return " ".join(parts)
