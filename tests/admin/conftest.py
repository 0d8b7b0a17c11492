"""Admin test helpers: read a rendered admin form back as POST data, as a browser would."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest


class _FormFields(HTMLParser):
    """Collects what a browser would submit from the page's main form."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs) -> None:
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in {"submit", "button", "file"}:
            if a.get("type") in {"checkbox", "radio"} and "checked" not in a:
                return
            default = "on" if a.get("type") == "checkbox" else ""
            self.data.setdefault(name, []).append(a.get("value", default) or "")
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select].append(a.get("value") or "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = [""]

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.data[self._textarea][0] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            # Browsers drop the newline that follows <textarea>.
            value = self.data[self._textarea][0]
            self.data[self._textarea][0] = value[1:] if value.startswith("\n") else value
            self._textarea = None


def form_data(html: str, **overrides) -> dict:
    """The change form's current values (minus the search box), with ``overrides`` applied."""
    parser = _FormFields()
    parser.feed(html)
    data = {k: v if len(v) != 1 else v[0] for k, v in parser.data.items()}
    data.pop("q", None)
    data.update(overrides)
    return data


@pytest.fixture
def edit(admin_client):
    """POST a change form as the admin would after changing the given fields."""

    def submit(url: str, **changes):
        page = admin_client.get(url)
        assert page.status_code == 200
        return admin_client.post(url, form_data(page.content.decode(), **changes))

    return submit
