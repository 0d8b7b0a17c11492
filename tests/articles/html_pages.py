"""Saved news pages made from plain-text articles, for the HTML ingest tests.

`saved_page(text, site=...)` wraps a news file (``URL:``/``DATE:`` header lines, then the
story) in the chrome a browser's "Save page as" keeps: a navigation bar, a cookie banner,
JSON-LD NewsArticle metadata (headline, datePublished, author, publisher), a canonical link,
a byline, related links that quote other (made-up) people, and a footer. The story's lines
become paragraphs verbatim, so the page and the file hold the same words.

Run as a script to write pages for a folder of .txt files:
    python -m tests.articles.html_pages SRC_DIR OUT_DIR
"""

from __future__ import annotations

import html
import json
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

from articles.cleaning import clean_body, header_field, split_lines
from articles.dates import date_at_start
from articles.outlets import outlet_from_url

# "Keir Starmer", "Edi Rama": news sites link people's names to topic pages.
NAME = re.compile(r"\b[A-Z][a-z]+ [A-Z][a-z]+\b")
# Teasers for other stories, quoting people who are not in the article: an extractor that
# reads the chrome would attribute these.
RELATED = [
    "\u2018We will not be intimidated,\u2019 says harbour mayor Anna Kovacs",
    "Union leader Tom Brandt: \u201cThe strike goes ahead on Monday\u201d",
    "\u201cPrices will fall by spring,\u201d central bank chief Lena Morel insists",
]


def _story(text: str) -> tuple[dict[str, str], list[str]]:
    """Header fields ("url", "date") and the story's lines, headline first when it has one."""
    lines = [line.text for line in split_lines(text)]
    header: dict[str, str] = {}
    while lines and (found := header_field(lines[0])):
        header.setdefault(found[0], found[1])
        lines.pop(0)
    return header, lines


def _date(header: dict[str, str]) -> str:
    """The ISO date of the first dated header line ("DATE: 2024-04-22", "Published: …")."""
    for key, value in header.items():
        if key not in ("url", "link", "title", "source") and (found := date_at_start(value)):
            return found[0].isoformat()
    return ""


def _paragraph(text: str) -> str:
    """One paragraph of markup, its first person-like name linked as news sites do (within
    prose: a paragraph that is one link is navigation, and extractors rightly drop it)."""
    escaped = html.escape(text, quote=False)
    if len(text.split()) < 8:
        return escaped
    return NAME.sub(
        lambda m: f'<a href="/topic/{m[0].lower().replace(" ", "-")}">{m[0]}</a>', escaped, count=1
    )


def _headline(lines: list[str], url: str) -> tuple[str, list[str]]:
    """The story's own headline line (taken out of the body), else one made from the URL."""
    headline = clean_body("\n\n".join(lines)).headline
    if headline and lines and lines[0] == headline:
        return headline, lines[1:]
    slug = urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1].split("_")[0].replace("-", " ")
    return slug[:1].upper() + slug[1:], lines


def json_ld(*, headline: str, url: str, date: str, site: str) -> str:
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": headline,
        "mainEntityOfPage": url,
    }
    if not headline:
        del data["headline"]
    if site:  # a page with no known outlet names none, and ingest falls back on the text
        data["author"] = [{"@type": "Person", "name": f"{site} Newsroom"}]
        data["publisher"] = {"@type": "Organization", "name": site}
    if date:
        data["datePublished"] = f"{date}T09:30:00+00:00"
    return json.dumps(data, ensure_ascii=False, indent=2)


def saved_page(text: str, *, site: str = "") -> str:
    """An HTML page carrying the story of news file `text`, wrapped in page chrome."""
    header, lines = _story(text)
    url, date = header.get("url", ""), _date(header)
    site = site or outlet_from_url(url)[0]
    headline, paragraphs = _headline(lines, url)
    e = html.escape
    body = "\n".join(f"        <p>{_paragraph(p)}</p>" for p in paragraphs)
    related = "\n".join(
        f'        <li><a href="/news/{i}">{e(t)}</a></li>' for i, t in enumerate(RELATED)
    )
    canonical = f'  <link rel="canonical" href="{e(url)}">\n' if url else ""
    when = f'<time datetime="{e(date)}">{e(date)}</time>' if date else ""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{e(headline + " | " if headline else "")}{e(site or "News")}</title>
{canonical}  <meta name="viewport" content="width=device-width, initial-scale=1">
  <script type="application/ld+json">
{json_ld(headline=headline, url=url, date=date, site=site)}
  </script>
  <script>window.dataLayer = window.dataLayer || []; dataLayer.push({{"page": "article"}});</script>
</head>
<body>
  <div id="cookie-banner" class="cookie-consent">
    <p>We use cookies to give you the best experience on our website. By continuing to browse
    you agree to our use of cookies. Read our cookie policy to find out more.</p>
    <button>Accept all</button> <button>Manage preferences</button>
  </div>
  <header class="site-header">
    <a class="logo" href="/">{e(site or "News")}</a>
    <nav>
      <ul>
        <li><a href="/news">News</a></li>
        <li><a href="/politics">Politics</a></li>
        <li><a href="/world">World</a></li>
        <li><a href="/business">Business</a></li>
        <li><a href="/opinion">Opinion</a></li>
      </ul>
    </nav>
  </header>
  <main>
    <article>
      {f"<h1>{e(headline)}</h1>" if headline else ""}
      <p class="byline">By {e(site or "our")} Newsroom {when}</p>
      <div class="article-body">
{body}
      </div>
      <div class="share">Share this article: <a href="#">Facebook</a> <a href="#">X</a></div>
    </article>
    <aside class="related">
      <h2>Related stories</h2>
      <ul>
{related}
      </ul>
    </aside>
  </main>
  <footer>
    <p>&copy; {e(site or "News")}. All rights reserved.
      <a href="/privacy">Privacy</a> <a href="/terms">Terms</a></p>
  </footer>
</body>
</html>
"""


def main(source: str, target: str) -> None:
    out = Path(target)
    out.mkdir(parents=True, exist_ok=True)
    for path in sorted(Path(source).glob("*.txt")):
        page = saved_page(path.read_text(encoding="utf-8"))
        (out / f"{path.stem}.html").write_text(page, encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:3])
