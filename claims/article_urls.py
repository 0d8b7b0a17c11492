from django.urls import path

from claims import article_views as views
from claims import index_views

app_name = "articles"
urlpatterns = [
    path("", index_views.articles, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/raw/", views.raw, name="raw"),
    path("<int:pk>/page/", views.page, name="page"),
]
