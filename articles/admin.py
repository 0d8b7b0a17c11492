"""The Article admin is registered by claims.article_admin: its actions re-run extraction,
and `articles` imports nothing of `claims`."""
