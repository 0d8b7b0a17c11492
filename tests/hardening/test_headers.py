"""CSP and Permissions-Policy on every page, and pages that need nothing the CSP forbids."""

import re

import pytest
from django.urls import reverse

INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style> element"),
    (re.compile(r"\sstyle=", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "event-handler attribute"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def pages(story) -> list[str]:
    return [
        reverse("claims:overview"),
        reverse("claims:country", args=["kosovo"]),
        reverse("claims:statement_list") + "?q=return+hubs",
        reverse("claims:statement", args=[story["open"].pk]),
        reverse("claims:speaker", args=[story["osmani"].slug]),
        reverse("articles:detail", args=[story["may"].pk]),
        reverse("login"),
    ]


@pytest.mark.django_db
def test_every_page_has_a_strict_csp_and_a_permissions_policy(reader, story):
    for url in pages(story):
        response = reader.get(url)
        csp = response["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "style-src 'self'" in csp, url
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, url
        assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp, url
        assert "camera=()" in response["Permissions-Policy"], url
        assert "geolocation=()" in response["Permissions-Policy"], url


@pytest.mark.django_db
def test_pages_carry_no_inline_script_or_style_the_csp_would_block(reader, story):
    for url in pages(story):
        html = reader.get(url).content.decode()
        for pattern, what in INLINE:
            assert not pattern.search(html), f"{url} has an {what}: {pattern.search(html)}"


@pytest.mark.django_db
def test_htmx_is_told_not_to_inject_its_indicator_style(reader, story):
    html = reader.get(reverse("claims:overview")).content.decode()
    assert '"includeIndicatorStyles": false' in html
    assert "/static/django_htmx/htmx" in html


def test_error_pages_render_without_inline_style():
    from django.template import loader

    for name in ("500.html", "503.html"):
        html = loader.get_template(name).render()
        assert "<style" not in html and "/static/css/claimtrack.css" in html


@pytest.mark.django_db
def test_the_admin_login_has_the_same_headers(client):
    response = client.get(reverse("admin:login"))
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "microphone=()" in response["Permissions-Policy"]
