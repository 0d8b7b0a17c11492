"""The articles app stands alone: it imports nothing of claims, so it can be read, tested
and run as a worker task on its own; claims.pipeline_runs joins the two."""

from __future__ import annotations

import ast
from pathlib import Path

import articles

ARTICLES = Path(articles.__file__).parent


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_no_articles_module_imports_claims():
    offenders = {
        str(path.relative_to(ARTICLES)): sorted(
            m for m in imported_modules(path) if m.startswith("claims")
        )
        for path in ARTICLES.rglob("*.py")
        if "migrations" not in path.parts
    }
    assert {name: mods for name, mods in offenders.items() if mods} == {}
