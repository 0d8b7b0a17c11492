from django.contrib import admin
from django.urls import include, path

from claims.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("articles/", include("claims.article_urls")),
    path("review/", include("claims.review_urls")),
    path("api/v1/", api.urls),
    path("", include("claims.urls")),
]
