"""Map positions in a cleaned body back to the raw text it was cut from.

The offset map is a list of `[body_start, raw_start, length]` segments in body order; each
segment is a verbatim run of the raw text. Characters between segments (paragraph joiners)
have no raw counterpart, so a start position there snaps forward to the next segment and an
end position snaps back to the previous one: a mapped span never includes a joiner's gap.
"""

from __future__ import annotations

from bisect import bisect_right


def body_to_raw(offset_map: list[list[int]], pos: int, end: bool = False) -> int:
    """Raw offset of body position `pos`; with `end=True`, `pos` is an exclusive span end."""
    if not offset_map:
        return pos
    starts = [segment[0] for segment in offset_map]
    # For an end position the character that matters is the one before it.
    probe = pos - 1 if end else pos
    i = bisect_right(starts, probe) - 1
    if i < 0:
        return offset_map[0][1]
    body_start, raw_start, length = offset_map[i]
    offset = probe - body_start
    if offset < length:
        return raw_start + offset + (1 if end else 0)
    # In a joiner gap: end snaps back to this segment's end, start forward to the next.
    if end or i + 1 == len(offset_map):
        return raw_start + length
    return offset_map[i + 1][1]
