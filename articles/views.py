"""Article pages live in claims.article_views (they show claims)."""
